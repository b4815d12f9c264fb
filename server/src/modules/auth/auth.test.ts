import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { one } from '../../db/client.js';
import type { AppError } from '../../http/errors.js';
import { keysOf } from '../../lib/keys.js';
import { verifyPassword } from '../../lib/password.js';
import { login } from './auth.service.js';

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

  const attempt = (username: string, password: string, remoteAddress = '10.1.0.1', cookie?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      headers: cookie ? { cookie } : {},
      payload: { username, password },
    });
  const cookiesOf = (res: Awaited<ReturnType<typeof attempt>>) =>
    res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');

  it('slows a guesser down without locking the owner out (the county admin included)', async () => {
    // Before: five wrong passwords from anywhere locked the account for 15 minutes, owner included.
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await attempt(w.users.county, `wrong-${i}`, '203.0.113.9')).statusCode);
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(statuses.slice(6)).toEqual([429, 429]);
    const waited = await attempt(w.users.county, 'Passw0rd!', '203.0.113.9');
    expect(waited.statusCode).toBe(429);
    expect(waited.json().error.message).toMatch(/秒后再试/);
    // The owner at the office signs in at once.
    const owner = await attempt(w.users.county, 'Passw0rd!', '10.8.0.2');
    expect(owner.statusCode).toBe(200);
    expect(await count(t.deps, 'audit_log', "action = 'auth.login_failed'")).toBeGreaterThanOrEqual(6);
    // Nothing on the account says "locked", and the county's accounts page can clear the wait.
    expect(await count(t.deps, 'login_backoff', 'blocked_until > now()')).toBeGreaterThan(0);
  });

  it('keeps guessing from many addresses to short waits, and lets a known browser straight in', async () => {
    const known = await attempt(w.users.consA, 'Passw0rd!', '10.9.0.1');
    expect(known.statusCode).toBe(200);
    const device = known.cookies.find((c) => c.name === 'shixun_dev');
    expect(device?.httpOnly).toBe(true);
    for (let i = 0; i < 12; i++) await attempt(w.users.consA, `bad-${i}`, `198.51.100.${i + 1}`);
    // A new address waits a few seconds (never minutes) …
    const fresh = await attempt(w.users.consA, 'Passw0rd!', '10.9.0.99');
    expect(fresh.statusCode).toBe(429);
    const wait = await one<{ s: number }>(
      t.deps.db,
      sql`select max(extract(epoch from blocked_until - now()))::float8 as s from login_backoff where blocked_until > now()`,
    );
    expect(Number(wait?.s)).toBeLessThanOrEqual(5 * 60);
    // … while the browser that signed in before is not held up at all.
    const again = await attempt(w.users.consA, 'Passw0rd!', '10.9.0.1', `shixun_dev=${device!.value}`);
    expect(again.statusCode).toBe(200);
  });

  it("does not lock a school's NAT out after 30 typos: correct passwords wait seconds at most", async () => {
    const nat = '192.0.2.77';
    const me = await attempt(w.users.schoolB, 'Passw0rd!', nat);
    expect(me.statusCode).toBe(200);
    for (let i = 0; i < 31; i++) await attempt(`colleague${i}`, 'typo-typo-1', nat);
    // A colleague who signed in from this browser before is let in at once.
    const returning = await attempt(w.users.schoolB, 'Passw0rd!', nat, cookiesOf(me));
    expect(returning.statusCode).toBe(200);
    // Someone new behind the same address waits at most ten seconds, then gets in.
    const first = await attempt(w.users.leader, 'Passw0rd!', nat);
    if (first.statusCode === 429) {
      const row = await one<{ s: number }>(
        t.deps.db,
        sql`select max(extract(epoch from blocked_until - now()))::float8 as s from login_backoff
            where key like 'a:%' and blocked_until > now()`,
      );
      expect(Number(row?.s)).toBeLessThanOrEqual(10);
      await t.deps.db.execute(sql`update login_backoff set blocked_until = now() - interval '1 second'`);
    }
    expect((await attempt(w.users.leader, 'Passw0rd!', nat)).statusCode).toBe(200);
  });

  it('treats unknown names exactly like known ones: one argon2 verification, the same answer, the same counters', async () => {
    let verifications = 0;
    const counting = async (stored: string, password: string) => {
      verifications++;
      return verifyPassword(stored, password);
    };
    const deps = { db: t.deps.db, cipher: t.deps.cipher, keys: keysOf(t.deps.config.secret), verify: counting };
    const meta = { ip: '10.77.0.1', userAgent: null };
    const outcome = async (username: string, password: string) => {
      verifications = 0;
      try {
        await login(deps, { username, password }, meta);
        return 'ok';
      } catch (e) {
        return `${(e as AppError).code}:${(e as AppError).message}:${verifications}`;
      }
    };
    const unknown = await outcome('nobody-here', 'whatever-1');
    const known = await outcome(w.users.leader, 'whatever-1');
    const pending = await outcome(w.idNumbers[1], 'whatever-1'); // teacherB has no account
    expect(unknown).toBe(known);
    expect(pending).toBe(known);
    expect(known).toMatch(/^INVALID_CREDENTIALS:.*:1$/);
    // The same number of attempts before the first wait, whether or not the name exists.
    const until429 = async (username: string, ip: string) => {
      for (let i = 1; i <= 10; i++) {
        const r = await attempt(username, 'nope-nope-1', ip);
        if (r.statusCode === 429) return i;
      }
      return 0;
    };
    expect(await until429('ghost-account', '10.66.0.1')).toBe(await until429(w.users.leader, '10.66.0.2'));
  });

  it('never stores a login name or address in the clear (a password typed into the name box stays secret)', async () => {
    await attempt('MySecretPassw0rd', 'x', '10.55.0.1');
    const leaked = await one<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from (
            select key as v from login_backoff union all select after::text from audit_log) x
          where v like '%MySecretPassw0rd%' or v like '%10.55.0.1%'`,
    );
    expect(leaked?.n).toBe(0);
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

  it('refuses common, demo and account-derived passwords, on change as everywhere', async () => {
    const cookie = await loginAs(t.app, w.users.areaA, 'NewPassw0rd');
    const tryNew = (newPassword: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { cookie },
        payload: { currentPassword: 'NewPassw0rd', newPassword },
      });
    for (const [pw, reason] of [
      ['woaini1314', /常见/],
      ['a12345678', /常见/],
      ['qq123456', /常见/],
      ['Shixun2026', /演示/],
      [`${w.users.areaA}x9`, /用户名/],
    ] as const) {
      const res = await tryNew(pw);
      expect(res.statusCode, pw).toBe(400);
      expect(res.json().error.fields.newPassword, pw).toMatch(reason);
    }
    // A teacher's own ID number does not make a password either.
    const teacher = await loginAs(t.app, w.users.teacherA);
    const derived = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: teacher },
      payload: { currentPassword: 'Passw0rd!', newPassword: `Zx${w.idNumbers[0].slice(-6)}q` },
    });
    expect(derived.statusCode).toBe(400);
    expect(derived.json().error.fields.newPassword).toMatch(/身份证号/);
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
