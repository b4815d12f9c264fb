// One React Query hook per endpoint of the growth archive and the ethics record (docs/api.md).
import type { EthicsBody, EthicsRecord, GrowthArchive } from '@shixun/common';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../lib/http';

const valid = (id: number | null | undefined): id is number => typeof id === 'number' && Number.isInteger(id) && id > 0;

/** GET /api/teachers/:id/archive */
export function useArchive(teacherId: number | null | undefined) {
  return useQuery({
    queryKey: ['archive', teacherId],
    queryFn: () => http.get<GrowthArchive>(`/api/teachers/${teacherId}/archive`),
    enabled: valid(teacherId),
  });
}

/** GET /api/teachers/:id/ethics */
export function useEthics(teacherId: number | null | undefined) {
  return useQuery({
    queryKey: ['ethics', teacherId],
    queryFn: () => http.get<{ items: EthicsRecord[] }>(`/api/teachers/${teacherId}/ethics`),
    enabled: valid(teacherId),
  });
}

function useInvalidate(teacherId: number) {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['ethics', teacherId] }),
      qc.invalidateQueries({ queryKey: ['archive', teacherId] }),
    ]);
}

/** POST /api/teachers/:id/ethics */
export function useAddEthics(teacherId: number) {
  const invalidate = useInvalidate(teacherId);
  return useMutation({
    mutationFn: (body: EthicsBody) => http.post<EthicsRecord>(`/api/teachers/${teacherId}/ethics`, body),
    onSuccess: invalidate,
  });
}

/** DELETE /api/ethics-records/:id */
export function useDeleteEthics(teacherId: number) {
  const invalidate = useInvalidate(teacherId);
  return useMutation({
    mutationFn: (id: number) => http.del<{ ok: true }>(`/api/ethics-records/${id}`),
    onSuccess: invalidate,
  });
}
