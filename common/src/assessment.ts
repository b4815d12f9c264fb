// Assessment (考核), completion (结业), certificates (结业证书) and credit-ledger entries: the API shapes
// and the pure rules both sides need (the certificate's wording, the masked name on verification).
import { z } from 'zod';
import { dbId } from './primitives.js';
import { completionRuleSchema } from './projects.js';
import { pageQuery } from './schemas.js';
import { LEVELS, MODES, PARTICIPATION_STATUSES, RESULTS } from './training.js';

const id = dbId;
const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1'));

// ---------- assessment ----------

export const assessmentQuery = pageQuery.extend({
  pageSize: z.coerce.number().int().min(1).max(200).default(200),
  schoolId: id.optional(),
  q: z.string().trim().max(50).optional(),
});
export type AssessmentQuery = z.infer<typeof assessmentQuery>;

export const assessmentRow = z.object({
  participationId: z.number(),
  teacherId: z.number(),
  teacherName: z.string(),
  idNumberMasked: z.string(),
  schoolId: z.number(),
  schoolName: z.string(),
  status: z.enum(PARTICIPATION_STATUSES),
  /** Sessions that have ended. */
  held: z.number(),
  /** Present or late. */
  attended: z.number(),
  leave: z.number(),
  /** 0..1, approved leave excluded from the denominator. */
  attendanceRate: z.number(),
  score: z.number().nullable(),
  result: z.enum(RESULTS).nullable(),
  /** What the score gives under the project's lines (null without a score). */
  derivedResult: z.enum(RESULTS).nullable(),
  /** Why the result was set by hand against the score's result; null when it follows the score. */
  resultOverrideReason: z.string().nullable(),
  assessedAt: z.string().nullable(),
  meetsCompletion: z.boolean(),
  /** Why the completion rule is not met (empty when it is). */
  reasons: z.array(z.string()),
  certificateNumber: z.string().nullable(),
  certificateRevoked: z.boolean(),
});
export type AssessmentRow = z.infer<typeof assessmentRow>;

export const projectAssessment = z.object({
  projectId: z.number(),
  projectName: z.string(),
  projectStatus: z.string(),
  hours: z.number(),
  completionRule: completionRuleSchema,
  /** The lines scores are judged by: the project's own, else the county's defaults. */
  scoreLines: z.object({ passScore: z.number(), excellentScore: z.number(), fromProject: z.boolean() }),
  /** May the caller enter results and run completion. */
  canManage: z.boolean(),
  sessions: z.number(),
  held: z.number(),
  summary: z.object({
    participants: z.number(),
    assessed: z.number(),
    meeting: z.number(),
    completed: z.number(),
    failed: z.number(),
  }),
  items: z.array(assessmentRow),
  total: z.number(),
});
export type ProjectAssessment = z.infer<typeof projectAssessment>;

export const assessmentEntry = z.object({
  participationId: id,
  /** 0–100, one decimal; null clears it. */
  score: z
    .number()
    .min(0, '成绩不能小于0')
    .max(100, '成绩不能大于100')
    .refine((v) => Math.round(v * 10) === v * 10, '成绩最多保留一位小数')
    .nullable()
    .optional(),
  /**
   * Omitted or null with a score: derived from the score by the project's pass/excellent lines.
   * Given and different from what the score gives: an override, which needs `overrideReason`.
   * Without a score: the result as given (null clears it).
   */
  result: z.enum(RESULTS, { message: '考核结果应为 优秀、合格 或 不合格' }).nullable().optional(),
  /** Why the result differs from the one the score gives (required then). */
  overrideReason: z.string().trim().max(200, '改判原因不能超过 200 个字').optional(),
});
export const assessmentUpdateBody = z.array(assessmentEntry).min(1, '请至少录入一名学员').max(2000);
export type AssessmentUpdateBody = z.infer<typeof assessmentUpdateBody>;
/** What each entry now holds: the result is the derived one unless overridden with a reason. */
export const assessmentUpdateItem = z.object({
  participationId: z.number(),
  score: z.number().nullable(),
  result: z.enum(RESULTS).nullable(),
  /** What the score gives (null without a score). */
  derivedResult: z.enum(RESULTS).nullable(),
  /** True when the result was set by hand against the score's result. */
  overridden: z.boolean(),
  overrideReason: z.string().nullable(),
});
export type AssessmentUpdateItem = z.infer<typeof assessmentUpdateItem>;
export const assessmentUpdateResult = z.object({
  updated: z.number(),
  unchanged: z.number(),
  /** One per entry, in the order sent. */
  items: z.array(assessmentUpdateItem),
});
export type AssessmentUpdateResult = z.infer<typeof assessmentUpdateResult>;

/** The county's default score lines (a project may set its own in its completion rule). */
export const assessmentSettings = z
  .object({
    passScore: z
      .number({ message: '及格分数线应为数字' })
      .min(0, '及格分数线不能小于0')
      .max(100, '及格分数线不能大于100'),
    excellentScore: z
      .number({ message: '优秀分数线应为数字' })
      .min(0, '优秀分数线不能小于0')
      .max(100, '优秀分数线不能大于100'),
  })
  .refine((r) => r.passScore <= r.excellentScore, {
    message: '优秀分数线不能低于及格分数线',
    path: ['excellentScore'],
  });
export type AssessmentSettings = z.infer<typeof assessmentSettings>;

export const completeBody = z
  .object({
    /** Issue certificates to those who complete (default true). */
    issueCertificates: z.boolean().optional(),
  })
  .nullish();
export const completionResult = z.object({
  participants: z.number(),
  completed: z.number(),
  failed: z.number(),
  /** Participants whose status changed in this run (they are notified). */
  changed: z.number(),
  creditsPosted: z.number(),
  creditsReversed: z.number(),
  certificatesIssued: z.number(),
  certificatesRevoked: z.number(),
});
export type CompletionResult = z.infer<typeof completionResult>;

// ---------- certificates ----------

export const certificate = z.object({
  id: z.number(),
  number: z.string(),
  participationId: z.number(),
  teacherId: z.number(),
  teacherName: z.string(),
  schoolName: z.string(),
  projectId: z.number(),
  projectName: z.string(),
  level: z.enum(LEVELS),
  hours: z.number(),
  startDate: z.string(),
  endDate: z.string(),
  issuer: z.string(),
  issuedAt: z.string(),
  revoked: z.boolean(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
});
export type Certificate = z.infer<typeof certificate>;

/** Everything the print page (and the PDF) shows. */
export const certificateDetail = certificate.extend({
  category: z.string(),
  mode: z.enum(MODES),
  result: z.enum(RESULTS).nullable(),
  /** The sentence printed on the certificate (certificateSentence). */
  text: z.string(),
  /** `/verify/<number>`: the web route of the public verification page. */
  verifyPath: z.string(),
  /** The same, absolute (what the QR code encodes). */
  verifyUrl: z.string(),
});
export type CertificateDetail = z.infer<typeof certificateDetail>;

export const certificateListQuery = pageQuery.extend({
  revoked: flag,
  q: z.string().trim().max(50).optional(),
});
export type CertificateListQuery = z.infer<typeof certificateListQuery>;

export const certificateIssueBody = z.object({
  participationIds: z.array(id).min(1, '请选择学员').max(2000),
});
export const certificateIssueResult = z.object({
  issued: z.number(),
  /** Not completed, or already holding a certificate (a revoked one stays revoked). */
  skipped: z.number(),
  items: z.array(z.object({ participationId: z.number(), number: z.string() })),
});

export const certificateRevokeBody = z.object({
  certificateIds: z.array(id).min(1, '请选择证书').max(2000),
  reason: z.string().trim().min(1, '请填写撤销原因').max(200, '撤销原因最多200个字'),
});
export const certificateRevokeResult = z.object({ revoked: z.number(), skipped: z.number() });

export const certificateNumberParam = z.object({
  number: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .transform((v) => v.toUpperCase()),
});

/** GET /api/verify/:number — public, so only what a verifier needs, the name masked. */
export const certificateVerification = z.object({
  number: z.string(),
  name: z.string(),
  project: z.string(),
  level: z.string(),
  hours: z.number(),
  startDate: z.string(),
  endDate: z.string(),
  issuedAt: z.string(),
  issuer: z.string(),
  revoked: z.boolean(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
});
export type CertificateVerification = z.infer<typeof certificateVerification>;

/** Verification look-ups allowed per client address per minute. */
export const VERIFY_PER_MINUTE = 60;

/** SX-<year>-<region id>-<6 characters of Crockford base32 (no I, L, O, U)>. */
export const CERTIFICATE_NUMBER_PATTERN = /^SX-\d{4}-\d+-[0-9A-HJKMNP-TV-Z]{6}$/;
export const CERTIFICATE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Reason written when completion is re-run and a completed participant no longer meets the rule. */
export const CORRECTION_REASON = '考核结果更正';

// ---------- credit ledger (minimal; the credit bank builds on it) ----------

export const creditEntry = z.object({
  id: z.number(),
  source: z.string(),
  sourceRef: z.string().nullable(),
  projectId: z.number().nullable(),
  projectName: z.string().nullable(),
  category: z.string().nullable(),
  level: z.string().nullable(),
  mode: z.string().nullable(),
  hours: z.number(),
  credits: z.number().nullable(),
  occurredOn: z.string(),
  note: z.string().nullable(),
  /** The entry this one reverses (a negative correction). */
  reversesId: z.number().nullable(),
  /** A later entry reverses this one. */
  reversed: z.boolean(),
  createdAt: z.string(),
});
export type CreditEntry = z.infer<typeof creditEntry>;

export const creditEntryQuery = pageQuery.extend({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export const creditEntryList = z.object({
  items: z.array(creditEntry),
  total: z.number(),
  /** Sum of hours over all entries matching the filter (reversals included, so net). */
  totalHours: z.number(),
});

// ---------- pure rules ----------

const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '长孙',
  '宇文',
  '司徒',
  '司空',
  '夏侯',
  '轩辕',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '澹台',
  '公羊',
  '呼延',
  '百里',
  '东郭',
  '钟离',
  '闻人',
  '赫连',
  '申屠',
  '太史',
  '濮阳',
  '万俟',
  '拓跋',
  '完颜',
]);

/**
 * A name as the public may see it: the surname kept, every other character a "*"
 * (张三 → 张*, 欧阳娜娜 → 欧阳**). A compound surname is kept whole when the name is longer than it.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return chars[0]!;
  const keep = chars.length > 2 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep);
}

/** 2026-10-05 → 2026年10月5日 */
export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Hours as printed: 24 → "24", 7.5 → "7.5". */
export const formatHours = (h: number) => (Number.isInteger(h) ? String(h) : h.toFixed(1));

/** The body of a 结业证书. */
export function certificateSentence(c: { startDate: string; endDate: string; projectName: string; hours: number }) {
  const dates =
    c.startDate === c.endDate
      ? `于 ${chineseDate(c.startDate)}`
      : `于 ${chineseDate(c.startDate)}至${chineseDate(c.endDate)}`;
  return `${dates}参加《${c.projectName}》培训，共 ${formatHours(c.hours)} 学时，经考核合格，准予结业。特发此证。`;
}

/** The web route of a certificate's public verification page. */
export const verifyPath = (number: string) => `/verify/${encodeURIComponent(number)}`;
