// School-based development (校本研修) and the reading programme (读书活动): the county's settings,
// plans and summaries, themed activities and their participants, spot checks, 送教下乡 and reading
// lists, logs, notes and awards. Mirrors migrations/0016_school_research.sql.
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { consortia, regions, schools, teachers, users } from './schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
const createdAt = () => ts('created_at').notNull().defaultNow();
const updatedAt = () => ts('updated_at').notNull().defaultNow();
const region = () =>
  integer('region_id')
    .notNull()
    .references(() => regions.id);
const userRef = (name: string) => integer(name).references(() => users.id, { onDelete: 'set null' });

/** The county's rules for school-based development (one row per county; defaults until saved). */
export const researchSettings = pgTable('research_settings', {
  regionId: integer('region_id')
    .primaryKey()
    .references(() => regions.id),
  showcasesPerYear: integer('showcases_per_year').notNull().default(1),
  outreachPerYear: integer('outreach_per_year').notNull().default(1),
  lateAfterDays: integer('late_after_days').notNull().default(7),
  /** The 五段五步 stage names, in order. */
  outreachStages: jsonb('outreach_stages').notNull(),
  updatedBy: integer('updated_by'),
  updatedAt: updatedAt(),
});

/** A school's yearly research plan or summary: draft → submitted → accepted | returned. */
export const researchPlans = pgTable(
  'research_plans',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    /** The school year's first calendar year (2025 = 2025—2026学年). */
    schoolYear: integer('school_year').notNull(),
    kind: text('kind').notNull(), // plan summary
    theme: text('theme').notNull(),
    goals: text('goals'),
    body: text('body'),
    /** The plan's monthly activities: [{ month, title, type, responsible }]. */
    items: jsonb('items').notNull().default([]),
    budget: numeric('budget', { precision: 12, scale: 2 }),
    status: text('status').notNull().default('draft'), // draft submitted returned accepted
    reviewComment: text('review_comment'),
    submittedAt: ts('submitted_at'),
    reviewedAt: ts('reviewed_at'),
    reviewedBy: userRef('reviewed_by'),
    createdBy: userRef('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('research_plans_school_year_kind_uq').on(t.schoolId, t.schoolYear, t.kind),
    index('research_plans_region_year_idx').on(t.regionId, t.schoolYear, t.kind),
  ],
);

/** 送教下乡: who sends (a school, a studio, the county), to which school, its stages (names, in order). */
export const researchOutreach = pgTable(
  'research_outreach',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    organiserKind: text('organiser_kind').notNull(), // school studio county
    /** The sending school (a core school; a studio's school); null when the county sends. */
    schoolId: integer('school_id').references(() => schools.id),
    organiserName: text('organiser_name').notNull(),
    targetSchoolId: integer('target_school_id')
      .notNull()
      .references(() => schools.id),
    title: text('title').notNull(),
    subject: text('subject'),
    year: integer('year').notNull(),
    /** The stage names when it was planned (the county's list may change later). */
    stages: jsonb('stages').notNull(),
    createdBy: userRef('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('research_outreach_region_year_idx').on(t.regionId, t.year),
    index('research_outreach_school_idx').on(t.schoolId),
    index('research_outreach_target_idx').on(t.targetSchoolId),
  ],
);

/**
 * A themed activity (集体备课, 观课议课 …), a consortium's joint showcase (consortium_id), or one
 * stage of a 送教下乡 (outreach_id, stage_no). open → closed (hours posted) → withdrawn (a failed
 * spot check reversed them).
 */
export const researchActivities = pgTable(
  'research_activities',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    /** The host school (whose admin runs it). */
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    title: text('title').notNull(),
    type: text('type').notNull(),
    place: text('place'),
    host: text('host'),
    description: text('description'),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    hours: numeric('hours', { precision: 5, scale: 1, mode: 'number' }).notNull(),
    /** Every school whose teachers take part (the host's included). */
    schoolIds: integer('school_ids').array().notNull(),
    /** A teaching-research group: these subjects / stages only (empty = all). */
    subjects: text('subjects').array().notNull().default(sql`'{}'::text[]`),
    stages: text('stages').array().notNull().default(sql`'{}'::text[]`),
    consortiumId: integer('consortium_id').references(() => consortia.id),
    outreachId: integer('outreach_id').references(() => researchOutreach.id),
    stageNo: smallint('stage_no'),
    qrSecret: text('qr_secret').notNull(),
    status: text('status').notNull().default('open'), // open closed withdrawn
    /** Recorded more than the county's late_after_days after it ended (set when recorded). */
    recordedLate: boolean('recorded_late').notNull().default(false),
    closedAt: ts('closed_at'),
    closedBy: userRef('closed_by'),
    withdrawnAt: ts('withdrawn_at'),
    withdrawReason: text('withdraw_reason'),
    /** A 送教下乡 stage: the receiving school's confirmation. */
    confirmedAt: ts('confirmed_at'),
    confirmedBy: userRef('confirmed_by'),
    confirmNote: text('confirm_note'),
    createdBy: userRef('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('research_activities_region_ends_idx').on(t.regionId, t.endsAt),
    index('research_activities_school_idx').on(t.schoolId, t.endsAt),
    index('research_activities_schools_gin').using('gin', t.schoolIds),
    index('research_activities_consortium_idx').on(t.consortiumId).where(sql`consortium_id is not null`),
    uniqueIndex('research_activities_stage_uq').on(t.outreachId, t.stageNo).where(sql`outreach_id is not null`),
  ],
);

/** Who took part: checked in with the rotating QR, or marked by the host with a reason. */
export const researchParticipants = pgTable(
  'research_participants',
  {
    activityId: integer('activity_id')
      .notNull()
      .references(() => researchActivities.id, { onDelete: 'cascade' }),
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => teachers.id),
    regionId: region(),
    /** The teacher's school when they took part (statistics count them there). */
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    role: text('role').notNull().default('participant'), // participant trainer
    status: text('status').notNull(), // present late
    method: text('method').notNull(), // qr manual
    checkedAt: ts('checked_at').notNull().defaultNow(),
    markedBy: userRef('marked_by'),
    reason: text('reason'),
  },
  (t) => [
    primaryKey({ name: 'research_participants_pk', columns: [t.activityId, t.teacherId] }),
    index('research_participants_teacher_idx').on(t.teacherId),
    index('research_participants_school_idx').on(t.regionId, t.schoolId),
  ],
);

/** 抽查: drawn (pending) or recorded, with a verdict; a failure withdrew the activity's hours. */
export const researchSpotChecks = pgTable(
  'research_spot_checks',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    activityId: integer('activity_id')
      .notNull()
      .references(() => researchActivities.id, { onDelete: 'cascade' }),
    verdict: text('verdict').notNull().default('pending'), // pending passed failed
    reason: text('reason'),
    sampledBy: userRef('sampled_by'),
    checkedBy: userRef('checked_by'),
    checkerRole: text('checker_role'),
    reversedEntries: integer('reversed_entries').notNull().default(0),
    createdAt: createdAt(),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    index('research_spot_checks_activity_idx').on(t.activityId),
    index('research_spot_checks_region_idx').on(t.regionId, t.verdict),
    uniqueIndex('research_spot_checks_pending_uq').on(t.activityId).where(sql`verdict = 'pending'`),
  ],
);

/** The county's reading list of a year. */
export const readingBooks = pgTable(
  'reading_books',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    author: text('author'),
    note: text('note'),
    sort: integer('sort').notNull().default(0),
    createdBy: userRef('created_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('reading_books_region_year_title_uq').on(t.regionId, t.year, t.title)],
);

/** A book a teacher reads (from the list, or their own choice). */
export const readingLogs = pgTable(
  'reading_logs',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => teachers.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    year: integer('year').notNull(),
    bookId: integer('book_id').references(() => readingBooks.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    author: text('author'),
    finishedOn: date('finished_on', { mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('reading_logs_teacher_idx').on(t.teacherId, t.year),
    index('reading_logs_region_year_idx').on(t.regionId, t.year, t.schoolId),
  ],
);

/** A reading note (读书笔记), reviewed by the school or the county. */
export const readingNotes = pgTable(
  'reading_notes',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    logId: integer('log_id')
      .notNull()
      .references(() => readingLogs.id, { onDelete: 'cascade' }),
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => teachers.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    body: text('body').notNull(),
    rating: text('rating'), // 优秀 良好 合格
    reviewComment: text('review_comment'),
    reviewedBy: userRef('reviewed_by'),
    reviewedAt: ts('reviewed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('reading_notes_log_idx').on(t.logId),
    index('reading_notes_region_school_idx').on(t.regionId, t.schoolId, t.createdAt),
  ],
);

/** 先进个人 (reader) / 先进集体 (school) of a year, selected by the county. */
export const readingAwards = pgTable(
  'reading_awards',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    year: integer('year').notNull(),
    kind: text('kind').notNull(), // reader school
    teacherId: integer('teacher_id').references(() => teachers.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    citation: text('citation'),
    createdBy: userRef('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('reading_awards_reader_uq').on(t.regionId, t.year, t.teacherId).where(sql`kind = 'reader'`),
    uniqueIndex('reading_awards_school_uq').on(t.regionId, t.year, t.schoolId).where(sql`kind = 'school'`),
  ],
);
