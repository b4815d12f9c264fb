// 送教下乡: a core school, a famous-teacher studio or the county teaches at a rural school through
// the county's 五段五步 stages (data: the stage names are copied from the county's settings when it
// is planned). Each stage is held as a research activity at the receiving school — date, people
// (check-in or marks; the teachers sent as trainers), evidence, hours — and confirmed by the
// receiving school. A 送教下乡 is done when every stage is closed and confirmed.
import {
  activityWindowProblem,
  OUTREACH_ACTIVITY_TYPE,
  type OutreachBody,
  type OutreachDetail,
  type OutreachStageBody,
  type OutreachSummary,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { consortiumScope, countyOf, outreachScope, schoolScope, type Who } from '../../access/scope.js';
import { type Db, type Exec, intArray, one, rows } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, forbidden, invalid, isUniqueViolation, notFound } from '../../http/errors.js';
import { offsetOf } from '../../http/pagination.js';
import { iso, isoOrNull, presentSummary } from './activities.presenter.js';
import { activitiesByIds } from './activities.repo.js';
import { insertActivity } from './activities.service.js';
import { loadSettings } from './settings.service.js';

type OutreachRow = {
  id: number;
  region_id: number;
  organiser_kind: 'school' | 'studio' | 'county';
  organiser_name: string;
  school_id: number | null;
  target_school_id: number;
  target_school_name: string;
  title: string;
  subject: string | null;
  year: number;
  stages: string[];
  stages_done: number;
  created_at: string | Date;
  total?: number;
};

/** A stage counts as done when its activity is closed (not withdrawn) and the receiving school confirmed it. */
const STAGES_DONE = sql`(select count(*) from research_activities st
  where st.outreach_id = o.id and st.status = 'closed' and st.confirmed_at is not null)::int`;

const COLUMNS = sql`o.id, o.region_id, o.organiser_kind, o.organiser_name, o.school_id, o.target_school_id,
  ts.name as target_school_name, o.title, o.subject, o.year, o.stages, ${STAGES_DONE} as stages_done, o.created_at`;

function presentOutreach(r: OutreachRow): OutreachSummary {
  const total = Array.isArray(r.stages) ? r.stages.length : 0;
  return {
    id: r.id,
    organiserKind: r.organiser_kind,
    organiserName: r.organiser_name,
    schoolId: r.school_id,
    targetSchoolId: r.target_school_id,
    targetSchoolName: r.target_school_name,
    title: r.title,
    subject: r.subject,
    year: r.year,
    stagesTotal: total,
    stagesDone: r.stages_done,
    done: total > 0 && r.stages_done >= total,
    createdAt: iso(r.created_at),
  };
}

async function findOutreach(exec: Exec, who: Who, id: number) {
  return one<OutreachRow>(
    exec,
    sql`select ${COLUMNS} from research_outreach o join schools ts on ts.id = o.target_school_id
        where o.id = ${id} and ${outreachScope(who, 'o')}`,
  );
}

/** Plans it: the county for anyone; a school admin for their own school (as a school or a studio's). */
export async function createOutreach(db: Db, actor: Actor, body: OutreachBody): Promise<{ id: number }> {
  const user = actor.user;
  const ids = [body.targetSchoolId, ...(body.schoolId != null ? [body.schoolId] : [])];
  const schools = await rows<{ id: number; name: string }>(
    db,
    sql`select s.id, s.name from schools s where s.id = any(${intArray(ids)}) and ${schoolScope(countyOf(user), 's')}`,
  );
  const target = schools.find((s) => s.id === body.targetSchoolId);
  const sender = body.schoolId != null ? schools.find((s) => s.id === body.schoolId) : null;
  if (!target || (body.schoolId != null && !sender)) throw notFound('学校');
  if (user.role === 'school_admin' && (body.organiserKind === 'county' || user.schoolId !== body.schoolId)) {
    throw forbidden('学校管理员只能安排本校（或本校名师工作室）的送教下乡');
  }
  if (sender && sender.id === target.id)
    throw invalid('送教学校与受援学校不能相同', { targetSchoolId: '与送教学校相同' });
  const organiserName =
    body.organiserKind === 'studio'
      ? body.organiserName!
      : body.organiserKind === 'school'
        ? sender!.name
        : '县教师发展中心';
  const settings = await loadSettings(db, user.regionId);
  return db.transaction(async (tx) => {
    const row = await one<{ id: number }>(
      tx,
      sql`insert into research_outreach (region_id, organiser_kind, school_id, organiser_name, target_school_id, title,
                                         subject, year, stages, created_by)
          values (${user.regionId}, ${body.organiserKind}, ${body.organiserKind === 'county' ? null : (body.schoolId ?? null)},
                  ${organiserName}, ${target.id}, ${body.title}, ${body.subject ?? null}, ${body.year},
                  ${JSON.stringify(settings.outreachStages)}::jsonb, ${user.id})
          returning id`,
    );
    await record(tx, actor, {
      action: 'research_outreach.create',
      entity: 'research_outreach',
      entityId: row!.id,
      after: { ...body, organiserName, stages: settings.outreachStages },
    });
    return { id: row!.id };
  });
}

function canManage(user: CurrentUser, o: Pick<OutreachRow, 'school_id'>) {
  return (
    user.role === 'county_admin' ||
    (user.role === 'school_admin' && o.school_id != null && user.schoolId === o.school_id)
  );
}

/** Schedules one stage: it becomes an activity (type 送教下乡) hosted by the sender (or the receiving school). */
export async function scheduleStage(db: Db, actor: Actor, id: number, body: OutreachStageBody, now = new Date()) {
  const o = await findOutreach(db, actor.user, id);
  if (!o) throw notFound('送教下乡');
  if (!canManage(actor.user, o)) throw forbidden('只有送教单位或县级管理员可以安排送教阶段');
  const name = o.stages[body.stageNo - 1];
  if (!name) throw invalid(`本次送教共${o.stages.length}个阶段，没有第${body.stageNo}阶段`, { stageNo: '阶段不存在' });
  const problem = activityWindowProblem(body.startsAt, body.endsAt);
  if (problem) throw invalid(problem, { endsAt: problem });
  const host = o.school_id ?? o.target_school_id;
  try {
    const activityId = await db.transaction((tx) =>
      insertActivity(
        tx,
        actor,
        {
          schoolId: host,
          title: body.title ?? `${o.title}·${name}`,
          type: OUTREACH_ACTIVITY_TYPE,
          startsAt: body.startsAt,
          endsAt: body.endsAt,
          hours: body.hours,
          place: body.place ?? null,
          host: body.host ?? null,
          schoolIds: [o.target_school_id],
          outreachId: o.id,
          stageNo: body.stageNo,
        },
        now,
      ),
    );
    return { id: activityId };
  } catch (err) {
    if (isUniqueViolation(err, 'research_activities_stage_uq')) {
      throw conflict(`“${name}”阶段已安排，请在该阶段的活动中修改时间`);
    }
    throw err;
  }
}

export async function getOutreach(exec: Exec, user: CurrentUser, id: number): Promise<OutreachDetail> {
  const o = await findOutreach(exec, user, id);
  if (!o) throw notFound('送教下乡');
  const acts = await rows<{ id: number; stage_no: number }>(
    exec,
    sql`select id, stage_no from research_activities where outreach_id = ${id} order by stage_no`,
  );
  const summaries = await activitiesByIds(
    exec,
    countyOf(user),
    acts.map((a) => a.id),
  );
  const people = await one<{ trainers: number; participants: number }>(
    exec,
    sql`select count(distinct rp.teacher_id) filter (where rp.role = 'trainer')::int as trainers,
               count(distinct rp.teacher_id)::int as participants
        from research_participants rp join research_activities ra on ra.id = rp.activity_id
        where ra.outreach_id = ${id}`,
  );
  const byStage = new Map(summaries.map((a) => [a.stage_no, a]));
  return {
    ...presentOutreach(o),
    stages: o.stages.map((name, i) => {
      const a = byStage.get(i + 1);
      return {
        stageNo: i + 1,
        name,
        activity: a ? presentSummary(a) : null,
        done: !!a && a.status === 'closed' && a.confirmed_at != null,
        confirmedAt: a ? isoOrNull(a.confirmed_at) : null,
        confirmNote: a?.confirm_note ?? null,
      };
    }),
    trainers: people?.trainers ?? 0,
    participants: people?.participants ?? 0,
    can: {
      manage: canManage(user, o),
      confirm: user.role === 'county_admin' || (user.role === 'school_admin' && user.schoolId === o.target_school_id),
    },
  };
}

export async function listOutreach(
  exec: Exec,
  user: CurrentUser,
  q: { year?: number; schoolId?: number; status?: 'active' | 'done'; page: number; pageSize: number },
) {
  const conds: SQL[] = [outreachScope(user, 'o')];
  if (q.year) conds.push(sql`o.year = ${q.year}`);
  if (q.schoolId) conds.push(sql`(o.school_id = ${q.schoolId} or o.target_school_id = ${q.schoolId})`);
  const done = sql`(${STAGES_DONE} >= jsonb_array_length(o.stages))`;
  if (q.status === 'done') conds.push(done);
  if (q.status === 'active') conds.push(sql`not ${done}`);
  const list = await rows<OutreachRow>(
    exec,
    sql`select ${COLUMNS}, count(*) over ()::int as total
        from research_outreach o join schools ts on ts.id = o.target_school_id
        where ${sql.join(conds, sql` and `)}
        order by o.year desc, o.created_at desc, o.id desc
        limit ${q.pageSize} offset ${offsetOf(q)}`,
  );
  return { items: list.map(presentOutreach), total: list[0]?.total ?? 0 };
}

/** The schools the caller may send a 送教下乡 to (the county: any; a core school: its consortia's members). */
export async function outreachTargets(exec: Exec, user: CurrentUser) {
  const mine =
    user.role === 'county_admin'
      ? sql`true`
      : user.role === 'school_admin' && user.schoolId != null
        ? sql`s.id <> ${user.schoolId} and s.consortium_id in (select c.id from consortia c
            where ${consortiumScope(user, 'c')} and c.core_school_id = ${user.schoolId})`
        : sql`false`;
  const items = await rows<{ id: number; name: string; urbanRural: string }>(
    exec,
    sql`select s.id, s.name, s.urban_rural as "urbanRural" from schools s
        where ${schoolScope(countyOf(user), 's')} and ${mine}
        order by (s.urban_rural = '乡村') desc, s.name, s.id`,
  );
  return { items };
}

/** 送教下乡 by id that the caller may see, for records that link to them (studios, mentoring). */
export async function outreachByIds(exec: Exec, who: Who, ids: number[]): Promise<OutreachSummary[]> {
  if (!ids.length) return [];
  const list = await rows<OutreachRow>(
    exec,
    sql`select ${COLUMNS} from research_outreach o join schools ts on ts.id = o.target_school_id
        where o.id = any(${intArray([...new Set(ids)])}) and ${outreachScope(who, 'o')} order by o.id`,
  );
  return list.map(presentOutreach);
}
