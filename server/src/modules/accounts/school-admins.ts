// School-admin accounts for every school at once: usernames from a pattern ({schoolId}, {schoolCode}),
// named "<school>管理员", each with an activation code. A dry run lists what would happen per school;
// the commit creates every listed account in one transaction and returns the slips to print.
import type { BulkSchoolAdminsBody, BulkSchoolAdminsResult } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { schoolScope } from '../../access/scope.js';
import { type Db, intArray, rows, textArray } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor } from '../../http/context.js';
import { AppError, conflict, isUniqueViolation } from '../../http/errors.js';
import type { Keys } from '../../lib/keys.js';
import { issueCodes, targetsByIds } from './slips.js';

type Row = BulkSchoolAdminsResult['rows'][number];

interface SchoolRow {
  id: number;
  name: string;
  code: string | null;
  admins: string | null;
}

export interface SchoolAdminDeps {
  db: Db;
  keys: Keys;
  slipsFor(): Promise<{ activateUrl: string; regionName: string }>;
}

export function usernameFor(pattern: string, school: { id: number; code: string | null }): string | null {
  if (pattern.includes('{schoolCode}') && !school.code?.trim()) return null;
  return pattern.replaceAll('{schoolId}', String(school.id)).replaceAll('{schoolCode}', school.code?.trim() ?? '');
}

export async function createSchoolAdmins(
  deps: SchoolAdminDeps,
  actor: Actor,
  body: BulkSchoolAdminsBody,
): Promise<BulkSchoolAdminsResult> {
  const user = actor.user;
  const filter: SQL = body.schoolIds?.length ? sql`and s.id = any(${intArray(body.schoolIds)})` : sql``;
  const schools = await rows<SchoolRow>(
    deps.db,
    sql`select s.id, s.name, s.code,
               (select string_agg(u.username, '、' order by u.username) from users u
                where u.school_id = s.id and u.role = 'school_admin' and not u.disabled) as admins
        from schools s left join areas a on a.id = s.area_id
        where ${schoolScope(user, 's')} ${filter}
        order by a.name, s.name`,
  );
  const names = schools.map((s) => usernameFor(body.pattern, s)?.toLowerCase()).filter((n): n is string => !!n);
  const taken = new Set(
    (
      await rows<{ u: string }>(
        deps.db,
        sql`select lower(username) as u from users where lower(username) = any(${textArray(names)})`,
      )
    ).map((r) => r.u),
  );
  const seen = new Map<string, string>();
  const out: Row[] = schools.map((s) => {
    const displayName = `${s.name}管理员`;
    const base = { schoolId: s.id, schoolName: s.name, displayName };
    if (s.admins && !body.includeSchoolsWithAdmin) {
      return { ...base, username: null, action: 'skip', message: `已有学校管理员账号：${s.admins}` };
    }
    const username = usernameFor(body.pattern, s);
    const err = (message: string): Row => ({ ...base, username, action: 'error', message });
    if (!username) return err('学校没有填写学校代码，无法按 {schoolCode} 生成用户名（可改用 sa{schoolId}）');
    if (username.length < 3 || username.length > 32) return err(`用户名“${username}”应为3–32位`);
    if (!/^[A-Za-z0-9_.-]+$/.test(username)) {
      return err(`用户名“${username}”含有字母、数字、下划线、点、横线以外的字符（学校代码为“${s.code}”）`);
    }
    if (/^t\d+$/i.test(username)) return err(`用户名“${username}”是教师账号的格式（t+数字）`);
    const key = username.toLowerCase();
    if (taken.has(key)) return err(`用户名“${username}”已被占用`);
    const other = seen.get(key);
    if (other) return err(`用户名“${username}”与${other}的相同（学校代码重复？）`);
    seen.set(key, s.name);
    return { ...base, username, action: 'create', message: null };
  });
  const result: BulkSchoolAdminsResult = {
    rows: out,
    created: out.filter((r) => r.action === 'create').length,
    skipped: out.filter((r) => r.action === 'skip').length,
    errors: out.filter((r) => r.action === 'error').length,
    committed: false,
    batch: null,
  };
  if (body.dryRun) return result;
  if (result.errors > 0) {
    throw new AppError(
      'CONFLICT',
      `有 ${result.errors} 所学校无法生成用户名，未创建任何账号。请换一个用户名规则或不选这些学校`,
      undefined,
      result,
    );
  }
  if (result.created === 0) throw conflict('没有需要创建账号的学校');
  const where = await deps.slipsFor();
  const creates = out.filter((r) => r.action === 'create');
  try {
    const batch = await deps.db.transaction(async (tx) => {
      const created = await rows<{ id: number }>(
        tx,
        sql`insert into users (region_id, username, display_name, role, school_id)
            values ${sql.join(
              creates.map(
                (r) => sql`(${user.regionId}, ${r.username}, ${r.displayName}, 'school_admin', ${r.schoolId}::int)`,
              ),
              sql`, `,
            )}
            returning id`,
      );
      await record(tx, actor, {
        action: 'account.bulk_school_admins',
        entity: 'user',
        entityId: null,
        after: {
          pattern: body.pattern,
          created: created.length,
          skipped: result.skipped,
          accounts: creates.map((r) => ({ schoolId: r.schoolId, username: r.username })),
        },
      });
      const issued = await issueCodes(
        tx,
        deps.keys,
        actor,
        await targetsByIds(
          tx,
          created.map((c) => Number(c.id)),
        ),
        {
          validDays: body.validDays,
          audit: { reason: 'account.bulk_school_admins' },
        },
      );
      return {
        issuedAt: new Date().toISOString(),
        expiresAt: issued.expiresAt,
        ...where,
        slips: issued.slips,
        skipped: [],
      };
    });
    return { ...result, committed: true, batch };
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('创建期间有同名账号出现，未创建任何账号，请重新预览');
    throw err;
  }
}
