import { executionRate, fromCents, toCents, trainingBudget } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { createProject } from '../../../test/training.js';
import { one } from '../../db/client.js';
import { samplePdf, upload } from '../attachments/attachments.fixtures.js';
import { as, type Call } from '../enrolment/enrolment.fixtures.js';

let t: TestContext;
let w: World;
let county: Call;
let leader: Call;
let schoolA: Call;
let schoolB: Call;
let teacher: Call;
let cookieA: string;
let cookieB: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  county = as(t.app, await loginAs(t.app, w.users.county));
  leader = as(t.app, await loginAs(t.app, w.users.leader));
  cookieA = await loginAs(t.app, w.users.schoolA);
  cookieB = await loginAs(t.app, w.users.schoolB);
  schoolA = as(t.app, cookieA);
  schoolB = as(t.app, cookieB);
  teacher = as(t.app, await loginAs(t.app, w.users.teacherA));
});
afterAll(() => t.close());

describe('money arithmetic (pure)', () => {
  it('rounds the budget half-up to the cent, like round(numeric, 2)', () => {
    expect(trainingBudget('123456.78', '0.050')).toBe('6172.84');
    expect(trainingBudget('1000.10', '0.05')).toBe('50.01'); // 50.005 → 50.01
    expect(trainingBudget('1000.09', '0.05')).toBe('50.00'); // 50.0045 → 50.00
    expect(trainingBudget('0', '0.1')).toBe('0.00');
    expect(trainingBudget('999999999999.99', '0.1')).toBe('100000000000.00');
    expect(fromCents(toCents('12.3'))).toBe('12.30');
    expect(fromCents(toCents('-0.5'))).toBe('-0.50');
  });
  it('execution rate = spent ÷ budget × 100, one decimal, none without a budget', () => {
    expect(executionRate('300.30', '6172.84')).toBe(4.9);
    expect(executionRate('50', '200')).toBe(25);
    expect(executionRate('1', '3')).toBe(33.3);
    expect(executionRate('2', '3')).toBe(66.7);
    expect(executionRate('250', '200')).toBe(125);
    expect(executionRate('5', '0')).toBeNull();
    expect(executionRate('5', null)).toBeNull();
  });
});

describe('settings', () => {
  it('defaults to 10% with the report-back rule on; only the county changes them', async () => {
    expect((await schoolA('GET', '/api/money/settings')).body).toEqual({
      trainingShare: '0.100',
      requireReportBack: true,
    });
    const denied = await schoolA('PUT', '/api/money/settings', { trainingShare: '0.05' });
    expect(denied.status).toBe(403);
    expect((await leader('PUT', '/api/money/settings', { trainingShare: '0.05' })).status).toBe(403);
    const bad = await county('PUT', '/api/money/settings', { trainingShare: '0.8' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('0.1%–50%');
    const ok = await county('PUT', '/api/money/settings', { trainingShare: '0.05' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ trainingShare: '0.050', requireReportBack: true });
    expect(await count(t.deps, 'audit_log', "action = 'money.settings'")).toBe(1);
  });
});

describe('budgets and execution', () => {
  let projectId: number;
  beforeAll(async () => {
    projectId = await createProject(t.deps, w, { name: '骨干教师省培', level: '省培', year: 2026, status: 'closed' });
  });

  it('sets every school and the county at once; budget = public funds × share, rounded', async () => {
    const denied = await schoolA('PUT', '/api/budgets', {
      year: 2026,
      items: [{ schoolId: w.schoolA, publicFunds: '1000' }],
    });
    expect(denied.status).toBe(403);
    const bad = await county('PUT', '/api/budgets', {
      year: 2026,
      items: [{ schoolId: w.schoolA, publicFunds: '12.345' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('两位小数');
    const res = await county('PUT', '/api/budgets', {
      year: 2026,
      items: [
        { schoolId: w.schoolA, publicFunds: '123456.78' },
        { schoolId: w.schoolB, publicFunds: '1000.10' },
        { schoolId: null, amount: '80000' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ saved: 3, trainingShare: '0.050' });
    const o = await county('GET', '/api/budgets?year=2026');
    expect(o.status).toBe(200);
    const a = o.body.items.find((x: { schoolId: number }) => x.schoolId === w.schoolA);
    const b = o.body.items.find((x: { schoolId: number }) => x.schoolId === w.schoolB);
    const c = o.body.items.find((x: { schoolId: number }) => x.schoolId === w.schoolC);
    expect(a).toMatchObject({ publicFunds: '123456.78', share: '0.050', budget: '6172.84', spent: '0.00', rate: 0 });
    expect(b.budget).toBe(trainingBudget('1000.10', '0.050'));
    expect(b.budget).toBe('50.01');
    expect(c).toMatchObject({ budget: null, remaining: null, rate: null, spent: '0.00' });
    expect(o.body.county).toMatchObject({ schoolId: null, budget: '80000.00', spent: '0.00' });
    expect(o.body.totals).toMatchObject({
      budget: '6222.85',
      publicFunds: '124456.88',
      schools: 3,
      schoolsWithBudget: 2,
    });
    const unknown = await county('PUT', '/api/budgets', {
      year: 2026,
      items: [{ schoolId: 999999, publicFunds: '1' }],
    });
    expect(unknown.status).toBe(400);
    const mixed = await county('PUT', '/api/budgets', { year: 2026, items: [{ schoolId: w.schoolA, amount: '1' }] });
    expect(mixed.status).toBe(400);
    expect(await count(t.deps, 'audit_log', "action = 'budget.set'")).toBe(3);
  });

  it('records expenses per project and trip with receipts; scope decides who writes what', async () => {
    const up = await upload({ app: t.app }, cookieA, 'expense', '发票.pdf', samplePdf('receipt'));
    expect(up.statusCode).toBe(200);
    const fileId = (up.json() as { id: number }).id;
    const e1 = await schoolA('POST', '/api/expenses', {
      schoolId: w.schoolA,
      projectId,
      teacherId: w.teacherA,
      category: 'travel',
      amount: '100.10',
      spentOn: '2026-05-02',
      note: '高铁往返',
      attachmentIds: [fileId],
    });
    expect(e1.body).toMatchObject({ id: expect.any(Number) });
    expect(
      (
        await schoolA('POST', '/api/expenses', {
          schoolId: w.schoolA,
          category: 'lodging',
          amount: '200.2',
          spentOn: '2026-05-03',
        })
      ).status,
    ).toBe(200);
    // Last year's expense does not count against this year's budget.
    expect(
      (
        await schoolA('POST', '/api/expenses', {
          schoolId: w.schoolA,
          category: 'meals',
          amount: '9',
          spentOn: '2025-12-31',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await county('POST', '/api/expenses', {
          schoolId: null,
          category: 'expert_fee',
          amount: '1000.50',
          spentOn: '2026-06-01',
        })
      ).status,
    ).toBe(200);
    const other = await schoolA('POST', '/api/expenses', {
      schoolId: w.schoolB,
      category: 'travel',
      amount: '1',
      spentOn: '2026-06-01',
    });
    expect(other.status).toBe(403);
    const countyBySchool = await schoolA('POST', '/api/expenses', {
      schoolId: null,
      category: 'travel',
      amount: '1',
      spentOn: '2026-06-01',
    });
    expect(countyBySchool.status).toBe(403);
    expect(countyBySchool.body.error.message).toContain('县级');
    expect(
      (
        await leader('POST', '/api/expenses', {
          schoolId: null,
          category: 'travel',
          amount: '1',
          spentOn: '2026-06-01',
        })
      ).status,
    ).toBe(403);
    const zero = await schoolA('POST', '/api/expenses', {
      schoolId: w.schoolA,
      category: 'travel',
      amount: '0',
      spentOn: '2026-06-01',
    });
    expect(zero.status).toBe(400);
    expect(zero.body.error.message).toContain('大于 0');
    const badCat = await schoolA('POST', '/api/expenses', {
      schoolId: w.schoolA,
      category: 'bribes',
      amount: '1',
      spentOn: '2026-06-01',
    });
    expect(badCat.status).toBe(400);
    // Someone else's upload cannot be attached.
    const stolen = await schoolB('POST', '/api/expenses', {
      schoolId: w.schoolB,
      category: 'travel',
      amount: '1',
      spentOn: '2026-06-01',
      attachmentIds: [fileId],
    });
    expect(stolen.status).toBe(400);

    const listA = await schoolA('GET', '/api/expenses?year=2026');
    expect(listA.body.total).toBe(2);
    expect(listA.body.sum).toBe('300.30');
    const withFile = listA.body.items.find((x: { category: string }) => x.category === 'travel');
    expect(withFile).toMatchObject({ projectName: '骨干教师省培', teacherName: '张三', amount: '100.10' });
    expect(withFile.attachments).toEqual([expect.objectContaining({ id: fileId, filename: '发票.pdf' })]);
    expect((await schoolB('GET', '/api/expenses')).body.total).toBe(0);
    const countyOnly = await county('GET', '/api/expenses?county=true');
    expect(countyOnly.body).toMatchObject({ total: 1, sum: '1000.50' });
    expect((await teacher('GET', '/api/expenses')).status).toBe(403);

    // The receipt is served to the school and the county, not to another school.
    expect((await t.app.inject({ url: `/api/attachments/${fileId}`, headers: { cookie: cookieA } })).statusCode).toBe(
      200,
    );
    expect([403, 404]).toContain(
      (await t.app.inject({ url: `/api/attachments/${fileId}`, headers: { cookie: cookieB } })).statusCode,
    );
  });

  it('shows execution: spent, remaining and rate per school, by category, and totals', async () => {
    const o = await county('GET', '/api/budgets?year=2026');
    const a = o.body.items.find((x: { schoolId: number }) => x.schoolId === w.schoolA);
    expect(a).toMatchObject({
      budget: '6172.84',
      spent: '300.30',
      remaining: '5872.54',
      rate: executionRate('300.30', '6172.84'),
    });
    expect(o.body.county).toMatchObject({ spent: '1000.50', remaining: '78999.50', rate: 1.3 });
    expect(o.body.totals).toMatchObject({ spent: '300.30', remaining: '5922.55' });

    const own = await schoolA('GET', '/api/budgets?year=2026');
    expect(own.body.items.map((x: { schoolId: number }) => x.schoolId)).toEqual([w.schoolA]);
    expect(own.body.county).toBeNull();
    expect((await teacher('GET', '/api/budgets?year=2026')).status).toBe(403);
    // The area admin sees the schools of the area (A and B), not the county's own budget.
    const area = as(t.app, await loginAs(t.app, w.users.areaA));
    const ofArea = await area('GET', '/api/budgets?year=2026');
    expect(ofArea.body.items.map((x: { schoolId: number }) => x.schoolId).sort()).toEqual(
      [w.schoolA, w.schoolB].sort(),
    );
    expect(ofArea.body.county).toBeNull();
    expect(ofArea.body.totals.spent).toBe('300.30');
    expect((await area('GET', '/api/expenses?county=true')).body.total).toBe(0);

    const d = await schoolA('GET', `/api/budgets/detail?year=2026&schoolId=${w.schoolA}`);
    expect(d.status).toBe(200);
    expect(d.body.byCategory).toEqual([
      { category: 'lodging', amount: '200.20', count: 1 },
      { category: 'travel', amount: '100.10', count: 1 },
    ]);
    expect((await schoolA('GET', `/api/budgets/detail?year=2026&schoolId=${w.schoolB}`)).status).toBe(404);
    expect((await schoolA('GET', '/api/budgets/detail?year=2026')).status).toBe(404);
    const cd = await leader('GET', '/api/budgets/detail?year=2026');
    expect(cd.body.byCategory).toEqual([{ category: 'expert_fee', amount: '1000.50', count: 1 }]);

    const page = await county('GET', '/api/budgets?year=2026&pageSize=1&page=2');
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBe(3);
  });

  it('recomputes a year with a new share and exports the table', async () => {
    const r = await county('PUT', '/api/money/settings', { trainingShare: '0.1', recomputeYear: 2026 });
    expect(r.body.trainingShare).toBe('0.100');
    const b = await one<{ amount: string; share: string }>(
      t.deps.db,
      sql`select amount::text as amount, share::text as share from budgets where school_id = ${w.schoolA} and year = 2026`,
    );
    expect(b).toEqual({ amount: '12345.68', share: '0.100' });
    const x = await t.app.inject({ url: '/api/budgets/export?year=2026', headers: { cookie: cookieA } });
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
    // Clearing public funds removes a school's budget.
    await county('PUT', '/api/budgets', { year: 2026, items: [{ schoolId: w.schoolB, publicFunds: null }] });
    expect(await count(t.deps, 'budgets', `school_id = ${w.schoolB}`)).toBe(0);
  });

  it('deletes a directly recorded expense (audited), not another school’s', async () => {
    const list = await schoolA('GET', '/api/expenses?year=2026&category=lodging');
    const id = list.body.items[0].id;
    expect((await schoolB('DELETE', `/api/expenses/${id}`)).status).toBe(404);
    expect((await schoolA('DELETE', `/api/expenses/${id}`)).status).toBe(200);
    expect(await count(t.deps, 'audit_log', "action = 'expense.delete'")).toBe(1);
    expect((await schoolA('GET', '/api/expenses?year=2026')).body.sum).toBe('100.10');
  });
});
