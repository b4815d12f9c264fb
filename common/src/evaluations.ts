// 年度考评: the county's rubric for a year (computed indicators from the platform's registry and
// manual items scored with evidence, weights, bands or a quota for 优秀, school groups, the ethics
// one-vote veto), compute → review → adjust with a reason → publish, and each school's scorecard.
// The grading rule is here, pure, so the server and its tests share it.
import { z } from 'zod';
import { dbId } from './primitives.js';

const id = dbId;
const year = z.coerce.number().int().min(2000, '年份应在2000至2100之间').max(2100, '年份应在2000至2100之间');

export const GRADES = ['优秀', '合格', '不合格'] as const;
export type Grade = (typeof GRADES)[number];

export const EVALUATION_STATUSES = ['draft', 'computed', 'published'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];
export const EVALUATION_STATUS_LABELS: Record<EvaluationStatus, string> = {
  draft: '待计算',
  computed: '待发布',
  published: '已发布',
};

/** `manual:<name>`: an item inspectors score per school (0–100) with evidence. */
export const MANUAL_PREFIX = 'manual:';
export const isManualKey = (key: string) => key.startsWith(MANUAL_PREFIX);
export const manualName = (key: string) => key.slice(MANUAL_PREFIX.length);

export const evaluationIndicator = z.object({
  key: z
    .string()
    .trim()
    .regex(/^([A-Za-z][A-Za-z0-9]{0,39}|manual:.{1,40})$/, '指标应为平台计算指标的键，或“manual:名称”形式的人工评分项'),
  weight: z.number().positive('权重应大于0').max(1000, '权重不超过1000'),
});
export type EvaluationIndicator = z.infer<typeof evaluationIndicator>;

/** A group ranks and grades its schools on its own (中学组/小学组/幼儿园, as the county's year-end review did). */
export const evaluationGroup = z.object({
  name: z.string().trim().min(1, '请填写组名').max(30, '组名不超过30字'),
  /** The school types (学校类型) it holds; each school type in at most one group. */
  schoolTypes: z.array(z.string().trim().min(1).max(30)).min(1, '每组至少包含一种学校类型').max(30),
});
export type EvaluationGroup = z.infer<typeof evaluationGroup>;

export const evaluationBands = z
  .object({
    优秀: z.number().min(0, '分数线在0至100之间').max(100, '分数线在0至100之间'),
    合格: z.number().min(0, '分数线在0至100之间').max(100, '分数线在0至100之间'),
  })
  .refine((b) => b.合格 <= b.优秀, { message: '合格线不能高于优秀线', path: ['合格'] });
export type EvaluationBands = z.infer<typeof evaluationBands>;

export const evaluationBody = z
  .object({
    year,
    name: z.string().trim().min(2, '名称至少2个字').max(80, '名称不超过80字'),
    groups: z.array(evaluationGroup).max(10, '最多10个组').optional(),
    indicators: z.array(evaluationIndicator).min(1, '至少需要一项指标').max(40, '最多40项指标'),
    bands: evaluationBands,
    /** At most this share (%) of each group's schools is 优秀, by rank (ties at the line all get it). */
    excellentQuota: z
      .number()
      .min(1, '优秀比例在1%至100%之间')
      .max(100, '优秀比例在1%至100%之间')
      .nullable()
      .optional(),
  })
  .refine((b) => new Set(b.indicators.map((i) => i.key)).size === b.indicators.length, {
    message: '指标重复',
    path: ['indicators'],
  })
  .refine(
    (b) => {
      const types = (b.groups ?? []).flatMap((g) => g.schoolTypes);
      return new Set(types).size === types.length;
    },
    { message: '同一学校类型不能分在两个组', path: ['groups'] },
  )
  .refine((b) => new Set((b.groups ?? []).map((g) => g.name)).size === (b.groups ?? []).length, {
    message: '组名重复',
    path: ['groups'],
  });
export type EvaluationBody = z.infer<typeof evaluationBody>;

export const evaluationCreated = z.object({ id: z.number() });

/** A computed indicator the platform offers (GET /api/evaluations/indicators). */
export const indicatorInfo = z.object({
  key: z.string(),
  label: z.string(),
  /** How the value (0–100) is computed, in words (docs/metrics.md has the exact rule). */
  formula: z.string(),
  /** The module that registered it. */
  module: z.string(),
});
export type IndicatorInfo = z.infer<typeof indicatorInfo>;
export const indicatorList = z.object({ items: z.array(indicatorInfo) });

export const evaluation = z.object({
  id: z.number(),
  year: z.number(),
  name: z.string(),
  status: z.enum(EVALUATION_STATUSES),
  groups: z.array(evaluationGroup),
  indicators: z.array(evaluationIndicator.extend({ label: z.string(), manual: z.boolean() })),
  bands: evaluationBands,
  excellentQuota: z.number().nullable(),
  computedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  /** Schools evaluated, and how many of each grade (after compute). */
  schools: z.number(),
  grades: z.object({ 优秀: z.number(), 合格: z.number(), 不合格: z.number() }),
  /** Manual scores still missing (publishing waits for them). */
  manualMissing: z.number(),
});
export type Evaluation = z.infer<typeof evaluation>;

export const evaluationListQuery = z.object({ year: year.optional() });
export const evaluationList = z.object({ items: z.array(evaluation) });

export const evaluationResult = z.object({
  schoolId: z.number(),
  schoolName: z.string(),
  schoolType: z.string(),
  groupName: z.string(),
  /** The final score 0–100 (the adjusted one when the county adjusted it). */
  score: z.number(),
  grade: z.enum(GRADES),
  /** Rank by score within the group; ties share a rank (1, 1, 3). */
  rank: z.number(),
  groupSize: z.number(),
  computedScore: z.number(),
  adjusted: z.boolean(),
  vetoed: z.boolean(),
  /** Indicator key → value (0–100), null where it does not apply to the school. */
  values: z.record(z.string(), z.number().nullable()),
});
export type EvaluationResult = z.infer<typeof evaluationResult>;

export const evaluationResults = z.object({
  evaluationId: z.number(),
  status: z.enum(EVALUATION_STATUSES),
  published: z.boolean(),
  items: z.array(evaluationResult),
});
export type EvaluationResults = z.infer<typeof evaluationResults>;

export const scorecardIndicator = z.object({
  key: z.string(),
  label: z.string(),
  formula: z.string(),
  weight: z.number(),
  manual: z.boolean(),
  /** 0–100; null: not applicable to this school (left out of its weighted mean), or a manual item not scored yet. */
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  /** The evidence in words: the counts behind the value, or the inspector's note. */
  evidence: z.string(),
  /** Where the evidence's list is (a page of the platform). */
  source: z.string().nullable(),
  /** Points this indicator adds to the score (value × weight ÷ the weights that apply). */
  points: z.number().nullable(),
  scoredBy: z.string().nullable(),
  scoredAt: z.string().nullable(),
});
export type ScorecardIndicator = z.infer<typeof scorecardIndicator>;

export const scorecard = z.object({
  evaluation: evaluation.pick({ id: true, year: true, name: true, status: true, bands: true, excellentQuota: true }),
  schoolId: z.number(),
  schoolName: z.string(),
  groupName: z.string(),
  computed: z.boolean(),
  score: z.number().nullable(),
  computedScore: z.number().nullable(),
  grade: z.enum(GRADES).nullable(),
  rank: z.number().nullable(),
  groupSize: z.number(),
  vetoed: z.boolean(),
  vetoNote: z.string().nullable(),
  adjustment: z
    .object({
      score: z.number().nullable(),
      grade: z.enum(GRADES).nullable(),
      reason: z.string(),
      by: z.string().nullable(),
      at: z.string(),
    })
    .nullable(),
  indicators: z.array(scorecardIndicator),
});
export type Scorecard = z.infer<typeof scorecard>;

export const schoolParams = z.object({ id, schoolId: id });

export const manualScoreBody = z.object({
  /** The item's name (the `<name>` of `manual:<name>`). */
  item: z.string().trim().min(1).max(40),
  score: z.number().min(0, '评分在0至100之间').max(100, '评分在0至100之间'),
  evidence: z.string().trim().min(2, '请写明评分依据（至少2个字）').max(1000, '评分依据不超过1000字'),
});
export type ManualScoreBody = z.infer<typeof manualScoreBody>;

export const adjustmentBody = z
  .object({
    /** The final score instead of the computed one. */
    score: z.number().min(0, '分数在0至100之间').max(100, '分数在0至100之间').nullable().optional(),
    /** The grade instead of the one the score gives (the ethics veto still applies). */
    grade: z.enum(GRADES, { message: '等次应为优秀、合格或不合格' }).nullable().optional(),
    reason: z.string().trim().min(4, '请写明调整理由（至少4个字）').max(500, '理由不超过500字'),
  })
  .refine((b) => b.score != null || b.grade != null, { message: '请填写调整后的分数或等次', path: ['score'] });
export type AdjustmentBody = z.infer<typeof adjustmentBody>;

export const unpublishBody = z.object({
  reason: z.string().trim().min(4, '请写明撤回理由（至少4个字）').max(500, '理由不超过500字'),
});

// ---------- the grading rule (pure) ----------

export interface GradeInput {
  schoolId: number;
  group: string;
  /** Indicator key → value 0–100, null = not applicable. */
  values: Record<string, number | null>;
  vetoed: boolean;
  adjustedScore?: number | null;
  adjustedGrade?: Grade | null;
}

export interface GradeOutput {
  schoolId: number;
  computedScore: number;
  score: number;
  grade: Grade;
  rank: number;
  groupSize: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The weighted mean of the values that apply (weights of not-applicable indicators left out),
 * rounded to 2 decimals; 0 when none applies.
 */
export function weightedScore(weights: readonly EvaluationIndicator[], values: Record<string, number | null>): number {
  let sum = 0;
  let w = 0;
  for (const i of weights) {
    const v = values[i.key];
    if (v == null) continue;
    sum += v * i.weight;
    w += i.weight;
  }
  return w > 0 ? round2(sum / w) : 0;
}

/**
 * Scores, ranks and grades every school: score = the adjusted score if any, else the weighted mean;
 * rank within the group by score, ties sharing a rank (1, 1, 3); grade 优秀 when score ≥ the 优秀
 * line, 合格 when ≥ the 合格 line, else 不合格; with a quota, 优秀 only for the best-ranked schools
 * that reach the line, ⌊group size × quota%⌋ of them (at least 1; schools tied at the last place all
 * get it); a vetoed school is never 优秀 (合格 at best); a grade the county set by hand wins,
 * except 优秀 for a vetoed school.
 */
export function gradeSchools(
  inputs: readonly GradeInput[],
  rubric: { indicators: readonly EvaluationIndicator[]; bands: EvaluationBands; excellentQuota?: number | null },
): GradeOutput[] {
  const byGroup = new Map<string, Array<GradeInput & { computed: number; score: number }>>();
  for (const x of inputs) {
    const computed = weightedScore(rubric.indicators, x.values);
    const score = x.adjustedScore != null ? round2(x.adjustedScore) : computed;
    const list = byGroup.get(x.group) ?? [];
    list.push({ ...x, computed, score });
    byGroup.set(x.group, list);
  }
  const out: GradeOutput[] = [];
  for (const list of byGroup.values()) {
    const sorted = [...list].sort((a, b) => b.score - a.score || a.schoolId - b.schoolId);
    const rankOf = new Map<number, number>();
    sorted.forEach((x, i) => {
      const prev = sorted[i - 1];
      rankOf.set(x.schoolId, prev && prev.score === x.score ? rankOf.get(prev.schoolId)! : i + 1);
    });
    // The quota counts the schools that may be 优秀 (not vetoed, at or above the line), best first:
    // the score of the last one within it is the quota's line.
    let quotaLine: number | null = null;
    if (rubric.excellentQuota != null) {
      const places = Math.max(1, Math.floor((list.length * rubric.excellentQuota) / 100));
      const eligible = sorted.filter((x) => !x.vetoed && x.score >= rubric.bands.优秀);
      if (eligible.length > places) quotaLine = eligible[places - 1]!.score;
    }
    for (const x of sorted) {
      let grade: Grade = x.score >= rubric.bands.优秀 ? '优秀' : x.score >= rubric.bands.合格 ? '合格' : '不合格';
      if (grade === '优秀' && quotaLine != null && x.score < quotaLine) grade = '合格';
      if (x.adjustedGrade) grade = x.adjustedGrade;
      if (x.vetoed && grade === '优秀') grade = '合格';
      out.push({
        schoolId: x.schoolId,
        computedScore: x.computed,
        score: x.score,
        grade,
        rank: rankOf.get(x.schoolId)!,
        groupSize: list.length,
      });
    }
  }
  return out;
}

/** The group a school type belongs to: the first group listing it, else 其他学校 (or 全县 without groups). */
export function groupOf(groups: readonly EvaluationGroup[], schoolType: string): string {
  if (!groups.length) return '全县';
  return groups.find((g) => g.schoolTypes.includes(schoolType))?.name ?? '其他学校';
}
