// The yearly loop (mirror of migration 0018_yearly.sql): surveys with who was asked, who answered
// and what was answered (kept apart so an anonymous survey's answers name nobody), the year-end
// school evaluation (rubric, results per school, manual scores with evidence) and saved summaries.
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
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { projects, regions, schools, teachers, users } from './schema.js';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();

/** needs | competency | satisfaction; the satisfaction template is_template (one in use per county). */
export const surveys = pgTable(
  'surveys',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    kind: text('kind').notNull(),
    isTemplate: boolean('is_template').notNull().default(false),
    title: text('title').notNull(),
    intro: text('intro'),
    anonymous: boolean('anonymous').notNull().default(false),
    /** draft published closed superseded */
    status: text('status').notNull().default('draft'),
    year: integer('year').notNull(),
    version: integer('version').notNull().default(1),
    audience: jsonb('audience').notNull().default({}),
    sections: jsonb('sections').notNull().default([]),
    /** Template: { requiredForCertificate, windowDays, since }. */
    settings: jsonb('settings').notNull().default({}),
    closesOn: date('closes_on', { mode: 'string' }),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'string' }),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    index('surveys_region_idx').on(t.regionId, t.kind, t.year),
    uniqueIndex('surveys_template_uq').on(t.regionId).where(sql`is_template and status = 'published'`),
  ],
);

export const surveyInvitations = pgTable(
  'survey_invitations',
  {
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => teachers.id),
    regionId: integer('region_id').notNull(),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
  },
  (t) => [
    primaryKey({ name: 'survey_invitations_pk', columns: [t.surveyId, t.teacherId] }),
    index('survey_invitations_teacher_idx').on(t.teacherId),
    index('survey_invitations_school_idx').on(t.surveyId, t.schoolId),
  ],
);

export const surveySubmissions = pgTable(
  'survey_submissions',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull(),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    projectId: integer('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => teachers.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('survey_submissions_survey_uq').on(t.surveyId, t.teacherId).where(sql`project_id is null`),
    uniqueIndex('survey_submissions_project_uq').on(t.projectId, t.teacherId).where(sql`project_id is not null`),
    index('survey_submissions_school_idx').on(t.surveyId, t.schoolId),
    index('survey_submissions_teacher_idx').on(t.teacherId),
  ],
);

export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull(),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    projectId: integer('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    /** Null when the survey is anonymous. */
    teacherId: integer('teacher_id').references(() => teachers.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    stage: text('stage'),
    subject: text('subject'),
    urbanRural: text('urban_rural'),
    answers: jsonb('answers').notNull(),
    scores: jsonb('scores'),
    submittedOn: date('submitted_on', { mode: 'string' }).notNull(),
  },
  (t) => [
    index('survey_responses_survey_idx').on(t.surveyId, t.projectId),
    index('survey_responses_project_idx').on(t.projectId),
  ],
);

/** draft → computed → published (and back to computed when the county withdraws the publication). */
export const evaluations = pgTable(
  'evaluations',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    year: integer('year').notNull(),
    name: text('name').notNull(),
    status: text('status').notNull().default('draft'),
    groups: jsonb('groups').notNull().default([]),
    indicators: jsonb('indicators').notNull(),
    bands: jsonb('bands').notNull(),
    excellentQuota: numeric('excellent_quota', { precision: 5, scale: 2, mode: 'number' }),
    computedAt: timestamp('computed_at', { withTimezone: true, mode: 'string' }),
    computedBy: integer('computed_by'),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'string' }),
    publishedBy: integer('published_by'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('evaluations_region_year_idx').on(t.regionId, t.year)],
);

export const evaluationResults = pgTable(
  'evaluation_results',
  {
    evaluationId: integer('evaluation_id')
      .notNull()
      .references(() => evaluations.id, { onDelete: 'cascade' }),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    regionId: integer('region_id').notNull(),
    groupName: text('group_name').notNull(),
    /** { key: { value, numerator, denominator, evidence } } as computed. */
    indicatorValues: jsonb('indicator_values').notNull(),
    computedScore: numeric('computed_score', { precision: 5, scale: 2, mode: 'number' }).notNull(),
    score: numeric('score', { precision: 5, scale: 2, mode: 'number' }).notNull(),
    grade: text('grade').notNull(),
    rank: integer('rank').notNull(),
    groupSize: integer('group_size').notNull(),
    vetoed: boolean('vetoed').notNull().default(false),
    vetoNote: text('veto_note'),
    adjustedScore: numeric('adjusted_score', { precision: 5, scale: 2, mode: 'number' }),
    adjustedGrade: text('adjusted_grade'),
    adjustReason: text('adjust_reason'),
    adjustedBy: integer('adjusted_by'),
    adjustedAt: timestamp('adjusted_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    primaryKey({ name: 'evaluation_results_pk', columns: [t.evaluationId, t.schoolId] }),
    index('evaluation_results_school_idx').on(t.schoolId),
  ],
);

export const evaluationManualScores = pgTable(
  'evaluation_manual_scores',
  {
    evaluationId: integer('evaluation_id')
      .notNull()
      .references(() => evaluations.id, { onDelete: 'cascade' }),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    regionId: integer('region_id').notNull(),
    item: text('item').notNull(),
    score: numeric('score', { precision: 5, scale: 2, mode: 'number' }).notNull(),
    evidence: text('evidence').notNull(),
    scoredBy: integer('scored_by'),
    scoredAt: timestamp('scored_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'evaluation_manual_scores_pk', columns: [t.evaluationId, t.schoolId, t.item] })],
);

/** The year-end summary as edited and saved (the county's: school_id null; a school's own). */
export const yearSummaries = pgTable(
  'year_summaries',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    schoolId: integer('school_id').references(() => schools.id),
    year: integer('year').notNull(),
    text: text('text').notNull(),
    updatedBy: integer('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('year_summaries_county_uq').on(t.regionId, t.year).where(sql`school_id is null`),
    uniqueIndex('year_summaries_school_uq').on(t.regionId, t.schoolId, t.year).where(sql`school_id is not null`),
  ],
);
