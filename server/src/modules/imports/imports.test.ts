// Imports against a real database: reading real-world rosters, row errors with the right row and
// column, scope, all-or-nothing commits, jobs, the error report and the templates.
import { randomUUID } from 'node:crypto';
import { maskIdNumber } from '@shixun/common';
import type ExcelJS from 'exceljs';
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
import { one, sql } from '../../db/client.js';
import { csv, encodeGbk, multipart, readXlsx, xlsx } from './imports.fixtures.js';

let t: TestContext;
let w: World;
let county: string;
let schoolA: string;
let schoolAName: string;
let schoolBName: string;
let schoolCName: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  county = await loginAs(t.app, w.users.county);
  schoolA = await loginAs(t.app, w.users.schoolA);
  const names = await t.deps.db.execute(sql`select id, name from schools where region_id = ${w.regionId}`);
  const byId = new Map((names as unknown as { rows: { id: number; name: string }[] }).rows.map((r) => [r.id, r.name]));
  schoolAName = byId.get(w.schoolA)!;
  schoolBName = byId.get(w.schoolB)!;
  schoolCName = byId.get(w.schoolC)!;
});
afterAll(() => t.close());

// Distinct, valid ID numbers for the rows of these tests (the seed uses other sequence numbers).
const id = (n: number, birth = '19880601') => makeIdNumber(500 + n, birth, '510681');
/** One whose check character is X, to import in lower case. */
const idX = (() => {
  for (let n = 700; ; n++) {
    const v = makeIdNumber(n, '19880601', '510681');
    if (v.endsWith('X')) return v;
  }
})();
const genderOf = (idNumber: string) => (Number(idNumber[16]) % 2 === 1 ? '男' : '女');

async function upload(
  cookie: string,
  url: string,
  file: Buffer,
  filename: string,
  fields: Record<string, string> = {},
) {
  const body = multipart(file, filename, fields);
  return t.app.inject({ method: 'POST', url, headers: { cookie, ...body.headers }, payload: body.payload });
}
const teachersUrl = (q = '') => `/api/teachers/import${q ? `?${q}` : ''}`;
const teacherCount = () => count(t.deps, 'teachers', `region_id = ${w.regionId}`);

const HEADER = [
  '序号',
  '身份证号码',
  '姓名',
  '工作单位',
  '任教学段',
  '所教学科',
  '专业技术职称',
  '最高学历',
  '参工时间',
  '手机',
];

/** A county's roster: title row, blank row, odd header order and synonyms. Errors on purpose. */
async function messyRoster() {
  return xlsx(
    [
      ['XX县2026年教师花名册'],
      [],
      HEADER,
      [
        1,
        id(1),
        '王小明',
        schoolAName,
        '小学',
        '语文',
        '小学一级',
        '大专',
        new Date(Date.UTC(2010, 8, 1)),
        '138 0000 1111',
      ],
      [2, idX.toLowerCase(), '赵 丽', schoolAName, '小学', '思品', '未评', '大学本科', 42248, null],
      [3, Number('510681198806010000'), '钱多', schoolAName, '小学', '数学', null, null, '2015.9', null],
      [
        4,
        `${id(4).slice(0, 17)}${id(4).endsWith('0') ? '1' : '0'}`,
        '孙悟',
        schoolAName,
        '小学',
        '数学',
        null,
        null,
        null,
        null,
      ],
      [5, '510681198813320011', '李雷', schoolAName, '小学', '数学', null, null, null, null],
      [6, '5106811988060100', '韩梅', schoolAName, '小学', '数学', null, null, null, null],
      [7, id(7), '周杰', '不存在的学校', '小学', '数学', null, null, null, null],
      [8, id(1), '王小明', schoolAName, '小学', '语文', null, null, null, null],
      [9, id(9), '吴用', schoolAName, '小学', '书法课', null, null, '2012年9月1日', null],
    ],
    { dateColumns: [9] },
  );
}

describe('teachers import: reading and row errors', () => {
  it('previews a messy roster with row numbers and columns as the user sees them, writing nothing', async () => {
    const before = await teacherCount();
    const res = await upload(county, teachersUrl('dryRun=true'), await messyRoster(), '花名册.xlsx');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    // 书法课 is not in the county's subjects: listed for mapping, not a row error (the row would be created).
    expect(r).toMatchObject({ total: 9, created: 3, updated: 0, skipped: 0, committed: false });
    const at = (row: number) => r.errors.filter((e: { row: number }) => e.row === row);
    expect(at(6)).toEqual([
      { row: 6, column: '身份证号码', message: expect.stringMatching(/被 Excel 存为数字，后几位已丢失/) },
    ]);
    expect(at(7)[0]).toMatchObject({ column: '身份证号码', message: expect.stringMatching(/校验位错误/) });
    expect(at(8)[0]).toMatchObject({ column: '身份证号码', message: expect.stringMatching(/出生日期 19881332 无效/) });
    expect(at(9)[0]).toMatchObject({ column: '身份证号码', message: expect.stringMatching(/应为18位，实际为16位/) });
    expect(at(10)[0]).toMatchObject({
      column: '工作单位',
      message: expect.stringMatching(/^学校“不存在的学校”不存在/),
    });
    expect(at(11)[0]).toMatchObject({ column: '身份证号码', message: '身份证号与第4行重复' });
    expect(r.errors).toHaveLength(6);
    expect(r.unknown).toEqual([
      {
        kind: 'school',
        label: '学校',
        column: '工作单位',
        rows: 1,
        values: [{ value: '不存在的学校', rows: 1, sampleRows: [10], suggestion: null }],
      },
      {
        kind: 'subject',
        label: '学科',
        column: '所教学科',
        rows: 1,
        values: [{ value: '书法课', rows: 1, sampleRows: [12], suggestion: null }],
      },
    ]);
    // What was read as another entry is shown, never silent: 小学一级 is today's 二级教师.
    expect(r.mapped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'title', from: '小学一级', to: '二级教师', how: 'synonym', rows: 1 }),
        expect.objectContaining({ kind: 'degree', from: '大专', to: '专科', how: 'synonym' }),
        expect.objectContaining({ kind: 'subject', from: '思品', to: '道德与法治', how: 'synonym' }),
      ]),
    );
    expect(r.preview[0]).toMatchObject({ row: 4, action: 'create', label: expect.stringContaining('王小明') });
    expect(r.preview.find((p: { row: number }) => p.row === 6).action).toBe('error');
    expect(await teacherCount()).toBe(before);
  });

  it('refuses to commit a file with errors (422) and writes nothing', async () => {
    const before = await teacherCount();
    const res = await upload(county, teachersUrl(), await messyRoster(), '花名册.xlsx');
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error.code).toBe('IMPORT_HAS_ERRORS');
    expect(body).toMatchObject({ total: 9, created: 2, committed: false });
    // The unmapped 书法课 is a row error in a commit: all or nothing stands.
    expect(body.errors).toHaveLength(7);
    expect(body.error.message).toMatch(/1 个值不在本县字典中（学科）/);
    expect(await teacherCount()).toBe(before);
  });

  it('commits the valid rows with skipInvalid, with accounts, protected IDs and one audit entry', async () => {
    const before = await teacherCount();
    const res = await upload(county, teachersUrl('skipInvalid=true'), await messyRoster(), '花名册.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 9, created: 2, updated: 0, skipped: 7, committed: true });
    expect(await teacherCount()).toBe(before + 2);

    const zhao = await one<Record<string, unknown>>(
      t.deps.db,
      sql`select t.id, t.name, t.subject, t.title, t.degree, t.hire_date::text as hire, t.gender,
                 t.birth_year, t.id_masked, t.id_enc, u.username, u.password_hash, u.legacy_id_password,
                 u.must_change_password, u.role, u.school_id as user_school
          from teachers t join users u on u.teacher_id = t.id where t.id_hash = ${t.deps.cipher.hash(idX)}`,
    );
    expect(zhao).toMatchObject({
      name: '赵丽', // alignment spaces dropped
      subject: '道德与法治',
      title: '未定级',
      degree: '本科',
      hire: '2015-09-01', // Excel serial 42248
      gender: genderOf(idX),
      birth_year: 1988, // the date itself stays inside the encrypted ID number
      id_masked: maskIdNumber(idX),
      username: `t${zhao!.id}`,
      password_hash: null, // activated later with an account slip
      legacy_id_password: false,
      must_change_password: false,
      role: 'teacher',
      user_school: w.schoolA,
    });
    expect(t.deps.cipher.decrypt(zhao!.id_enc as string)).toBe(idX); // stored upper-case
    const wang = await one<Record<string, unknown>>(
      t.deps.db,
      sql`select title, degree, phone, hire_date::text as hire from teachers where id_hash = ${t.deps.cipher.hash(id(1))}`,
    );
    expect(wang).toEqual({ title: '二级教师', degree: '专科', phone: '13800001111', hire: '2010-09-01' });
    const audit = await one<{ after: Record<string, unknown> }>(
      t.deps.db,
      sql`select after from audit_log where action = 'teacher.import' order by id desc limit 1`,
    );
    expect(audit!.after).toMatchObject({ created: 2, updated: 0, errorRows: 7, file: '花名册.xlsx' });
  });

  it('re-importing the same file skips every row that was imported', async () => {
    const res = await upload(county, teachersUrl('skipInvalid=true&dryRun=true'), await messyRoster(), '花名册.xlsx');
    // Row 12's 书法课 still waits for a mapping: once mapped it would be created.
    expect(res.json()).toMatchObject({ total: 9, created: 1, updated: 0, skipped: 8 });
    expect(res.json().preview[0]).toMatchObject({ row: 4, action: 'skip' });
  });

  it('updates only the changed fields and audits before/after in a batch entry', async () => {
    const file = await xlsx([
      ['姓名', '身份证号', '学科', '骨干类别', '岗位'],
      ['王小明', id(1), '数学', '骨干、学科带头人', '班主任'],
      ['赵丽', idX, '道法', null, null],
    ]);
    const res = await upload(county, teachersUrl(), file, 'update.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 2, created: 0, updated: 1, skipped: 1, committed: true });
    expect(res.json().preview[0].label).toMatch(/学科 语文→数学/);
    const row = await one<Record<string, unknown>>(
      t.deps.db,
      sql`select subject, tags, posts, title from teachers where id_hash = ${t.deps.cipher.hash(id(1))}`,
    );
    expect(row).toEqual({ subject: '数学', tags: ['骨干教师', '学科带头人'], posts: ['班主任'], title: '二级教师' });
    const audit = await one<{ before: { teachers: unknown[] }; after: { teachers: unknown[] } }>(
      t.deps.db,
      sql`select before, after from audit_log where action = 'teacher.import_update' order by id desc limit 1`,
    );
    expect(audit!.before.teachers[0]).toMatchObject({ subject: '语文', tags: [], posts: [] });
    expect(audit!.after.teachers[0]).toMatchObject({ subject: '数学', tags: ['骨干教师', '学科带头人'] });
  });

  it('reads GBK CSV, as Excel saves it on Chinese Windows', async () => {
    const text = csv([
      ['姓名', '性别', '身份证号', '学校', '学段', '学科', '职称', '学历', '参加工作时间', '手机号', '骨干类别'],
      [
        '欧阳修',
        '男',
        `="${id(21)}"`,
        schoolAName,
        '小学',
        '英语',
        '中学高级',
        '硕士',
        '2015年9月',
        '139-0000-2222',
        '名师',
      ],
      ['林黛玉', '女', id(22, '19900202'), schoolAName, '幼儿园', '学前', '二级', '中专', '201509', '', ''],
    ]);
    const res = await upload(county, teachersUrl(), encodeGbk(text), 'roster.csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 2, errors: [] });
    const lin = await one<Record<string, unknown>>(
      t.deps.db,
      sql`select name, stage, subject, title, degree, hire_date::text as hire, gender from teachers
          where id_hash = ${t.deps.cipher.hash(id(22, '19900202'))}`,
    );
    expect(lin).toEqual({
      name: '林黛玉',
      stage: '幼儿园',
      subject: '学前教育',
      title: '二级教师',
      degree: '中专',
      hire: '2015-09-01',
      gender: '女',
    });
  });

  it('reads UTF-8 CSV with BOM, quoted fields and a gender that contradicts the ID', async () => {
    const text = csv([
      ['姓名', '身份证号', '学校名称', '学段', '学科', '性别'],
      ['"老"张', id(31), schoolAName, '初中', '初中数学', '女'],
    ]);
    const res = await upload(county, teachersUrl('dryRun=true'), Buffer.from(`\ufeff${text}`), 'a.csv');
    // The ID number identifies the person: its gender wins, and the preview says so.
    expect(res.json().errors).toEqual([]);
    expect(res.json().warnings).toEqual([
      { row: 2, column: '性别', message: '性别“女”与身份证号不符，按身份证号记为男' },
    ]);
  });
});

describe('teachers import: scope and permissions', () => {
  it('a school admin cannot import into another school nor touch its teachers; rows default to their school', async () => {
    const file = await xlsx([
      ['姓名', '身份证号', '学校', '学段', '学科'],
      ['外校人', id(41), schoolBName, '初中', '数学'],
      ['李四', w.idNumbers[1], null, '初中', '数学'],
      ['本校人', id(42), null, '小学', '语文'],
      ['改名', w.idNumbers[0], null, null, null],
    ]);
    const res = await upload(schoolA, teachersUrl('dryRun=true'), file, 'a.xlsx');
    const r = res.json();
    expect(r.errors).toEqual([
      { row: 2, column: '学校', message: `学校“${schoolBName}”不在您的管理范围内` },
      { row: 3, column: '身份证号', message: expect.stringMatching(/联系县级管理员/) },
      { row: 5, column: '姓名', message: '姓名与系统中该身份证号的记录不一致（系统中为“张三”）' },
    ]);
    expect(r.errors[1].message).not.toContain(schoolBName); // does not reveal where
    expect(r.errors[1].message).not.toMatch(/已在|已存在|已登记|不在您的管理范围/); // nor that it exists
    expect(r.preview[2]).toMatchObject({ row: 4, action: 'create', label: expect.stringContaining(schoolAName) });
  });

  it('a county admin may rename and transfer; the account follows the school', async () => {
    const file = await xlsx([
      ['姓名', '身份证号', '学校'],
      ['张三丰', w.idNumbers[0], ` ${schoolCName.split('').join(' ')} `], // spaced-out name still matches
    ]);
    const res = await upload(county, teachersUrl(), file, 'transfer.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().preview[0].label).toMatch(/（调动）/);
    const row = await one<{ name: string; school_id: number; user_school: number; display_name: string }>(
      t.deps.db,
      sql`select t.name, t.school_id, u.school_id as user_school, u.display_name
          from teachers t join users u on u.teacher_id = t.id where t.id = ${w.teacherA}`,
    );
    expect(row).toEqual({ name: '张三丰', school_id: w.schoolC, user_school: w.schoolC, display_name: '张三丰' });
  });

  it('writes all or nothing: a failure in the middle of the commit leaves no teacher behind', async () => {
    // Take the username the next teacher's account would get, so the account insert fails.
    const seq = await one<{ next: number }>(
      t.deps.db,
      sql`select (case when is_called then last_value + 1 else last_value end)::int as next from teachers_id_seq`,
    );
    await t.deps.db.execute(
      sql`insert into users (region_id, username, display_name, role) values (${w.regionId}, ${`t${seq!.next}`}, 'x', 'leader')`,
    );
    const before = await teacherCount();
    const file = await xlsx([
      ['姓名', '身份证号', '学校', '学段', '学科'],
      ['半途', id(45), schoolAName, '小学', '语文'],
    ]);
    const res = await upload(county, teachersUrl(), file, 'a.xlsx');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/未写入任何数据/);
    expect(await teacherCount()).toBe(before);
  });

  it('leaders and teachers may not import; school admins may not import schools', async () => {
    const file = await xlsx([
      ['姓名', '身份证号'],
      ['a', id(50)],
    ]);
    const leader = await loginAs(t.app, w.users.leader);
    expect((await upload(leader, teachersUrl(), file, 'a.xlsx')).statusCode).toBe(403);
    expect((await upload(schoolA, '/api/schools/import', file, 'a.xlsx')).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/schools/import/template', headers: { cookie: schoolA } })).statusCode).toBe(
      403,
    );
  });

  it('rejects other file types, files without a header and headers without required columns', async () => {
    const bad = await upload(county, teachersUrl(), Buffer.from('x'), 'roster.xls');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'FILE_INVALID', message: '仅支持 .xlsx 或 .csv 文件' });
    const noHeader = await upload(county, teachersUrl(), Buffer.from('a,b\n1,2\n'), 'x.csv');
    expect(noHeader.json().error.message).toMatch(/未找到表头/);
    const missing = await upload(county, teachersUrl(), Buffer.from('姓名,学校\n张三,x\n'), 'x.csv');
    expect(missing.json().error.message).toBe('第1行表头缺少必需的列：身份证号');
  });
});

describe('jobs, error report, templates', () => {
  it('reports progress into jobs, readable by its owner only', async () => {
    const jobId = randomUUID();
    const file = await xlsx([
      ['姓名', '身份证号', '学校', '学段', '学科'],
      ['进度', id(61), schoolAName, '小学', '语文'],
    ]);
    const res = await upload(county, teachersUrl(`jobId=${jobId}`), file, 'a.xlsx');
    expect(res.statusCode).toBe(200);
    const job = await t.app.inject({ url: `/api/jobs/${jobId}`, headers: { cookie: county } });
    expect(job.json()).toMatchObject({
      id: jobId,
      kind: 'teachers.import',
      status: 'done',
      phase: '写入数据库',
      total: 1,
      processed: 1,
    });
    expect(job.json().message).toMatch(/新增 1/);
    expect((await t.app.inject({ url: `/api/jobs/${jobId}`, headers: { cookie: schoolA } })).statusCode).toBe(404);

    const failedId = randomUUID();
    await upload(county, teachersUrl(`jobId=${failedId}`), await messyRoster(), '花名册.xlsx');
    const failed = await t.app.inject({ url: `/api/jobs/${failedId}`, headers: { cookie: county } });
    expect(failed.json()).toMatchObject({ status: 'failed', message: expect.stringMatching(/共 7 行未通过检查/) });
  });

  it('returns the sheet with a 错误说明 column and the wrong cells in red', async () => {
    const res = await upload(schoolA, '/api/imports/report', await messyRoster(), '花名册.xlsx', { kind: 'teachers' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('花名册-错误报告.xlsx')}`,
    );
    const wb = await readXlsx(res.rawPayload);
    const ws = wb.getWorksheet('花名册')!;
    expect(ws.getCell('A1').value).toBe('XX县2026年教师花名册'); // same rows as the user's sheet
    expect(ws.getCell('K3').value).toBe('错误说明');
    expect(String(ws.getCell('K6').value)).toMatch(/后几位已丢失/);
    expect(String(ws.getCell('K10').value)).toMatch(/学校“不存在的学校”不存在/);
    expect(ws.getCell('K4').value).toBeNull(); // a good row
    expect((ws.getCell('B6').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFF9C9C');
    expect((ws.getCell('C6').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFDE2E2');

    // Sent back as is, the report reuses its 错误说明 column.
    const again = await upload(schoolA, '/api/imports/report?kind=teachers', res.rawPayload, '花名册-错误报告.xlsx');
    const ws2 = (await readXlsx(again.rawPayload)).getWorksheet('花名册')!;
    expect(ws2.getCell('K3').value).toBe('错误说明');
    expect(ws2.getCell('L3').value).toBeNull();
    expect(again.headers['content-disposition']).toContain(encodeURIComponent('花名册-错误报告.xlsx'));

    const asCsv = await upload(
      county,
      '/api/imports/report?kind=schools',
      Buffer.from('学校名称,学校类型,学区,城乡\n新学校,小学,城区学区,火星\n'),
      's.csv',
    );
    const sheet = (await readXlsx(asCsv.rawPayload)).worksheets[0]!;
    expect(sheet.getCell('E1').value).toBe('错误说明');
    expect(String(sheet.getCell('E2').value)).toMatch(/城乡“火星”无效/);
  });

  it('serves templates that open, with a 填写说明 sheet, and that import as nothing', async () => {
    for (const [url, first] of [
      ['/api/teachers/import/template', '姓名'],
      ['/api/schools/import/template', '学校名称'],
    ] as const) {
      const res = await t.app.inject({ url, headers: { cookie: county } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/filename\*=UTF-8''%E/);
      const wb = await readXlsx(res.rawPayload);
      expect(wb.worksheets[0]!.getCell('A1').value).toBe(first);
      const help = wb.getWorksheet('填写说明')!;
      const text = JSON.stringify(help.getSheetValues());
      expect(text).toMatch(url.includes('teachers') ? /一级教师、高级教师/ : /城镇、乡村/);
    }
    const template = await t.app.inject({ url: '/api/teachers/import/template', headers: { cookie: county } });
    const res = await upload(county, teachersUrl('dryRun=true'), template.rawPayload, 't.xlsx');
    expect(res.json().error.message).toMatch(/下方没有数据/);
  });
});

describe('schools import', () => {
  it('creates schools, areas and consortia by name, sets the core school, and re-import skips', async () => {
    const file = await xlsx([
      ['学校名称', '学校类型', '学区', '教联体', '是否核心校', '城乡', '学校代码', '联系电话'],
      ['新城小学', '城区小学', '新城学区', '新城教联体', '是', '城区', 2151000001, '0838 1234567'],
      ['新城二小', '中心小学', '新城学区', '新城教联体', '否', '农村', null, null],
      [schoolAName, null, null, null, null, null, null, '13800009999'],
      ['错学校', '小学', '新城学区', null, '是', '乡镇', null, null],
    ]);
    const dry = await upload(county, '/api/schools/import?dryRun=true', file, 's.xlsx');
    const r = dry.json();
    expect(r).toMatchObject({ total: 4, created: 2, updated: 1 });
    expect(r.preview[0].label).toMatch(/将新建学区“新城学区”.*将新建教联体“新城教联体”/);
    expect(r.preview[0].label).toMatch(/设为教联体“新城教联体”核心校/);
    // Plain 小学 is a type; 城区小学 reads as 小学 with affiliation 直属 (shown as mapped).
    expect(r.errors).toEqual([{ row: 5, column: '是否核心校', message: '设为核心校须同时填写所属教联体' }]);
    expect(r.mapped).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'school_type', from: '城区小学', to: '小学（直属）' })]),
    );

    const res = await upload(county, '/api/schools/import?skipInvalid=true', file, 's.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    const core = await one<{ core: string; type: string; aff: string; ur: string; code: string; phone: string }>(
      t.deps.db,
      sql`select cs.name as core, s.type, s.affiliation as aff, s.urban_rural as ur, s.code, s.phone from consortia c
          join schools cs on cs.id = c.core_school_id
          join schools s on s.name = '新城小学' where c.name = '新城教联体'`,
    );
    expect(core).toEqual({
      core: '新城小学',
      type: '小学',
      aff: '直属',
      ur: '城镇',
      code: '2151000001',
      phone: '08381234567',
    });
    expect(await count(t.deps, 'areas', `name = '新城学区'`)).toBe(1);
    const again = await upload(county, '/api/schools/import?skipInvalid=true&dryRun=true', file, 's.xlsx');
    expect(again.json()).toMatchObject({ created: 0, updated: 0 });
    expect(await count(t.deps, 'audit_log', `action = 'school.import'`)).toBe(1);
  });
});
