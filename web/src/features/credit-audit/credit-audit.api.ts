// One React Query hook per audit-table endpoint (docs/api.md, "Yearly audit table").
import type { AuditTable, AuditTableList, AuditTableListQuery } from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { downloadUrl, http } from '../../lib/http';

export const auditKey = ['creditAudit'] as const;
const base = (schoolId: number, year: number) => `/api/credit-audit/schools/${schoolId}/years/${year}`;

/** The school year (named by its first year) that today falls in: September starts a new one. */
export function currentSchoolYear(now = new Date()): number {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(
    now,
  ); // "2026-11"
  const y = Number(day.slice(0, 4));
  return Number(day.slice(5, 7)) >= 9 ? y : y - 1;
}

/** GET /api/credit-audit/tables */
export function useAuditTables(q: Partial<AuditTableListQuery> & { year: number }) {
  return useQuery({
    queryKey: [...auditKey, 'list', q],
    queryFn: () => http.get<AuditTableList>('/api/credit-audit/tables', q),
    placeholderData: keepPreviousData,
  });
}

/** GET /api/credit-audit/schools/:schoolId/years/:year */
export function useAuditTable(schoolId: number | null, year: number) {
  return useQuery({
    queryKey: [...auditKey, 'table', schoolId, year],
    queryFn: () => http.get<AuditTable>(base(schoolId!, year)),
    enabled: schoolId != null && schoolId > 0,
  });
}

type Action = 'generate' | 'submit' | 'sign-off' | 'return';

/** POST …/generate | submit | sign-off | return */
export function useAuditAction(schoolId: number, year: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, reason }: { action: Action; reason?: string }) =>
      http.post<AuditTable>(`${base(schoolId, year)}/${action}`, action === 'return' ? { reason } : {}),
    onSuccess: (data) => {
      qc.setQueryData([...auditKey, 'table', schoolId, year], data);
      return qc.invalidateQueries({ queryKey: [...auditKey, 'list'] });
    },
  });
}

/** GET …/export (.xlsx download) */
export function exportAuditTable(schoolId: number, year: number) {
  downloadUrl(`${base(schoolId, year)}/export`);
}
