// 工作周报 (seed 003: progress is reported weekly): per week (Monday–Sunday, Asia/Shanghai), per
// school and for the county — nominations, enrolments, completions, report-backs, reflections, spending.
import { z } from 'zod';
import { calendarDate, dbId } from './primitives.js';
import { pageQuery } from './schemas.js';

export const weeklyFigures = z.object({
  /** Teachers nominated by schools this week. */
  nominations: z.number(),
  /** Places confirmed this week (approved nominations, self-enrolment, upper-level sending). */
  enrolments: z.number(),
  /** Participations completed (结业) this week. */
  completions: z.number(),
  /** Report-backs falling due this week. */
  reportBacksDue: z.number(),
  /** Report-backs verified this week. */
  reportBacksVerified: z.number(),
  /** Report-backs whose teacher was late at the end of the week (or now): not submitted by the due day, or submitted after it. */
  reportBacksOverdue: z.number(),
  /** Reflections (心得体会) written this week. */
  reflections: z.number(),
  /** Training expenses dated this week, in yuan. */
  spending: z.number(),
});
export type WeeklyFigures = z.infer<typeof weeklyFigures>;

export const WEEKLY_FIGURE_KEYS = [
  'nominations',
  'enrolments',
  'completions',
  'reportBacksDue',
  'reportBacksVerified',
  'reportBacksOverdue',
  'reflections',
  'spending',
] as const satisfies readonly (keyof WeeklyFigures)[];

export const WEEKLY_FIGURE_LABELS: Record<keyof WeeklyFigures, string> = {
  nominations: '新推荐',
  enrolments: '新报名确认',
  completions: '结业',
  reportBacksDue: '成果汇报到期',
  reportBacksVerified: '成果汇报通过',
  reportBacksOverdue: '成果汇报逾期',
  reflections: '心得体会',
  spending: '经费支出（元）',
};

export const emptyFigures = (): WeeklyFigures => ({
  nominations: 0,
  enrolments: 0,
  completions: 0,
  reportBacksDue: 0,
  reportBacksVerified: 0,
  reportBacksOverdue: 0,
  reflections: 0,
  spending: 0,
});

export const weeklySchoolRow = weeklyFigures.extend({
  schoolId: z.number(),
  schoolName: z.string(),
  areaName: z.string().nullable(),
});
export type WeeklySchoolRow = z.infer<typeof weeklySchoolRow>;

export const weeklyReport = z.object({
  weekStart: z.string(),
  weekEnd: z.string(),
  /** The current week, computed now; otherwise a snapshot stored when the week ended. */
  live: z.boolean(),
  generatedAt: z.string(),
  /** Totals over the schools the caller sees (plus the county's own spending for county users). */
  totals: weeklyFigures,
  /** The county's own spending (expenses without a school); null for school-level callers. */
  countySpending: z.number().nullable(),
  schools: z.array(weeklySchoolRow),
});
export type WeeklyReport = z.infer<typeof weeklyReport>;

export const weeklyListItem = z.object({
  weekStart: z.string(),
  weekEnd: z.string(),
  live: z.boolean(),
  totals: weeklyFigures,
});
export type WeeklyListItem = z.infer<typeof weeklyListItem>;
export const weeklyList = z.object({ items: z.array(weeklyListItem), total: z.number() });
export type WeeklyList = z.infer<typeof weeklyList>;

export const weeklyListQuery = pageQuery.extend({
  pageSize: z.coerce.number().int().min(1).max(104).default(12),
});

export const weekParam = z.object({
  weekStart: calendarDate('周起始日期格式应为 YYYY-MM-DD').refine((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1, {
    message: '周起始日期须为星期一',
  }),
});

export const weeklyReportQuery = z.object({
  /** Only this school (county and area users). */
  schoolId: dbId.optional(),
});

/** Monday (YYYY-MM-DD) of the week containing a date (YYYY-MM-DD). */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return new Date(new Date(`${day}T00:00:00Z`).getTime() + n * 86_400_000).toISOString().slice(0, 10);
}
