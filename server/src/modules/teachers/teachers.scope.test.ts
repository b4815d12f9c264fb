// Scope matrix: every teacher endpoint, every role, schools inside and outside the role's scope.
// World: schools A, B in area A; B is the core school of a consortium with C (area B).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  loginAs,
  makeIdNumber,
  seedWorld,
  type TestContext,
  type World,
} from '../../../test/harness.js';

let t: TestContext;
let w: World;
let w2: World;

type RoleKey = keyof World['users'];
type SchoolKey = 'A' | 'B' | 'C';
const ROLES: RoleKey[] = ['county', 'leader', 'areaA', 'consA', 'schoolA', 'schoolB', 'teacherA'];
const SCHOOLS: SchoolKey[] = ['A', 'B', 'C'];

/** Schools each role may read; teachers read only themselves (handled apart). */
const READS: Record<RoleKey, SchoolKey[]> = {
  county: ['A', 'B', 'C'],
  leader: ['A', 'B', 'C'],
  areaA: ['A', 'B'],
  consA: ['B', 'C'],
  schoolA: ['A'],
  schoolB: ['B'],
  teacherA: [],
};
/** Schools each role may write; null: the role never writes (403 everywhere). */
const WRITES: Record<RoleKey, SchoolKey[] | null> = {
  county: ['A', 'B', 'C'],
  leader: null,
  areaA: ['A', 'B'],
  consA: ['B', 'C'],
  schoolA: ['A'],
  schoolB: ['B'],
  teacherA: null,
};

const cookies = {} as Record<RoleKey, string>;
const schoolId = {} as Record<SchoolKey, number>;
/** One teacher per school, used by the read checks (teacher A's own record is in school A). */
const fixture = {} as Record<SchoolKey, { id: number; name: string }>;
let seq = 700;
const nextId = () => makeIdNumber(seq++, '19920202');

function call(cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload }) });
}

async function createAs(cookie: string, school: SchoolKey, name: string) {
  return call(cookie, 'POST', '/api/teachers', {
    name,
    idNumber: nextId(),
    schoolId: schoolId[school],
    stage: '小学',
    subject: '语文',
  });
}

async function countyCreates(school: SchoolKey, name: string): Promise<number> {
  const res = await createAs(cookies.county, school, name);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  // A second county: nobody here may ever see it.
  w2 = await seedWorld(t.deps, '邻县');
  for (const r of ROLES) cookies[r] = await loginAs(t.app, w.users[r]);
  Object.assign(schoolId, { A: w.schoolA, B: w.schoolB, C: w.schoolC });
  fixture.A = { id: w.teacherA, name: '张三' };
  fixture.B = { id: w.teacherB, name: '李四' };
  fixture.C = { id: await countyCreates('C', '王丙'), name: '王丙' };
});
afterAll(() => t.close());

const visibleNames = (r: RoleKey) => READS[r].map((s) => fixture[s].name).sort();

describe('teachers scope: reads', () => {
  it('list shows exactly the teachers in scope; teachers get 403', async () => {
    for (const r of ROLES) {
      const res = await call(cookies[r], 'GET', '/api/teachers?pageSize=200');
      if (r === 'teacherA') {
        expect(res.statusCode, r).toBe(403);
        continue;
      }
      expect(res.statusCode, r).toBe(200);
      const names = res
        .json()
        .items.map((i: { name: string }) => i.name)
        .sort();
      expect(names, r).toEqual(visibleNames(r));
      expect(res.json().total, r).toBe(names.length);
    }
  });

  it('filters cannot widen scope (asking for another school returns nothing)', async () => {
    const res = await call(cookies.schoolA, 'GET', `/api/teachers?schoolId=${w.schoolB}`);
    expect(res.json()).toEqual({ items: [], total: 0 });
    const q = await call(cookies.schoolA, 'GET', `/api/teachers?q=${w.idNumbers[1]}`);
    expect(q.json().total).toBe(0);
  });

  it('detail answers 200 in scope and 404 outside; a teacher sees only themselves', async () => {
    for (const r of ROLES) {
      for (const s of SCHOOLS) {
        const res = await call(cookies[r], 'GET', `/api/teachers/${fixture[s].id}`);
        const ok = r === 'teacherA' ? s === 'A' : READS[r].includes(s);
        expect(res.statusCode, `${r} → ${s}`).toBe(ok ? 200 : 404);
        if (!ok) continue;
        // The birth date is 8 of the ID's 18 digits: only for who may see the full ID number.
        const body = res.json();
        expect(body.birthYear, `${r} → ${s}`).toEqual(expect.any(Number));
        if (r === 'county' || r === 'teacherA') expect(body.birthDate).toMatch(/^\d{4}-\d\d-\d\d$/);
        else expect(body.birthDate, `${r} → ${s}`).toBeNull();
        expect(body.idNumber).toBeUndefined();
      }
    }
  });

  it('reveal is for the county admin only (403 for other roles), the teacher sees their own full ID', async () => {
    for (const r of ROLES) {
      for (const s of SCHOOLS) {
        const res = await call(cookies[r], 'GET', `/api/teachers/${fixture[s].id}?reveal=true`);
        let expected = 403;
        if (r === 'county') expected = 200;
        if (r === 'teacherA' && s === 'A') expected = 200;
        expect(res.statusCode, `${r} → ${s}`).toBe(expected);
        if (expected === 200) expect(res.json().idNumber).toMatch(/^\d{17}[\dX]$/);
      }
    }
  });

  it('export holds exactly the teachers in scope, masked; teachers get 403', async () => {
    for (const r of ROLES) {
      const res = await call(cookies[r], 'GET', '/api/teachers/export');
      if (r === 'teacherA') {
        expect(res.statusCode, r).toBe(403);
        continue;
      }
      expect(res.statusCode, r).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const names: string[] = [];
      // Birth dates only for who may see full ID numbers; everyone else gets the year.
      const birthHeader = String(wb.worksheets[0]!.getRow(1).getCell(4).value);
      expect(birthHeader, r).toBe(r === 'county' ? '出生日期' : '出生年份');
      wb.worksheets[0]!.eachRow((row, n) => {
        if (n > 1) names.push(String(row.getCell(1).value));
        if (n > 1) expect(String(row.getCell(3).value)).toMatch(/^\*{14}[\dX]{4}$/);
        if (n > 1) expect(String(row.getCell(4).value)).toMatch(r === 'county' ? /^\d{4}-\d\d-\d\d$/ : /^\d{4}$/);
      });
      expect(names.sort(), r).toEqual(visibleNames(r));
    }
  });
});

describe('teachers scope: writes', () => {
  const writeStatus = (r: RoleKey, s: SchoolKey, okStatus: number, outside: number) => {
    const w = WRITES[r];
    if (w === null) return 403;
    return w.includes(s) ? okStatus : outside;
  };

  it('create: 201 in a school in scope, 403 outside; leaders and teachers 403', async () => {
    for (const r of ROLES) {
      for (const s of SCHOOLS) {
        const res = await createAs(cookies[r], s, `新${r}${s}`);
        expect(res.statusCode, `${r} → ${s}: ${res.body}`).toBe(writeStatus(r, s, 201, 403));
      }
    }
  });

  it('update: 200 in scope, 404 outside; leaders and teachers 403', async () => {
    for (const r of ROLES) {
      for (const s of SCHOOLS) {
        const res = await call(cookies[r], 'PATCH', `/api/teachers/${fixture[s].id}`, {
          title: r.length % 2 ? '二级教师' : '一级教师',
        });
        expect(res.statusCode, `${r} → ${s}`).toBe(writeStatus(r, s, 200, 404));
      }
    }
  });

  it('status: 200 in scope, 404 outside; leaders and teachers 403', async () => {
    for (const r of ROLES) {
      for (const s of SCHOOLS) {
        const id = await countyCreates(s, `状态${r}${s}`);
        const res = await call(cookies[r], 'POST', `/api/teachers/${id}/status`, { status: '调出' });
        expect(res.statusCode, `${r} → ${s}`).toBe(writeStatus(r, s, 200, 404));
      }
    }
  });

  it('transfer: both schools must be in scope (404 for the teacher, 403 for the target)', async () => {
    for (const r of ROLES) {
      for (const from of SCHOOLS) {
        for (const to of SCHOOLS) {
          if (from === to) continue;
          const id = await countyCreates(from, `调动${r}${from}${to}`);
          const res = await call(cookies[r], 'POST', `/api/teachers/${id}/transfer`, { schoolId: schoolId[to] });
          const w = WRITES[r];
          let expected: number;
          if (w === null) expected = 403;
          else if (!w.includes(from)) expected = 404;
          else if (!w.includes(to)) expected = 403;
          else expected = 200;
          expect(res.statusCode, `${r}: ${from} → ${to}`).toBe(expected);
        }
      }
    }
  });

  it('nobody reaches into another county', async () => {
    const other = await call(cookies.county, 'GET', '/api/teachers?pageSize=200');
    expect(other.json().items.every((i: { schoolId: number }) => Object.values(schoolId).includes(i.schoolId))).toBe(
      true,
    );
    const res = await createAs(cookies.county, 'A', '越界');
    expect(res.statusCode).toBe(201);
    const moved = await call(cookies.county, 'POST', `/api/teachers/${res.json().id}/transfer`, {
      schoolId: w2.schoolA,
    });
    expect(moved.statusCode).toBe(404);
    expect((await call(cookies.county, 'GET', `/api/teachers/${w2.teacherA}`)).statusCode).toBe(404);
    expect(
      (await call(cookies.county, 'PATCH', `/api/teachers/${w2.teacherA}`, { title: '高级教师' })).statusCode,
    ).toBe(404);
    // ID numbers are unique per county: one that exists next door is free here, and not named.
    const same = await call(cookies.county, 'POST', '/api/teachers', {
      name: '邻县同号',
      idNumber: w2.idNumbers[0],
      schoolId: w.schoolA,
      stage: '小学',
      subject: '语文',
    });
    expect(same.statusCode, same.body).toBe(201);
  });
});
