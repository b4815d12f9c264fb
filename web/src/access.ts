// What the signed-in user may do on screen: the access table of common/src/access.ts, the same
// table the server's access hook enforces, so a control is shown exactly when its request would
// be allowed (record-dependent rules, e.g. a school's own 校培 project, stay with the page).
import { type Me, type Permission, type Role, can as roleCan } from '@shixun/common';

export type Access = ReturnType<typeof accessOf>;

export function accessOf(me: Me | null | undefined) {
  const role: Role | null = me?.role ?? null;
  const can = (permission: Permission) => roleCan(role, permission);
  const is = (...roles: Role[]) => role !== null && roles.includes(role);
  return {
    role,
    /** Does the user hold this permission (the table in common/src/access.ts)? */
    can,
    /** sees dashboards and the roster of their scope */
    readRoster: can('teachers.read'),
    /** may create/edit/import within their scope */
    writeRoster: can('teachers.write'),
    /** manages areas, consortia and schools (create, delete, import) */
    manageSchools: can('org.manage'),
    seeFullId: can('teachers.reveal'),
    // Who the user is, for layout and defaults (home page, which scope filters to offer):
    // what they may do is can(…).
    countyAdmin: is('county_admin'),
    countyWide: is('county_admin', 'leader'),
    teacher: is('teacher'),
    trainer: is('trainer'),
    schoolAdmin: is('school_admin'),
    /** a training provider's account (承训机构): only the projects commissioned from it */
    provider: is('provider'),
  };
}
