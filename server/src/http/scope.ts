// Scope as SQL: every list, detail, update, import and export joins through these conditions,
// so a school admin's query simply cannot return another school's rows.
import { type SQL, sql } from 'drizzle-orm';
import type { CurrentUser } from './context.js';

/**
 * Condition on a `schools` row (aliased `alias`) that the user may see.
 * Teachers and trainers see no schools through the roster.
 */
export function schoolScope(user: CurrentUser, alias = 's'): SQL {
  const a = sql.raw(alias);
  switch (user.role) {
    case 'county_admin':
    case 'leader':
      return sql`${a}.region_id = ${user.regionId}`;
    case 'area_admin':
      if (user.consortiumId != null)
        return sql`(${a}.region_id = ${user.regionId} and ${a}.consortium_id = ${user.consortiumId})`;
      if (user.areaId != null) return sql`(${a}.region_id = ${user.regionId} and ${a}.area_id = ${user.areaId})`;
      return sql`false`;
    case 'school_admin':
      return user.schoolId != null
        ? sql`(${a}.region_id = ${user.regionId} and ${a}.id = ${user.schoolId})`
        : sql`false`;
    default:
      return sql`false`;
  }
}

/** Condition on a `teachers` row (aliased `t`, its school `s`) that the user may see. */
export function teacherScope(user: CurrentUser, t = 't', s = 's'): SQL {
  if (user.role === 'teacher') {
    return user.teacherId != null ? sql`${sql.raw(t)}.id = ${user.teacherId}` : sql`false`;
  }
  return schoolScope(user, s);
}
