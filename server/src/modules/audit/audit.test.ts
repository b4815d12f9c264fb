import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { one } from '../../db/client.js';
import { actionLabel } from './audit.service.js';

let t: TestContext;
let w: World; // 甲县
let w2: World; // 乙县
let adminA: string;
let adminB: string;
let schoolAId: number;

type Entry = {
  id: number;
  at: string;
  userId: number | null;
  userName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
};

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps, '甲县');
  w2 = await seedWorld(t.deps, '乙县');
  adminA = await loginAs(t.app, w.users.county);
  adminB = await loginAs(t.app, w2.users.county);
  schoolAId = (await one<{ id: number }>(t.deps.db, sql`select id from users where username = ${w.users.schoolA}`))!.id;
  // Some real writes in 甲县 to browse.
  await t.app.inject({
    method: 'POST',
    url: '/api/accounts',
    headers: { cookie: adminA },
    payload: { username: 'audit.one', displayName: '日志甲', role: 'leader', password: 'Kq4-harbor-71' },
  });
  await t.app.inject({
    method: 'PATCH',
    url: `/api/accounts/${schoolAId}`,
    headers: { cookie: adminA },
    payload: { displayName: '学校甲管理员' },
  });
  await t.app.inject({
    method: 'POST',
    url: `/api/accounts/${schoolAId}/reset-password`,
    headers: { cookie: adminA },
    payload: { password: 'Secret2024x' },
  });
  // Dated rows around a Shanghai day boundary (UTC+8) for the from/to filter.
  for (const at of [
    '2024-03-04T23:59:00+08:00',
    '2024-03-05T00:00:00+08:00',
    '2024-03-05T23:59:59+08:00',
    '2024-03-06T00:00:00+08:00',
  ]) {
    await t.deps.db.execute(
      sql`insert into audit_log (region_id, user_id, user_name, action, entity, entity_id, created_at)
          values (${w.regionId}, null, '系统', 'test.dated', 'thing', '1', ${at}::timestamptz)`,
    );
  }
});
afterAll(() => t.close());

const list = async (cookie: string, qs = '') => {
  const res = await t.app.inject({ url: `/api/audit?${qs}`, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Entry[]; total: number };
};

describe('audit: access', () => {
  it('answers 403 to leaders, area/school admins and teachers on both endpoints', async () => {
    for (const who of [w.users.leader, w.users.areaA, w.users.schoolB, w.users.teacherA]) {
      const cookie = await loginAs(t.app, who);
      for (const url of ['/api/audit', '/api/audit/actions']) {
        const res = await t.app.inject({ url, headers: { cookie } });
        expect(res.statusCode, `${who} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
    }
  });
});

describe('audit: list', () => {
  it('lists newest first with before/after and no password material', async () => {
    const { items, total } = await list(adminA, 'pageSize=200');
    expect(total).toBe(items.length);
    for (let i = 1; i < items.length; i++) {
      const [prev, cur] = [items[i - 1]!, items[i]!];
      const order = Date.parse(prev.at) - Date.parse(cur.at) || prev.id - cur.id;
      expect(order).toBeGreaterThan(0);
    }
    const update = items.find((e) => e.action === 'account.update' && e.entityId === String(schoolAId));
    expect(update).toMatchObject({
      entity: 'user',
      before: { displayName: 'schoolA' },
      after: { displayName: '学校甲管理员' },
      userName: `county(${w.users.county})`,
    });
    const reset = items.find((e) => e.action === 'account.reset_password');
    expect(reset?.after).toMatchObject({ mustChangePassword: true });
    expect(JSON.stringify(items)).not.toMatch(/argon2|Secret2024x|Passw0rd|password_?hash/i);
  });

  it('filters by action, entity, entity id, user and user name', async () => {
    const byAction = await list(adminA, 'action=account.create');
    expect(byAction.items.map((e) => e.after)).toEqual([expect.objectContaining({ username: 'audit.one' })]);

    const history = await list(adminA, `entity=user&entityId=${schoolAId}`);
    expect(history.items.map((e) => e.action)).toEqual(['account.reset_password', 'account.update']);

    const countyId = (await one<{ id: number }>(
      t.deps.db,
      sql`select id from users where username = ${w.users.county}`,
    ))!.id;
    const byUser = await list(adminA, `userId=${countyId}&pageSize=200`);
    expect(byUser.total).toBeGreaterThanOrEqual(4); // login + three account writes
    expect(new Set(byUser.items.map((e) => e.userId))).toEqual(new Set([countyId]));

    const byName = await list(adminA, `q=${encodeURIComponent(w.users.leader.toUpperCase())}`);
    expect(byName.items.length).toBeGreaterThan(0); // the leader's login in the access test
    expect(byName.items.every((e) => e.userName?.includes(w.users.leader))).toBe(true);
    expect((await list(adminA, 'q=%25')).total).toBe(0);
    expect((await list(adminA, 'action=no.such.action')).total).toBe(0);
  });

  it('filters by Shanghai calendar days, inclusive', async () => {
    const day = await list(adminA, 'action=test.dated&from=2024-03-05&to=2024-03-05');
    expect(day.items.map((e) => e.at)).toEqual(['2024-03-05T15:59:59.000Z', '2024-03-04T16:00:00.000Z']);
    expect((await list(adminA, 'action=test.dated&from=2024-03-05')).total).toBe(3);
    expect((await list(adminA, 'action=test.dated&to=2024-03-05')).total).toBe(3);
    expect((await list(adminA, 'action=test.dated&from=2024-03-07')).total).toBe(0);
    const bad = await t.app.inject({ url: '/api/audit?from=2024-3-5', headers: { cookie: adminA } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.from).toMatch(/YYYY-MM-DD/);
  });

  it('paginates', async () => {
    const all = await list(adminA, 'pageSize=200');
    const p1 = await list(adminA, 'pageSize=3&page=1');
    const p2 = await list(adminA, 'pageSize=3&page=2');
    expect(p1.total).toBe(all.total);
    expect([...p1.items, ...p2.items].map((e) => e.id)).toEqual(all.items.slice(0, 6).map((e) => e.id));
    const past = await list(adminA, `pageSize=3&page=${Math.ceil(all.total / 3) + 1}`);
    expect(past).toEqual({ items: [], total: all.total });
  });

  it("never shows one county the other's rows", async () => {
    const b = await list(adminB, 'pageSize=200');
    expect(b.total).toBeGreaterThan(0); // 乙县's own admin logins
    expect(b.items.every((e) => !e.userName?.includes(w.users.county) || e.userName.includes(w2.users.county))).toBe(
      true,
    );
    expect(b.items.some((e) => e.action.startsWith('account.') || e.action === 'test.dated')).toBe(false);
    expect((await list(adminB, `entity=user&entityId=${schoolAId}`)).total).toBe(0);
    const a = await list(adminA, 'pageSize=200');
    const aIds = new Set(a.items.map((e) => e.id));
    expect(b.items.some((e) => aIds.has(e.id))).toBe(false);
  });
});

describe('audit: actions', () => {
  it("lists the region's distinct actions with Chinese labels", async () => {
    const res = await t.app.inject({ url: '/api/audit/actions', headers: { cookie: adminA } });
    expect(res.statusCode).toBe(200);
    const actions = res.json() as Array<{ action: string; label: string }>;
    expect(actions).toEqual(
      expect.arrayContaining([
        { action: 'auth.login', label: '登录' },
        { action: 'account.create', label: '新建账号' },
        { action: 'account.update', label: '修改账号' },
        { action: 'account.reset_password', label: '重置密码' },
        { action: 'test.dated', label: 'test.dated' },
      ]),
    );
    expect(new Set(actions.map((a) => a.action)).size).toBe(actions.length);
    const b = (await t.app.inject({ url: '/api/audit/actions', headers: { cookie: adminB } })).json() as Array<{
      action: string;
    }>;
    expect(b.map((a) => a.action)).toEqual(['auth.login']);
  });

  it('labels every action the modules are expected to record', () => {
    for (const a of [
      'auth.login',
      'auth.login_failed',
      'auth.password_change',
      'teacher.create',
      'teacher.update',
      'teacher.transfer',
      'teacher.status',
      'teacher.reveal_id',
      'teacher.import',
      'school.create',
      'school.update',
      'school.delete',
      'school.import',
      'area.create',
      'area.update',
      'area.delete',
      'consortium.create',
      'consortium.update',
      'consortium.delete',
      'account.create',
      'account.update',
      'account.reset_password',
      'account.disable',
      'account.enable',
      'account.unlock',
    ]) {
      expect(actionLabel(a), a).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
