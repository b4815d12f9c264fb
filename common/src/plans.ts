// 个人专业发展规划: a teacher's five-year plan and yearly plans (goals, planned trainings, an hours
// target), written on a phone and approved by the school; at the year's end the teacher's own
// summary sits beside what the credit ledger shows they did.
import { z } from 'zod';
import { PLAN_KINDS, PLAN_STATUSES } from './people-vocab.js';
import { dbId } from './primitives.js';
import { pageQuery } from './schemas.js';

const positiveId = dbId;
const year = z.coerce
  .number({ error: '年度应为数字' })
  .int('年度应为整数')
  .min(2000, '年度应在2000至2100之间')
  .max(2100, '年度应在2000至2100之间');

export const plannedTraining = z.object({
  title: z.string().trim().min(1, '请填写培训或学习内容').max(60, '不超过60字'),
  category: z.string().trim().max(40).nullable().optional(),
  hours: z.number().min(0, '学时不能为负').max(500, '学时不超过500').nullable().optional(),
});
export type PlannedTraining = z.infer<typeof plannedTraining>;

const planFields = {
  goals: z.string().trim().min(10, '请写清发展目标（至少10个字）').max(3000, '发展目标不超过3000字'),
  items: z.array(plannedTraining).max(30, '计划的培训不超过30项').default([]),
  hoursTarget: z.number().min(0, '目标学时不能为负').max(2000, '目标学时不超过2000').nullable().optional(),
};

export const planBody = z.object({
  kind: z.enum(PLAN_KINDS),
  /** The first year (a five-year plan runs five years from it). */
  startYear: year,
  ...planFields,
  /** Submit for the school's approval at once (otherwise saved as a draft). */
  submit: z.boolean().optional(),
});
export type PlanBody = z.infer<typeof planBody>;

export const planUpdateBody = z.object(planFields).partial();
export type PlanUpdateBody = z.infer<typeof planUpdateBody>;

export const planListQuery = pageQuery.extend({
  /** Plans whose span includes this year. */
  year: year.optional(),
  kind: z.enum(PLAN_KINDS).optional(),
  status: z.enum(PLAN_STATUSES).optional(),
  schoolId: positiveId.optional(),
  q: z.string().trim().max(30).optional(),
});
export type PlanListQuery = z.infer<typeof planListQuery>;

export const planDecisionBody = z
  .object({ approve: z.boolean(), reason: z.string().trim().max(300, '意见不超过300字').optional() })
  .refine((b) => b.approve || (b.reason ?? '').length > 0, { message: '退回须填写原因', path: ['reason'] });
export type PlanDecisionBody = z.infer<typeof planDecisionBody>;

export const planSummaryBody = z.object({
  summary: z.string().trim().min(10, '请写几句年度总结（至少10个字）').max(3000, '年度总结不超过3000字'),
});

export const planItem = z.object({
  id: z.number(),
  teacherId: z.number(),
  teacherName: z.string(),
  schoolId: z.number(),
  schoolName: z.string(),
  kind: z.enum(PLAN_KINDS),
  startYear: z.number(),
  endYear: z.number(),
  goals: z.string(),
  items: z.array(plannedTraining),
  hoursTarget: z.number().nullable(),
  status: z.enum(PLAN_STATUSES),
  returnReason: z.string().nullable(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decidedByName: z.string().nullable(),
  summary: z.string().nullable(),
  summaryAt: z.string().nullable(),
  /** What the credit ledger shows for the plan's years: net hours and the trainings completed. */
  ledger: z.object({ hours: z.number(), entries: z.number(), completedTrainings: z.number() }),
  can: z.object({ edit: z.boolean(), submit: z.boolean(), summarise: z.boolean(), review: z.boolean() }),
});
export type PlanItem = z.infer<typeof planItem>;
export const planList = z.object({ items: z.array(planItem), total: z.number() });
export type PlanList = z.infer<typeof planList>;
