// Attachments, scheduled-job runs, notices (通知公告) with read receipts, weekly report snapshots (周报).
// Mirrors migrations/0003_attachments_notices_jobs.sql.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from './schema.js';

/**
 * An uploaded file. Unlinked (owner_kind null) until the record it belongs to is saved; the
 * bytes live in storage (data directory or S3) under storage_key.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    regionId: integer('region_id').notNull(),
    ownerKind: text('owner_kind'),
    ownerId: bigint('owner_id', { mode: 'number' }),
    filename: text('filename').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedBy: integer('uploaded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('attachments_owner_idx').on(t.ownerKind, t.ownerId),
    index('attachments_unlinked_idx').on(t.createdAt).where(sql`owner_kind is null`),
  ],
);

/** One row per daily job and day: the claim that makes a run happen once across instances. */
export const jobRuns = pgTable(
  'job_runs',
  {
    name: text('name').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('running'), // running done failed
    instance: text('instance'),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'string' }),
    error: text('error'),
  },
  (t) => [primaryKey({ columns: [t.name, t.day] })],
);

/**
 * 通知公告. Sent by the county (school_id null) or a school admin (school_id = their school).
 * audience keeps what the sender chose; recipients are materialised at publish time.
 */
export const notices = pgTable(
  'notices',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull(),
    schoolId: integer('school_id'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    audience: jsonb('audience').notNull(),
    recipientCount: integer('recipient_count').notNull().default(0),
    createdBy: integer('created_by').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    /** Edited after publishing (shown as 已修改); withdrawn notices stay on record (migration 0013). */
    editedAt: timestamp('edited_at', { withTimezone: true, mode: 'string' }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true, mode: 'string' }),
    withdrawnBy: integer('withdrawn_by'),
    withdrawReason: text('withdraw_reason'),
  },
  (t) => [
    index('notices_region_published_idx').on(t.regionId, t.publishedAt),
    index('notices_school_idx').on(t.schoolId, t.publishedAt),
  ],
);

/** Who a notice went to (school at publish time) and when each person first opened it. */
export const noticeRecipients = pgTable(
  'notice_recipients',
  {
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    regionId: integer('region_id').notNull(),
    schoolId: integer('school_id'),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.noticeId, t.userId] }),
    index('notice_recipients_user_idx').on(t.userId, t.readAt),
    index('notice_recipients_school_idx').on(t.noticeId, t.schoolId),
  ],
);

/** 周报 snapshot of one finished week (Monday–Sunday, Asia/Shanghai): county and per-school figures. */
export const weeklyReports = pgTable(
  'weekly_reports',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull(),
    weekStart: date('week_start', { mode: 'string' }).notNull(),
    data: jsonb('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('weekly_reports_region_week_uq').on(t.regionId, t.weekStart)],
);
