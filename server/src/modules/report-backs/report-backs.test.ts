// Report-backs: task creation where completions happen (completion run, results import), due date
// and overdue, submit → verify / return, reminders once per day, scope (schools and files), the
// per-school supervision table and its export, the county's rule.
import { mondayOf } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addParticipation, createProject } from '../../../test/training.js';
import { one, rows } from '../../db/client.js';
import {
  assessmentContext,
  auditOf,
  type Body,
  type Ctx,
  mark,
  noticesOf,
  runningProject,
  setStatus,
} from '../assessment/assessment.fixtures.js';
import { multipartUpload, samplePdf } from '../attachments/attachments.fixtures.js';
import { csv, multipart } from '../imports/imports.fixtures.js';
import { createReportBackTasks, remindOverdueReportBacks } from './report-backs.tasks.js';

let c: Ctx;
beforeAll(async () => {
  c = await assessmentContext();
}, 60_000);
afterAll(() => c.t.close());

const DAY = 86400_000;
/** The county's date `days` from today (Asia/Shanghai), YYYY-MM-DD. */
const dayOf = (days: number) =>
  new Date(Date.now() + days * DAY).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** Runs a project through completion: everyone attends every session; no score required. */
async function completed(p: Parameters<typeof runningProject>[1] = {}) {
  const r = await runningProject(c, {
    completionRule: { minAttendanceRate: 0.8, requirePass: false },
    ...p,
  });
  for (const pid of [r.pA, r.pB]) await mark(c, r.sessions, pid, r.sessions.length);
  await setStatus(c, r.projectId, 'assessing');
  const res = await c.call('county', 'POST', `/api/projects/${r.projectId}/complete`, {});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return r;
}

async function tasksOf(projectId: number) {
  return rows<{ id: number; teacher_id: number; school_id: number; due_on: string; status: string }>(
    c.deps.db,
    sql`select id, teacher_id, school_id, due_on::text as due_on, status from report_backs
        where project_id = ${projectId} order by teacher_id`,
  );
}

async function uploadAs(who: 'teacherA' | 'teacherB' | 'schoolA', name = 'slides.pdf'): Promise<number> {
  const body = multipartUpload(name, samplePdf(name), { purpose: 'report_back' });
  const res = await c.call(who, 'POST', '/api/attachments', body.payload, body.headers);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id;
}

const submission = (attachmentIds: number[], over: Record<string, unknown> = {}) => ({
  form: '讲座',
  heldOn: dayOf(0),
  audience: 36,
  summary: '向全校语文组分享了国培所学的大单元教学设计方法，并展示了两个课例。',
  attachmentIds,
  ...over,
});

describe('task creation', () => {
  it('creates one task per completed participant of a provincial project, due 14 days after its end', async () => {
    const end = dayOf(-3);
    const r = await completed({ level: '省培', organiserType: 'upper', startDate: dayOf(-8), endDate: end });
    const tasks = await tasksOf(r.projectId);
    expect(tasks.map((t) => [t.teacher_id, t.due_on, t.status])).toEqual([
      [c.w.teacherA, addDays(end, 14), 'pending'],
      [c.w.teacherB, addDays(end, 14), 'pending'],
    ]);
    expect(tasks[0]!.school_id).toBe(c.w.schoolA);
    expect(tasks[1]!.school_id).toBe(c.w.schoolB);
    // The teacher is told, the creation audited; a second completion run changes nothing.
    const notes = await noticesOf(c, c.userIds.teacherA);
    expect(notes.some((n) => n.kind === 'report_back.created' && n.title.includes('成果汇报'))).toBe(true);
    expect((await auditOf(c, 'report_back.create')).length).toBeGreaterThan(0);
    await c.call('county', 'POST', `/api/projects/${r.projectId}/complete`, {});
    expect(await tasksOf(r.projectId)).toHaveLength(2);
  });

  it('creates none for a county-level classroom project, but one for a county study visit (外出交流)', async () => {
    const plain = await completed({ level: '县培', mode: '集中面授', startDate: dayOf(-5), endDate: dayOf(-4) });
    expect(await tasksOf(plain.projectId)).toHaveLength(0);
    const visit = await completed({ level: '县培', mode: '外出交流', startDate: dayOf(-5), endDate: dayOf(-4) });
    expect(await tasksOf(visit.projectId)).toHaveLength(2);
  });

  it('creates none for a participant who did not complete, and withdraws a pending task when corrected', async () => {
    const r = await runningProject(c, {
      level: '国培',
      organiserType: 'upper',
      startDate: dayOf(-6),
      endDate: dayOf(-2),
      completionRule: { minAttendanceRate: 0.8, requirePass: false },
    });
    await mark(c, r.sessions, r.pA, r.sessions.length);
    await mark(c, r.sessions, r.pB, 1);
    await setStatus(c, r.projectId, 'assessing');
    await c.call('county', 'POST', `/api/projects/${r.projectId}/complete`, {});
    expect((await tasksOf(r.projectId)).map((t) => t.teacher_id)).toEqual([c.w.teacherA]);
    // Teacher A's attendance corrected to absent: the completion is corrected, the pending task withdrawn.
    await mark(c, r.sessions, r.pA, r.sessions.length, 'absent');
    await c.call('county', 'POST', `/api/projects/${r.projectId}/complete`, {});
    expect(await tasksOf(r.projectId)).toHaveLength(0);
    expect((await auditOf(c, 'report_back.withdraw')).length).toBeGreaterThan(0);
  });

  it('follows the county rule (levels, modes, days), which only the county admin may change', async () => {
    const rule = await c.call('schoolA', 'GET', '/api/report-backs/settings');
    expect(rule.body).toEqual({ levels: ['国培', '省培', '市州培'], modes: ['外出交流', '跟岗影子'], dueDays: 14 });
    const next = { levels: ['国培'], modes: [], dueDays: 21 };
    expect((await c.call('schoolA', 'PUT', '/api/report-backs/settings', next)).status).toBe(403);
    expect((await c.call('county', 'PUT', '/api/report-backs/settings', { ...next, dueDays: 0 })).status).toBe(400);
    expect((await c.call('county', 'PUT', '/api/report-backs/settings', next)).body).toEqual(next);
    const prov = await completed({ level: '省培', organiserType: 'upper', startDate: dayOf(-4), endDate: dayOf(-3) });
    expect(await tasksOf(prov.projectId)).toHaveLength(0);
    const nat = await completed({ level: '国培', organiserType: 'upper', startDate: dayOf(-4), endDate: dayOf(-3) });
    expect((await tasksOf(nat.projectId))[0]!.due_on).toBe(addDays(dayOf(-3), 21));
    expect(await auditOf(c, 'report_back.settings')).toHaveLength(1);
    // The other county keeps the default.
    const other = await one<{ n: number }>(
      c.deps.db,
      sql`select count(*)::int as n from report_back_settings where region_id = ${c.other.regionId}`,
    );
    expect(other!.n).toBe(0);
    await c.call('county', 'PUT', '/api/report-backs/settings', {
      levels: ['国培', '省培', '市州培'],
      modes: ['外出交流', '跟岗影子'],
      dueDays: 14,
    });
  });

  it('creates tasks when an upper-level results sheet is imported (passes only), once', async () => {
    const name = '市州级班主任研修（导入）';
    const sheet = csv([
      ['身份证号', '姓名', '项目名称', '级别', '形式', '学时', '开始日期', '结束日期', '考核结果'],
      [c.w.idNumbers[0], '张三', name, '市州培', '集中面授', '24', dayOf(-7), dayOf(-5), '合格'],
      [c.w.idNumbers[1], '李四', name, '市州培', '集中面授', '24', dayOf(-7), dayOf(-5), '不合格'],
    ]);
    const send = async () => {
      const body = multipart(Buffer.from(sheet, 'utf8'), '市州培成绩.csv');
      return c.call('county', 'POST', '/api/trainings/results/import', body.payload, body.headers);
    };
    const res = await send();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const project = await one<{ id: number }>(c.deps.db, sql`select id from projects where name = ${name}`);
    const tasks = await tasksOf(project!.id);
    expect(tasks.map((t) => [t.teacher_id, t.due_on])).toEqual([[c.w.teacherA, addDays(dayOf(-5), 14)]]);
    expect((await send()).status).toBe(200);
    expect(await tasksOf(project!.id)).toHaveLength(1);
  });

  it('creates tasks from an upper-level results import, but not for a project that ended long ago', async () => {
    const recent = await createProject(c.deps, c.w, {
      level: '市州培',
      organiserType: 'upper',
      status: 'closed',
      startDate: dayOf(-10),
      endDate: dayOf(-9),
    });
    const old = await createProject(c.deps, c.w, {
      level: '市州培',
      organiserType: 'upper',
      status: 'closed',
      startDate: dayOf(-400),
      endDate: dayOf(-399),
    });
    const ids: number[] = [];
    for (const p of [recent, old]) {
      const id = await addParticipation(c.deps, c.w, p, c.w.teacherA, 'completed', 'import');
      ids.push(id);
    }
    const { actorFor } = await import('../attachments/attachments.fixtures.js');
    const actor = await actorFor(c.deps, c.w.users.county);
    const res = await c.deps.db.transaction((tx) => createReportBackTasks(tx, actor, ids));
    expect(res.created).toBe(1);
    expect(await tasksOf(recent)).toHaveLength(1);
    expect(await tasksOf(old)).toHaveLength(0);
  });
});

describe('lifecycle', () => {
  let projectId: number;
  let taskA: number;
  let taskB: number;

  beforeAll(async () => {
    const r = await completed({ level: '省培', organiserType: 'upper', startDate: dayOf(-30), endDate: dayOf(-20) });
    projectId = r.projectId;
    const tasks = await tasksOf(projectId);
    taskA = tasks.find((t) => t.teacher_id === c.w.teacherA)!.id;
    taskB = tasks.find((t) => t.teacher_id === c.w.teacherB)!.id;
  });

  it('lists a teacher only their own tasks; an overdue one says so', async () => {
    const mine = await c.call('teacherA', 'GET', `/api/report-backs?projectId=${projectId}`);
    expect(mine.body.total).toBe(1);
    expect(mine.body.items[0]).toMatchObject({ id: taskA, status: 'pending', overdue: true, teacherName: '张三' });
    expect((await c.call('teacherA', 'GET', `/api/report-backs/${taskB}`)).status).toBe(404);
    expect((await c.call('trainer', 'GET', '/api/report-backs')).status).toBe(403);
  });

  it('validates the record: form, audience, summary, at least one file, the date', async () => {
    const bad = await c.call('teacherA', 'PUT', `/api/report-backs/${taskA}`, {
      form: '座谈',
      heldOn: dayOf(0),
      audience: 0,
      summary: '短',
      attachmentIds: [],
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(
      expect.arrayContaining(['form', 'audience', 'summary', 'attachmentIds']),
    );
    const file = await uploadAs('teacherA');
    const future = await c.call(
      'teacherA',
      'PUT',
      `/api/report-backs/${taskA}`,
      submission([file], { heldOn: dayOf(3) }),
    );
    expect(future.status).toBe(409);
    expect(future.body.error.message).toContain('不能晚于今天');
    const early = await c.call(
      'teacherA',
      'PUT',
      `/api/report-backs/${taskA}`,
      submission([file], { heldOn: dayOf(-40) }),
    );
    expect(early.status).toBe(409);
    // Someone else's upload cannot be attached.
    const foreign = await uploadAs('teacherB', 'b.pdf');
    const stolen = await c.call('teacherA', 'PUT', `/api/report-backs/${taskA}`, submission([foreign]));
    expect(stolen.status).toBe(400);
    // Only the teacher records it.
    expect((await c.call('schoolA', 'PUT', `/api/report-backs/${taskA}`, submission([file]))).status).toBe(403);
  });

  it('submit → return with a reason → resubmit → verify, notified both ways and audited', async () => {
    const f1 = await uploadAs('teacherA', 'slides.pdf');
    const f2 = await uploadAs('teacherA', 'signin.pdf');
    const sub = await c.call('teacherA', 'PUT', `/api/report-backs/${taskA}`, submission([f1, f2]));
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    expect(sub.body).toMatchObject({ status: 'submitted', form: '讲座', audience: 36, attachmentCount: 2 });
    expect(sub.body.attachments.map((a: Body) => a.filename)).toEqual(['slides.pdf', 'signin.pdf']);
    const schoolNotes = await noticesOf(c, c.userIds.schoolA);
    expect(schoolNotes.some((n) => n.kind === 'report_back.submitted' && n.title.includes('张三'))).toBe(true);

    // Another school's admin cannot see it, verify it, or open its files.
    expect((await c.call('schoolB', 'GET', `/api/report-backs/${taskA}`)).status).toBe(404);
    expect((await c.call('schoolB', 'POST', `/api/report-backs/${taskA}/verify`)).status).toBe(404);
    expect((await c.call('schoolB', 'GET', `/api/attachments/${f1}`)).status).toBe(404);
    expect((await c.call('otherCounty', 'GET', `/api/report-backs/${taskA}`)).status).toBe(404);
    // Its own school's admin, the county and the area may open them; a leader reads but does not verify.
    expect((await c.call('schoolA', 'GET', `/api/attachments/${f1}`)).status).toBe(200);
    expect((await c.call('areaA', 'GET', `/api/report-backs/${taskA}`)).status).toBe(200);
    expect((await c.call('leader', 'POST', `/api/report-backs/${taskA}/verify`)).status).toBe(403);
    expect((await c.call('areaA', 'POST', `/api/report-backs/${taskA}/verify`)).status).toBe(403);

    const noReason = await c.call('schoolA', 'POST', `/api/report-backs/${taskA}/return`, { reason: '' });
    expect(noReason.status).toBe(400);
    const ret = await c.call('schoolA', 'POST', `/api/report-backs/${taskA}/return`, { reason: '缺少签到表照片' });
    expect(ret.body).toMatchObject({ status: 'returned', returnReason: '缺少签到表照片' });
    const teacherNotes = await noticesOf(c, c.userIds.teacherA);
    expect(teacherNotes.some((n) => n.kind === 'report_back.returned' && n.body?.includes('缺少签到表照片'))).toBe(
      true,
    );
    // A returned task cannot be verified until resubmitted.
    expect((await c.call('schoolA', 'POST', `/api/report-backs/${taskA}/verify`)).status).toBe(409);

    // Resubmitted with one file removed and one added: the removed one is detached.
    const f3 = await uploadAs('teacherA', 'photos.pdf');
    const again = await c.call('teacherA', 'PUT', `/api/report-backs/${taskA}`, submission([f1, f3], { audience: 40 }));
    expect(again.body).toMatchObject({ status: 'submitted', returnReason: null, audience: 40 });
    expect(again.body.attachments.map((a: Body) => a.id)).toEqual([f1, f3]);
    expect((await c.call('schoolA', 'GET', `/api/attachments/${f2}`)).status).toBe(404);

    const ok = await c.call('schoolA', 'POST', `/api/report-backs/${taskA}/verify`);
    // Due six days ago and first submitted today: verified, and it stays on record as six days late.
    expect(ok.body).toMatchObject({ status: 'verified', overdue: true, overdueDays: 6, verifiedByName: 'schoolA' });
    expect((await noticesOf(c, c.userIds.teacherA)).some((n) => n.kind === 'report_back.verified')).toBe(true);
    // Verified is final for the teacher; verifying twice is refused.
    expect((await c.call('teacherA', 'PUT', `/api/report-backs/${taskA}`, submission([f1]))).status).toBe(409);
    expect((await c.call('schoolA', 'POST', `/api/report-backs/${taskA}/verify`)).status).toBe(409);
    expect(await auditOf(c, 'report_back.submit', taskA)).toHaveLength(2);
    for (const action of ['report_back.return', 'report_back.verify']) {
      expect(await auditOf(c, action, taskA)).toHaveLength(1);
    }
    expect(await auditOf(c, 'report_back.update', taskA)).toHaveLength(0);
  });

  it('lets the county admin verify too, and filters lists by status, overdue, school and area', async () => {
    const f = await uploadAs('teacherB', 'b2.pdf');
    expect((await c.call('teacherB', 'PUT', `/api/report-backs/${taskB}`, submission([f]))).status).toBe(200);
    const waiting = await c.call('schoolB', 'GET', '/api/report-backs?status=submitted');
    expect(waiting.body.items.map((i: Body) => i.id)).toEqual([taskB]);
    expect((await c.call('county', 'POST', `/api/report-backs/${taskB}/verify`)).body.status).toBe('verified');
    const bySchool = await c.call('county', 'GET', `/api/report-backs?schoolId=${c.w.schoolA}&projectId=${projectId}`);
    expect(bySchool.body.items.map((i: Body) => i.id)).toEqual([taskA]);
    const byArea = await c.call('county', 'GET', `/api/report-backs?areaId=${c.w.areaB}`);
    expect(byArea.body.total).toBe(0);
    const page = await c.call('county', 'GET', '/api/report-backs?pageSize=1');
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBeGreaterThan(1);
  });
});

describe('overdue reminders', () => {
  it('reminds teacher and school admin of each overdue task once per day', async () => {
    const r = await completed({ level: '国培', organiserType: 'upper', startDate: dayOf(-25), endDate: dayOf(-20) });
    const before = (await noticesOf(c, c.userIds.teacherA)).filter((n) => n.kind === 'report_back.overdue').length;
    const schoolBefore = (await noticesOf(c, c.userIds.schoolA)).filter(
      (n) => n.kind === 'report_back.overdue_school',
    ).length;
    const day = dayOf(0);
    const first = await remindOverdueReportBacks(c.deps.db, day);
    expect(first.reminded).toBeGreaterThan(0);
    const second = await remindOverdueReportBacks(c.deps.db, day);
    expect(second.reminded).toBe(0);
    const teacherNotes = (await noticesOf(c, c.userIds.teacherA)).filter((n) => n.kind === 'report_back.overdue');
    // Every overdue task of teacher A reminded exactly once today (incl. this project's).
    const overdueA = await one<{ n: number }>(
      c.deps.db,
      sql`select count(*)::int as n from report_backs where teacher_id = ${c.w.teacherA}
          and first_submitted_at is null and status <> 'verified' and due_on < ${day}::date`,
    );
    expect(teacherNotes.length - before).toBe(overdueA!.n);
    expect(teacherNotes.some((n) => n.body?.includes('已逾期'))).toBe(true);
    const schoolNotes = (await noticesOf(c, c.userIds.schoolA)).filter((n) => n.kind === 'report_back.overdue_school');
    expect(schoolNotes.length - schoolBefore).toBe(1);
    expect(schoolNotes.at(-1)!.body).toContain('张三');
    // Not school B's admin about school A; the next day reminds again.
    const tasks = await tasksOf(r.projectId);
    expect(tasks.every((t) => t.status === 'pending')).toBe(true);
    const next = await remindOverdueReportBacks(c.deps.db, dayOf(1));
    expect(next.reminded).toBe(first.reminded);
    expect(await auditOf(c, 'report_back.remind')).toHaveLength(2);
  });

  it('does not remind of a task not yet due or already verified', async () => {
    const r = await completed({ level: '国培', organiserType: 'upper', startDate: dayOf(-3), endDate: dayOf(-2) });
    const ids = (await tasksOf(r.projectId)).map((t) => t.id);
    const res = await remindOverdueReportBacks(c.deps.db, dayOf(2));
    const reminded = await rows<{ id: number }>(
      c.deps.db,
      sql`select id from report_backs where reminded_on = ${dayOf(2)}::date`,
    );
    expect(reminded.map((x) => x.id)).not.toEqual(expect.arrayContaining(ids));
    expect(reminded.length).toBe(res.reminded);
  });
});

describe("overdue is the teacher's submission against the due day", () => {
  /**
   * Moves a task back in time as if created weeks ago: due `due` days from today, first submitted
   * `firstSubmitted` days from today (and last submitted `lastSubmitted`), counted in whole days.
   */
  async function backdate(id: number, due: number, firstSubmitted: number, lastSubmitted = firstSubmitted) {
    await c.deps.db.execute(
      sql`update report_backs set due_on = ${dayOf(due)}::date,
            first_submitted_at = now() + ${firstSubmitted}::int * interval '1 day',
            submitted_at = now() + ${lastSubmitted}::int * interval '1 day'
          where id = ${id}`,
    );
  }

  it('an on-time submission stays on time while the school reviews it (待审核 N 天), late ones are counted', async () => {
    const r = await completed({ level: '省培', organiserType: 'upper', startDate: dayOf(-8), endDate: dayOf(-3) });
    const tasks = await tasksOf(r.projectId);
    const a = tasks.find((t) => t.teacher_id === c.w.teacherA)!.id;
    const b = tasks.find((t) => t.teacher_id === c.w.teacherB)!.id;
    const fa = await uploadAs('teacherA', 'ontime.pdf');
    const fb = await uploadAs('teacherB', 'late.pdf');
    expect((await c.call('teacherA', 'PUT', `/api/report-backs/${a}`, submission([fa]))).status).toBe(200);
    expect((await c.call('teacherB', 'PUT', `/api/report-backs/${b}`, submission([fb]))).status).toBe(200);
    // A: submitted 6 days before a due day 24 days ago, still waiting for review.
    await backdate(a, -24, -30);
    // B: due 10 days ago, submitted 4 days ago: 6 days late.
    await backdate(b, -10, -4);
    const before = await c.call('county', 'GET', `/api/report-backs?projectId=${r.projectId}`);
    const byId = new Map(before.body.items.map((i: Body) => [i.id, i]));
    expect(byId.get(a)).toMatchObject({
      status: 'submitted',
      overdue: false,
      overdueDays: 0,
      submittedOn: dayOf(-30),
      reviewWaitDays: 30,
    });
    expect(byId.get(b)).toMatchObject({ status: 'submitted', overdue: true, overdueDays: 6, reviewWaitDays: 4 });
    const onlyOverdue = await c.call('county', 'GET', `/api/report-backs?projectId=${r.projectId}&overdue=true`);
    expect(onlyOverdue.body.items.map((i: Body) => i.id)).toEqual([b]);

    // Returned for corrections and resubmitted after the due day: still judged by the first submission.
    expect((await c.call('schoolA', 'POST', `/api/report-backs/${a}/return`, { reason: '缺少签到表' })).status).toBe(
      200,
    );
    const returned = await c.call('teacherA', 'GET', `/api/report-backs/${a}`);
    expect(returned.body).toMatchObject({ status: 'returned', overdue: false, reviewWaitDays: null });
    expect((await c.call('teacherA', 'PUT', `/api/report-backs/${a}`, submission([fa]))).status).toBe(200);
    const again = await c.call('teacherA', 'GET', `/api/report-backs/${a}`);
    expect(again.body).toMatchObject({
      status: 'submitted',
      overdue: false,
      submittedOn: dayOf(-30),
      reviewWaitDays: 0,
    });
    await backdate(a, -24, -30, -9);

    // The per-school table counts B as overdue (the teacher was late), A as waiting 9 days for review.
    const year = Number(dayOf(-24).slice(0, 4));
    const stats = await c.call('schoolA', 'GET', `/api/report-backs/by-school?year=${year}`);
    const row = stats.body.items[0];
    const lateInSchool = await one<{ n: number; waiting: number }>(
      c.deps.db,
      sql`select count(*) filter (where case when first_submitted_at is null
                                         then due_on < (now() at time zone 'Asia/Shanghai')::date
                                         else (first_submitted_at at time zone 'Asia/Shanghai')::date > due_on end)::int as n,
                 count(*) filter (where status = 'submitted')::int as waiting
          from report_backs where school_id = ${c.w.schoolA} and extract(year from due_on) = ${year}`,
    );
    expect(row).toMatchObject({ overdue: lateInSchool!.n, awaitingReview: lateInSchool!.waiting });
    expect(row.longestWaitDays).toBeGreaterThanOrEqual(9);

    // The daily job: no overdue reminder for A or B (both submitted); the school hears of A's wait.
    const day = dayOf(0);
    await c.deps.db.execute(sql`update report_backs set reminded_on = null where id in (${a}, ${b})`);
    await remindOverdueReportBacks(c.deps.db, day);
    // A is claimed for the school's review reminder only; B (late, but submitted 4 days ago) not at all.
    const claimed = await rows<{ id: number; reminded_on: string | null }>(
      c.deps.db,
      sql`select id, reminded_on::text as reminded_on from report_backs where id in (${a}, ${b})`,
    );
    expect(new Map(claimed.map((x) => [x.id, x.reminded_on]))).toEqual(
      new Map<number, string | null>([
        [a, day],
        [b, null],
      ]),
    );
    const waitNotes = (await noticesOf(c, c.userIds.schoolA)).filter((n) => n.kind === 'report_back.review_waiting');
    expect(waitNotes.length).toBeGreaterThan(0);
    expect(waitNotes.at(-1)!.body).toMatch(/已等待 \d+ 天/);

    // The weekly report's overdue figure follows the same rule.
    const weekly = await c.call('schoolA', 'GET', `/api/weekly-reports/${mondayOf(dayOf(0))}`);
    expect(weekly.status, JSON.stringify(weekly.body)).toBe(200);
    const overdueNow = await one<{ n: number }>(
      c.deps.db,
      sql`select count(*)::int as n from report_backs where school_id = ${c.w.schoolA}
          and case when first_submitted_at is null then due_on < (now() at time zone 'Asia/Shanghai')::date
                   else (first_submitted_at at time zone 'Asia/Shanghai')::date > due_on end`,
    );
    expect(weekly.body.totals.reportBacksOverdue).toBe(overdueNow!.n);
  });
});

describe('per-school supervision', () => {
  it('counts due, done, verified, overdue and the rate per school, in scope, and exports them', async () => {
    const year = Number(dayOf(0).slice(0, 4));
    const res = await c.call('county', 'GET', `/api/report-backs/by-school?year=${year}&pageSize=50`);
    expect(res.status).toBe(200);
    const expected = await rows<{ school_id: number; due: number; done: number; verified: number; overdue: number }>(
      c.deps.db,
      sql`select school_id, count(*)::int as due,
                 count(*) filter (where status in ('submitted','verified'))::int as done,
                 count(*) filter (where status = 'verified')::int as verified,
                 count(*) filter (where case when first_submitted_at is null
                                             then due_on < (now() at time zone 'Asia/Shanghai')::date
                                             else (first_submitted_at at time zone 'Asia/Shanghai')::date > due_on end)::int as overdue
          from report_backs where region_id = ${c.w.regionId} and extract(year from due_on) = ${year}
          group by school_id`,
    );
    for (const e of expected) {
      const row = res.body.items.find((i: Body) => i.schoolId === e.school_id);
      expect(row).toMatchObject({ due: e.due, done: e.done, verified: e.verified, overdue: e.overdue });
      expect(row.rate).toBeCloseTo(e.verified / e.due, 4);
    }
    // Every school of the county is listed (school C owes nothing: rate null).
    expect(res.body.total).toBe(3);
    expect(res.body.items.find((i: Body) => i.schoolId === c.w.schoolC)).toMatchObject({ due: 0, rate: null });
    const due = expected.reduce((s, e) => s + e.due, 0);
    expect(res.body.sum.due).toBe(due);
    // A school admin sees only their school; the area filter narrows the county's view.
    const mine = await c.call('schoolA', 'GET', '/api/report-backs/by-school');
    expect(mine.body.items.map((i: Body) => i.schoolId)).toEqual([c.w.schoolA]);
    const areaB = await c.call('county', 'GET', `/api/report-backs/by-school?areaId=${c.w.areaB}`);
    expect(areaB.body.items.map((i: Body) => i.schoolId)).toEqual([c.w.schoolC]);
    expect((await c.call('teacherA', 'GET', '/api/report-backs/by-school')).status).toBe(403);
    const other = await c.call('otherCounty', 'GET', '/api/report-backs/by-school');
    expect(other.body.sum.due).toBe(0);
    // Export.
    const x = await c.call('county', 'GET', `/api/report-backs/by-school/export?year=${year}`);
    expect(x.status).toBe(200);
    expect(String(x.headers['content-type'])).toContain('spreadsheetml');
    expect(x.raw.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('OpenAPI', () => {
  it('documents the report-back and reflection endpoints', async () => {
    const res = await c.t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of [
      '/api/report-backs',
      '/api/report-backs/{id}',
      '/api/report-backs/{id}/verify',
      '/api/report-backs/{id}/return',
      '/api/report-backs/by-school',
      '/api/report-backs/by-school/export',
      '/api/report-backs/settings',
      '/api/reflections',
      '/api/reflections/{id}/review',
      '/api/reflections/mine',
      '/api/reflections/counts',
    ]) {
      expect(paths).toContain(p);
    }
  });
});
