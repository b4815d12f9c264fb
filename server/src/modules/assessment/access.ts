// Who may assess a project, run its completion and handle its certificates.
// - assess / complete / issue: the project's trainers (project_trainers or a session's trainer, via
//   trainers.user_id), the county admin, and for a 校培 project the owning school's admin;
// - revoke: the county admin or the owning school's admin (trainers assess, they do not revoke);
// - read: those, plus leaders (everything) and area/school admins (their own teachers' rows).
// A project the caller cannot see answers 404; one they can see but not manage answers 403.
import { type SQL, sql } from 'drizzle-orm';
import { type Exec, intArray, rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { forbidden, notFound } from '../../http/errors.js';
import { teacherScope } from '../../http/scope.js';
import { projectScope } from '../projects/projects.scope.js';

export interface ProjectFacts {
  id: number;
  regionId: number;
  name: string;
  year: number;
  level: string;
  category: string;
  mode: string;
  organiser: string | null;
  organiserType: string;
  schoolId: number | null;
  startDate: string;
  endDate: string;
  hours: number;
  status: string;
  completionRule: unknown;
}

export interface ProjectAccess {
  project: ProjectFacts;
  /** Assess, complete, issue certificates. */
  manage: boolean;
  /** Revoke certificates. */
  admin: boolean;
  /** Condition on the participant's `teachers t` / `schools s` rows the caller may read. */
  rows: SQL;
}

/** The caller teaches the project (as a project trainer or a session's trainer). */
export const teachesSql = (user: CurrentUser, projectId: SQL) => sql`(
  exists (select 1 from project_trainers pt join trainers tr on tr.id = pt.trainer_id
          where pt.project_id = ${projectId} and tr.user_id = ${user.id})
  or exists (select 1 from project_sessions ps2 join trainers tr on tr.id = ps2.trainer_id
             where ps2.project_id = ${projectId} and tr.user_id = ${user.id}))`;

type Row = {
  id: number;
  region_id: number;
  name: string;
  year: number;
  level: string;
  category: string;
  mode: string;
  organiser: string | null;
  organiser_type: string;
  school_id: number | null;
  start_date: string;
  end_date: string;
  hours: number | string;
  status: string;
  completion_rule: unknown;
  visible: boolean;
  teaches: boolean;
};

function selectProjects(user: CurrentUser, where: SQL, lock: boolean) {
  return sql`select p.id, p.region_id, p.name, p.year, p.level, p.category, p.mode, p.organiser,
                    p.organiser_type, p.school_id, p.start_date::text as start_date, p.end_date::text as end_date,
                    p.hours, p.status, p.completion_rule,
                    (${projectScope(user, 'p')} or ${teachesSql(user, sql`p.id`)}) as visible,
                    ${teachesSql(user, sql`p.id`)} as teaches
             from projects p where p.region_id = ${user.regionId} and ${where}${lock ? sql` for update of p` : sql``}`;
}

function accessOf(user: CurrentUser, r: Row): ProjectAccess | null {
  if (!r.visible) return null;
  const project: ProjectFacts = {
    id: r.id,
    regionId: r.region_id,
    name: r.name,
    year: r.year,
    level: r.level,
    category: r.category,
    mode: r.mode,
    organiser: r.organiser,
    organiserType: r.organiser_type,
    schoolId: r.school_id,
    startDate: r.start_date,
    endDate: r.end_date,
    hours: Number(r.hours),
    status: r.status,
    completionRule: r.completion_rule,
  };
  const ownSchool = user.role === 'school_admin' && r.school_id != null && r.school_id === user.schoolId;
  const admin = user.role === 'county_admin' || ownSchool;
  const manage = admin || (user.role !== 'leader' && r.teaches);
  if (manage || user.role === 'leader') return { project, manage, admin, rows: sql`true` };
  if (user.role === 'school_admin' || user.role === 'area_admin') {
    return { project, manage, admin, rows: teacherScope(user, 't', 's') };
  }
  return null;
}

/** One project's access (optionally locking the row, which serialises assessment writes). */
export async function projectAccess(
  exec: Exec,
  user: CurrentUser,
  projectId: number,
  opts: { lock?: boolean } = {},
): Promise<ProjectAccess> {
  const [row] = await rows<Row>(exec, selectProjects(user, sql`p.id = ${projectId}`, !!opts.lock));
  const access = row ? accessOf(user, row) : null;
  if (!access) throw notFound('培训项目');
  return access;
}

/** Access to several projects at once (bulk certificate operations); missing ones are absent. */
export async function projectsAccess(exec: Exec, user: CurrentUser, projectIds: number[]) {
  const list = await rows<Row>(exec, selectProjects(user, sql`p.id = any(${intArray(projectIds)})`, false));
  const out = new Map<number, ProjectAccess>();
  for (const r of list) {
    const a = accessOf(user, r);
    if (a) out.set(r.id, a);
  }
  return out;
}

export function assertManage(_user: CurrentUser, a: ProjectAccess) {
  if (a.manage) return;
  throw forbidden('只有本项目的培训者、县级管理员或本校校培项目的学校管理员可以录入考核和办理结业');
}

export function assertAdmin(_user: CurrentUser, a: ProjectAccess) {
  if (a.admin) return;
  throw forbidden('只有县级管理员或本校校培项目的学校管理员可以撤销证书');
}
