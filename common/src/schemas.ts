// zod schemas shared by the server (validation + OpenAPI) and the web (forms + types).
import { z } from 'zod';
import { ACCOUNT_STATES, newPasswordSchema, slipBatch } from './credentials.js';
import { GENDERS, ROLES, TEACHER_STATUSES, URBAN_RURAL } from './enums.js';
import { calendarDate, dbId } from './primitives.js';

const isoDate = calendarDate();
const phone = z.string().regex(/^1\d{10}$/, '手机号应为11位数字，以1开头');
const id = dbId;
/** A value of one of the county's dictionaries: the server checks it against them. */
const term = (message: string) => z.string({ message }).trim().min(1, message).max(30, '最多30个字符');

// ---------- common envelopes ----------
export const errorEnvelope = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type PageQuery = z.infer<typeof pageQuery>;

export const idParam = z.object({ id });

export const okResult = z.object({ ok: z.literal(true) });

// ---------- auth ----------
export const loginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名、手机号或身份证号').max(64),
  password: z.string().min(1, '请输入密码').max(128),
});
export type LoginBody = z.infer<typeof loginBody>;

/** The shared password policy (common/src/credentials.ts); the server adds the account's own context. */
export const passwordRule = newPasswordSchema;

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, '请输入当前密码'),
  newPassword: passwordRule,
});

export const me = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  regionId: z.number(),
  regionName: z.string(),
  schoolId: z.number().nullable(),
  schoolName: z.string().nullable(),
  areaId: z.number().nullable(),
  areaName: z.string().nullable(),
  consortiumId: z.number().nullable(),
  consortiumName: z.string().nullable(),
  teacherId: z.number().nullable(),
  mustChangePassword: z.boolean(),
});
export type Me = z.infer<typeof me>;

// ---------- areas & consortia ----------
export const areaBody = z.object({
  name: z.string().trim().min(1, '请输入学区名称').max(50),
  code: z.string().trim().max(20).optional().nullable(),
});
export const area = z.object({
  id: z.number(),
  name: z.string(),
  code: z.string().nullable(),
  schoolCount: z.number(),
  teacherCount: z.number(),
});
export type Area = z.infer<typeof area>;

export const consortiumBody = z.object({
  name: z.string().trim().min(1, '请输入教联体名称').max(50),
  coreSchoolId: id.nullable().optional(),
});
export const consortium = z.object({
  id: z.number(),
  name: z.string(),
  coreSchoolId: z.number().nullable(),
  coreSchoolName: z.string().nullable(),
  schoolCount: z.number(),
  teacherCount: z.number(),
});
export type Consortium = z.infer<typeof consortium>;

// ---------- schools ----------
export const schoolBody = z.object({
  name: z.string().trim().min(1, '请输入学校名称').max(80),
  code: z.string().trim().max(30).optional().nullable(),
  type: term('请选择学校类型'),
  /** 办学性质/隶属 (直属, 镇乡, 民办 …). */
  affiliation: term('办学性质/隶属无效').nullable().optional(),
  urbanRural: z.enum(URBAN_RURAL, { message: '城乡类别应为“城镇”或“乡村”' }),
  /** 学区: optional. */
  areaId: id.nullable().optional(),
  consortiumId: id.nullable().optional(),
  /** The 中心校 a 村小 or 教学点 belongs to. */
  parentSchoolId: id.nullable().optional(),
  /** 简称 and other names the county's sheets use. */
  aliases: z.array(z.string().trim().min(1).max(40, '简称最多40个字符')).max(10, '简称最多10个').optional(),
  address: z.string().trim().max(200).optional().nullable(),
  principal: z.string().trim().max(30).optional().nullable(),
  phone: z.string().trim().max(30).optional().nullable(),
});
export type SchoolBody = z.infer<typeof schoolBody>;

export const school = z.object({
  id: z.number(),
  name: z.string(),
  code: z.string().nullable(),
  type: z.string(),
  affiliation: z.string().nullable(),
  urbanRural: z.enum(URBAN_RURAL),
  areaId: z.number().nullable(),
  areaName: z.string().nullable(),
  parentSchoolId: z.number().nullable(),
  parentSchoolName: z.string().nullable(),
  /** 村小/教学点 under this school. */
  childCount: z.number(),
  aliases: z.array(z.string()),
  consortiumId: z.number().nullable(),
  consortiumName: z.string().nullable(),
  isCore: z.boolean(),
  address: z.string().nullable(),
  principal: z.string().nullable(),
  phone: z.string().nullable(),
  teacherCount: z.number(),
});
export type School = z.infer<typeof school>;

export const schoolListQuery = pageQuery.extend({
  q: z.string().trim().max(50).optional(),
  type: z.string().trim().max(30).optional(),
  areaId: id.optional(),
  consortiumId: id.optional(),
  urbanRural: z.enum(URBAN_RURAL).optional(),
  sort: z.enum(['name', 'type', 'teacherCount']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
});

// ---------- teachers ----------
export const teacherBody = z.object({
  name: z.string().trim().min(1, '请输入姓名').max(30),
  idNumber: z.string().trim().min(1, '请输入身份证号'),
  gender: z.enum(GENDERS).optional(),
  phone: phone.optional().nullable(),
  schoolId: id,
  stage: term('请选择学段'),
  subject: term('请选择学科'),
  title: term('职称无效').optional().nullable(),
  degree: term('学历无效').optional().nullable(),
  hireDate: isoDate.optional().nullable(),
  posts: z.array(term('岗位无效')).max(10).default([]),
  tags: z.array(term('骨干类别无效')).max(10).default([]),
});
export type TeacherBody = z.infer<typeof teacherBody>;

export const teacherUpdateBody = teacherBody
  .omit({ schoolId: true, idNumber: true })
  .partial()
  .extend({
    idNumber: z.string().trim().min(1).optional(),
    // Without a default: a PATCH that omits them must not clear them.
    posts: z.array(term('岗位无效')).max(10).optional(),
    tags: z.array(term('骨干类别无效')).max(10).optional(),
  });

export const transferBody = z.object({
  schoolId: id,
  reason: z.string().trim().max(200).optional(),
});
export const retireBody = z.object({
  status: z.enum(['调出', '退休']),
  date: isoDate.optional(),
  reason: z.string().trim().max(200).optional(),
});
/** retireBody plus `在职` to reinstate (POST /api/teachers/:id/status). */
export const teacherStatusBody = retireBody.extend({
  status: z.enum(TEACHER_STATUSES, { message: '状态应为在职、调出或退休' }),
});

export const teacher = z.object({
  id: z.number(),
  name: z.string(),
  gender: z.enum(GENDERS).nullable(),
  /** The last four characters only: `**************1234`. */
  idNumberMasked: z.string(),
  /** Only for those who may see the full ID number (county admin; the teacher themself). */
  birthDate: z.string().nullable(),
  birthYear: z.number().nullable(),
  phone: z.string().nullable(),
  schoolId: z.number(),
  schoolName: z.string(),
  stage: z.string(),
  subject: z.string(),
  title: z.string().nullable(),
  degree: z.string().nullable(),
  hireDate: z.string().nullable(),
  posts: z.array(z.string()),
  tags: z.array(z.string()),
  status: z.enum(TEACHER_STATUSES),
  hasAccount: z.boolean(),
  /** Where the teacher's account is between creation and first use (null without an account). */
  accountState: z.enum(ACCOUNT_STATES).nullable(),
});
export type Teacher = z.infer<typeof teacher>;

export const teacherDetail = teacher.extend({
  idNumber: z.string().optional(),
  areaName: z.string().nullable(),
  consortiumName: z.string().nullable(),
  statusDate: z.string().nullable(),
  username: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  history: z.array(
    z.object({ at: z.string(), action: z.string(), userName: z.string().nullable(), summary: z.string() }),
  ),
});
export type TeacherDetail = z.infer<typeof teacherDetail>;

export const teacherListQuery = pageQuery.extend({
  q: z.string().trim().max(50).optional(),
  schoolId: id.optional(),
  areaId: id.optional(),
  consortiumId: id.optional(),
  stage: z.string().trim().max(30).optional(),
  subject: z.string().trim().max(30).optional(),
  title: z.string().trim().max(30).optional(),
  degree: z.string().trim().max(30).optional(),
  tag: z.string().trim().max(30).optional(),
  status: z.enum(TEACHER_STATUSES).optional(),
  sort: z.enum(['name', 'school', 'hireDate', 'birthDate', 'updatedAt']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
});
export type TeacherListQuery = z.infer<typeof teacherListQuery>;

// ---------- accounts ----------
export const accountBody = z.object({
  username: z
    .string()
    .trim()
    .min(3, '用户名至少3位')
    .max(32)
    .regex(/^[A-Za-z0-9_.-]+$/, '用户名只能包含字母、数字、下划线、点和横线'),
  displayName: z.string().trim().min(1, '请输入姓名').max(30),
  phone: phone.optional().nullable(),
  role: z.enum(ROLES),
  schoolId: id.nullable().optional(),
  areaId: id.nullable().optional(),
  consortiumId: id.nullable().optional(),
  /** Without one the account gets a one-time activation code (an account slip to print). */
  password: passwordRule.optional(),
  validDays: z.number().int().min(1).max(90).optional(),
});
export const account = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  role: z.enum(ROLES),
  schoolId: z.number().nullable(),
  schoolName: z.string().nullable(),
  areaId: z.number().nullable(),
  areaName: z.string().nullable(),
  consortiumId: z.number().nullable(),
  consortiumName: z.string().nullable(),
  teacherId: z.number().nullable(),
  disabled: z.boolean(),
  /** Sign-ins for this account are being slowed down (repeated wrong passwords). */
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  state: z.enum(ACCOUNT_STATES),
  /** The live activation code's expiry, when one has been issued and not yet used. */
  codeExpiresAt: z.string().nullable(),
});
export type Account = z.infer<typeof account>;
export const accountListQuery = pageQuery.extend({
  q: z.string().trim().max(50).optional(),
  role: z.enum(ROLES).optional(),
  /** e.g. `teacher`: the accounts page hides the thousands of teacher accounts by default */
  excludeRole: z.enum(ROLES).optional(),
  schoolId: id.optional(),
  disabled: z.enum(['true', 'false']).optional(),
  state: z.enum(ACCOUNT_STATES).optional(),
});
/** PATCH /api/accounts/:id: sending any scope id replaces the whole scope (missing ids = none). */
export const accountUpdateBody = z.object({
  displayName: z.string().trim().min(1, '请输入姓名').max(30).optional(),
  phone: phone.optional().nullable(),
  role: z.enum(ROLES).optional(),
  schoolId: id.nullable().optional(),
  areaId: id.nullable().optional(),
  consortiumId: id.nullable().optional(),
});
export type AccountUpdateBody = z.infer<typeof accountUpdateBody>;
export const resetPasswordBody = z.object({ password: passwordRule });
export const setDisabledBody = z.object({ disabled: z.boolean() });

// ---------- audit ----------
export const auditEntry = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.number().nullable(),
  userName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  /** The record in words (a name, a title, 张三 · 《项目》); null for records without one (settings). */
  target: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;
/** GET /api/audit/actions: one option per action present in the region. */
export const auditActionOption = z.object({ action: z.string(), label: z.string() });
export type AuditActionOption = z.infer<typeof auditActionOption>;
export const auditListQuery = pageQuery.extend({
  userId: id.optional(),
  q: z.string().trim().max(50).optional(),
  action: z.string().max(50).optional(),
  entity: z.string().max(50).optional(),
  entityId: z.string().max(50).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

// ---------- imports ----------
export const importError = z.object({ row: z.number(), column: z.string(), message: z.string() });
export type ImportError = z.infer<typeof importError>;
/** One field an update changes, as the preview shows it: 学科 语文 → 数学. */
export const importChange = z.object({ field: z.string(), before: z.string(), after: z.string() });
export type ImportChange = z.infer<typeof importChange>;
/** Values of one kind the county's dictionary lacks, grouped: "骨干类别: 6 unknown values in 684 rows". */
export const importUnknownGroup = z.object({
  /** A dictionary kind, or `school` for school names that match no school. */
  kind: z.string(),
  /** The kind's name (骨干类别/荣誉称号 …). */
  label: z.string(),
  /** The column as headed in the file. */
  column: z.string(),
  rows: z.number(),
  values: z.array(
    z.object({
      value: z.string(),
      rows: z.number(),
      /** The first few rows holding it. */
      sampleRows: z.array(z.number()),
      /** An existing entry (or school) it probably means. */
      suggestion: z.string().nullable(),
    }),
  ),
});
export type ImportUnknownGroup = z.infer<typeof importUnknownGroup>;
/** A sheet value read as a different dictionary entry — never a silent change. */
export const importMapped = z.object({
  kind: z.string(),
  label: z.string(),
  from: z.string(),
  to: z.string(),
  rows: z.number(),
  /** synonym: the dictionary's own; mapping: chosen for this file (or remembered); added: new entry. */
  how: z.enum(['synonym', 'mapping', 'added']),
});
export type ImportMapped = z.infer<typeof importMapped>;
export const importResult = z.object({
  total: z.number(),
  created: z.number(),
  updated: z.number(),
  skipped: z.number(),
  errors: z.array(importError),
  committed: z.boolean().optional(),
  preview: z
    .array(
      z.object({
        row: z.number(),
        action: z.enum(['create', 'update', 'skip', 'error']),
        label: z.string(),
        changes: z.array(importChange).optional(),
      }),
    )
    .optional(),
  /** What was read but not taken as written (the ID number's gender wins, a phone left out …). */
  warnings: z.array(importError).optional(),
  /** Values to map before the commit can write them (or import with autoAdd). */
  unknown: z.array(importUnknownGroup).optional(),
  mapped: z.array(importMapped).optional(),
  /** Entries added to the dictionary (with autoAdd, or by the mapping): `{ "<kind>": [values] }`. */
  added: z.record(z.string(), z.array(z.string())).optional(),
});
export type ImportResult = z.infer<typeof importResult>;
/** POST /api/accounts/import: the import result, and on commit the new accounts' slips. */
export const accountImportResult = importResult.extend({ batch: slipBatch.nullable() });
export type AccountImportResult = z.infer<typeof accountImportResult>;
export const importQuery = z.object({
  dryRun: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
  skipInvalid: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
  jobId: z.string().uuid().optional(),
  /** Values the county's dictionary lacks are added to it (county admin) instead of refused. */
  autoAdd: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
});

export const job = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  phase: z.string().nullable(),
  total: z.number(),
  processed: z.number(),
  message: z.string().nullable(),
});
export type Job = z.infer<typeof job>;

/** A job in the import pages' recent list. */
export const jobListItem = job.extend({ createdAt: z.string(), updatedAt: z.string() });
export type JobListItem = z.infer<typeof jobListItem>;
export const JOB_KINDS = ['teachers.import', 'schools.import', 'credits.import', 'results.import'] as const;
export const jobListQuery = z.object({
  kind: z.enum(JOB_KINDS),
  limit: z.coerce.number().int().min(1).max(50).default(5),
});

// ---------- dashboard ----------
export const overview = z.object({
  schoolCount: z.number(),
  teacherCount: z.number(),
  areaCount: z.number(),
  consortiumCount: z.number(),
  bySchoolType: z.array(z.object({ type: z.string(), schools: z.number(), teachers: z.number() })),
  byStage: z.array(z.object({ stage: z.string(), teachers: z.number() })),
  degreeAttainment: z.array(
    z.object({
      stage: z.string(),
      teachers: z.number(),
      juniorCollegePlus: z.number(),
      bachelorPlus: z.number(),
      postgraduate: z.number(),
      juniorCollegePlusRate: z.number(),
      bachelorPlusRate: z.number(),
      postgraduateRate: z.number(),
    }),
  ),
  byTitle: z.array(z.object({ title: z.string(), teachers: z.number() })),
  byAgeBand: z.array(z.object({ band: z.string(), teachers: z.number() })),
  /** 骨干类别/荣誉称号 as the county's dictionary has them (its own categories too), with their level. */
  byHonour: z.array(z.object({ value: z.string(), level: z.string().nullable(), teachers: z.number() })),
  bySubject: z.array(z.object({ subject: z.string(), teachers: z.number() })),
  ruralShare: z.number(),
});
export type Overview = z.infer<typeof overview>;
