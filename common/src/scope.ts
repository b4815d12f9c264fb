// Role facts other code asks by name, derived from the access table in access.ts.
import { rolesWith } from './access.js';
import type { Role } from './enums.js';

/** Roles that may see a full ID number (others see it masked). */
export const ROLES_SEEING_FULL_ID: readonly Role[] = rolesWith('teachers.reveal');

/** Roles that may write organisation and roster data (within their scope). */
export const ROLES_WRITING_ROSTER: readonly Role[] = rolesWith('teachers.write');

/** Roles that may read the roster of more than themselves. */
export const ROLES_READING_ROSTER: readonly Role[] = rolesWith('teachers.read');

export const canWriteRoster = (role: Role) => ROLES_WRITING_ROSTER.includes(role);
export const canReadRoster = (role: Role) => ROLES_READING_ROSTER.includes(role);
/** County admins and leaders see the whole county; other roles an area, a school or themselves. */
export const isCountyWide = (role: Role) => role === 'county_admin' || role === 'leader';
