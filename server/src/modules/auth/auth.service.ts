// Sign-in by username, phone or ID number, with back-off instead of lock-out (backoff.ts), the same
// work (one argon2 verification) whether or not the name exists, and password changes under the
// shared policy. Accounts without a password are activated with a one-time code (activation.ts).

import { timingSafeEqual } from 'node:crypto';
import { checkIdNumber, looksLikeActivationCode, type Me, normaliseActivationCode } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { type Db, one, rows } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, invalid } from '../../http/errors.js';
import type { IdCipher } from '../../lib/crypto.js';
import { type Keys, sameDigest } from '../../lib/keys.js';
import { hashPassword, verifyPassword } from '../../lib/password.js';
import { attemptSucceeded, type Slot, slotsFor, takeAttempt } from './backoff.js';
import { deviceEntryFor } from './device.js';
import { assertPasswordAllowed } from './policy.js';

export interface Candidate {
  id: number;
  username: string;
  display_name: string;
  region_id: number;
  role: string;
  password_hash: string | null;
  disabled: boolean;
  legacy_id_password: boolean;
  phone: string | null;
  teacher_phone: string | null;
  id_enc: string | null;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  /** The device cookie, when the browser sent one. */
  device?: string;
}

const COLUMNS = sql`u.id, u.username, u.display_name, u.region_id, u.role, u.password_hash, u.disabled,
  u.legacy_id_password, u.phone, t.phone as teacher_phone, t.id_enc`;

/** Accounts a login name may mean: a username, else a phone, else an ID number. */
export async function findCandidates(db: Db, cipher: IdCipher, identifier: string): Promise<Candidate[]> {
  const byName = await rows<Candidate>(
    db,
    sql`select ${COLUMNS} from users u left join teachers t on t.id = u.teacher_id
        where lower(u.username) = lower(${identifier})`,
  );
  if (byName.length) return byName;
  if (/^1\d{10}$/.test(identifier)) {
    return rows<Candidate>(
      db,
      sql`select ${COLUMNS} from users u left join teachers t on t.id = u.teacher_id
          where u.phone = ${identifier} or (t.phone = ${identifier} and t.status = '在职')
          order by u.id limit 5`,
    );
  }
  const id = checkIdNumber(identifier);
  if (id.ok) {
    return rows<Candidate>(
      db,
      sql`select ${COLUMNS} from users u join teachers t on t.id = u.teacher_id
          where t.id_hash = ${cipher.hash(id.value)} order by u.id limit 5`,
    );
  }
  return [];
}

/** A hash of nothing anyone knows: verifying against it costs what a real verification costs. */
let dummyHash: Promise<string> | undefined;
export async function dummyVerify(password: string, verify: Verify = verifyPassword): Promise<void> {
  dummyHash ??= hashPassword(`no-such-account-${Math.random()}`);
  await verify(await dummyHash, password);
}

type Verify = (stored: string, password: string) => Promise<boolean>;

/**
 * The ID-number initial password (last six characters), only for accounts created before activation
 * codes and not yet given one: the county's "issue slips" turns it off school by school.
 */
function legacyPasswordMatches(c: Candidate, password: string, cipher: IdCipher): boolean {
  if (!c.legacy_id_password || c.password_hash || !c.id_enc) return false;
  const expected = Buffer.from(cipher.decrypt(c.id_enc).slice(-6).toUpperCase());
  const given = Buffer.from(password.trim().toUpperCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The account's live (unused, unrevoked, unexpired) activation code equals this one. */
async function liveCodeMatches(db: Db, keys: Keys, userId: number, raw: string): Promise<boolean> {
  if (!looksLikeActivationCode(raw)) return false;
  const live = await one<{ code_hash: string }>(
    db,
    sql`select code_hash from activation_codes
        where user_id = ${userId} and used_at is null and revoked_at is null and expires_at > now()`,
  );
  return !!live && sameDigest(live.code_hash, keys.code(normaliseActivationCode(raw)));
}

/** What the audit log keeps of a login name that matched nothing: never the whole text. */
export function maskedLoginName(identifier: string): string {
  return identifier.length <= 2 ? '…' : `${identifier.slice(0, 2)}…（${identifier.length}位）`;
}

export interface LoginDeps {
  db: Db;
  cipher: IdCipher;
  keys: Keys;
  /** The argon2 verification (tests count the calls: every path makes exactly one). */
  verify?: Verify;
}

/** The back-off slots for a sign-in or activation by this name from this request. */
export function attemptSlots(deps: LoginDeps, identifier: string, candidates: Candidate[], meta: RequestMeta): Slot[] {
  const device = deviceEntryFor(
    deps.keys,
    meta.device,
    candidates.map((c) => c.id),
  );
  return slotsFor(deps.keys, {
    identifier,
    ip: meta.ip,
    userId: device?.userId ?? (candidates.length === 1 ? candidates[0]!.id : null),
    device: device?.raw ?? null,
  });
}

export async function login(
  deps: LoginDeps,
  input: { username: string; password: string },
  meta: RequestMeta,
): Promise<{ userId: number; mustChangePassword: boolean }> {
  const { db, cipher, keys } = deps;
  const verify = deps.verify ?? verifyPassword;
  const identifier = input.username.trim();
  const candidates = await findCandidates(db, cipher, identifier);
  const slots = attemptSlots(deps, identifier, candidates, meta);
  await takeAttempt(db, slots);

  let matched: Candidate | null = null;
  let activation: Candidate | null = null;
  if (candidates.length === 0) await dummyVerify(input.password, verify);
  for (const c of candidates) {
    if (c.password_hash) {
      if (await verify(c.password_hash, input.password)) matched = c;
    } else {
      await dummyVerify(input.password, verify);
      if (legacyPasswordMatches(c, input.password, cipher)) matched = c;
      else if (await liveCodeMatches(db, keys, c.id, input.password)) activation = c;
    }
    if (matched || activation) break;
  }

  if (activation && !matched) {
    await attemptSucceeded(db, slots);
    throw new AppError('ACTIVATION_REQUIRED', '这是账号开通单上的开通码：请在“首次登录”页输入开通码并设置您自己的密码');
  }
  if (matched) {
    await attemptSucceeded(db, slots);
    if (matched.disabled) throw new AppError('ACCOUNT_DISABLED', '账号已停用，请联系管理员');
    // The old ID-number password lets the teacher in only to replace it.
    const legacy = !matched.password_hash;
    const updated = await one<{ must_change_password: boolean }>(
      db,
      sql`update users set last_login_at = now(), must_change_password = must_change_password or ${legacy}
          where id = ${matched.id} returning must_change_password`,
    );
    await record(db, actorFor(matched, meta), { action: 'auth.login', entity: 'user', entityId: matched.id });
    return { userId: matched.id, mustChangePassword: updated?.must_change_password ?? false };
  }

  const first = candidates[0];
  await record(db, first ? actorFor(first, meta) : null, {
    action: 'auth.login_failed',
    entity: 'user',
    entityId: first?.id ?? null,
    // The account says who was tried; an unknown name is kept masked (it may be a mistyped password).
    after: first ? null : { identifier: maskedLoginName(identifier) },
  });
  throw new AppError('INVALID_CREDENTIALS', '用户名或密码错误（首次登录请使用账号开通单上的开通码）');
}

export function actorFor(
  c: Pick<Candidate, 'id' | 'username' | 'display_name' | 'region_id'>,
  meta: RequestMeta,
): Actor {
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
    provider_name: string | null;
  }>(
    db,
    sql`select r.name as region_name, s.name as school_name, a.name as area_name, c.name as consortium_name,
               tp.name as provider_name
        from users u join regions r on r.id = u.region_id
        left join schools s on s.id = u.school_id
        left join areas a on a.id = u.area_id
        left join consortia c on c.id = u.consortium_id
        left join training_providers tp on tp.id = u.provider_id
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
    providerId: user.providerId ?? null,
    providerName: row?.provider_name ?? null,
    mustChangePassword: user.mustChangePassword,
  };
}

export async function changePassword(
  deps: LoginDeps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  keepSessionId: string | null,
) {
  const { db, cipher, keys } = deps;
  const c = await one<Candidate>(
    db,
    sql`select ${COLUMNS} from users u left join teachers t on t.id = u.teacher_id where u.id = ${actor.user.id}`,
  );
  if (!c) throw new AppError('UNAUTHENTICATED', '请先登录');
  // Guessing the current password from a stolen session is slowed like a sign-in.
  const slots = slotsFor(keys, { identifier: `#${c.id}`, ip: actor.ip, userId: c.id, device: null }).slice(0, 1);
  await takeAttempt(db, slots);
  const ok = c.password_hash
    ? await verifyPassword(c.password_hash, input.currentPassword)
    : legacyPasswordMatches(c, input.currentPassword, cipher);
  if (!ok) throw invalid('当前密码不正确', { currentPassword: '当前密码不正确' });
  await attemptSucceeded(db, slots);
  if (input.currentPassword === input.newPassword) {
    throw invalid('新密码不能与当前密码相同', { newPassword: '新密码不能与当前密码相同' });
  }
  assertPasswordAllowed(
    cipher,
    { username: c.username, phone: c.phone, teacherPhone: c.teacher_phone, idEnc: c.id_enc },
    input.newPassword,
  );
  const hash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`update users set password_hash = ${hash}, must_change_password = false, legacy_id_password = false,
            updated_at = now()
          where id = ${c.id}`,
    );
    // A code issued before (and not used) stops working: the account has a password now.
    await tx.execute(
      sql`update activation_codes set revoked_at = now()
          where user_id = ${c.id} and used_at is null and revoked_at is null`,
    );
    // Other devices signed in with the old password are signed out.
    await tx.execute(sql`delete from sessions where user_id = ${c.id} and id is distinct from ${keepSessionId}`);
    await record(tx, actor, { action: 'auth.password_change', entity: 'user', entityId: c.id });
  });
}
