// Surveys on a small county: a needs survey from draft to results (audience, required answers, one
// answer per teacher, response rate per school, the needs summary), anonymity in the database and
// in every export, the satisfaction survey every project gets (window after the last session,
// per-trainer ratings, trainer and project satisfaction, template versions, the certificate's
// gate), and scope (a school reads its own teachers' answers only).
import { LANGUAGE_COOKIE } from '@shixun/common';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { createTeachers } from '../../../test/training.js';
import { one, rows, sql } from '../../db/client.js';
import { actorFor } from '../attachments/attachments.fixtures.js';
import { issueCertificates } from '../certificates/certificates.service.js';
import { projectSatisfaction, trainerSatisfaction } from './satisfaction.js';
import {
  cookieFor,
  cookieForTeacher,
  finishedProject,
  needsAnswers,
  needsSurveyBody,
  useTemplate,
} from './surveys.fixtures.js';

let t: TestContext;
let w: World;
const c: Record<string, string> = {};
let a: number[] = [];
let b: number[] = [];
let middle: number[] = [];

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely.
type Body = any;

async function call(cookie: string, method: string, url: string, payload?: unknown) {
  const res = await t.app.inject({
    method: method as 'GET',
    url,
    headers: { cookie },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return {
    status: res.statusCode,
    body: (res.headers['content-type']?.toString().includes('json') ? res.json() : res.rawPayload) as Body,
  };
}

async function sheetsOf(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: Record<string, unknown[][]> = {};
  for (const ws of wb.worksheets) {
    const list: unknown[][] = [];
    ws.eachRow((row) => list.push((row.values as unknown[]).slice(1)));
    out[ws.name] = list;
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  for (const k of ['county', 'leader', 'schoolA', 'schoolB', 'teacherA'] as const)
    c[k] = await cookieFor(t, w.users[k]);
  a = (await createTeachers(t.deps, w, w.schoolA, 3, { stage: '小学', subject: '数学' })).map((x) => x.id);
  b = (await createTeachers(t.deps, w, w.schoolB, 2, { stage: '小学', subject: '语文' })).map((x) => x.id);
  middle = (await createTeachers(t.deps, w, w.schoolB, 2, { stage: '初中', subject: '英语' })).map((x) => x.id);
});
afterAll(() => t.close());

describe('a needs survey', () => {
  let id: number;

  it('is drafted and published to its audience (primary teachers), who are notified', async () => {
    const bad = await call(c.county!, 'POST', '/api/surveys', {
      ...needsSurveyBody(),
      sections: [
        {
          title: '',
          questions: [{ id: 'x', type: 'single', title: '只有一个选项', options: [{ value: 'a', label: 'A' }] }],
        },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('至少需要两个选项');

    const created = await call(
      c.county!,
      'POST',
      '/api/surveys',
      needsSurveyBody({ audience: { stages: ['小学'], subjects: [], areaIds: [], schoolIds: [] } }),
    );
    expect(created.status).toBe(201);
    id = created.body.id;
    // A draft is the county's: schools do not see it, teachers cannot open it.
    expect((await call(c.schoolA!, 'GET', `/api/surveys/${id}`)).status).toBe(404);
    const published = await call(c.county!, 'POST', `/api/surveys/${id}/publish`);
    expect(published.status).toBe(200);
    // teacherA + 3 at A (primary), teacherB + 2 at B (primary): 7; the two junior-middle teachers are not asked.
    expect(published.body.invited).toBe(7);
    expect((await call(c.county!, 'PUT', `/api/surveys/${id}`, needsSurveyBody())).status).toBe(409);
    const bell = await one<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from notifications where kind = 'survey' and link = ${`/my/surveys/${id}`}`,
    );
    expect(bell!.n).toBeGreaterThanOrEqual(1);
  });

  it('is answered once per teacher, with every required question', async () => {
    const teacher = await cookieForTeacher(t, a[0]!);
    const todo = await call(teacher, 'GET', '/api/me/todo');
    expect(todo.body.surveys.map((s: Body) => s.surveyId)).toContain(id);
    const form = await call(teacher, 'GET', `/api/surveys/${id}/form`);
    expect(form.status).toBe(200);
    expect(form.body.answered).toBe(false);

    const missing = await call(teacher, 'POST', `/api/surveys/${id}/responses`, { answers: { topics: ['ai'] } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe('第2题“您更喜欢的培训形式”为必答题');
    const tooMany = await call(teacher, 'POST', `/api/surveys/${id}/responses`, {
      answers: { ...needsAnswers(['ai', 'unit', 'psy', 'class']) },
    });
    expect(tooMany.body.error.message).toBe('第1题“您最需要哪些培训主题？”最多选择3项');
    const outOfRange = await call(teacher, 'POST', `/api/surveys/${id}/responses`, {
      answers: needsAnswers(['ai'], 6),
    });
    expect(outOfRange.body.error.message).toBe('第3题“您对目前培训安排的满意程度”应为1至5分');
    // In the reader's language: the question's number and title, what is wrong, the field.
    const english = await call(`${teacher}; ${LANGUAGE_COOKIE}=en`, 'POST', `/api/surveys/${id}/responses`, {
      answers: { topics: ['ai'] },
    });
    expect(english.body.error.message).toBe('Question 2 “您更喜欢的培训形式” must be answered');
    expect(english.body.error.fields['answers.mode']).toBe('Question 2 “您更喜欢的培训形式” must be answered');

    const ok = await call(teacher, 'POST', `/api/surveys/${id}/responses`, {
      answers: needsAnswers(['ai', 'unit'], 4, '希望多些案例'),
    });
    expect(ok.status).toBe(201);
    const again = await call(teacher, 'POST', `/api/surveys/${id}/responses`, { answers: needsAnswers() });
    expect(again.status).toBe(409);
    expect((await call(teacher, 'GET', `/api/surveys/${id}/form`)).body.answered).toBe(true);
    expect((await call(teacher, 'GET', '/api/me/todo')).body.surveys.map((s: Body) => s.surveyId)).not.toContain(id);

    // Not in the audience: a junior-middle teacher cannot open it.
    const outsider = await cookieForTeacher(t, middle[0]!);
    expect((await call(outsider, 'GET', `/api/surveys/${id}/form`)).status).toBe(404);
    expect((await call(outsider, 'POST', `/api/surveys/${id}/responses`, { answers: needsAnswers() })).status).toBe(
      404,
    );

    for (const [teacherId, topics, load] of [
      [a[1]!, ['ai', 'psy'], 5],
      [b[0]!, ['ai'], 2],
      [b[1]!, ['class', 'unit'], 3],
    ] as const) {
      const r = await call(await cookieForTeacher(t, teacherId), 'POST', `/api/surveys/${id}/responses`, {
        answers: needsAnswers([...topics], load),
      });
      expect(r.status).toBe(201);
    }
  });

  it('gives results: response rate per school, counts, means, open answers, a cross-tab', async () => {
    const r = await call(c.county!, 'GET', `/api/surveys/${id}/results?by=school`);
    expect(r.status).toBe(200);
    expect(r.body.invited).toBe(7);
    expect(r.body.responded).toBe(4);
    expect(r.body.responseRate).toBe(0.5714);
    const bySchool = Object.fromEntries(r.body.bySchool.map((x: Body) => [x.schoolId, [x.invited, x.responded]]));
    expect(bySchool[w.schoolA]).toEqual([4, 2]);
    expect(bySchool[w.schoolB]).toEqual([3, 2]);
    const topics = r.body.questions.find((q: Body) => q.id === 'topics');
    expect(Object.fromEntries(topics.options.map((o: Body) => [o.value, o.count]))).toEqual({
      ai: 3,
      unit: 2,
      psy: 1,
      class: 1,
    });
    const load = r.body.questions.find((q: Body) => q.id === 'load');
    expect(load.mean).toBe(3.5); // (4 + 5 + 2 + 3) / 4
    expect(load.satisfied).toBe(0.5); // 4 and 5 of four
    const skills = r.body.questions.find((q: Body) => q.id === 'skills');
    expect(skills.rows.map((x: Body) => x.mean)).toEqual([4, 3]);
    expect(r.body.questions.find((q: Body) => q.id === 'nps').nps).toBe(100);
    expect(r.body.questions.find((q: Body) => q.id === 'advice').texts).toEqual(['希望多些案例']);
    expect(r.body.crossTab.groups.map((g: Body) => g.responses)).toEqual([2, 2]);

    // A school's admin reads its own teachers' answers only.
    const mine = await call(c.schoolA!, 'GET', `/api/surveys/${id}/results`);
    expect(mine.body.responded).toBe(2);
    expect(mine.body.bySchool.map((x: Body) => x.schoolId)).toEqual([w.schoolA]);
    // A teacher does not read results.
    expect((await call(c.teacherA!, 'GET', `/api/surveys/${id}/results`)).status).toBe(403);
  });

  it('feeds the needs summary beside the plan: the most-asked topics, by stage and subject', async () => {
    const r = await call(c.county!, 'GET', '/api/surveys/needs-summary?year=2026');
    expect(r.status).toBe(200);
    expect(r.body.responses).toBe(4);
    expect(r.body.top[0]).toEqual({ topic: '人工智能与教学', count: 3, share: 0.75 });
    const math = r.body.bySubject.find((x: Body) => x.key === '数学');
    expect(math.responses).toBe(2);
    expect(math.top.map((x: Body) => x.topic)).toContain('学生心理健康');
  });

  it('exports a named survey with its people (audited)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/surveys/${id}/results/export`,
      headers: { cookie: c.county! },
    });
    expect(res.statusCode).toBe(200);
    const sheets = await sheetsOf(res.rawPayload);
    expect(Object.keys(sheets)).toEqual(['回收情况', '题目统计', '交叉分析', '答卷']);
    expect(sheets.答卷![0]!.slice(0, 3)).toEqual(['序号', '姓名', '学校']);
    const audited = await one<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from audit_log where action = 'survey.results_export' and entity_id = ${String(id)}`,
    );
    expect(audited!.n).toBe(1);
  });

  it('lists and exports the surveys by the list’s filters (a school admin sees no drafts)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/surveys/export?kind=needs',
      headers: { cookie: c.county! },
    });
    expect(res.statusCode).toBe(200);
    const sheet = (await sheetsOf(res.rawPayload)).问卷列表!;
    expect(sheet[0]).toEqual(['标题', '类型', '年度', '状态', '匿名', '截止日期', '应答人数', '已答人数', '回收率']);
    const row = sheet.find((r) => r[0] === '2026年教师培训需求调研')!;
    expect(row.slice(1, 4)).toEqual(['培训需求调研', 2026, '进行中']);
    expect(row.slice(6)).toEqual([7, 4, '57.1%']);
    const list = await call(c.schoolA!, 'GET', '/api/surveys?kind=needs');
    expect(list.body.items.every((x: Body) => x.status !== 'draft')).toBe(true);
  });
});

describe('an anonymous survey', () => {
  it('keeps no teacher on its answers, and no profile in any export', async () => {
    const created = await call(
      c.county!,
      'POST',
      '/api/surveys',
      needsSurveyBody({
        title: '匿名调研',
        anonymous: true,
        audience: { stages: [], subjects: [], areaIds: [], schoolIds: [w.schoolA, w.schoolB] },
      }),
    );
    const id = created.body.id;
    await call(c.county!, 'POST', `/api/surveys/${id}/publish`);
    for (const teacherId of [a[0]!, a[1]!, a[2]!, b[0]!]) {
      const r = await call(await cookieForTeacher(t, teacherId), 'POST', `/api/surveys/${id}/responses`, {
        answers: needsAnswers(['psy'], 4, `匿名意见${teacherId}`),
      });
      expect(r.status).toBe(201);
    }
    const stored = await rows<{ teacher_id: number | null }>(
      t.deps.db,
      sql`select teacher_id from survey_responses where survey_id = ${id}`,
    );
    expect(stored.map((r) => r.teacher_id)).toEqual([null, null, null, null]);

    const res = await t.app.inject({
      method: 'GET',
      url: `/api/surveys/${id}/results/export`,
      headers: { cookie: c.county! },
    });
    const sheets = await sheetsOf(res.rawPayload);
    const header = sheets.答卷![0] as string[];
    for (const col of ['姓名', '学校', '学段', '学科', '城乡', '提交日期']) expect(header).not.toContain(col);
    const text = JSON.stringify(sheets.答卷);
    const names = await rows<{ name: string }>(
      t.deps.db,
      sql`select t.name from teachers t where t.id = any(${`{${[...a, b[0]].join(',')}}`}::int[])
          union all select s.name from schools s where s.id in (${w.schoolA}, ${w.schoolB})`,
    );
    for (const n of names) expect(text).not.toContain(n.name);
    // The cross-tab hides school B's single answer.
    const r = await call(c.county!, 'GET', `/api/surveys/${id}/results?by=school`);
    const groups = Object.fromEntries(r.body.crossTab.groups.map((g: Body) => [g.key, g]));
    expect(groups[String(w.schoolA)].suppressed).toBe(false);
    expect(groups[String(w.schoolB)].suppressed).toBe(true);
    expect(groups[String(w.schoolB)].questions).toEqual({});
    // The export is audited like every export (who downloaded it), and the entry names nobody who answered.
    const audited = await rows<{ after: unknown }>(
      t.deps.db,
      sql`select after from audit_log where action = 'survey.results_export' and entity_id = ${String(id)}`,
    );
    expect(audited).toHaveLength(1);
    expect(audited[0]!.after).toMatchObject({ anonymous: true, rows: 4 });
    for (const n of names) expect(JSON.stringify(audited[0]!.after)).not.toContain(n.name);
  });
});

describe('the satisfaction survey every project gets', () => {
  let project: Awaited<ReturnType<typeof finishedProject>>;

  beforeAll(async () => {
    await useTemplate(t, c.county!, { requiredForCertificate: true });
    project = await finishedProject(t, w, {
      teachers: [w.teacherA, a[0]!, a[1]!],
      absent: [a[2]!],
      trainerName: '赵讲师',
    });
  });

  it('opens to checked-in participants after the last session, with the project’s trainers', async () => {
    const todo = await call(c.teacherA!, 'GET', '/api/me/todo');
    const mine = todo.body.surveys.find((s: Body) => s.projectId === project.projectId);
    expect(mine).toMatchObject({ kind: 'satisfaction', requiredForCertificate: true });
    const form = await call(c.teacherA!, 'GET', `/api/surveys/${mine.surveyId}/form?projectId=${project.projectId}`);
    expect(form.status).toBe(200);
    expect(form.body.trainers).toEqual([{ id: project.trainerId, name: '赵讲师' }]);
    // Never checked in: not asked.
    const absent = await cookieForTeacher(t, a[2]!);
    const theirs = (await call(absent, 'GET', '/api/me/surveys')).body.pending;
    expect(theirs.filter((p: Body) => p.projectId === project.projectId)).toEqual([]);
    expect(
      (await call(absent, 'GET', `/api/surveys/${mine.surveyId}/form?projectId=${project.projectId}`)).status,
    ).toBe(404);
    // A project still running has no survey yet.
    const running = await finishedProject(t, w, { name: '还在进行的项目', teachers: [w.teacherA], hoursAgo: -3 });
    const pending = (await call(c.teacherA!, 'GET', '/api/me/surveys')).body.pending;
    expect(pending.map((p: Body) => p.projectId)).not.toContain(running.projectId);
    const early = await call(c.teacherA!, 'POST', `/api/surveys/${mine.surveyId}/responses`, {
      projectId: running.projectId,
      answers: {},
    });
    expect(early.status).toBe(409);
  });

  it('holds the certificate back until the survey is answered, when the county asks for it', async () => {
    const actor = await actorFor(t.deps, w.users.county);
    await t.deps.db.execute(
      sql`update participations set status = 'completed', result = '合格'
          where id = any(${`{${project.participations.join(',')}}`}::int[])`,
    );
    const issued = await t.deps.db.transaction((tx) => issueCertificates(tx, actor, project.participations));
    const mine = issued.issued.find((x) => x.participationId === project.participations[0])!;
    const blocked = await call(c.teacherA!, 'GET', `/api/certificates/${mine.number}`);
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toBe('请先填写《县级骨干教师培训》的培训满意度问卷，再查看证书');
    // The county still opens it.
    expect((await call(c.county!, 'GET', `/api/certificates/${mine.number}`)).status).toBe(200);

    const survey = (await call(c.teacherA!, 'GET', '/api/me/surveys')).body.pending.find(
      (p: Body) => p.projectId === project.projectId,
    ).surveyId;
    const noTrainer = await call(c.teacherA!, 'POST', `/api/surveys/${survey}/responses`, {
      projectId: project.projectId,
      answers: { relevance: 5, useful: 4, organisation: { schedule: 5, venue: 4, materials: 5 }, recommend: 10 },
    });
    expect(noTrainer.body.error.message).toBe('第1题“请为本项目的授课教师打分”为必答题');
    const ok = await call(c.teacherA!, 'POST', `/api/surveys/${survey}/responses`, {
      projectId: project.projectId,
      answers: {
        trainer: { [project.trainerId]: 5 },
        relevance: 5,
        useful: 4,
        organisation: { schedule: 5, venue: 4, materials: 5 },
        recommend: 10,
      },
    });
    expect(ok.status).toBe(201);
    expect((await call(c.teacherA!, 'GET', `/api/certificates/${mine.number}`)).status).toBe(200);
  });

  it('feeds each trainer’s record and the project’s report', async () => {
    const survey = (await call(c.county!, 'GET', '/api/surveys/template')).body.template.id;
    const second = await call(await cookieForTeacher(t, a[0]!), 'POST', `/api/surveys/${survey}/responses`, {
      projectId: project.projectId,
      answers: {
        trainer: { [project.trainerId]: 3 },
        relevance: 2,
        useful: 3,
        organisation: { schedule: 4, venue: 3, materials: 4 },
        recommend: 5,
      },
    });
    expect(second.status).toBe(201);
    // Trainer: ratings 5 and 3 → mean 4, satisfied 1 of 2.
    const [trainer] = await trainerSatisfaction(t.deps.db, w.regionId, { trainerId: project.trainerId });
    expect(trainer).toMatchObject({ ratings: 2, responses: 2, mean: 4, satisfiedRate: 0.5, projects: 1 });
    // Project: 12 ratings (1 trainer + 2 content + 3 organisation per answer):
    // 5,5,4,5,4,5 and 3,2,3,4,3,4 → sum 47, mean 3.92; satisfied (≥4): 6 + 2 = 8 → 0.6667.
    const [p] = await projectSatisfaction(t.deps.db, w.regionId, { projectId: project.projectId });
    expect(p).toMatchObject({ ratings: 12, responses: 2, mean: 3.92, satisfiedRate: 0.6667, invited: 3 });
    // NPS: 10 (promoter), 5 (detractor) → 0.
    expect(p!.nps).toBe(0);
    expect(p!.dimensions.find((d) => d.dimension === 'trainer')).toMatchObject({ ratings: 2, mean: 4 });
    const viaApi = await call(c.county!, 'GET', `/api/projects/${project.projectId}/satisfaction`);
    expect(viaApi.body.item.mean).toBe(3.92);
    const trainers = await call(c.leader!, 'GET', `/api/surveys/satisfaction/trainers?year=${p!.endDate.slice(0, 4)}`);
    expect(trainers.body.items.find((x: Body) => x.trainerId === project.trainerId).satisfiedRate).toBe(0.5);
    // Results of the template for the project: 3 asked, 2 answered.
    const results = await call(c.county!, 'GET', `/api/surveys/${survey}/results?projectId=${project.projectId}`);
    expect([results.body.invited, results.body.responded]).toEqual([3, 2]);
    expect(results.body.questions.find((q: Body) => q.id === 'trainer').rows[0]).toMatchObject({
      label: '赵讲师',
      mean: 4,
    });
    // The same figures as .xlsx.
    const year = p!.endDate.slice(0, 4);
    const projects = (
      await sheetsOf((await call(c.leader!, 'GET', `/api/surveys/satisfaction/projects/export?year=${year}`)).body)
    ).培训项目满意度!;
    expect(projects[0]!.slice(0, 7)).toEqual(['项目', '级别', '结束日期', '应答人数', '已答人数', '平均分', '满意率']);
    expect(projects.find((r) => r[0] === p!.projectName)!.slice(3, 7)).toEqual([3, 2, 3.92, '66.7%']);
    const rated = (
      await sheetsOf((await call(c.leader!, 'GET', `/api/surveys/satisfaction/trainers/export?year=${year}`)).body)
    ).授课教师满意度!;
    expect(rated.find((r) => r[0] === '赵讲师')!.slice(1)).toEqual([1, 2, 2, 4, '50%']);
  });

  it('keeps a project on the template version it was first answered on', async () => {
    const before = (await call(c.county!, 'GET', '/api/surveys/template')).body.template;
    const changed = await call(c.county!, 'PUT', '/api/surveys/template', {
      title: '培训满意度调查（新版）',
      anonymous: true,
      settings: { requiredForCertificate: false, windowDays: 30 },
      sections: [{ title: '', questions: [{ id: 'overall', type: 'rating', title: '总体满意度', required: true }] }],
    });
    expect(changed.status).toBe(200);
    expect(changed.body.id).not.toBe(before.id);
    expect(changed.body.version).toBe(before.version + 1);
    const old = await call(c.county!, 'GET', `/api/surveys/${before.id}`);
    expect(old.body.status).toBe('superseded');
    // The third participant still answers the project on the first version.
    const pending = (await call(await cookieForTeacher(t, a[1]!), 'GET', '/api/me/surveys')).body.pending;
    expect(pending.find((p: Body) => p.projectId === project.projectId).surveyId).toBe(before.id);
    // A new project gets the new version.
    const next = await finishedProject(t, w, { name: '新项目', teachers: [b[0]!] });
    const theirs = (await call(await cookieForTeacher(t, b[0]!), 'GET', '/api/me/surveys')).body.pending;
    expect(theirs.find((p: Body) => p.projectId === next.projectId).surveyId).toBe(changed.body.id);
  });
});
