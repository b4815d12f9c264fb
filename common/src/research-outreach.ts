// 送教下乡 (outreach through the county's 五段五步 stages) and the county's compliance page
// (per school, consortium and core school): zod schemas of their API.
import { z } from 'zod';
import { calendarDateTime, dbId } from './primitives.js';
import { RESEARCH_PLAN_STATUSES } from './research-plans.js';
import { pageQuery } from './schemas.js';
import { activitySummary } from './school-research.js';

const id = dbId;
const year = z.coerce.number().int().min(2000, '年份应在2000至2100之间').max(2100, '年份应在2000至2100之间');
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `最多${max}个字`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

export const OUTREACH_ORGANISERS = ['school', 'studio', 'county'] as const;
export type OutreachOrganiser = (typeof OUTREACH_ORGANISERS)[number];
export const OUTREACH_ORGANISER_LABELS: Record<OutreachOrganiser, string> = {
  school: '学校（核心校）',
  studio: '名师工作室',
  county: '县教师发展中心',
};

export const outreachBody = z
  .object({
    organiserKind: z.enum(OUTREACH_ORGANISERS, { message: '请选择送教单位类型' }),
    /** The sending school (a core school; a studio's school); none when the county sends. */
    schoolId: id.nullable().optional(),
    /** A studio's name (学校 and 县 are named by themselves). */
    organiserName: text(60),
    targetSchoolId: id,
    title: z.string().trim().min(1, '请填写送教主题').max(80, '主题最多80字'),
    subject: text(20),
    year,
  })
  .refine((b) => b.organiserKind === 'county' || b.schoolId != null, {
    message: '请选择送教学校',
    path: ['schoolId'],
  })
  .refine((b) => b.organiserKind !== 'studio' || !!b.organiserName, {
    message: '请填写工作室名称',
    path: ['organiserName'],
  });
export type OutreachBody = z.infer<typeof outreachBody>;

/** Schedules one stage: it is held as an activity (check-in, evidence, hours) at the receiving school. */
export const outreachStageBody = z.object({
  stageNo: z.number().int().min(1).max(10),
  title: text(80),
  startsAt: calendarDateTime('开始时间格式无效'),
  endsAt: calendarDateTime('结束时间格式无效'),
  hours: z
    .number({ message: '请填写学时' })
    .gt(0, '学时须大于0')
    .max(40, '一次最多40学时')
    .refine((v) => Math.round(v * 10) === v * 10, '学时最多保留一位小数'),
  place: text(60),
  host: text(40),
});
export type OutreachStageBody = z.infer<typeof outreachStageBody>;

/** Schools a caller may send to: the county any; a core school's admin the member schools of its consortia. */
export const outreachTargets = z.object({
  items: z.array(z.object({ id: z.number(), name: z.string(), urbanRural: z.string() })),
});

export const outreachListQuery = pageQuery.extend({
  year: year.optional(),
  schoolId: id.optional(),
  status: z.enum(['active', 'done']).optional(),
});

export const outreachStage = z.object({
  stageNo: z.number(),
  name: z.string(),
  activity: activitySummary.nullable(),
  /** Held (closed, not withdrawn) and confirmed by the receiving school. */
  done: z.boolean(),
  confirmedAt: z.string().nullable(),
  confirmNote: z.string().nullable(),
});
export type OutreachStage = z.infer<typeof outreachStage>;

export const outreachSummary = z.object({
  id: z.number(),
  organiserKind: z.enum(OUTREACH_ORGANISERS),
  organiserName: z.string(),
  schoolId: z.number().nullable(),
  targetSchoolId: z.number(),
  targetSchoolName: z.string(),
  title: z.string(),
  subject: z.string().nullable(),
  year: z.number(),
  stagesTotal: z.number(),
  stagesDone: z.number(),
  done: z.boolean(),
  createdAt: z.string(),
});
export type OutreachSummary = z.infer<typeof outreachSummary>;

export const outreachList = z.object({ items: z.array(outreachSummary), total: z.number() });

export const outreachDetail = outreachSummary.extend({
  stages: z.array(outreachStage),
  /** Distinct teachers of the sending side recorded as trainers, and of both sides taking part. */
  trainers: z.number(),
  participants: z.number(),
  can: z.object({ manage: z.boolean(), confirm: z.boolean() }),
});
export type OutreachDetail = z.infer<typeof outreachDetail>;

// ---------- compliance ----------

export const complianceQuery = z.object({
  year: year.optional(),
  areaId: id.optional(),
  consortiumId: id.optional(),
});
export type ComplianceQuery = z.infer<typeof complianceQuery>;

export const complianceSchool = z.object({
  schoolId: z.number(),
  schoolName: z.string(),
  areaName: z.string(),
  consortiumName: z.string().nullable(),
  /** The plan of the school year starting this year, the summary of the one ending this year. */
  planStatus: z.enum(RESEARCH_PLAN_STATUSES),
  summaryStatus: z.enum(RESEARCH_PLAN_STATUSES),
  /** Closed activities hosted this year (withdrawn ones not counted). */
  activities: z.number(),
  /** Of which flagged (recorded late, no evidence or evidence uploaded late). */
  flagged: z.number(),
  /** 校培 person-times of the school's teachers in closed, not withdrawn activities (any host). */
  personTimes: z.number(),
  teachersTakingPart: z.number(),
  teacherCount: z.number(),
  /** Hours posted to the school's teachers (net of reversals). */
  hours: z.number(),
  spotChecksPassed: z.number(),
  spotChecksFailed: z.number(),
  readingSalons: z.number(),
});
export type ComplianceSchool = z.infer<typeof complianceSchool>;

export const complianceConsortium = z.object({
  consortiumId: z.number(),
  consortiumName: z.string(),
  coreSchoolName: z.string().nullable(),
  required: z.number(),
  held: z.number(),
  /** Held showcases with at least one evidence file. */
  withEvidence: z.number(),
  behind: z.boolean(),
  lastHeldAt: z.string().nullable(),
});
export type ComplianceConsortium = z.infer<typeof complianceConsortium>;

export const complianceCoreSchool = z.object({
  schoolId: z.number(),
  schoolName: z.string(),
  consortiumName: z.string(),
  required: z.number(),
  /** 送教下乡 of the year with every stage held and confirmed. */
  done: z.number(),
  inProgress: z.number(),
  behind: z.boolean(),
});
export type ComplianceCoreSchool = z.infer<typeof complianceCoreSchool>;

export const compliance = z.object({
  year: z.number(),
  schools: z.array(complianceSchool),
  consortia: z.array(complianceConsortium),
  coreSchools: z.array(complianceCoreSchool),
  totals: z.object({
    schools: z.number(),
    planSubmitted: z.number(),
    summarySubmitted: z.number(),
    activities: z.number(),
    personTimes: z.number(),
    hours: z.number(),
    spotChecksPassed: z.number(),
    spotChecksFailed: z.number(),
    consortiaBehind: z.number(),
    coreSchoolsBehind: z.number(),
  }),
});
export type Compliance = z.infer<typeof compliance>;
