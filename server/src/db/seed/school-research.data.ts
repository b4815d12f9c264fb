// School-based development in the demo county (pure, deterministic): a year of themed activities
// per school up to yesterday (check-ins and the host's marks, evidence, a few recorded or evidenced
// late, a sample spot-checked and two failed), each consortium's joint showcases (one consortium
// behind), the core schools' 送教下乡 through the five stages (most done, two under way, one not
// started), plans and summaries of two school years, and the reading programme. Nothing is dated
// after today. school-research.ts writes it.
import { DEFAULT_OUTREACH_STAGES, type SpotCheckVerdict } from '@shixun/common';
import type { DemoCounty, DemoTeacher } from './county.js';
import { addDays } from './history.js';
import { createRng, type Rng } from './random.js';
import {
  generatePlans,
  generateReading,
  READING_LIST,
  type SeedPlan,
  type SeedReadingLog,
} from './school-research.records.js';

export type { SeedPlan, SeedReadingLog };

export interface SeedActivity {
  school: number;
  schools: number[];
  title: string;
  type: string;
  place: string;
  host: string | null;
  startsAt: string;
  endsAt: string;
  hours: number;
  subjects: string[];
  consortium: number | null;
  /** Index into outreach, with the stage number. */
  outreach: { index: number; stageNo: number } | null;
  createdAt: string;
  closedAt: string;
  recordedLate: boolean;
  /** Teacher indexes into county.teachers. */
  participants: SeedParticipant[];
  /** Upload times of photos (none: flagged "no evidence"). */
  evidence: string[];
  spotCheck: { verdict: SpotCheckVerdict; by: 'county' | 'area'; at: string; reason: string | null } | null;
  confirmedAt: string | null;
}

export interface SeedParticipant {
  teacher: number;
  role: 'participant' | 'trainer';
  status: 'present' | 'late';
  method: 'qr' | 'manual';
  checkedAt: string;
  reason: string | null;
}

export interface SeedOutreach {
  core: number;
  target: number;
  title: string;
  subject: string;
  year: number;
  createdAt: string;
}

export interface SeedResearch {
  activities: SeedActivity[];
  outreach: SeedOutreach[];
  plans: SeedPlan[];
  books: Array<{ title: string; author: string; note: string; createdAt: string }>;
  readingYear: number;
  logs: SeedReadingLog[];
}

// ---------- vocabulary ----------

const TYPES: ReadonlyArray<readonly [string, number]> = [
  ['集体备课', 32],
  ['观课议课', 27],
  ['教研组活动', 16],
  ['专题讲座', 7],
  ['读书沙龙', 7],
  ['课题研究', 8],
  ['业务论坛', 3],
];
/** Types for the whole staff; the others are one subject's teaching-research group. */
const WHOLE_STAFF = new Set(['专题讲座', '读书沙龙', '业务论坛']);
const HOURS: Record<string, number> = {
  集体备课: 2,
  观课议课: 2,
  教研组活动: 1.5,
  专题讲座: 2,
  读书沙龙: 2,
  课题研究: 2,
  业务论坛: 3,
};
const UNITS = ['大单元教学设计', '作业设计与分层', '学习任务群', '课堂提问设计', '跨学科主题学习', '单元整体复习'];
const LESSONS = ['青年教师汇报课', '“同课异构”', '骨干教师示范课', '推门课', '新教师过关课'];
const GROUP_TOPICS = ['期中质量分析', '作业减负经验交流', '课后服务课程研讨', '学期教学计划研讨', '学生学习习惯培养'];
const LECTURES = [
  '新课标背景下的课堂教学改进',
  '“双减”政策下的作业设计',
  '班主任工作艺术与班级管理',
  '教师心理健康与压力调适',
  '信息技术与学科教学深度融合',
  '师德师风专题学习',
  '安全教育与校园欺凌防治',
];
const KG = ['游戏活动观摩研讨', '区角活动创设', '幼小衔接专题研讨', '户外自主游戏观察记录', '绘本教学集体研讨'];
const RESEARCH = ['课题开题论证', '课题中期研讨', '课题成果提炼', '小课题研究交流'];
const FORUMS = ['青年教师成长论坛', '学期研修成果交流会', '教学经验分享会'];
const MANUAL_REASONS = [
  '手机没电，以现场纸质签到表为证',
  '未带手机，主持人核实到场',
  '扫码时网络故障，已签纸质签到表',
  '临时代课晚到，教研组长核实',
];

const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;
const weekday = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
const plusMinutes = (iso: string, m: number) => {
  const d = new Date(new Date(iso).getTime() + m * 60_000);
  // Keep the +08:00 form: Beijing wall-clock of the instant.
  const bj = new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19);
  return `${bj}+08:00`;
};
const dayOf = (iso: string) => plusMinutes(iso, 0).slice(0, 10);
/** Winter and summer holidays and the National Day week: no school-based research then. */
function inHoliday(day: string): boolean {
  const md = day.slice(5);
  return (md >= '01-20' && md <= '02-20') || (md >= '07-10' && md <= '08-31') || (md >= '10-01' && md <= '10-07');
}
function employed(t: DemoTeacher, day: string): boolean {
  if (t.hireDate > day) return false;
  if (t.status !== '在职' && t.statusDate != null && t.statusDate <= day) return false;
  return true;
}

/** A school day in [from, to] (weekdays outside holidays), or null when there is none. */
function schoolDay(rng: Rng, from: string, to: string): string | null {
  for (let k = 0; k < 40; k++) {
    const span = Math.round(
      (new Date(`${to}T00:00:00Z`).getTime() - new Date(`${from}T00:00:00Z`).getTime()) / 86_400_000,
    );
    if (span < 0) return null;
    const d = addDays(from, rng.int(0, span));
    if (weekday(d) < 5 && !inHoliday(d)) return d;
  }
  return null;
}

// ---------- generator ----------

export function generateResearch(county: DemoCounty, opts: { today: string; seed?: string }): SeedResearch {
  const rng = createRng(opts.seed ?? 'shixun-demo-research-v1');
  const { today } = opts;
  const yesterday = addDays(today, -1);
  const from = addDays(today, -365);
  const year = Number(today.slice(0, 4));
  const bySchool = new Map<number, number[]>();
  county.teachers.forEach((t, i) => {
    const list = bySchool.get(t.school) ?? [];
    list.push(i);
    bySchool.set(t.school, list);
  });
  const activities: SeedActivity[] = [];
  const demoSubject = county.teachers[county.demoTeacher]!.subject;
  /** Keeps `iso` no later than the end of yesterday (nothing after today). */
  const notAfterYesterday = (iso: string) => (dayOf(iso) > yesterday ? at(yesterday, '20:00') : iso);

  const attend = (pool: number[], startsAt: string, endsAt: string, rate: number): SeedParticipant[] =>
    pool
      // The demo teacher (teacher1) comes to whatever they are invited to: their page has something to show.
      .filter((ti) => rng.chance(rate) || ti === county.demoTeacher)
      .map((teacher) => {
        if (rng.chance(0.12)) {
          return {
            teacher,
            role: 'participant' as const,
            status: 'present' as const,
            method: 'manual' as const,
            checkedAt: plusMinutes(endsAt, rng.int(5, 90)),
            reason: rng.pick(MANUAL_REASONS),
          };
        }
        const offset = rng.chance(0.9) ? rng.int(-14, 8) : rng.int(11, 25);
        return {
          teacher,
          role: 'participant' as const,
          status: offset > 10 ? ('late' as const) : ('present' as const),
          method: 'qr' as const,
          checkedAt: plusMinutes(startsAt, offset),
          reason: null,
        };
      });

  /** Times, flags and evidence common to every kind of activity held on `day`. */
  const frame = (day: string, hours: number, late = rng.chance(0.04)) => {
    const start = rng.pick(hours >= 3 ? ['08:30', '14:00'] : ['14:30', '15:00', '15:30']);
    const startsAt = at(day, start);
    const endsAt = plusMinutes(startsAt, hours * 60);
    const recordedLate = late && addDays(day, 12) <= yesterday;
    const createdAt = recordedLate
      ? at(addDays(day, rng.int(9, 12)), '10:15')
      : plusMinutes(startsAt, -rng.int(2, 9) * 24 * 60 - rng.int(0, 300));
    const roll = rng.next();
    const evidence: string[] =
      roll < 0.05
        ? []
        : roll < 0.08 && addDays(day, 30) <= yesterday
          ? [at(addDays(day, rng.int(10, 30)), '16:40')]
          : Array.from({ length: rng.int(1, 3) }, (_, k) =>
              notAfterYesterday(plusMinutes(endsAt, 15 + k * 4 + rng.int(0, 60))),
            );
    return {
      startsAt,
      endsAt,
      createdAt: notAfterYesterday(createdAt),
      recordedLate,
      evidence,
      // Closed the same evening or on one of the next school days, in office hours.
      closedAt: notAfterYesterday(
        rng.chance(0.5)
          ? plusMinutes(endsAt, rng.int(30, 90))
          : at(
              addDays(day, rng.int(1, 3)),
              `${String(rng.int(8, 16)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`,
            ),
      ),
    };
  };

  // Each school's own activities: a few a month in term time, more in bigger schools.
  county.schools.forEach((s, si) => {
    const staff = bySchool.get(si) ?? [];
    const n = Math.max(3, Math.min(8, Math.round(staff.length / 14) + 2));
    const kindergarten = s.type === '幼儿园';
    // Spread over the year: one in each of n equal slices (holidays skipped within the slice).
    const slice = Math.floor(365 / n);
    for (let k = 0; k < n; k++) {
      const day = schoolDay(rng, addDays(from, k * slice), addDays(from, (k + 1) * slice - 1));
      if (!day) continue;
      const working = staff.filter((ti) => employed(county.teachers[ti]!, day));
      if (working.length < 3) continue;
      const type = rng.weighted(TYPES);
      // A group needs a subject with a few teachers; small schools meet as one staff.
      const subjects = new Map<string, number[]>();
      for (const ti of working) {
        const sub = county.teachers[ti]!.subject;
        subjects.set(sub, [...(subjects.get(sub) ?? []), ti]);
      }
      const groups = [...subjects.entries()].filter(([, l]) => l.length >= 4);
      const grouped = !WHOLE_STAFF.has(type) && type !== '课题研究';
      // At teacher1's school every other group activity is teacher1's subject group.
      const mine = si === county.school1 && k % 2 === 0 ? groups.find(([sub]) => sub === demoSubject) : undefined;
      const group = grouped && groups.length > 0 && working.length >= 15 ? (mine ?? rng.pick(groups)) : null;
      const subject = group?.[0] ?? null;
      const title =
        kindergarten && grouped
          ? `${rng.pick(KG)}`
          : type === '集体备课'
            ? `${subject ?? ''}${rng.pick(UNITS)}集体备课`
            : type === '观课议课'
              ? `${subject ?? ''}${rng.pick(LESSONS)}观课议课`
              : type === '教研组活动'
                ? `${subject ?? ''}教研组：${rng.pick(GROUP_TOPICS)}`
                : type === '专题讲座'
                  ? `专题讲座：${rng.pick(LECTURES)}`
                  : type === '读书沙龙'
                    ? `读书沙龙：共读《${rng.pick(READING_LIST)[0]}》`
                    : type === '课题研究'
                      ? `${rng.pick(RESEARCH)}`
                      : rng.pick(FORUMS);
      const hours = HOURS[type] ?? 2;
      const f = frame(day, hours);
      // A research team is a handful of teachers; a reading salon is for whoever wants to come.
      const pool = group ? group[1] : type === '课题研究' ? rng.shuffle(working).slice(0, rng.int(5, 9)) : working;
      const rate = type === '读书沙龙' ? 0.4 : rng.next() < 0.5 ? 0.92 : 0.84;
      const host = county.teachers[rng.pick(pool)]!.name;
      activities.push({
        school: si,
        schools: [si],
        title,
        type,
        place: type === '读书沙龙' ? `${s.name}图书室` : type === '观课议课' ? `${s.name}录播教室` : `${s.name}会议室`,
        host,
        ...f,
        hours,
        subjects: subject ? [subject] : [],
        consortium: null,
        outreach: null,
        participants: attend(pool, f.startsAt, f.endsAt, rate),
        spotCheck: null,
        confirmedAt: null,
      });
    }
  });

  // Joint showcases: one or two a consortium this year; one consortium (剑南路) has none yet.
  const yearStart = `${year}-01-01`;
  county.consortia.forEach((c, ci) => {
    const held = c.name.startsWith('剑南路') ? 0 : ci % 3 === 0 ? 2 : 1;
    const members = county.schools.map((s, i) => (s.consortium === ci ? i : -1)).filter((i) => i >= 0);
    for (let k = 0; k < held; k++) {
      const day = schoolDay(rng, yearStart > from ? yearStart : from, yesterday);
      if (!day) continue;
      const f = frame(day, 3, false);
      const sample = county.teachers[rng.pick(bySchool.get(c.core) ?? [])];
      const subject = sample?.subject ?? '语文';
      const pool = members.flatMap((si) =>
        (bySchool.get(si) ?? []).filter(
          (ti) => county.teachers[ti]!.subject === subject && employed(county.teachers[ti]!, day),
        ),
      );
      activities.push({
        school: c.core,
        schools: members,
        title: `${c.name}联合主题研修：${subject}${rng.pick(UNITS)}展示`,
        type: k === 0 ? '观课议课' : '业务论坛',
        place: `${county.schools[c.core]!.name}报告厅`,
        host: sample?.name ?? null,
        ...f,
        evidence: f.evidence.length ? f.evidence : [plusMinutes(f.endsAt, 60)],
        hours: 3,
        subjects: [subject],
        consortium: ci,
        outreach: null,
        participants: attend(pool, f.startsAt, f.endsAt, 0.9),
        spotCheck: null,
        confirmedAt: null,
      });
    }
  });

  // 送教下乡: each core school to a rural member of its consortium, through the five stages.
  const outreach: SeedOutreach[] = [];
  const stageMonths = [3, 4, 5, 9, 10];
  county.consortia.forEach((c, ci) => {
    if (c.name.startsWith('剑南路')) return; // not started this year: behind on the compliance page
    const members = county.schools.map((s, i) => ({ s, i })).filter(({ s, i }) => s.consortium === ci && i !== c.core);
    const rural = members.filter(({ s }) => s.urbanRural === '乡村');
    const school2 = members.find(({ i }) => i === county.school2);
    const target = (school2 ?? rng.pick(rural.length ? rural : members))?.i;
    if (target == null) return;
    const coreStaff = (bySchool.get(c.core) ?? []).filter((ti) => county.teachers[ti]!.status === '在职');
    const subject = county.teachers[rng.pick(coreStaff)]?.subject ?? '数学';
    // The core school's team for the year: three or four teachers of the subject, two or three each time.
    const team = rng
      .shuffle(coreStaff.filter((ti) => county.teachers[ti]!.subject === subject))
      .slice(0, rng.int(3, 4));
    const index = outreach.length;
    outreach.push({
      core: c.core,
      target,
      title: `${subject}课堂教学质量提升送教`,
      subject,
      year,
      createdAt: at(`${year}-02-${String(20 + (ci % 6)).padStart(2, '0')}`, '09:30'),
    });
    // school1's is half way (stages 4–5 still to plan); the one to school2 waits for its last confirmation.
    const stages = c.core === county.school1 ? 3 : DEFAULT_OUTREACH_STAGES.length;
    for (let n = 1; n <= stages; n++) {
      const month = String(stageMonths[n - 1]!).padStart(2, '0');
      const day = schoolDay(rng, `${year}-${month}-05`, `${year}-${month}-25`);
      if (!day || day > yesterday) break;
      const f = frame(day, n === 1 ? 2 : 3, false);
      // The receiving school's teachers of the subject, and a few others who come to watch.
      const receiving = (bySchool.get(target) ?? []).filter(
        (ti) => employed(county.teachers[ti]!, day) && (county.teachers[ti]!.subject === subject || rng.chance(0.15)),
      );
      const trainers = rng
        .shuffle(team)
        .slice(0, rng.int(2, 3))
        .map((teacher) => ({
          teacher,
          role: 'trainer' as const,
          status: 'present' as const,
          method: 'manual' as const,
          checkedAt: plusMinutes(f.endsAt, 30),
          reason: '送教教师',
        }));
      const last = n === DEFAULT_OUTREACH_STAGES.length && target === county.school2;
      activities.push({
        school: c.core,
        schools: [c.core, target],
        title: `${outreach[index]!.title}·${DEFAULT_OUTREACH_STAGES[n - 1]}`,
        type: '送教下乡',
        place: county.schools[target]!.name,
        host: county.teachers[trainers[0]?.teacher ?? coreStaff[0]!]?.name ?? null,
        ...f,
        evidence: f.evidence.length ? f.evidence : [plusMinutes(f.endsAt, 45)],
        hours: n === 1 ? 2 : 3,
        subjects: [],
        consortium: null,
        outreach: { index, stageNo: n },
        participants: [...trainers, ...attend(receiving, f.startsAt, f.endsAt, 0.9)],
        spotCheck: null,
        confirmedAt: last ? null : notAfterYesterday(plusMinutes(f.endsAt, 24 * 60)),
      });
    }
  });

  // Spot checks: about one in twenty of the school activities, flagged ones first; two failed,
  // three drawn last week and waiting for a verdict.
  // Only what ended at least a fortnight ago is drawn (a check takes a visit and a few days).
  const own = activities.filter(
    (a) => a.outreach == null && a.consortium == null && a.endsAt < at(addDays(today, -14), '00:00'),
  );
  const flagged = own.filter((a) => a.recordedLate || a.evidence.length === 0);
  const sample = [...flagged.slice(0, 6), ...rng.shuffle(own.filter((a) => !flagged.includes(a))).slice(0, 30)];
  sample.forEach((a, k) => {
    const decided = notAfterYesterday(plusMinutes(a.closedAt, rng.int(7, 40) * 24 * 60));
    const noEvidence = a.evidence.length === 0;
    if (k < 2 && (noEvidence || a.recordedLate)) {
      a.spotCheck = {
        verdict: 'failed',
        by: 'county',
        at: decided,
        reason: noEvidence
          ? '无签到表、照片等过程材料，经电话核实当天未组织该活动'
          : '活动结束后十余天才登记，现场无签到记录，无法证明活动真实开展',
      };
    } else if (k >= sample.length - 3) {
      a.spotCheck = {
        verdict: 'pending',
        by: 'county',
        at: notAfterYesterday(at(addDays(today, -5), '09:00')),
        reason: null,
      };
    } else {
      a.spotCheck = {
        verdict: 'passed',
        by: county.schools[a.school]!.area === 0 && k % 2 === 0 ? 'area' : 'county',
        at: decided,
        reason: rng.chance(0.4) ? '签到记录与照片一致，研讨记录完整' : null,
      };
    }
  });

  return {
    activities,
    outreach,
    plans: generatePlans(rng, county, today),
    ...generateReading(rng, county, today, bySchool),
  };
}
