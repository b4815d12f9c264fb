// React Query hooks of the audit log (county admins).
import type { AuditActionOption, AuditEntry } from '@shixun/common';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
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

/** The actions present in the log, named in the reader's language (the server's, by the language cookie). */
export function useAuditActions() {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: ['audit', 'actions', i18n.language],
    queryFn: () => http.get<AuditActionOption[]>('/api/audit/actions'),
    staleTime: 5 * 60_000,
  });
}
