// The school's yearly audit table (学年度学时审核表), the growth archive (成长档案) and the ethics
// record (师德档案): zod schemas of their API and the pure helpers both sides share.
import { z } from 'zod';
import { calendarDate, dbId } from './primitives.js';
import { pageQuery } from './schemas.js';

const id = dbId;
const isoDate = calendarDate();

// ---------- school years ----------

/** A school year (学年) runs from 1 September to 31 August; it is named by the year it starts in. */
export const schoolYearParam = z.coerce
  .number({ message: '学年应为起始年份，例如 2025 表示 2025—2026 学年' })
  .int('学年应为起始年份，例如 2025 表示 2025—2026 学年')
  .min(2000, '学年应在 2000 至 2100 之间')
  .max(2100, '学年应在 2000 至 2100 之间');

export function schoolYearRange(year: number): { start: string; end: string } {
  return { start: `${year}-09-01`, end: `${year + 1}-08-31` };
}

/** `2025` → `2025—2026学年`. */
export const schoolYearLabel = (year: number) => `${year}—${year + 1}学年`;

/** The school year an ISO date falls in: 2026-03-01 → 2025, 2026-09-01 → 2026. */
export function schoolYearOf(isoDay: string): number {
  const y = Number(isoDay.slice(0, 4));
  const m = Number(isoDay.slice(5, 7));
  return m >= 9 ? y : y - 1;
}

// ---------- the yearly audit table ----------

export const AUDIT_TABLE_STATUSES = ['none', 'draft', 'submitted', 'signed_off', 'returned'] as const;
export type AuditTableStatus = (typeof AUDIT_TABLE_STATUSES)[number];
export const AUDIT_TABLE_STATUS_LABELS: Record<AuditTableStatus, string> = {
  none: '未生成',
  draft: '草稿',
  submitted: '已提交',
  signed_off: '已审核',
  returned: '已退回',
};

/** The five levels plus entries without one, in the table's column order (keys as in the statistics). */
export const AUDIT_LEVEL_KEYS = ['national', 'provincial', 'prefectural', 'county', 'school', 'other'] as const;
export type AuditLevelKey = (typeof AUDIT_LEVEL_KEYS)[number];
export const AUDIT_LEVEL_LABELS: Record<AuditLevelKey, string> = {
  national: '国培',
  provincial: '省培',
  prefectural: '市州培',
  county: '县培',
  school: '校培',
  other: '其他',
};

/** Ledger sources, in the table's column order. */
export const AUDIT_SOURCE_KEYS = ['project', 'school_activity', 'application', 'import', 'adjustment'] as const;
export type AuditSourceKey = (typeof AUDIT_SOURCE_KEYS)[number];
export const AUDIT_SOURCE_LABELS: Record<AuditSourceKey, string> = {
  project: '培训项目',
  school_activity: '校本研修',
  application: '学时申报',
  import: '历史导入',
  adjustment: '调整',
};

const levelHours = z.object({
  national: z.number(),
  provincial: z.number(),
  prefectural: z.number(),
  county: z.number(),
  school: z.number(),
  other: z.number(),
});
const sourceHours = z.object({
  project: z.number(),
  school_activity: z.number(),
  application: z.number(),
  import: z.number(),
  adjustment: z.number(),
});

export const auditRow = z.object({
  teacherId: z.number(),
  name: z.string(),
  idNumberMasked: z.string(),
  subject: z.string(),
  title: z.string().nullable(),
  /** Net hours (reversals included) by level and by source in the school year; both partition `total`. */
  byLevel: levelHours,
  bySource: sourceHours,
  total: z.number(),
  /** The year's amount in the rule set's unit (学分 = credits, or hours × the conversion rate). */
  counted: z.number(),
  /** counted ≥ the annual minimum; null when the county's rule set has none. */
  met: z.boolean().nullable(),
});
export type AuditRow = z.infer<typeof auditRow>;

export const auditTotals = z.object({
  teachers: z.number(),
  met: z.number(),
  notMet: z.number(),
  byLevel: levelHours,
  bySource: sourceHours,
  total: z.number(),
  counted: z.number(),
});
export type AuditTotals = z.infer<typeof auditTotals>;

export const auditTableParams = z.object({ schoolId: id, year: schoolYearParam });

export const auditTable = z.object({
  /** null while the table has not been generated. */
  id: z.number().nullable(),
  schoolId: z.number(),
  schoolName: z.string(),
  areaName: z.string().nullable(),
  schoolYear: z.number(),
  start: z.string(),
  end: z.string(),
  status: z.enum(AUDIT_TABLE_STATUSES),
  /** true when the rows are the stored snapshot (submitted or signed off), false when computed now. */
  snapshot: z.boolean(),
  annualMinimum: z.number().nullable(),
  /** 学时 or 学分: the unit of annualMinimum and of each row's `counted`. */
  unit: z.string(),
  /** Where the minimum comes from (the county's rule set name), for the screen's citation. */
  ruleName: z.string().nullable(),
  generatedAt: z.string().nullable(),
  generatedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  returnReason: z.string().nullable(),
  rows: z.array(auditRow),
  totals: auditTotals,
});
export type AuditTable = z.infer<typeof auditTable>;

export const auditReturnBody = z.object({
  reason: z.string().trim().min(2, '请填写退回原因（至少2个字）').max(500, '退回原因不超过500字'),
});

export const auditTableListQuery = pageQuery.extend({
  year: schoolYearParam,
  areaId: id.optional(),
  status: z.enum(AUDIT_TABLE_STATUSES, { message: '状态应为 none/draft/submitted/signed_off/returned' }).optional(),
  q: z.string().trim().max(50).optional(),
});
export type AuditTableListQuery = z.infer<typeof auditTableListQuery>;

export const auditTableListItem = z.object({
  id: z.number().nullable(),
  schoolId: z.number(),
  schoolName: z.string(),
  areaId: z.number().nullable(),
  areaName: z.string().nullable(),
  status: z.enum(AUDIT_TABLE_STATUSES),
  /** Teachers and how many met the minimum, from the snapshot (null before submission; met null without a minimum). */
  teachers: z.number().nullable(),
  met: z.number().nullable(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
});
export type AuditTableListItem = z.infer<typeof auditTableListItem>;

export const auditTableList = z.object({
  items: z.array(auditTableListItem),
  total: z.number(),
  /** Schools per status over the whole filter (not just this page). */
  counts: z.object({
    none: z.number(),
    draft: z.number(),
    submitted: z.number(),
    signed_off: z.number(),
    returned: z.number(),
  }),
});
export type AuditTableList = z.infer<typeof auditTableList>;

// ---------- ethics records ----------

export const ETHICS_KINDS = ['pledge', 'commendation', 'violation'] as const;
export type EthicsKind = (typeof ETHICS_KINDS)[number];
export const ETHICS_KIND_LABELS: Record<EthicsKind, string> = {
  pledge: '师德承诺',
  commendation: '表彰',
  violation: '违反师德',
};

export const ethicsBody = z
  .object({
    occurredOn: isoDate,
    kind: z.enum(ETHICS_KINDS, { message: '类型应为师德承诺、表彰或违反师德' }),
    /** 一票否决: only a violation can carry it. */
    veto: z.boolean().default(false),
    note: z.string().trim().max(500, '说明不超过500字').optional(),
  })
  .refine((b) => !b.veto || b.kind === 'violation', { message: '只有违反师德的记录可以一票否决', path: ['veto'] })
  .refine((b) => b.kind !== 'violation' || (b.note ?? '').length >= 2, {
    message: '违反师德的记录请写明事由',
    path: ['note'],
  });
export type EthicsBody = z.input<typeof ethicsBody>;

export const ethicsRecord = z.object({
  id: z.number(),
  teacherId: z.number(),
  occurredOn: z.string(),
  kind: z.enum(ETHICS_KINDS),
  veto: z.boolean(),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type EthicsRecord = z.infer<typeof ethicsRecord>;
export const ethicsList = z.object({ items: z.array(ethicsRecord) });

/** A record is clean for [start, end] when it has no violation dated inside it (contract 5). */
export function ethicsClean(records: Pick<EthicsRecord, 'kind' | 'occurredOn'>[], start: string, end: string) {
  return !records.some((r) => r.kind === 'violation' && r.occurredOn >= start && r.occurredOn <= end);
}

// ---------- growth archive ----------

export const archiveTraining = z.object({
  participationId: z.number(),
  projectId: z.number(),
  projectName: z.string(),
  year: z.number(),
  level: z.string(),
  category: z.string(),
  mode: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  hours: z.number(),
  status: z.string(),
  result: z.string().nullable(),
  score: z.number().nullable(),
});

export const archiveCreditYear = z.object({
  schoolYear: z.number(),
  total: z.number(),
  byLevel: levelHours,
  bySource: sourceHours,
});

export const archiveCertificate = z.object({
  number: z.string(),
  projectName: z.string(),
  hours: z.number(),
  issuer: z.string(),
  issuedAt: z.string(),
  revoked: z.boolean(),
});

export const archiveReflection = z.object({
  id: z.number(),
  projectName: z.string().nullable(),
  title: z.string().nullable(),
  body: z.string(),
  status: z.string(),
  featured: z.boolean(),
  createdAt: z.string(),
});

export const archiveReportBack = z.object({
  id: z.number(),
  projectName: z.string().nullable(),
  dueOn: z.string().nullable(),
  status: z.string(),
  form: z.string().nullable(),
  heldOn: z.string().nullable(),
  audience: z.number().nullable(),
  summary: z.string().nullable(),
});

export const growthArchive = z.object({
  generatedAt: z.string(),
  teacher: z.object({
    id: z.number(),
    name: z.string(),
    gender: z.string().nullable(),
    idNumberMasked: z.string(),
    /** Only for those who may see the full ID number (county admin, the teacher themself). */
    birthDate: z.string().nullable(),
    birthYear: z.number().nullable(),
    schoolName: z.string(),
    areaName: z.string().nullable(),
    stage: z.string(),
    subject: z.string(),
    title: z.string().nullable(),
    degree: z.string().nullable(),
    hireDate: z.string().nullable(),
    posts: z.array(z.string()),
    status: z.string(),
  }),
  /** Honour tags (骨干教师, 学科带头人 …). */
  honours: z.array(z.string()),
  trainings: z.array(archiveTraining),
  credits: z.object({ total: z.number(), years: z.array(archiveCreditYear) }),
  certificates: z.array(archiveCertificate),
  ethics: z.array(ethicsRecord),
  /** null when reflections are not available on this installation yet. */
  reflections: z.array(archiveReflection).nullable(),
  reportBacks: z.array(archiveReportBack).nullable(),
});
export type GrowthArchive = z.infer<typeof growthArchive>;
