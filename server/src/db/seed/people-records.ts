// 名师工作室, honours and development plans in the demo county (seed/people.ts): three studios with
// members from several schools, activities, outputs and two yearly reviews (their hours added to
// ctx.postings); five years of honours, more and higher for key teachers, the latest at school1 and
// school2 waiting for the county; plans at school1 and school2 in every state, teacher1's approved.
import { HONOUR_LEVEL_ITEMS } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { one } from '../client.js';
import {
  addDays,
  earlier,
  insertMany,
  type PeopleCtx,
  pad,
  type Row,
  schoolDays,
  type stampOf,
  type T,
} from './people-kit.js';
import {
  FIVE_YEAR_GOALS,
  HONOUR_BODIES,
  HONOUR_TITLES,
  PLAN_ITEMS,
  STUDIO_ACTIVITIES,
  STUDIO_OUTPUTS,
  SUMMARIES,
  YEARLY_GOALS,
} from './people-texts.js';
import type { Rng } from './random.js';

export async function seedStudios(c: PeopleCtx): Promise<number> {
  const { tx, rng, regionId, today, Y, at, countyUser, schools, teachers, rule, postings } = c;
  // ---------- 名师工作室 ----------
  const studioPlan = [
    { subject: '语文', stage: '小学' },
    { subject: '数学', stage: '小学' },
    { subject: '英语', stage: '初中' },
  ];
  let studioCount = 0;
  const usedHosts = new Set<number>();
  for (const plan of studioPlan) {
    const pool = teachers.filter((t) => t.subject === plan.subject && t.stage === plan.stage && t.hired <= Y - 12);
    const host =
      pool.find((t) => t.tags.includes('名师') && !usedHosts.has(t.id)) ??
      pool.find((t) => t.tags.includes('学科带头人') && !usedHosts.has(t.id));
    if (!host) continue;
    usedHosts.add(host.id);
    const seen = new Set([host.school_id]);
    const members: T[] = [];
    for (const t of rng.shuffle(pool.filter((x) => x.id !== host.id && x.tags.includes('骨干教师')))) {
      if (seen.has(t.school_id) || members.length >= 7) continue;
      seen.add(t.school_id);
      members.push(t);
    }
    const name = `${host.name}${plan.stage}${plan.subject}名师工作室`;
    const studio = (await one<{ id: number }>(
      tx,
      sql`insert into studios (region_id, name, host_id, subject, stage, start_year, end_year, goals, created_by, created_at)
          values (${regionId}, ${name}, ${host.id}, ${plan.subject}, ${plan.stage}, ${Y - 2}, ${Y}, 
                  ${`三年内培养县级骨干教师${members.length}名，形成${plan.stage}${plan.subject}大单元教学课例集，开展送教下乡不少于6次`},
                  ${countyUser}, ${at(`${Y - 2}-03-01`, '09:00')})
          returning id`,
    ))!.id;
    studioCount++;
    const leaver = members[members.length - 1];
    await insertMany(
      tx,
      'studio_members',
      'region_id:int studio_id:int teacher_id:int joined_year:smallint left_year:smallint',
      members.map((m) => [regionId, studio, m.id, Y - 2, m === leaver ? Y - 1 : null]),
    );
    const acts: Array<Array<string | number | null>> = [];
    const outs: Array<Array<string | number | null>> = [];
    const rural = [...schools.values()].filter((s) => !seen.has(s.id) && s.name.includes('镇'));
    for (const y of [Y - 2, Y - 1, Y]) {
      for (const [k, month] of [
        [0, 3],
        [1, 4],
        [2, 5],
        [3, 10],
        [4, 11],
      ] as const) {
        const days = schoolDays(y, month, today);
        if (!days.length) continue;
        const [kind, title] = STUDIO_ACTIVITIES[(k + y) % STUDIO_ACTIVITIES.length]!;
        const place = kind === '送教下乡' && rural.length ? rng.pick(rural).name : schools.get(host.school_id)!.name;
        acts.push([
          regionId,
          studio,
          kind,
          `${y}年${title}`,
          rng.pick(days),
          place,
          rng.pick([2, 3, 4]),
          null,
          host.user_id,
        ]);
      }
      if (y < Y || today >= `${Y}-06-30`) {
        for (const [kind, what] of STUDIO_OUTPUTS.slice(0, y === Y ? 2 : 3)) {
          // The member who left in Y - 1 has no outputs after it.
          const by = rng.pick([host, ...members.filter((m) => m !== leaver || y < Y)]);
          outs.push([regionId, studio, kind, `${by.name}：${plan.subject}${what}`, y, by.id, null, host.user_id]);
        }
      }
    }
    await insertMany(
      tx,
      'studio_activities',
      'region_id:int studio_id:int kind:text title:text held_on:date place:text hours:numeric summary:text created_by:int',
      acts,
    );
    await insertMany(
      tx,
      'studio_outputs',
      'region_id:int studio_id:int kind:text title:text year:smallint teacher_id:int note:text created_by:int',
      outs,
    );
    for (const y of [Y - 2, Y - 1]) {
      const result = y === Y - 1 && studioCount === 1 ? '优秀' : '合格';
      await tx.execute(
        sql`insert into studio_reviews (region_id, studio_id, year, result, comment, reviewer_id, created_at)
            values (${regionId}, ${studio}, ${y}, ${result}, ${result === '优秀' ? '活动扎实，成果丰富，辐射带动作用明显' : '按计划完成年度工作'},
                    ${countyUser}, ${at(`${y}-12-20`)})`,
      );
      // The member who left in Y - 1 was still a member in both reviewed years.
      const people = [{ t: host, host: true }, ...members.map((t) => ({ t, host: false }))];
      for (const p of people) {
        postings.push([
          regionId,
          p.t.id,
          '县培',
          `studio:${studio}:${y}`,
          p.host ? rule.studioHostHours : rule.studioMemberHours,
          `${y}-12-31`,
          `${name}${y}年度考核${result}（${p.host ? '主持人' : '成员'}）`,
        ]);
      }
    }
  }
  return studioCount;
}

export async function seedHonours(c: PeopleCtx): Promise<number> {
  const { tx, rng, regionId, Y, today, school1, school2, countyUser, adminOf, at, teachers, schools } = c;
  const honourRows = honours(rng, teachers, schools, c.regionName, {
    Y,
    today,
    school1,
    school2,
    countyUser,
    teacher1: c.teacher1,
    adminOf,
    at,
  });
  await insertMany(
    tx,
    'honours',
    'region_id:int teacher_id:int school_id:int level:text title:text year:smallint awarding_body:text awarded_on:date status:text reject_reason:text source:text created_by:int verified_by:int verified_at:timestamptz created_at:timestamptz',
    honourRows.map((r) => [regionId, ...r]),
  );
  return honourRows.length;
}

export async function seedPlans(c: PeopleCtx): Promise<number> {
  const { tx, rng, regionId, Y, today, teacher1, adminOf, at, teachers } = c;
  const planRows = plansOf(rng, teachers, { Y, today, teacher1, adminOf, at });
  await insertMany(
    tx,
    'development_plans',
    'region_id:int teacher_id:int school_id:int kind:text start_year:smallint end_year:smallint goals:text items:jsonb hours_target:numeric status:text return_reason:text submitted_at:timestamptz decided_at:timestamptz decided_by:int summary:text summary_at:timestamptz created_at:timestamptz',
    planRows.map((r) => [regionId, ...r]),
  );
  return planRows.length;
}

function honours(
  rng: Rng,
  teachers: T[],
  schools: Map<number, { name: string }>,
  regionName: string,
  c: {
    Y: number;
    today: string;
    school1: number;
    school2: number;
    countyUser: number;
    teacher1: number;
    adminOf: Map<number, number>;
    at: ReturnType<typeof stampOf>;
  },
): Row[] {
  const { at } = c;
  const out: Row[] = [];
  const levels = HONOUR_LEVEL_ITEMS.map((l) => l.label);
  for (const t of teachers) {
    const p = t.tags.includes('名师')
      ? 0.6
      : t.tags.includes('学科带头人')
        ? 0.4
        : t.tags.includes('骨干教师')
          ? 0.3
          : 0.07;
    const lift = t.tags.length ? 3 : 1;
    for (let y = c.Y - 4; y <= c.Y; y++) {
      if (y < t.hired || !rng.chance(p)) continue;
      const level = rng.weighted([
        [levels[0]!, 0.2 * lift],
        [levels[1]!, 1.2 * lift],
        [levels[2]!, 3 * lift],
        [levels[3]!, 10],
        [levels[4]!, 14],
      ] as const);
      const title = rng.pick(HONOUR_TITLES[level]!);
      const month = rng.int(1, 12);
      let awarded = `${y}-${pad(month)}-${pad(rng.int(1, 28))}`;
      if (awarded > c.today) awarded = addDays(c.today, -rng.int(20, 60));
      const school = schools.get(t.school_id)!.name;
      const own = t.school_id === c.school1 || t.school_id === c.school2;
      // The demo admins' schools: most of this year's honours wait for the county's verification.
      const recent = y === c.Y && rng.chance(0.7);
      let status = 'verified';
      let reason: string | null = null;
      if (recent && own) status = 'pending';
      else if (rng.chance(0.01)) {
        status = 'rejected';
        reason = '证书扫描件不清晰，无法核实，请重新上传';
      }
      const imported = !own && rng.chance(0.6);
      const later = (days: number) => earlier(addDays(awarded, days), c.today);
      const verifiedAt = status === 'pending' ? null : at(later(20), '10:00');
      out.push([
        t.id,
        t.school_id,
        level,
        title,
        y,
        HONOUR_BODIES(regionName, school)[level]!,
        awarded,
        status,
        reason,
        imported ? 'import' : 'manual',
        imported ? c.countyUser : (c.adminOf.get(t.school_id) ?? c.countyUser),
        status === 'pending' ? null : c.countyUser,
        verifiedAt,
        at(later(7), '09:00'),
      ]);
    }
  }
  // teacher1's own: a verified school honour last year and this year's county prize waiting for the county.
  const t1 = teachers.find((t) => t.id === c.teacher1);
  if (t1) {
    const school = schools.get(t1.school_id)!.name;
    const admin = c.adminOf.get(t1.school_id) ?? c.countyUser;
    const last = `${c.Y - 1}-12-20`;
    const now = earlier(`${c.Y}-10-18`, addDays(c.today, -10));
    out.push(
      [
        t1.id,
        t1.school_id,
        '校级',
        '校级优秀班主任',
        c.Y - 1,
        school,
        last,
        'verified',
        null,
        'manual',
        admin,
        c.countyUser,
        at(addDays(last, 10), '10:00'),
        at(addDays(last, 3), '09:00'),
      ],
      [
        t1.id,
        t1.school_id,
        '县级',
        '县优质课比赛二等奖',
        c.Y,
        `${regionName}教育局`,
        now,
        'pending',
        null,
        'manual',
        admin,
        null,
        null,
        at(earlier(addDays(now, 5), c.today), '09:00'),
      ],
    );
  }
  // One honour per teacher, year and title.
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = `${r[0]}:${r[4]}:${r[3]}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Plans at school1 and school2: teacher1's approved (its summary still to write), others in every state. */
function plansOf(
  rng: Rng,
  teachers: T[],
  c: { Y: number; today: string; teacher1: number; adminOf: Map<number, number>; at: ReturnType<typeof stampOf> },
): Row[] {
  const { at } = c;
  const out: Row[] = [];
  const items = () => JSON.stringify(rng.shuffle(PLAN_ITEMS).slice(0, rng.int(2, 4)));
  const summaryOpen = c.today >= `${c.Y}-11-01`;
  for (const t of teachers) {
    const admin = c.adminOf.get(t.school_id);
    if (!admin) continue;
    const mine = t.id === c.teacher1;
    if (mine || rng.chance(0.55)) {
      out.push([
        t.id,
        t.school_id,
        'five_year',
        c.Y,
        c.Y + 4,
        rng.pick(FIVE_YEAR_GOALS),
        items(),
        360,
        'approved',
        null,
        at(`${c.Y}-03-${pad(rng.int(2, 12))}`),
        at(`${c.Y}-03-${pad(rng.int(14, 20))}`),
        admin,
        null,
        null,
        at(`${c.Y}-03-01`),
      ]);
    }
    if (!mine && !rng.chance(0.5)) continue;
    const state = mine
      ? 'approved'
      : rng.weighted([
          ['approved', 68],
          ['submitted', 15],
          ['returned', 5],
          ['draft', 12],
        ] as const);
    const submitted = state === 'draft' ? null : at(`${c.Y}-03-${pad(rng.int(2, 20))}`);
    const decided = state === 'approved' || state === 'returned' ? at(`${c.Y}-03-${pad(rng.int(21, 28))}`) : null;
    const summary = state === 'approved' && !mine && summaryOpen && rng.chance(0.4) ? rng.pick(SUMMARIES) : null;
    out.push([
      t.id,
      t.school_id,
      'yearly',
      c.Y,
      c.Y,
      rng.pick(YEARLY_GOALS),
      items(),
      72,
      state,
      state === 'returned' ? '请把计划参加的培训写具体，并补上目标学时' : null,
      submitted,
      decided,
      decided ? admin : null,
      summary,
      summary ? at(c.today) : null,
      at(`${c.Y}-03-01`),
    ]);
  }
  return out;
}
