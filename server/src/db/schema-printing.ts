// Batch printing: certificate batches (one PDF or a zip of PDFs per project) and where their files
// are kept. Mirrors migrations/0014_certificate_batches.sql.
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { projects, regions, users } from './schema.js';

/** One batch job (its id is the job's id in `jobs`), its project and its file in storage. */
export const certificateBatches = pgTable(
  'certificate_batches',
  {
    id: text('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    format: text('format').notNull(),
    count: integer('count').notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    /** Set when the file was deleted from storage after it expired. */
    removedAt: timestamp('removed_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [index('certificate_batches_created_idx').on(t.createdAt).where(sql`${t.removedAt} IS NULL`)],
);
