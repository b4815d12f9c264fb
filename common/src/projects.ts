// The training plan: categories, the trainer pool, projects with their trainers and sessions.
// Field checks live in the schemas; rules spanning fields (level ⇔ organiser, dates, …) are pure
// functions below so the server (after merging a PATCH) and the web forms apply the same ones.
import { z } from 'zod';
import { TITLES } from './enums.js';
import { bodyDbId, calendarDate, calendarDateTime, calendarMonth, dbId } from './primitives.js';
import { pageQuery } from './schemas.js';
import {
  DEFAULT_COMPLETION_RULE,
  LEVELS,
  type Level,
  MODES,
  PARTICIPATION_STATUSES,
  PLAN_UTC_OFFSET,
  PROJECT_STATUSES,
  UPPER_LEVELS,
} from './training.js';

export const ORGANISER_TYPES = ['county', 'school', 'upper'] as const;
export type OrganiserType = (typeof ORGANISER_TYPES)[number];
export const ORGANISER_TYPE_LABELS: Record<OrganiserType, string> = {
  county: '县级',
  school: '学校',
  upper: '上级',
};
export const ENROL_MODES = ['nomination', 'open'] as const;
export type EnrolMode = (typeof ENROL_MODES)[number];
export const ENROL_MODE_LABELS: Record<EnrolMode, string> = { nomination: '推荐遴选', open: '自主报名' };
export const TRAINER_KINDS = ['county', 'external'] as const;
export type TrainerKind = (typeof TRAINER_KINDS)[number];
export const TRAINER_KIND_LABELS: Record<TrainerKind, string> = { county: '县内教师', external: '外聘专家' };
export const TRAINER_ROLES = ['主讲', '助教'] as const;
export type TrainerRole = (typeof TRAINER_ROLES)[number];

const isoDate = calendarDate();
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM（24小时制）');
const id = dbId;
/** Optional free text: blank becomes null. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `最多${max}个字`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

/** `Asia/Shanghai` wall-clock date + time → an instant (ISO-8601 with offset). */
export const planInstant = (date: string, time: string) => `${date}T${time}:00${PLAN_UTC_OFFSET}`;

/** A deadline given as a bare date means the end of that day in Beijing time. */
export const deadlineInstant = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? planInstant(v, '23:59') : v);

/** The organiser type a level implies: 校培 → school, 国培/省培/市州培 → upper, 县培 → county. */
export function organiserTypeOf(level: Level): OrganiserType {
  if (level === '校培') return 'school';
  if (UPPER_LEVELS.includes(level)) return 'upper';
  return 'county';
}
export const isUpperLevel = (level: string) => UPPER_LEVELS.includes(level as Level);

// ---------- categories ----------
export const trainingCategory = z.object({
  id: z.number(),
  name: z.string(),
  sort: z.number(),
  archived: z.boolean(),
  projectCount: z.number(),
});
export type TrainingCategory = z.infer<typeof trainingCategory>;
const categoryName = z.string().trim().min(1, '请输入类别名称').max(40, '类别名称最多40个字');
export const categoryBody = z.object({ name: categoryName, sort: z.number().int().min(0).max(9999).optional() });
export const categoryUpdateBody = z.object({
  name: categoryName.optional(),
  sort: z.number().int().min(0).max(9999).optional(),
  archived: z.boolean().optional(),
});

// ---------- trainer pool ----------
const trainerFields = {
  organisation: text(100),
  title: text(40),
  expertise: text(200),
  phone: text(30),
  intro: text(2000),
  /** A `trainer`-role account that acts for this trainer (sees and runs the projects they teach). */
  userId: id.nullable().optional(),
};
export const trainerCreateBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('county'),
    /** Name and title are copied from the teacher record. */
    teacherId: id,
    ...trainerFields,
  }),
  z.object({
    kind: z.literal('external'),
    name: z.string().trim().min(1, '请输入专家姓名').max(30),
    ...trainerFields,
  }),
]);
export type TrainerCreateBody = z.infer<typeof trainerCreateBody>;
export const trainerUpdateBody = z.object({
  name: z.string().trim().min(1, '请输入姓名').max(30).optional(),
  ...trainerFields,
  active: z.boolean().optional(),
});
export type TrainerUpdateBody = z.infer<typeof trainerUpdateBody>;
export const trainer = z.object({
  id: z.number(),
  kind: z.enum(TRAINER_KINDS),
  teacherId: z.number().nullable(),
  schoolId: z.number().nullable(),
  schoolName: z.string().nullable(),
  userId: z.number().nullable(),
  username: z.string().nullable(),
  name: z.string(),
  organisation: z.string().nullable(),
  title: z.string().nullable(),
  expertise: z.string().nullable(),
  phone: z.string().nullable(),
  intro: z.string().nullable(),
  active: z.boolean(),
  projectCount: z.number(),
});
export type Trainer = z.infer<typeof trainer>;
export const trainerListQuery = pageQuery.extend({
  /** Name, organisation or expertise (contains). */
  q: z.string().trim().max(50).optional(),
  kind: z.enum(TRAINER_KINDS).optional(),
  expertise: z.string().trim().max(50).optional(),
  /** Default: active only. */
  active: z.enum(['true', 'false', 'all']).optional(),
});
export type TrainerListQuery = z.infer<typeof trainerListQuery>;

// ---------- projects ----------
const dictTerm = (message: string) => z.string({ message }).trim().min(1, message).max(30, message);
export const eligibilitySchema = z.object({
  // Values of the county's dictionaries (the server checks them).
  stages: z.array(dictTerm('学段无效')).max(10).optional(),
  subjects: z.array(dictTerm('学科无效')).max(30).optional(),
  tags: z.array(dictTerm('骨干类别无效')).max(20).optional(),
  minYears: z.number().int().min(0, '教龄不能为负').max(60).nullable().optional(),
  maxYears: z.number().int().min(0, '教龄不能为负').max(60).nullable().optional(),
  newTeachersOnly: z.boolean().optional(),
  /** Any of these posts (班主任, 中层干部, 校长 …). */
  posts: z.array(dictTerm('岗位无效')).max(10).optional(),
  /** This title or above. */
  minTitle: z.enum(TITLES, { message: '职称无效' }).nullable().optional(),
});
export type EligibilityInput = z.infer<typeof eligibilitySchema>;
const scoreLine = (what: string) =>
  z
    .number({ message: `${what}应为数字` })
    .min(0, `${what}不能小于0`)
    .max(100, `${what}不能大于100`)
    .refine((v) => Math.round(v * 10) === v * 10, `${what}最多保留一位小数`)
    .nullable()
    .optional();
export const completionRuleSchema = z
  .object({
    minAttendanceRate: z.number().min(0, '出勤率要求应在0到1之间').max(1, '出勤率要求应在0到1之间'),
    requirePass: z.boolean(),
    /** Score lines of this project; null or absent = the county's defaults (GET /api/assessment/settings). */
    passScore: scoreLine('及格分数线'),
    excellentScore: scoreLine('优秀分数线'),
  })
  .refine((r) => r.passScore == null || r.excellentScore == null || r.passScore <= r.excellentScore, {
    message: '优秀分数线不能低于及格分数线',
    path: ['excellentScore'],
  });

/** Fields of a project as the API takes them; no defaults here, so a PATCH never resets a field. */
const projectFields = {
  name: z.string().trim().min(1, '请输入项目名称').max(100, '项目名称最多100个字'),
  /** 项目编号, unique in the region when given. */
  code: text(40),
  level: z.enum(LEVELS, { message: '级别应为国培、省培、市州培、县培或校培' }),
  /** One of the region's categories (GET /api/training/categories). */
  category: z.string().trim().min(1, '请选择类别').max(40),
  mode: z.enum(MODES, { message: '培训形式无效' }),
  /** Implied by the level when omitted. */
  organiserType: z.enum(ORGANISER_TYPES, { message: '主办方类型应为 county、school 或 upper' }),
  organiser: text(100),
  /** The school of a 校培 project. */
  schoolId: id.nullable(),
  startDate: isoDate,
  endDate: isoDate,
  place: text(200),
  hours: z
    .number({ message: '请输入学时' })
    .positive('学时须大于0')
    .max(9999, '学时过大')
    .refine((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-6, '学时最多一位小数'),
  capacity: z.number().int('人数上限须为整数').min(1, '人数上限至少为1').max(100000).nullable(),
  enrolMode: z.enum(ENROL_MODES, { message: '报名方式应为 nomination（推荐遴选）或 open（自主报名）' }),
  /** ISO-8601 instant, or a date (the end of that day, Beijing time). */
  enrolDeadline: z
    .union([isoDate, calendarDateTime('报名截止时间格式无效')], {
      message: '报名截止时间格式无效',
    })
    .nullable(),
  eligibility: eligibilitySchema,
  completionRule: completionRuleSchema,
  budget: z.number().min(0, '预算不能为负').max(9_999_999_999).nullable(),
  description: text(5000),
  /** Places received from the upper level (国培/省培/市州培 only). */
  upperQuota: z.number().int().min(0, '名额不能为负').max(100000).nullable(),
};
export const projectBody = z.object({
  ...projectFields,
  organiserType: projectFields.organiserType.optional(),
  schoolId: projectFields.schoolId.optional(),
  capacity: projectFields.capacity.optional(),
  enrolMode: projectFields.enrolMode.default('nomination'),
  enrolDeadline: projectFields.enrolDeadline.optional(),
  eligibility: eligibilitySchema.default({}),
  completionRule: completionRuleSchema.default(DEFAULT_COMPLETION_RULE),
  budget: projectFields.budget.optional(),
  upperQuota: projectFields.upperQuota.optional(),
});
export type ProjectBody = z.infer<typeof projectBody>;
export const projectUpdateBody = z.object(projectFields).partial();
export type ProjectUpdateBody = z.infer<typeof projectUpdateBody>;

/** A project with every field settled (after defaults, or after merging a PATCH onto the record). */
export interface ProjectDraft {
  level: Level;
  organiserType: OrganiserType;
  schoolId: number | null;
  startDate: string;
  endDate: string;
  enrolDeadline: string | null;
  eligibility: EligibilityInput;
  upperQuota: number | null;
}

/** Rules spanning fields; answers field → Chinese message (empty = fine). */
export function projectProblems(p: ProjectDraft): Record<string, string> {
  const out: Record<string, string> = {};
  if (p.endDate < p.startDate) out.endDate = '结束日期不能早于开始日期';
  const expected = organiserTypeOf(p.level);
  if (p.organiserType !== expected) {
    out.organiserType = `${p.level}项目的主办方应为${ORGANISER_TYPE_LABELS[expected]}（${expected}）`;
  }
  if (p.level === '校培' && p.schoolId == null) out.schoolId = '校培项目须指定学校';
  if (p.level !== '校培' && p.schoolId != null) out.schoolId = '只有校培项目属于某一学校';
  if (p.upperQuota != null && !isUpperLevel(p.level)) out.upperQuota = '仅国培、省培、市州培项目可填写上级分配名额';
  const { minYears, maxYears } = p.eligibility;
  if (minYears != null && maxYears != null && minYears > maxYears) {
    out['eligibility.maxYears'] = '教龄上限不能小于下限';
  }
  if (p.enrolDeadline) {
    const deadline = new Date(deadlineInstant(p.enrolDeadline)).getTime();
    if (deadline > new Date(planInstant(p.endDate, '23:59')).getTime() + 60_000) {
      out.enrolDeadline = '报名截止时间不能晚于项目结束日期';
    }
  }
  return out;
}

export const participantCounts = z.object(
  Object.fromEntries(PARTICIPATION_STATUSES.map((s) => [s, z.number()])) as Record<
    (typeof PARTICIPATION_STATUSES)[number],
    z.ZodNumber
  >,
);
export type ParticipantCounts = z.infer<typeof participantCounts>;

export const projectListItem = z.object({
  id: z.number(),
  code: z.string().nullable(),
  name: z.string(),
  year: z.number(),
  level: z.enum(LEVELS),
  category: z.string(),
  mode: z.string(),
  organiserType: z.enum(ORGANISER_TYPES),
  organiser: z.string().nullable(),
  schoolId: z.number().nullable(),
  schoolName: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string(),
  place: z.string().nullable(),
  hours: z.number(),
  capacity: z.number().nullable(),
  enrolMode: z.enum(ENROL_MODES),
  enrolDeadline: z.string().nullable(),
  status: z.enum(PROJECT_STATUSES),
  upperQuota: z.number().nullable(),
  sessionCount: z.number(),
  /** Participations by status (the whole project). */
  participants: participantCounts,
  /** Sum of the places allocated to schools. */
  quotaTotal: z.number(),
  updatedAt: z.string(),
});
export type ProjectListItem = z.infer<typeof projectListItem>;

export const projectListQuery = pageQuery.extend({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  level: z.enum(LEVELS).optional(),
  category: z.string().trim().max(40).optional(),
  mode: z.enum(MODES).optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  organiserType: z.enum(ORGANISER_TYPES).optional(),
  enrolMode: z.enum(ENROL_MODES).optional(),
  /** 校培 projects of this school. */
  schoolId: id.optional(),
  /** Name, code or organiser (contains). */
  q: z.string().trim().max(50).optional(),
  /** Projects overlapping [from, to]. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  sort: z.enum(['startDate', 'name', 'level', 'status', 'hours', 'updatedAt']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
});
export type ProjectListQuery = z.infer<typeof projectListQuery>;

export const projectSession = z.object({
  id: z.number(),
  projectId: z.number(),
  /** Beijing wall-clock date and times. */
  date: z.string(),
  start: z.string(),
  end: z.string(),
  /** The same as instants (ISO-8601, UTC). */
  startsAt: z.string(),
  endsAt: z.string(),
  topic: z.string(),
  trainerId: z.number().nullable(),
  trainerName: z.string().nullable(),
  room: z.string().nullable(),
  attendanceCount: z.number(),
});
export type ProjectSession = z.infer<typeof projectSession>;

export const sessionBody = z
  .object({
    date: isoDate,
    start: hhmm,
    end: hhmm,
    topic: z.string().trim().min(1, '请输入课次主题').max(100, '主题最多100个字'),
    trainerId: id.nullable().optional(),
    room: text(100),
  })
  .refine((s) => s.end > s.start, { path: ['end'], message: '结束时间须晚于开始时间' });
export type SessionBody = z.infer<typeof sessionBody>;
export const sessionUpdateBody = z
  .object({
    date: isoDate,
    start: hhmm,
    end: hhmm,
    topic: z.string().trim().min(1, '请输入课次主题').max(100, '主题最多100个字'),
    trainerId: id.nullable(),
    room: text(100),
  })
  .partial();
export type SessionUpdateBody = z.infer<typeof sessionUpdateBody>;
export const sessionListQuery = pageQuery.extend({ pageSize: z.coerce.number().int().min(1).max(200).default(200) });

/** Why a session's settled time does not fit (field → message). */
export function sessionProblems(
  s: { date: string; start: string; end: string },
  project: { startDate: string; endDate: string },
): Record<string, string> {
  const out: Record<string, string> = {};
  if (s.end <= s.start) out.end = '结束时间须晚于开始时间';
  if (s.date < project.startDate || s.date > project.endDate) {
    out.date = `课次日期须在项目日期 ${project.startDate} 至 ${project.endDate} 之内`;
  }
  return out;
}

export const projectTrainer = z.object({
  trainerId: z.number(),
  name: z.string(),
  kind: z.enum(TRAINER_KINDS),
  organisation: z.string().nullable(),
  title: z.string().nullable(),
  role: z.string().nullable(),
  active: z.boolean(),
});
export type ProjectTrainer = z.infer<typeof projectTrainer>;
export const projectTrainersBody = z.object({
  trainers: z
    .array(
      z.object({
        trainerId: bodyDbId,
        role: z.enum(TRAINER_ROLES, { message: '角色应为“主讲”或“助教”' }).default('主讲'),
      }),
    )
    .max(50, '一个项目最多50位培训者'),
});

export const projectQuotaSummary = z.object({
  /** Places allocated to all schools. */
  total: z.number(),
  schoolCount: z.number(),
  /** Per school, only the schools in the caller's scope. `taken` = nominated + enrolled + finished. */
  items: z.array(z.object({ schoolId: z.number(), schoolName: z.string(), quota: z.number(), taken: z.number() })),
});

export const projectDetail = projectListItem.extend({
  eligibility: eligibilitySchema,
  completionRule: completionRuleSchema,
  /** null for teachers and trainers. */
  budget: z.number().nullable(),
  description: z.string().nullable(),
  source: z.string().nullable(),
  createdAt: z.string(),
  trainers: z.array(projectTrainer),
  sessions: z.array(projectSession),
  quotas: projectQuotaSummary,
  /** Statuses the project may move to next. */
  nextStatuses: z.array(z.enum(PROJECT_STATUSES)),
  /** What the caller may do (the server enforces it anyway). */
  can: z.object({ edit: z.boolean(), delete: z.boolean(), changeStatus: z.boolean() }),
});
export type ProjectDetail = z.infer<typeof projectDetail>;

export const projectStatusBody = z.object({
  to: z.enum(PROJECT_STATUSES, { message: '目标状态无效' }),
  reason: z.string().trim().max(200).optional(),
});

export const calendarQuery = z.object({
  month: calendarMonth,
  level: z.enum(LEVELS).optional(),
  category: z.string().trim().max(40).optional(),
  mode: z.enum(MODES).optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  schoolId: id.optional(),
});
export const calendarProject = projectListItem.pick({
  id: true,
  name: true,
  level: true,
  category: true,
  mode: true,
  status: true,
  organiserType: true,
  schoolId: true,
  schoolName: true,
  startDate: true,
  endDate: true,
  place: true,
  hours: true,
});
export const calendarSession = projectSession.omit({ attendanceCount: true }).extend({
  projectName: z.string(),
  level: z.enum(LEVELS),
});
export const planCalendar = z.object({
  month: z.string(),
  /** First and last day of the month. */
  from: z.string(),
  to: z.string(),
  projects: z.array(calendarProject),
  sessions: z.array(calendarSession),
});
export type PlanCalendar = z.infer<typeof planCalendar>;

/** First and last day of `YYYY-MM`. */
export function monthRange(month: string): { from: string; to: string; next: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}`, next };
}
