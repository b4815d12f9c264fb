// React Query hook of the overview statistics.
import type { Overview } from '@shixun/common';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { http } from '../../lib/http';

export interface OverviewScope {
  areaId?: number;
  consortiumId?: number;
  schoolId?: number;
}

export function useOverview(scope: OverviewScope, enabled = true) {
  return useQuery({
    queryKey: ['stats', 'overview', scope],
    queryFn: () => http.get<Overview>('/api/stats/overview', { ...scope }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    enabled,
  });
}
