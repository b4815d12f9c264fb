// Reflections: written once per participation after the project, edited until reviewed; reviewed
// (and featured) by the project's trainers and admins; scoped lists and counts.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addParticipation, createProject } from '../../../test/training.js';
import { assessmentContext, auditOf, type Body, type Ctx, noticesOf } from '../assessment/assessment.fixtures.js';

let c: Ctx;
let done: number;
let future: number;
let untaught: number;
beforeAll(async () => {
  c = await assessmentContext();
  // A finished project taught by `trainer`, with teachers A (school A) and B (school B) completed.
  done = await createProject(c.deps, c.w, {
    name: '班主任能力提升',
    level: '县培',
    status: 'closed',
    startDate: '2026-10-10',
    endDate: '2026-10-12',
  });
  await c.deps.db.execute(
    sql`insert into project_trainers (project_id, trainer_id, role) values (${done}, ${c.trainerId}, '主讲')`,
  );
  await addParticipation(c.deps, c.w, done, c.w.teacherA, 'completed');
  await addParticipation(c.deps, c.w, done, c.w.teacherB, 'completed');
  // One still to come, and one finished that the trainer does not teach.
  future = await createProject(c.deps, c.w, { status: 'enrolling', startDate: '2099-01-01', endDate: '2099-01-02' });
  await addParticipation(c.deps, c.w, future, c.w.teacherA, 'enrolled');
  untaught = await createProject(c.deps, c.w, {
    name: '信息技术2.0',
    status: 'closed',
    startDate: '2026-09-01',
    endDate: '2026-09-02',
  });
  await addParticipation(c.deps, c.w, untaught, c.w.teacherA, 'enrolled');
}, 60_000);
afterAll(() => c.t.close());

const text = (n: number) => `这次培训让我重新认识了班主任工作的专业性。${'在案例研讨中收获很多。'.repeat(n)}`;

describe('reflections', () => {
  let idA: number;
  let idB: number;

  it('lists the teacher’s finished projects to write about', async () => {
    const mine = await c.call('teacherA', 'GET', '/api/reflections/mine');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i: Body) => i.projectId)).toEqual([done, untaught]);
    expect(mine.body.items[0].reflection).toBeNull();
    expect((await c.call('schoolA', 'GET', '/api/reflections/mine')).status).toBe(403);
  });

  it('writes one per participation, only after the project, only by the teacher', async () => {
    const short = await c.call('teacherA', 'POST', '/api/reflections', {
      projectId: done,
      title: '心得',
      body: '很好',
    });
    expect(short.status).toBe(400);
    expect(short.body.error.fields.body).toContain('50');
    const early = await c.call('teacherA', 'POST', '/api/reflections', {
      projectId: future,
      title: '心得',
      body: text(5),
    });
    expect(early.status).toBe(409);
    const notMine = await c.call('teacherA', 'POST', '/api/reflections', {
      projectId: 999999,
      title: '心得',
      body: text(5),
    });
    expect(notMine.status).toBe(404);
    expect(
      (await c.call('schoolA', 'POST', '/api/reflections', { projectId: done, title: '心得', body: text(5) })).status,
    ).toBe(403);
    const ok = await c.call('teacherA', 'POST', '/api/reflections', {
      projectId: done,
      title: '做学生的引路人',
      body: text(5),
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({
      status: 'submitted',
      featured: false,
      teacherName: '张三',
      projectName: '班主任能力提升',
    });
    idA = ok.body.id;
    const twice = await c.call('teacherA', 'POST', '/api/reflections', {
      projectId: done,
      title: '再写一篇',
      body: text(5),
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain('已写过');
    const b = await c.call('teacherB', 'POST', '/api/reflections', {
      projectId: done,
      title: '我的收获',
      body: text(6),
    });
    idB = b.body.id;
    expect(await auditOf(c, 'reflection.create', idA)).toHaveLength(1);
  });

  it('edits until reviewed', async () => {
    const ed = await c.call('teacherA', 'PUT', `/api/reflections/${idA}`, {
      title: '做学生的引路人（修改）',
      body: text(7),
    });
    expect(ed.body.title).toBe('做学生的引路人（修改）');
    expect((await c.call('teacherB', 'PUT', `/api/reflections/${idA}`, { title: 'x改', body: text(7) })).status).toBe(
      404,
    );
  });

  it('scopes the list: teacher own, school own, trainer the projects they teach, none of another county', async () => {
    const ids = async (who: Parameters<Ctx['call']>[0], q = '') =>
      (await c.call(who, 'GET', `/api/reflections${q}`)).body.items.map((i: Body) => i.id);
    expect(await ids('teacherA')).toEqual([idA]);
    expect(await ids('schoolA')).toEqual([idA]);
    expect(await ids('schoolB')).toEqual([idB]);
    expect((await ids('county')).sort()).toEqual([idA, idB].sort());
    expect((await ids('trainer')).sort()).toEqual([idA, idB].sort());
    expect(await ids('trainer2')).toEqual([]);
    expect(await ids('otherCounty')).toEqual([]);
    expect((await c.call('schoolB', 'GET', `/api/reflections/${idA}`)).status).toBe(404);
    expect(await ids('county', `?schoolId=${c.w.schoolB}`)).toEqual([idB]);
    expect(await ids('county', '?q=引路人')).toEqual([idA]);
    const page = await c.call('county', 'GET', '/api/reflections?pageSize=1');
    expect(page.body).toMatchObject({ total: 2 });
    expect(page.body.items).toHaveLength(1);
  });

  it('is reviewed and featured by a trainer or an admin; then no longer editable', async () => {
    expect((await c.call('leader', 'POST', `/api/reflections/${idA}/review`, { featured: true })).status).toBe(403);
    expect((await c.call('teacherB', 'POST', `/api/reflections/${idA}/review`, { featured: true })).status).toBe(403);
    expect((await c.call('schoolB', 'POST', `/api/reflections/${idA}/review`, { featured: true })).status).toBe(404);
    expect((await c.call('trainer2', 'POST', `/api/reflections/${idA}/review`, { featured: true })).status).toBe(404);
    const r = await c.call('trainer', 'POST', `/api/reflections/${idA}/review`, {
      featured: true,
      comment: '案例扎实',
    });
    expect(r.body).toMatchObject({
      status: 'reviewed',
      featured: true,
      reviewComment: '案例扎实',
      reviewedByName: `trainer${c.w.regionId}`,
    });
    const notes = await noticesOf(c, c.userIds.teacherA);
    expect(notes.some((n) => n.kind === 'reflection.featured' && n.body === '评语：案例扎实')).toBe(true);
    const locked = await c.call('teacherA', 'PUT', `/api/reflections/${idA}`, { title: '再改', body: text(7) });
    expect(locked.status).toBe(409);
    const s = await c.call('schoolB', 'POST', `/api/reflections/${idB}/review`, { featured: false });
    expect(s.body).toMatchObject({ status: 'reviewed', featured: false });
    expect(await auditOf(c, 'reflection.review', idA)).toHaveLength(1);
    const featured = await c.call('county', 'GET', '/api/reflections?featured=true');
    expect(featured.body.items.map((i: Body) => i.id)).toEqual([idA]);
    const mine = await c.call('teacherA', 'GET', '/api/reflections/mine');
    expect(mine.body.items[0].reflection).toMatchObject({ id: idA, featured: true });
  });

  it('counts per school and per project, in scope', async () => {
    const bySchool = await c.call('county', 'GET', '/api/reflections/counts?by=school');
    expect(bySchool.body.sum).toEqual({ total: 2, reviewed: 2, featured: 1 });
    expect(bySchool.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: c.w.schoolA, total: 1, featured: 1 }),
        expect.objectContaining({ id: c.w.schoolB, total: 1, featured: 0 }),
      ]),
    );
    const byProject = await c.call('county', 'GET', '/api/reflections/counts?by=project&year=2026');
    expect(byProject.body.items).toEqual([{ id: done, name: '班主任能力提升', total: 2, reviewed: 2, featured: 1 }]);
    const school = await c.call('schoolA', 'GET', '/api/reflections/counts?by=project');
    expect(school.body.items[0]).toMatchObject({ total: 1 });
    expect((await c.call('teacherA', 'GET', '/api/reflections/counts')).status).toBe(403);
    const none = await c.call('county', 'GET', '/api/reflections/counts?year=2020');
    expect(none.body).toMatchObject({ total: 0, items: [], sum: { total: 0 } });
  });
});
