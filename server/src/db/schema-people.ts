// People development: training providers, trainer satisfaction and training teams, honours,
// 青蓝工程 mentoring, famous-teacher studios and personal development plans.
// Mirrors migrations/0017_people.sql (the provider_id columns of users and projects and the
// trainers' subjects/stages are in schema.ts).
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
import { consortia, regions, schools, teachers, trainers, users } from './schema.js';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();
const region = () =>
  integer('region_id')
    .notNull()
    .references(() => regions.id);

/** 承训机构: a university or training base the county commissions projects from. */
export const trainingProviders = pgTable(
  'training_providers',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    contact: text('contact'),
    phone: text('phone'),
    address: text('address'),
    note: text('note'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('training_providers_region_name_uq').on(t.regionId, t.name)],
);

/** A trainer's satisfaction score per year and source (written by the surveys module). */
export const trainerSatisfaction = pgTable(
  'trainer_satisfaction',
  {
    regionId: region(),
    trainerId: integer('trainer_id')
      .notNull()
      .references(() => trainers.id),
    year: smallint('year').notNull(),
    source: text('source').notNull(),
    score: numeric('score', { precision: 5, scale: 2, mode: 'number' }).notNull(),
    responses: integer('responses').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ name: 'trainer_satisfaction_pk', columns: [t.trainerId, t.year, t.source] })],
);

/** 三级培训团队: county, consortium or school teams drawn from the trainer pool. */
export const trainingTeams = pgTable(
  'training_teams',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    tier: text('tier').notNull(), // county consortium school
    name: text('name').notNull(),
    consortiumId: integer('consortium_id').references(() => consortia.id),
    schoolId: integer('school_id').references(() => schools.id),
    note: text('note'),
    active: boolean('active').notNull().default(true),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('training_teams_region_idx').on(t.regionId, t.tier),
    uniqueIndex('training_teams_name_uq').on(t.regionId, t.name),
  ],
);

export const trainingTeamMembers = pgTable(
  'training_team_members',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    teamId: integer('team_id')
      .notNull()
      .references(() => trainingTeams.id, { onDelete: 'cascade' }),
    trainerId: integer('trainer_id')
      .notNull()
      .references(() => trainers.id),
    role: text('role').notNull(),
  },
  (t) => [
    uniqueIndex('training_team_members_uq').on(t.teamId, t.trainerId),
    index('training_team_members_trainer_idx').on(t.trainerId),
  ],
);

/** 荣誉: one per teacher, year and title; pending until the county verifies it. */
export const honours = pgTable(
  'honours',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => teachers.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    level: text('level').notNull(),
    title: text('title').notNull(),
    year: smallint('year').notNull(),
    awardingBody: text('awarding_body').notNull(),
    awardedOn: date('awarded_on', { mode: 'string' }),
    status: text('status').notNull().default('pending'), // pending verified rejected
    rejectReason: text('reject_reason'),
    source: text('source').notNull().default('manual'), // manual import
    createdBy: integer('created_by').references(() => users.id),
    verifiedBy: integer('verified_by').references(() => users.id),
    verifiedAt: timestamp('verified_at', { withTimezone: true, mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('honours_teacher_year_title_uq').on(t.teacherId, t.year, t.title),
    index('honours_region_year_idx').on(t.regionId, t.year, t.level),
    index('honours_school_year_idx').on(t.schoolId, t.year),
    index('honours_region_status_idx').on(t.regionId, t.status),
  ],
);

/** The county's 青蓝工程 rules: a mentor's load, who is a new or young teacher. */
export const mentoringSettings = pgTable('mentoring_settings', {
  regionId: integer('region_id')
    .primaryKey()
    .references(() => regions.id),
  mentorMaxMentees: smallint('mentor_max_mentees').notNull().default(2),
  menteeMaxYears: smallint('mentee_max_years').notNull().default(3),
  menteeMaxAge: smallint('mentee_max_age').notNull().default(35),
  updatedBy: integer('updated_by'),
  updatedAt: updatedAt(),
});

export const mentoringRounds = pgTable(
  'mentoring_rounds',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    year: smallint('year').notNull(),
    schoolId: integer('school_id').references(() => schools.id),
    consortiumId: integer('consortium_id').references(() => consortia.id),
    title: text('title').notNull(),
    closesOn: date('closes_on', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('open'), // open closed
    note: text('note'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('mentoring_rounds_region_year_idx').on(t.regionId, t.year),
    index('mentoring_rounds_school_idx').on(t.schoolId),
    index('mentoring_rounds_consortium_idx').on(t.consortiumId),
  ],
);

export const mentoringOffers = pgTable(
  'mentoring_offers',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    roundId: integer('round_id')
      .notNull()
      .references(() => mentoringRounds.id, { onDelete: 'cascade' }),
    mentorId: integer('mentor_id')
      .notNull()
      .references(() => teachers.id),
    capacity: smallint('capacity').notNull().default(1),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('mentoring_offers_uq').on(t.roundId, t.mentorId)],
);

export const mentoringChoices = pgTable(
  'mentoring_choices',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    roundId: integer('round_id')
      .notNull()
      .references(() => mentoringRounds.id, { onDelete: 'cascade' }),
    offerId: integer('offer_id')
      .notNull()
      .references(() => mentoringOffers.id, { onDelete: 'cascade' }),
    menteeId: integer('mentee_id')
      .notNull()
      .references(() => teachers.id),
    status: text('status').notNull().default('pending'), // pending accepted declined withdrawn
    note: text('note'),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'string' }),
    declineReason: text('decline_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('mentoring_choices_live_uq').on(t.roundId, t.menteeId).where(sql`status in ('pending', 'accepted')`),
    index('mentoring_choices_offer_idx').on(t.offerId),
  ],
);

export const mentoringPairs = pgTable(
  'mentoring_pairs',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    /** The mentee's school: the pair is counted there. */
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    mentorId: integer('mentor_id')
      .notNull()
      .references(() => teachers.id),
    menteeId: integer('mentee_id')
      .notNull()
      .references(() => teachers.id),
    year: smallint('year').notNull(),
    termYears: smallint('term_years').notNull().default(1),
    roundId: integer('round_id').references(() => mentoringRounds.id),
    choiceId: integer('choice_id').references(() => mentoringChoices.id),
    goals: text('goals'),
    status: text('status').notNull().default('active'), // active completed dissolved
    overrideReason: text('override_reason'),
    endReason: text('end_reason'),
    excellentYear: smallint('excellent_year'),
    excellentNote: text('excellent_note'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('mentoring_pairs_mentee_year_uq').on(t.menteeId, t.year).where(sql`status <> 'dissolved'`),
    index('mentoring_pairs_region_year_idx').on(t.regionId, t.year),
    index('mentoring_pairs_school_year_idx').on(t.schoolId, t.year),
    index('mentoring_pairs_mentor_idx').on(t.mentorId, t.year),
  ],
);

export const mentoringLogs = pgTable(
  'mentoring_logs',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    pairId: integer('pair_id')
      .notNull()
      .references(() => mentoringPairs.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    hours: numeric('hours', { precision: 4, scale: 1, mode: 'number' }).notNull(),
    content: text('content').notNull(),
    authorTeacherId: integer('author_teacher_id').references(() => teachers.id),
    authorUserId: integer('author_user_id')
      .notNull()
      .references(() => users.id),
    authorRole: text('author_role').notNull(), // mentor mentee school
    /** A school-based research activity (showcase) this entry belongs to: a plain reference. */
    activityRef: integer('activity_ref'),
    createdAt: createdAt(),
  },
  (t) => [
    index('mentoring_logs_pair_idx').on(t.pairId, t.occurredOn),
    index('mentoring_logs_region_date_idx').on(t.regionId, t.occurredOn),
  ],
);

export const mentoringReviews = pgTable(
  'mentoring_reviews',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    pairId: integer('pair_id')
      .notNull()
      .references(() => mentoringPairs.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(), // monthly midterm yearend
    period: text('period').notNull(),
    result: text('result').notNull(),
    comment: text('comment'),
    reviewerId: integer('reviewer_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('mentoring_reviews_uq').on(t.pairId, t.kind, t.period)],
);

export const studios = pgTable(
  'studios',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    name: text('name').notNull(),
    hostId: integer('host_id')
      .notNull()
      .references(() => teachers.id),
    subject: text('subject'),
    stage: text('stage'),
    startYear: smallint('start_year').notNull(),
    endYear: smallint('end_year').notNull(),
    goals: text('goals'),
    status: text('status').notNull().default('active'), // active closed
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('studios_region_name_uq').on(t.regionId, t.name), index('studios_host_idx').on(t.hostId)],
);

export const studioMembers = pgTable(
  'studio_members',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    studioId: integer('studio_id')
      .notNull()
      .references(() => studios.id, { onDelete: 'cascade' }),
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => teachers.id),
    joinedYear: smallint('joined_year').notNull(),
    leftYear: smallint('left_year'),
  },
  (t) => [
    uniqueIndex('studio_members_uq').on(t.studioId, t.teacherId),
    index('studio_members_teacher_idx').on(t.teacherId),
  ],
);

export const studioActivities = pgTable(
  'studio_activities',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    studioId: integer('studio_id')
      .notNull()
      .references(() => studios.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    place: text('place'),
    hours: numeric('hours', { precision: 4, scale: 1, mode: 'number' }),
    summary: text('summary'),
    /** A school-based research or 送教下乡 activity this one is part of: a plain reference. */
    activityRef: integer('activity_ref'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('studio_activities_studio_idx').on(t.studioId, t.heldOn)],
);

export const studioOutputs = pgTable(
  'studio_outputs',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    studioId: integer('studio_id')
      .notNull()
      .references(() => studios.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    year: smallint('year').notNull(),
    teacherId: integer('teacher_id').references(() => teachers.id),
    note: text('note'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('studio_outputs_studio_idx').on(t.studioId, t.year)],
);

export const studioReviews = pgTable(
  'studio_reviews',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    studioId: integer('studio_id')
      .notNull()
      .references(() => studios.id, { onDelete: 'cascade' }),
    year: smallint('year').notNull(),
    result: text('result').notNull(),
    comment: text('comment'),
    reviewerId: integer('reviewer_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('studio_reviews_uq').on(t.studioId, t.year)],
);

export const developmentPlans = pgTable(
  'development_plans',
  {
    id: serial('id').primaryKey(),
    regionId: region(),
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => teachers.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    kind: text('kind').notNull(), // five_year yearly
    startYear: smallint('start_year').notNull(),
    endYear: smallint('end_year').notNull(),
    goals: text('goals').notNull(),
    items: jsonb('items').notNull().default(sql`'[]'::jsonb`),
    hoursTarget: numeric('hours_target', { precision: 6, scale: 1, mode: 'number' }),
    status: text('status').notNull().default('draft'), // draft submitted approved returned
    returnReason: text('return_reason'),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'string' }),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'string' }),
    decidedBy: integer('decided_by').references(() => users.id),
    summary: text('summary'),
    summaryAt: timestamp('summary_at', { withTimezone: true, mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('development_plans_uq').on(t.teacherId, t.kind, t.startYear),
    index('development_plans_school_idx').on(t.schoolId, t.startYear, t.status),
    index('development_plans_region_idx').on(t.regionId, t.startYear),
  ],
);
