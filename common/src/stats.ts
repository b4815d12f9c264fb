// Training statistics: the yearly summary and its breakdown per school or area. The exact formula
// of every measure is in docs/metrics.md; the server computes them in one grouped query.
import { z } from 'zod';
import { dbId } from './primitives.js';

const id = dbId;
const year = z.coerce.number().int().min(2000, '年份应在2000至2100之间').max(2100, '年份应在2000至2100之间');

export const statsSummaryQuery = z.object({
  /** Defaults to the current year (Beijing time). */
  year: year.optional(),
  schoolId: id.optional(),
  areaId: id.optional(),
  consortiumId: id.optional(),
});
export type StatsSummaryQuery = z.infer<typeof statsSummaryQuery>;

export const STATS_BREAKDOWN_BY = ['school', 'area'] as const;
export type StatsBreakdownBy = (typeof STATS_BREAKDOWN_BY)[number];

export const statsBreakdownQuery = statsSummaryQuery.omit({ schoolId: true }).extend({
  by: z.enum(STATS_BREAKDOWN_BY, { message: '分组方式应为 school 或 area' }).default('school'),
});
export type StatsBreakdownQuery = z.infer<typeof statsBreakdownQuery>;

/** 人次 by the five levels (keys of LEVEL_KEYS), plus their sum. */
export const personTimes = z.object({
  national: z.number(),
  provincial: z.number(),
  prefectural: z.number(),
  county: z.number(),
  school: z.number(),
  total: z.number(),
});
export type PersonTimes = z.infer<typeof personTimes>;

/** The numerators and denominators behind the rates, so a screen can show "12 / 15". */
export const statsCounts = z.object({
  /** Places held: participations enrolled, completed or failed (参训率's denominator). */
  placesTaken: z.number(),
  /** Participations with a result 优秀/合格/不合格 (合格率 and 优秀率's denominator). */
  assessed: z.number(),
  completed: z.number(),
  failed: z.number(),
  /** Results 合格 or 优秀. */
  passed: z.number(),
  excellent: z.number(),
});
export type StatsCounts = z.infer<typeof statsCounts>;

/** Rates are fractions 0..1 rounded to 4 places; 0 when the denominator is 0. */
export const statsMeasures = z.object({
  personTimes,
  onlinePersonTimes: z.number(),
  teachersTrained: z.number(),
  teacherCount: z.number(),
  coverageRate: z.number(),
  participationRate: z.number(),
  completionRate: z.number(),
  passRate: z.number(),
  excellentRate: z.number(),
  counts: statsCounts,
});
export type StatsMeasures = z.infer<typeof statsMeasures>;

export const statsSummary = statsMeasures.extend({ year: z.number() });
export type StatsSummary = z.infer<typeof statsSummary>;

export const statsBreakdownRow = statsMeasures.extend({
  /** School or area id. */
  id: z.number(),
  name: z.string(),
  /** The school's area (by=school), for grouping in tables. */
  areaId: z.number().nullable(),
  areaName: z.string().nullable(),
});
export type StatsBreakdownRow = z.infer<typeof statsBreakdownRow>;

/** All rows in one page (a county has at most a few hundred schools); `summary` is their roll-up. */
export const statsBreakdown = z.object({
  year: z.number(),
  by: z.enum(STATS_BREAKDOWN_BY),
  items: z.array(statsBreakdownRow),
  total: z.number(),
  summary: statsMeasures,
});
export type StatsBreakdown = z.infer<typeof statsBreakdown>;

/** A share rounded to 4 places (0.85614 → 0.8561, shown as 85.6%); 0 when nothing to divide by. */
export const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 10000 : 0);
