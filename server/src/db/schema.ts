// Drizzle table definitions. The SQL in ./migrations is the source of truth for the database;
// these definitions mirror it for typed queries (drizzle-kit generates the next migration from
// a change here, and the generated SQL is reviewed and checked in).
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();

/** A county (or district): every tenant row carries region_id so a province can shard by county later. */
export const regions = pgTable('regions', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  code: text('code'),
  settings: jsonb('settings').notNull().default({}),
  createdAt: createdAt(),
});

/** 学区 */
export const areas = pgTable(
  'areas',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    name: text('name').notNull(),
    code: text('code'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('areas_region_name_uq').on(t.regionId, t.name)],
);

/** 教联体: a core school plus member schools. */
export const consortia = pgTable(
  'consortia',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    name: text('name').notNull(),
    coreSchoolId: integer('core_school_id').references((): AnyPgColumn => schools.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('consortia_region_name_uq').on(t.regionId, t.name)],
);

export const schools = pgTable(
  'schools',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    consortiumId: integer('consortium_id').references(() => consortia.id),
    name: text('name').notNull(),
    code: text('code'),
    type: text('type').notNull(),
    urbanRural: text('urban_rural').notNull(),
    address: text('address'),
    principal: text('principal'),
    phone: text('phone'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('schools_region_name_uq').on(t.regionId, t.name),
    index('schools_area_idx').on(t.areaId),
    index('schools_consortium_idx').on(t.consortiumId),
  ],
);

export const teachers = pgTable(
  'teachers',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    name: text('name').notNull(),
    gender: text('gender'),
    /** AES-256-GCM ciphertext of the ID number: base64(iv | tag | ciphertext). */
    idEnc: text('id_enc').notNull(),
    /** HMAC-SHA256 of the normalised ID number, for lookup and uniqueness. */
    idHash: text('id_hash').notNull(),
    /** What may be shown: first 4 and last 4 characters. */
    idMasked: text('id_masked').notNull(),
    birthDate: date('birth_date', { mode: 'string' }),
    phone: text('phone'),
    stage: text('stage').notNull(),
    subject: text('subject').notNull(),
    title: text('title'),
    degree: text('degree'),
    hireDate: date('hire_date', { mode: 'string' }),
    posts: text('posts').array().notNull().default(sql`'{}'::text[]`),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    status: text('status').notNull().default('在职'),
    statusDate: date('status_date', { mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('teachers_region_idhash_uq').on(t.regionId, t.idHash),
    index('teachers_school_idx').on(t.schoolId, t.status),
    index('teachers_region_status_idx').on(t.regionId, t.status),
    index('teachers_phone_idx').on(t.phone),
    index('teachers_region_name_idx').on(t.regionId, t.name),
  ],
);

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    phone: text('phone'),
    /** argon2id; NULL for an imported teacher who has not yet set a password (see auth.service). */
    passwordHash: text('password_hash'),
    role: text('role').notNull(),
    schoolId: integer('school_id').references(() => schools.id),
    areaId: integer('area_id').references(() => areas.id),
    consortiumId: integer('consortium_id').references(() => consortia.id),
    teacherId: integer('teacher_id').references(() => teachers.id),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    disabled: boolean('disabled').notNull().default(false),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'string' }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
    index('users_phone_idx').on(t.phone),
    uniqueIndex('users_teacher_uq').on(t.teacherId),
    index('users_region_role_idx').on(t.regionId, t.role),
    index('users_school_idx').on(t.schoolId),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie token: a leaked table does not yield usable cookies. */
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** Failed-login counters per client address, kept in the database so every instance sees them. */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: timestamp('window_start', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    regionId: integer('region_id'),
    userId: integer('user_id'),
    userName: text('user_name'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_region_time_idx').on(t.regionId, t.createdAt),
    index('audit_entity_idx').on(t.entity, t.entityId),
    index('audit_user_idx').on(t.userId, t.createdAt),
  ],
);

/** Long-running work (imports, exports): progress lives here so any instance can report it. */
export const jobs = pgTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    regionId: integer('region_id').notNull(),
    userId: integer('user_id').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull().default('running'),
    phase: text('phase'),
    total: integer('total').notNull().default(0),
    processed: integer('processed').notNull().default(0),
    message: text('message'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('jobs_user_idx').on(t.userId, t.createdAt)],
);
