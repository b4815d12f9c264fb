import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { addParticipation, createProject, createTeachers, setPasswords } from '../../../test/training.js';
import { one, rows } from '../../db/client.js';
import { checkin, createTrainer, passwordHash, sessionAt, tokenNow } from './attendance.fixtures.js';

let t: TestContext;
let w: World;
type T = { id: number; userId: number };
let ta: T[];
let tb: T[];
let trainer: { username: string; userId: number };
let outsider: { username: string };
let project: number;
let future: number;
let future2: number;
let open: number;
let ended: number;
let pA: number;

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
async function post(url: string, username: string, payload: unknown = {}) {
  return t.app.inject({ method: 'POST', url, headers: { cookie: await as(username) }, payload: payload as object });
}
const notices = (userId: number, kind: string) =>
  rows<{ title: string; body: string | null }>(
    t.deps.db,
    sql`select title, body from notifications where user_id = ${userId} and kind = ${kind} order by id`,
  );
async function userIdOf(username: string) {
  return (await one<{ id: number }>(t.deps.db, sql`select id from users where username = ${username}`))!.id;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  ta = await createTeachers(t.deps, w, w.schoolA, 2);
  tb = await createTeachers(t.deps, w, w.schoolB, 1);
  await setPasswords(
    t.deps,
    [...ta, ...tb].map((x) => x.userId),
    await passwordHash(),
  );
  project = await createProject(t.deps, w, { name: '新教师岗前培训', status: 'running' });
  trainer = await createTrainer(t.deps, w, [project]);
  outsider = await createTrainer(t.deps, w, []);
  pA = await addParticipation(t.deps, w, project, w.teacherA);
  await addParticipation(t.deps, w, project, ta[0]!.id);
  await addParticipation(t.deps, w, project, ta[1]!.id, 'withdrawn');
  future = await sessionAt(t.deps, w, project, 60);
  future2 = await sessionAt(t.deps, w, project, 240);
  open = await sessionAt(t.deps, w, project, 5);
  ended = await sessionAt(t.deps, w, project, -180, 60);
});
afterAll(() => t.close());

describe('leave requests (请假)', () => {
  let leaveId: number;

  it('lets a participant ask for leave before the session, and tells the trainer', async () => {
    const res = await post(`/api/sessions/${future}/leave`, w.users.teacherA, { reason: '参加市级教研活动' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      sessionId: future,
      projectId: project,
      projectName: '新教师岗前培训',
      participationId: pA,
      teacherId: w.teacherA,
      reason: '参加市级教研活动',
      status: 'pending',
      statusLabel: '待审批',
      reviewedAt: null,
    });
    leaveId = res.json().id;
    const n = await notices(trainer.userId, 'leave.requested');
    expect(n).toHaveLength(1);
    expect(n[0]!.body).toContain('参加市级教研活动');
  });

  it('allows one pending request per session and refuses bad requests', async () => {
    const again = await post(`/api/sessions/${future}/leave`, w.users.teacherA, { reason: '再次申请' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('正在等待审批');
    const empty = await post(`/api/sessions/${future}/leave`, w.users.teacherA, { reason: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('请填写请假原因');
    const late = await post(`/api/sessions/${ended}/leave`, w.users.teacherA, { reason: '补请假' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toContain('已结束');
    const stranger = await post(`/api/sessions/${future}/leave`, teacherUser(tb[0]!), { reason: '有事' });
    expect(stranger.statusCode).toBe(403);
    expect(stranger.json().error.code).toBe('NOT_PARTICIPANT');
    const withdrawn = await post(`/api/sessions/${future}/leave`, teacherUser(ta[1]!), { reason: '有事' });
    expect(withdrawn.statusCode).toBe(403);
    expect(withdrawn.json().error.code).toBe('NOT_PARTICIPANT');
    const admin = await post(`/api/sessions/${future}/leave`, w.users.county, { reason: '有事' });
    expect(admin.statusCode).toBe(403);
  });

  it('lists a project’s requests for managers, scoped for school admins', async () => {
    const res = await get(`/api/projects/${project}/leave-requests?status=pending`, trainer.username);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 1, items: [{ id: leaveId, teacherName: '张三' }] });
    expect((await get(`/api/projects/${project}/leave-requests`, w.users.schoolA)).json().total).toBe(1);
    expect((await get(`/api/projects/${project}/leave-requests`, w.users.schoolB)).json().total).toBe(0);
    expect((await get(`/api/projects/${project}/leave-requests?status=approved`, w.users.county)).json().total).toBe(0);
    expect((await get(`/api/projects/${project}/leave-requests`, outsider.username)).statusCode).toBe(404);
  });

  it('lets only managers review, and requires a reason to reject', async () => {
    expect(
      (await post(`/api/leave-requests/${leaveId}/review`, w.users.leader, { decision: 'approved' })).statusCode,
    ).toBe(403);
    expect(
      (await post(`/api/leave-requests/${leaveId}/review`, w.users.schoolA, { decision: 'approved' })).statusCode,
    ).toBe(403);
    expect(
      (await post(`/api/leave-requests/${leaveId}/review`, outsider.username, { decision: 'approved' })).statusCode,
    ).toBe(404);
    expect((await post('/api/leave-requests/999999/review', w.users.county, { decision: 'approved' })).statusCode).toBe(
      404,
    );
    const noReason = await post(`/api/leave-requests/${leaveId}/review`, trainer.username, { decision: 'rejected' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields.reason).toBe('不批准时请填写原因');
  });

  it('approves: the session becomes leave, the teacher is notified and sees it', async () => {
    const res = await post(`/api/leave-requests/${leaveId}/review`, trainer.username, { decision: 'approved' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'approved', statusLabel: '已批准' });
    expect(res.json().reviewedAt).toBeTruthy();
    const att = await one<{ status: string; method: string; reason: string }>(
      t.deps.db,
      sql`select status, method, reason from attendance where session_id = ${future} and participation_id = ${pA}`,
    );
    expect(att).toEqual({ status: 'leave', method: 'leave', reason: '参加市级教研活动' });
    const n = await notices(await userIdOf(w.users.teacherA), 'leave.reviewed');
    expect(n.map((x) => x.title)).toEqual(['请假已批准：新教师岗前培训']);
    const audit = await rows<{ action: string }>(
      t.deps.db,
      sql`select action from audit_log where (entity = 'leave_request' and entity_id = ${String(leaveId)})
          or (action = 'attendance.mark' and (after->>'leaveRequestId')::int = ${leaveId}) order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['leave.request', 'leave.review', 'attendance.mark']);
    const again = await post(`/api/leave-requests/${leaveId}/review`, trainer.username, {
      decision: 'rejected',
      reason: 'x',
    });
    expect(again.statusCode).toBe(409);
    const mine = (await get('/api/me/leave-requests', w.users.teacherA)).json();
    expect(mine).toMatchObject({ total: 1, items: [{ id: leaveId, status: 'approved' }] });
    const sessions = (await get(`/api/me/attendance?projectId=${project}`, w.users.teacherA)).json();
    const s = sessions.items.find((i: { sessionId: number }) => i.sessionId === future);
    expect(s).toMatchObject({ status: 'leave', statusLabel: '请假', leaveStatus: 'approved' });
    const dup = await post(`/api/sessions/${future}/leave`, w.users.teacherA, { reason: '再请一次' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toContain('已批准');
  });

  it('rejects with a reason; the teacher may ask again, but not after checking in', async () => {
    const cookieUser = teacherUser(ta[0]!);
    const req = (await post(`/api/sessions/${open}/leave`, cookieUser, { reason: '身体不适' })).json();
    const res = await post(`/api/leave-requests/${req.id}/review`, w.users.county, {
      decision: 'rejected',
      reason: '本次为必修内容',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'rejected', reviewReason: '本次为必修内容' });
    const n = await notices(ta[0]!.userId, 'leave.reviewed');
    expect(n[0]!.body).toContain('本次为必修内容');
    const ok = await checkin(t.app, await as(cookieUser), open, await tokenNow(t.deps, open));
    expect(ok.statusCode).toBe(200);
    const after = await post(`/api/sessions/${open}/leave`, cookieUser, { reason: '还是想请假' });
    expect(after.statusCode).toBe(409);
    expect(after.json().error.message).toContain('已签到');
  });

  it('refuses to approve leave for a teacher who checked in meanwhile', async () => {
    const req = (await post(`/api/sessions/${open}/leave`, w.users.teacherA, { reason: '临时有事' })).json();
    const ok = await checkin(t.app, await as(w.users.teacherA), open, await tokenNow(t.deps, open));
    expect(ok.statusCode).toBe(200);
    const res = await post(`/api/leave-requests/${req.id}/review`, trainer.username, { decision: 'approved' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('已签到');
  });

  it('turns an absent mark into leave when approved after the session was closed', async () => {
    const req = (await post(`/api/sessions/${future2}/leave`, w.users.teacherA, { reason: '住院' })).json();
    // The session takes place (moved into the past), closes, and marks the teacher absent.
    await t.deps.db.execute(
      sql`update project_sessions set starts_at = now() - interval '3 hours', ends_at = now() - interval '2 hours'
          where id = ${future2}`,
    );
    expect((await post(`/api/sessions/${future2}/close`, trainer.username)).json()).toEqual({ markedAbsent: 2 });
    const res = await post(`/api/leave-requests/${req.id}/review`, trainer.username, { decision: 'approved' });
    expect(res.statusCode).toBe(200);
    const list = (await get(`/api/sessions/${future2}/attendance`, trainer.username)).json();
    expect(list.counts).toMatchObject({ leave: 1, absent: 1, absentees: 1 });
    const audit = await one<{ before: { status: string } }>(
      t.deps.db,
      sql`select before from audit_log where action = 'attendance.mark' and (after->>'leaveRequestId')::int = ${req.id}`,
    );
    expect(audit!.before.status).toBe('absent');
  });
});
