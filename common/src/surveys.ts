// 问卷: needs surveys (培训需求调研) before planning, competency self-assessments (a scored
// instrument), and the satisfaction survey every project gets from the county's template. The
// question model, the answer rules (shared by the phone form and the server) and the API shapes.
import { z } from 'zod';
import { bodyDbId, calendarDate, dbId } from './primitives.js';
import { pageQuery } from './schemas.js';

const id = dbId;
const isoDate = calendarDate();
const year = z.coerce.number().int().min(2000, '年份应在2000至2100之间').max(2100, '年份应在2000至2100之间');

export const SURVEY_KINDS = ['needs', 'competency', 'satisfaction'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];
export const SURVEY_KIND_LABELS: Record<SurveyKind, string> = {
  needs: '培训需求调研',
  competency: '能力自评',
  satisfaction: '培训满意度',
};

/** superseded: an earlier version of the satisfaction template, still answered by the projects that began on it. */
export const SURVEY_STATUSES = ['draft', 'published', 'closed', 'superseded'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
export const SURVEY_STATUS_LABELS: Record<SurveyStatus, string> = {
  draft: '草稿',
  published: '进行中',
  closed: '已结束',
  superseded: '旧版本',
};

export const QUESTION_TYPES = ['single', 'multiple', 'rating', 'nps', 'matrix', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  single: '单选题',
  multiple: '多选题',
  rating: '评分题（1–5）',
  nps: '推荐度（0–10）',
  matrix: '矩阵评分',
  text: '填空题',
};

/** Satisfaction questions are about one of these (the trainer, the content, the organisation). */
export const SATISFACTION_DIMENSIONS = ['trainer', 'content', 'organisation'] as const;
export const SATISFACTION_DIMENSION_LABELS: Record<(typeof SATISFACTION_DIMENSIONS)[number], string> = {
  trainer: '授课教师',
  content: '培训内容',
  organisation: '组织管理',
};

const key = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, '编号只能由1–32位字母、数字、下划线或短横线组成');

export const questionOption = z.object({
  value: key,
  label: z.string().trim().min(1, '请填写选项内容').max(100, '选项内容不超过100字'),
  /** Points of a scored instrument (0–5), for competency self-assessments. */
  score: z.number().min(0).max(5).optional(),
});
export type QuestionOption = z.infer<typeof questionOption>;

export const surveyQuestion = z
  .object({
    id: key,
    type: z.enum(QUESTION_TYPES, { message: '题型无效' }),
    title: z.string().trim().min(1, '请填写题目').max(300, '题目不超过300字'),
    description: z.string().trim().max(500).optional(),
    required: z.boolean().default(true),
    /** single, multiple: the choices. */
    options: z.array(questionOption).max(30, '选项不超过30个').optional(),
    /** multiple: at most this many choices. */
    maxChoices: z.number().int().min(1).max(30).optional(),
    /** matrix: the rows, each rated 1–5. */
    rows: z
      .array(questionOption.omit({ score: true }))
      .max(20, '矩阵不超过20行')
      .optional(),
    /** rating in a satisfaction survey: asked once for each trainer of the project. */
    perTrainer: z.boolean().optional(),
    /**
     * What the question measures: in a satisfaction survey one of SATISFACTION_DIMENSIONS; in a
     * competency self-assessment the dimension it scores (e.g. 技术素养).
     */
    dimension: z.string().trim().max(40).optional(),
    /** needs: the options are training topics, counted in the needs summary beside the plan. */
    topic: z.boolean().optional(),
  })
  .superRefine((q, ctx) => {
    if (q.type === 'single' || q.type === 'multiple') {
      if (!q.options || q.options.length < 2) {
        ctx.addIssue({ code: 'custom', path: ['options'], message: `“${q.title}”至少需要两个选项` });
      } else if (new Set(q.options.map((o) => o.value)).size !== q.options.length) {
        ctx.addIssue({ code: 'custom', path: ['options'], message: `“${q.title}”的选项编号重复` });
      }
    }
    if (q.type === 'matrix') {
      if (!q.rows || q.rows.length < 1) {
        ctx.addIssue({ code: 'custom', path: ['rows'], message: `矩阵题“${q.title}”至少需要一行` });
      } else if (new Set(q.rows.map((o) => o.value)).size !== q.rows.length) {
        ctx.addIssue({ code: 'custom', path: ['rows'], message: `矩阵题“${q.title}”的行编号重复` });
      }
    }
    if (q.perTrainer && q.type !== 'rating') {
      ctx.addIssue({ code: 'custom', path: ['perTrainer'], message: '只有评分题可以按授课教师逐一评分' });
    }
    if (q.topic && q.type !== 'multiple' && q.type !== 'single') {
      ctx.addIssue({ code: 'custom', path: ['topic'], message: '只有选择题可以作为培训主题题' });
    }
  });
export type SurveyQuestion = z.infer<typeof surveyQuestion>;

export const surveySection = z.object({
  title: z.string().trim().max(100).default(''),
  description: z.string().trim().max(500).optional(),
  questions: z.array(surveyQuestion).min(1, '每个部分至少需要一道题').max(60),
});
export type SurveySection = z.infer<typeof surveySection>;

/** Needs and competency surveys go to the serving teachers matching all the given filters. */
export const surveyAudience = z.object({
  stages: z.array(z.string().trim().min(1).max(20)).max(20).default([]),
  subjects: z.array(z.string().trim().min(1).max(20)).max(40).default([]),
  areaIds: z.array(bodyDbId).max(200).default([]),
  schoolIds: z.array(bodyDbId).max(1000).default([]),
  /** Years of service from the hire date (inclusive). */
  minYears: z.number().int().min(0).max(60).optional(),
  maxYears: z.number().int().min(0).max(60).optional(),
});
export type SurveyAudience = z.infer<typeof surveyAudience>;

export const satisfactionSettings = z.object({
  /** A teacher answers before opening their certificate of the project. */
  requiredForCertificate: z.boolean().default(false),
  /** Days the survey stays open after the project's last session. */
  windowDays: z.number().int().min(1, '开放天数至少1天').max(365, '开放天数不超过365天').default(30),
});
export type SatisfactionSettings = z.infer<typeof satisfactionSettings>;

const uniqueQuestionIds = (sections: SurveySection[]) => {
  const ids = sections.flatMap((s) => s.questions.map((q) => q.id));
  return new Set(ids).size === ids.length;
};

export const surveyBody = z
  .object({
    kind: z.enum(['needs', 'competency'], { message: '问卷类型应为培训需求调研或能力自评' }),
    title: z.string().trim().min(2, '标题至少2个字').max(100, '标题不超过100字'),
    intro: z.string().trim().max(2000).optional(),
    anonymous: z.boolean().default(false),
    year,
    audience: surveyAudience.default({ stages: [], subjects: [], areaIds: [], schoolIds: [] }),
    /** The last day answers are accepted (Asia/Shanghai); none: until closed. */
    closesOn: isoDate.nullable().optional(),
    sections: z.array(surveySection).min(1, '问卷至少需要一个部分').max(20),
  })
  .refine((b) => uniqueQuestionIds(b.sections), { message: '题目编号重复', path: ['sections'] })
  .refine(
    (b) => b.audience.minYears == null || b.audience.maxYears == null || b.audience.minYears <= b.audience.maxYears,
    { message: '最少教龄不能大于最多教龄', path: ['audience', 'maxYears'] },
  );
export type SurveyBody = z.infer<typeof surveyBody>;

/** The county's satisfaction template: every project's survey after its last session. */
export const satisfactionTemplateBody = z
  .object({
    title: z.string().trim().min(2, '标题至少2个字').max(100, '标题不超过100字'),
    intro: z.string().trim().max(2000).optional(),
    anonymous: z.boolean().default(true),
    settings: satisfactionSettings,
    sections: z.array(surveySection).min(1, '问卷至少需要一个部分').max(20),
  })
  .refine((b) => uniqueQuestionIds(b.sections), { message: '题目编号重复', path: ['sections'] });
export type SatisfactionTemplateBody = z.infer<typeof satisfactionTemplateBody>;

export const survey = z.object({
  id: z.number(),
  kind: z.enum(SURVEY_KINDS),
  isTemplate: z.boolean(),
  title: z.string(),
  intro: z.string().nullable(),
  anonymous: z.boolean(),
  status: z.enum(SURVEY_STATUSES),
  year: z.number(),
  version: z.number(),
  audience: surveyAudience,
  settings: satisfactionSettings.partial(),
  closesOn: z.string().nullable(),
  sections: z.array(surveySection),
  publishedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  /** Teachers asked (needs, competency) or participants whose survey has opened (satisfaction). */
  invited: z.number(),
  responded: z.number(),
});
export type Survey = z.infer<typeof survey>;

export const surveyListQuery = pageQuery.extend({
  kind: z.enum(SURVEY_KINDS).optional(),
  status: z.enum(SURVEY_STATUSES).optional(),
  year: year.optional(),
});
export type SurveyListQuery = z.infer<typeof surveyListQuery>;

export const surveyListItem = survey.omit({ sections: true, audience: true, intro: true });
export type SurveyListItem = z.infer<typeof surveyListItem>;
export const surveyList = z.object({ items: z.array(surveyListItem), total: z.number() });

export const surveyCreated = z.object({ id: z.number() });

/** The satisfaction template in use (null: the county stopped them) and the platform's default to start from. */
export const satisfactionTemplate = z.object({
  template: survey.nullable(),
  defaults: satisfactionTemplateBody,
});
export type SatisfactionTemplate = z.infer<typeof satisfactionTemplate>;

export const surveyPublished = z.object({ id: z.number(), invited: z.number() });

// ---------- answering ----------

/** One answer: a choice, several, a rating, an NPS score, a row → rating map, a trainer → rating map, or text. */
export const surveyAnswer = z.union([
  z.string().max(2000, '回答不超过2000字'),
  z.number(),
  z.array(z.string().max(32)).max(30),
  z.record(z.string().max(32), z.number()),
]);
export type SurveyAnswer = z.infer<typeof surveyAnswer>;

export const surveyResponseBody = z.object({
  /** The project whose satisfaction survey this is (satisfaction only). */
  projectId: bodyDbId.optional(),
  answers: z.record(z.string().max(32), surveyAnswer),
});
export type SurveyResponseBody = z.infer<typeof surveyResponseBody>;

export const surveyResponseResult = z.object({
  ok: z.literal(true),
  /** A competency self-assessment's scores per dimension (0–5), shown to the teacher at once. */
  scores: z.array(z.object({ dimension: z.string(), score: z.number(), items: z.number() })),
});
export type SurveyResponseResult = z.infer<typeof surveyResponseResult>;

/** A trainer of the project, for the questions asked once per trainer. */
export const surveyTrainer = z.object({ id: z.number(), name: z.string() });

/** What the teacher's phone shows: the survey to answer (a satisfaction survey names its project and trainers). */
export const surveyForm = z.object({
  id: z.number(),
  kind: z.enum(SURVEY_KINDS),
  title: z.string(),
  intro: z.string().nullable(),
  anonymous: z.boolean(),
  sections: z.array(surveySection),
  projectId: z.number().nullable(),
  projectName: z.string().nullable(),
  trainers: z.array(surveyTrainer),
  closesAt: z.string().nullable(),
  requiredForCertificate: z.boolean(),
  /** Already answered: the form is shown read-only (with a self-assessment's scores). */
  answered: z.boolean(),
  scores: z.array(z.object({ dimension: z.string(), score: z.number(), items: z.number() })),
});
export type SurveyForm = z.infer<typeof surveyForm>;

export const surveyFormQuery = z.object({ projectId: id.optional() });

/** A survey waiting for the teacher (the to-do and 我的问卷). */
export const mySurvey = z.object({
  surveyId: z.number(),
  kind: z.enum(SURVEY_KINDS),
  title: z.string(),
  projectId: z.number().nullable(),
  projectName: z.string().nullable(),
  /** When answers stop being accepted (ISO), null: until the county closes it. */
  closesAt: z.string().nullable(),
  requiredForCertificate: z.boolean(),
  answered: z.boolean(),
});
export type MySurvey = z.infer<typeof mySurvey>;
export const mySurveys = z.object({ pending: z.array(mySurvey), answered: z.array(mySurvey) });
export type MySurveys = z.infer<typeof mySurveys>;

// ---------- results ----------

export const CROSS_TAB_BY = ['stage', 'subject', 'school', 'urbanRural'] as const;
export type CrossTabBy = (typeof CROSS_TAB_BY)[number];
export const CROSS_TAB_LABELS: Record<CrossTabBy, string> = {
  stage: '学段',
  subject: '学科',
  school: '学校',
  urbanRural: '城乡',
};
/** In an anonymous survey a cross-tab cell of fewer answers than this is not shown. */
export const ANONYMOUS_MIN_CELL = 3;

export const surveyResultsQuery = z.object({
  projectId: id.optional(),
  schoolId: id.optional(),
  by: z.enum(CROSS_TAB_BY, { message: '交叉分析维度应为 stage、subject、school 或 urbanRural' }).optional(),
});
export type SurveyResultsQuery = z.infer<typeof surveyResultsQuery>;

const optionCount = z.object({ value: z.string(), label: z.string(), count: z.number(), share: z.number() });

export const questionResult = z.object({
  id: z.string(),
  type: z.enum(QUESTION_TYPES),
  title: z.string(),
  section: z.string(),
  dimension: z.string().nullable(),
  /** Responses that answered the question. */
  answered: z.number(),
  /** single/multiple: each option; rating/nps: each point of the scale. */
  options: z.array(optionCount),
  /** rating, matrix, perTrainer: the mean on 1–5; nps: the mean on 0–10. */
  mean: z.number().nullable(),
  /** rating and matrix: share of 4 and 5 (满意率). */
  satisfied: z.number().nullable(),
  /** nps: (promoters − detractors) ÷ answers × 100. */
  nps: z.number().nullable(),
  /** matrix rows, or the trainers of a perTrainer question. */
  rows: z.array(z.object({ value: z.string(), label: z.string(), answered: z.number(), mean: z.number().nullable() })),
  /** text: the answers (at most 200, newest first; an anonymous survey's in a fixed shuffled order). */
  texts: z.array(z.string()),
});
export type QuestionResult = z.infer<typeof questionResult>;

export const crossTab = z.object({
  by: z.enum(CROSS_TAB_BY),
  groups: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      responses: z.number(),
      /** Hidden: an anonymous survey's group of fewer than ANONYMOUS_MIN_CELL responses. */
      suppressed: z.boolean(),
      /** Per question: its mean (ratings, matrix, NPS) or the share choosing each option. */
      questions: z.record(
        z.string(),
        z.object({ mean: z.number().nullable(), options: z.record(z.string(), z.number()) }),
      ),
    }),
  ),
});
export type CrossTab = z.infer<typeof crossTab>;

export const surveyResults = z.object({
  survey: surveyListItem,
  projectId: z.number().nullable(),
  invited: z.number(),
  responded: z.number(),
  responseRate: z.number(),
  bySchool: z.array(
    z.object({
      schoolId: z.number(),
      schoolName: z.string(),
      invited: z.number(),
      responded: z.number(),
      rate: z.number(),
    }),
  ),
  questions: z.array(questionResult),
  /** Competency: the mean score per dimension (0–5). */
  dimensions: z.array(z.object({ dimension: z.string(), mean: z.number(), responses: z.number() })),
  crossTab: crossTab.nullable(),
});
export type SurveyResults = z.infer<typeof surveyResults>;

// ---------- satisfaction for trainers and projects, needs for the plan ----------

export const satisfactionScore = z.object({
  /** Rating answers (1–5) counted. */
  ratings: z.number(),
  /** Surveys answered. */
  responses: z.number(),
  mean: z.number().nullable(),
  /** Share of ratings of 4 or 5. */
  satisfiedRate: z.number().nullable(),
});
export type SatisfactionScore = z.infer<typeof satisfactionScore>;

export const trainerSatisfactionRow = satisfactionScore.extend({
  trainerId: z.number(),
  name: z.string(),
  projects: z.number(),
});
export type TrainerSatisfactionRow = z.infer<typeof trainerSatisfactionRow>;

export const projectSatisfactionRow = satisfactionScore.extend({
  projectId: z.number(),
  projectName: z.string(),
  level: z.string(),
  endDate: z.string(),
  /** Participants whose survey has opened. */
  invited: z.number(),
  /** Per dimension (授课教师/培训内容/组织管理). */
  dimensions: z.array(satisfactionScore.extend({ dimension: z.string() })),
  nps: z.number().nullable(),
});
export type ProjectSatisfactionRow = z.infer<typeof projectSatisfactionRow>;

export const satisfactionQuery = z.object({ year: year.optional() });
export const trainerSatisfactionList = z.object({ year: z.number(), items: z.array(trainerSatisfactionRow) });
export const projectSatisfactionList = z.object({ year: z.number(), items: z.array(projectSatisfactionRow) });

export const needsSummaryQuery = z.object({ year: year.optional() });
export const needsTopic = z.object({ topic: z.string(), count: z.number(), share: z.number() });
export const needsSummary = z.object({
  year: z.number(),
  /** The needs surveys of the year that were published. */
  surveys: z.array(z.object({ id: z.number(), title: z.string(), responded: z.number() })),
  responses: z.number(),
  top: z.array(needsTopic),
  byStage: z.array(z.object({ key: z.string(), responses: z.number(), top: z.array(needsTopic) })),
  bySubject: z.array(z.object({ key: z.string(), responses: z.number(), top: z.array(needsTopic) })),
});
export type NeedsSummary = z.infer<typeof needsSummary>;

/** The county's satisfaction template on first use: the trainer, the content, the organisation. */
export const DEFAULT_SATISFACTION_TEMPLATE: SatisfactionTemplateBody = {
  title: '培训满意度调查',
  intro: '感谢您参加本次培训。问卷匿名填写，约需2分钟，您的意见将用于改进今后的培训。',
  anonymous: true,
  settings: { requiredForCertificate: false, windowDays: 30 },
  sections: [
    {
      title: '授课教师',
      questions: [
        {
          id: 'trainer',
          type: 'rating',
          title: '请为本项目的授课教师打分',
          required: true,
          perTrainer: true,
          dimension: 'trainer',
        },
      ],
    },
    {
      title: '培训内容',
      questions: [
        { id: 'relevance', type: 'rating', title: '培训内容与您的教学实际贴合', required: true, dimension: 'content' },
        { id: 'useful', type: 'rating', title: '所学内容能用到课堂上', required: true, dimension: 'content' },
      ],
    },
    {
      title: '组织管理',
      questions: [
        {
          id: 'organisation',
          type: 'matrix',
          title: '请评价培训的组织管理',
          required: true,
          dimension: 'organisation',
          rows: [
            { value: 'schedule', label: '日程安排' },
            { value: 'venue', label: '场地与后勤' },
            { value: 'materials', label: '学习资料' },
          ],
        },
        { id: 'recommend', type: 'nps', title: '您向同事推荐本项目的可能性有多大？', required: true },
      ],
    },
    {
      title: '意见建议',
      questions: [{ id: 'advice', type: 'text', title: '您对本项目有什么意见和建议？', required: false }],
    },
  ],
};
