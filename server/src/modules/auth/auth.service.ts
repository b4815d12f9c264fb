// Login by username, phone or ID number; lock-out after repeated failures; password change.

import { timingSafeEqual } from 'node:crypto';
import { checkIdNumber, type Me } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { type Db, one, rows } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import type { IdCipher } from '../../lib/crypto.js';
import { hashPassword, verifyPassword } from '../../lib/password.js';

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;
/** Failed attempts allowed from one address per window, across all accounts. */
export const IP_MAX_FAILURES = 30;
export const IP_WINDOW_MINUTES = 15;

type Candidate = {
  id: number;
  username: string;
  display_name: string;
  region_id: number;
  password_hash: string | null;
  disabled: boolean;
  failed_attempts: number;
  locked_until: string | null;
  id_enc: string | null;
};

const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', '用户名或密码错误');

async function findCandidates(db: Db, cipher: IdCipher, identifier: string): Promise<Candidate[]> {
  const cols = sql`u.id, u.username, u.display_name, u.region_id, u.password_hash, u.disabled, u.failed_attempts,
                   u.locked_until, t.id_enc`;
  const byName = await rows<Candidate>(
    db,
    sql`select ${cols} from users u left join teachers t on t.id = u.teacher_id
        where lower(u.username) = lower(${identifier})`,
  );
  if (byName.length) return byName;
  if (/^1\d{10}$/.test(identifier)) {
    return rows<Candidate>(
      db,
      sql`select ${cols} from users u left join teachers t on t.id = u.teacher_id
          where u.phone = ${identifier} or (t.phone = ${identifier} and t.status = '在职')
          order by u.id limit 5`,
    );
  }
  const id = checkIdNumber(identifier);
  if (id.ok) {
    return rows<Candidate>(
      db,
      sql`select ${cols} from users u join teachers t on t.id = u.teacher_id
          where t.id_hash = ${cipher.hash(id.value)} order by u.id limit 5`,
    );
  }
  return [];
}

/**
 * An imported teacher has no password yet: the initial one is the last six characters of the
 * ID number (the convention county platforms use), checked against the encrypted ID and
 * changed on first login — so no weak hash is ever stored.
 */
async function passwordMatches(c: Candidate, password: string, cipher: IdCipher): Promise<boolean> {
  if (c.password_hash) return verifyPassword(c.password_hash, password);
  if (!c.id_enc) return false;
  const expected = Buffer.from(cipher.decrypt(c.id_enc).slice(-6).toUpperCase());
  const given = Buffer.from(password.trim().toUpperCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export async function login(
  db: Db,
  cipher: IdCipher,
  input: { username: string; password: string },
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ userId: number; mustChangePassword: boolean }> {
  const ipKey = `ip:${meta.ip ?? 'unknown'}`;
  const throttle = await one<{ failures: number }>(
    db,
    sql`select failures from login_throttle
        where key = ${ipKey} and window_start > now() - make_interval(mins => ${IP_WINDOW_MINUTES})`,
  );
  if (throttle && throttle.failures >= IP_MAX_FAILURES) {
    throw new AppError('TOO_MANY_ATTEMPTS', `登录失败次数过多，请${IP_WINDOW_MINUTES}分钟后再试`);
  }

  const identifier = input.username.trim();
  const candidates = await findCandidates(db, cipher, identifier);
  for (const c of candidates) {
    if (!(await passwordMatches(c, input.password, cipher))) continue;
    if (c.locked_until && new Date(c.locked_until).getTime() > Date.now()) {
      const mins = Math.ceil((new Date(c.locked_until).getTime() - Date.now()) / 60_000);
      throw new AppError('ACCOUNT_LOCKED', `账号因多次密码错误已锁定，请${mins}分钟后再试或联系管理员`);
    }
    if (c.disabled) throw new AppError('ACCOUNT_DISABLED', '账号已停用，请联系管理员');
    const updated = await one<{ must_change_password: boolean }>(
      db,
      sql`update users set failed_attempts = 0, locked_until = null, last_login_at = now()
          where id = ${c.id} returning must_change_password`,
    );
    await record(db, actorFor(c, meta), { action: 'auth.login', entity: 'user', entityId: c.id });
    return { userId: c.id, mustChangePassword: updated?.must_change_password ?? false };
  }

  // Failure: count it against every matching account and against the address.
  for (const c of candidates) {
    await db.execute(
      sql`update users set
            failed_attempts = case when failed_attempts + 1 >= ${MAX_FAILURES} then 0 else failed_attempts + 1 end,
            locked_until = case when failed_attempts + 1 >= ${MAX_FAILURES}
                                then now() + make_interval(mins => ${LOCK_MINUTES}) else locked_until end
          where id = ${c.id}`,
    );
  }
  await db.execute(
    sql`insert into login_throttle (key, failures, window_start) values (${ipKey}, 1, now())
        on conflict (key) do update set
          failures = case when login_throttle.window_start > now() - make_interval(mins => ${IP_WINDOW_MINUTES})
                          then login_throttle.failures + 1 else 1 end,
          window_start = case when login_throttle.window_start > now() - make_interval(mins => ${IP_WINDOW_MINUTES})
                              then login_throttle.window_start else now() end`,
  );
  const first = candidates[0];
  await record(db, first ? actorFor(first, meta) : null, {
    action: 'auth.login_failed',
    entity: 'user',
    entityId: first?.id ?? null,
    after: { identifier: identifier.length === 18 ? `${identifier.slice(0, 4)}…` : identifier.slice(0, 32) },
  });
  throw invalidCredentials();
}

function actorFor(c: Candidate, meta: { ip: string | null; userAgent: string | null }): Actor {
  return {
    user: {
      id: c.id,
      username: c.username,
      displayName: c.display_name,
      role: 'teacher',
      regionId: c.region_id,
      schoolId: null,
      areaId: null,
      consortiumId: null,
      teacherId: null,
      mustChangePassword: false,
    },
    ip: meta.ip,
    userAgent: meta.userAgent,
  };
}

export async function getMe(db: Db, user: CurrentUser): Promise<Me> {
  const row = await one<{
    region_name: string;
    school_name: string | null;
    area_name: string | null;
    consortium_name: string | null;
  }>(
    db,
    sql`select r.name as region_name, s.name as school_name, a.name as area_name, c.name as consortium_name
        from users u join regions r on r.id = u.region_id
        left join schools s on s.id = u.school_id
        left join areas a on a.id = u.area_id
        left join consortia c on c.id = u.consortium_id
        where u.id = ${user.id}`,
  );
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    regionId: user.regionId,
    regionName: row?.region_name ?? '',
    schoolId: user.schoolId,
    schoolName: row?.school_name ?? null,
    areaId: user.areaId,
    areaName: row?.area_name ?? null,
    consortiumId: user.consortiumId,
    consortiumName: row?.consortium_name ?? null,
    teacherId: user.teacherId,
    mustChangePassword: user.mustChangePassword,
  };
}

export async function changePassword(
  db: Db,
  cipher: IdCipher,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  keepSessionId: string | null,
) {
  const c = await one<Candidate>(
    db,
    sql`select u.id, u.username, u.display_name, u.region_id, u.password_hash, u.disabled, u.failed_attempts,
               u.locked_until, t.id_enc
        from users u left join teachers t on t.id = u.teacher_id where u.id = ${actor.user.id}`,
  );
  if (!c || !(await passwordMatches(c, input.currentPassword, cipher))) {
    throw new AppError('VALIDATION_FAILED', '当前密码不正确', { currentPassword: '当前密码不正确' });
  }
  if (input.currentPassword === input.newPassword) {
    throw new AppError('VALIDATION_FAILED', '新密码不能与当前密码相同', { newPassword: '新密码不能与当前密码相同' });
  }
  const hash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`update users set password_hash = ${hash}, must_change_password = false, updated_at = now() where id = ${c.id}`,
    );
    // Other devices signed in with the old password are signed out.
    await tx.execute(sql`delete from sessions where user_id = ${c.id} and id is distinct from ${keepSessionId}`);
    await record(tx, actor, { action: 'auth.password_change', entity: 'user', entityId: c.id });
  });
}
