// React Query hooks of the organisation endpoints: areas (学区), consortia (教联体), schools.
import type { Area, Consortium, School, SchoolBody, SchoolType } from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { downloadUrl, http } from '../../lib/http';

export interface ListResult<T> {
  items: T[];
  total: number;
}

export interface SchoolOption {
  id: number;
  name: string;
  type: SchoolType;
  areaId: number | null;
  consortiumId: number | null;
  parentSchoolId?: number | null;
}

export interface SchoolFilters {
  q?: string;
  type?: string;
  areaId?: number;
  consortiumId?: number;
  urbanRural?: string;
}

export interface SchoolListParams extends SchoolFilters {
  page: number;
  pageSize: number;
  sort?: 'name' | 'type' | 'teacherCount';
  order?: 'asc' | 'desc';
}

export interface AreaBody {
  name: string;
  code?: string | null;
}

export interface ConsortiumBody {
  name: string;
  coreSchoolId?: number | null;
}

export const orgKeys = {
  all: ['org'] as const,
  areas: ['org', 'areas'] as const,
  consortia: ['org', 'consortia'] as const,
  schoolOptions: ['org', 'schools', 'options'] as const,
  schools: (p: SchoolListParams) => ['org', 'schools', 'list', p] as const,
  school: (id: number) => ['org', 'schools', 'one', id] as const,
};

/** Any org write changes counts shown elsewhere (lists, options, dashboard). */
function useInvalidateOrg() {
  const qc = useQueryClient();
  return () =>
    Promise.all([qc.invalidateQueries({ queryKey: orgKeys.all }), qc.invalidateQueries({ queryKey: ['stats'] })]);
}

// ---------- areas ----------
export function useAreas(enabled = true) {
  return useQuery({
    queryKey: orgKeys.areas,
    queryFn: () => http.get<ListResult<Area>>('/api/areas'),
    staleTime: 60_000,
    enabled,
  });
}

export function useSaveArea() {
  const invalidate = useInvalidateOrg();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: AreaBody }) =>
      id ? http.patch<Area>(`/api/areas/${id}`, body) : http.post<Area>('/api/areas', body),
    onSuccess: invalidate,
  });
}

export function useDeleteArea() {
  const invalidate = useInvalidateOrg();
  return useMutation({ mutationFn: (id: number) => http.del(`/api/areas/${id}`), onSuccess: invalidate });
}

// ---------- consortia ----------
export function useConsortia(enabled = true) {
  return useQuery({
    queryKey: orgKeys.consortia,
    queryFn: () => http.get<ListResult<Consortium>>('/api/consortia'),
    staleTime: 60_000,
    enabled,
  });
}

export function useSaveConsortium() {
  const invalidate = useInvalidateOrg();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: ConsortiumBody }) =>
      id ? http.patch<Consortium>(`/api/consortia/${id}`, body) : http.post<Consortium>('/api/consortia', body),
    onSuccess: invalidate,
  });
}

export function useDeleteConsortium() {
  const invalidate = useInvalidateOrg();
  return useMutation({ mutationFn: (id: number) => http.del(`/api/consortia/${id}`), onSuccess: invalidate });
}

// ---------- schools ----------
export function useSchools(p: SchoolListParams) {
  return useQuery({
    queryKey: orgKeys.schools(p),
    queryFn: () => http.get<ListResult<School>>('/api/schools', { ...p }),
    placeholderData: keepPreviousData,
  });
}

/** Every school in the caller's scope, for selects. */
export function useSchoolOptions(enabled = true) {
  return useQuery({
    queryKey: orgKeys.schoolOptions,
    queryFn: async () => {
      const r = await http.get<SchoolOption[] | ListResult<SchoolOption>>('/api/schools/options');
      return Array.isArray(r) ? r : r.items;
    },
    staleTime: 60_000,
    enabled,
  });
}

export function useSchool(id: number) {
  return useQuery({
    queryKey: orgKeys.school(id),
    queryFn: () => http.get<School>(`/api/schools/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

/** Area/school admins may send only address, principal and phone. */
export type SchoolPatch = Partial<SchoolBody>;

export function useSaveSchool() {
  const invalidate = useInvalidateOrg();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: SchoolPatch }) =>
      id ? http.patch<School>(`/api/schools/${id}`, body) : http.post<School>('/api/schools', body),
    onSuccess: invalidate,
  });
}

export function useDeleteSchool() {
  const invalidate = useInvalidateOrg();
  return useMutation({ mutationFn: (id: number) => http.del(`/api/schools/${id}`), onSuccess: invalidate });
}

/** Downloads the .xlsx of the schools matching the current filters. */
export function exportSchools(f: SchoolFilters) {
  downloadUrl('/api/schools/export', { ...f });
}
