// The credit bank's rule set per county and certified hours statements (继续教育学时证明).
// Mirrors migrations/0004_credit_rules.sql.
import { bigserial, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { regions, teachers } from './schema.js';

/** A county's rule set: the preset it started from and every value as edited (the whole rule set). */
export const creditRuleSets = pgTable('credit_rule_sets', {
  regionId: integer('region_id')
    .primaryKey()
    .references(() => regions.id),
  preset: text('preset').notNull(),
  /** A CreditRuleSet (common/src/credit-rules.ts), validated on write. */
  rules: jsonb('rules').notNull(),
  updatedBy: integer('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  /** Raised by every save (0020): the credit totals record the version they were computed under. */
  version: integer('version').notNull().default(1),
});

/**
 * A certified statement of a teacher's hours for a cycle or one year. `snapshot` freezes what was
 * certified (totals, categories, entries), so the verification page shows the figures as issued.
 */
export const creditStatements = pgTable(
  'credit_statements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    number: text('number').notNull(),
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => teachers.id),
    /** 'cycle' | 'year' */
    period: text('period').notNull(),
    startYear: integer('start_year').notNull(),
    endYear: integer('end_year').notNull(),
    unit: text('unit').notNull(),
    required: numeric('required', { precision: 7, scale: 1, mode: 'number' }),
    counted: numeric('counted', { precision: 7, scale: 1, mode: 'number' }).notNull(),
    snapshot: jsonb('snapshot').notNull(),
    issuer: text('issuer').notNull(),
    issuedBy: integer('issued_by'),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'string' }),
    revokedBy: integer('revoked_by'),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    uniqueIndex('credit_statements_number_uq').on(t.number),
    index('credit_statements_teacher_idx').on(t.teacherId, t.issuedAt),
    index('credit_statements_region_idx').on(t.regionId, t.issuedAt),
  ],
);
