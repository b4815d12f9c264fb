// React Query hooks of the drafted year-end summary and the leader's dashboard with its drill-down
// lists (person-times, teachers untrained this year, schools below target).
import type {
  Dashboard,
  DashboardBreakdowns,
  DashboardQuery,
  PersonTimeRow,
  PersonTimesQuery,
  SchoolTargetList,
  UntrainedQuery,
  UntrainedRow,
  YearSummary,
  YearSummaryQuery,
  YearSummarySaveBody,
} from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { downloadUrl, http } from '../../lib/http';

type Q<T> = Partial<T>;

export const reportKeys = {
  summary: (q: Q<YearSummaryQuery>) => ['reports', 'year-summary', q] as const,
  dashboard: (q: Q<DashboardQuery>) => ['reports', 'dashboard', q] as const,
  breakdowns: (q: Q<DashboardQuery>) => ['reports', 'breakdowns', q] as const,
  below: (q: Q<DashboardQuery>) => ['reports', 'below-target', q] as const,
  personTimes: (q: Q<PersonTimesQuery>) => ['reports', 'person-times', q] as const,
  untrained: (q: Q<UntrainedQuery>) => ['reports', 'untrained', q] as const,
};

export function useYearSummary(q: Q<YearSummaryQuery>) {
  return useQuery({
    queryKey: reportKeys.summary(q),
    queryFn: () => http.get<YearSummary>('/api/reports/year-summary', q),
    placeholderData: keepPreviousData,
  });
}

export function useSaveYearSummary() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: YearSummarySaveBody) => http.put<YearSummary>('/api/reports/year-summary', body),
    onSuccess: (s, body) => qc.setQueryData(reportKeys.summary({ year: body.year, schoolId: body.schoolId }), s),
  });
}

export const downloadYearSummary = (q: Q<YearSummaryQuery> & { source: 'draft' | 'edited' }) =>
  downloadUrl('/api/reports/year-summary.docx', q);

export function useDashboard(q: Q<DashboardQuery>) {
  return useQuery({
    queryKey: reportKeys.dashboard(q),
    queryFn: () => http.get<Dashboard>('/api/reports/dashboard', q),
    placeholderData: keepPreviousData,
  });
}

export function useBreakdowns(q: Q<DashboardQuery>) {
  return useQuery({
    queryKey: reportKeys.breakdowns(q),
    queryFn: () => http.get<DashboardBreakdowns>('/api/reports/dashboard/breakdowns', q),
    placeholderData: keepPreviousData,
  });
}

export function useSchoolsBelowTarget(q: Q<DashboardQuery>) {
  return useQuery({
    queryKey: reportKeys.below(q),
    queryFn: () => http.get<SchoolTargetList>('/api/reports/dashboard/schools-below-target', q),
    placeholderData: keepPreviousData,
  });
}

export function usePersonTimes(q: Q<PersonTimesQuery>) {
  return useQuery({
    queryKey: reportKeys.personTimes(q),
    queryFn: () => http.get<{ items: PersonTimeRow[]; total: number }>('/api/reports/person-times', q),
    placeholderData: keepPreviousData,
  });
}

export function useUntrained(q: Q<UntrainedQuery>) {
  return useQuery({
    queryKey: reportKeys.untrained(q),
    queryFn: () => http.get<{ items: UntrainedRow[]; total: number }>('/api/reports/untrained', q),
    placeholderData: keepPreviousData,
  });
}
