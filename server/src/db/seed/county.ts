// The demo county as plain data: a pure function of its options, so every first run (and every
// test) gets the same schools, teachers and ID numbers. It mirrors seed 002 (绵竹): 73 schools
// (35 幼儿园, 18 镇乡小学, 5 直属小学, 7 初中, 4 九年一贯制, 2 高中, 1 职高, 1 特教), 3,707 teachers,
// and its degree attainment (小学 专科+ 85.6%, 初中 本科+ 80.8%, 高中 本科+ 98% / 研究生 7%).
import {
  DEGREE_RANK,
  type Degree,
  type Gender,
  idCheckChar,
  type Post,
  type SchoolType,
  type Stage,
  type Subject,
  type TeacherStatus,
  type Title,
  type UrbanRural,
} from '@shixun/common';
import { personName } from './names.js';
import { createRng, type Rng } from './random.js';

/** "Today" for ages, hire dates and titles: pinned so the county never drifts. */
export const DEMO_TODAY = '2026-09-01';
const TODAY_YEAR = 2026;
export const DEMO_TEACHER_TOTAL = 3707;
/** 绵竹市, 德阳 — the county seed 002 describes. */
export const DEMO_REGION_CODE = '510683';

export interface DemoArea {
  name: string;
  code: string;
}
export interface DemoConsortium {
  name: string;
  /** Index into schools. */
  core: number;
}
/** The county report's own labels: 镇乡/直属 小学 are stored as type 小学 with that affiliation. */
export type DemoSchoolType = SchoolType | '镇乡小学' | '直属小学';

/** A demo school's type as rows store it: 直属小学 → 小学 + 直属. */
export function storedSchoolType(t: DemoSchoolType): { type: SchoolType; affiliation: string | null } {
  if (t === '镇乡小学') return { type: '小学', affiliation: '镇乡' };
  if (t === '直属小学') return { type: '小学', affiliation: '直属' };
  return { type: t, affiliation: null };
}

export interface DemoSchool {
  name: string;
  code: string;
  type: DemoSchoolType;
  urbanRural: UrbanRural;
  address: string;
  principal: string | null;
  phone: string;
  /** Index into areas. */
  area: number;
  /** Index into consortia, or null. */
  consortium: number | null;
}
export interface DemoTeacher {
  /** Index into schools. */
  school: number;
  name: string;
  gender: Gender;
  idNumber: string;
  birthDate: string;
  phone: string;
  stage: Stage;
  subject: Subject;
  title: Title;
  degree: Degree;
  hireDate: string;
  posts: Post[];
  tags: string[];
  status: TeacherStatus;
  statusDate: string | null;
}
export interface DemoCounty {
  regionName: string;
  regionCode: string;
  areas: DemoArea[];
  consortia: DemoConsortium[];
  schools: DemoSchool[];
  teachers: DemoTeacher[];
  /** Indexes of the schools behind the `school1` (urban, directly run) and `school2` (rural) logins. */
  school1: number;
  school2: number;
  /** Index of the teacher behind the `teacher1` login (a 班主任 at school1). */
  demoTeacher: number;
}

// ---------- geography ----------

const AREAS = ['城区学区', '东北学区', '西北学区', '西南学区', '东南学区', '南部学区'] as const;

/** 18 towns and their 学区 (index into AREAS). Mountain towns run nine-year schools instead of a 小学. */
const TOWNS: ReadonlyArray<{ name: string; area: number; big?: boolean; mountain?: boolean }> = [
  { name: '汉旺镇', area: 1, big: true },
  { name: '拱星镇', area: 1 },
  { name: '九龙镇', area: 1, mountain: true },
  { name: '新市镇', area: 1, big: true },
  { name: '清平镇', area: 2, mountain: true },
  { name: '天池镇', area: 2, mountain: true },
  { name: '金花镇', area: 2, mountain: true },
  { name: '遵道镇', area: 2, big: true },
  { name: '广济镇', area: 3 },
  { name: '土门镇', area: 3 },
  { name: '玉泉镇', area: 3 },
  { name: '孝德镇', area: 4, big: true },
  { name: '齐福镇', area: 4 },
  { name: '富新镇', area: 4 },
  { name: '兴隆镇', area: 5 },
  { name: '板桥镇', area: 5 },
  { name: '什地镇', area: 5 },
  { name: '麓棠镇', area: 5 },
];
const RURAL_MIDDLE_TOWNS = ['汉旺镇', '遵道镇', '孝德镇', '新市镇', '广济镇'];
const SECOND_KINDERGARTEN_TOWNS = ['汉旺镇', '孝德镇', '遵道镇', '新市镇', '广济镇'];

const URBAN_STREETS = [
  '剑南路',
  '紫岩街',
  '大西街',
  '天河街',
  '中山路',
  '棋盘街',
  '南京大道',
  '江苏路',
  '年画路',
  '马尾街',
  '北京大道',
  '西南街',
];
const TOWN_STREETS = ['正街', '新街', '学府路', '文化路', '建设路', '人民路', '场镇街'];

// ---------- teacher profiles ----------

const SUBJECTS_BY_STAGE: Record<Stage, ReadonlyArray<readonly [Subject, number]>> = {
  幼儿园: [['学前教育', 1]],
  小学: [
    ['语文', 34],
    ['数学', 27],
    ['英语', 9],
    ['科学', 5],
    ['道德与法治', 4],
    ['音乐', 5],
    ['体育', 6],
    ['美术', 4],
    ['信息技术', 2],
    ['心理健康', 1],
    ['综合实践', 2],
    ['劳动', 1],
  ],
  初中: [
    ['语文', 16],
    ['数学', 16],
    ['英语', 15],
    ['物理', 7],
    ['化学', 5],
    ['生物', 5],
    ['道德与法治', 7],
    ['历史', 6],
    ['地理', 5],
    ['音乐', 3],
    ['体育', 7],
    ['美术', 3],
    ['信息技术', 3],
    ['心理健康', 2],
  ],
  高中: [
    ['语文', 14],
    ['数学', 14],
    ['英语', 13],
    ['物理', 9],
    ['化学', 8],
    ['生物', 7],
    ['政治', 7],
    ['历史', 7],
    ['地理', 6],
    ['信息技术', 3],
    ['音乐', 3],
    ['体育', 6],
    ['美术', 3],
    ['心理健康', 1],
  ],
  中职: [
    ['专业课', 46],
    ['语文', 11],
    ['数学', 11],
    ['英语', 8],
    ['政治', 5],
    ['历史', 2],
    ['体育', 6],
    ['信息技术', 6],
    ['心理健康', 1],
    ['其他', 4],
  ],
  特殊教育: [
    ['特殊教育', 80],
    ['音乐', 5],
    ['体育', 5],
    ['美术', 5],
    ['劳动', 5],
  ],
};

/** Share of women by stage (kindergartens are almost all women, senior high about half). */
const FEMALE_SHARE: Record<Stage, number> = {
  幼儿园: 0.98,
  小学: 0.76,
  初中: 0.6,
  高中: 0.5,
  中职: 0.45,
  特殊教育: 0.78,
};

/**
 * Degree shares among serving teachers, lowest first. 小学/初中/高中 reproduce seed 002's
 * attainment exactly; kindergartens are lower, as the brief says.
 */
export const DEGREE_SHARES: Record<Stage, ReadonlyArray<readonly [Degree, number]>> = {
  幼儿园: [
    ['高中及以下', 0.03],
    ['中专', 0.22],
    ['专科', 0.5],
    ['本科', 0.247],
    ['研究生', 0.003],
  ],
  小学: [
    ['高中及以下', 0.008],
    ['中专', 0.136],
    ['专科', 0.374],
    ['本科', 0.47],
    ['研究生', 0.012],
  ],
  初中: [
    ['高中及以下', 0],
    ['中专', 0.01],
    ['专科', 0.182],
    ['本科', 0.78],
    ['研究生', 0.028],
  ],
  高中: [
    ['高中及以下', 0],
    ['中专', 0],
    ['专科', 0.02],
    ['本科', 0.91],
    ['研究生', 0.07],
  ],
  中职: [
    ['高中及以下', 0],
    ['中专', 0.02],
    ['专科', 0.12],
    ['本科', 0.82],
    ['研究生', 0.04],
  ],
  特殊教育: [
    ['高中及以下', 0],
    ['中专', 0.04],
    ['专科', 0.34],
    ['本科', 0.62],
    ['研究生', 0],
  ],
};

/** Seed 002's published attainment, for tests and reports to compare against. */
export const SEED_002_ATTAINMENT = {
  小学: { juniorCollegePlus: 0.856 },
  初中: { bachelorPlus: 0.808 },
  高中: { bachelorPlus: 0.98, postgraduate: 0.07 },
} as const;

/** Age bands [from, to, weight] of serving teachers; kindergartens are younger. */
const AGE_BANDS: ReadonlyArray<readonly [number, number, number]> = [
  [22, 25, 9],
  [26, 30, 13],
  [31, 35, 14],
  [36, 40, 13],
  [41, 45, 15],
  [46, 50, 16],
  [51, 55, 14],
  [56, 59, 6],
];
const KINDERGARTEN_AGE_BANDS: ReadonlyArray<readonly [number, number, number]> = [
  [22, 25, 20],
  [26, 30, 25],
  [31, 35, 18],
  [36, 40, 12],
  [41, 45, 10],
  [46, 50, 8],
  [51, 54, 7],
];

/** Age (in school years) at which a degree is usually finished and a first post taken. */
const GRADUATION_AGE: Record<Degree, number> = { 高中及以下: 18, 中专: 18, 专科: 21, 本科: 22, 研究生: 25 };

/** How much likelier a senior title is at each stage. */
const SENIOR_FACTOR: Record<Stage, number> = {
  幼儿园: 0.35,
  小学: 0.75,
  初中: 1.15,
  高中: 1.6,
  中职: 1.3,
  特殊教育: 0.8,
};

const REGION_CODES: ReadonlyArray<readonly [string, number]> = [
  [DEMO_REGION_CODE, 70],
  ['510603', 6], // 旌阳区
  ['510623', 6], // 中江县
  ['510682', 5], // 什邡市
  ['510681', 4], // 广汉市
  ['510604', 3], // 罗江区
  ['510722', 2], // 三台县
  ['510781', 2], // 江油市
  ['510107', 1], // 武侯区
  ['510104', 1], // 锦江区
];
const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '158',
  '159',
  '180',
  '181',
  '182',
  '183',
  '186',
  '187',
  '188',
  '189',
];

// ---------- dates (UTC arithmetic only; no clock) ----------

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const TODAY_MS = utc(2026, 9, 1);

/** A birth date such that the person is `age` on DEMO_TODAY. */
function birthForAge(rng: Rng, age: number): number {
  const from = utc(TODAY_YEAR - age - 1, 9, 2);
  const to = utc(TODAY_YEAR - age, 9, 1);
  return from + rng.int(0, Math.round((to - from) / DAY)) * DAY;
}
/** The same month/day `years` later (29 Feb rolls to 1 Mar). */
function anniversary(ms: number, years: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate());
}
function ageOn(birth: number, on: number): number {
  const b = new Date(birth);
  const t = new Date(on);
  let age = t.getUTCFullYear() - b.getUTCFullYear();
  if (t.getUTCMonth() < b.getUTCMonth() || (t.getUTCMonth() === b.getUTCMonth() && t.getUTCDate() < b.getUTCDate())) {
    age--;
  }
  return age;
}

// ---------- helpers ----------

/** k items drawn without replacement with probability proportional to weight (Efraimidis–Spirakis). */
function weightedSample<T>(rng: Rng, items: readonly T[], weight: (t: T) => number, k: number): T[] {
  const keyed: Array<[number, T]> = [];
  for (const it of items) {
    const w = weight(it);
    if (w <= 0) continue;
    keyed.push([rng.next() ** (1 / w), it]);
  }
  keyed.sort((a, b) => b[0] - a[0]);
  return keyed.slice(0, k).map(([, it]) => it);
}

/** Counts per category from shares, summing exactly to n (largest remainders). */
function apportion(n: number, shares: readonly number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (s / total) * n);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i]!++;
  }
  return counts;
}

// ---------- schools ----------

interface SchoolPlan extends Omit<DemoSchool, 'principal' | 'code' | 'phone'> {
  /** Teacher count range before the total is adjusted to 3,707. */
  size: [number, number];
  /** Whether the adjustment to the exact total may grow or shrink this school. */
  flexible?: boolean;
}

function planSchools(rng: Rng, r: string): SchoolPlan[] {
  const plans: SchoolPlan[] = [];
  const urbanAddress = () => `${r}${rng.pick(URBAN_STREETS)}${rng.int(1, 320)}号`;
  const townAddress = (town: string) => `${r}${town}${rng.pick(TOWN_STREETS)}${rng.int(1, 120)}号`;
  const urban = (name: string, type: DemoSchoolType, size: [number, number], flexible = false) =>
    plans.push({ name, type, urbanRural: '城镇', address: urbanAddress(), area: 0, consortium: null, size, flexible });
  const rural = (town: (typeof TOWNS)[number], name: string, type: DemoSchoolType, size: [number, number]) =>
    plans.push({
      name,
      type,
      urbanRural: '乡村',
      address: townAddress(town.name),
      area: town.area,
      consortium: null,
      size,
      flexible: type !== '幼儿园',
    });

  // School #1 is the flagship primary (the `school1` demo login).
  urban(`${r}实验小学`, '直属小学', [126, 134]);
  urban(`${r}紫岩小学`, '直属小学', [110, 120]);
  urban(`${r}天河小学`, '直属小学', [100, 110]);
  urban(`${r}大西街小学`, '直属小学', [90, 100]);
  urban(`${r}剑南路小学`, '直属小学', [84, 92]);
  urban(`${r}实验中学`, '初中', [155, 165], true);
  urban(`${r}城关中学`, '初中', [130, 140], true);
  urban(`${r}中学`, '高中', [215, 225]);
  urban(`${r}南轩中学`, '高中', [180, 190]);
  urban(`${r}职业中学`, '职业高中', [115, 125]);
  urban(`${r}特殊教育学校`, '特殊教育', [24, 28]);
  urban(`${r}实验幼儿园`, '幼儿园', [34, 38]);
  urban(`${r}机关幼儿园`, '幼儿园', [30, 34]);
  const ordinals = ['一', '二', '三', '四', '五', '六', '七', '八'];
  for (const o of ordinals) urban(`城关第${o}幼儿园`, '幼儿园', [18, 30]);
  urban(`${r}紫岩幼儿园`, '幼儿园', [20, 28]);
  urban(`${r}天河幼儿园`, '幼儿园', [18, 26]);

  for (const town of TOWNS) {
    if (town.mountain) {
      rural(town, `${town.name.slice(0, -1)}学校`, '九年一贯制', [50, 70]);
    } else {
      rural(town, `${town.name}小学`, '镇乡小学', town.big ? [80, 100] : [38, 62]);
      if (town.big) rural(town, `${town.name}第二小学`, '镇乡小学', [40, 52]);
    }
    if (RURAL_MIDDLE_TOWNS.includes(town.name)) rural(town, `${town.name}中学`, '初中', [65, 95]);
    rural(town, `${town.name}中心幼儿园`, '幼儿园', [10, 22]);
    if (SECOND_KINDERGARTEN_TOWNS.includes(town.name)) rural(town, `${town.name}第二幼儿园`, '幼儿园', [8, 12]);
  }
  return plans;
}

/** 教联体: [name, core school, member schools (besides the core)]. */
function consortiumPlan(r: string): Array<[string, string, string[]]> {
  return [
    ['实验小学教联体', `${r}实验小学`, ['汉旺镇小学', '汉旺镇第二小学', '拱星镇小学', '新市镇第二小学']],
    ['紫岩小学教联体', `${r}紫岩小学`, ['遵道镇小学', '遵道镇第二小学', '新市镇小学']],
    ['天河小学教联体', `${r}天河小学`, ['孝德镇小学', '孝德镇第二小学', '齐福镇小学', '富新镇小学']],
    ['大西街小学教联体', `${r}大西街小学`, ['广济镇小学', '土门镇小学', '玉泉镇小学', '麓棠镇小学']],
    ['剑南路小学教联体', `${r}剑南路小学`, ['兴隆镇小学', '板桥镇小学', '什地镇小学']],
    ['实验中学教联体', `${r}实验中学`, ['汉旺镇中学', '遵道镇中学', '清平学校', '天池学校']],
    ['城关中学教联体', `${r}城关中学`, ['孝德镇中学', '广济镇中学', '新市镇中学', '金花学校', '九龙学校']],
    [
      '学前教育教联体',
      `${r}实验幼儿园`,
      [
        '城关第一幼儿园',
        '城关第二幼儿园',
        '汉旺镇中心幼儿园',
        '孝德镇中心幼儿园',
        '遵道镇中心幼儿园',
        '新市镇中心幼儿园',
      ],
    ],
  ];
}

// ---------- teachers ----------

interface Draft {
  school: number;
  stage: Stage;
  subject: Subject;
  gender: Gender;
  status: TeacherStatus;
  age: number;
  birth: number;
  degree: Degree;
  hire: number;
  title: Title;
  merit: number;
  posts: Post[];
  tags: string[];
  statusDate: number | null;
}

function stageFor(rng: Rng, type: DemoSchoolType): Stage {
  switch (type) {
    case '幼儿园':
      return '幼儿园';
    case '镇乡小学':
    case '直属小学':
    case '小学':
    case '教学点':
      return '小学';
    case '初中':
      return '初中';
    case '九年一贯制':
      return rng.chance(0.6) ? '小学' : '初中';
    case '十二年一贯制':
    case '完全中学':
    case '高中':
      return '高中';
    case '职业高中':
      return '中职';
    case '特殊教育':
      return '特殊教育';
  }
}

function genderFor(rng: Rng, stage: Stage, subject: Subject): Gender {
  const female = subject === '体育' ? 0.3 : subject === '专业课' ? 0.45 : FEMALE_SHARE[stage];
  return rng.chance(female) ? '女' : '男';
}

function activeAge(rng: Rng, type: DemoSchoolType, gender: Gender): number {
  const bands = type === '幼儿园' ? KINDERGARTEN_AGE_BANDS : AGE_BANDS;
  const [from, to] = rng.weighted(bands.map((b) => [b, b[2]] as const));
  let age = rng.int(from, to);
  // Women teachers retire at 55, so serving ones are at most 54.
  if (gender === '女' && age > 54) age = rng.int(44, 54);
  return age;
}

function hireDate(rng: Rng, birth: number, degree: Degree): number {
  const b = new Date(birth);
  // School-year cohort: children born after 1 September start school a year later.
  const cohort = b.getUTCFullYear() + (b.getUTCMonth() >= 8 ? 1 : 0);
  let gradAge = GRADUATION_AGE[degree];
  // Most older teachers started from a 中师/专科 and upgraded later (学历补偿教育, seed 002).
  if (cohort < 1982 && DEGREE_RANK[degree] >= DEGREE_RANK.本科 && rng.chance(0.65)) gradAge = rng.pick([18, 18, 21]);
  const gap = rng.weighted([
    [0, 70],
    [1, 18],
    [2, 7],
    [3, 3],
    [4, 2],
  ] as const);
  const year = Math.min(cohort + gradAge + gap, TODAY_YEAR);
  const ms = rng.chance(0.7) ? utc(year, 9, 1) : utc(year, 8, rng.int(20, 31));
  return Math.min(ms, TODAY_MS);
}

function titleFor(rng: Rng, d: Draft, yearsOfService: number): Title {
  const senior = SENIOR_FACTOR[d.stage];
  const rank = DEGREE_RANK[d.degree];
  // Non-establishment kindergarten staff often hold no title at all.
  if (d.stage === '幼儿园' && rng.chance(0.18)) return '未定级';
  if (yearsOfService < 1) return '未定级';
  if (yearsOfService <= 3) {
    if (rank >= DEGREE_RANK.本科) return rng.chance(0.85) ? '二级教师' : '未定级';
    if (rank === DEGREE_RANK.专科)
      return rng.weighted([
        ['三级教师', 5],
        ['未定级', 3],
        ['二级教师', 2],
      ] as const);
    return rng.chance(0.7) ? '三级教师' : '未定级';
  }
  if (yearsOfService <= 10) {
    if (yearsOfService < 6) return rng.chance(0.9) ? '二级教师' : '三级教师';
    return rng.weighted([
      ['二级教师', 55],
      ['一级教师', 40],
      ['三级教师', 5],
    ] as const);
  }
  if (yearsOfService <= 20) {
    return rng.weighted([
      ['一级教师', 70],
      ['二级教师', 15],
      ['高级教师', 15 * senior],
    ] as const);
  }
  return rng.weighted([
    ['一级教师', 55],
    ['二级教师', 8],
    ['高级教师', 40 * senior],
  ] as const);
}

const TITLE_RANK: Record<Title, number> = {
  未定级: 0,
  三级教师: 1,
  二级教师: 2,
  一级教师: 3,
  高级教师: 4,
  正高级教师: 5,
};

/** Builds the whole demo county. Pure: the same options always give the same county. */
export function generateDemoCounty(opts: { regionName?: string; seed?: string } = {}): DemoCounty {
  const r = opts.regionName ?? '示范县';
  const rng = createRng(opts.seed ?? 'shixun-demo-county-v1');

  // Schools, areas, consortia.
  const plans = planSchools(rng, r);
  const byName = new Map(plans.map((p, i) => [p.name, i]));
  const consortia: DemoConsortium[] = [];
  for (const [name, core, members] of consortiumPlan(r)) {
    const ci = consortia.length;
    const coreIdx = byName.get(core)!;
    consortia.push({ name, core: coreIdx });
    for (const m of [core, ...members]) plans[byName.get(m)!]!.consortium = ci;
  }
  const usedPhones = new Set<string>();
  const schoolPhone = () => {
    for (;;) {
      const p = `0838-62${String(rng.int(0, 99_999)).padStart(5, '0')}`;
      if (!usedPhones.has(p)) {
        usedPhones.add(p);
        return p;
      }
    }
  };

  // Teacher counts: draw within each school's range, then nudge flexible schools to the exact total.
  const sizes = plans.map((p) => rng.int(p.size[0], p.size[1]));
  const flexible = plans.map((p, i) => (p.flexible ? i : -1)).filter((i) => i >= 0);
  let diff = DEMO_TEACHER_TOTAL - sizes.reduce((a, b) => a + b, 0);
  for (let k = 0; diff !== 0; k++) {
    const i = flexible[k % flexible.length]!;
    const step = diff > 0 ? 1 : -1;
    sizes[i]! += step;
    diff -= step;
  }

  // Draft every teacher: stage, subject, gender, age.
  const drafts: Draft[] = [];
  plans.forEach((p, school) => {
    for (let k = 0; k < sizes[school]!; k++) {
      const stage = stageFor(rng, p.type);
      const subject = rng.weighted(SUBJECTS_BY_STAGE[stage]);
      const gender = genderFor(rng, stage, subject);
      const age = activeAge(rng, p.type, gender);
      drafts.push({
        school,
        stage,
        subject,
        gender,
        status: '在职',
        age,
        birth: 0,
        degree: '本科',
        hire: 0,
        title: '未定级',
        merit: 0,
        posts: [],
        tags: [],
        statusDate: null,
      });
    }
  });

  // ~3% retired (at 55 for women, 60 for men, within the last few years), ~1% transferred out.
  const order = rng.shuffle(drafts.map((_, i) => i));
  const retiredCount = Math.round(DEMO_TEACHER_TOTAL * 0.03);
  const transferredCount = Math.round(DEMO_TEACHER_TOTAL * 0.01);
  for (const i of order.slice(0, retiredCount)) {
    const d = drafts[i]!;
    d.status = '退休';
    const retireAge = d.gender === '女' ? 55 : 60;
    const years = d.gender === '女' ? 5 : 3;
    // Retirement day (the birthday) falls in the last `years` years.
    const retireOn = TODAY_MS - rng.int(1, years * 365) * DAY;
    d.birth = anniversary(retireOn, -retireAge);
    d.age = ageOn(d.birth, TODAY_MS);
    d.statusDate = anniversary(d.birth, retireAge);
  }
  for (const i of order.slice(retiredCount, retiredCount + transferredCount)) {
    const d = drafts[i]!;
    d.status = '调出';
    d.statusDate = utc(2024, 9, 1) + rng.int(0, 729) * DAY;
  }

  // Degrees: exact shares per stage among serving teachers, the oldest taking the lowest degrees
  // (with noise, so age and degree correlate without being locked together).
  const stages = Object.keys(DEGREE_SHARES) as Stage[];
  for (const stage of stages) {
    const serving = drafts
      .filter((d) => d.stage === stage && d.status === '在职')
      .map((d) => ({ d, key: d.age + rng.normal() * 7 }))
      .sort((a, b) => b.key - a.key);
    const shares = DEGREE_SHARES[stage];
    const counts = apportion(
      serving.length,
      shares.map(([, s]) => s),
    );
    let at = 0;
    shares.forEach(([degree], k) => {
      for (let c = 0; c < counts[k]!; c++) serving[at++]!.d.degree = degree;
    });
  }
  for (const d of drafts) {
    if (d.status !== '在职') {
      d.degree =
        d.status === '退休'
          ? rng.weighted([
              ['中专', 35],
              ['专科', 45],
              ['本科', 20],
            ] as const)
          : rng.weighted(DEGREE_SHARES[d.stage]);
    }
    // A master's degree takes until about 25.
    if (d.degree === '研究生' && d.age < 25) d.age = rng.int(25, 29);
    if (d.status !== '退休') d.birth = birthForAge(rng, d.age);
    d.hire = hireDate(rng, d.birth, d.degree);
    const ys = ageOn(d.hire, TODAY_MS);
    d.title = titleFor(rng, d, ys);
    d.merit =
      TITLE_RANK[d.title] * 1.6 +
      Math.min(ys, 30) / 8 +
      DEGREE_RANK[d.degree] * 0.6 +
      (plans[d.school]!.urbanRural === '城镇' ? 0.4 : 0) +
      rng.normal() * 1.3;
  }

  // Honours among serving teachers, by merit: 12% 骨干, 3% 学科带头人, 1% 名师, a few 特级/正高级.
  const serving = drafts.filter((d) => d.status === '在职');
  const byMerit = serving.slice().sort((a, b) => b.merit - a.merit);
  const n = drafts.length;
  byMerit.slice(0, Math.round(n * 0.12)).forEach((d) => {
    d.tags.push('骨干教师');
  });
  byMerit.slice(0, Math.round(n * 0.03)).forEach((d) => {
    d.tags.push('学科带头人');
  });
  byMerit.slice(0, Math.round(n * 0.01)).forEach((d) => {
    d.tags.push('名师');
  });
  byMerit.slice(0, 5).forEach((d) => {
    d.tags.push('特级教师');
  });
  byMerit
    .filter((d) => d.title === '高级教师' && ['小学', '初中', '高中'].includes(d.stage))
    .slice(0, 6)
    .forEach((d) => {
      d.title = '正高级教师';
      d.tags.push('正高级');
    });

  // Posts per school: one 校长/园长, deputies, middle managers, 教研组长, ~35% 班主任.
  const bySchool = new Map<number, Draft[]>();
  for (const d of serving) {
    const list = bySchool.get(d.school) ?? [];
    list.push(d);
    bySchool.set(d.school, list);
  }
  const principals = new Map<number, Draft>();
  plans.forEach((p, school) => {
    const staff = bySchool.get(school) ?? [];
    const kg = p.type === '幼儿园';
    const free = (d: Draft) => d.posts.length === 0;
    const [head] = weightedSample(
      rng,
      staff,
      (d) => (d.age >= 40 && d.age <= 56 ? 10 : d.age >= 35 ? 2 : 0.05) * Math.exp(d.merit / 2),
      1,
    );
    if (head) {
      head.posts.push(kg ? '园长' : '校长');
      principals.set(school, head);
    }
    const deputies = staff.length >= 40 ? 2 : staff.length >= 15 ? 1 : 0;
    for (const d of weightedSample(
      rng,
      staff.filter(free),
      (d) => (d.age >= 35 ? Math.exp(d.merit / 2) : 0.01),
      deputies,
    )) {
      d.posts.push(kg ? '副园长' : '副校长');
    }
    const middle = staff.length >= 20 ? Math.max(1, Math.round(staff.length / 16)) : 0;
    for (const d of weightedSample(rng, staff.filter(free), (d) => (d.age >= 30 ? 1 + d.merit / 4 : 0.05), middle)) {
      d.posts.push('中层干部');
    }
    if (!kg) {
      const leads = Math.round(staff.length / 22);
      for (const d of weightedSample(rng, staff.filter(free), (d) => (d.age >= 32 ? 1 + d.merit / 5 : 0.1), leads)) {
        d.posts.push('教研组长');
      }
    }
    const homeroom = Math.round(sizes[school]! * 0.355);
    const core: ReadonlySet<Subject> = new Set(['语文', '数学', '英语', '学前教育', '特殊教育', '物理', '化学']);
    for (const d of weightedSample(
      rng,
      staff.filter((d) => !d.posts.some((x) => x === '校长' || x === '园长' || x === '副校长' || x === '副园长')),
      (d) => (core.has(d.subject) ? 1 : 0.3) * (d.age < 50 ? 1 : 0.4),
      homeroom,
    )) {
      d.posts.push('班主任');
    }
  });

  // Identity: names, ID numbers, phones — all unique.
  const usedIds = new Set<string>();
  const usedMobiles = new Set<string>();
  const teachers: DemoTeacher[] = drafts.map((d) => {
    const birthDate = iso(d.birth);
    let idNumber: string;
    for (;;) {
      const seq = rng.int(0, 498) * 2 + (d.gender === '男' ? 1 : 2);
      const first17 = `${rng.weighted(REGION_CODES)}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
      idNumber = first17 + idCheckChar(first17);
      if (!usedIds.has(idNumber)) break;
    }
    usedIds.add(idNumber);
    let phone: string;
    do phone = rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
    while (usedMobiles.has(phone));
    usedMobiles.add(phone);
    return {
      school: d.school,
      name: personName(rng, d.gender, new Date(d.birth).getUTCFullYear()),
      gender: d.gender,
      idNumber,
      birthDate,
      phone,
      stage: d.stage,
      subject: d.subject,
      title: d.title,
      degree: d.degree,
      hireDate: iso(d.hire),
      posts: d.posts,
      tags: d.tags,
      status: d.status,
      statusDate: d.statusDate == null ? null : iso(d.statusDate),
    };
  });

  const index = new Map(drafts.map((d, i) => [d, i]));
  const schools: DemoSchool[] = plans.map((p, i) => {
    const head = principals.get(i);
    return {
      name: p.name,
      code: `2151068${String(i + 1).padStart(3, '0')}`,
      type: p.type,
      urbanRural: p.urbanRural,
      address: p.address,
      principal: head ? teachers[index.get(head)!]!.name : null,
      phone: schoolPhone(),
      area: p.area,
      consortium: p.consortium,
    };
  });

  const school1 = 0;
  const school2 = byName.get('遵道镇小学')!;
  const demoTeacher = teachers.findIndex(
    (t) =>
      t.school === school1 &&
      t.status === '在职' &&
      t.stage === '小学' &&
      t.subject === '语文' &&
      t.posts.includes('班主任') &&
      t.posts.length === 1,
  );

  return {
    regionName: r,
    regionCode: DEMO_REGION_CODE,
    areas: AREAS.map((name, i) => ({ name, code: `XQ${String(i + 1).padStart(2, '0')}` })),
    consortia,
    schools,
    teachers,
    school1,
    school2,
    demoTeacher,
  };
}
