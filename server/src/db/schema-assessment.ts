// The county's default pass and excellent lines for scores (a project may set its own in its
// completion rule). Mirrors migration 0013_training_office_fixes.sql.
import { integer, numeric, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { regions } from './schema.js';

export const assessmentSettings = pgTable('assessment_settings', {
  regionId: integer('region_id')
    .primaryKey()
    .references(() => regions.id),
  passScore: numeric('pass_score', { precision: 4, scale: 1, mode: 'number' }).notNull().default(60),
  excellentScore: numeric('excellent_score', { precision: 4, scale: 1, mode: 'number' }).notNull().default(85),
  updatedBy: integer('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});
