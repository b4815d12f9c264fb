import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { addParticipation, createProject, createTeachers, setPasswords } from '../../../test/training.js';
import { rows } from '../../db/client.js';
import { checkin, createTrainer, passwordHash, sessionAt, tokenNow, tokenSlotsBack } from './attendance.fixtures.js';

let t: TestContext;
let w: World;
let w2: World;
type T = { id: number; userId: number };
let ta: T[]; // school A
let tb: T[]; // school B
let tc: T[]; // school C
let trainer: { username: string };
let outsider: { username: string };

const cookies = new Map<string, string>();
async function as(username: string) {
  let c = cookies.get(username);
  if (!c) {
    c = await loginAs(t.app, username);
    cookies.set(username, c);
  }
  return c;
}
const teacherUser = (x: T) => `t${x.id}`;

async function get(url: string, username: string) {
  return t.app.inject({ url, headers: { cookie: await as(username) } });
}
async function put(url: string, username: string, payload: unknown) {
  return t.app.inject({ method: 'PUT', url, headers: { cookie: await as(username) }, payload: payload as object });
}
async function post(url: string, username: string, payload: unknown = {}) {
  return t.app.inject({ method: 'POST', url, headers: { cookie: await as(username) }, payload: payload as object });
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  w2 = await seedWorld(t.deps, '邻县');
  ta = await createTeachers(t.deps, w, w.schoolA, 4);
  tb = await createTeachers(t.deps, w, w.schoolB, 2);
  tc = await createTeachers(t.deps, w, w.schoolC, 1);
  await setPasswords(
    t.deps,
    [...ta, ...tb, ...tc].map((x) => x.userId),
    await passwordHash(),
  );
});
afterAll(() => t.close());

it('documents the attendance endpoints in OpenAPI', async () => {
  const res = await t.app.inject({ url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  const paths = res.json().paths;
  for (const p of [
    '/api/sessions/{id}/qr',
    '/api/checkin',
    '/api/sessions/{id}/attendance',
    '/api/sessions/{id}/close',
    '/api/sessions/{id}/leave',
    '/api/leave-requests/{id}/review',
    '/api/projects/{id}/leave-requests',
    '/api/projects/{id}/attendance',
    '/api/projects/{id}/attendance/export',
    '/api/me/attendance',
    '/api/me/leave-requests',
  ]) {
    expect(paths[p], p).toBeTruthy();
  }
  expect(paths['/api/sessions/{id}/attendance'].put.requestBody.content['application/json'].schema.type).toBe('array');
});

describe('check-in with the rotating QR code', () => {
  let project: number;
  let sOpen: number;
  let sLate: number;
  let sFuture: number;
  let sEnded: number;
  beforeAll(async () => {
    project = await createProject(t.deps, w, { name: '骨干教师培训', status: 'running' });
    trainer = await createTrainer(t.deps, w, [project]);
    outsider = await createTrainer(t.deps, w, []);
    await addParticipation(t.deps, w, project, w.teacherA);
    for (const x of [ta[0]!, ta[1]!, ta[2]!, tb[0]!]) await addParticipation(t.deps, w, project, x.id);
    await addParticipation(t.deps, w, project, ta[3]!.id, 'withdrawn');
    await addParticipation(t.deps, w, project, tc[0]!.id, 'waitlisted');
    sOpen = await sessionAt(t.deps, w, project, 5);
    sLate = await sessionAt(t.deps, w, project, -20);
    sFuture = await sessionAt(t.deps, w, project, 60);
    sEnded = await sessionAt(t.deps, w, project, -180, 60);
  });

  it('shows the trainer a token that rotates every 30 s, with the window and counts', async () => {
    const res = await get(`/api/sessions/${sOpen}/qr`, trainer.username);
    expect(res.statusCode).toBe(200);
    const qr = res.json();
    expect(qr.token).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(qr.url).toBe(`/checkin/${sOpen}?t=${qr.token}`);
    expect(qr.rotatesEverySeconds).toBe(30);
    expect(qr.expiresInMs).toBeGreaterThan(0);
    expect(qr.expiresInMs).toBeLessThanOrEqual(30_000);
    expect(qr).toMatchObject({ sessionId: sOpen, open: true, checkedIn: 0, expected: 5 });
    expect(new Date(qr.window.closesAt).getTime() - new Date(qr.window.opensAt).getTime()).toBe(105 * 60_000);
  });

  it('refuses the QR outside the window, naming the window', async () => {
    for (const id of [sFuture, sEnded]) {
      const res = await get(`/api/sessions/${id}/qr`, trainer.username);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('CHECKIN_CLOSED');
      expect(res.json().error.message).toMatch(/签到时间为 \d{1,2}月\d{1,2}日 \d\d:\d\d–/);
    }
  });

  it('checks a participant in as present, once; a second scan answers with the first time', async () => {
    const qr = (await get(`/api/sessions/${sOpen}/qr`, trainer.username)).json();
    const cookie = await as(teacherUser(ta[0]!));
    const first = await checkin(t.app, cookie, sOpen, qr.token);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      sessionId: sOpen,
      projectId: project,
      projectName: '骨干教师培训',
      status: 'present',
      alreadyCheckedIn: false,
      method: 'qr',
    });
    const again = await checkin(t.app, cookie, sOpen, await tokenNow(t.deps, sOpen));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      status: 'present',
      alreadyCheckedIn: true,
      checkedAt: first.json().checkedAt,
    });
    const audit = await rows<{ ip: string | null; user_agent: string | null; after: { status: string } }>(
      t.deps.db,
      sql`select ip, user_agent, after from audit_log where action = 'attendance.checkin'
          and after->>'sessionId' = ${String(sOpen)}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.user_agent).toContain('TestPhone');
    expect(audit[0]!.ip).toBeTruthy();
    expect(audit[0]!.after.status).toBe('present');
    const qr2 = (await get(`/api/sessions/${sOpen}/qr`, trainer.username)).json();
    expect(qr2.checkedIn).toBe(1);
  });

  it('marks a scan more than 10 minutes after the start as late', async () => {
    const res = await checkin(t.app, await as(teacherUser(ta[1]!)), sLate, await tokenNow(t.deps, sLate));
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('late');
  });

  it('records one check-in when the same phone sends the scan several times at once', async () => {
    const cookie = await as(teacherUser(ta[2]!));
    const token = await tokenNow(t.deps, sLate);
    const answers = await Promise.all(Array.from({ length: 6 }, () => checkin(t.app, cookie, sLate, token)));
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.filter((r) => !r.json().alreadyCheckedIn)).toHaveLength(1);
    expect(new Set(answers.map((r) => r.json().checkedAt)).size).toBe(1);
    const audit = await rows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from audit_log where action = 'attendance.checkin'
          and after->>'sessionId' = ${String(sLate)} and user_id = ${ta[2]!.userId}`,
    );
    expect(audit[0]!.n).toBe(1);
  });

  it('refuses a valid token outside the window (409)', async () => {
    const cookie = await as(teacherUser(ta[0]!));
    const early = await checkin(t.app, cookie, sFuture, await tokenNow(t.deps, sFuture));
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'CHECKIN_CLOSED' });
    expect(early.json().error.message).toMatch(/^签到尚未开始，签到时间为 /);
    const late = await checkin(t.app, cookie, sEnded, await tokenNow(t.deps, sEnded));
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toMatch(/^签到已结束，签到时间为 /);
  });

  it('refuses a wrong, rotated-out or other-session token (400)', async () => {
    const cookie = await as(teacherUser(ta[2]!));
    for (const token of [
      'AAAAAAAAAAAAAAAA',
      await tokenSlotsBack(t.deps, sOpen, 2),
      await tokenSlotsBack(t.deps, sOpen, 10),
      await tokenNow(t.deps, sLate),
    ]) {
      const res = await checkin(t.app, cookie, sOpen, token);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toEqual({ code: 'QR_EXPIRED', message: '二维码已过期，请扫描屏幕上的最新二维码' });
    }
  });

  it('refuses non-participants (403), withdrawn and wait-listed teachers, and unknown sessions (404)', async () => {
    const token = await tokenNow(t.deps, sOpen);
    const outsiderTeacher = await checkin(t.app, await as(teacherUser(tb[1]!)), sOpen, token);
    expect(outsiderTeacher.statusCode).toBe(403);
    expect(outsiderTeacher.json().error.code).toBe('NOT_PARTICIPANT');
    expect(outsiderTeacher.json().error.message).toContain('不是“骨干教师培训”的学员');
    const withdrawn = await checkin(t.app, await as(teacherUser(ta[3]!)), sOpen, token);
    expect(withdrawn.statusCode).toBe(403);
    expect(withdrawn.json().error.message).toContain('已退出');
    const waiting = await checkin(t.app, await as(teacherUser(tc[0]!)), sOpen, token);
    expect(waiting.statusCode).toBe(403);
    expect(waiting.json().error.message).toContain('候补');
    const missing = await checkin(t.app, await as(teacherUser(ta[0]!)), 999_999, token);
    expect(missing.statusCode).toBe(404);
    const admin = await checkin(t.app, await as(w.users.county), sOpen, token);
    expect(admin.statusCode).toBe(403);
    expect(admin.json().error.code).toBe('FORBIDDEN');
    // A session of another county is not found, even with its own valid token.
    const foreignProject = await createProject(t.deps, w2, { status: 'running' });
    const foreign = await sessionAt(t.deps, w2, foreignProject, 5);
    const res = await checkin(t.app, await as(teacherUser(ta[0]!)), foreign, await tokenNow(t.deps, foreign));
    expect(res.statusCode).toBe(404);
  });

  it('rate-limits wrong tokens per user: the 11th attempt in a minute answers 429', async () => {
    const cookie = await as(teacherUser(tb[0]!));
    for (let i = 0; i < 10; i++) {
      const res = await checkin(t.app, cookie, sOpen, `wrong-token-${i}`);
      expect(res.statusCode).toBe(400);
    }
    const blocked = await checkin(t.app, cookie, sOpen, await tokenNow(t.deps, sOpen));
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('TOO_MANY_ATTEMPTS');
    // Another teacher is not affected.
    const other = await checkin(t.app, await as(w.users.teacherA), sOpen, await tokenNow(t.deps, sOpen));
    expect(other.statusCode).toBe(200);
  });

  it('lists the session: every participant with status or not yet, counts, absentees', async () => {
    const res = await get(`/api/sessions/${sOpen}/attendance`, trainer.username);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.session).toMatchObject({ id: sOpen, projectId: project, ended: false });
    expect(body.counts).toEqual({ expected: 5, present: 2, late: 0, absent: 0, leave: 0, none: 3, absentees: 0 });
    expect(body.total).toBe(5);
    const notYet = body.items.filter((i: { status: string | null }) => i.status === null);
    expect(notYet).toHaveLength(3);
    expect(notYet[0]).toMatchObject({ statusLabel: '未签到', absentee: false });
    const filtered = await get(`/api/sessions/${sOpen}/attendance?status=none&pageSize=2`, trainer.username);
    expect(filtered.json()).toMatchObject({ total: 3 });
    expect(filtered.json().items).toHaveLength(2);
  });
});

describe('manual marking and closing a session', () => {
  let project: number;
  let other: number;
  let ended: number;
  let future: number;
  let open: number;
  let pA: number; // world teacher A
  let p0: number;
  let p1: number;
  let pWithdrawn: number;
  let pOther: number;
  beforeAll(async () => {
    project = await createProject(t.deps, w, { name: '班主任培训', status: 'running' });
    other = await createProject(t.deps, w, { name: '别的项目', status: 'running' });
    trainer = await createTrainer(t.deps, w, [project]);
    pA = await addParticipation(t.deps, w, project, w.teacherA);
    p0 = await addParticipation(t.deps, w, project, ta[0]!.id);
    p1 = await addParticipation(t.deps, w, project, ta[1]!.id);
    await addParticipation(t.deps, w, project, tb[0]!.id);
    await addParticipation(t.deps, w, project, tb[1]!.id, 'completed');
    pWithdrawn = await addParticipation(t.deps, w, project, ta[3]!.id, 'withdrawn');
    pOther = await addParticipation(t.deps, w, other, ta[2]!.id);
    ended = await sessionAt(t.deps, w, project, -180, 60);
    future = await sessionAt(t.deps, w, project, 120);
    open = await sessionAt(t.deps, w, project, 5);
  });

  it('requires a reason for every mark', async () => {
    const res = await put(`/api/sessions/${ended}/attendance`, w.users.county, [
      { participationId: p0, status: 'present', reason: '纸质签到表补录' },
      { participationId: p1, status: 'present' },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.fields['1.reason']).toBeTruthy();
    const blank = await put(`/api/sessions/${ended}/attendance`, w.users.county, [
      { participationId: p0, status: 'present', reason: '   ' },
    ]);
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.message).toContain('请填写补录或修改考勤的原因');
  });

  it('marks by hand and audits before → after', async () => {
    const res = await put(`/api/sessions/${ended}/attendance`, trainer.username, [
      { participationId: p0, status: 'present', reason: '纸质签到表补录' },
      { participationId: pA, status: 'absent', reason: '未到场' },
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ changed: 2, unchanged: 0 });
    const change = await put(`/api/sessions/${ended}/attendance`, w.users.county, [
      { participationId: p0, status: 'late', reason: '核对监控，迟到20分钟' },
      { participationId: pA, status: 'absent', reason: '重复提交' },
    ]);
    expect(change.json()).toEqual({ changed: 1, unchanged: 1 });
    const audit = await rows<{ before: unknown; after: { status: string; reason: string; participationId: number } }>(
      t.deps.db,
      sql`select before, after from audit_log where action = 'attendance.mark' and (after->>'sessionId')::int = ${ended}
          order by id`,
    );
    expect(audit).toHaveLength(3);
    expect(audit[0]).toMatchObject({ before: null, after: { status: 'present', reason: '纸质签到表补录' } });
    expect(audit[2]).toMatchObject({
      before: { status: 'present', method: 'manual', reason: '纸质签到表补录' },
      after: { status: 'late', reason: '核对监控，迟到20分钟', participationId: p0 },
    });
  });

  it('refuses duplicates, other projects, non-participants, and attendance before the window', async () => {
    const dup = await put(`/api/sessions/${ended}/attendance`, w.users.county, [
      { participationId: p1, status: 'present', reason: '补录' },
      { participationId: p1, status: 'late', reason: '补录' },
    ]);
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.message).toContain('第2条与第1条是同一学员');
    const foreign = await put(`/api/sessions/${ended}/attendance`, w.users.county, [
      { participationId: pOther, status: 'present', reason: '补录' },
    ]);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.message).toContain('不属于本项目');
    const withdrawn = await put(`/api/sessions/${ended}/attendance`, w.users.county, [
      { participationId: pWithdrawn, status: 'present', reason: '补录' },
    ]);
    expect(withdrawn.statusCode).toBe(400);
    expect(withdrawn.json().error.message).toContain('已退出');
    const early = await put(`/api/sessions/${future}/attendance`, w.users.county, [
      { participationId: p1, status: 'present', reason: '补录' },
    ]);
    expect(early.statusCode).toBe(409);
    const leave = await put(`/api/sessions/${future}/attendance`, w.users.county, [
      { participationId: p1, status: 'leave', reason: '提前电话请假' },
    ]);
    expect(leave.statusCode).toBe(200);
  });

  it('closes an ended session: everyone without a record becomes absent, once', async () => {
    const tooSoon = await post(`/api/sessions/${open}/close`, trainer.username);
    expect(tooSoon.statusCode).toBe(409);
    const res = await post(`/api/sessions/${ended}/close`, trainer.username);
    expect(res.statusCode).toBe(200);
    // p0 late, pA absent (marked); p1, tb[0], tb[1] (completed) had no record.
    expect(res.json()).toEqual({ markedAbsent: 3 });
    expect((await post(`/api/sessions/${ended}/close`, trainer.username)).json()).toEqual({ markedAbsent: 0 });
    const list = (await get(`/api/sessions/${ended}/attendance`, w.users.county)).json();
    expect(list.session.ended).toBe(true);
    expect(list.counts).toMatchObject({ expected: 5, late: 1, absent: 4, none: 0, absentees: 4 });
    const absentees = (await get(`/api/sessions/${ended}/attendance?absentees=true`, w.users.county)).json();
    expect(absentees.total).toBe(4);
    const auto = absentees.items.find((i: { participationId: number }) => i.participationId === p1);
    expect(auto).toMatchObject({ status: 'absent', method: 'manual', reason: '未签到', absentee: true });
    const audit = await rows<{ after: { markedAbsent: number } }>(
      t.deps.db,
      sql`select after from audit_log where action = 'attendance.close' and entity_id = ${String(ended)} order by id`,
    );
    expect(audit.map((a) => a.after.markedAbsent)).toEqual([3, 0]);
  });

  it('freezes attendance once the project is closed', async () => {
    await t.deps.db.execute(sql`update projects set status = 'closed' where id = ${project}`);
    const res = await put(`/api/sessions/${ended}/attendance`, w.users.county, [
      { participationId: p1, status: 'present', reason: '补录' },
    ]);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('项目已结束');
    await t.deps.db.execute(sql`update projects set status = 'running' where id = ${project}`);
  });
});

describe('rates, lists and export', () => {
  let project: number;
  let r1: number;
  let r2: number;
  let r3: number;
  beforeAll(async () => {
    project = await createProject(t.deps, w, { name: '信息技术能力提升', status: 'running' });
    r1 = await addParticipation(t.deps, w, project, ta[0]!.id);
    r2 = await addParticipation(t.deps, w, project, ta[1]!.id);
    r3 = await addParticipation(t.deps, w, project, tb[0]!.id);
    await addParticipation(t.deps, w, project, ta[3]!.id, 'withdrawn');
    const e1 = await sessionAt(t.deps, w, project, -300, 60);
    const e2 = await sessionAt(t.deps, w, project, -200, 60);
    const e3 = await sessionAt(t.deps, w, project, -100, 60);
    const f1 = await sessionAt(t.deps, w, project, 120, 60);
    const mark = async (s: number, marks: Array<[number, string]>) => {
      const res = await put(
        `/api/sessions/${s}/attendance`,
        w.users.county,
        marks.map(([participationId, status]) => ({ participationId, status, reason: '按签到表录入' })),
      );
      expect(res.statusCode).toBe(200);
    };
    await mark(e1, [
      [r1, 'present'],
      [r2, 'present'],
    ]);
    await mark(e2, [
      [r1, 'late'],
      [r2, 'absent'],
    ]);
    await mark(e3, [[r1, 'leave']]);
    await mark(f1, [[r3, 'leave']]);
  });

  it('computes held / attended / leave / absent / rate per participant in one grouped query', async () => {
    const res = await get(`/api/projects/${project}/attendance`, w.users.county);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ projectId: project, projectName: '信息技术能力提升', sessions: 4, held: 3, total: 3 });
    const by = new Map(body.items.map((i: { participationId: number }) => [i.participationId, i]));
    expect(by.get(r1)).toMatchObject({ held: 3, attended: 2, late: 1, leave: 1, absent: 0, rate: 1 });
    expect(by.get(r2)).toMatchObject({ held: 3, attended: 1, late: 0, leave: 0, absent: 2 });
    expect((by.get(r2) as { rate: number }).rate).toBeCloseTo(1 / 3);
    // Leave in a session not yet held does not count.
    expect(by.get(r3)).toMatchObject({ held: 3, attended: 0, leave: 0, absent: 3, rate: 0 });
  });

  it('paginates and filters by school', async () => {
    const p1 = (await get(`/api/projects/${project}/attendance?pageSize=2`, w.users.county)).json();
    expect(p1.items).toHaveLength(2);
    expect(p1.total).toBe(3);
    const p2 = (await get(`/api/projects/${project}/attendance?pageSize=2&page=2`, w.users.county)).json();
    expect(p2.items).toHaveLength(1);
    const past = (await get(`/api/projects/${project}/attendance?pageSize=2&page=9`, w.users.county)).json();
    expect(past).toMatchObject({ items: [], total: 3 });
    const b = (await get(`/api/projects/${project}/attendance?schoolId=${w.schoolB}`, w.users.county)).json();
    expect(b.items.map((i: { participationId: number }) => i.participationId)).toEqual([r3]);
  });

  it('shows a teacher their own sessions and rate', async () => {
    const res = await get(`/api/me/attendance?projectId=${project}`, teacherUser(ta[0]!));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(4);
    expect(body.summary).toEqual({ held: 3, attended: 2, leave: 1, absent: 0, rate: 1 });
    expect(body.items[0]).toMatchObject({ ended: false, status: null, statusLabel: '未签到' });
    expect(body.items.map((i: { status: string | null }) => i.status)).toEqual([null, 'leave', 'late', 'present']);
    const all = (await get('/api/me/attendance', teacherUser(ta[0]!))).json();
    expect(all.summary).toBeNull();
    expect(all.total).toBeGreaterThanOrEqual(4);
    const admin = await get('/api/me/attendance', w.users.county);
    expect(admin.statusCode).toBe(403);
  });

  it('exports the rates as .xlsx that opens', async () => {
    const res = await get(`/api/projects/${project}/attendance/export`, w.users.county);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('出勤统计')!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      '姓名',
      '学校',
      '学员状态',
      '已举行课次',
      '出勤（含迟到）',
      '其中迟到',
      '请假',
      '缺勤',
      '出勤率（%）',
    ]);
    expect(ws.actualRowCount).toBe(4);
    const rates = [2, 3, 4].map((i) => Number(ws.getRow(i).getCell(9).value)).sort((a, b) => a - b);
    expect(rates).toEqual([0, 33.3, 100]);
    const scoped = await get(`/api/projects/${project}/attendance/export`, w.users.schoolB);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(scoped.rawPayload as unknown as ArrayBuffer);
    expect(wb2.getWorksheet('出勤统计')!.actualRowCount).toBe(2);
    const denied = await get(`/api/projects/${project}/attendance/export`, outsider.username);
    expect(denied.statusCode).toBe(404);
  });
});

describe('scope by role', () => {
  let project: number;
  let open: number;
  let ended: number;
  let schoolProject: number;
  let schoolOpen: number;
  let schoolPart: number;
  let teaching: { username: string };
  const mark = (p: number) => [{ participationId: p, status: 'present', reason: '补录' }];
  let pA: number;
  beforeAll(async () => {
    project = await createProject(t.deps, w, { name: '县级师德培训', status: 'running' });
    teaching = await createTrainer(t.deps, w, [project]);
    pA = await addParticipation(t.deps, w, project, w.teacherA);
    await addParticipation(t.deps, w, project, ta[0]!.id);
    await addParticipation(t.deps, w, project, tb[0]!.id);
    await addParticipation(t.deps, w, project, tc[0]!.id);
    open = await sessionAt(t.deps, w, project, 5);
    ended = await sessionAt(t.deps, w, project, -180, 60);
    schoolProject = await createProject(t.deps, w, {
      name: '实验小学校本研修',
      level: '校培',
      organiserType: 'school',
      schoolId: w.schoolA,
      status: 'running',
    });
    schoolPart = await addParticipation(t.deps, w, schoolProject, ta[1]!.id);
    schoolOpen = await sessionAt(t.deps, w, schoolProject, 5);
  });

  const teachersSeen = async (username: string) => {
    const res = await get(`/api/sessions/${ended}/attendance`, username);
    if (res.statusCode !== 200) return res.statusCode;
    return res
      .json()
      .items.map((i: { teacherId: number }) => i.teacherId)
      .sort((a: number, b: number) => a - b);
  };
  const ids = (...xs: number[]) => xs.sort((a, b) => a - b);

  it('filters the session list to what each role may see', async () => {
    const all = ids(w.teacherA, ta[0]!.id, tb[0]!.id, tc[0]!.id);
    expect(await teachersSeen(w.users.county)).toEqual(all);
    expect(await teachersSeen(w.users.leader)).toEqual(all);
    expect(await teachersSeen(teaching.username)).toEqual(all);
    expect(await teachersSeen(w.users.areaA)).toEqual(ids(w.teacherA, ta[0]!.id, tb[0]!.id));
    expect(await teachersSeen(w.users.consA)).toEqual(ids(tb[0]!.id, tc[0]!.id));
    expect(await teachersSeen(w.users.schoolA)).toEqual(ids(w.teacherA, ta[0]!.id));
    expect(await teachersSeen(w.users.schoolB)).toEqual(ids(tb[0]!.id));
    expect(await teachersSeen(w.users.teacherA)).toEqual([w.teacherA]);
    expect(await teachersSeen(teacherUser(tb[1]!))).toBe(404);
    expect(await teachersSeen(outsider.username)).toBe(404);
    expect(await teachersSeen(w2.users.county)).toBe(404);
    const rates = (await get(`/api/projects/${project}/attendance`, w.users.schoolA)).json();
    expect(rates.items.map((i: { teacherId: number }) => i.teacherId).sort()).toEqual(ids(w.teacherA, ta[0]!.id));
  });

  it('lets only managers mark attendance and show the QR code', async () => {
    const writes: Array<[string, number]> = [
      [w.users.county, 200],
      [teaching.username, 200],
      [w.users.leader, 403],
      [w.users.areaA, 403],
      [w.users.schoolA, 403],
      [w.users.teacherA, 403],
      [outsider.username, 404],
      [w2.users.county, 404],
    ];
    for (const [user, status] of writes) {
      const res = await put(`/api/sessions/${ended}/attendance`, user, mark(pA));
      expect(res.statusCode, `PUT as ${user}`).toBe(status);
      const qr = await get(`/api/sessions/${open}/qr`, user);
      expect(qr.statusCode, `QR as ${user}`).toBe(status);
      const close = await post(`/api/sessions/${ended}/close`, user);
      expect(close.statusCode, `close as ${user}`).toBe(status);
    }
    const leader = await put(`/api/sessions/${ended}/attendance`, w.users.leader, mark(pA));
    expect(leader.json().error.message).toContain('只读');
  });

  it("lets a school admin manage their own school's 校培 project, and no other school's", async () => {
    expect((await get(`/api/sessions/${schoolOpen}/qr`, w.users.schoolA)).statusCode).toBe(200);
    const own = await put(`/api/sessions/${schoolOpen}/attendance`, w.users.schoolA, mark(schoolPart));
    expect(own.statusCode).toBe(200);
    // Another school's 校培 is not in school B's view at all (as in the projects module).
    const other = await put(`/api/sessions/${schoolOpen}/attendance`, w.users.schoolB, mark(schoolPart));
    expect(other.statusCode).toBe(404);
    expect((await get(`/api/sessions/${schoolOpen}/qr`, w.users.schoolB)).statusCode).toBe(404);
    expect((await get(`/api/sessions/${schoolOpen}/attendance`, w.users.schoolB)).statusCode).toBe(404);
    // The area admin over school A reads it, but does not manage it.
    expect((await get(`/api/sessions/${schoolOpen}/attendance`, w.users.areaA)).json().total).toBe(1);
    expect((await put(`/api/sessions/${schoolOpen}/attendance`, w.users.areaA, mark(schoolPart))).statusCode).toBe(403);
    // A school admin still reads their own teachers in another school's 校培 they take part in.
    const guest = await addParticipation(t.deps, w, schoolProject, tb[0]!.id);
    const seen = (await get(`/api/sessions/${schoolOpen}/attendance`, w.users.schoolB)).json();
    expect(seen.items.map((i: { participationId: number }) => i.participationId)).toEqual([guest]);
    // A trainer of another project cannot see it at all.
    expect((await get(`/api/sessions/${schoolOpen}/attendance`, teaching.username)).statusCode).toBe(404);
    // A teacher of the school checks in to it like any other session.
    const res = await checkin(t.app, await as(teacherUser(ta[1]!)), schoolOpen, await tokenNow(t.deps, schoolOpen));
    expect(res.statusCode).toBe(200);
    // The school admin marked them by hand above: the page says so rather than "you checked in".
    expect(res.json()).toMatchObject({ alreadyCheckedIn: true, method: 'manual' });
  });
});
