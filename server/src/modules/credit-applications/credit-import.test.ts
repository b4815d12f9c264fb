// The historical credit import: preview → commit, idempotent re-import, row errors in Chinese,
// scope (a school admin imports only their school's teachers), error report, template, progress.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { rows } from '../../db/client.js';
import { csv, encodeGbk, multipart, readXlsx, xlsx } from '../imports/imports.fixtures.js';
import { parseWhen } from './credit-import.js';

let t: TestContext;
let w: World;
let county: string;
let schoolA: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  county = await loginAs(t.app, w.users.county);
  schoolA = await loginAs(t.app, w.users.schoolA);
});
afterAll(() => t?.close());

const URL = (q = '') => `/api/credits/import${q ? `?${q}` : ''}`;
async function upload(cookie: string, q: string, file: Buffer, filename = '历史学时.xlsx') {
  const body = multipart(file, filename);
  return t.app.inject({ method: 'POST', url: URL(q), headers: { cookie, ...body.headers }, payload: body.payload });
}
const HEADER = ['身份证号', '姓名', '学年/日期', '类别', '学时', '学分', '来源', '备注'];
const ledger = () =>
  rows<{
    teacher_id: number;
    source: string;
    source_ref: string;
    category: string;
    hours: string;
    occurred_on: string;
    note: string;
  }>(
    t.deps.db,
    sql`select teacher_id, source, source_ref, category, hours::text, occurred_on::text, note from credit_ledger
        where region_id = ${w.regionId} order by id`,
  );

const goodSheet = () =>
  xlsx([
    HEADER,
    [w.idNumbers[0], '张三', '2023-2024学年', '骨干教师', 24, null, '国家智慧教育平台', '暑期研修'],
    [w.idNumbers[0], '张三', '2022年', '论文发表', null, 10, '县教研室', null],
    [w.idNumbers[1], '李四', '2024-05-10', '公开课', '6学时', null, null, null],
  ]);

describe('historical credit import', () => {
  it('previews, commits once, and posts nothing on a second import', async () => {
    const dry = await upload(county, 'dryRun=true', await goodSheet());
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ total: 3, created: 3, skipped: 0, errors: [], committed: false });
    expect(await count(t.deps, 'credit_ledger', `region_id = ${w.regionId}`)).toBe(0);

    const jobId = randomUUID();
    const res = await upload(county, `jobId=${jobId}`, await goodSheet());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 3, committed: true });
    const list = await ledger();
    expect(list).toHaveLength(3);
    expect(list[0]).toMatchObject({
      teacher_id: w.teacherA,
      source: 'import',
      category: '骨干教师',
      hours: '24.0',
      occurred_on: '2024-08-31',
      note: '来源：国家智慧教育平台；暑期研修',
    });
    expect(list[0]!.source_ref).toMatch(/^import:[0-9a-f]{40}$/);
    // 学分 only: converted at the county's rate (全国通用: 1 学时 = 1 学分); kinds stored by key
    expect(list[1]).toMatchObject({ category: 'paper', hours: '10.0', occurred_on: '2022-12-31' });
    expect(list[2]).toMatchObject({ teacher_id: w.teacherB, category: 'open_lesson', hours: '6.0' });
    const job = await t.app.inject({ url: `/api/jobs/${jobId}`, headers: { cookie: county } });
    expect(job.json()).toMatchObject({ kind: 'credits.import', status: 'done', processed: 3 });
    const audit = await rows<{ after: { posted: number; file: string } }>(
      t.deps.db,
      sql`select after from audit_log where action = 'credit.import' and region_id = ${w.regionId}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ posted: 3, file: '历史学时.xlsx' });

    const again = await upload(county, '', await goodSheet());
    expect(again.json()).toMatchObject({ created: 0, skipped: 3, committed: true });
    expect(again.json().preview[0].label).toContain('已导入过');
    expect(await count(t.deps, 'credit_ledger', `region_id = ${w.regionId}`)).toBe(3);
  });

  it('reports row errors in Chinese and writes nothing', async () => {
    const bad = await xlsx([
      HEADER,
      ['110101199003070000', '王五', '2024-01-01', '骨干教师', 10, null, null, null],
      [w.idNumbers[0], '张三丰', '2024-01-01', '骨干教师', 10, null, null, null],
      [w.idNumbers[0], '张三', '2024-13-45', '骨干教师', 10, null, null, null],
      [w.idNumbers[0], '张三', '2024-03-01', '骨干教师', -4, null, null, null],
      [w.idNumbers[0], '张三', '2024-03-01', '游泳', 4, null, null, null],
      [w.idNumbers[0], '张三', '2024-03-01', '班主任', null, null, null, null],
      [w.idNumbers[0], '张三', '2024-03-02', '班主任', 3, null, '同一行', null],
      [w.idNumbers[0], '张三', '2024-03-02', '班主任', 3, null, '同一行', null],
    ]);
    const res = await upload(county, '', bad, 'bad.xlsx');
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error.code).toBe('IMPORT_HAS_ERRORS');
    const byRow = new Map<number, string>(body.errors.map((e: { row: number; message: string }) => [e.row, e.message]));
    expect(byRow.get(2)).toMatch(/身份证号|校验/);
    expect(byRow.get(3)).toBe('姓名“张三丰”与教师库中该身份证号的姓名“张三”不一致');
    expect(byRow.get(4)).toContain('学年/日期');
    expect(byRow.get(5)).toBe('学时不能为负数（-4）');
    expect(byRow.get(6)).toContain('类别“游泳”不在本县的培训类别字典中');
    expect(byRow.get(7)).toBe('学时和学分不能都为空');
    expect(body.preview.find((p: { row: number }) => p.row === 9).label).toContain('与第8行相同');
    expect(await count(t.deps, 'credit_ledger', `region_id = ${w.regionId} and note like '%同一行%'`)).toBe(0);

    // skipInvalid writes the good row only
    const skip = await upload(county, 'skipInvalid=true', bad, 'bad.xlsx');
    expect(skip.json()).toMatchObject({ created: 1, committed: true });
    expect(await count(t.deps, 'credit_ledger', `region_id = ${w.regionId} and note like '%同一行%'`)).toBe(1);

    // the error report marks the rows
    const rep = multipart(bad, 'bad.xlsx');
    const report = await t.app.inject({
      method: 'POST',
      url: '/api/credits/import/report',
      headers: { cookie: county, ...rep.headers },
      payload: rep.payload,
    });
    expect(report.statusCode).toBe(200);
    expect(report.headers['x-error-rows']).toBe('6');
    const wb = await readXlsx(report.rawPayload);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getRow(1).getCell(9).value)).toBe('错误说明');
    expect(String(ws.getRow(5).getCell(9).value)).toBe('学时不能为负数（-4）');
  });

  it('needs 学时 or 学分 and the required columns', async () => {
    const res = await upload(
      county,
      'dryRun=true',
      await xlsx([
        ['身份证号', '姓名', '日期', '类别'],
        [w.idNumbers[0], '张三', '2024-01-01', '班主任'],
      ]),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('缺少“学时”或“学分”列');
    const missing = await upload(
      county,
      'dryRun=true',
      await xlsx([
        ['身份证号', '姓名', '学时'],
        [w.idNumbers[0], '张三', 3],
      ]),
    );
    expect(missing.json().error.message).toContain('学年/日期、类别');
  });

  it('lets a school admin import their own teachers only; GBK CSV works', async () => {
    const text = csv([
      ['身份证号', '姓名', '日期', '类别', '学时', '来源'],
      [w.idNumbers[0], '张三', '2025/6/1', '师德', '8', '市平台'],
      [w.idNumbers[1], '李四', '2025/6/1', '师德', '8', '市平台'],
    ]);
    const res = await upload(schoolA, 'dryRun=true', encodeGbk(text), '学时.csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().errors).toEqual([{ row: 3, column: '身份证号', message: '您管理的学校中没有该身份证号的教师' }]);
    for (const user of [w.users.leader, w.users.teacherA]) {
      const cookie = await loginAs(t.app, user);
      expect((await upload(cookie, 'dryRun=true', encodeGbk(text), '学时.csv')).statusCode, user).toBe(403);
    }
  });

  it('serves a template whose headers are recognised and whose example row is not data', async () => {
    const res = await t.app.inject({ url: '/api/credits/import/template', headers: { cookie: schoolA } });
    expect(res.statusCode).toBe(200);
    const wb = await readXlsx(res.rawPayload);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['历史学时', '填写说明']);
    const dry = await upload(schoolA, 'dryRun=true', res.rawPayload, '历史学时导入模板.xlsx');
    expect(dry.statusCode).toBe(400);
    expect(dry.json().error.message).toBe('第1行表头下方没有数据');
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([
      undefined,
      '身份证号',
      '姓名',
      '学年/日期',
      '类别',
      '学时',
      '学分',
      '来源',
      '级别',
      '项目名称',
      '备注',
    ]);
  });

  it('reads dates, school years and years', () => {
    expect(parseWhen('2023-2024学年', '学年')).toEqual({ value: '2024-08-31' });
    expect(parseWhen('2023—2024学年度', '学年')).toEqual({ value: '2024-08-31' });
    expect(parseWhen('2023学年', '学年')).toEqual({ value: '2024-08-31' });
    expect(parseWhen('2022年度', '学年')).toEqual({ value: '2022-12-31' });
    expect(parseWhen(2021, '学年')).toEqual({ value: '2021-12-31' });
    expect(parseWhen('2024年5月', '日期')).toEqual({ value: '2024-05-01' });
    expect(parseWhen('2023-2025学年', '学年')).toEqual({
      error: '学年“2023-2025学年”不是一个学年（应如 2023-2024学年）',
    });
    expect('error' in parseWhen('2099-01-01', '日期')).toBe(true);
  });
});
