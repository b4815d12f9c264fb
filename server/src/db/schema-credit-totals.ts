// Credit totals per teacher and cycle, kept by the ledger's one write function. Mirrors
// migrations/0020_performance.sql (which also holds the trigger that queues a teacher whose hire
// date or posts changed into credit_totals_stale).
import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  timestamp,
} from 'drizzle-orm/pg-core';
import { regions, teachers } from './schema.js';

/**
 * A teacher's evaluation for one cycle under the county's rule set (version `rules_version`): what
 * does not depend on today. A teacher without a row for a cycle has no ledger entry in its window.
 */
export const creditTotals = pgTable(
  'credit_totals',
  {
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => teachers.id, { onDelete: 'cascade' }),
    cycleStart: integer('cycle_start').notNull(),
    regionId: integer('region_id').notNull(),
    rulesVersion: integer('rules_version').notNull(),
    earned: numeric('earned', { precision: 9, scale: 1, mode: 'number' }).notNull(),
    counted: numeric('counted', { precision: 9, scale: 1, mode: 'number' }).notNull(),
    /** Counted per year of the cycle, first year first. */
    yearCounted: numeric('year_counted', { precision: 9, scale: 1, mode: 'number' }).array().notNull(),
    /** The cycle's requirements met (total, categories, induction): the engine's cycleComplete. */
    complete: boolean('complete').notNull(),
  },
  (t) => [
    primaryKey({ name: 'credit_totals_pk', columns: [t.teacherId, t.cycleStart] }),
    index('credit_totals_region_idx').on(t.regionId, t.cycleStart),
  ],
);

/** The rest of the evaluation, apart so credit_totals rows stay narrow: by category, and the gaps. */
export const creditTotalsDetail = pgTable(
  'credit_totals_detail',
  {
    teacherId: integer('teacher_id').notNull(),
    cycleStart: integer('cycle_start').notNull(),
    byCategory: jsonb('by_category').notNull(),
    /** The engine's gaps except the annual one (which depends on today). */
    gaps: jsonb('gaps').notNull(),
  },
  (t) => [
    primaryKey({ name: 'credit_totals_detail_pk', columns: [t.teacherId, t.cycleStart] }),
    foreignKey({
      name: 'credit_totals_detail_totals_fk',
      columns: [t.teacherId, t.cycleStart],
      foreignColumns: [creditTotals.teacherId, creditTotals.cycleStart],
    }).onDelete('cascade'),
  ],
);

/** The rule-set version a county's totals were built under; none or another version → rebuilt. */
export const creditTotalsState = pgTable('credit_totals_state', {
  regionId: integer('region_id')
    .primaryKey()
    .references(() => regions.id, { onDelete: 'cascade' }),
  rulesVersion: integer('rules_version').notNull(),
  builtAt: timestamp('built_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/** Teachers whose hire date or posts changed since their totals were computed (filled by a trigger). */
export const creditTotalsStale = pgTable(
  'credit_totals_stale',
  {
    teacherId: integer('teacher_id')
      .primaryKey()
      .references(() => teachers.id, { onDelete: 'cascade' }),
    regionId: integer('region_id').notNull(),
  },
  (t) => [index('credit_totals_stale_region_idx').on(t.regionId)],
);
