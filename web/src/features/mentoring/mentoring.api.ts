// One React Query hook per endpoint of 青蓝工程 mentoring (docs/api.md): the county's rules, pairs
// (list, export, detail, direct pairing, changes, reviews, 优秀师徒, activity logs), two-way choice
// rounds (offers, choices, the school's decision), the teacher's view and the counts.
import type {
  ChoiceBody,
  ChoiceDecisionBody,
  ExcellentBody,
  MentoringLogBody,
  MentoringMe,
  MentoringSettings,
  MentoringStats,
  OfferBody,
  PairCreateBody,
  PairDetail,
  PairList,
  PairListQuery,
  PairReviewBody,
  PairUpdateBody,
  RoundBody,
  RoundDetail,
  RoundItem,
} from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../lib/http';

export type PairFilters = Partial<PairListQuery>;

export const mentoringKeys = {
  all: ['mentoring'] as const,
  settings: ['mentoring', 'settings'] as const,
  pairs: (q: PairFilters) => ['mentoring', 'pairs', q] as const,
  pair: (id: number) => ['mentoring', 'pair', id] as const,
  rounds: (year?: number) => ['mentoring', 'rounds', year ?? null] as const,
  round: (id: number) => ['mentoring', 'round', id] as const,
  me: ['mentoring', 'me'] as const,
  stats: (year?: number) => ['mentoring', 'stats', year ?? null] as const,
};

function useInvalidate() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: mentoringKeys.all }),
      qc.invalidateQueries({ queryKey: ['notifications'] }),
      qc.invalidateQueries({ queryKey: ['credits'] }),
    ]);
}

/** GET /api/mentoring/settings */
export function useMentoringSettings(enabled = true) {
  return useQuery({
    queryKey: mentoringKeys.settings,
    queryFn: () => http.get<MentoringSettings>('/api/mentoring/settings'),
    enabled,
  });
}

/** PUT /api/mentoring/settings */
export function useSaveMentoringSettings() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: MentoringSettings) => http.put<MentoringSettings>('/api/mentoring/settings', body),
    onSuccess: invalidate,
  });
}

/** GET /api/mentoring/pairs */
export function usePairs(q: PairFilters) {
  return useQuery({
    queryKey: mentoringKeys.pairs(q),
    queryFn: () => http.get<PairList>('/api/mentoring/pairs', q),
    placeholderData: keepPreviousData,
  });
}

/** GET /api/mentoring/pairs/:id */
export function usePair(id: number | null) {
  return useQuery({
    queryKey: mentoringKeys.pair(id ?? 0),
    queryFn: () => http.get<PairDetail>(`/api/mentoring/pairs/${id}`),
    enabled: id != null,
  });
}

/** POST /api/mentoring/pairs: direct pairing by the school */
export function useCreatePair() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: PairCreateBody) => http.post<{ id: number }>('/api/mentoring/pairs', body),
    onSuccess: invalidate,
  });
}

/** PATCH /api/mentoring/pairs/:id */
export function useUpdatePair(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: PairUpdateBody) => http.patch<{ ok: true }>(`/api/mentoring/pairs/${id}`, body),
    onSuccess: invalidate,
  });
}

/** POST /api/mentoring/pairs/:id/reviews: a monthly check, a mid-term or a year-end review */
export function useReviewPair(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: PairReviewBody) => http.post<unknown>(`/api/mentoring/pairs/${id}/reviews`, body),
    onSuccess: invalidate,
  });
}

/** POST /api/mentoring/pairs/:id/excellent: 优秀师徒 (the county) */
export function useSelectExcellent(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ExcellentBody) => http.post<{ ok: true }>(`/api/mentoring/pairs/${id}/excellent`, body),
    onSuccess: invalidate,
  });
}

/** POST /api/mentoring/pairs/:id/logs: an activity by the mentor or the mentee */
export function useAddLog(pairId: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: MentoringLogBody) => http.post<{ id: number }>(`/api/mentoring/pairs/${pairId}/logs`, body),
    onSuccess: invalidate,
  });
}

/** DELETE /api/mentoring/logs/:id */
export function useDeleteLog() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => http.del<{ ok: true }>(`/api/mentoring/logs/${id}`),
    onSuccess: invalidate,
  });
}

/** GET /api/mentoring/rounds */
export function useRounds(year?: number, enabled = true) {
  return useQuery({
    queryKey: mentoringKeys.rounds(year),
    queryFn: () => http.get<{ items: RoundItem[]; total: number }>('/api/mentoring/rounds', { year }),
    enabled,
  });
}

/** GET /api/mentoring/rounds/:id */
export function useRound(id: number | null) {
  return useQuery({
    queryKey: mentoringKeys.round(id ?? 0),
    queryFn: () => http.get<RoundDetail>(`/api/mentoring/rounds/${id}`),
    enabled: id != null,
  });
}

/** POST /api/mentoring/rounds: open a two-way choice */
export function useCreateRound() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: RoundBody) => http.post<{ id: number }>('/api/mentoring/rounds', body),
    onSuccess: invalidate,
  });
}

/** POST /api/mentoring/rounds/:id/close */
export function useCloseRound() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => http.post<{ ok: true }>(`/api/mentoring/rounds/${id}/close`),
    onSuccess: invalidate,
  });
}

/** POST /api/mentoring/choices/:id/decide: the school confirms (a pair) or declines with a reason */
export function useDecideChoice() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: ChoiceDecisionBody }) =>
      http.post<unknown>(`/api/mentoring/choices/${id}/decide`, body),
    onSuccess: invalidate,
  });
}

/** GET /api/mentoring/me: the teacher's open rounds and pairs */
export function useMyMentoring() {
  return useQuery({ queryKey: mentoringKeys.me, queryFn: () => http.get<MentoringMe>('/api/mentoring/me') });
}

/** POST /api/mentoring/rounds/:id/offers: offer to mentor */
export function useOffer() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ roundId, body }: { roundId: number; body: OfferBody }) =>
      http.post<{ id: number }>(`/api/mentoring/rounds/${roundId}/offers`, body),
    onSuccess: invalidate,
  });
}

/** DELETE /api/mentoring/offers/:id */
export function useWithdrawOffer() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => http.del<{ ok: true }>(`/api/mentoring/offers/${id}`),
    onSuccess: invalidate,
  });
}

/** POST /api/mentoring/rounds/:id/choices: choose a mentor's offer */
export function useChoose() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ roundId, body }: { roundId: number; body: ChoiceBody }) =>
      http.post<{ id: number }>(`/api/mentoring/rounds/${roundId}/choices`, body),
    onSuccess: invalidate,
  });
}

/** DELETE /api/mentoring/choices/:id */
export function useWithdrawChoice() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => http.del<{ ok: true }>(`/api/mentoring/choices/${id}`),
    onSuccess: invalidate,
  });
}

/** GET /api/stats/mentoring */
export function useMentoringStats(year?: number) {
  return useQuery({
    queryKey: mentoringKeys.stats(year),
    queryFn: () => http.get<MentoringStats>('/api/stats/mentoring', { year }),
  });
}
