// 青蓝工程: the pairing rules (no self-pairing, scope, new/young mentees unless overridden, the
// mentor's load), two-way choice through a round, the activity log kept by both, reviews and the
// hours they post to both ledgers under the county's rule, 优秀师徒, counts per school.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeacher, type PeopleContext, peopleContext, thisYear, today } from '../../../test/people.js';
import { rows } from '../../db/client.js';
import { activePairsBySchool } from './mentoring.service.js';

let c: PeopleContext;
const year = thisYear();
type T = Awaited<ReturnType<typeof addTeacher>>;
let mentor: T;
let mentor2: T;
let senior: T;
let newA1: T;
let newA2: T;
let newA3: T;
let newB: T;
let newC: T;

beforeAll(async () => {
  c = await peopleContext();
  const { deps } = c.t;
  const recent = `${year - 1}-09-01`;
  mentor = await addTeacher(deps, c.w, {
    name: '陈师傅',
    schoolId: c.w.schoolA,
    hireDate: '2005-09-01',
    birthYear: 1978,
    account: true,
  });
  mentor2 = await addTeacher(deps, c.w, {
    name: '林师傅',
    schoolId: c.w.schoolA,
    hireDate: '2003-09-01',
    birthYear: 1975,
  });
  senior = await addTeacher(deps, c.w, {
    name: '周老师',
    schoolId: c.w.schoolA,
    hireDate: '2010-09-01',
    birthYear: 1980,
    account: true,
  });
  newA1 = await addTeacher(deps, c.w, {
    name: '小刘',
    schoolId: c.w.schoolA,
    hireDate: recent,
    birthYear: 2000,
    account: true,
  });
  newA2 = await addTeacher(deps, c.w, { name: '小王', schoolId: c.w.schoolA, hireDate: recent, birthYear: 1999 });
  newA3 = await addTeacher(deps, c.w, { name: '小赵', schoolId: c.w.schoolA, hireDate: recent, birthYear: 2001 });
  newB = await addTeacher(deps, c.w, { name: '小孙', schoolId: c.w.schoolB, hireDate: recent, birthYear: 2000 });
  newC = await addTeacher(deps, c.w, { name: '小钱', schoolId: c.w.schoolC, hireDate: recent, birthYear: 2001 });
});
afterAll(() => c.t.close());

const pair = (who: Parameters<PeopleContext['call']>[0], body: Record<string, unknown>) =>
  c.call(who, 'POST', '/api/mentoring/pairs', { year, ...body });

describe('pairing rules', () => {
  it('pairs two teachers of the school directly: 201 { id }, listed by year', async () => {
    const res = await pair('schoolA', { mentorId: mentor2.id, menteeId: newA2.id, goals: '一年内站稳讲台' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['id']);
    const list = await c.call('schoolA', 'GET', `/api/mentoring/pairs?year=${year}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({
      mentor: { name: '林师傅' },
      mentee: { name: '小王' },
      source: 'direct',
      status: 'active',
    });
    expect((await c.call('schoolA', 'GET', `/api/mentoring/pairs?year=${year + 1}`)).body.total).toBe(0);
  });

  it('refuses a self-pair, and a pair across schools out of the caller’s scope', async () => {
    const self = await pair('schoolA', { mentorId: mentor.id, menteeId: mentor.id });
    expect(self.status).toBe(400);
    expect(self.body.error.message).toContain('不能与自己结对');
    const across = await pair('schoolA', { mentorId: mentor.id, menteeId: newB.id });
    expect(across.status).toBe(403);
    expect(across.body.error.message).toContain('管理范围');
    // Another county's admin cannot pair this county's teachers either.
    expect((await pair('otherCounty', { mentorId: mentor.id, menteeId: newA3.id })).status).toBe(403);
    // A consortium's admin pairs across its schools (B and C); the county anywhere.
    const cons = await pair('consA', { mentorId: c.w.teacherB, menteeId: newC.id });
    expect(cons.status).toBe(201);
    const list = await c.call('consA', 'GET', `/api/mentoring/pairs?year=${year}`);
    expect(list.body.items.map((p: { mentee: { name: string } }) => p.mentee.name)).toEqual(['小钱']);
  });

  it('wants a new or young mentee unless a reason is given', async () => {
    const refused = await pair('schoolA', { mentorId: mentor2.id, menteeId: senior.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('新教师');
    expect(refused.body.error.fields).toHaveProperty('overrideReason');
    const ok = await pair('schoolA', { mentorId: mentor2.id, menteeId: senior.id, overrideReason: '转岗教授信息技术' });
    expect(ok.status).toBe(201);
    const detail = await c.call('schoolA', 'GET', `/api/mentoring/pairs/${ok.body.id}`);
    expect(detail.body.overrideReason).toBe('转岗教授信息技术');
  });

  it('holds the mentor to the county’s load limit and a mentee to one pair a year', async () => {
    // 林师傅 now has two mentees: the default limit.
    const third = await pair('schoolA', { mentorId: mentor2.id, menteeId: newA3.id });
    expect(third.status).toBe(409);
    expect(third.body.error.message).toContain('上限');
    const twice = await pair('schoolA', { mentorId: mentor.id, menteeId: newA2.id });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain('已与林师傅结对');
    // The county raises the limit; the third pair is then allowed.
    const settings = await c.call('county', 'PUT', '/api/mentoring/settings', {
      mentorMaxMentees: 3,
      menteeMaxYears: 3,
      menteeMaxAge: 35,
    });
    expect(settings.body.mentorMaxMentees).toBe(3);
    expect((await c.call('schoolA', 'PUT', '/api/mentoring/settings', settings.body)).status).toBe(403);
    expect((await pair('schoolA', { mentorId: mentor2.id, menteeId: newA3.id })).status).toBe(201);
  });
});

describe('two-way choice', () => {
  let roundId: number;
  let offerId: number;
  let pairId: number;

  it('the school opens a round, a mentor offers, a new teacher chooses, the school confirms', async () => {
    const round = await c.call('schoolA', 'POST', '/api/mentoring/rounds', {
      year,
      schoolId: c.w.schoolA,
      title: `${year}年青蓝工程师徒结对`,
      closesOn: today(),
    });
    expect(round.status).toBe(201);
    roundId = round.body.id;
    expect((await c.call('schoolB', 'GET', `/api/mentoring/rounds/${roundId}`)).status).toBe(404);
    expect(
      (
        await c.call('schoolB', 'POST', '/api/mentoring/rounds', {
          year,
          schoolId: c.w.schoolA,
          title: 'x',
          closesOn: today(),
        })
      ).status,
    ).toBe(403);

    const offered = await c.call(mentor.userId!, 'POST', `/api/mentoring/rounds/${roundId}/offers`, {
      capacity: 1,
      note: '语文教学',
    });
    expect(offered.status).toBe(201);
    offerId = offered.body.id;
    expect(
      (await c.call(mentor.userId!, 'POST', `/api/mentoring/rounds/${roundId}/offers`, { capacity: 1 })).status,
    ).toBe(409);

    // A senior teacher may not choose a mentor by themself.
    const old = await c.call(senior.userId!, 'POST', `/api/mentoring/rounds/${roundId}/choices`, { offerId });
    expect(old.status).toBe(409);
    expect(old.body.error.message).toContain('学校直接安排');
    // Choosing oneself is refused.
    expect((await c.call(mentor.userId!, 'POST', `/api/mentoring/rounds/${roundId}/choices`, { offerId })).status).toBe(
      400,
    );

    const me = await c.call(newA1.userId!, 'GET', '/api/mentoring/me');
    expect(me.body.menteeProblem).toBeNull();
    expect(me.body.rounds[0].offerList[0]).toMatchObject({ id: offerId, mentor: { name: '陈师傅' }, mine: false });
    const chose = await c.call(newA1.userId!, 'POST', `/api/mentoring/rounds/${roundId}/choices`, {
      offerId,
      note: '想学作文教学',
    });
    expect(chose.status).toBe(201);

    const detail = await c.call('schoolA', 'GET', `/api/mentoring/rounds/${roundId}`);
    expect(detail.body.choices).toHaveLength(1);
    expect(detail.body.choices[0]).toMatchObject({ status: 'pending', mentee: { name: '小刘' }, problem: null });
    // Another school's admin cannot decide it.
    expect(
      (await c.call('schoolB', 'POST', `/api/mentoring/choices/${chose.body.id}/decide`, { accept: true })).status,
    ).toBe(404);
    const decided = await c.call('schoolA', 'POST', `/api/mentoring/choices/${chose.body.id}/decide`, {
      accept: true,
      goals: '学会设计单元作业',
    });
    expect(decided.status).toBe(200);
    pairId = decided.body.pairId;
    const pairPage = await c.call(newA1.userId!, 'GET', `/api/mentoring/pairs/${pairId}`);
    expect(pairPage.body).toMatchObject({ source: 'choice', myRole: 'mentee', goals: '学会设计单元作业' });
    expect((await c.call(mentor.userId!, 'GET', '/api/mentoring/me')).body.pairs[0]).toMatchObject({
      id: pairId,
      myRole: 'mentor',
    });
    const notes = await rows<{ title: string }>(
      c.t.deps.db,
      sql`select title from notifications where user_id = ${newA1.userId!} and kind = 'mentoring.paired'`,
    );
    expect(notes).toHaveLength(1);
  });

  it('both keep the activity log on their pair; nobody else writes to it', async () => {
    const entry = { kind: '听课', occurredOn: today(), hours: 1, content: '听师傅的作文指导课并记录' };
    const mine = await c.call(newA1.userId!, 'POST', `/api/mentoring/pairs/${pairId}/logs`, entry);
    expect(mine.status).toBe(201);
    const his = await c.call(mentor.userId!, 'POST', `/api/mentoring/pairs/${pairId}/logs`, {
      ...entry,
      kind: '指导备课',
      hours: 1.5,
      content: '指导徒弟备《秋天》一课',
    });
    expect(his.status).toBe(201);
    expect((await c.call(senior.userId!, 'POST', `/api/mentoring/pairs/${pairId}/logs`, entry)).status).toBe(404);
    expect((await c.call('schoolA', 'POST', `/api/mentoring/pairs/${pairId}/logs`, entry)).status).toBe(403);
    const future = await c.call(newA1.userId!, 'POST', `/api/mentoring/pairs/${pairId}/logs`, {
      ...entry,
      occurredOn: `${year + 1}-01-02`,
    });
    expect(future.status).toBe(400);
    const detail = await c.call('schoolA', 'GET', `/api/mentoring/pairs/${pairId}`);
    expect(detail.body.logs.map((l: { authorRole: string }) => l.authorRole).sort()).toEqual(['mentee', 'mentor']);
    expect(detail.body.logHours).toBe(2.5);
    // Only the author deletes an entry.
    expect((await c.call(mentor.userId!, 'DELETE', `/api/mentoring/logs/${mine.body.id}`)).status).toBe(403);
  });

  it('the year-end review posts the mentoring hours to both ledgers, once, and takes them back if changed', async () => {
    const monthly = await c.call('schoolA', 'POST', `/api/mentoring/pairs/${pairId}/reviews`, {
      kind: 'monthly',
      period: today().slice(0, 7),
      result: '正常',
      comment: '记录完整',
    });
    expect(monthly.status).toBe(200);
    const badResult = await c.call('schoolA', 'POST', `/api/mentoring/pairs/${pairId}/reviews`, {
      kind: 'monthly',
      period: today().slice(0, 7),
      result: '优秀',
    });
    expect(badResult.status).toBe(400);
    const review = (result: string) =>
      c.call('schoolA', 'POST', `/api/mentoring/pairs/${pairId}/reviews`, {
        kind: 'yearend',
        period: String(year),
        result,
      });
    expect((await review('合格')).body).toMatchObject({ posted: 2, reversed: 0 });
    expect((await review('合格')).body).toMatchObject({ posted: 0 });
    const ledger = () =>
      rows<{ teacher_id: number; hours: number; source_ref: string }>(
        c.t.deps.db,
        sql`select teacher_id, hours::float8 as hours, source_ref from credit_ledger
            where source = 'school_activity' and source_ref like ${`mentoring:${pairId}:%`} order by id`,
      );
    expect(await ledger()).toEqual([
      { teacher_id: mentor.id, hours: 20, source_ref: `mentoring:${pairId}:${year}` },
      { teacher_id: newA1.id, hours: 30, source_ref: `mentoring:${pairId}:${year}` },
    ]);
    expect((await review('不合格')).body).toMatchObject({ posted: 0, reversed: 2 });
    // The county's rule decides the amount: changed, the next posting follows it.
    const rules = (await c.call('county', 'GET', '/api/credit-rules')).body.rules;
    const saved = await c.call('county', 'PUT', '/api/credit-rules', {
      ...rules,
      people: { ...rules.people, mentorHours: 12 },
    });
    expect(saved.status).toBe(200);
    expect((await review('优秀')).body).toMatchObject({ posted: 2 });
    const all = await ledger();
    const net = (id: number) => all.filter((e) => e.teacher_id === id).reduce((a, e) => a + e.hours, 0);
    expect(net(mentor.id)).toBe(12);
    expect(net(newA1.id)).toBe(30);
    expect(all.at(-1)!.source_ref).toBe(`mentoring:${pairId}:${year}#2`);
    const detail = await c.call(newA1.userId!, 'GET', `/api/mentoring/pairs/${pairId}`);
    expect(detail.body.postedHours).toEqual([{ year, mentor: 12, mentee: 30 }]);
    expect(detail.body.yearendResult).toBe('优秀');
    // The reviewed year's log entries stay.
    const logs = detail.body.logs as Array<{ id: number; mine: boolean }>;
    expect((await c.call(newA1.userId!, 'DELETE', `/api/mentoring/logs/${logs.find((l) => l.mine)!.id}`)).status).toBe(
      409,
    );
  });

  it('the county names 优秀师徒 from pairs whose year passed', async () => {
    const others = await c.call('county', 'GET', `/api/mentoring/pairs?year=${year}&q=小王`);
    const unreviewed = others.body.items[0].id;
    expect(
      (await c.call('county', 'POST', `/api/mentoring/pairs/${unreviewed}/excellent`, { year, excellent: true }))
        .status,
    ).toBe(409);
    expect(
      (await c.call('schoolA', 'POST', `/api/mentoring/pairs/${pairId}/excellent`, { year, excellent: true })).status,
    ).toBe(403);
    const ok = await c.call('county', 'POST', `/api/mentoring/pairs/${pairId}/excellent`, {
      year,
      excellent: true,
      note: '成长显著',
    });
    expect(ok.status).toBe(200);
    const list = await c.call('county', 'GET', `/api/mentoring/pairs?year=${year}&excellent=true`);
    expect(list.body.items.map((p: { id: number }) => p.id)).toEqual([pairId]);
  });

  it('counts pairs, active pairs, logs by month and 优秀师徒 per school, in the caller’s scope', async () => {
    const stats = await c.call('county', 'GET', `/api/stats/mentoring?year=${year}`);
    expect(stats.status).toBe(200);
    expect(stats.body.total).toMatchObject({ pairs: 5, active: 1, logs: 2, excellent: 1 });
    const month = Number(today().slice(5, 7));
    expect(stats.body.total.logsByMonth[month - 1]).toBe(2);
    const a = stats.body.schools.find((s: { schoolId: number }) => s.schoolId === c.w.schoolA);
    expect(a).toMatchObject({ pairs: 4, active: 1, logs: 2, excellent: 1 });
    const school = await c.call('schoolB', 'GET', `/api/stats/mentoring?year=${year}`);
    // School B sees the consortium pair its teacher mentors (counted at the mentee's school C), not school A's.
    expect(school.body.schools.map((s: { schoolId: number }) => s.schoolId)).toEqual([c.w.schoolC]);
    const map = await activePairsBySchool(c.t.deps.db, c.w.regionId, year);
    expect(map.get(c.w.schoolA)).toEqual({ pairs: 4, active: 1, logs: 2, excellent: 1 });
    expect(map.get(c.w.schoolC)).toEqual({ pairs: 1, active: 0, logs: 0, excellent: 0 });
  });

  it('another county sees none of it', async () => {
    expect((await c.call('otherCounty', 'GET', `/api/mentoring/pairs/${pairId}`)).status).toBe(404);
    expect((await c.call('otherCounty', 'GET', `/api/mentoring/pairs?year=${year}`)).body.total).toBe(0);
    expect((await c.call('otherCounty', 'GET', `/api/mentoring/rounds/${roundId}`)).status).toBe(404);
  });
});
