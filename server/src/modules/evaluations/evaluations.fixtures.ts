// A county whose 2025 evaluation figures were worked out by hand (evaluations.test.ts, the reports
// tests): seedWorld's schools A (小学, 直属), B (初中) and C (小学, 镇乡), each indicator's counts below.
//
// | school | teachers | coverage | sendRate | attendRate | completion | pass | excellent | reportBack | spendShare | satisfaction |
// | A      | 4        | 4/4 100  | 3/3 100  | 4/4 100    | 3/4 75     | 3/4 75 | 1/4 25  | 1/2 50     | 7000/10000 70 | 2/4 50     |
// | B      | 2        | 1/2 50   | 1/2 50   | 1/1 100    | 1/1 100    | 1/1 100 | 0/1 0  | —          | 5000/2500 → 100 | —        |
// | C      | 2        | 0/2 0    | 1/2 50   | 0/1 0      | —          | —    | —         | 1/1 100    | —          | —            |
import { sql } from 'drizzle-orm';
import type { TestContext, World } from '../../../test/harness.js';
import { addParticipation, createProject, createSession, createTeachers } from '../../../test/training.js';
import { one } from '../../db/client.js';

export interface EvaluationCounty {
  a: number[];
  b: number[];
  c: number[];
  p1: number;
  p2: number;
  schoolProject: number;
}

export async function seedEvaluationCounty(t: TestContext, w: World): Promise<EvaluationCounty> {
  const db = t.deps.db;
  const exec = (q: ReturnType<typeof sql>) => db.execute(q);
  const [a1, a2, a3] = (await createTeachers(t.deps, w, w.schoolA, 3)).map((x) => x.id) as [number, number, number];
  const [b1] = (await createTeachers(t.deps, w, w.schoolB, 1, { stage: '初中', subject: '数学' })).map((x) => x.id) as [
    number,
  ];
  const [c1, c2] = (await createTeachers(t.deps, w, w.schoolC, 2)).map((x) => x.id) as [number, number];
  const { teacherA, teacherB } = w;

  // P1: a county project of 2025 with quotas A 3, B 2, C 2.
  const p1 = await createProject(t.deps, w, {
    name: '2025县级骨干教师培训',
    level: '县培',
    status: 'closed',
    startDate: '2025-04-01',
    endDate: '2025-04-03',
    year: 2025,
  });
  await exec(
    sql`insert into project_quotas (project_id, school_id, region_id, quota)
        values (${p1}, ${w.schoolA}, ${w.regionId}, 3), (${p1}, ${w.schoolB}, ${w.regionId}, 2), (${p1}, ${w.schoolC}, ${w.regionId}, 2)`,
  );
  const result = async (id: number, r: string) =>
    exec(
      sql`update participations set result = ${r}, score = ${r === '优秀' ? 90 : r === '合格' ? 75 : 40} where id = ${id}`,
    );
  const pA = await addParticipation(t.deps, w, p1, teacherA, 'completed');
  await result(pA, '优秀');
  await result(await addParticipation(t.deps, w, p1, a1, 'completed'), '合格');
  await result(await addParticipation(t.deps, w, p1, a2, 'failed'), '不合格');
  await result(await addParticipation(t.deps, w, p1, teacherB, 'completed'), '合格');
  // c1 holds a place, never came: a place taken, no person-time.
  const pC = await addParticipation(t.deps, w, p1, c1, 'enrolled');
  await createSession(t.deps, w, p1, new Date('2025-04-01T01:00:00Z'));
  // P2: a provincial project of 2025 without quotas.
  const p2 = await createProject(t.deps, w, {
    name: '2025省级培训',
    level: '省培',
    organiserType: 'upper',
    status: 'closed',
    startDate: '2025-06-01',
    endDate: '2025-06-05',
    year: 2025,
  });
  const pA3 = await addParticipation(t.deps, w, p2, a3, 'completed');
  await result(pA3, '合格');
  // A 2024 project counts for nothing in 2025.
  const old = await createProject(t.deps, w, {
    name: '2024培训',
    status: 'closed',
    startDate: '2024-05-01',
    endDate: '2024-05-02',
    year: 2024,
  });
  await addParticipation(t.deps, w, old, c2, 'completed');

  // Report-backs due in 2025: A 1 verified of 2, C 1 verified of 1.
  const rb = (schoolId: number, teacherId: number, projectId: number, participationId: number, status: string) =>
    exec(
      sql`insert into report_backs (region_id, school_id, teacher_id, project_id, participation_id, due_on, status)
          values (${w.regionId}, ${schoolId}, ${teacherId}, ${projectId}, ${participationId}, '2025-06-19', ${status})`,
    );
  await rb(w.schoolA, a3, p2, pA3, 'verified');
  await rb(w.schoolA, teacherA, p1, pA, 'pending');
  await rb(w.schoolC, c1, p1, pC, 'verified');

  // Money: A 公用经费 100,000 × 10% → 10,000 required, 7,000 spent; B 50,000 × 5% → 2,500, 5,000 spent.
  await exec(
    sql`insert into budgets (region_id, school_id, year, public_funds, share, amount)
        values (${w.regionId}, ${w.schoolA}, 2025, 100000, 0.100, 10000), (${w.regionId}, ${w.schoolB}, 2025, 50000, 0.050, 2500)`,
  );
  await exec(
    sql`insert into expenses (region_id, school_id, category, amount, spent_on)
        values (${w.regionId}, ${w.schoolA}, 'materials', 6000, '2025-03-01'),
               (${w.regionId}, ${w.schoolA}, 'expert_fee', 1000, '2025-11-30'),
               (${w.regionId}, ${w.schoolA}, 'materials', 9999, '2024-12-31'),
               (${w.regionId}, ${w.schoolB}, 'travel', 5000, '2025-05-05')`,
  );

  // Satisfaction of A's own 校培 project: two answers (5, 3) and (4, 2): 2 of 4 ratings satisfied.
  const schoolProject = await createProject(t.deps, w, {
    name: 'A校2025校本研修',
    level: '校培',
    organiserType: 'school',
    schoolId: w.schoolA,
    status: 'closed',
    startDate: '2025-09-01',
    endDate: '2025-09-02',
    year: 2025,
  });
  const survey = await one<{ id: number }>(
    db,
    sql`insert into surveys (region_id, kind, is_template, title, anonymous, status, year, sections, settings, published_at)
        values (${w.regionId}, 'satisfaction', true, '满意度', true, 'published', 2025,
                ${JSON.stringify([
                  {
                    title: '',
                    questions: [
                      { id: 'relevance', type: 'rating', title: '贴合', required: true, dimension: 'content' },
                      { id: 'useful', type: 'rating', title: '实用', required: true, dimension: 'content' },
                    ],
                  },
                ])}::jsonb, '{"windowDays": 30, "since": "2025-01-01T00:00:00Z"}'::jsonb, now())
        returning id`,
  );
  for (const [r1, r2] of [
    [5, 3],
    [4, 2],
  ] as const) {
    await exec(
      sql`insert into survey_responses (region_id, survey_id, project_id, school_id, stage, subject, urban_rural, answers, submitted_on)
          values (${w.regionId}, ${survey!.id}, ${schoolProject}, ${w.schoolA}, '小学', '语文', '城镇',
                  ${JSON.stringify({ relevance: r1, useful: r2 })}::jsonb, '2025-09-03')`,
    );
  }
  return { a: [teacherA, a1, a2, a3], b: [teacherB, b1], c: [c1, c2], p1, p2, schoolProject };
}
