// React Query hooks of the credit bank (docs/api.md: credits): rule set, progress, ledger
// corrections, the progress list and its export, certified statements and their verification.
import {
  type CreditAdjustmentBody,
  type CreditProgress,
  type CreditRuleSet,
  type CreditRulesResponse,
  type CreditStatement,
  type CreditStatementDetail,
  cycleOf,
  type ProgressFilter,
  type ProgressList,
  type RulePreset,
  type StatementPeriod,
  type StatementVerification,
} from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { downloadUrl, http } from '../../lib/http';

export const creditKeys = {
  all: ['credits'] as const,
  rules: ['credits', 'rules'] as const,
  presets: ['credits', 'presets'] as const,
  teacher: (id: number, cycle?: number) => ['credits', 'teacher', id, cycle ?? 'current'] as const,
  progress: (q: object) => ['credits', 'progress', q] as const,
  statements: (teacherId: number) => ['credits', 'statements', teacherId] as const,
  statement: (number: string) => ['credits', 'statement', number] as const,
  verify: (number: string) => ['credits', 'verify', number] as const,
};

/** GET /api/credit-rules */
export function useCreditRules() {
  return useQuery({ queryKey: creditKeys.rules, queryFn: () => http.get<CreditRulesResponse>('/api/credit-rules') });
}

/** The cycle containing today (China time) under the county's rules. */
export function useCurrentCycle() {
  const rules = useCreditRules();
  if (!rules.data) return undefined;
  const year = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
  return cycleOf(rules.data.rules, year);
}

/** GET /api/credit-rules/presets */
export function useCreditPresets() {
  return useQuery({
    queryKey: creditKeys.presets,
    queryFn: () => http.get<{ items: { id: RulePreset; rules: CreditRuleSet }[] }>('/api/credit-rules/presets'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** PUT /api/credit-rules */
export function useSaveCreditRules() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (rules: CreditRuleSet) => http.put<CreditRulesResponse>('/api/credit-rules', rules),
    onSuccess: (data) => {
      qc.setQueryData(creditKeys.rules, data);
      return qc.invalidateQueries({ queryKey: creditKeys.all });
    },
  });
}

/** GET /api/teachers/:id/credits */
export function useTeacherCredits(teacherId: number | null | undefined, cycle?: number) {
  return useQuery({
    queryKey: creditKeys.teacher(teacherId ?? 0, cycle),
    queryFn: () => http.get<CreditProgress>(`/api/teachers/${teacherId}/credits`, { cycle }),
    enabled: !!teacherId,
    placeholderData: keepPreviousData,
  });
}

export interface ProgressQuery {
  cycle?: number;
  schoolId?: number;
  areaId?: number;
  status: ProgressFilter;
  q?: string;
  page: number;
  pageSize: number;
}

/** GET /api/credits/progress */
export function useProgressList(q: ProgressQuery) {
  return useQuery({
    queryKey: creditKeys.progress(q),
    queryFn: () => http.get<ProgressList>('/api/credits/progress', { ...q }),
    placeholderData: keepPreviousData,
  });
}

/** GET /api/credits/progress/export */
export function exportProgress(q: Omit<ProgressQuery, 'page' | 'pageSize'>) {
  downloadUrl('/api/credits/progress/export', { ...q });
}

function useInvalidateCredits() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: creditKeys.all });
}

/** POST /api/teachers/:id/credit-adjustments */
export function useAdjustCredits(teacherId: number) {
  const done = useInvalidateCredits();
  return useMutation({
    mutationFn: (body: CreditAdjustmentBody) =>
      http.post<{ id: number }>(`/api/teachers/${teacherId}/credit-adjustments`, body),
    onSuccess: done,
  });
}

/** POST /api/credit-entries/:id/reverse */
export function useReverseEntry() {
  const done = useInvalidateCredits();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) =>
      http.post<{ id: number }>(`/api/credit-entries/${id}/reverse`, { reason }),
    onSuccess: done,
  });
}

/** GET /api/teachers/:id/credit-statements */
export function useStatements(teacherId: number | null | undefined) {
  return useQuery({
    queryKey: creditKeys.statements(teacherId ?? 0),
    queryFn: () => http.get<{ items: CreditStatement[] }>(`/api/teachers/${teacherId}/credit-statements`),
    enabled: !!teacherId,
  });
}

/** POST /api/teachers/:id/credit-statements */
export function useIssueStatement(teacherId: number) {
  const done = useInvalidateCredits();
  return useMutation({
    mutationFn: (body: { period: StatementPeriod; year: number }) =>
      http.post<CreditStatement>(`/api/teachers/${teacherId}/credit-statements`, body),
    onSuccess: done,
  });
}

/** GET /api/credit-statements/:number */
export function useStatement(number: string) {
  return useQuery({
    queryKey: creditKeys.statement(number),
    queryFn: () => http.get<CreditStatementDetail>(`/api/credit-statements/${encodeURIComponent(number)}`),
    enabled: !!number,
    retry: false,
  });
}

/** POST /api/credit-statements/:number/revoke */
export function useRevokeStatement() {
  const done = useInvalidateCredits();
  return useMutation({
    mutationFn: ({ number, reason }: { number: string; reason: string }) =>
      http.post<{ ok: true }>(`/api/credit-statements/${encodeURIComponent(number)}/revoke`, { reason }),
    onSuccess: done,
  });
}

/** GET /api/verify/statements/:number (public) */
export function useVerifyStatement(number: string) {
  return useQuery({
    queryKey: creditKeys.verify(number),
    queryFn: () => http.get<StatementVerification>(`/api/verify/statements/${encodeURIComponent(number)}`),
    enabled: !!number,
    retry: false,
  });
}

export const statementPdfUrl = (number: string) => `/api/credit-statements/${encodeURIComponent(number)}/pdf`;
export const statementPrintPath = (number: string) => `/credit/statements/${encodeURIComponent(number)}/print`;
