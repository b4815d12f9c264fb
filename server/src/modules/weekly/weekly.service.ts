// 工作周报: the current week computed live, finished weeks stored as snapshots by a daily job
// (Monday 01:10 stores the week before; a missed week is computed and stored when first opened).
import {
  addDays,
  emptyFigures,
  mondayOf,
  WEEKLY_FIGURE_KEYS,
  type WeeklyFigures,
  type WeeklyList,
  type WeeklyReport,
} from '@shixun/common';
import type { Db } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { shanghaiDay } from '../../jobs/time.js';
import * as repo from './weekly.repo.js';

const countyWide = (u: CurrentUser) => u.role === 'county_admin' || u.role === 'leader';

/**
 * Daily job: stores last week's snapshot for every region that lacks one — one set-based pass over
 * all counties (a grouped query per source table), then one insert; nothing when all have one.
 */
export async function snapshotLastWeek(db: Db, day: string): Promise<void> {
  const lastWeek = addDays(mondayOf(day), -7);
  const lacking = await repo.regionsLacking(db, lastWeek);
  if (!lacking.length) return;
  const weeks = await repo.computeWeeks(db, 'all', lastWeek, day);
  const wanted = new Set(lacking);
  for (const id of [...weeks.keys()]) if (!wanted.has(id)) weeks.delete(id);
  await repo.storeSnapshots(db, weeks);
}

function present(
  data: repo.WeekData,
  user: CurrentUser,
  visible: Set<number>,
  live: boolean,
  schoolId?: number,
): WeeklyReport {
  const schools = data.schools.filter(
    (s) => visible.has(s.schoolId) && (schoolId === undefined || s.schoolId === schoolId),
  );
  const totals: WeeklyFigures = emptyFigures();
  for (const s of schools) for (const k of WEEKLY_FIGURE_KEYS) totals[k] += s[k];
  const county = countyWide(user);
  if (county && schoolId === undefined) totals.spending += data.countySpending;
  totals.spending = Math.round(totals.spending * 100) / 100;
  return {
    weekStart: data.weekStart,
    weekEnd: data.weekEnd,
    live,
    generatedAt: data.generatedAt,
    totals,
    countySpending: county ? data.countySpending : null,
    schools,
  };
}

async function weekData(db: Db, regionId: number, weekStart: string, today: string) {
  const current = mondayOf(today);
  if (weekStart > current) throw notFound('该周的周报（尚未开始）');
  if (weekStart === current) return { data: await repo.computeWeek(db, regionId, weekStart, today), live: true };
  let data = await repo.snapshot(db, regionId, weekStart);
  if (!data) {
    data = await repo.computeWeek(db, regionId, weekStart, today);
    await repo.storeSnapshot(db, regionId, data);
  }
  return { data, live: false };
}

export async function weeklyReportFor(
  db: Db,
  user: CurrentUser,
  weekStart: string,
  schoolId?: number,
  today = shanghaiDay(),
): Promise<WeeklyReport> {
  const visible = await repo.visibleSchoolIds(db, user);
  if (schoolId !== undefined && !visible.has(schoolId)) throw notFound('学校');
  const { data, live } = await weekData(db, user.regionId, weekStart, today);
  return present(data, user, visible, live, schoolId);
}

/** Week by week, newest first: the current week (live) then stored snapshots. */
export async function listWeeks(
  db: Db,
  user: CurrentUser,
  page: number,
  pageSize: number,
  today = shanghaiDay(),
): Promise<WeeklyList> {
  const visible = await repo.visibleSchoolIds(db, user);
  const current = mondayOf(today);
  const offset = (page - 1) * pageSize;
  const items: WeeklyList['items'] = [];
  if (offset === 0) {
    const live = present(await repo.computeWeek(db, user.regionId, current, today), user, visible, true);
    items.push({ weekStart: live.weekStart, weekEnd: live.weekEnd, live: true, totals: live.totals });
  }
  const stored = await repo.snapshots(db, user.regionId, {
    limit: offset === 0 ? pageSize - 1 : pageSize,
    offset: offset === 0 ? 0 : offset - 1,
    before: current,
  });
  for (const data of stored.list) {
    const r = present(data, user, visible, false);
    items.push({ weekStart: r.weekStart, weekEnd: r.weekEnd, live: false, totals: r.totals });
  }
  return { items, total: stored.total + 1 };
}
