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
  numeric,
  pgTable,
  primaryKey,
  serial,
  smallint,
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
    /** 学区: optional, not every county has them. */
    areaId: integer('area_id').references(() => areas.id),
    consortiumId: integer('consortium_id').references(() => consortia.id),
    name: text('name').notNull(),
    code: text('code'),
    type: text('type').notNull(),
    urbanRural: text('urban_rural').notNull(),
    /** 办学性质/隶属 (直属, 镇乡, 民办 …): the dictionary kind school_affiliation. */
    affiliation: text('affiliation'),
    /** The 中心校 a 村小 or 教学点 belongs to. */
    parentSchoolId: integer('parent_school_id').references((): AnyPgColumn => schools.id),
    /** Short and other names the county's sheets use (简称). */
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
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
    index('schools_parent_idx').on(t.parentSchoolId),
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
    /** What may be shown: the last 4 characters (`**************1234`). */
    idMasked: text('id_masked').notNull(),
    /** The year only: the full birth date lives inside the encrypted ID number. */
    birthYear: smallint('birth_year'),
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
    /** argon2id; NULL until the account is activated with a one-time code (see auth/activation.ts). */
    passwordHash: text('password_hash'),
    role: text('role').notNull(),
    schoolId: integer('school_id').references(() => schools.id),
    areaId: integer('area_id').references(() => areas.id),
    consortiumId: integer('consortium_id').references(() => consortia.id),
    teacherId: integer('teacher_id').references(() => teachers.id),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    disabled: boolean('disabled').notNull().default(false),
    /** Still on the old initial password (last six of the ID number) until activation codes are issued. */
    legacyIdPassword: boolean('legacy_id_password').notNull().default(false),
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

// ---------------------------------------------------------------------------------------------
// Training: projects, trainers, sessions, quotas, participations, attendance, certificates,
// the credit ledger and in-app notifications.
// ---------------------------------------------------------------------------------------------

// 培训类别 are the dictionary kind training_category (schema-dictionaries.ts).

/** The trainer pool: county teachers (teacher_id) and invited external experts. */
export const trainers = pgTable(
  'trainers',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    kind: text('kind').notNull(), // 'county' | 'external'
    teacherId: integer('teacher_id').references(() => teachers.id),
    userId: integer('user_id').references(() => users.id),
    name: text('name').notNull(),
    organisation: text('organisation'),
    title: text('title'),
    expertise: text('expertise'),
    phone: text('phone'),
    intro: text('intro'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('trainers_region_idx').on(t.regionId, t.active),
    uniqueIndex('trainers_region_teacher_uq').on(t.regionId, t.teacherId),
    index('trainers_user_idx').on(t.userId),
  ],
);

export const projects = pgTable(
  'projects',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    /** 项目编号: unique per region when given (upper-level sheets carry one). */
    code: text('code'),
    name: text('name').notNull(),
    year: integer('year').notNull(),
    level: text('level').notNull(), // 国培 省培 市州培 县培 校培
    category: text('category').notNull(),
    mode: text('mode').notNull(), // 集中面授 网络远程 混合式 跟岗影子 送教下乡 外出交流
    organiserType: text('organiser_type').notNull(), // 'county' | 'school' | 'upper'
    organiser: text('organiser'),
    /** The school that owns a 校培 project (null for county and upper-level projects). */
    schoolId: integer('school_id').references(() => schools.id),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    place: text('place'),
    hours: numeric('hours', { precision: 6, scale: 1, mode: 'number' }).notNull(),
    capacity: integer('capacity'),
    /** 'nomination' (quotas → schools nominate → county approves) | 'open' (self-enrolment) */
    enrolMode: text('enrol_mode').notNull().default('nomination'),
    enrolDeadline: timestamp('enrol_deadline', { withTimezone: true, mode: 'string' }),
    /** { stages?, subjects?, tags?, minYears?, maxYears?, newTeachersOnly? } */
    eligibility: jsonb('eligibility').notNull().default({}),
    /** { minAttendanceRate: 0.8, requirePass: true } */
    completionRule: jsonb('completion_rule').notNull().default({ minAttendanceRate: 0.8, requirePass: true }),
    budget: numeric('budget', { precision: 12, scale: 2, mode: 'number' }),
    description: text('description'),
    status: text('status').notNull().default('draft'), // draft published enrolling running assessing closed
    /** Places received from the upper level (国培/省培/市州培 quotas). */
    upperQuota: integer('upper_quota'),
    /** Where an imported project came from (e.g. the results sheet's file name). */
    source: text('source'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('projects_region_year_idx').on(t.regionId, t.year, t.level),
    index('projects_region_status_idx').on(t.regionId, t.status),
    index('projects_region_dates_idx').on(t.regionId, t.startDate),
    index('projects_school_idx').on(t.schoolId),
    uniqueIndex('projects_region_code_uq').on(t.regionId, t.code).where(sql`code is not null`),
  ],
);

export const projectTrainers = pgTable(
  'project_trainers',
  {
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    trainerId: integer('trainer_id')
      .notNull()
      .references(() => trainers.id),
    role: text('role'),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.trainerId] }), index('project_trainers_trainer_idx').on(t.trainerId)],
);

/** 日程/课次: check-in is only accepted inside [starts_at - grace, ends_at]. */
export const projectSessions = pgTable(
  'project_sessions',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'string' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'string' }).notNull(),
    topic: text('topic').notNull(),
    trainerId: integer('trainer_id').references(() => trainers.id),
    room: text('room'),
    /** Per-session HMAC key for the rotating QR tokens (never sent to clients). */
    qrSecret: text('qr_secret').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('project_sessions_project_idx').on(t.projectId, t.startsAt)],
);

/** 名额分配: places of a project per school. */
export const projectQuotas = pgTable(
  'project_quotas',
  {
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    regionId: integer('region_id').notNull(),
    quota: integer('quota').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.schoolId] }), index('project_quotas_school_idx').on(t.schoolId)],
);

/**
 * One teacher in one project. status: nominated → enrolled | rejected; self-enrolment → enrolled |
 * waitlisted; → withdrawn; after assessment → completed | failed.
 */
export const participations = pgTable(
  'participations',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => teachers.id),
    /** The teacher's school when they joined (statistics count it there). */
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    source: text('source').notNull(), // nomination self upper import
    status: text('status').notNull(),
    waitlistedAt: timestamp('waitlisted_at', { withTimezone: true, mode: 'string' }),
    nominatedBy: integer('nominated_by'),
    reviewedBy: integer('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, mode: 'string' }),
    reviewReason: text('review_reason'),
    score: numeric('score', { precision: 5, scale: 1, mode: 'number' }),
    result: text('result'), // 优秀 合格 不合格
    /** Set when the result was chosen by hand against the one the score gives (migration 0013). */
    resultOverrideReason: text('result_override_reason'),
    /** 证书编号 from an upper-level results sheet. */
    externalCertificateNo: text('external_certificate_no'),
    assessedBy: integer('assessed_by'),
    assessedAt: timestamp('assessed_at', { withTimezone: true, mode: 'string' }),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('participations_project_teacher_uq').on(t.projectId, t.teacherId),
    index('participations_teacher_idx').on(t.teacherId),
    index('participations_project_status_idx').on(t.projectId, t.status),
    index('participations_region_school_idx').on(t.regionId, t.schoolId),
  ],
);

export const attendance = pgTable(
  'attendance',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => projectSessions.id, { onDelete: 'cascade' }),
    participationId: integer('participation_id')
      .notNull()
      .references(() => participations.id, { onDelete: 'cascade' }),
    teacherId: integer('teacher_id').notNull(),
    status: text('status').notNull(), // present late absent leave
    method: text('method').notNull(), // qr manual leave
    checkedAt: timestamp('checked_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    markedBy: integer('marked_by'),
    reason: text('reason'),
  },
  (t) => [
    uniqueIndex('attendance_session_participation_uq').on(t.sessionId, t.participationId),
    index('attendance_participation_idx').on(t.participationId),
  ],
);

/** 请假: a participant asks to miss a session; approval marks the session as leave. */
export const leaveRequests = pgTable(
  'leave_requests',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull(),
    participationId: integer('participation_id')
      .notNull()
      .references(() => participations.id, { onDelete: 'cascade' }),
    sessionId: integer('session_id')
      .notNull()
      .references(() => projectSessions.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    status: text('status').notNull().default('pending'), // pending approved rejected
    reviewedBy: integer('reviewed_by'),
    reviewReason: text('review_reason'),
    createdAt: createdAt(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    index('leave_requests_participation_idx').on(t.participationId),
    index('leave_requests_session_idx').on(t.sessionId, t.status),
  ],
);

/** 结业证书: unique public number, verifiable at /verify/<number>. */
export const certificates = pgTable(
  'certificates',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull(),
    number: text('number').notNull(),
    participationId: integer('participation_id')
      .notNull()
      .references(() => participations.id),
    teacherId: integer('teacher_id').notNull(),
    projectId: integer('project_id').notNull(),
    hours: numeric('hours', { precision: 6, scale: 1, mode: 'number' }).notNull(),
    issuer: text('issuer').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    issuedBy: integer('issued_by'),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'string' }),
    revokedBy: integer('revoked_by'),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    uniqueIndex('certificates_number_uq').on(t.number),
    uniqueIndex('certificates_participation_uq').on(t.participationId),
    index('certificates_teacher_idx').on(t.teacherId),
    index('certificates_project_idx').on(t.projectId),
  ],
);

/**
 * 学分银行 ledger: append-only. Corrections are reversing entries (reverses_id); totals and caps
 * are computed, never stored. (source, source_ref) makes automatic postings idempotent.
 */
export const creditLedger = pgTable(
  'credit_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    regionId: integer('region_id').notNull(),
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => teachers.id),
    source: text('source').notNull(), // project school_activity application import adjustment
    /** e.g. 'participation:123' — unique per source for automatic postings. */
    sourceRef: text('source_ref'),
    category: text('category'),
    level: text('level'),
    mode: text('mode'),
    hours: numeric('hours', { precision: 7, scale: 1, mode: 'number' }).notNull(),
    credits: numeric('credits', { precision: 7, scale: 1, mode: 'number' }),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    note: text('note'),
    evidence: text('evidence'),
    approvedBy: integer('approved_by'),
    reversesId: integer('reverses_id'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('credit_ledger_teacher_idx').on(t.teacherId, t.occurredOn),
    index('credit_ledger_region_date_idx').on(t.regionId, t.occurredOn),
    // "Is this entry reversed?" — asked for every posting a completion or import looks at.
    index('credit_ledger_reverses_idx').on(t.reversesId).where(sql`reverses_id is not null`),
    uniqueIndex('credit_ledger_source_uq')
      .on(t.source, t.sourceRef, t.teacherId)
      .where(sql`source_ref is not null and reverses_id is null`),
  ],
);

/** In-app notifications (站内消息). */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    regionId: integer('region_id').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    link: text('link'),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);
