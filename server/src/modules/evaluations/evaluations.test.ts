// The year-end evaluation on a county whose figures were worked out by hand (evaluations.fixtures.ts):
// every built-in indicator's formula, the weighted score with indicators that do not apply left
// out, bands, groups, quotas, ties, the ethics veto, manual items and their evidence, adjustments,
// publishing, and who reads what (a school its own scorecard until the ranking is published).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { sql } from '../../db/client.js';
import { cookieFor } from '../surveys/surveys.fixtures.js';
import { type EvaluationCounty, seedEvaluationCounty } from './evaluations.fixtures.js';

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
  return { status: res.statusCode, body: res.body ? (res.json() as Body) : null };
}

const ALL = [
  'coverage',
  'sendRate',
  'attendRate',
  'completion',
  'pass',
  'excellent',
  'reportBack',
  'spendShare',
  'satisfaction',
];

async function evaluate(body: object) {
  const created = await call(c.county!, 'POST', '/api/evaluations', {
    year: 2025,
    name: '2025年度学校培训工作考评',
    ...body,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as number;
  const computed = await call(c.county!, 'POST', `/api/evaluations/${id}/compute`);
  expect(computed.status, JSON.stringify(computed.body)).toBe(200);
  const results = await call(c.county!, 'GET', `/api/evaluations/${id}/results`);
  return { id, items: results.body.items as Body[] };
}

const bySchool = (items: Body[]) => Object.fromEntries(items.map((x: Body) => [x.schoolId, x]));

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  f = await seedEvaluationCounty(t, w);
  for (const k of ['county', 'leader', 'schoolA', 'schoolB', 'teacherA', 'areaA'] as const)
    c[k] = await cookieFor(t, w.users[k]);
});
afterAll(() => t.close());

describe('the indicator registry', () => {
  it('lists the computed indicators with their formulas', async () => {
    const r = await call(c.county!, 'GET', '/api/evaluations/indicators');
    expect(r.status).toBe(200);
    const keys = r.body.items.map((i: Body) => i.key);
    for (const k of ALL) expect(keys).toContain(k);
    expect(r.body.items.find((i: Body) => i.key === 'coverage').label).toBe('培训覆盖率');
  });

  it('refuses a key that is not registered', async () => {
    const r = await call(c.county!, 'POST', '/api/evaluations', {
      year: 2025,
      name: '错误方案',
      indicators: [{ key: 'nonsense', weight: 1 }],
      bands: { 优秀: 85, 合格: 60 },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('指标“nonsense”不存在');
  });
});

describe('the formulas, against the hand-computed county', () => {
  it('gives every school each indicator’s value (null where it does not apply)', async () => {
    const { items } = await evaluate({
      indicators: ALL.map((key) => ({ key, weight: 1 })),
      bands: { 优秀: 85, 合格: 60 },
    });
    const s = bySchool(items);
    expect(s[w.schoolA].values).toEqual({
      coverage: 100,
      sendRate: 100,
      attendRate: 100,
      completion: 75,
      pass: 75,
      excellent: 25,
      reportBack: 50,
      spendShare: 70,
      satisfaction: 50,
    });
    expect(s[w.schoolB].values).toEqual({
      coverage: 50,
      sendRate: 50,
      attendRate: 100,
      completion: 100,
      pass: 100,
      excellent: 0,
      reportBack: null,
      spendShare: 100,
      satisfaction: null,
    });
    expect(s[w.schoolC].values).toEqual({
      coverage: 0,
      sendRate: 50,
      attendRate: 0,
      completion: null,
      pass: null,
      excellent: null,
      reportBack: 100,
      spendShare: null,
      satisfaction: null,
    });
  });

  it('scores the weighted mean of the values that apply, grades by the bands, ranks by score', async () => {
    const { id, items } = await evaluate({
      indicators: [
        { key: 'coverage', weight: 30 },
        { key: 'completion', weight: 20 },
        { key: 'pass', weight: 20 },
        { key: 'excellent', weight: 10 },
        { key: 'reportBack', weight: 10 },
        { key: 'spendShare', weight: 10 },
      ],
      bands: { 优秀: 85, 合格: 60 },
    });
    const s = bySchool(items);
    // A: (100×30 + 75×20 + 75×20 + 25×10 + 50×10 + 70×10) ÷ 100 = 74.5
    expect(s[w.schoolA]).toMatchObject({ score: 74.5, grade: '合格', rank: 1 });
    // B: reportBack does not apply: (50×30 + 100×20 + 100×20 + 0×10 + 100×10) ÷ 90 = 72.22
    expect(s[w.schoolB]).toMatchObject({ score: 72.22, grade: '合格', rank: 2 });
    // C: only coverage and reportBack apply: (0×30 + 100×10) ÷ 40 = 25
    expect(s[w.schoolC]).toMatchObject({ score: 25, grade: '不合格', rank: 3 });
    expect(items.map((x: Body) => x.schoolName)).toHaveLength(3);

    // The scorecard shows each indicator's counts, points and source.
    const card = await call(c.county!, 'GET', `/api/evaluations/${id}/schools/${w.schoolA}`);
    const cov = card.body.indicators.find((i: Body) => i.key === 'coverage');
    expect(cov).toMatchObject({
      value: 100,
      numerator: 4,
      denominator: 4,
      evidence: '参训教师 4 人 / 在职教师 4 人',
      points: 30,
    });
    expect(cov.source).toBe(`/stats?year=2025&schoolId=${w.schoolA}`);
    const money = card.body.indicators.find((i: Body) => i.key === 'spendShare');
    expect(money.evidence).toBe('培训支出 ¥7,000.00 / 应投入 ¥10,000.00（公用经费 ¥100,000.00 × 10%）');
    expect(card.body.indicators.reduce((n: number, i: Body) => n + i.points, 0)).toBeCloseTo(74.5, 5);
  });

  it('shares a rank between equal scores (1, 2, 2)', async () => {
    const { items } = await evaluate({ indicators: [{ key: 'sendRate', weight: 1 }], bands: { 优秀: 90, 合格: 50 } });
    const s = bySchool(items);
    expect([s[w.schoolA].rank, s[w.schoolB].rank, s[w.schoolC].rank]).toEqual([1, 2, 2]);
    expect([s[w.schoolB].grade, s[w.schoolC].grade]).toEqual(['合格', '合格']);
  });

  it('ranks and grades each group on its own', async () => {
    const { items } = await evaluate({
      groups: [
        { name: '中学组', schoolTypes: ['初中', '高中'] },
        { name: '小学组', schoolTypes: ['小学'] },
      ],
      indicators: [{ key: 'coverage', weight: 1 }],
      bands: { 优秀: 45, 合格: 10 },
      excellentQuota: 50,
    });
    const s = bySchool(items);
    expect(s[w.schoolB]).toMatchObject({ groupName: '中学组', rank: 1, groupSize: 1, grade: '优秀' });
    // 小学组: A 100 rank 1 优秀 (a quota of 50% of 2 schools = 1); C 0 rank 2 不合格.
    expect(s[w.schoolA]).toMatchObject({ groupName: '小学组', rank: 1, groupSize: 2, grade: '优秀' });
    expect(s[w.schoolC]).toMatchObject({ groupName: '小学组', rank: 2, grade: '不合格' });
  });

  it('limits 优秀 by the quota, schools tied at the last place all getting it', async () => {
    const tight = await evaluate({
      indicators: [{ key: 'sendRate', weight: 1 }],
      bands: { 优秀: 40, 合格: 10 },
      excellentQuota: 34,
    });
    expect(tight.items.map((x: Body) => x.grade)).toEqual(['优秀', '合格', '合格']);
    const tie = await evaluate({
      indicators: [{ key: 'sendRate', weight: 1 }],
      bands: { 优秀: 40, 合格: 10 },
      excellentQuota: 67,
    });
    expect(tie.items.map((x: Body) => x.grade)).toEqual(['优秀', '优秀', '优秀']);
  });
});

describe('the ethics one-vote veto', () => {
  it('keeps a school with a violation this year from 优秀, even by adjustment', async () => {
    await t.deps.db.execute(
      sql`insert into ethics_records (region_id, school_id, teacher_id, occurred_on, kind, veto, note)
          values (${w.regionId}, ${w.schoolA}, ${f.a[1]!}, '2025-10-08', 'violation', true, '有偿补课')`,
    );
    const { id, items } = await evaluate({
      indicators: [{ key: 'coverage', weight: 1 }],
      bands: { 优秀: 90, 合格: 60 },
    });
    const a = bySchool(items)[w.schoolA];
    expect(a).toMatchObject({ score: 100, grade: '合格', rank: 1, vetoed: true });
    const card = await call(c.county!, 'GET', `/api/evaluations/${id}/schools/${w.schoolA}`);
    expect(card.body.vetoNote).toContain('有偿补课');
    const up = await call(c.county!, 'PUT', `/api/evaluations/${id}/schools/${w.schoolA}/adjustment`, {
      grade: '优秀',
      reason: '工作突出，予以调整',
    });
    expect(up.status).toBe(409);
    expect(up.body.error.message).toBe('该校有违反师德记录（一票否决），不能评为优秀');
    await t.deps.db.execute(sql`delete from ethics_records where region_id = ${w.regionId}`);
  });

  it('does not look at a violation of another year', async () => {
    await t.deps.db.execute(
      sql`insert into ethics_records (region_id, school_id, teacher_id, occurred_on, kind, veto, note)
          values (${w.regionId}, ${w.schoolA}, ${f.a[1]!}, '2024-10-08', 'violation', true, '往年记录')`,
    );
    const { items } = await evaluate({ indicators: [{ key: 'coverage', weight: 1 }], bands: { 优秀: 90, 合格: 60 } });
    expect(bySchool(items)[w.schoolA]).toMatchObject({ grade: '优秀', vetoed: false });
  });
});

describe('compute → review → manual scores → adjust → publish', () => {
  let id: number;

  it('waits for every manual score before publishing; each score carries its evidence', async () => {
    ({ id } = await evaluate({
      indicators: [
        { key: 'coverage', weight: 50 },
        { key: 'manual:校本研修特色', weight: 50 },
      ],
      bands: { 优秀: 85, 合格: 60 },
    }));
    const early = await call(c.county!, 'POST', `/api/evaluations/${id}/publish`);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('还有 3 项人工评分未录入，录完后才能发布');
    const noEvidence = await call(c.county!, 'PUT', `/api/evaluations/${id}/schools/${w.schoolA}/manual`, {
      item: '校本研修特色',
      score: 80,
      evidence: '',
    });
    expect(noEvidence.status).toBe(400);
    const scored = await call(c.county!, 'PUT', `/api/evaluations/${id}/schools/${w.schoolA}/manual`, {
      item: '校本研修特色',
      score: 80,
      evidence: '研修档案齐全，课例资源库完整',
    });
    expect(scored.status).toBe(200);
    expect(scored.body.score).toBe(90); // (100×50 + 80×50) ÷ 100
    const manual = scored.body.indicators.find((i: Body) => i.key === 'manual:校本研修特色');
    expect(manual).toMatchObject({ value: 80, evidence: '研修档案齐全，课例资源库完整', scoredBy: 'county' });
    for (const [schoolId, score] of [
      [w.schoolB, 70],
      [w.schoolC, 50],
    ] as const) {
      await call(c.county!, 'PUT', `/api/evaluations/${id}/schools/${schoolId}/manual`, {
        item: '校本研修特色',
        score,
        evidence: '现场查看研修记录',
      });
    }
  });

  it('adjusts a score with a reason, and undoes it', async () => {
    const none = await call(c.county!, 'PUT', `/api/evaluations/${id}/schools/${w.schoolC}/adjustment`, {
      score: 65,
      reason: '',
    });
    expect(none.status).toBe(400);
    const adj = await call(c.county!, 'PUT', `/api/evaluations/${id}/schools/${w.schoolC}/adjustment`, {
      score: 65,
      reason: '乡村学校师资紧张，酌情调整',
    });
    expect(adj.status).toBe(200);
    expect(adj.body).toMatchObject({ score: 65, computedScore: 25, grade: '合格' });
    expect(adj.body.adjustment).toMatchObject({ score: 65, reason: '乡村学校师资紧张，酌情调整' });
    const undone = await call(c.county!, 'DELETE', `/api/evaluations/${id}/schools/${w.schoolC}/adjustment`);
    expect(undone.body).toMatchObject({ score: 25, grade: '不合格', adjustment: null });
    await call(c.county!, 'PUT', `/api/evaluations/${id}/schools/${w.schoolC}/adjustment`, {
      score: 65,
      reason: '乡村学校师资紧张，酌情调整',
    });
  });

  it('shows a school only its own scorecard until the ranking is published', async () => {
    const before = await call(c.schoolB!, 'GET', `/api/evaluations/${id}/results`);
    expect(before.status).toBe(200);
    expect(before.body.items.map((x: Body) => x.schoolId)).toEqual([w.schoolB]);
    expect(before.body.items[0].values).toEqual({ coverage: 50, 'manual:校本研修特色': 70 });
    expect((await call(c.schoolB!, 'GET', `/api/evaluations/${id}/schools/${w.schoolA}`)).status).toBe(404);
    expect((await call(c.schoolB!, 'GET', `/api/evaluations/${id}/schools/${w.schoolB}`)).status).toBe(200);
    // Not theirs to change, and not a teacher's to read.
    expect((await call(c.schoolB!, 'POST', `/api/evaluations/${id}/publish`)).status).toBe(403);
    expect((await call(c.leader!, 'POST', `/api/evaluations/${id}/compute`)).status).toBe(403);
    expect((await call(c.teacherA!, 'GET', `/api/evaluations/${id}/results`)).status).toBe(403);

    const published = await call(c.county!, 'POST', `/api/evaluations/${id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', grades: { 优秀: 1, 合格: 2, 不合格: 0 } });
    const bell = await call(c.schoolB!, 'GET', '/api/notifications');
    expect(JSON.stringify(bell.body)).toContain('2025年度学校培训工作考评》结果已发布');

    const after = await call(c.schoolB!, 'GET', `/api/evaluations/${id}/results`);
    const s = bySchool(after.body.items);
    expect(Object.keys(s).map(Number).sort()).toEqual([w.schoolA, w.schoolB, w.schoolC].sort());
    // Another school's place, not its figures nor its adjustment.
    expect(s[w.schoolA]).toMatchObject({ rank: 1, grade: '优秀', score: 90, values: {}, adjusted: false });
    expect(s[w.schoolC]).toMatchObject({ score: 65, adjusted: false, computedScore: 65 });
    expect((await call(c.schoolB!, 'GET', `/api/evaluations/${id}/schools/${w.schoolA}`)).status).toBe(404);
    // Published: no more changes until withdrawn (with a reason).
    expect((await call(c.county!, 'POST', `/api/evaluations/${id}/compute`)).status).toBe(409);
    expect((await call(c.county!, 'POST', `/api/evaluations/${id}/unpublish`, { reason: '' })).status).toBe(400);
    const back = await call(c.county!, 'POST', `/api/evaluations/${id}/unpublish`, { reason: '一所学校申诉，复核' });
    expect(back.body.status).toBe('computed');
    expect((await call(c.schoolB!, 'GET', `/api/evaluations/${id}/results`)).body.items).toHaveLength(1);
    await call(c.county!, 'POST', `/api/evaluations/${id}/publish`);
  });

  it('exports the ranking per group', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/evaluations/${id}/results/export`,
      headers: { cookie: c.county! },
    });
    expect(res.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rowsOut: unknown[][] = [];
    ws.eachRow((r) => rowsOut.push((r.values as unknown[]).slice(1)));
    expect(rowsOut[1]!.slice(0, 5)).toEqual(['名次', '学校', '学校类型', '得分', '等次']);
    expect(rowsOut[2]!.slice(3, 5)).toEqual([90, '优秀']);
    const rowC = rowsOut.find((r) => String(r[1]).includes('乡村小学'))!;
    expect(rowC.slice(3, 5)).toEqual([65, '合格']);
    expect(String(rowC.at(-1))).toContain('调整（原计算分 25）');
  });

  it('keeps drafts to the county and every write on the audit log', async () => {
    const draft = await call(c.county!, 'POST', '/api/evaluations', {
      year: 2026,
      name: '2026年度考评（草拟）',
      indicators: [{ key: 'coverage', weight: 1 }],
      bands: { 优秀: 85, 合格: 60 },
    });
    expect((await call(c.schoolA!, 'GET', `/api/evaluations/${draft.body.id}`)).status).toBe(404);
    expect((await call(c.schoolA!, 'GET', '/api/evaluations')).body.items.map((e: Body) => e.id)).not.toContain(
      draft.body.id,
    );
    const log = await t.deps.db.execute(
      sql`select action from audit_log where entity = 'evaluation' and entity_id = ${String(id)} order by id`,
    );
    const actions = (log as unknown as { rows: Array<{ action: string }> }).rows.map((r) => r.action);
    for (const a of [
      'evaluation.create',
      'evaluation.compute',
      'evaluation.score',
      'evaluation.adjust',
      'evaluation.publish',
      'evaluation.unpublish',
    ]) {
      expect(actions).toContain(a);
    }
  });
});
