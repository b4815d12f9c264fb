// Honours: schools enter them for their own teachers (pending), the county verifies; the sheet
// import (preview, whole commit, Chinese row/column errors, idempotent); counts per level per year
// within the caller's scope, verified only; the growth archive and the year-end service function.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeacher, type PeopleContext, peopleContext } from '../../../test/people.js';
import { createProject } from '../../../test/training.js';
import { one } from '../../db/client.js';
import { samplePdf } from '../attachments/attachments.fixtures.js';
import { honourCountsBySchool, teachersHonourFacts } from './honours.service.js';

let c: PeopleContext;
let teacherC: { id: number; idNumber: string };

beforeAll(async () => {
  c = await peopleContext();
  await c.t.deps.db.execute(sql`update teachers set name = '张三' where id = ${c.w.teacherA}`);
  teacherC = await addTeacher(c.t.deps, c.w, { name: '王五', schoolId: c.w.schoolA });
});
afterAll(() => c.t.close());

const sheet = (rows: string[][]) =>
  `${[['身份证号', '姓名', '荣誉名称', '级别', '年度', '授予单位'], ...rows].map((r) => r.join(',')).join('\n')}\n`;

describe('entering and verifying honours', () => {
  it('a school enters an honour of its own teacher only, pending until the county verifies it', async () => {
    const made = await c.call('schoolA', 'POST', '/api/honours', {
      teacherId: c.w.teacherA,
      level: '省级',
      title: '省级骨干教师',
      year: 2024,
      awardingBody: '省教育厅',
    });
    expect(made.status).toBe(201);
    const foreign = await c.call('schoolA', 'POST', '/api/honours', {
      teacherId: c.w.teacherB,
      level: '县级',
      title: '优秀教师',
      year: 2024,
      awardingBody: '县教育局',
    });
    expect(foreign.status).toBe(400);
    const badLevel = await c.call('schoolA', 'POST', '/api/honours', {
      teacherId: c.w.teacherA,
      level: '乡级',
      title: '优秀教师',
      year: 2024,
      awardingBody: '镇政府',
    });
    expect(badLevel.status).toBe(400);
    expect(badLevel.body.error.message).toContain('国家级、省级、州市级、县级、校级');
    const dup = await c.call('schoolA', 'POST', '/api/honours', {
      teacherId: c.w.teacherA,
      level: '县级',
      title: '省级骨干教师',
      year: 2024,
      awardingBody: '县教育局',
    });
    expect(dup.status).toBe(409);

    // Pending honours are not counted.
    expect((await c.call('county', 'GET', '/api/stats/honours?year=2024')).body.total).toBe(0);
    const list = await c.call('county', 'GET', '/api/honours?status=pending');
    expect(list.body.items.map((h: { id: number }) => h.id)).toEqual([made.body.id]);
    expect(list.body.items[0]).toMatchObject({ levelKey: 'provincial', schoolId: c.w.schoolA, editable: true });

    const rejectWithout = await c.call('county', 'POST', '/api/honours/verify', {
      ids: [made.body.id],
      decision: 'reject',
    });
    expect(rejectWithout.status).toBe(400);
    const ok = await c.call('county', 'POST', '/api/honours/verify', { ids: [made.body.id], decision: 'verify' });
    expect(ok.body).toEqual({ changed: 1 });
    expect(
      (await c.call('schoolA', 'POST', '/api/honours/verify', { ids: [made.body.id], decision: 'verify' })).status,
    ).toBe(403);
    const stats = await c.call('county', 'GET', '/api/stats/honours?year=2024');
    expect(stats.body).toEqual({ national: 0, provincial: 1, prefectural: 0, county: 0, school: 0, total: 1 });
    // The school can no longer change or delete what the county verified.
    expect((await c.call('schoolA', 'PATCH', `/api/honours/${made.body.id}`, { title: '改' })).status).toBe(403);
    expect((await c.call('schoolA', 'DELETE', `/api/honours/${made.body.id}`)).status).toBe(403);
    const note = await one<{ title: string }>(
      c.t.deps.db,
      sql`select title from notifications where kind = 'honour.verified' order by id desc limit 1`,
    );
    expect(note?.title).toContain('省级骨干教师');
  });

  it('links a certificate scan readable by whoever sees the honour', async () => {
    const up = await c.upload('schoolA', '/api/attachments', '证书.pdf', samplePdf('honour'), { purpose: 'honour' });
    expect(up.status).toBe(200);
    const made = await c.call('schoolA', 'POST', '/api/honours', {
      teacherId: teacherC.id,
      level: '校级',
      title: '教学能手',
      year: 2025,
      awardingBody: '实验小学',
      attachmentIds: [up.body.id],
    });
    expect(made.status).toBe(201);
    expect((await c.call('county', 'GET', `/api/attachments/${up.body.id}`)).status).toBe(200);
    expect((await c.call('schoolB', 'GET', `/api/attachments/${up.body.id}`)).status).toBe(404);
    const list = await c.call('schoolA', 'GET', `/api/honours?teacherId=${teacherC.id}`);
    expect(list.body.items[0].attachments).toHaveLength(1);
  });

  it('a teacher reads their own honours only, changes none; a leader reads but may not edit', async () => {
    const mine = await c.call('teacherA', 'GET', '/api/honours');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((h: { teacherId: number }) => h.teacherId)).toEqual([c.w.teacherA]);
    expect(mine.body.items[0]).toMatchObject({ title: '省级骨干教师', status: 'verified', editable: false });
    expect((await c.call('teacherA', 'GET', `/api/honours?teacherId=${teacherC.id}`)).body.total).toBe(0);
    expect((await c.call('teacherA', 'PATCH', `/api/honours/${mine.body.items[0].id}`, { title: '改' })).status).toBe(
      403,
    );
    const leader = await c.call('leader', 'GET', '/api/honours');
    expect(leader.body.total).toBe(2);
    expect(leader.body.items.every((h: { editable: boolean }) => !h.editable)).toBe(true);
  });
});

describe('the honours import', () => {
  const rows = () => [
    [c.w.idNumbers[0], '张三', '优秀班主任', '县级', '2025', '县教育局'],
    [teacherC.idNumber, '王五', '师德标兵', '州', '2025年', '州教育局'],
    [c.w.idNumbers[1], '李四', '优秀教师', '县级', '2025', '县教育局'],
    [c.w.idNumbers[0], '张三丰', '教坛新秀', '乡级', '2030', '县教育局'],
  ];

  it('previews with Chinese row and column errors and commits nothing while errors remain', async () => {
    const dry = await c.upload('schoolA', '/api/honours/import?dryRun=true', '荣誉.csv', sheet(rows()));
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ total: 4, created: 2, updated: 0, skipped: 0 });
    const byRow = (row: number) => dry.body.errors.filter((e: { row: number }) => e.row === row);
    // Teacher B belongs to another school than school A's admin.
    expect(byRow(4)).toEqual([{ row: 4, column: '身份证号', message: '您管理的学校中没有该身份证号的教师' }]);
    const five = byRow(5)
      .map((e: { column: string }) => e.column)
      .sort();
    expect(five).toEqual(['姓名', '年度', '级别'].sort());
    expect(byRow(5).find((e: { column: string }) => e.column === '级别').message).toContain('可选：国家级、省级');
    const refused = await c.upload('schoolA', '/api/honours/import', '荣誉.csv', sheet(rows()));
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('IMPORT_HAS_ERRORS');
    expect(await countHonours()).toBe(2);
  });

  it('imports a clean sheet whole, and the same sheet again creates nothing new', async () => {
    const clean = rows().slice(0, 2);
    const first = await c.upload('schoolA', '/api/honours/import', '荣誉.csv', sheet(clean));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 2, created: 2, updated: 0, skipped: 0, errors: [] });
    const again = await c.upload('schoolA', '/api/honours/import', '荣誉.csv', sheet(clean));
    expect(again.body).toMatchObject({ total: 2, created: 0, updated: 0, skipped: 2, errors: [] });
    expect(await countHonours()).toBe(4);
    const imported = await c.call('county', 'GET', '/api/honours?year=2025&status=pending');
    expect(imported.body.items.map((h: { title: string; level: string }) => `${h.title}/${h.level}`).sort()).toEqual([
      '优秀班主任/县级',
      '师德标兵/州市级',
      '教学能手/校级',
    ]);
    // A changed level updates the record (and it waits for the county again).
    const changed = await c.upload(
      'schoolA',
      '/api/honours/import',
      '荣誉.csv',
      sheet([[c.w.idNumbers[0], '张三', '优秀班主任', '州市级', '2025', '州教育局']]),
    );
    expect(changed.body).toMatchObject({ created: 0, updated: 1 });
    // With a job id the import page follows its progress and lists it among the recent imports.
    const jobId = '6f1c1e1a-4b1f-4c3e-9a55-0f6d1d2b7c01';
    await c.upload('schoolA', `/api/honours/import?dryRun=true&jobId=${jobId}`, '荣誉.csv', sheet(clean));
    const recent = await c.call('schoolA', 'GET', '/api/jobs?kind=honours.import');
    expect(recent.status).toBe(200);
    expect(recent.body.items.map((j: { id: string }) => j.id)).toContain(jobId);
  });

  it("the county's import is verified at once and counted per level within each caller's scope", async () => {
    const res = await c.upload(
      'county',
      '/api/honours/import',
      '县表彰.csv',
      sheet([
        [c.w.idNumbers[1], '李四', '优秀教师', '县级', '2025', '县教育局'],
        [c.w.idNumbers[1], '李四', '全国模范教师', '国家级', '2025', '教育部'],
      ]),
    );
    expect(res.body).toMatchObject({ created: 2, errors: [] });
    const county = await c.call('county', 'GET', '/api/stats/honours?year=2025');
    expect(county.body).toEqual({ national: 1, provincial: 0, prefectural: 0, county: 1, school: 0, total: 2 });
    // School A sees none of school B's; school B its two; the other county nothing.
    expect((await c.call('schoolA', 'GET', '/api/stats/honours?year=2025')).body.total).toBe(0);
    expect((await c.call('schoolB', 'GET', '/api/stats/honours?year=2025')).body.total).toBe(2);
    expect((await c.call('otherCounty', 'GET', '/api/stats/honours?year=2025')).body.total).toBe(0);
    const bySchool = await honourCountsBySchool(c.t.deps.db, c.w.regionId, 2025);
    expect(bySchool.get(c.w.schoolB)).toMatchObject({ national: 1, county: 1, total: 2 });
    expect(bySchool.has(c.w.schoolA)).toBe(false);
    const facts = await teachersHonourFacts(c.t.deps.db, c.w.regionId, [c.w.teacherB, c.w.teacherA]);
    expect(facts.get(c.w.teacherB)).toEqual({ best: 'national', count: 2 });
    expect(facts.get(c.w.teacherA)).toEqual({ best: 'provincial', count: 1 });
  });

  it('gives the error report and the template as workbooks', async () => {
    const report = await c.upload('schoolA', '/api/honours/import/report', '荣誉.csv', sheet(rows()));
    expect(report.status).toBe(200);
    expect(Buffer.isBuffer(report.body)).toBe(true);
    const template = await c.call('schoolA', 'GET', '/api/honours/import/template');
    expect(template.status).toBe(200);
  });
});

describe('honours in project eligibility', () => {
  it('a project asking for a county honour or above admits only teachers holding a verified one', async () => {
    const project = await createProject(c.t.deps, c.w, {
      name: '县级骨干教师提升研修',
      status: 'enrolling',
      enrolMode: 'open',
      startDate: '2099-03-02',
      endDate: '2099-03-04',
      eligibility: { minHonourLevel: 'county' },
    });
    // Teacher A holds a verified provincial honour; a new colleague only a school-level one, pending.
    expect((await c.call('teacherA', 'POST', `/api/projects/${project}/enrol`)).status).toBe(200);
    const other = await addTeacher(c.t.deps, c.w, { name: '钱七', schoolId: c.w.schoolA, account: true });
    await c.call('schoolA', 'POST', '/api/honours', {
      teacherId: other.id,
      level: '校级',
      title: '校教学能手',
      year: 2025,
      awardingBody: '实验小学',
    });
    const refused = await c.call(other.userId!, 'POST', `/api/projects/${project}/enrol`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('没有县级及以上的荣誉（县里已认定）');
    // The candidates a school may nominate, eligible first, say so too.
    const nominated = await createProject(c.t.deps, c.w, {
      name: '县级骨干教师示范课研修',
      status: 'enrolling',
      startDate: '2099-04-06',
      endDate: '2099-04-08',
      eligibility: { minHonourLevel: 'county' },
    });
    const candidates = await c.call(
      'schoolA',
      'GET',
      `/api/projects/${nominated}/candidates?eligibleOnly=true&pageSize=100`,
    );
    expect(candidates.status, JSON.stringify(candidates.body)).toBe(200);
    const ids = candidates.body.items.map((t: { teacherId: number }) => t.teacherId);
    expect(ids).toContain(c.w.teacherA);
    expect(ids).not.toContain(other.id);
    const detail = await c.call('county', 'GET', `/api/projects/${project}`);
    expect(detail.body.eligibility).toEqual({ minHonourLevel: 'county' });
  });
});

describe('honours in the growth archive', () => {
  it('lists verified and pending honours, not declined ones', async () => {
    const pending = await c.call('schoolA', 'GET', `/api/honours?teacherId=${c.w.teacherA}&status=pending`);
    const declined = pending.body.items[0];
    await c.call('county', 'POST', '/api/honours/verify', {
      ids: [declined.id],
      decision: 'reject',
      reason: '证明材料不清',
    });
    const archive = await c.call('county', 'GET', `/api/teachers/${c.w.teacherA}/archive`);
    expect(archive.status).toBe(200);
    const titles = archive.body.honourRecords.map((h: { title: string; status: string }) => `${h.title}:${h.status}`);
    expect(titles).toContain('省级骨干教师:verified');
    expect(titles).not.toContain(`${declined.title}:pending`);
    expect(titles.some((t: string) => t.startsWith(declined.title))).toBe(false);
  });
});

describe("the county's honour levels (字典管理, kind honour_level)", () => {
  const stats2019 = async () => (await c.call('county', 'GET', '/api/stats/honours?year=2019')).body;

  it('a level the county adds can be recorded and is counted in the total only', async () => {
    const added = await c.call('county', 'POST', '/api/dictionaries/honour_level', { value: '乡镇级' });
    expect(added.status).toBe(201);
    const levels = (await c.call('schoolA', 'GET', '/api/honours/levels')).body.items;
    expect(levels).toContainEqual({ key: null, label: '乡镇级' });
    expect(levels).toContainEqual({ key: 'county', label: '县级' });
    const made = await c.call('county', 'POST', '/api/honours', {
      teacherId: c.w.teacherA,
      level: '乡镇级',
      title: '乡镇优秀教师',
      year: 2019,
      awardingBody: '镇政府',
    });
    expect(made.status).toBe(201);
    expect(await stats2019()).toEqual({ national: 0, provincial: 0, prefectural: 0, county: 0, school: 0, total: 1 });
  });

  it('renaming a level rewrites the honours that use it; counts and the import follow the new name', async () => {
    const made = await c.call('county', 'POST', '/api/honours', {
      teacherId: c.w.teacherA,
      level: '县级',
      title: '县级优秀班主任',
      year: 2019,
      awardingBody: '县教育局',
    });
    expect(made.status).toBe(201);
    const entries = (await c.call('county', 'GET', '/api/dictionaries/honour_level/entries')).body.items;
    const county = entries.find((e: { value: string }) => e.value === '县级');
    expect(county.usage).toBeGreaterThan(0);
    const renamed = await c.call('county', 'PATCH', `/api/dictionaries/honour_level/${county.id}`, { value: '县区级' });
    expect(renamed.status).toBe(200);

    const levels = (await c.call('county', 'GET', '/api/honours/levels')).body.items;
    expect(levels).toContainEqual({ key: 'county', label: '县区级' });
    const honour = await c.call('county', 'GET', `/api/honours?year=2019&q=${encodeURIComponent('张三')}`);
    expect(honour.body.items.find((h: { id: number }) => h.id === made.body.id)).toMatchObject({
      level: '县区级',
      levelKey: 'county',
    });
    expect(await stats2019()).toEqual({ national: 0, provincial: 0, prefectural: 0, county: 1, school: 0, total: 2 });
    // A sheet still writing the old name is read as the renamed level.
    const preview = await c.upload(
      'county',
      '/api/honours/import?dryRun=true',
      '荣誉.csv',
      sheet([[c.w.idNumbers[0]!, '张三', '县级三好教师', '县级', '2019', '县教育局']]),
    );
    expect(preview.body.errors).toEqual([]);
    expect(preview.body.created).toBe(1);
  });
});

const countHonours = async () =>
  (await one<{ n: number }>(c.t.deps.db, sql`select count(*)::int as n from honours`))!.n;
