import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCurrentUser } from '../../http/auth.js';
import type { Actor } from '../../http/context.js';
import {
  assessmentContext,
  type Body,
  type Ctx,
  mark,
  runningProject,
  setStatus,
} from '../assessment/assessment.fixtures.js';
import { postProjectCredit, reverseCredit, teacherHours } from './credits.service.js';
import { writeLedger } from './ledger-write.js';

let c: Ctx;
let actor: Actor;
beforeAll(async () => {
  c = await assessmentContext();
  actor = { user: await loadCurrentUser(c.deps.db, c.userIds.county), ip: null, userAgent: null };
});
afterAll(async () => {
  await c?.t.close();
});

async function entry(teacherId: number, hours: number, occurredOn: string, source = 'application') {
  const [row] = await c.deps.db.transaction((tx) =>
    writeLedger(tx, [{ regionId: c.w.regionId, teacherId, source, hours, occurredOn }]),
  );
  return row!.id;
}

describe('credit ledger', () => {
  it('sums a teacher’s hours over a date range, reversals included', async () => {
    const t = c.w.teacherB;
    const first = await entry(t, 10, '2024-03-01');
    await entry(t, 6.5, '2025-06-30');
    await entry(t, 3, '2026-01-01');
    expect(await teacherHours(c.deps.db, t)).toBe(19.5);
    expect(await teacherHours(c.deps.db, t, { from: '2025-01-01', to: '2025-12-31' })).toBe(6.5);
    expect(await teacherHours(c.deps.db, t, { from: '2025-01-01' })).toBe(9.5);
    const reversal = await c.deps.db.transaction((tx) => reverseCredit(tx, first, '重复登记', actor));
    expect(reversal).toBeTruthy();
    expect(await c.deps.db.transaction((tx) => reverseCredit(tx, first, '再次', actor))).toBeNull();
    expect(await c.deps.db.transaction((tx) => reverseCredit(tx, reversal!, '冲销冲销', actor))).toBeNull();
    expect(await teacherHours(c.deps.db, t, { to: '2024-12-31' })).toBe(0);
  });

  it('posts a project’s hours once per participation', async () => {
    const { projectId, sessions, pA } = await runningProject(c, { ended: 1, hours: 8, endDate: '2026-05-20' });
    await mark(c, sessions, pA, 1);
    await c.deps.db.execute(sql`update participations set status = 'completed' where id = ${pA}`);
    const once = await c.deps.db.transaction((tx) => postProjectCredit(tx, actor, [pA]));
    expect(once).toEqual([
      {
        id: expect.any(Number),
        participationId: pA,
        teacherId: c.w.teacherA,
        hours: 8,
        sourceRef: `participation:${pA}`,
      },
    ]);
    expect(await c.deps.db.transaction((tx) => postProjectCredit(tx, actor, [pA]))).toEqual([]);
    expect(await teacherHours(c.deps.db, c.w.teacherA, { from: '2026-05-20', to: '2026-05-20' })).toBe(8);
    void projectId;
  });

  it('lists entries scoped like the teacher detail, by year', async () => {
    const run = await runningProject(c, { ended: 1, hours: 16, endDate: '2026-11-02', name: '心理健康教育' });
    await mark(c, run.sessions, run.pA, 1);
    await c.call('county', 'PUT', `/api/projects/${run.projectId}/assessment`, [
      { participationId: run.pA, result: '合格' },
    ]);
    await setStatus(c, run.projectId, 'assessing');
    await c.call('county', 'POST', `/api/projects/${run.projectId}/complete`, {});
    const url = `/api/teachers/${c.w.teacherA}/credit-entries`;
    const mine = await c.call('teacherA', 'GET', `${url}?year=2026`);
    expect(mine.status).toBe(200);
    const item = mine.body.items.find((x: Body) => x.projectId === run.projectId);
    expect(item).toMatchObject({
      source: 'project',
      projectName: '心理健康教育',
      hours: 16,
      occurredOn: '2026-11-02',
      reversed: false,
      reversesId: null,
    });
    expect(mine.body.totalHours).toBe(mine.body.items.reduce((n: number, x: Body) => n + x.hours, 0));
    expect((await c.call('teacherA', 'GET', `${url}?year=2019`)).body).toEqual({ items: [], total: 0, totalHours: 0 });
    expect((await c.call('county', 'GET', url)).status).toBe(200);
    expect((await c.call('schoolA', 'GET', url)).status).toBe(200);
    expect((await c.call('leader', 'GET', url)).status).toBe(200);
    expect((await c.call('schoolB', 'GET', url)).status).toBe(404);
    expect((await c.call('teacherB', 'GET', url)).status).toBe(404);
    expect((await c.call('otherCounty', 'GET', url)).status).toBe(404);
  });
});
