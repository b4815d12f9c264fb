import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from '../../../test/harness.js';
import { libreOfficeXlsx } from '../../../test/second-producer.js';
import { createProject } from '../../../test/training.js';
import { one } from '../../db/client.js';
import { csv as csvOf, multipart as multipartWith } from '../imports/imports.fixtures.js';
import {
  assessmentContext,
  auditOf,
  type Body,
  type Ctx,
  ledgerOf,
  mark,
  multipart,
  noticesOf,
  runningProject,
  setStatus,
} from './assessment.fixtures.js';

let c: Ctx;
beforeAll(async () => {
  c = await assessmentContext();
});
afterAll(async () => {
  await c?.t.close();
});

const rowOf = (body: Body, participationId: number) =>
  (body.items as Body[]).find((r) => r.participationId === participationId);

describe('assessment: who may enter results', () => {
  it('lets the project trainer read and write, hides the project from another trainer', async () => {
    const { projectId, pA } = await runningProject(c);
    const url = `/api/projects/${projectId}/assessment`;
    const read = await c.call('trainer', 'GET', url);
    expect(read.status).toBe(200);
    expect(read.body.canManage).toBe(true);
    expect(read.body.items).toHaveLength(2);

    const put = await c.call('trainer', 'PUT', url, [{ participationId: pA, score: 72, result: '合格' }]);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ updated: 1, unchanged: 0 });

    expect((await c.call('trainer2', 'GET', url)).status).toBe(404);
    expect((await c.call('trainer2', 'PUT', url, [{ participationId: pA, result: '优秀' }])).status).toBe(404);
    // Teachers hold no assessment permission: the access hook answers before the project is looked up.
    expect((await c.call('teacherA', 'GET', url)).status).toBe(403);
    expect((await c.call('otherCounty', 'GET', url)).status).toBe(404);
  });

  it('a session trainer (not in project_trainers) also manages', async () => {
    const { projectId, sessions, pA } = await runningProject(c, { trainer: false });
    await c.deps.db.execute(sql`update project_sessions set trainer_id = ${c.trainer2Id} where id = ${sessions[0]!}`);
    const res = await c.call('trainer2', 'PUT', `/api/projects/${projectId}/assessment`, [
      { participationId: pA, result: '合格' },
    ]);
    expect(res.status).toBe(200);
  });

  it('county admin writes; leader reads only; a school admin reads own teachers of a county project but cannot write', async () => {
    const { projectId, pA, pB } = await runningProject(c);
    const url = `/api/projects/${projectId}/assessment`;
    expect((await c.call('county', 'PUT', url, [{ participationId: pB, result: '优秀', score: 95.5 }])).status).toBe(
      200,
    );

    const leader = await c.call('leader', 'GET', url);
    expect(leader.status).toBe(200);
    expect(leader.body.canManage).toBe(false);
    expect((await c.call('leader', 'PUT', url, [{ participationId: pA, result: '合格' }])).status).toBe(403);

    const schoolB = await c.call('schoolB', 'GET', url);
    expect(schoolB.status).toBe(200);
    expect(schoolB.body.items.map((r: Body) => r.participationId)).toEqual([pB]);
    expect(rowOf(schoolB.body, pB).score).toBe(95.5);
    const write = await c.call('schoolB', 'PUT', url, [{ participationId: pB, result: '合格' }]);
    expect(write.status).toBe(403);
  });

  it('校培: the owning school admin manages; another school admin does not see it', async () => {
    const { projectId, pA } = await runningProject(c, {
      level: '校培',
      organiserType: 'school',
      schoolId: c.w.schoolA,
      trainer: false,
    });
    const url = `/api/projects/${projectId}/assessment`;
    const own = await c.call('schoolA', 'PUT', url, [{ participationId: pA, result: '合格', score: 70 }]);
    expect(own.status).toBe(200);
    expect((await c.call('schoolB', 'GET', url)).status).toBe(404);
    expect((await c.call('schoolB', 'PUT', url, [{ participationId: pA, result: '优秀' }])).status).toBe(404);
  });

  it('refuses entry outside running/assessing and validates each entry', async () => {
    const { projectId, pA, pB } = await runningProject(c);
    const url = `/api/projects/${projectId}/assessment`;
    const bad = await c.call('county', 'PUT', url, [{ participationId: pA, score: 101, result: '合格' }]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('100');
    const badResult = await c.call('county', 'PUT', url, [{ participationId: pA, result: '良好' }]);
    expect(badResult.status).toBe(400);
    expect(badResult.body.error.message).toContain('优秀');

    const other = await runningProject(c);
    const foreign = await c.call('county', 'PUT', url, [
      { participationId: pB, result: '合格' },
      { participationId: other.pA, result: '合格' },
    ]);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toContain('第2条');
    expect(foreign.body.error.fields).toHaveProperty('1.participationId');

    const dup = await c.call('county', 'PUT', url, [
      { participationId: pA, result: '合格' },
      { participationId: pA, result: '优秀' },
    ]);
    expect(dup.status).toBe(400);

    await setStatus(c, projectId, 'enrolling');
    const closed = await c.call('county', 'PUT', url, [{ participationId: pA, result: '合格' }]);
    expect(closed.status).toBe(409);
    expect(closed.body.error.message).toContain('报名中');
    expect((await c.call('county', 'GET', url)).status).toBe(409);
  });

  it('audits each change before → after, keeps the score when omitted, counts unchanged rows', async () => {
    const { projectId, pA } = await runningProject(c);
    const url = `/api/projects/${projectId}/assessment`;
    await c.call('trainer', 'PUT', url, [{ participationId: pA, score: 60, result: '合格' }]);
    const again = await c.call('trainer', 'PUT', url, [{ participationId: pA, result: '合格' }]);
    expect(again.body).toMatchObject({ updated: 0, unchanged: 1 });
    const reason = '实践考核未完成';
    await c.call('trainer', 'PUT', url, [{ participationId: pA, result: '不合格', overrideReason: reason }]);
    const trail = await auditOf(c, 'assessment.update', pA);
    expect(trail).toHaveLength(2);
    expect(trail[0]!.before).toEqual({ score: null, result: null, overrideReason: null });
    expect(trail[0]!.after).toEqual({ score: 60, result: '合格', overrideReason: null });
    expect(trail[1]!.before).toEqual({ score: 60, result: '合格', overrideReason: null });
    expect(trail[1]!.after).toEqual({ score: 60, result: '不合格', overrideReason: reason });
  });
});

describe('assessment: attendance and the completion rule', () => {
  it('counts sessions that have begun (not future ones), excludes leave from the denominator, and explains unmet rules', async () => {
    const { projectId, sessions, pA, pB, more } = await runningProject(c, { ended: 5, future: 2, extra: 2 });
    const [p3, p4] = more.map((m) => m.participationId) as [number, number];
    await mark(c, sessions, pA, 4); // 4/5 = 80%
    await mark(c, sessions, pB, 3); // 3/5 = 60%
    await mark(c, sessions, p3, 3);
    await mark(c, sessions.slice(3), p3, 1, 'leave'); // 3/(5-1) = 75%
    await mark(c, sessions, p4, 5, 'late'); // late counts as attended
    const url = `/api/projects/${projectId}/assessment`;
    await c.call('county', 'PUT', url, [
      { participationId: pA, result: '合格' },
      { participationId: pB, result: '优秀' },
      { participationId: p3, result: '合格' },
    ]);
    const res = await c.call('county', 'GET', url);
    expect(res.status).toBe(200);
    expect(res.body.sessions).toBe(7);
    expect(res.body.held).toBe(5);
    const a = rowOf(res.body, pA);
    expect(a).toMatchObject({
      held: 5,
      attended: 4,
      leave: 0,
      attendanceRate: 0.8,
      meetsCompletion: true,
      reasons: [],
    });
    const b = rowOf(res.body, pB);
    expect(b.meetsCompletion).toBe(false);
    expect(b.reasons).toEqual(['出勤率 60.0% 低于要求的 80%']);
    const c3 = rowOf(res.body, p3);
    expect(c3).toMatchObject({ attended: 3, leave: 1, attendanceRate: 0.75, meetsCompletion: false });
    const d = rowOf(res.body, p4);
    expect(d.attendanceRate).toBe(1);
    expect(d.reasons).toEqual(['尚未录入考核结果']);
    expect(res.body.summary).toMatchObject({ participants: 4, assessed: 3, meeting: 1 });
    expect(res.body.completionRule).toEqual({
      minAttendanceRate: 0.8,
      requirePass: true,
      passScore: null,
      excellentScore: null,
    });
  });

  it('pages the list and filters by name', async () => {
    const { projectId } = await runningProject(c, { extra: 3 });
    const page = await c.call('county', 'GET', `/api/projects/${projectId}/assessment?page=2&pageSize=2`);
    expect(page.body.total).toBe(5);
    expect(page.body.items).toHaveLength(2);
    const named = await c.call(
      'county',
      'GET',
      `/api/projects/${projectId}/assessment?q=${encodeURIComponent('张三')}`,
    );
    expect(named.body.items.map((r: Body) => r.teacherName)).toEqual(['张三']);
  });
});

describe('assessment import', () => {
  it('dry-runs with row errors (Excel row numbers), refuses to commit them, then skips them on request', async () => {
    const { projectId, pA, pB } = await runningProject(c);
    const [idA, idB] = c.w.idNumbers;
    const csv = [
      '考核成绩表',
      '身份证号,姓名,成绩,考核结果',
      `${idA},张三,92,优秀`,
      `${idB},王五,80,合格`,
      '110101199003071234,赵六,70,合格',
      `${idA},张三,abc,通过`,
    ].join('\n');
    const other = await runningProject(c);
    void other;
    const file = multipart('成绩.csv', csv);
    const url = `/api/projects/${projectId}/assessment/import`;
    const dry = await c.t.app.inject({
      method: 'POST',
      url: `${url}?dryRun=true`,
      payload: file.payload,
      headers: { ...file.headers, cookie: await c.cookieFor(c.userIds.trainer) },
    });
    expect(dry.statusCode).toBe(200);
    const r = dry.json();
    expect(r.committed).toBe(false);
    expect(r.total).toBe(4);
    expect(r.updated).toBe(1);
    const rowsWithErrors = r.errors.map((e: Body) => e.row);
    expect(rowsWithErrors).toContain(4); // 王五: name does not match B's ID number
    expect(rowsWithErrors).toContain(5); // unknown ID number (checksum-valid or not, it is an error)
    expect(rowsWithErrors).toContain(6); // bad score and duplicate of row 3
    expect(r.errors.find((e: Body) => e.row === 4).message).toContain('李四');
    expect(r.errors.find((e: Body) => e.row === 6 && e.column === '成绩').message).toContain('0到100');
    expect(r.errors.find((e: Body) => e.row === 6 && e.column === '身份证号').message).toContain('第3行');

    const commit = await c.t.app.inject({
      method: 'POST',
      url,
      payload: file.payload,
      headers: { ...file.headers, cookie: await c.cookieFor(c.userIds.trainer) },
    });
    expect(commit.statusCode).toBe(422);
    expect(commit.json().error.code).toBe('IMPORT_HAS_ERRORS');
    expect(commit.json().errors.length).toBeGreaterThan(0);
    const untouched = await one<{ result: string | null }>(
      c.deps.db,
      sql`select result from participations where id = ${pA}`,
    );
    expect(untouched!.result).toBeNull();

    const skip = await c.t.app.inject({
      method: 'POST',
      url: `${url}?skipInvalid=true`,
      payload: file.payload,
      headers: { ...file.headers, cookie: await c.cookieFor(c.userIds.trainer) },
    });
    expect(skip.statusCode).toBe(200);
    expect(skip.json().committed).toBe(true);
    const a = await one<{ result: string; score: string }>(
      c.deps.db,
      sql`select result, score::text as score from participations where id = ${pA}`,
    );
    expect(a).toEqual({ result: '优秀', score: '92.0' });
    const b = await one<{ result: string | null }>(c.deps.db, sql`select result from participations where id = ${pB}`);
    expect(b!.result).toBeNull();
    expect(await auditOf(c, 'assessment.import', projectId)).toHaveLength(1);
  });

  it('matches by 姓名 + 学校 in an .xlsx, with result synonyms and blank scores kept', async () => {
    const { projectId, pA, pB } = await runningProject(c);
    await c.call('county', 'PUT', `/api/projects/${projectId}/assessment`, [
      { participationId: pB, score: 77, result: '合格' },
    ]);
    const schools = await one<{ a: string; b: string }>(
      c.deps.db,
      sql`select (select name from schools where id = ${c.w.schoolA}) as a, (select name from schools where id = ${c.w.schoolB}) as b`,
    );
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('成绩');
    ws.addRow(['姓名', '学校', '考核成绩', '考核等次']);
    ws.addRow(['张三', schools!.a, 59, '不及格']);
    ws.addRow(['李四', schools!.b, null, '合格']);
    ws.addRow(['李四', schools!.a, 90, '合格']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const file = multipart('成绩.xlsx', buf, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const res = await c.t.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/assessment/import?skipInvalid=1`,
      payload: file.payload,
      headers: { ...file.headers, cookie: await c.cookieFor(c.userIds.county) },
    });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ total: 3, updated: 1, committed: true });
    expect(r.preview.map((p: Body) => p.action)).toEqual(['update', 'skip', 'error']);
    expect(r.errors).toEqual([{ row: 4, column: '姓名', message: expect.stringContaining('不是本项目的学员') }]);
    const a = await one<{ result: string; score: string }>(
      c.deps.db,
      sql`select result, score::text as score from participations where id = ${pA}`,
    );
    expect(a).toEqual({ result: '不合格', score: '59.0' });
  });

  it('a sheet made by LibreOffice with a two-row header and short school names: mapped once, then remembered', async () => {
    const { projectId, pA, pB } = await runningProject(c);
    const full = await one<{ a: string; b: string }>(
      c.deps.db,
      sql`select (select name from schools where id = ${c.w.schoolA}) as a, (select name from schools where id = ${c.w.schoolB}) as b`,
    );
    const shortA = full!.a.replace(/\d+$/, ''); // 实验小学7 → 实验小学
    const sheet = libreOfficeXlsx(
      csvOf([
        ['姓 名', '单位', '考核情况', ''],
        ['', '', '成绩', '等次'],
        ['张三', shortA, '88', ''],
        ['李四', full!.b, '', '合格'],
      ]),
      4,
      { 3: 'standard' },
    );
    const url = `/api/projects/${projectId}/assessment/import`;
    const send = async (query: string, fields: Record<string, string> = {}) => {
      const body = multipartWith(sheet, '成绩.xlsx', fields);
      const res = await c.t.app.inject({
        method: 'POST',
        url: `${url}${query}`,
        payload: body.payload,
        headers: { ...body.headers, cookie: await c.cookieFor(c.userIds.county) },
      });
      return { status: res.statusCode, body: res.json() };
    };
    const dry = await send('?dryRun=true');
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.unknown).toEqual([
      expect.objectContaining({
        kind: 'school',
        column: '单位',
        values: [expect.objectContaining({ value: shortA, suggestion: full!.a })],
      }),
    ]);
    expect(dry.body.errors).toEqual([
      expect.objectContaining({ row: 3, column: '单位', message: expect.stringContaining(`是否为“${full!.a}”`) }),
    ]);
    expect((await send('')).status).toBe(422);

    const done = await send('?autoAdd=true', { mapping: JSON.stringify({ school: { [shortA]: full!.a } }) });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ updated: 2, committed: true });
    expect(done.body).not.toHaveProperty('added');
    expect(done.body.preview[0].changes).toEqual([
      { field: '成绩', before: '空', after: '88' },
      { field: '考核结果', before: '空', after: '优秀' },
    ]);
    const read = await c.call('county', 'GET', `/api/projects/${projectId}/assessment`);
    expect(rowOf(read.body, pA)).toMatchObject({ score: 88, result: '优秀' });
    expect(rowOf(read.body, pB)).toMatchObject({ result: '合格' });
    // Remembered as the school's 简称: the same sheet needs no mapping now.
    const again = await send('?dryRun=true');
    expect(again.body).toMatchObject({ updated: 0, errors: [] });
    expect(again.body).not.toHaveProperty('unknown');
    expect(again.body.mapped).toEqual([expect.objectContaining({ from: shortA, to: full!.a, how: 'synonym' })]);
  });

  it('names the missing column and refuses callers who may not assess', async () => {
    const { projectId } = await runningProject(c);
    const file = multipart('x.csv', '身份证号,姓名\n1,张三\n');
    const res = await c.t.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/assessment/import`,
      payload: file.payload,
      headers: { ...file.headers, cookie: await c.cookieFor(c.userIds.county) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('成绩或考核结果');
    const denied = await c.t.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/assessment/import`,
      payload: file.payload,
      headers: { ...file.headers, cookie: await c.cookieFor(c.userIds.leader) },
    });
    expect(denied.statusCode).toBe(403);
  });
});

describe('completion', () => {
  it('waits until every session has begun, and a teacher who never checked in does not complete', async () => {
    // Teachers of their own, so this project's credit does not show in the other tests' ledgers.
    const { projectId, sessions, more } = await runningProject(c, { ended: 2, future: 1, extra: 2 });
    const [pA, pB] = more.map((m) => m.participationId) as [number, number];
    await mark(c, sessions, pA, 2);
    const url = `/api/projects/${projectId}`;
    await c.call('county', 'PUT', `${url}/assessment`, [
      { participationId: pA, result: '合格' },
      { participationId: pB, result: '合格' },
    ]);
    await setStatus(c, projectId, 'assessing');
    const early = await c.call('county', 'POST', `${url}/complete`, { issueCertificates: true });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('还有 1 次课尚未开始，全部课次开始后才能办理结业');
    expect(await count(c.deps, 'participations', `project_id = ${projectId} and status = 'completed'`)).toBe(0);

    // The last session is under way now: it counts as held, so pB (never checked in) has 0 of 3.
    await c.deps.db.execute(
      sql`update project_sessions set starts_at = now() - interval '10 minutes', ends_at = now() + interval '80 minutes'
          where project_id = ${projectId} and starts_at > now()`,
    );
    const now = await one<{ id: number }>(
      c.deps.db,
      sql`select id from project_sessions where project_id = ${projectId} and ends_at > now()`,
    );
    await mark(c, [now!.id], pA, 1); // pA checks in: 3 of 3
    const done = await c.call('county', 'POST', `${url}/complete`, { issueCertificates: true });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ completed: 1, failed: 3 });
    const view = await c.call('county', 'GET', `${url}/assessment`);
    expect(rowOf(view.body, pA)).toMatchObject({ held: 3, attended: 3, status: 'completed' });
    expect(rowOf(view.body, pB)).toMatchObject({ held: 3, attended: 0, attendanceRate: 0, status: 'failed' });
  });

  it('completes who meets the rule, fails the rest with reasons, posts credit once, issues certificates', async () => {
    const { projectId, sessions, pA, pB, more } = await runningProject(c, {
      ended: 5,
      extra: 2,
      hours: 24,
      endDate: '2026-10-12',
      name: '骨干教师研修',
    });
    const [p3, p4] = more.map((m) => m.participationId) as [number, number];
    for (const p of [pA, pB, p3, p4]) await mark(c, sessions, p, 5);
    await mark(c, sessions, p3, 2, 'absent'); // 3/5 = 60%
    const url = `/api/projects/${projectId}`;
    await c.call('trainer', 'PUT', `${url}/assessment`, [
      { participationId: pA, score: 90, result: '优秀' },
      { participationId: pB, score: 50, result: '不合格' },
      { participationId: p3, score: 80, result: '合格' },
      // p4: no result yet
    ]);
    const early = await c.call('trainer', 'POST', `${url}/complete`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('考核中');

    await setStatus(c, projectId, 'assessing');
    expect((await c.call('leader', 'POST', `${url}/complete`, {})).status).toBe(403);
    const done = await c.call('trainer', 'POST', `${url}/complete`, {});
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      participants: 4,
      completed: 1,
      failed: 3,
      changed: 4,
      creditsPosted: 1,
      creditsReversed: 0,
      certificatesIssued: 1,
      certificatesRevoked: 0,
    });
    const status = await c.call('county', 'GET', `${url}/assessment`);
    expect(rowOf(status.body, pA).status).toBe('completed');
    expect(rowOf(status.body, pA).certificateNumber).toMatch(/^SX-2026-\d+-[0-9A-Z]{6}$/);
    expect(rowOf(status.body, pB).reasons).toEqual(['考核结果为不合格']);
    expect(rowOf(status.body, p3).reasons[0]).toContain('60.0%');
    expect(rowOf(status.body, p4).reasons).toEqual(['尚未录入考核结果']);
    for (const p of [pB, p3, p4]) expect(rowOf(status.body, p).status).toBe('failed');

    const ledger = await ledgerOf(c, c.w.teacherA);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      source: 'project',
      source_ref: `participation:${pA}`,
      occurred_on: '2026-10-12',
      reverses_id: null,
      approved_by: c.userIds.trainer,
      category: '学科/新课标',
      level: '县培',
      mode: '集中面授',
    });
    expect(Number(ledger[0]!.hours)).toBe(24);
    expect(await ledgerOf(c, c.w.teacherB)).toHaveLength(0);

    const notesA = await noticesOf(c, c.userIds.teacherA);
    expect(notesA.at(-1)).toMatchObject({
      kind: 'training.completed',
      title: '您已完成《骨干教师研修》，获得 24 学时',
    });
    const notesB = await noticesOf(c, c.userIds.teacherB);
    expect(notesB.at(-1)).toMatchObject({ kind: 'training.failed', title: '未达到结业要求：考核结果为不合格' });

    // Re-running changes nothing and posts nothing.
    const again = await c.call('county', 'POST', `${url}/complete`, {});
    expect(again.body).toMatchObject({ changed: 0, creditsPosted: 0, certificatesIssued: 0, certificatesRevoked: 0 });
    expect(await ledgerOf(c, c.w.teacherA)).toHaveLength(1);
    expect(await count(c.deps, 'certificates', `project_id = ${projectId}`)).toBe(1);
    expect(await noticesOf(c, c.userIds.teacherA)).toHaveLength(notesA.length);
    expect(await auditOf(c, 'participation.complete', pA)).toHaveLength(1);
  });

  it('a correction reverses the credit and revokes the certificate; correcting back posts again', async () => {
    const { projectId, sessions, pA } = await runningProject(c, { ended: 2, hours: 12, endDate: '2026-09-30' });
    await mark(c, sessions, pA, 2);
    const url = `/api/projects/${projectId}`;
    await c.call('county', 'PUT', `${url}/assessment`, [{ participationId: pA, result: '合格' }]);
    await setStatus(c, projectId, 'assessing');
    await c.call('county', 'POST', `${url}/complete`, {});
    const cert = await one<{ id: number; number: string }>(
      c.deps.db,
      sql`select id, number from certificates where participation_id = ${pA}`,
    );
    expect(cert).toBeTruthy();

    await c.call('county', 'PUT', `${url}/assessment`, [{ participationId: pA, result: '不合格' }]);
    const fix = await c.call('county', 'POST', `${url}/complete`, {});
    expect(fix.body).toMatchObject({ changed: 1, creditsReversed: 1, certificatesRevoked: 1, creditsPosted: 0 });
    const ledger = await ledgerOf(c, c.w.teacherA);
    const mine = ledger.filter((e) => e.source_ref === `participation:${pA}`);
    expect(mine).toHaveLength(2);
    expect(Number(mine[1]!.hours)).toBe(-12);
    expect(mine[1]!.reverses_id).toBe(mine[0]!.id);
    expect(mine[1]!.occurred_on).toBe('2026-09-30');
    const revoked = await one<{ revoked_at: string | null; revoke_reason: string | null }>(
      c.deps.db,
      sql`select revoked_at, revoke_reason from certificates where id = ${cert!.id}`,
    );
    expect(revoked!.revoked_at).not.toBeNull();
    expect(revoked!.revoke_reason).toBe('考核结果更正');
    const note = (await noticesOf(c, c.userIds.teacherA)).at(-1)!;
    expect(note.kind).toBe('training.failed');
    expect(note.body).toContain('考核结果更正');
    expect(await auditOf(c, 'credit.reverse')).not.toHaveLength(0);

    // Re-running after the correction does not reverse twice.
    const same = await c.call('county', 'POST', `${url}/complete`, {});
    expect(same.body).toMatchObject({ changed: 0, creditsReversed: 0, certificatesRevoked: 0 });

    // Corrected back: a fresh posting (its own reference), the same certificate valid again.
    await c.call('county', 'PUT', `${url}/assessment`, [{ participationId: pA, result: '合格' }]);
    const back = await c.call('county', 'POST', `${url}/complete`, {});
    expect(back.body).toMatchObject({ changed: 1, creditsPosted: 1, certificatesIssued: 1 });
    const after = (await ledgerOf(c, c.w.teacherA)).filter((e) => e.source_ref.startsWith(`participation:${pA}`));
    expect(after.map((e) => e.source_ref)).toEqual([
      `participation:${pA}`,
      `participation:${pA}`,
      `participation:${pA}#2`,
    ]);
    expect(after.reduce((n, e) => n + Number(e.hours), 0)).toBe(12);
    const reinstated = await one<{ number: string; revoked_at: string | null }>(
      c.deps.db,
      sql`select number, revoked_at from certificates where participation_id = ${pA}`,
    );
    expect(reinstated).toEqual({ number: cert!.number, revoked_at: null });
  });

  it('can complete without issuing certificates; a rule without requirePass ignores a missing result', async () => {
    const { projectId, sessions, pA, pB } = await runningProject(c, {
      ended: 4,
      completionRule: { minAttendanceRate: 0.5, requirePass: false },
      status: 'assessing',
    });
    await mark(c, sessions, pA, 2);
    await mark(c, sessions, pB, 1);
    const res = await c.call('county', 'POST', `/api/projects/${projectId}/complete`, { issueCertificates: false });
    expect(res.body).toMatchObject({ completed: 1, failed: 1, certificatesIssued: 0, creditsPosted: 1 });
    expect(await count(c.deps, 'certificates', `project_id = ${projectId}`)).toBe(0);
  });

  it('only the project managers complete; withdrawn or wait-listed teachers are not assessed', async () => {
    const { projectId } = await runningProject(c, { status: 'assessing' });
    const stranger = await createProject(c.deps, c.w, { status: 'assessing' });
    expect((await c.call('trainer', 'POST', `/api/projects/${stranger}/complete`, {})).status).toBe(404);
    expect((await c.call('schoolA', 'POST', `/api/projects/${projectId}/complete`, {})).status).toBe(403);
    await c.deps.db.execute(
      sql`update participations set status = 'withdrawn' where project_id = ${projectId} and teacher_id = ${c.w.teacherB}`,
    );
    const res = await c.call('trainer', 'POST', `/api/projects/${projectId}/complete`, {});
    expect(res.body.participants).toBe(1);
  });
});

describe('a score sets the result', () => {
  const url = (id: number) => `/api/projects/${id}/assessment`;

  it('88 entered alone completes with credit and a certificate (the county default lines: 60 / 85)', async () => {
    const { projectId, sessions, pA, pB } = await runningProject(c, { hours: 12, name: '班主任能力提升' });
    for (const p of [pA, pB]) await mark(c, sessions, p, 5);
    const put = await c.call('trainer', 'PUT', url(projectId), [
      { participationId: pA, score: 88 },
      { participationId: pB, score: 59.5, result: null },
    ]);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toEqual({
      updated: 2,
      unchanged: 0,
      items: [
        {
          participationId: pA,
          score: 88,
          result: '优秀',
          derivedResult: '优秀',
          overridden: false,
          overrideReason: null,
        },
        {
          participationId: pB,
          score: 59.5,
          result: '不合格',
          derivedResult: '不合格',
          overridden: false,
          overrideReason: null,
        },
      ],
    });
    const read = await c.call('trainer', 'GET', url(projectId));
    expect(read.body.scoreLines).toEqual({ passScore: 60, excellentScore: 85, fromProject: false });
    expect(rowOf(read.body, pA)).toMatchObject({ result: '优秀', derivedResult: '优秀', meetsCompletion: true });
    await setStatus(c, projectId, 'assessing');
    const done = await c.call('trainer', 'POST', `/api/projects/${projectId}/complete`, {});
    expect(done.body).toMatchObject({ completed: 1, failed: 1, creditsPosted: 1, certificatesIssued: 1 });
    const after = await c.call('county', 'GET', url(projectId));
    expect(rowOf(after.body, pA)).toMatchObject({ status: 'completed', certificateNumber: expect.any(String) });
  });

  it("follows the project's own lines, else the county's; an override needs a reason and is kept", async () => {
    // The county's defaults: read by anyone signed in, changed by the county admin only.
    expect((await c.call('trainer', 'GET', '/api/assessment/settings')).body).toEqual({
      passScore: 60,
      excellentScore: 85,
    });
    expect(
      (await c.call('schoolA', 'PUT', '/api/assessment/settings', { passScore: 70, excellentScore: 90 })).status,
    ).toBe(403);
    const bad = await c.call('county', 'PUT', '/api/assessment/settings', { passScore: 90, excellentScore: 80 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.excellentScore).toContain('不能低于及格分数线');
    const saved = await c.call('county', 'PUT', '/api/assessment/settings', { passScore: 70, excellentScore: 90 });
    expect(saved.body).toEqual({ passScore: 70, excellentScore: 90 });
    expect(await auditOf(c, 'assessment.settings')).toHaveLength(1);

    const county = await runningProject(c);
    const r1 = await c.call('trainer', 'PUT', url(county.projectId), [
      { participationId: county.pA, score: 88 },
      { participationId: county.pB, score: 65 },
    ]);
    expect(r1.body.items.map((i: Body) => i.result)).toEqual(['合格', '不合格']);

    const own = await runningProject(c, {
      completionRule: { minAttendanceRate: 0.8, requirePass: true, passScore: 50, excellentScore: 80 },
    });
    const r2 = await c.call('trainer', 'PUT', url(own.projectId), [
      { participationId: own.pA, score: 82 },
      { participationId: own.pB, score: 65 },
    ]);
    expect(r2.body.items.map((i: Body) => i.result)).toEqual(['优秀', '合格']);
    expect((await c.call('trainer', 'GET', url(own.projectId))).body.scoreLines).toEqual({
      passScore: 50,
      excellentScore: 80,
      fromProject: true,
    });

    // Overriding 82 → 合格 by hand: refused without a reason, kept with one, shown on the row.
    const noReason = await c.call('trainer', 'PUT', url(own.projectId), [
      { participationId: own.pA, score: 82, result: '合格' },
    ]);
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('须填写原因');
    expect(noReason.body.error.fields).toHaveProperty('0.overrideReason');
    const override = await c.call('trainer', 'PUT', url(own.projectId), [
      { participationId: own.pA, score: 82, result: '合格', overrideReason: '论文作业抄袭，按合格计' },
    ]);
    expect(override.body.items[0]).toEqual({
      participationId: own.pA,
      score: 82,
      result: '合格',
      derivedResult: '优秀',
      overridden: true,
      overrideReason: '论文作业抄袭，按合格计',
    });
    const row = rowOf((await c.call('trainer', 'GET', url(own.projectId))).body, own.pA);
    expect(row).toMatchObject({
      result: '合格',
      derivedResult: '优秀',
      resultOverrideReason: '论文作业抄袭，按合格计',
    });
    // A new score without a result is judged afresh: the override ends.
    const rescored = await c.call('trainer', 'PUT', url(own.projectId), [{ participationId: own.pA, score: 75 }]);
    expect(rescored.body.items[0]).toMatchObject({ result: '合格', overridden: false, overrideReason: null });
    await c.call('county', 'PUT', '/api/assessment/settings', { passScore: 60, excellentScore: 85 });
  });

  it('an imported sheet with scores only derives the results', async () => {
    const { projectId, pA, pB } = await runningProject(c);
    const [idA, idB] = c.w.idNumbers;
    const file = multipart('成绩.csv', `身份证号,姓名,成绩\n${idA},张三,91\n${idB},李四,61\n`);
    const res = await c.t.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/assessment/import`,
      payload: file.payload,
      headers: { ...file.headers, cookie: await c.cookieFor(c.userIds.county) },
    });
    expect(res.statusCode, res.body).toBe(200);
    const read = await c.call('county', 'GET', url(projectId));
    expect(rowOf(read.body, pA)).toMatchObject({ score: 91, result: '优秀' });
    expect(rowOf(read.body, pB)).toMatchObject({ score: 61, result: '合格' });
  });

  it('documents the derived result in OpenAPI (the integration contract)', async () => {
    const doc = (await c.t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const put = doc.paths['/api/projects/{id}/assessment'].put;
    expect(put.description).toContain('成绩决定考核结果');
    const schema = JSON.stringify(put.responses['200']);
    for (const k of ['derivedResult', 'overridden', 'overrideReason']) expect(schema).toContain(k);
    expect(JSON.stringify(put.requestBody)).toContain('overrideReason');
  });
});
