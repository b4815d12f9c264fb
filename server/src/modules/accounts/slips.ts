// Account slips (账号开通单): one-time activation codes for accounts that have no password yet — new
// teachers, new school admins, and the accounts still on the old ID-number initial password, whose
// way in this replaces. A code is shown once, in the batch returned here, and stored only as a keyed
// hash; issuing a new one revokes the account's previous code. The county may also re-issue a code
// for an account in use (a reset: its password stops working and its sessions end).

import { randomInt } from 'node:crypto';
import {
  ACTIVATION_ALPHABET,
  ACTIVATION_CODE_LENGTH,
  ACTIVATION_DEFAULT_DAYS,
  type ActivationOverview,
  can,
  formatActivationCode,
  type IssueSlipsBody,
  maskPhone,
  type Role,
  type Slip,
  type SlipBatch,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { schoolScope, teacherScope, userScope } from '../../access/scope.js';
import { type Db, intArray, one, rows, type Tx, textArray } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { forbidden } from '../../http/errors.js';
import type { Keys } from '../../lib/keys.js';
import { ACCOUNT_STATE, LIVE_CODE_JOIN } from './state.js';

export function newActivationCode(): string {
  let code = '';
  for (let i = 0; i < ACTIVATION_CODE_LENGTH; i++) code += ACTIVATION_ALPHABET[randomInt(ACTIVATION_ALPHABET.length)];
  return code;
}

/** An account a slip may be printed for, as the selection query returns it. */
export interface SlipTarget {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  school_name: string | null;
  area_name: string | null;
  phone: string | null;
  teacher_phone: string | null;
  teacher_id: number | null;
  active: boolean;
  disabled: boolean;
  legacy: boolean;
}

const TARGET_COLUMNS = sql`u.id, u.username, u.display_name, u.role, s.name as school_name, a.name as area_name,
  u.phone, t.phone as teacher_phone, u.teacher_id, u.password_hash is not null as active, u.disabled,
  u.legacy_id_password as legacy`;
const TARGET_FROM = sql`from users u
  left join teachers t on t.id = u.teacher_id
  left join schools s on s.id = coalesce(t.school_id, u.school_id)
  left join areas a on a.id = coalesce(s.area_id, u.area_id)`;

export interface IssueOptions {
  validDays?: number;
  /** Summary facts for the audit row (the selection asked for). */
  audit?: Record<string, unknown>;
  /** Re-issue for accounts in use: their password stops working (county only). */
  reissue?: boolean;
}

/**
 * Issues one code per target inside the caller's transaction: revokes earlier codes, ends the old
 * ID-number password, and (re-issue) the current password and sessions. Returns the slips.
 */
export async function issueCodes(
  tx: Tx,
  keys: Keys,
  actor: Actor,
  targets: SlipTarget[],
  opts: IssueOptions = {},
): Promise<{ slips: Slip[]; expiresAt: string }> {
  const days = opts.validDays ?? ACTIVATION_DEFAULT_DAYS;
  const expires = await one<{ at: string }>(
    tx,
    sql`select to_char((now() + make_interval(days => ${days})) at time zone 'UTC',
                       'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at`,
  );
  const expiresAt = expires!.at;
  if (targets.length === 0) return { slips: [], expiresAt };
  const ids = targets.map((t) => t.id);
  await tx.execute(
    sql`update activation_codes set revoked_at = now()
        where user_id = any(${intArray(ids)}) and used_at is null and revoked_at is null`,
  );
  const resetIds = targets.filter((t) => t.active).map((t) => t.id);
  if (resetIds.length) {
    await tx.execute(
      sql`update users set password_hash = null, must_change_password = false, updated_at = now()
          where id = any(${intArray(resetIds)})`,
    );
    await tx.execute(sql`delete from sessions where user_id = any(${intArray(resetIds)})`);
  }
  await tx.execute(
    sql`update users set legacy_id_password = false, updated_at = now()
        where id = any(${intArray(ids)}) and legacy_id_password`,
  );
  const codes = targets.map(() => newActivationCode());
  await tx.execute(
    sql`insert into activation_codes (region_id, user_id, code_hash, issued_by, expires_at)
        select ${actor.user.regionId}, u.user_id, u.code_hash, ${actor.user.id}, ${expiresAt}::timestamptz
        from unnest(${intArray(ids)}, ${textArray(codes.map((c) => keys.code(c)))}) as u(user_id, code_hash)`,
  );
  await record(tx, actor, {
    action: 'account.issue_codes',
    entity: 'user',
    entityId: targets.length === 1 ? targets[0]!.id : null,
    after: {
      ...opts.audit,
      count: targets.length,
      userIds: ids,
      replacedLegacy: targets.filter((t) => t.legacy).length,
      ...(resetIds.length ? { passwordsReset: resetIds } : {}),
      validDays: days,
      expiresAt,
    },
  });
  const slips = targets.map(
    (t, i): Slip => ({
      userId: t.id,
      username: t.username,
      displayName: t.display_name,
      role: t.role,
      schoolName: t.school_name,
      phoneMasked: maskPhone(t.teacher_phone ?? t.phone),
      idNumberLogin: t.teacher_id != null,
      code: formatActivationCode(codes[i]!),
      expiresAt,
    }),
  );
  return { slips, expiresAt };
}

/** The accounts a selection names, within what the caller may issue slips for, in print order. */
async function selectTargets(db: Db | Tx, user: CurrentUser, body: IssueSlipsBody): Promise<SlipTarget[]> {
  const county = can(user.role, 'accounts.manage');
  const scope: SQL[] = [userScope(user, 'u')];
  // Below the county, slips are for the teachers of one's own schools only.
  if (!county) scope.push(sql`u.role = 'teacher'`, teacherScope(user, 't', 's'));
  const any: SQL[] = [];
  if (body.all) any.push(sql`true`);
  if (body.schoolIds?.length) any.push(sql`coalesce(t.school_id, u.school_id) = any(${intArray(body.schoolIds)})`);
  if (body.teacherIds?.length) any.push(sql`u.teacher_id = any(${intArray(body.teacherIds)})`);
  if (body.userIds?.length) any.push(sql`u.id = any(${intArray(body.userIds)})`);
  if (any.length === 0) return [];
  return rows<SlipTarget>(
    db,
    sql`select ${TARGET_COLUMNS} ${TARGET_FROM}
        where ${sql.join(scope, sql` and `)} and (${sql.join(any, sql` or `)})
        order by a.name nulls first, s.name nulls first, (u.role <> 'school_admin'), u.display_name, u.id
        for update of u`,
  );
}

export interface SlipDeps {
  db: Db;
  keys: Keys;
}

/** POST /api/accounts/slips: a batch of slips for a school, several schools, the county or a selection. */
export async function issueSlips(
  deps: SlipDeps,
  actor: Actor,
  body: IssueSlipsBody,
  where: { activateUrl: string; regionName: string },
): Promise<SlipBatch> {
  const user = actor.user;
  if (!can(user.role, 'accounts.manage')) {
    if (body.all) throw forbidden('仅县级管理员可为全县发放账号开通单');
    if (body.reissue) throw forbidden('已开通账号的重置仅县级管理员可操作');
    if (body.userIds?.length) throw forbidden('请按学校或教师选择');
  }
  return deps.db.transaction(async (tx) => {
    const found = await selectTargets(tx, user, body);
    const skipped: SlipBatch['skipped'] = [];
    const targets: SlipTarget[] = [];
    for (const t of found) {
      const reason =
        t.id === user.id
          ? '不能为自己发放开通码'
          : t.disabled
            ? '账号已停用'
            : t.active && !body.reissue
              ? '账号已开通（忘记密码请由县级管理员重置）'
              : null;
      if (reason) skipped.push({ userId: t.id, displayName: t.display_name, reason });
      else targets.push(t);
    }
    const { slips, expiresAt } = await issueCodes(tx, deps.keys, actor, targets, {
      validDays: body.validDays,
      reissue: body.reissue,
      audit: {
        all: body.all ?? false,
        schoolIds: body.schoolIds ?? [],
        teacherIds: body.teacherIds?.slice(0, 500) ?? [],
        skipped: skipped.length,
      },
    });
    const now = await one<{ at: string }>(
      tx,
      sql`select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at`,
    );
    return {
      issuedAt: now!.at,
      expiresAt,
      regionName: where.regionName,
      activateUrl: where.activateUrl,
      slips,
      skipped,
    };
  });
}

/** Loads one account (already created in this transaction) as a slip target. */
export async function targetsByIds(tx: Tx, ids: number[]): Promise<SlipTarget[]> {
  if (ids.length === 0) return [];
  return rows<SlipTarget>(
    tx,
    sql`select ${TARGET_COLUMNS} ${TARGET_FROM} where u.id = any(${intArray(ids)})
        order by a.name nulls first, s.name nulls first, u.display_name, u.id`,
  );
}

type CountRow = {
  school_id: number | null;
  school_name: string | null;
  area_name: string | null;
  total: number;
  active: number;
  code_issued: number;
  code_expired: number;
  pending: number;
  legacy: number;
};

/**
 * GET /api/accounts/activation: per school in scope, its accounts by state (county: every account,
 * the county's own ones in the summary; below: the teachers' accounts). Disabled accounts are left out.
 */
export async function activationOverview(db: Db, user: CurrentUser): Promise<ActivationOverview> {
  const county = user.role === 'county_admin' || user.role === 'leader';
  const counts = sql`count(u.id)::int as total,
    count(*) filter (where u.id is not null and ${ACCOUNT_STATE} = 'active')::int as active,
    count(*) filter (where u.id is not null and ${ACCOUNT_STATE} = 'code_issued')::int as code_issued,
    count(*) filter (where u.id is not null and ${ACCOUNT_STATE} = 'code_expired')::int as code_expired,
    count(*) filter (where u.id is not null and ${ACCOUNT_STATE} = 'pending')::int as pending,
    count(*) filter (where u.id is not null and ${ACCOUNT_STATE} = 'legacy')::int as legacy`;
  const perSchool = await rows<CountRow>(
    db,
    sql`select s.id as school_id, s.name as school_name, a.name as area_name, ${counts}
        from schools s left join areas a on a.id = s.area_id
        left join teachers t on t.school_id = s.id
        left join users u on u.teacher_id = t.id and not u.disabled
        ${LIVE_CODE_JOIN}
        where ${schoolScope(user, 's')}
        group by s.id, s.name, a.name order by a.name, s.name`,
  );
  // The county also sees its other accounts: school admins on their school's row, the rest in the sum.
  const admins = county
    ? await rows<CountRow>(
        db,
        sql`select u.school_id, null as school_name, null as area_name, ${counts}
            from users u ${LIVE_CODE_JOIN}
            where ${userScope(user, 'u')} and not u.disabled and u.teacher_id is null
            group by u.school_id`,
      )
    : [];
  const bySchool = new Map(perSchool.map((r) => [r.school_id, r]));
  const keys = ['total', 'active', 'code_issued', 'code_expired', 'pending', 'legacy'] as const;
  const summary = { total: 0, active: 0, code_issued: 0, code_expired: 0, pending: 0, legacy: 0 };
  for (const r of perSchool) for (const k of keys) summary[k] += Number(r[k]);
  for (const a of admins) {
    for (const k of keys) summary[k] += Number(a[k]);
    const row = a.school_id != null ? bySchool.get(a.school_id) : undefined;
    if (row) for (const k of keys) row[k] = Number(row[k]) + Number(a[k]);
  }
  const present = (r: Omit<CountRow, 'school_id' | 'school_name' | 'area_name'>) => ({
    total: Number(r.total),
    active: Number(r.active),
    codeIssued: Number(r.code_issued),
    codeExpired: Number(r.code_expired),
    pending: Number(r.pending),
    legacy: Number(r.legacy),
  });
  return {
    items: perSchool.map((r) => ({
      schoolId: r.school_id!,
      schoolName: r.school_name ?? '',
      areaName: r.area_name ?? '',
      ...present(r),
    })),
    total: perSchool.length,
    summary: present(summary),
  };
}
