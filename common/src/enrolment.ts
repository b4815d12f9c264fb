// Quotas, nominations (遴选/选派), review, upper-level sending and self-enrolment: shapes shared by
// the server (validation + OpenAPI) and the web (forms + types), plus the small pure rules.
import { z } from 'zod';
import { bodyDbId, dbId } from './primitives.js';
import { LEVELS, MODES, PARTICIPATION_STATUSES, PROJECT_STATUSES, RESULTS } from './training.js';

const id = dbId;
const idList = (what: string, max = 500) =>
  z.array(bodyDbId).min(1, `请至少选择一名${what}`).max(max, `一次最多 ${max} 名${what}`);

// ---------- pure rules ----------

/** Registration cycles are 5 years: 2021–2025, 2026–2030 … (the cycle containing `year`). */
export function creditCycleOf(year: number): { start: number; end: number } {
  const start = 2021 + 5 * Math.floor((year - 2021) / 5);
  return { start, end: start + 4 };
}

/** Participation statuses that hold a place in a project (count against capacity and quotas). */
export const PLACE_HOLDING_STATUSES = ['enrolled', 'completed', 'failed'] as const;
/** Statuses counted against a school's quota: places held plus nominations awaiting review. */
export const QUOTA_COUNTED_STATUSES = ['nominated', 'enrolled', 'completed', 'failed'] as const;
/** A teacher in one of these may be nominated / sent / enrol again (the row is reused). */
export const REUSABLE_STATUSES = ['rejected', 'withdrawn'] as const;

// ---------- quotas ----------

export const projectQuotaRow = z.object({
  schoolId: z.number(),
  schoolName: z.string(),
  areaId: z.number().nullable(),
  areaName: z.string().nullable(),
  urbanRural: z.string(),
  /** null = no quota allocated to this school. */
  quota: z.number().nullable(),
  /** Nominations awaiting review. */
  nominated: z.number(),
  /** Holding a place (enrolled, completed, failed). */
  approved: z.number(),
});
export type ProjectQuotaRow = z.infer<typeof projectQuotaRow>;

export const projectQuotaList = z.object({
  items: z.array(projectQuotaRow),
  total: z.number(),
  /** The ceiling for the sum of quotas: upperQuota for upper-level projects, else capacity (null = none). */
  limit: z.number().nullable(),
  allocated: z.number(),
  nominated: z.number(),
  approved: z.number(),
});
export type ProjectQuotaList = z.infer<typeof projectQuotaList>;

export const projectQuotaListQuery = z.object({
  /** true: every school in scope, also those without a quota (for the allocation screen). */
  all: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

export const quotaPutBody = z
  .array(
    z.object({
      schoolId: bodyDbId,
      quota: z.number().int('名额应为整数').min(0, '名额不能为负数').max(100000),
    }),
  )
  .max(2000);
export type QuotaPutBody = z.infer<typeof quotaPutBody>;

export const quotaAllocateBody = z.object({
  /** Places to split (default: upperQuota for upper-level projects, else capacity). */
  total: z.number().int().min(0).max(100000).optional(),
  /** Rural schools' teachers count this many times (倾斜). */
  ruralWeight: z.number().min(1, '乡村学校权重应在 1.0–3.0 之间').max(3, '乡村学校权重应在 1.0–3.0 之间').default(1),
  /** Only these schools (default: every school of the region). */
  schoolIds: z.array(bodyDbId).max(2000).optional(),
  /** Count only teachers eligible for the project (default true); false: every serving teacher. */
  eligibleOnly: z.boolean().default(true),
});
export type QuotaAllocateBody = z.infer<typeof quotaAllocateBody>;

export const quotaProposal = z.object({
  items: z.array(
    z.object({
      schoolId: z.number(),
      schoolName: z.string(),
      urbanRural: z.string(),
      teachers: z.number(),
      weight: z.number(),
      quota: z.number(),
    }),
  ),
  total: z.number(),
  allocated: z.number(),
  /** Places left over because the schools have too few (eligible) teachers. */
  shortfall: z.number(),
});
export type QuotaProposal = z.infer<typeof quotaProposal>;

// ---------- candidates and nominations ----------

export const candidateQuery = z.object({
  schoolId: id.optional(),
  q: z.string().trim().max(50).optional(),
  eligibleOnly: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type CandidateQuery = z.infer<typeof candidateQuery>;

export const dateClash = z.object({
  projectId: z.number(),
  projectName: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  status: z.enum(PARTICIPATION_STATUSES),
});

export const candidate = z.object({
  teacherId: z.number(),
  name: z.string(),
  idNumberMasked: z.string(),
  schoolId: z.number(),
  schoolName: z.string(),
  stage: z.string(),
  subject: z.string(),
  title: z.string().nullable(),
  tags: z.array(z.string()),
  posts: z.array(z.string()),
  hireDate: z.string().nullable(),
  eligible: z.boolean(),
  /** Why not eligible (Chinese), empty when eligible. */
  reasons: z.array(z.string()),
  hoursThisCycle: z.number(),
  cycle: z.string(),
  trainingsThisYear: z.number(),
  clashes: z.array(dateClash),
  /** The teacher's participation in this project, if any. */
  participationId: z.number().nullable(),
  participationStatus: z.enum(PARTICIPATION_STATUSES).nullable(),
});
export type Candidate = z.infer<typeof candidate>;

export const candidateList = z.object({ items: z.array(candidate), total: z.number() });

export const nominateBody = z.object({ teacherIds: idList('教师', 200) });
export type NominateBody = z.infer<typeof nominateBody>;

export const teacherProblem = z.object({
  teacherId: z.number(),
  name: z.string().nullable(),
  reasons: z.array(z.string()),
});
export type TeacherProblem = z.infer<typeof teacherProblem>;

export const nominateResult = z.object({
  participationIds: z.array(z.number()),
  count: z.number(),
  /** Not refusals: e.g. date clashes with another training. */
  warnings: z.array(z.object({ teacherId: z.number(), name: z.string(), message: z.string() })),
});
export type NominateResult = z.infer<typeof nominateResult>;

export const reviewBody = z
  .object({
    participationIds: idList('教师'),
    decision: z.enum(['approve', 'reject'], { message: '审核结果应为通过或不通过' }),
    reason: z.string().trim().max(200).optional(),
  })
  .refine((b) => b.decision !== 'reject' || !!b.reason, { message: '请填写不通过的原因', path: ['reason'] });
export type ReviewBody = z.infer<typeof reviewBody>;

export const reviewResult = z.object({
  count: z.number(),
  status: z.enum(['enrolled', 'rejected']),
});

export const sentBody = z.object({ teacherIds: idList('教师') });
export type SentBody = z.infer<typeof sentBody>;

// ---------- participants ----------

export const participantQuery = z.object({
  status: z.enum(PARTICIPATION_STATUSES).optional(),
  schoolId: id.optional(),
  q: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type ParticipantQuery = z.infer<typeof participantQuery>;

export const participantItem = z.object({
  id: z.number(),
  teacherId: z.number(),
  teacherName: z.string(),
  idNumberMasked: z.string(),
  schoolId: z.number(),
  schoolName: z.string(),
  stage: z.string(),
  subject: z.string(),
  status: z.enum(PARTICIPATION_STATUSES),
  source: z.string(),
  nominatedByName: z.string().nullable(),
  reviewReason: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  /** 1-based place on the waiting list (waitlisted only). */
  waitlistPosition: z.number().nullable(),
  score: z.number().nullable(),
  result: z.enum(RESULTS).nullable(),
  /** 证书编号 from an upper-level results sheet (the certificate was issued there). */
  externalCertificateNo: z.string().nullable(),
  createdAt: z.string(),
  // The fairness figures the school saw when nominating, for the county's review (null for trainers).
  title: z.string().nullable(),
  posts: z.array(z.string()),
  /** Meets the project's eligibility rule today; `reasons` say why not. */
  eligible: z.boolean().nullable(),
  reasons: z.array(z.string()),
  /** Hours in the ledger in the credit cycle of the project's year. */
  hoursThisCycle: z.number().nullable(),
  cycle: z.string().nullable(),
  /** Other trainings enrolled or completed in the project's year. */
  trainingsThisYear: z.number().nullable(),
  /** Other projects with overlapping dates the teacher is nominated for or enrolled in. */
  clashes: z.array(dateClash),
});
export type ParticipantItem = z.infer<typeof participantItem>;

export const participantList = z.object({
  items: z.array(participantItem),
  total: z.number(),
  /** Count per status over the caller's whole view (ignores the status filter). */
  counts: z.record(z.string(), z.number()),
  capacity: z.number().nullable(),
});

export const participationParams = z.object({ id, participationId: id });

export const withdrawBody = z.object({ reason: z.string().trim().max(200).optional() });
export const adminWithdrawBody = z.object({
  reason: z.string().trim().min(1, '请填写移出原因').max(200),
});

// ---------- self-enrolment ----------

export const enrolResult = z.object({
  participationId: z.number(),
  status: z.enum(['enrolled', 'waitlisted']),
  /** Place on the waiting list (waitlisted only). */
  position: z.number().nullable(),
  message: z.string(),
});
export type EnrolResult = z.infer<typeof enrolResult>;

export const withdrawResult = z.object({
  status: z.literal('withdrawn'),
  /** The teacher promoted from the waiting list into the freed place, if any. */
  promotedParticipationId: z.number().nullable(),
});

export const myTrainingQuery = z.object({
  status: z.enum(PARTICIPATION_STATUSES).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const myTraining = z.object({
  participationId: z.number(),
  projectId: z.number(),
  projectName: z.string(),
  year: z.number(),
  level: z.enum(LEVELS),
  category: z.string(),
  mode: z.enum(MODES),
  organiser: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string(),
  place: z.string().nullable(),
  hours: z.number(),
  projectStatus: z.enum(PROJECT_STATUSES),
  status: z.enum(PARTICIPATION_STATUSES),
  source: z.string(),
  reviewReason: z.string().nullable(),
  waitlistPosition: z.number().nullable(),
  score: z.number().nullable(),
  result: z.enum(RESULTS).nullable(),
  certificateNumber: z.string().nullable(),
  /** 证书编号 from an upper-level results sheet (the certificate was issued there). */
  externalCertificateNo: z.string().nullable(),
  enrolDeadline: z.string().nullable(),
  /** The teacher may still withdraw (before the deadline, before the project runs). */
  canWithdraw: z.boolean(),
});
export type MyTraining = z.infer<typeof myTraining>;

export const myTrainingList = z.object({ items: z.array(myTraining), total: z.number() });

export const openProjectQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const openProject = z.object({
  projectId: z.number(),
  name: z.string(),
  year: z.number(),
  level: z.enum(LEVELS),
  category: z.string(),
  mode: z.enum(MODES),
  organiser: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string(),
  place: z.string().nullable(),
  hours: z.number(),
  capacity: z.number().nullable(),
  enrolled: z.number(),
  waitlisted: z.number(),
  enrolDeadline: z.string().nullable(),
  description: z.string().nullable(),
  eligible: z.boolean(),
  reasons: z.array(z.string()),
  /** The teacher's participation here, if any (e.g. withdrawn). */
  myStatus: z.enum(PARTICIPATION_STATUSES).nullable(),
});
export type OpenProject = z.infer<typeof openProject>;

export const openProjectList = z.object({ items: z.array(openProject), total: z.number() });

// ---------- the teacher's to-do (我的培训 landing) ----------

/** Where a session of today stands for the teacher's check-in. */
export const TODO_SESSION_STATES = ['upcoming', 'open', 'done', 'missed', 'leave'] as const;
export type TodoSessionState = (typeof TODO_SESSION_STATES)[number];

export const myTodo = z.object({
  /** The county's date (Asia/Shanghai). */
  today: z.string(),
  /** Today's sessions of the teacher's trainings, in time order, with their check-in window. */
  sessions: z.array(
    z.object({
      sessionId: z.number(),
      projectId: z.number(),
      projectName: z.string(),
      topic: z.string(),
      room: z.string().nullable(),
      place: z.string().nullable(),
      startsAt: z.string(),
      endsAt: z.string(),
      /** Check-in opens this long before the start, by scanning the code shown in the room. */
      checkinOpensAt: z.string(),
      /** upcoming: not yet open; open: scan now; done: checked in (present or late); missed; leave. */
      state: z.enum(TODO_SESSION_STATES),
      attendance: z.string().nullable(),
    }),
  ),
  /** Report-backs still to do (待汇报 or 已退回), the soonest due first. */
  reportBacks: z.array(
    z.object({
      id: z.number(),
      projectId: z.number(),
      projectName: z.string(),
      dueOn: z.string(),
      status: z.enum(['pending', 'returned']),
      /** Days until the due day (negative: overdue by that many). */
      daysLeft: z.number(),
      returnReason: z.string().nullable(),
    }),
  ),
});
export type MyTodo = z.infer<typeof myTodo>;
