import { idCheckChar } from '@shixun/common';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  count,
  createTestApp,
  loginAs,
  makeIdNumber,
  seedWorld,
  type TestContext,
  type World,
} from '../../../test/harness.js';
import { one, rows } from '../../db/client.js';
import { loadCurrentUser } from '../../http/auth.js';
import { iterateTeachers, type TeacherFilters } from './teachers.repo.js';

let t: TestContext;
let w: World;
let county: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  county = await loginAs(t.app, w.users.county);
});
afterAll(() => t.close());

function call(cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload }) });
}

/** A valid ID number not used elsewhere in this file; `x` asks for one ending in X. */
let idSeq = 300;
function freshId(opts: { birth?: string; x?: boolean; male?: boolean } = {}): string {
  for (;;) {
    const n = idSeq++;
    const id = makeIdNumber(n, opts.birth ?? '19900101', '510683');
    if (opts.x && !id.endsWith('X')) continue;
    if (opts.male !== undefined && (Number(id[16]) % 2 === 1) !== opts.male) continue;
    return id;
  }
}

const base = (over: Record<string, unknown> = {}) => ({
  name: '王五',
  idNumber: freshId(),
  schoolId: w.schoolA,
  stage: '小学',
  subject: '数学',
  ...over,
});

async function create(over: Record<string, unknown> = {}, cookie = county) {
  const res = await call(cookie, 'POST', '/api/teachers', base(over));
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: number; name: string; username: string; idNumberMasked: string };
}

const list = async (qs: string, cookie = county) => {
  const res = await call(cookie, 'GET', `/api/teachers?${qs}`);
  expect(res.statusCode).toBe(200);
  return res.json() as { items: Array<Record<string, unknown> & { id: number; name: string }>; total: number };
};

describe('teachers: list, search, filter, sort, paginate', () => {
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    ids.zhao = (
      await create({
        name: '赵六',
        schoolId: w.schoolB,
        stage: '初中',
        subject: '英语',
        title: '高级教师',
        degree: '研究生',
        tags: ['骨干教师'],
        hireDate: '2001-09-01',
        phone: '13912345678',
      })
    ).id;
    ids.qian = (
      await create({
        name: '钱七',
        schoolId: w.schoolC,
        stage: '小学',
        subject: '数学',
        title: '二级教师',
        degree: '专科',
        hireDate: '2015-09-01',
      })
    ).id;
    ids.sun = (await create({ name: '孙八', schoolId: w.schoolC, degree: '本科', hireDate: null })).id;
    const r = await call(county, 'POST', `/api/teachers/${ids.sun}/status`, { status: '退休', date: '2024-07-01' });
    expect(r.statusCode).toBe(200);
  });

  it('lists everyone in the county with masked IDs and account flags', async () => {
    const res = await list('pageSize=50');
    expect(res.total).toBe(5);
    const a = res.items.find((i) => i.id === w.teacherA)!;
    expect(a.idNumberMasked).toMatch(/^\*{14}[\dX]{4}$/);
    expect(a).not.toHaveProperty('idNumber');
    expect(a.hasAccount).toBe(true);
    expect(res.items.find((i) => i.id === w.teacherB)!.hasAccount).toBe(false);
    expect(res.items.find((i) => i.id === ids.zhao)!.hasAccount).toBe(true);
    expect(JSON.stringify(res)).not.toContain(w.idNumbers[0]);
  });

  it('searches by name, phone, ID tail and full ID number', async () => {
    expect((await list('q=张')).items.map((i) => i.id)).toEqual([w.teacherA]);
    expect((await list('q=13912345678')).items.map((i) => i.id)).toEqual([ids.zhao]);
    expect((await list('q=139123')).items.map((i) => i.id)).toEqual([ids.zhao]);
    const tail = w.idNumbers[1].slice(-4);
    expect((await list(`q=${tail}`)).items.map((i) => i.id)).toContain(w.teacherB);
    expect((await list(`q=${tail}`)).items.map((i) => i.id)).not.toContain(w.teacherA);
    expect((await list(`q=${w.idNumbers[0]}`)).items.map((i) => i.id)).toEqual([w.teacherA]);
    expect((await list(`q=${encodeURIComponent(w.idNumbers[0].toLowerCase())}`)).total).toBe(1);
    // A valid but unknown ID number finds nobody; LIKE wildcards are literal.
    expect((await list(`q=${freshId()}`)).total).toBe(0);
    expect((await list('q=%25')).total).toBe(0);
  });

  it('filters by school, area, consortium, stage, subject, title, degree, tag and status', async () => {
    expect((await list(`schoolId=${w.schoolC}`)).total).toBe(2);
    expect((await list(`areaId=${w.areaA}`)).total).toBe(3);
    expect((await list(`consortiumId=${w.consortium}`)).total).toBe(4);
    expect((await list('stage=初中')).items.map((i) => i.id)).toEqual([ids.zhao]);
    expect((await list('subject=英语')).items.map((i) => i.id)).toEqual([ids.zhao]);
    expect((await list(`title=${encodeURIComponent('二级教师')}`)).items.map((i) => i.id)).toEqual([ids.qian]);
    expect((await list('degree=研究生')).items.map((i) => i.id)).toEqual([ids.zhao]);
    expect((await list('tag=骨干教师')).items.map((i) => i.id)).toEqual([ids.zhao]);
    expect((await list('status=退休')).items.map((i) => i.id)).toEqual([ids.sun]);
    expect((await list(`status=在职&schoolId=${w.schoolC}`)).items.map((i) => i.id)).toEqual([ids.qian]);
    // Stages are the county's own dictionary: one it does not have simply matches nobody.
    expect((await list(`stage=${encodeURIComponent('大学')}`)).items).toEqual([]);
    const bad = await call(county, 'GET', `/api/teachers?stage=${'长'.repeat(40)}`);
    expect(bad.statusCode).toBe(400);
  });

  it('sorts serving teachers first by default, and by the chosen key', async () => {
    const all = (await list('pageSize=50')).items;
    expect(all.at(-1)!.id).toBe(ids.sun);
    const names = all.slice(0, -1).map((i) => i.name);
    expect(names).toEqual([...names].sort());
    const byHire = (await list('sort=hireDate&pageSize=50')).items.map((i) => i.hireDate);
    expect(byHire.slice(0, 4)).toEqual(['2001-09-01', '2008-09-01', '2008-09-01', '2015-09-01']);
    expect(byHire.at(-1)).toBeNull();
    const byHireDesc = (await list('sort=hireDate&order=desc&pageSize=50')).items.map((i) => i.hireDate);
    expect(byHireDesc[0]).toBe('2015-09-01');
    expect(byHireDesc.at(-1)).toBeNull();
    const bySchool = (await list('sort=school&pageSize=50')).items.map((i) => i.schoolName as string);
    expect(bySchool).toEqual([...bySchool].sort());
    const byNameDesc = (await list('sort=name&order=desc&pageSize=50')).items.map((i) => i.name);
    expect(byNameDesc).toEqual([...byNameDesc].sort().reverse());
  });

  it('paginates with a stable total', async () => {
    const p1 = await list('pageSize=2&page=1');
    const p2 = await list('pageSize=2&page=2');
    const p3 = await list('pageSize=2&page=3');
    expect([p1.total, p2.total, p3.total]).toEqual([5, 5, 5]);
    const seen = [...p1.items, ...p2.items, ...p3.items].map((i) => i.id);
    expect(new Set(seen).size).toBe(5);
    expect((await list('pageSize=2&page=9')).items).toEqual([]);
    expect((await call(county, 'GET', '/api/teachers?pageSize=500')).statusCode).toBe(400);
  });

  it('pages the export in exactly the list order, for every sort', async () => {
    const user = await loadCurrentUser(t.deps.db, (await userId(w.users.county))!);
    for (const sort of [undefined, 'name', 'school', 'hireDate', 'birthDate', 'updatedAt'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const f: TeacherFilters = { sort, order };
        const got: number[] = [];
        for await (const r of (await iterateTeachers(t.deps.db, user, f, t.deps.cipher, 2)).rows) got.push(r.id);
        const qs = `pageSize=50${sort ? `&sort=${sort}` : ''}&order=${order}`;
        expect(got, `${sort} ${order}`).toEqual((await list(qs)).items.map((i) => i.id));
      }
    }
  });
});

/** The county prints the teacher's slip; the teacher activates with it. Returns the password set. */
async function activate(teacherId: number, username: string): Promise<string> {
  const slips = await call(county, 'POST', '/api/accounts/slips', { teacherIds: [teacherId] });
  expect(slips.statusCode, slips.body).toBe(200);
  const password = `Fy${teacherId}-quill-9`;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/activate',
    payload: { username, code: slips.json().slips[0].code, newPassword: password },
  });
  expect(res.statusCode, res.body).toBe(200);
  return password;
}

async function userId(username: string) {
  return (await one<{ id: number }>(t.deps.db, sql`select id from users where username = ${username}`))?.id;
}

describe('teachers: create', () => {
  it('creates a teacher with derived birth date and gender, an account, and an audit entry', async () => {
    const idNumber = freshId({ birth: '19881203', male: false });
    const res = await call(county, 'POST', '/api/teachers', base({ name: '周九', idNumber, phone: '13700001111' }));
    expect(res.statusCode).toBe(201);
    const d = res.json();
    expect(d).toMatchObject({
      name: '周九',
      birthDate: '1988-12-03',
      birthYear: 1988,
      gender: '女',
      status: '在职',
      hasAccount: true,
      accountState: 'pending',
      username: `t${d.id}`,
      schoolId: w.schoolA,
      posts: [],
      tags: [],
    });
    expect(d.idNumber).toBeUndefined();
    expect(d.idNumberMasked).toBe(`**************${idNumber.slice(-4)}`);
    expect(d.history[0]).toMatchObject({ action: 'teacher.create' });
    expect(d.history[0].summary).toContain('周九');
    const acc = await one<{ role: string; password_hash: string | null; must_change_password: boolean; sid: number }>(
      t.deps.db,
      sql`select role, password_hash, must_change_password, school_id as sid, display_name from users
          where teacher_id = ${d.id}`,
    );
    expect(acc).toMatchObject({ role: 'teacher', password_hash: null, must_change_password: false, sid: w.schoolA });
    const stored = await one<{ id_enc: string; id_hash: string }>(
      t.deps.db,
      sql`select id_enc, id_hash from teachers where id = ${d.id}`,
    );
    expect(stored!.id_enc).not.toContain(idNumber);
    expect(t.deps.cipher.decrypt(stored!.id_enc)).toBe(idNumber);
    expect(stored!.id_hash).toBe(t.deps.cipher.hash(idNumber));
    expect(await count(t.deps, 'audit_log', `action = 'teacher.create' and entity_id = '${d.id}'`)).toBe(1);
    const audit = await rows<{ after: string }>(
      t.deps.db,
      sql`select after::text as after from audit_log where entity = 'teacher' and entity_id = ${String(d.id)}`,
    );
    expect(audit[0]!.after).not.toContain(idNumber);
    expect(audit[0]!.after).not.toContain('1988-12-03');
  });

  it('refuses a bad checksum, a bad birth date and a wrong length, naming the field', async () => {
    const good = freshId();
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const bad = await call(county, 'POST', '/api/teachers', base({ idNumber: wrongCheck }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect(bad.json().error.fields.idNumber).toMatch(/校验位/);
    const first17 = '51068319901332001';
    const badDate = await call(county, 'POST', '/api/teachers', base({ idNumber: first17 + idCheckChar(first17) }));
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.fields.idNumber).toMatch(/出生日期/);
    const short = await call(county, 'POST', '/api/teachers', base({ idNumber: '51068319900101' }));
    expect(short.json().error.fields.idNumber).toMatch(/18位/);
    const gender = await call(
      county,
      'POST',
      '/api/teachers',
      base({ idNumber: freshId({ male: true }), gender: '女' }),
    );
    expect(gender.statusCode).toBe(400);
    expect(gender.json().error.fields.gender).toMatch(/性别与身份证号不符/);
    const hire = await call(county, 'POST', '/api/teachers', base({ hireDate: '1980-01-01' }));
    expect(hire.json().error.fields.hireDate).toBeTruthy();
    const enumBad = await call(county, 'POST', '/api/teachers', base({ subject: '魔法' }));
    expect(enumBad.statusCode).toBe(400);
    expect(enumBad.json().error.fields.subject).toBeTruthy();
  });

  it('accepts a lower-case x and stores it upper-case', async () => {
    const idNumber = freshId({ x: true });
    const d = await create({ idNumber: idNumber.toLowerCase(), name: '吴十' });
    expect(d.idNumberMasked.endsWith('X')).toBe(true);
    const shown = await call(county, 'GET', `/api/teachers/${d.id}?reveal=true`);
    expect(shown.json().idNumber).toBe(idNumber);
    expect((await list(`q=${idNumber}`)).items.map((i) => i.id)).toEqual([d.id]);
  });

  it('refuses a duplicate ID number with 409, naming the holder only to who may see them', async () => {
    const dup = await call(county, 'POST', '/api/teachers', base({ idNumber: w.idNumbers[1] }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('DUPLICATE');
    expect(dup.json().error.message).toContain('李四');
    expect(dup.json().error.fields.idNumber).toBeTruthy();
    const schoolA = await loginAs(t.app, w.users.schoolA);
    const hidden = await call(schoolA, 'POST', '/api/teachers', base({ idNumber: w.idNumbers[1].toLowerCase() }));
    expect(hidden.statusCode).toBe(409);
    // Outside the caller's scope the answer neither names the holder nor says the number exists.
    expect(hidden.json().error.message).not.toContain('李四');
    expect(hidden.json().error.message).not.toMatch(/已存在|已在|已登记|其他学校/);
    expect(hidden.json().error.message).toMatch(/联系县级管理员/);
  });

  it('gives a new teacher no way in but an account slip: never the last six characters of the ID number', async () => {
    const idNumber = freshId({ x: true });
    const d = await create({ idNumber, name: '郑一' });
    const bySuffix = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: idNumber.toLowerCase(), password: idNumber.slice(-6).toLowerCase() },
    });
    expect(bySuffix.statusCode).toBe(401);
    const password = await activate(d.id, idNumber);
    const cookie = await loginAs(t.app, idNumber, password);
    // The teacher's own record: the ID masked unless revealed, and each reveal audited.
    const own = await call(cookie, 'GET', `/api/teachers/${d.id}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().idNumber).toBeUndefined();
    expect(own.json().birthDate).toBe('1990-01-01');
    const revealed = await call(cookie, 'GET', `/api/teachers/${d.id}?reveal=true`);
    expect(revealed.json().idNumber).toBe(idNumber);
    const audit = await rows<{ after: unknown; user_id: number }>(
      t.deps.db,
      sql`select after, user_id from audit_log where action = 'teacher.reveal_id' and entity_id = ${String(d.id)}`,
    );
    expect(audit).toEqual([{ after: { self: true }, user_id: await userId(`t${d.id}`) }]);
    expect((await call(cookie, 'GET', '/api/teachers')).statusCode).toBe(403);
    expect((await call(cookie, 'GET', `/api/teachers/${w.teacherA}`)).statusCode).toBe(404);
  });
});

describe('teachers: detail and reveal', () => {
  it('shows area, consortium and username, and reveals the full ID only to the county admin (audited)', async () => {
    const d = await call(county, 'GET', `/api/teachers/${w.teacherB}`);
    expect(d.statusCode).toBe(200);
    expect(d.json()).toMatchObject({ id: w.teacherB, consortiumName: expect.any(String), username: null });
    expect(d.json().areaName).toMatch(/城区学区/);
    expect(d.json().idNumber).toBeUndefined();
    const before = await count(t.deps, 'audit_log', `action = 'teacher.reveal_id' and entity_id = '${w.teacherB}'`);
    const r = await call(county, 'GET', `/api/teachers/${w.teacherB}?reveal=true`);
    expect(r.json().idNumber).toBe(w.idNumbers[1]);
    expect(r.json().history[0].summary).toBe('查看完整身份证号');
    expect(await count(t.deps, 'audit_log', `action = 'teacher.reveal_id' and entity_id = '${w.teacherB}'`)).toBe(
      before + 1,
    );
    for (const u of [w.users.leader, w.users.areaA, w.users.schoolB]) {
      const res = await call(await loginAs(t.app, u), 'GET', `/api/teachers/${w.teacherB}?reveal=true`);
      expect(res.statusCode, u).toBe(403);
    }
    expect((await call(county, 'GET', '/api/teachers/999999')).statusCode).toBe(404);
  });
});

describe('teachers: update', () => {
  it('updates changed fields only, audits before → after, keeps the account name in sync', async () => {
    const d = await create({ name: '冯二', title: '一级教师', posts: ['班主任'], tags: ['骨干教师'] });
    const res = await call(county, 'PATCH', `/api/teachers/${d.id}`, { title: '高级教师', subject: '数学' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ title: '高级教师', posts: ['班主任'], tags: ['骨干教师'] });
    expect(res.json().history[0].summary).toBe('修改：职称 一级教师 → 高级教师');
    const a = await one<{ before: unknown; after: unknown }>(
      t.deps.db,
      sql`select before, after from audit_log where action = 'teacher.update' and entity_id = ${String(d.id)}`,
    );
    expect(a).toEqual({ before: { title: '一级教师' }, after: { title: '高级教师' } });

    const renamed = await call(county, 'PATCH', `/api/teachers/${d.id}`, { name: '冯二二', phone: null });
    expect(renamed.json().name).toBe('冯二二');
    const acc = await one<{ display_name: string }>(
      t.deps.db,
      sql`select display_name from users where teacher_id = ${d.id}`,
    );
    expect(acc!.display_name).toBe('冯二二');

    // Nothing changed: no audit entry.
    const n = await count(t.deps, 'audit_log', `action = 'teacher.update' and entity_id = '${d.id}'`);
    await call(county, 'PATCH', `/api/teachers/${d.id}`, { title: '高级教师' });
    expect(await count(t.deps, 'audit_log', `action = 'teacher.update' and entity_id = '${d.id}'`)).toBe(n);
  });

  it('re-validates, re-encrypts and re-hashes a changed ID number', async () => {
    const d = await create({ name: '陈三' });
    const bad = await call(county, 'PATCH', `/api/teachers/${d.id}`, { idNumber: '123' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.idNumber).toBeTruthy();
    const dup = await call(county, 'PATCH', `/api/teachers/${d.id}`, { idNumber: w.idNumbers[0] });
    expect(dup.statusCode).toBe(409);
    const next = freshId({ birth: '19791111' });
    const ok = await call(county, 'PATCH', `/api/teachers/${d.id}`, { idNumber: next });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      birthDate: '1979-11-11',
      birthYear: 1979,
      idNumberMasked: `**************${next.slice(-4)}`,
    });
    expect((await list(`q=${next}`)).items.map((i) => i.id)).toEqual([d.id]);
    expect(ok.json().history[0].summary).toMatch(/^修改：.*身份证号/);
    expect(JSON.stringify(ok.json().history)).not.toContain(next);
    const wrongGender = await call(county, 'PATCH', `/api/teachers/${d.id}`, {
      gender: ok.json().gender === '男' ? '女' : '男',
    });
    expect(wrongGender.statusCode).toBe(400);
  });
});

describe('teachers: transfer and status', () => {
  it('transfers a serving teacher, moving the account too', async () => {
    const d = await create({ name: '褚四', schoolId: w.schoolA });
    const res = await call(county, 'POST', `/api/teachers/${d.id}/transfer`, { schoolId: w.schoolC, reason: '支教' });
    expect(res.statusCode).toBe(200);
    expect(res.json().schoolId).toBe(w.schoolC);
    expect(res.json().history[0].summary).toMatch(/^调动：实验小学\d+ → 乡村小学\d+（原因：支教）$/);
    const acc = await one<{ school_id: number }>(
      t.deps.db,
      sql`select school_id from users where teacher_id = ${d.id}`,
    );
    expect(acc!.school_id).toBe(w.schoolC);
    const same = await call(county, 'POST', `/api/teachers/${d.id}/transfer`, { schoolId: w.schoolC });
    expect(same.statusCode).toBe(400);
    const none = await call(county, 'POST', `/api/teachers/${d.id}/transfer`, { schoolId: 999999 });
    expect(none.statusCode).toBe(404);
    await call(county, 'POST', `/api/teachers/${d.id}/status`, { status: '调出' });
    const gone = await call(county, 'POST', `/api/teachers/${d.id}/transfer`, { schoolId: w.schoolA });
    expect(gone.statusCode).toBe(409);
    expect(gone.json().error.code).toBe('CONFLICT');
  });

  it('retiring disables login and ends sessions; reinstating enables it again', async () => {
    const idNumber = freshId();
    const d = await create({ name: '卫五', idNumber });
    const password = await activate(d.id, idNumber);
    const login = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: idNumber, password },
      });
    const first = await login();
    expect(first.statusCode).toBe(200);
    const cookie = `shixun_sid=${first.cookies.find((c) => c.name === 'shixun_sid')!.value}`;
    const res = await call(county, 'POST', `/api/teachers/${d.id}/status`, {
      status: '退休',
      date: '2025-08-31',
      reason: '到龄',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: '退休', statusDate: '2025-08-31' });
    expect(res.json().history[0].summary).toBe('状态变更：在职 → 退休，2025-08-31（原因：到龄）');
    expect(await count(t.deps, 'sessions', `user_id = (select id from users where teacher_id = ${d.id})`)).toBe(0);
    expect((await call(cookie, 'GET', '/api/auth/me')).statusCode).toBe(401);
    const refused = await login();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('ACCOUNT_DISABLED');
    const again = await call(county, 'POST', `/api/teachers/${d.id}/status`, { status: '退休' });
    expect(again.statusCode).toBe(409);
    const back = await call(county, 'POST', `/api/teachers/${d.id}/status`, { status: '在职' });
    expect(back.statusCode).toBe(200);
    expect((await login()).statusCode).toBe(200);
    const bad = await call(county, 'POST', `/api/teachers/${d.id}/status`, { status: '离职' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('teachers: export', () => {
  async function exportSheet(qs: string, cookie = county) {
    const res = await call(cookie, 'GET', `/api/teachers/export?${qs}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const data: string[][] = [];
    ws.eachRow((row) => {
      data.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v))));
    });
    return { res, header: data[0]!, rows: data.slice(1), ws };
  }

  it('returns an xlsx honouring the filter, with masked ID numbers only', async () => {
    const { res, header, rows: data, ws } = await exportSheet(`schoolId=${w.schoolA}`);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="[^"]*\.xlsx"; filename\*=UTF-8''%E6%95%99%E5%B8%88%E5%90%8D%E5%8D%95-\d{8}\.xlsx$/,
    );
    expect(header).toEqual([
      '姓名',
      '性别',
      '身份证号(脱敏)',
      '出生日期',
      '手机号',
      '学校',
      '学段',
      '学科',
      '职称',
      '学历',
      '参加工作时间',
      '岗位',
      '骨干类别',
      '状态',
      '系统编号',
    ]);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const expected = await list(`schoolId=${w.schoolA}&pageSize=200`);
    expect(data.length).toBe(expected.total);
    expect(new Set(data.map((r) => r[5]))).toEqual(new Set([expected.items[0]!.schoolName]));
    const zhang = data.find((r) => r[0] === '张三')!;
    expect(zhang[2]).toBe(`**************${w.idNumbers[0].slice(-4)}`);
    const text = JSON.stringify(data);
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(text).not.toContain(w.idNumbers[0]);
  });

  it('exports everything matching across many pages', async () => {
    const all = await exportSheet('');
    expect(all.rows.length).toBe((await list('pageSize=1')).total);
    const retired = await exportSheet('status=退休');
    expect(retired.rows.every((r) => r[13] === '退休')).toBe(true);
    expect(retired.rows.length).toBe((await list('status=退休')).total);
  });
});
