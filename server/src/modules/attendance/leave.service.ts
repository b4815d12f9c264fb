// 请假: a participant asks to miss a session; a manager approves (the session becomes 'leave') or
// rejects it with a reason; the teacher is notified either way.
import {
  checkinWindow,
  formatCheckinWindow,
  type LeaveBody,
  type LeaveListQuery,
  type LeaveRequest,
  type LeaveReviewBody,
  PARTICIPANT_STATUSES,
  PARTICIPATION_STATUS_LABELS,
  type ParticipationStatus,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { assertManager, projectAccess, sessionAccess, sessionInCounty } from '../../access/project-access.js';
import { countyOf, leaveScope } from '../../access/scope.js';
import { type Db, type Exec, one, rows } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.js';
import { offsetOf } from '../../http/pagination.js';
import { notify, notifyTeachers } from '../notifications/notifications.service.js';
import { type LeaveDbRow, presentLeave } from './attendance.presenter.js';
import { assertProjectOpen, MANAGING } from './attendance.service.js';

const LEAVE_COLUMNS = sql`lr.id, lr.session_id, ps.project_id, p.name as project_name, ps.topic, ps.starts_at, ps.ends_at,
  lr.participation_id, t.id as teacher_id, t.name as teacher_name, s.name as school_name, lr.reason, lr.status,
  lr.review_reason, lr.reviewed_at, lr.created_at`;
const LEAVE_FROM = sql`from leave_requests lr
  join project_sessions ps on ps.id = lr.session_id
  join projects p on p.id = ps.project_id
  join participations pa on pa.id = lr.participation_id
  join teachers t on t.id = pa.teacher_id
  join schools s on s.id = t.school_id`;

async function leaveById(exec: Exec, id: number): Promise<LeaveRequest> {
  const r = await one<LeaveDbRow>(exec, sql`select ${LEAVE_COLUMNS} ${LEAVE_FROM} where lr.id = ${id}`);
  if (!r) throw notFound('请假申请');
  return presentLeave(r);
}

/** Users who review leave for a project: its trainers with accounts, and for 校培 the school's admins. */
async function reviewerIds(exec: Exec, projectId: number): Promise<number[]> {
  const list = await rows<{ id: number }>(
    exec,
    sql`select tr.user_id as id from project_trainers pt join trainers tr on tr.id = pt.trainer_id
        where pt.project_id = ${projectId} and tr.user_id is not null
        union
        select tr.user_id from project_sessions ps join trainers tr on tr.id = ps.trainer_id
        where ps.project_id = ${projectId} and tr.user_id is not null
        union
        select u.id from projects p join users u on u.school_id = p.school_id and u.role = 'school_admin'
        where p.id = ${projectId} and not u.disabled`,
  );
  return list.map((r) => r.id);
}

export async function requestLeave(
  db: Db,
  actor: Actor,
  sessionId: number,
  body: LeaveBody,
  now: Date,
): Promise<LeaveRequest> {
  const user = actor.user;
  if (user.teacherId == null) throw forbidden('只有教师账号可以请假');
  const a = await sessionInCounty(db, user, sessionId);
  const s = a.session;
  return db.transaction(async (tx) => {
    // Locking the participation serialises a teacher's requests, so two clicks make one request.
    const pa = await one<{ id: number; status: ParticipationStatus }>(
      tx,
      sql`select id, status from participations
          where project_id = ${s.projectId} and teacher_id = ${user.teacherId} for update`,
    );
    // Someone outside the project learns nothing of it: not its name, dates or state.
    if (!pa) throw new AppError('NOT_PARTICIPANT', '你不是该课次所属项目的学员，不能请假');
    if (!PARTICIPANT_STATUSES.includes(pa.status)) {
      throw new AppError(
        'NOT_PARTICIPANT',
        `你在“${a.project.name}”中的状态为“${PARTICIPATION_STATUS_LABELS[pa.status]}”，不能请假`,
      );
    }
    assertProjectOpen(a.project);
    if (now.getTime() >= s.endsAt.getTime()) {
      throw conflict(`该课次已结束（${formatCheckinWindow(checkinWindow(s.startsAt, s.endsAt))}），不能再请假`);
    }
    const state = await one<{ pending: boolean; approved: boolean; attended: boolean }>(
      tx,
      sql`select
            exists (select 1 from leave_requests where participation_id = ${pa.id} and session_id = ${s.id}
                    and status = 'pending') as pending,
            exists (select 1 from leave_requests where participation_id = ${pa.id} and session_id = ${s.id}
                    and status = 'approved') as approved,
            exists (select 1 from attendance where participation_id = ${pa.id} and session_id = ${s.id}
                    and status in ('present', 'late')) as attended`,
    );
    if (state?.pending) throw conflict('你已提交本课次的请假申请，正在等待审批');
    if (state?.approved) throw conflict('本课次的请假已批准，无需重复申请');
    if (state?.attended) throw conflict('你已签到本课次，无需请假');
    const created = await one<{ id: number }>(
      tx,
      sql`insert into leave_requests (region_id, participation_id, session_id, reason)
          values (${a.project.regionId}, ${pa.id}, ${s.id}, ${body.reason}) returning id`,
    );
    await record(tx, actor, {
      action: 'leave.request',
      entity: 'leave_request',
      entityId: created!.id,
      after: { sessionId: s.id, participationId: pa.id, reason: body.reason },
    });
    await notify(tx, a.project.regionId, await reviewerIds(tx, s.projectId), {
      kind: 'leave.requested',
      title: `${user.displayName}申请请假：${a.project.name}`,
      body: `课次“${s.topic}”（${formatCheckinWindow(checkinWindow(s.startsAt, s.endsAt))}）。原因：${body.reason}`,
      link: `/projects/${s.projectId}`,
    });
    return leaveById(tx, created!.id);
  });
}

export async function reviewLeave(
  db: Db,
  actor: Actor,
  id: number,
  body: LeaveReviewBody,
  now: Date,
): Promise<LeaveRequest> {
  const user = actor.user;
  const lr = await one<{ session_id: number; region_id: number }>(
    db,
    sql`select session_id, region_id from leave_requests lr where lr.id = ${id} and ${leaveScope(countyOf(user), 'lr')}`,
  );
  if (!lr) throw notFound('请假申请');
  const a = await sessionAccess(db, user, lr.session_id).catch(() => {
    throw notFound('请假申请');
  });
  assertManager(a, MANAGING);
  assertProjectOpen(a.project);
  const s = a.session;
  return db.transaction(async (tx) => {
    const current = await one<{
      status: string;
      participation_id: number;
      teacher_id: number;
      reason: string;
      attendance_status: string | null;
      method: string | null;
      attendance_reason: string | null;
    }>(
      tx,
      sql`select lr.status, lr.participation_id, pa.teacher_id, lr.reason,
                 a.status as attendance_status, a.method, a.reason as attendance_reason
          from leave_requests lr join participations pa on pa.id = lr.participation_id
          left join attendance a on a.session_id = lr.session_id and a.participation_id = lr.participation_id
          where lr.id = ${id} for update of lr`,
    );
    if (!current) throw notFound('请假申请');
    if (current.status !== 'pending') throw conflict('该请假申请已处理，不能重复审批');
    const approved = body.decision === 'approved';
    if (approved && (current.attendance_status === 'present' || current.attendance_status === 'late')) {
      throw conflict('该教师本课次已签到，不能批准请假；如需更正请直接修改考勤');
    }
    await tx.execute(
      sql`update leave_requests set status = ${body.decision}, reviewed_by = ${user.id},
            review_reason = ${body.reason || null}, reviewed_at = ${now.toISOString()}::timestamptz
          where id = ${id}`,
    );
    await record(tx, actor, {
      action: 'leave.review',
      entity: 'leave_request',
      entityId: id,
      before: { status: 'pending' },
      after: { status: body.decision, reason: body.reason || null },
    });
    if (approved) {
      const att = await one<{ id: number }>(
        tx,
        sql`insert into attendance (region_id, session_id, participation_id, teacher_id, status, method, checked_at,
                                    marked_by, reason)
            values (${a.project.regionId}, ${s.id}, ${current.participation_id}, ${current.teacher_id}, 'leave', 'leave',
                    ${now.toISOString()}::timestamptz, ${user.id}, ${current.reason})
            on conflict (session_id, participation_id) do update
              set status = 'leave', method = 'leave', marked_by = excluded.marked_by, reason = excluded.reason,
                  checked_at = excluded.checked_at
            returning id`,
      );
      await record(tx, actor, {
        action: 'attendance.mark',
        entity: 'attendance',
        entityId: att!.id,
        before: current.attendance_status
          ? { status: current.attendance_status, method: current.method, reason: current.attendance_reason }
          : null,
        after: {
          sessionId: s.id,
          participationId: current.participation_id,
          status: 'leave',
          method: 'leave',
          leaveRequestId: id,
        },
      });
    }
    const when = formatCheckinWindow(checkinWindow(s.startsAt, s.endsAt));
    await notifyTeachers(tx, a.project.regionId, [current.teacher_id], {
      kind: 'leave.reviewed',
      title: approved ? `请假已批准：${a.project.name}` : `请假未批准：${a.project.name}`,
      body: `课次“${s.topic}”（${when}）${approved ? '已准假' : `未准假，原因：${body.reason}`}`,
      link: '/my/trainings',
    });
    return leaveById(tx, id);
  });
}

export async function listProjectLeave(
  db: Exec,
  user: CurrentUser,
  projectId: number,
  q: LeaveListQuery,
): Promise<{ items: LeaveRequest[]; total: number }> {
  const a = await projectAccess(db, user, projectId, { participants: true });
  return listLeave(db, sql`ps.project_id = ${projectId} and ${a.rows}`, q);
}

export async function listMyLeave(
  db: Exec,
  user: CurrentUser,
  q: LeaveListQuery,
): Promise<{ items: LeaveRequest[]; total: number }> {
  if (user.teacherId == null) throw forbidden('只有教师账号可以查看本人的请假申请');
  return listLeave(db, leaveScope(user, 'lr', 'pa'), q);
}

async function listLeave(db: Exec, cond: SQL, q: LeaveListQuery) {
  const status = q.status ? sql` and lr.status = ${q.status}` : sql``;
  const where = sql`where ${cond}${status}`;
  const [items, total] = await Promise.all([
    rows<LeaveDbRow>(
      db,
      sql`select ${LEAVE_COLUMNS} ${LEAVE_FROM} ${where}
          order by (lr.status = 'pending') desc, lr.created_at desc, lr.id desc
          limit ${q.pageSize} offset ${offsetOf(q)}`,
    ),
    one<{ n: number }>(db, sql`select count(*)::int as n ${LEAVE_FROM} ${where}`),
  ]);
  return { items: items.map(presentLeave), total: total?.n ?? 0 };
}
