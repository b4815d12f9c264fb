// All SQL of the training plan: categories, projects, their trainers, sessions and counts.
// Every read of a project goes through projectScope, so an invisible project never leaves the database.
import { PARTICIPATION_STATUSES, type ParticipantCounts, PLAN_TIME_ZONE, type ProjectListQuery } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { county, dictionaryScope, projectScope, schoolScope, trainerScope } from '../../access/scope.js';
import { type Exec, intArray, one, rows, textArray } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { likeEscape } from '../../http/pagination.js';
import { materialise } from '../dictionaries/dictionaries.repo.js';

/** Timestamps as ISO-8601 UTC text, identical from PGlite and node-postgres. */
const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const local = (col: SQL, format: string) => sql`to_char(${col} at time zone ${PLAN_TIME_ZONE}, ${format})`;

// ---------- categories ----------

export interface CategoryRow {
  id: number;
  name: string;
  sort: number;
  archived: boolean;
  project_count: number;
}

/**
 * Gives a region its own copy of the national category list the first time it is needed; answers
 * how many were inserted. Categories are the dictionary kind training_category.
 */
export async function ensureCategories(exec: Exec, regionId: number): Promise<number> {
  return materialise(exec, regionId, 'training_category');
}

export async function listCategories(exec: Exec, regionId: number) {
  return rows<CategoryRow>(
    exec,
    sql`select c.id, c.value as name, c.sort, c.retired_at is not null as archived,
               (select count(*)::int from projects p where ${projectScope(county(regionId), 'p')} and p.category = c.value) as project_count
        from dictionary_entries c where ${dictionaryScope(county(regionId), 'c')} and c.kind = 'training_category'
        order by archived, c.sort, c.value, c.id`,
  );
}

export async function lockCategory(exec: Exec, regionId: number, id: number) {
  return one<{ id: number; name: string; sort: number; archived: boolean }>(
    exec,
    sql`select id, value as name, sort, retired_at is not null as archived from dictionary_entries c
        where c.id = ${id} and ${dictionaryScope(county(regionId), 'c')} and c.kind = 'training_category' for update`,
  );
}

export async function activeCategoryExists(exec: Exec, regionId: number, name: string) {
  const row = await one<{ id: number }>(
    exec,
    sql`select id from dictionary_entries c
        where ${dictionaryScope(county(regionId), 'c')} and c.kind = 'training_category' and c.value = ${name}
          and c.retired_at is null`,
  );
  return !!row;
}

// ---------- projects ----------

export interface ProjectRow {
  id: number;
  region_id: number;
  code: string | null;
  name: string;
  year: number;
  level: string;
  category: string;
  mode: string;
  organiser_type: string;
  organiser: string | null;
  school_id: number | null;
  school_name: string | null;
  start_date: string;
  end_date: string;
  place: string | null;
  hours: number;
  capacity: number | null;
  enrol_mode: string;
  enrol_deadline: string | null;
  eligibility: Record<string, unknown> | null;
  completion_rule: Record<string, unknown> | null;
  budget: number | null;
  description: string | null;
  status: string;
  upper_quota: number | null;
  source: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProjectCountsRow {
  session_count: number;
  quota_total: number;
  quota_schools: number;
  participants: ParticipantCounts;
}

const COLUMNS = sql`p.id, p.region_id, p.code, p.name, p.year, p.level, p.category, p.mode, p.organiser_type,
  p.organiser, p.school_id, s.name as school_name, p.start_date::text as start_date, p.end_date::text as end_date,
  p.place, p.hours::float8 as hours, p.capacity, p.enrol_mode, ${iso(sql`p.enrol_deadline`)} as enrol_deadline,
  p.eligibility, p.completion_rule, p.budget::float8 as budget, p.description, p.status, p.upper_quota, p.source,
  ${iso(sql`p.created_at`)} as created_at, ${iso(sql`p.updated_at`)} as updated_at`;

/** Per-project counts as lateral subqueries: one statement however many projects are listed. */
const COUNT_COLUMNS = sql`coalesce(sc.n, 0) as session_count, coalesce(qt.total, 0) as quota_total,
  coalesce(qt.schools, 0) as quota_schools,
  json_build_object(${sql.join(
    PARTICIPATION_STATUSES.map((st) => sql`${st}::text, coalesce(pc.${sql.raw(st)}, 0)`),
    sql`, `,
  )}) as participants`;
const COUNT_JOINS = sql`
  left join lateral (select count(*)::int as n from project_sessions x where x.project_id = p.id) sc on true
  left join lateral (select coalesce(sum(x.quota), 0)::int as total, count(*)::int as schools
                     from project_quotas x where x.project_id = p.id) qt on true
  left join lateral (select ${sql.join(
    PARTICIPATION_STATUSES.map((st) => sql`count(*) filter (where x.status = ${st})::int as ${sql.raw(st)}`),
    sql`, `,
  )} from participations x where x.project_id = p.id) pc on true`;

export type ProjectFilters = Omit<ProjectListQuery, 'page' | 'pageSize' | 'sort' | 'order'>;

export function projectWhere(user: CurrentUser, f: ProjectFilters): SQL {
  const c: SQL[] = [projectScope(user, 'p')];
  if (f.year != null) c.push(sql`p.year = ${f.year}`);
  if (f.level) c.push(sql`p.level = ${f.level}`);
  if (f.category) c.push(sql`p.category = ${f.category}`);
  if (f.mode) c.push(sql`p.mode = ${f.mode}`);
  if (f.status) c.push(sql`p.status = ${f.status}`);
  if (f.organiserType) c.push(sql`p.organiser_type = ${f.organiserType}`);
  if (f.enrolMode) c.push(sql`p.enrol_mode = ${f.enrolMode}`);
  if (f.schoolId != null) c.push(sql`p.school_id = ${f.schoolId}`);
  if (f.q) {
    const like = `%${likeEscape(f.q)}%`;
    c.push(sql`(p.name ilike ${like} or p.code ilike ${like} or p.organiser ilike ${like})`);
  }
  if (f.from) c.push(sql`p.end_date >= ${f.from}::date`);
  if (f.to) c.push(sql`p.start_date <= ${f.to}::date`);
  return sql.join(c, sql` and `);
}

const LEVEL_ORDER = sql.raw(`array_position(array['国培','省培','市州培','县培','校培'], p.level)`);
const STATUS_ORDER = sql.raw(
  `array_position(array['draft','published','enrolling','running','assessing','closed'], p.status)`,
);

function orderBy(q: Pick<ProjectListQuery, 'sort' | 'order'>): SQL {
  const dir = sql.raw(q.order === 'desc' ? 'desc' : 'asc');
  switch (q.sort) {
    case 'name':
      return sql`p.name ${dir}, p.id ${dir}`;
    case 'level':
      return sql`${LEVEL_ORDER} ${dir}, p.start_date, p.id`;
    case 'status':
      return sql`${STATUS_ORDER} ${dir}, p.start_date, p.id`;
    case 'hours':
      return sql`p.hours ${dir}, p.id ${dir}`;
    case 'updatedAt':
      return sql`p.updated_at ${dir}, p.id ${dir}`;
    case 'startDate':
      return sql`p.start_date ${dir}, p.id ${dir}`;
    default:
      // The plan reads chronologically within a year, the latest year first.
      return sql`p.year desc, p.start_date asc, p.id asc`;
  }
}

export async function listProjects(exec: Exec, user: CurrentUser, q: ProjectListQuery) {
  const where = projectWhere(user, q);
  // The page's ids first (sorted, limited), then the columns and counts for just those rows.
  const items = await rows<ProjectRow & ProjectCountsRow>(
    exec,
    sql`with page as (
          select p.id, row_number() over (order by ${orderBy(q)}) as ord
          from projects p where ${where}
          order by ${orderBy(q)} limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}
        )
        select ${COLUMNS}, ${COUNT_COLUMNS}
        from page join projects p on p.id = page.id left join schools s on s.id = p.school_id ${COUNT_JOINS}
        order by page.ord`,
  );
  const total = await one<{ n: number }>(exec, sql`select count(*)::int as n from projects p where ${where}`);
  return { items, total: Number(total?.n ?? 0) };
}

export async function findProject(exec: Exec, user: CurrentUser, id: number) {
  return one<ProjectRow & ProjectCountsRow>(
    exec,
    sql`select ${COLUMNS}, ${COUNT_COLUMNS}
        from projects p left join schools s on s.id = p.school_id ${COUNT_JOINS}
        where p.id = ${id} and ${projectScope(user, 'p')}`,
  );
}

/** A project the caller may see, locked for the rest of the transaction (writes check the writer next). */
export async function lockProject(exec: Exec, user: CurrentUser, id: number) {
  return one<ProjectRow>(
    exec,
    sql`select ${COLUMNS} from projects p left join schools s on s.id = p.school_id
        where p.id = ${id} and ${projectScope(user, 'p')}
        for update of p`,
  );
}

export interface ProjectTrainerRow {
  trainer_id: number;
  name: string;
  kind: string;
  organisation: string | null;
  title: string | null;
  role: string | null;
  active: boolean;
  user_id: number | null;
}

export async function listProjectTrainers(exec: Exec, projectId: number) {
  return rows<ProjectTrainerRow>(
    exec,
    sql`select pt.trainer_id, tr.name, tr.kind, tr.organisation, tr.title, pt.role, tr.active, tr.user_id
        from project_trainers pt join trainers tr on tr.id = pt.trainer_id
        where pt.project_id = ${projectId}
        order by (pt.role = '主讲') desc, tr.name, tr.id`,
  );
}

export interface QuotaItemRow {
  school_id: number;
  school_name: string;
  quota: number;
  taken: number;
}

/** The quota rows of the schools in the caller's scope (none for teachers and trainers). */
export async function listQuotaItems(exec: Exec, user: CurrentUser, projectId: number) {
  return rows<QuotaItemRow>(
    exec,
    sql`select q.school_id, s.name as school_name, q.quota,
               (select count(*)::int from participations x where x.project_id = q.project_id and x.school_id = q.school_id
                  and x.status in ('nominated', 'enrolled', 'completed', 'failed')) as taken
        from project_quotas q join schools s on s.id = q.school_id
        where q.project_id = ${projectId} and ${schoolScope(user, 's')}
        order by s.name, s.id`,
  );
}

// ---------- sessions ----------

export interface SessionRow {
  id: number;
  project_id: number;
  date: string;
  start: string;
  end_time: string;
  starts_at: string;
  ends_at: string;
  topic: string;
  trainer_id: number | null;
  trainer_name: string | null;
  room: string | null;
  attendance_count: number;
}

const SESSION_COLUMNS = sql`ps.id, ps.project_id, ${local(sql`ps.starts_at`, 'YYYY-MM-DD')} as date,
  ${local(sql`ps.starts_at`, 'HH24:MI')} as start, ${local(sql`ps.ends_at`, 'HH24:MI')} as end_time,
  ${iso(sql`ps.starts_at`)} as starts_at, ${iso(sql`ps.ends_at`)} as ends_at, ps.topic, ps.trainer_id,
  tr.name as trainer_name, ps.room`;

export async function listSessions(exec: Exec, projectId: number, page?: { limit: number; offset: number }) {
  const limit = page ? sql`limit ${page.limit} offset ${page.offset}` : sql``;
  return rows<SessionRow>(
    exec,
    sql`select ${SESSION_COLUMNS},
               (select count(*)::int from attendance a where a.session_id = ps.id) as attendance_count
        from project_sessions ps left join trainers tr on tr.id = ps.trainer_id
        where ps.project_id = ${projectId}
        order by ps.starts_at, ps.id ${limit}`,
  );
}

export async function countSessions(exec: Exec, projectId: number) {
  const r = await one<{ n: number }>(
    exec,
    sql`select count(*)::int as n from project_sessions where project_id = ${projectId}`,
  );
  return Number(r?.n ?? 0);
}

export async function lockSession(exec: Exec, projectId: number, sessionId: number) {
  return one<SessionRow>(
    exec,
    sql`select ${SESSION_COLUMNS},
               (select count(*)::int from attendance a where a.session_id = ps.id) as attendance_count
        from project_sessions ps left join trainers tr on tr.id = ps.trainer_id
        where ps.id = ${sessionId} and ps.project_id = ${projectId}
        for update of ps`,
  );
}

/** Sessions whose Beijing date falls outside [startDate, endDate]. */
export async function countSessionsOutside(exec: Exec, projectId: number, startDate: string, endDate: string) {
  const r = await one<{ n: number }>(
    exec,
    sql`select count(*)::int as n from project_sessions ps where ps.project_id = ${projectId}
          and ((ps.starts_at at time zone ${PLAN_TIME_ZONE})::date < ${startDate}::date
               or (ps.starts_at at time zone ${PLAN_TIME_ZONE})::date > ${endDate}::date)`,
  );
  return Number(r?.n ?? 0);
}

// ---------- calendar ----------

export async function calendarProjects(exec: Exec, user: CurrentUser, f: ProjectFilters, from: string, to: string) {
  return rows<ProjectRow>(
    exec,
    sql`select ${COLUMNS} from projects p left join schools s on s.id = p.school_id
        where ${projectWhere(user, { ...f, from, to })}
        order by p.start_date, p.id limit 2000`,
  );
}

/** Sessions overlapping [fromInstant, toInstant) of the projects the caller may see. */
export async function calendarSessions(
  exec: Exec,
  user: CurrentUser,
  f: ProjectFilters,
  fromInstant: string,
  toInstant: string,
) {
  return rows<SessionRow & { project_name: string; level: string }>(
    exec,
    sql`select ${SESSION_COLUMNS}, p.name as project_name, p.level, 0 as attendance_count
        from project_sessions ps join projects p on p.id = ps.project_id left join trainers tr on tr.id = ps.trainer_id
        where ${projectWhere(user, f)}
          and ps.starts_at < ${toInstant}::timestamptz and ps.ends_at > ${fromInstant}::timestamptz
        order by ps.starts_at, ps.id limit 5000`,
  );
}

// ---------- participation facts the lifecycle needs ----------

export async function participationFacts(exec: Exec, projectId: number) {
  const r = await one<{ unassessed: number; seated: number; total: number }>(
    exec,
    sql`select count(*) filter (where status = 'enrolled' and result is null)::int as unassessed,
               count(*) filter (where status in ('enrolled', 'completed', 'failed'))::int as seated,
               count(*)::int as total
        from participations where project_id = ${projectId}`,
  );
  return { unassessed: r?.unassessed ?? 0, seated: r?.seated ?? 0, total: r?.total ?? 0 };
}

export async function quotaTotal(exec: Exec, projectId: number) {
  const r = await one<{ n: number }>(
    exec,
    sql`select coalesce(sum(quota), 0)::int as n from project_quotas where project_id = ${projectId}`,
  );
  return Number(r?.n ?? 0);
}

/** The project's id and dates if the caller may see it (reads that need no lock). */
export async function visibleProject(exec: Exec, user: CurrentUser, id: number) {
  return one<{ id: number; start_date: string; end_date: string }>(
    exec,
    sql`select p.id, p.start_date::text as start_date, p.end_date::text as end_date from projects p
        where p.id = ${id} and ${projectScope(user, 'p')}`,
  );
}

export async function trainersByIds(exec: Exec, regionId: number, ids: number[]) {
  if (!ids.length) return [];
  return rows<{ id: number; name: string; active: boolean }>(
    exec,
    sql`select id, name, active from trainers tr where ${trainerScope(county(regionId), 'tr')} and id = any(${intArray(ids)})`,
  );
}

/** How many sessions of the project each of these trainers runs. */
export async function sessionsPerTrainer(exec: Exec, projectId: number, trainerIds: number[]) {
  if (!trainerIds.length) return [];
  return rows<{ trainer_id: number; n: number }>(
    exec,
    sql`select trainer_id, count(*)::int as n from project_sessions
        where project_id = ${projectId} and trainer_id = any(${intArray(trainerIds)})
        group by trainer_id`,
  );
}

export async function replaceProjectTrainers(
  exec: Exec,
  projectId: number,
  list: Array<{ trainerId: number; role: string }>,
) {
  await exec.execute(sql`delete from project_trainers where project_id = ${projectId}`);
  if (!list.length) return;
  await exec.execute(
    sql`insert into project_trainers (project_id, trainer_id, role)
        select ${projectId}, x.trainer_id, x.role
        from unnest(${intArray(list.map((t) => t.trainerId))}, ${textArray(list.map((t) => t.role))}) as x(trainer_id, role)`,
  );
}

/** A session's trainer teaches the project: add them (as 主讲) unless already listed. */
export async function ensureProjectTrainer(exec: Exec, projectId: number, trainerId: number) {
  const r = await rows<{ trainer_id: number }>(
    exec,
    sql`insert into project_trainers (project_id, trainer_id, role) values (${projectId}, ${trainerId}, '主讲')
        on conflict do nothing returning trainer_id`,
  );
  return r.length > 0;
}
