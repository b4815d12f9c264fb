import { canTransition, PROJECT_STATUSES, type ProjectStatus, transitionError } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addParticipation, createProject, createSession } from '../../../test/training.js';
import { auditOf, notificationsOf, type PlanContext, planContext, type Who } from './projects.fixtures.js';

let c: PlanContext;
beforeAll(async () => {
  c = await planContext();
});
afterAll(() => c.t.close());

const move = (who: Who, id: number, to: ProjectStatus, reason?: string) =>
  c.call(who, 'POST', `/api/projects/${id}/status`, reason ? { to, reason } : { to });

/** A project at `status` that passes every guard (capacity, one session, nobody left unassessed). */
async function ready(status: ProjectStatus, extra: Parameters<typeof createProject>[2] = {}) {
  const id = await createProject(c.t.deps, c.w, { status, ...extra });
  await createSession(c.t.deps, c.w, id, new Date('2026-10-10T01:00:00Z'));
  return id;
}

describe('transitions', () => {
  const pairs = PROJECT_STATUSES.flatMap((from) => PROJECT_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s follows the lifecycle', async (from, to) => {
    const id = await ready(from);
    const res = await move('county', id, to);
    if (canTransition(from, to)) {
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: to });
      const [audit] = await auditOf(c.t.deps, 'project.status', id);
      expect(audit).toMatchObject({ before: { status: from }, after: { status: to } });
    } else {
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'CONFLICT', message: transitionError(from, to) });
      const row = await c.call('county', 'GET', `/api/projects/${id}`);
      expect(row.body.status).toBe(from);
      expect(await auditOf(c.t.deps, 'project.status', id)).toHaveLength(0);
    }
  });

  it('rejects an unknown status', async () => {
    const id = await ready('draft');
    const res = await c.call('county', 'POST', `/api/projects/${id}/status`, { to: 'archived' });
    expect(res.status).toBe(400);
  });

  it('records the reason', async () => {
    const id = await ready('closed');
    await move('county', id, 'assessing', '补录两名学员的成绩');
    const [audit] = await auditOf(c.t.deps, 'project.status', id);
    expect(audit!.after).toEqual({ status: 'assessing', reason: '补录两名学员的成绩' });
  });
});

describe('guards', () => {
  it('publishing a county or school project needs a session; an upper-level one does not', async () => {
    const bare = await createProject(c.t.deps, c.w, { name: '无课次' });
    const res = await move('county', bare, 'published');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('课次');
    await createSession(c.t.deps, c.w, bare, new Date('2026-10-11T01:00:00Z'));
    expect((await move('county', bare, 'published')).status).toBe(200);
    const upper = await createProject(c.t.deps, c.w, { level: '省培', organiserType: 'upper' });
    expect((await move('county', upper, 'published')).status).toBe(200);
  });

  it('publishing needs hours above zero', async () => {
    const id = await ready('draft');
    await c.t.deps.db.execute(sql`update projects set hours = 0 where id = ${id}`);
    const res = await move('county', id, 'published');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('学时');
  });

  it('enrolment needs a capacity, school quotas, or an upper-level quota', async () => {
    const none = await ready('published', { capacity: null });
    const res = await move('county', none, 'enrolling');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('人数上限');
    await c.t.deps.db.execute(
      sql`insert into project_quotas (project_id, school_id, region_id, quota) values (${none}, ${c.w.schoolA}, ${c.w.regionId}, 2)`,
    );
    expect((await move('county', none, 'enrolling')).status).toBe(200);
    const upper = await ready('published', { capacity: null, level: '国培', organiserType: 'upper' });
    expect((await move('county', upper, 'enrolling')).status).toBe(409);
    await c.t.deps.db.execute(sql`update projects set upper_quota = 3 where id = ${upper}`);
    expect((await move('county', upper, 'enrolling')).status).toBe(200);
  });

  it('closing needs a result for every enrolled participant (or their withdrawal)', async () => {
    const id = await ready('assessing');
    const a = await addParticipation(c.t.deps, c.w, id, c.w.teacherA, 'enrolled');
    const b = await addParticipation(c.t.deps, c.w, id, c.w.teacherB, 'enrolled');
    const res = await move('county', id, 'closed');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('2 名');
    await c.t.deps.db.execute(sql`update participations set result = '合格', score = 80 where id = ${a}`);
    const one = await move('county', id, 'closed');
    expect(one.body.error.message).toContain('1 名');
    await c.t.deps.db.execute(sql`update participations set status = 'withdrawn' where id = ${b}`);
    expect((await move('county', id, 'closed')).status).toBe(200);
  });
});

describe('who may move a project', () => {
  it('county admin: any project of the region; school admin: their own 校培 only', async () => {
    const county = await ready('published');
    const own = await ready('draft', { level: '校培', organiserType: 'school', schoolId: c.w.schoolA });
    const otherSchool = await ready('published', { level: '校培', organiserType: 'school', schoolId: c.w.schoolB });
    expect((await move('schoolA', own, 'published')).status).toBe(200);
    expect((await move('schoolA', county, 'draft')).status).toBe(403);
    expect((await move('schoolA', otherSchool, 'draft')).status).toBe(404);
    expect((await move('schoolB', otherSchool, 'draft')).status).toBe(200);
    const leader = await move('leader', county, 'draft');
    expect(leader.status).toBe(403);
    expect(leader.body.error.message).toContain('只读');
    expect((await move('areaA', county, 'draft')).status).toBe(403);
    // An area admin never manages projects: refused before the project is looked up.
    expect((await move('consA', own, 'draft')).status).toBe(403);
    await c.t.deps.db.execute(
      sql`insert into project_trainers (project_id, trainer_id) values (${county}, ${c.w.trainerId})`,
    );
    expect((await move('trainer', county, 'draft')).status).toBe(403);
    expect((await move('teacherA', county, 'draft')).status).toBe(403);
    expect((await move('otherCounty', county, 'draft')).status).toBe(404);
    expect((await move('county', county, 'draft')).status).toBe(200);
  });
});

describe('publishing notifies school admins', () => {
  it('of every school for a county project, of the owning school for 校培', async () => {
    const before = {
      a: (await notificationsOf(c.t.deps, c.w.userIds.schoolA)).length,
      b: (await notificationsOf(c.t.deps, c.w.userIds.schoolB)).length,
      other: (await notificationsOf(c.t.deps, c.w.userIds.otherCounty)).length,
    };
    const county = await ready('draft', { name: '全县班主任培训' });
    await move('county', county, 'published');
    const a = await notificationsOf(c.t.deps, c.w.userIds.schoolA);
    const b = await notificationsOf(c.t.deps, c.w.userIds.schoolB);
    expect(a).toHaveLength(before.a + 1);
    expect(b).toHaveLength(before.b + 1);
    expect(a.at(-1)).toMatchObject({ kind: 'project.published', link: `/projects/${county}` });
    expect(a.at(-1)!.title).toContain('全县班主任培训');
    expect(await notificationsOf(c.t.deps, c.w.userIds.otherCounty)).toHaveLength(before.other);
    // Teachers and the county admin are not told.
    expect(await notificationsOf(c.t.deps, c.w.userIds.teacherA)).toHaveLength(0);

    const school = await ready('draft', {
      level: '校培',
      organiserType: 'school',
      schoolId: c.w.schoolB,
      name: 'B校教研',
    });
    await move('schoolB', school, 'published');
    expect(await notificationsOf(c.t.deps, c.w.userIds.schoolA)).toHaveLength(before.a + 1);
    const b2 = await notificationsOf(c.t.deps, c.w.userIds.schoolB);
    expect(b2).toHaveLength(before.b + 2);
    expect(b2.at(-1)!.title).toContain('B校教研');
    // Moving back and forth between published and enrolling does not announce again.
    await move('county', county, 'enrolling');
    await move('county', county, 'published');
    expect(await notificationsOf(c.t.deps, c.w.userIds.schoolA)).toHaveLength(before.a + 1);
  });
});
