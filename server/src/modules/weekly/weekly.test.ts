import { addDays, mondayOf } from '@shixun/common';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { addParticipation, createProject, createTeachers } from '../../../test/training.js';
import { one } from '../../db/client.js';
import { createScheduler } from '../../jobs/scheduler.js';
import { shanghaiDay } from '../../jobs/time.js';
import { computeWeek } from './weekly.repo.js';
import { snapshotLastWeek } from './weekly.service.js';

let t: TestContext;
let w: World;
const c: Record<string, string> = {};
const today = shanghaiDay();
const thisWeek = mondayOf(today);
const lastWeek = addDays(thisWeek, -7);

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  for (const k of ['county', 'leader', 'areaA', 'schoolA', 'schoolB', 'teacherA'] as const) {
    c[k] = await loginAs(t.app, w.users[k]);
  }
  const db = t.deps.db;
  const project = await createProject(t.deps, w, { level: '省培' });
  const more = await createTeachers(t.deps, w, w.schoolA, 3);
  // This week: two nominations at A (one approved), one at B.
  const p1 = await addParticipation(t.deps, w, project, w.teacherA, 'nominated');
  const p2 = await addParticipation(t.deps, w, project, more[0]!.id, 'enrolled');
  await db.execute(sql`update participations set reviewed_at = now() where id = ${p2}`);
  await addParticipation(t.deps, w, project, w.teacherB, 'nominated');
  // Last week: one nominated, enrolled and completed at A.
  const old = await addParticipation(t.deps, w, project, more[1]!.id, 'completed');
  await db.execute(
    sql`update participations set created_at = now() - interval '7 days', reviewed_at = now() - interval '7 days',
        completed_at = now() - interval '7 days' where id = ${old}`,
  );
  // Report-backs at A: one due today, one submitted long after its due day (overdue), one submitted
  // on time and verified now (not overdue: lateness is the teacher's submission, not the review).
  const rb = (
    teacher: number,
    part: number,
    due: string,
    status: string,
    verified: boolean,
    submittedDaysAgo?: number,
  ) =>
    db.execute(sql`insert into report_backs (region_id, school_id, teacher_id, project_id, participation_id, due_on, status,
                     verified_at, submitted_at, first_submitted_at)
      values (${w.regionId}, ${w.schoolA}, ${teacher}, ${project}, ${part}, ${due}, ${status}, ${verified ? sql`now()` : null},
              ${submittedDaysAgo == null ? null : sql`now() - ${submittedDaysAgo}::int * interval '1 day'`},
              ${submittedDaysAgo == null ? null : sql`now() - ${submittedDaysAgo}::int * interval '1 day'`})`);
  await rb(w.teacherA, p1, today, 'pending', false);
  await rb(more[0]!.id, p2, addDays(today, -20), 'submitted', false, 1);
  await rb(more[1]!.id, old, addDays(today, -3), 'verified', true, 5);
  await db.execute(sql`insert into reflections (region_id, school_id, teacher_id, project_id, participation_id, title, body)
    values (${w.regionId}, ${w.schoolA}, ${w.teacherA}, ${project}, ${p1}, '心得', '收获很大')`);
  await db.execute(sql`insert into expenses (region_id, school_id, category, amount, spent_on)
    values (${w.regionId}, ${w.schoolA}, 'travel', 120.50, ${today}), (${w.regionId}, null, 'expert_fee', 1000, ${today}),
           (${w.regionId}, ${w.schoolB}, 'meals', 30, ${lastWeek})`);
});
afterAll(() => t.close());

const get = (url: string, who: string) => t.app.inject({ url, headers: { cookie: c[who]! } });

describe('weekly report', () => {
  it('computes the current week live for the county, per school and in total', async () => {
    const res = await get(`/api/weekly-reports/${thisWeek}`, 'county');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ weekStart: thisWeek, weekEnd: addDays(thisWeek, 6), live: true, countySpending: 1000 });
    expect(r.totals).toMatchObject({ nominations: 3, enrolments: 1, reflections: 1, spending: 1120.5 });
    const a = r.schools.find((s: { schoolId: number }) => s.schoolId === w.schoolA);
    // p1 and p2 were nominated this week; p2 is enrolled (source stays 'nomination').
    expect(a).toMatchObject({
      nominations: 2,
      enrolments: 1,
      reportBacksDue: 1,
      reportBacksOverdue: 1,
      reportBacksVerified: 1,
      reflections: 1,
      spending: 120.5,
    });
    expect(r.schools).toHaveLength(3);
  });

  it('scopes the figures: a school sees itself, an area its schools, teachers nothing', async () => {
    const a = (await get(`/api/weekly-reports/${thisWeek}`, 'schoolA')).json();
    expect(a.schools.map((s: { schoolId: number }) => s.schoolId)).toEqual([w.schoolA]);
    expect(a).toMatchObject({ countySpending: null, totals: { spending: 120.5, nominations: 2 } });
    const area = (await get(`/api/weekly-reports/${thisWeek}`, 'areaA')).json();
    expect(area.schools.map((s: { schoolId: number }) => s.schoolId).sort()).toEqual([w.schoolA, w.schoolB].sort());
    expect((await get(`/api/weekly-reports/${thisWeek}?schoolId=${w.schoolB}`, 'schoolA')).statusCode).toBe(404);
    expect((await get(`/api/weekly-reports/${thisWeek}`, 'teacherA')).statusCode).toBe(403);
    expect((await get('/api/weekly-reports', 'teacherA')).statusCode).toBe(403);
    const one = (await get(`/api/weekly-reports/${thisWeek}?schoolId=${w.schoolB}`, 'county')).json();
    expect(one.schools).toHaveLength(1);
    expect(one.totals.spending).toBe(0); // county spending is not a school's
  });

  it('stores last week as a snapshot by the daily job, once, and lists weeks newest first', async () => {
    const s = createScheduler(t.deps);
    expect(await s.fire('weekly-report-snapshot', today)).toBe('ran');
    expect(await s.fire('weekly-report-snapshot', today)).toBe('skipped');
    const snap = await one<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from weekly_reports where region_id = ${w.regionId} and week_start = ${lastWeek}`,
    );
    expect(snap?.n).toBe(1);
    // Later changes do not alter a stored week.
    await t.deps.db.execute(
      sql`update participations set completed_at = null, status = 'enrolled' where status = 'completed'`,
    );
    const last = (await get(`/api/weekly-reports/${lastWeek}`, 'county')).json();
    expect(last).toMatchObject({
      live: false,
      totals: { nominations: 1, enrolments: 1, completions: 1, spending: 30 },
    });
    const list = (await get('/api/weekly-reports', 'county')).json();
    expect(list.total).toBe(2);
    expect(list.items.map((i: { weekStart: string; live: boolean }) => [i.weekStart, i.live])).toEqual([
      [thisWeek, true],
      [lastWeek, false],
    ]);
    const page2 = (await get('/api/weekly-reports?pageSize=1&page=2', 'schoolB')).json();
    expect(page2.items).toEqual([
      expect.objectContaining({ weekStart: lastWeek, totals: expect.objectContaining({ spending: 30 }) }),
    ]);
  });

  it('computes and keeps a missed past week on first view; refuses future weeks and non-Mondays', async () => {
    const twoAgo = addDays(thisWeek, -14);
    const r = (await get(`/api/weekly-reports/${twoAgo}`, 'leader')).json();
    expect(r).toMatchObject({ live: false, weekStart: twoAgo });
    const stored = await one<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from weekly_reports where week_start = ${twoAgo}`,
    );
    expect(stored?.n).toBe(1);
    expect((await get(`/api/weekly-reports/${addDays(thisWeek, 7)}`, 'county')).statusCode).toBe(404);
    const bad = await get(`/api/weekly-reports/${addDays(thisWeek, 1)}`, 'county');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('周起始日期须为星期一');
  });

  it('exports a week as .xlsx with one row per school, the county and a total', async () => {
    const res = await get(`/api/weekly-reports/${thisWeek}/export`, 'county');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('工作周报'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(2).value).toBe('学校');
    expect(ws.rowCount).toBe(1 + 3 + 1 + 1);
    expect(ws.getRow(ws.rowCount).getCell(2).value).toBe('合计');
    expect(ws.getRow(ws.rowCount).getCell(10).value).toBe(1120.5);
    const school = await get(`/api/weekly-reports/${thisWeek}/export`, 'schoolA');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(school.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]!.rowCount).toBe(1 + 1 + 1);
  });
});

describe('weekly snapshot job', () => {
  it('stores every county in one pass, each as the county alone would compute it', async () => {
    const other = await seedWorld(t.deps, '乙县');
    const project = await createProject(t.deps, other, { level: '县培' });
    const p = await addParticipation(t.deps, other, project, other.teacherA, 'completed');
    await t.deps.db.execute(
      sql`update participations set created_at = now() - interval '14 days', reviewed_at = now() - interval '14 days',
          completed_at = now() - interval '14 days' where id = ${p}`,
    );
    const day = addDays(today, -7);
    const week = addDays(mondayOf(day), -7);
    const alone = new Map<number, unknown>();
    for (const id of [w.regionId, other.regionId]) {
      const { generatedAt: _, ...data } = await computeWeek(t.deps.db, id, week, day);
      alone.set(id, data);
    }
    await snapshotLastWeek(t.deps.db, day);
    for (const id of [w.regionId, other.regionId]) {
      const stored = await one<{ data: { generatedAt: string } }>(
        t.deps.db,
        sql`select data from weekly_reports where region_id = ${id} and week_start = ${week}`,
      );
      const { generatedAt: _, ...data } = stored!.data;
      expect(data).toEqual(alone.get(id));
    }
    const b = alone.get(other.regionId) as { schools: Array<{ completions: number }> };
    expect(b.schools.reduce((n, s) => n + s.completions, 0)).toBe(1);
    // Nothing lacking: nothing written again.
    await snapshotLastWeek(t.deps.db, day);
    const n = await one<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from weekly_reports where week_start = ${week}`,
    );
    expect(n!.n).toBe(2);
  });
});
