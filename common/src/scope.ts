// What each role may do, as plain data the server enforces and the web uses to hide controls.
import type { Role } from './enums.js';

export const ROLE_LABELS: Record<Role, string> = {
  county_admin: '县级管理员',
  leader: '局领导',
  area_admin: '学区/教联体管理员',
  school_admin: '学校管理员',
  teacher: '教师',
  trainer: '培训专家',
};

/** Roles that may see a full ID number (others see it masked). */
export const ROLES_SEEING_FULL_ID: readonly Role[] = ['county_admin'];

/** Roles that may write organisation and roster data (within their scope). */
export const ROLES_WRITING_ROSTER: readonly Role[] = ['county_admin', 'area_admin', 'school_admin'];

/** Roles that may read the roster of more than themselves. */
export const ROLES_READING_ROSTER: readonly Role[] = ['county_admin', 'leader', 'area_admin', 'school_admin'];

export const canWriteRoster = (role: Role) => ROLES_WRITING_ROSTER.includes(role);
export const canReadRoster = (role: Role) => ROLES_READING_ROSTER.includes(role);
export const isCountyWide = (role: Role) => role === 'county_admin' || role === 'leader';
