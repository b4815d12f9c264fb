// Who may do what on screen, in one place (the server enforces the same rules in SQL).
import type { Me, Role } from '@shixun/common';

export type Access = ReturnType<typeof accessOf>;

export function accessOf(me: Me | null | undefined) {
  const role: Role | null = me?.role ?? null;
  const is = (...roles: Role[]) => role !== null && roles.includes(role);
  return {
    role,
    /** sees dashboards and the roster of their scope */
    readRoster: is('county_admin', 'leader', 'area_admin', 'school_admin'),
    /** may create/edit/import within their scope */
    writeRoster: is('county_admin', 'area_admin', 'school_admin'),
    /** manages areas, consortia and accounts, browses the audit log */
    countyAdmin: is('county_admin'),
    countyWide: is('county_admin', 'leader'),
    manageSchools: is('county_admin'),
    seeFullId: is('county_admin'),
    teacher: is('teacher'),
    trainer: is('trainer'),
    schoolAdmin: is('school_admin'),
  };
}
