// Credentials shared by server and web: the schemas of activation, slips, bulk school-admin
// accounts and the account import. The rules they apply (activation codes, the password policy)
// live in credential-rules.ts, a module without zod.
import { z } from 'zod';
import { ACTIVATION_MAX_DAYS, passwordProblem } from './credential-rules.js';
import { ROLES } from './enums.js';

/** The policy as a zod schema, for bodies whose context is checked again on the server. */
export const newPasswordSchema = z
  .string()
  .min(8, '新密码至少8位')
  .max(128, '新密码最多128位')
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

// ---------- activation ----------

export const activateBody = z.object({
  username: z.string().trim().min(1, '请输入用户名、手机号或身份证号').max(64),
  code: z.string().trim().min(1, '请输入开通码').max(32),
  newPassword: newPasswordSchema,
});
export type ActivateBody = z.infer<typeof activateBody>;

/** Where an account is on its way from creation to first use. */
export const ACCOUNT_STATES = ['active', 'code_issued', 'code_expired', 'pending', 'legacy'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];
export const ACCOUNT_STATE_LABELS: Record<AccountState, string> = {
  active: '已开通',
  code_issued: '已发开通码',
  code_expired: '开通码已过期',
  pending: '待发开通码',
  legacy: '仍为身份证号初始密码',
};

// ---------- slips (账号开通单) ----------

export const slip = z.object({
  userId: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  schoolName: z.string().nullable(),
  /** Other ways to sign in: the phone (masked) and whether the ID number works as a login name. */
  phoneMasked: z.string().nullable(),
  idNumberLogin: z.boolean(),
  /** The one-time code, formatted ABCDE-FGHJK; shown once, stored only as a keyed hash. */
  code: z.string(),
  expiresAt: z.string(),
});
export type Slip = z.infer<typeof slip>;

export const slipBatch = z.object({
  issuedAt: z.string(),
  expiresAt: z.string(),
  regionName: z.string(),
  /** Where to activate, e.g. https://px.example.gov.cn/activate */
  activateUrl: z.string(),
  slips: z.array(slip),
  /** Accounts asked for but left out, with the reason (already active, disabled …). */
  skipped: z.array(z.object({ userId: z.number(), displayName: z.string(), reason: z.string() })),
});
export type SlipBatch = z.infer<typeof slipBatch>;

const positiveId = z.coerce.number().int().positive().max(2_147_483_647);

export const issueSlipsBody = z
  .object({
    /** Every account of these schools (teachers and the school's admins). */
    schoolIds: z.array(positiveId).max(500).optional(),
    /** The whole county (county admin only). */
    all: z.boolean().optional(),
    teacherIds: z.array(positiveId).max(5000).optional(),
    userIds: z.array(positiveId).max(5000).optional(),
    /**
     * Also accounts that are already in use (the county admin's reset: the password stops working).
     * Without it only accounts not yet activated get a code.
     */
    reissue: z.boolean().optional(),
    validDays: z.number().int().min(1).max(ACTIVATION_MAX_DAYS).optional(),
  })
  .refine((b) => b.all || b.schoolIds?.length || b.teacherIds?.length || b.userIds?.length, {
    message: '请选择学校、教师或账号',
    path: ['schoolIds'],
  });
export type IssueSlipsBody = z.infer<typeof issueSlipsBody>;

/** GET /api/accounts/activation: per school, how many accounts are in each state. */
export const activationSchoolRow = z.object({
  schoolId: z.number(),
  schoolName: z.string(),
  areaName: z.string().nullable(),
  total: z.number(),
  active: z.number(),
  codeIssued: z.number(),
  codeExpired: z.number(),
  pending: z.number(),
  legacy: z.number(),
});
export type ActivationSchoolRow = z.infer<typeof activationSchoolRow>;
export const activationOverview = z.object({
  items: z.array(activationSchoolRow),
  total: z.number(),
  /** Sums over every school in scope (and, for the county, accounts without a school). */
  summary: activationSchoolRow.omit({ schoolId: true, schoolName: true, areaName: true }),
});
export type ActivationOverview = z.infer<typeof activationOverview>;

// ---------- school-admin accounts in bulk ----------

/** Placeholders: {schoolCode} (学校代码), {schoolId}. Letters, digits, _ . - otherwise. */
export const SCHOOL_ADMIN_PATTERNS = ['sa{schoolId}', '{schoolCode}admin'] as const;

export const bulkSchoolAdminsBody = z.object({
  pattern: z
    .string()
    .trim()
    .min(3, '请输入用户名规则')
    .max(40)
    .regex(/^[A-Za-z0-9_.\-{}]+$/, '用户名规则只能包含字母、数字、下划线、点、横线和占位符')
    .refine((p) => /\{school(Id|Code)\}/.test(p), '用户名规则须包含 {schoolId} 或 {schoolCode}')
    .refine((p) => !/\{(?!schoolId\}|schoolCode\})/.test(p), '只能使用 {schoolId} 和 {schoolCode} 两个占位符'),
  /** Default: every school of the county. */
  schoolIds: z.array(positiveId).max(2000).optional(),
  /** Schools that already have an enabled school admin are left out unless this is true. */
  includeSchoolsWithAdmin: z.boolean().optional(),
  dryRun: z.boolean().optional(),
  validDays: z.number().int().min(1).max(ACTIVATION_MAX_DAYS).optional(),
});
export type BulkSchoolAdminsBody = z.infer<typeof bulkSchoolAdminsBody>;

export const bulkSchoolAdminRow = z.object({
  schoolId: z.number(),
  schoolName: z.string(),
  username: z.string().nullable(),
  displayName: z.string(),
  action: z.enum(['create', 'skip', 'error']),
  message: z.string().nullable(),
});
export const bulkSchoolAdminsResult = z.object({
  rows: z.array(bulkSchoolAdminRow),
  created: z.number(),
  skipped: z.number(),
  errors: z.number(),
  committed: z.boolean(),
  /** The slips of the accounts created (commit only). */
  batch: slipBatch.nullable(),
});
export type BulkSchoolAdminsResult = z.infer<typeof bulkSchoolAdminsResult>;
