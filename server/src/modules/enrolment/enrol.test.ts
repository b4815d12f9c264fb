import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  count,
  createTestApp,
  dbKind,
  loginAs,
  seedWorld,
  type TestContext,
  type World,
} from '../../../test/harness.js';
import { addParticipation, createProject, createTeachers } from '../../../test/training.js';
import { one, rows } from '../../db/client.js';
import { as, type Call, sessionCookies } from './enrolment.fixtures.js';

let t: TestContext;
let w: World;
let county: Call;
type Teacher = { id: number; userId: number; call: Call };

const future = () => new Date(Date.now() + 7 * 86400_000).toISOString();
const past = () => new Date(Date.now() - 3600_000).toISOString();

async function teachers(n: number, schoolId = w.schoolA, over: { stage?: string } = {}): Promise<Teacher[]> {
  const list = await createTeachers(t.deps, w, schoolId, n, over);
  const cookies = await sessionCookies(
    t.deps,
    list.map((x) => x.userId),
  );
  return list.map((x, i) => ({ id: x.id, userId: x.userId, call: as(t.app, cookies[i]!) }));
}

const statusOf = async (projectId: number, teacherId: number) =>
  (
    await one<{ status: string }>(
      t.deps.db,
      sql`select status from participations where project_id = ${projectId} and teacher_id = ${teacherId}`,
    )
  )?.status;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  county = as(t.app, await loginAs(t.app, w.users.county));
});
afterAll(() => t.close());

describe('self-enrolment', () => {
  let project: number;
  let t1: Teacher, t2: Teacher, t3: Teacher, t4: Teacher;
  beforeAll(async () => {
    [t1, t2, t3, t4] = (await teachers(4)) as [Teacher, Teacher, Teacher, Teacher];
    project = await createProject(t.deps, w, {
      name: '心理健康教育专题',
      status: 'enrolling',
      enrolMode: 'open',
      capacity: 2,
      enrolDeadline: future(),
    });
  });

  it('enrols while places remain, then wait-lists with the position', async () => {
    const r1 = await t1.call('POST', `/api/projects/${project}/enrol`);
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ status: 'enrolled', position: null, message: expect.stringContaining('报名成功') });
    const again = await t1.call('POST', `/api/projects/${project}/enrol`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DUPLICATE');
    expect((await t2.call('POST', `/api/projects/${project}/enrol`)).body.status).toBe('enrolled');
    const r3 = await t3.call('POST', `/api/projects/${project}/enrol`);
    expect(r3.body).toMatchObject({ status: 'waitlisted', position: 1 });
    expect(r3.body.message).toContain('候补名单第 1 位');
    expect((await t4.call('POST', `/api/projects/${project}/enrol`)).body).toMatchObject({
      status: 'waitlisted',
      position: 2,
    });
    const src = await one<{ source: string }>(
      t.deps.db,
      sql`select source from participations where project_id = ${project} and teacher_id = ${t1.id}`,
    );
    expect(src?.source).toBe('self');
    const list = await county('GET', `/api/projects/${project}/participants`);
    expect(list.body.counts).toMatchObject({ enrolled: 2, waitlisted: 2 });
    expect(
      list.body.items.map((p: { teacherId: number; waitlistPosition: number | null }) => [
        p.teacherId,
        p.waitlistPosition,
      ]),
    ).toEqual([
      [t1.id, null],
      [t2.id, null],
      [t3.id, 1],
      [t4.id, 2],
    ]);
  });

  it('shows the teacher their trainings', async () => {
    const res = await t3.call('GET', '/api/me/trainings');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items[0]).toMatchObject({
      projectId: project,
      projectName: '心理健康教育专题',
      level: '县培',
      mode: '集中面授',
      startDate: '2026-10-10',
      hours: 24,
      status: 'waitlisted',
      waitlistPosition: 1,
      canWithdraw: true,
      certificateNumber: null,
    });
    expect((await t3.call('GET', '/api/me/trainings?status=enrolled')).body.total).toBe(0);
    expect((await county('GET', '/api/me/trainings')).status).toBe(403);
  });

  it('withdrawing frees the place for the first on the waiting list, in the same transaction', async () => {
    const res = await t1.call('POST', `/api/projects/${project}/withdraw`, { reason: '时间冲突' });
    expect(res.status).toBe(200);
    const t3Row = await one<{ id: number }>(
      t.deps.db,
      sql`select id from participations where project_id = ${project} and teacher_id = ${t3.id}`,
    );
    expect(res.body).toEqual({ status: 'withdrawn', promotedParticipationId: t3Row!.id });
    expect(await statusOf(project, t1.id)).toBe('withdrawn');
    expect(await statusOf(project, t3.id)).toBe('enrolled');
    const notes = await rows<{ title: string }>(
      t.deps.db,
      sql`select title from notifications where user_id = ${t3.userId}`,
    );
    expect(notes.map((n) => n.title)).toEqual(['候补转正：您已正式报名《心理健康教育专题》']);
    const t4Now = await t4.call('GET', '/api/me/trainings');
    expect(t4Now.body.items[0]).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(await count(t.deps, 'audit_log', `action = 'participation.promote'`)).toBe(1);
    // Withdrawing twice: nothing left to withdraw.
    expect((await t1.call('POST', `/api/projects/${project}/withdraw`)).status).toBe(404);
    // Enrolling again after withdrawing joins the end of the waiting list.
    expect((await t1.call('POST', `/api/projects/${project}/enrol`)).body).toMatchObject({
      status: 'waitlisted',
      position: 2,
    });
  });

  it('a waitlisted teacher who withdraws frees no place', async () => {
    const res = await t1.call('POST', `/api/projects/${project}/withdraw`);
    expect(res.body).toEqual({ status: 'withdrawn', promotedParticipationId: null });
    expect(await statusOf(project, t4.id)).toBe('waitlisted');
  });

  it('the county may take someone out with a reason; the next on the list moves up', async () => {
    const t2Row = await one<{ id: number }>(
      t.deps.db,
      sql`select id from participations where project_id = ${project} and teacher_id = ${t2.id}`,
    );
    const url = `/api/projects/${project}/participants/${t2Row!.id}/withdraw`;
    expect((await county('POST', url, {})).status).toBe(400);
    const school = as(t.app, await loginAs(t.app, w.users.schoolA));
    expect((await school('POST', url, { reason: '工作调动' })).status).toBe(403);
    const res = await county('POST', url, { reason: '工作调动' });
    expect(res.status).toBe(200);
    expect(res.body.promotedParticipationId).not.toBeNull();
    expect(await statusOf(project, t4.id)).toBe('enrolled');
    const notes = await rows<{ title: string }>(
      t.deps.db,
      sql`select title from notifications where user_id = ${t2.userId}`,
    );
    expect(notes.map((n) => n.title)).toEqual(['您已被移出《心理健康教育专题》：工作调动']);
    const list = await county('GET', `/api/projects/${project}/participants?status=withdrawn`);
    expect(list.body.items.find((p: { teacherId: number }) => p.teacherId === t2.id).reviewReason).toBe('工作调动');
    expect((await county('POST', url, { reason: '再次' })).status).toBe(409);
  });

  it('refuses after the deadline, outside enrolment, nomination projects, non-teachers and the ineligible', async () => {
    const [x] = await teachers(1);
    const closed = await createProject(t.deps, w, { status: 'enrolling', enrolMode: 'open', enrolDeadline: past() });
    const late = await x!.call('POST', `/api/projects/${closed}/enrol`);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/报名已于 \d{4}年\d+月\d+日 \d\d:\d\d 截止/);
    const published = await createProject(t.deps, w, { status: 'published', enrolMode: 'open' });
    const p2 = await x!.call('POST', `/api/projects/${published}/enrol`);
    expect(p2.status).toBe(409);
    expect(p2.body.error.message).toContain('已发布');
    // A nomination project is not offered to teachers (invisible unless nominated); once in it, still no self-enrolment.
    const nomination = await createProject(t.deps, w, { status: 'enrolling', enrolMode: 'nomination' });
    expect((await x!.call('POST', `/api/projects/${nomination}/enrol`)).status).toBe(404);
    await addParticipation(t.deps, w, nomination, x!.id, 'withdrawn');
    const n2 = await x!.call('POST', `/api/projects/${nomination}/enrol`);
    expect(n2.status).toBe(409);
    expect(n2.body.error.message).toContain('不接受个人报名');
    const open = await createProject(t.deps, w, {
      status: 'enrolling',
      enrolMode: 'open',
      eligibility: { stages: ['初中'] },
    });
    const inel = await x!.call('POST', `/api/projects/${open}/enrol`);
    expect(inel.status).toBe(400);
    expect(inel.body.error.message).toContain('学段“小学”不在要求的 初中 内');
    expect((await county('POST', `/api/projects/${open}/enrol`)).status).toBe(403);
    // 校培 of another school is not even visible.
    const otherSchool = await createProject(t.deps, w, {
      level: '校培',
      organiserType: 'school',
      schoolId: w.schoolB,
      status: 'enrolling',
      enrolMode: 'open',
    });
    expect((await x!.call('POST', `/api/projects/${otherSchool}/enrol`)).status).toBe(404);
    expect((await x!.call('POST', '/api/projects/999999/enrol')).status).toBe(404);
  });

  it('refuses to withdraw after the deadline or once the project runs', async () => {
    const [y] = await teachers(1);
    const p = await createProject(t.deps, w, { status: 'enrolling', enrolMode: 'open', enrolDeadline: future() });
    expect((await y!.call('POST', `/api/projects/${p}/enrol`)).status).toBe(200);
    await t.deps.db.execute(sql`update projects set enrol_deadline = ${past()} where id = ${p}`);
    const late = await y!.call('POST', `/api/projects/${p}/withdraw`);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('不能自行退出');
    await t.deps.db.execute(sql`update projects set enrol_deadline = null, status = 'running' where id = ${p}`);
    expect((await y!.call('POST', `/api/projects/${p}/withdraw`)).status).toBe(409);
    expect((await y!.call('GET', '/api/me/trainings')).body.items[0].canWithdraw).toBe(false);
  });

  it('lists open projects with eligibility and reasons', async () => {
    const [z] = await teachers(1);
    const a = await createProject(t.deps, w, {
      name: '开放项目甲',
      status: 'enrolling',
      enrolMode: 'open',
      capacity: 5,
      startDate: '2026-11-01',
      endDate: '2026-11-01',
    });
    const b = await createProject(t.deps, w, {
      name: '开放项目乙',
      status: 'enrolling',
      enrolMode: 'open',
      eligibility: { tags: ['骨干教师'] },
      startDate: '2026-11-02',
      endDate: '2026-11-02',
    });
    const hidden = [
      await createProject(t.deps, w, { status: 'enrolling', enrolMode: 'open', enrolDeadline: past() }),
      await createProject(t.deps, w, { status: 'enrolling', enrolMode: 'nomination' }),
      await createProject(t.deps, w, { status: 'published', enrolMode: 'open' }),
      await createProject(t.deps, w, {
        level: '校培',
        organiserType: 'school',
        schoolId: w.schoolB,
        status: 'enrolling',
        enrolMode: 'open',
      }),
    ];
    const ownSchool = await createProject(t.deps, w, {
      level: '校培',
      organiserType: 'school',
      schoolId: w.schoolA,
      status: 'enrolling',
      enrolMode: 'open',
    });
    await z!.call('POST', `/api/projects/${a}/enrol`);
    const res = await z!.call('GET', '/api/me/open-projects?pageSize=200');
    expect(res.status).toBe(200);
    const by = Object.fromEntries(res.body.items.map((p: { projectId: number }) => [p.projectId, p]));
    expect(by[a]).toMatchObject({ eligible: true, reasons: [], capacity: 5, enrolled: 1, myStatus: 'enrolled' });
    expect(by[b]).toMatchObject({ eligible: false, reasons: ['不是骨干教师'], myStatus: null });
    expect(by[ownSchool]).toBeDefined();
    for (const id of hidden) expect(by[id]).toBeUndefined();
    expect(res.body.total).toBe(res.body.items.length);
  });

  it('shows the certificate number of a completed training', async () => {
    const [c] = await teachers(1);
    const p = await createProject(t.deps, w, { status: 'closed', name: '已结业项目' });
    const part = await addParticipation(t.deps, w, p, c!.id, 'completed');
    await t.deps.db.execute(
      sql`insert into certificates (region_id, number, participation_id, teacher_id, project_id, hours, issuer)
          values (${w.regionId}, 'JY2026-000123', ${part}, ${c!.id}, ${p}, 24, '县教师发展中心')`,
    );
    const res = await c!.call('GET', '/api/me/trainings?year=2026');
    expect(res.body.items[0]).toMatchObject({
      status: 'completed',
      certificateNumber: 'JY2026-000123',
      canWithdraw: false,
    });
  });
});

describe(`concurrency (${dbKind()})`, () => {
  it('200 teachers pressing enrol at once for 30 places: exactly 30 enrolled, 170 wait-listed, nothing lost', async () => {
    const crowd = await teachers(200, w.schoolC);
    const project = await createProject(t.deps, w, {
      name: '新课标专题（限30人）',
      status: 'enrolling',
      enrolMode: 'open',
      capacity: 30,
      enrolDeadline: future(),
    });
    const answers = await Promise.all(crowd.map((x) => x.call('POST', `/api/projects/${project}/enrol`)));
    expect(answers.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
    const enrolled = answers.filter((a) => a.body.status === 'enrolled');
    const waitlisted = answers.filter((a) => a.body.status === 'waitlisted');
    expect(enrolled).toHaveLength(30);
    expect(waitlisted).toHaveLength(170);
    // Every wait-listed teacher got a distinct place in the queue: 1..170.
    expect(waitlisted.map((a) => a.body.position).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 170 }, (_, i) => i + 1),
    );
    const db = await rows<{ status: string; n: number }>(
      t.deps.db,
      sql`select status, count(*)::int as n from participations where project_id = ${project} group by status order by status`,
    );
    expect(db.map((r) => [r.status, Number(r.n)])).toEqual([
      ['enrolled', 30],
      ['waitlisted', 170],
    ]);
    expect(await count(t.deps, 'participations', `project_id = ${project}`)).toBe(200);
    expect(
      await count(t.deps, 'audit_log', `action = 'participation.enrol' and (after->>'projectId')::int = ${project}`),
    ).toBe(200);

    // Ten of the enrolled withdraw at once: ten promotions, still never over capacity.
    const leaving = crowd.filter((_, i) => answers[i]!.body.status === 'enrolled').slice(0, 10);
    const out = await Promise.all(leaving.map((x) => x.call('POST', `/api/projects/${project}/withdraw`)));
    expect(out.every((o) => o.status === 200 && o.body.promotedParticipationId)).toBe(true);
    expect(await count(t.deps, 'participations', `project_id = ${project} and status = 'enrolled'`)).toBe(30);
    expect(await count(t.deps, 'participations', `project_id = ${project} and status = 'waitlisted'`)).toBe(160);
    // The promoted are the first ten of the queue.
    const promoted = new Set(out.map((o) => o.body.promotedParticipationId));
    const firstTen = waitlisted.filter((a) => a.body.position <= 10).map((a) => a.body.participationId);
    expect([...promoted].sort()).toEqual(firstTen.sort());
  });
});

describe('raising the capacity', () => {
  it('moves the waiting list up in the same transaction', async () => {
    const [a, b] = (await teachers(2)) as [Teacher, Teacher];
    const project = await createProject(t.deps, w, {
      name: '扩容测试',
      startDate: new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10),
      endDate: new Date(Date.now() + 22 * 86400_000).toISOString().slice(0, 10),
      status: 'enrolling',
      enrolMode: 'open',
      capacity: 1,
      enrolDeadline: future(),
    });
    expect((await a.call('POST', `/api/projects/${project}/enrol`)).body).toMatchObject({ status: 'enrolled' });
    expect((await b.call('POST', `/api/projects/${project}/enrol`)).body).toMatchObject({ status: 'waitlisted' });
    const res = await county('PATCH', `/api/projects/${project}`, { capacity: 2 });
    expect(res.status).toBe(200);
    expect(await statusOf(project, b.id)).toBe('enrolled');
  });
});
