// Who may do what with one research activity (the route's permission already refused roles that
// never may): it must be in the caller's scope (404 otherwise); then
// - manage (edit, check-in code, marks, evidence, close): the county admin, or the host school's admin;
// - spot-check (抽查): the county admin, or an area/consortium coordinator whose schools take part;
// - confirm (a 送教下乡 stage): the county admin, or the receiving school's admin.
import type { Exec } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { forbidden, notFound } from '../../http/errors.js';
import { type ActivityRow, findActivity } from './activities.repo.js';

export interface ActivityAccess {
  a: ActivityRow;
  manage: boolean;
  spotCheck: boolean;
  confirm: boolean;
}

export function accessOf(user: CurrentUser, a: ActivityRow): ActivityAccess {
  const county = user.role === 'county_admin';
  return {
    a,
    manage: county || (user.role === 'school_admin' && user.schoolId === a.school_id),
    spotCheck: county || user.role === 'area_admin',
    confirm:
      a.outreach_id != null &&
      (county || (user.role === 'school_admin' && user.schoolId != null && user.schoolId === a.target_school_id)),
  };
}

/** The activity with what the caller may do; 404 when it is not theirs to see. */
export async function activityAccess(
  exec: Exec,
  user: CurrentUser,
  id: number,
  opts: { lock?: boolean } = {},
): Promise<ActivityAccess> {
  const a = await findActivity(exec, user, id, opts.lock);
  if (!a) throw notFound('研修活动');
  return accessOf(user, a);
}

export function assertManage(acc: ActivityAccess) {
  if (!acc.manage) throw forbidden('只有主办学校的管理员或县级管理员可以管理该研修活动');
}
