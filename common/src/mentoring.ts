// 青蓝工程 mentoring: pairing rounds with two-way choice (mentors offer, mentees choose, the school
// confirms) or direct pairing; pairs with goals and a term, an activity log kept by both, the
// school's monthly check, mid-term and year-end reviews, the county's 优秀师徒, counts.
import { z } from 'zod';
import {
  CHOICE_STATUSES,
  MENTORING_LOG_KINDS,
  MONTHLY_RESULTS,
  PAIR_STATUSES,
  REVIEW_KINDS,
  REVIEW_RESULTS,
} from './people-vocab.js';
import { calendarDate, dbId } from './primitives.js';
import { pageQuery } from './schemas.js';

const positiveId = dbId;
const year = z.coerce
  .number({ error: '年度应为数字' })
  .int('年度应为整数')
  .min(2000, '年度应在2000至2100之间')
  .max(2100, '年度应在2000至2100之间');
const isoDate = calendarDate();
const note = (max: number, what: string) => z.string().trim().max(max, `${what}不超过${max}字`);

// ---------- the county's rules ----------

export const mentoringSettings = z.object({
  /** Pairs one mentor may hold in a year. */
  mentorMaxMentees: z.number().int().min(1, '至少1名').max(10, '不超过10名'),
  /** A new teacher: hired within this many years. */
  menteeMaxYears: z.number().int().min(1, '至少1年').max(10, '不超过10年'),
  /** A young teacher: at most this age in the pairing year. */
  menteeMaxAge: z.number().int().min(20, '不小于20岁').max(60, '不超过60岁'),
});
export type MentoringSettings = z.infer<typeof mentoringSettings>;
export const DEFAULT_MENTORING_SETTINGS: MentoringSettings = {
  mentorMaxMentees: 2,
  menteeMaxYears: 3,
  menteeMaxAge: 35,
};

/**
 * Is the teacher a new or young teacher in the pairing year (a mentee without an override)?
 * New: hired less than `menteeMaxYears` years before the year; young: at most `menteeMaxAge`.
 */
export function menteeProblem(
  t: { hireDate: string | null; birthYear: number | null },
  rules: MentoringSettings,
  pairYear: number,
): string | null {
  const hired = t.hireDate ? Number(t.hireDate.slice(0, 4)) : null;
  if (hired != null && pairYear - hired < rules.menteeMaxYears) return null;
  if (t.birthYear != null && pairYear - t.birthYear <= rules.menteeMaxAge) return null;
  return `徒弟应为新教师（入职不满${rules.menteeMaxYears}年）或青年教师（${rules.menteeMaxAge}岁及以下）`;
}

// ---------- pairs ----------

export const pairCreateBody = z.object({
  mentorId: positiveId,
  menteeId: positiveId,
  year,
  /** 1–3 years (default 1). */
  termYears: z.number().int().min(1, '结对期限为1至3年').max(3, '结对期限为1至3年').optional(),
  goals: note(1000, '结对目标').optional(),
  /** Required when the mentee is neither a new nor a young teacher. */
  overrideReason: note(200, '理由').optional(),
});
export type PairCreateBody = z.infer<typeof pairCreateBody>;

export const pairUpdateBody = z
  .object({
    goals: note(1000, '结对目标').nullable().optional(),
    termYears: z.number().int().min(1).max(3).optional(),
    /** End the pair: completed (结业) or dissolved (解除, needs a reason). */
    status: z.enum(['active', 'completed', 'dissolved']).optional(),
    endReason: note(200, '原因').optional(),
  })
  .refine((b) => b.status !== 'dissolved' || (b.endReason ?? '').length > 0, {
    message: '解除结对须填写原因',
    path: ['endReason'],
  });
export type PairUpdateBody = z.infer<typeof pairUpdateBody>;

export const pairListQuery = pageQuery.extend({
  year: year.optional(),
  schoolId: positiveId.optional(),
  status: z.enum(PAIR_STATUSES).optional(),
  excellent: z.enum(['true', 'false']).optional(),
  /** Mentor's or mentee's name. */
  q: z.string().trim().max(30).optional(),
});
export type PairListQuery = z.infer<typeof pairListQuery>;

const person = z.object({
  id: z.number(),
  name: z.string(),
  schoolId: z.number(),
  schoolName: z.string(),
  subject: z.string(),
  title: z.string().nullable(),
  hireDate: z.string().nullable(),
});
export type PairPerson = z.infer<typeof person>;

export const pairItem = z.object({
  id: z.number(),
  year: z.number(),
  termYears: z.number(),
  /** The mentee's school: the pair is counted there. */
  schoolId: z.number(),
  schoolName: z.string(),
  mentor: person,
  mentee: person,
  status: z.enum(PAIR_STATUSES),
  goals: z.string().nullable(),
  /** How it came about: a round's two-way choice or direct pairing by the school. */
  source: z.enum(['choice', 'direct']),
  overrideReason: z.string().nullable(),
  excellentYear: z.number().nullable(),
  logCount: z.number(),
  logHours: z.number(),
  lastLogOn: z.string().nullable(),
  /** The latest year-end review's result, or null. */
  yearendResult: z.string().nullable(),
});
export type PairItem = z.infer<typeof pairItem>;
export const pairList = z.object({ items: z.array(pairItem), total: z.number() });
export type PairList = z.infer<typeof pairList>;

export const mentoringLogItem = z.object({
  id: z.number(),
  kind: z.string(),
  occurredOn: z.string(),
  hours: z.number(),
  content: z.string(),
  authorName: z.string(),
  authorRole: z.enum(['mentor', 'mentee']),
  /** A school-based research activity (showcase) it belongs to, when linked. */
  activityRef: z.number().nullable(),
  createdAt: z.string(),
  /** The caller wrote it and may still delete it. */
  mine: z.boolean(),
});
export type MentoringLogItem = z.infer<typeof mentoringLogItem>;

export const pairReviewItem = z.object({
  id: z.number(),
  kind: z.enum(REVIEW_KINDS),
  period: z.string(),
  result: z.string(),
  comment: z.string().nullable(),
  reviewerName: z.string(),
  updatedAt: z.string(),
});
export type PairReviewItem = z.infer<typeof pairReviewItem>;

export const pairDetail = pairItem.extend({
  logs: z.array(mentoringLogItem),
  reviews: z.array(pairReviewItem),
  endReason: z.string().nullable(),
  /** Hours the ledger holds for this pair (both teachers), by year. */
  postedHours: z.array(z.object({ year: z.number(), mentor: z.number(), mentee: z.number() })),
  can: z.object({ log: z.boolean(), review: z.boolean(), select: z.boolean(), edit: z.boolean() }),
  /** The caller's part in the pair, if any. */
  myRole: z.enum(['mentor', 'mentee']).nullable(),
});
export type PairDetail = z.infer<typeof pairDetail>;

export const mentoringLogBody = z.object({
  kind: z.enum(MENTORING_LOG_KINDS, { error: `活动类型应为：${MENTORING_LOG_KINDS.join('、')}` }),
  occurredOn: isoDate,
  hours: z
    .number({ error: '请填写时长' })
    .min(0.5, '时长至少0.5小时')
    .max(8, '一次活动不超过8小时')
    .refine((v) => Math.round(v * 2) === v * 2, '时长以0.5小时为单位'),
  content: z.string().trim().min(5, '请写几句活动内容（至少5个字）').max(1000, '活动内容不超过1000字'),
  /** Links the entry to a school-based research activity (e.g. the 青蓝 showcase). */
  activityRef: positiveId.nullable().optional(),
});
export type MentoringLogBody = z.infer<typeof mentoringLogBody>;

export const pairReviewBody = z
  .object({
    kind: z.enum(REVIEW_KINDS),
    /** YYYY-MM for the monthly check, YYYY for the mid-term and year-end reviews. */
    period: z.string().regex(/^\d{4}(-\d{2})?$/, '期间应为 YYYY-MM（月度检查）或 YYYY（中期、年度考核）'),
    result: z.string().trim().min(1).max(10),
    comment: note(500, '意见').optional(),
  })
  .superRefine((b, ctx) => {
    const monthly = b.kind === 'monthly';
    const month = Number(b.period.slice(5, 7));
    if (monthly !== /^\d{4}-\d{2}$/.test(b.period) || (monthly && (month < 1 || month > 12))) {
      ctx.addIssue({
        code: 'custom',
        path: ['period'],
        message: monthly ? '月度检查的期间应为 YYYY-MM' : '考核期间应为年份 YYYY',
      });
    }
    const allowed: readonly string[] = monthly ? MONTHLY_RESULTS : REVIEW_RESULTS;
    if (!allowed.includes(b.result)) {
      ctx.addIssue({ code: 'custom', path: ['result'], message: `结果应为：${allowed.join('、')}` });
    }
  });
export type PairReviewBody = z.infer<typeof pairReviewBody>;

export const excellentBody = z.object({
  year,
  excellent: z.boolean(),
  note: note(200, '评语').optional(),
});
export type ExcellentBody = z.infer<typeof excellentBody>;

// ---------- rounds: two-way choice ----------

export const roundBody = z
  .object({
    year,
    schoolId: positiveId.nullable().optional(),
    consortiumId: positiveId.nullable().optional(),
    title: z.string().trim().min(1, '请填写名称').max(60, '名称不超过60字'),
    closesOn: isoDate,
    note: note(500, '说明').optional(),
  })
  .refine((b) => (b.schoolId == null) !== (b.consortiumId == null), {
    message: '请选择一所学校或一个教联体（二选一）',
    path: ['schoolId'],
  });
export type RoundBody = z.infer<typeof roundBody>;

export const roundListQuery = z.object({ year: year.optional() });

export const offerBody = z.object({
  capacity: z.number().int().min(1, '至少带1名徒弟').max(5, '最多带5名徒弟').default(1),
  note: note(300, '说明').optional(),
});
export type OfferBody = z.infer<typeof offerBody>;

export const choiceBody = z.object({ offerId: positiveId, note: note(300, '说明').optional() });
export type ChoiceBody = z.infer<typeof choiceBody>;

export const choiceDecisionBody = z
  .object({
    accept: z.boolean(),
    reason: note(200, '原因').optional(),
    goals: note(1000, '结对目标').optional(),
    termYears: z.number().int().min(1).max(3).optional(),
  })
  .refine((b) => b.accept || (b.reason ?? '').length > 0, { message: '不同意须填写原因', path: ['reason'] });
export type ChoiceDecisionBody = z.infer<typeof choiceDecisionBody>;

export const choiceItem = z.object({
  id: z.number(),
  offerId: z.number(),
  mentee: person,
  status: z.enum(CHOICE_STATUSES),
  note: z.string().nullable(),
  declineReason: z.string().nullable(),
  /** Why the school could not confirm it as it stands (not a new/young teacher, load …), or null. */
  problem: z.string().nullable(),
  createdAt: z.string(),
});
export type ChoiceItem = z.infer<typeof choiceItem>;

export const offerItem = z.object({
  id: z.number(),
  mentor: person,
  capacity: z.number(),
  taken: z.number(),
  note: z.string().nullable(),
});
export type OfferItem = z.infer<typeof offerItem>;

export const roundItem = z.object({
  id: z.number(),
  year: z.number(),
  title: z.string(),
  schoolId: z.number().nullable(),
  consortiumId: z.number().nullable(),
  /** The school's or the consortium's name. */
  ownerName: z.string(),
  closesOn: z.string(),
  status: z.enum(['open', 'closed']),
  note: z.string().nullable(),
  offers: z.number(),
  pendingChoices: z.number(),
  pairs: z.number(),
});
export type RoundItem = z.infer<typeof roundItem>;
export const roundList = z.object({ items: z.array(roundItem), total: z.number() });

export const roundDetail = roundItem.extend({
  offerList: z.array(offerItem),
  choices: z.array(choiceItem),
  can: z.object({ manage: z.boolean() }),
});
export type RoundDetail = z.infer<typeof roundDetail>;

/** GET /api/mentoring/me: a teacher's open rounds (to offer or choose) and pairs. */
export const mentoringMe = z.object({
  settings: mentoringSettings,
  /** Whether the teacher may choose a mentor (new or young), with the reason when not. */
  menteeProblem: z.string().nullable(),
  rounds: z.array(
    roundItem.extend({
      offerList: z.array(offerItem.extend({ mine: z.boolean() })),
      myOfferId: z.number().nullable(),
      myChoice: z
        .object({ id: z.number(), offerId: z.number(), status: z.enum(CHOICE_STATUSES), mentorName: z.string() })
        .nullable(),
    }),
  ),
  pairs: z.array(pairItem.extend({ myRole: z.enum(['mentor', 'mentee']) })),
});
export type MentoringMe = z.infer<typeof mentoringMe>;

// ---------- counts ----------

export const mentoringStatsQuery = z.object({ year: year.optional() });
const counts = z.object({
  pairs: z.number(),
  active: z.number(),
  logs: z.number(),
  excellent: z.number(),
});
export type MentoringCounts = z.infer<typeof counts>;
export const mentoringStats = z.object({
  year: z.number(),
  total: counts.extend({ logsByMonth: z.array(z.number()) }),
  schools: z.array(counts.extend({ schoolId: z.number(), schoolName: z.string(), logsByMonth: z.array(z.number()) })),
});
export type MentoringStats = z.infer<typeof mentoringStats>;
