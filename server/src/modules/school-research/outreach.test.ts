// 送教下乡 through the county's stages (data), hours on both sides and teachers sent recorded as
// trainers, the receiving school's confirmation; consortium showcases; the compliance page and its
// workbook; the county's settings.
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeachers } from '../../../test/training.js';
import { one, rows } from '../../db/client.js';
import { type Body, type PlanContext, planContext } from '../projects/projects.fixtures.js';
import { activityInput, addSchoolAdmin, beijingYearNow, sessionFor } from './school-research.fixtures.js';

let c: PlanContext;
let schoolC: string;
let receiver: number;
beforeAll(async () => {
  c = await planContext();
  schoolC = await sessionFor(c.t.deps, await addSchoolAdmin(c.t.deps, c.w, c.w.schoolC));
  receiver = (await createTeachers(c.t.deps, c.w, c.w.schoolC, 1))[0]!.id;
});
afterAll(() => c.t.close());

const base = '/api/school-research';
const asC = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
  const res = await c.t.app.inject({
    method,
    url,
    headers: { cookie: schoolC },
    ...(payload ? { payload: payload as object } : {}),
  });
  return { status: res.statusCode, body: res.json() as Body };
};
const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR).toISOString();

describe('the county settings', () => {
  it('start from the defaults (五段五步) and are the county admin’s to change', async () => {
    const d = await c.call('schoolA', 'GET', `${base}/settings`);
    expect(d.body).toMatchObject({
      showcasesPerYear: 1,
      outreachPerYear: 1,
      lateAfterDays: 7,
      outreachStages: ['调研诊断', '示范引领', '研课磨课', '成果展示', '总结提升'],
      saved: false,
    });
    expect(d.body.activityTypes).toContain('读书沙龙');
    const body = {
      showcasesPerYear: 1,
      outreachPerYear: 1,
      lateAfterDays: 7,
      outreachStages: ['调研诊断', '示范引领', '总结提升'],
    };
    expect((await c.call('schoolA', 'PUT', `${base}/settings`, body)).status).toBe(403);
    const dup = await c.call('county', 'PUT', `${base}/settings`, { ...body, outreachStages: ['调研', '调研'] });
    expect(dup.status).toBe(400);
    expect((await c.call('county', 'PUT', `${base}/settings`, body)).body).toMatchObject({ saved: true });
  });
});

describe('送教下乡', () => {
  let id: number;
  const stageIds: number[] = [];

  it('a core school plans it; a school admin only for their own school', async () => {
    const body = {
      organiserKind: 'school',
      schoolId: c.w.schoolB,
      targetSchoolId: c.w.schoolC,
      title: '语文阅读教学送教',
      year: beijingYearNow(),
    };
    expect((await c.call('schoolA', 'POST', `${base}/outreach`, body)).status).toBe(403);
    expect((await c.call('schoolB', 'POST', `${base}/outreach`, { ...body, targetSchoolId: c.w.schoolB })).status).toBe(
      400,
    );
    const created = await c.call('schoolB', 'POST', `${base}/outreach`, body);
    expect(created.status).toBe(201);
    id = created.body.id;
    const d = await c.call('schoolB', 'GET', `${base}/outreach/${id}`);
    expect(d.body).toMatchObject({
      organiserName: expect.stringContaining('城关中学'),
      stagesTotal: 3,
      stagesDone: 0,
      done: false,
    });
    expect(d.body.stages.map((s: Body) => s.name)).toEqual(['调研诊断', '示范引领', '总结提升']);
    expect((await c.call('schoolA', 'GET', `${base}/outreach/${id}`)).status).toBe(404);
    expect((await asC('GET', `${base}/outreach/${id}`)).body.can).toEqual({ manage: false, confirm: true });
    const targets = await c.call('schoolB', 'GET', `${base}/outreach/targets`);
    expect(targets.body.items.map((s: Body) => s.id)).toEqual([c.w.schoolC]);
    expect((await c.call('schoolA', 'GET', `${base}/outreach/targets`)).body.items).toEqual([]);
    expect((await c.call('county', 'GET', `${base}/outreach/targets`)).body.items).toHaveLength(3);
  });

  it('runs through its stages: both sides get hours, the teachers sent are trainers, the receiving school confirms', async () => {
    for (const n of [1, 2, 3]) {
      const stage = { stageNo: n, startsAt: at(12 - n * 3), endsAt: at(10 - n * 3), hours: 3, place: '乡村小学' };
      expect((await asC('POST', `${base}/outreach/${id}/stages`, stage)).status).toBe(403);
      const s = await c.call('schoolB', 'POST', `${base}/outreach/${id}/stages`, stage);
      expect(s.status, JSON.stringify(s.body)).toBe(201);
      stageIds.push(s.body.id);
    }
    expect(
      (
        await c.call('schoolB', 'POST', `${base}/outreach/${id}/stages`, {
          stageNo: 1,
          startsAt: at(3),
          endsAt: at(2),
          hours: 1,
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await c.call('schoolB', 'POST', `${base}/outreach/${id}/stages`, {
          stageNo: 4,
          startsAt: at(3),
          endsAt: at(2),
          hours: 1,
        })
      ).status,
    ).toBe(400);

    const first = stageIds[0]!;
    // A stage is for the receiving school's teachers: those are the ones expected and offered for marks.
    const receivingTeachers = await one<{ n: number }>(
      c.t.deps.db,
      sql`select count(*)::int as n from teachers where school_id = ${c.w.schoolC} and status = '在职'`,
    );
    const stageDetail = await c.call('schoolB', 'GET', `${base}/activities/${first}`);
    expect(stageDetail.body).toMatchObject({ expected: receivingTeachers!.n });
    expect(stageDetail.body.schoolIds.sort()).toEqual([c.w.schoolB, c.w.schoolC].sort());
    const offered = await c.call('schoolB', 'GET', `${base}/activities/${first}/candidates?pageSize=100`);
    expect(offered.body.total).toBe(receivingTeachers!.n);
    expect(offered.body.items.every((t: Body) => t.schoolId === c.w.schoolC)).toBe(true);
    const sent = await c.call('schoolB', 'POST', `${base}/activities/${first}/attendance`, {
      teacherIds: [c.w.teacherB],
      reason: '送教授课教师',
      role: 'trainer',
    });
    expect(sent.body).toEqual({ changed: 1, unchanged: 0 });
    await c.call('schoolB', 'POST', `${base}/activities/${first}/attendance`, {
      teacherIds: [receiver],
      reason: '受援学校教师',
    });
    // Confirming a stage is the receiving school's: not the sender's.
    expect((await c.call('schoolB', 'POST', `${base}/activities/${first}/confirm`, {})).status).toBe(403);
    expect((await c.call('schoolB', 'POST', `${base}/activities/${first}/close`)).body).toMatchObject({
      posted: 2,
      hoursEach: 3,
    });
    expect((await asC('POST', `${base}/activities/${first}/confirm`, { note: '已按计划完成' })).body).toEqual({
      confirmed: true,
    });
    expect((await asC('POST', `${base}/activities/${first}/confirm`, {})).body).toEqual({ confirmed: false });

    const trainer = await one<{ kind: string }>(
      c.t.deps.db,
      sql`select kind from trainers where teacher_id = ${c.w.teacherB}`,
    );
    expect(trainer).toEqual({ kind: 'county' });
    const posted = await rows<{ teacher_id: number; category: string; mode: string }>(
      c.t.deps.db,
      sql`select teacher_id, category, mode from credit_ledger where source_ref = ${`research-activity:${first}`} order by teacher_id`,
    );
    expect(posted.map((p) => p.teacher_id).sort()).toEqual([c.w.teacherB, receiver].sort());
    expect(posted.every((p) => p.category === '送教下乡' && p.mode === '送教下乡')).toBe(true);

    for (const sid of stageIds.slice(1)) {
      await c.call('schoolB', 'POST', `${base}/activities/${sid}/attendance`, {
        teacherIds: [receiver],
        reason: '受援学校教师',
      });
      await c.call('schoolB', 'POST', `${base}/activities/${sid}/close`);
    }
    let d = await c.call('county', 'GET', `${base}/outreach/${id}`);
    expect(d.body).toMatchObject({ stagesDone: 1, done: false, trainers: 1, participants: 2 });
    for (const sid of stageIds.slice(1)) await c.call('county', 'POST', `${base}/activities/${sid}/confirm`, {});
    d = await c.call('county', 'GET', `${base}/outreach/${id}`);
    expect(d.body).toMatchObject({ stagesDone: 3, done: true });
    expect(d.body.stages[0]).toMatchObject({
      done: true,
      confirmNote: '已按计划完成',
      activity: { id: first, status: 'closed' },
    });
    const list = await c.call('consA', 'GET', `${base}/outreach?status=done`);
    expect(list.body.items.map((o: Body) => o.id)).toEqual([id]);
  });
});

describe('consortium showcases and the compliance page', () => {
  it('a showcase is hosted by the core school and counts for the consortium', async () => {
    const body = activityInput(c.w.schoolB, {
      consortiumId: c.w.consortium,
      type: '观课议课',
      title: '教联体联合主题研修展示',
    });
    expect((await c.call('county', 'POST', `${base}/activities`, { ...body, schoolId: c.w.schoolA })).status).toBe(400);
    const created = await c.call('schoolB', 'POST', `${base}/activities`, body);
    expect(created.status).toBe(201);
    const d = await c.call('schoolB', 'GET', `${base}/activities/${created.body.id}`);
    expect(d.body.schoolIds.sort()).toEqual([c.w.schoolB, c.w.schoolC].sort());
    await c.call('schoolB', 'POST', `${base}/activities/${created.body.id}/attendance`, {
      teacherIds: [receiver],
      reason: '联合展示',
    });
    await c.call('schoolB', 'POST', `${base}/activities/${created.body.id}/close`);
  });

  it('shows per school, consortium and core school what is done and who is behind', async () => {
    const year = beijingYearNow();
    expect((await c.call('schoolA', 'GET', `${base}/compliance?year=${year}`)).status).toBe(403);
    const r = await c.call('county', 'GET', `${base}/compliance?year=${year}`);
    expect(r.status).toBe(200);
    const sC = r.body.schools.find((s: Body) => s.schoolId === c.w.schoolC);
    expect(sC).toMatchObject({ personTimes: 4, teachersTakingPart: 1, hours: 11, activities: 0 });
    const sB = r.body.schools.find((s: Body) => s.schoolId === c.w.schoolB);
    expect(sB).toMatchObject({ activities: 1, personTimes: 1, hours: 3, flagged: 1, planStatus: 'none' });
    expect(r.body.consortia).toEqual([
      expect.objectContaining({ consortiumId: c.w.consortium, required: 1, held: 1, withEvidence: 0, behind: false }),
    ]);
    expect(r.body.coreSchools).toEqual([
      expect.objectContaining({ schoolId: c.w.schoolB, required: 1, done: 1, inProgress: 0, behind: false }),
    ]);
    expect(r.body.totals).toMatchObject({ schools: 3, consortiaBehind: 0, coreSchoolsBehind: 0 });
    // The area coordinator sees the schools of the area only.
    const area = await c.call('areaA', 'GET', `${base}/compliance?year=${year}`);
    expect(area.body.schools.map((s: Body) => s.schoolId).sort()).toEqual([c.w.schoolA, c.w.schoolB].sort());
    // Next year nothing is held yet: everyone is behind.
    const next = await c.call('county', 'GET', `${base}/compliance?year=${year + 1}`);
    expect(next.body.totals).toMatchObject({ consortiaBehind: 1, coreSchoolsBehind: 1, personTimes: 0 });
    // A teacher who took part and retired since stays in the person-times, but not among the school's
    // teachers taking part (the rate's denominator is its active teachers: never above 100%).
    await c.t.deps.db.execute(sql`update teachers set status = '退休' where id = ${receiver}`);
    const later = await c.call('county', 'GET', `${base}/compliance?year=${year}`);
    expect(later.body.schools.find((s: Body) => s.schoolId === c.w.schoolC)).toMatchObject({
      personTimes: 4,
      teachersTakingPart: 0,
      teacherCount: sC.teacherCount - 1,
    });
    await c.t.deps.db.execute(sql`update teachers set status = '在职' where id = ${receiver}`);
  });

  it('exports the three tables to .xlsx and audits the export', async () => {
    const year = beijingYearNow();
    const res = await c.t.app.inject({
      method: 'GET',
      url: `${base}/compliance/export?year=${year}`,
      headers: { cookie: await sessionFor(c.t.deps, c.w.userIds.leader) },
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['学校', '教联体联合展示', '核心校送教下乡']);
    expect(String(wb.worksheets[0]!.getRow(1).getCell(1).value)).toContain(`${year}年校本研修达标情况`);
    expect(wb.worksheets[0]!.rowCount).toBe(2 + 3 + 1);
    const audit = await one<{ n: number }>(
      c.t.deps.db,
      sql`select count(*)::int as n from audit_log where action = 'research_compliance.export'`,
    );
    expect(audit!.n).toBe(1);
  });
});
