// React Query hooks of the audit log (county admins).
import type { AuditActionOption, AuditEntry } from '@shixun/common';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { http } from '../../lib/http';

export interface AuditListParams {
  page: number;
  pageSize: number;
  q?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  from?: string;
  to?: string;
}

export function useAuditLog(p: AuditListParams) {
  return useQuery({
    queryKey: ['audit', 'list', p],
    queryFn: () => http.get<{ items: AuditEntry[]; total: number }>('/api/audit', { ...p }),
    placeholderData: keepPreviousData,
  });
}

/** The actions present in the log, with their Chinese labels. */
export function useAuditActions() {
  return useQuery({
    queryKey: ['audit', 'actions'],
    queryFn: () => http.get<AuditActionOption[]>('/api/audit/actions'),
    staleTime: 5 * 60_000,
  });
}
