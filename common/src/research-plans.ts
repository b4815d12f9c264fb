// A school's yearly research plan (校本研修计划) and summary (总结): written by the school,
// submitted, then accepted or returned with comments by the county. zod schemas and the template.
import { z } from 'zod';
import { attachmentDto, attachmentIds } from './attachments.js';
import { schoolYearParam } from './credit-audit.js';
import { calendarMonth, dbId } from './primitives.js';

const id = dbId;
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `最多${max}个字`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

export const RESEARCH_PLAN_KINDS = ['plan', 'summary'] as const;
export type ResearchPlanKind = (typeof RESEARCH_PLAN_KINDS)[number];
export const RESEARCH_PLAN_KIND_LABELS: Record<ResearchPlanKind, string> = {
  plan: '校本研修计划',
  summary: '校本研修总结',
};

export const RESEARCH_PLAN_STATUSES = ['none', 'draft', 'submitted', 'returned', 'accepted'] as const;
export type ResearchPlanStatus = (typeof RESEARCH_PLAN_STATUSES)[number];
export const RESEARCH_PLAN_STATUS_LABELS: Record<ResearchPlanStatus, string> = {
  none: '未填写',
  draft: '草稿',
  submitted: '已提交待审',
  returned: '已退回',
  accepted: '已通过',
};
/** Statuses that count as "submitted" on the compliance page. */
export const PLAN_SUBMITTED: readonly ResearchPlanStatus[] = ['submitted', 'accepted'];

export const researchPlanItem = z.object({
  /** YYYY-MM */
  month: calendarMonth,
  title: z.string().trim().min(1, '请填写活动内容').max(80, '最多80字'),
  type: z.string().trim().max(20).nullable().optional(),
  responsible: z.string().trim().max(40, '最多40字').nullable().optional(),
});
export type ResearchPlanItem = z.infer<typeof researchPlanItem>;

export const researchPlanBody = z.object({
  schoolId: id,
  schoolYear: schoolYearParam,
  kind: z.enum(RESEARCH_PLAN_KINDS),
  theme: z.string().trim().min(1, '请填写研修主题').max(100, '主题最多100字'),
  goals: text(2000),
  body: text(20000),
  items: z.array(researchPlanItem).max(60, '最多60项活动').default([]),
  /** Yuan, as text with at most two decimals. */
  budget: z
    .string()
    .regex(/^\d{1,9}(\.\d{1,2})?$/, '预算应为金额（元），最多两位小数')
    .nullable()
    .optional(),
  attachmentIds: attachmentIds.optional(),
});
export type ResearchPlanBody = z.infer<typeof researchPlanBody>;

export const researchPlanUpdateBody = researchPlanBody.omit({ schoolId: true, schoolYear: true, kind: true });
export type ResearchPlanUpdateBody = z.infer<typeof researchPlanUpdateBody>;

export const planReviewBody = z
  .object({
    decision: z.enum(['accept', 'return'], { message: '请选择通过或退回' }),
    comment: text(1000),
  })
  .refine((b) => b.decision !== 'return' || !!b.comment, {
    message: '退回时请写明修改意见',
    path: ['comment'],
  });
export type PlanReviewBody = z.infer<typeof planReviewBody>;

export const researchPlan = z.object({
  id: z.number(),
  schoolId: z.number(),
  schoolName: z.string(),
  schoolYear: z.number(),
  kind: z.enum(RESEARCH_PLAN_KINDS),
  theme: z.string(),
  goals: z.string().nullable(),
  body: z.string().nullable(),
  items: z.array(researchPlanItem),
  budget: z.string().nullable(),
  status: z.enum(RESEARCH_PLAN_STATUSES),
  statusLabel: z.string(),
  reviewComment: z.string().nullable(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  attachments: z.array(attachmentDto),
  updatedAt: z.string(),
  can: z.object({ edit: z.boolean(), review: z.boolean() }),
});
export type ResearchPlan = z.infer<typeof researchPlan>;

export const researchPlanListQuery = z.object({
  schoolYear: schoolYearParam.optional(),
  areaId: id.optional(),
  consortiumId: id.optional(),
  /** Only schools whose plan or summary is still missing (not submitted). */
  missing: z.enum(['plan', 'summary']).optional(),
});

const planCell = z.object({
  id: z.number().nullable(),
  status: z.enum(RESEARCH_PLAN_STATUSES),
  submittedAt: z.string().nullable(),
});
export const planOverviewRow = z.object({
  schoolId: z.number(),
  schoolName: z.string(),
  areaName: z.string(),
  plan: planCell,
  summary: planCell,
});
export const planOverview = z.object({
  schoolYear: z.number(),
  items: z.array(planOverviewRow),
  counts: z.object({
    schools: z.number(),
    planSubmitted: z.number(),
    summarySubmitted: z.number(),
    waitingReview: z.number(),
  }),
});
export type PlanOverview = z.infer<typeof planOverview>;

export const planTemplateQuery = z.object({ kind: z.enum(RESEARCH_PLAN_KINDS), schoolYear: schoolYearParam });
export const planTemplateResult = z.object({
  theme: z.string(),
  goals: z.string().nullable(),
  body: z.string().nullable(),
  items: z.array(researchPlanItem),
  budget: z.string().nullable(),
});
export type PlanTemplate = z.infer<typeof planTemplateResult>;

/** A plan to start from: the school year's months, September to June, with typical activities. */
export function planTemplate(kind: ResearchPlanKind, schoolYear: number): PlanTemplate {
  if (kind === 'summary') {
    return {
      theme: `${schoolYear}—${schoolYear + 1}学年校本研修工作总结`,
      goals: null,
      body: [
        '一、基本情况（研修主题、参与教师人数、开展活动次数、人均学时）',
        '二、主要做法（集体备课、观课议课、专题讲座、读书沙龙、课题研究等的开展情况）',
        '三、取得成效（教师专业成长、课堂变化、成果与获奖）',
        '四、存在问题',
        '五、下一步打算',
      ].join('\n\n'),
      items: [],
      budget: null,
    };
  }
  const months = [9, 10, 11, 12, 1, 2, 3, 4, 5, 6];
  const plan: Array<[string, string]> = [
    ['制定学期研修计划，组建教研组', '教研组活动'],
    ['新课标专题学习', '专题讲座'],
    ['青年教师汇报课、观课议课', '观课议课'],
    ['学期研修成果交流', '业务论坛'],
    ['寒假读书活动布置', '读书沙龙'],
    ['单元整体教学集体备课', '集体备课'],
    ['课题研究中期交流', '课题研究'],
    ['教联体联合主题研修展示', '观课议课'],
    ['读书沙龙：教育名著分享', '读书沙龙'],
    ['学年研修总结与成果展示', '业务论坛'],
  ];
  return {
    theme: `${schoolYear}—${schoolYear + 1}学年校本研修：聚焦新课标下的课堂教学改进`,
    goals:
      '1. 每位教师每学期参加校本研修活动不少于8次；\n2. 每个教研组每两周开展一次集体备课；\n3. 形成一批优秀课例和研修成果。',
    body: null,
    items: months.map((m, i) => ({
      month: `${m >= 9 ? schoolYear : schoolYear + 1}-${String(m).padStart(2, '0')}`,
      title: plan[i]![0],
      type: plan[i]![1],
      responsible: '教科室',
    })),
    budget: null,
  };
}
