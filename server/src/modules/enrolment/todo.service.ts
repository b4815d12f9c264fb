// The teacher's to-do, shown first on 我的培训: today's sessions with where their check-in stands
// (check-in is by scanning the code shown in the room: the list says when, it cannot check in),
// and the report-backs still owed. Surveys join the list when the platform has them.
import { CHECKIN_OPENS_BEFORE_MINUTES, type MyTodo, PLAN_TIME_ZONE, type TodoSessionState } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { participationScope, reportBackScope } from '../../access/scope.js';
import { type Exec, one, rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { forbidden } from '../../http/errors.js';
import { iso } from './enrolment.shared.js';

export async function myTodo(exec: Exec, user: CurrentUser): Promise<MyTodo> {
  // enrolment.self (the route's permission) is the teachers'; the rows are their own (scope.ts).
  if (user.teacherId == null) throw forbidden('只有教师账号有“我的培训”待办');
  const today = await one<{ d: string }>(exec, sql`select (now() at time zone ${PLAN_TIME_ZONE})::date::text as d`);
  const day = today!.d;
  const sessions = await rows<{
    session_id: number;
    project_id: number;
    project_name: string;
    topic: string;
    room: string | null;
    place: string | null;
    starts_at: string;
    ends_at: string;
    opens_at: string;
    opened: boolean;
    ended: boolean;
    attendance: string | null;
  }>(
    exec,
    sql`select ps.id as session_id, p.id as project_id, p.name as project_name, ps.topic, ps.room, p.place,
               ${iso(sql`ps.starts_at`)} as starts_at, ${iso(sql`ps.ends_at`)} as ends_at,
               ${iso(sql`(ps.starts_at - ${CHECKIN_OPENS_BEFORE_MINUTES}::int * interval '1 minute')`)} as opens_at,
               now() >= ps.starts_at - ${CHECKIN_OPENS_BEFORE_MINUTES}::int * interval '1 minute' as opened,
               now() > ps.ends_at as ended, x.status as attendance
        from participations pa
        join projects p on p.id = pa.project_id
        join project_sessions ps on ps.project_id = p.id
        left join attendance x on x.session_id = ps.id and x.participation_id = pa.id
        where ${participationScope(user, 'pa')} and pa.status = 'enrolled'
          and (ps.starts_at at time zone ${PLAN_TIME_ZONE})::date = ${day}::date
        order by ps.starts_at, ps.id`,
  );
  const stateOf = (s: (typeof sessions)[number]): TodoSessionState => {
    if (s.attendance === 'present' || s.attendance === 'late') return 'done';
    if (s.attendance === 'leave') return 'leave';
    if (s.attendance === 'absent' || s.ended) return 'missed';
    return s.opened ? 'open' : 'upcoming';
  };
  const reportBacks = await rows<{
    id: number;
    project_id: number;
    project_name: string;
    due_on: string;
    status: 'pending' | 'returned';
    days_left: number;
    return_reason: string | null;
  }>(
    exec,
    sql`select rb.id, rb.project_id, p.name as project_name, rb.due_on::text as due_on, rb.status,
               (rb.due_on - ${day}::date)::int as days_left, rb.return_reason
        from report_backs rb join projects p on p.id = rb.project_id
        where ${reportBackScope(user, 'rb')} and rb.status in ('pending', 'returned')
        order by rb.due_on, rb.id`,
  );
  return {
    today: day,
    sessions: sessions.map((s) => ({
      sessionId: s.session_id,
      projectId: s.project_id,
      projectName: s.project_name,
      topic: s.topic,
      room: s.room,
      place: s.place,
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      checkinOpensAt: s.opens_at,
      state: stateOf(s),
      attendance: s.attendance,
    })),
    reportBacks: reportBacks.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      projectName: r.project_name,
      dueOn: r.due_on,
      status: r.status,
      daysLeft: Number(r.days_left),
      returnReason: r.return_reason,
    })),
  };
}
