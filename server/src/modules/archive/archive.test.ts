// The growth archive: every section, scoped like the teacher detail, ID numbers masked.
import type { GrowthArchive } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { addParticipation, createProject } from '../../../test/training.js';
import { one } from '../../db/client.js';
import { writeLedger } from '../credits/ledger-write.js';

let t: TestContext;
let w: World;
const cookie: Record<string, string> = {};

async function call(who: string, url: string) {
  return t.app.inject({ method: 'GET', url, headers: { cookie: cookie[who]! } });
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  for (const k of ['county', 'leader', 'areaA', 'schoolA', 'schoolB', 'teacherA'] as const) {
    cookie[k] = await loginAs(t.app, w.users[k]);
  }
  const db = t.deps.db;
  await db.execute(sql`update teachers set tags = '{骨干教师}', posts = '{班主任}' where id = ${w.teacherA}`);
  const p1 = await createProject(t.deps, w, {
    name: '2025年县级班主任培训',
    year: 2025,
    level: '县培',
    category: '班主任',
    startDate: '2025-10-10',
    endDate: '2025-10-12',
    hours: 24,
    status: 'closed',
  });
  const p2 = await createProject(t.deps, w, { name: '国培计划示范项目', year: 2026, level: '国培', hours: 40 });
  const pa1 = await addParticipation(t.deps, w, p1, w.teacherA, 'completed');
  await db.execute(sql`update participations set result = '优秀', score = 92.5 where id = ${pa1}`);
  await addParticipation(t.deps, w, p2, w.teacherA, 'enrolled');
  const p3 = await createProject(t.deps, w, { name: '被拒绝的项目' });
  await addParticipation(t.deps, w, p3, w.teacherA, 'rejected');
  await db.transaction((tx) =>
    writeLedger(tx, [
      {
        regionId: w.regionId,
        teacherId: w.teacherA,
        source: 'project',
        sourceRef: `participation:${pa1}`,
        level: '县培',
        hours: 24,
        occurredOn: '2025-10-12',
      },
      {
        regionId: w.regionId,
        teacherId: w.teacherA,
        source: 'import',
        level: '省培',
        hours: 30,
        occurredOn: '2024-12-01',
      },
    ]),
  );
  await db.execute(
    sql`insert into certificates (region_id, number, participation_id, teacher_id, project_id, hours, issuer)
        values (${w.regionId}, 'SX-2025-1-ABCDEF', ${pa1}, ${w.teacherA}, ${p1}, 24, '测试县教师发展中心')`,
  );
  const county = await one<{ id: number }>(db, sql`select id from users where username = ${w.users.county}`);
  await db.execute(
    sql`insert into ethics_records (region_id, school_id, teacher_id, occurred_on, kind, note, created_by)
        values (${w.regionId}, ${w.schoolA}, ${w.teacherA}, '2025-09-01', 'pledge', '师德承诺书', ${county!.id})`,
  );
});
afterAll(async () => {
  await t?.close();
});

describe('growth archive', () => {
  it('gathers profile, honours, trainings with results, credits by school year, certificates and ethics', async () => {
    const res = await call('teacherA', `/api/teachers/${w.teacherA}/archive`);
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json<GrowthArchive>();
    expect(a.teacher).toMatchObject({ id: w.teacherA, name: '张三', posts: ['班主任'], status: '在职' });
    expect(a.honours).toEqual(['骨干教师']);
    expect(a.trainings.map((x) => x.projectName)).toEqual(['国培计划示范项目', '2025年县级班主任培训']);
    expect(a.trainings[1]).toMatchObject({
      status: 'completed',
      result: '优秀',
      score: 92.5,
      hours: 24,
      level: '县培',
    });
    expect(a.credits.total).toBe(54);
    expect(a.credits.years.map((y) => [y.schoolYear, y.total])).toEqual([
      [2025, 24],
      [2024, 30],
    ]);
    expect(a.credits.years[1]!.byLevel.provincial).toBe(30);
    expect(a.credits.years[0]!.bySource.project).toBe(24);
    expect(a.certificates).toEqual([
      expect.objectContaining({ number: 'SX-2025-1-ABCDEF', projectName: '2025年县级班主任培训', revoked: false }),
    ]);
    expect(a.ethics).toEqual([expect.objectContaining({ kind: 'pledge', note: '师德承诺书', createdBy: 'county' })]);
    // Reflections and report-backs: arrays once their tables exist, null before.
    expect(a.reflections === null || Array.isArray(a.reflections)).toBe(true);
    expect(a.reportBacks === null || Array.isArray(a.reportBacks)).toBe(true);
    expect(res.body).not.toContain(w.idNumbers[0]);
  });

  it('shows the teacher’s reflections and report-backs (after-training tables)', async () => {
    const pa = await one<{ id: number; project_id: number }>(
      t.deps.db,
      sql`select id, project_id from participations where teacher_id = ${w.teacherA} and status = 'completed'`,
    );
    await t.deps.db.execute(
      sql`insert into reflections (region_id, school_id, teacher_id, project_id, participation_id, title, body, status, featured)
          values (${w.regionId}, ${w.schoolA}, ${w.teacherA}, ${pa!.project_id}, ${pa!.id}, '班主任工作的三点体会',
                  '一是……二是……', 'reviewed', true)`,
    );
    await t.deps.db.execute(
      sql`insert into report_backs (region_id, school_id, teacher_id, project_id, participation_id, due_on, status, form,
                                    held_on, audience, summary)
          values (${w.regionId}, ${w.schoolA}, ${w.teacherA}, ${pa!.project_id}, ${pa!.id}, '2025-10-26', 'verified',
                  '讲座', '2025-10-20', 36, '向全校班主任转训')`,
    );
    const a = (await call('schoolA', `/api/teachers/${w.teacherA}/archive`)).json<GrowthArchive>();
    expect(a.reflections).toEqual([
      expect.objectContaining({
        projectName: '2025年县级班主任培训',
        title: '班主任工作的三点体会',
        status: 'reviewed',
        featured: true,
      }),
    ]);
    expect(a.reportBacks).toEqual([
      expect.objectContaining({
        dueOn: '2025-10-26',
        heldOn: '2025-10-20',
        audience: 36,
        form: '讲座',
        status: 'verified',
      }),
    ]);
  });

  it('is scoped like the teacher detail', async () => {
    expect((await call('teacherA', `/api/teachers/${w.teacherB}/archive`)).statusCode).toBe(404);
    expect((await call('schoolB', `/api/teachers/${w.teacherA}/archive`)).statusCode).toBe(404);
    expect((await call('schoolA', `/api/teachers/${w.teacherA}/archive`)).statusCode).toBe(200);
    expect((await call('areaA', `/api/teachers/${w.teacherA}/archive`)).statusCode).toBe(200);
    expect((await call('leader', `/api/teachers/${w.teacherB}/archive`)).statusCode).toBe(200);
    expect((await call('county', `/api/teachers/999999/archive`)).statusCode).toBe(404);
  });
});
