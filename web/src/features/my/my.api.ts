// React Query hooks of the teacher's own pages (trainings, enrolment, attendance, leave, check-in,
// certificates), the in-app notifications and the training statistics.
import type {
  Certificate,
  CheckinResult,
  EnrolResult,
  LeaveRequest,
  MyAttendance,
  MyTodo,
  MyTraining,
  OpenProject,
  StatsBreakdown,
  StatsBreakdownBy,
  StatsSummary,
} from '@shixun/common';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { downloadUrl, http } from '../../lib/http';

export interface ListResult<T> {
  items: T[];
  total: number;
}

export const myKeys = {
  all: ['my'] as const,
  trainings: ['my', 'trainings'] as const,
  open: (page: number) => ['my', 'open', page] as const,
  attendance: (projectId: number) => ['my', 'attendance', projectId] as const,
  certificates: (page: number) => ['my', 'certificates', page] as const,
};

// ---------- my trainings ----------

/** A teacher has tens of trainings, rarely more: pages of 100, loaded on demand. */
const TRAININGS_PAGE = 100;

export function useMyTrainings() {
  return useInfiniteQuery({
    queryKey: myKeys.trainings,
    queryFn: ({ pageParam }) =>
      http.get<ListResult<MyTraining>>('/api/me/trainings', { page: pageParam, pageSize: TRAININGS_PAGE }),
    initialPageParam: 1,
    getNextPageParam: (last, pages) => (pages.length * TRAININGS_PAGE < last.total ? pages.length + 1 : undefined),
  });
}

export function useOpenProjects(page: number, pageSize = 10) {
  return useQuery({
    queryKey: myKeys.open(page),
    queryFn: () => http.get<ListResult<OpenProject>>('/api/me/open-projects', { page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

/** Enrolling or withdrawing changes both lists (and the places counts of the open projects). */
function useInvalidateMine() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: myKeys.trainings }),
      qc.invalidateQueries({ queryKey: ['my', 'open'] }),
    ]);
}

export function useEnrol() {
  const invalidate = useInvalidateMine();
  return useMutation({
    mutationFn: (projectId: number) => http.post<EnrolResult>(`/api/projects/${projectId}/enrol`),
    onSuccess: invalidate,
  });
}

export function useWithdraw() {
  const invalidate = useInvalidateMine();
  return useMutation({
    mutationFn: (projectId: number) => http.post(`/api/projects/${projectId}/withdraw`, {}),
    onSuccess: invalidate,
  });
}

// ---------- attendance and leave ----------

export function useMyAttendance(projectId: number, enabled: boolean) {
  return useQuery({
    queryKey: myKeys.attendance(projectId),
    queryFn: () => http.get<MyAttendance>('/api/me/attendance', { projectId, pageSize: 200 }),
    enabled,
  });
}

export function useRequestLeave(projectId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ sessionId, reason }: { sessionId: number; reason: string }) =>
      http.post<LeaveRequest>(`/api/sessions/${sessionId}/leave`, { reason }),
    onSuccess: () => qc.invalidateQueries({ queryKey: myKeys.attendance(projectId) }),
  });
}

export function useCheckin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { sessionId: number; token: string }) => http.post<CheckinResult>('/api/checkin', body),
    onSuccess: (r) => qc.invalidateQueries({ queryKey: myKeys.attendance(r.projectId) }),
  });
}

// ---------- certificates ----------

export function useMyCertificates(page: number, pageSize: number) {
  return useQuery({
    queryKey: myKeys.certificates(page),
    queryFn: () => http.get<ListResult<Certificate>>('/api/me/certificates', { page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export const certificatePdfUrl = (number: string) => `/api/certificates/${encodeURIComponent(number)}/pdf`;
export const certificatePrintPath = (number: string) => `/certificates/${encodeURIComponent(number)}/print`;

// ---------- notifications ----------

export interface Notification {
  id: number;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

export interface NotificationList extends ListResult<Notification> {
  /** Every unread message of the user, whatever the page. */
  unread: number;
}

export const notificationKeys = {
  all: ['notifications'] as const,
  list: (p: { unread: boolean; page: number; pageSize: number }) => ['notifications', 'list', p] as const,
};

export function useNotifications(
  p: { unread: boolean; page: number; pageSize: number },
  opts: { refetchInterval?: number } = {},
) {
  return useQuery({
    queryKey: notificationKeys.list(p),
    queryFn: () =>
      http.get<NotificationList>('/api/notifications', {
        unread: p.unread ? 'true' : undefined,
        page: p.page,
        pageSize: p.pageSize,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: opts.refetchInterval,
  });
}

/** ids, or 'all'; the bell and the page share the cache, so both refresh. */
export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids: number[] | 'all') =>
      http.post('/api/notifications/read', ids === 'all' ? { all: true } : { ids }),
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

// ---------- statistics ----------

export interface StatsScope {
  year: number;
  areaId?: number;
  schoolId?: number;
}

export function useStatsSummary(s: StatsScope) {
  return useQuery({
    queryKey: ['stats', 'summary', s],
    queryFn: () => http.get<StatsSummary>('/api/stats/summary', { ...s }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export interface BreakdownParams {
  year: number;
  by: StatsBreakdownBy;
  areaId?: number;
}

export function useStatsBreakdown(p: BreakdownParams, enabled = true) {
  return useQuery({
    queryKey: ['stats', 'breakdown', p],
    queryFn: () => http.get<StatsBreakdown>('/api/stats/breakdown', { ...p }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    enabled,
  });
}

export function exportBreakdown(p: BreakdownParams) {
  downloadUrl('/api/stats/breakdown/export', { ...p });
}

// ---------- what to do next ----------

/** GET /api/me/todo: today's sessions (check-in state) and the report-backs still owed. */
export function useMyTodo() {
  return useQuery({
    queryKey: ['my', 'todo'] as const,
    queryFn: () => http.get<MyTodo>('/api/me/todo'),
    // Check-in windows open and close through the day.
    refetchInterval: 60_000,
  });
}
