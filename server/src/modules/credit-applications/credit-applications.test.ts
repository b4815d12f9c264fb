// 学时申报 over HTTP: submit with attachments → school review → county decision (ledger posting),
// returns and resubmission, withdrawal, permissions, scope and notifications.
import type { CreditApplication, CreditApplicationList } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { one, rows } from '../../db/client.js';
import { users } from '../../db/schema.js';
import { samplePdf, upload } from '../attachments/attachments.fixtures.js';

let t: TestContext;
let w: World;
const cookies: Record<string, string> = {};
let teacherBUser: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  const [pw] = await rows<{ password_hash: string }>(
    t.deps.db,
    sql`select password_hash from users where username = ${w.users.teacherA}`,
  );
  teacherBUser = `${w.users.teacherA}b`;
  await t.deps.db.insert(users).values({
    regionId: w.regionId,
    username: teacherBUser,
    displayName: '李四',
    role: 'teacher',
    teacherId: w.teacherB,
    schoolId: w.schoolB,
    passwordHash: pw!.password_hash,
  });
  for (const [k, u] of Object.entries({ ...w.users, teacherB: teacherBUser })) cookies[k] = await loginAs(t.app, u);
});
afterAll(async () => {
  await t?.close();
});

type As = keyof typeof cookies | 'teacherB';
const call = (as: As, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[as]! }, payload });

const body = (over: object = {}) => ({
  kind: 'open_lesson',
  title: '县级语文示范课《秋天》',
  occurredOn: '2026-03-12',
  level: '县培',
  quantity: 2,
  claimedHours: 12,
  description: '在县教研活动中执教示范课两节',
  ...over,
});

async function submit(as: As = 'teacherA', over: object = {}): Promise<CreditApplication> {
  const res = await call(as, 'POST', '/api/credit-applications', body(over));
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const noticesOf = (teacherId: number) =>
  rows<{ title: string; body: string }>(
    t.deps.db,
    sql`select n.title, n.body from notifications n join users u on u.id = n.user_id
        where u.teacher_id = ${teacherId} order by n.id`,
  );

describe('credit applications', () => {
  it('documents its endpoints in OpenAPI', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    const paths = Object.keys(res.json().paths);
    for (const p of [
      '/api/credit-applications',
      '/api/credit-applications/kinds',
      '/api/credit-applications/{id}',
      '/api/credit-applications/{id}/withdraw',
      '/api/credit-applications/{id}/review',
      '/api/credit-applications/{id}/decide',
      '/api/credits/import',
      '/api/credits/import/report',
      '/api/credits/import/template',
    ]) {
      expect(paths, p).toContain(p);
    }
  });

  it('lists the kinds with the county’s conversion', async () => {
    const res = await call('teacherA', 'GET', '/api/credit-applications/kinds');
    expect(res.statusCode).toBe(200);
    const kinds = res.json() as { ruleName: string; items: { kind: string; label: string }[] };
    expect(kinds.items.map((k) => k.kind)).toEqual([
      'degree',
      'paper',
      'open_lesson',
      'award',
      'online_course',
      'other',
    ]);
    expect(kinds.items[0]!.label).toBe('学历提升');
  });

  it('goes teacher → school → county, posting the granted hours once', async () => {
    const up = await upload({ app: t.app }, cookies.teacherA!, 'credit_application', '示范课证明.pdf', samplePdf());
    expect(up.statusCode).toBe(200);
    const fileId = (up.json() as { id: number }).id;

    const app = await submit('teacherA', { attachmentIds: [fileId] });
    expect(app).toMatchObject({ status: 'pending', teacherId: w.teacherA, schoolId: w.schoolA, claimedHours: 12 });
    expect(app.attachments).toEqual([expect.objectContaining({ id: fileId, filename: '示范课证明.pdf' })]);
    // the school admin was told
    const told = await one<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from notifications n join users u on u.id = n.user_id
          where u.username = ${w.users.schoolA} and n.kind = 'credit_application'`,
    );
    expect(told!.n).toBe(1);

    // the school admin may read the attachment of an application in scope
    const file = await call('schoolA', 'GET', `/api/attachments/${fileId}`);
    expect(file.statusCode).toBe(200);
    const foreign = await call('schoolB', 'GET', `/api/attachments/${fileId}`);
    expect(foreign.statusCode).toBe(404);

    // the county cannot decide before the school reviewed
    const early = await call('county', 'POST', `/api/credit-applications/${app.id}/decide`, { action: 'approve' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('须先经学校审核');

    const passed = await call('schoolA', 'POST', `/api/credit-applications/${app.id}/review`, { action: 'pass' });
    expect(passed.statusCode, passed.body).toBe(200);
    expect(passed.json()).toMatchObject({ status: 'school_passed', schoolReviewerName: 'schoolA' });
    const again = await call('schoolA', 'POST', `/api/credit-applications/${app.id}/review`, { action: 'pass' });
    expect(again.statusCode).toBe(409);

    const decided = await call('county', 'POST', `/api/credit-applications/${app.id}/decide`, {
      action: 'approve',
      grantedHours: 6,
      reason: '按规定每节6学时，另一节为校级',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const approved = decided.json() as CreditApplication;
    expect(approved).toMatchObject({ status: 'approved', grantedHours: 6, deciderName: 'county' });
    const ledger = await one<{ id: number; hours: string; source: string; source_ref: string; category: string }>(
      t.deps.db,
      sql`select id, hours::text, source, source_ref, category from credit_ledger where teacher_id = ${w.teacherA}`,
    );
    expect(ledger).toMatchObject({
      source: 'application',
      source_ref: `application:${app.id}`,
      category: 'open_lesson',
      hours: '6.0',
    });
    expect(Number(ledger!.id)).toBe(approved.ledgerId);

    // decided once: a second approval is refused and posts nothing
    const twice = await call('county', 'POST', `/api/credit-applications/${app.id}/decide`, { action: 'approve' });
    expect(twice.statusCode).toBe(409);
    expect(await count(t.deps, 'credit_ledger', `teacher_id = ${w.teacherA}`)).toBe(1);

    // the teacher's ledger shows it, and the teacher was told at each step
    const entries = await call('teacherA', 'GET', `/api/teachers/${w.teacherA}/credit-entries`);
    expect(entries.json().totalHours).toBe(6);
    const notes = await noticesOf(w.teacherA);
    expect(notes.map((n) => n.title)).toEqual(['学时申报已通过学校审核', '学时申报已认定']);
    expect(notes[1]!.body).toContain('认定 6 学时（申报 12 学时）');

    const audit = await rows<{ action: string }>(
      t.deps.db,
      sql`select action from audit_log where entity = 'credit_application' and entity_id = ${String(app.id)} order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'credit_application.submit',
      'attachment.link',
      'credit_application.school_pass',
      'credit_application.approve',
    ]);
  });

  it('returns with a reason; the teacher corrects and resubmits; the county returns too', async () => {
    const app = await submit('teacherA', {
      title: '论文《小学作文教学》',
      kind: 'paper',
      quantity: 1,
      claimedHours: 10,
    });
    const noReason = await call('schoolA', 'POST', `/api/credit-applications/${app.id}/review`, { action: 'return' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields.reason).toBe('退回时请填写原因');
    const ret = await call('schoolA', 'POST', `/api/credit-applications/${app.id}/review`, {
      action: 'return',
      reason: '缺少刊物封面和目录页',
    });
    expect(ret.json()).toMatchObject({
      status: 'returned',
      returnedBy: 'school',
      returnReason: '缺少刊物封面和目录页',
    });
    // returned: cannot be withdrawn, but may be edited and resubmitted
    expect((await call('teacherA', 'POST', `/api/credit-applications/${app.id}/withdraw`)).statusCode).toBe(409);
    const fixed = await call(
      'teacherA',
      'PUT',
      `/api/credit-applications/${app.id}`,
      body({ kind: 'paper', title: '论文（附目录）', claimedHours: 8 }),
    );
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json()).toMatchObject({ status: 'pending', returnReason: null, returnedBy: null, claimedHours: 8 });
    await call('schoolA', 'POST', `/api/credit-applications/${app.id}/review`, { action: 'pass' });
    const cRet = await call('county', 'POST', `/api/credit-applications/${app.id}/decide`, {
      action: 'return',
      reason: '刊物非正式出版物',
    });
    expect(cRet.json()).toMatchObject({ status: 'returned', returnedBy: 'county', returnReason: '刊物非正式出版物' });
    expect(await count(t.deps, 'credit_ledger', `source_ref = 'application:${app.id}'`)).toBe(0);
    const last = (await noticesOf(w.teacherA)).at(-1)!;
    expect(last.title).toBe('学时申报被县级退回');
    expect(last.body).toContain('刊物非正式出版物');
  });

  it('grants once when two decisions race', async () => {
    const app = await submit('teacherA', { title: '并发认定' });
    await call('schoolA', 'POST', `/api/credit-applications/${app.id}/review`, { action: 'pass' });
    const both = await Promise.all([
      call('county', 'POST', `/api/credit-applications/${app.id}/decide`, { action: 'approve' }),
      call('county', 'POST', `/api/credit-applications/${app.id}/decide`, { action: 'approve' }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await count(t.deps, 'credit_ledger', `source_ref = 'application:${app.id}'`)).toBe(1);
  });

  it('lets the teacher withdraw while undecided, and nobody else', async () => {
    const app = await submit('teacherA', { title: '撤回测试' });
    expect((await call('teacherB', 'POST', `/api/credit-applications/${app.id}/withdraw`)).statusCode).toBe(404);
    expect((await call('schoolA', 'POST', `/api/credit-applications/${app.id}/withdraw`)).statusCode).toBe(403);
    const res = await call('teacherA', 'POST', `/api/credit-applications/${app.id}/withdraw`);
    expect(res.json().status).toBe('withdrawn');
    expect(
      (await call('schoolA', 'POST', `/api/credit-applications/${app.id}/review`, { action: 'pass' })).statusCode,
    ).toBe(409);
    expect((await call('teacherA', 'PUT', `/api/credit-applications/${app.id}`, body())).statusCode).toBe(409);
  });

  it('checks who may act', async () => {
    const app = await submit('teacherA', { title: '权限测试' });
    // only teachers apply
    expect((await call('schoolA', 'POST', '/api/credit-applications', body())).statusCode).toBe(403);
    expect((await call('county', 'POST', '/api/credit-applications', body())).statusCode).toBe(403);
    // another school's admin does not see it; the area admin sees it but cannot review; the leader reads only
    expect(
      (await call('schoolB', 'POST', `/api/credit-applications/${app.id}/review`, { action: 'pass' })).statusCode,
    ).toBe(404);
    expect((await call('areaA', 'GET', `/api/credit-applications/${app.id}`)).statusCode).toBe(200);
    expect(
      (await call('areaA', 'POST', `/api/credit-applications/${app.id}/review`, { action: 'pass' })).statusCode,
    ).toBe(403);
    const leader = await call('leader', 'POST', `/api/credit-applications/${app.id}/review`, { action: 'pass' });
    expect(leader.statusCode).toBe(403);
    expect(leader.json().error.message).toContain('只读');
    // the school admin cannot grant hours
    await call('schoolA', 'POST', `/api/credit-applications/${app.id}/review`, { action: 'pass' });
    expect(
      (await call('schoolA', 'POST', `/api/credit-applications/${app.id}/decide`, { action: 'approve' })).statusCode,
    ).toBe(403);
    // a teacher cannot edit another's application
    expect((await call('teacherB', 'PUT', `/api/credit-applications/${app.id}`, body())).statusCode).toBe(404);
  });

  it('validates the form with Chinese messages', async () => {
    const bad = await call(
      'teacherA',
      'POST',
      '/api/credit-applications',
      body({ kind: 'swimming', claimedHours: -1 }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toMatchObject({ kind: '请选择申报类别', claimedHours: '申报学时应大于0' });
    const future = await call('teacherA', 'POST', '/api/credit-applications', body({ occurredOn: '2099-01-01' }));
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields.occurredOn).toBe('日期不能晚于今天');
    const stolen = await upload({ app: t.app }, cookies.teacherB!, 'credit_application', 'b.pdf', samplePdf('b'));
    const wrongFile = await call(
      'teacherA',
      'POST',
      '/api/credit-applications',
      body({ attachmentIds: [(stolen.json() as { id: number }).id] }),
    );
    expect(wrongFile.statusCode).toBe(400);
    expect(wrongFile.json().error.message).toContain('不是您上传的');
  });

  it('scopes lists: own for teachers, own school for school admins, all for the county', async () => {
    const b = await submit('teacherB', { title: '李四的申报' });
    const list = async (as: As, q = '') =>
      (await call(as, 'GET', `/api/credit-applications${q}`)).json() as CreditApplicationList;
    const ids = (l: CreditApplicationList) => l.items.map((i) => i.id);
    expect(ids(await list('schoolB'))).toEqual([b.id]);
    expect(ids(await list('schoolA'))).not.toContain(b.id);
    expect(ids(await list('teacherA'))).not.toContain(b.id);
    expect(ids(await list('teacherB'))).toEqual([b.id]);
    expect((await call('schoolA', 'GET', `/api/credit-applications/${b.id}`)).statusCode).toBe(404);
    const county = await list('county');
    expect(ids(county)).toContain(b.id);
    expect(county.counts.approved).toBe(2);
    expect(county.total).toBe(Object.values(county.counts).reduce((a, n) => a + n, 0));
    // filters and paging
    const pending = await list('county', '?status=pending&pageSize=1');
    expect(pending.items).toHaveLength(1);
    expect(pending.total).toBe(county.counts.pending);
    expect(ids(await list('county', `?schoolId=${w.schoolB}`))).toEqual([b.id]);
    expect(ids(await list('county', '?q=李四'))).toEqual([b.id]);
    expect((await list('county', '?kind=paper')).items.every((i) => i.kind === 'paper')).toBe(true);
    // the area admin of area A sees both schools A and B; the consortium admin sees school B only
    expect(ids(await list('areaA'))).toContain(b.id);
    expect(ids(await list('consA'))).toEqual([b.id]);
  });
});
