// Report-backs: the teacher records one (form, date, audience, summary, files), the school admin
// verifies or returns it, the county supervises per school. Scope is SQL: a teacher sees their own
// tasks, admins the tasks of the schools in their scope, trainers none.
import {
  can,
  REPORT_BACK_EDITABLE,
  REPORT_BACK_STATUS_LABELS,
  type ReportBack,
  type ReportBackDetail,
  type ReportBackQuery,
  type ReportBackSchoolRow,
  type ReportBackSchoolStats,
  type ReportBackStatsQuery,
  type ReportBackStatus,
  type ReportBackSubmitBody,
  reportBackRate,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { reportBackScope, schoolScope } from '../../access/scope.js';
import { type Db, type Exec, intArray, one, rows } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, forbidden, notFound } from '../../http/errors.js';
import { likeEscape, offsetOf } from '../../http/pagination.js';
import { attachmentsOf, replaceAttachments } from '../attachments/attachments.service.js';
import { iso } from '../enrolment/enrolment.shared.js';
import { notifySchoolAdmins, notifyTeachers } from '../notifications/notifications.service.js';
import { overdueDaysSql, overdueSql, reviewWaitDaysSql, submittedOn, TODAY } from './report-backs.tasks.js';

export const OWNER_KIND = 'report_back';

/** May verify or return (report-backs.review): the county admin, or the admin of the task's school. */
function assertReviewer(user: CurrentUser, schoolId: number) {
  if (user.role === 'county_admin') return;
  if (user.role === 'school_admin' && user.schoolId === schoolId) return;
  throw forbidden('只有本校管理员或县级管理员可以审核成果汇报');
}

interface Row {
  id: number;
  project_id: number;
  project_name: string;
  level: string;
  mode: string;
  project_start: string;
  project_end: string;
  teacher_id: number;
  teacher_name: string;
  school_id: number;
  school_name: string;
  due_on: string;
  status: ReportBackStatus;
  overdue: boolean;
  overdue_days: number;
  submitted_on: string | null;
  review_wait_days: number | null;
  form: string | null;
  held_on: string | null;
  audience: number | null;
  summary: string | null;
  submitted_at: string | null;
  verified_at: string | null;
  verified_by_name: string | null;
  return_reason: string | null;
  attachment_count: number;
}

const SELECT = sql`select rb.id, rb.project_id, p.name as project_name, p.level, p.mode,
    p.start_date::text as project_start, p.end_date::text as project_end, rb.teacher_id, t.name as teacher_name,
    rb.school_id, s.name as school_name, rb.due_on::text as due_on, rb.status,
    ${overdueSql(TODAY)} as overdue, ${overdueDaysSql(TODAY)} as overdue_days,
    ${submittedOn()}::text as submitted_on, ${reviewWaitDaysSql(TODAY)} as review_wait_days,
    rb.form, rb.held_on::text as held_on, rb.audience, rb.summary,
    ${iso(sql`rb.submitted_at`)} as submitted_at, ${iso(sql`rb.verified_at`)} as verified_at,
    vu.display_name as verified_by_name, rb.return_reason,
    (select count(*)::int from attachments at where at.owner_kind = ${OWNER_KIND} and at.owner_id = rb.id)
      as attachment_count
  from report_backs rb
  join projects p on p.id = rb.project_id
  join teachers t on t.id = rb.teacher_id
  join schools s on s.id = rb.school_id
  left join users vu on vu.id = rb.verified_by`;

const present = (r: Row): ReportBack => ({
  id: r.id,
  projectId: r.project_id,
  projectName: r.project_name,
  level: r.level,
  mode: r.mode,
  projectStart: r.project_start,
  projectEnd: r.project_end,
  teacherId: r.teacher_id,
  teacherName: r.teacher_name,
  schoolId: r.school_id,
  schoolName: r.school_name,
  dueOn: r.due_on,
  status: r.status,
  overdue: r.overdue,
  overdueDays: Number(r.overdue_days),
  submittedOn: r.submitted_on,
  reviewWaitDays: r.review_wait_days == null ? null : Number(r.review_wait_days),
  form: r.form,
  heldOn: r.held_on,
  audience: r.audience,
  summary: r.summary,
  submittedAt: r.submitted_at,
  verifiedAt: r.verified_at,
  verifiedByName: r.verified_by_name,
  returnReason: r.return_reason,
  attachmentCount: Number(r.attachment_count),
});

function filters(q: Partial<ReportBackQuery>): SQL {
  const c: SQL[] = [];
  if (q.status) c.push(sql`rb.status = ${q.status}`);
  if (q.overdue === 'true') c.push(overdueSql(TODAY));
  if (q.overdue === 'false') c.push(sql`not ${overdueSql(TODAY)}`);
  if (q.year) c.push(sql`rb.due_on >= make_date(${q.year}, 1, 1) and rb.due_on < make_date(${q.year + 1}, 1, 1)`);
  if (q.areaId) c.push(sql`s.area_id = ${q.areaId}`);
  if (q.schoolId) c.push(sql`rb.school_id = ${q.schoolId}`);
  if (q.projectId) c.push(sql`rb.project_id = ${q.projectId}`);
  if (q.q) {
    const like = `%${likeEscape(q.q)}%`;
    c.push(sql`(t.name like ${like} or p.name like ${like})`);
  }
  return c.length ? sql`and ${sql.join(c, sql` and `)}` : sql``;
}

export async function listReportBacks(
  exec: Exec,
  user: CurrentUser,
  q: ReportBackQuery,
): Promise<{ items: ReportBack[]; total: number }> {
  const where = sql`where ${reportBackScope(user)} ${filters(q)}`;
  // Teachers see what they still owe first; admins see what waits for them (submitted) first.
  const order =
    user.role === 'teacher'
      ? sql`(rb.status = 'verified'), rb.due_on desc, rb.id desc`
      : sql`(rb.status <> 'submitted'), (rb.status = 'verified'), rb.due_on, rb.id`;
  const items = await rows<Row>(
    exec,
    sql`${SELECT} ${where} order by ${order} limit ${q.pageSize} offset ${offsetOf(q)}`,
  );
  const total = await one<{ n: number }>(
    exec,
    sql`select count(*)::int as n from report_backs rb join projects p on p.id = rb.project_id
        join teachers t on t.id = rb.teacher_id join schools s on s.id = rb.school_id ${where}`,
  );
  return { items: items.map(present), total: Number(total?.n ?? 0) };
}

async function loadRow(exec: Exec, user: CurrentUser, id: number, lock = false): Promise<Row> {
  const r = await one<Row>(
    exec,
    sql`${SELECT} where rb.id = ${id} and ${reportBackScope(user)} ${lock ? sql`for update of rb` : sql``}`,
  );
  if (!r) throw notFound('成果汇报');
  return r;
}

export async function getReportBack(exec: Exec, user: CurrentUser, id: number): Promise<ReportBackDetail> {
  const r = await loadRow(exec, user, id);
  const files = await attachmentsOf(exec, OWNER_KIND, [r.id]);
  return { ...present(r), attachments: files.get(r.id) ?? [] };
}

/** Attachment access: whoever may see the report-back may open its files. */
export async function canReadReportBack(exec: Exec, user: CurrentUser, id: number): Promise<boolean> {
  if (!can(user.role, 'report-backs.read')) return false;
  const r = await one<{ id: number }>(
    exec,
    sql`select rb.id from report_backs rb join schools s on s.id = rb.school_id
        where rb.id = ${id} and ${reportBackScope(user)}`,
  );
  return !!r;
}

const snapshot = (r: Row) => ({
  status: r.status,
  form: r.form,
  heldOn: r.held_on,
  audience: r.audience,
  summary: r.summary,
  returnReason: r.return_reason,
});

/** The teacher records (or corrects, until verified) the report-back; it goes to the school for review. */
export async function submitReportBack(
  db: Db,
  actor: Actor,
  id: number,
  body: ReportBackSubmitBody,
): Promise<ReportBackDetail> {
  const user = actor.user;
  await db.transaction(async (tx) => {
    const r = await loadRow(tx, user, id, true);
    if (!REPORT_BACK_EDITABLE.includes(r.status)) {
      throw conflict(`成果汇报当前为“${REPORT_BACK_STATUS_LABELS[r.status]}”，不能再修改`);
    }
    if (body.heldOn < r.project_start) {
      throw conflict(`汇报日期不能早于培训开始日期（${r.project_start}）`, { heldOn: '汇报日期早于培训开始日期' });
    }
    const today = await one<{ d: string }>(tx, sql`select ${TODAY}::text as d`);
    if (today && body.heldOn > today.d) {
      throw conflict('汇报日期不能晚于今天：请在汇报开展之后再填写', { heldOn: '汇报日期晚于今天' });
    }
    await tx.execute(
      sql`update report_backs set status = 'submitted', form = ${body.form}, held_on = ${body.heldOn}::date,
            audience = ${body.audience}, summary = ${body.summary}, submitted_at = now(),
            first_submitted_at = coalesce(first_submitted_at, now()), return_reason = null,
            updated_at = now()
          where id = ${id}`,
    );
    // Files the teacher removed from the form are detached (the daily clean-up removes them).
    await replaceAttachments(tx, actor, body.attachmentIds, { kind: OWNER_KIND, id });
    await record(tx, actor, {
      action: r.status === 'submitted' ? 'report_back.update' : 'report_back.submit',
      entity: 'report_back',
      entityId: id,
      before: snapshot(r),
      after: {
        status: 'submitted',
        form: body.form,
        heldOn: body.heldOn,
        audience: body.audience,
        summary: body.summary,
        attachmentIds: body.attachmentIds,
      },
    });
    await notifySchoolAdmins(tx, user.regionId, [r.school_id], {
      kind: 'report_back.submitted',
      title: `${r.teacher_name}提交了《${r.project_name}》的成果汇报，请审核`,
      body: `${body.form}，${body.heldOn}，听众 ${body.audience} 人`,
      link: `/after/report-backs?open=${id}`,
    });
  });
  return getReportBack(db, user, id);
}

export async function verifyReportBack(db: Db, actor: Actor, id: number): Promise<ReportBackDetail> {
  await db.transaction(async (tx) => {
    const r = await loadRow(tx, actor.user, id, true);
    assertReviewer(actor.user, r.school_id);
    if (r.status !== 'submitted') {
      throw conflict(`成果汇报当前为“${REPORT_BACK_STATUS_LABELS[r.status]}”，只有待审核的汇报可以审核通过`);
    }
    await tx.execute(
      sql`update report_backs set status = 'verified', verified_at = now(), verified_by = ${actor.user.id},
            updated_at = now() where id = ${id}`,
    );
    await record(tx, actor, {
      action: 'report_back.verify',
      entity: 'report_back',
      entityId: id,
      before: { status: r.status },
      after: { status: 'verified' },
    });
    await notifyTeachers(tx, actor.user.regionId, [r.teacher_id], {
      kind: 'report_back.verified',
      title: `《${r.project_name}》的成果汇报已审核通过`,
      link: '/my/report-backs',
    });
  });
  return getReportBack(db, actor.user, id);
}

export async function returnReportBack(db: Db, actor: Actor, id: number, reason: string): Promise<ReportBackDetail> {
  await db.transaction(async (tx) => {
    const r = await loadRow(tx, actor.user, id, true);
    assertReviewer(actor.user, r.school_id);
    if (r.status !== 'submitted') {
      throw conflict(`成果汇报当前为“${REPORT_BACK_STATUS_LABELS[r.status]}”，只有待审核的汇报可以退回`);
    }
    await tx.execute(
      sql`update report_backs set status = 'returned', return_reason = ${reason}, updated_at = now() where id = ${id}`,
    );
    await record(tx, actor, {
      action: 'report_back.return',
      entity: 'report_back',
      entityId: id,
      before: { status: r.status },
      after: { status: 'returned', reason },
    });
    await notifyTeachers(tx, actor.user.regionId, [r.teacher_id], {
      kind: 'report_back.returned',
      title: `《${r.project_name}》的成果汇报被退回，请修改后重新提交`,
      body: `退回原因：${reason}`,
      link: '/my/report-backs',
    });
  });
  return getReportBack(db, actor.user, id);
}

// ---------- per-school supervision (督办) ----------

interface SchoolRow {
  school_id: number;
  school_name: string;
  area_name: string | null;
  due: number;
  done: number;
  verified: number;
  overdue: number;
  awaiting_review: number;
  longest_wait_days: number | null;
}

const COUNTS = sql`count(rb.id)::int as due,
  count(rb.id) filter (where rb.status in ('submitted', 'verified'))::int as done,
  count(rb.id) filter (where rb.status = 'verified')::int as verified,
  count(rb.id) filter (where ${overdueSql(TODAY)})::int as overdue,
  count(rb.id) filter (where rb.status = 'submitted')::int as awaiting_review,
  max(${reviewWaitDaysSql(TODAY)})::int as longest_wait_days`;

function statsSource(user: CurrentUser, q: Pick<ReportBackStatsQuery, 'year' | 'areaId'>): SQL {
  const year = q.year
    ? sql`and rb.due_on >= make_date(${q.year}, 1, 1) and rb.due_on < make_date(${q.year + 1}, 1, 1)`
    : sql``;
  return sql`from schools s left join areas a on a.id = s.area_id
    left join report_backs rb on rb.school_id = s.id and rb.region_id = s.region_id ${year}
    where ${schoolScope(user, 's')} ${q.areaId ? sql`and s.area_id = ${q.areaId}` : sql``}`;
}

const presentSchool = (r: SchoolRow): ReportBackSchoolRow => ({
  schoolId: r.school_id,
  schoolName: r.school_name,
  areaName: r.area_name,
  due: r.due,
  done: r.done,
  verified: r.verified,
  overdue: r.overdue,
  awaitingReview: r.awaiting_review,
  longestWaitDays: r.longest_wait_days,
  rate: reportBackRate(r.verified, r.due),
});

/** Every school in scope (also those owing nothing), most overdue first. */
export async function reportBackSchoolStats(
  exec: Exec,
  user: CurrentUser,
  q: ReportBackStatsQuery,
): Promise<ReportBackSchoolStats> {
  const src = statsSource(user, q);
  const items = await rows<SchoolRow>(
    exec,
    sql`select s.id as school_id, s.name as school_name, a.name as area_name, ${COUNTS} ${src}
        group by s.id, s.name, a.name
        order by overdue desc, due desc, s.name limit ${q.pageSize} offset ${offsetOf(q)}`,
  );
  const sum = await one<Omit<SchoolRow, 'school_id' | 'school_name' | 'area_name'> & { schools: number }>(
    exec,
    sql`select count(distinct s.id)::int as schools, ${COUNTS} ${src}`,
  );
  const s = sum ?? {
    schools: 0,
    due: 0,
    done: 0,
    verified: 0,
    overdue: 0,
    awaiting_review: 0,
    longest_wait_days: null,
  };
  return {
    items: items.map(presentSchool),
    total: s.schools,
    sum: {
      due: s.due,
      done: s.done,
      verified: s.verified,
      overdue: s.overdue,
      awaitingReview: s.awaiting_review,
      longestWaitDays: s.longest_wait_days,
      rate: reportBackRate(s.verified, s.due),
    },
  };
}

/** All rows of the per-school table (for the export). */
export async function reportBackSchoolRows(
  exec: Exec,
  user: CurrentUser,
  q: Pick<ReportBackStatsQuery, 'year' | 'areaId'>,
): Promise<ReportBackSchoolRow[]> {
  const items = await rows<SchoolRow>(
    exec,
    sql`select s.id as school_id, s.name as school_name, a.name as area_name, ${COUNTS} ${statsSource(user, q)}
        group by s.id, s.name, a.name order by a.name, s.name`,
  );
  return items.map(presentSchool);
}

/** Report-back status of participations (for the reimbursement gate and others): one query. */
export async function reportBackStatusOf(
  exec: Exec,
  participationIds: number[],
): Promise<Map<number, { id: number; status: ReportBackStatus }>> {
  const out = new Map<number, { id: number; status: ReportBackStatus }>();
  if (!participationIds.length) return out;
  const list = await rows<{ id: number; participation_id: number; status: ReportBackStatus }>(
    exec,
    sql`select id, participation_id, status from report_backs where participation_id = any(${intArray(participationIds)})`,
  );
  for (const r of list) out.set(r.participation_id, { id: r.id, status: r.status });
  return out;
}
