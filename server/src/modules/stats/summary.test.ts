// Training statistics on a hand-built county whose every figure was worked out by hand (the
// comments say which participation counts where). Each formula of docs/metrics.md is checked, for
// each role's scope, per school and per area, and in the .xlsx export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { addParticipation, createProject, createSession, createTeachers } from '../../../test/training.js';
import { sql } from '../../db/client.js';
import { readXlsx } from '../imports/imports.fixtures.js';
import { currentYear } from './summary.service.js';

let t: TestContext;
let w: World;
const cookies: Record<string, string> = {};

/** Adds a participation and, optionally, its result and one attendance mark. */
async function join(
  projectId: number,
  teacherId: number,
  status: string,
  opts: { result?: string; attendance?: 'present' | 'late' | 'absent' | 'leave'; sessionId?: number } = {},
) {
  const id = await addParticipation(t.deps, w, projectId, teacherId, status);
  if (opts.result) {
    await t.deps.db.execute(sql`update participations set result = ${opts.result} where id = ${id}`);
  }
  if (opts.attendance) {
    await t.deps.db.execute(
      sql`insert into attendance (region_id, session_id, participation_id, teacher_id, status, method)
          values (${w.regionId}, ${opts.sessionId!}, ${id}, ${teacherId}, ${opts.attendance}, 'manual')`,
    );
  }
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  for (const [k, u] of Object.entries(w.users)) cookies[k] = await loginAs(t.app, u);

  // Active teachers: A = teacherA + a1..a3 (4), B = teacherB + b1, b2 (3), C = c1..c3 (3): 10.
  const [a1, a2, a3, r1] = (await createTeachers(t.deps, w, w.schoolA, 4)).map((x) => x.id) as [
    number,
    number,
    number,
    number,
  ];
  const [b1, b2] = (await createTeachers(t.deps, w, w.schoolB, 2)).map((x) => x.id) as [number, number];
  const [c1, c2, c3] = (await createTeachers(t.deps, w, w.schoolC, 3)).map((x) => x.id) as [number, number, number];
  const { teacherA, teacherB } = w;

  const project = (name: string, level: string, mode: string, startDate: string, endDate: string, schoolId?: number) =>
    createProject(t.deps, w, { name, level, mode, startDate, endDate, year: 2025, status: 'closed', schoolId });
  const p1 = await project('国培网络研修', '国培', '网络远程', '2025-03-01', '2025-03-10');
  const p2 = await project('省培骨干', '省培', '集中面授', '2025-05-01', '2025-05-05');
  // Starts in 2024, ends in 2025: a 2025 project (the end date decides the year).
  const p3 = await project('县培跨年', '县培', '集中面授', '2024-12-28', '2025-01-03');
  const p4 = await project('校本研修', '校培', '混合式', '2025-09-01', '2025-09-30', w.schoolA);
  const p5 = await project('州培网络', '市州培', '网络远程', '2025-10-01', '2025-10-20');
  const p6 = await project('县培2024', '县培', '集中面授', '2024-06-01', '2024-06-02');
  const p7 = await project('县培2026', '县培', '集中面授', '2026-02-01', '2026-02-02');
  const s2 = await createSession(t.deps, w, p2, new Date('2025-05-01T01:00:00Z'));
  const s4 = await createSession(t.deps, w, p4, new Date('2025-09-01T01:00:00Z'));
  const s5 = await createSession(t.deps, w, p5, new Date('2025-10-01T01:00:00Z'));

  // P1 国培 (online): teacherA 合格 ✓, b1 不合格 (failed) ✓, c1 优秀 ✓, c2 withdrawn ✗.
  await join(p1, teacherA, 'completed', { result: '合格' });
  await join(p1, b1, 'failed', { result: '不合格' });
  await join(p1, c1, 'completed', { result: '优秀' });
  await join(p1, c2, 'withdrawn');
  // P2 省培: teacherA 优秀 ✓, a1 enrolled + present ✓, a2 enrolled + absent ✗ (a place), c3 nominated ✗, b2 rejected ✗.
  await join(p2, teacherA, 'completed', { result: '优秀' });
  await join(p2, a1, 'enrolled', { attendance: 'present', sessionId: s2 });
  await join(p2, a2, 'enrolled', { attendance: 'absent', sessionId: s2 });
  await join(p2, c3, 'nominated');
  await join(p2, b2, 'rejected');
  // P3 县培: r1 (retired since) 合格 ✓, teacherB failed with 合格 (attendance too low) ✓, a3 waitlisted ✗.
  await join(p3, r1, 'completed', { result: '合格' });
  await join(p3, teacherB, 'failed', { result: '合格' });
  await join(p3, a3, 'waitlisted');
  // P4 校培 (school A): a1 合格 ✓, a2 enrolled + late ✓, teacherA enrolled with 不合格, no attendance ✗ (assessed).
  await join(p4, a1, 'completed', { result: '合格' });
  await join(p4, a2, 'enrolled', { attendance: 'late', sessionId: s4 });
  await join(p4, teacherA, 'enrolled', { result: '不合格' });
  // P5 市州培 (online): c1 合格 ✓, c2 enrolled + leave ✗ (a place), c3 合格 ✓ while at school B (moved to C since).
  await join(p5, c1, 'completed', { result: '合格' });
  await join(p5, c2, 'enrolled', { attendance: 'leave', sessionId: s5 });
  const moved = await join(p5, c3, 'completed', { result: '合格' });
  await t.deps.db.execute(sql`update participations set school_id = ${w.schoolB} where id = ${moved}`);
  // Other years.
  await join(p6, a3, 'completed', { result: '合格' });
  await join(p7, b2, 'completed', { result: '合格' });

  await t.deps.db.execute(sql`update teachers set status = '退休' where id = ${r1}`);
});
afterAll(() => t.close());

const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: cookies[who]! } });

// Worked out by hand from the fixture above.
const SCHOOL_A = {
  personTimes: { national: 1, provincial: 2, prefectural: 0, county: 1, school: 2, total: 6 },
  onlinePersonTimes: 1,
  teachersTrained: 3, // teacherA, a1, a2 (r1 is retired)
  teacherCount: 4,
  coverageRate: 0.75,
  participationRate: 0.75, // 6 / 8 places
  completionRate: 1, // 4 / (4 + 0)
  passRate: 0.8, // 4 / 5 assessed
  excellentRate: 0.2, // 1 / 5
  counts: { placesTaken: 8, assessed: 5, completed: 4, failed: 0, passed: 4, excellent: 1 },
};
const SCHOOL_B = {
  personTimes: { national: 1, provincial: 0, prefectural: 1, county: 1, school: 0, total: 3 },
  onlinePersonTimes: 2,
  teachersTrained: 2, // teacherB, b1
  teacherCount: 3,
  coverageRate: 0.6667,
  participationRate: 1, // 3 / 3
  completionRate: 0.3333, // 1 / (1 + 2)
  passRate: 0.6667, // 2 / 3
  excellentRate: 0,
  counts: { placesTaken: 3, assessed: 3, completed: 1, failed: 2, passed: 2, excellent: 0 },
};
const SCHOOL_C = {
  personTimes: { national: 1, provincial: 0, prefectural: 1, county: 0, school: 0, total: 2 },
  onlinePersonTimes: 2,
  teachersTrained: 2, // c1, c3 (trained at B, counted where they teach now)
  teacherCount: 3,
  coverageRate: 0.6667,
  participationRate: 0.6667, // 2 / 3
  completionRate: 1,
  passRate: 1,
  excellentRate: 0.5,
  counts: { placesTaken: 3, assessed: 2, completed: 2, failed: 0, passed: 2, excellent: 1 },
};
const COUNTY = {
  year: 2025,
  personTimes: { national: 3, provincial: 2, prefectural: 2, county: 2, school: 2, total: 11 },
  onlinePersonTimes: 5,
  teachersTrained: 7,
  teacherCount: 10,
  coverageRate: 0.7,
  participationRate: 0.7857, // 11 / 14
  completionRate: 0.7778, // 7 / 9
  passRate: 0.8, // 8 / 10
  excellentRate: 0.2, // 2 / 10
  counts: { placesTaken: 14, assessed: 10, completed: 7, failed: 2, passed: 8, excellent: 2 },
};
const AREA_A = {
  personTimes: { national: 2, provincial: 2, prefectural: 1, county: 2, school: 2, total: 9 },
  onlinePersonTimes: 3,
  teachersTrained: 5,
  teacherCount: 7,
  coverageRate: 0.7143,
  participationRate: 0.8182, // 9 / 11
  completionRate: 0.7143, // 5 / 7
  passRate: 0.75, // 6 / 8
  excellentRate: 0.125,
  counts: { placesTaken: 11, assessed: 8, completed: 5, failed: 2, passed: 6, excellent: 1 },
};
const CONSORTIUM = {
  // Schools B and C.
  personTimes: { national: 2, provincial: 0, prefectural: 2, county: 1, school: 0, total: 5 },
  onlinePersonTimes: 4,
  teachersTrained: 4,
  teacherCount: 6,
  coverageRate: 0.6667,
  participationRate: 0.8333, // 5 / 6
  completionRate: 0.6, // 3 / 5
  passRate: 0.8, // 4 / 5
  excellentRate: 0.2,
  counts: { placesTaken: 6, assessed: 5, completed: 3, failed: 2, passed: 4, excellent: 1 },
};

describe('GET /api/stats/summary: the formulas', () => {
  it('county: person-times by level by end date, online, coverage and the four rates', async () => {
    const res = await get('county', '/api/stats/summary?year=2025');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(COUNTY);
  });

  it('counts a project in the year it ends, and today’s teachers as the base of coverage', async () => {
    const y2024 = (await get('county', '/api/stats/summary?year=2024')).json();
    expect(y2024.personTimes).toEqual({ national: 0, provincial: 0, prefectural: 0, county: 1, school: 0, total: 1 });
    expect(y2024).toMatchObject({ teachersTrained: 1, teacherCount: 10, coverageRate: 0.1, completionRate: 1 });
    const y2026 = (await get('county', '/api/stats/summary?year=2026')).json();
    expect(y2026.personTimes.county).toBe(1);
    const empty = (await get('county', '/api/stats/summary?year=2030')).json();
    expect(empty).toMatchObject({
      personTimes: { total: 0 },
      teacherCount: 10,
      coverageRate: 0,
      participationRate: 0,
      completionRate: 0,
      passRate: 0,
      excellentRate: 0,
    });
  });

  it('defaults to the current year', async () => {
    const res = await get('county', '/api/stats/summary');
    expect(res.json().year).toBe(currentYear());
  });
});

describe('GET /api/stats/summary: scope', () => {
  it('leaders see the county; a county-wide filter narrows to a school or an area', async () => {
    expect((await get('leader', '/api/stats/summary?year=2025')).json()).toEqual(COUNTY);
    expect((await get('county', `/api/stats/summary?year=2025&schoolId=${w.schoolA}`)).json()).toEqual({
      year: 2025,
      ...SCHOOL_A,
    });
    expect((await get('county', `/api/stats/summary?year=2025&areaId=${w.areaA}`)).json()).toEqual({
      year: 2025,
      ...AREA_A,
    });
    expect((await get('county', `/api/stats/summary?year=2025&areaId=${w.areaB}`)).json()).toEqual({
      year: 2025,
      ...SCHOOL_C,
    });
  });

  it('an area admin sees their area, a consortium admin their consortium, a school admin their school', async () => {
    expect((await get('areaA', '/api/stats/summary?year=2025')).json()).toEqual({ year: 2025, ...AREA_A });
    expect((await get('consA', '/api/stats/summary?year=2025')).json()).toEqual({ year: 2025, ...CONSORTIUM });
    expect((await get('schoolA', '/api/stats/summary?year=2025')).json()).toEqual({ year: 2025, ...SCHOOL_A });
    expect((await get('schoolB', '/api/stats/summary?year=2025')).json()).toEqual({ year: 2025, ...SCHOOL_B });
    expect((await get('areaA', `/api/stats/summary?year=2025&schoolId=${w.schoolB}`)).json()).toEqual({
      year: 2025,
      ...SCHOOL_B,
    });
  });

  it('answers 404 for a school or area outside the caller’s scope, 403 for teachers', async () => {
    const cases: Array<[string, string]> = [
      ['schoolA', `schoolId=${w.schoolB}`],
      ['schoolA', `areaId=${w.areaB}`],
      ['areaA', `schoolId=${w.schoolC}`],
      ['areaA', `areaId=${w.areaB}`],
      ['consA', `schoolId=${w.schoolA}`],
      ['county', 'schoolId=999999'],
      ['county', 'areaId=999999'],
    ];
    for (const [who, q] of cases) {
      const res = await get(who, `/api/stats/summary?year=2025&${q}`);
      expect(res.statusCode, `${who} ${q}`).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    expect((await get('teacherA', '/api/stats/summary?year=2025')).statusCode).toBe(403);
    expect((await get('county', '/api/stats/summary?year=1900')).statusCode).toBe(400);
  });
});

describe('GET /api/stats/breakdown and its export', () => {
  it('lists every school of the scope with the same measures, and the total', async () => {
    const res = await get('county', '/api/stats/breakdown?year=2025&by=school');
    expect(res.statusCode).toBe(200);
    const b = res.json();
    expect(b).toMatchObject({ year: 2025, by: 'school', total: 3 });
    const byId = new Map(b.items.map((i: { id: number }) => [i.id, i]));
    expect(byId.get(w.schoolA)).toMatchObject({ areaId: w.areaA, ...SCHOOL_A });
    expect(byId.get(w.schoolB)).toMatchObject({ areaId: w.areaA, ...SCHOOL_B });
    expect(byId.get(w.schoolC)).toMatchObject({ areaId: w.areaB, ...SCHOOL_C });
    const { year: _y, ...county } = COUNTY;
    expect(b.summary).toEqual(county);
  });

  it('groups by area, and stays inside the caller’s scope', async () => {
    const areas = (await get('county', '/api/stats/breakdown?year=2025&by=area')).json();
    expect(areas.items).toHaveLength(2);
    expect(areas.items.find((i: { id: number }) => i.id === w.areaA)).toMatchObject(AREA_A);
    expect(areas.items.find((i: { id: number }) => i.id === w.areaB)).toMatchObject(SCHOOL_C);
    const school = (await get('schoolA', '/api/stats/breakdown?year=2025&by=school')).json();
    expect(school.items.map((i: { id: number }) => i.id)).toEqual([w.schoolA]);
    const cons = (await get('consA', '/api/stats/breakdown?year=2025&by=area')).json();
    expect(cons.items.map((i: { id: number }) => i.id).sort()).toEqual([w.areaA, w.areaB].sort());
    expect(cons.summary).toMatchObject(CONSORTIUM);
    expect((await get('schoolA', `/api/stats/breakdown?year=2025&areaId=${w.areaB}`)).statusCode).toBe(404);
  });

  it('exports the table as .xlsx with percentages and a 合计 row', async () => {
    const res = await get('county', '/api/stats/breakdown/export?year=2025&by=school');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('2025年培训统计'));
    const wb = await readXlsx(res.rawPayload);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      '学校',
      '学区',
      '国培人次',
      '省培人次',
      '市州培人次',
      '县培人次',
      '校培人次',
      '合计人次',
      '网络研修人次',
      '参训教师数',
      '在职教师数',
      '培训覆盖率(%)',
      '参训率(%)',
      '结业率(%)',
      '合格率(%)',
      '优秀率(%)',
    ]);
    expect(ws.rowCount).toBe(5); // header, 3 schools, 合计
    const last = (ws.getRow(5).values as unknown[]).slice(1);
    expect(last).toEqual(['合计', undefined, 3, 2, 2, 2, 2, 11, 5, 7, 10, 70, 78.6, 77.8, 80, 20]);
    expect((await get('teacherA', '/api/stats/breakdown/export?year=2025')).statusCode).toBe(403);
  });
});
