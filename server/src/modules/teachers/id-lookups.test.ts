// Whether an ID number is on the county's roster is answered only within the caller's scope; the
// rest gets a neutral message, and a per-user daily budget stops one dry run checking thousands.
import { idCheckChar } from '@shixun/common';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { textArray } from '../../db/client.js';
import { ID_LOOKUP_LIMITS, OUT_OF_SCOPE_ID_MESSAGE } from './id-lookups.js';

let t: TestContext;
let w: World;
let schoolA: string;
let county: string;
let schoolBName: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  schoolA = await loginAs(t.app, w.users.schoolA);
  county = await loginAs(t.app, w.users.county);
  schoolBName = (await t.app.inject({ url: `/api/schools/${w.schoolB}`, headers: { cookie: county } })).json().name;
});
afterAll(() => t.close());

const idOf = (n: number, birth = '19870505') => {
  const first17 = `510683${birth}${String(n).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
};

/** Teachers of school B that school A's admin cannot see, inserted directly. */
async function foreignTeachers(from: number, n: number) {
  const ids = Array.from({ length: n }, (_, i) => idOf(from + i, '19800101'));
  await t.deps.db.execute(
    sql`insert into teachers (region_id, school_id, name, id_enc, id_hash, id_masked, stage, subject)
        select ${w.regionId}, ${w.schoolB}, '外校教师', e, h, m, '初中', '数学'
        from unnest(${textArray(ids.map((i) => t.deps.cipher.encrypt(i)))}, ${textArray(ids.map((i) => t.deps.cipher.hash(i)))},
                    ${textArray(ids.map(() => '**************0000'))}) as x(e, h, m)`,
  );
  return ids;
}

async function sheet(rows: Array<[string, string]>) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('教师');
  ws.addRow(['姓名', '身份证号', '学段', '学科']);
  for (const [name, id] of rows) ws.addRow([name, id, '小学', '语文']);
  ws.getColumn(2).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function dryRun(cookie: string, file: Buffer) {
  const boundary = '----ids';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url: '/api/teachers/import?dryRun=true',
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

describe('ID numbers outside the caller’s scope', () => {
  it('answer creation and import neutrally: the same words whether or not the number is held elsewhere', async () => {
    const [held] = await foreignTeachers(100, 1);
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/teachers',
      headers: { cookie: schoolA },
      payload: { name: '新人', idNumber: held, schoolId: w.schoolA, stage: '小学', subject: '语文' },
    });
    expect(create.statusCode).toBe(409);
    expect(create.json().error.message).toBe(OUT_OF_SCOPE_ID_MESSAGE);
    expect(create.json().error.message).not.toContain(schoolBName);
    expect(create.json().error.message).not.toContain('外校教师');

    const res = await dryRun(
      schoolA,
      await sheet([
        ['新人', held!],
        ['真新人', idOf(200)],
      ]),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().errors).toEqual([{ row: 2, column: '身份证号', message: OUT_OF_SCOPE_ID_MESSAGE }]);
    expect(res.json().preview[1]).toMatchObject({ action: 'create' });
    // The county admin's scope is the county: it is told who holds the number.
    const byCounty = await t.app.inject({
      method: 'POST',
      url: '/api/teachers',
      headers: { cookie: county },
      payload: { name: '新人', idNumber: held, schoolId: w.schoolA, stage: '小学', subject: '语文' },
    });
    expect(byCounty.json().error.message).toContain(schoolBName);
  });

  it('stop a school admin after a day’s budget of numbers held elsewhere, before answering any row', async () => {
    const held = await foreignTeachers(300, ID_LOOKUP_LIMITS.foreignPerDay + 1);
    // Checking the same numbers again costs nothing more; one more distinct number tips it over.
    const first = await dryRun(schoolA, await sheet(held.slice(0, 10).map((id) => ['x', id])));
    expect(first.statusCode).toBe(200);
    const again = await dryRun(schoolA, await sheet(held.slice(0, 10).map((id) => ['x', id])));
    expect(again.statusCode).toBe(200);
    const over = await dryRun(schoolA, await sheet(held.map((id) => ['x', id])));
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(over.json()).not.toHaveProperty('errors');
    expect(over.json().error.message).toMatch(/明天再试/);
    // Nor is any new number answered again today.
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/teachers',
      headers: { cookie: schoolA },
      payload: { name: '新人', idNumber: idOf(901), schoolId: w.schoolA, stage: '小学', subject: '语文' },
    });
    expect(create.statusCode).toBe(429);
    // Other users are not affected; the county admin has no such budget.
    const schoolB = await loginAs(t.app, w.users.schoolB);
    expect((await dryRun(schoolB, await sheet([['y', idOf(902)]]))).statusCode).toBe(200);
    expect((await dryRun(county, await sheet(held.map((id) => ['x', id])))).statusCode).toBe(200);
  });

  it('cap how many new numbers a day one person may check', async () => {
    const areaA = await loginAs(t.app, w.users.areaA);
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: areaA } });
    const userId = me.json().id as number;
    // A day's worth already checked (the same rows a dry run would have left).
    await t.deps.db.execute(
      sql`insert into id_lookups (user_id, id_hash)
          select ${userId}, 'h' || g from generate_series(1, ${ID_LOOKUP_LIMITS.perDay}) g`,
    );
    const res = await dryRun(areaA, await sheet([['z', idOf(903)]]));
    expect(res.statusCode).toBe(429);
    expect(res.json().error.message).toMatch(/县级管理员/);
    // Yesterday's checks do not count.
    await t.deps.db.execute(
      sql`update id_lookups set checked_at = now() - interval '25 hours' where user_id = ${userId}`,
    );
    expect((await dryRun(areaA, await sheet([['z', idOf(904)]]))).statusCode).toBe(200);
  });
});
