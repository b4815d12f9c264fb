// Dictionaries (数据字典): a county's vocabularies as data. Mirrors migrations/0015_dictionaries.sql.
import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { regions } from './schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/**
 * One term of one kind (学科 语文, 职称 一级教师, 骨干类别 县级骨干教师 with level 县级 …) for one
 * region. Rows elsewhere store `value`; `synonyms` are what sheets write instead. A retired entry
 * is offered no more but stays readable; a merged one points at the entry that took it over.
 */
export const dictionaryEntries = pgTable(
  'dictionary_entries',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    kind: text('kind').notNull(),
    value: text('value').notNull(),
    synonyms: text('synonyms').array().notNull().default(sql`'{}'::text[]`),
    level: text('level'),
    sort: integer('sort').notNull().default(0),
    /** From the national list the region started with (not added by the county). */
    national: boolean('national').notNull().default(false),
    retiredAt: ts('retired_at'),
    mergedInto: integer('merged_into').references((): AnyPgColumn => dictionaryEntries.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('dictionary_entries_region_kind_value_uq').on(t.regionId, t.kind, t.value)],
);
