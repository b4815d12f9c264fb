// Progress against the county's rule set: one teacher (the issue's contract) and a batch of them
// evaluate the ledger with the pure engine (common/src/credit-rules.ts) in memory — caps depend on
// entry order, which SQL sums cannot express. The "who is behind" list reads the credit totals the
// ledger's write function keeps (totals.ts): one query, paged and ordered in SQL.
import {
  type CreditEvaluation,
  type CreditProgress,
  type CreditRuleSet,
  cycleOf,
  evaluateCredits,
  type Gap,
  gapSentence,
  type LedgerEntryInput,
  type ProgressEntry,
  type ProgressList,
  type ProgressListQuery,
  type ProgressRow,
  type ProgressStatus,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { county, countyOf, creditEntryScope, ethicsScope, teacherScope } from '../../access/scope.js';
import { type Db, type Exec, intArray, one, rows, textArray } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { likeEscape } from '../../http/pagination.js';
import { todayInChina } from '../teachers/teachers.service.js';
import { getRuleSet } from './rules.service.js';
import { ensureTotals, PACKED_ENTRIES, unpack, windowOf } from './totals.js';

type TeacherRow = {
  id: number;
  name: string;
  school_id: number;
  school_name: string;
  area_name: string | null;
  hire_date: string | null;
  posts: string[] | null;
};

/** Teachers with any 违反师德 record inside [from, to]. */
async function ethicsViolators(exec: Exec, teachers: SQL, from: string, to: string): Promise<Set<number>> {
  const r = await rows<{ teacher_id: number }>(
    exec,
    sql`select distinct e.teacher_id from ethics_records e
        where e.kind = 'violation' and e.occurred_on >= ${from}::date and e.occurred_on <= ${to}::date
          and e.teacher_id in (${teachers})`,
  );
  return new Set(r.map((x) => x.teacher_id));
}

export interface TeacherEvaluation extends CreditEvaluation {
  teacherId: number;
  ethicsClean: boolean;
  readyForRegistration: boolean;
}

/**
 * Evaluates every teacher matched by `teacherWhere` (a condition on `t` teachers and `s` schools)
 * in three queries: teachers, their ledger in the window, ethics violations in the cycle.
 */
async function evaluateMany(
  exec: Exec,
  regionId: number,
  teacherWhere: SQL,
  opts: { cycleYear?: number; today: string },
): Promise<{ rules: CreditRuleSet; teachers: TeacherRow[]; results: Map<number, TeacherEvaluation> }> {
  const rules = await getRuleSet(exec, regionId);
  const cycle = cycleOf(rules, opts.cycleYear ?? Number(opts.today.slice(0, 4)));
  const win = windowOf(rules, cycle.start);
  const teachers = await rows<TeacherRow>(
    exec,
    sql`select t.id, t.name, t.school_id, s.name as school_name, a.name as area_name,
               t.hire_date::text as hire_date, t.posts
        from teachers t join schools s on s.id = t.school_id left join areas a on a.id = s.area_id
        where ${teacherScope(county(regionId), 't')} and ${teacherWhere}`,
  );
  const results = new Map<number, TeacherEvaluation>();
  if (!teachers.length) return { rules, teachers, results };
  const ids = intArray(teachers.map((t) => t.id));
  const ledger = await rows<{ teacher_id: number; packed: string }>(
    exec,
    sql`select c.teacher_id, ${PACKED_ENTRIES} as packed
        from credit_ledger c
        where ${creditEntryScope(county(regionId), 'c')} and c.teacher_id = any(${ids})
          and c.occurred_on >= ${win.from}::date and c.occurred_on <= ${win.to}::date
        group by c.teacher_id`,
  );
  const byTeacher = new Map<number, LedgerEntryInput[]>();
  for (const r of ledger) byTeacher.set(r.teacher_id, unpack(r.packed));
  const violators = await ethicsViolators(
    exec,
    sql`select unnest(${ids})`,
    `${cycle.start}-01-01`,
    `${cycle.end}-12-31`,
  );
  for (const t of teachers) {
    const ev = evaluateCredits(
      rules,
      byTeacher.get(t.id) ?? [],
      { hireDate: t.hire_date, posts: t.posts ?? [] },
      { today: opts.today, cycleYear: cycle.start },
    );
    const ethicsClean = !violators.has(t.id);
    results.set(t.id, { ...ev, teacherId: t.id, ethicsClean, readyForRegistration: ev.cycleComplete && ethicsClean });
  }
  return { rules, teachers, results };
}

/**
 * Progress of many teachers of a region in one batch (one ledger query): for other modules
 * (audit tables, growth archive, nominations). Teachers of other regions are left out.
 */
export async function progressForTeachers(
  exec: Exec,
  regionId: number,
  teacherIds: number[],
  year?: number,
  now: Date = new Date(),
): Promise<Map<number, TeacherEvaluation>> {
  if (!teacherIds.length) return new Map();
  const { results } = await evaluateMany(exec, regionId, sql`t.id = any(${intArray(teacherIds)})`, {
    cycleYear: year,
    today: todayInChina(now),
  });
  return results;
}

type EntryRow = {
  id: number;
  source: string;
  source_ref: string | null;
  project_id: number | null;
  project_name: string | null;
  category: string | null;
  level: string | null;
  mode: string | null;
  hours: number | string;
  credits: number | string | null;
  occurred_on: string;
  note: string | null;
  evidence: string | null;
  reverses_id: number | null;
  reversed: boolean;
  created_at: string | Date;
};

/**
 * A teacher's progress for the cycle containing `year` (default: this year) — the contract of
 * GET /api/teachers/:id/credits. The caller checks scope; a teacher of another region is 404.
 */
export async function teacherProgress(
  exec: Exec,
  regionId: number,
  teacherId: number,
  year?: number,
  now: Date = new Date(),
): Promise<CreditProgress> {
  const today = todayInChina(now);
  const { rules, teachers, results } = await evaluateMany(exec, regionId, sql`t.id = ${teacherId}`, {
    cycleYear: year,
    today,
  });
  const t = teachers[0];
  const ev = results.get(teacherId);
  if (!t || !ev) throw notFound('教师');
  const from = `${ev.cycle.start}-01-01`;
  const to = `${ev.cycle.end}-12-31`;
  const details = await rows<EntryRow>(
    exec,
    sql`select c.id, c.source, c.source_ref, pa.project_id, pr.name as project_name, c.category, c.level, c.mode,
               c.hours::float8 as hours, c.credits::float8 as credits, c.occurred_on::text as occurred_on, c.note,
               c.evidence, c.reverses_id,
               exists (select 1 from credit_ledger r where r.reverses_id = c.id) as reversed, c.created_at
        from credit_ledger c
        left join participations pa on c.source = 'project'
             and pa.id = nullif(substring(c.source_ref from '^participation:([0-9]+)'), '')::int
        left join projects pr on pr.id = pa.project_id
        where c.teacher_id = ${teacherId} and c.occurred_on >= ${from}::date and c.occurred_on <= ${to}::date
        order by c.occurred_on desc, c.id desc`,
  );
  const evaluated = new Map(ev.entries.map((e) => [e.id, e]));
  const entries: ProgressEntry[] = details.map((r) => {
    const e = evaluated.get(Number(r.id));
    return {
      id: Number(r.id),
      source: r.source,
      sourceRef: r.source_ref,
      projectId: r.project_id,
      projectName: r.project_name,
      category: r.category,
      level: r.level,
      mode: r.mode,
      hours: Number(r.hours),
      credits: r.credits == null ? null : Number(r.credits),
      occurredOn: r.occurred_on,
      note: r.note,
      evidence: r.evidence,
      reversesId: r.reverses_id == null ? null : Number(r.reverses_id),
      reversed: r.reversed,
      createdAt: new Date(r.created_at).toISOString(),
      value: e?.value ?? Number(r.hours),
      counted: e?.counted ?? 0,
      capped: e?.capped ?? [],
      cancelled: e?.cancelled ?? null,
    };
  });
  return {
    teacherId,
    teacherName: t.name,
    schoolName: t.school_name,
    ruleName: rules.name,
    unit: ev.unit,
    cycle: ev.cycle,
    required: ev.required,
    earned: ev.earned,
    counted: ev.counted,
    byCategory: ev.byCategory,
    year: ev.year,
    thisYear: ev.thisYear,
    annualMinimum: ev.annualMinimum,
    years: ev.years,
    missing: ev.missing,
    gaps: ev.gaps,
    status: ev.status,
    expected: ev.expected,
    behind: ev.behind,
    yearExpected: ev.yearExpected,
    cycleComplete: ev.cycleComplete,
    ethicsClean: ev.ethicsClean,
    readyForRegistration: ev.readyForRegistration,
    entries,
  };
}

/** Whether the user may see this teacher (as the teacher detail: teacher self, admins in scope). */
export async function assertTeacherVisible(exec: Exec, user: CurrentUser, teacherId: number) {
  const visible = await one<{ id: number }>(
    exec,
    sql`select t.id from teachers t join schools s on s.id = t.school_id
        where t.id = ${teacherId} and ${teacherScope(user, 't', 's')}`,
  );
  if (!visible) throw notFound('教师');
}

// ---------- who is behind ----------

/** Severity order of the list: most behind first. */
const STATUS_ORDER: ProgressStatus[] = ['not_met', 'behind_cycle', 'behind_year', 'on_track', 'complete'];

type ListRow = {
  id: number;
  name: string;
  school_id: number;
  school_name: string;
  area_name: string | null;
  hire_date: string | null;
  posts: string[] | null;
  has_totals: boolean;
  counted: number;
  this_year: number;
  gaps: Gap[] | null;
  status: ProgressStatus;
  ethics_clean: boolean;
  n_all: number;
  n_complete: number;
  n_ready: number;
  n_behind_cycle: number;
  n_behind_year: number;
  n_not_met: number;
  n_kept: number;
  kept: boolean;
};

/**
 * Every in-service teacher in scope, most behind first: one statement over the credit totals
 * (ensureTotals first). The pace (expected), this year's share of the annual minimum and the
 * status depend on today and are worked out in the statement from the stored totals; the summary
 * counts come back with the rows (window aggregates), so a page is one round trip.
 */
export async function progressRows(
  exec: Exec,
  user: CurrentUser,
  q: Omit<ProgressListQuery, 'page' | 'pageSize'> & { page?: number; pageSize?: number },
  now: Date = new Date(),
  primary: Db | Exec = exec,
) {
  const today = todayInChina(now);
  const todayYear = Number(today.slice(0, 4));
  const { rules } = await ensureTotals(exec, user.regionId, primary);
  const cycle = cycleOf(rules, q.cycle ?? todayYear);
  const year = Math.max(cycle.start, Math.min(todayYear, cycle.end));
  // The engine's pace rules (common/src/credit-rules.ts), once for everyone.
  const pace = evaluateCredits(rules, [], { hireDate: null, posts: [] }, { today, cycleYear: cycle.start });
  const expected = pace.expected;
  const yearExpected = pace.yearExpected;
  const ended = todayYear > cycle.end;
  const lastYear = todayYear === cycle.end;

  const where: SQL[] = [sql`t.status = '在职'`, teacherScope(user, 't', 's')];
  if (q.schoolId) where.push(sql`t.school_id = ${q.schoolId}`);
  if (q.areaId) where.push(sql`s.area_id = ${q.areaId}`);
  if (q.q) where.push(sql`t.name ilike ${`%${likeEscape(q.q)}%`}`);
  const status = sql`case when x.complete then 'complete'
      when ${ended} then 'not_met'
      when x.counted < ${expected} or (${lastYear} and x.counted < ${rules.required}) then 'behind_cycle'
      when ${yearExpected}::numeric is not null and x.this_year < ${yearExpected}::numeric then 'behind_year'
      else 'on_track' end`;
  const keep = (() => {
    switch (q.status) {
      case 'all':
        return sql`true`;
      case 'at_risk':
        return sql`y.status in ('behind_cycle', 'behind_year', 'not_met')`;
      case 'ready':
        return sql`(y.complete and y.ethics_clean)`;
      default:
        return sql`y.status = ${q.status}::text`;
    }
  })();
  const page = q.pageSize != null ? sql`limit ${q.pageSize} offset ${((q.page ?? 1) - 1) * q.pageSize}` : sql``;
  const order = (t: string) => {
    const c = (col: string) => sql.raw(`${t}.${col}`);
    return sql`array_position(${textArray(STATUS_ORDER)}, ${c('status')}), ${c('counted')}, ${c('school_name')}, ${c('name')}, ${c('id')}`;
  };
  // The page is chosen over narrow rows (the totals' figures, names for the order); its rows then
  // get what only they show: the area, the facts and the stored gaps.
  // One statement, two passes over the county's narrow rows: the counts (an aggregate), and the page
  // (a top-N sort, never a sort of everyone); then the page's rows get what only they show — the
  // area, the facts, the stored gaps. (With window counts, PostgreSQL sorted the whole county.)
  const list = await rows<ListRow>(
    exec,
    sql`with x as not materialized (
          select t.id, t.name, t.school_id, s.name as school_name, s.area_id,
                 ct.teacher_id is not null as has_totals, coalesce(ct.counted, 0) as counted,
                 coalesce(ct.year_counted[${year - cycle.start + 1}], 0) as this_year, coalesce(ct.complete, false) as complete,
                 ev.teacher_id is null as ethics_clean
          from teachers t
          join schools s on s.id = t.school_id
          left join credit_totals ct on ct.teacher_id = t.id and ct.cycle_start = ${cycle.start}
          left join (select distinct e.teacher_id from ethics_records e
                     where ${ethicsScope(countyOf(user), 'e')} and e.kind = 'violation'
                       and e.occurred_on >= ${`${cycle.start}-01-01`}::date
                       and e.occurred_on <= ${`${cycle.end}-12-31`}::date) ev on ev.teacher_id = t.id
          where ${sql.join(where, sql` and `)}
        ),
        y as not materialized (select x.*, ${status} as status from x),
        c as (
          select count(*)::int as n_all,
                 (count(*) filter (where y.status = 'complete'))::int as n_complete,
                 (count(*) filter (where y.complete and y.ethics_clean))::int as n_ready,
                 (count(*) filter (where y.status = 'behind_cycle'))::int as n_behind_cycle,
                 (count(*) filter (where y.status = 'behind_year'))::int as n_behind_year,
                 (count(*) filter (where y.status = 'not_met'))::int as n_not_met,
                 (count(*) filter (where ${keep}))::int as n_kept
          from y
        ),
        p as (select y.* from y where ${keep} order by ${order('y')} ${page})
        select p.id, p.name, p.school_id, p.school_name, a.name as area_name, t.hire_date::text as hire_date, t.posts,
               p.has_totals, p.counted::float8 as counted, p.this_year::float8 as this_year, d.gaps, p.status,
               p.ethics_clean, p.id is not null as kept, c.n_all, c.n_complete, c.n_ready, c.n_behind_cycle,
               c.n_behind_year, c.n_not_met, c.n_kept
        from c
        left join p on true
        left join teachers t on t.id = p.id
        left join areas a on a.id = p.area_id
        left join credit_totals_detail d on d.teacher_id = p.id and d.cycle_start = ${cycle.start}
        order by ${order('p')}`,
  );
  const first = list[0];
  const summary = {
    teachers: first ? Number(first.n_all) : 0,
    complete: first ? Number(first.n_complete) : 0,
    ready: first ? Number(first.n_ready) : 0,
    behindCycle: first ? Number(first.n_behind_cycle) : 0,
    behindYear: first ? Number(first.n_behind_year) : 0,
    notMet: first ? Number(first.n_not_met) : 0,
  };
  const total = first ? Number(first.n_kept) : 0;
  const items: ProgressRow[] = list
    .filter((r) => r.kept)
    .map((r) => {
      const counted = Number(r.counted);
      const thisYear = Number(r.this_year);
      const complete = r.status === 'complete';
      // Gaps as the engine orders them: the stored ones (total, categories, induction), then this
      // year's; a teacher without totals has an empty ledger in the cycle's window.
      const gaps: Gap[] = r.has_totals
        ? [...(r.gaps ?? [])]
        : evaluateCredits(
            rules,
            [],
            { hireDate: r.hire_date, posts: r.posts ?? [] },
            { today, cycleYear: cycle.start },
          ).gaps.filter((g) => g.kind !== 'annual');
      const inCycle = todayYear >= cycle.start && todayYear <= cycle.end;
      if (rules.annualMinimum != null && inCycle && thisYear < rules.annualMinimum)
        gaps.push({
          kind: 'annual',
          year,
          short: round1(rules.annualMinimum - thisYear),
          have: thisYear,
          need: rules.annualMinimum,
        });
      return {
        teacherId: r.id,
        name: r.name,
        schoolId: r.school_id,
        schoolName: r.school_name,
        areaName: r.area_name,
        required: rules.required,
        counted,
        thisYear,
        annualMinimum: rules.annualMinimum,
        status: r.status,
        expected,
        behind: complete ? 0 : round1(Math.max(0, expected - counted)),
        ethicsClean: r.ethics_clean,
        readyForRegistration: complete && r.ethics_clean,
        gaps,
        missing: gaps.map((g) => gapSentence(g, rules.unit, cycle)),
      };
    });
  return { cycle, year, unit: rules.unit, items, summary, total };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export async function progressList(
  exec: Exec,
  user: CurrentUser,
  q: ProgressListQuery,
  now: Date = new Date(),
  primary: Db | Exec = exec,
): Promise<ProgressList> {
  return progressRows(exec, user, q, now, primary);
}
