// Three-tier training teams from the trainer pool, trainer records (sessions, hours, satisfaction,
// teams; found by subject and stage), and the yearly count of external vs county trainers.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PeopleContext, peopleContext } from '../../../test/people.js';
import { createProject, createSession } from '../../../test/training.js';
import { one } from '../../db/client.js';
import { addTrainer } from '../projects/projects.fixtures.js';
import { recordTrainerSatisfaction } from './teams.service.js';

let c: PeopleContext;
let external: number;
let local: number;
let trainerUser: number;
let foreignTrainer: number;

beforeAll(async () => {
  c = await peopleContext();
  const { deps } = c.t;
  const u = await one<{ id: number }>(
    deps.db,
    sql`insert into users (region_id, username, display_name, role) values (${c.w.regionId}, 'expert_wang', '王教授', 'trainer') returning id`,
  );
  trainerUser = u!.id;
  external = await addTrainer(deps, c.w, {
    name: '王教授',
    userId: trainerUser,
    kind: 'external',
    expertise: '小学数学',
  });
  await deps.db.execute(sql`update trainers set subjects = '{数学}', stages = '{小学}' where id = ${external}`);
  // A county teacher in the pool: subject and stage come from the roster (语文, 小学).
  local = (await one<{ id: number }>(
    deps.db,
    sql`insert into trainers (region_id, kind, teacher_id, name) values (${c.w.regionId}, 'county', ${c.w.teacherA}, '张三') returning id`,
  ))!.id;
  foreignTrainer = await addTrainer(deps, c.other, { name: '乙县专家' });
  const p = await createProject(deps, c.w, {
    name: '数学骨干研修',
    year: 2025,
    status: 'running',
    startDate: '2025-04-01',
    endDate: '2025-04-03',
  });
  const s1 = await createSession(deps, c.w, p, new Date('2025-04-01T01:00:00Z'), 120, '大单元教学');
  const s2 = await createSession(deps, c.w, p, new Date('2025-04-02T01:00:00Z'), 90, '作业设计');
  const s3 = await createSession(deps, c.w, p, new Date('2025-04-03T01:00:00Z'), 60, '课例研讨');
  await deps.db.execute(sql`update project_sessions set trainer_id = ${external} where id in (${s1}, ${s2})`);
  await deps.db.execute(sql`update project_sessions set trainer_id = ${local} where id = ${s3}`);
});
afterAll(() => c.t.close());

describe('training teams', () => {
  it('each tier is built by its own level', async () => {
    const county = await c.call('county', 'POST', '/api/training-teams', { tier: 'county', name: '县级培训团队' });
    expect(county.status).toBe(201);
    expect((await c.call('schoolA', 'POST', '/api/training-teams', { tier: 'county', name: '越级' })).status).toBe(403);
    const cons = await c.call('consA', 'POST', '/api/training-teams', {
      tier: 'consortium',
      name: '第一教联体培训团队',
      consortiumId: c.w.consortium,
    });
    expect(cons.status).toBe(201);
    const school = await c.call('schoolA', 'POST', '/api/training-teams', {
      tier: 'school',
      name: '实验小学培训团队',
      schoolId: c.w.schoolA,
    });
    expect(school.status).toBe(201);
    expect(
      (
        await c.call('schoolA', 'POST', '/api/training-teams', {
          tier: 'school',
          name: '别校团队',
          schoolId: c.w.schoolB,
        })
      ).status,
    ).toBe(403);
    const missing = await c.call('consA', 'POST', '/api/training-teams', { tier: 'consortium', name: '缺教联体' });
    expect(missing.status).toBe(400);

    const members = await c.call('county', 'PUT', `/api/training-teams/${county.body.id}/members`, {
      members: [
        { trainerId: external, role: '负责人' },
        { trainerId: local, role: '成员' },
      ],
    });
    expect(members.status).toBe(200);
    expect(members.body.members.map((m: { name: string; role: string }) => `${m.name}:${m.role}`)).toEqual([
      '王教授:负责人',
      '张三:成员',
    ]);
    const foreign = await c.call('county', 'PUT', `/api/training-teams/${county.body.id}/members`, {
      members: [{ trainerId: foreignTrainer, role: '成员' }],
    });
    expect(foreign.status).toBe(400);
    // A school admin reads the county team (but may not change it) and their own school's; the
    // consortium's team only when their school belongs to it; another school's not at all.
    const names = (r: { body: { items: Array<{ name: string; can: { manage: boolean } }> } }) =>
      r.body.items.map((t) => `${t.name}:${t.can.manage}`);
    expect(names(await c.call('schoolA', 'GET', '/api/training-teams'))).toEqual([
      '县级培训团队:false',
      '实验小学培训团队:true',
    ]);
    expect(names(await c.call('schoolB', 'GET', '/api/training-teams'))).toEqual([
      '县级培训团队:false',
      '第一教联体培训团队:false',
    ]);
    expect(names(await c.call('leader', 'GET', '/api/training-teams'))).toHaveLength(3);
    expect(
      (await c.call('schoolA', 'PUT', `/api/training-teams/${county.body.id}/members`, { members: [] })).status,
    ).toBe(403);
  });
});

describe('trainer records', () => {
  it('finds a trainer by subject and stage, with sessions, hours, satisfaction and teams', async () => {
    await recordTrainerSatisfaction(c.t.deps.db, c.w.regionId, {
      trainerId: external,
      year: 2025,
      source: 'survey:1',
      score: 96,
      responses: 40,
    });
    await recordTrainerSatisfaction(c.t.deps.db, c.w.regionId, {
      trainerId: external,
      year: 2025,
      source: 'survey:2',
      score: 90,
      responses: 20,
    });
    const math = await c.call('schoolA', 'GET', '/api/trainer-records?subject=数学&stage=小学');
    expect(math.body.items.map((t: { name: string }) => t.name)).toEqual(['王教授']);
    expect(math.body.items[0]).toMatchObject({
      sessionsTaught: 2,
      hoursTaught: 3.5,
      satisfaction: { year: 2025, score: 94, responses: 60 },
      teams: [{ name: '县级培训团队', tier: 'county', role: '负责人' }],
    });
    const chinese = await c.call('county', 'GET', '/api/trainer-records?subject=语文');
    expect(chinese.body.items.map((t: { name: string }) => t.name)).toEqual(['张三']);
    const detail = await c.call('county', 'GET', `/api/trainer-records/${external}`);
    expect(detail.body.years).toEqual([
      { year: 2025, sessions: 2, hours: 3.5, projects: 1, satisfaction: 94, responses: 60 },
    ]);
    expect((await c.call('otherCounty', 'GET', `/api/trainer-records/${external}`)).status).toBe(404);
    const mine = await c.call(trainerUser, 'GET', '/api/trainer-records/me');
    expect(mine.body).toMatchObject({ id: external, sessionsTaught: 2 });
    const set = await c.call('county', 'PUT', `/api/trainer-records/${external}/specialities`, {
      subjects: ['数学', '科学'],
      stages: ['小学'],
    });
    expect(set.status).toBe(200);
    expect((await c.call('county', 'GET', '/api/trainer-records?subject=科学')).body.total).toBe(1);
  });

  it('counts the invited external and the county trainers who taught in a year', async () => {
    const stats = await c.call('county', 'GET', '/api/stats/trainers?year=2025');
    expect(stats.body).toEqual({ year: 2025, external: 1, county: 1, total: 2, sessions: 3 });
    expect((await c.call('county', 'GET', '/api/stats/trainers?year=2024')).body.total).toBe(0);
    expect((await c.call('otherCounty', 'GET', '/api/stats/trainers?year=2025')).body.total).toBe(0);
  });

  it('names only the projects the caller may see, and exports the finder’s rows', async () => {
    // A school's own 校培 project taught by the expert: its hours count, its name stays with the school.
    const own = await createProject(c.t.deps, c.w, {
      name: '实验小学校本研修',
      level: '校培',
      organiserType: 'school',
      schoolId: c.w.schoolA,
      year: 2025,
      status: 'running',
      startDate: '2025-05-06',
      endDate: '2025-05-06',
    });
    const s = await createSession(c.t.deps, c.w, own, new Date('2025-05-06T01:00:00Z'), 60, '校本课');
    await c.t.deps.db.execute(sql`update project_sessions set trainer_id = ${external} where id = ${s}`);
    const names = async (who: 'schoolA' | 'schoolB') =>
      (await c.call(who, 'GET', `/api/trainer-records/${external}`)).body;
    const a = await names('schoolA');
    const b = await names('schoolB');
    expect(a.projects.map((p: { name: string }) => p.name).sort()).toEqual(['实验小学校本研修', '数学骨干研修']);
    expect(b.projects.map((p: { name: string }) => p.name)).toEqual(['数学骨干研修']);
    expect(b.years[0]).toMatchObject({ year: 2025, sessions: 3, projects: 2 });

    const x = await c.xlsx('schoolA', `/api/trainer-records/export?subject=${encodeURIComponent('数学')}`);
    expect(x.status).toBe(200);
    expect(x.rows[0]).toEqual(expect.arrayContaining(['姓名', '所属团队', '满意度']));
    expect(x.rows.slice(1).map((r) => r[0])).toEqual(['王教授']);
    expect(String(x.rows[1]!.at(-2))).toContain('县级培训团队（负责人）');
    const foreign = await c.xlsx('otherCounty', '/api/trainer-records/export');
    expect(foreign.rows.slice(1).map((r) => r[0])).toEqual(['乙县专家']);
  });
});
