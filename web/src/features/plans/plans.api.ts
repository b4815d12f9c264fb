// One React Query hook per endpoint of personal development plans (docs/api.md): the teacher's own
// (list, write, change, submit, year-end summary) and the school's review (list, export, decide).
import type { PlanBody, PlanDecisionBody, PlanItem, PlanList, PlanListQuery, PlanUpdateBody } from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../lib/http';

export type PlanFilters = Partial<PlanListQuery>;

export const planKeys = {
  all: ['plans'] as const,
  mine: ['plans', 'mine'] as const,
  list: (q: PlanFilters) => ['plans', 'list', q] as const,
  one: (id: number) => ['plans', 'one', id] as const,
};

function useInvalidate() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: planKeys.all }),
      qc.invalidateQueries({ queryKey: ['notifications'] }),
    ]);
}

/** GET /api/me/plans */
export function useMyPlans() {
  return useQuery({ queryKey: planKeys.mine, queryFn: () => http.get<PlanList>('/api/me/plans') });
}

/** POST /api/me/plans */
export function useCreatePlan() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: PlanBody) => http.post<{ id: number }>('/api/me/plans', body),
    onSuccess: invalidate,
  });
}

/** PATCH /api/plans/:id (the teacher's draft or returned plan) */
export function useUpdatePlan() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: PlanUpdateBody }) =>
      http.patch<{ ok: true }>(`/api/plans/${id}`, body),
    onSuccess: invalidate,
  });
}

/** POST /api/plans/:id/submit */
export function useSubmitPlan() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => http.post<{ ok: true }>(`/api/plans/${id}/submit`),
    onSuccess: invalidate,
  });
}

/** POST /api/plans/:id/summary */
export function useSummarisePlan() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, summary }: { id: number; summary: string }) =>
      http.post<{ ok: true }>(`/api/plans/${id}/summary`, { summary }),
    onSuccess: invalidate,
  });
}

/** GET /api/plans */
export function usePlans(q: PlanFilters) {
  return useQuery({
    queryKey: planKeys.list(q),
    queryFn: () => http.get<PlanList>('/api/plans', q),
    placeholderData: keepPreviousData,
  });
}

/** GET /api/plans/:id */
export function usePlan(id: number | null) {
  return useQuery({
    queryKey: planKeys.one(id ?? 0),
    queryFn: () => http.get<PlanItem>(`/api/plans/${id}`),
    enabled: id != null,
  });
}

/** POST /api/plans/:id/decide: approve, or return with a reason */
export function useDecidePlan() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: PlanDecisionBody }) =>
      http.post<{ ok: true }>(`/api/plans/${id}/decide`, body),
    onSuccess: invalidate,
  });
}
