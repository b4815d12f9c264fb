// One React Query hook per endpoint of the training plan: categories, trainer pool, projects,
// sessions, project trainers, quotas, nominations and participants (docs/api.md).
import type {
  Account,
  Candidate,
  CandidateQuery,
  NominateResult,
  ParticipantItem,
  ParticipantQuery,
  ParticipationStatus,
  PlanCalendar,
  PlanTable,
  PlanTableQuery,
  ProjectDetail,
  ProjectListItem,
  ProjectListQuery,
  ProjectQuotaList,
  ProjectSession,
  ProjectStatus,
  ProjectTrainer,
  ProjectUpdateBody,
  QuotaProposal,
  SignInSheet,
  SignInSheetQuery,
  Teacher,
  Trainer,
  TrainerCreateBody,
  TrainerListQuery,
  TrainerUpdateBody,
  TrainingCategory,
} from '@shixun/common';
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { downloadUrl, http } from '../../lib/http';

export interface ListResult<T> {
  items: T[];
  total: number;
}

/** Query params as the URL carries them (no server defaults applied yet). */
export type ProjectListParams = Partial<ProjectListQuery>;
export type CalendarParams = {
  month: string;
  level?: string;
  category?: string;
  mode?: string;
  status?: string;
  schoolId?: number;
};
export type TrainerListParams = Partial<TrainerListQuery>;
export type CandidateParams = Partial<CandidateQuery>;
export type ParticipantParams = Partial<ParticipantQuery>;

export interface SessionInput {
  date: string;
  start: string;
  end: string;
  topic: string;
  trainerId?: number | null;
  room?: string | null;
}

export interface ParticipantList extends ListResult<ParticipantItem> {
  counts: Record<string, number>;
  capacity: number | null;
}

export const projectKeys = {
  all: ['projects'] as const,
  categories: ['projects', 'categories'] as const,
  trainers: ['projects', 'trainers'] as const,
  list: (p: ProjectListParams) => ['projects', 'list', p] as const,
  calendar: (p: CalendarParams) => ['projects', 'calendar', p] as const,
  detail: (id: number) => ['projects', 'detail', id] as const,
  quotas: (id: number, all: boolean) => ['projects', 'quotas', id, all] as const,
  candidates: (id: number, p: CandidateParams) => ['projects', 'candidates', id, p] as const,
  participants: (id: number, p: ParticipantParams) => ['projects', 'participants', id, p] as const,
};

/** Any plan write changes counts shown elsewhere (lists, calendar, detail, my trainings, stats). */
function useInvalidatePlan() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: projectKeys.all }),
      qc.invalidateQueries({ queryKey: ['run'] }),
      qc.invalidateQueries({ queryKey: ['my'] }),
      qc.invalidateQueries({ queryKey: ['stats'] }),
    ]);
}

const validId = (id: number | null | undefined): id is number =>
  typeof id === 'number' && Number.isInteger(id) && id > 0;

// ---------- categories ----------

/** GET /api/training/categories (archived ones included; callers filter). */
export function useCategories() {
  return useQuery({
    queryKey: projectKeys.categories,
    queryFn: () => http.get<ListResult<TrainingCategory>>('/api/training/categories'),
    staleTime: 60_000,
  });
}

export function useSaveCategory() {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: { name?: string; sort?: number; archived?: boolean } }) =>
      id
        ? http.patch(`/api/training/categories/${id}`, body)
        : http.post<{ id: number }>('/api/training/categories', body),
    onSuccess: invalidate,
  });
}

// ---------- trainer pool ----------

/** GET /api/trainers */
export function useTrainers(p: TrainerListParams, enabled = true) {
  return useQuery({
    queryKey: [...projectKeys.trainers, 'list', p],
    queryFn: () => http.get<ListResult<Trainer>>('/api/trainers', { ...p }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCreateTrainer() {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: (body: TrainerCreateBody) => http.post<{ id: number }>('/api/trainers', body),
    onSuccess: invalidate,
  });
}

export function useUpdateTrainer() {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: TrainerUpdateBody }) => http.patch(`/api/trainers/${id}`, body),
    onSuccess: invalidate,
  });
}

/** Teachers to pick from (county trainers, upper-level sending): GET /api/teachers?q= */
export function useTeacherSearch(q: string, enabled = true) {
  return useQuery({
    queryKey: ['teachers', 'list', { q, pageSize: 20, status: '在职' }],
    queryFn: () => http.get<ListResult<Teacher>>('/api/teachers', { q, pageSize: 20, status: '在职' }),
    enabled: enabled && q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}

/** `trainer` accounts a pool entry may be linked to (county admins only): GET /api/accounts?role=trainer */
export function useTrainerAccounts(enabled: boolean) {
  return useQuery({
    queryKey: ['accounts', 'list', { role: 'trainer', pageSize: 200 }],
    queryFn: () => http.get<ListResult<Account>>('/api/accounts', { role: 'trainer', pageSize: 200 }),
    enabled,
    staleTime: 60_000,
  });
}

// ---------- projects ----------

/** GET /api/projects */
export function useProjects(p: ProjectListParams, enabled = true) {
  return useQuery({
    queryKey: projectKeys.list(p),
    queryFn: () => http.get<ListResult<ProjectListItem>>('/api/projects', { ...p }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** GET /api/projects/calendar */
export function useCalendar(p: CalendarParams) {
  return useQuery({
    queryKey: projectKeys.calendar(p),
    queryFn: () => http.get<PlanCalendar>('/api/projects/calendar', { ...p }),
    placeholderData: keepPreviousData,
  });
}

/** GET /api/projects/:id */
export function useProject(id: number | null | undefined) {
  return useQuery({
    queryKey: projectKeys.detail(id ?? 0),
    queryFn: () => http.get<ProjectDetail>(`/api/projects/${id}`),
    enabled: validId(id),
  });
}

export function useSaveProject() {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: ProjectUpdateBody }) =>
      id
        ? http.patch(`/api/projects/${id}`, body).then(() => ({ id }))
        : http.post<{ id: number }>('/api/projects', body),
    onSuccess: invalidate,
  });
}

export function useDeleteProject() {
  const invalidate = useInvalidatePlan();
  return useMutation({ mutationFn: (id: number) => http.del(`/api/projects/${id}`), onSuccess: invalidate });
}

export function useChangeStatus(id: number) {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: (body: { to: ProjectStatus; reason?: string }) =>
      http.post<{ status: ProjectStatus }>(`/api/projects/${id}/status`, body),
    onSuccess: invalidate,
  });
}

/** PUT /api/projects/:id/trainers (replaces the list) */
export function useSetProjectTrainers(id: number) {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: (trainers: Array<{ trainerId: number; role: string }>) =>
      http.put<ListResult<ProjectTrainer>>(`/api/projects/${id}/trainers`, { trainers }),
    onSuccess: invalidate,
  });
}

// ---------- sessions ----------

export function useSaveSession(projectId: number) {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Partial<SessionInput> }) =>
      id
        ? http.patch<ProjectSession>(`/api/projects/${projectId}/sessions/${id}`, body)
        : http.post<{ id: number }>(`/api/projects/${projectId}/sessions`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteSession(projectId: number) {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: (id: number) => http.del(`/api/projects/${projectId}/sessions/${id}`),
    onSuccess: invalidate,
  });
}

// ---------- quotas ----------

/** GET /api/projects/:id/quotas (`all`: every school in scope, for the allocation screen) */
export function useQuotas(id: number, all: boolean, enabled = true) {
  return useQuery({
    queryKey: projectKeys.quotas(id, all),
    queryFn: () => http.get<ProjectQuotaList>(`/api/projects/${id}/quotas`, { all: all ? 'true' : undefined }),
    enabled: enabled && validId(id),
  });
}

/** The quota lists of several projects at once (the nominations page shows each project's counter). */
export function useQuotasOf(ids: number[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: projectKeys.quotas(id, false),
      queryFn: () => http.get<ProjectQuotaList>(`/api/projects/${id}/quotas`),
      staleTime: 30_000,
    })),
  });
}

export function useSaveQuotas(id: number) {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: (rows: Array<{ schoolId: number; quota: number }>) =>
      http.put<ProjectQuotaList>(`/api/projects/${id}/quotas`, rows),
    onSuccess: invalidate,
  });
}

/** POST /api/projects/:id/quotas/allocate: a proposal only, nothing saved. */
export function useAllocateQuotas(id: number) {
  return useMutation({
    mutationFn: (body: { total?: number; ruralWeight: number; eligibleOnly: boolean }) =>
      http.post<QuotaProposal>(`/api/projects/${id}/quotas/allocate`, body),
  });
}

// ---------- nominations and participants ----------

/** GET /api/projects/:id/candidates */
export function useCandidates(id: number | null | undefined, p: CandidateParams, enabled = true) {
  return useQuery({
    queryKey: projectKeys.candidates(id ?? 0, p),
    queryFn: () => http.get<ListResult<Candidate>>(`/api/projects/${id}/candidates`, { ...p }),
    enabled: enabled && validId(id),
    placeholderData: keepPreviousData,
  });
}

export function useNominate(id: number) {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: (teacherIds: number[]) => http.post<NominateResult>(`/api/projects/${id}/nominations`, { teacherIds }),
    onSuccess: invalidate,
  });
}

export function useWithdrawNomination(id: number) {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: (participationId: number) => http.del(`/api/projects/${id}/nominations/${participationId}`),
    onSuccess: invalidate,
  });
}

export function useReviewNominations(id: number) {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: (body: { participationIds: number[]; decision: 'approve' | 'reject'; reason?: string }) =>
      http.post<{ count: number; status: ParticipationStatus }>(`/api/projects/${id}/nominations/review`, body),
    onSuccess: invalidate,
  });
}

export function useRecordSent(id: number) {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: (teacherIds: number[]) =>
      http.post<{ participationIds: number[]; count: number }>(`/api/projects/${id}/sent`, { teacherIds }),
    onSuccess: invalidate,
  });
}

/** GET /api/projects/:id/participants */
export function useParticipants(id: number | null | undefined, p: ParticipantParams, enabled = true) {
  return useQuery({
    queryKey: projectKeys.participants(id ?? 0, p),
    queryFn: () => http.get<ParticipantList>(`/api/projects/${id}/participants`, { ...p }),
    enabled: enabled && validId(id),
    placeholderData: keepPreviousData,
  });
}

export function useRemoveParticipant(id: number) {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: ({ participationId, reason }: { participationId: number; reason: string }) =>
      http.post(`/api/projects/${id}/participants/${participationId}/withdraw`, { reason }),
    onSuccess: invalidate,
  });
}

// ---------- printing: the yearly plan table and sign-in sheets ----------

export type PlanTableParams = Partial<PlanTableQuery>;

/** GET /api/projects/plan-table */
export function usePlanTable(p: PlanTableParams) {
  return useQuery({
    queryKey: [...projectKeys.all, 'plan-table', p],
    queryFn: () => http.get<PlanTable>('/api/projects/plan-table', { ...p }),
    placeholderData: keepPreviousData,
  });
}

/** GET /api/projects/plan-table/export: the same table as .xlsx (A4 landscape). */
export const exportPlanTable = (p: PlanTableParams) => downloadUrl('/api/projects/plan-table/export', { ...p });

/** GET /api/projects/:id/sign-in-sheet */
export function useSignInSheet(id: number | null, p: Partial<SignInSheetQuery>) {
  return useQuery({
    queryKey: [...projectKeys.all, 'sign-in-sheet', id, p],
    queryFn: () => http.get<SignInSheet>(`/api/projects/${id}/sign-in-sheet`, { ...p }),
    enabled: validId(id),
  });
}
