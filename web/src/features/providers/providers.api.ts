// One React Query hook per endpoint of training providers (docs/api.md): the county's register
// (list, export, detail, create, change), provider accounts (with their activation slips), the
// projects commissioned from a provider, and a provider account's own view.
import type {
  ProviderAccountBody,
  ProviderAccountCreated,
  ProviderBody,
  ProviderDetail,
  ProviderList,
  ProviderListQuery,
  ProviderSelf,
  ProviderUpdateBody,
} from '@shixun/common';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../lib/http';

export type ProviderFilters = Partial<ProviderListQuery>;

export const providerKeys = {
  all: ['providers'] as const,
  list: (q: ProviderFilters) => ['providers', 'list', q] as const,
  one: (id: number) => ['providers', 'one', id] as const,
  me: ['providers', 'me'] as const,
};

function useInvalidate() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: providerKeys.all }),
      qc.invalidateQueries({ queryKey: ['projects'] }),
    ]);
}

/** GET /api/providers */
export function useProviders(q: ProviderFilters) {
  return useQuery({ queryKey: providerKeys.list(q), queryFn: () => http.get<ProviderList>('/api/providers', q) });
}

/** GET /api/providers/:id */
export function useProvider(id: number | null) {
  return useQuery({
    queryKey: providerKeys.one(id ?? 0),
    queryFn: () => http.get<ProviderDetail>(`/api/providers/${id}`),
    enabled: id != null,
  });
}

/** POST /api/providers */
export function useCreateProvider() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ProviderBody) => http.post<{ id: number }>('/api/providers', body),
    onSuccess: invalidate,
  });
}

/** PATCH /api/providers/:id */
export function useUpdateProvider() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: ProviderUpdateBody }) =>
      http.patch<{ ok: true }>(`/api/providers/${id}`, body),
    onSuccess: invalidate,
  });
}

/** POST /api/providers/:id/accounts: an account and its one-time activation code (a slip) */
export function useCreateProviderAccount(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ProviderAccountBody) => http.post<ProviderAccountCreated>(`/api/providers/${id}/accounts`, body),
    onSuccess: invalidate,
  });
}

/** POST /api/providers/:id/projects: commission a county project */
export function useCommission(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (projectId: number) => http.post<{ ok: true }>(`/api/providers/${id}/projects`, { projectId }),
    onSuccess: invalidate,
  });
}

/** DELETE /api/providers/:id/projects/:projectId: withdraw the commission */
export function useWithdrawCommission(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (projectId: number) => http.del<{ ok: true }>(`/api/providers/${id}/projects/${projectId}`),
    onSuccess: invalidate,
  });
}

/** GET /api/providers/me (a provider account) */
export function useOwnProvider() {
  return useQuery({ queryKey: providerKeys.me, queryFn: () => http.get<ProviderSelf>('/api/providers/me') });
}
