// Attendance: the trainer's rotating QR, the teacher's check-in, manual marking, closing a session,
// and the lists and rates. `now` is an argument so the rules are testable without a clock.
import {
  type AttendanceMarksBody,
  type AttendanceStatus,
  attendanceLabel,
  attendanceRate,
  CHECKIN_MAX_WRONG_TOKENS,
  type CheckinBody,
  type CheckinResult,
  checkinStatusAt,
  checkinWindow,
  formatCheckinWindow,
  type MyAttendance,
  type MyAttendanceQuery,
  PARTICIPANT_STATUSES,
  PARTICIPATION_STATUS_LABELS,
  type ParticipationStatus,
  type ProjectAttendance,
  type ProjectAttendanceQuery,
  type ProjectAttendanceRow,
  QR_ROTATE_SECONDS,
  type SessionAttendance,
  type SessionAttendanceQuery,
  type SessionInfo,
  type SessionQr,
  windowState,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import {
  type ProjectAccess as Access,
  assertManager,
  type ProjectFacts as ProjectRef,
  projectAccess,
  type SessionRef,
  sessionAccess,
} from '../../access/project-access.js';
import { participationScope, sessionScope } from '../../access/scope.js';
import { type Db, type Exec, intArray, one, rows, textArray } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../http/errors.js';
import { recordExport } from '../../http/export-audit.js';
import { offsetOf } from '../../http/pagination.js';
import {
  iso,
  isoOrNull,
  type ProjectAttendanceDbRow,
  presentProjectRow,
  presentSessionRow,
  type SessionAttendanceDbRow,
} from './attendance.presenter.js';
import { currentToken, verifyToken } from './qr.js';

const participantStatuses = () => textArray(PARTICIPANT_STATUSES);

/** What a project manager does here (access/project-access.ts decides who manages). */
export const MANAGING = '管理考勤';

/** A closed project's attendance is final (reopen it to 考核中 to correct it). */
export function assertProjectOpen(project: Pick<ProjectRef, 'status'>) {
  if (project.status === 'closed') {
    throw conflict('项目已结束，考勤不能再修改（如需更正，请先将项目退回“考核中”）');
  }
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

function sessionInfo(project: ProjectRef, s: SessionRef, now: Date): SessionInfo {
  const w = checkinWindow(s.startsAt, s.endsAt);
  return {
    id: s.id,
    projectId: project.id,
    projectName: project.name,
    topic: s.topic,
    room: s.room,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    window: { opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString() },
    ended: now.getTime() >= s.endsAt.getTime(),
  };
}

function closedWindowError(s: SessionRef, now: Date): AppError {
  const w = checkinWindow(s.startsAt, s.endsAt);
  const when = formatCheckinWindow(w);
  const state = windowState(w, now);
  const lead = state === 'before' ? '签到尚未开始' : '签到已结束';
  return new AppError('CHECKIN_CLOSED', `${lead}，签到时间为 ${when}`);
}

// ---------- trainer's screen ----------

export async function getSessionQr(db: Db, user: CurrentUser, sessionId: number, now: Date): Promise<SessionQr> {
  const a = await sessionAccess(db, user, sessionId);
  assertManager(a, MANAGING);
  const s = a.session;
  const w = checkinWindow(s.startsAt, s.endsAt);
  if (windowState(w, now) !== 'open') throw closedWindowError(s, now);
  const counts = await one<{ expected: number; checked_in: number }>(
    db,
    sql`select count(*)::int as expected,
               count(a.id) filter (where a.status in ('present', 'late'))::int as checked_in
        from participations p
        left join attendance a on a.session_id = ${s.id} and a.participation_id = p.id
        where p.project_id = ${s.projectId} and p.status = any(${participantStatuses()})`,
  );
  const t = currentToken(s.qrSecret, s.id, now.getTime());
  return {
    sessionId: s.id,
    token: t.token,
    url: `/checkin/${s.id}?t=${encodeURIComponent(t.token)}`,
    expiresInMs: t.expiresInMs,
    rotatesEverySeconds: QR_ROTATE_SECONDS,
    window: { opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString() },
    open: true,
    checkedIn: counts?.checked_in ?? 0,
    expected: counts?.expected ?? 0,
  };
}

// ---------- check-in ----------

const throttleKey = (userId: number) => `checkin:${userId}`;

async function assertNotThrottled(db: Db, userId: number) {
  const row = await one<{ failures: number }>(
    db,
    sql`select failures from login_throttle
        where key = ${throttleKey(userId)} and window_start > now() - interval '1 minute'`,
  );
  if (row && row.failures >= CHECKIN_MAX_WRONG_TOKENS) {
    throw new AppError('TOO_MANY_ATTEMPTS', '二维码错误次数过多，请1分钟后再扫描屏幕上的最新二维码');
  }
}

/** Counted outside any transaction: the refusal that follows must not roll it back. */
async function countWrongToken(db: Db, userId: number) {
  await db.execute(
    sql`insert into login_throttle (key, failures, window_start) values (${throttleKey(userId)}, 1, now())
        on conflict (key) do update set
          failures = case when login_throttle.window_start > now() - interval '1 minute'
                          then login_throttle.failures + 1 else 1 end,
          window_start = case when login_throttle.window_start > now() - interval '1 minute'
                              then login_throttle.window_start else now() end`,
  );
}

type CheckinSessionRow = {
  id: number;
  project_id: number;
  project_name: string;
  topic: string;
  starts_at: string | Date;
  ends_at: string | Date;
  qr_secret: string;
  region_id: number;
  participation_id: number | null;
  participation_status: ParticipationStatus | null;
  attendance_id: number | null;
  attendance_status: AttendanceStatus | null;
  method: string | null;
  checked_at: string | Date | null;
  reason: string | null;
};

export async function checkIn(db: Db, actor: Actor, body: CheckinBody, now: Date): Promise<CheckinResult> {
  const user = actor.user;
  if (user.teacherId == null) throw forbidden('只有教师账号可以扫码签到，请使用本人教师账号登录');
  await assertNotThrottled(db, user.id);
  const s = await one<CheckinSessionRow>(
    db,
    sql`select ps.id, ps.project_id, p.name as project_name, ps.topic, ps.starts_at, ps.ends_at, ps.qr_secret,
               p.region_id, pa.id as participation_id, pa.status as participation_status,
               a.id as attendance_id, a.status as attendance_status, a.method, a.checked_at, a.reason
        from project_sessions ps
        join projects p on p.id = ps.project_id
        left join participations pa on pa.project_id = ps.project_id and pa.teacher_id = ${user.teacherId}
        left join attendance a on a.session_id = ps.id and a.participation_id = pa.id
        where ps.id = ${body.sessionId} and ${sessionScope(user, 'ps')}`,
  );
  if (!s) throw notFound('课次');
  if (s.participation_id == null || s.participation_status == null) {
    // The project's name only to someone holding its current QR code (who sees the screen anyway):
    // a guessed session id of another school's project tells nothing.
    const named = verifyToken(s.qr_secret, s.id, body.token, now.getTime());
    throw new AppError('NOT_PARTICIPANT', `你不是${named ? `“${s.project_name}”` : '该课次所属项目'}的学员，不能签到`);
  }
  if (!PARTICIPANT_STATUSES.includes(s.participation_status)) {
    const label = PARTICIPATION_STATUS_LABELS[s.participation_status] ?? s.participation_status;
    throw new AppError('NOT_PARTICIPANT', `你在“${s.project_name}”中的状态为“${label}”，不能签到`);
  }
  const base = { sessionId: s.id, projectId: s.project_id, projectName: s.project_name, topic: s.topic };
  // A second scan answers with the first check-in.
  if (s.attendance_status === 'present' || s.attendance_status === 'late') {
    return {
      ...base,
      status: s.attendance_status,
      checkedAt: iso(s.checked_at!),
      alreadyCheckedIn: true,
      method: s.method === 'manual' ? 'manual' : 'qr',
    };
  }
  if (!verifyToken(s.qr_secret, s.id, body.token, now.getTime())) {
    await countWrongToken(db, user.id);
    throw new AppError('QR_EXPIRED', '二维码已过期，请扫描屏幕上的最新二维码');
  }
  const session: SessionRef = {
    id: s.id,
    projectId: s.project_id,
    topic: s.topic,
    room: null,
    startsAt: new Date(s.starts_at),
    endsAt: new Date(s.ends_at),
    qrSecret: s.qr_secret,
  };
  if (windowState(checkinWindow(session.startsAt, session.endsAt), now) !== 'open') {
    throw closedWindowError(session, now);
  }
  const status = checkinStatusAt(session.startsAt, now);
  return db.transaction(async (tx) => {
    // A scan proves presence, so it replaces an earlier 'absent' or 'leave'; never a check-in.
    const written = await one<{ id: number; status: 'present' | 'late'; checked_at: string | Date }>(
      tx,
      sql`insert into attendance (region_id, session_id, participation_id, teacher_id, status, method, checked_at)
          values (${s.region_id}, ${s.id}, ${s.participation_id}, ${user.teacherId}, ${status}, 'qr', ${ts(now)})
          on conflict (session_id, participation_id) do update
            set status = excluded.status, method = 'qr', checked_at = excluded.checked_at, marked_by = null,
                reason = null
            where attendance.status not in ('present', 'late')
          returning id, status, checked_at`,
    );
    if (!written) {
      // Lost a race with a simultaneous scan: that one is the first check-in.
      const first = await one<{ status: 'present' | 'late'; checked_at: string | Date; method: string }>(
        tx,
        sql`select status, checked_at, method from attendance
            where session_id = ${s.id} and participation_id = ${s.participation_id}`,
      );
      return {
        ...base,
        status: first!.status,
        checkedAt: iso(first!.checked_at),
        alreadyCheckedIn: true,
        method: first!.method === 'manual' ? 'manual' : 'qr',
      };
    }
    await record(tx, actor, {
      action: 'attendance.checkin',
      entity: 'attendance',
      entityId: written.id,
      before: s.attendance_status ? { status: s.attendance_status, method: s.method, reason: s.reason } : null,
      after: { sessionId: s.id, participationId: s.participation_id, status: written.status, method: 'qr' },
    });
    return {
      ...base,
      status: written.status,
      checkedAt: iso(written.checked_at),
      alreadyCheckedIn: false,
      method: 'qr' as const,
    };
  });
}

// ---------- manual marking ----------

type MarkTargetRow = {
  id: number;
  teacher_id: number;
  teacher_name: string;
  status: ParticipationStatus;
  attendance_status: AttendanceStatus | null;
  method: string | null;
  reason: string | null;
};

export async function markAttendance(
  db: Db,
  actor: Actor,
  sessionId: number,
  marks: AttendanceMarksBody,
  now: Date,
): Promise<{ changed: number; unchanged: number }> {
  const user = actor.user;
  const a = await sessionAccess(db, user, sessionId);
  assertManager(a, MANAGING);
  assertProjectOpen(a.project);
  const s = a.session;
  const seen = new Map<number, number>();
  marks.forEach((m, i) => {
    const first = seen.get(m.participationId);
    if (first !== undefined) {
      throw invalid(`第${i + 1}条与第${first + 1}条是同一学员，请只保留一条`, {
        [`${i}.participationId`]: '重复的学员',
      });
    }
    seen.set(m.participationId, i);
  });
  const w = checkinWindow(s.startsAt, s.endsAt);
  if (windowState(w, now) === 'before') {
    const early = marks.findIndex((m) => m.status !== 'leave');
    if (early >= 0) {
      throw new AppError(
        'CHECKIN_CLOSED',
        `课次尚未开始（签到时间为 ${formatCheckinWindow(w)}），现在只能登记请假（第${early + 1}条）`,
        { [`${early}.status`]: '课次尚未开始' },
      );
    }
  }
  return db.transaction(async (tx) => {
    const current = await rows<MarkTargetRow>(
      tx,
      sql`select p.id, p.teacher_id, t.name as teacher_name, p.status,
                 a.status as attendance_status, a.method, a.reason
          from participations p join teachers t on t.id = p.teacher_id
          left join attendance a on a.session_id = ${s.id} and a.participation_id = p.id
          where p.project_id = ${s.projectId} and p.id = any(${intArray([...seen.keys()])})`,
    );
    const byId = new Map(current.map((r) => [r.id, r]));
    const changes: Array<{ mark: AttendanceMarksBody[number]; row: MarkTargetRow }> = [];
    marks.forEach((m, i) => {
      const row = byId.get(m.participationId);
      if (!row) {
        throw invalid(`第${i + 1}条：学员（参训记录 ${m.participationId}）不属于本项目`, {
          [`${i}.participationId`]: '不属于本项目',
        });
      }
      if (!PARTICIPANT_STATUSES.includes(row.status)) {
        throw invalid(
          `第${i + 1}条：${row.teacher_name}在本项目中的状态为“${PARTICIPATION_STATUS_LABELS[row.status]}”，不能记考勤`,
          { [`${i}.participationId`]: '不是本项目学员' },
        );
      }
      if (row.attendance_status !== m.status) changes.push({ mark: m, row });
    });
    if (!changes.length) return { changed: 0, unchanged: marks.length };
    const written = await rows<{ id: number; participation_id: number }>(
      tx,
      sql`insert into attendance (region_id, session_id, participation_id, teacher_id, status, method, checked_at,
                                  marked_by, reason)
          select ${a.project.regionId}, ${s.id}, p.id, p.teacher_id, m.status, 'manual', ${ts(now)}, ${user.id}, m.reason
          from unnest(${intArray(changes.map((c) => c.mark.participationId))},
                      ${textArray(changes.map((c) => c.mark.status))},
                      ${textArray(changes.map((c) => c.mark.reason))}) as m(pid, status, reason)
          join participations p on p.id = m.pid
          on conflict (session_id, participation_id) do update
            set status = excluded.status, method = 'manual', marked_by = excluded.marked_by, reason = excluded.reason,
                -- a QR record keeps the moment of the scan; others take the moment of marking
                checked_at = case when attendance.method = 'qr' then attendance.checked_at else excluded.checked_at end
          returning id, participation_id`,
    );
    const idOf = new Map(written.map((r) => [r.participation_id, r.id]));
    await record(
      tx,
      actor,
      changes.map(({ mark, row }) => ({
        action: 'attendance.mark',
        entity: 'attendance',
        entityId: idOf.get(mark.participationId) ?? null,
        before: row.attendance_status
          ? { status: row.attendance_status, method: row.method, reason: row.reason }
          : null,
        after: {
          sessionId: s.id,
          participationId: mark.participationId,
          teacherId: row.teacher_id,
          status: mark.status,
          method: 'manual',
          reason: mark.reason,
        },
      })),
    );
    return { changed: changes.length, unchanged: marks.length - changes.length };
  });
}

/** After the session ends, everyone without a record is marked absent, so absentees are explicit. */
export async function closeSession(db: Db, actor: Actor, sessionId: number, now: Date) {
  const user = actor.user;
  const a = await sessionAccess(db, user, sessionId);
  assertManager(a, MANAGING);
  assertProjectOpen(a.project);
  const s = a.session;
  if (now.getTime() < s.endsAt.getTime()) {
    throw conflict(
      `课次尚未结束（签到时间为 ${formatCheckinWindow(checkinWindow(s.startsAt, s.endsAt))}），结束后才能关闭签到`,
    );
  }
  return db.transaction(async (tx) => {
    const marked = await rows<{ participation_id: number }>(
      tx,
      sql`insert into attendance (region_id, session_id, participation_id, teacher_id, status, method, checked_at,
                                  marked_by, reason)
          select ${a.project.regionId}, ${s.id}, p.id, p.teacher_id, 'absent', 'manual', ${ts(now)}, ${user.id}, '未签到'
          from participations p
          where p.project_id = ${s.projectId} and p.status = any(${participantStatuses()})
            and not exists (select 1 from attendance x where x.session_id = ${s.id} and x.participation_id = p.id)
          on conflict (session_id, participation_id) do nothing
          returning participation_id`,
    );
    await record(tx, actor, {
      action: 'attendance.close',
      entity: 'session',
      entityId: s.id,
      after: { markedAbsent: marked.length, participationIds: marked.map((r) => r.participation_id) },
    });
    return { markedAbsent: marked.length };
  });
}

// ---------- lists and rates ----------

const PARTICIPANT_JOIN = sql`from participations p
  join teachers t on t.id = p.teacher_id
  join schools s on s.id = t.school_id`;

export async function getSessionAttendance(
  db: Exec,
  user: CurrentUser,
  sessionId: number,
  q: SessionAttendanceQuery,
  now: Date,
): Promise<SessionAttendance> {
  const a = await sessionAccess(db, user, sessionId);
  const s = a.session;
  const info = sessionInfo(a.project, s, now);
  const ended = sql`${info.ended}::boolean`;
  const base = sql`${PARTICIPANT_JOIN}
    left join attendance a on a.session_id = ${s.id} and a.participation_id = p.id
    where p.project_id = ${s.projectId} and p.status = any(${participantStatuses()}) and ${a.rows}`;
  const filters: SQL[] = [];
  if (q.status === 'none') filters.push(sql`a.id is null`);
  else if (q.status) filters.push(sql`a.status = ${q.status}`);
  if (q.absentees) filters.push(sql`(a.status = 'absent' or (a.id is null and ${ended}))`);
  const where = filters.length ? sql` and ${sql.join(filters, sql` and `)}` : sql``;
  const [items, counts] = await Promise.all([
    rows<SessionAttendanceDbRow & { total: number }>(
      db,
      sql`select p.id as participation_id, t.id as teacher_id, t.name as teacher_name, s.id as school_id,
                 s.name as school_name, p.status as participation_status, a.status, a.method, a.checked_at, a.reason,
                 count(*) over ()::int as total
          ${base}${where}
          order by s.name, t.name, p.id
          limit ${q.pageSize} offset ${offsetOf(q)}`,
    ),
    one<SessionAttendance['counts']>(
      db,
      sql`select count(*)::int as expected,
                 count(*) filter (where a.status = 'present')::int as present,
                 count(*) filter (where a.status = 'late')::int as late,
                 count(*) filter (where a.status = 'absent')::int as absent,
                 count(*) filter (where a.status = 'leave')::int as leave,
                 count(*) filter (where a.id is null)::int as none,
                 count(*) filter (where a.status = 'absent' or (a.id is null and ${ended}))::int as absentees
          ${base}`,
    ),
  ]);
  return {
    session: info,
    counts: counts ?? { expected: 0, present: 0, late: 0, absent: 0, leave: 0, none: 0, absentees: 0 },
    items: items.map((r) => presentSessionRow(r, info.ended)),
    total: items[0]?.total ?? (q.page > 1 ? await countOnly(db, sql`${base}${where}`) : 0),
  };
}

/** The total when the requested page is past the end (the window count came back empty). */
async function countOnly(db: Exec, fromWhere: SQL): Promise<number> {
  return (await one<{ n: number }>(db, sql`select count(*)::int as n ${fromWhere}`))?.n ?? 0;
}

/**
 * One grouped query: per participant, sessions held (begun — the same count assessment uses),
 * attended (present + late), late and leave among them. Absent = held − attended − leave (marked absent or never checked in).
 */
function projectRowsSql(a: Access, q: { schoolId?: number }, now: Date, page?: { limit: number; offset: number }) {
  const school = q.schoolId ? sql` and t.school_id = ${q.schoolId}` : sql``;
  const paging = page ? sql` limit ${page.limit} offset ${page.offset}` : sql``;
  return sql`with held as (
      select id from project_sessions where project_id = ${a.project.id} and starts_at <= ${ts(now)}
    )
    select p.id as participation_id, t.id as teacher_id, t.name as teacher_name, s.id as school_id,
           s.name as school_name, p.status as participation_status,
           (select count(*) from held)::int as held,
           count(x.id) filter (where x.status in ('present', 'late'))::int as attended,
           count(x.id) filter (where x.status = 'late')::int as late,
           count(x.id) filter (where x.status = 'leave')::int as leave,
           count(*) over ()::int as total
    ${PARTICIPANT_JOIN}
    left join attendance x on x.participation_id = p.id and x.session_id in (select id from held)
    where p.project_id = ${a.project.id} and p.status = any(${participantStatuses()}) and ${a.rows}${school}
    group by p.id, t.id, s.id
    order by s.name, t.name, p.id${paging}`;
}

async function sessionCounts(db: Exec, projectId: number, now: Date) {
  return (
    (await one<{ sessions: number; held: number }>(
      db,
      sql`select count(*)::int as sessions, count(*) filter (where starts_at <= ${ts(now)})::int as held
          from project_sessions where project_id = ${projectId}`,
    )) ?? { sessions: 0, held: 0 }
  );
}

export async function getProjectAttendance(
  db: Exec,
  user: CurrentUser,
  projectId: number,
  q: ProjectAttendanceQuery,
  now: Date,
): Promise<ProjectAttendance> {
  const a = await projectAccess(db, user, projectId, { participants: true });
  const [list, counts] = await Promise.all([
    rows<ProjectAttendanceDbRow & { total: number }>(
      db,
      projectRowsSql(a, q, now, { limit: q.pageSize, offset: offsetOf(q) }),
    ),
    sessionCounts(db, projectId, now),
  ]);
  let total = list[0]?.total ?? 0;
  if (!list.length && q.page > 1) total = (await rows(db, projectRowsSql(a, q, now))).length;
  return {
    projectId: a.project.id,
    projectName: a.project.name,
    sessions: counts.sessions,
    held: counts.held,
    items: list.map(presentProjectRow),
    total,
  };
}

/** For the .xlsx export: the same rows, all pages. Scope is checked before the first row is written. */
export async function projectAttendanceForExport(
  db: Exec,
  actor: Actor,
  projectId: number,
  q: { schoolId?: number },
  now: Date,
): Promise<{ projectName: string; rows: ProjectAttendanceRow[] }> {
  const a = await projectAccess(db, actor.user, projectId, { participants: true });
  const list = await rows<ProjectAttendanceDbRow>(db, projectRowsSql(a, q, now));
  await recordExport(
    db,
    actor,
    { action: 'attendance.export', entity: 'project', entityId: projectId, filters: q },
    list.length,
  );
  return { projectName: a.project.name, rows: list.map(presentProjectRow) };
}

type MyRow = {
  session_id: number;
  project_id: number;
  project_name: string;
  topic: string;
  room: string | null;
  starts_at: string | Date;
  ends_at: string | Date;
  status: AttendanceStatus | null;
  method: 'qr' | 'manual' | 'leave' | null;
  checked_at: string | Date | null;
  leave_status: 'pending' | 'approved' | 'rejected' | null;
  total: number;
};

export async function getMyAttendance(
  db: Exec,
  user: CurrentUser,
  q: MyAttendanceQuery,
  now: Date,
): Promise<MyAttendance> {
  if (user.teacherId == null) throw forbidden('只有教师账号可以查看本人考勤');
  const project = q.projectId ? sql` and pa.project_id = ${q.projectId}` : sql``;
  const from = sql`from participations pa
    join projects p on p.id = pa.project_id
    join project_sessions ps on ps.project_id = pa.project_id
    left join attendance a on a.session_id = ps.id and a.participation_id = pa.id
    where ${participationScope(user, 'pa')}
      and pa.status = any(${participantStatuses()})${project}`;
  const list = await rows<MyRow>(
    db,
    sql`select ps.id as session_id, ps.project_id, p.name as project_name, ps.topic, ps.room, ps.starts_at,
               ps.ends_at, a.status, a.method, a.checked_at,
               (select lr.status from leave_requests lr
                 where lr.session_id = ps.id and lr.participation_id = pa.id order by lr.id desc limit 1) as leave_status,
               count(*) over ()::int as total
        ${from}
        order by ps.starts_at desc, ps.id desc
        limit ${q.pageSize} offset ${offsetOf(q)}`,
  );
  let summary: MyAttendance['summary'] = null;
  if (q.projectId) {
    const r = await one<{ held: number; attended: number; leave: number }>(
      db,
      sql`select count(*) filter (where ps.starts_at <= ${ts(now)})::int as held,
                 count(*) filter (where ps.starts_at <= ${ts(now)} and a.status in ('present', 'late'))::int as attended,
                 count(*) filter (where ps.starts_at <= ${ts(now)} and a.status = 'leave')::int as leave
          ${from}`,
    );
    const held = r?.held ?? 0;
    const attended = r?.attended ?? 0;
    const leave = r?.leave ?? 0;
    summary = {
      held,
      attended,
      leave,
      absent: Math.max(0, held - attended - leave),
      rate: attendanceRate(held, attended, leave),
    };
  }
  return {
    items: list.map((r) => {
      const ended = now.getTime() >= new Date(r.ends_at).getTime();
      return {
        sessionId: r.session_id,
        projectId: r.project_id,
        projectName: r.project_name,
        topic: r.topic,
        room: r.room,
        startsAt: iso(r.starts_at),
        endsAt: iso(r.ends_at),
        ended,
        status: r.status,
        statusLabel: attendanceLabel(r.status, ended),
        method: r.method,
        checkedAt: isoOrNull(r.checked_at),
        leaveStatus: r.leave_status,
      };
    }),
    total: list[0]?.total ?? (q.page > 1 ? await countOnly(db, from) : 0),
    summary,
  };
}
