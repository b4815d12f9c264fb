// Tables of the school's yearly audit table (学年度学时审核表) and the ethics record (师德档案).
// Mirrors migration 0006_credit_statements.sql.
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { regions, schools, teachers, users } from './schema.js';

/**
 * One school's audit table for one school year (1 Sep – 31 Aug, named by its first year).
 * status: draft → submitted → signed_off | returned → submitted …  The rows are computed from the
 * ledger while draft or returned; `snapshot` freezes them at submission, so later ledger entries do
 * not alter what the county signs off.
 */
export const creditAuditTables = pgTable(
  'credit_audit_tables',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    schoolYear: integer('school_year').notNull(),
    status: text('status').notNull().default('draft'),
    /** The annual minimum and rule set name in force at submission. */
    annualMinimum: numeric('annual_minimum', { precision: 7, scale: 1, mode: 'number' }),
    ruleName: text('rule_name'),
    /** { rows: AuditRow[], totals: AuditTotals } frozen at submission; null while draft. */
    snapshot: jsonb('snapshot'),
    generatedBy: integer('generated_by').references(() => users.id),
    generatedAt: timestamp('generated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    submittedBy: integer('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'string' }),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, mode: 'string' }),
    returnReason: text('return_reason'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('credit_audit_tables_school_year_uq').on(t.schoolId, t.schoolYear),
    index('credit_audit_tables_region_year_idx').on(t.regionId, t.schoolYear, t.status),
  ],
);

/**
 * 师德档案: pledges (师德承诺书), commendations and violations (with 一票否决). A teacher's record is
 * clean for a period when it has no violation dated inside it (H-rules reads this for 定期注册).
 */
export const ethicsRecords = pgTable(
  'ethics_records',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    /** The teacher's school when recorded (a school admin sees the records of their own school). */
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => teachers.id),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(), // pledge commendation violation
    veto: boolean('veto').notNull().default(false),
    note: text('note'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('ethics_records_teacher_idx').on(t.teacherId, t.occurredOn),
    index('ethics_records_region_kind_idx').on(t.regionId, t.kind, t.occurredOn),
  ],
);
