// Public funds from a spreadsheet: a finance bureau's list made by LibreOffice (title row, 单位名称,
// amounts in 万元, short and unknown school names), mapped once and remembered; the budget
// execution export edited and sent back, where only the real changes count; who may import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { libreOfficeCsv, libreOfficeXlsx } from '../../../test/second-producer.js';
import { one, rows, sql } from '../../db/client.js';
import { csv, multipart, readXlsx } from '../imports/imports.fixtures.js';
import { parseCsv } from '../imports/spreadsheet.js';
import { parseAmount } from './budgets.import.js';

let t: TestContext;
let w: World;
let county: string;
let schoolAdmin: string;
const names: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  county = await loginAs(t.app, w.users.county);
  schoolAdmin = await loginAs(t.app, w.users.schoolA);
  for (const [k, id] of [
    ['a', w.schoolA],
    ['b', w.schoolB],
    ['c', w.schoolC],
  ] as const) {
    names[k] = (await one<{ name: string }>(t.deps.db, sql`select name from schools where id = ${id}`))!.name;
  }
});
afterAll(() => t.close());

async function upload(cookie: string, url: string, file: Buffer, fields: Record<string, string> = {}) {
  const body = multipart(file, 'sheet.xlsx', fields);
  const res = await t.app.inject({ method: 'POST', url, headers: { cookie, ...body.headers }, payload: body.payload });
  return { status: res.statusCode, body: res.json() };
}
const budgets = () =>
  rows<{ school_id: number | null; public_funds: string | null; amount: string }>(
    t.deps.db,
    sql`select school_id, public_funds::text as public_funds, amount::text as amount from budgets
        where region_id = ${w.regionId} and year = 2026 order by school_id nulls first`,
  );

describe('amounts as finance sheets write them', () => {
  it('reads 元 and 万元, separators, full-width digits; refuses what is not an amount', () => {
    const v = (cell: string | number, wan = false) => {
      const p = parseAmount(cell, '公用经费', wan);
      return 'error' in p ? p.error : `${p.value}${p.rounded ? ' rounded' : ''}`;
    };
    expect(v('125,000.00')).toBe('12500000');
    expect(v('￥125000元')).toBe('12500000');
    expect(v('１２.５', true)).toBe('12500000');
    expect(v('12.5万')).toBe('12500000');
    expect(v(12.345678, true)).toBe('12345678');
    expect(v('0.005')).toBe('1 rounded');
    expect(v('-5')).toMatch(/不是有效金额/);
    expect(v('约十万')).toMatch(/不是有效金额/);
    expect(v('1000000000000')).toMatch(/过大/);
  });
});

// The finance bureau's list: a title row, 单位名称, amounts in 万元, one short name, one school the
// county does not have, a duplicate, an amount that is not one, a year that is not this one.
const FINANCE = () =>
  csv([
    ['2026年度各校公用经费预算表', '', '', ''],
    ['单位名称', '公用经费（万元）', '预算年度', '备注'],
    [names.a, '12.5', '2026', ''],
    [names.b.replace(/\d+$/, ''), '30', '2026', '简称'],
    [names.c, '８', '2026', '全角数字'],
    ['东河县第九中学', '20', '2026', '本县没有'],
    [names.a, '13', '2026', '重复'],
    [names.c, '约十万', '2026', ''],
    [names.c, '8', '2025', ''],
  ]);

describe('a finance bureau’s list made by LibreOffice', () => {
  let sheet: Buffer;
  beforeAll(() => {
    sheet = libreOfficeXlsx(FINANCE(), 4, { 2: 'standard' });
  });

  it('previews: 万元 read as 元, the short name and the unknown school grouped, exactly the wrong rows flagged', async () => {
    const r = await upload(county, '/api/budgets/import?year=2026&dryRun=true', sheet);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ total: 7, created: 2, committed: false });
    expect(r.body.unknown).toEqual([
      expect.objectContaining({
        kind: 'school',
        column: '单位名称',
        values: expect.arrayContaining([
          expect.objectContaining({ value: names.b.replace(/\d+$/, ''), suggestion: names.b }),
          expect.objectContaining({ value: '东河县第九中学', suggestion: null }),
        ]),
      }),
    ]);
    expect(r.body.unknown[0].values).toHaveLength(2);
    const byRow = (row: number) => r.body.errors.filter((e: { row: number }) => e.row === row);
    expect(byRow(3)).toEqual([]);
    expect(byRow(4)[0].message).toMatch(new RegExp(`是否为“${names.b}”`));
    expect(byRow(6)[0].message).toMatch(/不存在/);
    expect(byRow(7)[0].message).toMatch(/与第3行是同一学校/);
    expect(byRow(8)).toContainEqual(
      expect.objectContaining({ column: '公用经费（万元）', message: expect.stringMatching(/不是有效金额/) }),
    );
    expect(byRow(9)).toContainEqual(
      expect.objectContaining({ column: '预算年度', message: expect.stringMatching(/2025 与本次导入的 2026 年不符/) }),
    );
    expect(r.body.preview[0]).toMatchObject({ action: 'create', label: expect.stringContaining('¥125,000.00') });
    expect(r.body.preview[2].label).toContain('¥80,000.00');
    expect(await budgets()).toEqual([]);
  });

  it('a commit with the school unmapped writes nothing', async () => {
    const r = await upload(county, '/api/budgets/import?year=2026', sheet);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('IMPORT_HAS_ERRORS');
    expect(await budgets()).toEqual([]);
    expect(await count(t.deps, 'audit_log', "action = 'budget.import'")).toBe(0);
  });

  it('mapped once, the valid rows go in; the short name is remembered; every change audited', async () => {
    const mapping = JSON.stringify({ school: { [names.b.replace(/\d+$/, '')]: names.b } });
    const r = await upload(county, '/api/budgets/import?year=2026&skipInvalid=true&autoAdd=true', sheet, { mapping });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ created: 3, updated: 0, committed: true });
    expect(r.body).not.toHaveProperty('added'); // a budget sheet holds no dictionary values
    expect(r.body.mapped).toEqual([
      expect.objectContaining({ kind: 'school', from: names.b.replace(/\d+$/, ''), to: names.b, how: 'mapping' }),
    ]);
    expect(await budgets()).toEqual(
      [
        { school_id: w.schoolA, public_funds: '125000.00', amount: '12500.00' },
        { school_id: w.schoolB, public_funds: '300000.00', amount: '30000.00' },
        { school_id: w.schoolC, public_funds: '80000.00', amount: '8000.00' },
      ].sort((x, y) => x.school_id - y.school_id),
    );
    const aliases = await one<{ aliases: string[] }>(
      t.deps.db,
      sql`select aliases from schools where id = ${w.schoolB}`,
    );
    expect(aliases!.aliases).toContain(names.b.replace(/\d+$/, ''));
    expect(await count(t.deps, 'audit_log', "action = 'budget.import'")).toBe(1);
    expect(await count(t.deps, 'audit_log', "action = 'budget.set'")).toBe(3);

    // The same list again: the short name needs no mapping, nothing changes.
    const again = await upload(county, '/api/budgets/import?year=2026&dryRun=true', sheet);
    expect(again.body.unknown).toEqual([
      expect.objectContaining({ values: [expect.objectContaining({ value: '东河县第九中学' })] }),
    ]);
    expect(again.body).toMatchObject({ created: 0, updated: 0 });
  });
});

describe('round trip: the budget execution export, edited elsewhere, imported back', () => {
  it('counts only the real changes, shows them before → after, and sets the county’s own amount', async () => {
    const exported = await t.app.inject({ url: '/api/budgets/export?year=2026', headers: { cookie: county } });
    expect(exported.statusCode).toBe(200);
    const lines = [...parseCsv(libreOfficeCsv(exported.rawPayload))];
    const header = lines.findIndex((l) => l.includes('公用经费（元）'));
    const col = (name: string) => lines[header]!.indexOf(name);
    expect(lines[header + 1]![col('单位')]).toBe('县级培训经费');
    lines[header + 1]![col('培训预算（元）')] = '50000';
    const rowA = lines.findIndex((l) => l[col('单位')] === names.a);
    lines[rowA]![col('公用经费（元）')] = '130000';
    const back = libreOfficeXlsx(csv(lines), lines[header]!.length, { [col('公用经费（元）') + 1]: 'standard' });

    const r = await upload(county, '/api/budgets/import?year=2026', back);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ created: 1, updated: 1, committed: true });
    const changed = r.body.preview.find((p: { action: string }) => p.action === 'update');
    expect(changed.changes).toEqual([
      { field: '公用经费', before: '¥125,000.00', after: '¥130,000.00' },
      { field: '培训预算', before: '¥12,500.00', after: '¥13,000.00' },
    ]);
    expect((await budgets())[0]).toEqual({ school_id: null, public_funds: null, amount: '50000.00' });
  });
});

describe('who may import, and the template', () => {
  it('is for the county admin; the template lists every school and imports as nothing new', async () => {
    const sheet = libreOfficeXlsx(FINANCE(), 4, { 2: 'standard' });
    expect((await upload(schoolAdmin, '/api/budgets/import?year=2026&dryRun=true', sheet)).status).toBe(403);
    const noYear = await upload(county, '/api/budgets/import?dryRun=true', sheet);
    expect(noYear.status).toBe(400);

    const tpl = await t.app.inject({ url: '/api/budgets/import/template?year=2026', headers: { cookie: county } });
    expect(tpl.statusCode).toBe(200);
    const wb = await readXlsx(tpl.rawPayload);
    const names2 = wb.worksheets[0]!.getColumn(1).values.slice(2);
    expect(names2).toEqual(expect.arrayContaining(['县级培训经费', names.a, names.b, names.c]));
    const r = await upload(county, '/api/budgets/import?year=2026&dryRun=true', tpl.rawPayload);
    expect(r.body).toMatchObject({ created: 0, updated: 0, errors: [] });
  });
});
