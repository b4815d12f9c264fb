// The drafted year-end summary (年度总结: its 基本情况 section from the numbers, every figure linked
// to its source table) and the leader's dashboard (the five-level table over five years,
// breakdowns, 送培率, at-risk lists, drill-downs). Formulas: docs/metrics.md.
import { z } from 'zod';
import { bodyDbId, dbId } from './primitives.js';
import { pageQuery } from './schemas.js';
import { personTimes, statsSummary } from './stats.js';

const id = dbId;
const year = z.coerce.number().int().min(2000, '年份应在2000至2100之间').max(2100, '年份应在2000至2100之间');

// ---------- the year-end summary ----------

export const yearSummaryQuery = z.object({
  /** Defaults to the current year (Beijing time). */
  year: year.optional(),
  /** A school's own year; without it, the caller's whole scope (the county). */
  schoolId: id.optional(),
});
export type YearSummaryQuery = z.infer<typeof yearSummaryQuery>;

export const yearSummaryDocxQuery = yearSummaryQuery.extend({
  /** draft: the text drafted from the numbers; edited: the text the county (or school) saved. */
  source: z.enum(['draft', 'edited'], { message: 'source 应为 draft 或 edited' }).default('draft'),
});

export const yearSummaryFigure = z.object({
  key: z.string(),
  label: z.string(),
  value: z.number(),
  /** As the text prints it (13400, 87.5%). */
  text: z.string(),
  /** The table it comes from, in words. */
  table: z.string(),
  /** The page of the platform showing that table. */
  source: z.string(),
});
export type YearSummaryFigure = z.infer<typeof yearSummaryFigure>;

export const yearSummary = z.object({
  year: z.number(),
  scope: z.enum(['county', 'school']),
  scopeName: z.string(),
  title: z.string(),
  /** The 基本情况 draft in Simplified Chinese (paragraphs separated by a blank line). */
  text: z.string(),
  /** The same text in pieces, a figure's piece naming its key (for links to the source table). */
  segments: z.array(z.object({ text: z.string(), figure: z.string().nullable() })),
  figures: z.array(yearSummaryFigure),
  /** The text as last saved after editing. */
  edited: z.object({ text: z.string(), updatedAt: z.string(), updatedBy: z.string().nullable() }).nullable(),
});
export type YearSummary = z.infer<typeof yearSummary>;

export const yearSummarySaveBody = z.object({
  year,
  schoolId: bodyDbId.optional(),
  text: z.string().trim().min(10, '总结至少10个字').max(20000, '总结不超过20000字'),
});
export type YearSummarySaveBody = z.infer<typeof yearSummarySaveBody>;

// ---------- the leader's dashboard ----------

export const dashboardQuery = z.object({
  year: year.optional(),
  areaId: id.optional(),
  schoolId: id.optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuery>;

export const sendRate = z.object({
  /** Places allocated to schools (名额) in the year's projects. */
  quota: z.number(),
  /** Of those, places taken (enrolled, completed or failed), at most the quota per project and school. */
  filled: z.number(),
  rate: z.number(),
});
export type SendRate = z.infer<typeof sendRate>;

export const dashboardTrendYear = z.object({
  year: z.number(),
  personTimes,
  onlinePersonTimes: z.number(),
  teachersTrained: z.number(),
  teacherCount: z.number(),
  coverageRate: z.number(),
  passRate: z.number(),
});

export const dashboard = z.object({
  year: z.number(),
  summary: statsSummary,
  /** The five-level table over the last five years (oldest first). */
  trend: z.array(dashboardTrendYear),
  sendRate,
  atRisk: z.object({
    /** Serving teachers without a person-time this year. */
    untrained: z.number(),
    /** Teachers behind on hours for the registration cycle (the credit progress list's at-risk). */
    behindHours: z.number(),
    /** Schools below a target (coverage, pass rate, 送培率). */
    schoolsBelowTarget: z.number(),
  }),
  targets: z.object({ coverage: z.number(), pass: z.number(), send: z.number() }),
});
export type Dashboard = z.infer<typeof dashboard>;

export const BREAKDOWN_DIMENSIONS = [
  'urbanRural',
  'stage',
  'subject',
  'category',
  'mode',
  'ageBand',
  'serviceBand',
] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];
export const BREAKDOWN_LABELS: Record<BreakdownDimension, string> = {
  urbanRural: '城乡',
  stage: '学段',
  subject: '学科',
  category: '培训类别',
  mode: '培训形式',
  ageBand: '年龄段',
  serviceBand: '教龄段',
};
/** Breakdowns by a teacher's attribute have a teacher count (coverage); by a project's, person-times only. */
export const TEACHER_DIMENSIONS: readonly BreakdownDimension[] = [
  'urbanRural',
  'stage',
  'subject',
  'ageBand',
  'serviceBand',
];
export const AGE_BANDS = ['30岁及以下', '31—40岁', '41—50岁', '51岁及以上', '未知'] as const;
export const SERVICE_BANDS = ['3年及以下', '4—10年', '11—20年', '20年以上', '未知'] as const;

export const breakdownRow = z.object({
  key: z.string(),
  personTimes,
  onlinePersonTimes: z.number(),
  teachersTrained: z.number(),
  /** Serving teachers in the group (teacher attributes only). */
  teacherCount: z.number().nullable(),
  coverageRate: z.number().nullable(),
});
export type BreakdownRow = z.infer<typeof breakdownRow>;

export const dashboardBreakdowns = z.object({
  year: z.number(),
  dimensions: z.record(z.string(), z.array(breakdownRow)),
});
export type DashboardBreakdowns = z.infer<typeof dashboardBreakdowns>;

/** The person-times behind any figure: the drill-down list's filters. */
export const personTimesQuery = pageQuery.extend({
  year: year.optional(),
  areaId: id.optional(),
  schoolId: id.optional(),
  level: z.string().max(20).optional(),
  mode: z.string().max(20).optional(),
  category: z.string().max(40).optional(),
  online: z.enum(['true']).optional(),
  urbanRural: z.string().max(10).optional(),
  stage: z.string().max(20).optional(),
  subject: z.string().max(20).optional(),
  ageBand: z.enum(AGE_BANDS).optional(),
  serviceBand: z.enum(SERVICE_BANDS).optional(),
});
export type PersonTimesQuery = z.infer<typeof personTimesQuery>;

export const personTimeRow = z.object({
  participationId: z.number(),
  teacherId: z.number(),
  teacherName: z.string(),
  schoolName: z.string(),
  stage: z.string(),
  subject: z.string(),
  projectId: z.number(),
  projectName: z.string(),
  level: z.string(),
  mode: z.string(),
  category: z.string(),
  endDate: z.string(),
  status: z.string(),
  result: z.string().nullable(),
});
export type PersonTimeRow = z.infer<typeof personTimeRow>;
export const personTimeList = z.object({ items: z.array(personTimeRow), total: z.number() });

export const untrainedQuery = pageQuery.extend({
  year: year.optional(),
  areaId: id.optional(),
  schoolId: id.optional(),
  stage: z.string().max(20).optional(),
  subject: z.string().max(20).optional(),
  urbanRural: z.string().max(10).optional(),
});
export type UntrainedQuery = z.infer<typeof untrainedQuery>;
export const untrainedRow = z.object({
  teacherId: z.number(),
  name: z.string(),
  schoolId: z.number(),
  schoolName: z.string(),
  stage: z.string(),
  subject: z.string(),
  hireDate: z.string().nullable(),
  /** When the teacher last had a person-time (any year), null: never on the platform. */
  lastTrained: z.string().nullable(),
});
export type UntrainedRow = z.infer<typeof untrainedRow>;
export const untrainedList = z.object({ items: z.array(untrainedRow), total: z.number() });

export const schoolTargetRow = z.object({
  schoolId: z.number(),
  schoolName: z.string(),
  areaName: z.string(),
  urbanRural: z.string(),
  teacherCount: z.number(),
  coverageRate: z.number(),
  passRate: z.number(),
  assessed: z.number(),
  sendRate: z.number().nullable(),
  /** What is below target, in words (培训覆盖率 62.5% < 100%). */
  gaps: z.array(z.string()),
});
export type SchoolTargetRow = z.infer<typeof schoolTargetRow>;
export const schoolTargetList = z.object({
  year: z.number(),
  targets: z.object({ coverage: z.number(), pass: z.number(), send: z.number() }),
  items: z.array(schoolTargetRow),
});
export type SchoolTargetList = z.infer<typeof schoolTargetList>;
