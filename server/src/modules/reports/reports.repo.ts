// SQL of the year-end summary's figures beyond the training statistics (exchanges, trainers who
// taught, reflections, report-backs, certificates), the year's published evaluation, and the
// summaries as saved after editing. Scope: the schools of `schoolWhere` (a condition on `s`).
import { PLAN_TIME_ZONE } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import {
  county,
  evaluationResultScope,
  evaluationScope,
  participationScope,
  projectScope,
  reflectionScope,
  reportBackScope,
  schoolScope,
  yearSummaryScope,
} from '../../access/scope.js';
import { type Exec, one, rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';

const yearRange = (col: SQL, year: number) =>
  sql`${col} >= ${`${year}-01-01`}::date and ${col} < ${`${year + 1}-01-01`}::date`;

/** Person-times of the year (the statistics' rule) at the scope's schools, by mode, in one row per mode. */
export async function personTimesByMode(exec: Exec, regionId: number, year: number, schoolWhere: SQL) {
  return rows<{ mode: string; n: number }>(
    exec,
    sql`with yp as (
          select pr.id, pr.mode from projects pr
          where ${projectScope(county(regionId), 'pr')} and ${yearRange(sql`pr.end_date`, year)}
        ),
        att as (
          select distinct a.participation_id from attendance a
          where a.status in ('present', 'late')
            and a.session_id in (select ps.id from project_sessions ps join yp on yp.id = ps.project_id)
        )
        select yp.mode, count(*)::int as n
        from participations p join yp on yp.id = p.project_id join schools s on s.id = p.school_id
        where ${participationScope(county(regionId), 'p')} and ${schoolWhere}
          and (p.status in ('completed', 'failed') or (p.status = 'enrolled' and p.id in (select participation_id from att)))
        group by yp.mode`,
  );
}

/**
 * Trainers who taught the year's projects (project trainers or session trainers), external and the
 * county's own; for a school, those who taught its own 校培 projects.
 */
export async function trainersWhoTaught(exec: Exec, regionId: number, year: number, schoolId?: number) {
  return one<{ external: number; own: number }>(
    exec,
    sql`with yp as (
          select pr.id from projects pr
          where ${projectScope(county(regionId), 'pr')} and ${yearRange(sql`pr.end_date`, year)} and pr.status <> 'draft'
            ${schoolId ? sql`and pr.school_id = ${schoolId}` : sql``}
        ),
        taught as (
          select pt.trainer_id from project_trainers pt join yp on yp.id = pt.project_id
          union
          select ps.trainer_id from project_sessions ps join yp on yp.id = ps.project_id where ps.trainer_id is not null
        )
        select count(*) filter (where tr.kind = 'external')::int as external,
               count(*) filter (where tr.kind <> 'external')::int as own
        from trainers tr join taught on taught.trainer_id = tr.id where tr.region_id = ${regionId}`,
  );
}

/** Reflections written in the year and report-backs due in it, at the scope's schools. */
export async function afterTraining(exec: Exec, user: CurrentUser, year: number, schoolWhere: SQL) {
  return one<{ reflections: number; due: number; done: number; verified: number }>(
    exec,
    sql`select
          (select count(*) from reflections rf join schools s on s.id = rf.school_id
           where ${reflectionScope(county(user.regionId), 'rf')} and ${schoolWhere}
             and (rf.created_at at time zone ${PLAN_TIME_ZONE})::date >= ${`${year}-01-01`}::date
             and (rf.created_at at time zone ${PLAN_TIME_ZONE})::date < ${`${year + 1}-01-01`}::date)::int as reflections,
          (select count(*) from report_backs rb join schools s on s.id = rb.school_id
           where ${reportBackScope(county(user.regionId), 'rb')} and ${schoolWhere} and ${yearRange(sql`rb.due_on`, year)})::int as due,
          (select count(*) from report_backs rb join schools s on s.id = rb.school_id
           where ${reportBackScope(county(user.regionId), 'rb')} and ${schoolWhere} and ${yearRange(sql`rb.due_on`, year)}
             and rb.status in ('submitted', 'verified'))::int as done,
          (select count(*) from report_backs rb join schools s on s.id = rb.school_id
           where ${reportBackScope(county(user.regionId), 'rb')} and ${schoolWhere} and ${yearRange(sql`rb.due_on`, year)}
             and rb.status = 'verified')::int as verified`,
  );
}

/** The year's latest published evaluation the caller may read, with its results in rank order. */
export async function publishedEvaluation(exec: Exec, user: CurrentUser, year: number) {
  const e = await one<{ id: number; name: string; groups: Array<{ name: string }> }>(
    exec,
    sql`select e.id, e.name, e.groups from evaluations e
        where ${evaluationScope(user, 'e')} and e.year = ${year} and e.status = 'published'
        order by e.published_at desc, e.id desc limit 1`,
  );
  if (!e) return null;
  const results = await rows<{
    school_id: number;
    school_name: string;
    grade: string;
    rank: number;
    group_name: string;
    group_size: number;
  }>(
    exec,
    sql`select er.school_id, s.name as school_name, er.grade, er.rank, er.group_name, er.group_size
        from evaluation_results er join evaluations e on e.id = er.evaluation_id join schools s on s.id = er.school_id
        where er.evaluation_id = ${e.id} and ${evaluationResultScope(user, 'er', 's', 'e')}
        order by er.group_name, er.rank, s.name`,
  );
  return { ...e, results };
}

export async function schoolName(exec: Exec, user: CurrentUser, schoolId: number) {
  return one<{ id: number; name: string }>(
    exec,
    sql`select s.id, s.name from schools s where s.id = ${schoolId} and ${schoolScope(user, 's')}`,
  );
}

export async function regionName(exec: Exec, regionId: number) {
  return (await one<{ name: string }>(exec, sql`select name from regions where id = ${regionId}`))?.name ?? '';
}

export async function savedSummary(exec: Exec, user: CurrentUser, year: number, schoolId: number | null) {
  return one<{ id: number; text: string; updated_at: string; updated_by: string | null }>(
    exec,
    sql`select y.id, y.text, to_char(y.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at,
               u.display_name as updated_by
        from year_summaries y left join schools s on s.id = y.school_id left join users u on u.id = y.updated_by
        where ${yearSummaryScope(user, 'y', 's')} and y.year = ${year}
          and ${schoolId == null ? sql`y.school_id is null` : sql`y.school_id = ${schoolId}`}`,
  );
}

export async function saveSummary(
  exec: Exec,
  v: { regionId: number; schoolId: number | null; year: number; text: string; by: number },
) {
  const conflictTarget =
    v.schoolId == null
      ? sql`(region_id, year) where school_id is null`
      : sql`(region_id, school_id, year) where school_id is not null`;
  await exec.execute(
    sql`insert into year_summaries (region_id, school_id, year, text, updated_by)
        values (${v.regionId}, ${v.schoolId}, ${v.year}, ${v.text}, ${v.by})
        on conflict ${conflictTarget}
        do update set text = excluded.text, updated_by = excluded.updated_by, updated_at = now()`,
  );
}
