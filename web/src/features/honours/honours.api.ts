// One React Query hook per endpoint of teachers' honours (docs/api.md): levels, the list (with counts
// by status), export, entry, change, deletion, the county's verification and the counts per level.
import type {
  HonourBody,
  HonourLevel,
  HonourList,
  HonourListQuery,
  HonourStats,
  HonourUpdateBody,
  HonourVerifyBody,
} from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../lib/http';

export type HonourFilters = Partial<HonourListQuery>;

export const honourKeys = {
  all: ['honours'] as const,
  levels: ['honours', 'levels'] as const,
  list: (q: HonourFilters) => ['honours', 'list', q] as const,
  stats: (year: number) => ['honours', 'stats', year] as const,
};

function useInvalidate() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: honourKeys.all }),
      qc.invalidateQueries({ queryKey: ['archive'] }),
      qc.invalidateQueries({ queryKey: ['notifications'] }),
    ]);
}

/** GET /api/honours/levels */
export function useHonourLevels(enabled = true) {
  return useQuery({
    queryKey: honourKeys.levels,
    queryFn: () => http.get<{ items: HonourLevel[] }>('/api/honours/levels'),
    staleTime: 300_000,
    enabled,
  });
}

/** GET /api/honours */
export function useHonours(q: HonourFilters) {
  return useQuery({
    queryKey: honourKeys.list(q),
    queryFn: () => http.get<HonourList>('/api/honours', q),
    placeholderData: keepPreviousData,
  });
}

/** POST /api/honours */
export function useCreateHonour() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: HonourBody) => http.post<{ id: number }>('/api/honours', body),
    onSuccess: invalidate,
  });
}

/** PATCH /api/honours/:id */
export function useUpdateHonour() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: HonourUpdateBody }) =>
      http.patch<{ ok: true }>(`/api/honours/${id}`, body),
    onSuccess: invalidate,
  });
}

/** DELETE /api/honours/:id */
export function useDeleteHonour() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => http.del<{ ok: true }>(`/api/honours/${id}`),
    onSuccess: invalidate,
  });
}

/** POST /api/honours/verify: the county verifies or rejects (with a reason), in bulk */
export function useVerifyHonours() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: HonourVerifyBody) => http.post<{ changed: number }>('/api/honours/verify', body),
    onSuccess: invalidate,
  });
}

/** GET /api/stats/honours?year= */
export function useHonourStats(year: number, enabled = true) {
  return useQuery({
    queryKey: honourKeys.stats(year),
    queryFn: () => http.get<HonourStats>('/api/stats/honours', { year }),
    enabled,
  });
}
