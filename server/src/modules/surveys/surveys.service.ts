// Needs and competency surveys: the county drafts one (sections of questions, an audience), edits it
// while it is a draft, publishes it (the audience's serving teachers are invited and notified, in
// one transaction), closes it; copies it for a new round. Results for the caller's schools.
import type { CrossTabBy, SurveyBody, SurveyResults, SurveySection } from '@shixun/common';
import type { Db, Exec } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, invalid, notFound } from '../../http/errors.js';
import { recordExport } from '../../http/export-audit.js';
import { notifyTeachers } from '../notifications/notifications.service.js';
import { todayInChina } from '../teachers/teachers.service.js';
import { surveyWorkbook } from './survey-export.js';
import { crossTabOf, dimensionMeans, questionResults, trainerIdsOf } from './survey-results.js';
import { presentListItem, presentSurvey } from './surveys.presenter.js';
import * as repo from './surveys.repo.js';

export async function getSurvey(db: Db, user: CurrentUser, id: number) {
  const r = await repo.findSurvey(db, user, id);
  if (!r) throw notFound('问卷');
  return presentSurvey(r);
}

export async function listSurveys(
  db: Db,
  user: CurrentUser,
  q: { kind?: string; status?: string; year?: number; page: number; pageSize: number },
) {
  const res = await repo.listSurveys(db, user, { ...q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: res.items.map(presentListItem), total: res.total };
}

const fields = (body: SurveyBody) => ({
  title: body.title,
  intro: body.intro || null,
  anonymous: body.anonymous,
  year: body.year,
  audience: body.audience,
  sections: body.sections,
  settings: {},
  closesOn: body.closesOn ?? null,
});

/** The audience names only the county's schools and areas. */
async function checkAudience(exec: Exec, regionId: number, body: SurveyBody) {
  const bad = await repo.foreignAudience(exec, regionId, body.audience);
  if (bad?.school != null) {
    throw invalid(`学校 ${bad.school} 不存在`, { 'audience.schoolIds': `学校 ${bad.school} 不存在` });
  }
  if (bad?.area != null) throw invalid(`学区 ${bad.area} 不存在`, { 'audience.areaIds': `学区 ${bad.area} 不存在` });
}

export async function createSurvey(db: Db, actor: Actor, body: SurveyBody): Promise<number> {
  const user = actor.user;
  await checkAudience(db, user.regionId, body);
  return db.transaction(async (tx) => {
    const id = await repo.insertSurvey(tx, {
      regionId: user.regionId,
      kind: body.kind,
      isTemplate: false,
      status: 'draft',
      version: 1,
      createdBy: user.id,
      ...fields(body),
    });
    await record(tx, actor, {
      action: 'survey.create',
      entity: 'survey',
      entityId: id,
      after: { kind: body.kind, title: body.title, year: body.year, anonymous: body.anonymous },
    });
    return id;
  });
}

async function lockOwn(tx: Exec, user: CurrentUser, id: number) {
  const s = await repo.lockSurvey(tx, user, id);
  if (!s) throw notFound('问卷');
  return s;
}

export async function updateSurvey(db: Db, actor: Actor, id: number, body: SurveyBody) {
  await checkAudience(db, actor.user.regionId, body);
  await db.transaction(async (tx) => {
    const s = await lockOwn(tx, actor.user, id);
    if (s.is_template) throw conflict('满意度问卷模板请在“满意度模板”中修改');
    if (s.status !== 'draft') throw conflict('问卷已发布，不能再修改题目；可以复制一份再修改');
    if (s.kind !== body.kind) throw conflict('不能修改问卷类型');
    await repo.updateSurvey(tx, id, fields(body));
    await record(tx, actor, {
      action: 'survey.update',
      entity: 'survey',
      entityId: id,
      before: { title: s.title },
      after: { title: body.title, questions: body.sections.reduce((n, x) => n + x.questions.length, 0) },
    });
  });
  return getSurvey(db, actor.user, id);
}

export async function deleteSurvey(db: Db, actor: Actor, id: number) {
  await db.transaction(async (tx) => {
    const s = await lockOwn(tx, actor.user, id);
    if (s.status !== 'draft') throw conflict('只能删除草稿；已发布的问卷可以结束');
    await repo.deleteSurvey(tx, id);
    await record(tx, actor, { action: 'survey.delete', entity: 'survey', entityId: id, before: { title: s.title } });
  });
}

export async function publishSurvey(db: Db, actor: Actor, id: number) {
  const user = actor.user;
  return db.transaction(async (tx) => {
    const s = await lockOwn(tx, user, id);
    if (s.is_template) throw conflict('满意度问卷模板保存后即启用，无需发布');
    if (s.status !== 'draft') throw conflict('问卷已经发布过了');
    if (s.closes_on && s.closes_on < todayInChina()) {
      throw conflict(`截止日期 ${s.closes_on} 已过，请先修改截止日期`, { closesOn: '截止日期已过' });
    }
    const audience = presentSurvey({ ...s, invited: 0, responded: 0 }).audience;
    const invited = await repo.inviteAudience(tx, id, user.regionId, audience, s.year);
    if (invited === 0) throw conflict('按所选范围找不到在职教师，请调整问卷的对象');
    await repo.setStatus(tx, id, 'published');
    await notifyTeachers(tx, user.regionId, await repo.invitedTeachers(tx, id), {
      kind: 'survey',
      title: `请填写问卷《${s.title}》`,
      body: s.closes_on ? `截止日期：${s.closes_on}` : null,
      link: `/my/surveys/${id}`,
    });
    await record(tx, actor, {
      action: 'survey.publish',
      entity: 'survey',
      entityId: id,
      after: { title: s.title, invited, audience },
    });
    return { id, invited };
  });
}

export async function closeSurvey(db: Db, actor: Actor, id: number) {
  await db.transaction(async (tx) => {
    const s = await lockOwn(tx, actor.user, id);
    if (s.status !== 'published') throw conflict('只有进行中的问卷可以结束');
    await repo.setStatus(tx, id, 'closed');
    await record(tx, actor, {
      action: 'survey.close',
      entity: 'survey',
      entityId: id,
      before: { status: s.status },
      after: { status: 'closed', responses: s.responses },
    });
  });
  return getSurvey(db, actor.user, id);
}

/** A new draft with the same questions and audience (next year's round, or a corrected version). */
export async function copySurvey(db: Db, actor: Actor, id: number): Promise<number> {
  const user = actor.user;
  return db.transaction(async (tx) => {
    const s = await lockOwn(tx, user, id);
    if (s.is_template) throw conflict('满意度问卷模板请在“满意度模板”中修改');
    const copy = await repo.insertSurvey(tx, {
      regionId: user.regionId,
      kind: s.kind,
      isTemplate: false,
      title: `${s.title}（副本）`.slice(0, 100),
      intro: s.intro,
      anonymous: s.anonymous,
      status: 'draft',
      year: s.year,
      version: 1,
      audience: s.audience,
      sections: s.sections,
      settings: {},
      closesOn: null,
      createdBy: user.id,
    });
    await record(tx, actor, { action: 'survey.copy', entity: 'survey', entityId: copy, after: { from: id } });
    return copy;
  });
}

export async function surveyResults(
  db: Db,
  user: CurrentUser,
  id: number,
  q: { projectId?: number; schoolId?: number; by?: CrossTabBy },
): Promise<SurveyResults> {
  const s = await repo.findSurvey(db, user, id);
  if (!s) throw notFound('问卷');
  if (q.projectId && !(await repo.visibleProject(db, user, q.projectId))) throw notFound('培训项目');
  const [responses, bySchool] = await Promise.all([
    repo.responsesOf(db, user, id, q),
    repo.ratesBySchool(db, user, s, q),
  ]);
  const sections = (s.sections ?? []) as SurveySection[];
  const names =
    s.kind === 'satisfaction' ? await repo.trainerNames(db, user.regionId, trainerIdsOf(responses)) : new Map();
  const invited = bySchool.reduce((n, r) => n + r.invited, 0);
  const responded = bySchool.reduce((n, r) => n + r.responded, 0);
  const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 10000 : 0);
  return {
    survey: presentListItem(s),
    projectId: q.projectId ?? null,
    invited,
    responded,
    responseRate: rate(responded, invited),
    bySchool: bySchool.map((r) => ({
      schoolId: r.school_id,
      schoolName: r.school_name,
      invited: r.invited,
      responded: r.responded,
      rate: rate(r.responded, r.invited),
    })),
    questions: questionResults(sections, responses, { anonymous: s.anonymous, trainerNames: names }),
    dimensions: s.kind === 'competency' ? dimensionMeans(responses) : [],
    crossTab: q.by ? crossTabOf(sections, responses, q.by, s.anonymous) : null,
  };
}

/** The results workbook (see survey-export.ts), audited like every export (an anonymous survey's entry names nobody who answered). */
export async function exportSurvey(
  db: Db,
  actor: Actor,
  id: number,
  q: { projectId?: number; schoolId?: number },
): Promise<{ buffer: Buffer; filename: string }> {
  const user = actor.user;
  const results = await surveyResults(db, user, id, q);
  const s = await repo.findSurvey(db, user, id);
  const responses = await repo.responsesOf(db, user, id, q);
  const sections = (s!.sections ?? []) as SurveySection[];
  const names =
    s!.kind === 'satisfaction' ? await repo.trainerNames(db, user.regionId, trainerIdsOf(responses)) : new Map();
  const buffer = await surveyWorkbook(results, sections, responses, names);
  await recordExport(
    db,
    actor,
    {
      action: 'survey.results_export',
      entity: 'survey',
      entityId: id,
      filters: q,
      extra: { title: s!.title, anonymous: s!.anonymous },
    },
    responses.length,
  );
  return { buffer, filename: `问卷结果-${s!.title}` };
}
