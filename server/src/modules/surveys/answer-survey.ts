// The teacher's side: the surveys waiting for them (the to-do, 我的问卷), one survey's form, and
// answering it — who answered and what they answered are written apart, in one transaction; an
// anonymous survey's answer keeps no teacher. Also the certificate's gate: where the county's
// template asks for it, a teacher answers a project's satisfaction survey before opening its certificate.
import {
  checkAnswers,
  competencyScores,
  type MySurveys,
  type SurveyForm,
  type SurveyResponseBody,
  type SurveyResponseResult,
  type SurveySection,
} from '@shixun/common';
import type { Db, Exec } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, forbidden, invalid, isUniqueViolation, notFound } from '../../http/errors.js';
import { presentMySurvey } from './surveys.presenter.js';
import * as repo from './surveys.repo.js';

export async function mySurveys(exec: Exec, user: CurrentUser): Promise<MySurveys> {
  if (user.teacherId == null) throw forbidden('只有教师账号有待填写的问卷');
  const { pending, answered } = await repo.mySurveys(exec, user);
  return { pending: pending.map(presentMySurvey), answered: answered.map(presentMySurvey) };
}

type Scores = SurveyResponseResult['scores'];

/** The survey, the teacher's standing on it, and the project's trainers; refuses who may not answer. */
async function standing(exec: Exec, user: CurrentUser, surveyId: number, projectId: number | null) {
  if (user.teacherId == null) throw forbidden('只有教师可以填写问卷');
  const s = await repo.findSurvey(exec, user, surveyId);
  if (!s || s.status === 'draft') throw notFound('问卷');
  if (s.kind === 'satisfaction' && projectId == null) {
    throw invalid('满意度问卷需指明培训项目', { projectId: '请指明培训项目' });
  }
  if (s.kind !== 'satisfaction' && projectId != null) {
    throw invalid('这份问卷不属于某个培训项目', { projectId: '这份问卷不属于某个培训项目' });
  }
  const state = await repo.answerState(exec, user, surveyId, projectId);
  if (!state?.invited) throw notFound('问卷');
  const trainers = projectId != null ? await repo.projectTrainers(exec, user.regionId, projectId) : [];
  return { s, state, trainers };
}

export async function surveyForm(
  exec: Exec,
  user: CurrentUser,
  surveyId: number,
  projectId: number | null,
): Promise<SurveyForm> {
  const { s, state, trainers } = await standing(exec, user, surveyId, projectId);
  const own = state.answered ? await repo.ownResponse(exec, user, surveyId, projectId) : undefined;
  return {
    id: s.id,
    kind: s.kind,
    title: s.title,
    intro: s.intro,
    anonymous: s.anonymous,
    sections: s.sections as SurveySection[],
    projectId,
    projectName: 'project_name' in state ? (state.project_name as string) : null,
    trainers,
    closesAt: state.closes_at,
    requiredForCertificate: 'required' in state ? Boolean(state.required) : false,
    answered: state.answered,
    scores: (own?.scores as Scores | null) ?? [],
  };
}

export async function respond(
  db: Db,
  actor: Actor,
  surveyId: number,
  body: SurveyResponseBody,
): Promise<SurveyResponseResult> {
  const user = actor.user;
  const projectId = body.projectId ?? null;
  return db.transaction(async (tx) => {
    const { s, state, trainers } = await standing(tx, user, surveyId, projectId);
    if (state.answered) throw conflict('您已经填写过这份问卷，谢谢');
    if (!state.open) {
      throw conflict(
        s.status === 'closed'
          ? '问卷已结束，不能再填写'
          : 'opens_at' in state && new Date(String(state.opens_at)) > new Date()
            ? '培训结束后才能填写满意度问卷'
            : '问卷已过填写期限',
      );
    }
    const sections = s.sections as SurveySection[];
    const { problems, clean } = checkAnswers(sections, body.answers, trainers);
    const first = Object.values(problems)[0];
    if (first) throw invalid(first, Object.fromEntries(Object.entries(problems).map(([k, v]) => [`answers.${k}`, v])));
    const facts = await repo.teacherFacts(tx, user);
    if (!facts) throw forbidden('教师档案不存在');
    // The school the teacher was asked at (invitation or participation), else today's.
    const schoolId = state.school_id ?? facts.school_id;
    const scores = s.kind === 'competency' ? competencyScores(sections, clean) : null;
    try {
      await repo.insertSubmission(tx, { regionId: user.regionId, surveyId, projectId, teacherId: facts.id, schoolId });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('您已经填写过这份问卷，谢谢');
      throw err;
    }
    await repo.insertResponse(tx, {
      regionId: user.regionId,
      surveyId,
      projectId,
      teacherId: s.anonymous ? null : facts.id,
      schoolId,
      stage: facts.stage,
      subject: facts.subject,
      urbanRural: facts.urban_rural,
      answers: clean,
      scores,
    });
    // Who answered is on record (as it is in survey_submissions); what they answered is not.
    await record(tx, actor, {
      action: 'survey.respond',
      entity: 'survey',
      entityId: surveyId,
      after: { title: s.title, projectId, anonymous: s.anonymous },
    });
    return { ok: true as const, scores: scores ?? [] };
  });
}

/**
 * The certificate's gate: a teacher opening their own certificate of a project whose satisfaction
 * survey the county requires first, while it is open and unanswered, is sent to the survey.
 */
export async function assertSurveyAnswered(exec: Exec, user: CurrentUser, projectId: number) {
  if (user.role !== 'teacher' || user.teacherId == null) return;
  const list = await repo.mySurveys(exec, user);
  const waiting = list.pending.find((p) => p.kind === 'satisfaction' && p.project_id === projectId && p.required);
  if (waiting) {
    throw conflict(`请先填写《${waiting.project_name}》的培训满意度问卷，再查看证书`);
  }
}
