// 签到表: the participants (or nominations) in the caller's scope with a signature column per
// session or day, as data for the print page and as an A4 .xlsx.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addParticipation, createProject, createSession, createTeachers } from '../../../test/training.js';
import { one } from '../../db/client.js';
import { assessmentContext, auditOf, type Body, type Ctx } from '../assessment/assessment.fixtures.js';
import { readXlsx } from '../imports/imports.fixtures.js';

let c: Ctx;
let projectId: number;
let longProject: number;
let foreignSchoolUser: number;

/** Beijing wall-clock time as an instant. */
const bj = (s: string) => new Date(`${s}+08:00`);

beforeAll(async () => {
  c = await assessmentContext();
  projectId = await createProject(c.deps, c.w, {
    name: '新课标专题培训',
    status: 'running',
    startDate: '2026-11-05',
    endDate: '2026-11-06',
  });
  await c.deps.db.execute(sql`update projects set place = '县教师发展中心报告厅' where id = ${projectId}`);
  await createSession(c.deps, c.w, projectId, bj('2026-11-05T08:30:00'), 90, '新课标解读');
  await createSession(c.deps, c.w, projectId, bj('2026-11-05T14:00:00'), 120, '大单元教学设计');
  await createSession(c.deps, c.w, projectId, bj('2026-11-06T08:30:00'), 90, '作业设计');
  await addParticipation(c.deps, c.w, projectId, c.w.teacherA, 'enrolled');
  await addParticipation(c.deps, c.w, projectId, c.w.teacherB, 'completed');
  const [n1, n2] = await createTeachers(c.deps, c.w, c.w.schoolA, 2);
  await addParticipation(c.deps, c.w, projectId, n1!.id, 'nominated');
  await addParticipation(c.deps, c.w, projectId, n2!.id, 'withdrawn');
  // Twelve days without sessions: a column per day, two sheets of signatures.
  longProject = await createProject(c.deps, c.w, {
    name: '跟岗研修',
    status: 'running',
    startDate: '2026-11-09',
    endDate: '2026-11-20',
  });
  await addParticipation(c.deps, c.w, longProject, c.w.teacherA, 'enrolled');
  foreignSchoolUser = (await one<{ id: number }>(
    c.deps.db,
    sql`select id from users where username = ${c.other.users.schoolA}`,
  ))!.id;
});
afterAll(async () => {
  await c?.t.close();
});

describe('sign-in sheet', () => {
  it('lists those holding a place with a column per session', async () => {
    const res = await c.call('county', 'GET', `/api/projects/${projectId}/sign-in-sheet`);
    expect(res.status).toBe(200);
    const s: Body = res.body;
    expect(s.list).toBe('participants');
    expect(s.by).toBe('session');
    expect(s.rows.map((r: Body) => r.teacherName).sort()).toEqual(['张三', '李四']);
    expect(s.rows.map((r: Body) => r.no)).toEqual([1, 2]);
    expect(s.columns).toEqual([
      expect.objectContaining({ date: '2026-11-05', start: '08:30', end: '10:00', topic: '新课标解读' }),
      expect.objectContaining({ date: '2026-11-05', start: '14:00', end: '16:00', topic: '大单元教学设计' }),
      expect.objectContaining({ date: '2026-11-06', start: '08:30', end: '10:00', topic: '作业设计' }),
    ]);
    expect(s.project).toMatchObject({ name: '新课标专题培训', place: '县教师发展中心报告厅' });
  });

  it('prints the nominations awaiting review, and a column per day on request', async () => {
    const nominated = await c.call('county', 'GET', `/api/projects/${projectId}/sign-in-sheet?list=nominated&by=day`);
    expect(nominated.body.rows).toHaveLength(1);
    expect(nominated.body.by).toBe('day');
    expect(nominated.body.columns.map((x: Body) => x.date)).toEqual(['2026-11-05', '2026-11-06']);
    const long = await c.call('county', 'GET', `/api/projects/${longProject}/sign-in-sheet`);
    expect(long.body.by).toBe('day');
    expect(long.body.columns).toHaveLength(12);
  });

  it('keeps to the caller’s scope', async () => {
    const schoolB = await c.call('schoolB', 'GET', `/api/projects/${projectId}/sign-in-sheet`);
    expect(schoolB.body.rows.map((r: Body) => r.teacherName)).toEqual(['李四']);
    expect((await c.call('otherCounty', 'GET', `/api/projects/${projectId}/sign-in-sheet`)).status).toBe(404);
    expect((await c.call('otherCounty', 'GET', `/api/projects/${projectId}/sign-in-sheet/export`)).status).toBe(404);
    const foreign = await c.t.app.inject({
      url: `/api/projects/${projectId}/sign-in-sheet/export`,
      headers: { cookie: await c.cookieFor(foreignSchoolUser) },
    });
    expect(foreign.statusCode).toBe(404);
    expect((await c.call('teacherA', 'GET', `/api/projects/${projectId}/sign-in-sheet`)).status).toBe(403);
  });

  it('exports an A4 sheet with blank signature columns, audited', async () => {
    const res = await c.call('county', 'GET', `/api/projects/${projectId}/sign-in-sheet/export`);
    expect(res.status).toBe(200);
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('新课标专题培训签到表');
    const wb = await readXlsx(res.raw);
    const ws = wb.worksheets[0]!;
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.orientation).toBe('portrait');
    expect(ws.pageSetup.printTitlesRow).toBe('1:3');
    expect(ws.getCell('A1').value).toBe('新课标专题培训签到表');
    const head = (ws.getRow(3).values as unknown[]).slice(1).map(String);
    expect(head.slice(0, 4)).toEqual(['序号', '姓名', '学校', '学段学科']);
    expect(head[4]).toBe('11月5日 08:30–10:00\n新课标解读');
    expect(head).toHaveLength(7);
    const row4 = ws.getRow(4);
    expect(row4.getCell(1).value).toBe(1);
    expect(row4.getCell(5).value ?? '').toBe('');
    expect(ws.rowCount).toBe(5);
    const audit = (await auditOf(c, 'participation.sign_in_sheet', projectId)).at(-1)!;
    expect(audit.after).toMatchObject({ rows: 2, filters: { list: 'participants' } });
  });

  it('splits a long project into sheets of ten columns, landscape', async () => {
    const res = await c.call('county', 'GET', `/api/projects/${longProject}/sign-in-sheet/export`);
    const wb = await readXlsx(res.raw);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['签到表（1）', '签到表（2）']);
    expect(wb.worksheets[0]!.pageSetup.orientation).toBe('landscape');
    expect((wb.worksheets[0]!.getRow(3).values as unknown[]).slice(5, 6)).toEqual(['11月9日（周一）']);
    expect((wb.worksheets[1]!.getRow(3).values as unknown[]).length - 1).toBe(6);
  });
});
