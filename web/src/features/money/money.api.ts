// One React Query hook per endpoint of the money feature: settings, budgets (overview, detail,
// bulk save, export), expenses and reimbursement claims (docs/api.md).
import type {
  BudgetDetail,
  BudgetOverview,
  BudgetPutBody,
  ClaimCreateBody,
  ClaimItem,
  ClaimList,
  ClaimStatus,
  ExpenseCategory,
  ExpenseCreateBody,
  ExpenseList,
  MoneySettings,
  MoneySettingsBody,
  TripList,
} from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { downloadUrl, http } from '../../lib/http';

export const moneyKeys = {
  all: ['money'] as const,
  settings: ['money', 'settings'] as const,
  budgets: (p: BudgetParams) => ['money', 'budgets', p] as const,
  detail: (year: number, schoolId: number | null) => ['money', 'budget-detail', year, schoolId] as const,
  expenses: (p: ExpenseParams) => ['money', 'expenses', p] as const,
  claims: (p: ClaimParams) => ['money', 'claims', p] as const,
  claim: (id: number) => ['money', 'claim', id] as const,
  trips: (teacherId?: number) => ['money', 'trips', teacherId ?? null] as const,
};

export interface BudgetParams {
  year: number;
  page?: number;
  pageSize?: number;
  areaId?: number;
  q?: string;
}
export interface ExpenseParams {
  page?: number;
  pageSize?: number;
  year?: number;
  schoolId?: number;
  county?: 'true';
  projectId?: number;
  category?: ExpenseCategory;
}
export interface ClaimParams {
  page?: number;
  pageSize?: number;
  status?: ClaimStatus;
  todo?: 'true';
  schoolId?: number;
  q?: string;
}

function useInvalidateMoney() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: moneyKeys.all }),
      qc.invalidateQueries({ queryKey: ['notifications'] }),
    ]);
}

// ---------- settings ----------

/** GET /api/money/settings */
export function useMoneySettings(enabled = true) {
  return useQuery({
    queryKey: moneyKeys.settings,
    queryFn: () => http.get<MoneySettings>('/api/money/settings'),
    enabled,
    staleTime: 30_000,
  });
}

/** PUT /api/money/settings */
export function useSaveMoneySettings() {
  const invalidate = useInvalidateMoney();
  return useMutation({
    mutationFn: (body: MoneySettingsBody) => http.put<MoneySettings>('/api/money/settings', body),
    onSuccess: invalidate,
  });
}

// ---------- budgets ----------

/** GET /api/budgets */
export function useBudgets(p: BudgetParams) {
  return useQuery({
    queryKey: moneyKeys.budgets(p),
    queryFn: () => http.get<BudgetOverview>('/api/budgets', { ...p }),
    placeholderData: keepPreviousData,
  });
}

/** GET /api/budgets/detail (schoolId null: the county's own budget) */
export function useBudgetDetail(year: number, schoolId: number | null, enabled: boolean) {
  return useQuery({
    queryKey: moneyKeys.detail(year, schoolId),
    queryFn: () => http.get<BudgetDetail>('/api/budgets/detail', { year, schoolId: schoolId ?? undefined }),
    enabled,
  });
}

/** PUT /api/budgets */
export function useSaveBudgets() {
  const invalidate = useInvalidateMoney();
  return useMutation({
    mutationFn: (body: BudgetPutBody) => http.put<{ saved: number; trainingShare: string }>('/api/budgets', body),
    onSuccess: invalidate,
  });
}

/** GET /api/budgets/export */
export const exportBudgets = (year: number) => downloadUrl('/api/budgets/export', { year });

// ---------- expenses ----------

/** GET /api/expenses */
export function useExpenses(p: ExpenseParams) {
  return useQuery({
    queryKey: moneyKeys.expenses(p),
    queryFn: () => http.get<ExpenseList>('/api/expenses', { ...p }),
    placeholderData: keepPreviousData,
  });
}

/** POST /api/expenses */
export function useCreateExpense() {
  const invalidate = useInvalidateMoney();
  return useMutation({
    mutationFn: (body: ExpenseCreateBody) => http.post<{ id: number }>('/api/expenses', body),
    onSuccess: invalidate,
  });
}

/** DELETE /api/expenses/:id */
export function useDeleteExpense() {
  const invalidate = useInvalidateMoney();
  return useMutation({
    mutationFn: (id: number) => http.del(`/api/expenses/${id}`),
    onSuccess: invalidate,
  });
}

// ---------- claims ----------

/** GET /api/claims */
export function useClaims(p: ClaimParams) {
  return useQuery({
    queryKey: moneyKeys.claims(p),
    queryFn: () => http.get<ClaimList>('/api/claims', { ...p }),
    placeholderData: keepPreviousData,
  });
}

/** GET /api/claims/:id */
export function useClaim(id: number | null) {
  return useQuery({
    queryKey: moneyKeys.claim(id ?? 0),
    queryFn: () => http.get<ClaimItem>(`/api/claims/${id}`),
    enabled: id != null && id > 0,
  });
}

/** GET /api/claims/trips */
export function useTrips(enabled: boolean, teacherId?: number) {
  return useQuery({
    queryKey: moneyKeys.trips(teacherId),
    queryFn: () => http.get<TripList>('/api/claims/trips', { teacherId }),
    enabled,
  });
}

/** POST /api/claims */
export function useCreateClaim() {
  const invalidate = useInvalidateMoney();
  return useMutation({
    mutationFn: (body: ClaimCreateBody) => http.post<{ id: number }>('/api/claims', body),
    onSuccess: invalidate,
  });
}

/** POST /api/claims/:id/approve | pay | reject */
export function useClaimDecision() {
  const invalidate = useInvalidateMoney();
  return useMutation({
    mutationFn: ({ id, action, reason }: { id: number; action: 'approve' | 'pay' | 'reject'; reason?: string }) =>
      http.post<ClaimItem>(`/api/claims/${id}/${action}`, action === 'reject' ? { reason } : {}),
    onSuccess: invalidate,
  });
}

/** POST /api/claims/:id/report-back: create the trip's missing report-back task. */
export function useCreateClaimReportBack() {
  const invalidate = useInvalidateMoney();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http.post<ClaimItem>(`/api/claims/${id}/report-back`, {}),
    onSuccess: () => Promise.all([invalidate(), qc.invalidateQueries({ queryKey: ['after'] })]),
  });
}

/** POST /api/claims/:id/waive-report-back (county admin, with a reason). */
export function useWaiveClaimReportBack() {
  const invalidate = useInvalidateMoney();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) =>
      http.post<ClaimItem>(`/api/claims/${id}/waive-report-back`, { reason }),
    onSuccess: invalidate,
  });
}
