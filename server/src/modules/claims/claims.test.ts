import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { addParticipation, createProject, createTeachers } from '../../../test/training.js';
import { one, rows } from '../../db/client.js';
import { samplePdf, upload } from '../attachments/attachments.fixtures.js';
import { as, type Call, sessionCookies } from '../enrolment/enrolment.fixtures.js';

let t: TestContext;
let w: World;
let county: Call;
let leader: Call;
let schoolA: Call;
let schoolB: Call;
let teacherA: Call;
let cookieA: string;
let cookieB: string;
let cookieTeacher: string;
let provincial: number;
let partA: number;

const reportBack = async (participationId: number, status: string) => {
  const existing = await one<{ id: number }>(
    t.deps.db,
    sql`select id from report_backs where participation_id = ${participationId}`,
  );
  if (existing) {
    await t.deps.db.execute(sql`update report_backs set status = ${status} where id = ${existing.id}`);
    return;
  }
  await t.deps.db.execute(
    sql`insert into report_backs (region_id, school_id, teacher_id, project_id, participation_id, due_on, status)
        select pa.region_id, pa.school_id, pa.teacher_id, pa.project_id, pa.id, current_date + 14, ${status}
        from participations pa where pa.id = ${participationId}`,
  );
};

const notificationsOf = (username: string) =>
  rows<{ kind: string; title: string }>(
    t.deps.db,
    sql`select n.kind, n.title from notifications n join users u on u.id = n.user_id where u.username = ${username} order by n.id`,
  );

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  county = as(t.app, await loginAs(t.app, w.users.county));
  leader = as(t.app, await loginAs(t.app, w.users.leader));
  cookieA = await loginAs(t.app, w.users.schoolA);
  cookieB = await loginAs(t.app, w.users.schoolB);
  cookieTeacher = await loginAs(t.app, w.users.teacherA);
  schoolA = as(t.app, cookieA);
  schoolB = as(t.app, cookieB);
  teacherA = as(t.app, cookieTeacher);
  provincial = await createProject(t.deps, w, {
    name: '省级骨干教师培训',
    level: '省培',
    organiserType: 'upper',
    status: 'closed',
    startDate: '2026-03-02',
    endDate: '2026-03-06',
  });
  partA = await addParticipation(t.deps, w, provincial, w.teacherA, 'completed');
});
afterAll(() => t.close());

const lines = [
  { category: 'travel', amount: '320.5', note: '高铁' },
  { category: 'lodging', amount: '400' },
];

describe('filing a claim', () => {
  let claimId: number;
  let receipt: number;

  it('lists the teacher’s trips with their report-back status', async () => {
    await reportBack(partA, 'pending');
    const county1 = await createProject(t.deps, w, {
      name: '县级班主任培训',
      level: '县培',
      status: 'closed',
      startDate: '2026-03-01',
    });
    await addParticipation(t.deps, w, county1, w.teacherA, 'completed');
    const r = await teacherA('GET', '/api/claims/trips');
    expect(r.status).toBe(200);
    expect(r.body.requireReportBack).toBe(true);
    expect(r.body.items).toEqual([
      expect.objectContaining({
        participationId: partA,
        projectName: '省级骨干教师培训',
        reportBackStatus: 'pending',
        claimId: null,
      }),
    ]);
    // 县培 at home is not a trip.
    const notTrip = await teacherA('POST', '/api/claims', {
      participationId: (await one<{ id: number }>(
        t.deps.db,
        sql`select id from participations where project_id = ${county1}`,
      ))!.id,
      items: lines,
    });
    expect(notTrip.status).toBe(409);
    expect(notTrip.body.error.message).toContain('不是外出培训');
    expect((await leader('GET', '/api/claims/trips')).status).toBe(403);
  });

  it('a teacher files a claim with line items and receipts; the school is notified', async () => {
    const up = await upload({ app: t.app }, cookieTeacher, 'claim', '车票.pdf', samplePdf('ticket'));
    expect(up.statusCode).toBe(200);
    receipt = (up.json() as { id: number }).id;
    const bad = await teacherA('POST', '/api/claims', { participationId: partA, items: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('至少填写一项');
    const badAmount = await teacherA('POST', '/api/claims', {
      participationId: partA,
      items: [{ category: 'travel', amount: '1.234' }],
    });
    expect(badAmount.status).toBe(400);
    const r = await teacherA('POST', '/api/claims', {
      participationId: partA,
      items: lines,
      note: '3月赴省城培训',
      attachmentIds: [receipt],
    });
    expect(r.status).toBe(200);
    claimId = r.body.id;
    const c = await teacherA('GET', `/api/claims/${claimId}`);
    expect(c.body).toMatchObject({
      status: 'submitted',
      total: '720.50',
      teacherName: '张三',
      projectName: '省级骨干教师培训',
      level: '省培',
      reportBackStatus: 'pending',
      gateOpen: false,
      items: [
        { category: 'travel', amount: '320.50', note: '高铁' },
        { category: 'lodging', amount: '400.00', note: null },
      ],
      attachments: [expect.objectContaining({ id: receipt, filename: '车票.pdf' })],
    });
    expect((await notificationsOf(w.users.schoolA)).map((n) => n.kind)).toContain('claim.submitted');
    expect(await count(t.deps, 'audit_log', `action = 'claim.submit' and entity_id = '${claimId}'`)).toBe(1);
    const again = await teacherA('POST', '/api/claims', { participationId: partA, items: lines });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DUPLICATE');
  });

  it('nobody outside the school sees the claim or its receipts', async () => {
    expect((await schoolB('GET', `/api/claims/${claimId}`)).status).toBe(404);
    expect((await schoolB('GET', '/api/claims')).body.total).toBe(0);
    expect((await schoolA('GET', '/api/claims')).body).toMatchObject({ total: 1, sum: '720.50' });
    expect((await leader('GET', '/api/claims')).body.total).toBe(1);
    expect((await t.app.inject({ url: `/api/attachments/${receipt}`, headers: { cookie: cookieA } })).statusCode).toBe(
      200,
    );
    expect([403, 404]).toContain(
      (await t.app.inject({ url: `/api/attachments/${receipt}`, headers: { cookie: cookieB } })).statusCode,
    );
    // Another teacher of the same school sees only their own.
    const [other] = await createTeachers(t.deps, w, w.schoolA, 1);
    const [cookie] = await sessionCookies(t.deps, [other!.userId]);
    const otherCall = as(t.app, cookie!);
    expect((await otherCall('GET', '/api/claims')).body.total).toBe(0);
    expect((await otherCall('GET', `/api/claims/${claimId}`)).status).toBe(404);
    expect((await otherCall('POST', '/api/claims', { participationId: partA, items: lines })).status).toBe(404);
  });

  it('cannot be approved until the report-back is verified; school before county', async () => {
    const early = await schoolA('POST', `/api/claims/${claimId}/approve`);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('成果汇报尚未通过学校审核');
    expect(early.body.error.message).toContain('张三');
    const skip = await county('POST', `/api/claims/${claimId}/approve`);
    expect(skip.status).toBe(409);
    expect(skip.body.error.message).toContain('须先经学校审核');
    expect((await schoolB('POST', `/api/claims/${claimId}/approve`)).status).toBe(404);
    expect((await leader('POST', `/api/claims/${claimId}/approve`)).status).toBe(403);
    expect((await teacherA('POST', `/api/claims/${claimId}/approve`)).status).toBe(403);

    await reportBack(partA, 'submitted');
    expect((await schoolA('POST', `/api/claims/${claimId}/approve`)).status).toBe(409);
    await reportBack(partA, 'verified');
    const ok = await schoolA('POST', `/api/claims/${claimId}/approve`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'school_approved', gateOpen: true });
    expect((await schoolA('POST', `/api/claims/${claimId}/approve`)).status).toBe(409);
    expect((await notificationsOf(w.users.county)).map((n) => n.kind)).toContain('claim.school_approved');
    expect((await county('GET', '/api/claims?todo=true')).body.total).toBe(1);
    expect((await schoolA('GET', '/api/claims?todo=true')).body.total).toBe(0);
  });

  it('county approval records the expenses in the same step; then payment', async () => {
    expect((await county('POST', `/api/claims/${claimId}/pay`)).status).toBe(409);
    const ok = await county('POST', `/api/claims/${claimId}/approve`);
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('approved');
    const exp = await rows<{
      school_id: number;
      category: string;
      amount: string;
      teacher_id: number;
      project_id: number;
    }>(
      t.deps.db,
      sql`select school_id, category, amount::text as amount, teacher_id, project_id from expenses where claim_id = ${claimId} order by id`,
    );
    expect(exp).toEqual([
      { school_id: w.schoolA, category: 'travel', amount: '320.50', teacher_id: w.teacherA, project_id: provincial },
      { school_id: w.schoolA, category: 'lodging', amount: '400.00', teacher_id: w.teacherA, project_id: provincial },
    ]);
    const year = Number(
      (await one<{ y: number }>(
        t.deps.db,
        sql`select extract(year from (now() at time zone 'Asia/Shanghai'))::int as y`,
      ))!.y,
    );
    const budget = await schoolA('GET', `/api/budgets?year=${year}`);
    expect(budget.body.items[0].spent).toBe('720.50');
    // A claim's expense is removed only by rejecting the claim.
    const list = await schoolA('GET', '/api/expenses');
    // The claim's receipts and line notes travel with its expense rows.
    expect(list.body.items.map((x: { note: string | null }) => x.note).sort()).toEqual([null, '高铁'].sort());
    expect(list.body.items[0].attachments).toEqual([expect.objectContaining({ id: receipt })]);
    const del = await schoolA('DELETE', `/api/expenses/${list.body.items[0].id}`);
    expect(del.status).toBe(409);
    expect(del.body.error.message).toContain('报销单');

    expect((await schoolA('POST', `/api/claims/${claimId}/pay`)).status).toBe(403);
    const paid = await county('POST', `/api/claims/${claimId}/pay`);
    expect(paid.body).toMatchObject({ status: 'paid', paidAt: expect.any(String) });
    expect((await notificationsOf(w.users.teacherA)).map((n) => n.kind)).toEqual(
      expect.arrayContaining(['claim.school_approved', 'claim.approved', 'claim.paid']),
    );
    const rej = await county('POST', `/api/claims/${claimId}/reject`, { reason: '票据不全' });
    expect(rej.status).toBe(409);
    const actions = await rows<{ action: string }>(
      t.deps.db,
      sql`select action from audit_log where entity = 'reimbursement_claim' and entity_id = ${String(claimId)} order by id`,
    );
    expect(actions.map((a) => a.action)).toEqual([
      'claim.submit',
      'claim.school_approve',
      'claim.approve',
      'claim.pay',
    ]);
  });
});

describe('rejection and the rule switched off', () => {
  let trip: number;
  let teacher2: Call;

  beforeAll(async () => {
    const [x] = await createTeachers(t.deps, w, w.schoolA, 1);
    const [cookie] = await sessionCookies(t.deps, [x!.userId]);
    teacher2 = as(t.app, cookie!);
    const visit = await createProject(t.deps, w, {
      name: '赴外省跟岗学习',
      level: '县培',
      mode: '跟岗影子',
      status: 'closed',
      startDate: '2026-04-01',
      endDate: '2026-04-10',
    });
    trip = await addParticipation(t.deps, w, visit, x!.id, 'completed');
  });

  it('the school admin files for a teacher; only the reason-giving reject works', async () => {
    const trips = await schoolA('GET', '/api/claims/trips');
    expect(trips.body.items.map((x: { participationId: number }) => x.participationId)).toContain(trip);
    expect((await schoolB('POST', '/api/claims', { participationId: trip, items: lines })).status).toBe(404);
    const r = await schoolA('POST', '/api/claims', {
      participationId: trip,
      items: [{ category: 'meals', amount: '90' }],
    });
    expect(r.status).toBe(200);
    const noReason = await schoolA('POST', `/api/claims/${r.body.id}/reject`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('退回原因');
    const rej = await schoolA('POST', `/api/claims/${r.body.id}/reject`, { reason: '缺少住宿发票' });
    expect(rej.body).toMatchObject({ status: 'rejected', rejectReason: '缺少住宿发票' });
    expect((await teacher2('GET', '/api/claims')).body.items[0].status).toBe('rejected');
    // After a rejection the trip may be claimed again.
    const again = await teacher2('POST', '/api/claims', {
      participationId: trip,
      items: [{ category: 'meals', amount: '90' }],
    });
    expect(again.status).toBe(200);
  });

  it('with the rule off, approval needs no report-back; rejecting an approved claim removes its expenses', async () => {
    const list = await teacher2('GET', '/api/claims?status=submitted');
    const id = list.body.items[0].id;
    expect(list.body.items[0].reportBackStatus).toBeNull();
    expect((await schoolA('POST', `/api/claims/${id}/approve`)).status).toBe(409);
    await county('PUT', '/api/money/settings', { requireReportBack: false });
    expect((await teacher2('GET', `/api/claims/${id}`)).body.gateOpen).toBe(true);
    expect((await schoolA('POST', `/api/claims/${id}/approve`)).status).toBe(200);
    expect((await county('POST', `/api/claims/${id}/approve`)).status).toBe(200);
    expect(await count(t.deps, 'expenses', `claim_id = ${id}`)).toBe(1);
    const schoolLate = await schoolA('POST', `/api/claims/${id}/reject`, { reason: '重复报销' });
    expect(schoolLate.status).toBe(409);
    const rej = await county('POST', `/api/claims/${id}/reject`, { reason: '重复报销' });
    expect(rej.status).toBe(200);
    expect(await count(t.deps, 'expenses', `claim_id = ${id}`)).toBe(0);
    expect((await notificationsOf(w.users.schoolA)).map((n) => n.kind)).toContain('claim.rejected');
    await county('PUT', '/api/money/settings', { requireReportBack: true });
  });
});

describe('a trip whose report-back task was never created', () => {
  let teacher3: Call;
  let tripNoTask: number;
  let tripWaived: number;

  beforeAll(async () => {
    const [x, y] = await createTeachers(t.deps, w, w.schoolA, 2);
    const [cookie] = await sessionCookies(t.deps, [x!.userId]);
    teacher3 = as(t.app, cookie!);
    // A 国培 trip that ended long ago: its results were never imported, so no task exists.
    const national = await createProject(t.deps, w, {
      name: '国培计划乡村教师访名校',
      level: '国培',
      organiserType: 'upper',
      status: 'closed',
      startDate: '2026-01-05',
      endDate: '2026-01-09',
    });
    tripNoTask = await addParticipation(t.deps, w, national, x!.id, 'completed');
    tripWaived = await addParticipation(t.deps, w, national, y!.id, 'completed');
  });

  it('is not stuck: the claim creates the missing task, and approval follows the verified report-back', async () => {
    const filed = await teacher3('POST', '/api/claims', { participationId: tripNoTask, items: lines });
    expect(filed.status).toBe(200);
    const id = filed.body.id;
    const stuck = await schoolA('POST', `/api/claims/${id}/approve`);
    expect(stuck.status).toBe(409);
    expect(stuck.body.error.message).toContain('生成汇报任务');
    expect((await schoolA('GET', `/api/claims/${id}`)).body).toMatchObject({
      reportBackStatus: null,
      reportBackId: null,
      gateOpen: false,
    });
    // Another school cannot; a leader cannot; the school admin can, once.
    expect((await schoolB('POST', `/api/claims/${id}/report-back`)).status).toBe(404);
    expect((await leader('POST', `/api/claims/${id}/report-back`)).status).toBe(403);
    const made = await schoolA('POST', `/api/claims/${id}/report-back`);
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect(made.body).toMatchObject({ reportBackStatus: 'pending', gateOpen: false });
    expect(made.body.reportBackId).toEqual(expect.any(Number));
    expect((await schoolA('POST', `/api/claims/${id}/report-back`)).status).toBe(409);
    // Due 14 days from today (the trip ended long ago: the teacher is not blamed for the missing task).
    const task = await one<{ due_on: string; overdue: boolean }>(
      t.deps.db,
      sql`select due_on::text as due_on, due_on < current_date as overdue from report_backs where id = ${made.body.reportBackId}`,
    );
    expect(task!.overdue).toBe(false);
    const mine = await teacher3('GET', '/api/report-backs');
    expect(mine.body.items.map((r: { id: number }) => r.id)).toContain(made.body.reportBackId);
    const audit = await one<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from audit_log where action = 'report_back.create'
          and entity_id = ${String(made.body.reportBackId)} and after->>'claimId' = ${String(id)}`,
    );
    expect(audit!.n).toBe(1);
    // Once the school verifies the report-back, the claim goes through.
    await reportBack(tripNoTask, 'verified');
    expect((await schoolA('POST', `/api/claims/${id}/approve`)).status).toBe(200);
  });

  it('or the county waives the condition with a reason, audited; the school can then approve', async () => {
    const filed = await schoolA('POST', '/api/claims', { participationId: tripWaived, items: lines });
    expect(filed.status).toBe(200);
    const id = filed.body.id;
    expect((await schoolA('POST', `/api/claims/${id}/waive-report-back`, { reason: '县里同意豁免' })).status).toBe(403);
    const short = await county('POST', `/api/claims/${id}/waive-report-back`, { reason: '同意' });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain('豁免原因');
    const ok = await county('POST', `/api/claims/${id}/waive-report-back`, {
      reason: '该次国培结果未回传平台，已线下完成汇报并存档',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({
      gateOpen: true,
      reportBackWaiver: { byName: expect.any(String), reason: '该次国培结果未回传平台，已线下完成汇报并存档' },
    });
    expect((await county('POST', `/api/claims/${id}/waive-report-back`, { reason: '再次豁免一下' })).status).toBe(409);
    const audit = await rows<{ after: unknown }>(
      t.deps.db,
      sql`select after from audit_log where action = 'claim.waive_report_back' and entity_id = ${String(id)}`,
    );
    expect(audit).toHaveLength(1);
    expect((await notificationsOf(w.users.schoolA)).map((n) => n.kind)).toContain('claim.waived');
    expect((await schoolA('POST', `/api/claims/${id}/approve`)).status).toBe(200);
    expect((await county('POST', `/api/claims/${id}/approve`)).status).toBe(200);
  });
});
