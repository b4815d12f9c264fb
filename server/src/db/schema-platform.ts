// Platform bookkeeping that belongs to no county. Mirrors migrations/0011_key_check.sql.
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A check value per key derived from SHIXUN_SECRET (an HMAC of a constant), written on first start
 * and verified at every start, so a wrong secret stops the server instead of failing later.
 */
export const keyChecks = pgTable('key_checks', {
  name: text('name').primaryKey(),
  checkValue: text('check_value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});
