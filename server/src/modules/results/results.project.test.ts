// The results import from an upper-level project's page (every row is that project's, only who and
// how they did are needed), the error report and the templates the import page offers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { addParticipation, createProject } from '../../../test/training.js';
import { one, sql } from '../../db/client.js';
import { multipart, readXlsx, xlsx } from '../imports/imports.fixtures.js';

let t: TestContext;
let w: World;
let other: World;
let county: string;
let otherCounty: string;
let otherSchool: string;
let provincial: number;
let countyProject: number;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps, '甲县');
  other = await seedWorld(t.deps, '乙县');
  county = await loginAs(t.app, w.users.county);
  otherCounty = await loginAs(t.app, other.users.county);
  otherSchool = await loginAs(t.app, other.users.schoolA);
  provincial = await createProject(t.deps, w, {
    name: '省级骨干教师培训',
    level: '省培',
    organiserType: 'upper',
    status: 'running',
    startDate: '2026-07-06',
    endDate: '2026-07-15',
    hours: 60,
  });
  // Teacher A was sent; teacher B's result comes back too (the province took one more).
  await addParticipation(t.deps, w, provincial, w.teacherA, 'enrolled', 'upper');
  countyProject = await createProject(t.deps, w, { name: '县级班主任培训', level: '县培', status: 'running' });
});
afterAll(() => t.close());

async function post(cookie: string, url: string, file: Buffer, filename = '成绩.xlsx') {
  const body = multipart(file, filename);
  return t.app.inject({ method: 'POST', url, headers: { cookie, ...body.headers }, payload: body.payload });
}
const sheet = () =>
  xlsx([
    ['身份证号', '姓名', '考核结果', '成绩', '证书编号'],
    [w.idNumbers[0], '张三', '优秀', 92, 'SC2026-0001'],
    [w.idNumbers[1], '李四', '合格', 80, ''],
  ]);

describe('results import into one project', () => {
  it('needs only who and how they did, and writes every row to that project', async () => {
    const projectsBefore = await count(t.deps, 'projects', `region_id = ${w.regionId}`);
    const dry = await post(county, `/api/trainings/results/import?dryRun=true&projectId=${provincial}`, await sheet());
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ total: 2, created: 1, updated: 1, errors: [], committed: false });
    expect(
      dry
        .json()
        .preview.map((p: { label: string }) => p.label)
        .join('\n'),
    ).toContain('《省级骨干教师培训》优秀');
    const res = await post(county, `/api/trainings/results/import?projectId=${provincial}`, await sheet());
    expect(res.json()).toMatchObject({ created: 1, updated: 1, committed: true });
    expect(await count(t.deps, 'projects', `region_id = ${w.regionId}`)).toBe(projectsBefore);
    const a = await one<{ status: string; result: string; external_certificate_no: string | null }>(
      t.deps.db,
      sql`select status, result, external_certificate_no from participations
          where project_id = ${provincial} and teacher_id = ${w.teacherA}`,
    );
    expect(a).toEqual({ status: 'completed', result: '优秀', external_certificate_no: 'SC2026-0001' });
    expect(await count(t.deps, 'participations', `project_id = ${provincial} and status = 'completed'`)).toBe(2);
    expect(await count(t.deps, 'credit_ledger', `source_ref like 'participation:%' and hours = 60`)).toBe(2);
  });

  it('ignores project columns the sheet happens to have', async () => {
    const file = await xlsx([
      ['身份证号', '姓名', '项目名称', '级别', '考核结果'],
      [w.idNumbers[0], '张三', '别的项目', '国培', '合格'],
    ]);
    const res = await post(county, `/api/trainings/results/import?dryRun=true&projectId=${provincial}`, file);
    expect(res.json()).toMatchObject({ updated: 1, errors: [] });
    expect(res.json().preview[0].label).toContain('《省级骨干教师培训》合格');
  });

  it('names the missing columns and reports bad rows with their column', async () => {
    const noResult = await post(
      county,
      `/api/trainings/results/import?dryRun=true&projectId=${provincial}`,
      await xlsx([
        ['身份证号', '姓名'],
        [w.idNumbers[0], '张三'],
      ]),
    );
    expect(noResult.statusCode).toBe(400);
    expect(noResult.json().error.message).toContain('考核结果');
    const bad = await xlsx([
      ['身份证号', '姓名', '考核结果'],
      [w.idNumbers[0], '张三', '很好'],
      [w.idNumbers[1], '王五', '合格'],
    ]);
    const res = await post(county, `/api/trainings/results/import?dryRun=true&projectId=${provincial}`, bad);
    const errors = res.json().errors as Array<{ row: number; column: string; message: string }>;
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [2, '考核结果'],
      [3, '姓名'],
    ]);
    const report = await post(county, `/api/trainings/results/import/report?projectId=${provincial}`, bad, '成绩.xlsx');
    expect(report.statusCode).toBe(200);
    expect(report.headers['x-error-rows']).toBe('2');
    const wb = await readXlsx(report.rawPayload);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(4).value).toBe('错误说明');
    expect(String(ws.getRow(2).getCell(4).value)).toContain('考核结果');
  });

  it('takes upper-level projects of the county only', async () => {
    const notUpper = await post(
      county,
      `/api/trainings/results/import?dryRun=true&projectId=${countyProject}`,
      await sheet(),
    );
    expect(notUpper.statusCode).toBe(409);
    expect(notUpper.json().error.message).toContain('只能导入国培、省培、市州培项目');
    const foreign = await post(
      otherCounty,
      `/api/trainings/results/import?dryRun=true&projectId=${provincial}`,
      await sheet(),
    );
    expect(foreign.statusCode).toBe(404);
    const school = await post(
      otherSchool,
      `/api/trainings/results/import?dryRun=true&projectId=${provincial}`,
      await sheet(),
    );
    expect(school.statusCode).toBe(403);
    for (const cookie of [otherCounty, otherSchool]) {
      const tpl = await t.app.inject({
        url: `/api/trainings/results/import/template?projectId=${provincial}`,
        headers: { cookie },
      });
      expect([403, 404]).toContain(tpl.statusCode);
    }
  });
});

describe('results templates', () => {
  it('offer every column, or for one project only who and how they did', async () => {
    const all = await t.app.inject({ url: '/api/trainings/results/import/template', headers: { cookie: county } });
    expect(all.statusCode).toBe(200);
    const wb = await readXlsx(all.rawPayload);
    const head = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(head).toEqual(
      expect.arrayContaining([
        '身份证号',
        '姓名',
        '项目名称',
        '级别',
        '形式',
        '学时',
        '开始日期',
        '结束日期',
        '考核结果',
      ]),
    );
    expect(wb.getWorksheet('填写说明')).toBeTruthy();
    // The template itself imports (its example row is skipped, so it has no data).
    const own = await post(county, '/api/trainings/results/import?dryRun=true', all.rawPayload, '模板.xlsx');
    expect(own.statusCode).toBe(400);
    expect(own.json().error.message).toContain('没有数据');

    const one = await t.app.inject({
      url: `/api/trainings/results/import/template?projectId=${provincial}`,
      headers: { cookie: county },
    });
    expect(decodeURIComponent(String(one.headers['content-disposition']))).toContain('省级骨干教师培训-结果导入模板');
    const wb1 = await readXlsx(one.rawPayload);
    expect((wb1.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual([
      '身份证号',
      '姓名',
      '考核结果',
      '成绩',
      '证书编号',
    ]);
  });
});
