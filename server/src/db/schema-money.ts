// Money (issue 5): the county's funding settings, training budgets (公用经费 × share), expenses and
// reimbursement claims (报销) for trips. Amounts are numeric and stay strings in TypeScript:
// sums are taken in SQL and formatted in the UI, never added up as floats.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  numeric,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { participations, projects, regions, schools, teachers } from './schema.js';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();

/** One row per county: the required training share of public funds and the report-back gate. */
export const moneySettings = pgTable('money_settings', {
  regionId: integer('region_id')
    .primaryKey()
    .references(() => regions.id),
  /** 0.050 or 0.100 (seed 001: 5%; seed 003: at least 10%). */
  trainingShare: numeric('training_share', { precision: 4, scale: 3 }).notNull().default('0.100'),
  /** A trip's claim may be approved only once its report-back is verified (seed 000). */
  requireReportBack: boolean('require_report_back').notNull().default(true),
  updatedBy: integer('updated_by'),
  updatedAt: updatedAt(),
});

/** A school's (or, school_id null, the county's own) training budget for a calendar year. */
export const budgets = pgTable(
  'budgets',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    schoolId: integer('school_id').references(() => schools.id),
    year: integer('year').notNull(),
    /** 公用经费 of the school for the year (null for the county's own budget). */
    publicFunds: numeric('public_funds', { precision: 14, scale: 2 }),
    /** The share applied when the amount was computed (null for the county's own budget). */
    share: numeric('share', { precision: 4, scale: 3 }),
    /** Training budget = round(public_funds × share, 2); entered directly for the county. */
    amount: numeric('amount', { precision: 14, scale: 2 }).notNull(),
    note: text('note'),
    updatedBy: integer('updated_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('budgets_school_year_uq').on(t.regionId, t.year, t.schoolId).where(sql`school_id is not null`),
    uniqueIndex('budgets_county_year_uq').on(t.regionId, t.year).where(sql`school_id is null`),
  ],
);

/** 报销单: a teacher's claim for one trip (a participation in an external project). */
export const reimbursementClaims = pgTable(
  'reimbursement_claims',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => teachers.id),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    participationId: integer('participation_id')
      .notNull()
      .references(() => participations.id),
    /** submitted → school_approved → approved → paid; rejected (with a reason) before paid. */
    status: text('status').notNull().default('submitted'),
    total: numeric('total', { precision: 12, scale: 2 }).notNull(),
    note: text('note'),
    submittedBy: integer('submitted_by').notNull(),
    schoolApprovedBy: integer('school_approved_by'),
    schoolApprovedAt: timestamp('school_approved_at', { withTimezone: true, mode: 'string' }),
    approvedBy: integer('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true, mode: 'string' }),
    paidBy: integer('paid_by'),
    paidAt: timestamp('paid_at', { withTimezone: true, mode: 'string' }),
    rejectedBy: integer('rejected_by'),
    rejectedAt: timestamp('rejected_at', { withTimezone: true, mode: 'string' }),
    rejectReason: text('reject_reason'),
    /** The county waived the report-back condition for this claim (migration 0013). */
    reportBackWaivedBy: integer('report_back_waived_by'),
    reportBackWaivedAt: timestamp('report_back_waived_at', { withTimezone: true, mode: 'string' }),
    reportBackWaiveReason: text('report_back_waive_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('reimbursement_claims_region_status_idx').on(t.regionId, t.status, t.createdAt),
    index('reimbursement_claims_school_status_idx').on(t.schoolId, t.status),
    index('reimbursement_claims_teacher_idx').on(t.teacherId, t.createdAt),
    // One open (not rejected) claim per trip.
    uniqueIndex('reimbursement_claims_participation_uq').on(t.participationId).where(sql`status <> 'rejected'`),
  ],
);

/** A claim's line items by category. */
export const claimItems = pgTable(
  'claim_items',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull(),
    claimId: integer('claim_id')
      .notNull()
      .references(() => reimbursementClaims.id, { onDelete: 'cascade' }),
    category: text('category').notNull(),
    amount: numeric('amount', { precision: 12, scale: 2 }).notNull(),
    note: text('note'),
  },
  (t) => [index('claim_items_claim_idx').on(t.claimId)],
);

/** Money spent on training: by the county (school_id null) or a school, per project and per trip. */
export const expenses = pgTable(
  'expenses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    schoolId: integer('school_id').references(() => schools.id),
    projectId: integer('project_id').references(() => projects.id),
    /** The approved claim this row was recorded from (trips); null for expenses entered directly. */
    claimId: integer('claim_id').references(() => reimbursementClaims.id),
    /** The traveller, for trip expenses. */
    teacherId: integer('teacher_id').references(() => teachers.id),
    /** registration travel lodging meals materials expert_fee other */
    category: text('category').notNull(),
    amount: numeric('amount', { precision: 12, scale: 2 }).notNull(),
    spentOn: date('spent_on', { mode: 'string' }).notNull(),
    note: text('note'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('expenses_region_spent_idx').on(t.regionId, t.spentOn),
    index('expenses_school_spent_idx').on(t.schoolId, t.spentOn),
    index('expenses_project_idx').on(t.projectId),
    index('expenses_claim_idx').on(t.claimId),
  ],
);
