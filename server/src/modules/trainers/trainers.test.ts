import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one } from '../../db/client.js';
import { auditOf, type Body, type PlanContext, planContext, type Who } from '../projects/projects.fixtures.js';

let c: PlanContext;
beforeAll(async () => {
  c = await planContext();
});
afterAll(() => c.t.close());

describe('trainer pool: writes', () => {
  it('adds a county teacher: name, title, school and phone come from the roster', async () => {
    const res = await c.call('county', 'POST', '/api/trainers', {
      kind: 'county',
      teacherId: c.w.teacherA,
      expertise: '小学语文阅读教学',
    });
    expect(res.status).toBe(201);
    const got = await c.call('county', 'GET', `/api/trainers/${res.body.id}`);
    expect(got.body).toMatchObject({
      kind: 'county',
      teacherId: c.w.teacherA,
      schoolId: c.w.schoolA,
      name: '张三',
      title: '一级教师',
      expertise: '小学语文阅读教学',
      active: true,
      projectCount: 0,
    });
    expect(got.body.organisation).toContain('实验小学');
    const [audit] = await auditOf(c.t.deps, 'trainer.create', res.body.id);
    expect(audit!.after).toMatchObject({ kind: 'county', name: '张三', teacherId: c.w.teacherA });
    const dup = await c.call('county', 'POST', '/api/trainers', { kind: 'county', teacherId: c.w.teacherA });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('DUPLICATE');
    const foreign = await c.call('county', 'POST', '/api/trainers', { kind: 'county', teacherId: c.other.teacherA });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields).toHaveProperty('teacherId');
  });

  it('adds an external expert and links a trainer account', async () => {
    const account = await one<{ id: number }>(
      c.t.deps.db,
      sql`insert into users (region_id, username, display_name, role) values (${c.w.regionId}, 'expert-liu', '刘专家', 'trainer')
          returning id`,
    );
    const res = await c.call('county', 'POST', '/api/trainers', {
      kind: 'external',
      name: '刘专家',
      organisation: '省教育科学研究院',
      title: '研究员',
      expertise: '教育评价',
      phone: '028-12345678',
      userId: account!.id,
    });
    expect(res.status).toBe(201);
    const got = await c.call('county', 'GET', `/api/trainers/${res.body.id}`);
    expect(got.body).toMatchObject({ kind: 'external', name: '刘专家', userId: account!.id, username: 'expert-liu' });
    // An account links to one trainer, and only a trainer account links at all.
    const twice = await c.call('county', 'POST', '/api/trainers', {
      kind: 'external',
      name: '别人',
      userId: account!.id,
    });
    expect(twice.status).toBe(409);
    const teacher = await c.call('county', 'POST', '/api/trainers', {
      kind: 'external',
      name: '别人',
      userId: c.w.userIds.teacherA,
    });
    expect(teacher.status).toBe(400);
    expect(teacher.body.error.fields).toHaveProperty('userId');
    const foreign = await c.call('county', 'POST', '/api/trainers', {
      kind: 'external',
      name: '别人',
      userId: c.w.userIds.otherCounty,
    });
    expect(foreign.status).toBe(400);
    expect((await c.call('county', 'POST', '/api/trainers', { kind: 'external' })).status).toBe(400);
    expect((await c.call('county', 'POST', '/api/trainers', { kind: 'guest', name: 'x' })).status).toBe(400);
  });

  it('edits and deactivates, audited; only the county admin writes', async () => {
    const created = await c.call('county', 'POST', '/api/trainers', {
      kind: 'external',
      name: '周老师',
      expertise: '心理健康',
    });
    const id = created.body.id;
    expect((await c.call('county', 'PATCH', `/api/trainers/${id}`, { expertise: '心理健康教育' })).status).toBe(200);
    const [upd] = await auditOf(c.t.deps, 'trainer.update', id);
    expect(upd).toMatchObject({ before: { expertise: '心理健康' }, after: { expertise: '心理健康教育' } });
    expect((await c.call('county', 'PATCH', `/api/trainers/${id}`, { active: false })).status).toBe(200);
    expect(await auditOf(c.t.deps, 'trainer.deactivate', id)).toHaveLength(1);
    const got = await c.call('county', 'GET', `/api/trainers/${id}`);
    expect(got.body.active).toBe(false);
    for (const [who, status] of [
      ['leader', 403],
      ['areaA', 403],
      ['schoolA', 403],
      ['teacherA', 403],
      ['trainer', 403],
      ['otherCounty', 404],
    ] as Array<[Who, number]>) {
      expect((await c.call(who, 'PATCH', `/api/trainers/${id}`, { active: true })).status, who).toBe(status);
      if (who !== 'otherCounty') {
        expect((await c.call(who, 'POST', '/api/trainers', { kind: 'external', name: 'x' })).status, who).toBe(403);
      }
    }
    expect((await c.call('county', 'PATCH', `/api/trainers/${id}`, { active: true })).status).toBe(200);
    expect(await auditOf(c.t.deps, 'trainer.activate', id)).toHaveLength(1);
  });
});

describe('trainer pool: reads', () => {
  beforeAll(async () => {
    for (const [name, expertise] of [
      ['孙教授', '数学课程标准'],
      ['钱老师', '班主任工作'],
      ['吴老师', '数学建模'],
    ]) {
      await c.call('county', 'POST', '/api/trainers', { kind: 'external', name, expertise });
    }
    const inactive = await c.call('county', 'POST', '/api/trainers', {
      kind: 'external',
      name: '郑老师',
      expertise: '数学',
    });
    await c.call('county', 'PATCH', `/api/trainers/${inactive.body.id}`, { active: false });
  });

  it('searches, filters and paginates; inactive trainers only on request', async () => {
    const names = async (q: string) =>
      (await c.call('county', 'GET', `/api/trainers?pageSize=100&${q}`)).body.items.map((t: Body) => t.name).sort();
    expect(await names(`expertise=${encodeURIComponent('数学')}`)).toEqual(['吴老师', '孙教授'].sort());
    expect(await names(`q=${encodeURIComponent('班主任')}`)).toEqual(['钱老师']);
    expect(await names(`expertise=${encodeURIComponent('数学')}&active=all`)).toEqual(
      ['吴老师', '孙教授', '郑老师'].sort(),
    );
    expect(await names(`active=false&q=${encodeURIComponent('郑')}`)).toEqual(['郑老师']);
    expect(await names('kind=county')).not.toContain('孙教授');
    const page = await c.call('county', 'GET', '/api/trainers?pageSize=2&page=1');
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThanOrEqual(5);
    const other = await c.call('otherCounty', 'GET', '/api/trainers');
    expect(other.body.total).toBe(0);
  });

  it('admins and leaders read the pool; teachers and trainers do not', async () => {
    for (const who of ['county', 'leader', 'areaA', 'consA', 'schoolA', 'schoolB'] as Who[]) {
      expect((await c.call(who, 'GET', '/api/trainers')).status, who).toBe(200);
    }
    for (const who of ['teacherA', 'trainer'] as Who[]) {
      expect((await c.call(who, 'GET', '/api/trainers')).status, who).toBe(403);
      expect((await c.call(who, 'GET', `/api/trainers/${c.w.trainerId}`)).status, who).toBe(403);
    }
    expect((await c.call('otherCounty', 'GET', `/api/trainers/${c.w.trainerId}`)).status).toBe(404);
  });

  it('a trainer reads their own record; others have none', async () => {
    const me = await c.call('trainer', 'GET', '/api/trainers/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: c.w.trainerId, name: '王专家' });
    const me2 = await c.call('trainer2', 'GET', '/api/trainers/me');
    expect(me2.body.id).toBe(c.w.trainer2Id);
    // Teacher A joined the pool above, as a county teacher.
    const teacher = await c.call('teacherA', 'GET', '/api/trainers/me');
    expect(teacher.body).toMatchObject({ kind: 'county', teacherId: c.w.teacherA });
    expect((await c.call('teacherB', 'GET', '/api/trainers/me')).status).toBe(404);
    // Only teachers and trainers can have a trainer record of their own.
    expect((await c.call('county', 'GET', '/api/trainers/me')).status).toBe(403);
  });
});
