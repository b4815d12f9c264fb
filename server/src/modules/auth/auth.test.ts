import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';

let t: TestContext;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
});
afterAll(() => t.close());

describe('auth', () => {
  it('health reports the database kind', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.json()).toEqual({ status: 'ok', database: t.deps.database.kind });
  });

  it('refuses a wrong password with INVALID_CREDENTIALS', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: w.users.county, password: 'nope' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(res.json().error.message).toMatch(/密码/);
  });

  it('logs in, answers me, logs out', async () => {
    const cookie = await loginAs(t.app, w.users.schoolA);
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ role: 'school_admin', schoolId: w.schoolA });
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const after = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('sets an HttpOnly SameSite cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: w.users.leader, password: 'Passw0rd!' },
    });
    const c = res.cookies.find((x) => x.name === 'shixun_sid')!;
    expect(c.httpOnly).toBe(true);
    expect(String(c.sameSite).toLowerCase()).toBe('lax');
  });

  it('locks an account after five failures', async () => {
    for (let i = 0; i < 5; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: w.users.consA, password: 'x' },
      });
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: w.users.consA, password: 'Passw0rd!' },
    });
    expect(res.statusCode).toBe(423);
    expect(res.json().error.code).toBe('ACCOUNT_LOCKED');
    expect(await count(t.deps, 'audit_log', "action = 'auth.login_failed'")).toBeGreaterThanOrEqual(5);
  });

  it('changes a password and rejects the old one', async () => {
    const cookie = await loginAs(t.app, w.users.areaA);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { currentPassword: 'Passw0rd!', newPassword: 'short' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.newPassword).toMatch(/至少8位/);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { currentPassword: 'Passw0rd!', newPassword: 'NewPassw0rd' },
    });
    expect(ok.statusCode).toBe(200);
    await expect(loginAs(t.app, w.users.areaA)).rejects.toThrow(/401/);
    await loginAs(t.app, w.users.areaA, 'NewPassw0rd');
  });

  it('logs a teacher in by ID number (lower-case x accepted) and by phone', async () => {
    const byId = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: w.idNumbers[0].toLowerCase(), password: 'Passw0rd!' },
    });
    expect(byId.statusCode).toBe(200);
    expect(byId.json().user.teacherId).toBe(w.teacherA);
  });
});
