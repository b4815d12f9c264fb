// React Query hooks of the weekly report (工作周报).
import type { WeeklyList, WeeklyReport } from '@shixun/common';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { downloadUrl, http } from '../../lib/http';

export const weeklyKeys = {
  list: (page: number, pageSize: number) => ['weekly', 'list', page, pageSize] as const,
  one: (weekStart: string) => ['weekly', 'one', weekStart] as const,
};

export function useWeeklyList(page: number, pageSize: number) {
  return useQuery({
    queryKey: weeklyKeys.list(page, pageSize),
    queryFn: () => http.get<WeeklyList>('/api/weekly-reports', { page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useWeeklyReport(weekStart: string) {
  return useQuery({
    queryKey: weeklyKeys.one(weekStart),
    queryFn: () => http.get<WeeklyReport>(`/api/weekly-reports/${weekStart}`),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(weekStart),
  });
}

export const exportWeek = (weekStart: string) => downloadUrl(`/api/weekly-reports/${weekStart}/export`);
