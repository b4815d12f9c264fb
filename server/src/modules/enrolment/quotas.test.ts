import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { addParticipation, createProject, createTeachers } from '../../../test/training.js';
import { as, type Call } from './enrolment.fixtures.js';
import { type AllocationSchool, allocateQuotas } from './quotas.service.js';

const quotasOf = (a: ReturnType<typeof allocateQuotas>) => [...a.quotas.values()];

describe('allocateQuotas (pure)', () => {
  const s = (schoolId: number, teachers: number, rural = false): AllocationSchool => ({ schoolId, teachers, rural });

  it('splits proportionally to teachers', () => {
    expect(quotasOf(allocateQuotas([s(1, 10), s(2, 20), s(3, 30)], 12))).toEqual([2, 4, 6]);
  });

  it('rounds by largest remainder so the sum is exact; equal remainders go to the lower id', () => {
    const a = allocateQuotas([s(1, 7), s(2, 7), s(3, 7)], 10);
    expect(quotasOf(a)).toEqual([4, 3, 3]);
    expect(a.allocated).toBe(10);
    // 9:1:6 of 10 → 5.625, 0.625, 3.75: C takes the first extra place, A (larger weight) the second.
    expect(quotasOf(allocateQuotas([s(1, 9), s(2, 1), s(3, 6)], 10))).toEqual([6, 0, 4]);
  });

  it('weights rural schools', () => {
    expect(quotasOf(allocateQuotas([s(1, 10), s(2, 10, true)], 9, 2))).toEqual([3, 6]);
    expect(quotasOf(allocateQuotas([s(1, 10), s(2, 10, true)], 9, 1))).toEqual([5, 4]);
    expect(quotasOf(allocateQuotas([s(1, 9), s(2, 1), s(3, 6, true)], 10, 2))).toEqual([4, 0, 6]);
  });

  it('never gives a school more places than teachers; the excess goes to the others', () => {
    const a = allocateQuotas([s(1, 5, true), s(2, 10)], 12, 3);
    expect(quotasOf(a)).toEqual([5, 7]);
    expect(quotasOf(allocateQuotas([s(1, 1), s(2, 0), s(3, 100)], 50))).toEqual([0, 0, 50]);
  });

  it('reports a shortfall when there are fewer teachers than places', () => {
    const a = allocateQuotas([s(1, 3), s(2, 4)], 10);
    expect(quotasOf(a)).toEqual([3, 4]);
    expect(a).toMatchObject({ allocated: 7, shortfall: 3 });
    expect(allocateQuotas([], 5)).toMatchObject({ allocated: 0, shortfall: 5 });
    expect(quotasOf(allocateQuotas([s(1, 3)], 0))).toEqual([0]);
  });

  it('holds its invariants on many random cases', () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let k = 0; k < 300; k++) {
      const schools = Array.from({ length: 1 + rnd(30) }, (_, i) => s(i + 1, rnd(60), rnd(3) === 0));
      const total = rnd(400);
      const weight = 1 + rnd(21) / 10;
      const a = allocateQuotas(schools, total, weight);
      const cap = schools.reduce((n, x) => n + x.teachers, 0);
      const sum = quotasOf(a).reduce((n, x) => n + x, 0);
      expect(sum).toBe(Math.min(total, cap));
      expect(a.shortfall).toBe(Math.max(0, total - cap));
      for (const x of schools) {
        const q = a.quotas.get(x.schoolId)!;
        expect(q).toBeGreaterThanOrEqual(0);
        expect(q).toBeLessThanOrEqual(x.teachers);
      }
      // Without caps binding, every school is within one place of its exact share.
      if (total < cap && weight === 1) {
        const ideal = (x: AllocationSchool) => (total * x.teachers) / cap;
        if (schools.every((x) => ideal(x) < x.teachers)) {
          for (const x of schools) expect(Math.abs(a.quotas.get(x.schoolId)! - ideal(x))).toBeLessThan(1);
        }
      }
    }
  });
});

describe('quotas API', () => {
  let t: TestContext;
  let w: World;
  let county: Call;
  let project: number;
  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorld(t.deps);
    // Eligible (小学) teachers: A 8 + teacherA = 9, B teacherB = 1 (+4 初中 not eligible), C 6 (rural).
    await createTeachers(t.deps, w, w.schoolA, 8);
    await createTeachers(t.deps, w, w.schoolB, 4, { stage: '初中' });
    await createTeachers(t.deps, w, w.schoolC, 6);
    project = await createProject(t.deps, w, {
      name: '小学语文骨干研修',
      status: 'published',
      capacity: 10,
      eligibility: { stages: ['小学'] },
    });
    county = as(t.app, await loginAs(t.app, w.users.county));
  });
  afterAll(() => t.close());

  it('documents every enrolment endpoint in the OpenAPI spec', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of [
      '/api/projects/{id}/quotas',
      '/api/projects/{id}/quotas/allocate',
      '/api/projects/{id}/candidates',
      '/api/projects/{id}/nominations',
      '/api/projects/{id}/nominations/{participationId}',
      '/api/projects/{id}/nominations/review',
      '/api/projects/{id}/sent',
      '/api/projects/{id}/participants',
      '/api/projects/{id}/participants/{participationId}/withdraw',
      '/api/projects/{id}/enrol',
      '/api/projects/{id}/withdraw',
      '/api/me/trainings',
      '/api/me/open-projects',
    ]) {
      expect(paths, p).toContain(p);
    }
  });

  it('starts empty; ?all=true lists every school in scope', async () => {
    const res = await county('GET', `/api/projects/${project}/quotas`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ items: [], total: 0, limit: 10, allocated: 0 });
    const all = await county('GET', `/api/projects/${project}/quotas?all=true`);
    expect(all.body.items.map((r: { schoolId: number }) => r.schoolId).sort()).toEqual(
      [w.schoolA, w.schoolB, w.schoolC].sort(),
    );
    expect(all.body.items.every((r: { quota: number | null }) => r.quota === null)).toBe(true);
  });

  it('proposes a proportional split with a rural weight, without saving it', async () => {
    const res = await county('POST', `/api/projects/${project}/quotas/allocate`, {});
    expect(res.status).toBe(200);
    const byId = (b: { items: Array<{ schoolId: number; quota: number; teachers: number }> }) =>
      Object.fromEntries(b.items.map((i) => [i.schoolId, [i.teachers, i.quota]]));
    expect(byId(res.body)).toEqual({ [w.schoolA]: [9, 6], [w.schoolB]: [1, 0], [w.schoolC]: [6, 4] });
    expect(res.body).toMatchObject({ total: 10, allocated: 10, shortfall: 0 });

    const rural = await county('POST', `/api/projects/${project}/quotas/allocate`, { ruralWeight: 2 });
    expect(byId(rural.body)).toEqual({ [w.schoolA]: [9, 4], [w.schoolB]: [1, 0], [w.schoolC]: [6, 6] });

    const everyone = await county('POST', `/api/projects/${project}/quotas/allocate`, {
      eligibleOnly: false,
      total: 20,
      schoolIds: [w.schoolA, w.schoolB],
    });
    expect(byId(everyone.body)).toEqual({ [w.schoolA]: [9, 9], [w.schoolB]: [5, 5] });
    expect(everyone.body).toMatchObject({ total: 20, allocated: 14, shortfall: 6 });

    expect((await county('POST', `/api/projects/${project}/quotas/allocate`, { ruralWeight: 3.5 })).status).toBe(400);
    expect((await county('GET', `/api/projects/${project}/quotas`)).body.total).toBe(0);
  });

  it('saves quotas by hand in one audited transaction', async () => {
    const res = await county('PUT', `/api/projects/${project}/quotas`, [
      { schoolId: w.schoolA, quota: 5 },
      { schoolId: w.schoolB, quota: 3 },
      { schoolId: w.schoolC, quota: 2 },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 3, allocated: 10, limit: 10 });
    expect(await count(t.deps, 'audit_log', `action = 'project.quotas' and entity_id = '${project}'`)).toBe(1);
    // Replacing: a school left out loses its quota.
    const again = await county('PUT', `/api/projects/${project}/quotas`, [
      { schoolId: w.schoolA, quota: 6 },
      { schoolId: w.schoolC, quota: 4 },
    ]);
    expect(again.body.items.map((r: { quota: number }) => r.quota)).toEqual(
      again.body.items.map((r: { schoolId: number }) => (r.schoolId === w.schoolA ? 6 : 4)),
    );
    expect(again.body.total).toBe(2);
  });

  it('refuses a sum over capacity, negative quotas, duplicates and schools of another county', async () => {
    const over = await county('PUT', `/api/projects/${project}/quotas`, [
      { schoolId: w.schoolA, quota: 8 },
      { schoolId: w.schoolB, quota: 3 },
    ]);
    expect(over.status).toBe(400);
    expect(over.body.error.message).toContain('名额合计 11 人，超过项目容量 10 人');
    const negative = await county('PUT', `/api/projects/${project}/quotas`, [{ schoolId: w.schoolA, quota: -1 }]);
    expect(negative.status).toBe(400);
    const dup = await county('PUT', `/api/projects/${project}/quotas`, [
      { schoolId: w.schoolA, quota: 1 },
      { schoolId: w.schoolA, quota: 2 },
    ]);
    expect(dup.status).toBe(400);
    expect(dup.body.error.message).toContain('学校重复');
    const other = await seedWorld(t.deps, '邻县');
    const foreign = await county('PUT', `/api/projects/${project}/quotas`, [{ schoolId: other.schoolA, quota: 1 }]);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toContain('不属于本县');
    // Nothing changed.
    expect((await county('GET', `/api/projects/${project}/quotas`)).body.allocated).toBe(10);
  });

  it('keeps quotas within the upper-level quota', async () => {
    const upper = await createProject(t.deps, w, {
      level: '省培',
      organiserType: 'upper',
      status: 'published',
      capacity: null,
    });
    await t.deps.db.execute(sql`update projects set upper_quota = 5 where id = ${upper}`);
    const over = await county('PUT', `/api/projects/${upper}/quotas`, [
      { schoolId: w.schoolA, quota: 4 },
      { schoolId: w.schoolC, quota: 2 },
    ]);
    expect(over.status).toBe(400);
    expect(over.body.error.message).toContain('超过上级下达名额 5 人');
    const ok = await county('PUT', `/api/projects/${upper}/quotas`, [{ schoolId: w.schoolA, quota: 5 }]);
    expect(ok.status).toBe(200);
    const proposal = await county('POST', `/api/projects/${upper}/quotas/allocate`, {
      schoolIds: [w.schoolA, w.schoolC],
    });
    expect(proposal.body).toMatchObject({ total: 5, allocated: 5 });
  });

  it('refuses quotas on drafts, running projects and 校培 projects', async () => {
    const draft = await createProject(t.deps, w, { status: 'draft' });
    const running = await createProject(t.deps, w, { status: 'running' });
    const school = await createProject(t.deps, w, {
      level: '校培',
      organiserType: 'school',
      schoolId: w.schoolA,
      status: 'published',
    });
    const body = [{ schoolId: w.schoolA, quota: 1 }];
    const d = await county('PUT', `/api/projects/${draft}/quotas`, body);
    expect(d.status).toBe(409);
    expect(d.body.error.message).toContain('草稿');
    expect((await county('PUT', `/api/projects/${running}/quotas`, body)).status).toBe(409);
    const s = await county('PUT', `/api/projects/${school}/quotas`, body);
    expect(s.status).toBe(409);
    expect(s.body.error.message).toContain('校培');
    expect((await county('POST', `/api/projects/${draft}/quotas/allocate`, {})).status).toBe(409);
  });

  it('scopes the list: a school sees its own row, an area its schools; only the county writes', async () => {
    const school = as(t.app, await loginAs(t.app, w.users.schoolA));
    const mine = await school('GET', `/api/projects/${project}/quotas?all=true`);
    expect(mine.body.items.map((r: { schoolId: number }) => r.schoolId)).toEqual([w.schoolA]);
    const area = as(t.app, await loginAs(t.app, w.users.areaA));
    const areaRows = await area('GET', `/api/projects/${project}/quotas?all=true`);
    expect(areaRows.body.items.map((r: { schoolId: number }) => r.schoolId).sort()).toEqual(
      [w.schoolA, w.schoolB].sort(),
    );
    const leader = as(t.app, await loginAs(t.app, w.users.leader));
    expect((await leader('GET', `/api/projects/${project}/quotas`)).body.total).toBe(2);
    expect((await leader('PUT', `/api/projects/${project}/quotas`, [])).status).toBe(403);
    expect((await school('PUT', `/api/projects/${project}/quotas`, [])).status).toBe(403);
    expect((await school('POST', `/api/projects/${project}/quotas/allocate`, {})).status).toBe(403);
    const teacher = as(t.app, await loginAs(t.app, w.users.teacherA));
    expect((await teacher('GET', `/api/projects/${project}/quotas`)).status).toBe(403);
    expect((await county('GET', '/api/projects/999999/quotas')).status).toBe(404);
  });

  it('counts nominations and places per school, and will not cut a quota below them', async () => {
    const [a1, a2] = await createTeachers(t.deps, w, w.schoolA, 2);
    await addParticipation(t.deps, w, project, a1!.id, 'nominated');
    await addParticipation(t.deps, w, project, a2!.id, 'enrolled');
    const list = await county('GET', `/api/projects/${project}/quotas`);
    const rowA = list.body.items.find((r: { schoolId: number }) => r.schoolId === w.schoolA);
    expect(rowA).toMatchObject({ quota: 6, nominated: 1, approved: 1 });
    const cut = await county('PUT', `/api/projects/${project}/quotas`, [{ schoolId: w.schoolA, quota: 1 }]);
    expect(cut.status).toBe(409);
    expect(cut.body.error.message).toContain('名额不能少于 2 人');
  });
});
