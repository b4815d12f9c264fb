// People development in the demo county: 青蓝工程 pairs in three cohorts (completed, second year,
// this year's) with activity logs, school checks, year-end reviews, 优秀师徒 and the hours those
// reviews posted; an open two-way choice at school1 (three mentors on offer, one choice waiting;
// teacher1, a young teacher, may still choose) and a closed one at school2; three studios with
// members from several schools, activities, outputs and reviews; honours over five years; plans at
// school1 and school2 (teacher1's approved, others waiting for the school); a training provider with
// the `provider1` account and this year's running and assessing county projects commissioned from it;
// three training teams. A fixed function of the county and today; nothing dated after today.
import { DEFAULT_PEOPLE_RULE } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { writeLedger } from '../../modules/credits/ledger-write.js';
import { one, rows, type Tx } from '../client.js';
import { type PeopleCtx, stampOf, type T } from './people-kit.js';
import { seedMentoring } from './people-mentoring.js';
import { seedHonours, seedPlans, seedStudios } from './people-records.js';
import { createRng } from './random.js';

export interface PeopleSummary {
  pairs: number;
  logs: number;
  studios: number;
  honours: number;
  plans: number;
}

export async function seedPeople(
  tx: Tx,
  opts: { regionId: number; regionName: string; today: string; passwordHash: string },
): Promise<PeopleSummary> {
  const { regionId, today } = opts;
  const Y = Number(today.slice(0, 4));
  const rng = createRng('people');
  const at = stampOf(today);
  const staff = new Map(
    (
      await rows<{ id: number; username: string; school_id: number | null; teacher_id: number | null }>(
        tx,
        sql`select id, username, school_id, teacher_id from users
            where region_id = ${regionId} and username in ('county', 'school1', 'school2', 'teacher1')`,
      )
    ).map((u) => [u.username, u]),
  );
  const countyUser = staff.get('county')!.id;
  const school1 = staff.get('school1')!.school_id!;
  const school2 = staff.get('school2')!.school_id!;
  const teacher1 = staff.get('teacher1')!.teacher_id!;
  const adminOf = new Map([
    [school1, staff.get('school1')!.id],
    [school2, staff.get('school2')!.id],
  ]);
  const schools = new Map(
    (
      await rows<{ id: number; name: string; consortium_id: number | null }>(
        tx,
        sql`select id, name, consortium_id from schools where region_id = ${regionId} order by id`,
      )
    ).map((s) => [s.id, s]),
  );
  const teachers = await rows<T>(
    tx,
    sql`select t.id, t.school_id, u.id as user_id, t.name, t.subject, t.stage,
               extract(year from t.hire_date)::int as hired, t.birth_year::int as birth_year, t.title, t.tags
        from teachers t join users u on u.teacher_id = t.id
        where t.region_id = ${regionId} and t.status = '在职' and t.hire_date is not null order by t.id`,
  );
  const bySchool = new Map<number, T[]>();
  for (const t of teachers) bySchool.set(t.school_id, [...(bySchool.get(t.school_id) ?? []), t]);

  const c: PeopleCtx = {
    tx,
    rng,
    regionId,
    regionName: opts.regionName,
    today,
    Y,
    at,
    countyUser,
    school1,
    school2,
    teacher1,
    adminOf,
    schools,
    teachers,
    bySchool,
    rule: DEFAULT_PEOPLE_RULE,
    postings: [],
  };
  const { pairs, logs } = await seedMentoring(c);
  const studioCount = await seedStudios(c);
  // The hours the passing reviews posted (as the modules post them: source school_activity).
  await writeLedger(
    tx,
    c.postings.map(([region, teacher, level, ref, hours, occurredOn, note]) => ({
      regionId: Number(region),
      teacherId: Number(teacher),
      source: 'school_activity',
      sourceRef: ref as string,
      category: '校本研修',
      level: level as string | null,
      hours: Number(hours),
      occurredOn: String(occurredOn),
      note: note as string,
      approvedBy: countyUser,
      createdBy: countyUser,
    })),
  );
  const honourCount = await seedHonours(c);
  const planCount = await seedPlans(c);
  await seedProviderAndTeams(tx, {
    regionId,
    regionName: opts.regionName,
    Y,
    passwordHash: opts.passwordHash,
    countyUser,
    school1,
  });

  return {
    pairs,
    logs,
    studios: studioCount,
    honours: honourCount,
    plans: planCount,
  };
}

async function seedProviderAndTeams(
  tx: Tx,
  c: { regionId: number; regionName: string; Y: number; passwordHash: string; countyUser: number; school1: number },
) {
  const { regionId } = c;
  const provider = (await one<{ id: number }>(
    tx,
    sql`insert into training_providers (region_id, name, kind, contact, phone, address, note)
        values (${regionId}, '川西师范学院继续教育学院', '高等院校', '陈老师', '0838-2201234', '川西师范学院东区行政楼', '承担县级骨干教师研修'),
               (${regionId}, '省教师培训中心', '教师培训机构', '周老师', '028-86001234', null, null)
        returning id`,
  ))!.id;
  await tx.execute(
    sql`insert into users (region_id, username, display_name, password_hash, role, provider_id)
        values (${regionId}, 'provider1', '川西师院培训部', ${c.passwordHash}, 'provider', ${provider})`,
  );
  // This year's running and assessing county projects are run by the provider.
  await tx.execute(
    sql`update projects set provider_id = ${provider}
        where region_id = ${regionId} and organiser_type = 'county' and year = ${c.Y} and status in ('running', 'assessing')`,
  );

  // The consortium's and school1's key teachers join the trainer pool (county trainers) for their teams.
  await tx.execute(
    sql`insert into trainers (region_id, kind, teacher_id, name, organisation, title, expertise, subjects, stages)
        select t.region_id, 'county', t.id, t.name, s.name, t.title, t.subject || '教学', array[t.subject], array[t.stage]
        from teachers t join schools s on s.id = t.school_id
        where t.region_id = ${regionId} and t.status = '在职'
          and (t.tags && array['名师', '学科带头人']::text[])
          and (s.id = ${c.school1} or s.consortium_id = (select consortium_id from schools where id = ${c.school1}))
          and not exists (select 1 from trainers x where x.teacher_id = t.id)
        order by t.id`,
  );
  const trainers = await rows<{ id: number; kind: string; consortium_id: number | null; school_id: number | null }>(
    tx,
    sql`select tr.id, tr.kind, s.consortium_id, t.school_id from trainers tr left join teachers t on t.id = tr.teacher_id
        left join schools s on s.id = t.school_id where tr.region_id = ${regionId} and tr.active order by tr.id`,
  );
  const cons = await one<{ id: number; name: string }>(
    tx,
    sql`select c.id, c.name from consortia c join schools s on s.consortium_id = c.id where s.id = ${c.school1}`,
  );
  const team = async (
    tier: string,
    name: string,
    owner: { consortiumId?: number; schoolId?: number },
    members: number[],
  ) => {
    if (!members.length) return;
    const id = (await one<{ id: number }>(
      tx,
      sql`insert into training_teams (region_id, tier, name, consortium_id, school_id, note, created_by)
          values (${regionId}, ${tier}, ${name}, ${owner.consortiumId ?? null}, ${owner.schoolId ?? null},
                  '承担本级教师培训的授课和指导', ${c.countyUser}) returning id`,
    ))!.id;
    await tx.execute(
      sql`insert into training_team_members (region_id, team_id, trainer_id, role)
          select ${regionId}, ${id}, x.id, case when x.ord = 1 then '负责人' else '成员' end
          from unnest(${sql`${`{${members.join(',')}}`}::int[]`}) with ordinality as x(id, ord)`,
    );
  };
  await team(
    'county',
    `${c.regionName}县级培训团队`,
    {},
    trainers.slice(0, 8).map((t) => t.id),
  );
  if (cons) {
    await team(
      'consortium',
      `${cons.name}培训团队`,
      { consortiumId: cons.id },
      trainers
        .filter((t) => t.consortium_id === cons.id)
        .slice(0, 6)
        .map((t) => t.id),
    );
  }
  await team(
    'school',
    `${c.regionName}实验小学校本培训团队`,
    { schoolId: c.school1 },
    trainers
      .filter((t) => t.school_id === c.school1)
      .slice(0, 6)
      .map((t) => t.id),
  );
}
