// API shapes of the credit bank: rule-set settings, a teacher's progress (the issue's contract),
// adjustments and reversals, the progress list (who is behind), and certified statements.
import { z } from 'zod';
import { creditEntry } from './assessment.js';
import { creditRuleSet, PROGRESS_STATUSES, RULE_PRESETS } from './credit-rules.js';
import { calendarDate, dbId } from './primitives.js';
import { pageQuery } from './schemas.js';
import { LEVELS, MODES } from './training.js';

const isoDate = calendarDate();
const yearParam = z.coerce.number().int().min(1990, { error: '年份不正确' }).max(2100, { error: '年份不正确' });

// ---------- rule set ----------

export const creditRulesResponse = z.object({
  rules: creditRuleSet,
  /** Dotted paths of values that differ from the preset. */
  overridden: z.array(z.string()),
  /** False while the county has not saved a rule set (the national preset applies). */
  saved: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type CreditRulesResponse = z.infer<typeof creditRulesResponse>;
export const creditPresetsResponse = z.object({
  items: z.array(z.object({ id: z.enum(RULE_PRESETS), rules: creditRuleSet })),
});

// ---------- progress (GET /api/teachers/:id/credits) ----------

export const creditProgressQuery = z.object({
  /** Any year of the wanted cycle; default the current one. */
  cycle: yearParam.optional(),
});

const capNote = z.object({ rule: z.string(), label: z.string(), cut: z.number() });
export const progressEntry = creditEntry.extend({
  /** The entry in the rule set's unit. */
  value: z.number(),
  /** What counts after caps. */
  counted: z.number(),
  capped: z.array(capNote),
  cancelled: z.enum(['reversed', 'reversal']).nullable(),
  evidence: z.string().nullable(),
});
export type ProgressEntry = z.infer<typeof progressEntry>;

const gap = z.object({
  kind: z.enum(['total', 'category', 'annual', 'induction']),
  key: z.string().optional(),
  label: z.string().optional(),
  year: z.number().optional(),
  practical: z.boolean().optional(),
  short: z.number(),
  have: z.number(),
  need: z.number(),
});

export const creditProgress = z.object({
  teacherId: z.number(),
  teacherName: z.string(),
  schoolName: z.string(),
  ruleName: z.string(),
  unit: z.enum(['学时', '学分']),
  cycle: z.object({ start: z.number(), end: z.number() }),
  required: z.number(),
  earned: z.number(),
  counted: z.number(),
  byCategory: z.array(
    z.object({
      key: z.string(),
      category: z.string(),
      earned: z.number(),
      counted: z.number(),
      min: z.number().nullable(),
      cap: z.number().nullable(),
    }),
  ),
  year: z.number(),
  thisYear: z.number(),
  annualMinimum: z.number().nullable(),
  years: z.array(
    z.object({ year: z.number(), counted: z.number(), minimum: z.number().nullable(), met: z.boolean().nullable() }),
  ),
  /** Plain Chinese sentences of what is still missing (empty when the cycle is complete). */
  missing: z.array(z.string()),
  /** The same, structured, for other languages. */
  gaps: z.array(gap),
  status: z.enum(PROGRESS_STATUSES),
  /** The pace the cycle needs by today (pro rata by whole months elapsed; docs/metrics.md). */
  expected: z.number(),
  /** Behind that pace by (0 when on or ahead of it). */
  behind: z.number(),
  /** This year's share of the annual minimum by today; null when the rules have none. */
  yearExpected: z.number().nullable(),
  cycleComplete: z.boolean(),
  /** No 违反师德 record dated inside the cycle. */
  ethicsClean: z.boolean(),
  /** Cycle complete and ethics record clean: ready for 教师资格定期注册. */
  readyForRegistration: z.boolean(),
  /** The cycle's entries, newest first, with what each counts after caps. */
  entries: z.array(progressEntry),
});
export type CreditProgress = z.infer<typeof creditProgress>;

// ---------- adjustments and reversals (county admin) ----------

export const creditAdjustmentBody = z.object({
  hours: z
    .number({ error: '请填写学时' })
    .min(-1000, { error: '学时不能小于 -1000' })
    .max(1000, { error: '学时不能大于 1000' })
    .refine((v) => v !== 0, { error: '学时不能为 0' })
    .refine((v) => Math.round(v * 10) === v * 10, { error: '学时最多保留一位小数' }),
  credits: z.number().min(-1000).max(1000).nullable().optional(),
  occurredOn: isoDate,
  category: z.string().trim().min(1, { error: '请填写类别' }).max(40, { error: '类别不超过 40 字' }),
  level: z.enum(LEVELS, { error: '级别不正确' }).nullable().optional(),
  mode: z.enum(MODES, { error: '形式不正确' }).nullable().optional(),
  reason: z.string().trim().min(2, { error: '请填写调整原因（至少 2 个字）' }).max(200, { error: '原因不超过 200 字' }),
  evidence: z.string().trim().max(500).nullable().optional(),
});
export type CreditAdjustmentBody = z.infer<typeof creditAdjustmentBody>;
export const creditReverseBody = z.object({
  reason: z.string().trim().min(2, { error: '请填写冲销原因（至少 2 个字）' }).max(200, { error: '原因不超过 200 字' }),
});
export const creditPosted = z.object({ id: z.number() });

// ---------- progress list (who is behind) ----------

export const PROGRESS_FILTERS = [
  'all',
  'at_risk',
  'behind_cycle',
  'behind_year',
  'complete',
  'ready',
  'not_met',
] as const;
export type ProgressFilter = (typeof PROGRESS_FILTERS)[number];

export const progressListQuery = pageQuery.extend({
  cycle: yearParam.optional(),
  schoolId: dbId.optional(),
  areaId: dbId.optional(),
  status: z.enum(PROGRESS_FILTERS).default('all'),
  q: z.string().trim().max(40).optional(),
});
export type ProgressListQuery = z.infer<typeof progressListQuery>;
export const progressExportQuery = progressListQuery.omit({ page: true, pageSize: true });

export const progressRow = z.object({
  teacherId: z.number(),
  name: z.string(),
  schoolId: z.number(),
  schoolName: z.string(),
  areaName: z.string().nullable(),
  required: z.number(),
  counted: z.number(),
  thisYear: z.number(),
  annualMinimum: z.number().nullable(),
  status: z.enum(PROGRESS_STATUSES),
  /** The pace the cycle needs by today, and how far behind it the teacher is. */
  expected: z.number(),
  behind: z.number(),
  ethicsClean: z.boolean(),
  readyForRegistration: z.boolean(),
  /** What is still missing, for the reader's language (the web words it); `missing` is the Chinese. */
  gaps: z.array(gap),
  missing: z.array(z.string()),
});
export type ProgressRow = z.infer<typeof progressRow>;
export const progressList = z.object({
  cycle: z.object({ start: z.number(), end: z.number() }),
  year: z.number(),
  unit: z.enum(['学时', '学分']),
  items: z.array(progressRow),
  total: z.number(),
  /** Over every teacher in scope (before the status filter and paging). */
  summary: z.object({
    teachers: z.number(),
    complete: z.number(),
    ready: z.number(),
    behindCycle: z.number(),
    behindYear: z.number(),
    notMet: z.number(),
  }),
});
export type ProgressList = z.infer<typeof progressList>;

// ---------- certified statements (继续教育学时证明) ----------

export const STATEMENT_PERIODS = ['cycle', 'year'] as const;
export type StatementPeriod = (typeof STATEMENT_PERIODS)[number];
export const STATEMENT_NUMBER_PATTERN = /^XS-\d{4}-\d+-[0-9A-HJKMNP-TV-Z]{6}$/;

export const statementIssueBody = z.object({
  period: z.enum(STATEMENT_PERIODS, { error: '请选择证明类型（周期或年度）' }),
  /** For a cycle: any year in it; for a year: that year. */
  year: yearParam,
});
export const statementNumberParam = z.object({
  number: z.string().regex(STATEMENT_NUMBER_PATTERN, { error: '证明编号格式不正确' }),
});
export const statementRevokeBody = creditReverseBody;

export const creditStatement = z.object({
  id: z.number(),
  number: z.string(),
  teacherId: z.number(),
  teacherName: z.string(),
  schoolName: z.string(),
  period: z.enum(STATEMENT_PERIODS),
  startYear: z.number(),
  endYear: z.number(),
  unit: z.string(),
  required: z.number().nullable(),
  counted: z.number(),
  issuer: z.string(),
  issuedAt: z.string(),
  revoked: z.boolean(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
});
export type CreditStatement = z.infer<typeof creditStatement>;
export const creditStatementList = z.object({ items: z.array(creditStatement) });

/** What a statement certifies, frozen at issue. */
export const statementSnapshot = z.object({
  ruleName: z.string(),
  earned: z.number(),
  annualMinimum: z.number().nullable(),
  cycleComplete: z.boolean().nullable(),
  byLevel: z.array(z.object({ level: z.string(), counted: z.number() })),
  byCategory: z.array(
    z.object({ category: z.string(), counted: z.number(), min: z.number().nullable(), cap: z.number().nullable() }),
  ),
  years: z.array(z.object({ year: z.number(), counted: z.number() })),
  entries: z.array(
    z.object({
      id: z.number(),
      occurredOn: z.string(),
      title: z.string(),
      source: z.string(),
      level: z.string().nullable(),
      counted: z.number(),
    }),
  ),
});
export type StatementSnapshot = z.infer<typeof statementSnapshot>;

export const creditStatementDetail = creditStatement.extend({
  idMasked: z.string(),
  snapshot: statementSnapshot,
  verifyPath: z.string(),
  verifyUrl: z.string(),
});
export type CreditStatementDetail = z.infer<typeof creditStatementDetail>;

export const statementVerification = z.object({
  number: z.string(),
  name: z.string(),
  schoolName: z.string(),
  period: z.enum(STATEMENT_PERIODS),
  startYear: z.number(),
  endYear: z.number(),
  unit: z.string(),
  required: z.number().nullable(),
  counted: z.number(),
  issuer: z.string(),
  issuedAt: z.string(),
  revoked: z.boolean(),
  revokedAt: z.string().nullable(),
});
export type StatementVerification = z.infer<typeof statementVerification>;

export const statementVerifyPath = (number: string) => `/verify/statement/${encodeURIComponent(number)}`;

/** 2021—2025 周期 or 2026 年度. */
export function statementPeriodLabel(s: { period: StatementPeriod; startYear: number; endYear: number }): string {
  return s.period === 'cycle' ? `${s.startYear}—${s.endYear} 周期` : `${s.startYear} 年度`;
}
