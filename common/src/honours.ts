// Teachers' honours (荣誉): level, title, year, awarding body and a certificate scan; entered by
// schools (pending), verified by the county, imported from a sheet; counted per level per year.
import { z } from 'zod';
import { attachmentDto } from './attachments.js';
import { HONOUR_LEVEL_KEYS } from './honour-levels.js';
import { calendarDate, dbId } from './primitives.js';
import { pageQuery } from './schemas.js';

export const HONOUR_STATUSES = ['pending', 'verified', 'rejected'] as const;
export type HonourStatus = (typeof HONOUR_STATUSES)[number];
export const HONOUR_STATUS_LABELS: Record<HonourStatus, string> = {
  pending: '待认定',
  verified: '已认定',
  rejected: '未认定',
};

const positiveId = dbId;
const year = z.coerce
  .number({ error: '年度应为数字' })
  .int('年度应为整数')
  .min(1950, '年度应在1950至2100之间')
  .max(2100, '年度应在1950至2100之间');
const isoDate = calendarDate();

/** A level of the county's dictionary; `key` is its statistics key (null for a level the county added). */
export const honourLevel = z.object({ key: z.enum(HONOUR_LEVEL_KEYS).nullable(), label: z.string() });
export const honourLevelList = z.object({ items: z.array(honourLevel) });
export type HonourLevel = z.infer<typeof honourLevel>;

export const honourBody = z.object({
  teacherId: positiveId,
  /** One of GET /api/honours/levels (the label, e.g. 省级). */
  level: z.string().trim().min(1, '请选择级别').max(20),
  title: z.string().trim().min(1, '请填写荣誉名称').max(100, '荣誉名称不超过100字'),
  year,
  awardingBody: z.string().trim().min(1, '请填写授予单位').max(60, '授予单位不超过60字'),
  awardedOn: isoDate.nullable().optional(),
  /** Scans of the certificate (uploads with purpose honour). */
  attachmentIds: z.array(positiveId).max(5, '证书扫描件最多5个').optional(),
});
export type HonourBody = z.infer<typeof honourBody>;

export const honourUpdateBody = honourBody.omit({ teacherId: true }).partial();
export type HonourUpdateBody = z.infer<typeof honourUpdateBody>;

export const honourListQuery = pageQuery.extend({
  year: year.optional(),
  level: z.string().trim().max(20).optional(),
  status: z.enum(HONOUR_STATUSES).optional(),
  schoolId: positiveId.optional(),
  teacherId: positiveId.optional(),
  /** Teacher's name or the honour's title. */
  q: z.string().trim().max(50).optional(),
});
export type HonourListQuery = z.infer<typeof honourListQuery>;

export const honourItem = z.object({
  id: z.number(),
  teacherId: z.number(),
  teacherName: z.string(),
  idNumberMasked: z.string(),
  schoolId: z.number(),
  schoolName: z.string(),
  level: z.string(),
  levelKey: z.enum(HONOUR_LEVEL_KEYS).nullable(),
  title: z.string(),
  year: z.number(),
  awardingBody: z.string(),
  awardedOn: z.string().nullable(),
  status: z.enum(HONOUR_STATUSES),
  rejectReason: z.string().nullable(),
  source: z.enum(['manual', 'import']),
  attachments: z.array(attachmentDto),
  createdAt: z.string(),
  verifiedAt: z.string().nullable(),
  /** May the caller still change or delete it (the county always; a school while not verified). */
  editable: z.boolean(),
});
export type HonourItem = z.infer<typeof honourItem>;
export const honourList = z.object({
  items: z.array(honourItem),
  total: z.number(),
  /** Counts by status under the same filters (without the status filter). */
  counts: z.object({ pending: z.number(), verified: z.number(), rejected: z.number() }),
});
export type HonourList = z.infer<typeof honourList>;

export const honourVerifyBody = z
  .object({
    ids: z.array(positiveId).min(1, '请选择要认定的荣誉').max(500, '一次最多500条'),
    decision: z.enum(['verify', 'reject']),
    reason: z.string().trim().max(200, '原因不超过200字').optional(),
  })
  .refine((b) => b.decision === 'verify' || (b.reason ?? '').length > 0, {
    message: '不予认定须填写原因',
    path: ['reason'],
  });
export type HonourVerifyBody = z.infer<typeof honourVerifyBody>;
export const honourVerifyResult = z.object({ changed: z.number() });

/** GET /api/stats/honours: verified honours of the year by level, within the caller's scope. */
export const honourStats = z.object({
  national: z.number(),
  provincial: z.number(),
  prefectural: z.number(),
  county: z.number(),
  school: z.number(),
  total: z.number(),
});
export type HonourStats = z.infer<typeof honourStats>;
export const honourStatsQuery = z.object({
  /** Defaults to the current year (Beijing time). */
  year: year.optional(),
});

/** An honour as the growth archive shows it. */
export const archiveHonour = z.object({
  id: z.number(),
  level: z.string(),
  title: z.string(),
  year: z.number(),
  awardingBody: z.string(),
  status: z.enum(HONOUR_STATUSES),
});
export type ArchiveHonour = z.infer<typeof archiveHonour>;
