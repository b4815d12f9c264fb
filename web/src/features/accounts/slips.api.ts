// React Query hooks of the account-slip endpoints: the per-school activation overview, issuing
// slips (one-time codes), school-admin accounts in bulk.
import type {
  ActivationOverview,
  BulkSchoolAdminsBody,
  BulkSchoolAdminsResult,
  IssueSlipsBody,
  SlipBatch,
} from '@shixun/common';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../lib/http';

const overviewKey = ['accounts', 'activation'] as const;

/** GET /api/accounts/activation */
export function useActivationOverview() {
  return useQuery({
    queryKey: overviewKey,
    queryFn: () => http.get<ActivationOverview>('/api/accounts/activation'),
  });
}

/** Writes that change account states: every list showing them is stale. */
function useInvalidateAccounts() {
  const qc = useQueryClient();
  return () =>
    Promise.all([qc.invalidateQueries({ queryKey: ['accounts'] }), qc.invalidateQueries({ queryKey: ['teachers'] })]);
}

/** POST /api/accounts/slips: the codes come back once, in this answer. */
export function useIssueSlips() {
  const invalidate = useInvalidateAccounts();
  return useMutation({
    mutationFn: (body: IssueSlipsBody) => http.post<SlipBatch>('/api/accounts/slips', body),
    onSuccess: invalidate,
  });
}

/** POST /api/accounts/school-admins (dryRun for the preview). */
export function useBulkSchoolAdmins() {
  const invalidate = useInvalidateAccounts();
  return useMutation({
    mutationFn: (body: BulkSchoolAdminsBody) => http.post<BulkSchoolAdminsResult>('/api/accounts/school-admins', body),
    onSuccess: (_r, body) => (body.dryRun ? undefined : invalidate()),
  });
}
