// The credit totals never disagree with the ledger: after every kind of posting (adjustment,
// reversal, project completion and its correction, approved application, historical import,
// results import), every rule change, a change of a teacher's hire date or posts, and concurrent
// postings to one teacher, the stored totals equal a fresh evaluation of the whole ledger.
import { randomUUID } from 'node:crypto';
import { presetRules } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one } from '../../db/client.js';
import { assessmentContext, type Ctx, mark, runningProject, setStatus } from '../assessment/assessment.fixtures.js';
import { csv, multipart, xlsx } from '../imports/imports.fixtures.js';
import { ensureAllTotals, ensureTotals, recomputedTotals, storedTotals } from './totals.js';

let c: Ctx;
const Y = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));

beforeAll(async () => {
  c = await assessmentContext();
  await ensureTotals(c.deps.db, c.w.regionId);
});
afterAll(async () => {
  await c?.t.close();
});

/** Stored totals = a recomputation, with no rebuild or re-evaluation pending. */
async function expectConsistent(what: string) {
  const state = await one<{ pending: boolean; stale: boolean }>(
    c.deps.db,
    sql`select coalesce((select version from credit_rule_sets where region_id = ${c.w.regionId}), 0)
                 is distinct from (select rules_version from credit_totals_state where region_id = ${c.w.regionId})
                 as pending,
               exists (select 1 from credit_totals_stale where region_id = ${c.w.regionId}) as stale`,
  );
  expect(state, what).toEqual({ pending: false, stale: false });
  const stored = await storedTotals(c.deps.db, c.w.regionId);
  expect(stored, what).toEqual(await recomputedTotals(c.deps.db, c.w.regionId));
  return stored;
}

const adjust = (teacherId: number, hours: number, occurredOn: string, more: Record<string, unknown> = {}) =>
  c.call('county', 'POST', `/api/teachers/${teacherId}/credit-adjustments`, {
    hours,
    occurredOn,
    category: '学科/新课标',
    level: '县培',
    reason: '补录',
    ...more,
  });

async function upload(url: string, file: Buffer, filename: string) {
  const body = multipart(file, filename);
  const cookie = await c.cookieFor(c.userIds.county);
  return c.t.app.inject({ method: 'POST', url, headers: { cookie, ...body.headers }, payload: body.payload });
}

describe('credit totals', () => {
  it('equal a recomputation from the ledger after every kind of posting, reversal and rule change', async () => {
    const { teacherA: a, teacherB: b } = c.w;
    // Rules with caps (so order matters), an annual minimum, buckets and an induction rule.
    const jiangsu = presetRules('jiangsu');
    const rules = { ...jiangsu, annualMinimum: 24, itemCap: 40 };
    expect((await c.call('county', 'PUT', '/api/credit-rules', rules)).status).toBe(200);
    await expectConsistent('rule set saved');

    // Adjustments: in this cycle, the previous one, an open lesson past its cycle cap, and one dated
    // before the others (caps apply in date order: an earlier entry changes what later ones count).
    for (const [t, h, d, more] of [
      [a, 30, `${Y}-03-01`, {}],
      [a, 50, `${Y - 5}-06-01`, {}],
      [a, 6, `${Y}-04-01`, { category: 'open_lesson', level: null }],
      [a, 6, `${Y}-04-02`, { category: 'open_lesson', level: null }],
      [a, 6, `${Y}-04-03`, { category: 'open_lesson', level: null }],
      [a, 6, `${Y}-01-15`, { category: 'open_lesson', level: null }],
      [b, 12, `${Y}-05-01`, { level: '校培' }],
    ] as const) {
      const r = await adjust(t, h, d, more);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const afterAdjust = await expectConsistent('adjustments');
    expect(afterAdjust.filter((r) => r.teacherId === a).length).toBeGreaterThanOrEqual(2);

    // A reversal.
    const entry = await one<{ id: number }>(
      c.deps.db,
      sql`select id from credit_ledger where teacher_id = ${a} and hours = 30 order by id limit 1`,
    );
    expect(
      (await c.call('county', 'POST', `/api/credit-entries/${entry!.id}/reverse`, { reason: '录入错误' })).status,
    ).toBe(200);
    await expectConsistent('reversal');

    // A project completion posts for everyone who passed …
    const { projectId, sessions, pA, pB } = await runningProject(c, { ended: 2, extra: 0 });
    await mark(c, sessions, pA, 2);
    await mark(c, sessions, pB, 2);
    const url = `/api/projects/${projectId}`;
    await c.call('county', 'PUT', `${url}/assessment`, [
      { participationId: pA, result: '合格' },
      { participationId: pB, result: '优秀' },
    ]);
    await setStatus(c, projectId, 'assessing');
    expect((await c.call('county', 'POST', `${url}/complete`, {})).body).toMatchObject({ completed: 2 });
    await expectConsistent('project completion');
    // … and a correction to a fail reverses the posting.
    await setStatus(c, projectId, 'assessing');
    await c.call('county', 'PUT', `${url}/assessment`, [{ participationId: pB, result: '不合格' }]);
    const redo = await c.call('county', 'POST', `${url}/complete`, {});
    expect(redo.status, JSON.stringify(redo.body)).toBe(200);
    await expectConsistent('completion corrected');

    // An approved application (teacher → school → county).
    const app = await c.call('teacherA', 'POST', '/api/credit-applications', {
      kind: 'paper',
      title: '论文《作业设计》',
      occurredOn: `${Y}-02-01`,
      level: '县培',
      quantity: 1,
      claimedHours: 20,
      description: '县级刊物发表',
    });
    expect(app.status, JSON.stringify(app.body)).toBe(200);
    expect(
      (await c.call('schoolA', 'POST', `/api/credit-applications/${app.body.id}/review`, { action: 'pass' })).status,
    ).toBe(200);
    expect(
      (await c.call('county', 'POST', `/api/credit-applications/${app.body.id}/decide`, { action: 'approve' })).status,
    ).toBe(200);
    await expectConsistent('application approved');

    // A historical import (学时导入).
    const hist = await upload(
      `/api/credits/import?jobId=${randomUUID()}`,
      await xlsx([
        ['身份证号', '姓名', '学年/日期', '类别', '学时', '学分', '来源', '备注'],
        [c.w.idNumbers[0], '张三', `${Y - 1}年`, '骨干教师', 24, null, '县教研室', null],
        [c.w.idNumbers[1], '李四', `${Y - 6}-05-10`, '公开课', '6学时', null, null, null],
      ]),
      '历史学时.xlsx',
    );
    expect(hist.statusCode, hist.body).toBe(200);
    await expectConsistent('historical import');

    // A results import (upper-level projects with their results).
    const results = await upload(
      `/api/trainings/results/import?jobId=${randomUUID()}`,
      Buffer.from(
        csv([
          ['身份证', '姓名', '项目名称', '级别', '形式', '学时', '开始日期', '结束日期', '考核结果', '类别'],
          [
            c.w.idNumbers[0],
            '张三',
            '省培：作业设计',
            '省培',
            '集中面授',
            '40',
            `${Y}/3/8`,
            `${Y}/3/12`,
            '合格',
            '骨干教师',
          ],
          [
            c.w.idNumbers[1],
            '李四',
            '省培：作业设计',
            '省培',
            '集中面授',
            '40',
            `${Y}/3/8`,
            `${Y}/3/12`,
            '优秀',
            '骨干教师',
          ],
        ]),
      ),
      '省培.csv',
    );
    expect(results.statusCode, results.body).toBe(200);
    expect(results.json()).toMatchObject({ committed: true });
    await expectConsistent('results import');

    // Rule changes: another preset, another cycle, credits instead of hours, a post-only bucket with a cap.
    const shandong = presetRules('shandong');
    for (const next of [
      presetRules('source_cap'),
      { ...shandong, cycle: { years: 3, anchorYear: 2020 } },
      {
        ...shandong,
        buckets: [
          ...shandong.buckets,
          {
            id: 'school_cap',
            label: '校本研修',
            match: [{ levels: ['校培' as const] }],
            min: null,
            cap: 6,
            forPost: '班主任',
            cite: '测试',
          },
        ],
      },
    ]) {
      expect((await c.call('county', 'PUT', '/api/credit-rules', next)).status).toBe(200);
      await expectConsistent(`rules ${next.preset}`);
    }
  });

  it('follow a teacher’s hire date and posts, whoever changes them, before the next read', async () => {
    const b = c.w.teacherB;
    const edit = await c.call('county', 'PATCH', `/api/teachers/${b}`, { hireDate: `${Y}-02-01`, posts: ['班主任'] });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    // Queued by the trigger (an edit, a roster import, SQL: all the same) …
    const queued = await one<{ n: number }>(
      c.deps.db,
      sql`select count(*)::int as n from credit_totals_stale where teacher_id = ${b}`,
    );
    expect(queued!.n).toBe(1);
    // … and re-evaluated before the list is read.
    const list = await c.call('county', 'GET', `/api/credits/progress?schoolId=${c.w.schoolB}`);
    expect(list.status).toBe(200);
    await expectConsistent('hire date and posts changed');
    // A change that touches neither queues nothing.
    await c.call('county', 'PATCH', `/api/teachers/${b}`, { phone: '13900000001' });
    await expectConsistent('phone changed');
  });

  it('stay right when postings to one teacher race', async () => {
    const a = c.w.teacherA;
    const all = await Promise.all(
      Array.from({ length: 12 }, (_, i) => adjust(a, 1 + i, `${Y}-0${1 + (i % 9)}-1${i % 10}`, { level: '校培' })),
    );
    expect(all.map((r) => r.status)).toEqual(all.map(() => 200));
    await expectConsistent('concurrent adjustments');
  });

  it('are rebuilt at start-up for every county built under another rule set', async () => {
    await c.deps.db.execute(sql`update credit_totals_state set rules_version = -1 where region_id = ${c.w.regionId}`);
    await c.deps.db.execute(sql`delete from credit_totals where region_id = ${c.w.regionId}`);
    expect(await ensureAllTotals(c.deps.db)).toBeGreaterThanOrEqual(1);
    await expectConsistent('rebuilt at start-up');
    expect(await ensureAllTotals(c.deps.db)).toBe(0);
  });

  it('are rebuilt before a read when built under another rule set (after the migration, say)', async () => {
    await c.deps.db.execute(sql`delete from credit_totals_state where region_id = ${c.w.regionId}`);
    await c.deps.db.execute(sql`delete from credit_totals where region_id = ${c.w.regionId}`);
    const list = await c.call('county', 'GET', '/api/credits/progress');
    expect(list.status).toBe(200);
    await expectConsistent('rebuilt');
  });
});
