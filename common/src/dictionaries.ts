// Dictionaries (数据字典): the vocabularies each county keeps as data — the API's schemas. The kinds,
// their labels and the pure rules (dictionary-rules.ts) carry no zod, so phone pages can use them;
// the national lists a county starts from live on the server.
import { z } from 'zod';
import { DICTIONARY_KINDS, type DictionaryKind } from './dictionary-rules.js';
import { bodyDbId, dbId } from './primitives.js';

// ---------- API ----------

const term = z
  .string()
  .trim()
  .min(1, '不能为空')
  .max(40, '最多40个字符')
  .refine((s) => !/[,，;；、]/.test(s), '一个条目不能含逗号、分号或顿号（多个值请分别添加）');

/** GET /api/dictionaries: `{ "<kind>": [ { value, synonyms, level? } ] }`, active entries in order. */
export const dictionaryEntry = z.object({
  value: z.string(),
  synonyms: z.array(z.string()),
  level: z.string().optional(),
});
export type DictionaryEntry = z.infer<typeof dictionaryEntry>;
export const dictionaries = z.record(z.enum(DICTIONARY_KINDS), z.array(dictionaryEntry));
export type Dictionaries = Partial<Record<DictionaryKind, DictionaryEntry[]>>;

export const dictionaryKindParam = z.object({
  kind: z.enum(DICTIONARY_KINDS, { message: '字典类型无效' }),
});
export const dictionaryEntryParams = dictionaryKindParam.extend({ id: dbId });

/** POST /api/dictionaries/:kind */
export const dictionaryEntryBody = z.object({
  value: term,
  synonyms: z.array(term).max(50, '同义词最多50个').optional(),
  /** Only for kinds with levels (honour); derived from the value's prefix when omitted. */
  level: z.string().trim().max(10).nullable().optional(),
});
export type DictionaryEntryBody = z.infer<typeof dictionaryEntryBody>;

/** PATCH /api/dictionaries/:kind/:id — a new value renames the entry where rows use it. */
export const dictionaryEntryUpdateBody = z.object({
  value: term.optional(),
  synonyms: z.array(term).max(50, '同义词最多50个').optional(),
  level: z.string().trim().max(10).nullable().optional(),
  sort: z.number().int().min(0).max(100_000).optional(),
  retired: z.boolean().optional(),
});
export type DictionaryEntryUpdateBody = z.infer<typeof dictionaryEntryUpdateBody>;

/** POST /api/dictionaries/:kind/:id/merge — this entry's rows and spellings go to `into`. */
export const dictionaryMergeBody = z.object({ into: bodyDbId });

/** An entry on the 字典管理 page. */
export const dictionaryAdminEntry = z.object({
  id: z.number(),
  kind: z.enum(DICTIONARY_KINDS),
  value: z.string(),
  synonyms: z.array(z.string()),
  level: z.string().nullable(),
  sort: z.number(),
  national: z.boolean(),
  retired: z.boolean(),
  /** The entry this one was merged into. */
  mergedInto: z.string().nullable(),
  /** Rows that store this value (teachers, schools, projects …). */
  usage: z.number(),
});
export type DictionaryAdminEntry = z.infer<typeof dictionaryAdminEntry>;
export const dictionaryAdminList = z.object({
  kind: z.enum(DICTIONARY_KINDS),
  label: z.string(),
  levels: z.boolean(),
  ranked: z.boolean(),
  items: z.array(dictionaryAdminEntry),
});
export type DictionaryAdminList = z.infer<typeof dictionaryAdminList>;

/**
 * What an import maps sheet values to, per kind (plus `school`): raw value as the preview listed
 * it → an existing entry's value, or a new value to add. Sent as the multipart field `mapping`.
 */
export const importMapping = z.record(z.string().max(40), z.record(z.string().max(200), z.string().trim().max(80)));
export type ImportMapping = z.infer<typeof importMapping>;
