import type { ActivateBody, LoginBody, Me } from '@shixun/common';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, http } from '../../lib/http';

export const meKey = ['auth', 'me'] as const;

/** The signed-in user, or null when signed out. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async () => {
      try {
        return await http.get<Me>('/api/auth/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => http.post<{ user: Me }>('/api/auth/login', body),
    onSuccess: (res) => {
      qc.clear();
      qc.setQueryData(meKey, res.user);
    },
  });
}

/** POST /api/auth/activate: the slip's code and a new password; signs in on success. */
export function useActivate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ActivateBody) => http.post<{ user: Me }>('/api/auth/activate', body),
    onSuccess: (res) => {
      qc.clear();
      qc.setQueryData(meKey, res.user);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => http.post('/api/auth/logout'),
    onSuccess: () => {
      qc.clear();
      qc.setQueryData(meKey, null);
    },
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => http.post('/api/auth/password', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: meKey }),
  });
}
