// Account slips (账号开通单) and activation: codes nobody can derive, used once, expiring, audited;
// the migration of accounts still on the ID-number initial password; who may print which slips.
import { ACTIVATION_ALPHABET, maskIdNumber } from '@shixun/common';
import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { one, rows } from '../../db/client.js';

let t: TestContext;
let w: World;
let county: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  county = await loginAs(t.app, w.users.county);
});
afterAll(() => t.close());

function call(cookie: string | null, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const opts: InjectOptions = { method, url, headers: cookie ? { cookie } : {} };
  if (payload !== undefined) opts.payload = payload as InjectOptions['payload'];
  return t.app.inject(opts);
}
const login = (username: string, password: string) => call(null, 'POST', '/api/auth/login', { username, password });
const activate = (username: string, code: string, newPassword: string) =>
  call(null, 'POST', '/api/auth/activate', { username, code, newPassword });

let idSeq = 700;
function newIdNumber(): string {
  const first17 = `510683199203${String(10 + (idSeq % 18)).padStart(2, '0')}${String(idSeq++ % 1000).padStart(3, '0')}`;
  let sum = 0;
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * W[i]!;
  return first17 + '10X98765432'[sum % 11];
}

async function newTeacher(cookie = county, schoolId = w.schoolA) {
  const idNumber = newIdNumber();
  const res = await call(cookie, 'POST', '/api/teachers', {
    name: '新教师',
    idNumber,
    schoolId,
    stage: '小学',
    subject: '语文',
    phone: `1391234${String(idSeq).padStart(4, '0')}`,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as number, idNumber, username: res.json().username as string };
}

async function slipsFor(cookie: string, body: Record<string, unknown>) {
  const res = await call(cookie, 'POST', '/api/accounts/slips', body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    slips: Array<{ userId: number; username: string; code: string; schoolName: string; idNumberLogin: boolean }>;
    skipped: Array<{ reason: string }>;
    activateUrl: string;
    regionName: string;
  };
}

describe('activation codes', () => {
  it('prints a slip with an unambiguous one-time code, stored only as a keyed hash', async () => {
    const tc = await newTeacher();
    const batch = await slipsFor(county, { teacherIds: [tc.id] });
    expect(batch.activateUrl).toMatch(/\/activate$/);
    expect(batch.regionName).toBe('测试县');
    const [slip] = batch.slips;
    expect(slip).toMatchObject({ username: tc.username, idNumberLogin: true });
    expect(slip!.code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    for (const ch of slip!.code.replace('-', '')) expect(ACTIVATION_ALPHABET).toContain(ch);
    // Nothing in the database holds the code: not the codes table, not the audit log.
    const plain = slip!.code.replace('-', '');
    const leaks = await one<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from (
            select code_hash as v from activation_codes union all select after::text from audit_log) x
          where v like ${`%${plain}%`} or v like ${`%${slip!.code}%`}`,
    );
    expect(leaks?.n).toBe(0);
    expect(await count(t.deps, 'activation_codes', `user_id = ${slip!.userId} and used_at is null`)).toBe(1);
  });

  it('activates once with the code and a policy-abiding password, audited; the code never works again', async () => {
    const tc = await newTeacher();
    const { slips } = await slipsFor(county, { teacherIds: [tc.id] });
    const code = slips[0]!.code;
    // The code is not a password: the login page sends people to the activation page.
    const asPassword = await login(tc.idNumber, code.toLowerCase());
    expect(asPassword.statusCode).toBe(403);
    expect(asPassword.json().error.code).toBe('ACTIVATION_REQUIRED');
    // The policy applies: not the ID number's digits, not a common password.
    const weak = await activate(tc.idNumber, code, `Ab${tc.idNumber.slice(-6)}`);
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.fields.newPassword).toMatch(/身份证号/);
    const common = await activate(tc.idNumber, code, 'woaini1314');
    expect(common.statusCode).toBe(400);

    const ok = await activate(tc.idNumber.toLowerCase(), code.replace('-', ' ').toLowerCase(), 'Lm5-orchard-8');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().user).toMatchObject({ teacherId: tc.id, mustChangePassword: false });
    expect(ok.cookies.some((c) => c.name === 'shixun_sid')).toBe(true);
    const audit = await rows<{ action: string; after: { codeId: number; issuedBy: string } }>(
      t.deps.db,
      sql`select action, after from audit_log where action = 'auth.activate' and entity_id = ${String(slips[0]!.userId)}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after.issuedBy).toBe('county');

    const again = await activate(tc.idNumber, code, 'Other-pass-77');
    expect(again.statusCode).toBe(401);
    expect(again.json().error.message).toMatch(/已.*使用过/);
    expect((await login(tc.idNumber, 'Lm5-orchard-8')).statusCode).toBe(200);
    expect((await login(tc.username, code)).statusCode).toBe(401);
  });

  it('answers a wrong code like a wrong password, and an expired or replaced code for what it is', async () => {
    const tc = await newTeacher();
    const first = (await slipsFor(county, { teacherIds: [tc.id] })).slips[0]!.code;
    const wrong = await activate(tc.username, 'ABCDE-FGHJK', 'Lm5-orchard-8');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toMatch(/账号或开通码不正确/);
    const unknown = await activate('no-such-user', first, 'Lm5-orchard-8');
    expect(unknown.json().error.message).toBe(wrong.json().error.message);

    const second = (await slipsFor(county, { teacherIds: [tc.id] })).slips[0]!.code;
    const replaced = await activate(tc.username, first, 'Lm5-orchard-8');
    expect(replaced.json().error.message).toMatch(/已作废/);
    await t.deps.db.execute(
      sql`update activation_codes set expires_at = now() - interval '1 minute'
          where user_id = (select id from users where teacher_id = ${tc.id}) and revoked_at is null`,
    );
    const expired = await activate(tc.username, second, 'Lm5-orchard-8');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.message).toMatch(/过期/);
    const listed = await call(county, 'GET', `/api/teachers/${tc.id}`);
    expect(listed.json().accountState).toBe('code_expired');
  });

  it('lets a school admin print slips for their own teachers only, and never reset an account in use', async () => {
    const schoolA = await loginAs(t.app, w.users.schoolA);
    const mine = await newTeacher(schoolA, w.schoolA);
    const other = await newTeacher(county, w.schoolB);
    const batch = await slipsFor(schoolA, { teacherIds: [mine.id, other.id, w.teacherA] });
    // teacherA has a password already; the other school's teacher is simply not in scope.
    expect(batch.slips.map((s) => s.username)).toEqual([mine.username]);
    expect(batch.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/已开通/)]);
    for (const body of [{ all: true }, { teacherIds: [w.teacherA], reissue: true }, { userIds: [1] }]) {
      expect((await call(schoolA, 'POST', '/api/accounts/slips', body)).statusCode).toBe(403);
    }
    const leader = await loginAs(t.app, w.users.leader);
    expect((await call(leader, 'POST', '/api/accounts/slips', { schoolIds: [w.schoolA] })).statusCode).toBe(403);
    const teacher = await loginAs(t.app, w.users.teacherA);
    expect((await call(teacher, 'POST', '/api/accounts/slips', { teacherIds: [w.teacherA] })).statusCode).toBe(403);
  });

  it('re-issues an account in use for the county (a reset): the password stops working, sessions end', async () => {
    const session = await loginAs(t.app, w.users.teacherA);
    const batch = await slipsFor(county, { teacherIds: [w.teacherA], reissue: true });
    expect(batch.slips).toHaveLength(1);
    expect((await call(session, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await login(w.users.teacherA, 'Passw0rd!')).statusCode).toBe(401);
    expect((await activate(w.users.teacherA, batch.slips[0]!.code, 'Kb2-meadow-33')).statusCode).toBe(200);
  });
});

describe('migrating accounts on the ID-number initial password', () => {
  it('issues slips school by school; afterwards the ID-suffix login works for no one', async () => {
    // Accounts created before activation codes: no password, the last six of the ID let them in.
    const a = await newTeacher(county, w.schoolA);
    const b = await newTeacher(county, w.schoolB);
    await t.deps.db.execute(sql`update users set legacy_id_password = true where teacher_id in (${a.id}, ${b.id})`);
    const legacy = await login(a.idNumber, a.idNumber.slice(-6));
    expect(legacy.statusCode).toBe(200);
    expect(legacy.json().user.mustChangePassword).toBe(true);
    const overview = (await call(county, 'GET', '/api/accounts/activation')).json();
    expect(overview.summary.legacy).toBe(2);
    expect(overview.items.find((r: { schoolId: number }) => r.schoolId === w.schoolB).legacy).toBe(1);

    // School B first: its teacher's suffix stops working, school A's still works.
    await slipsFor(county, { schoolIds: [w.schoolB] });
    expect((await login(b.idNumber, b.idNumber.slice(-6))).statusCode).toBe(401);
    expect((await login(a.idNumber, a.idNumber.slice(-6))).statusCode).toBe(200);
    // Then the whole county at once.
    const all = await slipsFor(county, { all: true });
    expect(all.slips.some((s) => s.username === a.username)).toBe(true);
    expect(all.slips.some((s) => s.username === b.username)).toBe(true);
    expect(await count(t.deps, 'users', 'legacy_id_password')).toBe(0);
    expect((await login(a.idNumber, a.idNumber.slice(-6))).statusCode).toBe(401);
    const audit = await one<{ after: { replacedLegacy: number; all: boolean } }>(
      t.deps.db,
      sql`select after from audit_log where action = 'account.issue_codes' order by id desc limit 1`,
    );
    expect(audit?.after).toMatchObject({ all: true, replacedLegacy: 1 });
    expect((await call(county, 'GET', '/api/accounts/activation')).json().summary.legacy).toBe(0);
  });
});

describe('what a school admin sees of a teacher', () => {
  it('a masked form and a birth year that together give away only four characters', async () => {
    const schoolA = await loginAs(t.app, w.users.schoolA);
    const res = await call(schoolA, 'GET', `/api/teachers?schoolId=${w.schoolA}&pageSize=100`);
    for (const item of res.json().items) {
      expect(item.idNumberMasked).toMatch(/^\*{14}[\dX]{4}$/);
      expect(item.birthDate).toBeNull();
      expect(item.birthYear).toEqual(expect.any(Number));
    }
    const zhang = res.json().items.find((i: { id: number }) => i.id === w.teacherA);
    expect(zhang.idNumberMasked).toBe(maskIdNumber(w.idNumbers[0]));
    // The tail search still works (on the stored mask); the full-number search through the keyed hash.
    const tail = await call(schoolA, 'GET', `/api/teachers?q=${w.idNumbers[0].slice(-4)}`);
    expect(tail.json().items.map((i: { id: number }) => i.id)).toContain(w.teacherA);
    const full = await call(schoolA, 'GET', `/api/teachers?q=${w.idNumbers[0]}`);
    expect(full.json().items.map((i: { id: number }) => i.id)).toEqual([w.teacherA]);
    const archive = await call(schoolA, 'GET', `/api/teachers/${w.teacherA}/archive`);
    expect(archive.json().teacher).toMatchObject({ birthDate: null, birthYear: 1985 });
    const countyArchive = await call(county, 'GET', `/api/teachers/${w.teacherA}/archive`);
    expect(countyArchive.json().teacher.birthDate).toBe('1985-03-15');
    // The database holds no more than the mask and the year outside the ciphertext.
    const stored = await one<Record<string, unknown>>(t.deps.db, sql`select * from teachers where id = ${w.teacherA}`);
    expect(JSON.stringify(stored)).not.toContain(w.idNumbers[0].slice(6, 14));
    expect(stored).not.toHaveProperty('birth_date');
  });
});

describe('school-admin accounts in bulk', () => {
  it('previews every school, skips those with an admin, refuses a pattern that cannot name one, and commits with slips', async () => {
    await t.deps.db.execute(sql`update schools set code = 'SYXX' where id = ${w.schoolA}`);
    const byCode = await call(county, 'POST', '/api/accounts/school-admins', {
      pattern: '{schoolCode}admin',
      dryRun: true,
    });
    expect(byCode.statusCode).toBe(200);
    const rowsOf = (r: { json(): { rows: Array<{ schoolId: number; action: string; message: string | null }> } }) =>
      Object.fromEntries(r.json().rows.map((x) => [x.schoolId, x]));
    const preview = rowsOf(byCode);
    expect(preview[w.schoolA]).toMatchObject({ action: 'skip' }); // schoolA already has schoolA<n>
    expect(preview[w.schoolC]).toMatchObject({ action: 'error', message: expect.stringMatching(/学校代码/) });
    const refused = await call(county, 'POST', '/api/accounts/school-admins', { pattern: '{schoolCode}admin' });
    expect(refused.statusCode).toBe(409);
    expect(await count(t.deps, 'users', `username ilike '%admin'`)).toBe(0);

    const res = await call(county, 'POST', '/api/accounts/school-admins', { pattern: 'sa{schoolId}' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.committed).toBe(true);
    expect(body.created).toBe(1); // school C (A and B have admins)
    expect(body.batch.slips).toEqual([
      expect.objectContaining({ username: `sa${w.schoolC}`, role: 'school_admin', idNumberLogin: false }),
    ]);
    const created = await one<{ role: string; school_id: number; password_hash: string | null }>(
      t.deps.db,
      sql`select role, school_id, password_hash from users where username = ${`sa${w.schoolC}`}`,
    );
    expect(created).toEqual({ role: 'school_admin', school_id: w.schoolC, password_hash: null });
    expect(await count(t.deps, 'audit_log', `action = 'account.bulk_school_admins'`)).toBe(1);
    const code = body.batch.slips[0].code;
    const ok = await activate(`sa${w.schoolC}`, code, 'Rt8-canyon-45');
    expect(ok.json().user).toMatchObject({ role: 'school_admin', schoolId: w.schoolC });
    // Other roles may not.
    const schoolA = await loginAs(t.app, w.users.schoolA);
    expect((await call(schoolA, 'POST', '/api/accounts/school-admins', { pattern: 'sa{schoolId}' })).statusCode).toBe(
      403,
    );
  });
});

describe('accounts from a sheet', () => {
  async function upload(cookie: string, qs: string, csv: string) {
    const boundary = '----shixun';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="accounts.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      Buffer.from(`\ufeff${csv}`),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return t.app.inject({
      method: 'POST',
      url: `/api/accounts/import${qs}`,
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
  }

  it('previews with row and column errors in Chinese, commits nothing while any row is wrong, then all at once', async () => {
    const schoolB = (await one<{ name: string }>(t.deps.db, sql`select name from schools where id = ${w.schoolB}`))!
      .name;
    const bad = [
      '用户名,姓名,角色,学校,学区,教联体,手机号',
      `lz.b,城关中学登记员,学校管理员,${schoolB},,,`,
      `${w.users.leader},重名,局领导,,,,`,
      'lz.x,某人,教师,,,,',
      'lz.y,某人,学校管理员,不存在的学校,,,',
      'lz.b,重复,培训专家,,,,',
      'lz.z,某人,教联体管理员,,,,',
    ].join('\n');
    const preview = await upload(county, '?dryRun=true', bad);
    expect(preview.statusCode, preview.body).toBe(200);
    const errors = preview.json().errors as Array<{ row: number; column: string; message: string }>;
    expect(errors).toEqual([
      { row: 3, column: '用户名', message: expect.stringMatching(/已存在/) },
      { row: 4, column: '角色', message: expect.stringMatching(/教师账号随教师档案创建/) },
      { row: 5, column: '学校', message: expect.stringMatching(/不存在的学校.*不存在/) },
      { row: 6, column: '用户名', message: '用户名与第2行重复' },
      { row: 7, column: '教联体', message: '教联体管理员须填写教联体' },
    ]);
    const commit = await upload(county, '', bad);
    expect(commit.statusCode).toBe(422);
    expect(commit.json().error.code).toBe('IMPORT_HAS_ERRORS');
    expect(await count(t.deps, 'users', `username like 'lz.%'`)).toBe(0);

    const good = [
      '用户名,姓名,角色,学校,学区,手机号',
      `lz.b,城关中学登记员,学校管理员,${schoolB},,13811112222`,
      'lz.t,专家甲,培训专家,,,',
    ].join('\n');
    const done = await upload(county, '', good);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ created: 2, committed: true });
    expect(
      done
        .json()
        .batch.slips.map((s: { username: string }) => s.username)
        .sort(),
    ).toEqual(['lz.b', 'lz.t']);
    expect(done.json().batch.slips.find((s: { username: string }) => s.username === 'lz.b').phoneMasked).toBe(
      '138****2222',
    );
    expect(await count(t.deps, 'users', `username in ('lz.b','lz.t') and password_hash is null`)).toBe(2);
    const schoolA = await loginAs(t.app, w.users.schoolA);
    expect((await upload(schoolA, '?dryRun=true', good)).statusCode).toBe(403);
  });
});
