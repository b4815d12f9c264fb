// Who took part in an activity: the list (all of it for the host and the county, a school's own
// teachers for the others), the host's marks by hand with a reason (the integration contract's
// `{ teacherIds, reason }`), removing a mark, and the teachers who could still be marked.
import {
  type ActivityAttendanceBody,
  type ActivityParticipants,
  CHECKIN_OPENS_BEFORE_MINUTES,
  PARTICIPANT_ROLE_LABELS,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import { countyOf, researchParticipantScope, teacherScope } from '../../access/scope.js';
import { type Db, type Exec, intArray, rows, type Tx } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, invalid } from '../../http/errors.js';
import { presentParticipant } from './activities.presenter.js';
import { type ActivityRow, audienceSql, expectedCount, listCandidates, listParticipants } from './activities.repo.js';
import { type ActivityAccess, activityAccess, assertManage } from './activity-access.js';

export async function getParticipants(
  db: Exec,
  user: CurrentUser,
  id: number,
  q: { page: number; pageSize: number; q?: string },
): Promise<ActivityParticipants> {
  const acc = await activityAccess(db, user, id);
  const all = acc.manage || user.role === 'county_admin' || user.role === 'leader';
  const visible = all ? sql`true` : researchParticipantScope(user, 'rp');
  const [list, expected] = await Promise.all([listParticipants(db, id, visible, q), expectedCount(db, acc.a)]);
  return { items: list.map(presentParticipant), total: list[0]?.total ?? 0, expected };
}

export async function getCandidates(
  db: Exec,
  user: CurrentUser,
  id: number,
  q: { page: number; pageSize: number; q?: string },
) {
  const acc = await activityAccess(db, user, id);
  assertManage(acc);
  const list = await listCandidates(db, acc.a, q);
  return {
    items: list.map((r) => ({
      id: r.id,
      name: r.name,
      schoolId: r.school_id,
      schoolName: r.school_name,
      subject: r.subject,
      stage: r.stage,
    })),
    total: list[0]?.total ?? 0,
  };
}

function assertMarkable(acc: ActivityAccess, now: Date) {
  assertManage(acc);
  const a = acc.a;
  if (a.status !== 'open') throw conflict('活动已结束并记入学时，不能再修改参与名单');
  const opens = new Date(a.starts_at).getTime() - CHECKIN_OPENS_BEFORE_MINUTES * 60_000;
  if (now.getTime() < opens) throw conflict('活动尚未开始，开始后才能登记参与教师');
}

/**
 * Who may be marked: active teachers of the activity's schools (any subject: the host knows who
 * came); for a 送教下乡 stage, any active teacher of the county (the teachers sent come from anywhere).
 */
async function markable(tx: Tx, user: CurrentUser, a: ActivityRow, teacherIds: number[]) {
  const where =
    a.outreach_id != null
      ? sql`${teacherScope(countyOf(user), 't')} and t.status = '在职'`
      : audienceSql({ ...a, subjects: [], stages: [] });
  return rows<{ id: number; name: string; school_id: number }>(
    tx,
    sql`select t.id, t.name, t.school_id from teachers t where t.id = any(${intArray(teacherIds)}) and ${where}`,
  );
}

export async function markParticipants(
  db: Db,
  actor: Actor,
  id: number,
  body: ActivityAttendanceBody,
  now = new Date(),
): Promise<{ changed: number; unchanged: number }> {
  const role = body.role ?? 'participant';
  const ids = [...new Set(body.teacherIds)];
  return db.transaction(async (tx) => {
    const acc = await activityAccess(tx, actor.user, id, { lock: true });
    assertMarkable(acc, now);
    const a = acc.a;
    const found = await markable(tx, actor.user, a, ids);
    const missing = ids.filter((t) => !found.some((f) => f.id === t));
    if (missing.length) {
      const where = a.outreach_id != null ? '本县在职教师' : '参与学校的在职教师';
      throw invalid(`教师（编号 ${missing.join('、')}）不是${where}，不能登记`, { teacherIds: '有教师不在参与范围内' });
    }
    // A check-in stays as it was (its time and method); a mark changes only the role.
    const written = await rows<{ teacher_id: number; inserted: boolean }>(
      tx,
      sql`insert into research_participants (activity_id, teacher_id, region_id, school_id, role, status, method,
                                             checked_at, marked_by, reason)
          select ${id}, t.id, ${a.region_id}, t.school_id, ${role}, 'present', 'manual', ${now.toISOString()}::timestamptz,
                 ${actor.user.id}, ${body.reason}
          from teachers t where t.id = any(${intArray(ids)})
          on conflict (activity_id, teacher_id) do update set role = excluded.role
            where research_participants.role <> excluded.role
          returning teacher_id, (xmax = 0) as inserted`,
    );
    if (written.length) {
      await record(
        tx,
        actor,
        written.map((w) => ({
          action: 'research_activity.mark',
          entity: 'research_activity',
          entityId: id,
          after: { teacherId: w.teacher_id, role, reason: body.reason, method: w.inserted ? 'manual' : 'role' },
        })),
      );
    }
    if (role === 'trainer')
      await recordTrainers(
        tx,
        actor,
        written.map((w) => w.teacher_id),
      );
    return { changed: written.length, unchanged: ids.length - written.length };
  });
}

/** Teachers who taught (a 送教下乡's teachers sent) join the county's trainer pool if not in it. */
async function recordTrainers(tx: Tx, actor: Actor, teacherIds: number[]) {
  if (!teacherIds.length) return;
  const added = await rows<{ id: number; teacher_id: number }>(
    tx,
    sql`insert into trainers (region_id, kind, teacher_id, name, organisation, expertise)
        select t.region_id, 'county', t.id, t.name, s.name, t.subject
        from teachers t join schools s on s.id = t.school_id
        where t.id = any(${intArray(teacherIds)}) and ${teacherScope(countyOf(actor.user), 't')}
        on conflict (region_id, teacher_id) do nothing
        returning id, teacher_id`,
  );
  if (added.length) {
    await record(
      tx,
      actor,
      added.map((r) => ({
        action: 'trainer.create',
        entity: 'trainer',
        entityId: r.id,
        after: { teacherId: r.teacher_id, kind: 'county', source: PARTICIPANT_ROLE_LABELS.trainer },
      })),
    );
  }
}

export async function removeParticipants(
  db: Db,
  actor: Actor,
  id: number,
  body: { teacherIds: number[]; reason: string },
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    const acc = await activityAccess(tx, actor.user, id, { lock: true });
    assertMarkable(acc, now);
    const removed = await rows<{ teacher_id: number; method: string; role: string; checked_at: string | Date }>(
      tx,
      sql`delete from research_participants where activity_id = ${id} and teacher_id = any(${intArray(body.teacherIds)})
          returning teacher_id, method, role, checked_at`,
    );
    if (removed.length) {
      await record(
        tx,
        actor,
        removed.map((r) => ({
          action: 'research_activity.unmark',
          entity: 'research_activity',
          entityId: id,
          before: { teacherId: r.teacher_id, method: r.method, role: r.role, checkedAt: r.checked_at },
          after: { reason: body.reason },
        })),
      );
    }
    return { changed: removed.length, unchanged: body.teacherIds.length - removed.length };
  });
}
