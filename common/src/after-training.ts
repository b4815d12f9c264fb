// After training (issue 5): report-backs (成果汇报/二次培训) and reflections (心得体会). Shapes shared
// by the server (validation + OpenAPI) and the web (forms + types), plus the small pure rules.
import { z } from 'zod';
import { attachmentDto } from './attachments.js';
import { bodyDbId, calendarDate, dbId } from './primitives.js';
import { LEVELS, MODES } from './training.js';

const dateText = calendarDate();
const optionalId = dbId.optional();
const page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};
const year = z.coerce.number().int().min(2000).max(2100).optional();

// ---------- report-backs ----------

export const REPORT_BACK_STATUSES = ['pending', 'submitted', 'verified', 'returned'] as const;
export type ReportBackStatus = (typeof REPORT_BACK_STATUSES)[number];
export const REPORT_BACK_STATUS_LABELS: Record<ReportBackStatus, string> = {
  pending: '待汇报',
  submitted: '待审核',
  verified: '已审核',
  returned: '已退回',
};
/** 汇报形式 */
export const REPORT_BACK_FORMS = ['讲座', '示范课', '工作坊', '教研活动'] as const;
export type ReportBackForm = (typeof REPORT_BACK_FORMS)[number];
/** The teacher may (re)write the record in these states. */
export const REPORT_BACK_EDITABLE: readonly ReportBackStatus[] = ['pending', 'returned', 'submitted'];
export const DEFAULT_REPORT_BACK_DUE_DAYS = 14;

/**
 * Overdue is about the teacher's submission against the due day (`today` and `submittedOn` are the
 * county's dates, YYYY-MM-DD): not submitted and the due day has passed, or first submitted after it.
 * How long the school takes to review is not the teacher's delay (see reviewWaitDays).
 */
export function isReportBackOverdue(r: { dueOn: string; submittedOn: string | null }, today: string): boolean {
  return r.submittedOn == null ? r.dueOn < today : r.submittedOn > r.dueOn;
}

/** 成果转化率 = verified / due (tasks owed); null when nothing is due. See docs/metrics.md. */
export function reportBackRate(verified: number, due: number): number | null {
  return due > 0 ? Math.round((verified / due) * 10000) / 10000 : null;
}

export const reportBackSettings = z.object({
  /** Projects of these levels owe a report-back … */
  levels: z.array(z.enum(LEVELS)).max(LEVELS.length),
  /** … and so do projects of these modes, whatever their level. */
  modes: z.array(z.enum(MODES)).max(MODES.length),
  dueDays: z.number().int('天数应为整数').min(1, '汇报期限至少 1 天').max(180, '汇报期限不能超过 180 天'),
});
export type ReportBackSettings = z.infer<typeof reportBackSettings>;

export const reportBack = z.object({
  id: z.number(),
  projectId: z.number(),
  projectName: z.string(),
  level: z.string(),
  mode: z.string(),
  projectStart: z.string(),
  projectEnd: z.string(),
  teacherId: z.number(),
  teacherName: z.string(),
  schoolId: z.number(),
  schoolName: z.string(),
  dueOn: z.string(),
  status: z.enum(REPORT_BACK_STATUSES),
  /** The teacher was late: not submitted by the due day, or first submitted after it. */
  overdue: z.boolean(),
  /** Days late (0 when on time): until today while unsubmitted, else how late the first submission was. */
  overdueDays: z.number(),
  /** The county's date of the first submission (a returned and resubmitted report-back keeps it). */
  submittedOn: z.string().nullable(),
  /** 待审核 N 天: days since the latest submission while it waits for the school's review; else null. */
  reviewWaitDays: z.number().nullable(),
  form: z.string().nullable(),
  heldOn: z.string().nullable(),
  audience: z.number().nullable(),
  summary: z.string().nullable(),
  submittedAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  verifiedByName: z.string().nullable(),
  returnReason: z.string().nullable(),
  attachmentCount: z.number(),
});
export type ReportBack = z.infer<typeof reportBack>;

export const reportBackDetail = reportBack.extend({ attachments: z.array(attachmentDto) });
export type ReportBackDetail = z.infer<typeof reportBackDetail>;

export const reportBackList = z.object({ items: z.array(reportBack), total: z.number() });
export type ReportBackList = z.infer<typeof reportBackList>;

export const reportBackQuery = z.object({
  ...page,
  status: z.enum(REPORT_BACK_STATUSES).optional(),
  /** true: only overdue tasks. */
  overdue: z.enum(['true', 'false']).optional(),
  year,
  areaId: optionalId,
  schoolId: optionalId,
  projectId: optionalId,
  /** Teacher name or project name contains. */
  q: z.string().trim().max(50).optional(),
});
export type ReportBackQuery = z.infer<typeof reportBackQuery>;

export const reportBackSubmitBody = z.object({
  form: z.enum(REPORT_BACK_FORMS, { error: '请选择汇报形式（讲座、示范课、工作坊或教研活动）' }),
  heldOn: dateText,
  audience: z.number().int('听众人数应为整数').min(1, '听众人数至少为 1').max(100000, '听众人数不能超过 100000'),
  summary: z.string().trim().min(10, '汇报内容摘要至少 10 个字').max(5000, '汇报内容摘要不能超过 5000 个字'),
  /** Slides, photos and the sign-in sheet (uploaded with purpose `report_back`); at least one. */
  attachmentIds: z.array(bodyDbId).min(1, '请上传课件、照片或签到表，至少一个文件').max(30, '附件最多 30 个'),
});
export type ReportBackSubmitBody = z.infer<typeof reportBackSubmitBody>;

export const reportBackReturnBody = z.object({
  reason: z.string().trim().min(2, '请填写退回原因').max(500, '退回原因不能超过 500 个字'),
});

/**
 * Per school: 应汇报 due, 已提交 done (submitted or verified), 已审核 verified, 逾期 overdue (the teacher
 * late, see isReportBackOverdue), 待审核 awaiting review and the longest wait in days, rate.
 */
export const reportBackSchoolRow = z.object({
  schoolId: z.number(),
  schoolName: z.string(),
  areaName: z.string().nullable(),
  due: z.number(),
  done: z.number(),
  verified: z.number(),
  overdue: z.number(),
  /** Submitted and waiting for the school's review. */
  awaitingReview: z.number(),
  /** The longest of those waits, in days; null when nothing waits. */
  longestWaitDays: z.number().nullable(),
  /** verified / due, 0–1; null when nothing is due. */
  rate: z.number().nullable(),
});
export type ReportBackSchoolRow = z.infer<typeof reportBackSchoolRow>;

export const reportBackSchoolStats = z.object({
  items: z.array(reportBackSchoolRow),
  total: z.number(),
  /** Totals over every school of the filter (not only this page). */
  sum: reportBackSchoolRow.omit({ schoolId: true, schoolName: true, areaName: true }),
});
export type ReportBackSchoolStats = z.infer<typeof reportBackSchoolStats>;

export const reportBackStatsQuery = z.object({ ...page, year, areaId: optionalId });
export type ReportBackStatsQuery = z.infer<typeof reportBackStatsQuery>;

// ---------- reflections ----------

export const REFLECTION_STATUSES = ['submitted', 'reviewed'] as const;
export type ReflectionStatus = (typeof REFLECTION_STATUSES)[number];
export const REFLECTION_STATUS_LABELS: Record<ReflectionStatus, string> = { submitted: '待评阅', reviewed: '已评阅' };

export const reflection = z.object({
  id: z.number(),
  projectId: z.number(),
  projectName: z.string(),
  level: z.string(),
  teacherId: z.number(),
  teacherName: z.string(),
  schoolId: z.number(),
  schoolName: z.string(),
  title: z.string(),
  body: z.string(),
  status: z.enum(REFLECTION_STATUSES),
  featured: z.boolean(),
  reviewComment: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Reflection = z.infer<typeof reflection>;

export const reflectionList = z.object({ items: z.array(reflection), total: z.number() });
export type ReflectionList = z.infer<typeof reflectionList>;

export const reflectionQuery = z.object({
  ...page,
  status: z.enum(REFLECTION_STATUSES).optional(),
  featured: z.enum(['true', 'false']).optional(),
  year,
  schoolId: optionalId,
  projectId: optionalId,
  q: z.string().trim().max(50).optional(),
});
export type ReflectionQuery = z.infer<typeof reflectionQuery>;

const reflectionText = {
  title: z.string().trim().min(2, '请填写标题').max(100, '标题不能超过 100 个字'),
  body: z.string().trim().min(50, '心得体会正文至少 50 个字').max(20000, '心得体会正文不能超过 20000 个字'),
};
export const reflectionCreateBody = z.object({ projectId: bodyDbId, ...reflectionText });
export type ReflectionCreateBody = z.infer<typeof reflectionCreateBody>;
export const reflectionUpdateBody = z.object(reflectionText);
export type ReflectionUpdateBody = z.infer<typeof reflectionUpdateBody>;

export const reflectionReviewBody = z.object({
  /** 评为优秀（精选） */
  featured: z.boolean(),
  comment: z.string().trim().max(500, '评语不能超过 500 个字').optional(),
});
export type ReflectionReviewBody = z.infer<typeof reflectionReviewBody>;

/** A project the teacher took part in, and their reflection on it if written. */
export const myReflectionItem = z.object({
  projectId: z.number(),
  projectName: z.string(),
  level: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  reflection: reflection.nullable(),
});
export type MyReflectionItem = z.infer<typeof myReflectionItem>;
export const myReflectionList = z.object({ items: z.array(myReflectionItem), total: z.number() });

export const REFLECTION_COUNT_BY = ['school', 'project'] as const;
export const reflectionCountQuery = z.object({ ...page, by: z.enum(REFLECTION_COUNT_BY).default('school'), year });
export type ReflectionCountQuery = z.infer<typeof reflectionCountQuery>;
export const reflectionCountRow = z.object({
  id: z.number(),
  name: z.string(),
  total: z.number(),
  reviewed: z.number(),
  featured: z.number(),
});
export type ReflectionCountRow = z.infer<typeof reflectionCountRow>;
export const reflectionCounts = z.object({
  items: z.array(reflectionCountRow),
  total: z.number(),
  sum: z.object({ total: z.number(), reviewed: z.number(), featured: z.number() }),
});
export type ReflectionCounts = z.infer<typeof reflectionCounts>;
