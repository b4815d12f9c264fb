// Test helpers for the plan tests: a county with one account per role (plus a trainer account
// and teacher B's account), sessions made in SQL, and a small request wrapper.
import { sql } from 'drizzle-orm';
import { createTestApp, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { one, rows } from '../../db/client.js';
import type { App, Deps } from '../../deps.js';
import { SESSION_COOKIE } from '../../http/auth.js';
import { randomToken, sha256 } from '../../lib/crypto.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely.
export type Body = any;
export type Who =
  | 'county'
  | 'leader'
  | 'areaA'
  | 'consA'
  | 'schoolA'
  | 'schoolB'
  | 'teacherA'
  | 'teacherB'
  | 'trainer'
  | 'trainer2'
  | 'otherCounty';

export interface PlanWorld extends World {
  /** The trainer-pool records of the two trainer accounts. */
  trainerId: number;
  trainer2Id: number;
  userIds: Record<Who, number>;
}

export interface PlanContext {
  t: TestContext;
  w: PlanWorld;
  other: World;
  call: (
    who: Who,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ) => Promise<{ status: number; body: Body }>;
}

async function userId(deps: Deps, username: string) {
  return (await one<{ id: number }>(deps.db, sql`select id from users where username = ${username}`))!.id;
}

async function addUser(deps: Deps, w: World, username: string, role: string, teacherId: number | null = null) {
  const r = await one<{ id: number }>(
    deps.db,
    sql`insert into users (region_id, username, display_name, role, teacher_id, school_id)
        values (${w.regionId}, ${username}, ${username}, ${role}, ${teacherId},
                ${teacherId == null ? null : sql`(select school_id from teachers where id = ${teacherId})`})
        returning id`,
  );
  return r!.id;
}

export async function addTrainer(
  deps: Deps,
  w: Pick<World, 'regionId'>,
  t: { name: string; userId?: number | null; kind?: 'county' | 'external'; active?: boolean; expertise?: string },
) {
  const r = await one<{ id: number }>(
    deps.db,
    sql`insert into trainers (region_id, kind, user_id, name, expertise, active)
        values (${w.regionId}, ${t.kind ?? 'external'}, ${t.userId ?? null}, ${t.name}, ${t.expertise ?? null},
                ${t.active ?? true})
        returning id`,
  );
  return r!.id;
}

/** Sessions inserted directly: tests need not hash passwords or go through the login throttle. */
async function cookieFor(deps: Deps, uid: number) {
  const token = randomToken();
  await deps.db.execute(
    sql`insert into sessions (id, user_id, expires_at) values (${sha256(token)}, ${uid}, now() + interval '1 hour')`,
  );
  return `${SESSION_COOKIE}=${token}`;
}

export async function planContext(): Promise<PlanContext> {
  const t = await createTestApp();
  const base = await seedWorld(t.deps, '甲县');
  const other = await seedWorld(t.deps, '乙县');
  const ids = {} as Record<Who, number>;
  for (const [k, u] of Object.entries(base.users)) ids[k as Who] = await userId(t.deps, u);
  ids.otherCounty = await userId(t.deps, other.users.county);
  ids.teacherB = await addUser(t.deps, base, `tB${base.regionId}`, 'teacher', base.teacherB);
  ids.trainer = await addUser(t.deps, base, `trainer${base.regionId}`, 'trainer');
  ids.trainer2 = await addUser(t.deps, base, `trainer2_${base.regionId}`, 'trainer');
  const trainerId = await addTrainer(t.deps, base, { name: '王专家', userId: ids.trainer });
  const trainer2Id = await addTrainer(t.deps, base, { name: '赵老师', userId: ids.trainer2 });
  const cookies = {} as Record<Who, string>;
  for (const [k, id] of Object.entries(ids)) cookies[k as Who] = await cookieFor(t.deps, id);
  const w: PlanWorld = { ...base, trainerId, trainer2Id, userIds: ids };
  const app: App = t.app;
  return {
    t,
    w,
    other,
    async call(who, method, url, payload) {
      const res = await app.inject({
        method,
        url,
        headers: { cookie: cookies[who] },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
    },
  };
}

/** A valid create body for a county project; override what the test is about. */
export function projectInput(over: Record<string, unknown> = {}) {
  return {
    name: '小学语文新课标专题培训',
    level: '县培',
    category: '学科/新课标',
    mode: '集中面授',
    startDate: '2026-10-10',
    endDate: '2026-10-12',
    place: '县教师发展中心',
    hours: 24,
    capacity: 50,
    ...over,
  };
}

export async function auditOf(deps: Deps, action: string, entityId: number | string) {
  return rows<{ action: string; before: Body; after: Body; user_name: string | null }>(
    deps.db,
    sql`select action, before, after, user_name from audit_log where action = ${action} and entity_id = ${String(entityId)}
        order by id`,
  );
}

export async function notificationsOf(deps: Deps, uid: number) {
  return rows<{ kind: string; title: string; link: string | null }>(
    deps.db,
    sql`select kind, title, link from notifications where user_id = ${uid} order by id`,
  );
}

/** Marks a participant present at a session (as the attendance module would). */
export async function markPresent(deps: Deps, w: Pick<World, 'regionId'>, sessionId: number, participationId: number) {
  await deps.db.execute(
    sql`insert into attendance (region_id, session_id, participation_id, teacher_id, status, method)
        select ${w.regionId}, ${sessionId}, p.id, p.teacher_id, 'present', 'manual' from participations p
        where p.id = ${participationId}`,
  );
}
