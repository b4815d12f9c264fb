// One React Query hook per 学时申报 endpoint (docs/api.md).
import type {
  ApplicationKindList,
  ApplicationListQuery,
  CountyDecisionBody,
  CreditApplication,
  CreditApplicationBody,
  CreditApplicationList,
  SchoolReviewBody,
} from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../lib/http';

export const applicationKeys = {
  all: ['credit-applications'] as const,
  kinds: ['credit-applications', 'kinds'] as const,
  list: (q: Partial<ApplicationListQuery>) => ['credit-applications', 'list', q] as const,
  one: (id: number) => ['credit-applications', 'one', id] as const,
};

/** GET /api/credit-applications/kinds */
export function useApplicationKinds() {
  return useQuery({
    queryKey: applicationKeys.kinds,
    queryFn: () => http.get<ApplicationKindList>('/api/credit-applications/kinds'),
    staleTime: 5 * 60_000,
  });
}

/** GET /api/credit-applications */
export function useApplications(q: Partial<ApplicationListQuery>) {
  return useQuery({
    queryKey: applicationKeys.list(q),
    queryFn: () => http.get<CreditApplicationList>('/api/credit-applications', q),
    placeholderData: keepPreviousData,
  });
}

/** GET /api/credit-applications/:id */
export function useApplication(id: number | null) {
  return useQuery({
    queryKey: applicationKeys.one(id ?? 0),
    queryFn: () => http.get<CreditApplication>(`/api/credit-applications/${id}`),
    enabled: id != null,
  });
}

/** Any transition changes lists, counts, the detail and the teacher's credits. */
function useInvalidate() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: applicationKeys.all }),
      qc.invalidateQueries({ queryKey: ['credits'] }),
      qc.invalidateQueries({ queryKey: ['notifications'] }),
    ]);
}

/** POST /api/credit-applications, or PUT /api/credit-applications/:id (edit / resubmit) */
export function useSaveApplication() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: CreditApplicationBody }) =>
      id
        ? http.put<CreditApplication>(`/api/credit-applications/${id}`, body)
        : http.post<CreditApplication>('/api/credit-applications', body),
    onSuccess: invalidate,
  });
}

/** POST /api/credit-applications/:id/withdraw */
export function useWithdrawApplication() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => http.post<CreditApplication>(`/api/credit-applications/${id}/withdraw`),
    onSuccess: invalidate,
  });
}

/** POST /api/credit-applications/:id/review (school) */
export function useReviewApplication() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: SchoolReviewBody }) =>
      http.post<CreditApplication>(`/api/credit-applications/${id}/review`, body),
    onSuccess: invalidate,
  });
}

/** POST /api/credit-applications/:id/decide (county) */
export function useDecideApplication() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: CountyDecisionBody }) =>
      http.post<CreditApplication>(`/api/credit-applications/${id}/decide`, body),
    onSuccess: invalidate,
  });
}
