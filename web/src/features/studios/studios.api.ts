// One React Query hook per endpoint of 名师工作室 (docs/api.md): list, export, the studio's page,
// set-up and changes, members, the host's activities and outputs, the county's yearly review.
import type {
  StudioActivityBody,
  StudioBody,
  StudioDetail,
  StudioItem,
  StudioListQuery,
  StudioOutputBody,
  StudioReviewBody,
  StudioUpdateBody,
} from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../lib/http';

export type StudioFilters = Partial<StudioListQuery>;

export const studioKeys = {
  all: ['studios'] as const,
  list: (q: StudioFilters) => ['studios', 'list', q] as const,
  one: (id: number) => ['studios', 'one', id] as const,
};

function useInvalidate() {
  const qc = useQueryClient();
  return () =>
    Promise.all([qc.invalidateQueries({ queryKey: studioKeys.all }), qc.invalidateQueries({ queryKey: ['credits'] })]);
}

/** GET /api/studios */
export function useStudios(q: StudioFilters) {
  return useQuery({
    queryKey: studioKeys.list(q),
    queryFn: () => http.get<{ items: StudioItem[]; total: number }>('/api/studios', q),
    placeholderData: keepPreviousData,
  });
}

/** GET /api/studios/:id */
export function useStudio(id: number | null) {
  return useQuery({
    queryKey: studioKeys.one(id ?? 0),
    queryFn: () => http.get<StudioDetail>(`/api/studios/${id}`),
    enabled: id != null,
  });
}

/** POST /api/studios */
export function useCreateStudio() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: StudioBody) => http.post<{ id: number }>('/api/studios', body),
    onSuccess: invalidate,
  });
}

/** PATCH /api/studios/:id */
export function useUpdateStudio() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: StudioUpdateBody }) =>
      http.patch<{ ok: true }>(`/api/studios/${id}`, body),
    onSuccess: invalidate,
  });
}

/** POST /api/studios/:id/members */
export function useAddMembers(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { teacherIds: number[]; joinedYear: number }) =>
      http.post<{ added: number }>(`/api/studios/${id}/members`, body),
    onSuccess: invalidate,
  });
}

/** DELETE /api/studios/:id/members/:teacherId */
export function useRemoveMember(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (teacherId: number) => http.del<{ ok: true }>(`/api/studios/${id}/members/${teacherId}`),
    onSuccess: invalidate,
  });
}

/** POST /api/studios/:id/activities (the host) */
export function useAddActivity(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: StudioActivityBody) => http.post<{ id: number }>(`/api/studios/${id}/activities`, body),
    onSuccess: invalidate,
  });
}

/** POST /api/studios/:id/outputs (the host) */
export function useAddOutput(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: StudioOutputBody) => http.post<{ id: number }>(`/api/studios/${id}/outputs`, body),
    onSuccess: invalidate,
  });
}

/** DELETE /api/studio-activities/:id or /api/studio-outputs/:id (the host) */
export function useDeleteStudioRecord() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ kind, id }: { kind: 'activity' | 'output'; id: number }) =>
      http.del<{ ok: true }>(kind === 'activity' ? `/api/studio-activities/${id}` : `/api/studio-outputs/${id}`),
    onSuccess: invalidate,
  });
}

/** POST /api/studios/:id/reviews (the county's yearly review) */
export function useReviewStudio(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: StudioReviewBody) =>
      http.post<{ posted: number; reversed: number }>(`/api/studios/${id}/reviews`, body),
    onSuccess: invalidate,
  });
}
