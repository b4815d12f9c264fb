// 通知公告: the county (or a school for itself) publishes a notice to a chosen audience; recipients
// read it in the app; the sender follows read receipts per school and per person.
import { z } from 'zod';
import { attachmentDto, attachmentIds } from './attachments.js';
import { ROLES } from './enums.js';
import { bodyDbId, MAX_DB_INT } from './primitives.js';
import { pageQuery } from './schemas.js';

export const NOTICE_SCOPES = ['all', 'areas', 'schools'] as const;
export type NoticeScope = (typeof NOTICE_SCOPES)[number];
export const NOTICE_SCOPE_LABELS: Record<NoticeScope, string> = {
  all: '全县',
  areas: '指定学区',
  schools: '指定学校',
};

/** Roles a school admin may address (within their own school). */
export const SCHOOL_NOTICE_ROLES = ['school_admin', 'teacher'] as const;

export const noticeAudience = z
  .object({
    scope: z.enum(NOTICE_SCOPES, { message: '请选择发送范围' }),
    areaIds: z.array(bodyDbId).max(500).default([]),
    schoolIds: z.array(bodyDbId).max(2000).default([]),
    roles: z.array(z.enum(ROLES)).min(1, '请至少选择一类接收人').max(ROLES.length),
  })
  .superRefine((a, ctx) => {
    if (a.scope === 'areas' && a.areaIds.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['areaIds'], message: '请选择至少一个学区' });
    }
    if (a.scope === 'schools' && a.schoolIds.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['schoolIds'], message: '请选择至少一所学校' });
    }
  });
export type NoticeAudience = z.infer<typeof noticeAudience>;

export const noticeCreateBody = z.object({
  title: z.string().trim().min(1, '请填写标题').max(100, '标题最多100字'),
  body: z.string().trim().min(1, '请填写正文').max(20000, '正文最多20000字'),
  audience: noticeAudience,
  attachmentIds: attachmentIds.default([]),
});
export type NoticeCreateBody = z.infer<typeof noticeCreateBody>;

/** Editing after publishing: the words and files; the recipients stay those it was sent to. */
export const noticeUpdateBody = noticeCreateBody.omit({ audience: true });
export type NoticeUpdateBody = z.infer<typeof noticeUpdateBody>;

export const noticeWithdrawBody = z.object({
  reason: z.string().trim().min(2, '请填写撤回原因（至少 2 个字）').max(200, '撤回原因最多200字'),
});
export type NoticeWithdrawBody = z.infer<typeof noticeWithdrawBody>;

/** Shown on every view of a notice: when it was last edited after publishing (已修改), and a withdrawal. */
const noticeState = {
  editedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawReason: z.string().nullable(),
};

export const noticeInboxQuery = pageQuery.extend({
  unread: z.enum(['true', 'false']).optional(),
});

export const noticeInboxItem = z.object({
  id: z.number(),
  title: z.string(),
  sender: z.string(),
  publishedAt: z.string(),
  readAt: z.string().nullable(),
  attachmentCount: z.number(),
  editedAt: noticeState.editedAt,
});
export type NoticeInboxItem = z.infer<typeof noticeInboxItem>;
export const noticeInbox = z.object({
  items: z.array(noticeInboxItem),
  total: z.number(),
  unread: z.number(),
});
export type NoticeInbox = z.infer<typeof noticeInbox>;

export const noticeDetail = z.object({
  id: z.number(),
  title: z.string(),
  body: z.string(),
  sender: z.string(),
  senderSchoolId: z.number().nullable(),
  publishedAt: z.string(),
  attachments: z.array(attachmentDto),
  /** When the caller first opened it (null if the caller is not a recipient). */
  readAt: z.string().nullable(),
  /** The caller may see read receipts. */
  canManage: z.boolean(),
  audience: z.object({
    scope: z.enum(NOTICE_SCOPES),
    areas: z.array(z.string()),
    schools: z.array(z.string()),
    roles: z.array(z.enum(ROLES)),
  }),
  recipientCount: z.number(),
  readCount: z.number(),
  ...noticeState,
  /** The caller may edit it (its sender's side: the county for the county's, the school for its own). */
  canEdit: z.boolean(),
  /** The caller may withdraw it (as canEdit, and the county for any notice of the county). */
  canWithdraw: z.boolean(),
});
export type NoticeDetail = z.infer<typeof noticeDetail>;

export const noticeSentQuery = pageQuery.extend({
  q: z.string().trim().max(50).optional(),
});

export const noticeSentItem = z.object({
  id: z.number(),
  title: z.string(),
  sender: z.string(),
  publishedAt: z.string(),
  recipientCount: z.number(),
  readCount: z.number(),
  attachmentCount: z.number(),
  ...noticeState,
});
export type NoticeSentItem = z.infer<typeof noticeSentItem>;
export const noticeSentList = z.object({ items: z.array(noticeSentItem), total: z.number() });
export type NoticeSentList = z.infer<typeof noticeSentList>;

export const noticeSchoolReceiptsQuery = pageQuery.extend({
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  /** Only schools where someone has not read it yet. */
  incomplete: z.enum(['true', 'false']).optional(),
});
export const noticeSchoolReceipt = z.object({
  /** null: recipients without a school (county staff, area admins, trainers). */
  schoolId: z.number().nullable(),
  schoolName: z.string(),
  total: z.number(),
  read: z.number(),
});
export type NoticeSchoolReceipt = z.infer<typeof noticeSchoolReceipt>;
export const noticeSchoolReceipts = z.object({ items: z.array(noticeSchoolReceipt), total: z.number() });

export const noticeReceiptsQuery = pageQuery.extend({
  status: z.enum(['read', 'unread']).optional(),
  /** 0 = recipients without a school. */
  schoolId: z.coerce.number().int().min(0).max(MAX_DB_INT).optional(),
  q: z.string().trim().max(50).optional(),
});
export const noticeReceipt = z.object({
  userId: z.number(),
  name: z.string(),
  role: z.enum(ROLES),
  schoolName: z.string().nullable(),
  readAt: z.string().nullable(),
});
export type NoticeReceipt = z.infer<typeof noticeReceipt>;
export const noticeReceipts = z.object({
  items: z.array(noticeReceipt),
  total: z.number(),
  read: z.number(),
  unread: z.number(),
});
export type NoticeReceipts = z.infer<typeof noticeReceipts>;
