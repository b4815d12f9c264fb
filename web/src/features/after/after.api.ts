// React Query hooks of the after-training pages: report-backs (成果汇报) and reflections (心得体会).
import type {
  MyReflectionItem,
  Reflection,
  ReflectionCountQuery,
  ReflectionCounts,
  ReflectionCreateBody,
  ReflectionQuery,
  ReflectionReviewBody,
  ReflectionUpdateBody,
  ReportBack,
  ReportBackDetail,
  ReportBackQuery,
  ReportBackSchoolStats,
  ReportBackSettings,
  ReportBackStatsQuery,
  ReportBackSubmitBody,
} from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { downloadUrl, http } from '../../lib/http';

export interface ListResult<T> {
  items: T[];
  total: number;
}

type Q<T> = Partial<T>;

export const afterKeys = {
  reportBacks: ['after', 'report-backs'] as const,
  reportBackList: (q: Q<ReportBackQuery>) => ['after', 'report-backs', 'list', q] as const,
  reportBack: (id: number) => ['after', 'report-backs', 'one', id] as const,
  bySchool: (q: Q<ReportBackStatsQuery>) => ['after', 'report-backs', 'by-school', q] as const,
  settings: ['after', 'report-back-settings'] as const,
  reflections: ['after', 'reflections'] as const,
  reflectionList: (q: Q<ReflectionQuery>) => ['after', 'reflections', 'list', q] as const,
  myReflections: (page: number) => ['after', 'reflections', 'mine', page] as const,
  reflectionCounts: (q: Q<ReflectionCountQuery>) => ['after', 'reflections', 'counts', q] as const,
};

// ---------- report-backs ----------

export function useReportBacks(q: Q<ReportBackQuery>) {
  return useQuery({
    queryKey: afterKeys.reportBackList(q),
    queryFn: () => http.get<ListResult<ReportBack>>('/api/report-backs', q),
    placeholderData: keepPreviousData,
  });
}

export function useReportBack(id: number | null) {
  return useQuery({
    queryKey: afterKeys.reportBack(id ?? 0),
    queryFn: () => http.get<ReportBackDetail>(`/api/report-backs/${id}`),
    enabled: id != null,
  });
}

export function useReportBackSchools(q: Q<ReportBackStatsQuery>) {
  return useQuery({
    queryKey: afterKeys.bySchool(q),
    queryFn: () => http.get<ReportBackSchoolStats>('/api/report-backs/by-school', q),
    placeholderData: keepPreviousData,
  });
}

export const exportReportBackSchools = (q: Pick<ReportBackStatsQuery, 'year' | 'areaId'>) =>
  downloadUrl('/api/report-backs/by-school/export', q);

export function useReportBackSettings(enabled = true) {
  return useQuery({
    queryKey: afterKeys.settings,
    queryFn: () => http.get<ReportBackSettings>('/api/report-backs/settings'),
    enabled,
  });
}

export function useSaveReportBackSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReportBackSettings) => http.put<ReportBackSettings>('/api/report-backs/settings', body),
    onSuccess: (data) => qc.setQueryData(afterKeys.settings, data),
  });
}

function useReportBackWrite<V>(fn: (v: V) => Promise<ReportBackDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (data) => {
      qc.setQueryData(afterKeys.reportBack(data.id), data);
      return qc.invalidateQueries({ queryKey: afterKeys.reportBacks });
    },
  });
}

export const useSubmitReportBack = () =>
  useReportBackWrite(({ id, body }: { id: number; body: ReportBackSubmitBody }) =>
    http.put<ReportBackDetail>(`/api/report-backs/${id}`, body),
  );

export const useVerifyReportBack = () =>
  useReportBackWrite((id: number) => http.post<ReportBackDetail>(`/api/report-backs/${id}/verify`));

export const useReturnReportBack = () =>
  useReportBackWrite(({ id, reason }: { id: number; reason: string }) =>
    http.post<ReportBackDetail>(`/api/report-backs/${id}/return`, { reason }),
  );

// ---------- reflections ----------

export function useReflections(q: Q<ReflectionQuery>, enabled = true) {
  return useQuery({
    queryKey: afterKeys.reflectionList(q),
    queryFn: () => http.get<ListResult<Reflection>>('/api/reflections', q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useMyReflections(page: number, pageSize = 10) {
  return useQuery({
    queryKey: afterKeys.myReflections(page),
    queryFn: () => http.get<ListResult<MyReflectionItem>>('/api/reflections/mine', { page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useReflectionCounts(q: Q<ReflectionCountQuery>, enabled = true) {
  return useQuery({
    queryKey: afterKeys.reflectionCounts(q),
    queryFn: () => http.get<ReflectionCounts>('/api/reflections/counts', q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

function useReflectionWrite<V>(fn: (v: V) => Promise<Reflection>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: afterKeys.reflections }) });
}

export const useCreateReflection = () =>
  useReflectionWrite((body: ReflectionCreateBody) => http.post<Reflection>('/api/reflections', body));

export const useUpdateReflection = () =>
  useReflectionWrite(({ id, body }: { id: number; body: ReflectionUpdateBody }) =>
    http.put<Reflection>(`/api/reflections/${id}`, body),
  );

export const useReviewReflection = () =>
  useReflectionWrite(({ id, body }: { id: number; body: ReflectionReviewBody }) =>
    http.post<Reflection>(`/api/reflections/${id}/review`, body),
  );
