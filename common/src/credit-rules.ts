// The credit bank's rules as data (学分银行规则): a county picks a preset and may override any
// value; every value carries the text it comes from, shown beside it in the settings page.
// Pure: the engine (evaluateCredits) turns a teacher's ledger into totals after caps, gaps and a
// status, and is run the same way for one teacher and for a whole county.
import { z } from 'zod';
import { LEVEL_KEYS, LEVEL_SYNONYMS, LEVELS, type Level, MODES } from './training.js';

// ---------- vocabularies ----------

/** Where a ledger entry comes from. */
export const CREDIT_SOURCES = ['project', 'school_activity', 'application', 'import', 'adjustment'] as const;
export type CreditSource = (typeof CREDIT_SOURCES)[number];
export const CREDIT_SOURCE_LABELS: Record<CreditSource, string> = {
  project: '培训项目',
  school_activity: '校本研修',
  application: '学时申报',
  import: '历史导入',
  adjustment: '人工调整',
};

/** Other learning a teacher may apply for (学时申报). Stored as the ledger `category` of the posting. */
export const ACTIVITY_KINDS = ['degree', 'paper', 'open_lesson', 'award', 'online_course', 'other'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  degree: '学历提升',
  paper: '论文发表',
  open_lesson: '公开课/示范课',
  award: '竞赛获奖',
  online_course: '其他平台课程',
  other: '其他',
};

/** The activity kind a ledger category names (the key, or its Chinese label except 其他), else null. */
export function activityKindOf(category: string | null | undefined): ActivityKind | null {
  if (!category) return null;
  // 其他 is also a training category: only the key 'other' names the activity kind.
  for (const k of ACTIVITY_KINDS)
    if (category === k || (k !== 'other' && category === ACTIVITY_KIND_LABELS[k])) return k;
  return null;
}

/**
 * A ledger level as one of LEVELS. Project postings store the Chinese level (县培), other
 * modules may write the statistics key (county) or a synonym (县级); all mean the same.
 */
export function levelOf(level: string | null | undefined): Level | null {
  if (!level) return null;
  if ((LEVELS as readonly string[]).includes(level)) return level as Level;
  for (const l of LEVELS) if (LEVEL_KEYS[l] === level) return l;
  return LEVEL_SYNONYMS[level] ?? null;
}

export const RULE_PRESETS = ['national', 'shandong', 'zhejiang', 'jiangsu', 'sichuan', 'source_cap'] as const;
export type RulePreset = (typeof RULE_PRESETS)[number];

// ---------- the rule set ----------

const amount = (what: string) =>
  z
    .number({ error: `${what}须为数字` })
    .min(0, { error: `${what}不能为负数` })
    .max(100000, { error: `${what}过大` });
const optionalAmount = (what: string) => amount(what).nullable();
const cite = z.string().max(500, { error: '依据文字不超过 500 字' });

/** Which ledger entries a rule looks at: every listed dimension must match (empty = any). */
export const creditMatch = z.object({
  levels: z.array(z.enum(LEVELS, { error: '级别不正确' })).optional(),
  modes: z.array(z.enum(MODES, { error: '形式不正确' })).optional(),
  sources: z.array(z.enum(CREDIT_SOURCES, { error: '来源不正确' })).optional(),
  categories: z.array(z.string().min(1).max(40)).optional(),
});
export type CreditMatch = z.infer<typeof creditMatch>;

/** A group of entries with a minimum and/or a cap per cycle (by level, mode, source or category). */
export const creditBucket = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { error: '规则编号须为小写字母开头的字母、数字或下划线' }),
  label: z.string().trim().min(1, { error: '请填写规则名称' }).max(40, { error: '规则名称不超过 40 字' }),
  /** Entries matching any of these count. */
  match: z.array(creditMatch).min(1, { error: '请至少设置一个匹配条件' }),
  min: optionalAmount('最低要求'),
  cap: optionalAmount('上限'),
  /** Only for teachers holding this post (e.g. 班主任); null = everyone. */
  forPost: z.string().max(20).nullable().default(null),
  cite,
});
export type CreditBucket = z.infer<typeof creditBucket>;

/** How one kind of other learning converts to hours, and how much of it may count. */
export const activityRule = z.object({
  /** Hours per unit (per lesson, per school year …); null = the reviewer enters the hours. */
  perUnit: optionalAmount('折算学时'),
  unit: z.string().trim().min(1, { error: '请填写计量单位' }).max(10),
  /** At most this many hours from one entry. */
  itemCap: optionalAmount('单项上限'),
  /** At most this many hours of this kind per cycle. */
  cycleCap: optionalAmount('每周期上限'),
  cite,
});
export type ActivityRule = z.infer<typeof activityRule>;

export const inductionRule = z.object({
  /** A teacher is new during this many years from the hire date. */
  years: z.number().int().min(1, { error: '新教师年限至少 1 年' }).max(5, { error: '新教师年限不超过 5 年' }),
  required: amount('新教师培训要求'),
  /** Ledger categories counted as induction training. */
  categories: z.array(z.string().min(1).max(40)).min(1, { error: '请至少选择一个新教师培训类别' }),
  /** Of which at least this much practical training (modes below); null = no such rule. */
  practicalMin: optionalAmount('实践培训要求'),
  practicalModes: z.array(z.enum(MODES)).default([]),
  cite,
});
export type InductionRule = z.infer<typeof inductionRule>;

/**
 * School-based research (校本研修): closing an activity posts each participant the activity's hours,
 * at most `activityCap`; of all such postings at most `yearCap` count per calendar year.
 */
export const schoolResearchRule = z.object({
  /** At most this many from one activity; null = the activity's own hours. */
  activityCap: optionalAmount('单次活动上限'),
  /** At most this many per calendar year; null = no yearly cap. */
  yearCap: optionalAmount('每年上限'),
  cite,
});
export type SchoolResearchRule = z.infer<typeof schoolResearchRule>;

const NO_RESEARCH_CAP = '国家规定未设校本研修单次或年度学时上限，县可按本省文件设置';
export const DEFAULT_SCHOOL_RESEARCH_RULE: SchoolResearchRule = {
  activityCap: null,
  yearCap: null,
  cite: NO_RESEARCH_CAP,
};

/**
 * Hours for people development, posted to the ledger as 校本研修 (source school_activity):
 * 青蓝工程 — each pair year whose year-end review passes, to the mentor and to the mentee;
 * 名师工作室 — each studio year the county's review passes, to the host and to every member.
 */
export const peopleRule = z.object({
  mentorHours: amount('师傅年度学时'),
  menteeHours: amount('徒弟年度学时'),
  studioHostHours: amount('工作室主持人年度学时'),
  studioMemberHours: amount('工作室成员年度学时'),
  cite,
});
export type PeopleRule = z.infer<typeof peopleRule>;

const PEOPLE_CITE =
  '青蓝工程、名师工作室的学时无全国统一标准：按年度考核合格（含优秀）计入校本研修学时，数额由县根据本地文件设定';
/** The default people-development hours (every preset starts from these; a county may change them). */
export const DEFAULT_PEOPLE_RULE: PeopleRule = {
  mentorHours: 20,
  menteeHours: 30,
  studioHostHours: 30,
  studioMemberHours: 20,
  cite: PEOPLE_CITE,
};

export const creditRuleSet = z
  .object({
    preset: z.enum(RULE_PRESETS),
    name: z.string().trim().min(1, { error: '请填写规则名称' }).max(60),
    /** The unit every amount below is in. 学分 = hours × creditsPerHour unless the entry carries credits. */
    unit: z.enum(['学时', '学分']),
    creditsPerHour: z
      .number({ error: '折算比例须为数字' })
      .gt(0, { error: '折算比例须大于 0' })
      .max(10, { error: '折算比例过大' }),
    cycle: z.object({
      years: z.number().int().min(1, { error: '周期至少 1 年' }).max(10, { error: '周期不超过 10 年' }),
      /** Cycles start in anchorYear + k × years (2021 → 2021–2025, 2026–2030). */
      anchorYear: z.number().int().min(1990, { error: '起始年份不正确' }).max(2100, { error: '起始年份不正确' }),
    }),
    required: amount('周期总要求').gt(0, { error: '周期总要求须大于 0' }),
    annualMinimum: optionalAmount('年度最低要求'),
    /** At most this many from one entry, whatever its kind; null = no cap. */
    itemCap: optionalAmount('单项上限'),
    buckets: z.array(creditBucket).max(20, { error: '分类规则不超过 20 条' }),
    activities: z.object({
      degree: activityRule,
      paper: activityRule,
      open_lesson: activityRule,
      award: activityRule,
      online_course: activityRule,
      other: activityRule,
    }),
    induction: inductionRule.nullable(),
    /** Rule sets saved before school-based research had a rule take the default (no caps). */
    schoolResearch: schoolResearchRule.default(() => ({ ...DEFAULT_SCHOOL_RESEARCH_RULE })),
    /** 青蓝工程 and 名师工作室 hours (rule sets saved before it existed get the defaults). */
    people: peopleRule.default(() => ({ ...DEFAULT_PEOPLE_RULE })),
    /**
     * Citation of each top-level value: cycle, required, annualMinimum, creditsPerHour, itemCap; and
     * `notes`: where the preset's values come from and what its sources leave undocumented.
     */
    cites: z.record(z.string(), cite),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.buckets.forEach((b, i) => {
      if (seen.has(b.id))
        ctx.addIssue({ code: 'custom', path: ['buckets', i, 'id'], message: `规则编号 ${b.id} 重复` });
      seen.add(b.id);
      if (b.min != null && b.cap != null && b.min > b.cap)
        ctx.addIssue({
          code: 'custom',
          path: ['buckets', i, 'min'],
          message: `“${b.label}”的最低要求（${b.min}）大于上限（${b.cap}）`,
        });
      if (b.min == null && b.cap == null)
        ctx.addIssue({
          code: 'custom',
          path: ['buckets', i, 'min'],
          message: `“${b.label}”须设置最低要求或上限`,
        });
    });
    if (r.annualMinimum != null && r.annualMinimum * r.cycle.years > r.required * 5)
      ctx.addIssue({ code: 'custom', path: ['annualMinimum'], message: '年度最低要求与周期总要求不相称' });
    if (r.induction?.practicalMin != null && r.induction.practicalMin > r.induction.required)
      ctx.addIssue({
        code: 'custom',
        path: ['induction', 'practicalMin'],
        message: `实践培训要求（${r.induction.practicalMin}）不能大于新教师培训要求（${r.induction.required}）`,
      });
  });
export type CreditRuleSet = z.infer<typeof creditRuleSet>;

// ---------- presets ----------

const NATIONAL_CYCLE =
  '教育部《中小学教师资格定期注册暂行办法》（教师〔2013〕1号）：定期注册每5年一周期；周期按国家五年规划（2021—2025、2026—2030）划分，县可调整起始年份';
const NATIONAL_360 =
  '教育部《关于大力加强中小学教师培训工作的意见》（教师〔2011〕1号）：实行每五年一周期的不少于360学时的教师全员培训制度；定期注册须每5年累计不少于360学时';
const NATIONAL_INDUCTION =
  '教育部《中小学教师继续教育规定》（1999年教育部令第7号）：新任教师培训在试用期内进行，培训时间应不少于120学时';
const INDUCTION_CATEGORIES = ['新教师岗前', '新教师结业/规范化'];

const manual = (unit: string, text = '无统一折算标准，由审核人按证明材料认定学时'): ActivityRule => ({
  perUnit: null,
  unit,
  itemCap: null,
  cycleCap: null,
  cite: text,
});

const baseActivities = (): CreditRuleSet['activities'] => ({
  degree: manual('学年'),
  paper: manual('篇'),
  open_lesson: manual('节'),
  award: manual('项'),
  online_course: {
    perUnit: 1,
    unit: '学时',
    itemCap: null,
    cycleCap: null,
    cite: '其他平台课程按平台证明的学时计入',
  },
  other: manual('项'),
});

const nationalInduction = (): InductionRule => ({
  years: 1,
  required: 120,
  categories: [...INDUCTION_CATEGORIES],
  practicalMin: null,
  practicalModes: [],
  cite: NATIONAL_INDUCTION,
});

function national(): CreditRuleSet {
  return {
    preset: 'national',
    name: '全国通用',
    unit: '学时',
    creditsPerHour: 1,
    cycle: { years: 5, anchorYear: 2021 },
    required: 360,
    annualMinimum: null,
    itemCap: null,
    buckets: [],
    activities: baseActivities(),
    induction: nationalInduction(),
    schoolResearch: { ...DEFAULT_SCHOOL_RESEARCH_RULE },
    people: { ...DEFAULT_PEOPLE_RULE },
    cites: {
      cycle: NATIONAL_CYCLE,
      required: NATIONAL_360,
      annualMinimum: '国家规定未设年度最低学时',
      creditsPerHour: '以学时计',
      itemCap: '未设单项上限',
    },
  };
}

function shandong(): CreditRuleSet {
  const SD = '山东省中小学教师继续教育学分管理规定（议题 4 所列要点，县可按现行文件核对修改）';
  const r = national();
  return {
    ...r,
    preset: 'shandong',
    name: '山东',
    unit: '学分',
    creditsPerHour: 1,
    annualMinimum: 48,
    buckets: [
      {
        id: 'class_teacher',
        label: '班主任专题培训',
        match: [{ categories: ['班主任'] }],
        min: 30,
        cap: null,
        forPost: '班主任',
        cite: `${SD}：班主任每周期参加班主任专题培训不少于30学时`,
      },
    ],
    activities: {
      ...r.activities,
      degree: {
        perUnit: 72,
        unit: '学年',
        itemCap: null,
        cycleCap: null,
        cite: `${SD}：参加学历（学位）提高教育，每学年计72学分`,
      },
    },
    cites: {
      ...r.cites,
      required: `${SD}：5年累计不少于360学分`,
      annualMinimum: `${SD}：每年不少于48学分`,
      creditsPerHour: `${SD}：原则上1学时计1学分`,
    },
  };
}

function zhejiang(): CreditRuleSet {
  const ZJ = '浙江省中小学教师专业发展培训学分管理规定（议题 4 所列要点，县可按现行文件核对修改）';
  const r = national();
  return {
    ...r,
    preset: 'zhejiang',
    name: '浙江',
    unit: '学分',
    creditsPerHour: 1,
    annualMinimum: 24,
    induction: {
      years: 1,
      required: 180,
      categories: [...INDUCTION_CATEGORIES],
      practicalMin: 80,
      practicalModes: ['跟岗影子', '送教下乡'],
      cite: `${ZJ}：新教师培训不少于180学分，其中实践培训不少于80学分`,
    },
    cites: {
      ...r.cites,
      required: `${ZJ}：5年累计不少于360学分`,
      annualMinimum: `${ZJ}：每年不少于24学分`,
      creditsPerHour: `${ZJ}：1学时计1学分`,
    },
  };
}

function jiangsu(): CreditRuleSet {
  const JS = '江苏省中小学教师继续教育学时管理规定（议题 4 所列要点，县可按现行文件核对修改）';
  const r = national();
  return {
    ...r,
    preset: 'jiangsu',
    name: '江苏',
    buckets: [
      {
        id: 'county_up',
        label: '县级及以上培训',
        match: [{ levels: ['国培', '省培', '市州培', '县培'] }],
        min: 180,
        cap: null,
        forPost: null,
        cite: `${JS}：5年不少于360学时，其中县级及以上培训不少于180学时`,
      },
    ],
    activities: {
      ...r.activities,
      open_lesson: {
        perUnit: 6,
        unit: '节',
        itemCap: null,
        cycleCap: 18,
        cite: `${JS}：县级公开课、示范课每节计6学时，每周期最多计18学时`,
      },
      award: {
        perUnit: 18,
        unit: '项',
        itemCap: 18,
        cycleCap: null,
        cite: `${JS}：教学竞赛获奖每项计18学时`,
      },
    },
    cites: { ...r.cites, required: `${JS}：5年累计不少于360学时` },
  };
}

/**
 * 四川: the values a Sichuan county can cite today. The Sichuan county in the source documents (a
 * county-level city of Deyang) describes registering teachers' hours under provincial and city
 * documents and auditing them each school year, but none of those documents' figures are in
 * what this platform was built from: the preset takes only the nationally documented values and
 * says, value by value, what is not documented rather than inventing it.
 */
function sichuan(): CreditRuleSet {
  const UNDOCUMENTED = '本平台所据资料未载明四川省的规定';
  const r = national();
  return {
    ...r,
    preset: 'sichuan',
    name: '四川',
    cites: {
      cycle: `${NATIONAL_CYCLE}（全国施行，四川在内）；${UNDOCUMENTED}另定的周期起始年份`,
      required: `${NATIONAL_360}。${UNDOCUMENTED}的总学时（学分）要求，暂按全国规定；请按本县执行的四川省、市（州）现行文件核对`,
      annualMinimum: `${UNDOCUMENTED}的年度最低学时，故未设；如省、市（州）文件有年度要求，请填写数值并注明文件名称和文号`,
      creditsPerHour: `以学时计；${UNDOCUMENTED}的学时与学分折算办法`,
      itemCap: `未设单项上限；${UNDOCUMENTED}`,
      notes:
        '四川德阳一县级市教师培训中心的《教师培训中心建设与实践总结》写明，市教育局依据四川省及市教育局有关文件精神制定了教师教育的登记要求，' +
        '培训各校登记员，并每学年收审各校的《学年度学时审核表》；网络远程培训要求完成规定学时。该总结未列出这些文件的具体数值。' +
        '因此本预设只采用有全国性文件出处的数值（五年一周期、不少于360学时、新任教师不少于120学时），年度要求、分类要求、学时折算均未设，' +
        '由县里对照现行的四川省、市（州）文件补充，并在各项“依据”中写明文件。',
    },
  };
}

function sourceCap(): CreditRuleSet {
  const EX = '来源上限示例（议题 4）';
  const r = national();
  return {
    ...r,
    preset: 'source_cap',
    name: '来源上限示例',
    buckets: [
      {
        id: 'county_up',
        label: '县级及以上课程',
        match: [{ levels: ['国培', '省培', '市州培', '县培'] }],
        min: 240,
        cap: null,
        forPost: null,
        cite: `${EX}：县级及以上课程不少于240学时`,
      },
      {
        id: 'city_up',
        label: '市级及以上课程',
        match: [{ levels: ['国培', '省培', '市州培'] }],
        min: 60,
        cap: null,
        forPost: null,
        cite: `${EX}：其中市级及以上不少于60学时`,
      },
      {
        id: 'school_based',
        label: '校本研修',
        match: [{ levels: ['校培'] }, { sources: ['school_activity'] }, { categories: ['校本研修'] }],
        min: null,
        cap: 120,
        forPost: null,
        cite: `${EX}：校本研修最多计120学时`,
      },
    ],
  };
}

const PRESET_BUILDERS: Record<RulePreset, () => CreditRuleSet> = {
  national,
  shandong,
  zhejiang,
  jiangsu,
  sichuan,
  source_cap: sourceCap,
};
export const RULE_PRESET_LABELS: Record<RulePreset, string> = {
  national: '全国通用',
  shandong: '山东',
  zhejiang: '浙江',
  jiangsu: '江苏',
  sichuan: '四川',
  source_cap: '来源上限示例',
};

/** A fresh copy of a preset (safe to edit). */
export function presetRules(preset: RulePreset): CreditRuleSet {
  return PRESET_BUILDERS[preset]();
}
export const DEFAULT_RULE_PRESET: RulePreset = 'national';

/** Dotted paths of the values that differ from the rule set's preset (what the county overrode). */
export function overriddenPaths(rules: CreditRuleSet): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (path.endsWith('cite') || path.startsWith('cites')) return;
    if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys)
        walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(path);
  };
  walk(rules, presetRules(rules.preset), '');
  return out.filter((p) => p !== 'name');
}

// ---------- small rules ----------

/** The cycle containing `year` under the rule set (default 2021–2025, 2026–2030 …). */
export function cycleOf(rules: Pick<CreditRuleSet, 'cycle'>, year: number): { start: number; end: number } {
  const { years, anchorYear } = rules.cycle;
  const start = anchorYear + years * Math.floor((year - anchorYear) / years);
  return { start, end: start + years - 1 };
}

/**
 * Suggested hours (in the rule set's unit) for `quantity` units of an activity — e.g. 江苏: 2 open
 * lessons → 12; 山东: 1.5 school years of degree study → 108. Null when the rule set has no
 * conversion (the reviewer enters the hours). The per-item cap applies; the per-cycle cap applies
 * when totals are computed.
 */
export function suggestHours(rules: CreditRuleSet, kind: ActivityKind, quantity: number): number | null {
  const a = rules.activities[kind];
  if (a.perUnit == null || !(quantity > 0)) return null;
  let v = round1(a.perUnit * quantity);
  if (a.itemCap != null) v = Math.min(v, a.itemCap);
  if (rules.itemCap != null) v = Math.min(v, rules.itemCap);
  return v;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

// ---------- the engine ----------

/** One ledger row as the engine needs it. */
export interface LedgerEntryInput {
  id: number;
  source: string;
  category: string | null;
  level: string | null;
  mode: string | null;
  hours: number;
  credits: number | null;
  occurredOn: string;
  reversesId: number | null;
}

export interface TeacherFacts {
  /** YYYY-MM-DD or null when unknown (then no induction rule applies). */
  hireDate: string | null;
  posts: readonly string[];
}

export interface CapNote {
  /** `item`, `activity:<kind>`, `research:activity`, `research:year` or `bucket:<id>`. */
  rule: string;
  label: string;
  /** Amount cut by this rule. */
  cut: number;
}

export interface EvaluatedEntry {
  id: number;
  /** The entry's value in the rule set's unit. */
  value: number;
  /** What counts after caps (0 for an entry cancelled by a reversal, and for the reversal). */
  counted: number;
  capped: CapNote[];
  /** 'reversed' = cancelled by a later entry; 'reversal' = the cancelling entry. */
  cancelled: 'reversed' | 'reversal' | null;
}

export interface CategoryProgress {
  /** `bucket:<id>`, `activity:<kind>`, `research`, `induction`, `induction_practical`. */
  key: string;
  category: string;
  earned: number;
  counted: number;
  min: number | null;
  cap: number | null;
}

export type Gap =
  | { kind: 'total'; short: number; have: number; need: number }
  | { kind: 'category'; key: string; label: string; short: number; have: number; need: number }
  | { kind: 'annual'; year: number; short: number; have: number; need: number }
  | { kind: 'induction'; practical: boolean; short: number; have: number; need: number };

export const PROGRESS_STATUSES = ['complete', 'on_track', 'behind_year', 'behind_cycle', 'not_met'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];
export const PROGRESS_STATUS_LABELS: Record<ProgressStatus, string> = {
  complete: '本周期已达标',
  on_track: '进度正常',
  behind_year: '本年度未达标',
  behind_cycle: '周期进度落后',
  not_met: '周期未达标',
};

export interface CreditEvaluation {
  cycle: { start: number; end: number };
  unit: '学时' | '学分';
  required: number;
  earned: number;
  counted: number;
  byCategory: CategoryProgress[];
  /** The year "this year" refers to: today's year inside the cycle, else the cycle's last/first year. */
  year: number;
  thisYear: number;
  annualMinimum: number | null;
  years: { year: number; counted: number; minimum: number | null; met: boolean | null }[];
  gaps: Gap[];
  missing: string[];
  entries: EvaluatedEntry[];
  cycleComplete: boolean;
  status: ProgressStatus;
  /** The pace the cycle needs by today: required × whole months elapsed ÷ months of the cycle. */
  expected: number;
  /** How far the teacher is behind that pace (0 when at or ahead of it). */
  behind: number;
  /** This year's share of the annual minimum by today (months elapsed ÷ 12); null without one. */
  yearExpected: number | null;
}

/**
 * Whole months of the cycle elapsed on `today` (the month under way not counted): 0 in the cycle's
 * first January, 11 in its first December, years × 12 once it has ended.
 */
export function monthsElapsed(cycle: { start: number; end: number }, today: string): number {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const total = (cycle.end - cycle.start + 1) * 12;
  return Math.max(0, Math.min(total, (y - cycle.start) * 12 + (m - 1)));
}

/** An entry with its level and activity kind worked out once (matching runs per rule). */
interface Facts {
  e: LedgerEntryInput;
  level: Level | null;
  kind: ActivityKind | null;
}

function matches(m: CreditMatch, f: Facts): boolean {
  if (m.levels?.length && (!f.level || !m.levels.includes(f.level))) return false;
  if (m.modes?.length && !(m.modes as readonly string[]).includes(f.e.mode ?? '')) return false;
  if (m.sources?.length && !(m.sources as readonly string[]).includes(f.e.source)) return false;
  if (m.categories?.length) {
    const cats = m.categories;
    const hit = f.kind
      ? cats.includes(f.kind) || cats.includes(ACTIVITY_KIND_LABELS[f.kind])
      : cats.includes(f.e.category ?? '');
    if (!hit) return false;
  }
  return true;
}
const bucketMatches = (b: CreditBucket, f: Facts) => b.match.some((m) => matches(m, f));

function addYears(date: string, years: number): string {
  return `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
}

/**
 * Computes a teacher's progress for the cycle containing `cycleYear` (default: today's year).
 * Entries may span more than the cycle (the induction window may cross it): only the cycle's
 * entries count toward the cycle. Caps apply in date order (first come, first counted): a per-item
 * cap, school-based research's per-activity and per-year caps, an activity's per-cycle cap, then
 * every capped bucket the entry falls in.
 */
export function evaluateCredits(
  rules: CreditRuleSet,
  allEntries: readonly LedgerEntryInput[],
  teacher: TeacherFacts,
  opts: { today: string; cycleYear?: number },
): CreditEvaluation {
  const todayYear = Number(opts.today.slice(0, 4));
  const cycle = cycleOf(rules, opts.cycleYear ?? todayYear);
  const from = `${cycle.start}-01-01`;
  const to = `${cycle.end}-12-31`;
  const year = Math.max(cycle.start, Math.min(todayYear, cycle.end));
  const entryValue = (e: LedgerEntryInput) =>
    rules.unit === '学分' ? (e.credits ?? round1(e.hours * rules.creditsPerHour)) : e.hours;

  // Pair reversals with what they cancel: both count zero.
  const ids = new Set(allEntries.map((e) => e.id));
  const reversedIds = new Set<number>();
  for (const e of allEntries) if (e.reversesId != null && ids.has(e.reversesId)) reversedIds.add(e.reversesId);
  const cancelledOf = (e: LedgerEntryInput): EvaluatedEntry['cancelled'] =>
    reversedIds.has(e.id) ? 'reversed' : e.reversesId != null && ids.has(e.reversesId) ? 'reversal' : null;

  const buckets = rules.buckets.filter((b) => !b.forPost || teacher.posts.includes(b.forPost));
  const sorted = [...allEntries].sort((a, b) =>
    a.occurredOn === b.occurredOn ? a.id - b.id : a.occurredOn < b.occurredOn ? -1 : 1,
  );

  const bucketCounted = new Map<string, number>();
  const bucketEarned = new Map<string, number>();
  const researchCounted = new Map<number, number>();
  let researchEarned = 0;
  let researchCountedTotal = 0;
  const activityCounted = new Map<ActivityKind, number>();
  const activityEarned = new Map<ActivityKind, number>();
  const byYear = new Map<number, number>();
  const evaluated = new Map<number, EvaluatedEntry>();
  let earned = 0;
  let counted = 0;

  for (const e of sorted) {
    const inCycle = e.occurredOn >= from && e.occurredOn <= to;
    const cancelled = cancelledOf(e);
    const value = entryValue(e);
    const out: EvaluatedEntry = { id: e.id, value, counted: 0, capped: [], cancelled };
    evaluated.set(e.id, out);
    if (cancelled || !inCycle) continue;
    earned += value;
    const kind = activityKindOf(e.category);
    const facts: Facts = { e, level: levelOf(e.level), kind };
    const mine = buckets.filter((b) => bucketMatches(b, facts));
    const y = Number(e.occurredOn.slice(0, 4));
    const research = e.source === 'school_activity' ? rules.schoolResearch : null;
    let v = value;
    if (v > 0) {
      const cut = (rule: string, label: string, limit: number) => {
        const allowed = Math.max(0, round1(limit));
        if (v > allowed) {
          out.capped.push({ rule, label, cut: round1(v - allowed) });
          v = allowed;
        }
      };
      const a = kind ? rules.activities[kind] : null;
      if (a?.itemCap != null) cut(`activity:${kind}`, `${ACTIVITY_KIND_LABELS[kind!]}单项上限`, a.itemCap);
      if (rules.itemCap != null) cut('item', '单项上限', rules.itemCap);
      if (research?.activityCap != null) cut('research:activity', '校本研修单次上限', research.activityCap);
      if (research?.yearCap != null)
        cut('research:year', `${y}年校本研修上限`, research.yearCap - (researchCounted.get(y) ?? 0));
      if (kind && a?.cycleCap != null)
        cut(
          `activity:${kind}`,
          `${ACTIVITY_KIND_LABELS[kind]}每周期上限`,
          a.cycleCap - (activityCounted.get(kind) ?? 0),
        );
      for (const b of mine)
        if (b.cap != null) cut(`bucket:${b.id}`, `${b.label}上限`, b.cap - (bucketCounted.get(b.id) ?? 0));
    }
    v = round1(v);
    out.counted = v;
    counted += v;
    byYear.set(y, (byYear.get(y) ?? 0) + v);
    if (research) {
      researchCounted.set(y, (researchCounted.get(y) ?? 0) + v);
      researchEarned += value;
      researchCountedTotal += v;
    }
    if (kind) {
      activityCounted.set(kind, (activityCounted.get(kind) ?? 0) + v);
      activityEarned.set(kind, (activityEarned.get(kind) ?? 0) + value);
    }
    for (const b of mine) {
      bucketCounted.set(b.id, (bucketCounted.get(b.id) ?? 0) + v);
      bucketEarned.set(b.id, (bucketEarned.get(b.id) ?? 0) + value);
    }
  }

  earned = round1(earned);
  counted = round1(counted);
  const u = rules.unit;
  const gaps: Gap[] = [];
  const byCategory: CategoryProgress[] = [];
  for (const b of buckets) {
    const c = round1(bucketCounted.get(b.id) ?? 0);
    byCategory.push({
      key: `bucket:${b.id}`,
      category: b.label,
      earned: round1(bucketEarned.get(b.id) ?? 0),
      counted: c,
      min: b.min,
      cap: b.cap,
    });
    if (b.min != null && c < b.min)
      gaps.push({
        kind: 'category',
        key: `bucket:${b.id}`,
        label: b.label,
        short: round1(b.min - c),
        have: c,
        need: b.min,
      });
  }
  for (const k of ACTIVITY_KINDS) {
    const a = rules.activities[k];
    if (a.cycleCap == null && !activityEarned.has(k)) continue;
    byCategory.push({
      key: `activity:${k}`,
      category: ACTIVITY_KIND_LABELS[k],
      earned: round1(activityEarned.get(k) ?? 0),
      counted: round1(activityCounted.get(k) ?? 0),
      min: null,
      cap: a.cycleCap,
    });
  }

  const sr = rules.schoolResearch;
  if (sr.yearCap != null || sr.activityCap != null) {
    byCategory.push({
      key: 'research',
      category: sr.yearCap != null ? `校本研修（每年至多 ${sr.yearCap} ${u}）` : '校本研修',
      earned: round1(researchEarned),
      counted: round1(researchCountedTotal),
      min: null,
      cap: null,
    });
  }

  // Induction: applies when the teacher's first years overlap the cycle; counts entries inside
  // that window (it may begin in the previous cycle).
  const ind = rules.induction;
  if (ind && teacher.hireDate) {
    const winEnd = addYears(teacher.hireDate, ind.years);
    if (teacher.hireDate <= to && winEnd > from) {
      let have = 0;
      let practical = 0;
      let haveEarned = 0;
      let practicalEarned = 0;
      for (const e of sorted) {
        if (cancelledOf(e) || e.occurredOn < teacher.hireDate || e.occurredOn >= winEnd) continue;
        if (!ind.categories.includes(e.category ?? '')) continue;
        const ev = evaluated.get(e.id)!;
        const inCycle = e.occurredOn >= from && e.occurredOn <= to;
        // Outside the cycle nothing was capped: its value counts.
        const c = inCycle ? ev.counted : ev.value;
        have += c;
        haveEarned += ev.value;
        if ((ind.practicalModes as readonly string[]).includes(e.mode ?? '')) {
          practical += c;
          practicalEarned += ev.value;
        }
      }
      have = round1(have);
      practical = round1(practical);
      byCategory.push({
        key: 'induction',
        category: '新教师培训',
        earned: round1(haveEarned),
        counted: have,
        min: ind.required,
        cap: null,
      });
      if (have < ind.required)
        gaps.push({
          kind: 'induction',
          practical: false,
          short: round1(ind.required - have),
          have,
          need: ind.required,
        });
      if (ind.practicalMin != null) {
        byCategory.push({
          key: 'induction_practical',
          category: '新教师实践培训',
          earned: round1(practicalEarned),
          counted: practical,
          min: ind.practicalMin,
          cap: null,
        });
        if (practical < ind.practicalMin)
          gaps.push({
            kind: 'induction',
            practical: true,
            short: round1(ind.practicalMin - practical),
            have: practical,
            need: ind.practicalMin,
          });
      }
    }
  }

  const cycleGapsBeforeTotal = gaps.length;
  if (counted < rules.required)
    gaps.unshift({ kind: 'total', short: round1(rules.required - counted), have: counted, need: rules.required });
  const cycleComplete = counted >= rules.required && cycleGapsBeforeTotal === 0;

  const years: CreditEvaluation['years'] = [];
  for (let y = cycle.start; y <= cycle.end; y++) {
    const c = round1(byYear.get(y) ?? 0);
    years.push({
      year: y,
      counted: c,
      minimum: rules.annualMinimum,
      met: rules.annualMinimum == null || y > todayYear ? null : c >= rules.annualMinimum,
    });
  }
  const thisYear = round1(byYear.get(year) ?? 0);
  const yearShort = rules.annualMinimum != null && thisYear < rules.annualMinimum;
  const inCycle = todayYear >= cycle.start && todayYear <= cycle.end;
  if (yearShort && inCycle)
    gaps.push({
      kind: 'annual',
      year,
      short: round1(rules.annualMinimum! - thisYear),
      have: thisYear,
      need: rules.annualMinimum!,
    });

  // Pace, pro rata by elapsed time (docs/metrics.md): by the first of each month a teacher should
  // hold the share of the requirement the cycle's elapsed whole months make up — 360 × 11/60 = 66 in
  // the first December of a five-year cycle — and, where the rules set an annual minimum, this
  // year's share of it (its elapsed months ÷ 12). Whole months leave January's first weeks free.
  const total = rules.cycle.years * 12;
  const elapsed = monthsElapsed(cycle, opts.today);
  const expected = todayYear > cycle.end ? rules.required : round1((rules.required * elapsed) / total);
  const yearExpected =
    rules.annualMinimum == null || !inCycle
      ? null
      : round1((rules.annualMinimum * (Number(opts.today.slice(5, 7)) - 1)) / 12);
  let status: ProgressStatus;
  if (cycleComplete) status = 'complete';
  else if (todayYear > cycle.end) status = 'not_met';
  else if (counted < expected || (todayYear === cycle.end && counted < rules.required)) status = 'behind_cycle';
  else if (yearExpected != null && thisYear < yearExpected) status = 'behind_year';
  else status = 'on_track';
  const behind = cycleComplete ? 0 : round1(Math.max(0, expected - counted));

  return {
    cycle,
    unit: u,
    required: rules.required,
    earned,
    counted,
    byCategory,
    year,
    thisYear,
    annualMinimum: rules.annualMinimum,
    years,
    gaps,
    missing: gaps.map((g) => gapSentence(g, u, cycle)),
    entries: sorted.map((e) => evaluated.get(e.id)!),
    cycleComplete,
    status,
    expected,
    behind,
    yearExpected,
  };
}

/** The plain Chinese sentence for a gap (the web renders its own per language from `gaps`). */
export function gapSentence(g: Gap, unit: string, cycle: { start: number; end: number }): string {
  const n = (x: number) => `${round1(x)} ${unit}`;
  switch (g.kind) {
    case 'total':
      return `${cycle.start}—${cycle.end} 周期还差 ${n(g.short)}（已计 ${n(g.have)}，要求 ${n(g.need)}）`;
    case 'category':
      return `“${g.label}”还差 ${n(g.short)}（已计 ${n(g.have)}，最低 ${n(g.need)}）`;
    case 'annual':
      return `${g.year} 年度还差 ${n(g.short)}（已计 ${n(g.have)}，年度最低 ${n(g.need)}）`;
    case 'induction':
      return g.practical
        ? `新教师实践培训还差 ${n(g.short)}（已计 ${n(g.have)}，要求 ${n(g.need)}）`
        : `新教师培训还差 ${n(g.short)}（已计 ${n(g.have)}，要求 ${n(g.need)}）`;
  }
}
