// All SQL of the weekly report: one grouped query per source table for a whole region and week.
// report_backs / reflections / expenses belong to other modules; a missing table counts as zero.
import { addDays, emptyFigures, type WeeklyFigures, type WeeklySchoolRow } from '@shixun/common';
import { sql } from 'drizzle-orm';
import {
  county,
  expenseScope,
  participationScope,
  reflectionScope,
  reportBackScope,
  schoolScope,
  weeklyReportScope,
} from '../../access/scope.js';
import { type Exec, one, rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { overdueSql } from '../report-backs/report-backs.tasks.js';

/** What a snapshot stores (the whole region; callers see the part in their scope). */
export interface WeekData {
  weekStart: string;
  weekEnd: string;
  generatedAt: string;
  countySpending: number;
  schools: WeeklySchoolRow[];
}

const atShanghaiMidnight = (day: string) => sql`${`${day}T00:00:00+08:00`}::timestamptz`;

async function tablesPresent(exec: Exec) {
  const r = await one<{ rb: boolean; rf: boolean; ex: boolean }>(
    exec,
    sql`select to_regclass('public.report_backs') is not null as rb,
               to_regclass('public.reflections') is not null as rf,
               to_regclass('public.expenses') is not null as ex`,
  );
  return { reportBacks: !!r?.rb, reflections: !!r?.rf, expenses: !!r?.ex };
}

/** Figures of every school of a region for the week starting weekStart (a Monday). */
export async function computeWeek(exec: Exec, regionId: number, weekStart: string, today: string): Promise<WeekData> {
  const weekEnd = addDays(weekStart, 6);
  const start = atShanghaiMidnight(weekStart);
  const end = atShanghaiMidnight(addDays(weekStart, 7));
  // Overdue is counted at the end of the week, or now while the week is running.
  const asOf = today < addDays(weekStart, 7) ? today : addDays(weekStart, 7);
  const has = await tablesPresent(exec);

  const schools = await rows<{ id: number; name: string; area_name: string }>(
    exec,
    sql`select s.id, s.name, a.name as area_name from schools s left join areas a on a.id = s.area_id
        where ${schoolScope(county(regionId), 's')} order by a.name, s.name`,
  );
  const bySchool = new Map<number, WeeklySchoolRow>(
    schools.map((s) => [s.id, { schoolId: s.id, schoolName: s.name, areaName: s.area_name, ...emptyFigures() }]),
  );
  const add = (schoolId: number | null, f: Partial<WeeklyFigures>) => {
    const row = schoolId == null ? undefined : bySchool.get(schoolId);
    if (!row) return;
    for (const [k, v] of Object.entries(f) as [keyof WeeklyFigures, number][]) row[k] += Number(v) || 0;
  };

  const part = await rows<{ school_id: number; nominations: number; enrolments: number; completions: number }>(
    exec,
    sql`select school_id,
          count(*) filter (where source = 'nomination' and created_at >= ${start} and created_at < ${end})::int as nominations,
          count(*) filter (where status in ('enrolled', 'completed', 'failed')
                             and coalesce(reviewed_at, created_at) >= ${start}
                             and coalesce(reviewed_at, created_at) < ${end})::int as enrolments,
          count(*) filter (where status = 'completed' and completed_at >= ${start} and completed_at < ${end})::int as completions
        from participations
        where ${participationScope(county(regionId), 'participations')}
          and (created_at >= ${start} or reviewed_at >= ${start} or completed_at >= ${start})
        group by school_id`,
  );
  for (const p of part) add(p.school_id, p);

  if (has.reportBacks) {
    const rb = await rows<{ school_id: number; due: number; verified: number; overdue: number }>(
      exec,
      sql`select school_id,
            count(*) filter (where due_on >= ${weekStart}::date and due_on <= ${weekEnd}::date)::int as due,
            count(*) filter (where status = 'verified' and verified_at >= ${start} and verified_at < ${end})::int as verified,
            count(*) filter (where ${overdueSql(sql`${asOf}::date`)})::int as overdue
          from report_backs rb where ${reportBackScope(county(regionId), 'rb')}
          group by school_id`,
    );
    for (const r of rb) {
      add(r.school_id, { reportBacksDue: r.due, reportBacksVerified: r.verified, reportBacksOverdue: r.overdue });
    }
  }
  if (has.reflections) {
    const rf = await rows<{ school_id: number; n: number }>(
      exec,
      sql`select school_id, count(*)::int as n from reflections
          where ${reflectionScope(county(regionId), 'reflections')} and created_at >= ${start} and created_at < ${end}
          group by school_id`,
    );
    for (const r of rf) add(r.school_id, { reflections: r.n });
  }
  let countySpending = 0;
  if (has.expenses) {
    const ex = await rows<{ school_id: number | null; amount: string | number }>(
      exec,
      sql`select school_id, sum(amount)::text as amount from expenses
          where ${expenseScope(county(regionId), 'expenses')} and spent_on >= ${weekStart}::date and spent_on <= ${weekEnd}::date
          group by school_id`,
    );
    for (const e of ex) {
      if (e.school_id == null) countySpending += Number(e.amount);
      else add(e.school_id, { spending: Number(e.amount) });
    }
  }
  return {
    weekStart,
    weekEnd,
    generatedAt: new Date().toISOString(),
    countySpending: Math.round(countySpending * 100) / 100,
    schools: [...bySchool.values()],
  };
}

export async function storeSnapshot(exec: Exec, regionId: number, data: WeekData) {
  await exec.execute(
    sql`insert into weekly_reports (region_id, week_start, data)
        values (${regionId}, ${data.weekStart}, ${JSON.stringify(data)}::jsonb)
        on conflict (region_id, week_start) do nothing`,
  );
}

export async function snapshot(exec: Exec, regionId: number, weekStart: string) {
  const r = await one<{ data: WeekData }>(
    exec,
    sql`select data from weekly_reports where ${weeklyReportScope(county(regionId))} and week_start = ${weekStart}`,
  );
  return r?.data;
}

export async function snapshots(exec: Exec, regionId: number, o: { limit: number; offset: number; before: string }) {
  const list = await rows<{ data: WeekData }>(
    exec,
    sql`select data from weekly_reports where ${weeklyReportScope(county(regionId))} and week_start < ${o.before}::date
        order by week_start desc limit ${o.limit} offset ${o.offset}`,
  );
  const c = await one<{ n: number }>(
    exec,
    sql`select count(*)::int as n from weekly_reports
        where ${weeklyReportScope(county(regionId))} and week_start < ${o.before}::date`,
  );
  return { list: list.map((l) => l.data), total: c?.n ?? 0 };
}

export async function regionIds(exec: Exec) {
  return (await rows<{ id: number }>(exec, sql`select id from regions order by id`)).map((r) => r.id);
}

/** Ids of the schools the user may see (by the roster's own scope). */
export async function visibleSchoolIds(exec: Exec, user: CurrentUser): Promise<Set<number>> {
  const r = await rows<{ id: number }>(exec, sql`select s.id from schools s where ${schoolScope(user)}`);
  return new Set(r.map((x) => x.id));
}
