// Training providers (承训机构): universities and training bases the county commissions projects
// from. Each gets accounts (role provider) that see only the projects commissioned from it.
import { z } from 'zod';
import { slipBatch } from './credentials.js';
import { dbId } from './primitives.js';
import { PROJECT_STATUSES } from './training.js';

export const PROVIDER_KINDS = ['高等院校', '教师培训机构', '教研机构', '其他'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

const text = (max: number) => z.string().trim().max(max, `不超过${max}字`);
const optionalText = (max: number) => text(max).nullable().optional();
const positiveId = dbId;

export const providerBody = z.object({
  name: text(60).min(1, '请填写机构名称'),
  kind: z.enum(PROVIDER_KINDS, { error: `机构类型应为：${PROVIDER_KINDS.join('、')}` }),
  contact: optionalText(30),
  phone: z
    .string()
    .trim()
    .regex(/^[\d\-+()（） ]{5,20}$/, '联系电话格式不正确')
    .nullable()
    .optional(),
  address: optionalText(100),
  note: optionalText(300),
});
export type ProviderBody = z.infer<typeof providerBody>;

export const providerUpdateBody = providerBody.partial().extend({ active: z.boolean().optional() });
export type ProviderUpdateBody = z.infer<typeof providerUpdateBody>;

export const providerListQuery = z.object({
  q: z.string().trim().max(60).optional(),
  active: z.enum(['true', 'false']).optional(),
});
export type ProviderListQuery = z.infer<typeof providerListQuery>;

export const providerAccountItem = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  disabled: z.boolean(),
  /** Signed in at least once with their own password. */
  activated: z.boolean(),
  lastLoginAt: z.string().nullable(),
});

export const providerProject = z.object({
  id: z.number(),
  name: z.string(),
  year: z.number(),
  level: z.string(),
  category: z.string(),
  status: z.enum(PROJECT_STATUSES),
  startDate: z.string(),
  endDate: z.string(),
  hours: z.number(),
  participants: z.number(),
  sessions: z.number(),
});
export type ProviderProject = z.infer<typeof providerProject>;

export const providerItem = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.string(),
  contact: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  note: z.string().nullable(),
  active: z.boolean(),
  accountCount: z.number(),
  projectCount: z.number(),
});
export type ProviderItem = z.infer<typeof providerItem>;
export const providerList = z.object({ items: z.array(providerItem), total: z.number() });
export type ProviderList = z.infer<typeof providerList>;

export const providerDetail = providerItem.extend({
  accounts: z.array(providerAccountItem),
  projects: z.array(providerProject),
});
export type ProviderDetail = z.infer<typeof providerDetail>;

export const providerAccountBody = z.object({
  username: z
    .string()
    .trim()
    .min(3, '用户名至少3位')
    .max(32)
    .regex(/^[A-Za-z0-9_.-]+$/, '用户名只能包含字母、数字、下划线、点和横线'),
  displayName: text(30).min(1, '请填写使用人姓名'),
  phone: z
    .string()
    .regex(/^1\d{10}$/, '手机号应为11位数字，以1开头')
    .nullable()
    .optional(),
  validDays: z.number().int().min(1).max(90).optional(),
});
export type ProviderAccountBody = z.infer<typeof providerAccountBody>;

/** A new provider account and the slip with its one-time activation code (shown once). */
export const providerAccountCreated = z.object({ id: z.number(), batch: slipBatch });
export type ProviderAccountCreated = z.infer<typeof providerAccountCreated>;

export const commissionBody = z.object({ projectId: positiveId });
export const commissionParams = z.object({ id: positiveId, projectId: positiveId });

/** GET /api/providers/me: the provider's own record and the projects commissioned from it. */
export const providerSelf = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.string(),
  projects: z.array(providerProject),
});
export type ProviderSelf = z.infer<typeof providerSelf>;
