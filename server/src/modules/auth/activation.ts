// First sign-in with an account slip: login name + one-time code + the person's own new password,
// in one step. The code is compared through its keyed hash, used once, and its use is audited.
import { type ActivateBody, looksLikeActivationCode, normaliseActivationCode } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { one } from '../../db/client.js';
import { record } from '../../http/audit.js';
import { AppError } from '../../http/errors.js';
import { sameDigest } from '../../lib/keys.js';
import { hashPassword } from '../../lib/password.js';
import {
  actorFor,
  attemptSlots,
  type Candidate,
  dummyVerify,
  findCandidates,
  type LoginDeps,
  maskedLoginName,
  type RequestMeta,
} from './auth.service.js';
import { attemptSucceeded, takeAttempt } from './backoff.js';
import { assertPasswordAllowed } from './policy.js';

interface CodeRow {
  id: number;
  code_hash: string;
  issued_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
  expired: boolean;
  issued_by_name: string | null;
}

/** A timestamp as ISO-8601 UTC text, identical from PGlite and node-postgres. */
export const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const day = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long' }).format(new Date(iso));

/** The account's code (live or not) with this hash: a used, replaced or expired one gets its own answer. */
async function codeOf(deps: LoginDeps, c: Candidate, codeHash: string): Promise<CodeRow | null> {
  const row = await one<CodeRow>(
    deps.db,
    sql`select a.id, a.code_hash, ${iso(sql`a.issued_at`)} as issued_at, ${iso(sql`a.expires_at`)} as expires_at,
               ${iso(sql`a.used_at`)} as used_at, ${iso(sql`a.revoked_at`)} as revoked_at,
               a.expires_at <= now() as expired, u.display_name as issued_by_name
        from activation_codes a left join users u on u.id = a.issued_by
        where a.user_id = ${c.id} and a.code_hash = ${codeHash}
        order by a.issued_at desc limit 1`,
  );
  return row && sameDigest(row.code_hash, codeHash) ? row : null;
}

export async function activateAccount(
  deps: LoginDeps,
  body: ActivateBody,
  meta: RequestMeta,
): Promise<{ userId: number }> {
  const { db, cipher, keys } = deps;
  const identifier = body.username.trim();
  const candidates = await findCandidates(db, cipher, identifier);
  const slots = attemptSlots(deps, identifier, candidates, meta);
  await takeAttempt(db, slots);

  const codeHash = looksLikeActivationCode(body.code) ? keys.code(normaliseActivationCode(body.code)) : null;
  let found: { c: Candidate; code: CodeRow } | null = null;
  if (codeHash) {
    // Accounts in use are looked at too: a code they once used is answered as used.
    for (const c of candidates) {
      const code = await codeOf(deps, c, codeHash);
      if (code) {
        found = { c, code };
        break;
      }
    }
  }
  if (!found) {
    // The same work as a successful activation's password hashing, whatever was wrong.
    await dummyVerify(body.newPassword, deps.verify);
    const first = candidates[0];
    await record(db, first ? actorFor(first, meta) : null, {
      action: 'auth.activate_failed',
      entity: 'user',
      entityId: first?.id ?? null,
      after: first ? null : { identifier: maskedLoginName(identifier) },
    });
    throw new AppError('INVALID_CREDENTIALS', '账号或开通码不正确，请核对账号开通单');
  }

  const { c, code } = found;
  // From here on the person holds this account's slip: the answers may say what is wrong with it.
  if (code.used_at) {
    throw new AppError(
      'INVALID_CREDENTIALS',
      `该开通码已于${day(code.used_at)}使用过，账号已开通。请用自己设置的密码登录；如不是您本人开通的，请立即联系学校管理员`,
    );
  }
  if (code.revoked_at) {
    throw new AppError('INVALID_CREDENTIALS', '该开通码已作废（已为您重新发放），请使用最新的账号开通单');
  }
  if (code.expired) {
    throw new AppError(
      'INVALID_CREDENTIALS',
      `开通码已于${day(code.expires_at)}过期，请联系学校管理员重新打印账号开通单`,
    );
  }
  await attemptSucceeded(db, slots);
  if (c.disabled) throw new AppError('ACCOUNT_DISABLED', '账号已停用，请联系管理员');
  assertPasswordAllowed(
    cipher,
    { username: c.username, phone: c.phone, teacherPhone: c.teacher_phone, idEnc: c.id_enc },
    body.newPassword,
  );
  const hash = await hashPassword(body.newPassword);
  await db.transaction(async (tx) => {
    // The code is used once: two browsers racing with the same slip cannot both win.
    const claimed = await one<{ id: number }>(
      tx,
      sql`update activation_codes set used_at = now()
          where id = ${code.id} and used_at is null and revoked_at is null and expires_at > now()
          returning id`,
    );
    if (!claimed) throw new AppError('INVALID_CREDENTIALS', '该开通码刚刚已被使用，请用设置的密码登录');
    await tx.execute(
      sql`update users set password_hash = ${hash}, must_change_password = false, legacy_id_password = false,
            last_login_at = now(), updated_at = now()
          where id = ${c.id}`,
    );
    await tx.execute(sql`delete from sessions where user_id = ${c.id}`);
    await record(tx, actorFor(c, meta), {
      action: 'auth.activate',
      entity: 'user',
      entityId: c.id,
      after: { codeId: code.id, issuedAt: code.issued_at, issuedBy: code.issued_by_name },
    });
  });
  return { userId: c.id };
}
