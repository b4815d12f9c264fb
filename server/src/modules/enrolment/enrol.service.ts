// Self-enrolment (first come, first served, then a waiting list), withdrawal with promotion of the
// next on the waiting list, and the teacher's own "My training" lists.
//
// Never over capacity: every enrolment locks the project row (select … for update) before
// counting the places taken, so concurrent requests — on a PostgreSQL pool or PGlite's single
// connection alike — count and insert one after another; the (project, teacher) unique index
// stops a double click from enrolling twice.
import {
  type EnrolResult,
  type MyTraining,
  type OpenProject,
  type ParticipationStatus,
  PLACE_HOLDING_STATUSES,
  REUSABLE_STATUSES,
  type Result,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { canWriteProject } from '../../access/project-access.js';
import { countyOf, participationScope, projectScope } from '../../access/scope.js';
import { type Db, one, rows, type Tx } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../http/errors.js';
import { notifyTeachers } from '../notifications/notifications.service.js';
import {
  countIn,
  type EligibilityFacts,
  honourLevelsSql,
  iso,
  loadProject,
  type ProjectRow,
  parseEligibility,
  participationLabel,
  placeLimit,
  projectSummaryText,
  reasonsOf,
  statusList,
  statusRefusal,
} from './enrolment.shared.js';

const TEACHER_LINK = '/my/trainings';
const ACTIVE = ['nominated', 'enrolled', 'waitlisted'] as const;

function teacherIdOf(user: CurrentUser): number {
  if (user.teacherId == null) throw forbidden('仅教师本人可以操作');
  return user.teacherId;
}

/** "2026年10月1日 18:00" in China time. */
export function chinaDateTime(isoText: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(isoText))
      .map((x) => [x.type, x.value]),
  );
  return `${parts.year}年${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}`;
}

/** 1-based place on the waiting list (by time joined, then id). */
const waitlistPosition = (pa: string): SQL =>
  sql.raw(`case when ${pa}.status = 'waitlisted' then
    (select count(*)::int from participations w where w.project_id = ${pa}.project_id and w.status = 'waitlisted'
       and (w.waitlisted_at, w.id) <= (${pa}.waitlisted_at, ${pa}.id)) end`);

// ---------- enrol ----------

export async function enrol(db: Db, actor: Actor, projectId: number): Promise<EnrolResult> {
  const teacherId = teacherIdOf(actor.user);
  return db.transaction(async (tx) => {
    const p = await loadProject(tx, actor.user, projectId, true);
    if (p.enrol_mode !== 'open') throw conflict(`《${p.name}》由学校推荐、县里审核参加，不接受个人报名`);
    if (p.status !== 'enrolling') statusRefusal(p, '未开放报名');
    if (p.deadline_passed) throw conflict(`《${p.name}》报名已于 ${chinaDateTime(p.enrol_deadline!)} 截止`);
    const t = await one<EligibilityFacts & { id: number; participation_status: ParticipationStatus | null }>(
      tx,
      sql`select t.id, t.stage, t.subject, t.tags, t.hire_date::text as hire_date, t.status, t.posts, t.title,
                 ${honourLevelsSql('t')}, mp.status as participation_status
          from teachers t left join participations mp on mp.project_id = ${p.id} and mp.teacher_id = t.id
          where t.id = ${teacherId}`,
    );
    if (!t) throw notFound('教师');
    if (t.participation_status && !(REUSABLE_STATUSES as readonly string[]).includes(t.participation_status)) {
      throw new AppError('DUPLICATE', `您已报名《${p.name}》（${participationLabel(t.participation_status)}）`);
    }
    const reasons = reasonsOf(p, t);
    if (reasons.length) throw invalid(`不符合《${p.name}》的报名条件：${reasons.join('；')}`);
    const limit = placeLimit(p);
    const held = await countIn(tx, p.id, PLACE_HOLDING_STATUSES);
    const status = limit == null || held < limit ? 'enrolled' : 'waitlisted';
    // clock_timestamp(), not now(): the waiting list is ordered by when each request got the lock.
    const row = await one<{ id: number }>(
      tx,
      sql`insert into participations (region_id, project_id, teacher_id, school_id, source, status, waitlisted_at)
          select ${p.region_id}, ${p.id}, t.id, t.school_id, 'self', ${status},
                 ${status === 'waitlisted' ? sql`clock_timestamp()` : sql`null::timestamptz`}
          from teachers t where t.id = ${teacherId}
          on conflict (project_id, teacher_id) do update set
            school_id = excluded.school_id, source = excluded.source, status = excluded.status,
            waitlisted_at = excluded.waitlisted_at, nominated_by = null, reviewed_by = null, reviewed_at = null,
            review_reason = null, score = null, result = null, assessed_by = null, assessed_at = null,
            completed_at = null, updated_at = now()
          where participations.status = any(${statusList(REUSABLE_STATUSES)})
          returning id`,
    );
    if (!row) throw new AppError('DUPLICATE', `您已报名《${p.name}》`);
    const position =
      status === 'waitlisted'
        ? Number(
            (
              await one<{ n: number }>(
                tx,
                sql`select ${waitlistPosition('pa')} as n from participations pa where pa.id = ${row.id}`,
              )
            )?.n ?? 0,
          )
        : null;
    await record(tx, actor, {
      action: 'participation.enrol',
      entity: 'participation',
      entityId: row.id,
      after: { projectId: p.id, project: p.name, teacherId, status, position },
    });
    return {
      participationId: row.id,
      status,
      position,
      message:
        status === 'enrolled'
          ? `报名成功：《${p.name}》`
          : `名额已满，您已进入候补名单第 ${position} 位；有人退出时将按顺序自动转正`,
    };
  });
}

// ---------- withdraw ----------

/**
 * Fills freed places from the waiting list, earliest first, inside the caller's transaction
 * (which must hold the project row lock), and tells the promoted teachers. Also for the projects
 * module when a capacity is raised.
 */
export async function promoteWaitlisted(tx: Tx, actor: Actor | null, p: ProjectRow) {
  const limit = placeLimit(p);
  const held = await countIn(tx, p.id, PLACE_HOLDING_STATUSES);
  const free = limit == null ? null : limit - held;
  if (free != null && free <= 0) return [];
  const promoted = await rows<{ id: number; teacher_id: number }>(
    tx,
    sql`update participations set status = 'enrolled', updated_at = now()
        where id in (select id from participations where project_id = ${p.id} and status = 'waitlisted'
                     order by waitlisted_at, id limit ${free})
        returning id, teacher_id`,
  );
  if (!promoted.length) return promoted;
  await record(
    tx,
    actor,
    promoted.map((r) => ({
      action: 'participation.promote',
      entity: 'participation',
      entityId: r.id,
      before: { status: 'waitlisted' },
      after: { projectId: p.id, project: p.name, teacherId: r.teacher_id, status: 'enrolled' },
      regionId: p.region_id,
    })),
  );
  await notifyTeachers(
    tx,
    p.region_id,
    promoted.map((r) => r.teacher_id),
    {
      kind: 'enrolment.promoted',
      title: `候补转正：您已正式报名《${p.name}》`,
      body: projectSummaryText(p),
      link: TEACHER_LINK,
    },
  );
  return promoted;
}

/** Locks the project and fills any free places from its waiting list (e.g. after raising capacity). */
export async function promoteWaitlistedOf(tx: Tx, actor: Actor, projectId: number) {
  return promoteWaitlisted(tx, actor, await loadProject(tx, actor.user, projectId, true));
}

type OwnRow = { id: number; teacher_id: number; status: ParticipationStatus; name: string };

/** The teacher withdraws, before the deadline and before the project runs. */
export async function withdrawSelf(db: Db, actor: Actor, projectId: number, reason?: string) {
  const teacherId = teacherIdOf(actor.user);
  return db.transaction(async (tx) => {
    const p = await loadProject(tx, actor.user, projectId, true);
    const row = await one<OwnRow>(
      tx,
      sql`select pa.id, pa.teacher_id, pa.status, t.name from participations pa join teachers t on t.id = pa.teacher_id
          where pa.project_id = ${p.id} and pa.teacher_id = ${teacherId}`,
    );
    if (!row || !(ACTIVE as readonly string[]).includes(row.status)) throw notFound('您在该项目的报名记录');
    if (p.status !== 'published' && p.status !== 'enrolling') statusRefusal(p, '不能自行退出，请联系管理员');
    if (p.deadline_passed)
      throw conflict(`报名已于 ${chinaDateTime(p.enrol_deadline!)} 截止，不能自行退出，请联系管理员`);
    return withdrawRow(tx, actor, p, row, reason ? `本人退出：${reason}` : '本人退出', false);
  });
}

/** The county (or the school running a 校培 project) takes someone out, with a reason. */
export async function withdrawParticipant(
  db: Db,
  actor: Actor,
  projectId: number,
  participationId: number,
  reason: string,
) {
  const user = actor.user;
  return db.transaction(async (tx) => {
    const p = await loadProject(tx, user, projectId, true);
    if (!canWriteProject(user, p)) {
      throw forbidden('仅县级管理员可以移出参训教师');
    }
    const row = await one<OwnRow>(
      tx,
      sql`select pa.id, pa.teacher_id, pa.status, t.name from participations pa join teachers t on t.id = pa.teacher_id
          where pa.project_id = ${p.id} and pa.id = ${participationId}`,
    );
    if (!row) throw notFound('参训记录');
    if (!(ACTIVE as readonly string[]).includes(row.status)) {
      throw conflict(`${row.name}当前为“${participationLabel(row.status)}”，不能移出`);
    }
    if (!['published', 'enrolling', 'running'].includes(p.status)) statusRefusal(p, '不能再移出参训教师');
    const res = await withdrawRow(tx, actor, p, row, reason, true);
    await notifyTeachers(tx, p.region_id, [row.teacher_id], {
      kind: 'enrolment.withdrawn',
      title: `您已被移出《${p.name}》：${reason}`,
      link: TEACHER_LINK,
    });
    return res;
  });
}

async function withdrawRow(tx: Tx, actor: Actor, p: ProjectRow, row: OwnRow, reason: string, byAdmin: boolean) {
  await tx.execute(
    sql`update participations set status = 'withdrawn', review_reason = ${reason}, updated_at = now()
          ${byAdmin ? sql`, reviewed_by = ${actor.user.id}, reviewed_at = now()` : sql``}
        where id = ${row.id}`,
  );
  await record(tx, actor, {
    action: 'participation.withdraw',
    entity: 'participation',
    entityId: row.id,
    before: { status: row.status },
    after: { projectId: p.id, project: p.name, teacherId: row.teacher_id, status: 'withdrawn', reason },
  });
  const promoted = row.status === 'enrolled' ? await promoteWaitlisted(tx, actor, p) : [];
  return { status: 'withdrawn' as const, promotedParticipationId: promoted[0]?.id ?? null };
}

// ---------- my training ----------

type MyRow = {
  participation_id: number;
  project_id: number;
  project_name: string;
  year: number;
  level: MyTraining['level'];
  category: string;
  mode: MyTraining['mode'];
  organiser: string | null;
  start_date: string;
  end_date: string;
  place: string | null;
  hours: number;
  project_status: MyTraining['projectStatus'];
  status: ParticipationStatus;
  source: string;
  review_reason: string | null;
  waitlist_position: number | null;
  score: number | null;
  result: Result | null;
  certificate_number: string | null;
  external_certificate_no: string | null;
  enrol_deadline: string | null;
  can_withdraw: boolean;
};

export async function myTrainings(
  db: Db,
  user: CurrentUser,
  q: { status?: ParticipationStatus; year?: number; page: number; pageSize: number },
): Promise<{ items: MyTraining[]; total: number }> {
  const teacherId = teacherIdOf(user);
  const c: SQL[] = [sql`pa.teacher_id = ${teacherId}`, participationScope(user, 'pa')];
  if (q.status) c.push(sql`pa.status = ${q.status}`);
  if (q.year) c.push(sql`pr.year = ${q.year}`);
  const where = sql.join(c, sql` and `);
  const list = await rows<MyRow>(
    db,
    sql`select pa.id as participation_id, pr.id as project_id, pr.name as project_name, pr.year, pr.level,
               pr.category, pr.mode, pr.organiser, pr.start_date::text as start_date, pr.end_date::text as end_date,
               pr.place, pr.hours::float8 as hours, pr.status as project_status, pa.status, pa.source, pa.review_reason,
               ${waitlistPosition('pa')} as waitlist_position, pa.score::float8 as score, pa.result,
               ce.number as certificate_number, pa.external_certificate_no,
               ${iso(sql`pr.enrol_deadline`)} as enrol_deadline,
               (pa.status in ('nominated', 'enrolled', 'waitlisted') and pr.status in ('published', 'enrolling')
                 and (pr.enrol_deadline is null or pr.enrol_deadline > now())) as can_withdraw
        from participations pa join projects pr on pr.id = pa.project_id
        left join certificates ce on ce.participation_id = pa.id and ce.revoked_at is null
        where ${where}
        order by pr.start_date desc, pa.id desc
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const total = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from participations pa join projects pr on pr.id = pa.project_id where ${where}`,
  );
  return {
    items: list.map((r) => ({
      participationId: r.participation_id,
      projectId: r.project_id,
      projectName: r.project_name,
      year: r.year,
      level: r.level,
      category: r.category,
      mode: r.mode,
      organiser: r.organiser,
      startDate: r.start_date,
      endDate: r.end_date,
      place: r.place,
      hours: Number(r.hours),
      projectStatus: r.project_status,
      status: r.status,
      source: r.source,
      reviewReason: r.review_reason,
      waitlistPosition: r.waitlist_position == null ? null : Number(r.waitlist_position),
      score: r.score == null ? null : Number(r.score),
      result: r.result,
      certificateNumber: r.certificate_number,
      externalCertificateNo: r.external_certificate_no,
      enrolDeadline: r.enrol_deadline,
      canWithdraw: r.can_withdraw,
    })),
    total: Number(total?.n ?? 0),
  };
}

type OpenRow = {
  id: number;
  name: string;
  year: number;
  level: OpenProject['level'];
  category: string;
  mode: OpenProject['mode'];
  organiser: string | null;
  start_date: string;
  end_date: string;
  place: string | null;
  hours: number;
  capacity: number | null;
  upper_quota: number | null;
  enrolled: number;
  waitlisted: number;
  enrol_deadline: string | null;
  description: string | null;
  eligibility: unknown;
  my_status: ParticipationStatus | null;
};

/** Projects open for self-enrolment now, each with whether the teacher may enrol and why not. */
export async function openProjects(
  db: Db,
  user: CurrentUser,
  q: { page: number; pageSize: number },
): Promise<{ items: OpenProject[]; total: number }> {
  const teacherId = teacherIdOf(user);
  const t = await one<EligibilityFacts & { school_id: number }>(
    db,
    sql`select t.school_id, t.stage, t.subject, t.tags, t.hire_date::text as hire_date, t.status, t.posts, t.title,
               ${honourLevelsSql('t')}
        from teachers t where t.id = ${teacherId}`,
  );
  if (!t) throw notFound('教师');
  const where = sql`${projectScope(countyOf(user), 'pr')} and pr.enrol_mode = 'open' and pr.status = 'enrolling'
    and (pr.enrol_deadline is null or pr.enrol_deadline > now())
    and (pr.school_id is null or pr.school_id = ${t.school_id})`;
  const list = await rows<OpenRow>(
    db,
    sql`select pr.id, pr.name, pr.year, pr.level, pr.category, pr.mode, pr.organiser,
               pr.start_date::text as start_date, pr.end_date::text as end_date, pr.place, pr.hours::float8 as hours,
               pr.capacity, pr.upper_quota, coalesce(c.enrolled, 0)::int as enrolled,
               coalesce(c.waitlisted, 0)::int as waitlisted, ${iso(sql`pr.enrol_deadline`)} as enrol_deadline,
               pr.description, pr.eligibility, mp.status as my_status
        from projects pr
        left join participations mp on mp.project_id = pr.id and mp.teacher_id = ${teacherId}
        left join lateral (
          select count(*) filter (where x.status = any(${statusList(PLACE_HOLDING_STATUSES)})) as enrolled,
                 count(*) filter (where x.status = 'waitlisted') as waitlisted
          from participations x where x.project_id = pr.id
        ) c on true
        where ${where}
        order by pr.start_date, pr.id
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const total = await one<{ n: number }>(db, sql`select count(*)::int as n from projects pr where ${where}`);
  return {
    items: list.map((r) => {
      const reasons = reasonsOf({ eligibility: parseEligibility(r.eligibility), start_date: r.start_date }, t);
      return {
        projectId: r.id,
        name: r.name,
        year: r.year,
        level: r.level,
        category: r.category,
        mode: r.mode,
        organiser: r.organiser,
        startDate: r.start_date,
        endDate: r.end_date,
        place: r.place,
        hours: Number(r.hours),
        capacity: placeLimit(r),
        enrolled: Number(r.enrolled),
        waitlisted: Number(r.waitlisted),
        enrolDeadline: r.enrol_deadline,
        description: r.description,
        eligible: reasons.length === 0,
        reasons,
        myStatus: r.my_status,
      };
    }),
    total: Number(total?.n ?? 0),
  };
}
