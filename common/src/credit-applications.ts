// 学时申报: a teacher applies for credit for other learning (degree study, a paper, an open lesson,
// an award, a course on another platform …); the school admin passes it on or returns it, the
// county approves (posting a ledger entry) or returns it. Shapes shared by server and web.
import { z } from 'zod';
import { attachmentDto } from './attachments.js';
import { ACTIVITY_KINDS } from './credit-rules.js';
import { bodyDbId, calendarDate, dbId } from './primitives.js';
import { LEVELS } from './training.js';

const id = dbId;
const isoDate = calendarDate();
/** Optional free text: blank becomes null. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `最多${max}个字`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();
const hours = (what: string) =>
  z
    .number({ message: `请填写${what}` })
    .gt(0, `${what}应大于0`)
    .max(999, `${what}最多999`)
    .refine((v) => Math.round(v * 10) === v * 10, `${what}最多保留一位小数`);

// ---------- lifecycle ----------

/**
 * pending: waiting for the school; school_passed: the school passed it on, waiting for the county;
 * approved: the county granted hours (a ledger entry exists); returned: sent back with a reason
 * (the teacher may edit and resubmit); withdrawn: the teacher took it back before a decision.
 */
export const APPLICATION_STATUSES = ['pending', 'school_passed', 'approved', 'returned', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  pending: '待学校审核',
  school_passed: '待县级审批',
  approved: '已认定',
  returned: '已退回',
  withdrawn: '已撤回',
};
/** The teacher may still take the application back (no decision yet). */
export const WITHDRAWABLE: readonly ApplicationStatus[] = ['pending', 'school_passed'];
/** The teacher may edit (and so resubmit) the application. */
export const EDITABLE: readonly ApplicationStatus[] = ['pending', 'returned'];

/** The ledger's source_ref of an approved application. */
export const applicationRef = (applicationId: number) => `application:${applicationId}`;

/** At most this many files per application. */
export const MAX_APPLICATION_ATTACHMENTS = 10;

// ---------- inputs ----------

export const creditApplicationBody = z.object({
  kind: z.enum(ACTIVITY_KINDS, { message: '请选择申报类别' }),
  title: z.string().trim().min(1, '请填写名称').max(100, '名称最多100个字'),
  occurredOn: isoDate,
  level: z.enum(LEVELS, { message: '级别无效' }).nullable().optional(),
  /** Years of degree study, lessons given, awards … (what suggestHours multiplies). */
  quantity: z.number().gt(0, '数量应大于0').max(100, '数量最多100').nullable().optional(),
  claimedHours: hours('申报学时'),
  description: text(1000),
  attachmentIds: z
    .array(bodyDbId)
    .max(MAX_APPLICATION_ATTACHMENTS, `最多上传${MAX_APPLICATION_ATTACHMENTS}个附件`)
    .default([]),
});
export type CreditApplicationBody = z.input<typeof creditApplicationBody>;
export type CreditApplicationInput = z.output<typeof creditApplicationBody>;

export const applicationListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  status: z.enum(APPLICATION_STATUSES).optional(),
  schoolId: id.optional(),
  teacherId: id.optional(),
  kind: z.enum(ACTIVITY_KINDS).optional(),
  /** Teacher name or title contains. */
  q: z.string().trim().max(50).optional(),
});
export type ApplicationListQuery = z.infer<typeof applicationListQuery>;

export const schoolReviewBody = z
  .object({
    action: z.enum(['pass', 'return']),
    reason: text(500),
  })
  .refine((b) => b.action !== 'return' || !!b.reason, { message: '退回时请填写原因', path: ['reason'] });
export type SchoolReviewBody = z.output<typeof schoolReviewBody>;

export const countyDecisionBody = z
  .object({
    action: z.enum(['approve', 'return']),
    /** Hours granted (approve); defaults to the hours claimed. */
    grantedHours: hours('认定学时').optional(),
    reason: text(500),
  })
  .refine((b) => b.action !== 'return' || !!b.reason, { message: '退回时请填写原因', path: ['reason'] });
export type CountyDecisionBody = z.output<typeof countyDecisionBody>;

// ---------- outputs ----------

export const creditApplication = z.object({
  id: z.number(),
  teacherId: z.number(),
  teacherName: z.string(),
  schoolId: z.number(),
  schoolName: z.string(),
  kind: z.string(),
  title: z.string(),
  occurredOn: z.string(),
  level: z.string().nullable(),
  quantity: z.number().nullable(),
  claimedHours: z.number(),
  grantedHours: z.number().nullable(),
  description: z.string().nullable(),
  status: z.enum(APPLICATION_STATUSES),
  /** The school reviewer and when (pass or return at the school stage). */
  schoolReviewerName: z.string().nullable(),
  schoolReviewedAt: z.string().nullable(),
  deciderName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  /** Who returned it: the school or the county (null unless returned). */
  returnedBy: z.enum(['school', 'county']).nullable(),
  /** The ledger entry of an approved application. */
  ledgerId: z.number().nullable(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  attachments: z.array(attachmentDto),
});
export type CreditApplication = z.infer<typeof creditApplication>;

export const creditApplicationList = z.object({
  items: z.array(creditApplication),
  total: z.number(),
  /** Applications in scope per status (ignoring the status filter), for the tabs. */
  counts: z.record(z.enum(APPLICATION_STATUSES), z.number()),
});
export type CreditApplicationList = z.infer<typeof creditApplicationList>;

/** One kind of other learning as the application form shows it: the county's conversion rule, in 学时. */
export const applicationKind = z.object({
  kind: z.string(),
  label: z.string(),
  /** Hours per unit (null: the reviewer decides the hours). */
  perUnit: z.number().nullable(),
  unit: z.string(),
  /** At most this many hours from one application. */
  itemCap: z.number().nullable(),
  /** At most this many hours of this kind per cycle (applied when totals are computed). */
  cycleCap: z.number().nullable(),
  /** The rule's source, cited to the teacher. */
  cite: z.string(),
});
export type ApplicationKind = z.infer<typeof applicationKind>;

export const applicationKindList = z.object({
  /** The county's rule set name (全国通用, 山东 …). */
  ruleName: z.string(),
  items: z.array(applicationKind),
});
export type ApplicationKindList = z.infer<typeof applicationKindList>;

/** Suggested hours for `quantity` units of a kind (the county's conversion, capped per item). */
export function suggestApplicationHours(k: ApplicationKind, quantity: number | null | undefined): number | null {
  if (k.perUnit == null || quantity == null || !(quantity > 0)) return null;
  const v = Math.round(k.perUnit * quantity * 10) / 10;
  return k.itemCap != null ? Math.min(v, k.itemCap) : v;
}
