// One React Query hook per endpoint of three-tier training teams and trainer records (docs/api.md):
// teams and their members, the trainer finder (list, export, record, specialities) and the yearly
// count of external vs county trainers.
import type {
  TeamBody,
  TeamItem,
  TeamMembersBody,
  TeamTier,
  TeamUpdateBody,
  TrainerRecordDetail,
  TrainerRecordItem,
  TrainerRecordQuery,
  TrainerStats,
} from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../lib/http';

export type RecordFilters = Partial<TrainerRecordQuery>;

export const teamKeys = {
  all: ['teams'] as const,
  teams: (tier?: TeamTier) => ['teams', 'list', tier ?? null] as const,
  records: (q: RecordFilters) => ['teams', 'records', q] as const,
  record: (id: number) => ['teams', 'record', id] as const,
  stats: (year: number) => ['teams', 'stats', year] as const,
};

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: teamKeys.all });
}

/** GET /api/training-teams */
export function useTeams(tier?: TeamTier) {
  return useQuery({
    queryKey: teamKeys.teams(tier),
    queryFn: () => http.get<{ items: TeamItem[]; total: number }>('/api/training-teams', { tier }),
  });
}

/** POST /api/training-teams */
export function useCreateTeam() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: TeamBody) => http.post<{ id: number }>('/api/training-teams', body),
    onSuccess: invalidate,
  });
}

/** PATCH /api/training-teams/:id */
export function useUpdateTeam() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: TeamUpdateBody }) =>
      http.patch<{ ok: true }>(`/api/training-teams/${id}`, body),
    onSuccess: invalidate,
  });
}

/** PUT /api/training-teams/:id/members (the whole list) */
export function useSetTeamMembers() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: TeamMembersBody }) =>
      http.put<TeamItem>(`/api/training-teams/${id}/members`, body),
    onSuccess: invalidate,
  });
}

/** GET /api/trainer-records */
export function useTrainerRecords(q: RecordFilters) {
  return useQuery({
    queryKey: teamKeys.records(q),
    queryFn: () => http.get<{ items: TrainerRecordItem[]; total: number }>('/api/trainer-records', q),
    placeholderData: keepPreviousData,
  });
}

/** GET /api/trainer-records/:id */
export function useTrainerRecord(id: number | null) {
  return useQuery({
    queryKey: teamKeys.record(id ?? 0),
    queryFn: () => http.get<TrainerRecordDetail>(`/api/trainer-records/${id}`),
    enabled: id != null,
  });
}

/** PUT /api/trainer-records/:id/specialities */
export function useSetSpecialities(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { subjects: string[]; stages: string[] }) =>
      http.put<{ ok: true }>(`/api/trainer-records/${id}/specialities`, body),
    onSuccess: invalidate,
  });
}

/** GET /api/stats/trainers?year= */
export function useTrainerStats(year: number) {
  return useQuery({
    queryKey: teamKeys.stats(year),
    queryFn: () => http.get<TrainerStats>('/api/stats/trainers', { year }),
  });
}
