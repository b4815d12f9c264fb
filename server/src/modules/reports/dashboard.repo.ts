// SQL of the leader's dashboard: person-times of a year broken down by the teacher's and the
// project's attributes, the drill-down list behind any figure, the untrained teachers. A
// person-time is the statistics' (docs/metrics.md): a participation in a project ending in the
// year, at a school of the scope, finished, or enrolled and checked in at least once.
import { AGE_BANDS, LEVELS, ONLINE_MODES, type PersonTimesQuery, SERVICE_BANDS } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { county, participationScope, projectScope, teacherScope } from '../../access/scope.js';
import { type Exec, one, rows, textArray } from '../../db/client.js';

const yearRange = (col: SQL, year: number) =>
  sql`${col} >= ${`${year}-01-01`}::date and ${col} < ${`${year + 1}-01-01`}::date`;

/** Age in the year → band (AGE_BANDS). */
export const ageBandSql = (t: string, year: number) => sql`case
  when ${sql.raw(t)}.birth_year is null then ${AGE_BANDS[4]}
  when ${year} - ${sql.raw(t)}.birth_year <= 30 then ${AGE_BANDS[0]}
  when ${year} - ${sql.raw(t)}.birth_year <= 40 then ${AGE_BANDS[1]}
  when ${year} - ${sql.raw(t)}.birth_year <= 50 then ${AGE_BANDS[2]}
  else ${AGE_BANDS[3]} end`;

/** Years of service in the year (from the hire date) → band (SERVICE_BANDS). */
export const serviceBandSql = (t: string, year: number) => sql`case
  when ${sql.raw(t)}.hire_date is null then ${SERVICE_BANDS[4]}
  when ${year} - extract(year from ${sql.raw(t)}.hire_date)::int <= 3 then ${SERVICE_BANDS[0]}
  when ${year} - extract(year from ${sql.raw(t)}.hire_date)::int <= 10 then ${SERVICE_BANDS[1]}
  when ${year} - extract(year from ${sql.raw(t)}.hire_date)::int <= 20 then ${SERVICE_BANDS[2]}
  else ${SERVICE_BANDS[3]} end`;

/**
 * `pt`: the year's person-times at the scope's schools (`schoolWhere` on `s`), with the project's
 * level, mode and category, the participation's school's rural/urban, the teacher's stage, subject,
 * age band and service band.
 */
function personTimesCte(regionId: number, year: number, schoolWhere: SQL): SQL {
  return sql`yp as (
      select pr.id, pr.name, pr.level, pr.mode, pr.category, pr.end_date from projects pr
      where ${projectScope(county(regionId), 'pr')} and ${yearRange(sql`pr.end_date`, year)}
    ),
    att as (
      select distinct a.participation_id from attendance a
      where a.status in ('present', 'late')
        and a.session_id in (select ps.id from project_sessions ps join yp on yp.id = ps.project_id)
    ),
    pt as (
      select p.id as participation_id, p.teacher_id, p.school_id, p.status, p.result, yp.id as project_id,
             yp.name as project_name, yp.level, yp.mode, yp.category, yp.end_date, s.name as school_name,
             s.area_id, s.urban_rural, t.name as teacher_name, t.stage, t.subject,
             ${ageBandSql('t', year)} as age_band, ${serviceBandSql('t', year)} as service_band
      from participations p
      join yp on yp.id = p.project_id
      join schools s on s.id = p.school_id
      join teachers t on t.id = p.teacher_id
      where ${participationScope(county(regionId), 'p')} and ${schoolWhere}
        and (p.status in ('completed', 'failed') or (p.status = 'enrolled' and p.id in (select participation_id from att))))`;
}

const DIMENSION_COLUMN: Record<string, string> = {
  urbanRural: 'urban_rural',
  stage: 'stage',
  subject: 'subject',
  category: 'category',
  mode: 'mode',
  ageBand: 'age_band',
  serviceBand: 'service_band',
};

export type BreakdownDbRow = {
  dim: string;
  key: string;
  l0: number;
  l1: number;
  l2: number;
  l3: number;
  l4: number;
  online: number;
  trained: number;
};

/** Person-times and distinct teachers per value of every dimension, in one statement. */
export async function breakdowns(exec: Exec, regionId: number, year: number, schoolWhere: SQL) {
  const levelCols = sql.join(
    LEVELS.map((l, i) => sql`count(*) filter (where level = ${l})::int as ${sql.raw(`l${i}`)}`),
    sql`, `,
  );
  const parts = Object.entries(DIMENSION_COLUMN).map(
    ([dim, col]) =>
      sql`select ${dim}::text as dim, coalesce(${sql.raw(col)}, '未填写')::text as key, ${levelCols},
                 count(*) filter (where mode = any(${textArray(ONLINE_MODES)}))::int as online,
                 count(distinct teacher_id)::int as trained
          from pt group by 2`,
  );
  return rows<BreakdownDbRow>(
    exec,
    sql`with ${personTimesCte(regionId, year, schoolWhere)} ${sql.join(parts, sql` union all `)}`,
  );
}

/**
 * Serving teachers of the scope (at their current school) per value of the teacher dimensions,
 * and how many of them had a person-time in the year anywhere in the county (coverage's rule).
 */
export async function teacherCounts(exec: Exec, regionId: number, year: number, schoolWhere: SQL) {
  const parts = ['urbanRural', 'stage', 'subject', 'ageBand', 'serviceBand'].map(
    (dim) =>
      sql`select ${dim}::text as dim, coalesce(${sql.raw(DIMENSION_COLUMN[dim]!)}, '未填写')::text as key,
                 count(*)::int as teachers, count(*) filter (where trained)::int as trained
          from tc group by 2`,
  );
  return rows<{ dim: string; key: string; teachers: number; trained: number }>(
    exec,
    sql`with ${personTimesCte(regionId, year, sql`true`)},
        tc as (
          select s.urban_rural, t.stage, t.subject, ${ageBandSql('t', year)} as age_band,
                 ${serviceBandSql('t', year)} as service_band,
                 exists (select 1 from pt where pt.teacher_id = t.id) as trained
          from teachers t join schools s on s.id = t.school_id
          where ${teacherScope(county(regionId), 't')} and t.status = '在职' and ${schoolWhere}
        )
        ${sql.join(parts, sql` union all `)}`,
  );
}

export type PersonTimeDbRow = {
  participation_id: number;
  teacher_id: number;
  teacher_name: string;
  school_name: string;
  stage: string;
  subject: string;
  project_id: number;
  project_name: string;
  level: string;
  mode: string;
  category: string;
  end_date: string;
  status: string;
  result: string | null;
};

/** The conditions of the drill-down filters on `pt`. */
function personTimeFilters(q: Omit<PersonTimesQuery, 'page' | 'pageSize' | 'year' | 'areaId' | 'schoolId'>): SQL {
  const conds: SQL[] = [sql`true`];
  if (q.level) conds.push(sql`pt.level = ${q.level}`);
  if (q.mode) conds.push(sql`pt.mode = ${q.mode}`);
  if (q.category) conds.push(sql`pt.category = ${q.category}`);
  if (q.online) conds.push(sql`pt.mode = any(${textArray(ONLINE_MODES)})`);
  if (q.urbanRural) conds.push(sql`pt.urban_rural = ${q.urbanRural}`);
  if (q.stage) conds.push(sql`pt.stage = ${q.stage}`);
  if (q.subject) conds.push(sql`pt.subject = ${q.subject}`);
  if (q.ageBand) conds.push(sql`pt.age_band = ${q.ageBand}`);
  if (q.serviceBand) conds.push(sql`pt.service_band = ${q.serviceBand}`);
  return sql.join(conds, sql` and `);
}

/** The person-times behind a figure, a page of them (limit null: all, for the export). */
export async function personTimes(
  exec: Exec,
  regionId: number,
  year: number,
  schoolWhere: SQL,
  q: Omit<PersonTimesQuery, 'page' | 'pageSize' | 'year' | 'areaId' | 'schoolId'>,
  page: { limit: number | null; offset: number },
) {
  const where = personTimeFilters(q);
  const items = await rows<PersonTimeDbRow>(
    exec,
    sql`with ${personTimesCte(regionId, year, schoolWhere)}
        select pt.participation_id, pt.teacher_id, pt.teacher_name, pt.school_name, pt.stage, pt.subject, pt.project_id,
               pt.project_name, pt.level, pt.mode, pt.category, pt.end_date::text as end_date, pt.status, pt.result
        from pt where ${where}
        order by pt.end_date desc, pt.project_id, pt.school_name, pt.teacher_name, pt.participation_id
        ${page.limit == null ? sql`` : sql`limit ${page.limit} offset ${page.offset}`}`,
  );
  const total = await one<{ n: number }>(
    exec,
    sql`with ${personTimesCte(regionId, year, schoolWhere)} select count(*)::int as n from pt where ${where}`,
  );
  return { items, total: total?.n ?? 0 };
}

/** Serving teachers of the scope without a person-time in the year (anywhere in the county). */
export async function untrained(
  exec: Exec,
  regionId: number,
  year: number,
  schoolWhere: SQL,
  q: { stage?: string; subject?: string; urbanRural?: string },
  page: { limit: number | null; offset: number },
) {
  const conds: SQL[] = [sql`true`];
  if (q.stage) conds.push(sql`t.stage = ${q.stage}`);
  if (q.subject) conds.push(sql`t.subject = ${q.subject}`);
  if (q.urbanRural) conds.push(sql`s.urban_rural = ${q.urbanRural}`);
  const base = sql`with ${personTimesCte(regionId, year, sql`true`)},
    u as (
      select t.id as teacher_id, t.name, t.school_id, s.name as school_name, t.stage, t.subject,
             t.hire_date::text as hire_date
      from teachers t join schools s on s.id = t.school_id
      where ${teacherScope(county(regionId), 't')} and t.status = '在职' and ${schoolWhere}
        and ${sql.join(conds, sql` and `)}
        and not exists (select 1 from pt where pt.teacher_id = t.id)
    )`;
  const items = await rows<{
    teacher_id: number;
    name: string;
    school_id: number;
    school_name: string;
    stage: string;
    subject: string;
    hire_date: string | null;
    last_trained: string | null;
  }>(
    exec,
    sql`${base}
        select u.*, (select max(pr.end_date)::text from participations p2 join projects pr on pr.id = p2.project_id
                     where p2.teacher_id = u.teacher_id and p2.status in ('completed', 'failed')) as last_trained
        from u order by u.school_name, u.name, u.teacher_id
        ${page.limit == null ? sql`` : sql`limit ${page.limit} offset ${page.offset}`}`,
  );
  const total = await one<{ n: number }>(exec, sql`${base} select count(*)::int as n from u`);
  return { items, total: total?.n ?? 0 };
}

/** The scope's schools with their rural/urban class. */
export async function schoolFacts(exec: Exec, schoolWhere: SQL) {
  return rows<{ id: number; urban_rural: string }>(
    exec,
    sql`select s.id, s.urban_rural from schools s where ${schoolWhere}`,
  );
}
