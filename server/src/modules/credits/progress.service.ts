// Progress against the county's rule set: one teacher (the issue's contract) and many at once
// (the "who is behind" list). Both load the ledger set-wise — one query for all teachers — and run
// the pure engine (common/src/credit-rules.ts) in memory: caps depend on entry order, which SQL
// sums cannot express, and the engine is the same code the unit tests cover.
import {
  type CreditEvaluation,
  type CreditProgress,
  type CreditRuleSet,
  cycleOf,
  evaluateCredits,
  type LedgerEntryInput,
  type ProgressEntry,
  type ProgressList,
  type ProgressListQuery,
  type ProgressRow,
  type ProgressStatus,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { county, creditEntryScope, creditRuleScope, ethicsScope, teacherScope } from '../../access/scope.js';
import { type Exec, intArray, one, rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { likeEscape } from '../../http/pagination.js';
import { todayInChina } from '../teachers/teachers.service.js';
import { getRuleSet } from './rules.service.js';

/** The dates whose entries an evaluation needs: the cycle plus the induction window around it. */
function windowOf(rules: CreditRuleSet, cycle: { start: number; end: number }) {
  const pad = rules.induction?.years ?? 0;
  return { from: `${cycle.start - pad}-01-01`, to: `${cycle.end + pad}-12-31` };
}

/**
 * The ledger comes back as one row per teacher, its entries packed into one string (fields split
 * by U+001F, entries by U+001E, in date order): materialising ~100k rows costs PGlite seconds,
 * 4,000 strings a fraction of that.
 */
const FS = '\u001f';
const RS = '\u001e';
function unpack(packed: string): LedgerEntryInput[] {
  if (!packed) return [];
  return packed.split(RS).map((e) => {
    const [id, source, category, level, mode, hours, credits, occurredOn, reversesId] = e.split(FS);
    return {
      id: Number(id),
      source: source ?? '',
      category: category || null,
      level: level || null,
      mode: mode || null,
      hours: Number(hours),
      credits: credits ? Number(credits) : null,
      occurredOn: occurredOn ?? '',
      reversesId: reversesId ? Number(reversesId) : null,
    };
  });
}

type TeacherRow = {
  id: number;
  name: string;
  school_id: number;
  school_name: string;
  area_name: string | null;
  hire_date: string | null;
  posts: string[] | null;
};

/** Teachers with any 违反师德 record inside [from, to]. Reads ethics_records when that table exists. */
async function ethicsViolators(exec: Exec, teachers: SQL, from: string, to: string): Promise<Set<number>> {
  const exists = await one<{ ok: boolean }>(exec, sql`select to_regclass('public.ethics_records') is not null as ok`);
  if (!exists?.ok) return new Set();
  const r = await rows<{ teacher_id: number }>(
    exec,
    sql`select distinct e.teacher_id from ethics_records e
        where e.kind = 'violation' and e.occurred_on >= ${from}::date and e.occurred_on <= ${to}::date
          and e.teacher_id in (${teachers})`,
  );
  return new Set(r.map((x) => x.teacher_id));
}

interface CacheEntry {
  fp: string;
  results: Map<number, TeacherEvaluation>;
}
/** Evaluations per region, cycle and day; a few keys, oldest dropped first. */
const evaluationCache = new Map<string, CacheEntry>();
const CACHE_KEYS = 8;

/**
 * What an evaluation depends on, cheaply: the region's ledger (append-only, so its size and last
 * id change with every posting, reversal or adjustment), the rule set, each teacher's hire date and
 * posts, and the ethics violations. Any change gives another fingerprint, and the cache starts over.
 */
async function fingerprint(exec: Exec, regionId: number): Promise<string> {
  const ethics = await one<{ ok: boolean }>(exec, sql`select to_regclass('public.ethics_records') is not null as ok`);
  const ethicsPart = ethics?.ok
    ? sql`(select coalesce(md5(string_agg(e.id || ':' || e.teacher_id || ':' || e.occurred_on || ':' || e.kind, ','
                                          order by e.id)), '')
           from ethics_records e where ${ethicsScope(county(regionId), 'e')} and e.kind = 'violation')`
    : sql`''`;
  const r = await one<{ fp: string }>(
    exec,
    sql`select (select count(*) || ':' || coalesce(max(id), 0) from credit_ledger c where ${creditEntryScope(county(regionId), 'c')})
               || '|' || coalesce((select updated_at::text from credit_rule_sets where ${creditRuleScope(county(regionId))}), '')
               || '|' || (select coalesce(md5(string_agg(t.id || ':' || coalesce(t.hire_date::text, '') || ':'
                                                         || array_to_string(t.posts, '/'), ',' order by t.id)), '')
                          from teachers t where ${teacherScope(county(regionId), 't')})
               || '|' || ${ethicsPart} as fp`,
  );
  return r?.fp ?? '';
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
  opts: { cycleYear?: number; today: string; cache?: boolean },
): Promise<{ rules: CreditRuleSet; teachers: TeacherRow[]; results: Map<number, TeacherEvaluation> }> {
  const rules = await getRuleSet(exec, regionId);
  const cycle = cycleOf(rules, opts.cycleYear ?? Number(opts.today.slice(0, 4)));
  const win = windowOf(rules, cycle);
  const teachers = await rows<TeacherRow>(
    exec,
    sql`select t.id, t.name, t.school_id, s.name as school_name, a.name as area_name,
               t.hire_date::text as hire_date, t.posts
        from teachers t join schools s on s.id = t.school_id left join areas a on a.id = s.area_id
        where ${teacherScope(county(regionId), 't')} and ${teacherWhere}`,
  );
  const results = new Map<number, TeacherEvaluation>();
  if (!teachers.length) return { rules, teachers, results };
  // The list pages and exports of a county re-evaluate the same teachers request after request:
  // keep the evaluations while nothing they depend on has changed (checked on every request).
  let cached: CacheEntry | undefined;
  if (opts.cache) {
    const key = `${regionId}:${cycle.start}:${opts.today}`;
    const fp = await fingerprint(exec, regionId);
    cached = evaluationCache.get(key);
    if (!cached || cached.fp !== fp) {
      cached = { fp, results: new Map() };
      evaluationCache.delete(key);
      evaluationCache.set(key, cached);
      while (evaluationCache.size > CACHE_KEYS) evaluationCache.delete(evaluationCache.keys().next().value!);
    }
  }
  const todo = cached ? teachers.filter((t) => !cached.results.has(t.id)) : teachers;
  if (todo.length) {
    const ids = intArray(todo.map((t) => t.id));
    const ledger = await rows<{ teacher_id: number; packed: string }>(
      exec,
      sql`select c.teacher_id,
                 string_agg(concat_ws(chr(31), c.id, c.source, coalesce(c.category, ''), coalesce(c.level, ''),
                                      coalesce(c.mode, ''), c.hours, coalesce(c.credits::text, ''),
                                      to_char(c.occurred_on, 'YYYY-MM-DD'), coalesce(c.reverses_id::text, '')),
                            chr(30) order by c.occurred_on, c.id) as packed
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
    for (const t of todo) {
      const ev = evaluateCredits(
        rules,
        byTeacher.get(t.id) ?? [],
        { hireDate: t.hire_date, posts: t.posts ?? [] },
        { today: opts.today, cycleYear: cycle.start },
      );
      const ethicsClean = !violators.has(t.id);
      const r = { ...ev, teacherId: t.id, ethicsClean, readyForRegistration: ev.cycleComplete && ethicsClean };
      results.set(t.id, r);
      cached?.results.set(t.id, r);
    }
  }
  if (cached) for (const t of teachers) results.set(t.id, cached.results.get(t.id)!);
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

/** One collator for the whole sort: localeCompare with a locale builds one per call (slow). */
const collator = new Intl.Collator('zh-Hans-CN');

const SEVERITY: Record<ProgressStatus, number> = {
  not_met: 0,
  behind_cycle: 1,
  behind_year: 2,
  on_track: 3,
  complete: 4,
};

/** Every in-service teacher in scope, evaluated; filtered, ordered most behind first. */
export async function progressRows(
  exec: Exec,
  user: CurrentUser,
  q: Omit<ProgressListQuery, 'page' | 'pageSize'>,
  now: Date = new Date(),
) {
  const where: SQL[] = [sql`t.status = '在职'`, teacherScope(user, 't', 's')];
  if (q.schoolId) where.push(sql`t.school_id = ${q.schoolId}`);
  if (q.areaId) where.push(sql`s.area_id = ${q.areaId}`);
  if (q.q) where.push(sql`t.name like ${`%${likeEscape(q.q)}%`}`);
  const { rules, teachers, results } = await evaluateMany(exec, user.regionId, sql.join(where, sql` and `), {
    cycleYear: q.cycle,
    today: todayInChina(now),
    cache: true,
  });
  const all: ProgressRow[] = teachers.map((t) => {
    const ev = results.get(t.id)!;
    return {
      teacherId: t.id,
      name: t.name,
      schoolId: t.school_id,
      schoolName: t.school_name,
      areaName: t.area_name,
      required: ev.required,
      counted: ev.counted,
      thisYear: ev.thisYear,
      annualMinimum: ev.annualMinimum,
      status: ev.status,
      expected: ev.expected,
      behind: ev.behind,
      ethicsClean: ev.ethicsClean,
      readyForRegistration: ev.readyForRegistration,
      gaps: ev.gaps,
      missing: ev.missing,
    };
  });
  const count = (s: ProgressStatus) => all.filter((r) => r.status === s).length;
  const summary = {
    teachers: all.length,
    complete: count('complete'),
    ready: all.filter((r) => r.readyForRegistration).length,
    behindCycle: count('behind_cycle'),
    behindYear: count('behind_year'),
    notMet: count('not_met'),
  };
  const keep = (r: ProgressRow) => {
    switch (q.status) {
      case 'all':
        return true;
      case 'at_risk':
        return r.status === 'behind_cycle' || r.status === 'behind_year' || r.status === 'not_met';
      case 'ready':
        return r.readyForRegistration;
      default:
        return r.status === q.status;
    }
  };
  const items = all
    .filter(keep)
    .sort(
      (a, b) =>
        SEVERITY[a.status] - SEVERITY[b.status] ||
        b.behind - a.behind ||
        a.counted / a.required - b.counted / b.required ||
        collator.compare(a.schoolName, b.schoolName) ||
        collator.compare(a.name, b.name) ||
        a.teacherId - b.teacherId,
    );
  const cycle = cycleOf(rules, q.cycle ?? Number(todayInChina(now).slice(0, 4)));
  const todayYear = Number(todayInChina(now).slice(0, 4));
  const year = Math.max(cycle.start, Math.min(todayYear, cycle.end));
  return { cycle, year, unit: rules.unit, items, summary };
}

export async function progressList(
  exec: Exec,
  user: CurrentUser,
  q: ProgressListQuery,
  now: Date = new Date(),
): Promise<ProgressList> {
  const { items, ...rest } = await progressRows(exec, user, q, now);
  return {
    ...rest,
    items: items.slice((q.page - 1) * q.pageSize, q.page * q.pageSize),
    total: items.length,
  };
}
