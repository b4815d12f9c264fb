// School research plans and summaries: written by the school from a template, submitted, returned
// with comments or accepted by the county; the overview shows who has not submitted; scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from '../../../test/harness.js';
import { type Body, type PlanContext, planContext } from '../projects/projects.fixtures.js';

let c: PlanContext;
beforeAll(async () => {
  c = await planContext();
});
afterAll(() => c.t.close());

const base = '/api/school-research/plans';

describe('plans and summaries', () => {
  let id: number;

  it('starts from the template: the school year September to June', async () => {
    const t = await c.call('schoolA', 'GET', `${base}/template?kind=plan&schoolYear=2025`);
    expect(t.status).toBe(200);
    expect(t.body.items).toHaveLength(10);
    expect(t.body.items[0].month).toBe('2025-09');
    expect(t.body.items.at(-1).month).toBe('2026-06');
    const created = await c.call('schoolA', 'POST', base, {
      ...t.body,
      schoolId: c.w.schoolA,
      schoolYear: 2025,
      kind: 'plan',
    });
    expect(created.status).toBe(201);
    id = created.body.id;
    const dup = await c.call('schoolA', 'POST', base, {
      schoolId: c.w.schoolA,
      schoolYear: 2025,
      kind: 'plan',
      theme: '再写一份',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe('本校2025—2026学年的校本研修计划已存在，请在原记录上修改');
  });

  it('only the school writes it; others do not see it', async () => {
    const body = { schoolId: c.w.schoolA, schoolYear: 2025, kind: 'summary', theme: '总结' };
    expect((await c.call('county', 'POST', base, body)).status).toBe(403);
    expect((await c.call('schoolB', 'POST', base, body)).status).toBe(404);
    expect((await c.call('schoolB', 'GET', `${base}/${id}`)).status).toBe(404);
    expect((await c.call('otherCounty', 'GET', `${base}/${id}`)).status).toBe(404);
    expect((await c.call('areaA', 'GET', `${base}/${id}`)).status).toBe(200);
    expect((await c.call('schoolB', 'PUT', `${base}/${id}`, { theme: '改', items: [] })).status).toBe(404);
  });

  it('is submitted, returned with comments, revised and accepted', async () => {
    expect((await c.call('county', 'POST', `${base}/${id}/review`, { decision: 'accept' })).status).toBe(409);
    const sent = await c.call('schoolA', 'POST', `${base}/${id}/submit`);
    expect(sent.body).toMatchObject({ status: 'submitted', can: { edit: false } });
    expect((await c.call('schoolA', 'PUT', `${base}/${id}`, { theme: '改', items: [] })).status).toBe(409);
    const noComment = await c.call('county', 'POST', `${base}/${id}/review`, { decision: 'return' });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.message).toContain('退回时请写明修改意见');
    expect((await c.call('schoolA', 'POST', `${base}/${id}/review`, { decision: 'accept' })).status).toBe(403);
    const returned = await c.call('county', 'POST', `${base}/${id}/review`, {
      decision: 'return',
      comment: '请补充各月活动的负责人',
    });
    expect(returned.body).toMatchObject({ status: 'returned', reviewComment: '请补充各月活动的负责人' });
    const notes = await count(c.t.deps, 'notifications', `user_id = ${c.w.userIds.schoolA}`);
    expect(notes).toBeGreaterThanOrEqual(1);
    const revised = await c.call('schoolA', 'PUT', `${base}/${id}`, {
      theme: '聚焦新课标的课堂教学改进',
      items: [{ month: '2025-09', title: '组建教研组', type: '教研组活动', responsible: '教科室王老师' }],
      budget: '12000.50',
    });
    expect(revised.body).toMatchObject({
      status: 'returned',
      budget: '12000.50',
      items: [{ responsible: '教科室王老师' }],
    });
    await c.call('schoolA', 'POST', `${base}/${id}/submit`);
    const accepted = await c.call('county', 'POST', `${base}/${id}/review`, { decision: 'accept' });
    expect(accepted.body).toMatchObject({ status: 'accepted', reviewedBy: 'county' });
  });

  it('the overview lists every school with who has not submitted', async () => {
    const all = await c.call('county', 'GET', `${base}?schoolYear=2025`);
    expect(all.body.counts).toMatchObject({ schools: 3, planSubmitted: 1, summarySubmitted: 0 });
    const row = all.body.items.find((r: Body) => r.schoolId === c.w.schoolA);
    expect(row.plan).toMatchObject({ id, status: 'accepted' });
    expect(row.summary).toMatchObject({ id: null, status: 'none' });
    const missing = await c.call('county', 'GET', `${base}?schoolYear=2025&missing=plan`);
    expect(missing.body.items.map((r: Body) => r.schoolId).sort()).toEqual([c.w.schoolB, c.w.schoolC].sort());
    const mine = await c.call('schoolB', 'GET', `${base}?schoolYear=2025`);
    expect(mine.body.items.map((r: Body) => r.schoolId)).toEqual([c.w.schoolB]);
  });
});
