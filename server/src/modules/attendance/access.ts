// Who may see and manage a project's attendance. Managers: the county admin, the project's
// trainers (project_trainers or a session's trainer, linked by trainers.user_id), and the owning
// school's admin for a 校培 project. Leaders read everything; school and area admins read their own
// teachers' rows in the projects they may see (projectScope) or where their teachers take part;
// teachers their own rows in their projects. Anyone else: 404.
import { type SQL, sql } from 'drizzle-orm';
import { type Exec, one } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { conflict, forbidden, notFound } from '../../http/errors.js';
import { teacherScope } from '../../http/scope.js';
import { projectScope } from '../projects/projects.scope.js';

export interface ProjectRef {
  id: number;
  regionId: number;
  name: string;
  schoolId: number | null;
  status: string;
}

export interface SessionRef {
  id: number;
  projectId: number;
  topic: string;
  room: string | null;
  startsAt: Date;
  endsAt: Date;
  qrSecret: string;
}

export interface Access {
  project: ProjectRef;
  /** May show the QR code, mark attendance, close a session, review leave. */
  manage: boolean;
  /** Condition on the participant's `teachers t` / `schools s` rows this caller may see. */
  rows: SQL;
}

type ProjectRow = {
  id: number;
  region_id: number;
  name: string;
  school_id: number | null;
  status: string;
  teaches: boolean;
  participates: boolean;
  visible: boolean;
};

/** The trainer link: the user is in the trainer pool and teaches the project (or one of its sessions). */
const teachesSql = (user: CurrentUser, projectId: SQL) => sql`(
  exists (select 1 from project_trainers pt join trainers tr on tr.id = pt.trainer_id
          where pt.project_id = ${projectId} and tr.user_id = ${user.id})
  or exists (select 1 from project_sessions ps2 join trainers tr on tr.id = ps2.trainer_id
             where ps2.project_id = ${projectId} and tr.user_id = ${user.id}))`;

/** The flags every access decision needs, as columns of a query over `projects p`. */
const flagsSql = (user: CurrentUser) => sql`${teachesSql(user, sql`p.id`)} as teaches,
  exists (select 1 from participations pa
          where pa.project_id = p.id and pa.teacher_id = ${user.teacherId ?? -1}) as participates,
  (${projectScope(user, 'p')}
   or exists (select 1 from participations pv join teachers t on t.id = pv.teacher_id join schools s on s.id = t.school_id
              where pv.project_id = p.id and ${teacherScope(user, 't', 's')})) as visible`;

export async function projectAccess(exec: Exec, user: CurrentUser, projectId: number): Promise<Access> {
  const row = await one<ProjectRow>(
    exec,
    sql`select p.id, p.region_id, p.name, p.school_id, p.status,
               ${flagsSql(user)}
        from projects p where p.id = ${projectId} and p.region_id = ${user.regionId}`,
  );
  if (!row) throw notFound('培训项目');
  return accessOf(user, row);
}

function accessOf(user: CurrentUser, row: ProjectRow): Access {
  const project: ProjectRef = {
    id: row.id,
    regionId: row.region_id,
    name: row.name,
    schoolId: row.school_id,
    status: row.status,
  };
  const manage =
    user.role !== 'leader' &&
    (user.role === 'county_admin' ||
      row.teaches ||
      (user.role === 'school_admin' && row.school_id != null && row.school_id === user.schoolId));
  if (manage || user.role === 'leader') return { project, manage, rows: sql`true` };
  if ((user.role === 'school_admin' || user.role === 'area_admin') && row.visible) {
    return { project, manage, rows: teacherScope(user, 't', 's') };
  }
  if (user.role === 'teacher' && row.participates) return { project, manage, rows: teacherScope(user, 't', 's') };
  // A trainer who does not teach this project, a teacher who is not in it.
  throw notFound('培训项目');
}

type SessionRow = ProjectRow & {
  session_id: number;
  topic: string;
  room: string | null;
  starts_at: string | Date;
  ends_at: string | Date;
  qr_secret: string;
};

async function loadSession(exec: Exec, user: CurrentUser, sessionId: number) {
  const row = await one<SessionRow>(
    exec,
    sql`select p.id, p.region_id, p.name, p.school_id, p.status,
               ${flagsSql(user)},
               ps.id as session_id, ps.topic, ps.room, ps.starts_at, ps.ends_at, ps.qr_secret
        from project_sessions ps join projects p on p.id = ps.project_id
        where ps.id = ${sessionId} and p.region_id = ${user.regionId}`,
  );
  if (!row) throw notFound('课次');
  const session: SessionRef = {
    id: row.session_id,
    projectId: row.id,
    topic: row.topic,
    room: row.room,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    qrSecret: row.qr_secret,
  };
  return { row, session };
}

export async function sessionAccess(
  exec: Exec,
  user: CurrentUser,
  sessionId: number,
): Promise<Access & { session: SessionRef }> {
  const { row, session } = await loadSession(exec, user, sessionId);
  let access: Access;
  try {
    access = accessOf(user, row);
  } catch {
    throw notFound('课次');
  }
  return { ...access, session };
}

/**
 * A session of the caller's region, with no access decision: for a teacher acting on their own
 * behalf (check-in, leave), where "not a participant" is its own answer (403), not a 404.
 */
export async function sessionInRegion(exec: Exec, user: CurrentUser, sessionId: number) {
  const { row, session } = await loadSession(exec, user, sessionId);
  const project: ProjectRef = {
    id: row.id,
    regionId: row.region_id,
    name: row.name,
    schoolId: row.school_id,
    status: row.status,
  };
  return { project, session };
}

/** Writes need a manager; a reader who may see the data gets 403, with the reason. */
export function assertManager(_user: CurrentUser, access: Access) {
  if (access.manage) return;
  throw forbidden('只有本项目的培训者、县级管理员或本校校培项目的学校管理员可以管理考勤');
}

/** A closed project's attendance is final (reopen it to 考核中 to correct it). */
export function assertProjectOpen(project: ProjectRef) {
  if (project.status === 'closed') {
    throw conflict('项目已结束，考勤不能再修改（如需更正，请先将项目退回“考核中”）');
  }
}
