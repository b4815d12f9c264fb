// The leader's dashboard for the caller's scope (the county, an area, a school): the year's
// statistics and the five-level table over five years (the statistics service, called once a
// year), 送培率, the at-risk counts (untrained teachers, teachers behind on hours from the credit
// progress list, schools below target), breakdowns, and the lists every figure drills down to.
import {
  BREAKDOWN_DIMENSIONS,
  type BreakdownRow,
  type Dashboard,
  type DashboardBreakdowns,
  type DashboardQuery,
  LEVEL_KEYS,
  LEVELS,
  type PersonTimesQuery,
  rate,
  type SchoolTargetList,
  TEACHER_DIMENSIONS,
  type UntrainedQuery,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { schoolScope } from '../../access/scope.js';
import type { Db } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { progressRows } from '../credits/progress.service.js';
import { currentYear, statsBreakdown, statsSummary } from '../stats/summary.service.js';
import * as repo from './dashboard.repo.js';
import { sendRateBySchool } from './send-rate.js';

/** The county's targets (the county plan's wording: 培训面达100%，合格率达95%以上; every place sent). */
export const TARGETS = { coverage: 1, pass: 0.95, send: 1 };

/** The scope's schools as SQL on `s`; statsSummary has already refused a filter outside the scope (404). */
function schoolWhere(user: CurrentUser, q: { areaId?: number; schoolId?: number }): SQL {
  const conds: SQL[] = [schoolScope(user, 's')];
  if (q.schoolId) conds.push(sql`s.id = ${q.schoolId}`);
  if (q.areaId) conds.push(sql`s.area_id = ${q.areaId}`);
  return sql`(${sql.join(conds, sql` and `)})`;
}

export async function dashboard(db: Db, user: CurrentUser, q: DashboardQuery): Promise<Dashboard> {
  const year = q.year ?? currentYear();
  const filter = { areaId: q.areaId, schoolId: q.schoolId };
  const summary = await statsSummary(db, user, { year, ...filter });
  const trend = [];
  for (let y = year - 4; y <= year; y++) {
    const s = y === year ? summary : await statsSummary(db, user, { year: y, ...filter });
    trend.push({
      year: y,
      personTimes: s.personTimes,
      onlinePersonTimes: s.onlinePersonTimes,
      teachersTrained: s.teachersTrained,
      teacherCount: s.teacherCount,
      coverageRate: s.coverageRate,
      passRate: s.passRate,
    });
  }
  const send = await sendRateBySchool(db, user.regionId, year, schoolWhere(user, filter));
  const quota = send.reduce((n, r) => n + r.quota, 0);
  const filled = send.reduce((n, r) => n + r.filled, 0);
  const progress = await progressRows(db, user, { status: 'at_risk', cycle: year, ...filter });
  const below = await schoolsBelowTarget(db, user, { year, ...filter });
  return {
    year,
    summary,
    trend,
    sendRate: { quota, filled, rate: rate(filled, quota) },
    atRisk: {
      untrained: summary.teacherCount - summary.teachersTrained,
      behindHours: progress.summary.behindCycle + progress.summary.behindYear + progress.summary.notMet,
      schoolsBelowTarget: below.items.length,
    },
    targets: TARGETS,
  };
}

export async function dashboardBreakdowns(db: Db, user: CurrentUser, q: DashboardQuery): Promise<DashboardBreakdowns> {
  const year = q.year ?? currentYear();
  const filter = { areaId: q.areaId, schoolId: q.schoolId };
  await statsSummary(db, user, { year, ...filter }); // refuses a filter outside the scope
  const where = schoolWhere(user, filter);
  const [pts, teachers] = await Promise.all([
    repo.breakdowns(db, user.regionId, year, where),
    repo.teacherCounts(db, user.regionId, year, where),
  ]);
  const dimensions: Record<string, BreakdownRow[]> = {};
  for (const dim of BREAKDOWN_DIMENSIONS) {
    const keys = new Set<string>([
      ...pts.filter((r) => r.dim === dim).map((r) => r.key),
      ...teachers.filter((r) => r.dim === dim).map((r) => r.key),
    ]);
    const teacherDim = TEACHER_DIMENSIONS.includes(dim);
    dimensions[dim] = [...keys]
      .map((key) => {
        const p = pts.find((r) => r.dim === dim && r.key === key);
        const t = teachers.find((r) => r.dim === dim && r.key === key);
        const levels = p ? [p.l0, p.l1, p.l2, p.l3, p.l4].map(Number) : [0, 0, 0, 0, 0];
        const personTimes = Object.fromEntries(LEVELS.map((l, i) => [LEVEL_KEYS[l], levels[i]!])) as Record<
          (typeof LEVEL_KEYS)[keyof typeof LEVEL_KEYS],
          number
        >;
        return {
          key,
          personTimes: { ...personTimes, total: levels.reduce((a, b) => a + b, 0) },
          onlinePersonTimes: Number(p?.online ?? 0),
          // A teacher attribute: serving teachers of the group who trained (coverage); a project
          // attribute: distinct teachers with a person-time of that kind.
          teachersTrained: teacherDim ? Number(t?.trained ?? 0) : Number(p?.trained ?? 0),
          teacherCount: teacherDim ? Number(t?.teachers ?? 0) : null,
          coverageRate: teacherDim ? rate(Number(t?.trained ?? 0), Number(t?.teachers ?? 0)) : null,
        };
      })
      .sort((a, b) => b.personTimes.total - a.personTimes.total || (b.teacherCount ?? 0) - (a.teacherCount ?? 0));
  }
  return { year, dimensions };
}

export async function personTimeList(db: Db, user: CurrentUser, q: PersonTimesQuery) {
  const year = q.year ?? currentYear();
  const filter = { areaId: q.areaId, schoolId: q.schoolId };
  await statsSummary(db, user, { year, ...filter });
  const { page, pageSize, year: _y, areaId: _a, schoolId: _s, ...f } = q;
  const res = await repo.personTimes(db, user.regionId, year, schoolWhere(user, filter), f, {
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return {
    total: res.total,
    items: res.items.map((r) => ({
      participationId: r.participation_id,
      teacherId: r.teacher_id,
      teacherName: r.teacher_name,
      schoolName: r.school_name,
      stage: r.stage,
      subject: r.subject,
      projectId: r.project_id,
      projectName: r.project_name,
      level: r.level,
      mode: r.mode,
      category: r.category,
      endDate: r.end_date,
      status: r.status,
      result: r.result,
    })),
  };
}

export async function untrainedList(db: Db, user: CurrentUser, q: UntrainedQuery) {
  const year = q.year ?? currentYear();
  const filter = { areaId: q.areaId, schoolId: q.schoolId };
  await statsSummary(db, user, { year, ...filter });
  const res = await repo.untrained(db, user.regionId, year, schoolWhere(user, filter), q, {
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    total: res.total,
    items: res.items.map((r) => ({
      teacherId: r.teacher_id,
      name: r.name,
      schoolId: r.school_id,
      schoolName: r.school_name,
      stage: r.stage,
      subject: r.subject,
      hireDate: r.hire_date,
      lastTrained: r.last_trained,
    })),
  };
}

/** Schools of the scope below a target: coverage, pass rate (where anyone was assessed), 送培率 (where places were allocated). */
export async function schoolsBelowTarget(db: Db, user: CurrentUser, q: DashboardQuery): Promise<SchoolTargetList> {
  const year = q.year ?? currentYear();
  const filter = { areaId: q.areaId, schoolId: q.schoolId };
  const b = await statsBreakdown(db, user, { year, by: 'school', areaId: q.areaId });
  const send = new Map(
    (await sendRateBySchool(db, user.regionId, year, schoolWhere(user, filter))).map((r) => [r.schoolId, r]),
  );
  const urban = new Map((await repo.schoolFacts(db, schoolWhere(user, filter))).map((s) => [s.id, s.urban_rural]));
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const items = b.items
    .filter((r) => (!q.schoolId || r.id === q.schoolId) && r.teacherCount > 0)
    .map((r) => {
      const s = send.get(r.id);
      const sendRate = s ? rate(s.filled, s.quota) : null;
      const gaps: string[] = [];
      if (r.coverageRate < TARGETS.coverage) gaps.push(`培训覆盖率 ${pct(r.coverageRate)} < ${pct(TARGETS.coverage)}`);
      if (r.counts.assessed > 0 && r.passRate < TARGETS.pass)
        gaps.push(`合格率 ${pct(r.passRate)} < ${pct(TARGETS.pass)}`);
      if (sendRate != null && sendRate < TARGETS.send) gaps.push(`送培率 ${pct(sendRate)} < ${pct(TARGETS.send)}`);
      return {
        schoolId: r.id,
        schoolName: r.name,
        areaName: r.areaName ?? '',
        urbanRural: urban.get(r.id) ?? '',
        teacherCount: r.teacherCount,
        coverageRate: r.coverageRate,
        passRate: r.passRate,
        assessed: r.counts.assessed,
        sendRate,
        gaps,
      };
    })
    .filter((r) => r.gaps.length > 0)
    .sort((a, b) => a.coverageRate - b.coverageRate || b.gaps.length - a.gaps.length || a.schoolId - b.schoolId);
  return { year, targets: TARGETS, items };
}
