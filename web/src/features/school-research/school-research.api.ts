// React Query hooks of school-based development: one per endpoint, typed from common/'s schemas.
import type {
  ActivityAttendanceBody,
  ActivityBody,
  ActivityCheckinBody,
  ActivityCheckinResult,
  ActivityDetail,
  ActivityList,
  ActivityListQuery,
  ActivityParticipants,
  ActivityQr,
  ActivityUpdateBody,
  CloseResult,
  Compliance,
  ComplianceQuery,
  MyResearch,
  OutreachBody,
  OutreachDetail,
  OutreachStageBody,
  OutreachSummary,
  PlanOverview,
  PlanReviewBody,
  PlanTemplate,
  ResearchPlan,
  ResearchPlanBody,
  ResearchPlanKind,
  ResearchPlanUpdateBody,
  ResearchSettings,
  ResearchSettingsBody,
  SampleBody,
  SpotCheck,
  SpotCheckBody,
  StampedAttachment,
  Teacher,
} from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { downloadUrl, http } from '../../lib/http';

type Q<T> = Partial<T>;
interface ListResult<T> {
  items: T[];
  total: number;
}

const base = '/api/school-research';
export const researchKeys = {
  all: ['research'] as const,
  settings: ['research', 'settings'] as const,
  activities: (q: Q<ActivityListQuery>) => ['research', 'activities', q] as const,
  activity: (id: number) => ['research', 'activity', id] as const,
  participants: (id: number, q: object) => ['research', 'activity', id, 'participants', q] as const,
  candidates: (id: number, q: object) => ['research', 'activity', id, 'candidates', q] as const,
  qr: (id: number) => ['research', 'activity', id, 'qr'] as const,
  plans: (q: object) => ['research', 'plans', q] as const,
  plan: (id: number) => ['research', 'plan', id] as const,
  outreachList: (q: object) => ['research', 'outreach', q] as const,
  outreach: (id: number) => ['research', 'outreach-one', id] as const,
  targets: ['research', 'outreach-targets'] as const,
  spotChecks: (q: object) => ['research', 'spot-checks', q] as const,
  compliance: (q: object) => ['research', 'compliance', q] as const,
  mine: (year?: number) => ['research', 'mine', year ?? 0] as const,
};

/** Every research query is stale after a write (the pages are small; one key prefix keeps it simple). */
function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: researchKeys.all });
}

// ---------- settings ----------

export function useResearchSettings(enabled = true) {
  return useQuery({
    queryKey: researchKeys.settings,
    queryFn: () => http.get<ResearchSettings>(`${base}/settings`),
    staleTime: 60_000,
    enabled,
  });
}

export function useSaveResearchSettings() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ResearchSettingsBody) => http.put<ResearchSettings>(`${base}/settings`, body),
    onSuccess: invalidate,
  });
}

// ---------- activities ----------

export function useActivities(q: Q<ActivityListQuery>) {
  return useQuery({
    queryKey: researchKeys.activities(q),
    queryFn: () => http.get<ActivityList>(`${base}/activities`, q),
    placeholderData: keepPreviousData,
  });
}

export function useActivity(id: number, refetchInterval?: number) {
  return useQuery({
    queryKey: researchKeys.activity(id),
    queryFn: () => http.get<ActivityDetail>(`${base}/activities/${id}`),
    enabled: Number.isInteger(id) && id > 0,
    refetchInterval,
  });
}

export function useCreateActivity() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ActivityBody) => http.post<{ id: number }>(`${base}/activities`, body),
    onSuccess: invalidate,
  });
}

export function useUpdateActivity(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ActivityUpdateBody) => http.patch<{ id: number }>(`${base}/activities/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteActivity() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => http.del<{ ok: true }>(`${base}/activities/${id}`),
    onSuccess: invalidate,
  });
}

export function useParticipants(
  id: number,
  q: { page: number; pageSize: number; q?: string },
  refetchInterval?: number,
) {
  return useQuery({
    queryKey: researchKeys.participants(id, q),
    queryFn: () => http.get<ActivityParticipants>(`${base}/activities/${id}/participants`, q),
    placeholderData: keepPreviousData,
    refetchInterval,
  });
}

export interface Candidate {
  id: number;
  name: string;
  schoolId: number;
  schoolName: string;
  subject: string;
  stage: string;
}

export function useCandidates(id: number, q: { page: number; pageSize: number; q?: string }, enabled: boolean) {
  return useQuery({
    queryKey: researchKeys.candidates(id, q),
    queryFn: () => http.get<ListResult<Candidate>>(`${base}/activities/${id}/candidates`, q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Teachers who may be recorded as sent to a 送教下乡 stage (the caller's roster, active only). */
export function useSentTeachers(q: { page: number; pageSize: number; q?: string }, enabled: boolean) {
  return useQuery({
    queryKey: ['research', 'sent-teachers', q] as const,
    queryFn: () => http.get<ListResult<Teacher>>('/api/teachers', { ...q, status: '在职' }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useMarkParticipants(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ActivityAttendanceBody) =>
      http.post<{ changed: number; unchanged: number }>(`${base}/activities/${id}/attendance`, body),
    onSuccess: invalidate,
  });
}

export function useRemoveParticipants(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { teacherIds: number[]; reason: string }) =>
      http.post<{ changed: number; unchanged: number }>(`${base}/activities/${id}/attendance/remove`, body),
    onSuccess: invalidate,
  });
}

export function useActivityQr(id: number, enabled: boolean) {
  return useQuery({
    queryKey: researchKeys.qr(id),
    queryFn: () => http.get<ActivityQr>(`${base}/activities/${id}/qr`),
    enabled,
    retry: false,
    gcTime: 0,
    refetchInterval: (q) =>
      q.state.error ? 5_000 : q.state.data ? Math.max(500, q.state.data.expiresInMs + 250) : false,
    refetchIntervalInBackground: true,
  });
}

export function useActivityCheckin() {
  return useMutation({
    mutationFn: (body: ActivityCheckinBody) => http.post<ActivityCheckinResult>(`${base}/checkin`, body),
  });
}

export function useAddEvidence(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (attachmentIds: number[]) =>
      http.post<StampedAttachment[]>(`${base}/activities/${id}/evidence`, { attachmentIds }),
    onSuccess: invalidate,
  });
}

export function useCloseActivity(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () => http.post<CloseResult>(`${base}/activities/${id}/close`),
    onSuccess: invalidate,
  });
}

export function useConfirmStage(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (note: string | null) =>
      http.post<{ confirmed: boolean }>(`${base}/activities/${id}/confirm`, { note }),
    onSuccess: invalidate,
  });
}

// ---------- spot checks ----------

export function useRecordSpotCheck(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: SpotCheckBody) => http.post<{ id: number }>(`${base}/activities/${id}/spot-checks`, body),
    onSuccess: invalidate,
  });
}

export function useSpotChecks(q: {
  year?: number;
  verdict?: string;
  schoolId?: number;
  page: number;
  pageSize: number;
}) {
  return useQuery({
    queryKey: researchKeys.spotChecks(q),
    queryFn: () => http.get<ListResult<SpotCheck>>(`${base}/spot-checks`, q),
    placeholderData: keepPreviousData,
  });
}

export function useSampleSpotChecks() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: SampleBody) => http.post<ListResult<SpotCheck>>(`${base}/spot-checks/sample`, body),
    onSuccess: invalidate,
  });
}

export function useDecideSpotCheck() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: SpotCheckBody }) =>
      http.put<{ id: number }>(`${base}/spot-checks/${id}`, body),
    onSuccess: invalidate,
  });
}

// ---------- plans ----------

export function usePlanOverview(q: { schoolYear?: number; areaId?: number; missing?: ResearchPlanKind }) {
  return useQuery({
    queryKey: researchKeys.plans(q),
    queryFn: () => http.get<PlanOverview>(`${base}/plans`, q),
    placeholderData: keepPreviousData,
  });
}

export const fetchPlanTemplate = (kind: ResearchPlanKind, schoolYear: number) =>
  http.get<PlanTemplate>(`${base}/plans/template`, { kind, schoolYear });

export function usePlan(id: number) {
  return useQuery({
    queryKey: researchKeys.plan(id),
    queryFn: () => http.get<ResearchPlan>(`${base}/plans/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useCreatePlan() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ResearchPlanBody) => http.post<{ id: number }>(`${base}/plans`, body),
    onSuccess: invalidate,
  });
}

export function useUpdatePlan(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ResearchPlanUpdateBody) => http.put<ResearchPlan>(`${base}/plans/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useSubmitPlan(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () => http.post<ResearchPlan>(`${base}/plans/${id}/submit`),
    onSuccess: invalidate,
  });
}

export function useReviewPlan(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: PlanReviewBody) => http.post<ResearchPlan>(`${base}/plans/${id}/review`, body),
    onSuccess: invalidate,
  });
}

// ---------- 送教下乡 ----------

export function useOutreachList(q: {
  year?: number;
  status?: string;
  schoolId?: number;
  page: number;
  pageSize: number;
}) {
  return useQuery({
    queryKey: researchKeys.outreachList(q),
    queryFn: () => http.get<ListResult<OutreachSummary>>(`${base}/outreach`, q),
    placeholderData: keepPreviousData,
  });
}

export function useOutreach(id: number) {
  return useQuery({
    queryKey: researchKeys.outreach(id),
    queryFn: () => http.get<OutreachDetail>(`${base}/outreach/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useOutreachTargets(enabled: boolean) {
  return useQuery({
    queryKey: researchKeys.targets,
    queryFn: () =>
      http.get<{ items: Array<{ id: number; name: string; urbanRural: string }> }>(`${base}/outreach/targets`),
    enabled,
    staleTime: 60_000,
  });
}

export function useCreateOutreach() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: OutreachBody) => http.post<{ id: number }>(`${base}/outreach`, body),
    onSuccess: invalidate,
  });
}

export function useScheduleStage(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: OutreachStageBody) => http.post<{ id: number }>(`${base}/outreach/${id}/stages`, body),
    onSuccess: invalidate,
  });
}

// ---------- compliance and the teacher's own ----------

export function useCompliance(q: Q<ComplianceQuery>) {
  return useQuery({
    queryKey: researchKeys.compliance(q),
    queryFn: () => http.get<Compliance>(`${base}/compliance`, q),
    placeholderData: keepPreviousData,
  });
}

export const exportCompliance = (q: Q<ComplianceQuery>) => downloadUrl(`${base}/compliance/export`, q);

export function useMyResearch(year?: number) {
  return useQuery({
    queryKey: researchKeys.mine(year),
    queryFn: () => http.get<MyResearch>('/api/me/school-research', { year }),
  });
}
