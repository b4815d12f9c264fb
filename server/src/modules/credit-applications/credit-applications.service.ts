// 学时申报: submit / edit-and-resubmit / withdraw (teacher), pass on or return (school), approve or
// return (county). Each transition is one transaction: a guarded UPDATE (the status it starts from
// is in the WHERE, so two reviewers cannot both act), the audit row, the teacher's notifications
// and — on approval — the ledger entry (source 'application', source_ref 'application:<id>').
import {
  APPLICATION_STATUS_LABELS,
  type ApplicationStatus,
  applicationRef,
  type CountyDecisionBody,
  type CreditApplication,
  type CreditApplicationInput,
  EDITABLE,
  type SchoolReviewBody,
  WITHDRAWABLE,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import { countyOf, teacherScope } from '../../access/scope.js';
import type { Db, Tx } from '../../db/client.js';
import { one } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, conflict, forbidden, invalid } from '../../http/errors.js';
import { linkAttachments, replaceAttachments } from '../attachments/attachments.service.js';
import { writeLedger } from '../credits/ledger-write.js';
import { notify, notifySchoolAdmins, notifyTeachers } from '../notifications/notifications.service.js';
import {
  type ApplicationRow,
  countyAdminIds,
  loadApplication,
  OWNER_KIND,
  presentOne,
} from './credit-applications.repo.js';
import { activityLabel } from './rules.js';

const TEACHER_LINK = '/my/credit-applications';
const ADMIN_LINK = '/credit/applications';
const NOTICE_KIND = 'credit_application';

// ---------- who may act ----------

/** The applicant's teacher record (credit-applications.submit is the teacher's own). */
function assertApplicant(user: CurrentUser): number {
  if (user.teacherId == null) throw forbidden('只有教师本人可以申报学时');
  return user.teacherId;
}

/** credit-applications.review: the county admin, or the admin of the applicant's school. */
function assertSchoolReviewer(user: CurrentUser, app: ApplicationRow) {
  if (user.role === 'county_admin') return;
  if (user.role === 'school_admin' && user.schoolId === app.school_id) return;
  throw forbidden('仅本校管理员可以审核学时申报');
}

function refuse(app: ApplicationRow, what: string): never {
  throw conflict(`该申报当前为“${APPLICATION_STATUS_LABELS[app.status]}”，${what}`);
}

function checkInput(body: CreditApplicationInput) {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  if (body.occurredOn > today) throw invalid('日期不能晚于今天', { occurredOn: '日期不能晚于今天' });
  if (body.occurredOn < '2000-01-01') throw invalid('日期过早', { occurredOn: '日期不能早于2000年' });
}

const label = (app: { kind: string; title: string }) => `${activityLabel(app.kind)}《${app.title}》`;

// ---------- teacher ----------

export async function submitApplication(
  db: Db,
  actor: Actor,
  body: CreditApplicationInput,
): Promise<CreditApplication> {
  const teacherId = assertApplicant(actor.user);
  checkInput(body);
  const id = await db.transaction(async (tx) => {
    const row = await one<{ id: number; school_id: number }>(
      tx,
      sql`insert into credit_applications (region_id, teacher_id, school_id, kind, title, occurred_on, level, quantity,
                                           claimed_hours, description, status, created_by)
          select t.region_id, t.id, t.school_id, ${body.kind}, ${body.title}, ${body.occurredOn}::date,
                 ${body.level ?? null}, ${body.quantity ?? null}, ${body.claimedHours}, ${body.description ?? null},
                 'pending', ${actor.user.id}
          from teachers t where t.id = ${teacherId} and ${teacherScope(countyOf(actor.user), 't')}
          returning id, school_id`,
    );
    if (!row) throw forbidden('教师档案不存在，无法申报');
    await record(tx, actor, {
      action: 'credit_application.submit',
      entity: 'credit_application',
      entityId: row.id,
      after: { ...body, status: 'pending' },
    });
    await linkAttachments(tx, actor, body.attachmentIds, { kind: OWNER_KIND, id: row.id });
    await notifySchoolAdmins(tx, actor.user.regionId, [row.school_id], {
      kind: NOTICE_KIND,
      title: `${actor.user.displayName} 提交了学时申报`,
      body: `${label(body)}，申报 ${body.claimedHours} 学时，请审核`,
      link: `${ADMIN_LINK}?id=${row.id}`,
    });
    return row.id;
  });
  return presentOne(db, actor.user, id);
}

/** Edits a pending application, or corrects a returned one and submits it again. */
export async function updateApplication(
  db: Db,
  actor: Actor,
  id: number,
  body: CreditApplicationInput,
): Promise<CreditApplication> {
  const teacherId = assertApplicant(actor.user);
  checkInput(body);
  await db.transaction(async (tx) => {
    const app = await loadApplication(tx, actor.user, id, true);
    if (app.teacher_id !== teacherId) throw forbidden('只能修改自己的申报');
    if (!EDITABLE.includes(app.status)) refuse(app, '不能再修改');
    const resubmit = app.status === 'returned';
    await tx.execute(
      sql`update credit_applications
          set kind = ${body.kind}, title = ${body.title}, occurred_on = ${body.occurredOn}::date, level = ${body.level ?? null},
              quantity = ${body.quantity ?? null}, claimed_hours = ${body.claimedHours},
              description = ${body.description ?? null}, status = 'pending',
              school_reviewed_by = null, school_reviewed_at = null, decided_by = null, decided_at = null,
              return_reason = null, returned_by = null,
              submitted_at = case when ${resubmit} then now() else submitted_at end, updated_at = now()
          where id = ${id}`,
    );
    await replaceAttachments(tx, actor, body.attachmentIds, { kind: OWNER_KIND, id });
    await record(tx, actor, {
      action: resubmit ? 'credit_application.resubmit' : 'credit_application.update',
      entity: 'credit_application',
      entityId: id,
      before: {
        kind: app.kind,
        title: app.title,
        occurredOn: app.occurred_on,
        claimedHours: Number(app.claimed_hours),
        status: app.status,
      },
      after: { ...body, status: 'pending' },
    });
    if (resubmit) {
      await notifySchoolAdmins(tx, actor.user.regionId, [app.school_id], {
        kind: NOTICE_KIND,
        title: `${actor.user.displayName} 重新提交了学时申报`,
        body: `${label(body)}，申报 ${body.claimedHours} 学时，请审核`,
        link: `${ADMIN_LINK}?id=${id}`,
      });
    }
  });
  return presentOne(db, actor.user, id);
}

export async function withdrawApplication(db: Db, actor: Actor, id: number): Promise<CreditApplication> {
  const teacherId = assertApplicant(actor.user);
  await db.transaction(async (tx) => {
    const app = await loadApplication(tx, actor.user, id, true);
    if (app.teacher_id !== teacherId) throw forbidden('只能撤回自己的申报');
    if (!WITHDRAWABLE.includes(app.status)) refuse(app, '不能撤回');
    await setStatus(tx, id, 'withdrawn');
    await record(tx, actor, {
      action: 'credit_application.withdraw',
      entity: 'credit_application',
      entityId: id,
      before: { status: app.status },
      after: { status: 'withdrawn' },
    });
  });
  return presentOne(db, actor.user, id);
}

async function setStatus(tx: Tx, id: number, status: ApplicationStatus) {
  await tx.execute(sql`update credit_applications set status = ${status}, updated_at = now() where id = ${id}`);
}

// ---------- school ----------

export async function reviewApplication(
  db: Db,
  actor: Actor,
  id: number,
  body: SchoolReviewBody,
): Promise<CreditApplication> {
  await db.transaction(async (tx) => {
    const app = await loadApplication(tx, actor.user, id, true);
    assertSchoolReviewer(actor.user, app);
    if (app.status !== 'pending') refuse(app, '不能进行学校审核');
    const pass = body.action === 'pass';
    await tx.execute(
      sql`update credit_applications
          set status = ${pass ? 'school_passed' : 'returned'}, school_reviewed_by = ${actor.user.id},
              school_reviewed_at = now(), return_reason = ${pass ? null : body.reason!},
              returned_by = ${pass ? null : 'school'}, updated_at = now()
          where id = ${id}`,
    );
    await record(tx, actor, {
      action: pass ? 'credit_application.school_pass' : 'credit_application.school_return',
      entity: 'credit_application',
      entityId: id,
      before: { status: app.status },
      after: { status: pass ? 'school_passed' : 'returned', reason: body.reason ?? null },
    });
    await notifyTeachers(tx, app.region_id, [app.teacher_id], {
      kind: NOTICE_KIND,
      title: pass ? '学时申报已通过学校审核' : '学时申报被学校退回',
      body: pass ? `${label(app)}已报县级审批` : `${label(app)}：${body.reason}。可修改后重新提交`,
      link: TEACHER_LINK,
    });
    if (pass) {
      await notify(tx, app.region_id, await countyAdminIds(tx, app.region_id), {
        kind: NOTICE_KIND,
        title: `${app.school_name} 报送了学时申报`,
        body: `${app.teacher_name}：${label(app)}，申报 ${Number(app.claimed_hours)} 学时，请审批`,
        link: `${ADMIN_LINK}?id=${id}`,
      });
    }
  });
  return presentOne(db, actor.user, id);
}

// ---------- county ----------

export async function decideApplication(
  db: Db,
  actor: Actor,
  id: number,
  body: CountyDecisionBody,
): Promise<CreditApplication> {
  await db.transaction(async (tx) => {
    const app = await loadApplication(tx, actor.user, id, true);
    if (app.status !== 'school_passed') {
      refuse(app, app.status === 'pending' ? '须先经学校审核' : '不能再审批');
    }
    if (body.action === 'return') {
      await tx.execute(
        sql`update credit_applications
            set status = 'returned', decided_by = ${actor.user.id}, decided_at = now(), return_reason = ${body.reason!},
                returned_by = 'county', updated_at = now()
            where id = ${id}`,
      );
      await record(tx, actor, {
        action: 'credit_application.county_return',
        entity: 'credit_application',
        entityId: id,
        before: { status: app.status },
        after: { status: 'returned', reason: body.reason },
      });
      await notifyTeachers(tx, app.region_id, [app.teacher_id], {
        kind: NOTICE_KIND,
        title: '学时申报被县级退回',
        body: `${label(app)}：${body.reason}。可修改后重新提交`,
        link: TEACHER_LINK,
      });
      return;
    }
    const granted = body.grantedHours ?? Number(app.claimed_hours);
    const [entry] = await writeLedger(
      tx,
      [
        {
          regionId: app.region_id,
          teacherId: app.teacher_id,
          source: 'application',
          sourceRef: applicationRef(id),
          category: app.kind,
          level: app.level,
          hours: granted,
          occurredOn: app.occurred_on,
          note: `学时申报：${label(app)}`,
          evidence: `${OWNER_KIND}:${id}`,
          approvedBy: actor.user.id,
          createdBy: actor.user.id,
        },
      ],
      { onConflict: 'nothing' },
    );
    if (!entry) throw new AppError('CONFLICT', '该申报已记入学时台账，请勿重复认定');
    await tx.execute(
      sql`update credit_applications
          set status = 'approved', granted_hours = ${granted}, decided_by = ${actor.user.id}, decided_at = now(),
              ledger_id = ${entry.id}, return_reason = null, returned_by = null, updated_at = now()
          where id = ${id}`,
    );
    await record(tx, actor, [
      {
        action: 'credit_application.approve',
        entity: 'credit_application',
        entityId: id,
        before: { status: app.status, claimedHours: Number(app.claimed_hours) },
        after: { status: 'approved', grantedHours: granted, ledgerId: Number(entry.id), reason: body.reason ?? null },
      },
      {
        action: 'credit.post',
        entity: 'credit_entry',
        entityId: Number(entry.id),
        after: { teacherId: app.teacher_id, source: 'application', sourceRef: applicationRef(id), hours: granted },
      },
    ]);
    const changed = granted !== Number(app.claimed_hours);
    await notifyTeachers(tx, app.region_id, [app.teacher_id], {
      kind: NOTICE_KIND,
      title: '学时申报已认定',
      body: `${label(app)}认定 ${granted} 学时${changed ? `（申报 ${Number(app.claimed_hours)} 学时）` : ''}${
        body.reason ? `：${body.reason}` : ''
      }，已记入学时台账`,
      link: TEACHER_LINK,
    });
  });
  return presentOne(db, actor.user, id);
}
