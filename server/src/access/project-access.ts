// The one project-manager rule, for every module that acts on a project's running (sessions,
// enrolment, attendance, assessment, certificates):
// - write (change the project itself: fields, status, sessions, trainers, nominations review, and
//   revoke its certificates): the county admin, or for a 校培 project its own school's admin;
// - manage (attendance, assessment, completion, issuing certificates): those, plus the project's
//   trainers (project_trainers or a session's trainer, through trainers.user_id) and the training
//   provider the project is commissioned from (its accounts, role provider);
// - schedule (its sessions): the writers, and the provider the project is commissioned from;
// - read: managers and leaders every participant; area and school admins their own teachers'
//   rows in projects they may see; with `participants`, also in projects their teachers take
//   part in, and a teacher taking part their own row.
// A project the caller cannot see answers 404; one they see but may not change answers 403. The
// route's permission (common/src/access.ts) has already refused roles that never may.
import { type SQL, sql } from 'drizzle-orm';
import { type Exec, intArray, one, rows } from '../db/client.js';
import type { CurrentUser } from '../http/context.js';
import { forbidden, notFound } from '../http/errors.js';
import { projectScope, sessionScope, teacherScope, teachesSql } from './scope.js';

/** May the user change this project (fields, status, sessions, trainers, nominations)? */
export function canWriteProject(user: CurrentUser, p: { level: string; school_id: number | null }): boolean {
  if (user.role === 'county_admin') return true;
  return user.role === 'school_admin' && p.level === '校培' && p.school_id != null && p.school_id === user.schoolId;
}

export function assertProjectWriter(user: CurrentUser, p: { level: string; school_id: number | null }) {
  if (!canWriteProject(user, p)) {
    throw forbidden(
      user.role === 'provider' ? '承训机构只能安排受托项目的课次、考勤和考核' : '学校管理员只能管理本校的校培项目',
    );
  }
}

/** Is the project commissioned from the caller's training provider? */
export function isCommissioned(user: CurrentUser, p: { provider_id?: number | null }): boolean {
  return user.role === 'provider' && user.providerId != null && p.provider_id === user.providerId;
}

/** May the user arrange the project's sessions (its writers, and the provider it is commissioned from)? */
export function canScheduleProject(
  user: CurrentUser,
  p: { level: string; school_id: number | null; provider_id?: number | null },
): boolean {
  return canWriteProject(user, p) || isCommissioned(user, p);
}

export function assertProjectScheduler(
  user: CurrentUser,
  p: { level: string; school_id: number | null; provider_id?: number | null },
) {
  if (!canScheduleProject(user, p)) assertProjectWriter(user, p);
}

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
  /** Change the project, revoke its certificates (canWriteProject). */
  write: boolean;
  /** Run it: attendance, assessment, completion, issuing certificates. */
  manage: boolean;
  /** Condition on the participant's `teachers t` / `schools s` rows the caller may read. */
  rows: SQL;
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

export interface AccessOptions {
  /** Lock the project row (serialises assessment writes). */
  lock?: boolean;
  /** Participant-based reading (attendance): admins via their teachers taking part, a teacher their own row. */
  participants?: boolean;
}

type ProjectRow = {
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
  provider_id: number | null;
  in_scope: boolean;
  teaches: boolean;
  participates: boolean;
  teachers_take_part: boolean;
};

const PROJECT_COLUMNS = sql`p.id, p.region_id, p.name, p.year, p.level, p.category, p.mode, p.organiser,
  p.organiser_type, p.school_id, p.start_date::text as start_date, p.end_date::text as end_date, p.hours, p.status,
  p.completion_rule, p.provider_id`;

/** The facts every decision needs, as columns of a query over `projects p`. */
const flags = (user: CurrentUser) => sql`${projectScope(user, 'p')} as in_scope,
  ${teachesSql(user, sql`p.id`)} as teaches,
  exists (select 1 from participations pa where pa.project_id = p.id and pa.teacher_id = ${user.teacherId ?? -1})
    as participates,
  exists (select 1 from participations pv join teachers t on t.id = pv.teacher_id join schools s on s.id = t.school_id
          where pv.project_id = p.id and ${teacherScope(user, 't', 's')}) as teachers_take_part`;

/** Every project of the caller's county (the decision is decide()'s, on the flags). */
const inCounty = (user: CurrentUser) => projectScope({ county: user.regionId }, 'p');

function factsOf(r: ProjectRow): ProjectFacts {
  return {
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
}

/** The decision, or null when the caller may not see the project at all (404). */
function decide(user: CurrentUser, r: ProjectRow, participants: boolean): ProjectAccess | null {
  const project = factsOf(r);
  const write = canWriteProject(user, r);
  const manage = write || (user.role !== 'leader' && r.teaches) || isCommissioned(user, r);
  if (manage || user.role === 'leader') return { project, write, manage, rows: sql`true` };
  const admin = user.role === 'school_admin' || user.role === 'area_admin';
  if (admin && (r.in_scope || (participants && r.teachers_take_part))) {
    return { project, write, manage, rows: teacherScope(user, 't', 's') };
  }
  if (participants && user.role === 'teacher' && r.participates) {
    return { project, write, manage, rows: teacherScope(user, 't', 's') };
  }
  return null;
}

/** One project's access, or 404. */
export async function projectAccess(
  exec: Exec,
  user: CurrentUser,
  projectId: number,
  opts: AccessOptions = {},
): Promise<ProjectAccess> {
  const row = await one<ProjectRow>(
    exec,
    sql`select ${PROJECT_COLUMNS}, ${flags(user)} from projects p
        where p.id = ${projectId} and ${inCounty(user)}${opts.lock ? sql` for update of p` : sql``}`,
  );
  const access = row ? decide(user, row, !!opts.participants) : null;
  if (!access) throw notFound('培训项目');
  return access;
}

/** Access to several projects at once (bulk certificate operations); those out of reach are absent. */
export async function projectsAccess(exec: Exec, user: CurrentUser, projectIds: number[]) {
  const list = await rows<ProjectRow>(
    exec,
    sql`select ${PROJECT_COLUMNS}, ${flags(user)} from projects p
        where p.id = any(${intArray(projectIds)}) and ${inCounty(user)}`,
  );
  const out = new Map<number, ProjectAccess>();
  for (const r of list) {
    const a = decide(user, r, false);
    if (a) out.set(r.id, a);
  }
  return out;
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
    sql`select ${PROJECT_COLUMNS}, ${flags(user)},
               ps.id as session_id, ps.topic, ps.room, ps.starts_at, ps.ends_at, ps.qr_secret
        from project_sessions ps join projects p on p.id = ps.project_id
        where ps.id = ${sessionId} and ${sessionScope(user, 'ps')}`,
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

/** A session and its project's access (participant-based, as attendance reads), or 404. */
export async function sessionAccess(
  exec: Exec,
  user: CurrentUser,
  sessionId: number,
): Promise<ProjectAccess & { session: SessionRef }> {
  const { row, session } = await loadSession(exec, user, sessionId);
  const access = decide(user, row, true);
  if (!access) throw notFound('课次');
  return { ...access, session };
}

/**
 * A session of the caller's county, with no access decision: for a teacher acting on their own
 * behalf (check-in, leave), where "not a participant" is its own answer (403), not a 404.
 */
export async function sessionInCounty(exec: Exec, user: CurrentUser, sessionId: number) {
  const { row, session } = await loadSession(exec, user, sessionId);
  return { project: factsOf(row), session };
}

/** Running the project needs a manager; a reader who may see it gets 403 with the reason. */
export function assertManager(a: ProjectAccess, doing: string) {
  if (!a.manage) {
    throw forbidden(`只有本项目的培训者、承训机构、县级管理员或本校校培项目的学校管理员可以${doing}`);
  }
}

/** Changing what was decided (revoking certificates) needs the project's writer. */
export function assertWriter(a: ProjectAccess, doing: string) {
  if (!a.write) throw forbidden(`只有县级管理员或本校校培项目的学校管理员可以${doing}`);
}
