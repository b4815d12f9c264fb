import { DEFAULT_CATEGORIES } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addParticipation, createProject, createSession } from '../../../test/training.js';
import { auditOf, type Body, type PlanContext, planContext, projectInput, type Who } from './projects.fixtures.js';

let c: PlanContext;
beforeAll(async () => {
  c = await planContext();
});
afterAll(() => c.t.close());

const enc = encodeURIComponent;
const ids = (body: Body) => (body.items as { id: number }[]).map((i) => i.id).sort((a, b) => a - b);

it('documents the plan endpoints in OpenAPI', async () => {
  const res = await c.t.app.inject({ url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  const paths = Object.keys(res.json().paths);
  for (const p of [
    '/api/projects',
    '/api/projects/calendar',
    '/api/projects/{id}',
    '/api/projects/{id}/status',
    '/api/projects/{id}/trainers',
    '/api/projects/{id}/sessions/{sessionId}',
    '/api/training/categories',
    '/api/trainers',
    '/api/trainers/me',
  ]) {
    expect(paths).toContain(p);
  }
});

describe('categories', () => {
  it('seeds the default list once, on first access, for any signed-in user', async () => {
    const first = await c.call('teacherA', 'GET', '/api/training/categories');
    expect(first.status).toBe(200);
    expect(first.body.items.map((x: Body) => x.name)).toEqual([...DEFAULT_CATEGORIES]);
    const [a, b] = await Promise.all([
      c.call('county', 'GET', '/api/training/categories'),
      c.call('leader', 'GET', '/api/training/categories'),
    ]);
    expect(a.body.total).toBe(DEFAULT_CATEGORIES.length);
    expect(b.body.total).toBe(DEFAULT_CATEGORIES.length);
    const seeds = await c.t.deps.db.execute(
      sql`select count(*)::int as n from audit_log where action = 'category.seed' and region_id = ${c.w.regionId}`,
    );
    expect((seeds as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
    // The other county has its own list.
    const other = await c.call('otherCounty', 'GET', '/api/training/categories');
    expect(other.body.total).toBe(DEFAULT_CATEGORIES.length);
    expect(other.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it('county admin adds, renames (projects follow) and archives; others may not', async () => {
    const add = await c.call('county', 'POST', '/api/training/categories', { name: '劳动教育' });
    expect(add.status).toBe(201);
    const dup = await c.call('county', 'POST', '/api/training/categories', { name: '劳动教育' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('DUPLICATE');
    for (const who of ['schoolA', 'areaA', 'teacherA', 'trainer'] as Who[]) {
      expect((await c.call(who, 'POST', '/api/training/categories', { name: '某类' })).status).toBe(403);
    }
    const leader = await c.call('leader', 'POST', '/api/training/categories', { name: '某类' });
    expect(leader.status).toBe(403);
    expect(leader.body.error.message).toContain('只读');
    const p = await c.call('county', 'POST', '/api/projects', projectInput({ category: '劳动教育', name: '劳动课' }));
    expect(p.status).toBe(201);
    const rename = await c.call('county', 'PATCH', `/api/training/categories/${add.body.id}`, { name: '劳动教育专题' });
    expect(rename.status).toBe(200);
    const detail = await c.call('county', 'GET', `/api/projects/${p.body.id}`);
    expect(detail.body.category).toBe('劳动教育专题');
    const [audit] = await auditOf(c.t.deps, 'category.update', add.body.id);
    expect(audit!.after).toMatchObject({ name: '劳动教育专题', projectsRenamed: 1 });
    expect(
      (await c.call('schoolA', 'PATCH', `/api/training/categories/${add.body.id}`, { archived: true })).status,
    ).toBe(403);
    expect(
      (await c.call('otherCounty', 'PATCH', `/api/training/categories/${add.body.id}`, { archived: true })).status,
    ).toBe(404);
    await c.call('county', 'PATCH', `/api/training/categories/${add.body.id}`, { archived: true });
    const list = await c.call('county', 'GET', '/api/training/categories');
    const archived = list.body.items.find((x: Body) => x.id === add.body.id);
    expect(archived).toMatchObject({ archived: true, projectCount: 1 });
    // An archived category takes no new projects, but its existing ones stay editable.
    const refused = await c.call('county', 'POST', '/api/projects', projectInput({ category: '劳动教育专题' }));
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.category).toBeTruthy();
    expect((await c.call('county', 'PATCH', `/api/projects/${p.body.id}`, { hours: 12 })).status).toBe(200);
    const moved = await c.call('county', 'PATCH', `/api/projects/${p.body.id}`, { category: '劳动教育专题' });
    expect(moved.status).toBe(200);
  });

  it('a project category must be one of the region categories', async () => {
    const res = await c.call('county', 'POST', '/api/projects', projectInput({ category: '不存在的类别' }));
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty('category');
    expect(res.body.error.message).toContain('不存在的类别');
  });
});

describe('projects: create and edit', () => {
  it('county admin creates a project; year and organiser type come from the fields', async () => {
    const res = await c.call(
      'county',
      'POST',
      '/api/projects',
      projectInput({
        code: 'XP-2026-001',
        startDate: '2026-12-30',
        endDate: '2027-01-02',
        eligibility: { stages: ['小学'], minYears: 3, tags: [] },
        completionRule: { minAttendanceRate: 0.9, requirePass: false },
        budget: 12000.5,
        enrolDeadline: '2026-12-20',
      }),
    );
    expect(res.status).toBe(201);
    const d = await c.call('county', 'GET', `/api/projects/${res.body.id}`);
    expect(d.body).toMatchObject({
      code: 'XP-2026-001',
      year: 2026,
      level: '县培',
      organiserType: 'county',
      schoolId: null,
      status: 'draft',
      hours: 24,
      capacity: 50,
      enrolMode: 'nomination',
      // The end of 20 December, Beijing time.
      enrolDeadline: '2026-12-20T15:59:00.000Z',
      eligibility: { stages: ['小学'], minYears: 3 },
      completionRule: { minAttendanceRate: 0.9, requirePass: false },
      budget: 12000.5,
      can: { edit: true, delete: true, changeStatus: true },
      nextStatuses: ['published'],
    });
    const [audit] = await auditOf(c.t.deps, 'project.create', res.body.id);
    expect(audit!.after).toMatchObject({ name: '小学语文新课标专题培训', level: '县培', year: 2026 });
    const dup = await c.call('county', 'POST', '/api/projects', projectInput({ code: 'XP-2026-001' }));
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('DUPLICATE');
  });

  it.each([
    ['end before start', { startDate: '2026-10-12', endDate: '2026-10-10' }, 'endDate'],
    ['impossible date', { startDate: '2026-02-30' }, 'startDate'],
    ['zero hours', { hours: 0 }, 'hours'],
    ['hours with two decimals', { hours: 1.25 }, 'hours'],
    ['capacity 0', { capacity: 0 }, 'capacity'],
    ['negative budget', { budget: -1 }, 'budget'],
    [
      'attendance rate above 1',
      { completionRule: { minAttendanceRate: 1.2, requirePass: true } },
      'completionRule.minAttendanceRate',
    ],
    ['bad level', { level: '乡培' }, 'level'],
    ['bad mode', { mode: '自学' }, 'mode'],
    ['校培 without a school', { level: '校培' }, 'schoolId'],
    ['县培 with a school', { schoolId: 1 }, 'schoolId'],
    ['国培 organised by the county', { level: '国培', organiserType: 'county' }, 'organiserType'],
    ['县培 organised by a school', { organiserType: 'school' }, 'organiserType'],
    ['upper quota on a county project', { upperQuota: 10 }, 'upperQuota'],
    ['min years above max', { eligibility: { minYears: 10, maxYears: 5 } }, 'eligibility.maxYears'],
    ['deadline after the end', { enrolDeadline: '2026-10-13' }, 'enrolDeadline'],
    ['bad stage', { eligibility: { stages: ['大学'] } }, 'eligibility.stages.0'],
  ])('refuses %s with the field named', async (_name, over, field) => {
    const res = await c.call('county', 'POST', '/api/projects', projectInput(over));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.error.fields)).toContain(field);
  });

  it('upper-level projects take their quota; 校培 needs a school of the region', async () => {
    const upper = await c.call(
      'county',
      'POST',
      '/api/projects',
      projectInput({ level: '国培', upperQuota: 5, organiser: '教育部', capacity: null }),
    );
    expect(upper.status).toBe(201);
    const d = await c.call('county', 'GET', `/api/projects/${upper.body.id}`);
    expect(d.body).toMatchObject({ organiserType: 'upper', upperQuota: 5, organiser: '教育部' });
    const foreign = await c.call(
      'county',
      'POST',
      '/api/projects',
      projectInput({ level: '校培', schoolId: c.other.schoolA }),
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields).toHaveProperty('schoolId');
    const school = await c.call(
      'county',
      'POST',
      '/api/projects',
      projectInput({ level: '校培', schoolId: c.w.schoolC }),
    );
    expect(school.status).toBe(201);
    // Moving a project to another level settles its organiser type and drops what no longer applies.
    const moved = await c.call('county', 'PATCH', `/api/projects/${upper.body.id}`, { level: '县培' });
    expect(moved.status).toBe(200);
    const after = await c.call('county', 'GET', `/api/projects/${upper.body.id}`);
    expect(after.body).toMatchObject({ level: '县培', organiserType: 'county', upperQuota: null });
  });

  it('a school admin plans 校培 for their own school only', async () => {
    const own = await c.call('schoolA', 'POST', '/api/projects', projectInput({ level: '校培', category: '校本研修' }));
    expect(own.status).toBe(201);
    const d = await c.call('schoolA', 'GET', `/api/projects/${own.body.id}`);
    expect(d.body).toMatchObject({ schoolId: c.w.schoolA, organiserType: 'school', level: '校培' });
    expect(d.body.organiser).toContain('实验小学');
    const county = await c.call('schoolA', 'POST', '/api/projects', projectInput());
    expect(county.status).toBe(403);
    const other = await c.call(
      'schoolA',
      'POST',
      '/api/projects',
      projectInput({ level: '校培', schoolId: c.w.schoolB }),
    );
    expect(other.status).toBe(403);
    for (const who of ['leader', 'areaA', 'teacherA', 'trainer'] as Who[]) {
      const res = await c.call(who, 'POST', '/api/projects', projectInput({ level: '校培', schoolId: c.w.schoolA }));
      expect(res.status, who).toBe(403);
    }
    // Edits: own 校培 yes; not into a county project, not to another school.
    expect((await c.call('schoolA', 'PATCH', `/api/projects/${own.body.id}`, { hours: 6 })).status).toBe(200);
    expect((await c.call('schoolA', 'PATCH', `/api/projects/${own.body.id}`, { level: '县培' })).status).toBe(403);
    expect((await c.call('schoolA', 'PATCH', `/api/projects/${own.body.id}`, { schoolId: c.w.schoolB })).status).toBe(
      403,
    );
    // School B cannot even see it; the county can edit it.
    expect((await c.call('schoolB', 'PATCH', `/api/projects/${own.body.id}`, { hours: 6 })).status).toBe(404);
    expect((await c.call('county', 'PATCH', `/api/projects/${own.body.id}`, { hours: 8 })).status).toBe(200);
  });

  it('edits are audited as a diff; closed projects and leaders are refused', async () => {
    const id = await createProject(c.t.deps, c.w, { name: '审计项目', category: '师德' });
    const res = await c.call('county', 'PATCH', `/api/projects/${id}`, { name: '审计项目（修订）', place: '' });
    expect(res.status).toBe(200);
    const [audit] = await auditOf(c.t.deps, 'project.update', id);
    expect(audit!.before).toEqual({ name: '审计项目' });
    expect(audit!.after).toEqual({ name: '审计项目（修订）' });
    // No change, no audit row.
    await c.call('county', 'PATCH', `/api/projects/${id}`, { name: '审计项目（修订）' });
    expect(await auditOf(c.t.deps, 'project.update', id)).toHaveLength(1);
    const leader = await c.call('leader', 'PATCH', `/api/projects/${id}`, { hours: 1 });
    expect(leader.status).toBe(403);
    const closed = await createProject(c.t.deps, c.w, { status: 'closed' });
    const refused = await c.call('county', 'PATCH', `/api/projects/${closed}`, { hours: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('已结束');
  });

  it('dates may not leave sessions behind; capacity may not drop below the enrolled', async () => {
    const id = await createProject(c.t.deps, c.w, { startDate: '2026-10-10', endDate: '2026-10-12', capacity: 5 });
    await createSession(c.t.deps, c.w, id, new Date('2026-10-12T01:00:00Z'));
    const dates = await c.call('county', 'PATCH', `/api/projects/${id}`, { endDate: '2026-10-11' });
    expect(dates.status).toBe(409);
    expect(dates.body.error.message).toContain('1 个课次');
    expect((await c.call('county', 'PATCH', `/api/projects/${id}`, { endDate: '2026-10-20' })).status).toBe(200);
    await addParticipation(c.t.deps, c.w, id, c.w.teacherA, 'enrolled');
    await addParticipation(c.t.deps, c.w, id, c.w.teacherB, 'completed');
    const cap = await c.call('county', 'PATCH', `/api/projects/${id}`, { capacity: 1 });
    expect(cap.status).toBe(409);
    expect(cap.body.error.fields).toHaveProperty('capacity');
    expect((await c.call('county', 'PATCH', `/api/projects/${id}`, { capacity: 2 })).status).toBe(200);
  });

  it('deletes drafts without participants only', async () => {
    const draft = await createProject(c.t.deps, c.w, { name: '待删除' });
    await createSession(c.t.deps, c.w, draft, new Date('2026-10-10T01:00:00Z'));
    const published = await createProject(c.t.deps, c.w, { status: 'published' });
    const withPeople = await createProject(c.t.deps, c.w);
    await addParticipation(c.t.deps, c.w, withPeople, c.w.teacherA, 'nominated');
    expect((await c.call('leader', 'DELETE', `/api/projects/${draft}`)).status).toBe(403);
    // A county draft is invisible to a school admin.
    expect((await c.call('schoolA', 'DELETE', `/api/projects/${draft}`)).status).toBe(404);
    const refused = await c.call('county', 'DELETE', `/api/projects/${published}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('已发布');
    expect((await c.call('county', 'DELETE', `/api/projects/${withPeople}`)).status).toBe(409);
    expect((await c.call('county', 'DELETE', `/api/projects/${draft}`)).status).toBe(200);
    expect((await c.call('county', 'GET', `/api/projects/${draft}`)).status).toBe(404);
    const [audit] = await auditOf(c.t.deps, 'project.delete', draft);
    expect(audit!.before).toMatchObject({ name: '待删除' });
  });
});

describe('visibility', () => {
  const v: Record<string, number> = {};
  let otherId = 0;
  beforeAll(async () => {
    const d = c.t.deps;
    const w = c.w;
    const mk = (name: string, p: Parameters<typeof createProject>[2]) =>
      createProject(d, w, { name, year: 2030, ...p });
    const school = (schoolId: number) => ({ level: '校培', organiserType: 'school' as const, schoolId });
    v.countyPublished = await mk('县培已发布', { status: 'published', startDate: '2030-03-01', endDate: '2030-03-02' });
    v.countyDraft = await mk('县培草稿', { startDate: '2030-03-03', endDate: '2030-03-04' });
    v.schoolAPub = await mk('A校校培', {
      ...school(w.schoolA),
      status: 'published',
      startDate: '2030-04-01',
      endDate: '2030-04-01',
    });
    v.schoolBDraft = await mk('B校校培草稿', { ...school(w.schoolB), startDate: '2030-04-02', endDate: '2030-04-02' });
    v.schoolCPub = await mk('C校校培', {
      ...school(w.schoolC),
      status: 'running',
      startDate: '2030-04-03',
      endDate: '2030-04-03',
    });
    v.upper = await mk('国培项目', {
      level: '国培',
      organiserType: 'upper',
      status: 'enrolling',
      startDate: '2030-05-01',
      endDate: '2030-05-10',
    });
    v.openEnrolling = await mk('开放报名', {
      status: 'enrolling',
      enrolMode: 'open',
      startDate: '2030-06-01',
      endDate: '2030-06-02',
    });
    v.openSchoolB = await mk('B校开放', {
      ...school(w.schoolB),
      status: 'enrolling',
      enrolMode: 'open',
      startDate: '2030-06-03',
      endDate: '2030-06-03',
    });
    v.participating = await mk('已参加', { status: 'running', startDate: '2030-07-01', endDate: '2030-07-02' });
    await addParticipation(d, w, v.participating, w.teacherA, 'enrolled');
    await d.db.execute(
      sql`insert into project_trainers (project_id, trainer_id, role) values (${v.countyPublished}, ${w.trainerId}, '主讲')`,
    );
    otherId = await createProject(d, c.other, { name: '乙县项目', year: 2030, status: 'published' });
  });

  const expected: Record<Who, string[]> = {
    county: [
      'countyPublished',
      'countyDraft',
      'schoolAPub',
      'schoolBDraft',
      'schoolCPub',
      'upper',
      'openEnrolling',
      'openSchoolB',
      'participating',
    ],
    leader: [
      'countyPublished',
      'countyDraft',
      'schoolAPub',
      'schoolBDraft',
      'schoolCPub',
      'upper',
      'openEnrolling',
      'openSchoolB',
      'participating',
    ],
    // Area A holds schools A and B; the consortium holds B and C.
    areaA: ['countyPublished', 'schoolAPub', 'schoolBDraft', 'upper', 'openEnrolling', 'openSchoolB', 'participating'],
    consA: ['countyPublished', 'schoolBDraft', 'schoolCPub', 'upper', 'openEnrolling', 'openSchoolB', 'participating'],
    schoolA: ['countyPublished', 'schoolAPub', 'upper', 'openEnrolling', 'participating'],
    schoolB: ['countyPublished', 'schoolBDraft', 'upper', 'openEnrolling', 'openSchoolB', 'participating'],
    teacherA: ['openEnrolling', 'participating'],
    teacherB: ['openEnrolling', 'openSchoolB'],
    trainer: ['countyPublished'],
    trainer2: [],
    otherCounty: [],
  };

  it.each(Object.entries(expected))(
    '%s sees exactly their projects in the list and the details',
    async (who, names) => {
      const res = await c.call(who as Who, 'GET', '/api/projects?year=2030&pageSize=100');
      expect(res.status).toBe(200);
      // The other county sees only its own project.
      const want = who === 'otherCounty' ? [otherId] : names.map((n) => v[n]!).sort((a, b) => a - b);
      expect(ids(res.body)).toEqual(want);
      expect(res.body.total).toBe(want.length);
      for (const [name, id] of Object.entries(v)) {
        const d = await c.call(who as Who, 'GET', `/api/projects/${id}`);
        expect(d.status, `${who} → ${name}`).toBe(names.includes(name) ? 200 : 404);
      }
    },
  );

  it('teachers and trainers read the detail without the budget or quota rows', async () => {
    const d = await c.call('teacherA', 'GET', `/api/projects/${v.participating}`);
    expect(d.body).toMatchObject({ budget: null, quotas: { items: [] }, can: { edit: false, changeStatus: false } });
    const tr = await c.call('trainer', 'GET', `/api/projects/${v.countyPublished}`);
    expect(tr.body.trainers.map((x: Body) => x.name)).toEqual(['王专家']);
  });
});

describe('plan list', () => {
  let a: number;
  let b: number;
  let cc: number;
  beforeAll(async () => {
    const d = c.t.deps;
    const w = c.w;
    a = await createProject(d, w, {
      name: '信息技术2.0',
      year: 2031,
      category: '信息技术能力',
      mode: '网络远程',
      startDate: '2031-03-01',
      endDate: '2031-03-31',
      status: 'enrolling',
      code: 'IT-31',
    });
    b = await createProject(d, w, {
      name: '班主任能力提升',
      year: 2031,
      category: '班主任',
      startDate: '2031-05-10',
      endDate: '2031-05-12',
      hours: 16,
    });
    cc = await createProject(d, w, {
      name: 'A校读书会',
      year: 2031,
      level: '校培',
      organiserType: 'school',
      schoolId: w.schoolA,
      category: '读书活动',
      startDate: '2031-09-01',
      endDate: '2031-09-01',
      hours: 2,
    });
    await createSession(d, w, a, new Date('2031-03-02T01:00:00Z'));
    await createSession(d, w, a, new Date('2031-03-03T01:00:00Z'));
    await addParticipation(d, w, a, w.teacherA, 'enrolled');
    await addParticipation(d, w, a, w.teacherB, 'waitlisted');
    await d.db.execute(
      sql`insert into project_quotas (project_id, school_id, region_id, quota) values
          (${a}, ${w.schoolA}, ${w.regionId}, 3), (${a}, ${w.schoolB}, ${w.regionId}, 4)`,
    );
  });

  it('carries counts and filters by every field', async () => {
    const all = await c.call('county', 'GET', '/api/projects?year=2031');
    expect(all.body.items.map((x: Body) => x.id)).toEqual([a, b, cc]);
    const first = all.body.items[0];
    expect(first).toMatchObject({
      sessionCount: 2,
      quotaTotal: 7,
      participants: { enrolled: 1, waitlisted: 1, nominated: 0, completed: 0 },
      mode: '网络远程',
    });
    const q = async (query: string) => ids((await c.call('county', 'GET', `/api/projects?year=2031&${query}`)).body);
    expect(await q(`level=${enc('校培')}`)).toEqual([cc]);
    expect(await q(`category=${enc('班主任')}`)).toEqual([b]);
    expect(await q(`mode=${enc('网络远程')}`)).toEqual([a]);
    expect(await q('status=enrolling')).toEqual([a]);
    expect(await q(`schoolId=${c.w.schoolA}`)).toEqual([cc]);
    expect(await q(`q=${enc('读书')}`)).toEqual([cc]);
    expect(await q('q=IT-31')).toEqual([a]);
    expect(await q('from=2031-03-31&to=2031-05-10')).toEqual([a, b]);
    expect(await q('from=2031-04-01&to=2031-05-09')).toEqual([]);
    expect(await q('organiserType=school')).toEqual([cc]);
  });

  it('paginates and sorts', async () => {
    const p2 = await c.call('county', 'GET', '/api/projects?year=2031&pageSize=2&page=2');
    expect(p2.body.total).toBe(3);
    expect(p2.body.items.map((x: Body) => x.id)).toEqual([cc]);
    const byHours = await c.call('county', 'GET', '/api/projects?year=2031&sort=hours&order=desc');
    expect(byHours.body.items.map((x: Body) => x.id)).toEqual([a, b, cc]);
    const byName = await c.call('county', 'GET', '/api/projects?year=2031&sort=name');
    expect(byName.body.items).toHaveLength(3);
    const bad = await c.call('county', 'GET', '/api/projects?pageSize=500');
    expect(bad.status).toBe(400);
  });

  it('the detail carries trainers, sessions, quota rows in scope, and counts', async () => {
    const county = await c.call('county', 'GET', `/api/projects/${a}`);
    expect(county.body.sessions).toHaveLength(2);
    expect(county.body.quotas).toMatchObject({ total: 7, schoolCount: 2 });
    expect(county.body.quotas.items).toHaveLength(2);
    expect(county.body.nextStatuses).toEqual(['published', 'running']);
    const school = await c.call('schoolA', 'GET', `/api/projects/${a}`);
    expect(school.body.quotas.items).toEqual([
      { schoolId: c.w.schoolA, schoolName: expect.any(String), quota: 3, taken: 1 },
    ]);
    expect(school.body.quotas.total).toBe(7);
    expect(school.body.can).toEqual({ edit: false, delete: false, changeStatus: false, schedule: false });
    expect(JSON.stringify(county.body)).not.toContain('qr');
  });
});

describe('calendar', () => {
  let inside: number;
  let endsFirst: number;
  let startsLast: number;
  let spans: number;
  let before: number;
  let after: number;
  let schoolProject: number;
  beforeAll(async () => {
    const d = c.t.deps;
    const w = c.w;
    const mk = (name: string, startDate: string, endDate: string, extra = {}) =>
      createProject(d, w, {
        name,
        year: Number(startDate.slice(0, 4)),
        startDate,
        endDate,
        status: 'published',
        ...extra,
      });
    inside = await mk('十月中旬', '2032-10-10', '2032-10-12');
    endsFirst = await mk('九月底到十月一日', '2032-09-28', '2032-10-01');
    startsLast = await mk('十月三十一日起', '2032-10-31', '2032-11-02');
    spans = await mk('跨整月', '2032-09-01', '2032-12-31', { mode: '网络远程' });
    before = await mk('九月', '2032-09-01', '2032-09-30');
    after = await mk('十一月', '2032-11-01', '2032-11-05');
    schoolProject = await mk('A校十月', '2032-10-20', '2032-10-20', {
      level: '校培',
      organiserType: 'school',
      schoolId: w.schoolA,
    });
    // Beijing 2032-10-01 00:30 is 2032-09-30 16:30 UTC; 2032-10-31 23:00 is 15:00 UTC; 2032-11-01 00:30 is 10-31 16:30 UTC.
    await createSession(d, w, endsFirst, new Date('2032-09-30T15:00:00Z'), 30, '九月最后一课');
    await createSession(d, w, endsFirst, new Date('2032-09-30T16:30:00Z'), 60, '十月第一课');
    await createSession(d, w, startsLast, new Date('2032-10-31T15:00:00Z'), 59, '十月最后一课');
    await createSession(d, w, startsLast, new Date('2032-10-31T16:30:00Z'), 60, '十一月第一课');
    await createSession(d, w, inside, new Date('2032-10-10T01:00:00Z'), 150, '中旬课');
  });

  it('holds the projects and sessions overlapping the month, by Beijing dates', async () => {
    const res = await c.call('county', 'GET', '/api/projects/calendar?month=2032-10');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ month: '2032-10', from: '2032-10-01', to: '2032-10-31' });
    const projectIds = res.body.projects.map((p: Body) => p.id).sort((x: number, y: number) => x - y);
    expect(projectIds).toEqual([inside, endsFirst, startsLast, spans, schoolProject].sort((x, y) => x - y));
    expect(projectIds).not.toContain(before);
    expect(projectIds).not.toContain(after);
    expect(res.body.sessions.map((s: Body) => s.topic)).toEqual(['十月第一课', '中旬课', '十月最后一课']);
    expect(res.body.sessions[0]).toMatchObject({
      date: '2032-10-01',
      start: '00:30',
      end: '01:30',
      projectName: '九月底到十月一日',
    });
    expect(res.body.sessions[1]).toMatchObject({ date: '2032-10-10', start: '09:00', end: '11:30' });
    const sept = await c.call('county', 'GET', '/api/projects/calendar?month=2032-09');
    expect(sept.body.to).toBe('2032-09-30');
    expect(sept.body.sessions.map((s: Body) => s.topic)).toEqual(['九月最后一课']);
    const nov = await c.call('county', 'GET', '/api/projects/calendar?month=2032-11');
    expect(nov.body.sessions.map((s: Body) => s.topic)).toEqual(['十一月第一课']);
  });

  it('filters and follows scope; rejects a bad month', async () => {
    const online = await c.call('county', 'GET', `/api/projects/calendar?month=2032-10&mode=${enc('网络远程')}`);
    expect(online.body.projects.map((p: Body) => p.id)).toEqual([spans]);
    const bySchool = await c.call('county', 'GET', `/api/projects/calendar?month=2032-10&schoolId=${c.w.schoolA}`);
    expect(bySchool.body.projects.map((p: Body) => p.id)).toEqual([schoolProject]);
    const schoolB = await c.call('schoolB', 'GET', '/api/projects/calendar?month=2032-10');
    expect(schoolB.body.projects.map((p: Body) => p.id)).not.toContain(schoolProject);
    const feb = await c.call('county', 'GET', '/api/projects/calendar?month=2032-02');
    expect(feb.body.to).toBe('2032-02-29');
    const dec = await c.call('county', 'GET', '/api/projects/calendar?month=2032-12');
    expect(dec.body.projects.map((p: Body) => p.id)).toEqual([spans]);
    expect((await c.call('county', 'GET', '/api/projects/calendar?month=2032-13')).status).toBe(400);
    expect((await c.call('county', 'GET', '/api/projects/calendar')).status).toBe(400);
  });
});
