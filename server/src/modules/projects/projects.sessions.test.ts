import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addParticipation, createProject } from '../../../test/training.js';
import { one } from '../../db/client.js';
import {
  addTrainer,
  auditOf,
  type Body,
  markPresent,
  type PlanContext,
  planContext,
  type Who,
} from './projects.fixtures.js';

let c: PlanContext;
beforeAll(async () => {
  c = await planContext();
});
afterAll(() => c.t.close());

const slot = (over: Record<string, unknown> = {}) => ({
  date: '2026-10-10',
  start: '09:00',
  end: '11:30',
  topic: '新课标解读',
  room: '报告厅',
  ...over,
});

describe('sessions', () => {
  let project: number;
  beforeAll(async () => {
    project = await createProject(c.t.deps, c.w, {
      startDate: '2026-10-10',
      endDate: '2026-10-12',
      status: 'published',
    });
  });

  it('stores Beijing wall-clock times as instants and never returns the QR secret', async () => {
    const res = await c.call('county', 'POST', `/api/projects/${project}/sessions`, slot({ trainerId: c.w.trainerId }));
    expect(res.status).toBe(201);
    const row = await one<{ starts: string; ends: string; qr_secret: string }>(
      c.t.deps.db,
      sql`select to_char(starts_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as starts,
                 to_char(ends_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as ends, qr_secret
          from project_sessions where id = ${res.body.id}`,
    );
    expect(row).toMatchObject({ starts: '2026-10-10 01:00', ends: '2026-10-10 03:30' });
    // 32 random bytes, base64url.
    expect(Buffer.from(row!.qr_secret, 'base64url')).toHaveLength(32);
    const list = await c.call('county', 'GET', `/api/projects/${project}/sessions`);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({
      id: res.body.id,
      date: '2026-10-10',
      start: '09:00',
      end: '11:30',
      startsAt: '2026-10-10T01:00:00.000Z',
      endsAt: '2026-10-10T03:30:00.000Z',
      topic: '新课标解读',
      trainerId: c.w.trainerId,
      trainerName: '王专家',
      room: '报告厅',
      attendanceCount: 0,
    });
    expect(JSON.stringify(list.body)).not.toContain(row!.qr_secret);
    expect(JSON.stringify(list.body)).not.toMatch(/qr/i);
    // A trainer given a session joins the project's trainers (and so sees it).
    const detail = await c.call('county', 'GET', `/api/projects/${project}`);
    expect(detail.body.trainers).toEqual([expect.objectContaining({ trainerId: c.w.trainerId, role: '主讲' })]);
    expect((await c.call('trainer', 'GET', `/api/projects/${project}/sessions`)).status).toBe(200);
    const [audit] = await auditOf(c.t.deps, 'session.create', res.body.id);
    expect(audit!.after).toMatchObject({
      projectId: project,
      date: '2026-10-10',
      start: '09:00',
      addedProjectTrainer: c.w.trainerId,
    });
    expect(JSON.stringify(audit)).not.toContain(row!.qr_secret);
  });

  it.each([
    ['end before start', { start: '10:00', end: '09:00' }, 'end'],
    ['end equal to start', { start: '10:00', end: '10:00' }, 'end'],
    ['a date before the project', { date: '2026-10-09' }, 'date'],
    ['a date after the project', { date: '2026-10-13' }, 'date'],
    ['a bad time', { start: '9:00' }, 'start'],
    ['24:00', { end: '24:00' }, 'end'],
    ['an impossible date', { date: '2026-10-32' }, 'date'],
    ['no topic', { topic: ' ' }, 'topic'],
  ])('refuses %s', async (_name, over, field) => {
    const res = await c.call('county', 'POST', `/api/projects/${project}/sessions`, slot(over));
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toContain(field);
  });

  it('accepts the first and last minute of the project days', async () => {
    const first = await c.call(
      'county',
      'POST',
      `/api/projects/${project}/sessions`,
      slot({ start: '00:00', end: '00:30' }),
    );
    const last = await c.call(
      'county',
      'POST',
      `/api/projects/${project}/sessions`,
      slot({ date: '2026-10-12', start: '23:00', end: '23:59' }),
    );
    expect([first.status, last.status]).toEqual([201, 201]);
    const list = await c.call('county', 'GET', `/api/projects/${project}/sessions?pageSize=2&page=1`);
    expect(list.body.total).toBe(3);
    expect(list.body.items.map((s: Body) => s.start)).toEqual(['00:00', '09:00']);
    await c.call('county', 'DELETE', `/api/projects/${project}/sessions/${first.body.id}`);
    await c.call('county', 'DELETE', `/api/projects/${project}/sessions/${last.body.id}`);
  });

  it('checks the trainer: from the pool of this county and active', async () => {
    const inactive = await addTrainer(c.t.deps, c.w, { name: '已停用', active: false });
    const foreign = await addTrainer(c.t.deps, c.other, { name: '乙县专家' });
    const a = await c.call('county', 'POST', `/api/projects/${project}/sessions`, slot({ trainerId: inactive }));
    expect(a.status).toBe(400);
    expect(a.body.error.fields).toHaveProperty('trainerId');
    const b = await c.call('county', 'POST', `/api/projects/${project}/sessions`, slot({ trainerId: foreign }));
    expect(b.status).toBe(400);
  });

  it('edits a session; with attendance only its topic and room, and it cannot be deleted', async () => {
    const created = await c.call('county', 'POST', `/api/projects/${project}/sessions`, slot({ date: '2026-10-11' }));
    const sid = created.body.id;
    const url = `/api/projects/${project}/sessions/${sid}`;
    expect((await c.call('county', 'PATCH', url, { start: '14:00', end: '16:00' })).status).toBe(200);
    const bad = await c.call('county', 'PATCH', url, { end: '13:00' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty('end');
    const outside = await c.call('county', 'PATCH', url, { date: '2026-11-01' });
    expect(outside.status).toBe(400);
    const [audit] = await auditOf(c.t.deps, 'session.update', sid);
    expect(audit).toMatchObject({ before: { start: '09:00', end: '11:30' }, after: { start: '14:00', end: '16:00' } });

    const part = await addParticipation(c.t.deps, c.w, project, c.w.teacherA, 'enrolled');
    await markPresent(c.t.deps, c.w, sid, part);
    const moved = await c.call('county', 'PATCH', url, { start: '15:00' });
    expect(moved.status).toBe(409);
    expect(moved.body.error.message).toContain('1 条签到记录');
    expect(moved.body.error.message).toContain('主题和教室');
    expect((await c.call('county', 'PATCH', url, { trainerId: c.w.trainer2Id })).status).toBe(409);
    expect((await c.call('county', 'PATCH', url, { topic: '新课标解读（二）', room: '301' })).status).toBe(200);
    // Sending the unchanged time along with a new topic is fine.
    expect((await c.call('county', 'PATCH', url, { start: '14:00', topic: '新课标解读（三）' })).status).toBe(200);
    const del = await c.call('county', 'DELETE', url);
    expect(del.status).toBe(409);
    const list = await c.call('county', 'GET', `/api/projects/${project}/sessions`);
    expect(list.body.items.find((s: Body) => s.id === sid)).toMatchObject({
      topic: '新课标解读（三）',
      room: '301',
      start: '14:00',
      attendanceCount: 1,
    });
  });

  it('deletes a session without attendance, audited', async () => {
    const created = await c.call('county', 'POST', `/api/projects/${project}/sessions`, slot({ topic: '待删' }));
    const res = await c.call('county', 'DELETE', `/api/projects/${project}/sessions/${created.body.id}`);
    expect(res.status).toBe(200);
    const [audit] = await auditOf(c.t.deps, 'session.delete', created.body.id);
    expect(audit!.before).toMatchObject({ topic: '待删', projectId: project });
    const again = await c.call('county', 'DELETE', `/api/projects/${project}/sessions/${created.body.id}`);
    expect(again.status).toBe(404);
    // A session id of another project answers 404 too.
    const other = await createProject(c.t.deps, c.w);
    const stranger = await c.call('county', 'POST', `/api/projects/${other}/sessions`, slot());
    expect((await c.call('county', 'DELETE', `/api/projects/${project}/sessions/${stranger.body.id}`)).status).toBe(
      404,
    );
  });

  it('refuses session changes on a closed project', async () => {
    const closed = await createProject(c.t.deps, c.w, { status: 'closed' });
    const res = await c.call('county', 'POST', `/api/projects/${closed}/sessions`, slot());
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('已结束');
  });
});

describe('session permissions', () => {
  let county: number;
  let schoolA: number;
  beforeAll(async () => {
    county = await createProject(c.t.deps, c.w, { status: 'published', name: '县培课次权限' });
    schoolA = await createProject(c.t.deps, c.w, {
      status: 'published',
      level: '校培',
      organiserType: 'school',
      schoolId: c.w.schoolA,
    });
    await c.t.deps.db.execute(
      sql`insert into project_trainers (project_id, trainer_id, role) values (${county}, ${c.w.trainerId}, '主讲')`,
    );
  });

  const table: Array<[Who, 'county' | 'schoolA', number, number]> = [
    // who, project, GET status, POST status
    ['county', 'county', 200, 201],
    ['county', 'schoolA', 200, 201],
    ['leader', 'county', 200, 403],
    ['areaA', 'county', 200, 403],
    ['areaA', 'schoolA', 200, 403],
    ['schoolA', 'county', 200, 403],
    ['schoolA', 'schoolA', 200, 201],
    ['schoolB', 'schoolA', 404, 404],
    ['teacherA', 'county', 404, 403],
    ['trainer', 'county', 200, 403],
    ['trainer2', 'county', 404, 403],
    ['otherCounty', 'county', 404, 404],
  ];
  it.each(table)('%s on the %s project: list %i, create %i', async (who, which, getStatus, postStatus) => {
    const id = which === 'county' ? county : schoolA;
    expect((await c.call(who, 'GET', `/api/projects/${id}/sessions`)).status).toBe(getStatus);
    expect((await c.call(who, 'POST', `/api/projects/${id}/sessions`, slot())).status).toBe(postStatus);
  });
});

describe('project trainers', () => {
  let project: number;
  let external: number;
  beforeAll(async () => {
    project = await createProject(c.t.deps, c.w, { status: 'published', name: '培训者测试' });
    external = await addTrainer(c.t.deps, c.w, { name: '李教授', expertise: '课程论' });
  });

  it('sets the trainers with their roles, audited; the trainer account then sees the project', async () => {
    expect((await c.call('trainer2', 'GET', `/api/projects/${project}`)).status).toBe(404);
    const res = await c.call('county', 'PUT', `/api/projects/${project}/trainers`, {
      trainers: [
        { trainerId: external, role: '主讲' },
        { trainerId: c.w.trainer2Id, role: '助教' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((t: Body) => [t.name, t.role])).toEqual([
      ['李教授', '主讲'],
      ['赵老师', '助教'],
    ]);
    expect((await c.call('trainer2', 'GET', `/api/projects/${project}`)).status).toBe(200);
    const [audit] = await auditOf(c.t.deps, 'project.trainers', project);
    expect(audit!.before).toEqual({ trainers: [] });
    expect(audit!.after.trainers).toHaveLength(2);
    // Replacing the list drops whoever is left out.
    await c.call('county', 'PUT', `/api/projects/${project}/trainers`, { trainers: [{ trainerId: external }] });
    expect((await c.call('trainer2', 'GET', `/api/projects/${project}`)).status).toBe(404);
  });

  it('refuses duplicates, unknown or foreign trainers, and removing one who still runs sessions', async () => {
    const dup = await c.call('county', 'PUT', `/api/projects/${project}/trainers`, {
      trainers: [{ trainerId: external }, { trainerId: external }],
    });
    expect(dup.status).toBe(400);
    const foreign = await addTrainer(c.t.deps, c.other, { name: '外县' });
    const bad = await c.call('county', 'PUT', `/api/projects/${project}/trainers`, {
      trainers: [{ trainerId: foreign }],
    });
    expect(bad.status).toBe(400);
    const role = await c.call('county', 'PUT', `/api/projects/${project}/trainers`, {
      trainers: [{ trainerId: external, role: '嘉宾' }],
    });
    expect(role.status).toBe(400);
    await c.call('county', 'POST', `/api/projects/${project}/sessions`, slot({ trainerId: external }));
    const busy = await c.call('county', 'PUT', `/api/projects/${project}/trainers`, { trainers: [] });
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toContain('李教授');
  });

  it('only project writers set trainers', async () => {
    const body = { trainers: [{ trainerId: external }] };
    for (const [who, status] of [
      ['leader', 403],
      ['areaA', 403],
      ['schoolA', 403],
      ['trainer', 403],
      ['teacherA', 403],
    ] as Array<[Who, number]>) {
      expect((await c.call(who, 'PUT', `/api/projects/${project}/trainers`, body)).status, who).toBe(status);
    }
    const closed = await createProject(c.t.deps, c.w, { status: 'closed' });
    expect((await c.call('county', 'PUT', `/api/projects/${closed}/trainers`, body)).status).toBe(409);
  });
});
