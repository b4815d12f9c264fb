// The closed vocabularies of people development (青蓝 log kinds and statuses, plan kinds, studio
// activity kinds …) without zod: the teachers' phone pages read them, and a module with schemas
// would bring zod into those pages. The schemas (mentoring.ts, plans.ts, studios.ts) import them.

// ---------- 青蓝工程 ----------
export const MENTORING_LOG_KINDS = ['听课', '评课', '指导备课', '示范课', '谈心', '教学反思', '其他'] as const;
export type MentoringLogKind = (typeof MENTORING_LOG_KINDS)[number];

export const PAIR_STATUSES = ['active', 'completed', 'dissolved'] as const;
export type PairStatus = (typeof PAIR_STATUSES)[number];
export const PAIR_STATUS_LABELS: Record<PairStatus, string> = {
  active: '结对中',
  completed: '已结业',
  dissolved: '已解除',
};

export const REVIEW_KINDS = ['monthly', 'midterm', 'yearend'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export const REVIEW_KIND_LABELS: Record<ReviewKind, string> = {
  monthly: '月度检查',
  midterm: '中期考核',
  yearend: '年度考核',
};
/** The school's monthly check. */
export const MONTHLY_RESULTS = ['正常', '需改进'] as const;
/** Mid-term and year-end reviews. */
export const REVIEW_RESULTS = ['优秀', '合格', '不合格'] as const;
/** Year-end results that earn the mentoring hours. */
export const PASSING_RESULTS: readonly string[] = ['优秀', '合格'];

export const CHOICE_STATUSES = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type ChoiceStatus = (typeof CHOICE_STATUSES)[number];

// ---------- development plans ----------
export const PLAN_KINDS = ['five_year', 'yearly'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_KIND_LABELS: Record<PlanKind, string> = { five_year: '五年发展规划', yearly: '年度发展计划' };
export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  draft: '草稿',
  submitted: '待审批',
  approved: '已通过',
  returned: '已退回',
};
/** The year-end summary of a yearly plan may be written from this day of its year (MM-DD). */
export const PLAN_SUMMARY_FROM = '11-01';

// ---------- studios ----------
export const STUDIO_ACTIVITY_KINDS = [
  '专题研讨',
  '专题讲座',
  '课例研修',
  '送教下乡',
  '读书交流',
  '课题研究',
  '其他',
] as const;
export const STUDIO_OUTPUT_KINDS = ['课例', '论文', '课题', '讲座', '著作', '其他'] as const;
export const STUDIO_REVIEW_RESULTS = ['优秀', '合格', '不合格'] as const;
export const STUDIO_STATUSES = ['active', 'closed'] as const;
