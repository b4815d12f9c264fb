// The upper-level results import against a real database: header synonyms and level spellings,
// row errors with their column, all-or-nothing commits, idempotent re-import, credit posted once,
// corrections, and who may import.
import { randomUUID } from 'node:crypto';
import { idCheckChar } from '@shixun/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { addParticipation, createProject, createTeachers } from '../../../test/training.js';
import { one, rows, sql } from '../../db/client.js';
import { csv, encodeGbk, multipart, xlsx } from '../imports/imports.fixtures.js';

let t: TestContext;
let w: World;
let county: string;
/** Three more teachers at school C: [id, ID number, name]. */
let extra: Array<{ id: number; idNumber: string; name: string }>;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  county = await loginAs(t.app, w.users.county);
  const made = await createTeachers(t.deps, w, w.schoolC, 3);
  const names = await rows<{ id: number; name: string }>(
    t.deps.db,
    sql`select id, name from teachers where school_id = ${w.schoolC} order by id`,
  );
  extra = made.map((m) => ({ ...m, name: names.find((n) => n.id === m.id)!.name }));
});
afterAll(() => t.close());

const URL = (q = '') => `/api/trainings/results/import${q ? `?${q}` : ''}`;
async function upload(
  cookie: string,
  q: string,
  file: Buffer,
  filename = '国培成绩.xlsx',
  fields: Record<string, string> = {},
) {
  const body = multipart(file, filename, fields);
  return t.app.inject({ method: 'POST', url: URL(q), headers: { cookie, ...body.headers }, payload: body.payload });
}
const counts = async () => ({
  projects: await count(t.deps, 'projects', `region_id = ${w.regionId}`),
  participations: await count(t.deps, 'participations', `region_id = ${w.regionId}`),
  credits: await count(t.deps, 'credit_ledger', `region_id = ${w.regionId}`),
});
const participationOf = (teacherId: number, projectName: string) =>
  one<{
    id: number;
    status: string;
    result: string | null;
    score: string | number | null;
    source: string;
    external_certificate_no: string | null;
  }>(
    t.deps.db,
    sql`select pa.id, pa.status, pa.result, pa.score, pa.source, pa.external_certificate_no from participations pa
        join projects pr on pr.id = pa.project_id
        where pa.teacher_id = ${teacherId} and pr.name = ${projectName}`,
  );
const creditsOf = (participationId: number) =>
  rows<{ hours: string | number; source_ref: string; reverses_id: number | null }>(
    t.deps.db,
    sql`select hours, source_ref, reverses_id from credit_ledger
        where source = 'project' and source_ref like ${`participation:${participationId}%`} order by id`,
  );

/**
 * A platform's export: a title row, headers in another order under other names, level and result
 * spellings of other platforms, dates as real dates, text and Excel serials.
 */
async function platformSheet() {
  const [a, b] = w.idNumbers;
  return xlsx(
    [
      ['2026年“国培计划”示范项目学员成绩汇总表'],
      [
        '序号',
        '学员姓名',
        '证件号码',
        '培训项目名称',
        '项目编号',
        '培训级别',
        '培训形式',
        '培训学时',
        '开始时间',
        '结束时间',
        '考核等级',
        '考核成绩',
        '结业证书编号',
        '培训类别',
      ],
      // 国家级 → 国培, 线上 → 网络远程, 通过 → 合格; a category the county has.
      [
        1,
        '张三',
        a,
        '国培计划—骨干教师能力提升',
        'GP2026-01',
        '国家级',
        '线上',
        50,
        new Date(Date.UTC(2026, 2, 1)),
        new Date(Date.UTC(2026, 5, 30)),
        '通过',
        88,
        'GP-0001',
        '骨干教师',
      ],
      // Same project by code; 优秀 with a score written "95分"; dates as text.
      [
        2,
        '李 四',
        b,
        '国培计划—骨干教师能力提升',
        'GP2026-01',
        '国培',
        '网络研修',
        '50学时',
        '2026.3.1',
        '2026年6月30日',
        '优秀',
        '95分',
        'GP-0002',
        '骨干教师',
      ],
      // A provincial project without a code; 未通过 → 不合格; a category the county lacks (mapped to 其他).
      [
        3,
        extra[0]!.name,
        extra[0]!.idNumber,
        '省培 班主任专题',
        null,
        '省级',
        '面授',
        24,
        46113,
        46115,
        '未通过',
        null,
        null,
        '书法',
      ],
      // 州培 spelling; 跟岗; a second teacher in the same (name-matched) provincial project later.
      [
        4,
        extra[1]!.name,
        extra[1]!.idNumber,
        '州级跟岗研修',
        null,
        '州培',
        '跟岗',
        40.5,
        '2026-04-10',
        '2026-04-20',
        '合格',
        76.5,
        null,
        null,
      ],
      [
        5,
        extra[2]!.name,
        extra[2]!.idNumber,
        '省培 班主任专题',
        null,
        '省培',
        '集中面授',
        24,
        '2026-04-01',
        '2026-04-03',
        '合格',
        null,
        null,
        '书法',
      ],
    ],
    { dateColumns: [9, 10] },
  );
}

describe('results import: reading, matching and writing', () => {
  it('dry run previews every row, recognises synonyms and spellings, and writes nothing', async () => {
    const before = await counts();
    const res = await upload(county, 'dryRun=true', await platformSheet());
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ total: 5, created: 5, updated: 0, skipped: 0, errors: [], committed: false });
    // 书法 is not one of the county's categories: listed for mapping, never silently 其他.
    expect(r.unknown).toEqual([
      expect.objectContaining({
        kind: 'training_category',
        rows: 2,
        values: [expect.objectContaining({ value: '书法', rows: 2, sampleRows: [5, 7] })],
      }),
    ]);
    expect(r.preview[0]).toMatchObject({
      row: 3,
      action: 'create',
      label: expect.stringMatching(/张三：《国培计划—骨干教师能力提升》合格（88分），计50学时（新建项目）/),
    });
    expect(await counts()).toEqual(before);
  });

  it('commits: creates the projects (closed, by level), the participations with results, credit for passes', async () => {
    const before = await counts();
    // Unmapped, the category stops the commit whole; mapped to 其他, it imports.
    const refused = await upload(county, '', await platformSheet());
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toMatch(/1 个值不在本县字典中（培训类别）/);
    expect(await counts()).toEqual(before);
    const res = await upload(county, '', await platformSheet(), undefined, {
      mapping: JSON.stringify({ training_category: { 书法: '其他' } }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 5, created: 5, committed: true });
    const after = await counts();
    expect(after.projects - before.projects).toBe(3);
    expect(after.participations - before.participations).toBe(5);
    expect(after.credits - before.credits).toBe(4); // the 未通过 row posts nothing

    const projects = await rows<Record<string, unknown>>(
      t.deps.db,
      sql`select code, name, year, level, mode, category, organiser_type, status, hours::float8 as hours,
                 start_date::text as start_date, end_date::text as end_date, source, school_id
          from projects where region_id = ${w.regionId} order by id`,
    );
    expect(projects).toEqual([
      {
        code: 'GP2026-01',
        name: '国培计划—骨干教师能力提升',
        year: 2026,
        level: '国培',
        mode: '网络远程',
        category: '骨干教师',
        organiser_type: 'upper',
        status: 'closed',
        hours: 50,
        start_date: '2026-03-01',
        end_date: '2026-06-30',
        source: '国培成绩.xlsx',
        school_id: null,
      },
      {
        code: null,
        name: '省培 班主任专题',
        year: 2026,
        level: '省培',
        mode: '集中面授',
        category: '其他',
        organiser_type: 'upper',
        status: 'closed',
        hours: 24,
        start_date: '2026-04-01', // Excel serial 46113
        end_date: '2026-04-03',
        source: '国培成绩.xlsx',
        school_id: null,
      },
      {
        code: null,
        name: '州级跟岗研修',
        year: 2026,
        level: '市州培',
        mode: '跟岗影子',
        category: '其他',
        organiser_type: 'upper',
        status: 'closed',
        hours: 40.5,
        start_date: '2026-04-10',
        end_date: '2026-04-20',
        source: '国培成绩.xlsx',
        school_id: null,
      },
    ]);

    const zhang = await participationOf(w.teacherA, '国培计划—骨干教师能力提升');
    expect(zhang).toMatchObject({ status: 'completed', result: '合格', source: 'import' });
    expect(Number(zhang!.score)).toBe(88);
    expect(zhang!.external_certificate_no).toBe('GP-0001'); // 结业证书编号 is kept
    const li = await participationOf(w.teacherB, '国培计划—骨干教师能力提升');
    expect(li).toMatchObject({ status: 'completed', result: '优秀' });
    expect(Number(li!.score)).toBe(95);
    const failed = await participationOf(extra[0]!.id, '省培 班主任专题');
    expect(failed).toMatchObject({ status: 'failed', result: '不合格', score: null });
    expect(await creditsOf(failed!.id)).toEqual([]);
    const credit = await creditsOf(zhang!.id);
    expect(credit).toHaveLength(1);
    expect(Number(credit[0]!.hours)).toBe(50);
    const ledger = await one<Record<string, unknown>>(
      t.deps.db,
      sql`select level, mode, category, occurred_on::text as occurred_on from credit_ledger
          where source_ref = ${`participation:${zhang!.id}`}`,
    );
    expect(ledger).toEqual({ level: '国培', mode: '网络远程', category: '骨干教师', occurred_on: '2026-06-30' });

    const audit = await one<{ after: Record<string, unknown> }>(
      t.deps.db,
      sql`select after from audit_log where action = 'training.results_import' order by id desc limit 1`,
    );
    expect(audit!.after).toMatchObject({ file: '国培成绩.xlsx', created: 5, creditsPosted: 4 });
  });

  it('importing the same sheet again changes nothing: every row is skipped', async () => {
    const before = await counts();
    // No mapping this time: the county's choice (书法 → 其他) was remembered as a synonym.
    const res = await upload(county, '', await platformSheet());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 5, created: 0, updated: 0, skipped: 5, committed: true });
    expect(res.json().preview.every((p: { action: string }) => p.action === 'skip')).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it('a corrected sheet updates results: a fail turned pass posts credit once, a pass turned fail reverses it', async () => {
    const file = await xlsx([
      ['身份证号', '姓名', '项目名称', '级别', '形式', '学时', '开始日期', '结束日期', '考核结果', '项目编号'],
      [
        w.idNumbers[0],
        '张三',
        '国培计划—骨干教师能力提升',
        '国培',
        '网络远程',
        50,
        '2026-03-01',
        '2026-06-30',
        '不合格',
        'GP2026-01',
      ],
      [
        extra[0]!.idNumber,
        extra[0]!.name,
        '省培 班主任专题',
        '省培',
        '集中面授',
        24,
        '2026-04-01',
        '2026-04-03',
        '合格',
        null,
      ],
    ]);
    const res = await upload(county, '', file, '更正.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 2, created: 0, updated: 2, committed: true });
    expect(res.json().preview[0].label).toMatch(/原为已结业\/合格.*冲销已记学时/);

    const zhang = await participationOf(w.teacherA, '国培计划—骨干教师能力提升');
    expect(zhang).toMatchObject({ status: 'failed', result: '不合格' });
    expect(Number(zhang!.score)).toBe(88); // a blank 成绩 keeps the recorded score
    expect(zhang!.external_certificate_no).toBe('GP-0001'); // and no 证书编号 column keeps the number
    const zc = await creditsOf(zhang!.id);
    expect(zc.map((c) => Number(c.hours))).toEqual([50, -50]);
    expect(zc[1]!.reverses_id).not.toBeNull();

    const fixed = await participationOf(extra[0]!.id, '省培 班主任专题');
    expect(fixed).toMatchObject({ status: 'completed', result: '合格' });
    expect((await creditsOf(fixed!.id)).map((c) => Number(c.hours))).toEqual([24]);

    // Once more: nothing changes, nothing is posted twice.
    const before = await counts();
    const again = await upload(county, '', file, '更正.xlsx');
    expect(again.json()).toMatchObject({ updated: 0, skipped: 2 });
    expect(await counts()).toEqual(before);
  });

  it('a new 证书编号 alone is a change: the row is updated, the credit stays as it was', async () => {
    const file = await xlsx([
      [
        '身份证号',
        '姓名',
        '项目名称',
        '级别',
        '形式',
        '学时',
        '开始日期',
        '结束日期',
        '考核结果',
        '成绩',
        '项目编号',
        '证书编号',
      ],
      [
        w.idNumbers[1],
        '李四',
        '国培计划—骨干教师能力提升',
        '国培',
        '网络远程',
        50,
        '2026-03-01',
        '2026-06-30',
        '优秀',
        95,
        'GP2026-01',
        'GP-0002-补',
      ],
    ]);
    const before = await counts();
    const res = await upload(county, '', file, '补发证书.xlsx');
    expect(res.json()).toMatchObject({ total: 1, updated: 1, committed: true });
    const li = await participationOf(w.teacherB, '国培计划—骨干教师能力提升');
    expect(li).toMatchObject({ status: 'completed', result: '优秀', external_certificate_no: 'GP-0002-补' });
    expect(await counts()).toEqual(before);
  });

  it('fills in the results of teachers the county sent to a project it recorded by hand', async () => {
    const projectId = await createProject(t.deps, w, {
      name: '2026年省级名师培养',
      level: '省培',
      mode: '混合式',
      organiserType: 'upper',
      startDate: '2026-07-01',
      endDate: '2026-07-10',
      hours: 60,
      status: 'running',
    });
    const sent = await addParticipation(t.deps, w, projectId, extra[1]!.id, 'enrolled', 'upper');
    const file = await xlsx([
      ['身份证号', '姓名', '项目名称', '级别', '形式', '学时', '开始日期', '结束日期', '考核结果', '成绩'],
      [
        extra[1]!.idNumber,
        extra[1]!.name,
        '2026年省级名师培养',
        '省培',
        '混合式',
        60,
        '2026-07-01',
        '2026-07-10',
        '优秀',
        97,
      ],
    ]);
    const before = await counts();
    const res = await upload(county, '', file);
    expect(res.json()).toMatchObject({ created: 0, updated: 1, committed: true });
    const after = await counts();
    expect(after.projects).toBe(before.projects); // matched by name, level and dates
    expect(after.credits - before.credits).toBe(1);
    const p = await one<{ status: string; result: string; source: string }>(
      t.deps.db,
      sql`select status, result, source from participations where id = ${sent}`,
    );
    expect(p).toEqual({ status: 'completed', result: '优秀', source: 'upper' });
  });
});

describe('results import: row errors', () => {
  const HEADER = ['身份证号', '姓名', '项目名称', '级别', '形式', '学时', '开始日期', '结束日期', '考核结果'];
  const ok = (over: Partial<Record<number, unknown>> = {}) => {
    const row: unknown[] = [
      w.idNumbers[1],
      '李四',
      '错误测试项目',
      '县培',
      '集中面授',
      12,
      '2026-09-01',
      '2026-09-02',
      '合格',
    ];
    for (const [i, v] of Object.entries(over)) row[Number(i)] = v;
    return row;
  };
  async function badSheet() {
    const unknownId = '110101199003070011';
    return xlsx([
      HEADER,
      ok(),
      ok({ 1: '王五' }), // name mismatch
      ok({ 0: unknownId.slice(0, 17) + idCheckChar(unknownId.slice(0, 17)), 1: '赵六' }), // not in the county
      ok({ 5: -3 }), // negative hours
      ok({ 6: '2026-09-05' }), // ends before it starts
      ok({ 3: '乡培' }), // unknown level
      ok({ 4: '函授' }), // unknown mode
      ok({ 7: '2026年13月' }), // not a date
      ok({ 8: '待定' }), // unknown result
      ok({ 0: extra[2]!.idNumber, 1: extra[2]!.name, 5: 16 }), // same project, other hours
      ok(), // the same teacher twice in one project
    ]);
  }

  it('reports each bad cell with its row and column (dry run)', async () => {
    const res = await upload(county, 'dryRun=true', await badSheet(), 'bad.xlsx');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ total: 11, created: 1, committed: false });
    const at = (row: number) => r.errors.filter((e: { row: number }) => e.row === row);
    expect(at(3)).toEqual([{ row: 3, column: '姓名', message: '姓名“王五”与教师库中该身份证号的姓名“李四”不一致' }]);
    expect(at(4)[0]).toMatchObject({ column: '身份证号', message: expect.stringMatching(/教师库中没有该身份证号/) });
    expect(at(5)[0]).toMatchObject({ column: '学时', message: '学时不能为负数（-3）' });
    expect(at(6)[0]).toMatchObject({ column: '结束日期', message: '结束日期 2026-09-02 早于开始日期 2026-09-05' });
    expect(at(7)[0]).toMatchObject({
      column: '级别',
      message: expect.stringMatching(/^级别“乡培”无效，可选：国培、省培/),
    });
    expect(at(8)[0]).toMatchObject({ column: '形式', message: expect.stringMatching(/^形式“函授”无效/) });
    expect(at(9)[0]).toMatchObject({ column: '结束日期', message: expect.stringMatching(/不是有效日期/) });
    expect(at(10)[0]).toMatchObject({ column: '考核结果', message: expect.stringMatching(/^考核结果“待定”无效/) });
    expect(at(11)[0]).toMatchObject({ column: '学时', message: '与第2行同一项目的学时 12 不一致' });
    expect(at(12)[0]).toMatchObject({ column: '身份证号', message: '与第2行重复（同一教师、同一项目）' });
    expect(r.errors).toHaveLength(10);
  });

  it('refuses to commit a sheet with errors (422 with the result) and writes nothing', async () => {
    const before = await counts();
    const res = await upload(county, '', await badSheet(), 'bad.xlsx');
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error.code).toBe('IMPORT_HAS_ERRORS');
    expect(body).toMatchObject({ total: 11, created: 1, committed: false });
    expect(body.errors).toHaveLength(10);
    expect(await counts()).toEqual(before);
  });

  it('commits only the valid rows with skipInvalid', async () => {
    const before = await counts();
    const res = await upload(county, 'skipInvalid=true', await badSheet(), 'bad.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 11, created: 1, skipped: 10, committed: true });
    const after = await counts();
    expect(after.participations - before.participations).toBe(1);
    const project = await one<{ organiser_type: string; level: string }>(
      t.deps.db,
      sql`select organiser_type, level from projects where name = '错误测试项目'`,
    );
    expect(project).toEqual({ organiser_type: 'county', level: '县培' });
  });

  it('names missing required columns', async () => {
    const file = await xlsx([
      ['身份证号', '姓名', '项目名称', '考核结果'],
      [w.idNumbers[0], '张三', 'x', '合格'],
    ]);
    const res = await upload(county, 'dryRun=true', file);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'FILE_INVALID',
      message: expect.stringMatching(/级别、形式、学时、开始日期、结束日期/),
    });
  });
});

describe('results import: formats, progress and permissions', () => {
  it('reads a GBK CSV from Excel, and reports progress into a job', async () => {
    const text = csv([
      ['身份证', '姓名', '项目名称', '级别', '形式', '学时', '开始日期', '结束日期', '考核结果', '类别'],
      [
        w.idNumbers[0],
        '张三',
        '校本研修：作业设计',
        '校培',
        '混合式',
        '8',
        '2026/10/8',
        '2026/10/8',
        '合格',
        '校本研修',
      ],
    ]);
    const jobId = randomUUID();
    const res = await upload(county, `jobId=${jobId}`, encodeGbk(text), '校培.csv');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, committed: true });
    const p = await one<Record<string, unknown>>(
      t.deps.db,
      sql`select organiser_type, school_id, category, level from projects where name = '校本研修：作业设计'`,
    );
    expect(p).toEqual({ organiser_type: 'school', school_id: w.schoolA, category: '校本研修', level: '校培' });
    const job = await t.app.inject({ url: `/api/jobs/${jobId}`, headers: { cookie: county } });
    expect(job.json()).toMatchObject({ id: jobId, kind: 'results.import', status: 'done', total: 1, processed: 1 });
  });

  it('is for county admins only', async () => {
    const file = await platformSheet();
    for (const user of [w.users.leader, w.users.schoolA, w.users.areaA, w.users.teacherA]) {
      const cookie = await loginAs(t.app, user);
      const res = await upload(cookie, 'dryRun=true', file);
      expect(res.statusCode, user).toBe(403);
    }
  });
});
