// Sessions: an opaque random token in an HttpOnly, SameSite=Lax cookie; only its SHA-256 is stored,
// in Postgres, so any instance behind a load balancer can authenticate any request.
import type { Permission } from '@shixun/common';
import { and, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { type Db, one } from '../db/client.js';
import { sessions } from '../db/schema.js';
import { randomToken, sha256 } from '../lib/crypto.js';
import type { Actor, CurrentUser } from './context.js';
import { AppError } from './errors.js';

export const SESSION_COOKIE = 'shixun_sid';

declare module 'fastify' {
  interface FastifyRequest {
    user: CurrentUser | null;
  }
  interface FastifyContextConfig {
    /** Route may be called without a session. */
    public?: boolean;
    /** Route may be called while the user still has to change the initial password. */
    allowPasswordChangePending?: boolean;
    /** The permission the route requires (common/src/access.ts); enforced by server/src/access/. */
    permission?: Permission;
  }
}

export async function createSession(
  db: Db,
  config: Config,
  reply: FastifyReply,
  userId: number,
  meta: { ip: string | null; userAgent: string | null },
) {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + config.sessionHours * 3600_000).toISOString();
  await db.insert(sessions).values({ id: sha256(token), userId, expiresAt, ip: meta.ip, userAgent: meta.userAgent });
  // Expired sessions are pruned here rather than by a timer, so no instance has to own the chore.
  await db.execute(sql`delete from sessions where expires_at < now() - interval '1 day'`);
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
    maxAge: config.sessionHours * 3600,
  });
}

export async function destroySession(db: Db, req: FastifyRequest, reply: FastifyReply) {
  const token = req.cookies[SESSION_COOKIE];
  if (token) await db.delete(sessions).where(eq(sessions.id, sha256(token)));
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

type UserRow = {
  id: number;
  username: string;
  display_name: string;
  role: CurrentUser['role'];
  region_id: number;
  school_id: number | null;
  area_id: number | null;
  consortium_id: number | null;
  teacher_id: number | null;
  provider_id: number | null;
  must_change_password: boolean;
  disabled: boolean;
};
type SessionRow = UserRow & { session_id: string; last_seen_at: string };

const USER_COLUMNS = sql`u.id, u.username, u.display_name, u.role, u.region_id, u.school_id, u.area_id,
  u.consortium_id, u.teacher_id, u.provider_id, u.must_change_password, u.disabled`;

function toCurrentUser(row: UserRow): CurrentUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    regionId: row.region_id,
    schoolId: row.school_id,
    areaId: row.area_id,
    consortiumId: row.consortium_id,
    teacherId: row.teacher_id,
    providerId: row.provider_id,
    mustChangePassword: row.must_change_password,
  };
}

export async function loadCurrentUser(db: Db, userId: number): Promise<CurrentUser> {
  const row = await one<UserRow>(db, sql`select ${USER_COLUMNS} from users u where u.id = ${userId}`);
  if (!row) throw new AppError('UNAUTHENTICATED', '请先登录');
  return toCurrentUser(row);
}

/**
 * The per-request login check, one round trip: the session by its primary key and its user by
 * theirs (a lateral look-up, so no statistics can turn it into a join over users). The sliding
 * expiry is a second statement, at most once a minute per session.
 */
export async function sessionUser(db: Db, sessionId: string, sessionHours: number): Promise<SessionRow | undefined> {
  const row = await one<SessionRow>(db, sessionUserSql(sessionId));
  if (row && Date.now() - new Date(row.last_seen_at).getTime() > 60_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: sql`now()`, expiresAt: sql`now() + make_interval(hours => ${sessionHours})` })
      .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, sql`now()`)));
  }
  return row;
}

export function sessionUserSql(sessionId: string): SQL {
  return sql`select s.id as session_id, s.last_seen_at, u.*
    from sessions s
    cross join lateral (select ${USER_COLUMNS} from users u where u.id = s.user_id offset 0) u
    where s.id = ${sessionId} and s.expires_at > now()`;
}

export function registerAuth(app: FastifyInstance, db: Db, config: Config) {
  app.decorateRequest('user', null);
  app.addHook('preHandler', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const row = await sessionUser(db, sha256(token), config.sessionHours);
      if (row && !row.disabled) req.user = toCurrentUser(row);
    }
    const cfg = req.routeOptions.config;
    if (cfg?.public) return;
    if (!req.user) throw new AppError('UNAUTHENTICATED', '请先登录');
    if (req.user.mustChangePassword && !cfg?.allowPasswordChangePending) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', '首次登录须先修改初始密码');
    }
  });
}

/** The authenticated caller (routes that are not public only). */
export function userOf(req: FastifyRequest): CurrentUser {
  if (!req.user) throw new AppError('UNAUTHENTICATED', '请先登录');
  return req.user;
}

export function actorOf(req: FastifyRequest): Actor {
  return { user: userOf(req), ip: req.ip ?? null, userAgent: req.headers['user-agent']?.slice(0, 300) ?? null };
}
