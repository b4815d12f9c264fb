// The demo county's training history as plain data: a pure function of the county and "today", so
// a fresh demo looks lived-in. 2021–2025 (the 2021–2025 registration cycle): each year upper-level
// projects (国培/省培/市州培, results imported), county projects (县培, with sessions and attendance)
// and every school's 校本研修; this year a plan with a project in every status around today. Most
// teachers reach 360 学时 in 2021–2025; a deterministic minority falls behind (~10% of those in post
// since 2021, plus recent hires: 15–20% of all).
// The browser tests rely on: no school1 teacher in a project that is not closed, and no upcoming
// project within 10 days of today (they create their own "now").
import {
  attendanceRate,
  DEFAULT_COMPLETION_RULE,
  type Level,
  type Mode,
  meetsCompletion,
  type ParticipationStatus,
  type ProjectStatus,
  type Result,
} from '@shixun/common';
import type { DemoCounty, DemoTeacher } from './county.js';
import { createRng, type Rng } from './random.js';

export interface HistoryTrainer {
  kind: 'county' | 'external';
  /** Index into county.teachers (county trainers). */
  teacher: number | null;
  /** Linked to the `trainer1` demo account. */
  trainer1: boolean;
  name: string;
  organisation: string | null;
  title: string | null;
  expertise: string;
}

export interface HistoryProject {
  code: string | null;
  name: string;
  year: number;
  level: Level;
  category: string;
  mode: Mode;
  organiserType: 'county' | 'school' | 'upper';
  organiser: string | null;
  /** Index into county.schools (校培 only). */
  school: number | null;
  startDate: string;
  endDate: string;
  place: string | null;
  hours: number;
  capacity: number | null;
  enrolMode: 'nomination' | 'open';
  /** ISO timestamp. */
  enrolDeadline: string | null;
  status: ProjectStatus;
  upperQuota: number | null;
  /** The results sheet an upper-level project was imported from. */
  source: string | null;
  description: string | null;
  eligibility: Record<string, unknown>;
  budget: number | null;
  /** Indexes into trainers. */
  trainers: number[];
}

export interface HistorySession {
  project: number;
  /** ISO timestamps (+08:00). */
  startsAt: string;
  endsAt: string;
  topic: string;
  trainer: number | null;
  room: string | null;
}

export interface HistoryParticipation {
  project: number;
  teacher: number;
  source: 'nomination' | 'self' | 'import';
  status: ParticipationStatus;
  score: number | null;
  result: Result | null;
  externalCertificateNo: string | null;
}

export interface HistoryAttendance {
  session: number;
  participation: number;
  status: 'present' | 'late' | 'absent' | 'leave';
}

export interface HistoryQuota {
  project: number;
  school: number;
  quota: number;
}

export interface HistoryApplication {
  teacher: number;
  kind: string;
  title: string;
  occurredOn: string;
  level: string | null;
  quantity: number | null;
  claimedHours: number;
  grantedHours: number | null;
  description: string;
  status: 'pending' | 'school_passed' | 'approved' | 'returned' | 'withdrawn';
  returnReason: string | null;
  returnedBy: 'school' | 'county' | null;
}

export interface DemoHistory {
  today: string;
  trainers: HistoryTrainer[];
  projects: HistoryProject[];
  sessions: HistorySession[];
  participations: HistoryParticipation[];
  attendance: HistoryAttendance[];
  quotas: HistoryQuota[];
  applications: HistoryApplication[];
}

/** The registration cycle the history fills (national preset: 360 学时 per five years). */
export const HISTORY_YEARS = [2021, 2022, 2023, 2024, 2025] as const;
export const CYCLE_REQUIRED = 360;
/** Upcoming seeded projects start at least this many days after today. */
export const UPCOMING_GAP_DAYS = 20;

// ---------- dates ----------

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;
const yearOf = (day: string) => Number(day.slice(0, 4));
/** Monday = 0 … Sunday = 6. */
const weekday = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
/** The first weekday (Mon–Fri) on or after the day. */
const workday = (day: string) => (weekday(day) >= 5 ? addDays(day, 7 - weekday(day)) : day);

/** Today in Beijing (the seed's default "today"). */
export function beijingToday(now = new Date()): string {
  return now.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

// ---------- who may take part ----------

function employed(t: DemoTeacher, from: string, to: string): boolean {
  if (t.hireDate > from) return false;
  if (t.status !== '在职' && t.statusDate != null && t.statusDate <= to) return false;
  return true;
}

function scoreOf(rng: Rng, mean = 84, sd = 7): number {
  const s = Math.round((mean + sd * rng.normal()) * 2) / 2;
  return Math.max(35, Math.min(99, s));
}
const resultOf = (score: number): Result => (score >= 90 ? '优秀' : score >= 60 ? '合格' : '不合格');

// ---------- the generator ----------

export function generateHistory(county: DemoCounty, opts: { today: string; seed?: string }): DemoHistory {
  const rng = createRng(opts.seed ?? 'shixun-demo-history-v1');
  const { today } = opts;
  const region = county.regionName;
  const centre = `${region}教师发展中心`;
  const teachers = county.teachers;
  const schools = county.schools;
  const school1 = county.school1;

  const h: DemoHistory = {
    today,
    trainers: [],
    projects: [],
    sessions: [],
    participations: [],
    attendance: [],
    quotas: [],
    applications: [],
  };

  // A deterministic minority who fall behind (never teacher1).
  const behind = teachers.map((_, i) => i !== county.demoTeacher && rng.chance(0.1));
  /** Completed hours per teacher inside the history cycle. */
  const cycleHours = new Float64Array(teachers.length);

  // ----- the trainer pool: county 名师/学科带头人 and invited experts (one is trainer1) -----
  const countyTrainerIdx = teachers
    .map((t, i) => ({ t, i }))
    .filter(({ t, i }) => t.status === '在职' && t.school !== school1 && i !== county.demoTeacher)
    .filter(({ t }) => t.tags.includes('名师') || t.tags.includes('学科带头人'))
    .slice(0, 10);
  for (const { t, i } of countyTrainerIdx) {
    h.trainers.push({
      kind: 'county',
      teacher: i,
      trainer1: false,
      name: t.name,
      organisation: schools[t.school]!.name,
      title: t.title,
      expertise: `${t.stage}${t.subject}教学`,
    });
  }
  const experts: Array<Omit<HistoryTrainer, 'kind' | 'teacher'>> = [
    {
      trainer1: true,
      name: '林知远',
      organisation: '四川师范大学教师教育学院',
      title: '教授',
      expertise: '课堂教学设计与信息技术融合',
    },
    {
      trainer1: false,
      name: '周若兰',
      organisation: '德阳市教育科学研究院',
      title: '正高级教师',
      expertise: '义务教育新课标与大单元教学',
    },
    {
      trainer1: false,
      name: '唐建国',
      organisation: '四川省教育科学研究院',
      title: '研究员',
      expertise: '班主任专业发展与家校共育',
    },
    {
      trainer1: false,
      name: '许晓静',
      organisation: '成都大学心理健康教育中心',
      title: '副教授',
      expertise: '学生心理健康与危机干预',
    },
    {
      trainer1: false,
      name: '邓海燕',
      organisation: '德阳市第一幼儿园',
      title: '正高级教师',
      expertise: '幼儿园保教质量与游戏活动',
    },
  ];
  const expertBase = h.trainers.length;
  for (const e of experts) h.trainers.push({ kind: 'external', teacher: null, ...e });
  const EXPERT = {
    ict: expertBase,
    curriculum: expertBase + 1,
    headTeacher: expertBase + 2,
    mental: expertBase + 3,
    kinder: expertBase + 4,
  };
  const localTrainers = countyTrainerIdx.map((_, k) => k);

  const addProject = (
    p: Omit<
      HistoryProject,
      | 'eligibility'
      | 'budget'
      | 'trainers'
      | 'upperQuota'
      | 'source'
      | 'description'
      | 'capacity'
      | 'enrolDeadline'
      | 'code'
      | 'place'
    > &
      Partial<HistoryProject>,
  ): number => {
    h.projects.push({
      code: null,
      place: null,
      capacity: null,
      enrolDeadline: null,
      upperQuota: null,
      source: null,
      description: null,
      eligibility: {},
      budget: null,
      trainers: [],
      ...p,
    });
    return h.projects.length - 1;
  };

  /** Sessions of a face-to-face project: `n` days from its start, half days. */
  const addSessions = (project: number, topics: string[], trainers: number[], room: string, days?: string[]) => {
    const p = h.projects[project]!;
    const out: number[] = [];
    topics.forEach((topic, k) => {
      const day = days?.[k] ?? addDays(p.startDate, Math.floor(k / 2));
      const morning = days ? true : k % 2 === 0;
      h.sessions.push({
        project,
        startsAt: at(day, morning ? '09:00' : '14:30'),
        endsAt: at(day, morning ? '11:30' : '17:00'),
        topic,
        trainer: trainers.length ? trainers[k % trainers.length]! : null,
        room,
      });
      out.push(h.sessions.length - 1);
    });
    return out;
  };

  /**
   * Participants of a project run here (county or school): attendance for its held sessions, a
   * score, and the outcome the assessment would give. `outcome: false` leaves them enrolled.
   */
  const enrolAndAssess = (
    project: number,
    who: number[],
    sessions: number[],
    opts2: { source: 'nomination' | 'self'; assess: boolean; heldBefore?: string; scored?: number },
  ) => {
    const p = h.projects[project]!;
    const inCycle = p.startDate >= '2021-01-01' && p.endDate <= '2025-12-31';
    for (const ti of who) {
      const slack = behind[ti] ? 0.25 : 0.04;
      let attended = 0;
      let leave = 0;
      let held = 0;
      const index = h.participations.length;
      for (const s of sessions) {
        if (opts2.heldBefore && h.sessions[s]!.startsAt >= at(opts2.heldBefore, '00:00')) continue;
        held++;
        const status = rng.chance(slack)
          ? rng.chance(0.3)
            ? 'leave'
            : 'absent'
          : rng.chance(0.06)
            ? 'late'
            : 'present';
        if (status === 'present' || status === 'late') attended++;
        if (status === 'leave') leave++;
        h.attendance.push({ session: s, participation: index, status });
      }
      let status: ParticipationStatus = 'enrolled';
      let score: number | null = null;
      let result: Result | null = null;
      const scoreIt = opts2.assess || (opts2.scored != null && rng.chance(opts2.scored));
      if (scoreIt) {
        score = scoreOf(rng, behind[ti] ? 74 : 85);
        result = resultOf(score);
      }
      if (opts2.assess) {
        const rate = attendanceRate(held, attended, leave);
        status = meetsCompletion(DEFAULT_COMPLETION_RULE, { attendanceRate: rate, result }).completed
          ? 'completed'
          : 'failed';
        if (status === 'completed' && inCycle) cycleHours[ti]! += p.hours;
      }
      h.participations.push({
        project,
        teacher: ti,
        source: opts2.source,
        status,
        score,
        result,
        externalCertificateNo: null,
      });
    }
  };

  /** Upper-level results, imported from the sheet the province/prefecture sent. */
  const importResults = (project: number, who: number[]) => {
    const p = h.projects[project]!;
    const inCycle = p.startDate >= '2021-01-01' && p.endDate <= '2025-12-31';
    let serial = 0;
    for (const ti of who) {
      const fail = rng.chance(behind[ti] ? 0.35 : 0.03);
      const score = p.mode === '网络远程' && rng.chance(0.5) ? null : scoreOf(rng, fail ? 52 : 86, fail ? 5 : 6);
      const result: Result = fail ? '不合格' : score != null && score >= 90 ? '优秀' : '合格';
      const status: ParticipationStatus = fail ? 'failed' : 'completed';
      if (!fail && inCycle) cycleHours[ti]! += p.hours;
      serial++;
      h.participations.push({
        project,
        teacher: ti,
        source: 'import',
        status,
        score: fail ? (score ?? scoreOf(rng, 50, 5)) : score,
        result,
        externalCertificateNo: !fail && p.code ? `${p.code}-${String(serial).padStart(4, '0')}` : null,
      });
    }
  };

  const pickFrom = (pool: number[], n: number) => rng.shuffle(pool).slice(0, Math.max(0, Math.min(n, pool.length)));
  /** Teachers employed through [from, to]; optionally filtered. */
  const poolOf = (from: string, to: string, f: (t: DemoTeacher, i: number) => boolean = () => true) =>
    teachers.flatMap((t, i) => (employed(t, from, to) && f(t, i) ? [i] : []));
  /** Weighted towards those who usually take part. */
  const keen = (ti: number) => (behind[ti] ? rng.chance(0.2) : true);

  const rural = (t: DemoTeacher) => schools[t.school]!.urbanRural === '乡村';
  const isHead = (t: DemoTeacher) => t.posts.includes('班主任');
  const isKey = (t: DemoTeacher) => t.tags.some((x) => x === '骨干教师' || x === '学科带头人' || x === '名师');
  const compulsory = (t: DemoTeacher) => t.stage === '小学' || t.stage === '初中';

  // ----- 2021–2025 -----
  /** Upper-level projects (results imported) and the county's online course of a year, ending by `latest`. */
  const upperAndOnline = (year: number, latest: string) => {
    const y = String(year);
    const sheet = `${year}年国培省培市培成绩汇总.xlsx`;
    // Upper level (imported results).
    const upper = [
      {
        code: `GP${y}-WL`,
        name: `国培计划（${y}）—中小学幼儿园教师网络研修与校本研修整合培训`,
        level: '国培' as Level,
        mode: '网络远程' as Mode,
        category: '学科/新课标',
        organiser: '四川省教育厅',
        hours: 50,
        start: `${y}-04-10`,
        end: `${y}-10-31`,
        n: rng.int(380, 520),
        pool: () => poolOf(`${y}-04-10`, `${y}-10-31`, (t) => t.stage !== '幼儿园'),
      },
      {
        code: `GP${y}-GG`,
        name: `国培计划（${y}）—乡村骨干教师跟岗研修`,
        level: '国培' as Level,
        mode: '跟岗影子' as Mode,
        category: '骨干教师',
        organiser: '四川师范大学',
        hours: 80,
        start: `${y}-05-08`,
        end: `${y}-05-21`,
        n: rng.int(8, 15),
        pool: () => poolOf(`${y}-05-08`, `${y}-05-21`, (t) => rural(t) && isKey(t)),
      },
      {
        code: `SP${y}-XX`,
        name:
          year <= 2023
            ? `四川省中小学教师信息技术应用能力提升工程2.0（${y}）`
            : `四川省中小学教师数字素养提升网络培训（${y}）`,
        level: '省培' as Level,
        mode: '网络远程' as Mode,
        category: '信息技术能力',
        organiser: '四川省教育厅',
        hours: 50,
        start: `${y}-03-15`,
        end: `${y}-11-30`,
        n: rng.int(900, 1200),
        pool: () => poolOf(`${y}-03-15`, `${y}-11-30`),
      },
      {
        code: `SP${y}-GG`,
        name: `四川省中小学骨干教师培训（${y}）`,
        level: '省培' as Level,
        mode: '集中面授' as Mode,
        category: '骨干教师',
        organiser: '四川省教师发展中心',
        hours: 60,
        start: `${y}-07-12`,
        end: `${y}-07-21`,
        n: rng.int(20, 40),
        pool: () => poolOf(`${y}-07-12`, `${y}-07-21`, (t) => isKey(t)),
      },
      {
        code: `DY${y}-BZR`,
        name: `德阳市中小学班主任能力提升培训（${y}）`,
        level: '市州培' as Level,
        mode: '集中面授' as Mode,
        category: '班主任',
        organiser: '德阳市教育局',
        hours: 30,
        start: `${y}-08-16`,
        end: `${y}-08-20`,
        n: rng.int(30, 50),
        pool: () => poolOf(`${y}-08-16`, `${y}-08-20`, (t) => isHead(t)),
      },
      {
        code: `DY${y}-XL`,
        name: `德阳市中小学幼儿园教师心理健康教育网络培训（${y}）`,
        level: '市州培' as Level,
        mode: '网络远程' as Mode,
        category: '心理健康',
        organiser: '德阳市教育局',
        hours: 20,
        start: `${y}-09-10`,
        end: `${y}-12-10`,
        n: rng.int(250, 400),
        pool: () => poolOf(`${y}-09-10`, `${y}-12-10`),
      },
    ];
    for (const u of upper) {
      const end = u.end < latest ? u.end : latest;
      if (end <= u.start) continue;
      const project = addProject({
        code: u.code,
        name: u.name,
        year,
        level: u.level,
        category: u.category,
        mode: u.mode,
        organiserType: 'upper',
        organiser: u.organiser,
        school: null,
        startDate: u.start,
        endDate: end,
        hours: u.hours,
        enrolMode: 'nomination',
        status: 'closed',
        source: sheet,
      });
      const who = pickFrom(u.pool().filter(keen), u.n);
      h.projects[project]!.upperQuota = who.length + rng.int(0, 5);
      importResults(project, who);
    }

    // County online course for (almost) everyone: no sessions, results from the platform.
    const start = `${y}-03-01`;
    const end = `${y}-12-15` < latest ? `${y}-12-15` : latest;
    // Every other year (2021, 2023, 2025 …) and this year.
    if (end > start && (year % 2 === 1 || latest < `${y}-12-15`)) {
      const project = addProject({
        name: `${y}年全县中小学幼儿园教师师德师风专题网络培训`,
        year,
        level: '县培',
        category: '师德',
        mode: '网络远程',
        organiserType: 'county',
        organiser: centre,
        school: null,
        startDate: start,
        endDate: end,
        hours: 20,
        enrolMode: 'open',
        status: 'closed',
      });
      const who = poolOf(start, end).filter((ti) => (behind[ti] ? rng.chance(0.45) : rng.chance(0.93)));
      enrolAndAssess(project, who, [], { source: 'self', assess: true });
    }
  };

  for (const year of HISTORY_YEARS) {
    const y = String(year);
    upperAndOnline(year, '9999-12-31');

    // County projects with sessions, attendance, assessment, certificates.
    const countyProjects: Array<{
      name: string;
      category: string;
      mode: Mode;
      hours: number;
      start: string;
      days: number;
      topics: string[];
      trainers: number[];
      pool: (from: string, to: string) => number[];
      n: number;
      place: string;
    }> = [
      {
        name: `${y}年新教师岗前培训`,
        category: '新教师岗前',
        mode: '集中面授',
        hours: 40,
        start: workday(`${y}-08-24`),
        days: 3,
        topics: [
          '教师职业道德与法规',
          '班级管理入门',
          '教学设计与说课',
          '课堂观察与评课',
          '信息技术与课堂',
          '岗前考核',
        ],
        trainers: [EXPERT.headTeacher, ...localTrainers.slice(0, 2)],
        pool: (from, to) => poolOf(from, to, (t) => t.hireDate >= `${y}-01-01`),
        n: 200,
        place: `${centre}报告厅`,
      },
      {
        name: `${y}年全县班主任专题培训`,
        category: '班主任',
        mode: '集中面授',
        hours: 24,
        start: workday(`${y}-04-14`),
        days: 2,
        topics: ['班级文化建设', '家校沟通与共育', '学生心理危机识别', '主题班会设计'],
        trainers: [EXPERT.headTeacher, EXPERT.mental],
        pool: (from, to) => poolOf(from, to, (t) => isHead(t)),
        n: rng.int(70, 100),
        place: `${centre}报告厅`,
      },
      {
        name: `${y}年骨干教师课堂教学能力提升研修`,
        category: '骨干教师',
        mode: '混合式',
        hours: 40,
        start: workday(`${y}-10-20`),
        days: 2,
        topics: ['大单元教学设计', '课例研讨', '信息技术与学科融合', '成果展示'],
        trainers: [EXPERT.curriculum, EXPERT.ict, ...localTrainers.slice(2, 5)],
        pool: (from, to) => poolOf(from, to, (t) => isKey(t)),
        n: rng.int(50, 80),
        place: `${region}实验小学多功能厅`,
      },
      {
        name: year === 2022 ? '2022年义务教育新课程标准专题培训' : `${y}年学科教学专题培训`,
        category: '学科/新课标',
        mode: '混合式',
        hours: 30,
        start: workday(`${y}-09-08`),
        days: 2,
        topics: ['课程标准解读', '学业质量与评价', '跨学科主题学习', '作业设计'],
        trainers: [EXPERT.curriculum, ...localTrainers.slice(3, 8)],
        pool: (from, to) => poolOf(from, to, (t) => compulsory(t)),
        n: year === 2022 ? 650 : rng.int(200, 300),
        place: `${centre}报告厅`,
      },
      {
        name: `${y}年送教下乡（乡村学校）`,
        category: '送教下乡',
        mode: '送教下乡',
        hours: 16,
        start: workday(`${y}-11-10`),
        days: 1,
        topics: ['示范课与评课', '乡村课堂教学问题诊断'],
        trainers: localTrainers.slice(0, 4),
        pool: (from, to) => poolOf(from, to, (t) => rural(t) && t.stage !== '幼儿园'),
        n: rng.int(100, 150),
        place: '遵道镇小学',
      },
      {
        name: `${y}年幼儿园教师保教能力提升培训`,
        category: '幼儿园教师',
        mode: '集中面授',
        hours: 24,
        start: workday(`${y}-06-09`),
        days: 2,
        topics: ['幼儿游戏观察与支持', '一日生活组织', '家园共育', '保教案例研讨'],
        trainers: [EXPERT.kinder],
        pool: (from, to) => poolOf(from, to, (t) => t.stage === '幼儿园'),
        n: rng.int(60, 90),
        place: `${region}第一幼儿园`,
      },
    ];
    for (const c of countyProjects) {
      const end = addDays(c.start, c.days - 1);
      const project = addProject({
        name: c.name,
        year,
        level: '县培',
        category: c.category,
        mode: c.mode,
        organiserType: 'county',
        organiser: centre,
        school: null,
        startDate: c.start,
        endDate: end,
        place: c.place,
        hours: c.hours,
        capacity: c.n,
        enrolMode: 'nomination',
        enrolDeadline: at(addDays(c.start, -10), '18:00'),
        status: 'closed',
        budget: Math.round(c.n * c.hours * 12),
        trainers: c.trainers,
      });
      const sessions = addSessions(project, c.topics, c.trainers, c.place);
      const who = pickFrom(c.pool(c.start, end).filter(keen), c.n);
      h.projects[project]!.capacity = Math.max(who.length, 1);
      enrolAndAssess(project, who, sessions, { source: 'nomination', assess: true });
    }

    // Every school's 校本研修 (whole staff).
    schools.forEach((s, si) => {
      const start = `${y}-03-01`;
      const end = `${y}-12-20`;
      const project = addProject({
        name: `${s.name}${y}年度校本研修`,
        year,
        level: '校培',
        category: '校本研修',
        mode: '混合式',
        organiserType: 'school',
        organiser: s.name,
        school: si,
        startDate: start,
        endDate: end,
        place: s.name,
        hours: s.type === '幼儿园' ? 40 : 48,
        enrolMode: 'open',
        status: 'closed',
      });
      const who = poolOf(start, end, (t) => t.school === si).filter((ti) => (behind[ti] ? rng.chance(0.6) : true));
      enrolAndAssess(project, who, [], { source: 'self', assess: true });
    });
  }

  // ----- top-up: those not behind who are short of 360 take the county's 继续教育网络课程 (those
  // hired by 2023 too; later hires cannot make up 360 学时 and stay behind) -----
  const topUp: number[] = [];
  teachers.forEach((t, i) => {
    if (behind[i] || !employed(t, '2023-12-31', '2025-12-31')) return;
    if (cycleHours[i]! < CYCLE_REQUIRED + 10) topUp.push(i);
  });
  for (const year of [2025, 2024, 2023, 2022]) {
    const y = String(year);
    const start = `${y}-06-01`;
    const end = `${y}-12-25`;
    const need = topUp.filter((i) => cycleHours[i]! < CYCLE_REQUIRED + 10 && employed(teachers[i]!, start, end));
    if (!need.length) break;
    const project = addProject({
      name: `${y}年中小学幼儿园教师继续教育网络课程（县级）`,
      year,
      level: '县培',
      category: '学科/新课标',
      mode: '网络远程',
      organiserType: 'county',
      organiser: centre,
      school: null,
      startDate: start,
      endDate: end,
      hours: 60,
      enrolMode: 'open',
      status: 'closed',
    });
    // Assessed like the rest (a few may fail, so the top-up may run again in an earlier year).
    enrolAndAssess(project, need, [], { source: 'self', assess: true });
  }

  // ----- this year: a plan around today -----
  const thisYear = yearOf(today);
  const cur = String(thisYear);
  const notSchool1 = (t: DemoTeacher, i: number) => t.school !== school1 && i !== county.demoTeacher;

  // Closed earlier this year (school1 teachers may be in these): the upper levels' results are in,
  // and the online course closed early.
  upperAndOnline(thisYear, addDays(today, -11));
  {
    const start = workday(addDays(today, -95));
    const end = addDays(start, 2);
    const pyear = yearOf(start);
    const topics = [
      '教师职业道德与法规',
      '班级管理入门',
      '教学设计与说课',
      '课堂观察与评课',
      '信息技术与课堂',
      '岗前考核',
    ];
    const project = addProject({
      name: `${pyear}年新教师岗前培训`,
      year: pyear,
      level: '县培',
      category: '新教师岗前',
      mode: '集中面授',
      organiserType: 'county',
      organiser: centre,
      school: null,
      startDate: start,
      endDate: end,
      place: `${centre}报告厅`,
      hours: 40,
      capacity: 150,
      enrolMode: 'nomination',
      enrolDeadline: at(addDays(start, -10), '18:00'),
      status: 'closed',
      trainers: [EXPERT.headTeacher, EXPERT.ict],
      budget: 48000,
    });
    const sessions = addSessions(project, topics, [EXPERT.headTeacher, EXPERT.ict], `${centre}报告厅`);
    const who = poolOf(start, end, (t) => t.hireDate >= `${pyear - 1}-07-01`);
    enrolAndAssess(project, who.slice(0, 150), sessions, { source: 'nomination', assess: true });
  }
  {
    const start = `${cur}-03-01`;
    const end = addDays(today, -40) < `${cur}-07-10` ? addDays(today, -40) : `${cur}-07-10`;
    if (end > start) {
      schools.forEach((s, si) => {
        if (si % 3 !== 0 && si !== school1) return; // a third of the schools ran a spring term programme
        const project = addProject({
          name: `${s.name}${cur}年春季学期校本研修`,
          year: thisYear,
          level: '校培',
          category: '校本研修',
          mode: '混合式',
          organiserType: 'school',
          organiser: s.name,
          school: si,
          startDate: start,
          endDate: end,
          place: s.name,
          hours: 20,
          enrolMode: 'open',
          status: 'closed',
        });
        enrolAndAssess(
          project,
          poolOf(start, end, (t) => t.school === si),
          [],
          { source: 'self', assess: true },
        );
      });
    }
  }

  // 考核中: all sessions held, part of the scores entered.
  {
    const days = [-30, -23, -16].map((d) => workday(addDays(today, d)));
    const start = days[0]!;
    const end = days[2]!;
    const project = addProject({
      name: `${cur}年中小学心理健康教育专题培训`,
      year: thisYear,
      level: '县培',
      category: '心理健康',
      mode: '集中面授',
      organiserType: 'county',
      organiser: centre,
      school: null,
      startDate: start,
      endDate: end,
      place: `${centre}301教室`,
      hours: 18,
      capacity: 50,
      enrolMode: 'nomination',
      enrolDeadline: at(addDays(start, -7), '18:00'),
      status: 'assessing',
      trainers: [EXPERT.mental],
      budget: 15000,
      description: '面向心理健康教育专兼职教师和班主任，提升学生心理问题识别与干预能力。',
    });
    const sessions = addSessions(
      project,
      ['学生常见心理问题识别', '心理危机干预流程', '团体心理辅导实操'],
      [EXPERT.mental],
      `${centre}301教室`,
      days,
    );
    const who = pickFrom(poolOf(start, end, notSchool1), 46);
    enrolAndAssess(project, who, sessions, { source: 'nomination', assess: false, scored: 0.6 });
  }

  // 实施中: one session held, one this week, one next week.
  {
    const first = addDays(today, -3);
    const days = [first, addDays(today, weekday(today) >= 4 ? 1 : 2), addDays(today, 8)].map(workday);
    const end = days[2]!;
    const project = addProject({
      name: `${cur}年骨干教师信息技术与学科融合研修`,
      year: thisYear,
      level: '县培',
      category: '信息技术能力',
      mode: '混合式',
      organiserType: 'county',
      organiser: centre,
      school: null,
      startDate: days[0]!,
      endDate: end,
      place: `${centre}智慧教室`,
      hours: 24,
      capacity: 40,
      enrolMode: 'nomination',
      enrolDeadline: at(addDays(days[0]!, -7), '18:00'),
      status: 'running',
      trainers: [EXPERT.ict, EXPERT.curriculum],
      budget: 20000,
      description: '围绕人工智能助教、数字教材与课堂互动工具，开展课例研磨与成果展示。',
    });
    const sessions = addSessions(
      project,
      ['人工智能助教在课堂中的应用', '数字化课例研磨', '成果展示与点评'],
      [EXPERT.ict, EXPERT.curriculum, EXPERT.ict],
      `${centre}智慧教室`,
      days,
    );
    const who = pickFrom(
      poolOf(days[0]!, end, (t, i) => notSchool1(t, i) && isKey(t)),
      36,
    );
    enrolAndAssess(project, who, sessions, { source: 'nomination', assess: false, heldBefore: today });
  }

  // 报名中: quotas per school, nominations waiting for the county (none from school1).
  {
    const start = workday(addDays(today, 30));
    const end = addDays(start, 1);
    const project = addProject({
      name: `${cur}年全县班主任工作能力专题培训`,
      year: thisYear,
      level: '县培',
      category: '班主任',
      mode: '集中面授',
      organiserType: 'county',
      organiser: centre,
      school: null,
      startDate: start,
      endDate: end,
      place: `${centre}报告厅`,
      hours: 16,
      capacity: 60,
      enrolMode: 'nomination',
      enrolDeadline: at(addDays(today, 20), '18:00'),
      status: 'enrolling',
      // A post's own training: for 班主任 (the nominees below are all 班主任).
      eligibility: { posts: ['班主任'] },
      trainers: [EXPERT.headTeacher],
      budget: 18000,
      description: '聚焦班级管理、家校共育和学生心理健康，各校按分配名额推荐班主任参训。',
    });
    addSessions(
      project,
      ['新时代班主任的角色与使命', '家校共育沟通策略', '主题班会设计与展示', '班级突发事件处置'],
      [EXPERT.headTeacher],
      `${centre}报告厅`,
    );
    const withQuota = schools
      .map((_, si) => si)
      .filter((si) => si === school1 || si === county.school2 || si % 4 === 1);
    let total = 0;
    for (const si of withQuota) {
      const quota = schools[si]!.type === '幼儿园' ? 1 : rng.int(2, 4);
      h.quotas.push({ project, school: si, quota });
      total += quota;
      if (si === school1) continue;
      const pool = poolOf(start, end, (t, i) => t.school === si && isHead(t) && notSchool1(t, i));
      const nominated = pickFrom(pool, rng.int(0, quota));
      for (const ti of nominated) {
        h.participations.push({
          project,
          teacher: ti,
          source: 'nomination',
          status: rng.chance(0.3) ? 'enrolled' : 'nominated',
          score: null,
          result: null,
          externalCertificateNo: null,
        });
      }
    }
    h.projects[project]!.capacity = total;
  }

  // 已发布 and 草稿: later in the plan.
  {
    const start = workday(addDays(today, 24));
    addProject({
      name: `${cur}年幼儿园教师游戏活动观察与支持培训`,
      year: thisYear,
      level: '县培',
      category: '幼儿园教师',
      mode: '集中面授',
      organiserType: 'county',
      organiser: centre,
      school: null,
      startDate: start,
      endDate: addDays(start, 1),
      place: `${region}第一幼儿园`,
      hours: 16,
      capacity: 80,
      enrolMode: 'nomination',
      enrolDeadline: at(addDays(start, -10), '18:00'),
      status: 'published',
      trainers: [EXPERT.kinder],
      budget: 16000,
      eligibility: { stages: ['幼儿园'] },
      description: '以游戏观察记录和案例研讨为主线，提升幼儿园教师支持幼儿深度学习的能力。',
    });
  }
  {
    const start = workday(addDays(today, 34));
    addProject({
      name: `${cur}年学校中层干部管理能力培训`,
      year: thisYear,
      level: '县培',
      category: '中层干部',
      mode: '集中面授',
      organiserType: 'county',
      organiser: centre,
      school: null,
      startDate: start,
      endDate: addDays(start, 2),
      place: `${centre}报告厅`,
      hours: 24,
      capacity: 70,
      enrolMode: 'nomination',
      status: 'draft',
      budget: 21000,
    });
  }

  // ----- credit applications (学时申报) from a few school1 teachers (not teacher1) -----
  const appTeachers = teachers
    .map((t, i) => ({ t, i }))
    .filter(({ t, i }) => t.school === school1 && t.status === '在职' && i !== county.demoTeacher)
    .slice(3, 8)
    .map(({ i }) => i);
  const apps: Array<Omit<HistoryApplication, 'teacher'>> = [
    {
      kind: 'open_lesson',
      title: '县级示范课《圆的认识》',
      occurredOn: addDays(today, -40),
      level: '县培',
      quantity: 1,
      claimedHours: 6,
      grantedHours: null,
      description: '在全县小学数学教研活动中执教示范课一节。',
      status: 'pending',
      returnReason: null,
      returnedBy: null,
    },
    {
      kind: 'paper',
      title: '《大单元视角下的小学语文作业设计》',
      occurredOn: addDays(today, -75),
      level: '省培',
      quantity: 1,
      claimedHours: 10,
      grantedHours: null,
      description: '发表于省级教育期刊。',
      status: 'school_passed',
      returnReason: null,
      returnedBy: null,
    },
    {
      kind: 'online_course',
      title: '国家中小学智慧教育平台寒假教师研修',
      occurredOn: `${thisYear}-02-20`,
      level: '国培',
      quantity: 12,
      claimedHours: 12,
      grantedHours: 12,
      description: '平台出具学时证明 12 学时。',
      status: 'approved',
      returnReason: null,
      returnedBy: null,
    },
    {
      kind: 'award',
      title: '市级优质课竞赛二等奖',
      occurredOn: addDays(today, -120),
      level: '市州培',
      quantity: 1,
      claimedHours: 8,
      grantedHours: null,
      description: '德阳市小学英语优质课竞赛。',
      status: 'returned',
      returnReason: '获奖证书照片不清晰，请重新上传',
      returnedBy: 'school',
    },
    {
      kind: 'other',
      title: '读书分享会主讲',
      occurredOn: addDays(today, -60),
      level: '校培',
      quantity: 1,
      claimedHours: 4,
      grantedHours: null,
      description: '校级读书活动主讲一次。',
      status: 'withdrawn',
      returnReason: null,
      returnedBy: null,
    },
    {
      kind: 'degree',
      title: '教育硕士（在职）学年学习',
      occurredOn: `${thisYear - 1}-07-01`,
      level: null,
      quantity: 1,
      claimedHours: 72,
      grantedHours: 60,
      description: '四川师范大学教育硕士第一学年，附成绩单。',
      status: 'approved',
      returnReason: null,
      returnedBy: null,
    },
  ];
  apps.forEach((a, k) => {
    const teacher = appTeachers[k % appTeachers.length];
    if (teacher != null) h.applications.push({ teacher, ...a });
  });

  return h;
}
