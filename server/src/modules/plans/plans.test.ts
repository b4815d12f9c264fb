// 个人专业发展规划: a teacher writes a five-year plan and yearly plans, the school approves or returns
// them; the year-end summary opens on 1 November of the plan's year and sits beside the ledger.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeacher, type PeopleContext, peopleContext, thisYear } from '../../../test/people.js';
import { one, rows } from '../../db/client.js';
import { writeLedger } from '../credits/ledger-write.js';

let c: PeopleContext;
const year = thisYear();
let teacher: Awaited<ReturnType<typeof addTeacher>>;
let fiveYearId: number;
let lastYearId: number;
let nextYearId: number;

const goals = '三年内成为校级骨干教师，五年内形成自己的课堂教学风格。';

beforeAll(async () => {
  c = await peopleContext();
  teacher = await addTeacher(c.t.deps, c.w, { name: '陈青年', schoolId: c.w.schoolA, account: true });
  // What the ledger shows for last year: 24 hours posted, 4 taken back by a reversal.
  await c.t.deps.db.transaction((tx) =>
    writeLedger(
      tx,
      [
        [24, `${year - 1}-05-10`],
        [-4, `${year - 1}-06-01`],
        [9, `${year - 3}-06-01`],
      ].map(([hours, occurredOn]) => ({
        regionId: c.w.regionId,
        teacherId: teacher.id,
        source: 'adjustment',
        hours: Number(hours),
        occurredOn: String(occurredOn),
      })),
    ),
  );
});
afterAll(() => c.t.close());

describe('personal development plans', () => {
  it('a teacher writes a five-year plan as a draft and yearly plans; one plan per kind and start year', async () => {
    const five = await c.call(teacher.userId!, 'POST', '/api/me/plans', {
      kind: 'five_year',
      startYear: year - 1,
      goals,
      items: [{ title: '大单元教学设计研修', category: '学科教学', hours: 24 }],
      hoursTarget: 360,
    });
    expect(five.status).toBe(201);
    fiveYearId = five.body.id;
    const again = await c.call(teacher.userId!, 'POST', '/api/me/plans', {
      kind: 'five_year',
      startYear: year - 1,
      goals,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(`${year - 1}—${year + 3}年五年发展规划`);

    const last = await c.call(teacher.userId!, 'POST', '/api/me/plans', {
      kind: 'yearly',
      startYear: year - 1,
      goals: '完成年度72学时，上好一节校级公开课。',
      hoursTarget: 72,
      submit: true,
    });
    expect(last.status).toBe(201);
    lastYearId = last.body.id;
    const next = await c.call(teacher.userId!, 'POST', '/api/me/plans', {
      kind: 'yearly',
      startYear: year + 1,
      goals: '参加县级骨干教师培训，完成一项微课题。',
      submit: true,
    });
    nextYearId = next.body.id;

    const bad = await c.call(teacher.userId!, 'POST', '/api/me/plans', {
      kind: 'yearly',
      startYear: year,
      goals: '太短',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.fields)).toContain('至少10个字');

    const mine = await c.call(teacher.userId!, 'GET', '/api/me/plans');
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(3);
    const f = mine.body.items.find((p: { id: number }) => p.id === fiveYearId);
    expect(f).toMatchObject({
      kind: 'five_year',
      startYear: year - 1,
      endYear: year + 3,
      status: 'draft',
      hoursTarget: 360,
    });
    expect(f.can).toMatchObject({ edit: true, submit: true, review: false });
    // The ledger over the plan's years: last year's 20 net hours (the entry three years back is outside).
    const l = mine.body.items.find((p: { id: number }) => p.id === lastYearId);
    expect(l.ledger).toEqual({ hours: 20, entries: 2, completedTrainings: 0 });
    expect(l.status).toBe('submitted');
    expect(l.can.edit).toBe(false);

    // The school is told a plan waits for it.
    const n = await rows<{ title: string }>(
      c.t.deps.db,
      sql`select n.title from notifications n join users u on u.id = n.user_id
          where u.username = ${c.w.users.schoolA} and n.kind = 'plan.submitted'`,
    );
    expect(n.length).toBe(2);
    expect(n[0]!.title).toContain('陈青年');
  });

  it('the teacher edits a draft, but not a submitted plan; nobody else edits it', async () => {
    const edit = await c.call(teacher.userId!, 'PATCH', `/api/plans/${fiveYearId}`, { hoursTarget: 400 });
    expect(edit.status).toBe(200);
    expect((await c.call(teacher.userId!, 'GET', `/api/plans/${fiveYearId}`)).body.hoursTarget).toBe(400);
    expect((await c.call(teacher.userId!, 'PATCH', `/api/plans/${lastYearId}`, { hoursTarget: 1 })).status).toBe(409);
    expect((await c.call('teacherA', 'PATCH', `/api/plans/${fiveYearId}`, { hoursTarget: 1 })).status).toBe(404);
    expect((await c.call('schoolA', 'PATCH', `/api/plans/${fiveYearId}`, { hoursTarget: 1 })).status).toBe(403);
    const audit = await one<{ n: number }>(
      c.t.deps.db,
      sql`select count(*)::int as n from audit_log where action = 'plan.update' and entity_id = ${String(fiveYearId)}`,
    );
    expect(audit!.n).toBe(1);
  });

  it('the school sees its teachers’ plans; another school, another teacher and another county see none', async () => {
    const list = await c.call('schoolA', 'GET', `/api/plans?status=submitted`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { id: number }) => p.id).sort()).toEqual([lastYearId, nextYearId].sort());
    expect(list.body.items[0].can.review).toBe(true);
    const byYear = await c.call('schoolA', 'GET', `/api/plans?year=${year + 2}`);
    expect(byYear.body.items.map((p: { id: number }) => p.id)).toEqual([fiveYearId]);
    expect((await c.call('schoolA', 'GET', `/api/plans?q=${encodeURIComponent('陈青')}`)).body.total).toBe(3);
    expect((await c.call('schoolB', 'GET', '/api/plans')).body.total).toBe(0);
    expect((await c.call('schoolB', 'GET', `/api/plans/${lastYearId}`)).status).toBe(404);
    expect((await c.call('teacherA', 'GET', `/api/plans/${lastYearId}`)).status).toBe(404);
    expect((await c.call('otherCounty', 'GET', '/api/plans')).body.total).toBe(0);
    expect((await c.call('otherCounty', 'GET', `/api/plans/${lastYearId}`)).status).toBe(404);
    expect((await c.call('areaA', 'GET', '/api/plans')).body.total).toBe(3);
    expect((await c.call('county', 'GET', '/api/plans')).body.total).toBe(3);
  });

  it('the school returns a plan with a reason, the teacher resubmits, the school approves', async () => {
    const noReason = await c.call('schoolA', 'POST', `/api/plans/${nextYearId}/decide`, { approve: false });
    expect(noReason.status).toBe(400);
    expect((await c.call('schoolB', 'POST', `/api/plans/${nextYearId}/decide`, { approve: true })).status).toBe(404);
    expect((await c.call('county', 'POST', `/api/plans/${nextYearId}/decide`, { approve: true })).status).toBe(403);
    const back = await c.call('schoolA', 'POST', `/api/plans/${nextYearId}/decide`, {
      approve: false,
      reason: '请把微课题的名称和预期成果写具体',
    });
    expect(back.status).toBe(200);
    const returned = (await c.call(teacher.userId!, 'GET', `/api/plans/${nextYearId}`)).body;
    expect(returned).toMatchObject({ status: 'returned', returnReason: '请把微课题的名称和预期成果写具体' });
    expect(returned.can.edit).toBe(true);
    const note = await rows<{ title: string; body: string }>(
      c.t.deps.db,
      sql`select n.title, n.body from notifications n where n.user_id = ${teacher.userId!} and n.kind = 'plan.returned'`,
    );
    expect(note[0]!.body).toBe('请把微课题的名称和预期成果写具体');

    await c.call(teacher.userId!, 'PATCH', `/api/plans/${nextYearId}`, {
      goals: '参加县级骨干教师培训，完成微课题《低年级识字游戏化》并形成案例一篇。',
    });
    expect((await c.call(teacher.userId!, 'POST', `/api/plans/${nextYearId}/submit`)).status).toBe(200);
    expect((await c.call(teacher.userId!, 'POST', `/api/plans/${nextYearId}/submit`)).status).toBe(409);
    expect((await c.call('schoolA', 'POST', `/api/plans/${nextYearId}/decide`, { approve: true })).status).toBe(200);
    expect((await c.call('schoolA', 'POST', `/api/plans/${nextYearId}/decide`, { approve: true })).status).toBe(409);
    expect((await c.call('schoolA', 'POST', `/api/plans/${lastYearId}/decide`, { approve: true })).status).toBe(200);
    const approved = (await c.call(teacher.userId!, 'GET', `/api/plans/${lastYearId}`)).body;
    expect(approved).toMatchObject({ status: 'approved', decidedByName: 'schoolA', returnReason: null });
    expect(approved.can.summarise).toBe(true);
    const actions = await rows<{ action: string }>(
      c.t.deps.db,
      sql`select action from audit_log where entity = 'development_plan' and entity_id = ${String(nextYearId)} order by id`,
    );
    expect(actions.map((a) => a.action)).toEqual([
      'plan.create',
      'plan.return',
      'plan.update',
      'plan.submit',
      'plan.approve',
    ]);
  });

  it('the year-end summary: only on an approved yearly plan, from 1 November of its year', async () => {
    const s = '全年完成学时20学时，上了一节校级公开课，微课题尚未结题，明年继续。';
    expect((await c.call(teacher.userId!, 'POST', `/api/plans/${lastYearId}/summary`, { summary: s })).status).toBe(
      200,
    );
    const done = (await c.call(teacher.userId!, 'GET', `/api/plans/${lastYearId}`)).body;
    expect(done.summary).toBe(s);
    expect(done.ledger.hours).toBe(20);
    const early = await c.call(teacher.userId!, 'POST', `/api/plans/${nextYearId}/summary`, { summary: s });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe(`年度总结可在${year + 1}年11月1日后填写`);
    const five = await c.call(teacher.userId!, 'POST', `/api/plans/${fiveYearId}/summary`, { summary: s });
    expect(five.status).toBe(409);
    expect((await c.call('teacherA', 'POST', `/api/plans/${lastYearId}/summary`, { summary: s })).status).toBe(404);
  });

  it('exports the school’s plans under the list’s filters, audited', async () => {
    const x = await c.xlsx('schoolA', `/api/plans/export?kind=yearly`);
    expect(x.status).toBe(200);
    expect(x.rows[0]).toContain('发展目标');
    expect(x.rows.slice(1).map((r) => r[1])).toEqual(['陈青年', '陈青年']);
    expect((await c.xlsx('schoolB', '/api/plans/export')).rows).toHaveLength(1);
    expect((await c.xlsx('teacherA', '/api/plans/export')).rows).toHaveLength(1);
    const audit = await one<{ n: number }>(
      c.t.deps.db,
      sql`select count(*)::int as n from audit_log where action = 'plan.export'`,
    );
    expect(audit!.n).toBe(3);
  });

  it('an account without a teacher record has no plans of its own', async () => {
    expect((await c.call('schoolA', 'GET', '/api/me/plans')).status).toBe(403);
    const res = await c.call('teacherA', 'GET', '/api/me/plans');
    expect(res.body).toEqual({ items: [], total: 0 });
  });
});
