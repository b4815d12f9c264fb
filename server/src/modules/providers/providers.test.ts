// Training providers: the county registers a provider, opens its account and commissions projects;
// the provider's account sees and runs only those projects (sessions, attendance, scores), and
// nothing else of the county; every write is audited.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addProvider, type PeopleContext, peopleContext } from '../../../test/people.js';
import { addParticipation, createProject, createSession } from '../../../test/training.js';
import { one, rows } from '../../db/client.js';

let c: PeopleContext;
let own: { providerId: number; userId: number };
let rival: { providerId: number; userId: number };
let ownProject: number;
let otherProject: number;
let ownSession: number;
let otherSession: number;
let ownParticipation: number;
let otherParticipation: number;

beforeAll(async () => {
  c = await peopleContext();
  const { deps } = c.t;
  own = await addProvider(deps, c.w, '师范学院继续教育学院');
  rival = await addProvider(deps, c.w, '省教师培训中心');
  ownProject = await createProject(deps, c.w, {
    name: '受托骨干教师研修',
    status: 'running',
    startDate: '2026-03-02',
    endDate: '2026-03-06',
  });
  otherProject = await createProject(deps, c.w, {
    name: '县级班主任培训',
    status: 'running',
    startDate: '2026-03-02',
    endDate: '2026-03-06',
  });
  ownSession = await createSession(deps, c.w, ownProject, new Date('2026-03-02T01:00:00Z'), 90, '受托课次');
  otherSession = await createSession(deps, c.w, otherProject, new Date('2026-03-02T01:00:00Z'), 90, '县里课次');
  ownParticipation = await addParticipation(deps, c.w, ownProject, c.w.teacherA);
  otherParticipation = await addParticipation(deps, c.w, otherProject, c.w.teacherA);
  const commissioned = await c.call('county', 'POST', `/api/providers/${own.providerId}/projects`, {
    projectId: ownProject,
  });
  expect(commissioned.status).toBe(200);
});
afterAll(() => c.t.close());

describe('the county registers providers', () => {
  it('creates a provider, refuses a duplicate name and lists it with its counts', async () => {
    const made = await c.call('county', 'POST', '/api/providers', {
      name: '市教育学院',
      kind: '高等院校',
      contact: '王老师',
    });
    expect(made.status).toBe(201);
    const dup = await c.call('county', 'POST', '/api/providers', { name: '市教育学院', kind: '其他' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain('已登记');
    const list = await c.call('county', 'GET', '/api/providers');
    expect(list.body.items.map((p: { name: string }) => p.name)).toContain('市教育学院');
    const mine = list.body.items.find((p: { id: number }) => p.id === own.providerId);
    expect(mine).toMatchObject({ accountCount: 1, projectCount: 1 });
    // Schools neither read nor manage the register.
    expect((await c.call('schoolA', 'GET', '/api/providers')).status).toBe(403);
    expect((await c.call('schoolA', 'POST', '/api/providers', { name: '某机构', kind: '其他' })).status).toBe(403);
    // Another county does not see this county's providers.
    const foreign = await c.call('otherCounty', 'GET', `/api/providers/${own.providerId}`);
    expect(foreign.status).toBe(404);
  });

  it('opens a provider account with a one-time activation code on a slip, audited', async () => {
    const res = await c.call('county', 'POST', `/api/providers/${own.providerId}/accounts`, {
      username: 'shiyuan01',
      displayName: '师院培训部李老师',
    });
    expect(res.status).toBe(201);
    expect(res.body.batch.slips).toHaveLength(1);
    expect(res.body.batch.slips[0]).toMatchObject({ username: 'shiyuan01', role: 'provider' });
    expect(res.body.batch.slips[0].code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    const u = await one<{ role: string; provider_id: number; password_hash: string | null }>(
      c.t.deps.db,
      sql`select role, provider_id, password_hash from users where id = ${res.body.id}`,
    );
    expect(u).toMatchObject({ role: 'provider', provider_id: own.providerId, password_hash: null });
    const audit = await rows<{ action: string }>(
      c.t.deps.db,
      sql`select action from audit_log where entity = 'user' and entity_id = ${String(res.body.id)} order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['account.issue_codes', 'account.create']);
    // The generic account form cannot make (or turn an account into) a provider account.
    const generic = await c.call('county', 'POST', '/api/accounts', {
      username: 'prov02',
      displayName: 'x',
      role: 'provider',
    });
    expect(generic.status).toBe(400);
  });

  it('commissions only county-run projects that are not closed', async () => {
    const school = await createProject(c.t.deps, c.w, {
      name: '校本研修',
      level: '校培',
      organiserType: 'school',
      schoolId: c.w.schoolA,
    });
    const refused = await c.call('county', 'POST', `/api/providers/${own.providerId}/projects`, { projectId: school });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('县级组织');
    const foreign = await createProject(c.t.deps, c.other, { name: '乙县项目' });
    expect(
      (await c.call('county', 'POST', `/api/providers/${own.providerId}/projects`, { projectId: foreign })).status,
    ).toBe(404);
  });
});

describe('a provider account sees and runs only its commissioned projects', () => {
  it('lists only the commissioned project and refuses any other (404)', async () => {
    const list = await c.call(own.userId, 'GET', '/api/projects?pageSize=100');
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { id: number }) => p.id)).toEqual([ownProject]);
    expect((await c.call(own.userId, 'GET', `/api/projects/${ownProject}`)).body.can).toMatchObject({
      edit: false,
      changeStatus: false,
      schedule: true,
    });
    expect((await c.call(own.userId, 'GET', `/api/projects/${otherProject}`)).status).toBe(404);
    expect((await c.call(rival.userId, 'GET', `/api/projects/${ownProject}`)).status).toBe(404);
    expect((await c.call(rival.userId, 'GET', '/api/projects')).body.items).toEqual([]);
    const me = await c.call(own.userId, 'GET', '/api/providers/me');
    expect(me.body).toMatchObject({ id: own.providerId, projects: [{ id: ownProject, sessions: 1, participants: 1 }] });
  });

  it('arranges sessions of its project only, and changes nothing else of it', async () => {
    const body = { date: '2026-03-03', start: '09:00', end: '11:00', topic: '机构安排的课次' };
    const made = await c.call(own.userId, 'POST', `/api/projects/${ownProject}/sessions`, body);
    expect(made.status).toBe(201);
    expect((await c.call(own.userId, 'POST', `/api/projects/${otherProject}/sessions`, body)).status).toBe(404);
    expect((await c.call(rival.userId, 'POST', `/api/projects/${ownProject}/sessions`, body)).status).toBe(404);
    const patch = await c.call(own.userId, 'PATCH', `/api/projects/${ownProject}`, { name: '改名' });
    expect(patch.status).toBe(403);
    expect(patch.body.error.message).toContain('承训机构');
    expect((await c.call(own.userId, 'POST', `/api/projects/${ownProject}/status`, { to: 'assessing' })).status).toBe(
      403,
    );
    expect((await c.call(own.userId, 'PUT', `/api/projects/${ownProject}/trainers`, { trainers: [] })).status).toBe(
      403,
    );
    const create = await c.call(own.userId, 'POST', '/api/projects', {
      name: '机构自建',
      level: '县培',
      category: '学科/新课标',
      mode: '集中面授',
      startDate: '2026-10-10',
      endDate: '2026-10-12',
      hours: 12,
    });
    expect(create.status).toBe(403);
    const audit = await one<{ user_id: number }>(
      c.t.deps.db,
      sql`select user_id from audit_log where action = 'session.create' and entity_id = ${String(made.body.id)}`,
    );
    expect(audit?.user_id).toBe(own.userId);
  });

  it('takes attendance and scores for its project, not for another', async () => {
    const mark = (participationId: number) => [{ participationId, status: 'present', reason: '纸质签到表补录' }];
    const ok = await c.call(own.userId, 'PUT', `/api/sessions/${ownSession}/attendance`, mark(ownParticipation));
    expect(ok.status).toBe(200);
    const refused = await c.call(
      own.userId,
      'PUT',
      `/api/sessions/${otherSession}/attendance`,
      mark(otherParticipation),
    );
    expect(refused.status).toBe(404);
    const roster = await c.call(own.userId, 'GET', `/api/sessions/${ownSession}/attendance`);
    expect(roster.status).toBe(200);
    expect(JSON.stringify(roster.body)).toContain('张三');
    const participants = await c.call(own.userId, 'GET', `/api/projects/${ownProject}/participants`);
    expect(participants.body.total).toBe(1);
    expect((await c.call(own.userId, 'GET', `/api/projects/${otherProject}/participants`)).status).toBe(404);
    const scored = await c.call(own.userId, 'PUT', `/api/projects/${ownProject}/assessment`, [
      { participationId: ownParticipation, score: 91 },
    ]);
    expect(scored.status).toBe(200);
    expect(scored.body.items[0]).toMatchObject({ score: 91, result: '优秀' });
    const other = await c.call(own.userId, 'PUT', `/api/projects/${otherProject}/assessment`, [
      { participationId: otherParticipation, score: 60 },
    ]);
    expect(other.status).toBe(404);
    const marks = await rows<{ user_id: number }>(
      c.t.deps.db,
      sql`select user_id from audit_log where action like 'attendance.%' or action like 'assessment.%' order by id`,
    );
    expect(marks.length).toBeGreaterThanOrEqual(2);
    expect(marks.every((m) => m.user_id === own.userId)).toBe(true);
  });

  it('exports the register for the county, nobody else', async () => {
    const x = await c.xlsx('county', '/api/providers/export');
    expect(x.status).toBe(200);
    expect(x.rows.slice(1).map((r) => r[0])).toEqual(expect.arrayContaining(['师范学院继续教育学院', '市教育学院']));
    expect((await c.xlsx('schoolA', '/api/providers/export')).status).toBe(403);
    expect((await c.xlsx(own.userId, '/api/providers/export')).status).toBe(403);
    expect((await c.xlsx('otherCounty', '/api/providers/export')).rows).toHaveLength(1);
  });

  it('reads nothing of the roster, statistics, money or the county register', async () => {
    for (const url of [
      '/api/teachers',
      `/api/teachers/${c.w.teacherA}`,
      '/api/schools',
      '/api/stats/summary',
      '/api/providers',
      '/api/trainers',
      '/api/budgets?year=2026',
      '/api/credits/progress',
    ]) {
      const res = await c.call(own.userId, 'GET', url);
      expect(res.status, url).toBe(403);
    }
  });

  it('loses the project when the county withdraws the commission', async () => {
    const res = await c.call('county', 'DELETE', `/api/providers/${own.providerId}/projects/${ownProject}`);
    expect(res.status).toBe(200);
    expect((await c.call(own.userId, 'GET', `/api/projects/${ownProject}`)).status).toBe(404);
    const audit = await rows<{ action: string }>(
      c.t.deps.db,
      sql`select action from audit_log where entity = 'project' and entity_id = ${String(ownProject)} and action like 'provider.%' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['provider.commission', 'provider.withdraw']);
    await c.call('county', 'POST', `/api/providers/${own.providerId}/projects`, { projectId: ownProject });
  });

  it('disables the accounts of a provider the county stops using', async () => {
    const res = await c.call('county', 'PATCH', `/api/providers/${rival.providerId}`, { active: false });
    expect(res.status).toBe(200);
    const u = await one<{ disabled: boolean }>(c.t.deps.db, sql`select disabled from users where id = ${rival.userId}`);
    expect(u?.disabled).toBe(true);
    expect((await c.call(rival.userId, 'GET', '/api/projects')).status).toBe(401);
  });
});
