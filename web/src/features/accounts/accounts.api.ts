// React Query hooks of the account administration endpoints (county admins).
import type { Account, AccountState, AccountUpdateBody, accountBody, Role, SlipBatch } from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { http } from '../../lib/http';

export type AccountBody = z.infer<typeof accountBody>;

export interface AccountListParams {
  page: number;
  pageSize: number;
  q?: string;
  role?: Role;
  excludeRole?: Role;
  schoolId?: number;
  disabled?: 'true' | 'false';
  state?: AccountState;
}

const key = ['accounts'] as const;

export function useAccounts(p: AccountListParams) {
  return useQuery({
    queryKey: [...key, 'list', p],
    queryFn: () => http.get<{ items: Account[]; total: number }>('/api/accounts', { ...p }),
    placeholderData: keepPreviousData,
  });
}

function useAccountMutation<V, R = unknown>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: key }) });
}

/** Without a password the new account gets an activation code: `batch` holds its slip (shown once). */
export const useCreateAccount = () =>
  useAccountMutation((body: AccountBody) => http.post<Account & { batch: SlipBatch | null }>('/api/accounts', body));

export const useUpdateAccount = () =>
  useAccountMutation(({ id, body }: { id: number; body: AccountUpdateBody }) =>
    http.patch<Account>(`/api/accounts/${id}`, body),
  );

export const useResetPassword = () =>
  useAccountMutation(({ id, password }: { id: number; password: string }) =>
    http.post(`/api/accounts/${id}/reset-password`, { password }),
  );

export const useSetDisabled = () =>
  useAccountMutation(({ id, disabled }: { id: number; disabled: boolean }) =>
    http.post<Account>(`/api/accounts/${id}/disabled`, { disabled }),
  );

export const useUnlockAccount = () =>
  useAccountMutation((id: number) => http.post<Account>(`/api/accounts/${id}/unlock`));
