// 名师工作室 (famous-teacher studios): a host teacher, members from several schools, a term,
// goals, activities (linked to school-based research and 送教下乡 when that module is present),
// outputs (lessons, papers, topics) and the county's yearly review, which posts members' hours.
import { z } from 'zod';
import { STUDIO_ACTIVITY_KINDS, STUDIO_OUTPUT_KINDS, STUDIO_REVIEW_RESULTS, STUDIO_STATUSES } from './people-vocab.js';
import { calendarDate, dbId } from './primitives.js';

const positiveId = dbId;
const year = z.coerce
  .number({ error: '年度应为数字' })
  .int('年度应为整数')
  .min(2000, '年度应在2000至2100之间')
  .max(2100, '年度应在2000至2100之间');
const isoDate = calendarDate();
const text = (max: number, what: string) => z.string().trim().max(max, `${what}不超过${max}字`);

const studioFields = {
  name: text(60, '名称').min(1, '请填写工作室名称'),
  hostId: positiveId,
  subject: text(20, '学科').nullable().optional(),
  stage: text(20, '学段').nullable().optional(),
  startYear: year,
  endYear: year,
  goals: text(2000, '工作目标').nullable().optional(),
};
const termOk = (b: { startYear?: number; endYear?: number }) =>
  b.startYear == null || b.endYear == null || (b.endYear >= b.startYear && b.endYear - b.startYear <= 5);
const termIssue = { message: '期限的结束年份不能早于开始年份，且最长6年', path: ['endYear'] };

export const studioBody = z.object(studioFields).refine(termOk, termIssue);
export type StudioBody = z.infer<typeof studioBody>;
export const studioUpdateBody = z
  .object({ ...studioFields, status: z.enum(STUDIO_STATUSES) })
  .partial()
  .refine(termOk, termIssue);
export type StudioUpdateBody = z.infer<typeof studioUpdateBody>;

export const studioListQuery = z.object({
  /** Studios whose term includes this year. */
  year: year.optional(),
  status: z.enum(STUDIO_STATUSES).optional(),
  q: z.string().trim().max(30).optional(),
});
export type StudioListQuery = z.infer<typeof studioListQuery>;

export const studioItem = z.object({
  id: z.number(),
  name: z.string(),
  host: z.object({ id: z.number(), name: z.string(), schoolName: z.string() }),
  subject: z.string().nullable(),
  stage: z.string().nullable(),
  startYear: z.number(),
  endYear: z.number(),
  goals: z.string().nullable(),
  status: z.enum(STUDIO_STATUSES),
  memberCount: z.number(),
  schoolCount: z.number(),
  activityCount: z.number(),
  outputCount: z.number(),
  lastReview: z.object({ year: z.number(), result: z.string() }).nullable(),
});
export type StudioItem = z.infer<typeof studioItem>;
export const studioList = z.object({ items: z.array(studioItem), total: z.number() });

export const studioMember = z.object({
  teacherId: z.number(),
  name: z.string(),
  schoolName: z.string(),
  subject: z.string(),
  joinedYear: z.number(),
  leftYear: z.number().nullable(),
});
export const studioActivity = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  heldOn: z.string(),
  place: z.string().nullable(),
  hours: z.number().nullable(),
  summary: z.string().nullable(),
  activityRef: z.number().nullable(),
});
export type StudioActivity = z.infer<typeof studioActivity>;
export const studioOutput = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  year: z.number(),
  teacherName: z.string().nullable(),
  note: z.string().nullable(),
});
export const studioReview = z.object({
  year: z.number(),
  result: z.string(),
  comment: z.string().nullable(),
  reviewerName: z.string(),
});

export const studioDetail = studioItem.extend({
  members: z.array(studioMember),
  activities: z.array(studioActivity),
  outputs: z.array(studioOutput),
  reviews: z.array(studioReview),
  /** Hours the ledger holds for the studio's years (host and members together). */
  postedHours: z.array(z.object({ year: z.number(), teachers: z.number(), hours: z.number() })),
  myRole: z.enum(['host', 'member']).nullable(),
  can: z.object({ manage: z.boolean(), record: z.boolean() }),
  /** Whether activities can be linked to school-based research activities on this installation. */
  researchLinks: z.boolean(),
});
export type StudioDetail = z.infer<typeof studioDetail>;

export const studioMembersBody = z.object({
  teacherIds: z.array(positiveId).min(1, '请选择成员').max(100, '一次最多100人'),
  joinedYear: year,
});
export const studioMemberParams = z.object({ id: positiveId, teacherId: positiveId });

export const studioActivityBody = z.object({
  kind: z.enum(STUDIO_ACTIVITY_KINDS, { error: `活动类型应为：${STUDIO_ACTIVITY_KINDS.join('、')}` }),
  title: text(100, '活动名称').min(1, '请填写活动名称'),
  heldOn: isoDate,
  place: text(60, '地点').nullable().optional(),
  hours: z.number().min(0.5, '时长至少0.5小时').max(40, '时长不超过40小时').nullable().optional(),
  summary: text(2000, '活动简介').nullable().optional(),
  /** A school-based research or 送教下乡 activity this one is part of (research module). */
  activityRef: positiveId.nullable().optional(),
});
export type StudioActivityBody = z.infer<typeof studioActivityBody>;

export const studioOutputBody = z.object({
  kind: z.enum(STUDIO_OUTPUT_KINDS, { error: `成果类型应为：${STUDIO_OUTPUT_KINDS.join('、')}` }),
  title: text(200, '成果名称').min(1, '请填写成果名称'),
  year,
  teacherId: positiveId.nullable().optional(),
  note: text(300, '说明').nullable().optional(),
});
export type StudioOutputBody = z.infer<typeof studioOutputBody>;

export const studioReviewBody = z.object({
  year,
  result: z.enum(STUDIO_REVIEW_RESULTS, { error: '考核结果应为 优秀、合格 或 不合格' }),
  comment: text(500, '意见').optional(),
});
export type StudioReviewBody = z.infer<typeof studioReviewBody>;
