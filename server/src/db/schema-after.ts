// After training (issue 5): report-back tasks (成果汇报/二次培训/校本转训), the county's rule for
// which projects owe one, and reflections (心得体会). Mirrors migration 0007_report_backs.sql.
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { participations, projects, regions, schools, teachers } from './schema.js';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();

/** Which completed projects owe a report-back (level OR mode matches), and how many days after the end. */
export const reportBackSettings = pgTable('report_back_settings', {
  regionId: integer('region_id')
    .primaryKey()
    .references(() => regions.id),
  levels: text('levels').array().notNull().default(sql`'{国培,省培,市州培}'::text[]`),
  modes: text('modes').array().notNull().default(sql`'{外出交流,跟岗影子}'::text[]`),
  dueDays: integer('due_days').notNull().default(14),
  updatedBy: integer('updated_by'),
  updatedAt: updatedAt(),
});

/** One task per completed participation: pending → submitted → verified, or → returned → submitted … */
export const reportBacks = pgTable(
  'report_backs',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull(),
    /** The participation's school (statistics count it there). */
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => teachers.id),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    participationId: integer('participation_id')
      .notNull()
      .references(() => participations.id, { onDelete: 'cascade' }),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('pending'), // pending submitted verified returned
    form: text('form'), // 讲座 示范课 工作坊 教研活动
    heldOn: date('held_on', { mode: 'string' }),
    audience: integer('audience'),
    summary: text('summary'),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'string' }),
    /** The first submission: whether the report-back was on time is judged by it (migration 0013). */
    firstSubmittedAt: timestamp('first_submitted_at', { withTimezone: true, mode: 'string' }),
    verifiedAt: timestamp('verified_at', { withTimezone: true, mode: 'string' }),
    verifiedBy: integer('verified_by'),
    returnReason: text('return_reason'),
    /** The last day an overdue reminder went out (reminders are once per day). */
    remindedOn: date('reminded_on', { mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('report_backs_participation_uq').on(t.participationId),
    index('report_backs_region_school_idx').on(t.regionId, t.schoolId, t.dueOn),
    index('report_backs_region_due_idx').on(t.regionId, t.dueOn, t.status),
    index('report_backs_teacher_idx').on(t.teacherId, t.dueOn),
    index('report_backs_project_idx').on(t.projectId),
  ],
);

/** 心得体会: one per participation; the teacher edits it until it is reviewed. */
export const reflections = pgTable(
  'reflections',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull(),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => teachers.id),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    participationId: integer('participation_id')
      .notNull()
      .references(() => participations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    body: text('body').notNull(),
    status: text('status').notNull().default('submitted'), // submitted reviewed
    featured: boolean('featured').notNull().default(false),
    reviewComment: text('review_comment'),
    reviewedBy: integer('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('reflections_participation_uq').on(t.participationId),
    index('reflections_region_school_idx').on(t.regionId, t.schoolId, t.createdAt),
    index('reflections_project_idx').on(t.projectId, t.createdAt),
    index('reflections_teacher_idx').on(t.teacherId),
  ],
);
