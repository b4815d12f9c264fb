import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { addParticipation, createProject, createTeachers } from '../../../test/training.js';
import { one, rows } from '../../db/client.js';
import { writeLedger } from '../credits/ledger-write.js';
import { as, type Call, sessionCookies } from './enrolment.fixtures.js';

let t: TestContext;
let w: World;
let county: Call;
let schoolA: Call;
let schoolB: Call;
let leader: Call;
let project: number;
let clashProject: number;
type T = { id: number; idNumber: string; userId: number };
let a1: T, a2: T, a3: T, a4: T, b1: T, b2: T;

const status = async (projectId: number, teacherId: number) =>
  (
    await one<{ status: string }>(
      t.deps.db,
      sql`select status from participations where project_id = ${projectId} and teacher_id = ${teacherId}`,
    )
  )?.status;

const titlesOf = async (userId: number) =>
  (
    await rows<{ title: string }>(t.deps.db, sql`select title from notifications where user_id = ${userId} order by id`)
  ).map((r) => r.title);

const ledger = (teacherId: number, hours: number, on: string) =>
  t.deps.db.transaction((tx) =>
    writeLedger(tx, [{ regionId: w.regionId, teacherId, source: 'project', hours, occurredOn: on }]),
  );

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  [a1, a2, a3] = (await createTeachers(t.deps, w, w.schoolA, 3, { tags: ['骨干教师'] })) as [T, T, T];
  [a4] = (await createTeachers(t.deps, w, w.schoolA, 1)) as [T];
  [b1, b2] = (await createTeachers(t.deps, w, w.schoolB, 2, { tags: ['骨干教师'] })) as [T, T];
  project = await createProject(t.deps, w, {
    name: '骨干教师提升研修',
    status: 'enrolling',
    capacity: 4,
    eligibility: { tags: ['骨干教师'] },
    startDate: '2026-10-10',
    endDate: '2026-10-12',
  });
  await t.deps.db.execute(
    sql`insert into project_quotas (project_id, school_id, region_id, quota)
        values (${project}, ${w.schoolA}, ${w.regionId}, 2), (${project}, ${w.schoolB}, ${w.regionId}, 1)`,
  );
  // a1 trained most (30 h this cycle); a2 has 10 h from the previous cycle and 5 h in this one,
  // and is enrolled in an overlapping project; a3 has no hours but one training this year.
  await ledger(a1.id, 30, '2026-03-01');
  await ledger(a2.id, 10, '2024-05-01');
  await ledger(a2.id, 5, '2027-01-10');
  clashProject = await createProject(t.deps, w, {
    name: '信息技术能力提升',
    status: 'enrolling',
    startDate: '2026-10-11',
    endDate: '2026-10-13',
  });
  await addParticipation(t.deps, w, clashProject, a2.id, 'enrolled');
  const earlier = await createProject(t.deps, w, {
    name: '师德专题',
    status: 'closed',
    startDate: '2026-03-01',
    endDate: '2026-03-02',
  });
  await addParticipation(t.deps, w, earlier, a3.id, 'completed');
  county = as(t.app, await loginAs(t.app, w.users.county));
  schoolA = as(t.app, await loginAs(t.app, w.users.schoolA));
  schoolB = as(t.app, await loginAs(t.app, w.users.schoolB));
  leader = as(t.app, await loginAs(t.app, w.users.leader));
});
afterAll(() => t.close());

describe('candidates', () => {
  it('lists the school teachers, eligible and least trained first, with hours, trainings and clashes', async () => {
    const res = await schoolA('GET', `/api/projects/${project}/candidates`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(5); // a1..a4 and teacherA
    const ids = res.body.items.map((c: { teacherId: number }) => c.teacherId);
    expect(ids.slice(0, 3)).toEqual([a3.id, a2.id, a1.id]);
    expect(ids.slice(3).sort()).toEqual([a4.id, w.teacherA].sort());
    const by = Object.fromEntries(res.body.items.map((c: { teacherId: number }) => [c.teacherId, c]));
    expect(by[a1.id]).toMatchObject({ eligible: true, reasons: [], hoursThisCycle: 30, trainingsThisYear: 0 });
    expect(by[a2.id]).toMatchObject({ hoursThisCycle: 5, cycle: '2026—2030', trainingsThisYear: 1 });
    expect(by[a2.id].clashes).toEqual([
      {
        projectId: clashProject,
        projectName: '信息技术能力提升',
        startDate: '2026-10-11',
        endDate: '2026-10-13',
        status: 'enrolled',
      },
    ]);
    expect(by[a3.id]).toMatchObject({ hoursThisCycle: 0, trainingsThisYear: 1, clashes: [], participationId: null });
    expect(by[a4.id]).toMatchObject({ eligible: false, reasons: ['不是骨干教师'] });
    expect(by[a4.id].idNumberMasked).toMatch(/\*/);
    // The SQL eligibility and the messages from common agree.
    for (const c of res.body.items) expect(c.eligible).toBe(c.reasons.length === 0);
  });

  it('is limited to the school for a school admin; the county picks any school', async () => {
    expect((await schoolA('GET', `/api/projects/${project}/candidates?schoolId=${w.schoolB}`)).status).toBe(404);
    const b = await county('GET', `/api/projects/${project}/candidates?schoolId=${w.schoolB}`);
    expect(
      b.body.items
        .map((c: { teacherId: number }) => c.teacherId)
        .slice(0, 2)
        .sort(),
    ).toEqual([b1.id, b2.id].sort());
    const all = await county('GET', `/api/projects/${project}/candidates?eligibleOnly=true&pageSize=50`);
    expect(all.body.total).toBe(5); // a1 a2 a3 b1 b2
    const search = await county('GET', `/api/projects/${project}/candidates?q=${encodeURIComponent('张三')}`);
    expect(search.body.items.map((c: { teacherId: number }) => c.teacherId)).toEqual([w.teacherA]);
    expect((await leader('GET', `/api/projects/${project}/candidates`)).status).toBe(403);
  });
});

describe('nominations', () => {
  it('refuses ineligible teachers with the reason, and teachers of other schools', async () => {
    const res = await schoolA('POST', `/api/projects/${project}/nominations`, { teacherIds: [a4.id] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('不是骨干教师');
    expect(res.body.problems).toEqual([{ teacherId: a4.id, name: expect.any(String), reasons: ['不是骨干教师'] }]);
    const other = await schoolA('POST', `/api/projects/${project}/nominations`, { teacherIds: [a1.id, b1.id] });
    expect(other.status).toBe(400);
    expect(other.body.problems).toEqual([{ teacherId: b1.id, name: expect.any(String), reasons: ['不是本校教师'] }]);
    expect(other.body.error.fields[`teacher.${b1.id}`]).toBe('不是本校教师');
    expect(await count(t.deps, 'participations', `project_id = ${project}`)).toBe(0);
  });

  it('nominates within the quota, warns of date clashes, refuses more than the quota and duplicates', async () => {
    const res = await schoolA('POST', `/api/projects/${project}/nominations`, { teacherIds: [a1.id, a2.id] });
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(2);
    expect(res.body.warnings).toEqual([
      { teacherId: a2.id, name: expect.any(String), message: expect.stringContaining('《信息技术能力提升》') },
    ]);
    expect(await status(project, a1.id)).toBe('nominated');
    const row = await one<{ source: string; nominated_by: number }>(
      t.deps.db,
      sql`select source, nominated_by from participations where project_id = ${project} and teacher_id = ${a1.id}`,
    );
    expect(row?.source).toBe('nomination');
    expect(row?.nominated_by).toBeGreaterThan(0);
    expect(await count(t.deps, 'audit_log', `action = 'participation.nominate'`)).toBe(2);
    // County admins hear about it.
    expect(await count(t.deps, 'notifications', `kind = 'enrolment.nominated'`)).toBe(1);

    const over = await schoolA('POST', `/api/projects/${project}/nominations`, { teacherIds: [a3.id] });
    expect(over.status).toBe(400);
    expect(over.body.error.message).toContain('本校名额 2 人，已推荐 2 人');
    const dup = await schoolA('POST', `/api/projects/${project}/nominations`, { teacherIds: [a1.id] });
    expect(dup.status).toBe(400);
    expect(dup.body.problems[0].reasons[0]).toContain('已在本项目中');

    // Already nominated teachers move down the candidate list and say so.
    const list = await schoolA('GET', `/api/projects/${project}/candidates`);
    expect(list.body.items[0]).toMatchObject({ teacherId: a3.id, participationStatus: null });
    expect(list.body.items.find((c: { teacherId: number }) => c.teacherId === a1.id).participationStatus).toBe(
      'nominated',
    );
  });

  it('lets the county nominate for any school, still within its quota', async () => {
    const ok = await county('POST', `/api/projects/${project}/nominations`, { teacherIds: [b1.id] });
    expect(ok.status).toBe(200);
    const over = await county('POST', `/api/projects/${project}/nominations`, { teacherIds: [b2.id] });
    expect(over.status).toBe(400);
    expect(over.body.error.message).toMatch(/城关中学.*名额 1 人，已推荐 1 人/);
  });

  it('refuses nominations in the wrong status or mode and from the wrong roles', async () => {
    const draft = await createProject(t.deps, w, { status: 'draft', eligibility: {} });
    const r1 = await county('POST', `/api/projects/${draft}/nominations`, { teacherIds: [a3.id] });
    expect(r1.status).toBe(409);
    expect(r1.body.error.message).toContain('草稿');
    // A draft is the county's work in progress: schools do not see it at all.
    expect((await schoolA('POST', `/api/projects/${draft}/nominations`, { teacherIds: [a3.id] })).status).toBe(404);
    const published = await createProject(t.deps, w, { status: 'published' });
    expect((await schoolA('POST', `/api/projects/${published}/nominations`, { teacherIds: [a3.id] })).status).toBe(409);
    const open = await createProject(t.deps, w, { status: 'enrolling', enrolMode: 'open' });
    const r2 = await schoolA('POST', `/api/projects/${open}/nominations`, { teacherIds: [a3.id] });
    expect(r2.status).toBe(409);
    expect(r2.body.error.message).toContain('自主报名');
    expect((await leader('POST', `/api/projects/${project}/nominations`, { teacherIds: [a3.id] })).status).toBe(403);
    const teacher = as(t.app, await loginAs(t.app, w.users.teacherA));
    expect((await teacher('POST', `/api/projects/${project}/nominations`, { teacherIds: [a3.id] })).status).toBe(403);
    expect((await schoolA('POST', `/api/projects/${project}/nominations`, { teacherIds: [] })).status).toBe(400);
    // Upper-level projects take nominations once published.
    const upper = await createProject(t.deps, w, { level: '国培', organiserType: 'upper', status: 'published' });
    expect((await schoolA('POST', `/api/projects/${upper}/nominations`, { teacherIds: [a3.id] })).status).toBe(200);
  });

  it('without quotas, limits nominations by the project places', async () => {
    const p = await createProject(t.deps, w, { status: 'enrolling', capacity: 1 });
    expect((await schoolA('POST', `/api/projects/${p}/nominations`, { teacherIds: [a3.id] })).status).toBe(200);
    const over = await schoolB('POST', `/api/projects/${p}/nominations`, { teacherIds: [b2.id] });
    expect(over.status).toBe(400);
    expect(over.body.error.message).toContain('项目名额 1 人，已推荐 1 人');
  });

  it('lets the school withdraw a nomination before review', async () => {
    const pid = (await one<{ id: number }>(
      t.deps.db,
      sql`select id from participations where project_id = ${project} and teacher_id = ${a2.id}`,
    ))!.id;
    expect((await schoolB('DELETE', `/api/projects/${project}/nominations/${pid}`)).status).toBe(404);
    expect((await schoolA('DELETE', `/api/projects/${project}/nominations/${pid}`)).status).toBe(200);
    expect(await status(project, a2.id)).toBeUndefined();
    expect(await count(t.deps, 'audit_log', `action = 'participation.unnominate' and entity_id = '${pid}'`)).toBe(1);
  });
});

describe('participants and review', () => {
  const idOf = async (projectId: number, teacherId: number) =>
    (await one<{ id: number }>(
      t.deps.db,
      sql`select id from participations where project_id = ${projectId} and teacher_id = ${teacherId}`,
    ))!.id;

  it('lists participants scoped to the caller', async () => {
    const all = await leader('GET', `/api/projects/${project}/participants`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(2); // a1, b1
    expect(all.body.counts.nominated).toBe(2);
    expect(all.body.items[0]).toMatchObject({
      status: 'nominated',
      source: 'nomination',
      nominatedByName: expect.any(String),
    });
    expect(all.body.items[0].idNumberMasked).toMatch(/\*/);
    const mine = await schoolA('GET', `/api/projects/${project}/participants`);
    expect(mine.body.items.map((p: { teacherId: number }) => p.teacherId)).toEqual([a1.id]);
    const filtered = await county(
      'GET',
      `/api/projects/${project}/participants?schoolId=${w.schoolB}&status=nominated`,
    );
    expect(filtered.body.items.map((p: { teacherId: number }) => p.teacherId)).toEqual([b1.id]);
    const teacher = as(t.app, await loginAs(t.app, w.users.teacherA));
    expect((await teacher('GET', `/api/projects/${project}/participants`)).status).toBe(403);
  });

  it('shows a trainer of the project only the enrolled', async () => {
    const u = await one<{ id: number }>(
      t.deps.db,
      sql`insert into users (region_id, username, display_name, role) values (${w.regionId}, 'trainer-x', '王专家', 'trainer')
          returning id`,
    );
    const [cookie] = await sessionCookies(t.deps, [u!.id]);
    const trainer = as(t.app, cookie!);
    expect((await trainer('GET', `/api/projects/${project}/participants`)).status).toBe(404);
    const tr = await one<{ id: number }>(
      t.deps.db,
      sql`insert into trainers (region_id, kind, user_id, name) values (${w.regionId}, 'external', ${u!.id}, '王专家')
          returning id`,
    );
    await t.deps.db.execute(sql`insert into project_trainers (project_id, trainer_id) values (${project}, ${tr!.id})`);
    const res = await trainer('GET', `/api/projects/${project}/participants`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(0); // nobody enrolled yet
  });

  it('rejects with a reason and tells the teacher and the school', async () => {
    const id = await idOf(project, a1.id);
    expect(
      (
        await schoolA('POST', `/api/projects/${project}/nominations/review`, {
          participationIds: [id],
          decision: 'approve',
        })
      ).status,
    ).toBe(403);
    const noReason = await county('POST', `/api/projects/${project}/nominations/review`, {
      participationIds: [id],
      decision: 'reject',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields.reason).toBe('请填写不通过的原因');
    const res = await county('POST', `/api/projects/${project}/nominations/review`, {
      participationIds: [id],
      decision: 'reject',
      reason: '近两年已参加同类培训',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ count: 1, status: 'rejected' });
    expect(await status(project, a1.id)).toBe('rejected');
    expect(await titlesOf(a1.userId)).toEqual(['推荐未通过：近两年已参加同类培训']);
    const schoolAdmin = await one<{ id: number }>(
      t.deps.db,
      sql`select id from users where username = ${w.users.schoolA}`,
    );
    expect(await titlesOf(schoolAdmin!.id)).toEqual(['《骨干教师提升研修》推荐未通过 1 人：近两年已参加同类培训']);
    const list = await schoolA('GET', `/api/projects/${project}/participants?status=rejected`);
    expect(list.body.items[0]).toMatchObject({ reviewReason: '近两年已参加同类培训', reviewedAt: expect.any(String) });
    // Reviewing it again is refused; re-nominating the rejected teacher revives the row.
    const again = await county('POST', `/api/projects/${project}/nominations/review`, {
      participationIds: [id],
      decision: 'approve',
    });
    expect(again.status).toBe(409);
    expect((await schoolA('POST', `/api/projects/${project}/nominations`, { teacherIds: [a1.id] })).status).toBe(200);
    expect(await idOf(project, a1.id)).toBe(id);
    expect(await status(project, a1.id)).toBe('nominated');
  });

  it('approves: the teachers are enrolled and notified', async () => {
    const ids = [await idOf(project, a1.id), await idOf(project, b1.id)];
    const res = await county('POST', `/api/projects/${project}/nominations/review`, {
      participationIds: ids,
      decision: 'approve',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ count: 2, status: 'enrolled' });
    expect(await status(project, b1.id)).toBe('enrolled');
    expect((await titlesOf(b1.userId)).at(-1)).toBe('您已被选派参加《骨干教师提升研修》');
    const body = await one<{ body: string }>(
      t.deps.db,
      sql`select body from notifications where user_id = ${b1.userId} order by id desc limit 1`,
    );
    expect(body?.body).toContain('2026年10月10日至2026年10月12日');
    expect(await count(t.deps, 'audit_log', `action = 'participation.approve'`)).toBe(2);
    expect(await count(t.deps, 'audit_log', `action = 'participation.reject'`)).toBe(1);
    // The school can no longer withdraw an approved nomination.
    expect((await schoolA('DELETE', `/api/projects/${project}/nominations/${ids[0]}`)).status).toBe(409);
  });

  it('refuses approvals beyond capacity with the numbers', async () => {
    const p = await createProject(t.deps, w, { status: 'enrolling', capacity: 3, name: '班主任培训' });
    const nominated = await county('POST', `/api/projects/${p}/nominations`, { teacherIds: [a2.id, a3.id, b2.id] });
    expect(nominated.status).toBe(200);
    await t.deps.db.execute(sql`update projects set capacity = 2 where id = ${p}`);
    const res = await county('POST', `/api/projects/${p}/nominations/review`, {
      participationIds: nominated.body.participationIds,
      decision: 'approve',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('项目名额 2 人，已录取 0 人，本次批准 3 人将超出 1 人');
    expect(await count(t.deps, 'participations', `project_id = ${p} and status = 'enrolled'`)).toBe(0);
    const two = await county('POST', `/api/projects/${p}/nominations/review`, {
      participationIds: nominated.body.participationIds.slice(0, 2),
      decision: 'approve',
    });
    expect(two.status).toBe(200);
  });
});

describe('upper-level projects: teachers sent', () => {
  it('records the teachers sent as enrolled within the upper quota and notifies them', async () => {
    const upper = await createProject(t.deps, w, {
      name: '国培计划乡村骨干教师',
      level: '省培',
      organiserType: 'upper',
      status: 'published',
      capacity: null,
    });
    await t.deps.db.execute(sql`update projects set upper_quota = 2 where id = ${upper}`);
    expect((await schoolA('POST', `/api/projects/${upper}/sent`, { teacherIds: [a3.id] })).status).toBe(403);
    const res = await county('POST', `/api/projects/${upper}/sent`, { teacherIds: [a3.id, b2.id] });
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(2);
    const list = await rows<{ status: string; source: string; reviewed_by: number | null }>(
      t.deps.db,
      sql`select status, source, reviewed_by from participations where project_id = ${upper}`,
    );
    expect(list.every((r) => r.status === 'enrolled' && r.source === 'upper' && r.reviewed_by)).toBe(true);
    expect((await titlesOf(a3.userId)).at(-1)).toBe('您已被选派参加《国培计划乡村骨干教师》');
    const over = await county('POST', `/api/projects/${upper}/sent`, { teacherIds: [a4.id] });
    expect(over.status).toBe(409);
    expect(over.body.error.message).toContain('上级分配名额 2 人，已选派 2 人');
    const county2 = await createProject(t.deps, w, { status: 'enrolling' });
    expect((await county('POST', `/api/projects/${county2}/sent`, { teacherIds: [a4.id] })).status).toBe(409);
  });
});

describe('eligibility by post and title', () => {
  let headProject: number;
  let head: T;
  let plain: T;
  let junior: T;

  beforeAll(async () => {
    [head, plain, junior] = (await createTeachers(t.deps, w, w.schoolA, 3)) as [T, T, T];
    await t.deps.db.execute(sql`update teachers set posts = '{班主任}', title = '高级教师' where id = ${head.id}`);
    await t.deps.db.execute(sql`update teachers set posts = '{}', title = '一级教师' where id = ${plain.id}`);
    await t.deps.db.execute(sql`update teachers set posts = '{班主任}', title = '二级教师' where id = ${junior.id}`);
  });

  it('a 班主任 project for 一级教师 and above: the project keeps the rule, candidates say why not', async () => {
    const made = await county('POST', '/api/projects', {
      name: '县级骨干班主任培训',
      level: '县培',
      category: '班主任',
      mode: '集中面授',
      startDate: '2026-11-02',
      endDate: '2026-11-04',
      hours: 24,
      capacity: 20,
      eligibility: { posts: ['班主任'], minTitle: '一级教师' },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    headProject = made.body.id;
    const detail = await county('GET', `/api/projects/${headProject}`);
    expect(detail.body.eligibility).toEqual({ posts: ['班主任'], minTitle: '一级教师' });
    const bad = await county('POST', '/api/projects', {
      name: '错误的条件',
      level: '县培',
      category: '班主任',
      mode: '集中面授',
      startDate: '2026-11-02',
      endDate: '2026-11-04',
      hours: 24,
      eligibility: { posts: ['校长助理'], minTitle: '特级' },
    });
    expect(bad.status).toBe(400);
    await t.deps.db.execute(sql`update projects set status = 'enrolling' where id = ${headProject}`);

    const list = await schoolA('GET', `/api/projects/${headProject}/candidates?pageSize=100`);
    expect(list.status).toBe(200);
    const byId = new Map(list.body.items.map((c: { teacherId: number }) => [c.teacherId, c]));
    expect(byId.get(head.id)).toMatchObject({ eligible: true, reasons: [], posts: ['班主任'], title: '高级教师' });
    expect(byId.get(plain.id)).toMatchObject({ eligible: false, reasons: ['岗位不符：要求班主任'] });
    expect(byId.get(junior.id)).toMatchObject({ eligible: false, reasons: ['职称“二级教师”，要求一级教师及以上'] });
    const onlyEligible = await schoolA('GET', `/api/projects/${headProject}/candidates?eligibleOnly=true&pageSize=100`);
    expect(onlyEligible.body.items.map((c: { teacherId: number }) => c.teacherId)).toEqual([head.id]);

    const refused = await schoolA('POST', `/api/projects/${headProject}/nominations`, { teacherIds: [junior.id] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('要求一级教师及以上');
    expect((await schoolA('POST', `/api/projects/${headProject}/nominations`, { teacherIds: [head.id] })).status).toBe(
      200,
    );
  });

  it("the county's review list shows each nominee's hours this cycle, trainings this year, eligibility and clashes", async () => {
    // The head teacher has 12 hours this cycle, one training this year, and a clashing nomination.
    await ledger(head.id, 12, '2026-04-01');
    const done = await createProject(t.deps, w, {
      name: '心理健康专题',
      status: 'closed',
      startDate: '2026-04-01',
      endDate: '2026-04-02',
    });
    await addParticipation(t.deps, w, done, head.id, 'completed');
    const clash = await createProject(t.deps, w, {
      name: '课堂观察研修',
      status: 'enrolling',
      startDate: '2026-11-03',
      endDate: '2026-11-05',
    });
    await addParticipation(t.deps, w, clash, head.id, 'nominated');
    // Since nominated, the head teacher lost the post: the county sees it.
    const r = await county('GET', `/api/projects/${headProject}/participants?status=nominated`);
    expect(r.status).toBe(200);
    const row = r.body.items.find((x: { teacherId: number }) => x.teacherId === head.id);
    expect(row).toMatchObject({
      eligible: true,
      reasons: [],
      hoursThisCycle: 12,
      trainingsThisYear: 1,
      cycle: '2026—2030',
      title: '高级教师',
    });
    expect(row.clashes.map((c: { projectName: string }) => c.projectName)).toEqual(['课堂观察研修']);
    await t.deps.db.execute(sql`update teachers set posts = '{}' where id = ${head.id}`);
    const after = await county('GET', `/api/projects/${headProject}/participants?status=nominated`);
    expect(after.body.items.find((x: { teacherId: number }) => x.teacherId === head.id)).toMatchObject({
      eligible: false,
      reasons: ['岗位不符：要求班主任'],
    });
    // Restore the post for the tests after.
    await t.deps.db.execute(sql`update teachers set posts = '{班主任}' where id = ${head.id}`);
  });
});

describe('participants, paged in SQL', () => {
  it('pages join up to the whole ordered list; a page past the end keeps the total and the counts', async () => {
    const paged = await createProject(t.deps, w, {
      name: '分页名单',
      status: 'enrolling',
      startDate: '2026-11-01',
      endDate: '2026-11-02',
    });
    const plan: Array<[T, string]> = [
      [a1, 'enrolled'],
      [a2, 'waitlisted'],
      [a3, 'nominated'],
      [a4, 'enrolled'],
      [b1, 'waitlisted'],
      [b2, 'withdrawn'],
    ];
    for (const [teacher, s] of plan) await addParticipation(t.deps, w, paged, teacher.id, s);
    // b1 joined the waiting list first.
    await t.deps.db.execute(
      sql`update participations set waitlisted_at = now() - case when teacher_id = ${b1.id} then interval '2 hours'
                                                           else interval '1 hour' end
          where project_id = ${paged} and status = 'waitlisted'`,
    );
    type Item = { id: number; teacherId: number; status: string; waitlistPosition: number | null };
    const list = async (query: string, call: Call = county) => {
      const res = await call('GET', `/api/projects/${paged}/participants?${query}`);
      expect(res.status).toBe(200);
      return res.body as { items: Item[]; total: number; counts: Record<string, number> };
    };
    const whole = await list('pageSize=200');
    expect(whole.total).toBe(6);
    expect(whole.items.map((i) => i.status)).toEqual([
      'nominated',
      'enrolled',
      'enrolled',
      'waitlisted',
      'waitlisted',
      'withdrawn',
    ]);
    expect(whole.items.filter((i) => i.status === 'waitlisted').map((i) => [i.teacherId, i.waitlistPosition])).toEqual([
      [b1.id, 1],
      [a2.id, 2],
    ]);
    expect(whole.counts).toMatchObject({ nominated: 1, enrolled: 2, waitlisted: 2, withdrawn: 1, rejected: 0 });

    const pages = [await list('page=1&pageSize=4'), await list('page=2&pageSize=4'), await list('page=3&pageSize=4')];
    expect(pages.map((p) => p.items.length)).toEqual([4, 2, 0]);
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(whole.items.map((i) => i.id));
    for (const p of pages) {
      expect(p.total).toBe(6);
      expect(p.counts).toEqual(whole.counts);
    }

    // A filter narrows the total and the page, not the counts by status.
    const second = await list('status=enrolled&page=2&pageSize=1');
    expect(second.total).toBe(2);
    expect(second.items.map((i) => i.id)).toEqual([whole.items[2]!.id]);
    expect(second.counts).toEqual(whole.counts);

    // A school admin's total and counts are their school's alone.
    const mine = await list('pageSize=2', schoolA);
    expect(mine.total).toBe(4);
    expect(mine.items.map((i) => i.status)).toEqual(['nominated', 'enrolled']);
    expect(mine.counts).toMatchObject({ nominated: 1, enrolled: 2, waitlisted: 1, withdrawn: 0 });
  });
});
