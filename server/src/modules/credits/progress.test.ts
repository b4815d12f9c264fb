// The credit bank's API: rule set, progress (contract), adjustments and reversals, who is behind,
// certified statements and their public verification; scope for every role.

import { progressListQuery } from '@shixun/common';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { assessmentContext, type Body, type Ctx } from '../assessment/assessment.fixtures.js';
import { writeLedger } from './ledger-write.js';
import { progressList, teacherProgress } from './progress.service.js';

let c: Ctx;
const Y = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
const start = 2021 + 5 * Math.floor((Y - 2021) / 5);

beforeAll(async () => {
  c = await assessmentContext();
});
afterAll(async () => {
  await c?.t.close();
});

async function entry(teacherId: number, hours: number, occurredOn: string, more: Record<string, unknown> = {}) {
  const m = { source: 'project', category: '学科/新课标', level: '县培', mode: '集中面授', ...more };
  const [row] = await c.deps.db.transaction((tx) =>
    writeLedger(tx, [
      {
        regionId: c.w.regionId,
        teacherId,
        source: m.source as string,
        category: m.category as string,
        level: m.level as string | null,
        mode: m.mode as string | null,
        hours,
        occurredOn,
      },
    ]),
  );
  return row!.id;
}
const auditCount = async (action: string) =>
  (await one<{ n: number }>(c.deps.db, sql`select count(*)::int as n from audit_log where action = ${action}`))!.n;

describe('rule set', () => {
  it('defaults to the national preset, lists presets, and only the county saves', async () => {
    const r = await c.call('teacherA', 'GET', '/api/credit-rules');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ saved: false, overridden: [], rules: { preset: 'national', required: 360 } });
    const presets = await c.call('schoolA', 'GET', '/api/credit-rules/presets');
    expect(presets.body.items.map((p: Body) => p.id)).toEqual([
      'national',
      'shandong',
      'zhejiang',
      'jiangsu',
      'sichuan',
      'source_cap',
    ]);
    const jiangsu = presets.body.items.find((p: Body) => p.id === 'jiangsu').rules;
    expect((await c.call('schoolA', 'PUT', '/api/credit-rules', jiangsu)).status).toBe(403);
    expect((await c.call('leader', 'PUT', '/api/credit-rules', jiangsu)).status).toBe(403);
    const bad = await c.call('county', 'PUT', '/api/credit-rules', {
      ...jiangsu,
      buckets: [{ ...jiangsu.buckets[0], cap: 100 }],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('最低要求（180）大于上限（100）');
    const before = await auditCount('credit_rules.update');
    const saved = await c.call('county', 'PUT', '/api/credit-rules', {
      ...jiangsu,
      activities: { ...jiangsu.activities, open_lesson: { ...jiangsu.activities.open_lesson, cycleCap: 12 } },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ saved: true, overridden: ['activities.open_lesson.cycleCap'] });
    expect(await auditCount('credit_rules.update')).toBe(before + 1);
    // Other counties keep their own.
    expect((await c.call('otherCounty', 'GET', '/api/credit-rules')).body.rules.preset).toBe('national');
  });
});

describe('progress of one teacher', () => {
  it('answers the contract, with caps marked, scoped like the teacher detail', async () => {
    const t = c.w.teacherA;
    await entry(t, 100, `${start}-03-01`, { level: '校培' });
    await entry(t, 60, `${start}-04-01`);
    for (const d of ['05-01', '05-02', '05-03'])
      await entry(t, 6, `${start}-${d}`, { source: 'application', category: 'open_lesson', level: null, mode: null });
    await entry(t, 999, `${start - 1}-06-01`); // previous cycle
    const url = `/api/teachers/${t}/credits`;
    const r = await c.call('teacherA', 'GET', url);
    expect(r.status).toBe(200);
    const p = r.body;
    expect(p).toMatchObject({
      teacherId: t,
      ruleName: '江苏',
      unit: '学时',
      cycle: { start, end: start + 4 },
      required: 360,
      earned: 178,
      counted: 172,
      annualMinimum: null,
      readyForRegistration: false,
    });
    expect(p.byCategory).toEqual([
      { key: 'bucket:county_up', category: '县级及以上培训', earned: 60, counted: 60, min: 180, cap: null },
      { key: 'activity:open_lesson', category: '公开课/示范课', earned: 18, counted: 12, min: null, cap: 12 },
    ]);
    expect(p.missing).toEqual([
      `${start}—${start + 4} 周期还差 188 学时（已计 172 学时，要求 360 学时）`,
      '“县级及以上培训”还差 120 学时（已计 60 学时，最低 180 学时）',
    ]);
    const capped = p.entries.find((e: Body) => e.occurredOn === `${start}-05-03`);
    expect(capped).toMatchObject({ value: 6, counted: 0, capped: [{ rule: 'activity:open_lesson', cut: 6 }] });
    expect(p.entries.every((e: Body) => e.occurredOn >= `${start}-01-01`)).toBe(true);
    // The previous cycle on request.
    const prev = await c.call('teacherA', 'GET', `${url}?cycle=${start - 1}`);
    expect(prev.body).toMatchObject({ cycle: { start: start - 5, end: start - 1 }, counted: 999, status: 'complete' });

    for (const who of ['county', 'leader', 'schoolA', 'areaA'] as const)
      expect((await c.call(who, 'GET', url)).status).toBe(200);
    for (const who of ['schoolB', 'teacherB', 'otherCounty'] as const)
      expect((await c.call(who, 'GET', url)).status).toBe(404);
    // Trainers hold no credits permission at all.
    expect((await c.call('trainer', 'GET', url)).status).toBe(403);
    expect((await c.call('anon', 'GET', url)).status).toBe(401);
    expect((await c.call('teacherA', 'GET', `${url}?cycle=abc`)).status).toBe(400);
  });
});

describe('adjustments and reversals', () => {
  it('only the county adjusts; entries are never edited; all audited and told', async () => {
    const t = c.w.teacherB;
    const body = {
      hours: 12,
      occurredOn: `${start}-09-01`,
      category: '其他',
      level: '县培',
      reason: '补录送教下乡学时',
    };
    const url = `/api/teachers/${t}/credit-adjustments`;
    expect((await c.call('schoolB', 'POST', url, body)).status).toBe(403);
    expect((await c.call('leader', 'POST', url, body)).status).toBe(403);
    expect((await c.call('teacherB', 'POST', url, body)).status).toBe(403);
    const zero = await c.call('county', 'POST', url, { ...body, hours: 0 });
    expect(zero.status).toBe(400);
    expect(JSON.stringify(zero.body)).toContain('学时不能为 0');
    const noReason = await c.call('county', 'POST', url, { ...body, reason: '' });
    expect(JSON.stringify(noReason.body)).toContain('请填写调整原因');
    expect((await c.call('otherCounty', 'POST', url, body)).status).toBe(404);
    const ok = await c.call('county', 'POST', url, body);
    expect(ok.status).toBe(200);
    const adjId = ok.body.id;
    const p1 = (await c.call('teacherB', 'GET', `/api/teachers/${t}/credits`)).body;
    expect(p1.counted).toBe(12);
    expect(p1.entries[0]).toMatchObject({ id: adjId, source: 'adjustment', note: '补录送教下乡学时', counted: 12 });

    const rev = `/api/credit-entries/${adjId}/reverse`;
    expect((await c.call('schoolB', 'POST', rev, { reason: '录入错误' })).status).toBe(403);
    expect((await c.call('otherCounty', 'POST', rev, { reason: '录入错误' })).status).toBe(404);
    const r1 = await c.call('county', 'POST', rev, { reason: '录入错误' });
    expect(r1.status).toBe(200);
    const again = await c.call('county', 'POST', rev, { reason: '录入错误' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('该记录已被冲销');
    const revRev = await c.call('county', 'POST', `/api/credit-entries/${r1.body.id}/reverse`, { reason: '再冲' });
    expect(revRev.body.error.message).toBe('这是一条冲销记录，不能再冲销');
    const p2 = (await c.call('teacherB', 'GET', `/api/teachers/${t}/credits`)).body;
    expect(p2.counted).toBe(0);
    expect(p2.entries.map((e: Body) => e.cancelled).sort()).toEqual(['reversal', 'reversed']);
    expect(await auditCount('credit.adjust')).toBe(1);
    expect(await auditCount('credit.reverse')).toBe(1);
    const notes = await one<{ n: number }>(
      c.deps.db,
      sql`select count(*)::int as n from notifications where kind in ('credit.adjusted', 'credit.reversed')`,
    );
    expect(notes!.n).toBe(2);
  });
});

describe('who is behind in the first year of a cycle', () => {
  it("lists a teacher with nothing by December of the cycle's first year, behind the pro-rata pace", async () => {
    // The services take "now": stand in the first December (then January) of the current cycle.
    const county: CurrentUser = {
      id: c.userIds.county,
      username: 'county',
      displayName: 'county',
      role: 'county_admin',
      regionId: c.w.regionId,
      schoolId: null,
      areaId: null,
      consortiumId: null,
      teacherId: null,
      mustChangePassword: false,
    };
    const december = new Date(`${start}-12-10T04:00:00Z`);
    const q = progressListQuery.parse({ status: 'at_risk', pageSize: 50 });
    const r = await progressList(c.deps.db, county, q, december);
    const b = r.items.find((x) => x.teacherId === c.w.teacherB);
    expect(b).toBeDefined();
    expect(b!.counted).toBeLessThan(66);
    expect(b).toMatchObject({ status: 'behind_cycle', expected: 66, behind: 66 - b!.counted });
    expect(r.summary.behindCycle).toBeGreaterThanOrEqual(1);
    const one = await teacherProgress(c.deps.db, c.w.regionId, c.w.teacherB, undefined, december);
    expect(one).toMatchObject({ status: 'behind_cycle', expected: 66 });
    // In the first January nothing is expected yet.
    const jan = await teacherProgress(
      c.deps.db,
      c.w.regionId,
      c.w.teacherB,
      undefined,
      new Date(`${start}-01-20T04:00:00Z`),
    );
    expect(jan).toMatchObject({ expected: 0, behind: 0 });
    // The API answers the same fields.
    const api = await c.call('county', 'GET', `/api/teachers/${c.w.teacherB}/credits`);
    expect(api.body).toHaveProperty('expected');
    expect(api.body).toHaveProperty('behind');
  });
});

describe('who is behind', () => {
  it('lists teachers in scope with status and summary, filters, pages and exports', async () => {
    const county = await c.call('county', 'GET', '/api/credits/progress?pageSize=1');
    expect(county.status).toBe(200);
    expect(county.body.total).toBe(2);
    expect(county.body.items).toHaveLength(1);
    expect(county.body.summary.teachers).toBe(2);
    expect(county.body.cycle).toEqual({ start, end: start + 4 });
    const school = await c.call('schoolA', 'GET', '/api/credits/progress');
    expect(school.body.items.map((r: Body) => r.teacherId)).toEqual([c.w.teacherA]);
    expect(school.body.items[0]).toMatchObject({ name: '张三', counted: 172, required: 360 });
    expect(school.body.items[0].missing[0]).toContain('还差 188 学时');
    const bySchool = await c.call('county', 'GET', `/api/credits/progress?schoolId=${c.w.schoolB}`);
    expect(bySchool.body.items.map((r: Body) => r.teacherId)).toEqual([c.w.teacherB]);
    const byName = await c.call('county', 'GET', `/api/credits/progress?q=${encodeURIComponent('李')}`);
    expect(byName.body.items.map((r: Body) => r.name)).toEqual(['李四']);
    const complete = await c.call('county', 'GET', `/api/credits/progress?status=complete&cycle=${start - 1}`);
    expect(complete.body.items.map((r: Body) => r.teacherId)).toEqual([c.w.teacherA]);
    expect(complete.body.items[0].readyForRegistration).toBe(true);
    expect((await c.call('teacherA', 'GET', '/api/credits/progress')).status).toBe(403);
    expect((await c.call('trainer', 'GET', '/api/credits/progress')).status).toBe(403);
    const other = (await c.call('otherCounty', 'GET', '/api/credits/progress')).body.items.map(
      (r: Body) => r.teacherId,
    );
    expect(other).toEqual(expect.not.arrayContaining([c.w.teacherA, c.w.teacherB]));
    expect(other).toHaveLength(2);
    expect((await c.call('county', 'GET', '/api/credits/progress?status=bogus')).status).toBe(400);

    const x = await c.call('schoolA', 'GET', '/api/credits/progress/export');
    expect(x.status).toBe(200);
    expect(String(x.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(3).value).toBe('姓名');
    expect(ws.rowCount).toBe(2);
    expect(ws.getRow(2).getCell(3).value).toBe('张三');
  });

  it('the list never shows stale figures: a new entry, a rule change or a new post shows at once', async () => {
    const url = `/api/credits/progress?schoolId=${c.w.schoolB}`;
    const first = (await c.call('county', 'GET', url)).body.items[0];
    expect((await c.call('county', 'GET', url)).body.items[0]).toEqual(first);
    await entry(c.w.teacherB, 7, `${start}-02-02`);
    const second = (await c.call('county', 'GET', url)).body.items[0];
    expect(second.counted).toBe(first.counted + 7);
    const rules = (await c.call('county', 'GET', '/api/credit-rules')).body.rules;
    await c.call('county', 'PUT', '/api/credit-rules', { ...rules, required: 300 });
    expect((await c.call('county', 'GET', url)).body.items[0].required).toBe(300);
    await c.call('county', 'PUT', '/api/credit-rules', rules);
    expect((await c.call('county', 'GET', url)).body.items[0].required).toBe(360);
  });

  it('a 违反师德 record in the cycle blocks 定期注册', async () => {
    const exists = await one<{ ok: boolean }>(
      c.deps.db,
      sql`select to_regclass('public.ethics_records') is not null as ok`,
    );
    if (!exists?.ok) return; // the ethics record arrives with migration 0006
    await c.deps.db.execute(
      sql`insert into ethics_records (region_id, school_id, teacher_id, occurred_on, kind, veto, note)
          values (${c.w.regionId}, ${c.w.schoolA}, ${c.w.teacherA}, ${`${start - 2}-05-01`}, 'violation', true, '测试')`,
    );
    const r = await c.call('county', 'GET', `/api/credits/progress?status=complete&cycle=${start - 1}`);
    expect(r.body.items[0]).toMatchObject({ status: 'complete', ethicsClean: false, readyForRegistration: false });
    const ready = await c.call('county', 'GET', `/api/credits/progress?status=ready&cycle=${start - 1}`);
    expect(ready.body.total).toBe(0);
  });
});

describe('certified statements', () => {
  it('issues, prints, verifies publicly and revokes', async () => {
    const t = c.w.teacherA;
    const url = `/api/teachers/${t}/credit-statements`;
    expect((await c.call('leader', 'POST', url, { period: 'cycle', year: Y })).status).toBe(403);
    expect((await c.call('schoolB', 'POST', url, { period: 'cycle', year: Y })).status).toBe(404);
    expect((await c.call('teacherA', 'POST', url, { period: 'year', year: Y + 1 })).status).toBe(409);
    const issued = await c.call('teacherA', 'POST', url, { period: 'cycle', year: Y });
    expect(issued.status).toBe(200);
    const s = issued.body;
    expect(s.number).toMatch(/^XS-\d{4}-\d+-[0-9A-Z]{6}$/);
    expect(s).toMatchObject({ period: 'cycle', startYear: start, endYear: start + 4, counted: 172, required: 360 });
    expect(s.issuer).toBe('甲县教师发展中心');
    const year = await c.call('schoolA', 'POST', url, { period: 'year', year: start });
    expect(year.body).toMatchObject({ period: 'year', startYear: start, endYear: start, counted: 172, required: null });

    const list = await c.call('teacherA', 'GET', url);
    expect(list.body.items).toHaveLength(2);
    expect((await c.call('schoolB', 'GET', url)).status).toBe(404);

    const detail = await c.call('teacherA', 'GET', `/api/credit-statements/${s.number}`);
    expect(detail.status).toBe(200);
    expect(detail.body.idMasked).toMatch(/^\*{14}\w{4}$/); // the last four characters only
    expect(detail.body.snapshot.byLevel).toEqual([
      { level: '县培', counted: 60 },
      { level: '校培', counted: 100 },
      { level: '其他', counted: 12 },
    ]);
    expect(detail.body.snapshot.entries.map((e: Body) => e.counted)).toEqual([100, 60, 6, 6]);
    expect(detail.body.verifyPath).toBe(`/verify/statement/${s.number}`);
    expect(JSON.stringify(detail.body)).not.toContain(c.w.idNumbers[0]);
    expect((await c.call('schoolB', 'GET', `/api/credit-statements/${s.number}`)).status).toBe(404);
    expect((await c.call('leader', 'GET', `/api/credit-statements/${s.number}`)).status).toBe(200);

    const pdf = await c.call('teacherA', 'GET', `/api/credit-statements/${s.number}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.raw.toString('latin1')).toContain(`/verify/statement/${s.number}`);

    const v = await c.call('anon', 'GET', `/api/verify/statements/${s.number}`);
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ number: s.number, name: '张*', counted: 172, revoked: false, period: 'cycle' });
    expect((await c.call('anon', 'GET', '/api/verify/statements/XS-2026-1-AAAAAA')).status).toBe(404);
    expect((await c.call('anon', 'GET', '/api/verify/statements/nonsense')).status).toBe(400);

    const revoke = `/api/credit-statements/${s.number}/revoke`;
    expect((await c.call('schoolA', 'POST', revoke, { reason: '信息有误' })).status).toBe(403);
    expect((await c.call('county', 'POST', revoke, { reason: '信息有误' })).status).toBe(200);
    expect((await c.call('county', 'POST', revoke, { reason: '信息有误' })).status).toBe(409);
    const after = await c.call('anon', 'GET', `/api/verify/statements/${s.number}`);
    expect(after.body.revoked).toBe(true);
    expect(await auditCount('credit_statement.issue')).toBe(2);
    expect(await auditCount('credit_statement.revoke')).toBe(1);
  });
});
