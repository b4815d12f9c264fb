// Training statistics for one year: person-times by level, coverage and the four rates, for the
// caller's scope, per school or per area. docs/metrics.md defines every measure; this file is its
// implementation. One grouped query gives each school's counts; areas and the scope total are sums
// of those (every count is additive: a participation has one school, a teacher has one school).
import {
  LEVEL_KEYS,
  LEVELS,
  ONLINE_MODES,
  type PersonTimes,
  PLAN_TIME_ZONE,
  rate,
  type StatsBreakdown,
  type StatsBreakdownBy,
  type StatsBreakdownRow,
  type StatsMeasures,
  type StatsSummary,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import {
  areaScope,
  consortiumScope,
  countyOf,
  participationScope,
  projectScope,
  schoolScope,
  teacherScope,
} from '../../access/scope.js';
import { type Db, one, rows, textArray } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import type { XlsxColumn } from '../../lib/xlsx-export.js';

export interface StatsFilter {
  year?: number;
  schoolId?: number;
  areaId?: number;
  consortiumId?: number;
}

/** Counts of one school; every measure is computed from sums of these. */
export interface SchoolCounts {
  id: number;
  name: string;
  areaId: number | null;
  areaName: string | null;
  /** 人次 per level, in LEVELS order. */
  levels: number[];
  online: number;
  teachersTrained: number;
  teacherCount: number;
  placesTaken: number;
  assessed: number;
  completed: number;
  failed: number;
  passed: number;
  excellent: number;
}

type Row = {
  id: number;
  name: string;
  area_id: number | null;
  area_name: string | null;
  l0: number;
  l1: number;
  l2: number;
  l3: number;
  l4: number;
  online: number;
  places: number;
  assessed: number;
  completed: number;
  failed: number;
  passed: number;
  excellent: number;
  teachers: number;
  trained: number;
};

/** This year in Beijing time (a county's year, whatever the server's zone). */
export const currentYear = (now = new Date()) =>
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: PLAN_TIME_ZONE, year: 'numeric' }).format(now));

/** The schools the statistics cover: the caller's scope narrowed by the filter; a filter outside it → 404. */
async function scopeOf(read: Db, user: CurrentUser, f: StatsFilter): Promise<SQL> {
  const conds: SQL[] = [schoolScope(user, 's')];
  if (f.schoolId) conds.push(sql`s.id = ${f.schoolId}`);
  if (f.areaId) conds.push(sql`s.area_id = ${f.areaId}`);
  if (f.consortiumId) conds.push(sql`s.consortium_id = ${f.consortiumId}`);
  const where = sql.join(conds, sql` and `);
  if (f.schoolId || f.areaId || f.consortiumId) {
    const visible = await one<{ n: number }>(read, sql`select count(*)::int as n from schools s where ${where}`);
    if (!visible?.n) {
      // An area or consortium without schools yet is still the county's to look at (all zeros).
      const empty =
        (user.role === 'county_admin' || user.role === 'leader') && !f.schoolId
          ? await one<{ n: number }>(
              read,
              sql`select (select count(*) from areas a where a.id = ${f.areaId ?? 0} and ${areaScope(user, 'a')})::int
                       + (select count(*) from consortia c where c.id = ${f.consortiumId ?? 0} and ${consortiumScope(user, 'c')})::int
                       as n`,
            )
          : undefined;
      const wanted = (f.areaId ? 1 : 0) + (f.consortiumId ? 1 : 0);
      if (!empty || empty.n < wanted) throw notFound('所选范围');
    }
  }
  return where;
}

/**
 * Per-school counts for the year, all schools of the scope (zeros included), in one statement.
 * Person-times and rates count participations at the school recorded on the participation;
 * teachersTrained and teacherCount count today's active teachers at their current school.
 */
export async function schoolCounts(read: Db, user: CurrentUser, year: number, where: SQL): Promise<SchoolCounts[]> {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const levelCols = sql.join(
    LEVELS.map((l, i) => sql`count(*) filter (where pt.attended and pt.level = ${l})::int as ${sql.raw(`l${i}`)}`),
    sql`, `,
  );
  const list = await rows<Row>(
    read,
    sql`with sc as (
          select s.id, s.name, s.area_id from schools s where ${where}
        ),
        yp as (
          select pr.id, pr.level, pr.mode from projects pr
          where ${projectScope(countyOf(user), 'pr')} and pr.end_date >= ${from}::date and pr.end_date < ${to}::date
        ),
        -- Check-ins of the year's sessions only: the attendance table holds every year.
        att as (
          select distinct a.participation_id from attendance a
          where a.status in ('present', 'late')
            and a.session_id in (select ps.id from project_sessions ps join yp on yp.id = ps.project_id)
        ),
        pt as (
          select p.teacher_id, p.school_id, p.status, p.result, yp.level, yp.mode,
                 (p.status in ('completed', 'failed')
                  or (p.status = 'enrolled' and p.id in (select participation_id from att))) as attended
          from participations p join yp on yp.id = p.project_id
          where ${participationScope(countyOf(user), 'p')} and p.status in ('enrolled', 'completed', 'failed')
        ),
        agg as (
          select pt.school_id, ${levelCols},
                 count(*) filter (where pt.attended and pt.mode = any(${textArray(ONLINE_MODES)}))::int as online,
                 count(*)::int as places,
                 count(*) filter (where pt.result is not null)::int as assessed,
                 count(*) filter (where pt.status = 'completed')::int as completed,
                 count(*) filter (where pt.status = 'failed')::int as failed,
                 count(*) filter (where pt.result in ('合格', '优秀'))::int as passed,
                 count(*) filter (where pt.result = '优秀')::int as excellent
          from pt where pt.school_id in (select id from sc)
          group by pt.school_id
        ),
        trained as (
          select distinct pt.teacher_id from pt where pt.attended
        ),
        tc as (
          select t.school_id, count(*)::int as teachers, count(tr.teacher_id)::int as trained
          from teachers t left join trained tr on tr.teacher_id = t.id
          where ${teacherScope(countyOf(user), 't')} and t.status = '在职' and t.school_id in (select id from sc)
          group by t.school_id
        )
        select sc.id, sc.name, sc.area_id, ar.name as area_name,
               coalesce(agg.l0, 0) as l0, coalesce(agg.l1, 0) as l1, coalesce(agg.l2, 0) as l2,
               coalesce(agg.l3, 0) as l3, coalesce(agg.l4, 0) as l4, coalesce(agg.online, 0) as online,
               coalesce(agg.places, 0) as places, coalesce(agg.assessed, 0) as assessed,
               coalesce(agg.completed, 0) as completed, coalesce(agg.failed, 0) as failed,
               coalesce(agg.passed, 0) as passed, coalesce(agg.excellent, 0) as excellent,
               coalesce(tc.teachers, 0) as teachers, coalesce(tc.trained, 0) as trained
        from sc
        left join areas ar on ar.id = sc.area_id
        left join agg on agg.school_id = sc.id
        left join tc on tc.school_id = sc.id
        order by ar.name, ar.id, sc.name, sc.id`,
  );
  return list.map((r) => ({
    id: r.id,
    name: r.name,
    areaId: r.area_id,
    areaName: r.area_name,
    levels: [r.l0, r.l1, r.l2, r.l3, r.l4].map(Number),
    online: Number(r.online),
    teachersTrained: Number(r.trained),
    teacherCount: Number(r.teachers),
    placesTaken: Number(r.places),
    assessed: Number(r.assessed),
    completed: Number(r.completed),
    failed: Number(r.failed),
    passed: Number(r.passed),
    excellent: Number(r.excellent),
  }));
}

/** Sums the counts of several schools and turns them into the measures. */
export function measures(list: readonly SchoolCounts[]): StatsMeasures {
  const levels = [0, 0, 0, 0, 0];
  const sum = {
    online: 0,
    teachersTrained: 0,
    teacherCount: 0,
    placesTaken: 0,
    assessed: 0,
    completed: 0,
    failed: 0,
    passed: 0,
    excellent: 0,
  };
  for (const c of list) {
    c.levels.forEach((n, i) => {
      levels[i]! += n;
    });
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += c[k];
  }
  const personTimes = Object.fromEntries(LEVELS.map((l, i) => [LEVEL_KEYS[l], levels[i]!])) as Omit<
    PersonTimes,
    'total'
  >;
  const total = levels.reduce((a, b) => a + b, 0);
  return {
    personTimes: { ...personTimes, total },
    onlinePersonTimes: sum.online,
    teachersTrained: sum.teachersTrained,
    teacherCount: sum.teacherCount,
    coverageRate: rate(sum.teachersTrained, sum.teacherCount),
    participationRate: rate(total, sum.placesTaken),
    completionRate: rate(sum.completed, sum.completed + sum.failed),
    passRate: rate(sum.passed, sum.assessed),
    excellentRate: rate(sum.excellent, sum.assessed),
    counts: {
      placesTaken: sum.placesTaken,
      assessed: sum.assessed,
      completed: sum.completed,
      failed: sum.failed,
      passed: sum.passed,
      excellent: sum.excellent,
    },
  };
}

export async function statsSummary(read: Db, user: CurrentUser, f: StatsFilter): Promise<StatsSummary> {
  const year = f.year ?? currentYear();
  const where = await scopeOf(read, user, f);
  return { year, ...measures(await schoolCounts(read, user, year, where)) };
}

export async function statsBreakdown(
  read: Db,
  user: CurrentUser,
  f: StatsFilter & { by: StatsBreakdownBy },
): Promise<StatsBreakdown> {
  const year = f.year ?? currentYear();
  const where = await scopeOf(read, user, f);
  const schools = await schoolCounts(read, user, year, where);
  let items: StatsBreakdownRow[];
  if (f.by === 'school') {
    items = schools.map((s) => ({ id: s.id, name: s.name, areaId: s.areaId, areaName: s.areaName, ...measures([s]) }));
  } else {
    // Schools without a 学区 (not every county has them) form one row of their own, id 0.
    const byArea = new Map<number, SchoolCounts[]>();
    for (const s of schools) {
      const list = byArea.get(s.areaId ?? 0);
      if (list) list.push(s);
      else byArea.set(s.areaId ?? 0, [s]);
    }
    items = [...byArea.values()].map((list) => ({
      id: list[0]!.areaId ?? 0,
      name: list[0]!.areaName ?? '未分学区',
      areaId: null,
      areaName: null,
      ...measures(list),
    }));
  }
  return { year, by: f.by, items, total: items.length, summary: measures(schools) };
}

// ---------- export ----------

const pct = (r: number) => Math.round(r * 1000) / 10;

/** The breakdown table as the dashboard shows it, plus a 合计 row. */
export function breakdownSheet(b: StatsBreakdown): {
  columns: XlsxColumn<StatsBreakdownRow>[];
  rows: StatsBreakdownRow[];
  sheetName: string;
} {
  const unit = b.by === 'school' ? '学校' : '学区';
  const columns: XlsxColumn<StatsBreakdownRow>[] = [
    { header: unit, key: 'name', width: 24 },
    ...(b.by === 'school' ? [{ header: '学区', key: 'areaName', width: 14 }] : []),
    ...LEVELS.map((l) => ({
      header: `${l}人次`,
      key: l,
      width: 10,
      value: (r: StatsBreakdownRow) => r.personTimes[LEVEL_KEYS[l]],
    })),
    { header: '合计人次', key: 'total', width: 10, value: (r) => r.personTimes.total },
    { header: '网络研修人次', key: 'online', width: 12, value: (r) => r.onlinePersonTimes },
    { header: '参训教师数', key: 'teachersTrained', width: 11 },
    { header: '在职教师数', key: 'teacherCount', width: 11 },
    { header: '培训覆盖率(%)', key: 'coverageRate', width: 13, value: (r) => pct(r.coverageRate) },
    { header: '参训率(%)', key: 'participationRate', width: 10, value: (r) => pct(r.participationRate) },
    { header: '结业率(%)', key: 'completionRate', width: 10, value: (r) => pct(r.completionRate) },
    { header: '合格率(%)', key: 'passRate', width: 10, value: (r) => pct(r.passRate) },
    { header: '优秀率(%)', key: 'excellentRate', width: 10, value: (r) => pct(r.excellentRate) },
  ];
  const totalRow: StatsBreakdownRow = { id: 0, name: '合计', areaId: null, areaName: null, ...b.summary };
  return { columns, rows: [...b.items, totalRow], sheetName: `${b.year}年培训统计（按${unit}）` };
}
