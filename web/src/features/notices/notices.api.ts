// React Query hooks of notices (通知公告): inbox, detail, publish, sent list, read receipts.
import type {
  NoticeCreateBody,
  NoticeDetail,
  NoticeInbox,
  NoticeReceipts,
  NoticeSchoolReceipt,
  NoticeSentList,
  NoticeUpdateBody,
} from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { downloadUrl, http } from '../../lib/http';

export const noticeKeys = {
  all: ['notices'] as const,
  inbox: (p: object) => ['notices', 'inbox', p] as const,
  sent: (p: object) => ['notices', 'sent', p] as const,
  one: (id: number) => ['notices', 'one', id] as const,
  schools: (id: number, p: object) => ['notices', 'one', id, 'schools', p] as const,
  people: (id: number, p: object) => ['notices', 'one', id, 'people', p] as const,
};

export function useNoticeInbox(p: { unread: boolean; page: number; pageSize: number }) {
  return useQuery({
    queryKey: noticeKeys.inbox(p),
    queryFn: () =>
      http.get<NoticeInbox>('/api/notices', {
        unread: p.unread ? 'true' : undefined,
        page: p.page,
        pageSize: p.pageSize,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useSentNotices(p: { q?: string; page: number; pageSize: number }, enabled = true) {
  return useQuery({
    queryKey: noticeKeys.sent(p),
    queryFn: () => http.get<NoticeSentList>('/api/notices/sent', p),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Opening a notice marks it read on the server, so the inbox and the bell are refreshed after it. */
export function useNotice(id: number) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: noticeKeys.one(id),
    queryFn: async () => {
      const d = await http.get<NoticeDetail>(`/api/notices/${id}`);
      void qc.invalidateQueries({ queryKey: ['notices', 'inbox'] });
      void qc.invalidateQueries({ queryKey: ['notifications'] });
      return d;
    },
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function usePublishNotice() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NoticeCreateBody) => http.post<NoticeDetail>('/api/notices', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: noticeKeys.all }),
  });
}

export function useSchoolReceipts(id: number, p: { incomplete: boolean; page: number; pageSize: number }) {
  return useQuery({
    queryKey: noticeKeys.schools(id, p),
    queryFn: () =>
      http.get<{ items: NoticeSchoolReceipt[]; total: number }>(`/api/notices/${id}/receipts/schools`, {
        incomplete: p.incomplete ? 'true' : undefined,
        page: p.page,
        pageSize: p.pageSize,
      }),
    placeholderData: keepPreviousData,
  });
}

export function usePersonReceipts(
  id: number,
  p: { status?: 'read' | 'unread'; schoolId?: number; q?: string; page: number; pageSize: number },
) {
  return useQuery({
    queryKey: noticeKeys.people(id, p),
    queryFn: () => http.get<NoticeReceipts>(`/api/notices/${id}/receipts`, p),
    placeholderData: keepPreviousData,
  });
}

export const exportReceipts = (id: number) => downloadUrl(`/api/notices/${id}/receipts/export`);

/** PUT /api/notices/:id: new words and files for a published notice (marked 已修改). */
export function useEditNotice(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NoticeUpdateBody) => http.put<NoticeDetail>(`/api/notices/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: noticeKeys.all }),
  });
}

/** POST /api/notices/:id/withdraw with the reason. */
export function useWithdrawNotice(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => http.post<NoticeDetail>(`/api/notices/${id}/withdraw`, { reason }),
    onSuccess: () => qc.invalidateQueries({ queryKey: noticeKeys.all }),
  });
}
