// Test helpers for assessment, completion and certificates: a county with one account per role, two
// trainer accounts (in the trainer pool), a running project with ended sessions, and a request wrapper.
import { sql } from 'drizzle-orm';
import { createTestApp, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import {
  addParticipation,
  createProject,
  createSession,
  createTeachers,
  type ProjectInput,
} from '../../../test/training.js';
import type { Config } from '../../config.js';
import { one, rows } from '../../db/client.js';
import type { Deps } from '../../deps.js';
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
  | 'otherCounty'
  | 'anon';

export interface Ctx {
  t: TestContext;
  deps: Deps;
  w: World;
  other: World;
  userIds: Record<Exclude<Who, 'anon'>, number>;
  trainerId: number;
  trainer2Id: number;
  call: (
    who: Who,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ) => Promise<{ status: number; body: Body; raw: Buffer; headers: Record<string, unknown> }>;
  /** A cookie for any user id (e.g. a teacher made by createTeachers). */
  cookieFor: (userId: number) => Promise<string>;
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

async function addTrainer(deps: Deps, w: World, name: string, userId: number) {
  const r = await one<{ id: number }>(
    deps.db,
    sql`insert into trainers (region_id, kind, user_id, name) values (${w.regionId}, 'external', ${userId}, ${name})
        returning id`,
  );
  return r!.id;
}

export async function assessmentContext(config: Partial<Config> = {}): Promise<Ctx> {
  const t = await createTestApp(config);
  const deps = t.deps;
  const w = await seedWorld(deps, '甲县');
  const other = await seedWorld(deps, '乙县');
  const ids = {} as Ctx['userIds'];
  const idOf = async (username: string) =>
    (await one<{ id: number }>(deps.db, sql`select id from users where username = ${username}`))!.id;
  for (const [k, u] of Object.entries(w.users)) ids[k as keyof typeof w.users] = await idOf(u);
  ids.otherCounty = await idOf(other.users.county);
  ids.teacherB = await addUser(deps, w, `tB${w.regionId}`, 'teacher', w.teacherB);
  ids.trainer = await addUser(deps, w, `trainer${w.regionId}`, 'trainer');
  ids.trainer2 = await addUser(deps, w, `trainer2_${w.regionId}`, 'trainer');
  const trainerId = await addTrainer(deps, w, '王专家', ids.trainer);
  const trainer2Id = await addTrainer(deps, w, '赵老师', ids.trainer2);
  const cookieFor = async (uid: number) => {
    const token = randomToken();
    await deps.db.execute(
      sql`insert into sessions (id, user_id, expires_at) values (${sha256(token)}, ${uid}, now() + interval '1 hour')`,
    );
    return `${SESSION_COOKIE}=${token}`;
  };
  const cookies = {} as Record<Who, string>;
  for (const [k, id] of Object.entries(ids)) cookies[k as Who] = await cookieFor(id);
  cookies.anon = '';
  return {
    t,
    deps,
    w,
    other,
    userIds: ids,
    trainerId,
    trainer2Id,
    cookieFor,
    async call(who, method, url, payload, headers = {}) {
      const res = await t.app.inject({
        method,
        url,
        headers: { ...(cookies[who] ? { cookie: cookies[who] } : {}), ...headers },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      const type = String(res.headers['content-type'] ?? '');
      return {
        status: res.statusCode,
        body: type.includes('json') && res.body ? JSON.parse(res.body) : null,
        raw: res.rawPayload,
        headers: res.headers,
      };
    },
  };
}

const DAY = 86400_000;

/**
 * A project (default: county 县培, status running) with `ended` sessions in the past and `future`
 * sessions to come, teacher A and B enrolled, and `extra` more teachers of school A enrolled.
 */
export async function runningProject(
  c: Ctx,
  opts: ProjectInput & { ended?: number; future?: number; extra?: number; trainer?: boolean } = {},
) {
  const { ended = 5, future = 0, extra = 0, trainer = true, ...p } = opts;
  const projectId = await createProject(c.deps, c.w, { status: 'running', ...p });
  if (trainer) {
    await c.deps.db.execute(
      sql`insert into project_trainers (project_id, trainer_id, role) values (${projectId}, ${c.trainerId}, '主讲')`,
    );
  }
  const sessions: number[] = [];
  for (let i = 0; i < ended; i++) {
    sessions.push(await createSession(c.deps, c.w, projectId, new Date(Date.now() - (ended - i + 1) * DAY)));
  }
  for (let i = 0; i < future; i++) {
    await createSession(c.deps, c.w, projectId, new Date(Date.now() + (i + 2) * DAY));
  }
  const pA = await addParticipation(c.deps, c.w, projectId, c.w.teacherA);
  const pB = await addParticipation(c.deps, c.w, projectId, c.w.teacherB);
  const more: Array<{ participationId: number; teacherId: number; idNumber: string; userId: number }> = [];
  if (extra) {
    for (const t of await createTeachers(c.deps, c.w, c.w.schoolA, extra)) {
      more.push({ participationId: await addParticipation(c.deps, c.w, projectId, t.id), teacherId: t.id, ...t });
    }
  }
  return { projectId, sessions, pA, pB, more };
}

/** Marks a participant at the first `n` of the sessions with `status` (present by default). */
export async function mark(c: Ctx, sessions: number[], participationId: number, n: number, status = 'present') {
  for (const s of sessions.slice(0, n)) {
    await c.deps.db.execute(
      sql`insert into attendance (region_id, session_id, participation_id, teacher_id, status, method)
          select ${c.w.regionId}, ${s}, p.id, p.teacher_id, ${status}, 'manual' from participations p
          where p.id = ${participationId}
          on conflict (session_id, participation_id) do update set status = excluded.status`,
    );
  }
}

export async function setStatus(c: Ctx, projectId: number, status: string) {
  await c.deps.db.execute(sql`update projects set status = ${status} where id = ${projectId}`);
}

export async function ledgerOf(c: Ctx, teacherId: number) {
  return rows<{
    id: number;
    source: string;
    source_ref: string;
    hours: string | number;
    occurred_on: string;
    reverses_id: number | null;
    approved_by: number | null;
    category: string;
    level: string;
    mode: string;
  }>(
    c.deps.db,
    sql`select id, source, source_ref, hours, occurred_on::text as occurred_on, reverses_id, approved_by, category, level, mode
        from credit_ledger where teacher_id = ${teacherId} order by id`,
  );
}

export async function auditOf(c: Ctx, action: string, entityId?: number | string) {
  return rows<{ action: string; before: Body; after: Body; entity_id: string }>(
    c.deps.db,
    entityId === undefined
      ? sql`select action, before, after, entity_id from audit_log where action = ${action} order by id`
      : sql`select action, before, after, entity_id from audit_log where action = ${action}
            and entity_id = ${String(entityId)} order by id`,
  );
}

export async function noticesOf(c: Ctx, userId: number) {
  return rows<{ kind: string; title: string; body: string | null }>(
    c.deps.db,
    sql`select kind, title, body from notifications where user_id = ${userId} order by id`,
  );
}

/** A multipart body with one file part. */
export function multipart(filename: string, content: Buffer | string, contentType = 'text/csv') {
  const boundary = `----shixun${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
