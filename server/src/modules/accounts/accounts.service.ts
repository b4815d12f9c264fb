// Account administration for county admins: list, create admin-type accounts (with a password, or
// an activation code to print), edit role and scope, reset passwords, disable/enable, clear the
// sign-in back-off. Everything is confined to the caller's region.
import type {
  Account,
  AccountState,
  AccountUpdateBody,
  accountBody,
  accountListQuery,
  Role,
  SlipBatch,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { areaScope, consortiumScope, schoolScope, userScope } from '../../access/scope.js';
import { type Db, type Exec, one, rows, type Tx } from '../../db/client.js';
import { diff, record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, conflict, invalid, isUniqueViolation, notFound } from '../../http/errors.js';
import { likeEscape, offsetOf } from '../../http/pagination.js';
import type { IdCipher } from '../../lib/crypto.js';
import type { Keys } from '../../lib/keys.js';
import { hashPassword } from '../../lib/password.js';
import { assertPasswordAllowed, policySubject } from '../auth/policy.js';
import { issueCodes, targetsByIds } from './slips.js';
import { ACCOUNT_STATE, BACKOFF_ACTIVE, LIVE_CODE_JOIN } from './state.js';

type AccountBody = z.infer<typeof accountBody>;
type AccountListQuery = z.infer<typeof accountListQuery>;

type AccountRow = {
  id: number;
  username: string;
  display_name: string;
  phone: string | null;
  role: Role;
  school_id: number | null;
  school_name: string | null;
  area_id: number | null;
  area_name: string | null;
  consortium_id: number | null;
  consortium_name: string | null;
  teacher_id: number | null;
  disabled: boolean;
  locked: boolean;
  must_change_password: boolean;
  last_login_at: string | Date | null;
  state: AccountState;
  code_expires_at: string | Date | null;
};

const iso = (v: string | Date | null): string | null => (v == null ? null : new Date(v).toISOString());

/** Maps a row to the `account` schema; the password hash is never selected in the first place. */
function present(r: AccountRow): Account {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    phone: r.phone,
    role: r.role,
    schoolId: r.school_id,
    schoolName: r.school_name,
    areaId: r.area_id,
    areaName: r.area_name,
    consortiumId: r.consortium_id,
    consortiumName: r.consortium_name,
    teacherId: r.teacher_id,
    disabled: r.disabled,
    locked: r.locked,
    mustChangePassword: r.must_change_password,
    lastLoginAt: iso(r.last_login_at),
    state: r.state,
    codeExpiresAt: r.state === 'code_issued' || r.state === 'code_expired' ? iso(r.code_expires_at) : null,
  };
}

/** What the audit log keeps of an account: its managed fields, never password material. */
function snapshot(r: AccountRow) {
  return {
    username: r.username,
    displayName: r.display_name,
    phone: r.phone,
    role: r.role,
    schoolId: r.school_id,
    areaId: r.area_id,
    consortiumId: r.consortium_id,
    disabled: r.disabled,
  };
}

// A teacher's school is the teacher record's (transfers move it); other accounts carry their own.
const FROM = sql`from users u
  left join teachers t on t.id = u.teacher_id
  left join schools s on s.id = coalesce(t.school_id, u.school_id)
  left join areas a on a.id = u.area_id
  left join consortia c on c.id = u.consortium_id
  ${LIVE_CODE_JOIN}`;

const COLUMNS = sql`u.id, u.username, u.display_name, u.phone, u.role,
  coalesce(t.school_id, u.school_id) as school_id, s.name as school_name,
  u.area_id, a.name as area_name, u.consortium_id, c.name as consortium_name, u.teacher_id,
  u.disabled, ${BACKOFF_ACTIVE} as locked, u.must_change_password, u.last_login_at,
  ${ACCOUNT_STATE} as state, ac.expires_at as code_expires_at`;

/** Admin roles first, teachers last: the list reads like an org chart. */
const ROLE_ORDER = sql`case u.role when 'county_admin' then 0 when 'leader' then 1 when 'area_admin' then 2
  when 'school_admin' then 3 when 'trainer' then 4 else 5 end`;

export async function listAccounts(db: Db, user: CurrentUser, q: AccountListQuery) {
  const where: SQL[] = [userScope(user, 'u')];
  if (q.q) {
    const p = `%${likeEscape(q.q)}%`;
    where.push(sql`(u.username ilike ${p} or u.display_name ilike ${p} or u.phone ilike ${p} or t.phone ilike ${p}
      or s.name ilike ${p} or a.name ilike ${p} or c.name ilike ${p})`);
  }
  if (q.role) where.push(sql`u.role = ${q.role}`);
  if (q.excludeRole) where.push(sql`u.role <> ${q.excludeRole}`);
  if (q.schoolId) where.push(sql`coalesce(t.school_id, u.school_id) = ${q.schoolId}`);
  if (q.disabled) where.push(sql`u.disabled = ${q.disabled === 'true'}`);
  if (q.state) where.push(sql`${ACCOUNT_STATE} = ${q.state}`);
  const cond = sql.join(where, sql` and `);
  const [items, total] = await Promise.all([
    rows<AccountRow>(
      db,
      sql`select ${COLUMNS} ${FROM} where ${cond}
          order by ${ROLE_ORDER}, lower(u.username), u.id
          limit ${q.pageSize} offset ${offsetOf(q)}`,
    ),
    one<{ n: number }>(db, sql`select count(*)::int as n ${FROM} where ${cond}`),
  ]);
  return { items: items.map(present), total: total?.n ?? 0 };
}

/** One account of the caller's region, or 404; `forUpdate` locks the row for the transaction. */
async function findAccount(exec: Exec, user: CurrentUser, id: number, forUpdate = false): Promise<AccountRow> {
  if (forUpdate)
    await exec.execute(sql`select id from users where id = ${id} and ${userScope(user, 'users')} for update`);
  const row = await one<AccountRow>(
    exec,
    sql`select ${COLUMNS} ${FROM} where u.id = ${id} and ${userScope(user, 'u')}`,
  );
  if (!row) throw notFound('账号');
  return row;
}

export async function getAccount(db: Db, user: CurrentUser, id: number) {
  return present(await findAccount(db, user, id));
}

type Scope = { schoolId: number | null; areaId: number | null; consortiumId: number | null };

/**
 * Checks that the scope fits the role and lies in the caller's region, and clears the ids the
 * role does not use (a county admin with a stray schoolId would otherwise confuse scope SQL).
 */
async function resolveScope(exec: Exec, user: CurrentUser, role: Role, scope: Scope): Promise<Scope> {
  const none: Scope = { schoolId: null, areaId: null, consortiumId: null };
  switch (role) {
    case 'teacher':
      throw invalid('教师账号随教师档案自动创建，请在“教师管理”中添加教师', {
        role: '不能在此创建或改为教师账号',
      });
    case 'provider':
      throw invalid('承训机构账号请在“承训机构”中为该机构开通', { role: '不能在此创建或改为承训机构账号' });
    case 'county_admin':
    case 'leader':
    case 'trainer':
      return none;
    case 'school_admin': {
      if (scope.schoolId == null) throw invalid('学校管理员须选择所属学校', { schoolId: '请选择学校' });
      const s = await one<{ id: number }>(
        exec,
        sql`select id from schools where id = ${scope.schoolId} and ${schoolScope(user, 'schools')}`,
      );
      if (!s) throw invalid('所选学校不存在或不属于本县', { schoolId: '学校不存在或不属于本县' });
      return { ...none, schoolId: scope.schoolId };
    }
    case 'area_admin': {
      if ((scope.areaId == null) === (scope.consortiumId == null)) {
        const message = '学区/教联体管理员须选择一个学区或一个教联体（二选一）';
        throw invalid(message, { areaId: message, consortiumId: message });
      }
      if (scope.areaId != null) {
        const a = await one<{ id: number }>(
          exec,
          sql`select id from areas where id = ${scope.areaId} and ${areaScope(user, 'areas')}`,
        );
        if (!a) throw invalid('所选学区不存在或不属于本县', { areaId: '学区不存在或不属于本县' });
        return { ...none, areaId: scope.areaId };
      }
      const c = await one<{ id: number }>(
        exec,
        sql`select id from consortia where id = ${scope.consortiumId} and ${consortiumScope(user, 'consortia')}`,
      );
      if (!c) throw invalid('所选教联体不存在或不属于本县', { consortiumId: '教联体不存在或不属于本县' });
      return { ...none, consortiumId: scope.consortiumId };
    }
  }
}

const duplicate = () => new AppError('DUPLICATE', '用户名已存在', { username: '用户名已存在' });

export interface AccountKeys {
  keys: Keys;
  cipher: IdCipher;
  /** Where the slips send people, and the county's name printed on them. */
  slipsFor(): Promise<{ activateUrl: string; regionName: string }>;
}

/**
 * Creates an admin-type account. With a password (checked against the policy) the account must
 * change it at first sign-in; without one it gets a one-time activation code, returned once as a slip.
 */
export async function createAccount(
  db: Db,
  ctx: AccountKeys,
  actor: Actor,
  body: AccountBody,
): Promise<Account & { batch: SlipBatch | null }> {
  const user = actor.user;
  // Teacher accounts are named t<teacher id>; an admin holding such a name would block a future teacher.
  if (/^t\d+$/i.test(body.username)) {
    throw invalid('“t+数字”格式的用户名留给教师账号，请换一个用户名', { username: '该格式留给教师账号' });
  }
  if (body.password) {
    assertPasswordAllowed(
      ctx.cipher,
      { username: body.username, phone: body.phone ?? null },
      body.password,
      'password',
    );
  }
  const hash = body.password ? await hashPassword(body.password) : null;
  const where = hash ? null : await ctx.slipsFor();
  try {
    return await db.transaction(async (tx) => {
      const scope = await resolveScope(tx, user, body.role, {
        schoolId: body.schoolId ?? null,
        areaId: body.areaId ?? null,
        consortiumId: body.consortiumId ?? null,
      });
      const taken = await one<{ id: number }>(
        tx,
        sql`select id from users where lower(username) = lower(${body.username})`,
      );
      if (taken) throw duplicate();
      const created = await one<{ id: number }>(
        tx,
        sql`insert into users (region_id, username, display_name, phone, password_hash, role, school_id, area_id,
              consortium_id, must_change_password)
            values (${user.regionId}, ${body.username}, ${body.displayName}, ${body.phone ?? null}, ${hash},
              ${body.role}, ${scope.schoolId}, ${scope.areaId}, ${scope.consortiumId}, ${hash != null})
            returning id`,
      );
      const id = created!.id;
      let batch: SlipBatch | null = null;
      if (where) {
        const issued = await issueCodes(tx, ctx.keys, actor, await targetsByIds(tx, [id]), {
          validDays: body.validDays,
          audit: { reason: 'account.create' },
        });
        const now = new Date().toISOString();
        batch = { issuedAt: now, expiresAt: issued.expiresAt, ...where, slips: issued.slips, skipped: [] };
      }
      const row = await findAccount(tx, user, id);
      await record(tx, actor, {
        action: 'account.create',
        entity: 'user',
        entityId: row.id,
        after: { ...snapshot(row), firstSignIn: hash ? '管理员设定的初始密码' : '开通码' },
      });
      return { ...present(row), batch };
    });
  } catch (err) {
    // Two admins racing for the same name: the unique index decides.
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
}

/**
 * The region must keep an enabled county admin: counts the others, locking them so two admins
 * demoting each other at the same moment cannot both succeed.
 */
async function assertAnotherCountyAdmin(tx: Tx, user: CurrentUser, exceptId: number) {
  const others = await rows<{ id: number }>(
    tx,
    sql`select id from users
        where ${userScope(user, 'users')} and role = 'county_admin' and not disabled and id <> ${exceptId}
        for update`,
  );
  if (others.length === 0) throw conflict('本县至少需要保留一个启用的县级管理员账号');
}

export async function updateAccount(db: Db, actor: Actor, id: number, body: AccountUpdateBody): Promise<Account> {
  const user = actor.user;
  return db.transaction(async (tx) => {
    const current = await findAccount(tx, user, id, true);
    const scopeGiven = body.schoolId !== undefined || body.areaId !== undefined || body.consortiumId !== undefined;
    const roleGiven = body.role !== undefined && body.role !== current.role;
    const patch: Record<string, unknown> = {};
    if (body.displayName !== undefined) patch.displayName = body.displayName;
    if (body.phone !== undefined) patch.phone = body.phone;

    if (roleGiven || scopeGiven) {
      if (current.role === 'teacher') {
        throw invalid('教师账号的角色和所属学校随教师档案维护，不能在此修改', { role: '教师账号不能修改角色' });
      }
      if (current.role === 'provider') {
        throw invalid('承训机构账号的角色随机构维护，不能在此修改', { role: '承训机构账号不能修改角色' });
      }
      const role = body.role ?? current.role;
      if (id === user.id && role !== 'county_admin') {
        throw invalid('不能修改自己的角色，请由其他县级管理员操作', { role: '不能降低自己的权限' });
      }
      // Sending any scope id replaces the whole scope, so switching area → consortium needs one field.
      const scope = await resolveScope(
        tx,
        user,
        role,
        scopeGiven
          ? { schoolId: body.schoolId ?? null, areaId: body.areaId ?? null, consortiumId: body.consortiumId ?? null }
          : { schoolId: current.school_id, areaId: current.area_id, consortiumId: current.consortium_id },
      );
      if (current.role === 'county_admin' && role !== 'county_admin' && !current.disabled) {
        await assertAnotherCountyAdmin(tx, user, id);
      }
      Object.assign(patch, { role, ...scope });
    }

    const d = diff(
      {
        displayName: current.display_name,
        phone: current.phone,
        role: current.role,
        schoolId: current.school_id,
        areaId: current.area_id,
        consortiumId: current.consortium_id,
      } as Record<string, unknown>,
      patch,
    );
    if (!d.changed) return present(current);
    const p = d.after;
    await tx.execute(
      sql`update users set
            display_name = ${'displayName' in p ? p.displayName : current.display_name},
            phone = ${'phone' in p ? p.phone : current.phone},
            role = ${'role' in p ? p.role : current.role},
            school_id = ${'schoolId' in p ? p.schoolId : sql`school_id`},
            area_id = ${'areaId' in p ? p.areaId : sql`area_id`},
            consortium_id = ${'consortiumId' in p ? p.consortiumId : sql`consortium_id`},
            updated_at = now()
          where id = ${id}`,
    );
    // Scope changes take effect on the next request: sessions re-read the user row each time.
    await record(tx, actor, { action: 'account.update', entity: 'user', entityId: id, before: d.before, after: p });
    return present(await findAccount(tx, user, id));
  });
}

export async function resetPassword(
  db: Db,
  ctx: Pick<AccountKeys, 'cipher'>,
  actor: Actor,
  id: number,
  password: string,
) {
  const user = actor.user;
  if (id === user.id) {
    throw invalid('请在“修改密码”中修改自己的密码', { password: '不能在此重置自己的密码' });
  }
  const subject = await policySubject(db, id);
  if (subject) assertPasswordAllowed(ctx.cipher, subject, password, 'password');
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const current = await findAccount(tx, user, id, true);
    await tx.execute(
      sql`update users set password_hash = ${hash}, must_change_password = true, legacy_id_password = false,
            updated_at = now()
          where id = ${id}`,
    );
    await tx.execute(
      sql`update activation_codes set revoked_at = now() where user_id = ${id} and used_at is null and revoked_at is null`,
    );
    await tx.execute(sql`delete from login_backoff where user_id = ${id}`);
    const ended = await rows<{ id: string }>(tx, sql`delete from sessions where user_id = ${id} returning id`);
    await record(tx, actor, {
      action: 'account.reset_password',
      entity: 'user',
      entityId: id,
      before: { mustChangePassword: current.must_change_password, locked: current.locked },
      after: { mustChangePassword: true, locked: false, sessionsEnded: ended.length },
    });
  });
}

export async function setDisabled(db: Db, actor: Actor, id: number, disabled: boolean): Promise<Account> {
  const user = actor.user;
  if (disabled && id === user.id) throw invalid('不能停用自己的账号', { disabled: '不能停用自己的账号' });
  return db.transaction(async (tx) => {
    const current = await findAccount(tx, user, id, true);
    if (current.disabled === disabled) return present(current);
    if (disabled && current.role === 'county_admin') await assertAnotherCountyAdmin(tx, user, id);
    let sessionsEnded = 0;
    if (disabled) {
      await tx.execute(sql`update users set disabled = true, updated_at = now() where id = ${id}`);
      sessionsEnded = (await rows<{ id: string }>(tx, sql`delete from sessions where user_id = ${id} returning id`))
        .length;
    } else {
      // Re-enabling is a fresh start: a lock-out from before the account was disabled is cleared too.
      await tx.execute(sql`update users set disabled = false, updated_at = now() where id = ${id}`);
      await tx.execute(sql`delete from login_backoff where user_id = ${id}`);
    }
    await record(tx, actor, {
      action: disabled ? 'account.disable' : 'account.enable',
      entity: 'user',
      entityId: id,
      before: { disabled: current.disabled, ...(disabled ? {} : { locked: current.locked }) },
      after: { disabled, ...(disabled ? { sessionsEnded } : { locked: false }) },
    });
    return present(await findAccount(tx, user, id));
  });
}

export async function unlockAccount(db: Db, actor: Actor, id: number): Promise<Account> {
  const user = actor.user;
  return db.transaction(async (tx) => {
    const current = await findAccount(tx, user, id, true);
    const cleared = await rows<{ key: string; failures: number }>(
      tx,
      sql`delete from login_backoff where user_id = ${id} returning key, failures`,
    );
    await record(tx, actor, {
      action: 'account.unlock',
      entity: 'user',
      entityId: id,
      before: { locked: current.locked, failures: cleared.reduce((n, r) => Math.max(n, Number(r.failures)), 0) },
      after: { locked: false, failures: 0 },
    });
    return present(await findAccount(tx, user, id));
  });
}
