// One-time activation codes (account slips), login back-off, ID-number look-up budgets.
// Mirrors migrations/0012_credentials.sql.
import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { regions, users } from './schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/**
 * A code printed on an account slip (账号开通单). Only its keyed HMAC is stored; at most one live
 * (unused, unrevoked) code per account; a live code means the account has no password.
 */
export const activationCodes = pgTable(
  'activation_codes',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    issuedBy: integer('issued_by').references(() => users.id, { onDelete: 'set null' }),
    issuedAt: ts('issued_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    uniqueIndex('activation_codes_live_uq').on(t.userId).where(sql`used_at is null and revoked_at is null`),
    index('activation_codes_user_idx').on(t.userId, t.issuedAt),
  ],
);

/**
 * Failed sign-ins per login name and address, per login name, and per address (keys are keyed
 * hashes: people type passwords into the name box). `blocked_until` is when the next try is heard.
 */
export const loginBackoff = pgTable(
  'login_backoff',
  {
    key: text('key').primaryKey(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    failures: integer('failures').notNull().default(0),
    lastFailureAt: ts('last_failure_at').notNull().defaultNow(),
    blockedUntil: ts('blocked_until'),
  },
  (t) => [index('login_backoff_user_idx').on(t.userId), index('login_backoff_last_idx').on(t.lastFailureAt)],
);

/** ID numbers a roster writer checked that were not in their scope (new, or held elsewhere). */
export const idLookups = pgTable(
  'id_lookups',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    idHash: text('id_hash').notNull(),
    foreignHit: boolean('foreign_hit').notNull().default(false),
    checkedAt: ts('checked_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'id_lookups_pk', columns: [t.userId, t.idHash] }),
    index('id_lookups_time_idx').on(t.checkedAt),
  ],
);
