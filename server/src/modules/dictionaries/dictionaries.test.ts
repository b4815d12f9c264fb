// The dictionary service through its API: the national lists a county starts from, adding,
// synonyms, renaming and merging (rows follow, history stays), retiring, who may do what, another
// county's dictionary out of reach, every write audited, forms checked against the dictionary.
import { HONOUR_LEVELS, RESEARCH_ACTIVITY_TYPES } from '@shixun/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  count,
  createTestApp,
  loginAs,
  makeIdNumber,
  seedWorld,
  type TestContext,
  type World,
} from '../../../test/harness.js';
import { one, sql } from '../../db/client.js';
import { multipart, xlsx } from '../imports/imports.fixtures.js';

let t: TestContext;
let w: World;
let other: World;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  other = await seedWorld(t.deps, '邻县');
  for (const [k, u] of Object.entries(w.users)) cookies[k] = await loginAs(t.app, u);
  cookies.otherCounty = await loginAs(t.app, other.users.county);
});
afterAll(() => t.close());

type Body = Record<string, unknown> & { error?: { code: string; message: string; fields?: Record<string, string> } };
async function call(who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  const res = await t.app.inject({ method, url, headers: { cookie: cookies[who]! }, payload: payload as never });
  return { status: res.statusCode, body: res.json() as Body };
}
const dictionaries = async (who = 'county') =>
  (await call(who, 'GET', '/api/dictionaries')).body as unknown as Record<
    string,
    Array<{ value: string; synonyms: string[]; level?: string }>
  >;
const entries = async (kind: string, who = 'county') =>
  (await call(who, 'GET', `/api/dictionaries/${kind}/entries`)).body.items as Array<{
    id: number;
    value: string;
    synonyms: string[];
    level: string | null;
    retired: boolean;
    mergedInto: string | null;
    usage: number;
  }>;
const audits = (action: string) => count(t.deps, 'audit_log', `action = '${action}' and region_id = ${w.regionId}`);

describe('reading', () => {
  it('gives every kind the national list, with synonyms and levels, to any signed-in user', async () => {
    const d = await dictionaries('teacherA');
    expect(Object.keys(d).sort()).toEqual(
      [
        'degree',
        'honour',
        'honour_level',
        'post',
        'research_activity_type',
        'school_affiliation',
        'school_type',
        'stage',
        'subject',
        'title',
        'training_category',
      ].sort(),
    );
    expect(d.school_type!.map((e) => e.value)).toContain('小学');
    expect(d.title!.find((e) => e.value === '一级教师')!.synonyms).toContain('小学高级');
    expect(d.honour!.find((e) => e.value === '县级骨干教师')).toMatchObject({ level: '县级' });
    expect(d.honour!.find((e) => e.value === '骨干教师')).not.toHaveProperty('level');
    expect(d.honour_level!.map((e) => e.value)).toEqual([...HONOUR_LEVELS]);
    expect(d.research_activity_type!.map((e) => e.value)).toEqual([...RESEARCH_ACTIVITY_TYPES]);
  });

  it('is documented in OpenAPI', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const p of [
      '/api/dictionaries',
      '/api/dictionaries/{kind}',
      '/api/dictionaries/{kind}/entries',
      '/api/dictionaries/{kind}/{id}',
      '/api/dictionaries/{kind}/{id}/merge',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(doc.paths['/api/dictionaries'].get.summary).toMatch(/value, synonyms, level/);
  });

  it('documents autoAdd, mapping and `added` on every spreadsheet import', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const imports = {
      schools: '/api/schools/import',
      teachers: '/api/teachers/import',
      results: '/api/trainings/results/import',
      scores: '/api/projects/{id}/assessment/import',
      'historical credit': '/api/credits/import',
      budgets: '/api/budgets/import',
    };
    for (const [what, path] of Object.entries(imports)) {
      const op = doc.paths[path]?.post;
      expect(op, what).toBeDefined();
      const params = (op.parameters as Array<{ name: string; in: string }>).filter((p) => p.in === 'query');
      expect(
        params.map((p) => p.name),
        what,
      ).toEqual(expect.arrayContaining(['dryRun', 'skipInvalid', 'autoAdd']));
      expect(JSON.stringify(op.requestBody), what).toContain('mapping');
      const ok = JSON.stringify(op.responses['200']);
      for (const k of ['unknown', 'mapped', 'added']) expect(ok, `${what}: ${k}`).toContain(k);
    }
  });

  it('answers an unknown kind with a Chinese 400', async () => {
    const res = await call('county', 'GET', '/api/dictionaries/colour/entries');
    expect(res.status).toBe(400);
    expect(res.body.error!.message).toMatch(/字典类型无效/);
  });
});

describe('the county admin keeps the dictionary', () => {
  it('adds an entry (the level read from its name), refuses duplicates and taken synonyms, audits', async () => {
    const add = await call('county', 'POST', '/api/dictionaries/honour', {
      value: '县级教坛新秀',
      synonyms: ['教坛新秀'],
    });
    expect(add.status).toBe(201);
    expect(add.body).toMatchObject({ value: '县级教坛新秀', level: '县级', synonyms: ['教坛新秀'], usage: 0 });
    expect((await dictionaries()).honour!.find((e) => e.value === '县级教坛新秀')).toEqual({
      value: '县级教坛新秀',
      synonyms: ['教坛新秀'],
      level: '县级',
    });
    const dup = await call('county', 'POST', '/api/dictionaries/honour', { value: '县级 教坛新秀' });
    expect(dup.status).toBe(409);
    expect(dup.body.error!.message).toMatch(/已存在/);
    const taken = await call('county', 'POST', '/api/dictionaries/subject', { value: '品德', synonyms: [] });
    expect(taken.status).toBe(409);
    expect(taken.body.error!.message).toMatch(/已是“道德与法治”的同义词/);
    const bad = await call('county', 'POST', '/api/dictionaries/subject', { value: '书法、篆刻' });
    expect(bad.status).toBe(400);
    expect(bad.body.error!.fields!.value).toMatch(/顿号/);
    const badLevel = await call('county', 'POST', '/api/dictionaries/honour', { value: '优秀辅导员', level: '宇宙级' });
    expect(badLevel.status).toBe(400);
    expect(badLevel.body.error!.fields!.level).toMatch(/荣誉级别“宇宙级”不在本县的字典中/);
    expect(await audits('dictionary.add')).toBe(1);
  });

  it('school admins, area admins, leaders and teachers cannot write; nobody writes by autoAdd but the county', async () => {
    for (const who of ['schoolA', 'areaA', 'leader', 'teacherA']) {
      expect((await call(who, 'POST', '/api/dictionaries/subject', { value: '书法' })).status, who).toBe(403);
    }
    const id = (await entries('subject')).find((e) => e.value === '语文')!.id;
    expect((await call('schoolA', 'PATCH', `/api/dictionaries/subject/${id}`, { synonyms: ['国文'] })).status).toBe(
      403,
    );
    expect((await dictionaries()).subject!.some((e) => e.value === '书法')).toBe(false);
  });

  it('another county neither sees nor changes this county’s entries', async () => {
    const mine = (await entries('honour')).find((e) => e.value === '县级教坛新秀')!;
    expect((await dictionaries('otherCounty')).honour!.some((e) => e.value === '县级教坛新秀')).toBe(false);
    const patch = await call('otherCounty', 'PATCH', `/api/dictionaries/honour/${mine.id}`, { retired: true });
    expect(patch.status).toBe(404);
    const theirs = (await entries('honour', 'otherCounty')).find((e) => e.value === '骨干教师')!;
    const merge = await call('county', 'POST', `/api/dictionaries/honour/${mine.id}/merge`, { into: theirs.id });
    expect(merge.status).toBe(400);
    expect(merge.body.error!.fields!.into).toBeTruthy();
    const otherMerge = await call('otherCounty', 'POST', `/api/dictionaries/honour/${mine.id}/merge`, {
      into: theirs.id,
    });
    expect(otherMerge.status).toBe(404);
    expect((await entries('honour')).find((e) => e.id === mine.id)).toMatchObject({ retired: false, mergedInto: null });
  });

  it('renames an entry: the rows follow, the old name stays a synonym, the audit says how many rows', async () => {
    const add = await call('county', 'POST', '/api/dictionaries/subject', { value: '书法' });
    const id = add.body.id as number;
    await t.deps.db.execute(sql`update teachers set subject = '书法' where id = ${w.teacherA}`);
    expect((await entries('subject')).find((e) => e.id === id)!.usage).toBe(1);
    const rename = await call('county', 'PATCH', `/api/dictionaries/subject/${id}`, { value: '书法与篆刻' });
    expect(rename.status).toBe(200);
    const row = await one<{ subject: string }>(t.deps.db, sql`select subject from teachers where id = ${w.teacherA}`);
    expect(row!.subject).toBe('书法与篆刻');
    expect((await entries('subject')).find((e) => e.id === id)).toMatchObject({
      value: '书法与篆刻',
      synonyms: ['书法'],
    });
    const audit = await one<{ before: Body; after: Body }>(
      t.deps.db,
      sql`select before, after from audit_log where action = 'dictionary.update' and entity_id = ${String(id)}`,
    );
    expect(audit!.before).toMatchObject({ kind: 'subject', value: '书法' });
    expect(audit!.after).toMatchObject({ value: '书法与篆刻', rowsRenamed: { 'teachers.subject': 1 } });
    const clash = await call('county', 'PATCH', `/api/dictionaries/subject/${id}`, { value: '语文' });
    expect(clash.status).toBe(409);
  });

  it('merges one entry into another: rows and eligibility follow, the merged one stays as history', async () => {
    const a = (await call('county', 'POST', '/api/dictionaries/honour', { value: '教学标兵' })).body.id as number;
    await t.deps.db.execute(sql`update teachers set tags = '{教学标兵,骨干教师}' where id = ${w.teacherB}`);
    const project = await one<{ id: number }>(
      t.deps.db,
      sql`insert into projects (region_id, name, year, level, category, mode, organiser_type, start_date, end_date,
            hours, eligibility)
          values (${w.regionId}, '标兵研修', 2026, '县培', '其他', '集中面授', 'county', '2026-10-01', '2026-10-02', 8,
                  '{"tags": ["教学标兵"]}'::jsonb)
          returning id`,
    );
    const into = (await entries('honour')).find((e) => e.value === '县级教坛新秀')!.id;
    const res = await call('county', 'POST', `/api/dictionaries/honour/${a}/merge`, { into });
    expect(res.status).toBe(200);
    const teacher = await one<{ tags: string[] }>(t.deps.db, sql`select tags from teachers where id = ${w.teacherB}`);
    expect(teacher!.tags.sort()).toEqual(['县级教坛新秀', '骨干教师'].sort());
    const p = await one<{ eligibility: { tags: string[] } }>(
      t.deps.db,
      sql`select eligibility from projects where id = ${project!.id}`,
    );
    expect(p!.eligibility.tags).toEqual(['县级教坛新秀']);
    const list = await entries('honour');
    expect(list.find((e) => e.id === a)).toMatchObject({ retired: true, mergedInto: '县级教坛新秀', synonyms: [] });
    expect(list.find((e) => e.id === into)!.synonyms).toEqual(['教坛新秀', '教学标兵']);
    expect((await dictionaries()).honour!.some((e) => e.value === '教学标兵')).toBe(false);
    expect(await audits('dictionary.merge')).toBe(1);
    const again = await call('county', 'PATCH', `/api/dictionaries/honour/${a}`, { retired: false });
    expect(again.status).toBe(409);
  });

  it('retires an entry: no longer offered nor accepted for new records, still valid on the rows that have it', async () => {
    const id = (await entries('post')).find((e) => e.value === '副园长')!.id;
    const res = await call('county', 'PATCH', `/api/dictionaries/post/${id}`, { retired: true });
    expect(res.status).toBe(200);
    expect((await dictionaries()).post!.some((e) => e.value === '副园长')).toBe(false);
    expect(await audits('dictionary.retire')).toBe(1);
    const create = await call('county', 'POST', '/api/teachers', {
      name: '新老师',
      idNumber: makeIdNumber(9101, '19900101'),
      schoolId: w.schoolA,
      stage: '小学',
      subject: '语文',
      posts: ['副园长'],
    });
    expect(create.status).toBe(400);
    expect(create.body.error!.fields!.posts).toMatch(/岗位“副园长”不在本县的字典中/);
    // A teacher who already holds it keeps it through an edit.
    await t.deps.db.execute(sql`update teachers set posts = '{副园长}' where id = ${w.teacherA}`);
    const edit = await call('county', 'PATCH', `/api/teachers/${w.teacherA}`, {
      posts: ['副园长'],
      phone: '13900001234',
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    const restore = await call('county', 'PATCH', `/api/dictionaries/post/${id}`, { retired: false });
    expect(restore.status).toBe(200);
    expect((await dictionaries()).post!.some((e) => e.value === '副园长')).toBe(true);
  });
});

describe('forms read the dictionary', () => {
  it('stores a synonym as its entry and refuses what the county does not have, naming the field', async () => {
    const ok = await call('county', 'POST', '/api/teachers', {
      name: '林老师',
      idNumber: makeIdNumber(9102, '19900101'),
      schoolId: w.schoolA,
      stage: '小教',
      subject: '思想品德',
      title: '小学高级',
      degree: '大学本科',
      tags: ['县骨干'],
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const row = await one<Record<string, unknown>>(
      t.deps.db,
      sql`select stage, subject, title, degree, tags from teachers where id = ${ok.body.id as number}`,
    );
    expect(row).toEqual({
      stage: '小学',
      subject: '道德与法治',
      title: '一级教师',
      degree: '本科',
      tags: ['县级骨干教师'],
    });
    const bad = await call('county', 'POST', '/api/teachers', {
      name: '某老师',
      idNumber: makeIdNumber(9103, '19900101'),
      schoolId: w.schoolA,
      stage: '小学',
      subject: '天文',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error!.fields!.subject).toMatch(/学科“天文”不在本县的字典中（可选：语文、数学/);
  });

  it('a county’s own category is offered for projects and in the category list', async () => {
    await call('county', 'POST', '/api/dictionaries/training_category', { value: '劳动教育' });
    const list = (await call('county', 'GET', '/api/training/categories')).body.items as Array<{ name: string }>;
    expect(list.map((c) => c.name)).toContain('劳动教育');
  });

  it('a project for 骨干教师 admits backbone teachers of every level', async () => {
    const res = await call('county', 'POST', '/api/projects', {
      name: '骨干研修',
      level: '县培',
      category: '骨干教师',
      mode: '集中面授',
      startDate: '2026-11-01',
      endDate: '2026-11-02',
      hours: 8,
      enrolMode: 'nomination',
      completionRule: { minAttendanceRate: 0.8, requirePass: false },
      eligibility: { tags: ['县骨干'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const p = await one<{ eligibility: { tags: string[] } }>(
      t.deps.db,
      sql`select eligibility from projects where id = ${res.body.id as number}`,
    );
    expect(p!.eligibility.tags).toEqual(['县级骨干教师']);
  });
});

describe('imports with autoAdd', () => {
  it('adds every value the dictionary lacks, reports them in `added`, and refuses what cannot be one entry', async () => {
    const school = (await one<{ name: string }>(t.deps.db, sql`select name from schools where id = ${w.schoolA}`))!
      .name;
    const sheet = await xlsx([
      ['姓名', '身份证号', '学校', '学段', '学科', '骨干类别'],
      ['甲老师', makeIdNumber(9201, '19900101'), school, '小学', '围棋', '县级围棋名师'],
      ['乙老师', makeIdNumber(9202, '19900101'), school, '小学', '语文、数学', ''],
    ]);
    const body = multipart(sheet, 'auto.xlsx');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/teachers/import?autoAdd=true&skipInvalid=true',
      headers: { cookie: cookies.county!, ...body.headers },
      payload: body.payload,
    });
    const r = res.json();
    expect(res.statusCode, res.body).toBe(200);
    expect(r).toMatchObject({ created: 1, committed: true, added: { subject: ['围棋'], honour: ['县级围棋名师'] } });
    expect(r.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: '学科',
        message: expect.stringMatching(/“语文、数学”不在本县的学科字典中/),
      }),
    ]);
    const d = await dictionaries();
    expect(d.subject!.some((e) => e.value === '围棋')).toBe(true);
    expect(d.honour!.find((e) => e.value === '县级围棋名师')).toMatchObject({ level: '县级' });
    // Not the county admin: autoAdd is refused before anything is read.
    const again = multipart(sheet, 'auto.xlsx');
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/teachers/import?autoAdd=true&dryRun=true',
      headers: { cookie: cookies.schoolA!, ...again.headers },
      payload: again.payload,
    });
    expect(refused.statusCode).toBe(403);
  });
});
