// Reimbursement claims (报销) for trips: a teacher (or the school admin for a teacher) files a claim
// for a participation in an external project, with line items and receipts. School approval, then
// county approval — each only once the trip's report-back is verified, unless the county turned
// that rule off (seed 000: 成果展示和转化应用作为教师外出培训费用报销的必要条件). County approval
// records the expense rows in the same transaction; payment or rejection (with a reason) ends it.
import {
  CLAIM_REJECTABLE,
  CLAIM_STATUS_LABELS,
  type ClaimItem,
  type ClaimList,
  type ClaimStatus,
  type claimCreateBody,
  type claimListQuery,
  EXPENSE_CATEGORY_LABELS,
  type ExpenseCategory,
  formatMoney,
  type Level,
  type Mode,
  REPORT_BACK_STATUS_LABELS,
  type ReportBackStatus,
  type TripList,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  claimScope,
  county,
  countyOf,
  participationScope,
  reportBackSettingsScope,
  schoolScope,
  userScope,
} from '../../access/scope.js';
import { type Db, type Exec, one, rows, type Tx, textArray } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, conflict, forbidden, isUniqueViolation, notFound } from '../../http/errors.js';
import { likeEscape } from '../../http/pagination.js';
import { attachmentsOf, linkAttachments } from '../attachments/attachments.service.js';
import { getMoneySettings, iso, money } from '../budgets/money.shared.js';
import { notify, notifySchoolAdmins, notifyTeachers } from '../notifications/notifications.service.js';
import { createMissingReportBackTask } from '../report-backs/report-backs.tasks.js';

export const CLAIM_OWNER = 'claim';
const TEACHER_LINK = '/my/claims';
const ADMIN_LINK = '/funds/claims';

/** Projects whose trips report back (and so may be claimed): H-report's setting, or its defaults. */
const externalProject = (regionId: number, p = 'p') => {
  const a = sql.raw(p);
  const settings = reportBackSettingsScope(county(regionId));
  return sql`exists (select 1 from (select coalesce((select levels from report_back_settings where ${settings}),
      '{国培,省培,市州培}'::text[]) as levels, coalesce((select modes from report_back_settings where ${settings}),
      '{外出交流,跟岗影子}'::text[]) as modes) cfg where ${a}.level = any(cfg.levels) or ${a}.mode = any(cfg.modes))`;
};

/** The latest report-back status of the claim's participation. */
const reportBackStatusOf = (participation: SQL) =>
  sql`(select rb.status from report_backs rb where rb.participation_id = ${participation} order by rb.id desc limit 1)`;

interface ClaimRaw {
  id: number;
  region_id: number;
  school_id: number;
  school_name: string;
  teacher_id: number;
  teacher_name: string;
  project_id: number;
  project_name: string;
  level: Level;
  mode: Mode;
  start_date: string;
  end_date: string;
  status: ClaimStatus;
  total: string;
  note: string | null;
  items: unknown;
  report_back_status: ReportBackStatus | null;
  report_back_id: number | null;
  participation_id: number;
  waived_at: string | null;
  waived_by_name: string | null;
  waive_reason: string | null;
  reject_reason: string | null;
  created_at: string;
  school_approved_at: string | null;
  approved_at: string | null;
  paid_at: string | null;
  rejected_at: string | null;
}

const CLAIM_COLUMNS = sql`c.id, c.region_id, c.school_id, s.name as school_name, c.teacher_id, t.name as teacher_name,
  c.project_id, p.name as project_name, p.level, p.mode, p.start_date::text as start_date, p.end_date::text as end_date,
  c.status, c.total::text as total, c.note,
  (select coalesce(json_agg(json_build_object('category', ci.category, 'amount', ci.amount::text, 'note', ci.note) order by ci.id), '[]')
     from claim_items ci where ci.claim_id = c.id) as items,
  ${reportBackStatusOf(sql`c.participation_id`)} as report_back_status,
  (select rb.id from report_backs rb where rb.participation_id = c.participation_id order by rb.id desc limit 1)
    as report_back_id, c.participation_id,
  ${iso(sql`c.report_back_waived_at`)} as waived_at,
  (select wu.display_name from users wu where wu.id = c.report_back_waived_by) as waived_by_name,
  c.report_back_waive_reason as waive_reason, c.reject_reason,
  ${iso(sql`c.created_at`)} as created_at, ${iso(sql`c.school_approved_at`)} as school_approved_at,
  ${iso(sql`c.approved_at`)} as approved_at, ${iso(sql`c.paid_at`)} as paid_at, ${iso(sql`c.rejected_at`)} as rejected_at`;

const CLAIM_FROM = sql`from reimbursement_claims c join schools s on s.id = c.school_id
  join teachers t on t.id = c.teacher_id join projects p on p.id = c.project_id`;

function jsonArray<T>(v: unknown): T[] {
  if (v == null) return [];
  return (typeof v === 'string' ? JSON.parse(v) : v) as T[];
}

/** Approval may go ahead: the rule is off, the report-back is verified, or the county waived it. */
const gateOpen = (x: ClaimRaw, requireReportBack: boolean) =>
  !requireReportBack || x.report_back_status === 'verified' || x.waived_at != null;

function present(x: ClaimRaw, requireReportBack: boolean, files: ClaimItem['attachments']): ClaimItem {
  return {
    id: x.id,
    schoolId: x.school_id,
    schoolName: x.school_name,
    teacherId: x.teacher_id,
    teacherName: x.teacher_name,
    projectId: x.project_id,
    projectName: x.project_name,
    level: x.level,
    mode: x.mode,
    startDate: x.start_date,
    endDate: x.end_date,
    status: x.status,
    total: x.total,
    note: x.note,
    items: jsonArray<ClaimItem['items'][number]>(x.items),
    attachments: files,
    reportBackStatus: x.report_back_status,
    reportBackId: x.report_back_id,
    reportBackWaiver: x.waived_at ? { byName: x.waived_by_name, at: x.waived_at, reason: x.waive_reason ?? '' } : null,
    gateOpen: gateOpen(x, requireReportBack),
    rejectReason: x.reject_reason,
    createdAt: x.created_at,
    schoolApprovedAt: x.school_approved_at,
    approvedAt: x.approved_at,
    paidAt: x.paid_at,
    rejectedAt: x.rejected_at,
  };
}

// ---------- reading ----------

type ListQuery = z.output<typeof claimListQuery>;

/** What waits for the caller: the school checks submitted claims; the county approves and pays. */
function todoCondition(user: CurrentUser): SQL {
  if (user.role === 'school_admin') return sql`c.status = 'submitted'`;
  if (user.role === 'county_admin') return sql`c.status in ('school_approved', 'approved')`;
  return sql`false`;
}

export async function listClaims(exec: Exec, user: CurrentUser, q: ListQuery): Promise<ClaimList> {
  const c: SQL[] = [claimScope(user)];
  if (q.status) c.push(sql`c.status = ${q.status}`);
  if (q.todo) c.push(todoCondition(user));
  if (q.schoolId) c.push(sql`c.school_id = ${q.schoolId}`);
  if (q.q) {
    const like = `%${likeEscape(q.q)}%`;
    c.push(sql`(t.name like ${like} or p.name like ${like})`);
  }
  const where = sql.join(c, sql` and `);
  const list = await rows<ClaimRaw>(
    exec,
    sql`select ${CLAIM_COLUMNS} ${CLAIM_FROM} where ${where}
        order by c.created_at desc, c.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const agg = await one<{ n: number; sum: string }>(
    exec,
    sql`select count(*)::int as n, ${money(sql`coalesce(sum(c.total), 0)`)} as sum ${CLAIM_FROM} where ${where}`,
  );
  const settings = await getMoneySettings(exec, user.regionId);
  const files = await attachmentsOf(
    exec,
    CLAIM_OWNER,
    list.map((x) => x.id),
  );
  return {
    items: list.map((x) => present(x, settings.requireReportBack, files.get(x.id) ?? [])),
    total: agg?.n ?? 0,
    sum: agg?.sum ?? '0.00',
  };
}

async function loadClaim(exec: Exec, user: CurrentUser, id: number, lock = false): Promise<ClaimRaw> {
  const row = await one<ClaimRaw>(
    exec,
    sql`select ${CLAIM_COLUMNS} ${CLAIM_FROM} where c.id = ${id} and ${claimScope(user)} ${lock ? sql`for update of c` : sql``}`,
  );
  if (!row) throw notFound('报销单');
  return row;
}

export async function getClaim(exec: Exec, user: CurrentUser, id: number): Promise<ClaimItem> {
  const x = await loadClaim(exec, user, id);
  const settings = await getMoneySettings(exec, user.regionId);
  const files = await attachmentsOf(exec, CLAIM_OWNER, [id]);
  return present(x, settings.requireReportBack, files.get(id) ?? []);
}

export async function canReadClaim(exec: Exec, user: CurrentUser, id: number): Promise<boolean> {
  const r = await one<{ id: number }>(
    exec,
    sql`select c.id from reimbursement_claims c join schools s on s.id = c.school_id where c.id = ${id} and ${claimScope(user)}`,
  );
  return !!r;
}

/** Trips that may be claimed: the teacher's own, or (school admin) those of the school's teachers. */
export async function listTrips(exec: Exec, user: CurrentUser, teacherId?: number): Promise<TripList> {
  let who: SQL;
  if (user.role === 'teacher') {
    if (user.teacherId == null) throw forbidden('教师账号未关联教师档案');
    who = sql`pa.teacher_id = ${user.teacherId}`;
  } else {
    // claims.submit: a school admin, for the school's teachers.
    who = sql`${schoolScope(user, 's')} and t.school_id = s.id`;
    if (teacherId) who = sql`${who} and pa.teacher_id = ${teacherId}`;
  }
  const list = await rows<{
    participation_id: number;
    project_id: number;
    project_name: string;
    level: Level;
    mode: Mode;
    start_date: string;
    end_date: string;
    teacher_id: number;
    teacher_name: string;
    report_back_status: string | null;
    claim_id: number | null;
  }>(
    exec,
    sql`select pa.id as participation_id, p.id as project_id, p.name as project_name, p.level, p.mode,
               p.start_date::text as start_date, p.end_date::text as end_date, t.id as teacher_id, t.name as teacher_name,
               ${reportBackStatusOf(sql`pa.id`)} as report_back_status,
               (select c.id from reimbursement_claims c where c.participation_id = pa.id and c.status <> 'rejected' limit 1) as claim_id
        from participations pa join projects p on p.id = pa.project_id join teachers t on t.id = pa.teacher_id
          join schools s on s.id = t.school_id
        where ${participationScope(countyOf(user), 'pa')} and ${who}
          and pa.status in ('enrolled', 'completed', 'failed') and p.start_date <= current_date
          and ${externalProject(user.regionId)}
        order by p.start_date desc, pa.id desc limit 200`,
  );
  const settings = await getMoneySettings(exec, user.regionId);
  return {
    requireReportBack: settings.requireReportBack,
    items: list.map((x) => ({
      participationId: x.participation_id,
      projectId: x.project_id,
      projectName: x.project_name,
      level: x.level,
      mode: x.mode,
      startDate: x.start_date,
      endDate: x.end_date,
      teacherId: x.teacher_id,
      teacherName: x.teacher_name,
      reportBackStatus: x.report_back_status,
      claimId: x.claim_id,
    })),
  };
}

// ---------- filing ----------

type CreateBody = z.output<typeof claimCreateBody>;

export async function createClaim(db: Db, actor: Actor, body: CreateBody): Promise<{ id: number }> {
  const user = actor.user;
  try {
    return await db.transaction(async (tx) => {
      const pa = await one<{
        id: number;
        teacher_id: number;
        teacher_name: string;
        school_id: number;
        project_id: number;
        project_name: string;
        status: string;
        started: boolean;
        external: boolean;
      }>(
        tx,
        sql`select pa.id, pa.teacher_id, t.name as teacher_name, t.school_id, p.id as project_id, p.name as project_name,
                   pa.status, p.start_date <= current_date as started, ${externalProject(user.regionId)} as external
            from participations pa join projects p on p.id = pa.project_id join teachers t on t.id = pa.teacher_id
              join schools s on s.id = t.school_id
            where pa.id = ${body.participationId} and ${participationScope(user, 'pa', 's')}
            for update of pa`,
      );
      if (!pa) throw notFound('参训记录');
      if (!pa.external)
        throw conflict(`《${pa.project_name}》不是外出培训（国培/省培/市州培、外出交流、跟岗），不能报销差旅费用`);
      if (!['enrolled', 'completed', 'failed'].includes(pa.status))
        throw conflict(`${pa.teacher_name}未参加《${pa.project_name}》，不能报销`);
      if (!pa.started) throw conflict(`《${pa.project_name}》尚未开始，培训结束后再报销`);
      const total = await one<{ total: string }>(
        tx,
        sql`select ${money(sql`sum(x.amount)`)} as total from unnest(${textArray(body.items.map((i) => i.amount))}::numeric[]) as x(amount)`,
      );
      const row = await one<{ id: number }>(
        tx,
        sql`insert into reimbursement_claims (region_id, school_id, teacher_id, project_id, participation_id, status, total, note, submitted_by)
            values (${user.regionId}, ${pa.school_id}, ${pa.teacher_id}, ${pa.project_id}, ${pa.id}, 'submitted',
                    ${total!.total}::numeric, ${body.note ?? null}, ${user.id})
            returning id`,
      );
      const id = row!.id;
      await tx.execute(
        sql`insert into claim_items (region_id, claim_id, category, amount, note)
            select ${user.regionId}, ${id}, x.category, x.amount, nullif(x.note, '')
            from unnest(${textArray(body.items.map((i) => i.category))}, ${textArray(body.items.map((i) => i.amount))}::numeric[],
                        ${textArray(body.items.map((i) => i.note ?? ''))}) with ordinality as x(category, amount, note, n)
            order by x.n`,
      );
      if (body.attachmentIds.length) await linkAttachments(tx, actor, body.attachmentIds, { kind: CLAIM_OWNER, id });
      await record(tx, actor, {
        action: 'claim.submit',
        entity: 'reimbursement_claim',
        entityId: id,
        after: {
          participationId: pa.id,
          teacherId: pa.teacher_id,
          project: pa.project_name,
          total: total!.total,
          items: body.items,
          attachmentIds: body.attachmentIds,
        },
      });
      await notifySchoolAdmins(tx, user.regionId, [pa.school_id], {
        kind: 'claim.submitted',
        title: `报销待审核：${pa.teacher_name}《${pa.project_name}》${formatMoney(total!.total)} 元`,
        link: ADMIN_LINK,
      });
      return { id };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'reimbursement_claims_participation_uq'))
      throw new AppError('DUPLICATE', '这次外出培训已有报销单（未被退回），不能重复报销');
    throw err;
  }
}

// ---------- decisions ----------

function gateRefusal(x: ClaimRaw): AppError {
  const st = x.report_back_status
    ? (REPORT_BACK_STATUS_LABELS[x.report_back_status] ?? x.report_back_status)
    : '尚未生成汇报任务';
  const way = x.report_back_status
    ? ''
    : '。可在报销单上“生成汇报任务”，由教师完成汇报；或由县级管理员填写原因豁免此项';
  return conflict(
    `${x.teacher_name}《${x.project_name}》的成果汇报尚未通过学校审核（当前：${st}），按规定须完成成果汇报后方可批准报销${way}`,
  );
}

async function countyAdminIds(tx: Tx, regionId: number): Promise<number[]> {
  const r = await rows<{ id: number }>(
    tx,
    sql`select id from users where ${userScope(county(regionId), 'users')} and role = 'county_admin' and not disabled`,
  );
  return r.map((x) => x.id);
}

const label = (s: ClaimStatus) => CLAIM_STATUS_LABELS[s];

/** School admin: submitted → school_approved; county admin: school_approved → approved (+ expense rows). */
export async function approveClaim(db: Db, actor: Actor, id: number): Promise<ClaimItem> {
  const user = actor.user;
  await db.transaction(async (tx) => {
    const x = await loadClaim(tx, user, id, true);
    const settings = await getMoneySettings(tx, user.regionId);
    const summary = `${x.teacher_name}《${x.project_name}》${formatMoney(x.total)} 元`;
    if (user.role === 'school_admin') {
      if (x.status !== 'submitted') throw conflict(`报销单当前为“${label(x.status)}”，学校不能再审核`);
      if (!gateOpen(x, settings.requireReportBack)) throw gateRefusal(x);
      await tx.execute(
        sql`update reimbursement_claims set status = 'school_approved', school_approved_by = ${user.id},
              school_approved_at = now(), updated_at = now() where id = ${id}`,
      );
      await record(tx, actor, {
        action: 'claim.school_approve',
        entity: 'reimbursement_claim',
        entityId: id,
        before: { status: x.status },
        after: { status: 'school_approved', reportBack: x.report_back_status },
      });
      await notifyTeachers(tx, user.regionId, [x.teacher_id], {
        kind: 'claim.school_approved',
        title: `报销已通过学校审核，待县级审批：${summary}`,
        link: TEACHER_LINK,
      });
      await notify(tx, user.regionId, await countyAdminIds(tx, user.regionId), {
        kind: 'claim.school_approved',
        title: `报销待审批：${x.school_name} ${summary}`,
        link: ADMIN_LINK,
      });
      return;
    }
    if (x.status === 'submitted') throw conflict('报销单须先经学校审核，再由县级审批');
    if (x.status !== 'school_approved') throw conflict(`报销单当前为“${label(x.status)}”，不能审批`);
    if (!gateOpen(x, settings.requireReportBack)) throw gateRefusal(x);
    await tx.execute(
      sql`update reimbursement_claims set status = 'approved', approved_by = ${user.id}, approved_at = now(),
            updated_at = now() where id = ${id}`,
    );
    // The approved amounts become the school's training expenses, dated the day of approval (China time).
    const added = await rows<{ id: number }>(
      tx,
      sql`insert into expenses (region_id, school_id, project_id, claim_id, teacher_id, category, amount, spent_on, note, created_by)
          select c.region_id, c.school_id, c.project_id, c.id, c.teacher_id, ci.category, ci.amount,
                 (now() at time zone 'Asia/Shanghai')::date, ci.note, ${user.id}
          from reimbursement_claims c join claim_items ci on ci.claim_id = c.id
          where c.id = ${id} order by ci.id
          returning id`,
    );
    await record(tx, actor, {
      action: 'claim.approve',
      entity: 'reimbursement_claim',
      entityId: id,
      before: { status: x.status },
      after: { status: 'approved', expenseIds: added.map((e) => Number(e.id)), reportBack: x.report_back_status },
    });
    await notifyTeachers(tx, user.regionId, [x.teacher_id], {
      kind: 'claim.approved',
      title: `报销已批准：${summary}`,
      link: TEACHER_LINK,
    });
    await notifySchoolAdmins(tx, user.regionId, [x.school_id], {
      kind: 'claim.approved',
      title: `报销已批准：${summary}`,
      link: ADMIN_LINK,
    });
  });
  return getClaim(db, user, id);
}

export async function payClaim(db: Db, actor: Actor, id: number): Promise<ClaimItem> {
  const user = actor.user;
  await db.transaction(async (tx) => {
    const x = await loadClaim(tx, user, id, true);
    if (x.status !== 'approved') throw conflict(`报销单当前为“${label(x.status)}”，批准后才能登记支付`);
    await tx.execute(
      sql`update reimbursement_claims set status = 'paid', paid_by = ${user.id}, paid_at = now(), updated_at = now()
          where id = ${id}`,
    );
    await record(tx, actor, {
      action: 'claim.pay',
      entity: 'reimbursement_claim',
      entityId: id,
      before: { status: x.status },
      after: { status: 'paid', total: x.total },
    });
    await notifyTeachers(tx, user.regionId, [x.teacher_id], {
      kind: 'claim.paid',
      title: `报销款已支付：${x.project_name} ${formatMoney(x.total)} 元`,
      link: TEACHER_LINK,
    });
  });
  return getClaim(db, user, id);
}

export async function rejectClaim(db: Db, actor: Actor, id: number, reason: string): Promise<ClaimItem> {
  const user = actor.user;
  await db.transaction(async (tx) => {
    const x = await loadClaim(tx, user, id, true);
    if (!CLAIM_REJECTABLE.includes(x.status)) throw conflict(`报销单当前为“${label(x.status)}”，不能退回`);
    if (user.role === 'school_admin' && x.status !== 'submitted')
      throw conflict(`报销单当前为“${label(x.status)}”，已由学校审核通过，如需退回请联系县级管理员`);
    let removed: number[] = [];
    if (x.status === 'approved') {
      const r = await rows<{ id: number }>(tx, sql`delete from expenses where claim_id = ${id} returning id`);
      removed = r.map((e) => Number(e.id));
    }
    await tx.execute(
      sql`update reimbursement_claims set status = 'rejected', rejected_by = ${user.id}, rejected_at = now(),
            reject_reason = ${reason}, updated_at = now() where id = ${id}`,
    );
    await record(tx, actor, {
      action: 'claim.reject',
      entity: 'reimbursement_claim',
      entityId: id,
      before: { status: x.status },
      after: { status: 'rejected', reason, ...(removed.length ? { removedExpenseIds: removed } : {}) },
    });
    const title = `报销被退回：${x.project_name} ${formatMoney(x.total)} 元。原因：${reason}`;
    await notifyTeachers(tx, user.regionId, [x.teacher_id], { kind: 'claim.rejected', title, link: TEACHER_LINK });
    if (user.role === 'county_admin')
      await notifySchoolAdmins(tx, user.regionId, [x.school_id], {
        kind: 'claim.rejected',
        title: `${x.teacher_name}的${title}`,
        link: ADMIN_LINK,
      });
  });
  return getClaim(db, user, id);
}

// ---------- when the trip has no report-back task ----------

/**
 * The claim creates its trip's missing report-back task (the teacher, the school's admin or the
 * county): the gate then opens once the teacher reports back and the school verifies it.
 */
export async function createClaimReportBack(db: Db, actor: Actor, id: number): Promise<ClaimItem> {
  const user = actor.user;
  await db.transaction(async (tx) => {
    const x = await loadClaim(tx, user, id, true);
    if (x.status === 'rejected' || x.status === 'paid') {
      throw conflict(`报销单当前为“${label(x.status)}”，不需要再生成汇报任务`);
    }
    if (x.report_back_id != null) {
      throw conflict(
        `${x.teacher_name}《${x.project_name}》已有成果汇报任务（${REPORT_BACK_STATUS_LABELS[x.report_back_status!] ?? x.report_back_status}），不能重复生成`,
      );
    }
    await createMissingReportBackTask(tx, actor, x.participation_id, { claimId: id });
  });
  return getClaim(db, user, id);
}

/** The county waives the report-back condition of one claim, with the reason (audited, both sides told). */
export async function waiveClaimReportBack(db: Db, actor: Actor, id: number, reason: string): Promise<ClaimItem> {
  const user = actor.user;
  await db.transaction(async (tx) => {
    const x = await loadClaim(tx, user, id, true);
    if (x.status !== 'submitted' && x.status !== 'school_approved') {
      throw conflict(`报销单当前为“${label(x.status)}”，只有待审核或待审批的报销单可以豁免成果汇报要求`);
    }
    if (x.report_back_status === 'verified') throw conflict('该次培训的成果汇报已通过审核，无需豁免');
    if (x.waived_at) throw conflict('该报销单已豁免成果汇报要求');
    await tx.execute(
      sql`update reimbursement_claims set report_back_waived_by = ${user.id}, report_back_waived_at = now(),
            report_back_waive_reason = ${reason}, updated_at = now() where id = ${id}`,
    );
    await record(tx, actor, {
      action: 'claim.waive_report_back',
      entity: 'reimbursement_claim',
      entityId: id,
      before: { reportBack: x.report_back_status },
      after: { waived: true, reason },
    });
    const title = `报销单的成果汇报要求已由县级豁免：${x.teacher_name}《${x.project_name}》。原因：${reason}`;
    await notifyTeachers(tx, user.regionId, [x.teacher_id], { kind: 'claim.waived', title, link: TEACHER_LINK });
    await notifySchoolAdmins(tx, user.regionId, [x.school_id], { kind: 'claim.waived', title, link: ADMIN_LINK });
  });
  return getClaim(db, user, id);
}

/** Line-item categories as Chinese labels (exports, messages). */
export const categoryLabel = (c: string) => EXPENSE_CATEGORY_LABELS[c as ExpenseCategory] ?? c;
