// 通知公告: publish (recipients materialised, bell notifications, attachments linked, audited — one
// transaction), the recipient's inbox and detail (opening marks it read), the sender's receipts.
import {
  type NoticeAudience,
  type NoticeCreateBody,
  type NoticeDetail,
  ROLE_LABELS,
  type Role,
  SCHOOL_NOTICE_ROLES,
} from '@shixun/common';
import type { Db, Exec } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { forbidden, invalid, notFound } from '../../http/errors.js';
import { attachmentsOf, linkAttachments, registerAttachmentOwner } from '../attachments/attachments.service.js';
import * as repo from './notices.repo.js';

export const NOTICE_OWNER = 'notice';

/** Attachments of a notice are served to whoever may read the notice. */
export function registerNoticeAttachments() {
  registerAttachmentOwner(
    NOTICE_OWNER,
    async (exec, user, ownerId) => !!(await repo.readableNotice(exec, user, ownerId)),
  );
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
  if (n.is_recipient && !readAt) readAt = (await repo.markRead(db, user.id, id)) ?? readAt;
  const [files, areas, schools, read] = await Promise.all([
    attachmentsOf(db, NOTICE_OWNER, [id]),
    repo.areasIn(db, n.region_id, n.audience.areaIds ?? []),
    repo.schoolsIn(db, n.region_id, n.audience.schoolIds ?? []),
    n.can_manage ? repo.readCount(db, id) : Promise.resolve(0),
  ]);
  return {
    id: n.id,
    title: n.title,
    body: n.body,
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
  };
}

/** The notice if the caller may see its receipts. */
export async function managedNotice(exec: Exec, user: CurrentUser, id: number) {
  const n = await repo.readableNotice(exec, user, id);
  if (!n?.can_manage) throw notFound('通知');
  return n;
}
