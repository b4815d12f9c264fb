// Money (issue 5): training budgets from public funds (公用经费 × share), expenses per project and
// per trip, and reimbursement claims (报销) for trips. Amounts travel as decimal strings ("1234.50"):
// the database sums them, the UI formats them, nothing adds them up as floats.
import { z } from 'zod';
import { attachmentDto, attachmentIds as attachmentIdList } from './attachments.js';
import { bodyDbId, calendarDate, dbId } from './primitives.js';
import { LEVELS, MODES } from './training.js';

const id = dbId;
const isoDate = calendarDate();

// ---------- vocabularies ----------

export const EXPENSE_CATEGORIES = [
  'registration',
  'travel',
  'lodging',
  'meals',
  'materials',
  'expert_fee',
  'other',
] as const;
export type ExpenseCategory = (typeof EXPENSE_CATEGORIES)[number];
export const EXPENSE_CATEGORY_LABELS: Record<ExpenseCategory, string> = {
  registration: '报名费',
  travel: '交通费',
  lodging: '住宿费',
  meals: '伙食费',
  materials: '资料费',
  expert_fee: '专家劳务费',
  other: '其他',
};

export const CLAIM_STATUSES = ['submitted', 'school_approved', 'approved', 'paid', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const CLAIM_STATUS_LABELS: Record<ClaimStatus, string> = {
  submitted: '待学校审核',
  school_approved: '待县级审批',
  approved: '已批准待支付',
  paid: '已支付',
  rejected: '已退回',
};
/** Statuses from which a claim may still be rejected. */
export const CLAIM_REJECTABLE: readonly ClaimStatus[] = ['submitted', 'school_approved', 'approved'];

/** The shares counties use (see TRAINING_SHARE_SOURCES); any share 0.1%–50% may be set. */
export const TRAINING_SHARE_PRESETS = ['0.050', '0.100'] as const;

/**
 * Where each preset comes from, named as a county office names such papers (shown beside the
 * setting): a county's yearly training opinion asks for 5% of per-pupil public funds, another
 * county's year-end summary for at least 10%.
 */
export const TRAINING_SHARE_SOURCES: Record<
  (typeof TRAINING_SHARE_PRESETS)[number],
  { document: string; rule: string }
> = {
  '0.050': { document: '某县《2023年教师培训工作意见》', rule: '各校保证生均公用经费的5%用于教师培训' },
  '0.100': {
    document: '某县《“抓培训 促发展”专题年活动总结》（2024年）',
    rule: '学校教师培训费用不低于公用经费的10%',
  },
};

// ---------- money as decimal strings ----------

const MONEY_RE = /^\d{1,12}(\.\d{1,2})?$/;
export const moneyInput = z
  .string()
  .trim()
  .regex(MONEY_RE, '金额应为非负数，最多两位小数')
  .transform((v) => (toCents(v) === 0n ? '0.00' : fromCents(toCents(v))));
export const positiveMoney = moneyInput.refine((v) => v !== '0.00', '金额应大于 0');
export const shareInput = z
  .string()
  .trim()
  .regex(/^0(\.\d{1,3})?$/, '比例应为 0–1 之间的小数，最多三位（如 0.1 表示 10%）')
  .refine((v) => Number(v) >= 0.001 && Number(v) <= 0.5, '培训经费比例应在 0.1%–50% 之间');

/** "1234.5" → 123450n (cents). */
export function toCents(v: string): bigint {
  const neg = v.startsWith('-');
  const [int = '0', frac = ''] = (neg ? v.slice(1) : v).split('.');
  const cents = BigInt(int || '0') * 100n + BigInt(`${frac}00`.slice(0, 2));
  return neg ? -cents : cents;
}

/** 123450n → "1234.50" */
export function fromCents(c: bigint): string {
  const neg = c < 0n;
  const a = neg ? -c : c;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}

/**
 * Training budget = public funds × share, rounded half-up to the cent — the same as PostgreSQL's
 * round(numeric, 2) that computes the stored amount.
 */
export function trainingBudget(publicFunds: string, share: string): string {
  const [si = '0', sf = ''] = share.split('.');
  const shareMilli = BigInt(si) * 1000n + BigInt(`${sf}000`.slice(0, 3));
  const product = toCents(publicFunds) * shareMilli; // cents × 1/1000
  return fromCents((product + 500n) / 1000n);
}

/** Execution rate in percent with one decimal (spent ÷ budget × 100), null when there is no budget. */
export function executionRate(spent: string, budget: string | null): number | null {
  if (budget == null) return null;
  const b = toCents(budget);
  if (b <= 0n) return null;
  const tenths = (toCents(spent) * 2000n + b) / (2n * b); // round half-up of spent/budget × 1000
  return Number(tenths) / 10;
}

/** "12345.6" → "12,345.60" (display only). */
export function formatMoney(v: string | null | undefined): string {
  if (v == null || v === '') return '—';
  const s = fromCents(toCents(v));
  const neg = s.startsWith('-');
  const [int, frac] = (neg ? s.slice(1) : s).split('.');
  return `${neg ? '-' : ''}${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

const moneyAttachment = attachmentDto;
const attachmentIds = attachmentIdList.default([]);

// ---------- settings ----------

export const moneySettings = z.object({
  trainingShare: z.string(),
  requireReportBack: z.boolean(),
});
export type MoneySettings = z.infer<typeof moneySettings>;

export const moneySettingsBody = z.object({
  trainingShare: shareInput.optional(),
  requireReportBack: z.boolean().optional(),
  /** Recompute this year's school budgets with the new share (same transaction). */
  recomputeYear: z.number().int().min(2000).max(2100).optional(),
});
export type MoneySettingsBody = z.infer<typeof moneySettingsBody>;

// ---------- budgets ----------

export const budgetYearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export const budgetOverviewQuery = budgetYearQuery.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  areaId: id.optional(),
  q: z.string().trim().max(50).optional(),
});
export type BudgetOverviewQuery = z.infer<typeof budgetOverviewQuery>;

export const budgetRow = z.object({
  /** null: the county's own training budget. */
  schoolId: z.number().nullable(),
  schoolName: z.string(),
  areaName: z.string().nullable(),
  publicFunds: z.string().nullable(),
  share: z.string().nullable(),
  /** null: no budget set for the year. */
  budget: z.string().nullable(),
  spent: z.string(),
  remaining: z.string().nullable(),
  /** spent ÷ budget × 100, one decimal; null without a budget. */
  rate: z.number().nullable(),
});
export type BudgetRow = z.infer<typeof budgetRow>;

export const budgetTotals = z.object({
  publicFunds: z.string(),
  budget: z.string(),
  spent: z.string(),
  remaining: z.string(),
  rate: z.number().nullable(),
  schools: z.number(),
  schoolsWithBudget: z.number(),
});

export const budgetOverview = z.object({
  year: z.number(),
  trainingShare: z.string(),
  items: z.array(budgetRow),
  total: z.number(),
  /** The county's own budget (null for school and area admins). */
  county: budgetRow.nullable(),
  /** Over every school in the caller's scope (not just this page). */
  totals: budgetTotals,
});
export type BudgetOverview = z.infer<typeof budgetOverview>;

export const budgetPutBody = z.object({
  year: z.number().int().min(2000).max(2100),
  items: z
    .array(
      z.object({
        /** null: the county's own budget (amount entered directly). */
        schoolId: bodyDbId.nullable(),
        /** Schools: public funds for the year; the budget is computed with the county's share. */
        publicFunds: moneyInput.nullish(),
        /** County: its training budget. */
        amount: moneyInput.nullish(),
      }),
    )
    .min(1, '没有要保存的预算')
    .max(2000),
});
export type BudgetPutBody = z.input<typeof budgetPutBody>;

export const budgetDetailQuery = budgetYearQuery.extend({
  /** Omit for the county's own budget. */
  schoolId: id.optional(),
});

export const budgetDetail = budgetRow.extend({
  year: z.number(),
  byCategory: z.array(z.object({ category: z.enum(EXPENSE_CATEGORIES), amount: z.string(), count: z.number() })),
  byProject: z.array(
    z.object({ projectId: z.number().nullable(), projectName: z.string().nullable(), amount: z.string() }),
  ),
});
export type BudgetDetail = z.infer<typeof budgetDetail>;

// ---------- expenses ----------

export const expenseItem = z.object({
  id: z.number(),
  schoolId: z.number().nullable(),
  schoolName: z.string().nullable(),
  projectId: z.number().nullable(),
  projectName: z.string().nullable(),
  claimId: z.number().nullable(),
  teacherId: z.number().nullable(),
  teacherName: z.string().nullable(),
  category: z.enum(EXPENSE_CATEGORIES),
  amount: z.string(),
  spentOn: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
  attachments: z.array(moneyAttachment),
});
export type ExpenseItem = z.infer<typeof expenseItem>;

export const expenseListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  schoolId: id.optional(),
  /** true: only the county's own expenses. */
  county: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  projectId: id.optional(),
  category: z.enum(EXPENSE_CATEGORIES).optional(),
});
export type ExpenseListQuery = z.input<typeof expenseListQuery>;

export const expenseList = z.object({ items: z.array(expenseItem), total: z.number(), sum: z.string() });
export type ExpenseList = z.infer<typeof expenseList>;

export const expenseCreateBody = z.object({
  /** null: a county expense (county budget); a school id: that school's budget. */
  schoolId: bodyDbId.nullable(),
  projectId: bodyDbId.nullish(),
  /** The traveller, for a trip. */
  teacherId: bodyDbId.nullish(),
  category: z.enum(EXPENSE_CATEGORIES, '请选择支出类别'),
  amount: positiveMoney,
  spentOn: isoDate,
  note: z.string().trim().max(500).nullish(),
  attachmentIds,
});
export type ExpenseCreateBody = z.input<typeof expenseCreateBody>;

// ---------- reimbursement claims ----------

export const claimLine = z.object({
  category: z.enum(EXPENSE_CATEGORIES, '请选择费用类别'),
  amount: positiveMoney,
  note: z.string().trim().max(200).nullish(),
});

export const claimCreateBody = z.object({
  participationId: bodyDbId,
  items: z.array(claimLine).min(1, '请至少填写一项费用').max(20, '最多 20 项费用'),
  note: z.string().trim().max(500).nullish(),
  attachmentIds,
});
export type ClaimCreateBody = z.input<typeof claimCreateBody>;

export const claimRejectBody = z.object({
  reason: z.string().trim().min(2, '请填写退回原因（至少 2 个字）').max(500),
});

export const claimListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  status: z.enum(CLAIM_STATUSES).optional(),
  /** Claims waiting for the caller's decision. */
  todo: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  schoolId: id.optional(),
  q: z.string().trim().max(50).optional(),
});
export type ClaimListQuery = z.input<typeof claimListQuery>;

export const claimItem = z.object({
  id: z.number(),
  schoolId: z.number(),
  schoolName: z.string(),
  teacherId: z.number(),
  teacherName: z.string(),
  projectId: z.number(),
  projectName: z.string(),
  level: z.enum(LEVELS),
  mode: z.enum(MODES),
  startDate: z.string(),
  endDate: z.string(),
  status: z.enum(CLAIM_STATUSES),
  total: z.string(),
  note: z.string().nullable(),
  items: z.array(z.object({ category: z.enum(EXPENSE_CATEGORIES), amount: z.string(), note: z.string().nullable() })),
  attachments: z.array(moneyAttachment),
  /** The trip's report-back (成果汇报): null when none exists. */
  reportBackStatus: z.string().nullable(),
  /** The trip's report-back task, when one exists. */
  reportBackId: z.number().nullable(),
  /** The county waived the report-back condition for this claim (who, when, why); null otherwise. */
  reportBackWaiver: z.object({ byName: z.string().nullable(), at: z.string(), reason: z.string() }).nullable(),
  /** Whether the report-back rule lets the claim be approved now (verified, waived, or the rule off). */
  gateOpen: z.boolean(),
  rejectReason: z.string().nullable(),
  createdAt: z.string(),
  schoolApprovedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  rejectedAt: z.string().nullable(),
});
export type ClaimItem = z.infer<typeof claimItem>;

/** The county waives the report-back condition of one claim (e.g. the trip's task was never created). */
export const claimWaiveBody = z.object({
  reason: z.string().trim().min(4, '请填写豁免原因（至少 4 个字）').max(500, '豁免原因不能超过 500 个字'),
});
export type ClaimWaiveBody = z.infer<typeof claimWaiveBody>;

export const claimList = z.object({ items: z.array(claimItem), total: z.number(), sum: z.string() });
export type ClaimList = z.infer<typeof claimList>;

export const tripQuery = z.object({ teacherId: id.optional() });

export const tripOption = z.object({
  participationId: z.number(),
  projectId: z.number(),
  projectName: z.string(),
  level: z.enum(LEVELS),
  mode: z.enum(MODES),
  startDate: z.string(),
  endDate: z.string(),
  teacherId: z.number(),
  teacherName: z.string(),
  reportBackStatus: z.string().nullable(),
  /** An open (not rejected) claim exists for this trip. */
  claimId: z.number().nullable(),
});
export type TripOption = z.infer<typeof tripOption>;
export const tripList = z.object({ items: z.array(tripOption), requireReportBack: z.boolean() });
export type TripList = z.infer<typeof tripList>;
