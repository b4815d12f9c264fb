// 青蓝工程 in the demo county (seed/people.ts): three cohorts of pairs — two years ago (completed),
// last year (second year) and this year — at every school with senior teachers, activity logs by both,
// school1's and school2's monthly checks, year-end reviews whose passing results post hours (added to
// ctx.postings), 优秀师徒; a closed two-way choice at school2 (its pairs chose) and an open one at
// school1 with three mentors on offer, one choice waiting and one new teacher still free to choose.

import { sql } from 'drizzle-orm';
import { one } from '../client.js';
import {
  addDays,
  earlier,
  insertMany,
  monthsBetween,
  type PeopleCtx,
  pad,
  type Row,
  schoolDays,
  type T,
} from './people-kit.js';
import { MENTEE_LOGS, MENTOR_LOGS, PAIR_GOALS } from './people-texts.js';

export async function seedMentoring(c: PeopleCtx): Promise<{ pairs: number; logs: number }> {
  const { tx, rng, regionId, today, Y, at, countyUser, school1, school2, teacher1, adminOf, bySchool, rule, postings } =
    c;
  const senior = (t: T) =>
    t.hired <= Y - 10 &&
    t.id !== teacher1 &&
    (t.tags.some((x) => x === '骨干教师' || x === '学科带头人' || x === '名师') ||
      t.title === '一级教师' ||
      t.title === '高级教师' ||
      t.title === '正高级教师');
  await tx.execute(sql`insert into mentoring_settings (region_id) values (${regionId}) on conflict do nothing`);

  // ---------- 青蓝工程 pairs ----------
  interface Pair {
    school: number;
    mentor: T;
    mentee: T;
    year: number;
    term: number;
    status: 'active' | 'completed';
    yearend: Array<[number, string]>;
    excellent: number | null;
    roundId: number | null;
    choiceId: number | null;
  }
  const pairs: Pair[] = [];
  /** Mentees held back for school1's open round: the first two of this year's hires there. */
  const heldBack = new Set(
    (bySchool.get(school1) ?? [])
      .filter((t) => t.hired === Y)
      .slice(0, 2)
      .map((t) => t.id),
  );
  const cohorts = [
    { year: Y - 2, term: 2, hired: [Y - 3, Y - 2], status: 'completed' as const },
    { year: Y - 1, term: 2, hired: [Y - 1], status: 'active' as const },
    { year: Y, term: 1, hired: [Y], status: 'active' as const },
  ];
  for (const [school, list] of bySchool) {
    const mentors = list.filter(senior);
    if (!mentors.length) continue;
    const loadActive = new Map<number, number>();
    for (const c of cohorts) {
      const load = c.status === 'active' ? loadActive : new Map<number, number>();
      for (const mentee of list.filter((t) => c.hired.includes(t.hired) && !heldBack.has(t.id))) {
        const free = mentors.filter((m) => (load.get(m.id) ?? 0) < 2);
        const mentor = free.find((m) => m.subject === mentee.subject) ?? free.find((m) => m.stage === mentee.stage);
        if (!mentor) continue;
        load.set(mentor.id, (load.get(mentor.id) ?? 0) + 1);
        const reviewed = [c.year, c.year + 1].filter((y) => y < Y && y < c.year + c.term);
        const yearend = reviewed.map((y): [number, string] => [
          y,
          rng.weighted([
            ['优秀', 12],
            ['合格', 86],
            ['不合格', 2],
          ] as const),
        ]);
        const top = yearend.find(([y, r]) => y === Y - 1 && r === '优秀');
        pairs.push({
          school,
          mentor,
          mentee,
          year: c.year,
          term: c.term,
          status: c.status,
          yearend,
          excellent: top && rng.chance(0.6) ? Y - 1 : null,
          roundId: null,
          choiceId: null,
        });
      }
    }
  }

  // Rounds: school2's of this year (closed, its pairs chose), school1's open with one choice waiting.
  const round = async (school: number, title: string, closesOn: string, status: string, note: string) =>
    (await one<{ id: number }>(
      tx,
      sql`insert into mentoring_rounds (region_id, year, school_id, title, closes_on, status, note, created_by, created_at)
          values (${regionId}, ${Y}, ${school}, ${title}, ${closesOn}, ${status}, ${note}, ${adminOf.get(school)!},
                  ${at(addDays(today, -12), '09:00')})
          returning id`,
    ))!.id;
  const closed = await round(
    school2,
    `${Y}年青蓝工程师徒双向选择`,
    `${Y}-09-25`,
    'closed',
    '新入职教师自主选择师傅，学校确认',
  );
  const s2pairs = pairs.filter((p) => p.school === school2 && p.year === Y);
  const s2mentors = [...new Map(s2pairs.map((p) => [p.mentor.id, p.mentor])).values()];
  const offerIds = await insertMany(
    tx,
    'mentoring_offers',
    'region_id:int round_id:int mentor_id:int capacity:smallint note:text created_at:timestamptz',
    s2mentors.map((m) => [regionId, closed, m.id, 2, `任教${m.subject}，欢迎新教师`, at(`${Y}-09-08`)]),
    true,
  );
  const offerOf = new Map(s2mentors.map((m, i) => [m.id, offerIds[i]!]));
  const choiceIds = await insertMany(
    tx,
    'mentoring_choices',
    'region_id:int round_id:int offer_id:int mentee_id:int status:text decided_by:int decided_at:timestamptz created_at:timestamptz',
    s2pairs.map((p) => [
      regionId,
      closed,
      offerOf.get(p.mentor.id)!,
      p.mentee.id,
      'accepted',
      adminOf.get(school2)!,
      at(`${Y}-09-26`, '10:00'),
      at(`${Y}-09-15`),
    ]),
    true,
  );
  s2pairs.forEach((p, i) => {
    p.roundId = closed;
    p.choiceId = choiceIds[i]!;
  });
  const open = await round(
    school1,
    `${Y}年青蓝工程师徒双向选择（第二批）`,
    addDays(today, 14),
    'open',
    '本学期新入职和尚未结对的青年教师，请在截止日期前选择师傅',
  );
  const s1mentors = (bySchool.get(school1) ?? []).filter(senior);
  const s1busy = new Map<number, number>();
  for (const p of pairs)
    if (p.school === school1 && p.status === 'active') s1busy.set(p.mentor.id, (s1busy.get(p.mentor.id) ?? 0) + 1);
  const onOffer = s1mentors.filter((m) => (s1busy.get(m.id) ?? 0) === 0).slice(0, 3);
  const openOffers = await insertMany(
    tx,
    'mentoring_offers',
    'region_id:int round_id:int mentor_id:int capacity:smallint note:text',
    onOffer.map((m, i) => [
      regionId,
      open,
      m.id,
      i === 1 ? 1 : 2,
      [
        `${m.subject}教师，${m.title ?? ''}，擅长课堂教学设计`,
        `${m.subject}教研组长，带过多名新教师`,
        `${m.subject}骨干教师，愿意和年轻人一起成长`,
      ][i]!,
    ]),
    true,
  );
  // The first held-back new teacher has chosen a mentor of their subject (if one is on offer).
  const waiting = (bySchool.get(school1) ?? []).find((t) => heldBack.has(t.id));
  const chosen = Math.max(
    0,
    onOffer.findIndex((m) => m.subject === waiting?.subject),
  );
  if (waiting != null && openOffers[chosen] != null) {
    await tx.execute(
      sql`insert into mentoring_choices (region_id, round_id, offer_id, mentee_id, note)
          values (${regionId}, ${open}, ${openOffers[chosen]}, ${waiting.id}, '希望跟着师傅学习课堂教学')
          on conflict do nothing`,
    );
  }

  // The pairs themselves.
  const pairIds = await insertMany(
    tx,
    'mentoring_pairs',
    'region_id:int school_id:int mentor_id:int mentee_id:int year:smallint term_years:smallint round_id:int choice_id:int goals:text status:text excellent_year:smallint created_by:int created_at:timestamptz',
    pairs.map((p) => [
      regionId,
      p.school,
      p.mentor.id,
      p.mentee.id,
      p.year,
      p.term,
      p.roundId,
      p.choiceId,
      rng.pick(PAIR_GOALS),
      p.status,
      p.excellent,
      adminOf.get(p.school) ?? countyUser,
      at(`${p.year}-09-${p.roundId ? '26' : '10'}`, '10:00'),
    ]),
    true,
  );

  // Logs: a few a month from the pair's start to its end (or today), by both.
  const logs: Row[] = [];
  pairs.forEach((p, i) => {
    const end = p.status === 'completed' ? `${p.year + p.term - 1}-12-31` : today;
    const perMonth = p.status === 'completed' ? 0.5 : 1.5;
    for (const [y, m] of monthsBetween(`${p.year}-09-15`, end)) {
      const days = schoolDays(y, m, earlier(end, today)).filter((d) => d >= `${p.year}-09-10`);
      if (!days.length) continue;
      const n = Math.floor(perMonth) + (rng.chance(perMonth % 1) ? 1 : 0);
      for (let k = 0; k < n; k++) {
        const byMentor = rng.chance(0.45);
        const [kind, content] = rng.pick(byMentor ? MENTOR_LOGS : MENTEE_LOGS);
        const who = byMentor ? p.mentor : p.mentee;
        logs.push([
          regionId,
          pairIds[i]!,
          kind,
          rng.pick(days),
          rng.pick([1, 1, 1.5, 2]),
          content,
          who.id,
          who.user_id,
          byMentor ? 'mentor' : 'mentee',
        ]);
      }
    }
  });
  await insertMany(
    tx,
    'mentoring_logs',
    'region_id:int pair_id:int kind:text occurred_on:date hours:numeric content:text author_teacher_id:int author_user_id:int author_role:text',
    logs,
  );

  // Reviews: school1's and school2's monthly checks this year, every pair's year-end reviews.
  const reviews: Row[] = [];
  pairs.forEach((p, i) => {
    const admin = adminOf.get(p.school);
    if (admin && p.status === 'active') {
      for (const [y, m] of monthsBetween(`${Math.max(p.year, Y)}-${p.year === Y ? '09' : '03'}-01`, today)) {
        const last = `${y}-${pad(m)}`;
        if (m === 2 || m === 7 || m === 8 || last >= today.slice(0, 7)) continue;
        const ok = rng.chance(0.93);
        reviews.push([
          regionId,
          pairIds[i]!,
          'monthly',
          last,
          ok ? '正常' : '需改进',
          ok ? null : '活动记录偏少，请师徒按计划开展听课和指导',
          admin,
          at(`${last}-28`),
        ]);
      }
    }
    for (const [y, result] of p.yearend) {
      const comment =
        result === '不合格' ? '活动记录不足，未完成结对任务' : result === '优秀' ? '师徒活动扎实，徒弟进步明显' : null;
      reviews.push([
        regionId,
        pairIds[i]!,
        'yearend',
        String(y),
        result,
        comment,
        admin ?? countyUser,
        at(`${y}-12-28`),
      ]);
      if (result === '不合格') continue;
      const what = `青蓝工程${y}年度考核${result}`;
      postings.push(
        [
          regionId,
          p.mentor.id,
          '校培',
          `mentoring:${pairIds[i]}:${y}`,
          rule.mentorHours,
          `${y}-12-31`,
          `${what}（师傅，徒弟${p.mentee.name}）`,
        ],
        [
          regionId,
          p.mentee.id,
          '校培',
          `mentoring:${pairIds[i]}:${y}`,
          rule.menteeHours,
          `${y}-12-31`,
          `${what}（徒弟，师傅${p.mentor.name}）`,
        ],
      );
    }
  });
  await insertMany(
    tx,
    'mentoring_reviews',
    'region_id:int pair_id:int kind:text period:text result:text comment:text reviewer_id:int created_at:timestamptz',
    reviews,
  );

  return { pairs: pairs.length, logs: logs.length };
}
