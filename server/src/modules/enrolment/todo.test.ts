// The teacher's to-do on 我的培训: today's sessions with their check-in state, report-backs owed.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { addParticipation, createProject, createSession } from '../../../test/training.js';
import { as, type Call } from './enrolment.fixtures.js';

let t: TestContext;
let w: World;
let teacher: Call;
let school: Call;
const MIN = 60_000;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  teacher = as(t.app, await loginAs(t.app, w.users.teacherA));
  school = as(t.app, await loginAs(t.app, w.users.schoolA));
});
afterAll(() => t.close());

describe('my to-do', () => {
  it("lists today's sessions with where check-in stands, and the report-backs still owed", async () => {
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const p = await createProject(t.deps, w, {
      name: '新课标专题研修',
      status: 'running',
      startDate: today,
      endDate: today,
    });
    const pa = await addParticipation(t.deps, w, p, w.teacherA, 'enrolled');
    const now = Date.now();
    // The China day of "now" holds all three only when they stay inside it: place them around now,
    // clamped to today's bounds.
    const dayStart = Date.parse(`${today}T00:00:00+08:00`);
    const dayEnd = dayStart + 24 * 60 * MIN - 1;
    const at = (ms: number) => new Date(Math.min(dayEnd - 60 * MIN, Math.max(dayStart + 60 * MIN, ms)));
    const open = await createSession(t.deps, w, p, at(now + 5 * MIN));
    const attended = await createSession(t.deps, w, p, at(now - 3 * 60 * MIN));
    await t.deps.db.execute(
      sql`insert into attendance (region_id, session_id, participation_id, teacher_id, status, method)
          values (${w.regionId}, ${attended}, ${pa}, ${w.teacherA}, 'present', 'manual')`,
    );
    // Tomorrow's session is not listed.
    const tomorrow = await createSession(t.deps, w, p, new Date(dayEnd + 3 * 60 * MIN));

    const upper = await createProject(t.deps, w, {
      name: '国培计划示范项目',
      level: '国培',
      organiserType: 'upper',
      status: 'closed',
    });
    const up = await addParticipation(t.deps, w, upper, w.teacherA, 'completed');
    await t.deps.db.execute(
      sql`insert into report_backs (region_id, school_id, teacher_id, project_id, participation_id, due_on, status)
          values (${w.regionId}, ${w.schoolA}, ${w.teacherA}, ${upper}, ${up}, ${today}::date + 5, 'pending')`,
    );

    const r = await teacher('GET', '/api/me/todo');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.today).toBe(today);
    const ids = r.body.sessions.map((s: { sessionId: number }) => s.sessionId);
    expect(ids).toContain(open);
    expect(ids).toContain(attended);
    expect(ids).not.toContain(tomorrow);
    const byId = new Map(r.body.sessions.map((s: { sessionId: number }) => [s.sessionId, s]));
    expect(byId.get(attended)).toMatchObject({ state: 'done', attendance: 'present', projectName: '新课标专题研修' });
    expect(['open', 'upcoming']).toContain((byId.get(open) as { state: string }).state);
    expect(r.body.reportBacks).toEqual([
      expect.objectContaining({ projectName: '国培计划示范项目', status: 'pending', daysLeft: 5 }),
    ]);
    // Only teachers have a to-do.
    expect((await school('GET', '/api/me/todo')).status).toBe(403);
  });
});
