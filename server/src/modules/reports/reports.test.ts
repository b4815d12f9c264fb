// The drafted year-end summary and the leader's dashboard on the hand-computed county of the
// evaluation tests: every figure the summary states is the statistics service's, the .docx carries
// the same text, saved edits stay the caller's, breakdowns add up to the statistics' totals, and
// each figure's drill-down list has as many rows as the figure says.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { rows, sql } from '../../db/client.js';
import { unzip } from '../../lib/zip.js';
import { type EvaluationCounty, seedEvaluationCounty } from '../evaluations/evaluations.fixtures.js';
import { cookieFor } from '../surveys/surveys.fixtures.js';

let t: TestContext;
let w: World;
let f: EvaluationCounty;
const c: Record<string, string> = {};

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely.
type Body = any;

async function call(cookie: string, method: string, url: string, payload?: unknown) {
  const res = await t.app.inject({
    method: method as 'GET',
    url,
    headers: { cookie },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  const json = res.headers['content-type']?.toString().includes('json');
  return { status: res.statusCode, body: (json ? res.json() : res.rawPayload) as Body, headers: res.headers };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  f = await seedEvaluationCounty(t, w);
  for (const k of ['county', 'leader', 'schoolA', 'schoolB', 'teacherA', 'areaA'] as const)
    c[k] = await cookieFor(t, w.users[k]);
  // A reflection and an exchange trip in 2025, and a published evaluation naming A 优秀.
  await t.deps.db.execute(
    sql`insert into reflections (region_id, school_id, teacher_id, project_id, participation_id, title, body, created_at)
        select ${w.regionId}, p.school_id, p.teacher_id, p.project_id, p.id, '心得', '心得正文心得正文心得正文', '2025-04-05T02:00:00Z'
        from participations p where p.project_id = ${f.p1} and p.teacher_id = ${f.a[0]!}`,
  );
  const created = await call(c.county!, 'POST', '/api/evaluations', {
    year: 2025,
    name: '2025年度学校培训工作考评',
    groups: [
      { name: '中学组', schoolTypes: ['初中'] },
      { name: '小学组', schoolTypes: ['小学'] },
    ],
    indicators: [{ key: 'coverage', weight: 1 }],
    bands: { 优秀: 90, 合格: 40 },
  });
  await call(c.county!, 'POST', `/api/evaluations/${created.body.id}/compute`);
  await call(c.county!, 'POST', `/api/evaluations/${created.body.id}/publish`);
});
afterAll(() => t.close());

describe('the drafted year-end summary', () => {
  it('states the statistics’ person-times by level, online and teachers trained, with their sources', async () => {
    const stats = (await call(c.county!, 'GET', '/api/stats/summary?year=2025')).body;
    const r = await call(c.county!, 'GET', '/api/reports/year-summary?year=2025');
    expect(r.status).toBe(200);
    const text: string = r.body.text;
    // 5 person-times: 国培 0, 省培 1 (a3), 市州培 0, 县培 4 (A: teacherA, a1, a2; B: teacherB), 校培 0.
    expect(stats.personTimes).toMatchObject({ total: 5, national: 0, provincial: 1, county: 4, school: 0 });
    expect(text).toContain(`五级培训教师${stats.personTimes.total}人次`);
    expect(text).toContain(`国培${stats.personTimes.national}人次`);
    expect(text).toContain(`省培${stats.personTimes.provincial}人次`);
    expect(text).toContain(`市州培${stats.personTimes.prefectural}人次`);
    expect(text).toContain(`县培${stats.personTimes.county}人次`);
    expect(text).toContain(`校培${stats.personTimes.school}人次`);
    expect(text).toContain(`网络研修${stats.onlinePersonTimes}人次`);
    expect(text).toContain(`有${stats.teachersTrained}人参加了培训`);
    expect(text).toContain('撰写心得体会1篇');
    // Report-backs due in 2025: A 2 (1 verified), C 1 verified → 2 of 3.
    expect(text).toContain('其中2场通过审核，成果转化率66.7%');
    // The published evaluation: coverage ≥ 90 → A (100) 优秀; B 50 合格; C 0 不合格.
    expect(text).toContain('分中学组、小学组');
    expect(text).toMatch(/实验小学\d+1所学校（园）考核结果为优秀，1所学校（园）考核结果为合格，1所为不合格/);
    const total = r.body.figures.find((x: Body) => x.key === 'personTimes.total');
    expect(total).toMatchObject({ value: 5, source: '/stats?year=2025' });
    expect(r.body.segments.map((s: Body) => s.text).join('')).toBe(text);
  });

  it('is a .docx with the same text', async () => {
    const r = await call(c.county!, 'GET', '/api/reports/year-summary.docx?year=2025');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('wordprocessingml');
    const files = await unzip(r.body as Buffer);
    expect([...files.keys()]).toContain('word/document.xml');
    const xml = files.get('word/document.xml')!.toString('utf8');
    const plain = xml.replace(/<[^>]+>/g, '');
    expect(plain).toContain('2025年教师培训工作总结');
    expect(plain).toContain('五级培训教师5人次');
  });

  it('opens in LibreOffice: converted headless to plain text, it reads as the draft', async () => {
    const r = await call(c.county!, 'GET', '/api/reports/year-summary.docx?year=2025');
    const draft = (await call(c.county!, 'GET', '/api/reports/year-summary?year=2025')).body;
    const text = await docxToText(r.body as Buffer);
    expect(text).toContain('2025年教师培训工作总结');
    // Every paragraph of the draft is a paragraph of the document, in order.
    const paragraphs = (draft.text as string).split(/\n+/).filter((p) => p.trim());
    const lines = text.split(/\r?\n/).map((l) => l.trim());
    let at = 0;
    for (const p of paragraphs) {
      const i = lines.indexOf(p.trim(), at);
      expect(i, p).toBeGreaterThanOrEqual(at);
      at = i + 1;
    }
    expect(text).toContain('五级培训教师5人次');
  }, 120_000);

  it('saves the county’s edit (audited) and exports it; a school writes only its own', async () => {
    const edited = '一、基本情况\n\n2025年，全县五级培训教师5人次。（已修改）';
    const saved = await call(c.county!, 'PUT', '/api/reports/year-summary', { year: 2025, text: edited });
    expect(saved.status).toBe(200);
    expect(saved.body.edited.text).toBe(edited);
    expect(saved.body.text).not.toBe(edited); // the draft is still the numbers'
    const doc = await call(c.county!, 'GET', '/api/reports/year-summary.docx?year=2025&source=edited');
    const xml = (await unzip(doc.body as Buffer)).get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('（已修改）');
    expect((await call(c.leader!, 'PUT', '/api/reports/year-summary', { year: 2025, text: edited })).status).toBe(403);
    expect((await call(c.schoolA!, 'PUT', '/api/reports/year-summary', { year: 2025, text: edited })).status).toBe(200);
    expect(
      (await call(c.schoolA!, 'PUT', '/api/reports/year-summary', { year: 2025, schoolId: w.schoolB, text: edited }))
        .status,
    ).toBe(404);
    // The county's edit and school A's are apart.
    expect((await call(c.county!, 'GET', '/api/reports/year-summary?year=2025')).body.edited.text).toBe(edited);
    const log = await t.deps.db.execute(
      sql`select count(*)::int as n from audit_log where action = 'report.year_summary'`,
    );
    expect((log as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(2);
  });

  it('drafts a school’s own year, with its grade and rank', async () => {
    const r = await call(c.schoolA!, 'GET', '/api/reports/year-summary?year=2025');
    expect(r.status).toBe(200);
    expect(r.body.scope).toBe('school');
    expect(r.body.text).toContain('我校教师参加各级培训4人次'); // teacherA, a1, a2 (县培), a3 (省培)
    expect(r.body.text).toContain('我校考核结果为优秀，在小学组2所学校中排名第1');
    expect((await call(c.schoolA!, 'GET', `/api/reports/year-summary?year=2025&schoolId=${w.schoolB}`)).status).toBe(
      404,
    );
    expect((await call(c.areaA!, 'GET', '/api/reports/year-summary?year=2025')).status).toBe(403);
    expect((await call(c.teacherA!, 'GET', '/api/reports/year-summary?year=2025')).status).toBe(403);
  });
});

describe('the leader’s dashboard', () => {
  it('gives the year, five years of the five-level table, 送培率 and the at-risk counts', async () => {
    const r = await call(c.leader!, 'GET', '/api/reports/dashboard?year=2025');
    expect(r.status).toBe(200);
    expect(r.body.trend.map((x: Body) => x.year)).toEqual([2021, 2022, 2023, 2024, 2025]);
    expect(r.body.trend[4].personTimes.total).toBe(5);
    expect(r.body.trend[3].personTimes.total).toBe(1); // c2's 2024 course
    // Quotas A 3 (3 filled), B 2 (1), C 2 (1): 5 of 7.
    expect(r.body.sendRate).toEqual({ quota: 7, filled: 5, rate: 0.7143 });
    // Serving teachers: A 4, B 2, C 2 = 8; trained 5 → 3 untrained (teacherB's colleague b1, c1, c2).
    expect(r.body.atRisk.untrained).toBe(3);
    expect(r.body.atRisk.schoolsBelowTarget).toBe(3); // A pass 75%, B coverage 50%, C coverage 0%
  });

  it('breaks person-times down, each dimension adding up to the total', async () => {
    const r = await call(c.county!, 'GET', '/api/reports/dashboard/breakdowns?year=2025');
    expect(r.status).toBe(200);
    for (const [dim, list] of Object.entries(r.body.dimensions) as [string, Body[]][]) {
      expect(
        list.reduce((n, x) => n + x.personTimes.total, 0),
        dim,
      ).toBe(5);
    }
    const stage = Object.fromEntries(r.body.dimensions.stage.map((x: Body) => [x.key, x]));
    expect(stage.小学).toMatchObject({ teacherCount: 7, teachersTrained: 5 });
    expect(stage.初中).toMatchObject({ teacherCount: 1, teachersTrained: 0, coverageRate: 0 });
    const mode = r.body.dimensions.mode;
    expect(mode[0]).toMatchObject({ key: '集中面授', teacherCount: null, coverageRate: null });
  });

  it('drills every figure down to its list', async () => {
    const all = await call(c.county!, 'GET', '/api/reports/person-times?year=2025&pageSize=100');
    expect(all.body.total).toBe(5);
    const provincial = await call(
      c.county!,
      'GET',
      `/api/reports/person-times?year=2025&level=${encodeURIComponent('省培')}`,
    );
    expect(provincial.body.items.map((x: Body) => x.teacherId)).toEqual([f.a[3]]);
    const untrained = await call(c.county!, 'GET', '/api/reports/untrained?year=2025');
    expect(untrained.body.total).toBe(3);
    expect(untrained.body.items.find((x: Body) => x.teacherId === f.c[1]).lastTrained).toBe('2024-05-02');
    const below = await call(c.county!, 'GET', '/api/reports/dashboard/schools-below-target?year=2025');
    const a = below.body.items.find((x: Body) => x.schoolId === w.schoolA);
    expect(a.gaps).toEqual(['合格率 75% < 95%']);
    const sheet = await t.app.inject({
      method: 'GET',
      url: '/api/reports/dashboard/schools-below-target/export?year=2025',
      headers: { cookie: c.county! },
    });
    expect(sheet.statusCode).toBe(200);
    expect(sheet.headers['content-type']).toContain('spreadsheetml');
    const cells = (await unzip(sheet.rawPayload)).get('xl/worksheets/sheet1.xml')!.toString('utf8');
    expect(cells).toContain('合格率 75% &lt; 95%');
    const exported = await call(c.county!, 'GET', '/api/reports/person-times/export?year=2025');
    expect(exported.status).toBe(200);
    // Every export is audited (who, which list, how many rows, which filters), with the list's own rows.
    const list = await call(c.county!, 'GET', '/api/reports/person-times?year=2025&pageSize=200');
    const rowsOf = async (buf: Buffer) =>
      ((await unzip(buf)).get('xl/worksheets/sheet1.xml')!.toString('utf8').match(/<row /g) ?? []).length - 1;
    expect(await rowsOf(exported.body)).toBe(list.body.total);
    expect((await call(c.county!, 'GET', '/api/reports/untrained/export?year=2025')).status).toBe(200);
    const audits = await rows<{ action: string; after: { rows: number; filters: object; list: string } }>(
      t.deps.db,
      sql`select action, after from audit_log where action like 'report.%export' order by id`,
    );
    expect(audits.map((r) => [r.action, r.after.list, r.after.rows, r.after.filters])).toEqual([
      ['report.below_target_export', '未达标学校', below.body.items.length, { year: 2025 }],
      ['report.person_times_export', '培训人次明细', list.body.total, { year: 2025 }],
      ['report.untrained_export', '未参训教师', 3, { year: 2025 }],
    ]);
    // A school's export holds only its own people.
    const own = await call(c.schoolB!, 'GET', '/api/reports/person-times/export?year=2025');
    expect(await rowsOf(own.body)).toBe(1);
  });

  it('keeps to the caller’s scope', async () => {
    const mine = await call(c.schoolB!, 'GET', '/api/reports/dashboard?year=2025');
    expect(mine.body.summary.personTimes.total).toBe(1);
    const list = await call(c.schoolB!, 'GET', '/api/reports/person-times?year=2025');
    expect(list.body.items.map((x: Body) => x.teacherId)).toEqual([w.teacherB]);
    expect((await call(c.schoolB!, 'GET', `/api/reports/person-times?year=2025&schoolId=${w.schoolA}`)).status).toBe(
      404,
    );
    expect((await call(c.teacherA!, 'GET', '/api/reports/dashboard')).status).toBe(403);
  });
});

/**
 * The .docx as LibreOffice reads it: `soffice --headless --convert-to txt`, with a profile of its
 * own (so runs beside each other or beside a desktop LibreOffice do not share one).
 */
async function docxToText(docx: Buffer): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'shixun-docx-'));
  try {
    const file = path.join(dir, 'summary.docx');
    await fs.writeFile(file, docx);
    await promisify(execFile)(
      'soffice',
      [
        `-env:UserInstallation=file://${dir}/profile`,
        '--headless',
        '--convert-to',
        'txt:Text (encoded):UTF8',
        '--outdir',
        dir,
        file,
      ],
      { timeout: 100_000 },
    );
    return await fs.readFile(path.join(dir, 'summary.txt'), 'utf8');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
