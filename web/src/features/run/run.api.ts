// React Query hooks of running a training (docs/api.md: attendance, assessment, certificates):
// the QR screen, attendance and leave, assessment and completion, certificates and verification.
import type {
  AssessmentSettings,
  AssessmentUpdateBody,
  AssessmentUpdateResult,
  AttendanceMarksBody,
  Certificate,
  CertificateDetail,
  CertificateVerification,
  CompletionResult,
  ImportMapping,
  ImportResult,
  LeaveRequest,
  LeaveStatus,
  PlanCalendar,
  ProjectAssessment,
  ProjectAttendance,
  ProjectDetail,
  ProjectListItem,
  SessionAttendance,
  SessionQr,
  Trainer,
} from '@shixun/common';
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, downloadUrl, http } from '../../lib/http';

export interface ListResult<T> {
  items: T[];
  total: number;
}

export type SessionFilter = 'present' | 'late' | 'absent' | 'leave' | 'none' | 'absentees';

export const runKeys = {
  all: ['run'] as const,
  /** The project detail under the plan feature's own key: one request, one cache entry for both. */
  project: (id: number) => ['projects', 'detail', id] as const,
  sessionAll: (id: number) => ['run', 'session', id] as const,
  sessionQr: (id: number) => ['run', 'session', id, 'qr'] as const,
  sessionAttendance: (id: number, p: object) => ['run', 'session', id, 'attendance', p] as const,
  projectAll: (id: number) => ['run', 'p', id] as const,
  projectAttendance: (id: number, p: object) => ['run', 'p', id, 'attendance', p] as const,
  leave: (id: number, status?: string) => ['run', 'p', id, 'leave', status ?? 'all'] as const,
  assessment: (id: number, p: object) => ['run', 'p', id, 'assessment', p] as const,
  certificates: (id: number, p: object) => ['run', 'p', id, 'certificates', p] as const,
  certificate: (number: string) => ['run', 'certificate', number] as const,
  verify: (number: string) => ['run', 'verify', number] as const,
  trainerMe: ['run', 'trainer', 'me'] as const,
  teaching: ['run', 'teaching'] as const,
  calendar: (month: string) => ['run', 'calendar', month] as const,
};

/** Anything that changes attendance, results or certificates: refresh the run views and the project pages. */
function useInvalidateRun() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: runKeys.all }),
      qc.invalidateQueries({ queryKey: ['projects'] }),
      qc.invalidateQueries({ queryKey: ['my'] }),
    ]);
}

// ---------- project (for the tabs: sessions, completion rule, level/school) ----------

/** GET /api/projects/:id */
export function useRunProject(id: number) {
  return useQuery({
    queryKey: runKeys.project(id),
    queryFn: () => http.get<ProjectDetail>(`/api/projects/${id}`),
    enabled: id > 0,
    staleTime: 15_000,
  });
}

// ---------- QR screen ----------

/**
 * GET /api/sessions/:id/qr while the window is open: re-fetched when the token rotates
 * (`expiresInMs` after each answer), a little late on purpose so the new slot has begun.
 */
export function useSessionQr(id: number, enabled: boolean) {
  return useQuery({
    queryKey: runKeys.sessionQr(id),
    queryFn: () => http.get<SessionQr>(`/api/sessions/${id}/qr`),
    enabled,
    retry: false,
    gcTime: 0,
    refetchInterval: (q) =>
      q.state.error ? 5_000 : q.state.data ? Math.max(500, q.state.data.expiresInMs + 250) : false,
    refetchIntervalInBackground: true,
  });
}

// ---------- attendance ----------

export interface SessionAttendanceParams {
  filter?: SessionFilter;
  page: number;
  pageSize: number;
}

/** GET /api/sessions/:id/attendance; `pollMs` keeps live counters fresh (QR screen, open sessions). */
export function useSessionAttendance(id: number | undefined, p: SessionAttendanceParams, pollMs?: number | false) {
  const { filter, page, pageSize } = p;
  return useQuery({
    queryKey: runKeys.sessionAttendance(id ?? 0, p),
    queryFn: () =>
      http.get<SessionAttendance>(`/api/sessions/${id}/attendance`, {
        status: filter && filter !== 'absentees' ? filter : undefined,
        absentees: filter === 'absentees' ? 'true' : undefined,
        page,
        pageSize,
      }),
    enabled: !!id,
    placeholderData: keepPreviousData,
    refetchInterval: pollMs || false,
    refetchIntervalInBackground: true,
  });
}

/** Counts of several sessions at once (one small request each: page size 1). */
export function useSessionCounts(ids: number[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: runKeys.sessionAttendance(id, { page: 1, pageSize: 1 }),
      queryFn: () => http.get<SessionAttendance>(`/api/sessions/${id}/attendance`, { page: 1, pageSize: 1 }),
      staleTime: 20_000,
    })),
  });
}

/** PUT /api/sessions/:id/attendance */
export function useMarkAttendance() {
  const invalidate = useInvalidateRun();
  return useMutation({
    mutationFn: ({ sessionId, marks }: { sessionId: number; marks: AttendanceMarksBody }) =>
      http.put<{ changed: number; unchanged: number }>(`/api/sessions/${sessionId}/attendance`, marks),
    onSuccess: invalidate,
  });
}

/** POST /api/sessions/:id/close */
export function useCloseSession() {
  const invalidate = useInvalidateRun();
  return useMutation({
    mutationFn: (sessionId: number) => http.post<{ markedAbsent: number }>(`/api/sessions/${sessionId}/close`),
    onSuccess: invalidate,
  });
}

/** GET /api/projects/:id/attendance */
export function useProjectAttendance(id: number, p: { page: number; pageSize: number; schoolId?: number }) {
  return useQuery({
    queryKey: runKeys.projectAttendance(id, p),
    queryFn: () => http.get<ProjectAttendance>(`/api/projects/${id}/attendance`, p),
    placeholderData: keepPreviousData,
  });
}

/** GET /api/projects/:id/attendance/export (.xlsx) */
export function exportProjectAttendance(id: number, schoolId?: number) {
  downloadUrl(`/api/projects/${id}/attendance/export`, { schoolId });
}

/** GET /api/projects/:id/leave-requests (pending first) */
export function useProjectLeave(id: number, status: LeaveStatus | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...runKeys.leave(id, status), page, pageSize],
    queryFn: () => http.get<ListResult<LeaveRequest>>(`/api/projects/${id}/leave-requests`, { status, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

/** Pending leave requests (the count on the tab). */
export function usePendingLeaveCount(id: number) {
  return useQuery({
    queryKey: [...runKeys.leave(id, 'pending'), 'count'],
    queryFn: () =>
      http.get<ListResult<LeaveRequest>>(`/api/projects/${id}/leave-requests`, {
        status: 'pending',
        page: 1,
        pageSize: 1,
      }),
    select: (r) => r.total,
  });
}

/** POST /api/leave-requests/:id/review */
export function useReviewLeave() {
  const invalidate = useInvalidateRun();
  return useMutation({
    mutationFn: ({ id, decision, reason }: { id: number; decision: 'approved' | 'rejected'; reason?: string }) =>
      http.post<LeaveRequest>(`/api/leave-requests/${id}/review`, { decision, reason }),
    onSuccess: invalidate,
  });
}

// ---------- assessment ----------

export interface AssessmentParams {
  page: number;
  pageSize: number;
  q?: string;
  schoolId?: number;
}

/** GET /api/projects/:id/assessment */
export function useAssessment(id: number, p: AssessmentParams) {
  return useQuery({
    queryKey: runKeys.assessment(id, p),
    queryFn: () => http.get<ProjectAssessment>(`/api/projects/${id}/assessment`, { ...p }),
    placeholderData: keepPreviousData,
    enabled: id > 0,
  });
}

/** PUT /api/projects/:id/assessment */
export function useSaveAssessment(id: number) {
  const invalidate = useInvalidateRun();
  return useMutation({
    mutationFn: (body: AssessmentUpdateBody) =>
      http.put<AssessmentUpdateResult>(`/api/projects/${id}/assessment`, body),
    onSuccess: invalidate,
  });
}

/** POST /api/projects/:id/assessment/import (?dryRun=true previews) */
export function useImportScores(id: number) {
  const invalidate = useInvalidateRun();
  return useMutation({
    mutationFn: ({
      file,
      dryRun,
      skipInvalid,
      mapping,
    }: {
      file: File;
      dryRun: boolean;
      skipInvalid?: boolean;
      /** School names of the sheet that match no school → schools, chosen in the preview. */
      mapping?: ImportMapping;
    }) =>
      http.upload<ImportResult>(
        `/api/projects/${id}/assessment/import`,
        file,
        { dryRun: dryRun ? 'true' : undefined, skipInvalid: skipInvalid ? 'true' : undefined },
        undefined,
        mapping && Object.keys(mapping).length ? { mapping: JSON.stringify(mapping) } : undefined,
      ),
    onSuccess: (_r, v) => (v.dryRun ? undefined : invalidate()),
  });
}

/** A 422 IMPORT_HAS_ERRORS carries the import result beside `error`. */
export function importResultOfError(e: unknown): ImportResult | null {
  if (!(e instanceof ApiError) || e.code !== 'IMPORT_HAS_ERRORS') return null;
  const b = e.body as Partial<ImportResult> | undefined;
  if (!b || !Array.isArray(b.errors)) return null;
  return {
    total: b.total ?? 0,
    created: b.created ?? 0,
    updated: b.updated ?? 0,
    skipped: b.skipped ?? 0,
    errors: b.errors,
    committed: false,
    preview: b.preview,
    warnings: b.warnings,
    unknown: b.unknown,
    mapped: b.mapped,
    added: b.added,
  };
}

/** POST /api/projects/:id/complete */
export function useCompleteProject(id: number) {
  const invalidate = useInvalidateRun();
  return useMutation({
    mutationFn: () => http.post<CompletionResult>(`/api/projects/${id}/complete`, { issueCertificates: true }),
    onSuccess: invalidate,
  });
}

// ---------- certificates ----------

export interface CertificateParams {
  page: number;
  pageSize: number;
  q?: string;
  revoked?: boolean;
}

/** GET /api/projects/:id/certificates */
export function useProjectCertificates(id: number, p: CertificateParams) {
  return useQuery({
    queryKey: runKeys.certificates(id, p),
    queryFn: () =>
      http.get<ListResult<Certificate>>(`/api/projects/${id}/certificates`, {
        ...p,
        revoked: p.revoked === undefined ? undefined : String(p.revoked),
      }),
    placeholderData: keepPreviousData,
  });
}

/** POST /api/certificates/issue */
export function useIssueCertificates() {
  const invalidate = useInvalidateRun();
  return useMutation({
    mutationFn: (participationIds: number[]) =>
      http.post<{ issued: number; skipped: number }>('/api/certificates/issue', { participationIds }),
    onSuccess: invalidate,
  });
}

/** POST /api/certificates/revoke */
export function useRevokeCertificates() {
  const invalidate = useInvalidateRun();
  return useMutation({
    mutationFn: (body: { certificateIds: number[]; reason: string }) =>
      http.post<{ revoked: number; skipped: number }>('/api/certificates/revoke', body),
    onSuccess: invalidate,
  });
}

/** GET /api/certificates/:number (print data) */
export function useCertificate(number: string) {
  return useQuery({
    queryKey: runKeys.certificate(number),
    queryFn: () => http.get<CertificateDetail>(`/api/certificates/${encodeURIComponent(number)}`),
    enabled: number !== '',
  });
}

export const certificatePdfUrl = (number: string) => `/api/certificates/${encodeURIComponent(number)}/pdf`;

/** GET /api/verify/:number (public) */
export function useVerify(number: string) {
  return useQuery({
    queryKey: runKeys.verify(number),
    queryFn: () => http.get<CertificateVerification>(`/api/verify/${encodeURIComponent(number)}`),
    enabled: number !== '',
    retry: false,
  });
}

// ---------- the trainer's home ----------

/** GET /api/trainers/me: null when the account is not linked to the trainer pool. */
export function useTrainerMe() {
  return useQuery({
    queryKey: runKeys.trainerMe,
    queryFn: async () => {
      try {
        return await http.get<Trainer>('/api/trainers/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
}

/** GET /api/projects: for a trainer, the projects they teach. */
export function useTeachingProjects() {
  return useQuery({
    queryKey: runKeys.teaching,
    queryFn: () =>
      http.get<ListResult<ProjectListItem>>('/api/projects', {
        page: 1,
        pageSize: 200,
        sort: 'startDate',
        order: 'desc',
      }),
  });
}

/** GET /api/projects/calendar?month=YYYY-MM for each month given (sessions of the visible projects). */
export function useCalendarMonths(months: string[]) {
  return useQueries({
    queries: months.map((month) => ({
      queryKey: runKeys.calendar(month),
      queryFn: () => http.get<PlanCalendar>('/api/projects/calendar', { month }),
      staleTime: 60_000,
    })),
  });
}

/** GET /api/assessment/settings: the county's default score lines. */
export function useScoreLines(enabled = true) {
  return useQuery({
    queryKey: ['run', 'score-lines'],
    queryFn: () => http.get<AssessmentSettings>('/api/assessment/settings'),
    enabled,
  });
}

/** PUT /api/assessment/settings (county admin). */
export function useSaveScoreLines() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AssessmentSettings) => http.put<AssessmentSettings>('/api/assessment/settings', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['run'] }),
  });
}

/** POST /api/projects/:id/certificates/batch: starts making one PDF or a zip of PDFs (a job). */
export function useStartCertificateBatch(projectId: number) {
  return useMutation({
    mutationFn: (format: 'pdf' | 'zip') =>
      http.post<{ jobId: string; count: number }>(`/api/projects/${projectId}/certificates/batch`, { format }),
  });
}

/** GET /api/projects/:id/certificates/batch/:jobId: the finished file. */
export const certificateBatchUrl = (projectId: number, jobId: string) =>
  `/api/projects/${projectId}/certificates/batch/${jobId}`;
