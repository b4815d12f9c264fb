import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';

let t: TestContext;
let w: World;
let other: World;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps, '甲县');
  other = await seedWorld(t.deps, '乙县');
  for (const [k, u] of Object.entries(w.users)) cookies[k] = await loginAs(t.app, u);
  cookies.otherCounty = await loginAs(t.app, other.users.county);
});
afterAll(() => t.close());

const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: cookies[who]! } });
const send = (who: string, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[who]! }, payload });

const ids = (res: { json(): { items: { id: number }[] } }) =>
  res
    .json()
    .items.map((i) => i.id)
    .sort();

describe('schools: scope', () => {
  it('county admin and leader see every school of their own county only', async () => {
    for (const who of ['county', 'leader']) {
      const res = await get(who, '/api/schools?pageSize=100');
      expect(res.statusCode).toBe(200);
      expect(ids(res)).toEqual([w.schoolA, w.schoolB, w.schoolC].sort());
    }
    const res = await get('otherCounty', '/api/schools?pageSize=100');
    expect(ids(res)).toEqual([other.schoolA, other.schoolB, other.schoolC].sort());
  });

  it('an area coordinator sees the schools of their area; a consortium coordinator those of the consortium', async () => {
    expect(ids(await get('areaA', '/api/schools'))).toEqual([w.schoolA, w.schoolB].sort());
    expect(ids(await get('consA', '/api/schools'))).toEqual([w.schoolB, w.schoolC].sort());
  });

  it('a school admin sees only their own school; other schools answer 404', async () => {
    expect(ids(await get('schoolA', '/api/schools'))).toEqual([w.schoolA]);
    expect((await get('schoolA', `/api/schools/${w.schoolB}`)).statusCode).toBe(404);
    expect((await get('schoolA', `/api/schools/${w.schoolA}`)).statusCode).toBe(200);
    expect((await get('county', `/api/schools/${other.schoolA}`)).statusCode).toBe(404);
    const opts = await get('schoolA', '/api/schools/options');
    expect(opts.json().map((o: { id: number }) => o.id)).toEqual([w.schoolA]);
  });

  it('teachers get 403 on the roster', async () => {
    const res = await get('teacherA', '/api/schools');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });

  it('areas and consortia lists follow scope', async () => {
    const areas = await get('schoolA', '/api/areas');
    expect(areas.json().items.map((a: { id: number }) => a.id)).toEqual([w.areaA]);
    const all = await get('county', '/api/areas');
    expect(all.json().total).toBe(2);
    const cons = await get('schoolA', '/api/consortia');
    expect(cons.json().total).toBe(0);
    const consB = await get('schoolB', '/api/consortia');
    expect(consB.json().items[0]).toMatchObject({ id: w.consortium, coreSchoolId: w.schoolB });
  });

  it('filters, sorts and paginates', async () => {
    const rural = await get('county', '/api/schools?urbanRural=乡村');
    expect(ids(rural)).toEqual([w.schoolC]);
    const byType = await get('county', `/api/schools?type=${encodeURIComponent('初中')}`);
    expect(ids(byType)).toEqual([w.schoolB]);
    const page = await get('county', '/api/schools?page=2&pageSize=2&sort=name');
    expect(page.json().total).toBe(3);
    expect(page.json().items).toHaveLength(1);
    const q = await get('county', `/api/schools?q=${encodeURIComponent('城关')}`);
    expect(ids(q)).toEqual([w.schoolB]);
    expect(q.json().items[0]).toMatchObject({ isCore: true, teacherCount: 1, consortiumId: w.consortium });
  });
});

describe('schools: writes', () => {
  it('county admin creates, edits and deletes a school, each audited', async () => {
    const res = await send('county', 'POST', '/api/schools', {
      name: '新建小学',
      type: '镇乡小学',
      urbanRural: '乡村',
      areaId: w.areaB,
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    // 镇乡小学 is the type 小学 with the affiliation 镇乡.
    expect((await get('county', `/api/schools/${id}`)).json()).toMatchObject({ type: '小学', affiliation: '镇乡' });
    const dup = await send('county', 'POST', '/api/schools', {
      name: '新建小学',
      type: '镇乡小学',
      urbanRural: '乡村',
      areaId: w.areaB,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('DUPLICATE');
    const upd = await send('county', 'PATCH', `/api/schools/${id}`, {
      principal: '王校长',
      consortiumId: w.consortium,
    });
    expect(upd.statusCode).toBe(200);
    const detail = (await get('county', `/api/schools/${id}`)).json();
    expect(detail).toMatchObject({ principal: '王校长', consortiumId: w.consortium, isCore: false });
    expect(await count(t.deps, 'audit_log', `entity = 'school' and entity_id = '${id}'`)).toBe(2);
    const audit = await count(
      t.deps,
      'audit_log',
      `action = 'school.update' and before->>'principal' is null and after->>'principal' = '王校长'`,
    );
    expect(audit).toBe(1);
    expect((await send('county', 'DELETE', `/api/schools/${id}`)).statusCode).toBe(200);
    expect((await get('county', `/api/schools/${id}`)).statusCode).toBe(404);
  });

  it('rejects invalid input with Chinese field messages', async () => {
    const res = await send('county', 'POST', '/api/schools', {
      name: '',
      type: '大学',
      urbanRural: 'x',
      areaId: w.areaA,
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.fields.urbanRural).toMatch(/城镇/);
    expect(body.error.fields.name).toMatch(/学校名称/);
    // A type the county's dictionary lacks is named with the choices.
    const badType = await send('county', 'POST', '/api/schools', {
      name: '某大学',
      type: '大学',
      urbanRural: '城镇',
      areaId: w.areaA,
    });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().error.fields.type).toMatch(/学校类型“大学”不在本县的字典中（可选：幼儿园、小学/);
    const badArea = await send('county', 'POST', '/api/schools', {
      name: '某校',
      type: '初中',
      urbanRural: '城镇',
      areaId: other.areaA,
    });
    expect(badArea.statusCode).toBe(400);
    expect(badArea.json().error.fields.areaId).toBeTruthy();
  });

  it('refuses to delete a school that has teachers', async () => {
    const res = await send('county', 'DELETE', `/api/schools/${w.schoolA}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/教师/);
  });

  it('a school admin may edit the contact fields of their school only', async () => {
    expect((await send('schoolA', 'PATCH', `/api/schools/${w.schoolA}`, { phone: '0838-1234567' })).statusCode).toBe(
      200,
    );
    const rename = await send('schoolA', 'PATCH', `/api/schools/${w.schoolA}`, { name: '改名' });
    expect(rename.statusCode).toBe(403);
    expect((await send('schoolA', 'PATCH', `/api/schools/${w.schoolB}`, { phone: '1' })).statusCode).toBe(404);
    expect(
      (await send('schoolA', 'POST', '/api/schools', { name: 'x', type: '初中', urbanRural: '城镇', areaId: w.areaA }))
        .statusCode,
    ).toBe(403);
    expect((await send('schoolA', 'DELETE', `/api/schools/${w.schoolA}`)).statusCode).toBe(403);
  });

  it('a leader writes nothing', async () => {
    expect((await send('leader', 'PATCH', `/api/schools/${w.schoolA}`, { phone: '1' })).statusCode).toBe(403);
    expect((await send('leader', 'POST', '/api/areas', { name: '领导学区' })).statusCode).toBe(403);
    expect((await send('leader', 'POST', '/api/consortia', { name: '领导联体' })).statusCode).toBe(403);
  });

  it('another county cannot touch this county', async () => {
    expect((await send('otherCounty', 'PATCH', `/api/schools/${w.schoolA}`, { phone: '1' })).statusCode).toBe(404);
    expect((await send('otherCounty', 'DELETE', `/api/areas/${w.areaA}`)).statusCode).toBe(404);
    expect((await send('otherCounty', 'PATCH', `/api/consortia/${w.consortium}`, { name: 'x' })).statusCode).toBe(404);
  });

  it('exports the filtered schools as .xlsx', async () => {
    const res = await get('areaA', '/api/schools/export?sort=name');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    expect(String(res.headers['content-disposition'])).toMatch(/filename\*=UTF-8''/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('学校名称');
    const names = [] as string[];
    ws.eachRow((row, n) => n > 1 && names.push(String(row.getCell(1).value)));
    expect(names).toHaveLength(2);
    expect(names.some((n) => n.startsWith('乡村小学'))).toBe(false);
  });
});

describe('areas and consortia', () => {
  it('creates an area, refuses duplicates, refuses deleting one with schools', async () => {
    const res = await send('county', 'POST', '/api/areas', { name: '北部学区' });
    expect(res.statusCode).toBe(201);
    expect((await send('county', 'POST', '/api/areas', { name: '北部学区' })).statusCode).toBe(409);
    expect((await send('county', 'DELETE', `/api/areas/${w.areaA}`)).statusCode).toBe(409);
    expect((await send('county', 'PATCH', `/api/areas/${res.json().id}`, { name: '北部新学区' })).statusCode).toBe(200);
    expect((await send('county', 'DELETE', `/api/areas/${res.json().id}`)).statusCode).toBe(200);
  });

  it('a core school joins its consortium; deleting a consortium releases its members', async () => {
    const res = await send('county', 'POST', '/api/consortia', { name: '第二教联体', coreSchoolId: w.schoolA });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    const a = (await get('county', `/api/schools/${w.schoolA}`)).json();
    expect(a).toMatchObject({ consortiumId: id, isCore: true });
    expect((await send('county', 'DELETE', `/api/consortia/${id}`)).statusCode).toBe(200);
    const after = (await get('county', `/api/schools/${w.schoolA}`)).json();
    expect(after).toMatchObject({ consortiumId: null, isCore: false });
  });
});

describe('overview', () => {
  it('counts teachers in scope and computes degree attainment', async () => {
    const res = await get('county', '/api/stats/overview');
    expect(res.statusCode).toBe(200);
    const o = res.json();
    expect(o.teacherCount).toBe(2);
    expect(o.schoolCount).toBeGreaterThanOrEqual(3);
    const primary = o.degreeAttainment.find((d: { stage: string }) => d.stage === '小学');
    expect(primary).toMatchObject({ teachers: 2, bachelorPlus: 2, bachelorPlusRate: 1, postgraduateRate: 0 });
    const school = (await get('schoolA', '/api/stats/overview')).json();
    expect(school.teacherCount).toBe(1);
    expect((await get('schoolA', `/api/stats/overview?schoolId=${w.schoolB}`)).statusCode).toBe(404);
    expect((await get('teacherA', '/api/stats/overview')).statusCode).toBe(403);
  });
});
