// 名师工作室: set up by the county with members from several schools; the host records activities and
// outputs; the yearly review posts the host's and members' hours (and takes them back if changed).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeacher, type PeopleContext, peopleContext, thisYear, today } from '../../../test/people.js';
import { rows } from '../../db/client.js';

let c: PeopleContext;
const year = thisYear();
type T = Awaited<ReturnType<typeof addTeacher>>;
let host: T;
let memberB: T;
let memberC: T;
let outsider: T;
let studioId: number;

beforeAll(async () => {
  c = await peopleContext();
  const { deps } = c.t;
  host = await addTeacher(deps, c.w, { name: '吴名师', schoolId: c.w.schoolA, account: true });
  memberB = await addTeacher(deps, c.w, { name: '郑老师', schoolId: c.w.schoolB, account: true });
  memberC = await addTeacher(deps, c.w, { name: '冯老师', schoolId: c.w.schoolC });
  outsider = await addTeacher(deps, c.w, { name: '褚老师', schoolId: c.w.schoolA, account: true });
});
afterAll(() => c.t.close());

describe('名师工作室', () => {
  it('the county sets up a studio with members from several schools', async () => {
    const made = await c.call('county', 'POST', '/api/studios', {
      name: '吴名师小学语文工作室',
      hostId: host.id,
      subject: '语文',
      stage: '小学',
      startYear: year - 1,
      endYear: year + 1,
      goals: '三年培养县级骨干教师5名',
    });
    expect(made.status).toBe(201);
    studioId = made.body.id;
    expect(
      (await c.call('schoolA', 'POST', '/api/studios', { name: 'x', hostId: host.id, startYear: year, endYear: year }))
        .status,
    ).toBe(403);
    const bad = await c.call('county', 'POST', '/api/studios', {
      name: '长期',
      hostId: host.id,
      startYear: year,
      endYear: year + 9,
    });
    expect(bad.status).toBe(400);
    const added = await c.call('county', 'POST', `/api/studios/${studioId}/members`, {
      teacherIds: [memberB.id, memberC.id],
      joinedYear: year - 1,
    });
    expect(added.body).toEqual({ added: 2 });
    const foreign = await c.call('county', 'POST', `/api/studios/${studioId}/members`, {
      teacherIds: [c.other.teacherA],
      joinedYear: year,
    });
    expect(foreign.status).toBe(400);
    const list = await c.call('schoolB', 'GET', '/api/studios');
    expect(list.body.items[0]).toMatchObject({ name: '吴名师小学语文工作室', memberCount: 2, schoolCount: 2 });
  });

  it('the host records activities and outputs; members read them; others see nothing', async () => {
    const act = await c.call(host.userId!, 'POST', `/api/studios/${studioId}/activities`, {
      kind: '送教下乡',
      title: '赴乡村小学送教《秋天的雨》',
      heldOn: today(),
      place: '乡村小学',
      hours: 3,
    });
    expect(act.status).toBe(201);
    const out = await c.call(host.userId!, 'POST', `/api/studios/${studioId}/outputs`, {
      kind: '论文',
      title: '小学习作单元整体教学的实践',
      year,
      teacherId: memberB.id,
    });
    expect(out.status).toBe(201);
    expect(
      (
        await c.call(host.userId!, 'POST', `/api/studios/${studioId}/outputs`, {
          kind: '课例',
          title: 'x',
          year,
          teacherId: outsider.id,
        })
      ).status,
    ).toBe(400);
    // A member reads the studio but does not record for it.
    const asMember = await c.call(memberB.userId!, 'GET', `/api/studios/${studioId}`);
    expect(asMember.body).toMatchObject({ myRole: 'member', can: { record: false } });
    expect(asMember.body.activities).toHaveLength(1);
    expect(asMember.body.outputs[0]).toMatchObject({ teacherName: '郑老师' });
    const refused = await c.call(memberB.userId!, 'POST', `/api/studios/${studioId}/activities`, {
      kind: '其他',
      title: '自行记录',
      heldOn: today(),
    });
    expect(refused.status).toBe(403);
    // Linking to a research activity waits for that module.
    const link = await c.call(host.userId!, 'POST', `/api/studios/${studioId}/activities`, {
      kind: '课例研修',
      title: '联合教研',
      heldOn: today(),
      activityRef: 7,
    });
    expect(link.status).toBe(400);
    expect((await c.call(outsider.userId!, 'GET', `/api/studios/${studioId}`)).status).toBe(404);
    expect((await c.call(outsider.userId!, 'GET', '/api/studios')).body.items).toEqual([]);
    expect((await c.call('otherCounty', 'GET', `/api/studios/${studioId}`)).status).toBe(404);
  });

  it('a passing yearly review posts the host’s and members’ hours; 不合格 takes them back', async () => {
    const review = (result: string, y = year - 1) =>
      c.call('county', 'POST', `/api/studios/${studioId}/reviews`, { year: y, result, comment: '按计划完成' });
    expect((await review('优秀')).body).toEqual({ posted: 3, reversed: 0 });
    expect((await review('合格')).body).toEqual({ posted: 0, reversed: 0 });
    const ledger = await rows<{ teacher_id: number; hours: number; level: string; category: string }>(
      c.t.deps.db,
      sql`select teacher_id, hours::float8 as hours, level, category from credit_ledger
          where source_ref = ${`studio:${studioId}:${year - 1}`} order by teacher_id`,
    );
    expect(ledger.map((l) => [l.teacher_id, l.hours])).toEqual(
      [
        [host.id, 30],
        [memberB.id, 20],
        [memberC.id, 20],
      ].sort((a, b) => a[0]! - b[0]!),
    );
    expect(ledger[0]).toMatchObject({ level: '县培', category: '校本研修' });
    expect((await review('不合格')).body).toEqual({ posted: 0, reversed: 3 });
    expect((await review('合格', year + 1)).status).toBe(400);
    const detail = await c.call('county', 'GET', `/api/studios/${studioId}`);
    expect(detail.body.reviews[0]).toMatchObject({ year: year - 1, result: '不合格' });
    expect(detail.body.postedHours).toEqual([]);
    expect((await c.call('schoolA', 'POST', `/api/studios/${studioId}/reviews`, { year, result: '合格' })).status).toBe(
      403,
    );
  });

  it('a member who leaves stays on record with the year they left', async () => {
    const res = await c.call('county', 'DELETE', `/api/studios/${studioId}/members/${memberC.id}`);
    expect(res.status).toBe(200);
    const detail = await c.call('county', 'GET', `/api/studios/${studioId}`);
    expect(detail.body.members.find((m: { teacherId: number }) => m.teacherId === memberC.id)).toMatchObject({
      leftYear: year - 1,
    });
    expect(detail.body.memberCount).toBe(1);
  });

  it('exports the studios under the list’s filters; a teacher outside them exports none', async () => {
    const x = await c.xlsx('county', `/api/studios/export?year=${year}`);
    expect(x.status).toBe(200);
    expect(x.rows.slice(1).map((r) => r[0])).toEqual(['吴名师小学语文工作室']);
    expect((await c.xlsx('county', `/api/studios/export?year=${year + 5}`)).rows).toHaveLength(1);
    expect((await c.xlsx(outsider.userId!, '/api/studios/export')).rows).toHaveLength(1);
    expect((await c.xlsx('otherCounty', '/api/studios/export')).rows).toHaveLength(1);
  });
});
