// HTTP for notices (通知公告): inbox and detail for recipients; publish, sent list and read receipts
// (per school, per person, .xlsx) for senders.
import {
  errorEnvelope,
  idParam,
  noticeCreateBody,
  noticeDetail,
  noticeInbox,
  noticeInboxQuery,
  noticeReceipts,
  noticeReceiptsQuery,
  noticeSchoolReceipts,
  noticeSchoolReceiptsQuery,
  noticeSentList,
  noticeSentQuery,
  noticeUpdateBody,
  noticeWithdrawBody,
  ROLE_LABELS,
  type Role,
} from '@shixun/common';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { offsetOf } from '../../http/pagination.js';
import { datedFilename } from '../../lib/xlsx-export.js';
import * as repo from './notices.repo.js';
import {
  editNotice,
  managedNotice,
  openNotice,
  publishNotice,
  registerNoticeAttachments,
  withdrawNotice,
} from './notices.service.js';

const tags = ['notices'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };

const beijing = (ts: string | null) =>
  ts ? new Date(new Date(ts).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '';

export async function noticesRoutes(app: App, deps: Deps) {
  const { db } = deps;
  registerNoticeAttachments();

  app.get(
    '/api/notices',
    {
      config: { permission: 'notices.read' },
      schema: {
        tags,
        summary: '我收到的通知（未读在前，再按发布时间倒序）',
        querystring: noticeInboxQuery,
        response: { 200: noticeInbox, ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      const res = await repo.inbox(db, userOf(req), {
        unreadOnly: q.unread === 'true',
        limit: q.pageSize,
        offset: offsetOf(q),
      });
      return {
        items: res.items.map((r) => ({
          id: r.id,
          title: r.title,
          sender: r.sender,
          publishedAt: r.published_at,
          readAt: r.read_at,
          attachmentCount: r.attachment_count,
          editedAt: r.edited_at,
        })),
        total: res.total,
        unread: res.unread,
      };
    },
  );

  app.post(
    '/api/notices',
    {
      config: { permission: 'notices.publish' },
      schema: {
        tags,
        summary:
          '发布通知：县级管理员可发全县、指定学区、指定学校，按角色选择接收人；学校管理员只能发本校的学校管理员和教师',
        body: noticeCreateBody,
        response: { 200: noticeDetail, ...errors },
      },
    },
    async (req) => {
      const id = await publishNotice(db, actorOf(req), req.body);
      return openNotice(db, userOf(req), id);
    },
  );

  app.get(
    '/api/notices/sent',
    {
      config: { permission: 'notices.track' },
      schema: {
        tags,
        summary: '已发通知（县级：全县各级发出的；学校：本校发出的），含已读人数',
        querystring: noticeSentQuery,
        response: { 200: noticeSentList, ...errors },
      },
    },
    async (req) => {
      const user = userOf(req);
      const q = req.query;
      const res = await repo.sentList(db, user, { q: q.q, limit: q.pageSize, offset: offsetOf(q) });
      return {
        items: res.items.map((r) => ({
          id: r.id,
          title: r.title,
          sender: r.sender,
          publishedAt: r.published_at,
          recipientCount: r.recipient_count,
          readCount: r.read_count,
          attachmentCount: r.attachment_count,
          editedAt: r.edited_at,
          withdrawnAt: r.withdrawn_at,
          withdrawReason: r.withdraw_reason,
        })),
        total: res.total,
      };
    },
  );

  app.get(
    '/api/notices/:id',
    {
      config: { permission: 'notices.read' },
      schema: {
        tags,
        summary: '通知详情（接收人首次打开即记为已读）',
        params: idParam,
        response: { 200: noticeDetail, ...errors },
      },
    },
    async (req) => openNotice(db, userOf(req), req.params.id),
  );

  app.get(
    '/api/notices/:id/receipts/schools',
    {
      config: { permission: 'notices.track' },
      schema: {
        tags,
        summary: '阅读回执：按学校汇总（应读、已读），阅读率低的在前',
        params: idParam,
        querystring: noticeSchoolReceiptsQuery,
        response: { 200: noticeSchoolReceipts, ...errors },
      },
    },
    async (req) => {
      const n = await managedNotice(db, userOf(req), req.params.id);
      const q = req.query;
      const res = await repo.schoolReceipts(db, n.id, {
        incompleteOnly: q.incomplete === 'true',
        limit: q.pageSize,
        offset: offsetOf(q),
      });
      return {
        items: res.items.map((r) => ({
          schoolId: r.school_id,
          schoolName: r.school_name,
          total: r.total,
          read: r.read,
        })),
        total: res.total,
      };
    },
  );

  app.get(
    '/api/notices/:id/receipts',
    {
      config: { permission: 'notices.track' },
      schema: {
        tags,
        summary: '阅读回执：逐人（可按已读/未读、学校、姓名筛选）',
        params: idParam,
        querystring: noticeReceiptsQuery,
        response: { 200: noticeReceipts, ...errors },
      },
    },
    async (req) => {
      const n = await managedNotice(db, userOf(req), req.params.id);
      const q = req.query;
      const res = await repo.personReceipts(db, n.id, {
        status: q.status,
        schoolId: q.schoolId,
        q: q.q,
        limit: q.pageSize,
        offset: offsetOf(q),
      });
      return {
        items: res.items.map((r) => ({
          userId: r.user_id,
          name: r.name,
          role: r.role as Role,
          schoolName: r.school_name,
          readAt: r.read_at,
        })),
        total: res.total,
        read: res.read,
        unread: res.unread,
      };
    },
  );

  app.get(
    '/api/notices/:id/receipts/export',
    {
      config: { permission: 'notices.track' },
      schema: {
        tags,
        summary: '导出阅读回执（.xlsx：学校、姓名、身份、是否已读、阅读时间）',
        params: idParam,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => {
      const n = await managedNotice(db, userOf(req), req.params.id);
      const list = await repo.allReceipts(db, n.id);
      return sendAuditedExport(reply, db, actorOf(req), {
        name: '阅读回执',
        filename: datedFilename(`阅读回执-${n.title.slice(0, 40)}`),
        action: 'notice.receipts_export',
        entity: 'notice',
        entityId: n.id,
        columns: [
          { header: '学校', key: 'school_name', width: 28, value: (r) => r.school_name ?? '（无所属学校）' },
          { header: '姓名', key: 'name', width: 14 },
          { header: '身份', key: 'role', width: 16, value: (r) => ROLE_LABELS[r.role as Role] ?? r.role },
          { header: '状态', key: 'read_at', width: 8, value: (r) => (r.read_at ? '已读' : '未读') },
          { header: '阅读时间（北京时间）', key: 'read_time', width: 20, value: (r) => beijing(r.read_at) },
        ],
        rows: list,
      });
    },
  );

  app.put(
    '/api/notices/:id',
    {
      config: { permission: 'notices.publish' },
      schema: {
        tags,
        summary:
          '修改已发布的通知（标题、正文、附件；接收范围不变）：发布单位（县级通知由县级管理员，学校通知由本校管理员）；标记“已修改”并再次提醒接收人',
        params: idParam,
        body: noticeUpdateBody,
        response: { 200: noticeDetail, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await editNotice(db, actor, req.params.id, req.body);
      return openNotice(db, actor.user, req.params.id);
    },
  );

  app.post(
    '/api/notices/:id/withdraw',
    {
      config: { permission: 'notices.publish' },
      schema: {
        tags,
        summary: '撤回已发布的通知（须填原因）：发布单位或县级管理员；接收人的收件箱不再显示，打开时只见撤回原因',
        params: idParam,
        body: noticeWithdrawBody,
        response: { 200: noticeDetail, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await withdrawNotice(db, actor, req.params.id, req.body.reason);
      return openNotice(db, actor.user, req.params.id);
    },
  );
}
