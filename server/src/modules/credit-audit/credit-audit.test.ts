// The yearly audit table: hours by level and source net of reversals, generation, snapshot on
// submit, sign-off/return transitions, notifications, audit, permissions and scope, the .xlsx.
import { type AuditTable, type AuditTableList, presetRules } from '@shixun/common';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { one } from '../../db/client.js';
import { writeLedger } from '../credits/ledger-write.js';
import { computeAuditRows } from './credit-audit.repo.js';

let t: TestContext;
let w: World;
const cookie: Record<string, string> = {};

async function call(who: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return t.app.inject({ method, url, payload: payload as object | undefined, headers: { cookie: cookie[who]! } });
}

async function ledger(
  teacherId: number,
  hours: number,
  occurredOn: string,
  source: string,
  level: string | null,
  reversesId: number | null = null,
) {
  const [row] = await t.deps.db.transaction((tx) =>
    writeLedger(tx, [{ regionId: w.regionId, teacherId, source, level, hours, occurredOn, reversesId }]),
  );
  return row!.id;
}

const url = (schoolId: number, year = 2025, action = '') =>
  `/api/credit-audit/schools/${schoolId}/years/${year}${action ? `/${action}` : ''}`;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  for (const k of ['county', 'leader', 'areaA', 'schoolA', 'schoolB', 'teacherA'] as const) {
    cookie[k] = await loginAs(t.app, w.users[k]);
  }
  // teacherA (school A) in 2025—2026: 24 县培 project, 30 国培 import (English key), 6 application without
  // level, 10 校培 school activity then reversed, −2 adjustment; outside the year: 100 on 2025-08-31
  // and 50 on 2026-09-01.
  await ledger(w.teacherA, 24, '2025-10-12', 'project', '县培');
  await ledger(w.teacherA, 30, '2026-03-01', 'import', 'national');
  await ledger(w.teacherA, 6, '2026-05-20', 'application', null);
  const act = await ledger(w.teacherA, 10, '2025-11-11', 'school_activity', '校培');
  await ledger(w.teacherA, -10, '2025-11-11', 'school_activity', '校培', act);
  await ledger(w.teacherA, -2, '2026-08-31', 'adjustment', '县培');
  await ledger(w.teacherA, 100, '2025-08-31', 'project', '省培');
  await ledger(w.teacherA, 50, '2026-09-01', 'project', '省培');
  // teacherB (school B): 12 市州培.
  await ledger(w.teacherB, 12, '2026-01-05', 'project', '市州培');
});
afterAll(async () => {
  await t?.close();
});

describe('audit table: OpenAPI', () => {
  it('documents the audit table, archive and ethics endpoints', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of [
      '/api/credit-audit/tables',
      '/api/credit-audit/schools/{schoolId}/years/{year}',
      '/api/credit-audit/schools/{schoolId}/years/{year}/export',
      '/api/credit-audit/schools/{schoolId}/years/{year}/submit',
      '/api/credit-audit/schools/{schoolId}/years/{year}/return',
      '/api/teachers/{id}/archive',
      '/api/teachers/{id}/ethics',
      '/api/ethics-records/{id}',
    ]) {
      expect(paths).toContain(p);
    }
  });
});

describe('audit table: rows', () => {
  it('sums each teacher’s hours in the school year by level and by source, net of reversals', async () => {
    const res = await call('schoolA', 'GET', url(w.schoolA));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<AuditTable>();
    expect(body).toMatchObject({ status: 'none', snapshot: false, start: '2025-09-01', end: '2026-08-31', id: null });
    expect(body.rows).toHaveLength(1);
    const r = body.rows[0]!;
    expect(r).toMatchObject({ teacherId: w.teacherA, name: '张三', total: 58 });
    expect(r.idNumberMasked).not.toBe(w.idNumbers[0]);
    expect(r.byLevel).toEqual({ national: 30, provincial: 0, prefectural: 0, county: 22, school: 0, other: 6 });
    expect(r.bySource).toEqual({ project: 24, school_activity: 0, application: 6, import: 30, adjustment: -2 });
    expect(body.totals).toMatchObject({ teachers: 1, total: 58 });
    expect(JSON.stringify(body)).not.toContain(w.idNumbers[0]);
  });

  it('compares the year’s amount with the annual minimum in the rule set’s unit', async () => {
    const range = { start: '2025-09-01', end: '2026-08-31' };
    const inCredits = await computeAuditRows(t.deps.db, w.regionId, w.schoolA, range, {
      annualMinimum: 48,
      unit: '学分',
      creditsPerHour: 1,
      name: '山东',
    });
    expect(inCredits[0]).toMatchObject({ total: 58, counted: 58, met: true });
    const strict = await computeAuditRows(t.deps.db, w.regionId, w.schoolA, range, {
      annualMinimum: 60,
      unit: '学时',
      creditsPerHour: 1,
      name: '测试',
    });
    expect(strict[0]).toMatchObject({ met: false });
    const none = await computeAuditRows(t.deps.db, w.regionId, w.schoolA, range, {
      annualMinimum: null,
      unit: '学时',
      creditsPerHour: 1,
      name: '全国通用',
    });
    expect(none[0]!.met).toBeNull();
  });

  it('lists teachers who left during the year, not those who left before it', async () => {
    const left = await one<{ id: number }>(
      t.deps.db,
      sql`insert into teachers (region_id, school_id, name, id_enc, id_hash, id_masked, stage, subject, status, status_date)
          values (${w.regionId}, ${w.schoolC}, '退休甲', 'x', 'h-left-1', '5106****0001', '小学', '数学', '退休', '2026-01-10'),
                 (${w.regionId}, ${w.schoolC}, '退休乙', 'x', 'h-left-2', '5106****0002', '小学', '数学', '退休', '2025-06-30')
          returning id`,
    );
    expect(left).toBeTruthy();
    const res = await call('county', 'GET', url(w.schoolC));
    expect(res.json<AuditTable>().rows.map((r) => r.name)).toEqual(['退休甲']);
  });
});

describe('audit table: scope and permissions', () => {
  it('school2 never sees school1’s table; teachers may not read tables', async () => {
    expect((await call('schoolB', 'GET', url(w.schoolA))).statusCode).toBe(404);
    expect((await call('schoolB', 'GET', url(w.schoolA, 2025, 'export'))).statusCode).toBe(404);
    expect((await call('teacherA', 'GET', url(w.schoolA))).statusCode).toBe(403);
    expect((await call('teacherA', 'GET', '/api/credit-audit/tables?year=2025')).statusCode).toBe(403);
    expect((await call('areaA', 'GET', url(w.schoolA))).statusCode).toBe(200);
    expect((await call('areaA', 'GET', url(w.schoolC))).statusCode).toBe(404);
    expect((await call('leader', 'GET', url(w.schoolC))).statusCode).toBe(200);
  });

  it('only the school’s own admin generates it, once, and not for a future year', async () => {
    expect((await call('county', 'POST', url(w.schoolA, 2025, 'generate'))).statusCode).toBe(403);
    expect((await call('leader', 'POST', url(w.schoolA, 2025, 'generate'))).statusCode).toBe(403);
    expect((await call('schoolB', 'POST', url(w.schoolA, 2025, 'generate'))).statusCode).toBe(404);
    const future = await call('schoolA', 'POST', url(w.schoolA, 2099, 'generate'));
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toContain('2099—2100学年尚未开始');
    const bad = await call('schoolA', 'GET', url(w.schoolA, 1999));
    expect(bad.statusCode).toBe(400);
    expect((await call('schoolA', 'POST', url(w.schoolA, 2025, 'submit'))).statusCode).toBe(409);

    const res = await call('schoolA', 'POST', url(w.schoolA, 2025, 'generate'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<AuditTable>()).toMatchObject({ status: 'draft', snapshot: false, generatedBy: 'schoolA' });
    const again = await call('schoolA', 'POST', url(w.schoolA, 2025, 'generate'));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已经生成');
  });
});

describe('audit table: workflow', () => {
  it('signs off only what was submitted', async () => {
    const early = await call('county', 'POST', url(w.schoolA, 2025, 'sign-off'));
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toBe('学校尚未提交审核表');
  });

  it('submit stores a snapshot that later ledger entries do not change, and tells the county', async () => {
    const countyUser = (await one<{ id: number }>(
      t.deps.db,
      sql`select id from users where username = ${w.users.county}`,
    ))!.id;
    const before = await count(t.deps, 'notifications', `user_id = ${countyUser}`);
    expect((await call('county', 'POST', url(w.schoolA, 2025, 'submit'))).statusCode).toBe(403);
    const res = await call('schoolA', 'POST', url(w.schoolA, 2025, 'submit'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<AuditTable>()).toMatchObject({ status: 'submitted', snapshot: true, submittedBy: 'schoolA' });
    expect(await count(t.deps, 'notifications', `user_id = ${countyUser} and kind = 'credit_audit.submitted'`)).toBe(1);
    expect(await count(t.deps, 'notifications', `user_id = ${countyUser}`)).toBe(before + 1);

    await ledger(w.teacherA, 8, '2026-04-01', 'project', '县培');
    const frozen = (await call('county', 'GET', url(w.schoolA))).json<AuditTable>();
    expect(frozen.rows[0]!.total).toBe(58);
    expect(frozen.totals.total).toBe(58);
    expect((await call('schoolA', 'POST', url(w.schoolA, 2025, 'submit'))).statusCode).toBe(409);
  });

  it('the county returns it with a reason; the school sees live rows and resubmits', async () => {
    expect((await call('schoolA', 'POST', url(w.schoolA, 2025, 'return'), { reason: '请核对' })).statusCode).toBe(403);
    expect((await call('leader', 'POST', url(w.schoolA, 2025, 'return'), { reason: '请核对' })).statusCode).toBe(403);
    const noReason = await call('county', 'POST', url(w.schoolA, 2025, 'return'), { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toContain('退回原因');

    const res = await call('county', 'POST', url(w.schoolA, 2025, 'return'), { reason: '张三的国培学时缺证明' });
    expect(res.statusCode, res.body).toBe(200);
    const returned = res.json<AuditTable>();
    expect(returned).toMatchObject({ status: 'returned', snapshot: false, returnReason: '张三的国培学时缺证明' });
    expect(returned.rows[0]!.total).toBe(66);
    expect(await count(t.deps, 'notifications', `kind = 'credit_audit.returned' and body like '%缺证明%'`)).toBe(1);
    expect((await call('county', 'POST', url(w.schoolA, 2025, 'sign-off'))).statusCode).toBe(409);

    const again = await call('schoolA', 'POST', url(w.schoolA, 2025, 'submit'));
    expect(again.statusCode).toBe(200);
    expect(again.json<AuditTable>()).toMatchObject({ status: 'submitted', returnReason: null, snapshot: true });
    expect(again.json<AuditTable>().totals.total).toBe(66);
  });

  it('the county signs it off; it cannot be submitted or returned again', async () => {
    const res = await call('county', 'POST', url(w.schoolA, 2025, 'sign-off'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<AuditTable>()).toMatchObject({ status: 'signed_off', reviewedBy: 'county', snapshot: true });
    expect(await count(t.deps, 'notifications', `kind = 'credit_audit.signed_off'`)).toBe(1);
    expect((await call('schoolA', 'POST', url(w.schoolA, 2025, 'submit'))).statusCode).toBe(409);
    expect((await call('county', 'POST', url(w.schoolA, 2025, 'return'), { reason: '再看看' })).statusCode).toBe(409);
  });

  it('every transition is in the audit log', async () => {
    const actions = await t.deps.db.execute(
      sql`select action from audit_log where entity = 'credit_audit_table' order by id`,
    );
    expect((actions as unknown as { rows: { action: string }[] }).rows.map((r) => r.action)).toEqual([
      'credit_audit.generate',
      'credit_audit.submit',
      'credit_audit.return',
      'credit_audit.submit',
      'credit_audit.sign_off',
    ]);
  });
});

describe('audit table: the county’s rule set', () => {
  it('measures against the annual minimum in force; a signed-off table keeps the rule it was submitted under', async () => {
    await t.deps.db.execute(
      sql`insert into credit_rule_sets (region_id, preset, rules)
          values (${w.regionId}, 'shandong', ${JSON.stringify(presetRules('shandong'))}::jsonb)`,
    );
    const live = (await call('county', 'GET', url(w.schoolB))).json<AuditTable>();
    expect(live).toMatchObject({ annualMinimum: 48, unit: '学分', snapshot: false });
    expect(live.rows[0]).toMatchObject({ name: '李四', total: 12, counted: 12, met: false });
    expect(live.totals).toMatchObject({ met: 0, notMet: 1 });
    const signed = (await call('county', 'GET', url(w.schoolA))).json<AuditTable>();
    expect(signed).toMatchObject({ annualMinimum: null, unit: '学时', status: 'signed_off' });
    expect(signed.rows[0]!.met).toBeNull();
  });
});

describe('audit table: the county list', () => {
  it('lists every school in scope with its status, filterable by area and status', async () => {
    const all = await call('county', 'GET', '/api/credit-audit/tables?year=2025');
    expect(all.statusCode, all.body).toBe(200);
    const list = all.json<AuditTableList>();
    expect(list.total).toBe(3);
    expect(list.counts).toEqual({ none: 2, draft: 0, submitted: 0, signed_off: 1, returned: 0 });
    const a = list.items.find((i) => i.schoolId === w.schoolA)!;
    expect(a).toMatchObject({ status: 'signed_off', teachers: 1, met: null });
    expect(list.items.find((i) => i.schoolId === w.schoolB)).toMatchObject({ status: 'none', teachers: null });

    const areaB = (
      await call('county', 'GET', `/api/credit-audit/tables?year=2025&areaId=${w.areaB}`)
    ).json<AuditTableList>();
    expect(areaB.items.map((i) => i.schoolId)).toEqual([w.schoolC]);
    const none = (
      await call('county', 'GET', '/api/credit-audit/tables?year=2025&status=none&pageSize=1')
    ).json<AuditTableList>();
    expect(none.total).toBe(2);
    expect(none.items).toHaveLength(1);
    const other = (await call('county', 'GET', '/api/credit-audit/tables?year=2024')).json<AuditTableList>();
    expect(other.counts.none).toBe(3);
  });

  it('a school admin sees only their own school; an area admin their area', async () => {
    const mine = (await call('schoolB', 'GET', '/api/credit-audit/tables?year=2025')).json<AuditTableList>();
    expect(mine.items.map((i) => i.schoolId)).toEqual([w.schoolB]);
    const area = (await call('areaA', 'GET', '/api/credit-audit/tables?year=2025')).json<AuditTableList>();
    expect(area.items.map((i) => i.schoolId).sort()).toEqual([w.schoolA, w.schoolB].sort());
  });
});

describe('audit table: export', () => {
  it('exports the usual layout: title, header, rows, totals, signature lines', async () => {
    const res = await call('county', 'GET', url(w.schoolA, 2025, 'export'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('2025—2026学年'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const text = (r: number, c: number) => String(ws.getCell(r, c).value ?? '');
    expect(text(1, 1)).toMatch(/^实验小学\d+2025—2026学年度教师继续教育学时审核表$/);
    expect(text(2, 1)).toContain('2025-09-01 至 2026-08-31');
    expect(text(2, 1)).toContain('已审核');
    expect(text(3, 6)).toBe('按培训级别（学时）');
    expect([6, 7, 8, 9, 10, 11].map((c) => text(4, c))).toEqual(['国培', '省培', '市州培', '县培', '校培', '其他']);
    expect([12, 13, 14, 15, 16].map((c) => text(4, c))).toEqual([
      '培训项目',
      '校本研修',
      '学时申报',
      '历史导入',
      '调整',
    ]);
    expect(text(3, 17)).toBe('合计学时');
    // Row 5: 张三 from the signed-off snapshot (66 = 58 + the 8 added before resubmission).
    expect(text(5, 2)).toBe('张三');
    expect(text(5, 3)).not.toBe(w.idNumbers[0]);
    expect(ws.getCell(5, 6).value).toBe(30);
    expect(ws.getCell(5, 9).value).toBe(30);
    expect(ws.getCell(5, 17).value).toBe(66);
    expect(text(6, 1)).toBe('合计（教师 1 人）');
    expect(ws.getCell(6, 17).value).toBe(66);
    const all: string[] = [];
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        all.push(String(cell.value));
      });
    });
    const joined = all.join('\n');
    expect(joined).toContain('学校审核人（签字）');
    expect(joined).toContain('县级审核人（签字）');
    expect(joined).toContain('日期：');
    expect(joined).toContain('审核通过');
    expect(joined).not.toContain(w.idNumbers[0]);
  });
});
