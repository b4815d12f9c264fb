// Exports of personal data leave a trace: who exported what, how many rows, with which filters;
// and the credit-rule update keeps the rules that were in force before it.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../test/harness.js';
import { one, rows } from '../db/client.js';

let t: TestContext;
let w: World;
let county: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  county = await loginAs(t.app, w.users.county);
});
afterAll(() => t.close());

const get = (cookie: string, url: string) => t.app.inject({ url, headers: { cookie } });
const lastAudit = (action: string) =>
  one<{ user_name: string; after: { rows: number; filters: Record<string, unknown> } }>(
    t.deps.db,
    sql`select user_name, after from audit_log where action = ${action} order by id desc limit 1`,
  );

describe('exports of personal data are audited', () => {
  it('the teacher roster: who, how many rows, which filters', async () => {
    const schoolA = await loginAs(t.app, w.users.schoolA);
    const res = await get(
      schoolA,
      `/api/teachers/export?stage=${encodeURIComponent('小学')}&status=${encodeURIComponent('在职')}`,
    );
    expect(res.statusCode).toBe(200);
    const audit = await lastAudit('teacher.export');
    expect(audit).toMatchObject({
      user_name: `schoolA(${w.users.schoolA})`,
      after: { rows: 1, filters: { stage: '小学', status: '在职' } },
    });
  });

  it('the credit progress list and the schools list (principals and their phones)', async () => {
    expect((await get(county, '/api/credits/progress/export?status=all')).statusCode).toBe(200);
    expect(await lastAudit('credit_progress.export')).toMatchObject({
      after: { rows: 2, filters: { status: 'all' } },
    });
    expect((await get(county, `/api/schools/export?areaId=${w.areaA}`)).statusCode).toBe(200);
    expect(await lastAudit('school.export')).toMatchObject({ after: { rows: 2, filters: { areaId: w.areaA } } });
  });
});

describe('credit rules', () => {
  it('records the rules in force before an update, the preset when the county never saved any', async () => {
    const current = (await get(county, '/api/credit-rules')).json();
    expect(current.saved).toBe(false);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/credit-rules',
      headers: { cookie: county },
      payload: { ...current.rules, required: current.rules.required + 10 },
    });
    expect(put.statusCode, put.body).toBe(200);
    const [entry] = await rows<{ before: Record<string, unknown>; after: Record<string, unknown> }>(
      t.deps.db,
      sql`select before, after from audit_log where action = 'credit_rules.update'`,
    );
    expect(entry!.before).toMatchObject({
      saved: false,
      preset: current.rules.preset,
      required: current.rules.required,
    });
    expect(entry!.after).toMatchObject({ required: current.rules.required + 10 });
  });
});
