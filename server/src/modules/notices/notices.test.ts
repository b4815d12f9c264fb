import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LEADER_READ_ONLY } from '@shixun/common';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { one, rows } from '../../db/client.js';
import { samplePdf, upload } from '../attachments/attachments.fixtures.js';

let t: TestContext;
let w: World;
const c: Record<string, string> = {};
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-notices-'));
beforeAll(async () => {
  t = await createTestApp({ dataDir });
  w = await seedWorld(t.deps);
  for (const k of ['county', 'leader', 'areaA', 'consA', 'schoolA', 'schoolB', 'teacherA'] as const) {
    c[k] = await loginAs(t.app, w.users[k]);
  }
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const get = (url: string, who: string) => t.app.inject({ url, headers: { cookie: c[who]! } });
const post = (url: string, who: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: c[who]! }, payload });

type Detail = { id: number; recipientCount: number; readCount: number; readAt: string | null; canManage: boolean };

const userId = async (username: string) =>
  (await one<{ id: number }>(t.deps.db, sql`select id from users where username = ${username}`))!.id;

describe('publishing and targeting', () => {
  let noticeId: number;
  let fileId: number;

  it('the county publishes to some schools with an attachment; recipients are materialised and notified', async () => {
    fileId = ((await upload(t, c.county!, 'notice', '暑期培训安排.pdf', samplePdf('通知'))).json() as { id: number })
      .id;
    const res = await post('/api/notices', 'county', {
      title: '关于开展暑期全员培训的通知',
      body: '各校：请于7月10日前报送参训名单。',
      audience: { scope: 'schools', schoolIds: [w.schoolA, w.schoolC], roles: ['school_admin', 'teacher'] },
      attachmentIds: [fileId],
    });
    expect(res.statusCode).toBe(200);
    const d = res.json() as Detail & { attachments: { id: number }[]; audience: { schools: string[] } };
    noticeId = d.id;
    // School A's admin and its teacher; school C has no accounts; school B is not addressed.
    expect(d).toMatchObject({ recipientCount: 2, readCount: 0, canManage: true, readAt: null });
    expect(d.attachments.map((a) => a.id)).toEqual([fileId]);
    expect(d.audience.schools).toHaveLength(2);
    const recipients = await rows<{ user_id: number; school_id: number }>(
      t.deps.db,
      sql`select user_id, school_id from notice_recipients where notice_id = ${noticeId} order by user_id`,
    );
    expect(recipients.map((r) => r.school_id)).toEqual([w.schoolA, w.schoolA]);
    const bell = await get('/api/notifications', 'teacherA');
    expect(bell.json()).toMatchObject({
      unread: 1,
      items: [{ title: '新通知：关于开展暑期全员培训的通知', link: `/notices/${noticeId}` }],
    });
    const audit = await one<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from audit_log where action = 'notice.publish' and entity_id = ${String(noticeId)}`,
    );
    expect(audit?.n).toBe(1);
  });

  it('only recipients and managers see the notice and its attachment', async () => {
    expect((await get(`/api/notices/${noticeId}`, 'schoolB')).statusCode).toBe(404);
    expect((await get(`/api/attachments/${fileId}`, 'schoolB')).statusCode).toBe(404);
    expect((await get(`/api/attachments/${fileId}`, 'areaA')).statusCode).toBe(404);
    expect((await get(`/api/attachments/${fileId}`, 'schoolA')).statusCode).toBe(200);
    // A school admin reading the county's notice: a recipient, not a manager.
    const asRecipient = await get(`/api/notices/${noticeId}`, 'schoolA');
    expect(asRecipient.statusCode).toBe(200);
    expect(asRecipient.json()).toMatchObject({ canManage: false, recipientCount: 0 });
    await t.deps.db.execute(sql`update notice_recipients set read_at = null where notice_id = ${noticeId}`);
    expect((await get('/api/notices', 'schoolB')).json()).toMatchObject({ total: 0, unread: 0 });
  });

  it('opening marks it read once, clears the bell, and the inbox lists unread first', async () => {
    const second = await post('/api/notices', 'county', {
      title: '第二条通知',
      body: '正文',
      audience: { scope: 'all', roles: ['teacher'] },
    });
    expect(second.statusCode).toBe(200);
    const inbox1 = (await get('/api/notices', 'teacherA')).json() as { items: { id: number }[]; unread: number };
    expect(inbox1.unread).toBe(2);
    const first = (await get(`/api/notices/${noticeId}`, 'teacherA')).json() as Detail;
    expect(first.readAt).not.toBeNull();
    expect(first).toMatchObject({ canManage: false, recipientCount: 0 });
    const again = (await get(`/api/notices/${noticeId}`, 'teacherA')).json() as Detail;
    expect(again.readAt).toBe(first.readAt);
    const inbox2 = (await get('/api/notices', 'teacherA')).json() as {
      items: { id: number; readAt: string | null; attachmentCount: number }[];
      unread: number;
      total: number;
    };
    expect(inbox2).toMatchObject({ unread: 1, total: 2 });
    expect(inbox2.items.map((i) => i.readAt === null)).toEqual([true, false]);
    expect(inbox2.items[1]).toMatchObject({ id: noticeId, attachmentCount: 1 });
    const unreadOnly = (await get('/api/notices?unread=true', 'teacherA')).json() as { total: number };
    expect(unreadOnly.total).toBe(1);
    const bell = (await get('/api/notifications?unread=true', 'teacherA')).json() as { items: { link: string }[] };
    expect(bell.items.map((i) => i.link)).not.toContain(`/notices/${noticeId}`);
  });

  it('shows read receipts per school and per person, paginated and exportable, to managers only', async () => {
    const schools = (await get(`/api/notices/${noticeId}/receipts/schools`, 'county')).json();
    expect(schools).toMatchObject({ total: 1, items: [{ schoolId: w.schoolA, total: 2, read: 1 }] });
    const unread = (await get(`/api/notices/${noticeId}/receipts?status=unread`, 'county')).json();
    expect(unread).toMatchObject({
      total: 1,
      read: 1,
      unread: 1,
      items: [{ name: 'schoolA', role: 'school_admin', readAt: null }],
    });
    const page = (await get(`/api/notices/${noticeId}/receipts?pageSize=1&page=2`, 'leader')).json();
    expect(page).toMatchObject({ total: 2 });
    expect(page.items).toHaveLength(1);
    const bySchool = (await get(`/api/notices/${noticeId}/receipts?schoolId=${w.schoolA}&q=teacher`, 'county')).json();
    expect(bySchool.items.map((i: { name: string }) => i.name)).toEqual(['teacherA']);

    const xlsx = await get(`/api/notices/${noticeId}/receipts/export`, 'county');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, '学校', '姓名', '身份', '状态', '阅读时间（北京时间）']);
    expect(ws.rowCount).toBe(3);
    const statuses = [ws.getRow(2).getCell(4).value, ws.getRow(3).getCell(4).value];
    expect(statuses.sort()).toEqual(['已读', '未读']);

    // Recipients and other schools do not see receipts.
    expect((await get(`/api/notices/${noticeId}/receipts`, 'schoolA')).statusCode).toBe(404);
    expect((await get(`/api/notices/${noticeId}/receipts/schools`, 'schoolB')).statusCode).toBe(404);
    expect((await get(`/api/notices/${noticeId}/receipts`, 'teacherA')).statusCode).toBe(403);
    expect((await get('/api/notices/sent', 'teacherA')).statusCode).toBe(403);
  });

  it('targets areas (their schools and area admins) and roles', async () => {
    const res = await post('/api/notices', 'county', {
      title: '学区通知',
      body: '正文',
      audience: { scope: 'areas', areaIds: [w.areaA], roles: ['area_admin', 'school_admin'] },
    });
    const id = (res.json() as Detail).id;
    const got = await rows<{ username: string }>(
      t.deps.db,
      sql`select u.username from notice_recipients r join users u on u.id = r.user_id where r.notice_id = ${id} order by 1`,
    );
    // The consortium admin has no area, so an area notice does not reach them.
    expect(got.map((g) => g.username)).toEqual([w.users.areaA, w.users.schoolA, w.users.schoolB].sort());

    const all = await post('/api/notices', 'county', {
      title: '局内通知',
      body: '正文',
      audience: { scope: 'all', roles: ['county_admin', 'leader'] },
    });
    expect((all.json() as Detail).recipientCount).toBe(1); // the leader; never the sender
  });

  it('refuses empty audiences, unknown schools, bad attachments, and writes nothing', async () => {
    const before = await one<{ n: number }>(t.deps.db, sql`select count(*)::int as n from notices`);
    const none = await post('/api/notices', 'county', {
      title: '无人通知',
      body: '正文',
      audience: { scope: 'schools', schoolIds: [w.schoolC], roles: ['teacher'] },
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toBe('所选范围内没有符合条件的接收人，请调整发送范围或接收人类型');
    const unknown = await post('/api/notices', 'county', {
      title: 'x',
      body: 'x',
      audience: { scope: 'schools', schoolIds: [999999], roles: ['teacher'] },
    });
    expect(unknown.json().error.message).toBe('学校 999999 不存在');
    const missing = await post('/api/notices', 'county', {
      title: 'x',
      body: 'x',
      audience: { scope: 'areas', roles: ['teacher'] },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields).toHaveProperty('audience.areaIds');
    const othersFile = ((await upload(t, c.schoolA!, 'notice', 'a.pdf', samplePdf())).json() as { id: number }).id;
    const stolen = await post('/api/notices', 'county', {
      title: 'x',
      body: 'x',
      audience: { scope: 'all', roles: ['teacher'] },
      attachmentIds: [othersFile],
    });
    expect(stolen.statusCode).toBe(400);
    const after = await one<{ n: number }>(t.deps.db, sql`select count(*)::int as n from notices`);
    expect(after?.n).toBe(before?.n);
  });
});

describe('school notices', () => {
  it('a school admin publishes to their own school only; the county sees it too', async () => {
    const ok = await post('/api/notices', 'schoolA', {
      title: '本校教研活动通知',
      body: '周三下午教研。',
      audience: { scope: 'schools', schoolIds: [w.schoolA], roles: ['teacher'] },
    });
    expect(ok.statusCode).toBe(200);
    const id = (ok.json() as Detail).id;
    expect((ok.json() as Detail).recipientCount).toBe(1);
    const row = await one<{ school_id: number }>(t.deps.db, sql`select school_id from notices where id = ${id}`);
    expect(row?.school_id).toBe(w.schoolA);
    const detail = (await get(`/api/notices/${id}`, 'teacherA')).json() as { sender: string };
    expect(detail.sender).toMatch(/^实验小学/);

    const otherSchool = await post('/api/notices', 'schoolA', {
      title: 'x',
      body: 'x',
      audience: { scope: 'schools', schoolIds: [w.schoolB], roles: ['teacher'] },
    });
    expect(otherSchool.statusCode).toBe(403);
    const wideRoles = await post('/api/notices', 'schoolA', {
      title: 'x',
      body: 'x',
      audience: { scope: 'schools', schoolIds: [w.schoolA], roles: ['county_admin'] },
    });
    expect(wideRoles.statusCode).toBe(403);
    expect(wideRoles.json().error.message).toContain('县级管理员');

    const mine = (await get('/api/notices/sent', 'schoolA')).json() as { items: { id: number }[]; total: number };
    expect(mine.items.map((i) => i.id)).toEqual([id]);
    const countySees = (await get('/api/notices/sent?pageSize=50', 'county')).json() as {
      items: { id: number; sender: string; readCount: number }[];
    };
    expect(countySees.items.map((i) => i.id)).toContain(id);
    expect((await get('/api/notices/sent', 'schoolB')).json()).toMatchObject({ total: 0 });
    expect((await get(`/api/notices/${id}/receipts`, 'schoolB')).statusCode).toBe(404);
    expect((await get(`/api/notices/${id}/receipts`, 'schoolA')).json()).toMatchObject({ read: 1, unread: 0 });
  });

  it('teachers and leaders cannot publish', async () => {
    const body = { title: 'x', body: 'x', audience: { scope: 'all', roles: ['teacher'] } };
    expect((await post('/api/notices', 'teacherA', body)).statusCode).toBe(403);
    const leader = await post('/api/notices', 'leader', body);
    expect(leader.statusCode).toBe(403);
    expect(leader.json().error.message).toBe(LEADER_READ_ONLY);
    expect((await post('/api/notices', 'areaA', body)).statusCode).toBe(403);
  });

  it('leaves out disabled accounts and teachers no longer in service', async () => {
    await t.deps.db.execute(sql`update teachers set status = '调出' where id = ${w.teacherA}`);
    const res = await post('/api/notices', 'county', {
      title: '给教师',
      body: 'x',
      audience: { scope: 'schools', schoolIds: [w.schoolA], roles: ['teacher', 'school_admin'] },
    });
    const id = (res.json() as Detail).id;
    const got = await rows<{ user_id: number }>(
      t.deps.db,
      sql`select user_id from notice_recipients where notice_id = ${id}`,
    );
    expect(got.map((g) => g.user_id)).toEqual([await userId(w.users.schoolA)]);
    await t.deps.db.execute(sql`update teachers set status = '在职' where id = ${w.teacherA}`);
  });
});

describe('editing and withdrawing after publishing', () => {
  const put = (url: string, who: string, payload: object) =>
    t.app.inject({ method: 'PUT', url, headers: { cookie: c[who]! }, payload });
  let id: number;

  beforeAll(async () => {
    const res = await post('/api/notices', 'county', {
      title: '关于报送培训需求的通知',
      body: '请各校于3月1日前报送。',
      audience: { scope: 'schools', schoolIds: [w.schoolA], roles: ['school_admin', 'teacher'] },
    });
    id = (res.json() as { id: number }).id;
    await get(`/api/notices/${id}`, 'teacherA'); // read before the edit
  });

  it('the sender edits it: marked 已修改 everywhere, recipients told again, audited', async () => {
    expect((await put(`/api/notices/${id}`, 'schoolA', { title: '改', body: '改' })).statusCode).toBe(403);
    expect((await put(`/api/notices/${id}`, 'leader', { title: '改', body: '改' })).statusCode).toBe(403);
    expect((await put(`/api/notices/${id}`, 'county', { title: '', body: '改' })).statusCode).toBe(400);
    const res = await put(`/api/notices/${id}`, 'county', {
      title: '关于报送培训需求的通知（更正）',
      body: '请各校于3月5日前报送。',
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ title: '关于报送培训需求的通知（更正）', body: '请各校于3月5日前报送。', canEdit: true });
    expect(d.editedAt).toEqual(expect.any(String));
    const inbox = (await get('/api/notices', 'teacherA')).json();
    expect(inbox.items.find((x: { id: number }) => x.id === id)).toMatchObject({ editedAt: d.editedAt });
    const bell = (await get('/api/notifications', 'teacherA')).json();
    expect(bell.items.some((n: { title: string }) => n.title === '通知已修改：关于报送培训需求的通知（更正）')).toBe(
      true,
    );
    const sent = (await get('/api/notices/sent', 'county')).json();
    expect(sent.items.find((x: { id: number }) => x.id === id)).toMatchObject({
      editedAt: d.editedAt,
      withdrawnAt: null,
    });
    const audit = await one<{ before: { body: string } }>(
      t.deps.db,
      sql`select before from audit_log where action = 'notice.update' and entity_id = ${String(id)}`,
    );
    expect(audit!.before.body).toBe('请各校于3月1日前报送。');
    // A recipient opening it sees the mark but may not edit.
    const seen = (await get(`/api/notices/${id}`, 'teacherA')).json();
    expect(seen).toMatchObject({ editedAt: d.editedAt, canEdit: false, canWithdraw: false });
  });

  it("a school admin edits its own school's notice; the county may withdraw it but not rewrite it", async () => {
    const res = await post('/api/notices', 'schoolA', {
      title: '本周教研活动安排',
      body: '周三下午第二节课，三楼会议室。',
      audience: { scope: 'schools', schoolIds: [w.schoolA], roles: ['teacher'] },
    });
    const own = (res.json() as { id: number }).id;
    expect(
      (await put(`/api/notices/${own}`, 'schoolA', { title: '本周教研活动安排', body: '改到周四。' })).statusCode,
    ).toBe(200);
    expect((await put(`/api/notices/${own}`, 'county', { title: '县里改', body: '县里改' })).statusCode).toBe(403);
    expect((await post(`/api/notices/${own}/withdraw`, 'schoolB', { reason: '不需要了' })).statusCode).toBe(404);
    const w1 = await post(`/api/notices/${own}/withdraw`, 'county', { reason: '与县里安排冲突' });
    expect(w1.statusCode).toBe(200);
  });

  it('the sender withdraws it with a reason: gone from inboxes, its words and files hidden, audited', async () => {
    expect((await post(`/api/notices/${id}/withdraw`, 'county', { reason: '' })).statusCode).toBe(400);
    const res = await post(`/api/notices/${id}/withdraw`, 'county', { reason: '通知内容有误，另行发布' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ withdrawReason: '通知内容有误，另行发布', canEdit: false, canWithdraw: false });
    const inbox = (await get('/api/notices', 'teacherA')).json();
    expect(inbox.items.map((x: { id: number }) => x.id)).not.toContain(id);
    const opened = (await get(`/api/notices/${id}`, 'teacherA')).json();
    expect(opened).toMatchObject({ body: '', attachments: [], withdrawReason: '通知内容有误，另行发布' });
    expect(opened.withdrawnAt).toEqual(expect.any(String));
    // The sender keeps it on record with its receipts; it cannot be edited or withdrawn again.
    const mine = (await get(`/api/notices/${id}`, 'county')).json();
    expect(mine.body).toBe('请各校于3月5日前报送。');
    expect((await put(`/api/notices/${id}`, 'county', { title: 'x', body: 'y' })).statusCode).toBe(409);
    expect((await post(`/api/notices/${id}/withdraw`, 'county', { reason: '再撤一次' })).statusCode).toBe(409);
    const audit = await one<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from audit_log where action = 'notice.withdraw' and entity_id = ${String(id)}`,
    );
    expect(audit!.n).toBe(1);
  });
});
