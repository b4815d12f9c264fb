// All SQL of 青蓝工程 pairs, their logs and reviews, the county's pairing rules and the counts.
// Every read of a pair goes through pairScope (mentor, mentee, or admins of either's school).
// Rounds, offers and choices are in rounds.repo.ts.
import { DEFAULT_MENTORING_SETTINGS, type MentoringSettings, type PairListQuery } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { county, mentoringSettingsScope, pairScope, teacherScope, type Who } from '../../access/scope.js';
import { type Exec, intArray, one, rows } from '../../db/client.js';
import { likeEscape } from '../../http/pagination.js';

export const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// ---------- settings ----------

export async function loadSettings(exec: Exec, regionId: number): Promise<MentoringSettings> {
  const r = await one<{ mentor_max_mentees: number; mentee_max_years: number; mentee_max_age: number }>(
    exec,
    sql`select mentor_max_mentees, mentee_max_years, mentee_max_age from mentoring_settings
        where ${mentoringSettingsScope(county(regionId))}`,
  );
  if (!r) return { ...DEFAULT_MENTORING_SETTINGS };
  return {
    mentorMaxMentees: Number(r.mentor_max_mentees),
    menteeMaxYears: Number(r.mentee_max_years),
    menteeMaxAge: Number(r.mentee_max_age),
  };
}

export async function saveSettings(exec: Exec, regionId: number, userId: number, s: MentoringSettings) {
  await exec.execute(
    sql`insert into mentoring_settings (region_id, mentor_max_mentees, mentee_max_years, mentee_max_age, updated_by)
        values (${regionId}, ${s.mentorMaxMentees}, ${s.menteeMaxYears}, ${s.menteeMaxAge}, ${userId})
        on conflict (region_id) do update set mentor_max_mentees = excluded.mentor_max_mentees,
          mentee_max_years = excluded.mentee_max_years, mentee_max_age = excluded.mentee_max_age,
          updated_by = excluded.updated_by, updated_at = now()`,
  );
}

// ---------- teachers ----------

export interface PersonRow {
  id: number;
  name: string;
  school_id: number;
  school_name: string;
  subject: string;
  title: string | null;
  hire_date: string | null;
  birth_year: number | null;
  status: string;
}

/** Teachers by id within `who`'s scope (`county(…)` for the whole county). */
export async function teachersIn(exec: Exec, who: Who, ids: number[]) {
  return rows<PersonRow>(
    exec,
    sql`select t.id, t.name, t.school_id, s.name as school_name, t.subject, t.title, t.hire_date::text as hire_date,
               t.birth_year, t.status
        from teachers t join schools s on s.id = t.school_id
        where t.id = any(${intArray(ids)}) and ${teacherScope(who, 't', 's')}`,
  );
}

/** Pairs of the mentor that are active in `year` (a pair covers year … year + term − 1). */
export async function mentorLoad(exec: Exec, mentorId: number, year: number, exceptPairId = 0) {
  const r = await one<{ n: number }>(
    exec,
    sql`select count(*)::int as n from mentoring_pairs mp
        where mp.mentor_id = ${mentorId} and mp.status = 'active' and mp.id <> ${exceptPairId}
          and mp.year <= ${year} and ${year} <= mp.year + mp.term_years - 1`,
  );
  return Number(r?.n ?? 0);
}

/** The mentee's pair of `year` that still stands (not dissolved), if any. */
export async function menteePairOf(exec: Exec, menteeId: number, year: number) {
  return one<{ id: number; mentor_name: string }>(
    exec,
    sql`select mp.id, t.name as mentor_name from mentoring_pairs mp join teachers t on t.id = mp.mentor_id
        where mp.mentee_id = ${menteeId} and mp.year = ${year} and mp.status <> 'dissolved'`,
  );
}

// ---------- pairs ----------

export interface PairRow {
  id: number;
  region_id: number;
  year: number;
  term_years: number;
  school_id: number;
  school_name: string;
  status: string;
  goals: string | null;
  round_id: number | null;
  override_reason: string | null;
  end_reason: string | null;
  excellent_year: number | null;
  mentor_id: number;
  mentor_name: string;
  mentor_school_id: number;
  mentor_school_name: string;
  mentor_subject: string;
  mentor_title: string | null;
  mentor_hire_date: string | null;
  mentee_id: number;
  mentee_name: string;
  mentee_school_id: number;
  mentee_school_name: string;
  mentee_subject: string;
  mentee_title: string | null;
  mentee_hire_date: string | null;
  log_count: number;
  log_hours: number;
  last_log_on: string | null;
  yearend_result: string | null;
}

const PAIR_COLUMNS = sql`mp.id, mp.region_id, mp.year, mp.term_years, mp.school_id, s.name as school_name, mp.status,
  mp.goals, mp.round_id, mp.override_reason, mp.end_reason, mp.excellent_year,
  mt.id as mentor_id, mt.name as mentor_name, mt.school_id as mentor_school_id, ms.name as mentor_school_name,
  mt.subject as mentor_subject, mt.title as mentor_title, mt.hire_date::text as mentor_hire_date,
  te.id as mentee_id, te.name as mentee_name, te.school_id as mentee_school_id, es.name as mentee_school_name,
  te.subject as mentee_subject, te.title as mentee_title, te.hire_date::text as mentee_hire_date,
  coalesce(lg.n, 0) as log_count, coalesce(lg.hours, 0) as log_hours, lg.last as last_log_on,
  (select r.result from mentoring_reviews r where r.pair_id = mp.id and r.kind = 'yearend'
   order by r.period desc limit 1) as yearend_result`;
const PAIR_FROM = sql`from mentoring_pairs mp
  join schools s on s.id = mp.school_id
  join teachers mt on mt.id = mp.mentor_id join schools ms on ms.id = mt.school_id
  join teachers te on te.id = mp.mentee_id join schools es on es.id = te.school_id
  left join lateral (select count(*)::int as n, sum(l.hours)::float8 as hours, max(l.occurred_on)::text as last
                     from mentoring_logs l where l.pair_id = mp.id) lg on true`;

/** A pair covers its year and the term's following years. */
export const covers = (year: number) => sql`(mp.year <= ${year} and ${year} <= mp.year + mp.term_years - 1)`;

function pairFilters(who: Who, q: Omit<PairListQuery, 'page' | 'pageSize'>): SQL {
  const c: SQL[] = [pairScope(who, 'mp', 's')];
  if (q.year) c.push(covers(q.year));
  if (q.schoolId) c.push(sql`mp.school_id = ${q.schoolId}`);
  if (q.status) c.push(sql`mp.status = ${q.status}`);
  if (q.excellent === 'true') c.push(sql`mp.excellent_year is not null`);
  if (q.excellent === 'false') c.push(sql`mp.excellent_year is null`);
  if (q.q) {
    const like = `%${likeEscape(q.q)}%`;
    c.push(sql`(mt.name ilike ${like} or te.name ilike ${like})`);
  }
  return sql.join(c, sql` and `);
}

export async function listPairs(exec: Exec, who: Who, q: PairListQuery) {
  const where = pairFilters(who, q);
  const [items, total] = await Promise.all([
    rows<PairRow>(
      exec,
      sql`select ${PAIR_COLUMNS} ${PAIR_FROM} where ${where}
          order by mp.year desc, s.name, mt.name, te.name, mp.id
          limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
    ),
    one<{ n: number }>(exec, sql`select count(*)::int as n ${PAIR_FROM} where ${where}`),
  ]);
  return { items, total: Number(total?.n ?? 0) };
}

/** Pairs of a teacher (as mentor or mentee), newest first. */
export async function pairsOfTeacher(exec: Exec, who: Who, teacherId: number) {
  return rows<PairRow>(
    exec,
    sql`select ${PAIR_COLUMNS} ${PAIR_FROM}
        where ${pairScope(who, 'mp', 's')} and (mp.mentor_id = ${teacherId} or mp.mentee_id = ${teacherId})
        order by (mp.status = 'active') desc, mp.year desc, mp.id desc`,
  );
}

export async function findPair(exec: Exec, who: Who, id: number, lock = false) {
  return one<PairRow>(
    exec,
    sql`select ${PAIR_COLUMNS} ${PAIR_FROM} where mp.id = ${id} and ${pairScope(who, 'mp', 's')}
        ${lock ? sql`for update of mp` : sql``}`,
  );
}

export async function insertPair(
  exec: Exec,
  v: {
    regionId: number;
    schoolId: number;
    mentorId: number;
    menteeId: number;
    year: number;
    termYears: number;
    goals: string | null;
    overrideReason: string | null;
    roundId: number | null;
    choiceId: number | null;
    createdBy: number;
  },
) {
  const r = await one<{ id: number }>(
    exec,
    sql`insert into mentoring_pairs (region_id, school_id, mentor_id, mentee_id, year, term_years, goals,
                                     override_reason, round_id, choice_id, created_by)
        values (${v.regionId}, ${v.schoolId}, ${v.mentorId}, ${v.menteeId}, ${v.year}, ${v.termYears}, ${v.goals},
                ${v.overrideReason}, ${v.roundId}, ${v.choiceId}, ${v.createdBy})
        returning id`,
  );
  return r!.id;
}

// ---------- logs and reviews ----------

export interface LogRow {
  id: number;
  kind: string;
  occurred_on: string;
  hours: number;
  content: string;
  author_name: string;
  author_role: 'mentor' | 'mentee';
  author_user_id: number;
  activity_ref: number | null;
  created_at: string;
}

export async function logsOf(exec: Exec, pairId: number) {
  return rows<LogRow>(
    exec,
    sql`select l.id, l.kind, l.occurred_on::text as occurred_on, l.hours::float8 as hours, l.content,
               coalesce(t.name, u.display_name) as author_name, l.author_role, l.author_user_id, l.activity_ref,
               ${iso(sql`l.created_at`)} as created_at
        from mentoring_logs l join users u on u.id = l.author_user_id left join teachers t on t.id = l.author_teacher_id
        where l.pair_id = ${pairId}
        order by l.occurred_on desc, l.id desc`,
  );
}

export interface ReviewRow {
  id: number;
  kind: string;
  period: string;
  result: string;
  comment: string | null;
  reviewer_name: string;
  updated_at: string;
}

export async function reviewsOf(exec: Exec, pairId: number) {
  return rows<ReviewRow>(
    exec,
    sql`select r.id, r.kind, r.period, r.result, r.comment, u.display_name as reviewer_name,
               ${iso(sql`r.updated_at`)} as updated_at
        from mentoring_reviews r join users u on u.id = r.reviewer_id
        where r.pair_id = ${pairId}
        order by r.period desc, array_position(array['yearend','midterm','monthly'], r.kind), r.id desc`,
  );
}

export async function findReview(exec: Exec, pairId: number, kind: string, period: string) {
  return one<{ id: number; result: string; comment: string | null }>(
    exec,
    sql`select id, result, comment from mentoring_reviews
        where pair_id = ${pairId} and kind = ${kind} and period = ${period} for update`,
  );
}

// ---------- counts ----------

export interface SchoolCountRow {
  school_id: number;
  school_name: string;
  pairs: number;
  active: number;
  logs: number;
  excellent: number;
  by_month: number[] | null;
}

/**
 * Per school (the mentee's), over pairs covering `year` that were not dissolved: pairs, those with
 * a log dated in the year (active), logs of the year by month, and pairs named 优秀师徒 that year.
 */
export async function countsBySchool(exec: Exec, where: SQL, year: number) {
  return rows<SchoolCountRow>(
    exec,
    sql`with p as (
          select mp.id, mp.school_id, mp.excellent_year from mentoring_pairs mp join schools s on s.id = mp.school_id
          where ${where} and ${covers(year)} and mp.status <> 'dissolved'),
        l as (
          select p.school_id, p.id as pair_id, extract(month from lg.occurred_on)::int as m
          from p join mentoring_logs lg on lg.pair_id = p.id
          where lg.occurred_on >= ${`${year}-01-01`}::date and lg.occurred_on <= ${`${year}-12-31`}::date),
        months as (
          select school_id, array_agg(coalesce(n, 0) order by mm) as by_month from (
            select sc.school_id, mm, (select count(*)::int from l where l.school_id = sc.school_id and l.m = mm) as n
            from (select distinct school_id from p) sc cross join generate_series(1, 12) as mm) x
          group by school_id)
        select p.school_id, s.name as school_name, count(*)::int as pairs,
               count(*) filter (where exists (select 1 from l where l.pair_id = p.id))::int as active,
               (select count(*)::int from l where l.school_id = p.school_id) as logs,
               count(*) filter (where p.excellent_year = ${year})::int as excellent,
               m.by_month
        from p join schools s on s.id = p.school_id left join months m on m.school_id = p.school_id
        group by p.school_id, s.name, m.by_month
        order by s.name`,
  );
}
