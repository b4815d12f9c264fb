// School-based research activities against a real database: the integration contract (record, mark,
// close → ledger, 校培 person-times, the teacher's credits), closing twice, scope, QR check-in,
// the county's caps, spot checks withdrawing hours, and the flags against 虚假式研修.
import { presetRules } from '@shixun/common';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from '../../../test/harness.js';
import { createTeachers } from '../../../test/training.js';
import { one, rows } from '../../db/client.js';
import { multipartUpload, samplePdf } from '../attachments/attachments.fixtures.js';
import { type Body, type PlanContext, planContext } from '../projects/projects.fixtures.js';
import { activityInput, activityTokenNow, beijingYearNow, scan, sessionFor } from './school-research.fixtures.js';

let c: PlanContext;
beforeAll(async () => {
  c = await planContext();
});
afterAll(() => c.t.close());

const yearOf = (iso: string) =>
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date(iso)));

async function create(who: Parameters<PlanContext['call']>[0], body: Body) {
  const r = await c.call(who, 'POST', '/api/school-research/activities', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as number;
}

async function summary(year: number) {
  return (await c.call('county', 'GET', `/api/stats/summary?year=${year}`)).body;
}

const ledger = (activityId: number) =>
  rows<{ teacher_id: number; hours: number; reverses_id: number | null }>(
    c.t.deps.db,
    sql`select teacher_id, hours::float8 as hours, reverses_id from credit_ledger
        where source = 'school_activity' and source_ref = ${`research-activity:${activityId}`} order by id`,
  );

describe('the integration contract', () => {
  it('a school admin records, marks and closes an activity: hours to the ledger, one 校培 person-time each', async () => {
    const body = activityInput(c.w.schoolA);
    const year = yearOf(body.endsAt);
    const before = await summary(year);
    const id = await create('schoolA', body);
    expect(Object.keys((await c.call('schoolA', 'GET', `/api/school-research/activities/${id}`)).body)).toContain(
      'evidenceFiles',
    );
    const marked = await c.call('schoolA', 'POST', `/api/school-research/activities/${id}/attendance`, {
      teacherIds: [c.w.teacherA],
      reason: '手机没电，现场签到表为证',
    });
    expect(marked).toMatchObject({ status: 200, body: { changed: 1, unchanged: 0 } });
    const closed = await c.call('schoolA', 'POST', `/api/school-research/activities/${id}/close`);
    expect(closed).toMatchObject({ status: 200, body: { closed: true, participants: 1, posted: 1, hoursEach: 2 } });
    expect(await ledger(id)).toEqual([{ teacher_id: c.w.teacherA, hours: 2, reverses_id: null }]);

    const after = await summary(year);
    expect(after.personTimes.school).toBe(before.personTimes.school + 1);
    expect(after.personTimes.total).toBe(before.personTimes.total + 1);
    // Not a place of a project: the participation rate is the projects' alone.
    expect(after.participationRate).toBe(before.participationRate);
    expect(after.teachersTrained).toBe(before.teachersTrained + 1);

    const credits = await c.call('county', 'GET', `/api/teachers/${c.w.teacherA}/credits?cycle=${year}`);
    expect(credits.status).toBe(200);
    const entry = credits.body.entries.find((e: Body) => e.sourceRef === `research-activity:${id}`);
    expect(entry).toMatchObject({
      source: 'school_activity',
      level: '校培',
      category: '校本研修',
      hours: 2,
      counted: 2,
    });
  });

  it('closing twice changes nothing', async () => {
    const id = await create('schoolA', activityInput(c.w.schoolA));
    await c.call('schoolA', 'POST', `/api/school-research/activities/${id}/attendance`, {
      teacherIds: [c.w.teacherA],
      reason: '补录',
    });
    expect((await c.call('schoolA', 'POST', `/api/school-research/activities/${id}/close`)).body.posted).toBe(1);
    const entries = await count(c.t.deps, 'credit_ledger');
    const audits = await count(c.t.deps, 'audit_log');
    const notes = await count(c.t.deps, 'notifications');
    const again = await c.call('county', 'POST', `/api/school-research/activities/${id}/close`);
    expect(again).toMatchObject({ status: 200, body: { closed: false, posted: 0, participants: 1 } });
    expect(await count(c.t.deps, 'credit_ledger')).toBe(entries);
    expect(await count(c.t.deps, 'audit_log')).toBe(audits);
    expect(await count(c.t.deps, 'notifications')).toBe(notes);
    // A closed activity's list is final.
    const late = await c.call('schoolA', 'POST', `/api/school-research/activities/${id}/attendance`, {
      teacherIds: [c.w.teacherA],
      reason: '再补',
    });
    expect(late.status).toBe(409);
  });

  it('a school admin gets 403/404 creating or closing an activity of another school', async () => {
    const other = await c.call('schoolA', 'POST', '/api/school-research/activities', activityInput(c.w.schoolB));
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe('学校管理员只能为本校登记研修活动');
    const foreign = await c.call('schoolA', 'POST', '/api/school-research/activities', activityInput(c.other.schoolA));
    expect(foreign.status).toBe(404);
    const idA = await create('schoolA', activityInput(c.w.schoolA));
    expect((await c.call('schoolB', 'POST', `/api/school-research/activities/${idA}/close`)).status).toBe(404);
    expect((await c.call('otherCounty', 'POST', `/api/school-research/activities/${idA}/close`)).status).toBe(404);
    expect((await c.call('otherCounty', 'GET', `/api/school-research/activities/${idA}`)).status).toBe(404);
    // Roles without the permission never reach the service.
    expect((await c.call('leader', 'POST', `/api/school-research/activities/${idA}/close`)).status).toBe(403);
    expect((await c.call('areaA', 'POST', `/api/school-research/activities/${idA}/close`)).status).toBe(403);
    expect(
      (await c.call('teacherA', 'POST', '/api/school-research/activities', activityInput(c.w.schoolA))).status,
    ).toBe(403);
    // The area's coordinator reads it; the other area's school does not list it.
    expect((await c.call('areaA', 'GET', `/api/school-research/activities/${idA}`)).status).toBe(200);
    const listB = await c.call('schoolB', 'GET', '/api/school-research/activities?pageSize=200');
    expect(listB.body.items.some((a: Body) => a.id === idA)).toBe(false);
    // The county records for any school.
    expect((await c.call('county', 'POST', '/api/school-research/activities', activityInput(c.w.schoolB))).status).toBe(
      201,
    );
  });

  it('exports the list in the caller’s scope through the audited path, and refuses in the reader’s language', async () => {
    const title = `导出范围检查${Date.now()}`;
    const ownId = await create('schoolA', activityInput(c.w.schoolA, { title }));
    await create('county', activityInput(c.w.schoolB, { title }));
    const download = async (who: 'schoolA' | 'county') => {
      const res = await c.t.app.inject({
        method: 'GET',
        url: `/api/school-research/activities/export?q=${encodeURIComponent(title)}`,
        headers: { cookie: await sessionFor(c.t.deps, c.w.userIds[who]) },
      });
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.worksheets[0]!;
      return Array.from({ length: sheet.rowCount - 1 }, (_, i) => String(sheet.getRow(i + 2).getCell(3).value));
    };
    // School A's admin gets their own school's activity only; the county both.
    const schoolA = await one<{ name: string }>(c.t.deps.db, sql`select name from schools where id = ${c.w.schoolA}`);
    expect(await download('schoolA')).toEqual([schoolA!.name]);
    expect((await download('county')).sort()).toHaveLength(2);
    const audit = await rows<{ user_id: number; after: { rows: number; filters: { q: string } } }>(
      c.t.deps.db,
      sql`select user_id, after from audit_log where action = 'research_activity.export' order by id`,
    );
    // The audit log names the activity by school and title.
    const log = await c.call('county', 'GET', `/api/audit?entity=research_activity&entityId=${ownId}`);
    expect(log.body.items[0]).toMatchObject({
      action: 'research_activity.create',
      target: `${schoolA!.name} · ${title}`,
    });
    expect(audit.slice(-2).map((a) => [a.user_id, a.after.rows, a.after.filters.q])).toEqual([
      [c.w.userIds.schoolA, 1, title],
      [c.w.userIds.county, 2, title],
    ]);
    // A refusal of the module in English for a reader who chose English.
    const later = await create('schoolA', activityInput(c.w.schoolA, {}, 1));
    const res = await c.t.app.inject({
      method: 'POST',
      url: `/api/school-research/activities/${later}/close`,
      headers: { cookie: await sessionFor(c.t.deps, c.w.userIds.schoolA), 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe(
      'The activity has not ended: confirm the participants and post the hours after it ends',
    );
  });

  it('checks the type against the county list, the window and the participants in Chinese', async () => {
    const bad = await c.call(
      'schoolA',
      'POST',
      '/api/school-research/activities',
      activityInput(c.w.schoolA, { type: '打牌' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('“打牌”不在本县的字典中');
    expect(bad.body.error.fields.type).toContain('集体备课');
    // The county's dictionary: a spelling it knows is stored as its entry.
    const synonym = await create('schoolA', activityInput(c.w.schoolA, { type: '听评课' }));
    expect((await c.call('schoolA', 'GET', `/api/school-research/activities/${synonym}`)).body.type).toBe('观课议课');
    const body = activityInput(c.w.schoolA);
    const backwards = await c.call('schoolA', 'POST', '/api/school-research/activities', {
      ...body,
      startsAt: body.endsAt,
      endsAt: body.startsAt,
    });
    expect(backwards.body.error.message).toBe('结束时间须晚于开始时间');
    const id = await create('schoolA', body);
    const outsider = await c.call('schoolA', 'POST', `/api/school-research/activities/${id}/attendance`, {
      teacherIds: [c.w.teacherB],
      reason: '补录',
    });
    expect(outsider.status).toBe(400);
    expect(outsider.body.error.message).toContain('不是参与学校的在职教师');
    const noReason = await c.call('schoolA', 'POST', `/api/school-research/activities/${id}/attendance`, {
      teacherIds: [c.w.teacherA],
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
  });
});

describe('check-in with the rotating QR', () => {
  it('audience teachers scan on their phones; others, stale codes and early closing are refused', async () => {
    const [t1, t2] = await createTeachers(c.t.deps, c.w, c.w.schoolA, 2);
    const [outsider] = await createTeachers(c.t.deps, c.w, c.w.schoolB, 1);
    const id = await create('schoolA', activityInput(c.w.schoolA, {}, -0.1, 1));
    const qr = await c.call('schoolA', 'GET', `/api/school-research/activities/${id}/qr`);
    expect(qr.status).toBe(200);
    expect(qr.body.url).toBe(`/research/checkin/${id}?t=${encodeURIComponent(qr.body.token)}`);
    const phone1 = await sessionFor(c.t.deps, t1!.userId);
    const ok = await scan(c.t.app, phone1, id, await activityTokenNow(c.t.deps, id));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ activityId: id, status: 'present', alreadyCheckedIn: false, method: 'qr' });
    const again = await scan(c.t.app, phone1, id, 'anything-at-all');
    expect(again.json()).toMatchObject({ alreadyCheckedIn: true, checkedAt: ok.json().checkedAt });
    const stale = await scan(c.t.app, await sessionFor(c.t.deps, t2!.userId), id, 'AAAAAAAAAAAAAAAA');
    expect(stale.statusCode).toBe(400);
    expect(stale.json().error.code).toBe('QR_EXPIRED');
    const other = await scan(
      c.t.app,
      await sessionFor(c.t.deps, outsider!.userId),
      id,
      await activityTokenNow(c.t.deps, id),
    );
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('NOT_PARTICIPANT');
    const counts = await c.call('schoolA', 'GET', `/api/school-research/activities/${id}/participants`);
    expect(counts.body).toMatchObject({ total: 1, items: [{ teacherId: t1!.id, method: 'qr' }] });
    expect(counts.body.expected).toBeGreaterThanOrEqual(3);
    const early = await c.call('schoolA', 'POST', `/api/school-research/activities/${id}/close`);
    expect(early.status).toBe(409);
    // A school admin cannot scan, and a teacher cannot show the code.
    expect((await c.call('teacherA', 'GET', `/api/school-research/activities/${id}/qr`)).status).toBe(403);
  });
});

describe('the county rule for school-based research', () => {
  it('caps one activity when posting and a calendar year when counting', async () => {
    const rules = { ...presetRules('national'), schoolResearch: { activityCap: 2, yearCap: 3, cite: '县文件' } };
    expect((await c.call('county', 'PUT', '/api/credit-rules', rules)).status).toBe(200);
    const [t] = await createTeachers(c.t.deps, c.w, c.w.schoolA, 1);
    const first = await create('schoolA', activityInput(c.w.schoolA, { hours: 3 }, -6));
    const second = await create('schoolA', activityInput(c.w.schoolA, { hours: 2 }, -3));
    for (const id of [first, second]) {
      await c.call('schoolA', 'POST', `/api/school-research/activities/${id}/attendance`, {
        teacherIds: [t!.id],
        reason: '补录',
      });
      const closed = await c.call('schoolA', 'POST', `/api/school-research/activities/${id}/close`);
      expect(closed.body.hoursEach).toBe(2);
    }
    expect((await c.call('schoolA', 'GET', `/api/school-research/activities/${first}`)).body.creditedHours).toBe(2);
    const year = beijingYearNow();
    const p = await c.call('county', 'GET', `/api/teachers/${t!.id}/credits?cycle=${year}`);
    const research = p.body.entries.filter((e: Body) => e.source === 'school_activity');
    expect(research.map((e: Body) => e.hours).sort()).toEqual([2, 2]);
    expect(research.map((e: Body) => e.counted).sort()).toEqual([1, 2]);
    expect(research.flatMap((e: Body) => e.capped.map((x: Body) => x.rule))).toEqual(['research:year']);
    const settings = await c.call('schoolA', 'GET', '/api/school-research/settings');
    expect(settings.body.credit).toMatchObject({ activityCap: 2, yearCap: 3 });
    await c.call('county', 'PUT', '/api/credit-rules', presetRules('national'));
  });
});

describe('spot checks (抽查)', () => {
  it('a failed check withdraws the hours as reversals with the reason, and the person-times', async () => {
    const [t1, t2] = await createTeachers(c.t.deps, c.w, c.w.schoolA, 2);
    const body = activityInput(c.w.schoolA);
    const year = yearOf(body.endsAt);
    const id = await create('schoolA', body);
    await c.call('schoolA', 'POST', `/api/school-research/activities/${id}/attendance`, {
      teacherIds: [t1!.id, t2!.id],
      reason: '纸质签到表补录',
    });
    await c.call('schoolA', 'POST', `/api/school-research/activities/${id}/close`);
    const before = await summary(year);

    expect(
      (
        await c.call('schoolA', 'POST', `/api/school-research/activities/${id}/spot-checks`, {
          verdict: 'failed',
          reason: 'x',
        })
      ).status,
    ).toBe(403);
    const noReason = await c.call('areaA', 'POST', `/api/school-research/activities/${id}/spot-checks`, {
      verdict: 'failed',
    });
    expect(noReason.status).toBe(400);
    const failed = await c.call('areaA', 'POST', `/api/school-research/activities/${id}/spot-checks`, {
      verdict: 'failed',
      reason: '现场照片与活动主题不符，签到表为事后补签',
    });
    expect(failed).toMatchObject({ status: 200, body: { verdict: 'failed', reversed: 2 } });
    const entries = await ledger(id);
    expect(entries).toHaveLength(4);
    expect(entries.reduce((a, e) => a + e.hours, 0)).toBe(0);
    const note = await one<{ note: string }>(
      c.t.deps.db,
      sql`select note from credit_ledger where source_ref = ${`research-activity:${id}`} and reverses_id is not null limit 1`,
    );
    expect(note!.note).toBe('抽查不合格，撤销学时：现场照片与活动主题不符，签到表为事后补签');

    const after = await summary(year);
    expect(after.personTimes.school).toBe(before.personTimes.school - 2);
    const detail = await c.call('county', 'GET', `/api/school-research/activities/${id}`);
    expect(detail.body).toMatchObject({ status: 'withdrawn', spotCheck: 'failed', can: { spotCheck: false } });
    expect(detail.body.spotChecks[0]).toMatchObject({
      verdict: 'failed',
      checkerRole: '学区/教联体管理员',
      reversedEntries: 2,
    });
    expect((await c.call('schoolA', 'POST', `/api/school-research/activities/${id}/close`)).status).toBe(409);
    expect(
      (await c.call('county', 'POST', `/api/school-research/activities/${id}/spot-checks`, { verdict: 'passed' }))
        .status,
    ).toBe(409);
    const mine = await c.call('county', 'GET', `/api/teachers/${t1!.id}/credits?cycle=${year}`);
    expect(mine.body.entries.filter((e: Body) => e.source === 'school_activity').map((e: Body) => e.counted)).toEqual([
      0, 0,
    ]);
  });

  it('draws a sample of the year, flagged first, and records verdicts on it', async () => {
    const id = await create('schoolA', activityInput(c.w.schoolA));
    await c.call('schoolA', 'POST', `/api/school-research/activities/${id}/attendance`, {
      teacherIds: [c.w.teacherA],
      reason: '补录',
    });
    await c.call('schoolA', 'POST', `/api/school-research/activities/${id}/close`);
    const drawn = await c.call('areaA', 'POST', '/api/school-research/spot-checks/sample', {
      year: beijingYearNow(),
      count: 50,
    });
    expect(drawn.status).toBe(200);
    const mine = drawn.body.items.find((x: Body) => x.activityId === id);
    expect(mine).toMatchObject({ verdict: 'pending' });
    // A consortium coordinator of another area sees none of school A's.
    const other = await c.call('consA', 'GET', '/api/school-research/spot-checks?pageSize=200');
    expect(other.body.items.some((x: Body) => x.activityId === id)).toBe(false);
    expect(
      (await c.call('consA', 'POST', `/api/school-research/activities/${id}/spot-checks`, { verdict: 'passed' }))
        .status,
    ).toBe(404);
    const decided = await c.call('county', 'PUT', `/api/school-research/spot-checks/${mine.id}`, { verdict: 'passed' });
    expect(decided).toMatchObject({ status: 200, body: { verdict: 'passed', reversed: 0 } });
    expect(
      (await c.call('county', 'PUT', `/api/school-research/spot-checks/${mine.id}`, { verdict: 'failed', reason: 'x' }))
        .status,
    ).toBe(409);
  });
});

describe('evidence against 虚假式研修', () => {
  it('flags an activity recorded long after it ended, then evidence uploaded late, stamped with who and when', async () => {
    const id = await create('schoolA', activityInput(c.w.schoolA, {}, -24 * 20));
    let detail = (await c.call('schoolA', 'GET', `/api/school-research/activities/${id}`)).body;
    expect(detail.flags).toEqual(['recordedLate', 'noEvidence']);
    const up = multipartUpload('活动照片.pdf', samplePdf('photo'), { purpose: 'research_activity' }, 'application/pdf');
    const cookie = await sessionFor(c.t.deps, c.w.userIds.schoolA);
    const uploaded = await c.t.app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: { ...up.headers, cookie },
      payload: up.payload,
    });
    expect(uploaded.statusCode).toBe(200);
    const files = await c.call('schoolA', 'POST', `/api/school-research/activities/${id}/evidence`, {
      attachmentIds: [uploaded.json().id],
    });
    expect(files.status).toBe(200);
    expect(files.body[0]).toMatchObject({ filename: '活动照片.pdf', uploadedBy: 'schoolA', late: true });
    detail = (await c.call('areaA', 'GET', `/api/school-research/activities/${id}`)).body;
    expect(detail.flags).toEqual(['recordedLate', 'lateEvidence']);
    expect(detail.evidenceFiles[0].uploadedAt).toBe(files.body[0].uploadedAt);
    // The coordinator may open it; another school may not.
    const get = (who: string) =>
      c.t.app.inject({ method: 'GET', url: `/api/attachments/${uploaded.json().id}`, headers: { cookie: who } });
    expect((await get(await sessionFor(c.t.deps, c.w.userIds.areaA))).statusCode).toBe(200);
    expect((await get(await sessionFor(c.t.deps, c.w.userIds.schoolB))).statusCode).toBe(404);
    const flagged = await c.call('county', 'GET', '/api/school-research/activities?flagged=1&pageSize=200');
    expect(flagged.body.items.some((a: Body) => a.id === id)).toBe(true);
  });

  it('the teacher sees their activities and hours on their own page', async () => {
    const page = await c.call('teacherA', 'GET', `/api/me/school-research?year=${beijingYearNow()}`);
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeGreaterThanOrEqual(2);
    expect(page.body.totalHours).toBeGreaterThanOrEqual(4);
    expect((await c.call('schoolA', 'GET', '/api/me/school-research')).status).toBe(403);
  });
});
