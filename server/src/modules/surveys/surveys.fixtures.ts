// Test factories for surveys (and the other yearly-loop tests): a session for any account without
// a password round, a needs survey, a finished project with a trainer and checked-in participants.
import { DEFAULT_SATISFACTION_TEMPLATE, type SurveyBody } from '@shixun/common';
import { sql } from 'drizzle-orm';
import type { TestContext, World } from '../../../test/harness.js';
import { addParticipation, createProject, createSession } from '../../../test/training.js';
import { one } from '../../db/client.js';
import { SESSION_COOKIE } from '../../http/auth.js';
import { randomToken, sha256 } from '../../lib/crypto.js';

/** A signed-in cookie for a user id (no password, no argon2: a session row straight away). */
export async function cookieForUser(t: TestContext, userId: number): Promise<string> {
  const token = randomToken();
  await t.deps.db.execute(
    sql`insert into sessions (id, user_id, expires_at) values (${sha256(token)}, ${userId}, now() + interval '1 hour')`,
  );
  return `${SESSION_COOKIE}=${token}`;
}

/** The cookie of a user by username. */
export async function cookieFor(t: TestContext, username: string): Promise<string> {
  const u = await one<{ id: number }>(t.deps.db, sql`select id from users where username = ${username}`);
  if (!u) throw new Error(`no user ${username}`);
  return cookieForUser(t, u.id);
}

/** The cookie of a teacher's account. */
export async function cookieForTeacher(t: TestContext, teacherId: number): Promise<string> {
  const u = await one<{ id: number }>(t.deps.db, sql`select id from users where teacher_id = ${teacherId}`);
  if (!u) throw new Error(`teacher ${teacherId} has no account`);
  return cookieForUser(t, u.id);
}

/** A needs survey: a topic question (multiple), a rating, a matrix, an NPS and an optional text. */
export function needsSurveyBody(over: Partial<SurveyBody> = {}): SurveyBody {
  return {
    kind: 'needs',
    title: '2026年教师培训需求调研',
    intro: '请根据您的实际需要填写。',
    anonymous: false,
    year: 2026,
    audience: { stages: [], subjects: [], areaIds: [], schoolIds: [] },
    closesOn: null,
    sections: [
      {
        title: '培训主题',
        questions: [
          {
            id: 'topics',
            type: 'multiple',
            title: '您最需要哪些培训主题？',
            required: true,
            topic: true,
            maxChoices: 3,
            options: [
              { value: 'ai', label: '人工智能与教学' },
              { value: 'unit', label: '大单元教学设计' },
              { value: 'psy', label: '学生心理健康' },
              { value: 'class', label: '班级管理' },
            ],
          },
          {
            id: 'mode',
            type: 'single',
            title: '您更喜欢的培训形式',
            required: true,
            options: [
              { value: 'offline', label: '集中面授' },
              { value: 'online', label: '网络研修' },
            ],
          },
        ],
      },
      {
        title: '现状',
        questions: [
          { id: 'load', type: 'rating', title: '您对目前培训安排的满意程度', required: true },
          {
            id: 'skills',
            type: 'matrix',
            title: '请评价自己的能力',
            required: true,
            rows: [
              { value: 'design', label: '教学设计' },
              { value: 'tech', label: '技术应用' },
            ],
          },
          { id: 'nps', type: 'nps', title: '推荐同事参加县级培训的可能性', required: false },
          { id: 'advice', type: 'text', title: '其他建议', required: false },
        ],
      },
    ],
    ...over,
  };
}

/** Answers that satisfy needsSurveyBody. */
export const needsAnswers = (topics: string[] = ['ai', 'unit'], load = 4, advice?: string) => ({
  topics,
  mode: 'offline',
  load,
  skills: { design: 4, tech: 3 },
  nps: 9,
  ...(advice ? { advice } : {}),
});

/** Puts the county's satisfaction template in use (the default, with overrides). */
export async function useTemplate(
  t: TestContext,
  countyCookie: string,
  settings: Partial<typeof DEFAULT_SATISFACTION_TEMPLATE.settings> = {},
) {
  const res = await t.app.inject({
    method: 'PUT',
    url: '/api/surveys/template',
    headers: { cookie: countyCookie },
    payload: { ...DEFAULT_SATISFACTION_TEMPLATE, settings: { ...DEFAULT_SATISFACTION_TEMPLATE.settings, ...settings } },
  });
  if (res.statusCode !== 200) throw new Error(`template: ${res.statusCode} ${res.body}`);
  return res.json() as { id: number };
}

/**
 * A project whose last session ended `hoursAgo` hours ago, taught by a new trainer, with the given
 * teachers enrolled and checked in (`absent`: enrolled, never checked in).
 */
export async function finishedProject(
  t: TestContext,
  w: Pick<World, 'regionId'>,
  opts: {
    name?: string;
    level?: string;
    schoolId?: number;
    teachers: number[];
    absent?: number[];
    hoursAgo?: number;
    trainerName?: string;
  },
) {
  const ends = new Date(Date.now() - (opts.hoursAgo ?? 2) * 3600_000);
  const starts = new Date(ends.getTime() - 90 * 60_000);
  const day = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const projectId = await createProject(t.deps, w, {
    name: opts.name ?? '县级骨干教师培训',
    level: opts.level ?? '县培',
    organiserType: opts.level === '校培' ? 'school' : 'county',
    schoolId: opts.schoolId ?? null,
    status: 'assessing',
    startDate: day(starts),
    endDate: day(ends),
    year: Number(day(ends).slice(0, 4)),
  });
  const trainer = await one<{ id: number }>(
    t.deps.db,
    sql`insert into trainers (region_id, kind, name, organisation) values (${w.regionId}, 'external',
        ${opts.trainerName ?? '王专家'}, '师范学院') returning id`,
  );
  await t.deps.db.execute(
    sql`insert into project_trainers (project_id, trainer_id) values (${projectId}, ${trainer!.id})`,
  );
  const sessionId = await createSession(t.deps, w, projectId, starts, 90, '专题讲座');
  const participations: number[] = [];
  for (const teacherId of opts.teachers) {
    const pa = await addParticipation(t.deps, w, projectId, teacherId, 'enrolled');
    await t.deps.db.execute(
      sql`insert into attendance (region_id, session_id, participation_id, teacher_id, status, method)
          values (${w.regionId}, ${sessionId}, ${pa}, ${teacherId}, 'present', 'manual')`,
    );
    participations.push(pa);
  }
  for (const teacherId of opts.absent ?? []) await addParticipation(t.deps, w, projectId, teacherId, 'enrolled');
  return { projectId, trainerId: trainer!.id, sessionId, participations };
}
