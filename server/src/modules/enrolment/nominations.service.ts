// 遴选/选派: candidates for a school (eligibility, hours this cycle, trainings this year, date
// clashes; those trained least first), nominations within the school's quota, the county's
// review, the participant list, and the teachers the county sends to upper-level projects.
import {
  type Candidate,
  type CandidateQuery,
  can,
  creditCycleOf,
  type NominateResult,
  normaliseIdNumber,
  PARTICIPATION_STATUSES,
  type ParticipantItem,
  type ParticipantQuery,
  type ParticipationStatus,
  PLACE_HOLDING_STATUSES,
  QUOTA_COUNTED_STATUSES,
  REUSABLE_STATUSES,
  type Result,
  type ReviewBody,
  type TeacherProblem,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { canWriteProject } from '../../access/project-access.js';
import { county, countyOf, schoolScope, teacherScope, userScope } from '../../access/scope.js';
import { type Db, intArray, one, rows, type Tx } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.js';
import { likeEscape } from '../../http/pagination.js';
import { notify, notifySchoolAdmins, notifyTeachers } from '../notifications/notifications.service.js';
import {
  countIn,
  eligibleSql,
  iso,
  isSchoolProject,
  isUpper,
  jsonArray,
  loadProject,
  type ProjectRow,
  participationLabel,
  placeLimit,
  projectSummaryText,
  reasonsOf,
  statusList,
  statusRefusal,
} from './enrolment.shared.js';

type Clash = Candidate['clashes'][number];

const TEACHER_LINK = '/my/trainings';
const projectLink = (id: number) => `/projects/${id}`;

/**
 * The teacher's other participations, read once through the teacher index: trainings this year
 * (enrolled or completed, projects of the project's year) and date clashes (nominated for or
 * enrolled in another project whose dates overlap), as columns `trainings` and `clashes`.
 */
function historyLateral(p: ProjectRow, t = 't'): SQL {
  const overlaps = sql`hp.start_date <= ${p.end_date}::date and hp.end_date >= ${p.start_date}::date`;
  return sql`left join lateral (
      select count(*) filter (where hx.status in ('enrolled', 'completed') and hp.year = ${p.year}) as trainings,
             json_agg(json_build_object('projectId', hp.id, 'projectName', hp.name,
                                        'startDate', hp.start_date::text, 'endDate', hp.end_date::text,
                                        'status', hx.status) order by hp.start_date, hp.id)
               filter (where hx.status in ('nominated', 'enrolled') and ${overlaps}) as clashes
      from participations hx join projects hp on hp.id = hx.project_id
      where hx.teacher_id = ${sql.raw(t)}.id and hx.project_id <> ${p.id}
    ) hist on true`;
}

/** Name contains, or the tail (1–4 characters) of the ID number through the stored mask. */
function teacherSearch(raw: string, t = 't'): SQL {
  const a = sql.raw(t);
  const parts: SQL[] = [sql`${a}.name ilike ${`%${likeEscape(raw)}%`}`];
  const id = normaliseIdNumber(raw);
  if (/^[\dX]{1,4}$/.test(id)) parts.push(sql`${a}.id_masked like ${`%${id}`}`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

// ---------- who may nominate ----------

/** enrolment.nominate: the county admin, or a school admin for their own school. */
function assertNominator(user: CurrentUser) {
  if (user.role === 'school_admin' && user.schoolId == null)
    throw forbidden('该学校管理员账号未关联学校，不能推荐教师');
}

/** Reviewers: whoever may change the project (the county; for a 校培 project its school's admin). */
function assertReviewer(user: CurrentUser, p: ProjectRow) {
  if (canWriteProject(user, p)) return;
  throw forbidden('仅县级管理员可以审核推荐');
}

/** Nominations go to projects filled by nomination (and upper-level projects, already once published). */
function assertNominationsOpen(p: ProjectRow) {
  if (p.enrol_mode !== 'nomination' && !isUpper(p)) throw conflict(`项目《${p.name}》为自主报名项目，不接受学校推荐`);
  const ok = p.status === 'enrolling' || (isUpper(p) && p.status === 'published');
  if (!ok) statusRefusal(p, isUpper(p) ? '只有“已发布”或“报名中”时可以推荐' : '只有“报名中”时可以推荐');
}

// ---------- candidates ----------

type CandidateRow = {
  id: number;
  name: string;
  id_masked: string;
  school_id: number;
  school_name: string;
  stage: string;
  subject: string;
  title: string | null;
  tags: string[] | null;
  posts: string[] | null;
  hire_date: string | null;
  status: string;
  eligible: boolean;
  hours_cycle: number;
  trainings_year: number;
  clashes: unknown;
  participation_id: number | null;
  participation_status: ParticipationStatus | null;
};

/**
 * The school's serving teachers as nomination candidates: eligible first, then those already in
 * the project last, then the least trained (hours this cycle, trainings this year). One query:
 * the per-teacher figures are lateral subqueries over indexed tables, no query per teacher.
 */
export async function listCandidates(
  db: Db,
  user: CurrentUser,
  projectId: number,
  q: CandidateQuery,
): Promise<{ items: Candidate[]; total: number }> {
  assertNominator(user);
  const p = await loadProject(db, user, projectId);
  if (p.enrol_mode !== 'nomination' && !isUpper(p)) throw conflict(`项目《${p.name}》为自主报名项目，不需要推荐`);
  let schoolId = q.schoolId;
  if (user.role === 'school_admin') {
    if (schoolId != null && schoolId !== user.schoolId) throw notFound('学校');
    schoolId = user.schoolId!;
  }
  if (p.school_id != null) {
    if (schoolId != null && schoolId !== p.school_id) return { items: [], total: 0 };
    schoolId = p.school_id;
  }
  const cycle = creditCycleOf(p.year);
  const eligible = eligibleSql(p.eligibility, p.start_date);
  const where: SQL[] = [teacherScope(user, 't', 's'), sql`t.status = '在职'`];
  if (schoolId != null) where.push(sql`t.school_id = ${schoolId}`);
  if (q.q) where.push(teacherSearch(q.q));
  if (q.eligibleOnly) where.push(eligible);
  const cond = sql.join(where, sql` and `);
  const list = await rows<CandidateRow>(
    db,
    sql`select t.id, t.name, t.id_masked, t.school_id, s.name as school_name, t.stage, t.subject, t.title, t.tags,
               t.posts, t.hire_date::text as hire_date, t.status, ${eligible} as eligible,
               coalesce(h.hours, 0)::float8 as hours_cycle, coalesce(hist.trainings, 0)::int as trainings_year,
               hist.clashes, mp.id as participation_id, mp.status as participation_status
        from teachers t
        join schools s on s.id = t.school_id
        left join participations mp on mp.project_id = ${p.id} and mp.teacher_id = t.id
        left join lateral (
          select sum(cr.hours) as hours from credit_ledger cr
          where cr.teacher_id = t.id and cr.occurred_on >= ${`${cycle.start}-01-01`}::date
            and cr.occurred_on <= ${`${cycle.end}-12-31`}::date
        ) h on true
        ${historyLateral(p)}
        where ${cond}
        order by eligible desc,
                 (mp.id is not null and mp.status <> all(${statusList(REUSABLE_STATUSES)})) asc,
                 hours_cycle asc, trainings_year asc, t.name, t.id
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const total = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from teachers t join schools s on s.id = t.school_id where ${cond}`,
  );
  return {
    items: list.map((r) => ({
      teacherId: r.id,
      name: r.name,
      idNumberMasked: r.id_masked,
      schoolId: r.school_id,
      schoolName: r.school_name,
      stage: r.stage,
      subject: r.subject,
      title: r.title,
      tags: r.tags ?? [],
      posts: r.posts ?? [],
      hireDate: r.hire_date,
      eligible: r.eligible,
      reasons: reasonsOf(p, r),
      hoursThisCycle: Number(r.hours_cycle),
      cycle: `${cycle.start}—${cycle.end}`,
      trainingsThisYear: Number(r.trainings_year),
      clashes: jsonArray<Clash>(r.clashes),
      participationId: r.participation_id,
      participationStatus: r.participation_status,
    })),
    total: Number(total?.n ?? 0),
  };
}

// ---------- checking the teachers of a nomination / sending ----------

type CheckRow = {
  requested: number;
  id: number | null;
  name: string | null;
  school_id: number | null;
  school_name: string | null;
  stage: string;
  subject: string;
  tags: string[] | null;
  posts: string[] | null;
  title: string | null;
  hire_date: string | null;
  status: string;
  participation_id: number | null;
  participation_status: ParticipationStatus | null;
  clashes: unknown;
};

interface Checked {
  ok: CheckRow[];
  problems: TeacherProblem[];
}

/** Per-teacher refusals: unknown, other school, already in the project, not eligible. */
async function checkTeachers(tx: Tx, user: CurrentUser, p: ProjectRow, teacherIds: number[]): Promise<Checked> {
  const ids = [...new Set(teacherIds)];
  const list = await rows<CheckRow>(
    tx,
    sql`select k.id as requested, t.id, t.name, t.school_id, s.name as school_name, t.stage, t.subject, t.tags,
               t.posts, t.title, t.hire_date::text as hire_date, t.status, mp.id as participation_id, mp.status as participation_status,
               hist.clashes
        from unnest(${intArray(ids)}) with ordinality as k(id, ord)
        left join teachers t on t.id = k.id and ${teacherScope(countyOf(user), 't')}
        left join schools s on s.id = t.school_id
        left join participations mp on mp.project_id = ${p.id} and mp.teacher_id = t.id
        ${historyLateral(p)}
        order by k.ord`,
  );
  const ok: CheckRow[] = [];
  const problems: TeacherProblem[] = [];
  for (const r of list) {
    const reasons: string[] = [];
    if (r.id == null) {
      problems.push({ teacherId: r.requested, name: null, reasons: ['教师不存在或不属于本县'] });
      continue;
    }
    if (user.role === 'school_admin' && r.school_id !== user.schoolId) reasons.push('不是本校教师');
    else if (p.school_id != null && r.school_id !== p.school_id) reasons.push('校培项目仅限本校教师');
    if (r.participation_status && !(REUSABLE_STATUSES as readonly string[]).includes(r.participation_status)) {
      reasons.push(`已在本项目中（${participationLabel(r.participation_status)}）`);
    }
    reasons.push(...reasonsOf(p, r));
    if (reasons.length) problems.push({ teacherId: r.id, name: r.name, reasons });
    else ok.push(r);
  }
  return { ok, problems };
}

function refuse(problems: TeacherProblem[], verb: string, message?: string): never {
  const describe = (x: TeacherProblem) => `${x.name ?? `编号 ${x.teacherId}`}（${x.reasons.join('；')}）`;
  const head = problems.slice(0, 3).map(describe).join('；');
  const msg =
    message ??
    (problems.length === 1
      ? `不能${verb}${describe(problems[0]!)}`
      : `有 ${problems.length} 名教师不能${verb}：${head}${problems.length > 3 ? ' 等' : ''}`);
  const fields = Object.fromEntries(problems.map((x) => [`teacher.${x.teacherId}`, x.reasons.join('；')]));
  throw new AppError('VALIDATION_FAILED', msg, fields, { problems });
}

/**
 * Quota check: with per-school quotas, each school's nominations plus places may not exceed its
 * quota (a school without one has none); a project without quotas is limited by its places.
 * Returns the refusal message, and marks the teachers beyond the limit.
 */
async function quotaProblems(tx: Tx, user: CurrentUser, p: ProjectRow, ok: CheckRow[]) {
  const problems: TeacherProblem[] = [];
  let message: string | undefined;
  const quotas = await rows<{ school_id: number; quota: number }>(
    tx,
    sql`select school_id, quota from project_quotas where project_id = ${p.id}`,
  );
  if (!quotas.length || isSchoolProject(p)) {
    const limit = placeLimit(p);
    if (limit == null) return { problems, message };
    const used = await countIn(tx, p.id, QUOTA_COUNTED_STATUSES);
    if (used + ok.length > limit) {
      message = `项目名额 ${limit} 人，已推荐 ${used} 人，本次选择了 ${ok.length} 人`;
      for (const r of ok.slice(Math.max(0, limit - used))) {
        problems.push({ teacherId: r.id!, name: r.name, reasons: [`超出项目名额（${limit} 人）`] });
      }
    }
    return { problems, message };
  }
  const quotaOf = new Map(quotas.map((q) => [q.school_id, q.quota]));
  const bySchool = new Map<number, CheckRow[]>();
  for (const r of ok) bySchool.set(r.school_id!, [...(bySchool.get(r.school_id!) ?? []), r]);
  for (const [schoolId, list] of bySchool) {
    const quota = quotaOf.get(schoolId) ?? 0;
    const used = await countIn(tx, p.id, QUOTA_COUNTED_STATUSES, schoolId);
    if (used + list.length <= quota) continue;
    const who = user.role === 'school_admin' ? '本校' : list[0]!.school_name;
    message ??= `${who}名额 ${quota} 人，已推荐 ${used} 人，本次选择了 ${list.length} 人`;
    for (const r of list.slice(Math.max(0, quota - used))) {
      problems.push({ teacherId: r.id!, name: r.name, reasons: [`超出${who}名额（${quota} 人，已推荐 ${used} 人）`] });
    }
  }
  return { problems, message };
}

/** Inserts the participations, or revives a rejected / withdrawn one of the same teacher. */
async function upsertParticipations(
  tx: Tx,
  actor: Actor,
  p: ProjectRow,
  teacherIds: number[],
  v: { source: string; status: 'nominated' | 'enrolled'; reviewed: boolean },
) {
  const reviewer = v.reviewed ? actor.user.id : null;
  return rows<{ id: number; teacher_id: number; school_id: number }>(
    tx,
    sql`insert into participations (region_id, project_id, teacher_id, school_id, source, status, nominated_by,
                                    reviewed_by, reviewed_at)
        select ${p.region_id}, ${p.id}, t.id, t.school_id, ${v.source}, ${v.status}, ${actor.user.id},
               ${reviewer}::int, ${v.reviewed ? sql`now()` : sql`null::timestamptz`}
        from teachers t where t.id = any(${intArray(teacherIds)})
        on conflict (project_id, teacher_id) do update set
          school_id = excluded.school_id, source = excluded.source, status = excluded.status,
          nominated_by = excluded.nominated_by, reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at,
          review_reason = null, waitlisted_at = null, score = null, result = null, assessed_by = null,
          assessed_at = null, completed_at = null, updated_at = now()
        where participations.status = any(${statusList(REUSABLE_STATUSES)})
        returning id, teacher_id, school_id`,
  );
}

// ---------- nominations ----------

export async function nominate(db: Db, actor: Actor, projectId: number, teacherIds: number[]): Promise<NominateResult> {
  const user = actor.user;
  assertNominator(user);
  return db.transaction(async (tx) => {
    const p = await loadProject(tx, user, projectId, true);
    assertNominationsOpen(p);
    const { ok, problems } = await checkTeachers(tx, user, p, teacherIds);
    if (problems.length) refuse(problems, '推荐');
    const quota = await quotaProblems(tx, user, p, ok);
    if (quota.problems.length) refuse(quota.problems, '推荐', quota.message);
    const created = await upsertParticipations(
      tx,
      actor,
      p,
      ok.map((r) => r.id!),
      { source: 'nomination', status: 'nominated', reviewed: false },
    );
    if (created.length !== ok.length) throw conflict('部分教师刚刚已被推荐，请刷新后重试');
    await record(
      tx,
      actor,
      created.map((c) => ({
        action: 'participation.nominate',
        entity: 'participation',
        entityId: c.id,
        after: { projectId: p.id, project: p.name, teacherId: c.teacher_id, status: 'nominated' },
      })),
    );
    if (user.role === 'school_admin') {
      const admins = await rows<{ id: number }>(
        tx,
        sql`select id from users where ${userScope(county(p.region_id), 'users')} and role = 'county_admin' and not disabled`,
      );
      const school = ok[0]?.school_name ?? '';
      await notify(
        tx,
        p.region_id,
        admins.map((a) => a.id),
        {
          kind: 'enrolment.nominated',
          title: `${school}推荐了 ${created.length} 名教师参加《${p.name}》，待审核`,
          link: projectLink(p.id),
        },
      );
    }
    const warnings = ok.flatMap((r) =>
      jsonArray<Clash>(r.clashes).map((c) => ({
        teacherId: r.id!,
        name: r.name!,
        message: `${r.name}同期已${participationLabel(c.status)}《${c.projectName}》（${c.startDate}至${c.endDate}）`,
      })),
    );
    return { participationIds: created.map((c) => c.id), count: created.length, warnings };
  });
}

/** Withdraws a nomination not yet reviewed (the row goes: it never held a place). */
export async function deleteNomination(db: Db, actor: Actor, projectId: number, participationId: number) {
  const user = actor.user;
  assertNominator(user);
  await db.transaction(async (tx) => {
    const p = await loadProject(tx, user, projectId, true);
    const row = await one<{ id: number; teacher_id: number; school_id: number; status: string; name: string }>(
      tx,
      sql`select pa.id, pa.teacher_id, pa.school_id, pa.status, t.name
          from participations pa join teachers t on t.id = pa.teacher_id
          where pa.id = ${participationId} and pa.project_id = ${p.id}`,
    );
    if (!row || (user.role === 'school_admin' && row.school_id !== user.schoolId)) throw notFound('推荐记录');
    if (row.status !== 'nominated') {
      throw conflict(`${row.name}的推荐已审核（${participationLabel(row.status)}），不能撤回`);
    }
    await tx.execute(sql`delete from participations where id = ${row.id}`);
    await record(tx, actor, {
      action: 'participation.unnominate',
      entity: 'participation',
      entityId: row.id,
      before: { projectId: p.id, project: p.name, teacherId: row.teacher_id, status: row.status },
    });
  });
}

// ---------- review ----------

export async function reviewNominations(
  db: Db,
  actor: Actor,
  projectId: number,
  body: ReviewBody,
): Promise<{ count: number; status: 'enrolled' | 'rejected' }> {
  const user = actor.user;
  return db.transaction(async (tx) => {
    const p = await loadProject(tx, user, projectId, true);
    assertReviewer(user, p);
    if (!['published', 'enrolling', 'running'].includes(p.status)) statusRefusal(p, '不能审核推荐');
    const ids = [...new Set(body.participationIds)];
    const list = await rows<{ id: number; teacher_id: number; school_id: number; status: string; name: string }>(
      tx,
      sql`select pa.id, pa.teacher_id, pa.school_id, pa.status, t.name
          from participations pa join teachers t on t.id = pa.teacher_id
          where pa.project_id = ${p.id} and pa.id = any(${intArray(ids)})
          order by pa.id`,
    );
    if (list.length !== ids.length) {
      const found = new Set(list.map((r) => r.id));
      throw notFound(`推荐记录（编号 ${ids.filter((i) => !found.has(i)).join('、')}）`);
    }
    const done = list.filter((r) => r.status !== 'nominated');
    if (done.length) {
      throw conflict(
        `${done
          .slice(0, 3)
          .map((r) => `${r.name}当前为“${participationLabel(r.status)}”`)
          .join('；')}${done.length > 3 ? ' 等' : ''}，只能审核待审核的推荐`,
      );
    }
    const approve = body.decision === 'approve';
    if (approve) {
      const limit = placeLimit(p);
      const held = await countIn(tx, p.id, PLACE_HOLDING_STATUSES);
      if (limit != null && held + list.length > limit) {
        throw conflict(
          `项目名额 ${limit} 人，已录取 ${held} 人，本次批准 ${list.length} 人将超出 ${held + list.length - limit} 人`,
          { participationIds: `最多还能批准 ${Math.max(0, limit - held)} 人` },
        );
      }
    }
    const status = approve ? 'enrolled' : 'rejected';
    const reason = body.reason ?? null;
    await tx.execute(
      sql`update participations set status = ${status}, reviewed_by = ${user.id}, reviewed_at = now(),
                 review_reason = ${reason}, updated_at = now()
          where id = any(${intArray(ids)})`,
    );
    await record(
      tx,
      actor,
      list.map((r) => ({
        action: approve ? 'participation.approve' : 'participation.reject',
        entity: 'participation',
        entityId: r.id,
        before: { status: r.status },
        after: { projectId: p.id, project: p.name, teacherId: r.teacher_id, status, reason },
      })),
    );
    await notifyTeachers(
      tx,
      p.region_id,
      list.map((r) => r.teacher_id),
      approve
        ? {
            kind: 'enrolment.approved',
            title: `您已被选派参加《${p.name}》`,
            body: projectSummaryText(p),
            link: TEACHER_LINK,
          }
        : { kind: 'enrolment.rejected', title: `推荐未通过：${reason}`, body: `《${p.name}》`, link: TEACHER_LINK },
    );
    const bySchool = new Map<number, string[]>();
    for (const r of list) bySchool.set(r.school_id, [...(bySchool.get(r.school_id) ?? []), r.name]);
    for (const [schoolId, names] of bySchool) {
      await notifySchoolAdmins(tx, p.region_id, [schoolId], {
        kind: 'enrolment.reviewed',
        title: approve
          ? `《${p.name}》推荐审核通过 ${names.length} 人`
          : `《${p.name}》推荐未通过 ${names.length} 人：${reason}`,
        body: names.join('、'),
        link: projectLink(p.id),
      });
    }
    return { count: list.length, status };
  });
}

// ---------- upper-level projects: the teachers the county sent ----------

export async function recordSent(db: Db, actor: Actor, projectId: number, teacherIds: number[]) {
  const user = actor.user;
  return db.transaction(async (tx) => {
    const p = await loadProject(tx, user, projectId, true);
    if (!isUpper(p)) throw conflict(`《${p.name}》不是国培、省培或市州培项目，请使用推荐或报名`);
    if (!['published', 'enrolling', 'running'].includes(p.status)) statusRefusal(p, '不能登记选派教师');
    const { ok, problems } = await checkTeachers(tx, user, p, teacherIds);
    if (problems.length) refuse(problems, '选派');
    const limit = placeLimit(p);
    const held = await countIn(tx, p.id, PLACE_HOLDING_STATUSES);
    if (limit != null && held + ok.length > limit) {
      throw conflict(
        `上级分配名额 ${limit} 人，已选派 ${held} 人，本次选派 ${ok.length} 人将超出 ${held + ok.length - limit} 人`,
      );
    }
    const created = await upsertParticipations(
      tx,
      actor,
      p,
      ok.map((r) => r.id!),
      { source: 'upper', status: 'enrolled', reviewed: true },
    );
    if (created.length !== ok.length) throw conflict('部分教师刚刚已被登记，请刷新后重试');
    await record(
      tx,
      actor,
      created.map((c) => ({
        action: 'participation.send',
        entity: 'participation',
        entityId: c.id,
        after: { projectId: p.id, project: p.name, teacherId: c.teacher_id, status: 'enrolled', source: 'upper' },
      })),
    );
    await notifyTeachers(
      tx,
      p.region_id,
      created.map((c) => c.teacher_id),
      { kind: 'enrolment.sent', title: `您已被选派参加《${p.name}》`, body: projectSummaryText(p), link: TEACHER_LINK },
    );
    await notifySchoolAdmins(tx, p.region_id, [...new Set(created.map((c) => c.school_id))], {
      kind: 'enrolment.sent',
      title: `县里已选派本校教师参加《${p.name}》`,
      link: projectLink(p.id),
    });
    return { participationIds: created.map((c) => c.id), count: created.length };
  });
}

// ---------- participants ----------

type ParticipantRow = {
  id: number;
  teacher_id: number;
  teacher_name: string;
  id_masked: string;
  school_id: number;
  school_name: string;
  stage: string;
  subject: string;
  status: ParticipationStatus;
  source: string;
  nominated_by_name: string | null;
  review_reason: string | null;
  reviewed_at: string | null;
  waitlist_position: number | null;
  score: number | null;
  result: Result | null;
  external_certificate_no: string | null;
  created_at: string;
  title: string | null;
  tags: string[] | null;
  posts: string[] | null;
  hire_date: string | null;
  teacher_status: string;
  hours_cycle: number | null;
  trainings_year: number | null;
  clashes: unknown;
};

/**
 * The participations of a project (aliases pa, s = the participation's school) the caller may
 * see: county and leaders all; area and school admins their schools' teachers; trainers of the
 * project those holding a place. (Teachers never reach a project's list: enrolment.participants.)
 */
export function participantScope(user: CurrentUser, p: Pick<ProjectRow, 'id'>): SQL[] {
  const scope: SQL[] = [sql`pa.project_id = ${p.id}`];
  if (user.role === 'trainer') {
    // The project scope already limits trainers to the projects they teach.
    scope.push(sql`pa.status = any(${statusList(PLACE_HOLDING_STATUSES)})`);
  } else if (user.role !== 'county_admin' && user.role !== 'leader') {
    scope.push(schoolScope(user, 's'));
  }
  return scope;
}

/** Everyone in the project the caller may see (participantScope), with the fairness figures. */
export async function listParticipants(db: Db, user: CurrentUser, projectId: number, q: ParticipantQuery) {
  const p = await loadProject(db, user, projectId);
  const scope = participantScope(user, p);
  const filters = [...scope];
  if (q.status) filters.push(sql`pa.status = ${q.status}`);
  if (q.schoolId) filters.push(sql`pa.school_id = ${q.schoolId}`);
  if (q.q) filters.push(teacherSearch(q.q));
  const from = sql`from participations pa join teachers t on t.id = pa.teacher_id join schools s on s.id = pa.school_id`;
  const where = sql.join(filters, sql` and `);
  // Those who decide on nominations see the same fairness figures as the nominating school; a
  // project's trainers, who read no one's credit hours, do not.
  const fairness = can(user.role, 'credits.read');
  const cycle = creditCycleOf(p.year);
  const list = await rows<ParticipantRow>(
    db,
    sql`select pa.id, pa.teacher_id, t.name as teacher_name, t.id_masked, pa.school_id, s.name as school_name,
               t.stage, t.subject, t.title, t.tags, t.posts, t.hire_date::text as hire_date, t.status as teacher_status,
               ${fairness ? sql`coalesce(h.hours, 0)::float8` : sql`null::float8`} as hours_cycle,
               ${fairness ? sql`coalesce(hist.trainings, 0)::int` : sql`null::int`} as trainings_year,
               ${fairness ? sql`hist.clashes` : sql`null::json`} as clashes,
               pa.status, pa.source, nb.display_name as nominated_by_name, pa.review_reason,
               ${iso(sql`pa.reviewed_at`)} as reviewed_at,
               case when pa.status = 'waitlisted' then
                 (select count(*)::int from participations w where w.project_id = pa.project_id
                    and w.status = 'waitlisted' and (w.waitlisted_at, w.id) <= (pa.waitlisted_at, pa.id))
               end as waitlist_position,
               pa.score::float8 as score, pa.result, pa.external_certificate_no,
               ${iso(sql`pa.created_at`)} as created_at
        ${from} left join users nb on nb.id = pa.nominated_by
        ${
          fairness
            ? sql`left join lateral (
                  select sum(cr.hours) as hours from credit_ledger cr
                  where cr.teacher_id = t.id and cr.occurred_on >= ${`${cycle.start}-01-01`}::date
                    and cr.occurred_on <= ${`${cycle.end}-12-31`}::date
                ) h on true
                ${historyLateral(p)}`
            : sql``
        }
        where ${where}
        order by array_position(${statusList(PARTICIPATION_ORDER)}, pa.status), pa.waitlisted_at nulls last,
                 s.name, t.name, pa.id
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const total = await one<{ n: number }>(db, sql`select count(*)::int as n ${from} where ${where}`);
  const byStatus = await rows<{ status: string; n: number }>(
    db,
    sql`select pa.status, count(*)::int as n ${from} where ${sql.join(scope, sql` and `)} group by pa.status`,
  );
  const counts: Record<string, number> = Object.fromEntries(PARTICIPATION_STATUSES.map((s) => [s, 0]));
  for (const r of byStatus) counts[r.status] = Number(r.n);
  const items: ParticipantItem[] = list.map((r) => ({
    id: r.id,
    teacherId: r.teacher_id,
    teacherName: r.teacher_name,
    idNumberMasked: r.id_masked,
    schoolId: r.school_id,
    schoolName: r.school_name,
    stage: r.stage,
    subject: r.subject,
    status: r.status,
    source: r.source,
    nominatedByName: r.nominated_by_name,
    reviewReason: r.review_reason,
    reviewedAt: r.reviewed_at,
    waitlistPosition: r.waitlist_position == null ? null : Number(r.waitlist_position),
    score: r.score == null ? null : Number(r.score),
    result: r.result,
    externalCertificateNo: r.external_certificate_no,
    createdAt: r.created_at,
    title: r.title,
    posts: r.posts ?? [],
    eligible: fairness ? reasonsOf(p, { ...r, status: r.teacher_status }).length === 0 : null,
    reasons: fairness ? reasonsOf(p, { ...r, status: r.teacher_status }) : [],
    hoursThisCycle: r.hours_cycle == null ? null : Number(r.hours_cycle),
    cycle: fairness ? `${cycle.start}—${cycle.end}` : null,
    trainingsThisYear: r.trainings_year == null ? null : Number(r.trainings_year),
    clashes: jsonArray<Clash>(r.clashes),
  }));
  return { items, total: Number(total?.n ?? 0), counts, capacity: placeLimit(p) };
}

/** Review screen order: awaiting review first, then places, the waiting list, the rest. */
const PARTICIPATION_ORDER = ['nominated', 'enrolled', 'waitlisted', 'completed', 'failed', 'rejected', 'withdrawn'];
