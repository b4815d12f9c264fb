// 通知公告: publish (recipients materialised, bell notifications, attachments linked, audited — one
// transaction), the recipient's inbox and detail (opening marks it read), the sender's receipts.
import {
  can,
  type NoticeAudience,
  type NoticeCreateBody,
  type NoticeDetail,
  type NoticeUpdateBody,
  ROLE_LABELS,
  type Role,
  SCHOOL_NOTICE_ROLES,
} from '@shixun/common';
import type { Db, Exec } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, forbidden, invalid, notFound } from '../../http/errors.js';
import {
  attachmentsOf,
  linkAttachments,
  registerAttachmentOwner,
  replaceAttachments,
} from '../attachments/attachments.service.js';
import * as repo from './notices.repo.js';

export const NOTICE_OWNER = 'notice';

/** Attachments of a notice are served to whoever may read the notice. */
export function registerNoticeAttachments() {
  registerAttachmentOwner(NOTICE_OWNER, async (exec, user, ownerId) => {
    const n = await repo.readableNotice(exec, user, ownerId);
    // A withdrawn notice's files stay with its managers only.
    return !!n && (!n.withdrawn_at || n.can_manage);
  });
}

/**
 * Edit: the sender's side of a notice the caller manages (noticeScope): the county its own notices,
 * a school admin its school's.
 */
function mayEdit(user: CurrentUser, n: { can_manage: boolean; school_id: number | null }): boolean {
  if (!can(user.role, 'notices.publish') || !n.can_manage) return false;
  return user.role === 'school_admin' || n.school_id == null;
}

/** Withdraw: as edit, and the county any notice of the county (supervision). */
function mayWithdraw(user: CurrentUser, n: { can_manage: boolean; school_id: number | null }): boolean {
  return can(user.role, 'notices.publish') && n.can_manage;
}

/** What a school admin may send (notices.publish: county and school admins): their own school, to its school admins and teachers. */
function effectiveAudience(user: CurrentUser, a: NoticeAudience): NoticeAudience {
  if (user.role !== 'school_admin') return a;
  if (user.schoolId == null) throw forbidden('该学校管理员账号未关联学校，不能发布通知');
  const allowed = new Set<Role>(SCHOOL_NOTICE_ROLES);
  const outside = a.roles.filter((r) => !allowed.has(r));
  if (outside.length) {
    throw forbidden(
      `学校管理员只能向本校的学校管理员和教师发送通知（不能发给：${outside.map((r) => ROLE_LABELS[r]).join('、')}）`,
    );
  }
  if (a.scope !== 'schools' || a.schoolIds.some((id) => id !== user.schoolId)) {
    throw forbidden('学校管理员只能向本校发送通知');
  }
  return { scope: 'schools', areaIds: [], schoolIds: [user.schoolId!], roles: a.roles };
}

export async function publishNotice(db: Db, actor: Actor, body: NoticeCreateBody): Promise<number> {
  const user = actor.user;
  const audience = effectiveAudience(user, body.audience);
  const areaIds = audience.scope === 'areas' ? [...new Set(audience.areaIds)] : [];
  const schoolIds = audience.scope === 'schools' ? [...new Set(audience.schoolIds)] : [];
  const roles = [...new Set(audience.roles)];
  const [areas, schools] = await Promise.all([
    repo.areasIn(db, user.regionId, areaIds),
    repo.schoolsIn(db, user.regionId, schoolIds),
  ]);
  const missingArea = areaIds.find((id) => !areas.some((a) => a.id === id));
  if (missingArea) throw invalid(`学区 ${missingArea} 不存在`, { 'audience.areaIds': `学区 ${missingArea} 不存在` });
  const missingSchool = schoolIds.find((id) => !schools.some((s) => s.id === id));
  if (missingSchool) {
    throw invalid(`学校 ${missingSchool} 不存在`, { 'audience.schoolIds': `学校 ${missingSchool} 不存在` });
  }
  const stored = { scope: audience.scope, areaIds, schoolIds, roles };
  return db.transaction(async (tx) => {
    const id = await repo.insertNotice(tx, {
      regionId: user.regionId,
      schoolId: user.role === 'school_admin' ? user.schoolId : null,
      title: body.title,
      body: body.body,
      audience: stored,
      createdBy: user.id,
    });
    const n = await repo.insertRecipients(tx, id, user.regionId, user.id, stored);
    if (n === 0) {
      throw invalid('所选范围内没有符合条件的接收人，请调整发送范围或接收人类型', { audience: '没有接收人' });
    }
    await repo.setRecipientCount(tx, id, n);
    await linkAttachments(tx, actor, body.attachmentIds, { kind: NOTICE_OWNER, id });
    await repo.notifyRecipients(tx, id, body.title);
    await record(tx, actor, {
      action: 'notice.publish',
      entity: 'notice',
      entityId: id,
      after: { title: body.title, audience: stored, recipientCount: n, attachmentIds: body.attachmentIds },
    });
    return id;
  });
}

/** The notice for the caller; a recipient's first opening marks it read. */
export async function openNotice(db: Db, user: CurrentUser, id: number): Promise<NoticeDetail> {
  const n = await repo.readableNotice(db, user, id);
  if (!n) throw notFound('通知');
  let readAt = n.read_at;
  if (n.is_recipient && !readAt && !n.withdrawn_at) readAt = (await repo.markRead(db, user.id, id)) ?? readAt;
  else if (n.is_recipient && n.edited_at) await repo.markBellRead(db, user.id, id);
  // A recipient of a withdrawn notice learns that it was withdrawn, and why; not its words or files.
  const hidden = !!n.withdrawn_at && !n.can_manage;
  const [files, areas, schools, read] = await Promise.all([
    hidden ? Promise.resolve(new Map()) : attachmentsOf(db, NOTICE_OWNER, [id]),
    repo.areasIn(db, n.region_id, n.audience.areaIds ?? []),
    repo.schoolsIn(db, n.region_id, n.audience.schoolIds ?? []),
    n.can_manage ? repo.readCount(db, id) : Promise.resolve(0),
  ]);
  return {
    id: n.id,
    title: n.title,
    body: hidden ? '' : n.body,
    sender: n.sender,
    senderSchoolId: n.school_id,
    publishedAt: n.published_at,
    attachments: files.get(id) ?? [],
    readAt,
    canManage: n.can_manage,
    audience: {
      scope: n.audience.scope,
      areas: areas.map((a) => a.name),
      schools: schools.map((s) => s.name),
      roles: n.audience.roles as Role[],
    },
    recipientCount: n.can_manage ? n.recipient_count : 0,
    readCount: read,
    editedAt: n.edited_at,
    withdrawnAt: n.withdrawn_at,
    withdrawReason: n.withdraw_reason,
    canEdit: !n.withdrawn_at && mayEdit(user, n),
    canWithdraw: !n.withdrawn_at && mayWithdraw(user, n),
  };
}

/**
 * Edits a published notice's words and files (the recipients stay those it went to): marked
 * 已修改 everywhere it is shown, its recipients told again, audited before → after.
 */
export async function editNotice(db: Db, actor: Actor, id: number, body: NoticeUpdateBody): Promise<void> {
  const user = actor.user;
  await db.transaction(async (tx) => {
    const n = await repo.readableNotice(tx, user, id);
    if (!n) throw notFound('通知');
    if (!mayEdit(user, n)) {
      throw forbidden('只有发布单位可以修改通知（县级通知由县级管理员，学校通知由本校管理员）');
    }
    if (n.withdrawn_at) throw conflict('通知已撤回，不能再修改');
    await repo.updateNotice(tx, id, { title: body.title, body: body.body });
    await replaceAttachments(tx, actor, body.attachmentIds, { kind: NOTICE_OWNER, id });
    await repo.notifyRecipientsOf(tx, id, `通知已修改：${body.title}`.slice(0, 200), '请重新查看修改后的内容');
    await record(tx, actor, {
      action: 'notice.update',
      entity: 'notice',
      entityId: id,
      before: { title: n.title, body: n.body },
      after: { title: body.title, body: body.body, attachmentIds: body.attachmentIds },
    });
  });
}

/** Withdraws a published notice with a reason: out of the recipients' inboxes; audited. */
export async function withdrawNotice(db: Db, actor: Actor, id: number, reason: string): Promise<void> {
  const user = actor.user;
  await db.transaction(async (tx) => {
    const n = await repo.readableNotice(tx, user, id);
    if (!n) throw notFound('通知');
    if (!mayWithdraw(user, n)) {
      throw forbidden('只有发布单位或县级管理员可以撤回通知');
    }
    if (n.withdrawn_at) throw conflict('通知已撤回');
    await repo.withdrawNotice(tx, id, user.id, reason);
    await record(tx, actor, {
      action: 'notice.withdraw',
      entity: 'notice',
      entityId: id,
      before: { title: n.title },
      after: { withdrawn: true, reason },
    });
  });
}

/** The notice if the caller may see its receipts. */
export async function managedNotice(exec: Exec, user: CurrentUser, id: number) {
  const n = await repo.readableNotice(exec, user, id);
  if (!n?.can_manage) throw notFound('通知');
  return n;
}
