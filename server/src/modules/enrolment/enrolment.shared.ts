// What the enrolment services share: loading (and locking) a project the caller may see, its
// eligibility rule as SQL, and the place limits. Every write to a project's participations
// locks the project row first, so counts and inserts of concurrent requests never interleave.
import {
  type Eligibility,
  eligibilityProblems,
  honourTagsCovering,
  type Level,
  PARTICIPATION_STATUS_LABELS,
  type ParticipationStatus,
  PROJECT_STATUS_LABELS,
  type ProjectStatus,
  TITLES,
  titleRank,
  UPPER_LEVELS,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { projectScope } from '../../access/scope.js';
import { type Exec, one, textArray } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { conflict, notFound } from '../../http/errors.js';

export interface ProjectRow {
  id: number;
  region_id: number;
  name: string;
  year: number;
  level: Level;
  mode: string;
  status: ProjectStatus;
  enrol_mode: 'nomination' | 'open';
  school_id: number | null;
  capacity: number | null;
  upper_quota: number | null;
  start_date: string;
  end_date: string;
  place: string | null;
  hours: number;
  enrol_deadline: string | null;
  deadline_passed: boolean;
  eligibility: Eligibility;
}

/** Timestamps as ISO-8601 UTC text, identical from PGlite and node-postgres. */
export const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const statusList = (values: readonly string[]) => textArray([...values]);

const PROJECT_COLUMNS = sql`p.id, p.region_id, p.name, p.year, p.level, p.mode, p.status, p.enrol_mode, p.school_id,
  p.capacity, p.upper_quota, p.start_date::text as start_date, p.end_date::text as end_date, p.place,
  p.hours::float8 as hours, ${iso(sql`p.enrol_deadline`)} as enrol_deadline,
  (p.enrol_deadline is not null and p.enrol_deadline <= now()) as deadline_passed, p.eligibility`;

/** The project, if the user may see it; `lock` holds its row until the transaction ends. */
export async function loadProject(exec: Exec, user: CurrentUser, id: number, lock = false): Promise<ProjectRow> {
  const row = await one<ProjectRow>(
    exec,
    sql`select ${PROJECT_COLUMNS} from projects p where p.id = ${id} and ${projectScope(user, 'p')}
        ${lock ? sql`for update of p` : sql``}`,
  );
  if (!row) throw notFound('培训项目');
  row.eligibility = parseEligibility(row.eligibility);
  return row;
}

export const isUpper = (p: Pick<ProjectRow, 'level'>) => UPPER_LEVELS.includes(p.level);
export const isSchoolProject = (p: Pick<ProjectRow, 'level' | 'school_id'>) =>
  p.level === '校培' || p.school_id != null;

/** The most places the project has: the upper level's quota for 国培/省培/市州培, else capacity. */
export function placeLimit(p: Pick<ProjectRow, 'level' | 'capacity' | 'upper_quota'>): number | null {
  if (isUpper(p)) return p.upper_quota ?? p.capacity;
  return p.capacity;
}

export function statusRefusal(p: ProjectRow, what: string): never {
  throw conflict(`项目《${p.name}》当前为“${PROJECT_STATUS_LABELS[p.status]}”，${what}`);
}

export const participationLabel = (s: string) => PARTICIPATION_STATUS_LABELS[s as ParticipationStatus] ?? s;

/** jsonb → Eligibility, dropping anything malformed (a bad rule must not lock everyone out by accident). */
export function parseEligibility(raw: unknown): Eligibility {
  const src = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown> | null;
  if (!src || typeof src !== 'object') return {};
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : undefined;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const out: Eligibility = {};
  const stages = strings(src.stages);
  if (stages?.length) out.stages = stages;
  const subjects = strings(src.subjects);
  if (subjects?.length) out.subjects = subjects;
  const tags = strings(src.tags);
  if (tags?.length) out.tags = tags;
  const minYears = num(src.minYears);
  if (minYears != null) out.minYears = minYears;
  const maxYears = num(src.maxYears);
  if (maxYears != null) out.maxYears = maxYears;
  if (src.newTeachersOnly === true) out.newTeachersOnly = true;
  const posts = strings(src.posts);
  if (posts?.length) out.posts = posts;
  if (typeof src.minTitle === 'string' && titleRank(src.minTitle) > 0) out.minTitle = src.minTitle;
  return out;
}

/** Whole years of service at `on`, exactly as yearsOfService() in common computes them (null without a hire date). */
export function yearsOfServiceSql(on: string, t = 't'): SQL {
  const h = sql.raw(`${t}.hire_date`);
  return sql`((extract(year from ${on}::date) - extract(year from ${h}))::int
    - case when to_char(${on}::date, 'MMDD') < to_char(${h}, 'MMDD') then 1 else 0 end)`;
}

/**
 * eligibilityProblems() as a SQL condition on teachers `t`, so lists can sort and count the
 * eligible in the database. The messages still come from eligibilityProblems (see reasonsOf).
 */
export function eligibleSql(e: Eligibility, on: string, t = 't'): SQL {
  const a = sql.raw(t);
  const c: SQL[] = [sql`${a}.status = '在职'`];
  if (e.stages?.length) c.push(sql`${a}.stage = any(${textArray(e.stages)})`);
  if (e.subjects?.length) c.push(sql`${a}.subject = any(${textArray(e.subjects)})`);
  if (e.tags?.length) c.push(sql`${a}.tags && ${textArray(honourTagsCovering(e.tags))}`);
  const years = yearsOfServiceSql(on, t);
  if (e.minYears != null) c.push(sql`coalesce(${years} >= ${e.minYears}, false)`);
  if (e.maxYears != null) c.push(sql`coalesce(${years} <= ${e.maxYears}, true)`);
  if (e.newTeachersOnly) c.push(sql`coalesce(${years} < 3, false)`);
  if (e.posts?.length) c.push(sql`${a}.posts && ${textArray(e.posts)}`);
  if (e.minTitle) {
    c.push(sql`coalesce(array_position(${textArray([...TITLES])}, ${a}.title), 0) >= ${titleRank(e.minTitle)}`);
  }
  return sql`(${sql.join(c, sql` and `)})`;
}

export interface EligibilityFacts {
  stage: string;
  subject: string;
  tags: string[] | null;
  hire_date: string | null;
  status: string;
  posts: string[] | null;
  title: string | null;
}

export function reasonsOf(p: Pick<ProjectRow, 'eligibility' | 'start_date'>, t: EligibilityFacts): string[] {
  return eligibilityProblems(
    p.eligibility,
    {
      stage: t.stage,
      subject: t.subject,
      tags: t.tags ?? [],
      hireDate: t.hire_date,
      status: t.status,
      posts: t.posts ?? [],
      title: t.title,
    },
    p.start_date,
  );
}

/** The json_agg column as an array, whichever driver parsed it. */
export function jsonArray<T>(v: unknown): T[] {
  if (v == null) return [];
  if (typeof v === 'string') return JSON.parse(v) as T[];
  return v as T[];
}

/** Number of participations of a project in the given statuses (optionally of one school). */
export async function countIn(exec: Exec, projectId: number, statuses: readonly string[], schoolId?: number) {
  const r = await one<{ n: number }>(
    exec,
    sql`select count(*)::int as n from participations
        where project_id = ${projectId} and status = any(${statusList(statuses)})
        ${schoolId != null ? sql`and school_id = ${schoolId}` : sql``}`,
  );
  return Number(r?.n ?? 0);
}

/** "2026年10月10日" for notifications. */
export function chineseDate(d: string): string {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

export function projectSummaryText(p: ProjectRow): string {
  const dates =
    p.start_date === p.end_date
      ? chineseDate(p.start_date)
      : `${chineseDate(p.start_date)}至${chineseDate(p.end_date)}`;
  return [dates, p.place, `${p.hours}学时`].filter(Boolean).join('，');
}
