// 学时申报 (issue 4): a teacher's application for credit for other learning, reviewed by the school
// and decided by the county; approval posts one credit_ledger entry (source 'application').
// Mirrors migration 0005_credit_applications.sql.
import { bigint, date, index, integer, numeric, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { schools, teachers } from './schema.js';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();

/** pending → school_passed → approved; pending/school_passed → returned (→ pending on resubmit) or withdrawn. */
export const creditApplications = pgTable(
  'credit_applications',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull(),
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => teachers.id),
    /** The teacher's school when submitted (the reviewing school). */
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    kind: text('kind').notNull(), // an ACTIVITY_KINDS key
    title: text('title').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    level: text('level'),
    quantity: numeric('quantity', { precision: 7, scale: 1, mode: 'number' }),
    claimedHours: numeric('claimed_hours', { precision: 7, scale: 1, mode: 'number' }).notNull(),
    grantedHours: numeric('granted_hours', { precision: 7, scale: 1, mode: 'number' }),
    description: text('description'),
    status: text('status').notNull().default('pending'), // pending school_passed approved returned withdrawn
    schoolReviewedBy: integer('school_reviewed_by'),
    schoolReviewedAt: timestamp('school_reviewed_at', { withTimezone: true, mode: 'string' }),
    decidedBy: integer('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'string' }),
    returnReason: text('return_reason'),
    returnedBy: text('returned_by'), // school county
    ledgerId: bigint('ledger_id', { mode: 'number' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('credit_applications_region_status_idx').on(t.regionId, t.status, t.submittedAt),
    index('credit_applications_school_status_idx').on(t.schoolId, t.status, t.submittedAt),
    index('credit_applications_teacher_idx').on(t.teacherId, t.submittedAt),
    index('credit_applications_region_kind_idx').on(t.regionId, t.kind),
  ],
);
