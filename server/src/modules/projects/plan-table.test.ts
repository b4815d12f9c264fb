// The yearly plan table (年度培训计划表): level × category × month with planned places, its A4
// landscape .xlsx, and who sees what of it.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../../test/training.js';
import { one } from '../../db/client.js';
import { assessmentContext, auditOf, type Body, type Ctx } from '../assessment/assessment.fixtures.js';
import { readXlsx } from '../imports/imports.fixtures.js';

let c: Ctx;
let foreignSchoolUser: number;

beforeAll(async () => {
  c = await assessmentContext();
  const national = await createProject(c.deps, c.w, {
    name: '国培计划骨干教师研修',
    level: '国培',
    category: '骨干教师',
    organiserType: 'upper',
    capacity: null,
    startDate: '2026-03-09',
    endDate: '2026-03-20',
    hours: 60,
    status: 'published',
  });
  await c.deps.db.execute(sql`update projects set upper_quota = 5 where id = ${national}`);
  await createProject(c.deps, c.w, {
    name: '班主任能力提升（一期）',
    level: '县培',
    category: '班主任',
    capacity: 50,
    startDate: '2026-10-12',
    endDate: '2026-10-14',
    hours: 24,
    status: 'enrolling',
  });
  await createProject(c.deps, c.w, {
    name: '班主任能力提升（二期）',
    level: '县培',
    category: '班主任',
    capacity: 40,
    startDate: '2026-11-02',
    endDate: '2026-11-03',
    hours: 16,
    status: 'draft',
  });
  await createProject(c.deps, c.w, {
    name: '实验小学校本研修',
    level: '校培',
    category: '校本研修',
    organiserType: 'school',
    schoolId: c.w.schoolA,
    capacity: 20,
    startDate: '2026-05-06',
    endDate: '2026-05-06',
    hours: 4,
    status: 'published',
  });
  await createProject(c.deps, c.w, { name: '去年的培训', year: 2025, startDate: '2025-10-01', endDate: '2025-10-02' });
  await createProject(c.deps, c.other, { name: '乙县新课标培训', level: '县培', status: 'published' });
  foreignSchoolUser = (await one<{ id: number }>(
    c.deps.db,
    sql`select id from users where username = ${c.other.users.schoolA}`,
  ))!.id;
});
afterAll(async () => {
  await c?.t.close();
});

const names = (t: Body) =>
  t.rows
    .flatMap((r: Body) => r.months.flat().map((p: Body) => p.name))
    .sort((a: string, b: string) => a.localeCompare(b));

describe('plan table', () => {
  it('lays the year out by level, category and start month, with planned places', async () => {
    const res = await c.call('county', 'GET', '/api/projects/plan-table?year=2026');
    expect(res.status).toBe(200);
    const t = res.body;
    expect(t.year).toBe(2026);
    expect(t.regionName).toBe('甲县');
    expect(t.rows.map((r: Body) => `${r.level}/${r.category}`)).toEqual([
      '国培/骨干教师',
      '县培/班主任',
      '校培/校本研修',
    ]);
    const head = t.rows[1];
    expect(head.months[9].map((p: Body) => p.name)).toEqual(['班主任能力提升（一期）']);
    expect(head.months[10].map((p: Body) => p.name)).toEqual(['班主任能力提升（二期）']);
    expect(head).toMatchObject({ projects: 2, planned: 90, hours: 40 });
    // An upper-level project plans the quota it was given.
    expect(t.rows[0].months[2][0]).toMatchObject({ planned: 5, month: 3, hours: 60 });
    expect(t.monthTotals).toEqual([0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 1, 0]);
    expect(t.totals).toEqual({ projects: 4, planned: 115, hours: 104 });
  });

  it('takes the list’s filters', async () => {
    const res = await c.call('county', 'GET', '/api/projects/plan-table?year=2026&level=县培&status=enrolling');
    expect(names(res.body)).toEqual(['班主任能力提升（一期）']);
    const y2025 = await c.call('county', 'GET', '/api/projects/plan-table?year=2025');
    expect(names(y2025.body)).toEqual(['去年的培训']);
  });

  it('shows each caller their scope only', async () => {
    const other = await c.call('otherCounty', 'GET', '/api/projects/plan-table?year=2026');
    expect(names(other.body)).toEqual(['乙县新课标培训']);
    // School B: the county's published projects, not school A's own training nor the county's drafts.
    const schoolB = await c.call('schoolB', 'GET', '/api/projects/plan-table?year=2026');
    expect(names(schoolB.body)).toEqual(['国培计划骨干教师研修', '班主任能力提升（一期）']);
    const foreign = await c.t.app.inject({
      url: '/api/projects/plan-table?year=2026',
      headers: { cookie: await c.cookieFor(foreignSchoolUser) },
    });
    expect(names(foreign.json())).toEqual(['乙县新课标培训']);
  });

  it('exports the grid and the list as .xlsx set up for A4 landscape, audited', async () => {
    const res = await c.call('county', 'GET', '/api/projects/plan-table/export?year=2026');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('甲县2026年度教师培训计划表');
    const wb = await readXlsx(res.raw);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['计划表', '项目明细']);
    const grid = wb.getWorksheet('计划表')!;
    expect(grid.pageSetup.orientation).toBe('landscape');
    expect(grid.pageSetup.paperSize).toBe(9);
    expect(grid.pageSetup.fitToWidth).toBe(1);
    expect(grid.getCell('A1').value).toBe('甲县2026年度教师培训计划表');
    expect((grid.getRow(3).values as unknown[]).slice(1, 5)).toEqual(['级别', '类别', '1月', '2月']);
    // Row 5 is 县培/班主任; October is column L.
    expect(grid.getCell('B5').value).toBe('班主任');
    expect(String(grid.getCell('L5').value)).toContain('班主任能力提升（一期）（10.12–10.14，24学时，50人）');
    const list = wb.getWorksheet('项目明细')!;
    const listed: string[] = [];
    list.eachRow((row, n) => {
      if (n > 3) listed.push(String(row.getCell(5).value));
    });
    expect(listed).toEqual([
      '国培计划骨干教师研修',
      '实验小学校本研修',
      '班主任能力提升（一期）',
      '班主任能力提升（二期）',
    ]);
    const audit = (await auditOf(c, 'project.plan_export')).at(-1)!;
    expect(audit.after).toMatchObject({ rows: 4, filters: { year: 2026 } });
  });

  it('exports nothing of this county to another county', async () => {
    const res = await c.call('otherCounty', 'GET', '/api/projects/plan-table/export?year=2026');
    expect(res.status).toBe(200);
    const wb = await readXlsx(res.raw);
    const text: string[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => text.push(JSON.stringify(row.values)));
    expect(text.join('')).not.toContain('班主任能力提升');
    expect(text.join('')).toContain('乙县新课标培训');
  });

  it('sums up a month of many projects in one grid cell; the list sheet keeps them all', async () => {
    for (const [i, school] of [c.w.schoolA, c.w.schoolB, c.w.schoolC, c.w.schoolA].entries()) {
      await createProject(c.deps, c.w, {
        name: `校本研修第${i + 1}期`,
        year: 2027,
        level: '校培',
        category: '校本研修',
        organiserType: 'school',
        schoolId: school,
        capacity: 10,
        startDate: `2027-05-0${i + 3}`,
        endDate: `2027-06-1${i}`,
        hours: 4,
        status: 'published',
      });
    }
    const res = await c.call('county', 'GET', '/api/projects/plan-table/export?year=2027');
    const wb = await readXlsx(res.raw);
    const grid = wb.getWorksheet('计划表')!;
    // May is column G; row 4 the only row.
    expect(String(grid.getCell('G4').value)).toBe('4个项目（5.3–6.13，计划40人），见项目明细');
    let listed = 0;
    wb.getWorksheet('项目明细')!.eachRow((_row, n) => {
      if (n > 3) listed++;
    });
    expect(listed).toBe(4);
  });
});
