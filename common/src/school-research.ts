// School-based research (校本研修, "千培万培，根在校培"): the county's settings, themed activities
// with check-in, the host's marks and evidence, closing (hours to the ledger, 校培 person-times) and
// spot checks (抽查). zod schemas of the API and the small rules both sides share.
import { z } from 'zod';
import { attachmentDto, attachmentIds } from './attachments.js';
import { calendarDateTime, dbId } from './primitives.js';
import { pageQuery } from './schemas.js';

const id = dbId;
const year = z.coerce.number().int().min(2000, '年份应在2000至2100之间').max(2100, '年份应在2000至2100之间');
const reason = (message: string) => z.string().trim().min(1, message).max(200, '原因最多200字');
/** Optional free text: blank becomes null. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `最多${max}个字`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();
const instant = (what: string) => calendarDateTime(`${what}格式无效（ISO 8601，含时区）`);

// ---------- vocabularies ----------

/** The type that makes an activity a reading salon (counted by the reading programme). */
export const READING_SALON_TYPE = '读书沙龙';
/** The type a 送教下乡 stage is recorded as. */
export const OUTREACH_ACTIVITY_TYPE = '送教下乡';

/** The county's default 五段五步 stages (a county may rename, add or drop them). */
export const DEFAULT_OUTREACH_STAGES = ['调研诊断', '示范引领', '研课磨课', '成果展示', '总结提升'] as const;

export const ACTIVITY_STATUSES = ['open', 'closed', 'withdrawn'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = {
  open: '进行中',
  closed: '已结束（已记学时）',
  withdrawn: '抽查不合格（学时已撤销）',
};

export const ACTIVITY_KINDS_FILTER = ['activity', 'showcase', 'outreach'] as const;
export type ActivityKindFilter = (typeof ACTIVITY_KINDS_FILTER)[number];
export const ACTIVITY_KIND_FILTER_LABELS: Record<ActivityKindFilter, string> = {
  activity: '校本研修活动',
  showcase: '教联体联合展示',
  outreach: '送教下乡',
};

export const PARTICIPANT_ROLES = ['participant', 'trainer'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
export const PARTICIPANT_ROLE_LABELS: Record<ParticipantRole, string> = {
  participant: '参与教师',
  trainer: '授课教师',
};

export const SPOT_CHECK_VERDICTS = ['pending', 'passed', 'failed'] as const;
export type SpotCheckVerdict = (typeof SPOT_CHECK_VERDICTS)[number];
export const SPOT_CHECK_VERDICT_LABELS: Record<SpotCheckVerdict, string> = {
  pending: '待抽查',
  passed: '合格',
  failed: '不合格',
};

/** Flags against 虚假式研修 (research that exists only on paper). */
export const ACTIVITY_FLAGS = ['recordedLate', 'noEvidence', 'lateEvidence'] as const;
export type ActivityFlag = (typeof ACTIVITY_FLAGS)[number];
export const ACTIVITY_FLAG_LABELS: Record<ActivityFlag, string> = {
  recordedLate: '补录（活动结束后很久才登记）',
  noEvidence: '无过程材料',
  lateEvidence: '材料补传（结束后很久才上传）',
};

/** Longest activity and most hours one activity may carry. */
export const ACTIVITY_MAX_HOURS = 40;
export const ACTIVITY_MAX_DAYS = 7;

// ---------- settings ----------

export const researchSettingsBody = z.object({
  showcasesPerYear: z.number().int().min(0, '不能为负数').max(20, '每年最多20次'),
  outreachPerYear: z.number().int().min(0, '不能为负数').max(20, '每年最多20次'),
  lateAfterDays: z.number().int().min(1, '至少1天').max(90, '最多90天'),
  outreachStages: z
    .array(z.string().trim().min(1, '阶段名称不能为空').max(20, '阶段名称最多20字'))
    .min(1, '至少一个阶段')
    .max(10, '最多10个阶段')
    .refine((a) => new Set(a).size === a.length, '阶段名称不能重复'),
});
export type ResearchSettingsBody = z.infer<typeof researchSettingsBody>;

export const researchSettings = researchSettingsBody.extend({
  /** The activity types the county uses (its dictionary). */
  activityTypes: z.array(z.string()),
  /** The credit rule for school-based research, in hours (from the county's credit rule set). */
  credit: z.object({ activityCap: z.number().nullable(), yearCap: z.number().nullable(), ruleName: z.string() }),
  saved: z.boolean(),
});
export type ResearchSettings = z.infer<typeof researchSettings>;

// ---------- activities ----------

const hours = z
  .number({ message: '请填写学时' })
  .gt(0, '学时须大于0')
  .max(ACTIVITY_MAX_HOURS, `一次活动最多${ACTIVITY_MAX_HOURS}学时`)
  .refine((v) => Math.round(v * 10) === v * 10, '学时最多保留一位小数');
const shortList = (max: number, what: string) =>
  z.array(z.string().trim().min(1).max(20)).max(max, `${what}最多${max}个`).optional();

/** The integration contract: `{ schoolId, title, type, startsAt, endsAt, hours }` plus optional details. */
export const activityBody = z.object({
  schoolId: id,
  title: z.string().trim().min(1, '请填写活动主题').max(80, '主题最多80字'),
  type: z.string().trim().min(1, '请选择活动类型').max(20),
  startsAt: instant('开始时间'),
  endsAt: instant('结束时间'),
  hours,
  place: text(60),
  host: text(40),
  description: text(2000),
  /** Other schools whose teachers take part (a joint activity); the host school always does. */
  schoolIds: z.array(id).max(50, '最多50所学校').optional(),
  /** A teaching-research group: only teachers of these subjects / stages (empty = everyone). */
  subjects: shortList(10, '学科'),
  stages: shortList(6, '学段'),
  /** A consortium's joint themed showcase (the host must be its core school). */
  consortiumId: id.nullable().optional(),
});
export type ActivityBody = z.infer<typeof activityBody>;

export const activityUpdateBody = activityBody.omit({ schoolId: true, consortiumId: true }).partial();
export type ActivityUpdateBody = z.infer<typeof activityUpdateBody>;

export const createdResult = z.object({ id: z.number() });

export const activityListQuery = pageQuery.extend({
  year: year.optional(),
  schoolId: id.optional(),
  areaId: id.optional(),
  consortiumId: id.optional(),
  type: z.string().max(20).optional(),
  status: z.enum(ACTIVITY_STATUSES).optional(),
  kind: z.enum(ACTIVITY_KINDS_FILTER).optional(),
  flagged: z.enum(['1', 'true']).optional(),
  q: z.string().trim().max(40).optional(),
});
export type ActivityListQuery = z.infer<typeof activityListQuery>;

/** One uploaded file with who uploaded it and when (evidence against 虚假式研修). */
export const stampedAttachment = attachmentDto.extend({
  uploadedAt: z.string(),
  uploadedBy: z.string(),
  /** Uploaded more than the county's late_after_days after the activity ended. */
  late: z.boolean(),
});
export type StampedAttachment = z.infer<typeof stampedAttachment>;

export const activitySummary = z.object({
  id: z.number(),
  schoolId: z.number(),
  schoolName: z.string(),
  title: z.string(),
  type: z.string(),
  place: z.string().nullable(),
  host: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  hours: z.number(),
  status: z.enum(ACTIVITY_STATUSES),
  statusLabel: z.string(),
  consortiumId: z.number().nullable(),
  consortiumName: z.string().nullable(),
  outreachId: z.number().nullable(),
  stageNo: z.number().nullable(),
  participants: z.number(),
  evidence: z.number(),
  flags: z.array(z.enum(ACTIVITY_FLAGS)),
  spotCheck: z.enum(SPOT_CHECK_VERDICTS).nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type ActivitySummary = z.infer<typeof activitySummary>;

export const activityList = z.object({ items: z.array(activitySummary), total: z.number() });
export type ActivityList = z.infer<typeof activityList>;

export const spotCheck = z.object({
  id: z.number(),
  activityId: z.number(),
  activityTitle: z.string(),
  schoolName: z.string(),
  endsAt: z.string(),
  verdict: z.enum(SPOT_CHECK_VERDICTS),
  verdictLabel: z.string(),
  reason: z.string().nullable(),
  checkedBy: z.string().nullable(),
  checkerRole: z.string().nullable(),
  reversedEntries: z.number(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type SpotCheck = z.infer<typeof spotCheck>;

export const activityDetail = activitySummary.extend({
  description: z.string().nullable(),
  schoolIds: z.array(z.number()),
  schoolNames: z.array(z.string()),
  subjects: z.array(z.string()),
  stages: z.array(z.string()),
  outreachTitle: z.string().nullable(),
  stageName: z.string().nullable(),
  /** Who may check in: active teachers of the schools, narrowed by subjects/stages. */
  expected: z.number(),
  evidenceFiles: z.array(stampedAttachment),
  spotChecks: z.array(spotCheck),
  createdBy: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  confirmNote: z.string().nullable(),
  /** The hours each participant gets under the county's rule (the activity's, capped per activity). */
  creditedHours: z.number(),
  /** What the caller may do here. */
  can: z.object({ manage: z.boolean(), spotCheck: z.boolean(), confirm: z.boolean() }),
});
export type ActivityDetail = z.infer<typeof activityDetail>;

// ---------- participants ----------

export const participantsQuery = pageQuery.extend({ q: z.string().trim().max(40).optional() });

export const activityParticipant = z.object({
  teacherId: z.number(),
  teacherName: z.string(),
  schoolId: z.number(),
  schoolName: z.string(),
  subject: z.string(),
  role: z.enum(PARTICIPANT_ROLES),
  status: z.enum(['present', 'late']),
  method: z.enum(['qr', 'manual']),
  checkedAt: z.string(),
  reason: z.string().nullable(),
});
export type ActivityParticipant = z.infer<typeof activityParticipant>;

export const activityParticipants = z.object({
  items: z.array(activityParticipant),
  total: z.number(),
  expected: z.number(),
});
export type ActivityParticipants = z.infer<typeof activityParticipants>;

/** The integration contract: `{ teacherIds, reason }` marks participants by hand. */
export const activityAttendanceBody = z.object({
  teacherIds: z.array(id).min(1, '请至少选择一位教师').max(500, '一次最多500位教师'),
  reason: reason('请填写补录原因（例如：手机无法扫码）'),
  /** 送教下乡: the teachers sent are recorded as trainers. */
  role: z.enum(PARTICIPANT_ROLES).optional(),
});
export type ActivityAttendanceBody = z.infer<typeof activityAttendanceBody>;

export const activityRemoveBody = z.object({
  teacherIds: z.array(id).min(1, '请至少选择一位教师').max(500, '一次最多500位教师'),
  reason: reason('请填写移除原因'),
});

export const attendanceChange = z.object({ changed: z.number(), unchanged: z.number() });

export const candidatesQuery = pageQuery.extend({ q: z.string().trim().max(40).optional() });
export const activityCandidate = z.object({
  id: z.number(),
  name: z.string(),
  schoolId: z.number(),
  schoolName: z.string(),
  subject: z.string(),
  stage: z.string(),
});
export const activityCandidates = z.object({ items: z.array(activityCandidate), total: z.number() });

// ---------- QR check-in ----------

export const activityQr = z.object({
  activityId: z.number(),
  token: z.string(),
  url: z.string(),
  expiresInMs: z.number(),
  rotatesEverySeconds: z.number(),
  window: z.object({ opensAt: z.string(), closesAt: z.string() }),
  open: z.boolean(),
  checkedIn: z.number(),
  expected: z.number(),
});
export type ActivityQr = z.infer<typeof activityQr>;

export const activityCheckinBody = z.object({
  activityId: id,
  token: z.string().trim().min(1, '缺少二维码参数，请重新扫码').max(128),
});
export type ActivityCheckinBody = z.infer<typeof activityCheckinBody>;

export const activityCheckinResult = z.object({
  activityId: z.number(),
  title: z.string(),
  type: z.string(),
  schoolName: z.string(),
  status: z.enum(['present', 'late']),
  checkedAt: z.string(),
  alreadyCheckedIn: z.boolean(),
  method: z.enum(['qr', 'manual']),
  hours: z.number(),
});
export type ActivityCheckinResult = z.infer<typeof activityCheckinResult>;

// ---------- evidence, close, confirm ----------

export const evidenceBody = z.object({ attachmentIds: attachmentIds.min(1, '请选择要上传的材料') });

export const closeResult = z.object({
  /** False when the activity was closed already (nothing changed). */
  closed: z.boolean(),
  participants: z.number(),
  /** Ledger entries written by this call. */
  posted: z.number(),
  hoursEach: z.number(),
});
export type CloseResult = z.infer<typeof closeResult>;

export const confirmBody = z.object({ note: text(200) });

// ---------- spot checks ----------

export const spotCheckBody = z
  .object({
    verdict: z.enum(['passed', 'failed'], { message: '结论应为合格或不合格' }),
    reason: text(500),
  })
  .refine((b) => b.verdict !== 'failed' || !!b.reason, {
    message: '不合格须写明原因（将随学时撤销记入台账）',
    path: ['reason'],
  });
export type SpotCheckBody = z.infer<typeof spotCheckBody>;

export const spotCheckResult = z.object({ id: z.number(), verdict: z.enum(SPOT_CHECK_VERDICTS), reversed: z.number() });

export const sampleBody = z.object({
  year,
  count: z.number().int().min(1, '至少抽取1项').max(50, '一次最多抽取50项'),
  schoolId: id.optional(),
});
export type SampleBody = z.infer<typeof sampleBody>;

export const spotCheckListQuery = pageQuery.extend({
  year: year.optional(),
  verdict: z.enum(SPOT_CHECK_VERDICTS).optional(),
  schoolId: id.optional(),
});
export const spotCheckList = z.object({ items: z.array(spotCheck), total: z.number() });

// ---------- the teacher's own ----------

export const myResearchQuery = z.object({ year: year.optional() });
export const myResearchItem = z.object({
  activityId: z.number(),
  title: z.string(),
  type: z.string(),
  schoolName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  role: z.enum(PARTICIPANT_ROLES),
  method: z.enum(['qr', 'manual']),
  checkedAt: z.string(),
  status: z.enum(ACTIVITY_STATUSES),
  /** Hours posted for this activity (0 until closed, or after a failed spot check). */
  hours: z.number(),
});
export const myResearch = z.object({
  year: z.number(),
  items: z.array(myResearchItem),
  totalHours: z.number(),
  personTimes: z.number(),
});
export type MyResearch = z.infer<typeof myResearch>;

// ---------- small rules ----------

/** Beijing calendar year of an instant. */
export function beijingYear(iso: string | Date): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date(iso)));
}

/** Checks the time window of an activity; returns the Chinese message of what is wrong, or null. */
export function activityWindowProblem(startsAt: string, endsAt: string): string | null {
  const a = new Date(startsAt).getTime();
  const b = new Date(endsAt).getTime();
  if (!(b > a)) return '结束时间须晚于开始时间';
  if (b - a > ACTIVITY_MAX_DAYS * 86_400_000) return `一次活动最长${ACTIVITY_MAX_DAYS}天`;
  return null;
}
