import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { one, rows } from '../../db/client.js';
import { loadCurrentUser } from '../../http/auth.js';
import { setDisabled, updateAccount } from './accounts.service.js';

let t: TestContext;
let w: World; // 甲县
let w2: World; // 乙县
let admin: string; // cookie of 甲县's county admin

const NEW_PW = 'Reset2024x';

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps, '甲县');
  w2 = await seedWorld(t.deps, '乙县');
  admin = await loginAs(t.app, w.users.county);
});
afterAll(() => t.close());

async function idOf(username: string): Promise<number> {
  const r = await one<{ id: number }>(t.deps.db, sql`select id from users where username = ${username}`);
  return r!.id;
}

function call(cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  const opts: InjectOptions = { method, url, headers: { cookie } };
  if (payload !== undefined) opts.payload = payload as InjectOptions['payload'];
  return t.app.inject(opts);
}

/** An initial password the policy accepts (the demo and test passwords are refused). */
const INIT_PW = 'Kq4-harbor-71';
const create = (body: Record<string, unknown>) =>
  call(admin, 'POST', '/api/accounts', { displayName: '新账号', password: INIT_PW, ...body });

/** Past the free failures: the sixth wrong password makes the next attempt from here wait. */
async function failLogins(username: string, times = 6) {
  for (let i = 0; i < times; i++) {
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'wrong-pass' } });
  }
}

async function auditRows(action: string, entityId: number) {
  return rows<{ before: unknown; after: unknown; user_id: number; region_id: number }>(
    t.deps.db,
    sql`select before, after, user_id, region_id from audit_log
        where action = ${action} and entity = 'user' and entity_id = ${String(entityId)} order by id`,
  );
}

describe('accounts: access', () => {
  it('answers 403 to every non-county-admin role on every endpoint', async () => {
    const target = await idOf(w.users.schoolA);
    const endpoints: Array<['GET' | 'POST' | 'PATCH', string, unknown?]> = [
      ['GET', '/api/accounts'],
      ['GET', `/api/accounts/${target}`],
      ['POST', '/api/accounts', { username: 'sneaky', displayName: 'x', role: 'leader', password: INIT_PW }],
      ['PATCH', `/api/accounts/${target}`, { displayName: '改名' }],
      ['POST', `/api/accounts/${target}/reset-password`, { password: 'Sneaky2024' }],
      ['POST', `/api/accounts/${target}/disabled`, { disabled: true }],
      ['POST', `/api/accounts/${target}/unlock`, {}],
    ];
    for (const who of [w.users.leader, w.users.areaA, w.users.schoolA, w.users.teacherA]) {
      const cookie = await loginAs(t.app, who);
      for (const [method, url, payload] of endpoints) {
        const res = await call(cookie, method, url, payload);
        expect(res.statusCode, `${who} ${method} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
    }
    expect(await count(t.deps, 'users', "username = 'sneaky'")).toBe(0);
    const row = await one<{ display_name: string; disabled: boolean }>(
      t.deps.db,
      sql`select display_name, disabled from users where id = ${target}`,
    );
    expect(row).toEqual({ display_name: 'schoolA', disabled: false });
  });

  it('answers 401 without a session', async () => {
    const res = await t.app.inject({ url: '/api/accounts' });
    expect(res.statusCode).toBe(401);
  });
});

describe('accounts: list', () => {
  it("lists the caller's region only, teachers included, without password material", async () => {
    const res = await call(admin, 'GET', '/api/accounts?pageSize=200');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const names = body.items.map((a: { username: string }) => a.username);
    expect(names).toEqual(expect.arrayContaining(Object.values(w.users)));
    for (const u of Object.values(w2.users)) expect(names).not.toContain(u);
    expect(body.total).toBe(body.items.length);
    expect(res.body).not.toMatch(/argon2|password_?hash|passwordHash/i);
    const teacher = body.items.find((a: { username: string }) => a.username === w.users.teacherA);
    expect(teacher).toMatchObject({ role: 'teacher', teacherId: w.teacherA, schoolId: w.schoolA });
    expect(teacher.schoolName).toMatch(/^实验小学/);
    const cons = body.items.find((a: { username: string }) => a.username === w.users.consA);
    expect(cons).toMatchObject({ role: 'area_admin', consortiumId: w.consortium, disabled: false, locked: false });
    expect(cons.consortiumName).toMatch(/^第一教联体/);
  });

  it('filters by role, school, q (username, name, phone, school/area/consortium names) and disabled', async () => {
    const get = async (qs: string) => (await call(admin, 'GET', `/api/accounts?${qs}`)).json();
    const teachers = await get('role=teacher');
    expect(teachers.items.map((a: { username: string }) => a.username)).toEqual([w.users.teacherA]);
    const noTeachers = await get(`excludeRole=teacher&schoolId=${w.schoolA}`);
    expect(noTeachers.items.map((a: { username: string }) => a.username)).toEqual([w.users.schoolA]);
    const bySchool = await get(`schoolId=${w.schoolA}`);
    expect(bySchool.items.map((a: { username: string }) => a.username).sort()).toEqual(
      [w.users.schoolA, w.users.teacherA].sort(),
    );
    const schoolName = (await get(`schoolId=${w.schoolB}`)).items[0].schoolName as string;
    expect(
      (await get(`q=${encodeURIComponent(schoolName)}`)).items.map((a: { username: string }) => a.username),
    ).toEqual([w.users.schoolB]);
    const consName = (await get('role=area_admin')).items.find(
      (a: { consortiumName: string | null }) => a.consortiumName,
    ).consortiumName as string;
    expect((await get(`q=${encodeURIComponent(consName)}`)).items.map((a: { username: string }) => a.username)).toEqual(
      [w.users.consA],
    );
    const areaName = (await get('role=area_admin')).items.find((a: { areaName: string | null }) => a.areaName)
      .areaName as string;
    expect((await get(`q=${encodeURIComponent(areaName)}`)).items.map((a: { username: string }) => a.username)).toEqual(
      [w.users.areaA],
    );
    expect((await get(`q=${w.users.leader.toUpperCase()}`)).items.map((a: { username: string }) => a.username)).toEqual(
      [w.users.leader],
    );
    expect((await get('q=%25')).total).toBe(0); // a literal % matches nothing, not everything
    expect((await get('disabled=true')).total).toBe(0);
    expect((await get('disabled=false')).total).toBe((await get('')).total);
  });

  it('searches by display name and phone', async () => {
    const created = await create({
      username: 'phone.admin',
      displayName: '王五',
      role: 'leader',
      phone: '13912345678',
    });
    expect(created.statusCode).toBe(201);
    const byName = (await call(admin, 'GET', `/api/accounts?q=${encodeURIComponent('王五')}`)).json();
    expect(byName.items.map((a: { username: string }) => a.username)).toEqual(['phone.admin']);
    const byPhone = (await call(admin, 'GET', '/api/accounts?q=1391234')).json();
    expect(byPhone.items.map((a: { username: string }) => a.username)).toEqual(['phone.admin']);
  });

  it('paginates', async () => {
    const all = (await call(admin, 'GET', '/api/accounts?pageSize=200')).json();
    const p1 = (await call(admin, 'GET', '/api/accounts?pageSize=3&page=1')).json();
    const p2 = (await call(admin, 'GET', '/api/accounts?pageSize=3&page=2')).json();
    expect(p1.total).toBe(all.total);
    expect(p1.items).toHaveLength(3);
    expect([...p1.items, ...p2.items].map((a: { id: number }) => a.id)).toEqual(
      all.items.slice(0, 3 + p2.items.length).map((a: { id: number }) => a.id),
    );
    expect((await call(admin, 'GET', '/api/accounts?pageSize=500')).statusCode).toBe(400);
  });

  it('answers 404 for an account of another region', async () => {
    const other = await idOf(w2.users.schoolA);
    for (const [method, url, payload] of [
      ['GET', `/api/accounts/${other}`],
      ['PATCH', `/api/accounts/${other}`, { displayName: '越权' }],
      ['POST', `/api/accounts/${other}/reset-password`, { password: 'Sneaky2024' }],
      ['POST', `/api/accounts/${other}/disabled`, { disabled: true }],
      ['POST', `/api/accounts/${other}/unlock`, {}],
    ] as Array<['GET' | 'POST' | 'PATCH', string, unknown?]>) {
      const res = await call(admin, method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    const row = await one<{ display_name: string; disabled: boolean }>(
      t.deps.db,
      sql`select display_name, disabled from users where id = ${other}`,
    );
    expect(row).toEqual({ display_name: 'schoolA', disabled: false });
  });
});

describe('accounts: create', () => {
  it('refuses a teacher account with a clear message', async () => {
    const res = await create({ username: 'new.teacher', role: 'teacher', schoolId: w.schoolA });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/教师账号随教师档案/);
    expect(res.json().error.fields.role).toBeTruthy();
  });

  it('requires a school of this region for a school admin', async () => {
    const none = await create({ username: 'sa.none', role: 'school_admin' });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.fields.schoolId).toMatch(/请选择学校/);
    const foreign = await create({ username: 'sa.foreign', role: 'school_admin', schoolId: w2.schoolA });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.message).toMatch(/不属于本县/);
    const ok = await create({ username: 'sa.ok', role: 'school_admin', schoolId: w.schoolC, areaId: w.areaA });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ role: 'school_admin', schoolId: w.schoolC, areaId: null, consortiumId: null });
  });

  it('requires exactly one of area or consortium for an area admin', async () => {
    const neither = await create({ username: 'aa.none', role: 'area_admin' });
    expect(neither.statusCode).toBe(400);
    expect(neither.json().error.message).toMatch(/二选一/);
    const both = await create({ username: 'aa.both', role: 'area_admin', areaId: w.areaA, consortiumId: w.consortium });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.fields.consortiumId).toMatch(/二选一/);
    const foreign = await create({ username: 'aa.foreign', role: 'area_admin', areaId: w2.areaA });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.fields.areaId).toMatch(/不属于本县/);
    const ok = await create({ username: 'aa.ok', role: 'area_admin', consortiumId: w.consortium, schoolId: w.schoolA });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ areaId: null, consortiumId: w.consortium, schoolId: null });
  });

  it('clears scope ids for county admins and leaders', async () => {
    const res = await create({ username: 'leader.two', role: 'leader', schoolId: w.schoolA, areaId: w.areaA });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ role: 'leader', schoolId: null, areaId: null, consortiumId: null });
  });

  it('refuses a duplicate username case-insensitively, in any region', async () => {
    for (const username of [w.users.leader.toUpperCase(), w2.users.county]) {
      const res = await create({ username, role: 'leader' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'DUPLICATE', message: '用户名已存在' });
    }
  });

  it('refuses names reserved for teacher accounts and weak passwords', async () => {
    const reserved = await create({ username: 't12345', role: 'leader' });
    expect(reserved.statusCode).toBe(400);
    expect(reserved.json().error.fields.username).toMatch(/教师账号/);
    const weak = await create({ username: 'weak.pw', role: 'leader', password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.fields.password).toMatch(/至少8位/);
  });

  it('hashes the password with argon2id, forces a change, and audits without password material', async () => {
    const res = await create({ username: 'Created.Admin', displayName: '赵六', role: 'county_admin' });
    expect(res.statusCode).toBe(201);
    const acc = res.json();
    expect(acc).toMatchObject({ username: 'Created.Admin', mustChangePassword: true, disabled: false, locked: false });
    expect(acc).not.toHaveProperty('passwordHash');
    const stored = await one<{ password_hash: string; region_id: number }>(
      t.deps.db,
      sql`select password_hash, region_id from users where id = ${acc.id}`,
    );
    expect(stored!.password_hash).toMatch(/^\$argon2id\$/);
    expect(stored!.region_id).toBe(w.regionId);

    const [audit] = await auditRows('account.create', acc.id);
    expect(audit!.region_id).toBe(w.regionId);
    expect(audit!.after).toMatchObject({ username: 'Created.Admin', role: 'county_admin', displayName: '赵六' });
    expect(JSON.stringify(audit)).not.toMatch(/argon2|Passw0rd|password/i);

    const cookie = await loginAs(t.app, 'created.admin', INIT_PW);
    const me = await call(cookie, 'GET', '/api/auth/me');
    expect(me.json().mustChangePassword).toBe(true);
    const blocked = await call(cookie, 'GET', '/api/accounts');
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });
});

describe('accounts: update', () => {
  it('edits name and phone and audits only what changed', async () => {
    const id = (await create({ username: 'edit.me', displayName: '旧名', role: 'leader' })).json().id;
    const res = await call(admin, 'PATCH', `/api/accounts/${id}`, { displayName: '新名', phone: '13700001111' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ displayName: '新名', phone: '13700001111', role: 'leader' });
    const [audit] = await auditRows('account.update', id);
    expect(audit!.before).toEqual({ displayName: '旧名', phone: null });
    expect(audit!.after).toEqual({ displayName: '新名', phone: '13700001111' });
    const bad = await call(admin, 'PATCH', `/api/accounts/${id}`, { phone: '12345' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.phone).toMatch(/手机号/);
  });

  it('changes role and scope with the same rules, replacing the scope as a whole', async () => {
    const id = (await create({ username: 'move.me', role: 'school_admin', schoolId: w.schoolA })).json().id;
    const toArea = await call(admin, 'PATCH', `/api/accounts/${id}`, { role: 'area_admin', areaId: w.areaB });
    expect(toArea.statusCode).toBe(200);
    expect(toArea.json()).toMatchObject({ role: 'area_admin', areaId: w.areaB, schoolId: null, consortiumId: null });
    const toCons = await call(admin, 'PATCH', `/api/accounts/${id}`, { consortiumId: w.consortium });
    expect(toCons.json()).toMatchObject({ role: 'area_admin', areaId: null, consortiumId: w.consortium });
    const missing = await call(admin, 'PATCH', `/api/accounts/${id}`, { role: 'school_admin' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields.schoolId).toBeTruthy();
    const toTeacher = await call(admin, 'PATCH', `/api/accounts/${id}`, { role: 'teacher', schoolId: w.schoolA });
    expect(toTeacher.statusCode).toBe(400);
    const toLeader = await call(admin, 'PATCH', `/api/accounts/${id}`, { role: 'leader' });
    expect(toLeader.json()).toMatchObject({ role: 'leader', areaId: null, consortiumId: null, schoolId: null });
    const audits = await auditRows('account.update', id);
    expect(audits).toHaveLength(3);
    expect(audits[2]!.before).toEqual({ role: 'area_admin', consortiumId: w.consortium });
    expect(audits[2]!.after).toEqual({ role: 'leader', consortiumId: null });
  });

  it("applies a new scope to the user's next request", async () => {
    const id = (await create({ username: 'scope.live', role: 'school_admin', schoolId: w.schoolA })).json().id;
    await call(admin, 'PATCH', `/api/accounts/${id}`, { schoolId: w.schoolB });
    const u = await loadCurrentUser(t.deps.db, id);
    expect(u.schoolId).toBe(w.schoolB);
  });

  it("refuses to change a teacher account's role or school", async () => {
    const id = await idOf(w.users.teacherA);
    const res = await call(admin, 'PATCH', `/api/accounts/${id}`, { role: 'school_admin', schoolId: w.schoolA });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/教师档案/);
  });

  it('refuses self-demotion', async () => {
    const self = await idOf(w.users.county);
    const res = await call(admin, 'PATCH', `/api/accounts/${self}`, { role: 'leader' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/不能修改自己的角色/);
    const renamed = await call(admin, 'PATCH', `/api/accounts/${self}`, { displayName: '县管理员' });
    expect(renamed.statusCode).toBe(200);
    await call(admin, 'PATCH', `/api/accounts/${self}`, { displayName: 'county' });
  });

  it('keeps at least one enabled county admin in the region', async () => {
    // Through the API the caller is always an enabled county admin, so the guard can only fire when
    // the caller's own account changes mid-request (a concurrent demotion); simulate that state.
    const selfId = await idOf(w2.users.county);
    const otherCookie = await loginAs(t.app, w2.users.county);
    const other = await call(otherCookie, 'POST', '/api/accounts', {
      username: 'second.county',
      displayName: '第二管理员',
      role: 'county_admin',
      password: INIT_PW,
    });
    expect(other.statusCode).toBe(201);
    const otherId = other.json().id;
    const actor = { user: await loadCurrentUser(t.deps.db, selfId), ip: null, userAgent: null };
    await t.deps.db.execute(sql`update users set disabled = true where id = ${selfId}`);
    try {
      await expect(updateAccount(t.deps.db, actor, otherId, { role: 'leader' })).rejects.toMatchObject({
        code: 'CONFLICT',
        status: 409,
        message: expect.stringMatching(/至少需要保留一个/),
      });
      await expect(setDisabled(t.deps.db, actor, otherId, true)).rejects.toMatchObject({ code: 'CONFLICT' });
    } finally {
      await t.deps.db.execute(sql`update users set disabled = false where id = ${selfId}`);
    }
    const row = await one<{ role: string; disabled: boolean }>(
      t.deps.db,
      sql`select role, disabled from users where id = ${otherId}`,
    );
    expect(row).toEqual({ role: 'county_admin', disabled: false });
    // With the caller enabled again, demoting the other county admin is fine.
    const demoted = await call(otherCookie, 'PATCH', `/api/accounts/${otherId}`, { role: 'leader' });
    expect(demoted.statusCode).toBe(200);
  });
});

describe('accounts: reset password, disable, unlock', () => {
  it('reset forces a change at next login, ends sessions and clears a lock-out', async () => {
    const id = (await create({ username: 'reset.me', displayName: '重置', role: 'county_admin' })).json().id;
    const first = await loginAs(t.app, 'reset.me', INIT_PW);
    const changed = await call(first, 'POST', '/api/auth/password', {
      currentPassword: INIT_PW,
      newPassword: 'Mine2024ok',
    });
    expect(changed.statusCode).toBe(200);
    expect((await call(first, 'GET', '/api/accounts')).statusCode).toBe(200);
    await failLogins('reset.me');
    expect((await call(admin, 'GET', `/api/accounts/${id}`)).json().locked).toBe(true);

    const reset = await call(admin, 'POST', `/api/accounts/${id}/reset-password`, { password: NEW_PW });
    expect(reset.statusCode).toBe(200);
    expect((await call(first, 'GET', '/api/auth/me')).statusCode).toBe(401);
    await expect(loginAs(t.app, 'reset.me', 'Mine2024ok')).rejects.toThrow(/401/);

    const again = await loginAs(t.app, 'reset.me', NEW_PW);
    const blocked = await call(again, 'GET', '/api/accounts');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    await call(again, 'POST', '/api/auth/password', { currentPassword: NEW_PW, newPassword: 'Mine2025ok' });
    expect((await call(again, 'GET', '/api/accounts')).statusCode).toBe(200);

    const [audit] = await auditRows('account.reset_password', id);
    expect(audit!.after).toMatchObject({ mustChangePassword: true, sessionsEnded: 1 });
    expect(JSON.stringify(audit)).not.toMatch(new RegExp(`argon2|${NEW_PW}|hash`, 'i'));
  });

  it('refuses to reset the caller’s own password here', async () => {
    const res = await call(admin, 'POST', `/api/accounts/${await idOf(w.users.county)}/reset-password`, {
      password: NEW_PW,
    });
    expect(res.statusCode).toBe(400);
    const weak = await call(admin, 'POST', `/api/accounts/${await idOf(w.users.schoolB)}/reset-password`, {
      password: 'abc',
    });
    expect(weak.statusCode).toBe(400);
  });

  it('disabling ends sessions and blocks login; enabling also clears a lock-out', async () => {
    const id = await idOf(w.users.schoolB);
    const cookie = await loginAs(t.app, w.users.schoolB);
    const off = await call(admin, 'POST', `/api/accounts/${id}/disabled`, { disabled: true });
    expect(off.statusCode).toBe(200);
    expect(off.json().disabled).toBe(true);
    expect((await call(cookie, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect(await count(t.deps, 'sessions', `user_id = ${id}`)).toBe(0);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: w.users.schoolB, password: 'Passw0rd!' },
    });
    expect(login.json().error.code).toBe('ACCOUNT_DISABLED');
    const listed = (await call(admin, 'GET', '/api/accounts?disabled=true')).json();
    expect(listed.items.map((a: { id: number }) => a.id)).toEqual([id]);

    await failLogins(w.users.schoolB);
    expect((await call(admin, 'GET', `/api/accounts/${id}`)).json().locked).toBe(true);
    const on = await call(admin, 'POST', `/api/accounts/${id}/disabled`, { disabled: false });
    expect(on.json()).toMatchObject({ disabled: false, locked: false });
    await loginAs(t.app, w.users.schoolB);

    const [disable] = await auditRows('account.disable', id);
    expect(disable).toMatchObject({ before: { disabled: false }, after: { disabled: true, sessionsEnded: 1 } });
    const [enable] = await auditRows('account.enable', id);
    expect(enable).toMatchObject({
      before: { disabled: true, locked: true },
      after: { disabled: false, locked: false },
    });
  });

  it('refuses to disable oneself', async () => {
    const res = await call(admin, 'POST', `/api/accounts/${await idOf(w.users.county)}/disabled`, { disabled: true });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('不能停用自己的账号');
  });

  it('unlocks a locked account', async () => {
    const id = await idOf(w.users.consA);
    await failLogins(w.users.consA);
    expect((await call(admin, 'GET', `/api/accounts/${id}`)).json().locked).toBe(true);
    const res = await call(admin, 'POST', `/api/accounts/${id}/unlock`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json().locked).toBe(false);
    await loginAs(t.app, w.users.consA);
    const [audit] = await auditRows('account.unlock', id);
    expect(audit!.after).toEqual({ locked: false, failures: 0 });
    expect(audit!.before).toEqual({ locked: true, failures: 6 });
  });

  it('resets a teacher account too (teachers forget passwords)', async () => {
    const id = await idOf(w.users.teacherA);
    const res = await call(admin, 'POST', `/api/accounts/${id}/reset-password`, { password: NEW_PW });
    expect(res.statusCode).toBe(200);
    const cookie = await loginAs(t.app, w.users.teacherA, NEW_PW);
    expect((await call(cookie, 'GET', '/api/auth/me')).json().mustChangePassword).toBe(true);
  });
});

describe('accounts: region isolation', () => {
  it("never shows one county admin the other county's accounts", async () => {
    const cookie = await loginAs(t.app, w2.users.county);
    const all = (await call(cookie, 'GET', '/api/accounts?pageSize=200')).json();
    const regions = await rows<{ region_id: number }>(
      t.deps.db,
      sql`select distinct region_id from users where id in ${sql.raw(`(${all.items.map((a: { id: number }) => a.id).join(',')})`)}`,
    );
    expect(regions).toEqual([{ region_id: w2.regionId }]);
    expect(all.total).toBe(await count(t.deps, 'users', `region_id = ${w2.regionId}`));
    const q = (await call(cookie, 'GET', '/api/accounts?q=created.admin')).json();
    expect(q.total).toBe(0);
  });
});
