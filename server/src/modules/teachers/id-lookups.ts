// Whether an ID number is already on the county's roster is personal data. A roster writer below the
// county learns it only for teachers in their own scope; for any other number the answer is the same
// neutral "contact the county" (a number held elsewhere) or "new", and how many numbers outside their
// scope they may check is budgeted per user per day, in the database (every instance shares it).
import { sql } from 'drizzle-orm';
import { type Db, one, textArray } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { AppError } from '../../http/errors.js';

export const ID_LOOKUP_LIMITS = {
  /** Distinct ID numbers outside the caller's scope (new teachers included) per 24 hours. */
  perDay: 2000,
  /** Of those, numbers that turned out to be held by a teacher outside the scope. */
  foreignPerDay: 20,
} as const;

/** The message for a number held outside the caller's scope: it neither confirms nor names anyone. */
export const OUT_OF_SCOPE_ID_MESSAGE = '该身份证号无法由您登记，请联系县级管理员核实处理（如教师调动）';

export interface IdLookup {
  idHash: string;
  /** Held by a teacher outside the caller's scope. */
  foreign: boolean;
}

/**
 * Records the ID numbers a roster writer checked outside their scope and refuses the whole request
 * (429, before any answer is given) once the day's budget is spent. The county admin's scope is the
 * whole county — the unit in which numbers are unique — so nothing they check is outside it.
 * Runs on `db`, outside any transaction, so a refused request still spends what it checked.
 */
export async function chargeIdLookups(db: Db, user: CurrentUser, lookups: IdLookup[]): Promise<void> {
  if (user.role === 'county_admin' || lookups.length === 0) return;
  const unique = new Map<string, boolean>();
  for (const l of lookups) unique.set(l.idHash, (unique.get(l.idHash) ?? false) || l.foreign);
  const hashes = [...unique.keys()];
  const foreign = hashes.map((h) => (unique.get(h) ? 't' : 'f'));
  await db.execute(
    sql`insert into id_lookups (user_id, id_hash, foreign_hit, checked_at)
        select ${user.id}, h, f::boolean, now()
        from unnest(${textArray(hashes)}, ${textArray(foreign)}) as x(h, f)
        on conflict (user_id, id_hash) do update set
          foreign_hit = id_lookups.foreign_hit or excluded.foreign_hit,
          checked_at = case when id_lookups.checked_at < now() - interval '1 day' then now()
                            else id_lookups.checked_at end`,
  );
  const used = await one<{ n: number; foreign: number }>(
    db,
    sql`select count(*)::int as n, (count(*) filter (where foreign_hit))::int as foreign
        from id_lookups where user_id = ${user.id} and checked_at > now() - interval '1 day'`,
  );
  await db.execute(sql`delete from id_lookups where user_id = ${user.id} and checked_at < now() - interval '2 days'`);
  if (Number(used?.foreign ?? 0) > ID_LOOKUP_LIMITS.foreignPerDay) {
    throw new AppError(
      'TOO_MANY_ATTEMPTS',
      `今天核对的身份证号中，无法由您登记的已超过${ID_LOOKUP_LIMITS.foreignPerDay}个，请明天再试或联系县级管理员办理`,
    );
  }
  if (Number(used?.n ?? 0) > ID_LOOKUP_LIMITS.perDay) {
    throw new AppError(
      'TOO_MANY_ATTEMPTS',
      `今天已核对${ID_LOOKUP_LIMITS.perDay}个以上新的身份证号，请明天再试，或请县级管理员导入大批教师`,
    );
  }
}
