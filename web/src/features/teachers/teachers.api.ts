// One React Query hook per teachers endpoint (docs/api.md).
import type { Teacher, TeacherBody, TeacherDetail, TeacherListQuery, TeacherStatus } from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { downloadUrl, http } from '../../lib/http';

export type TeacherFilters = Partial<Omit<TeacherListQuery, 'page' | 'pageSize'>> & {
  page?: number;
  pageSize?: number;
};

export type TeacherUpdate = Partial<Omit<TeacherBody, 'schoolId' | 'idNumber'>> & { idNumber?: string };
export interface TransferInput {
  schoolId: number;
  reason?: string;
}
export interface StatusInput {
  status: TeacherStatus;
  date?: string;
  reason?: string;
}

export const teachersKey = ['teachers'] as const;

/** Teacher writes change the roster and the counts shown by schools, areas and the dashboard. */
export function useInvalidateRoster() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: teachersKey }),
      qc.invalidateQueries({ queryKey: ['org'] }),
      qc.invalidateQueries({ queryKey: ['stats'] }),
    ]);
}

/** GET /api/teachers */
export function useTeachers(query: TeacherFilters) {
  return useQuery({
    queryKey: [...teachersKey, 'list', query],
    queryFn: () => http.get<{ items: Teacher[]; total: number }>('/api/teachers', query),
    placeholderData: keepPreviousData,
  });
}

/** GET /api/teachers/:id */
export function useTeacher(id: number | null | undefined) {
  return useQuery({
    queryKey: [...teachersKey, 'detail', id],
    queryFn: () => http.get<TeacherDetail>(`/api/teachers/${id}`),
    enabled: typeof id === 'number' && Number.isInteger(id) && id > 0,
  });
}

/**
 * GET /api/teachers/:id?reveal=true: the full ID number for county admins. Every call is audited, so it
 * lives outside the `teachers` key (roster invalidations must not re-reveal) and is never refetched.
 */
export function useRevealedTeacher(id: number | null | undefined) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: ['teacherReveal', id],
    queryFn: async () => {
      const r = await http.get<TeacherDetail>(`/api/teachers/${id}`, { reveal: true });
      // The reveal itself is now in the record's history.
      void qc.invalidateQueries({ queryKey: [...teachersKey, 'detail', id] });
      return r;
    },
    enabled: typeof id === 'number' && Number.isInteger(id) && id > 0,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0, // a revealed ID number should not linger in memory once hidden
    refetchOnMount: false,
    refetchOnReconnect: false,
  });
}

/** POST /api/teachers */
export function useCreateTeacher() {
  const invalidate = useInvalidateRoster();
  return useMutation({
    mutationFn: (body: TeacherBody) => http.post<TeacherDetail>('/api/teachers', body),
    onSuccess: invalidate,
  });
}

/** PATCH /api/teachers/:id */
export function useUpdateTeacher(id: number) {
  const invalidate = useInvalidateRoster();
  return useMutation({
    mutationFn: (body: TeacherUpdate) => http.patch<TeacherDetail>(`/api/teachers/${id}`, body),
    onSuccess: invalidate,
  });
}

/** POST /api/teachers/:id/transfer */
export function useTransferTeacher(id: number) {
  const invalidate = useInvalidateRoster();
  return useMutation({
    mutationFn: (body: TransferInput) => http.post<TeacherDetail>(`/api/teachers/${id}/transfer`, body),
    onSuccess: invalidate,
  });
}

/** POST /api/teachers/:id/status (调出 / 退休, or 在职 to reinstate) */
export function useSetTeacherStatus(id: number) {
  const invalidate = useInvalidateRoster();
  return useMutation({
    mutationFn: (body: StatusInput) => http.post<TeacherDetail>(`/api/teachers/${id}/status`, body),
    onSuccess: invalidate,
  });
}

/** GET /api/teachers/export: the browser downloads the .xlsx with the list's filters. */
export function exportTeachers(filters: TeacherFilters) {
  const { page: _p, pageSize: _s, ...rest } = filters;
  downloadUrl('/api/teachers/export', rest);
}
