// The reading programme against a real database: the county's list, a teacher's books and notes,
// reviews in the school's scope, candidates from the records (salons included) and the selection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Body, type PlanContext, planContext } from '../projects/projects.fixtures.js';
import { activityInput, beijingYearNow } from '../school-research/school-research.fixtures.js';

let c: PlanContext;
let year: number;
beforeAll(async () => {
  c = await planContext();
  year = beijingYearNow();
});
afterAll(() => c.t.close());

describe('the reading programme', () => {
  let book: number;
  let log: number;
  let note: number;

  it('the county publishes the year’s list', async () => {
    const body = { year, title: '给教师的建议', author: '苏霍姆林斯基', note: '教育名著' };
    expect((await c.call('schoolA', 'POST', '/api/reading/books', body)).status).toBe(403);
    const created = await c.call('county', 'POST', '/api/reading/books', body);
    expect(created.status).toBe(201);
    book = created.body.id;
    expect((await c.call('county', 'POST', '/api/reading/books', body)).body.error.message).toBe(
      '该年度推荐书目中已有《给教师的建议》',
    );
    await c.call('county', 'POST', '/api/reading/books', { year, title: '爱的教育' });
    const list = await c.call('teacherA', 'GET', `/api/reading/books?year=${year}`);
    expect(list.body.items.map((b: Body) => b.title)).toEqual(['给教师的建议', '爱的教育']);
    expect((await c.call('otherCounty', 'GET', `/api/reading/books?year=${year}`)).body.items).toEqual([]);
  });

  it('a teacher logs books and notes on a phone', async () => {
    const added = await c.call('teacherA', 'POST', '/api/me/reading/logs', { bookId: book });
    expect(added.status).toBe(201);
    log = added.body.id;
    expect((await c.call('teacherA', 'POST', '/api/me/reading/logs', { bookId: book })).status).toBe(409);
    expect((await c.call('teacherA', 'POST', '/api/me/reading/logs', {})).status).toBe(400);
    expect((await c.call('teacherA', 'POST', '/api/me/reading/logs', { title: '自选：教学勇气' })).status).toBe(201);
    const short = await c.call('teacherA', 'POST', `/api/me/reading/logs/${log}/notes`, { body: '很好' });
    expect(short.status).toBe(400);
    const n = await c.call('teacherA', 'POST', `/api/me/reading/logs/${log}/notes`, {
      body: '读“给教师的建议”第一条：教师的时间从哪里来。每天不间断地读书，是一辈子的备课。',
    });
    expect(n.status).toBe(201);
    note = n.body.id;
    expect(
      (await c.call('teacherB', 'POST', `/api/me/reading/logs/${log}/notes`, { body: 'x'.repeat(30) })).status,
    ).toBe(404);
    expect(
      (await c.call('teacherA', 'PATCH', `/api/me/reading/logs/${log}`, { finishedOn: `${year}-03-01` })).status,
    ).toBe(200);
    const mine = await c.call('teacherA', 'GET', `/api/me/reading?year=${year}`);
    expect(mine.body).toMatchObject({ finished: 1, notes: 1 });
    expect(mine.body.logs.map((l: Body) => l.title).sort()).toEqual(['给教师的建议', '自选：教学勇气'].sort());
    expect((await c.call('schoolA', 'GET', '/api/me/reading')).status).toBe(403);
    const counts = await c.call('county', 'GET', `/api/reading/books?year=${year}`);
    expect(counts.body.items[0].readers).toBe(1);
    expect((await c.call('schoolB', 'GET', `/api/reading/books?year=${year}`)).body.items[0].readers).toBe(0);
  });

  it('the school reviews its teachers’ notes; other schools see none', async () => {
    expect((await c.call('schoolB', 'GET', `/api/reading/notes?year=${year}`)).body.items).toEqual([]);
    expect((await c.call('schoolB', 'POST', `/api/reading/notes/${note}/review`, { rating: '优秀' })).status).toBe(404);
    const list = await c.call('schoolA', 'GET', `/api/reading/notes?year=${year}&reviewed=no`);
    expect(list.body.items.map((x: Body) => x.id)).toEqual([note]);
    expect(
      (await c.call('schoolA', 'POST', `/api/reading/notes/${note}/review`, { rating: '优秀', comment: '联系实际' }))
        .status,
    ).toBe(200);
    const mine = await c.call('teacherA', 'GET', `/api/me/reading?year=${year}`);
    const reviewed = mine.body.logs.flatMap((l: Body) => l.notes);
    expect(reviewed[0]).toMatchObject({ rating: '优秀', reviewComment: '联系实际' });
  });

  it('candidates come from the records, reading salons included; the county selects', async () => {
    const salon = await c.call('schoolA', 'POST', '/api/school-research/activities', {
      ...activityInput(c.w.schoolA),
      type: '读书沙龙',
      title: '读书沙龙：教师的时间从哪里来',
    });
    await c.call('schoolA', 'POST', `/api/school-research/activities/${salon.body.id}/attendance`, {
      teacherIds: [c.w.teacherA],
      reason: '沙龙签到表',
    });
    await c.call('schoolA', 'POST', `/api/school-research/activities/${salon.body.id}/close`);
    const cands = await c.call('county', 'GET', `/api/reading/candidates?year=${year}`);
    expect(cands.body.readers[0]).toMatchObject({
      teacherId: c.w.teacherA,
      books: 2,
      finished: 1,
      notes: 1,
      excellentNotes: 1,
      salons: 1,
      awarded: false,
    });
    const a = cands.body.schools.find((s: Body) => s.schoolId === c.w.schoolA);
    expect(a).toMatchObject({ readers: 1, teacherCount: 1, readerRate: 1, salons: 1 });
    expect((await c.call('schoolB', 'GET', `/api/reading/candidates?year=${year}`)).body.readers).toEqual([]);

    const award = await c.call('county', 'POST', '/api/reading/awards', {
      year,
      kind: 'reader',
      teacherId: c.w.teacherA,
      citation: '坚持每天阅读，笔记联系课堂实际',
    });
    expect(award.status).toBe(201);
    expect(
      (await c.call('county', 'POST', '/api/reading/awards', { year, kind: 'reader', teacherId: c.w.teacherA })).status,
    ).toBe(409);
    expect(
      (await c.call('county', 'POST', '/api/reading/awards', { year, kind: 'school', schoolId: c.w.schoolA })).status,
    ).toBe(201);
    expect(
      (await c.call('otherCounty', 'POST', '/api/reading/awards', { year, kind: 'school', schoolId: c.w.schoolA }))
        .status,
    ).toBe(404);
    expect((await c.call('teacherA', 'GET', `/api/me/reading?year=${year}`)).body.awards).toEqual([
      { kind: 'reader', citation: '坚持每天阅读，笔记联系课堂实际' },
    ]);
    expect((await c.call('schoolB', 'GET', `/api/reading/awards?year=${year}`)).body.items).toEqual([]);
    expect((await c.call('leader', 'GET', `/api/reading/awards?year=${year}`)).body.items).toHaveLength(2);
    expect((await c.call('county', 'DELETE', `/api/reading/awards/${award.body.id}`)).status).toBe(200);
  });
});
