// Who may see and who may change a training project, as SQL and as small named checks.
// Other training modules (enrolment, attendance, assessment) reuse these, so every screen agrees.
import { type SQL, sql } from 'drizzle-orm';
import type { CurrentUser } from '../../http/context.js';
import { forbidden } from '../../http/errors.js';
import { schoolScope } from '../../http/scope.js';

/**
 * Condition on a `projects` row (aliased `p`) that the user may see:
 * - county admin, leader: the whole region;
 * - area and school admins: county and upper-level projects once published (a draft is the
 *   county's work in progress), plus every 校培 project of the schools in their scope;
 * - teacher: published-or-later projects they take part in, or open for self-enrolment (校培 only
 *   of their own school);
 * - trainer: the projects they teach (project_trainers through their trainer record).
 */
export function projectScope(user: CurrentUser, alias = 'p'): SQL {
  const p = sql.raw(alias);
  const region = sql`${p}.region_id = ${user.regionId}`;
  switch (user.role) {
    case 'county_admin':
    case 'leader':
      return region;
    case 'area_admin':
    case 'school_admin':
      return sql`(${region} and ((${p}.school_id is null and ${p}.status <> 'draft')
        or exists (select 1 from schools ps where ps.id = ${p}.school_id and ${schoolScope(user, 'ps')})))`;
    case 'teacher':
      if (user.teacherId == null) return sql`false`;
      return sql`(${region} and ${p}.status <> 'draft' and (
        exists (select 1 from participations pp where pp.project_id = ${p}.id and pp.teacher_id = ${user.teacherId})
        or (${p}.enrol_mode = 'open' and ${p}.status in ('published', 'enrolling')
            and (${p}.school_id is null
                 or ${p}.school_id = (select tt.school_id from teachers tt where tt.id = ${user.teacherId})))))`;
    case 'trainer':
      return sql`(${region} and exists (select 1 from project_trainers ptr join trainers tr on tr.id = ptr.trainer_id
        where ptr.project_id = ${p}.id and tr.user_id = ${user.id}))`;
    default:
      return sql`false`;
  }
}

/** May the user change this project (fields, status, sessions, trainers)? */
export function canWriteProject(user: CurrentUser, p: { level: string; school_id: number | null }): boolean {
  if (user.role === 'county_admin') return true;
  return user.role === 'school_admin' && p.level === '校培' && p.school_id != null && p.school_id === user.schoolId;
}

export function assertProjectWriter(user: CurrentUser, p: { level: string; school_id: number | null }) {
  if (canWriteProject(user, p)) return;
  throw forbidden('学校管理员只能管理本校的校培项目');
}
