// Check-in to a research activity with the rotating QR of the attendance module (the same 30-second
// HMAC codes, window and wrong-code limit as a project session): the host's screen, and the
// teacher's scan on a phone, which makes them a participant when they belong to the activity's audience.
import {
  type ActivityCheckinBody,
  type ActivityCheckinResult,
  type ActivityQr,
  checkinStatusAt,
  checkinWindow,
  formatCheckinWindow,
  QR_ROTATE_SECONDS,
  windowState,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import { countyOf } from '../../access/scope.js';
import { type Db, one } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, forbidden, notFound } from '../../http/errors.js';
import { assertNotThrottled, countWrongToken } from '../attendance/checkin-guard.js';
import { currentToken, verifyToken } from '../attendance/qr.js';
import { iso } from './activities.presenter.js';
import { type ActivityRow, audienceSql, expectedCount, findActivity } from './activities.repo.js';
import { activityAccess, assertManage } from './activity-access.js';
import { creditedHours, researchCreditRule } from './settings.service.js';

/** The QR subject of an activity: never a bare number, so it cannot share a session's codes. */
export const qrSubject = (activityId: number) => `research:${activityId}`;

function closedWindow(a: Pick<ActivityRow, 'starts_at' | 'ends_at'>, now: Date): AppError {
  const w = checkinWindow(a.starts_at, a.ends_at);
  const lead = windowState(w, now) === 'before' ? '签到尚未开始' : '签到已结束';
  return new AppError('CHECKIN_CLOSED', `${lead}，签到时间为 ${formatCheckinWindow(w)}`);
}

export async function getActivityQr(db: Db, user: CurrentUser, id: number, now: Date): Promise<ActivityQr> {
  const acc = await activityAccess(db, user, id);
  assertManage(acc);
  const a = acc.a;
  if (a.status !== 'open') throw new AppError('CHECKIN_CLOSED', '活动已结束，签到已关闭');
  const w = checkinWindow(a.starts_at, a.ends_at);
  if (windowState(w, now) !== 'open') throw closedWindow(a, now);
  const t = currentToken(a.qr_secret, qrSubject(a.id), now.getTime());
  return {
    activityId: a.id,
    token: t.token,
    url: `/research/checkin/${a.id}?t=${encodeURIComponent(t.token)}`,
    expiresInMs: t.expiresInMs,
    rotatesEverySeconds: QR_ROTATE_SECONDS,
    window: { opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString() },
    open: true,
    checkedIn: a.participants,
    expected: await expectedCount(db, a),
  };
}

type Mine = {
  status: 'present' | 'late';
  method: 'qr' | 'manual';
  checked_at: string | Date;
};

export async function checkInActivity(
  db: Db,
  actor: Actor,
  body: ActivityCheckinBody,
  now: Date,
): Promise<ActivityCheckinResult> {
  const user = actor.user;
  if (user.teacherId == null) throw forbidden('只有教师账号可以扫码签到，请使用本人教师账号登录');
  await assertNotThrottled(db, user.id);
  // The whole county on purpose: a teacher scans an activity they are not yet part of. Nothing of
  // it is told before the code proves the scanner stands in front of its screen.
  const a = await findActivity(db, countyOf(user), body.activityId);
  if (!a) throw notFound('研修活动');
  const rule = await researchCreditRule(db, a.region_id);
  const base = {
    activityId: a.id,
    title: a.title,
    type: a.type,
    schoolName: a.school_name,
    hours: creditedHours(Number(a.hours), rule.activityCap),
  };
  const first = await one<Mine>(
    db,
    sql`select status, method, checked_at from research_participants
        where activity_id = ${a.id} and teacher_id = ${user.teacherId}`,
  );
  // A second scan answers with the first check-in (or the host's mark).
  if (first)
    return {
      ...base,
      status: first.status,
      method: first.method,
      checkedAt: iso(first.checked_at),
      alreadyCheckedIn: true,
    };
  const valid = verifyToken(a.qr_secret, qrSubject(a.id), body.token, now.getTime());
  if (!valid) {
    await countWrongToken(db, user.id);
    throw new AppError('QR_EXPIRED', '二维码已过期，请扫描屏幕上的最新二维码');
  }
  if (a.status !== 'open') throw new AppError('CHECKIN_CLOSED', `“${a.title}”已结束，签到已关闭`);
  if (windowState(checkinWindow(a.starts_at, a.ends_at), now) !== 'open') throw closedWindow(a, now);
  const teacher = await one<{ school_id: number }>(
    db,
    sql`select t.school_id from teachers t where t.id = ${user.teacherId} and ${audienceSql(a)}`,
  );
  if (!teacher) {
    throw new AppError(
      'NOT_PARTICIPANT',
      `你不在“${a.title}”的参与范围内（参与学校、学科或学段不符），请联系主办学校登记`,
    );
  }
  const status = checkinStatusAt(a.starts_at, now);
  return db.transaction(async (tx) => {
    const written = await one<{ checked_at: string | Date }>(
      tx,
      sql`insert into research_participants (activity_id, teacher_id, region_id, school_id, role, status, method, checked_at)
          values (${a.id}, ${user.teacherId}, ${a.region_id}, ${teacher.school_id}, 'participant', ${status}, 'qr',
                  ${now.toISOString()}::timestamptz)
          on conflict (activity_id, teacher_id) do nothing
          returning checked_at`,
    );
    if (!written) {
      // Lost a race with a simultaneous scan (or the host's mark): that one is the first.
      const mine = await one<Mine>(
        tx,
        sql`select status, method, checked_at from research_participants
            where activity_id = ${a.id} and teacher_id = ${user.teacherId}`,
      );
      return {
        ...base,
        status: mine!.status,
        method: mine!.method,
        checkedAt: iso(mine!.checked_at),
        alreadyCheckedIn: true,
      };
    }
    await record(tx, actor, {
      action: 'research_activity.checkin',
      entity: 'research_activity',
      entityId: a.id,
      after: { teacherId: user.teacherId, status, method: 'qr' },
    });
    return { ...base, status, method: 'qr' as const, checkedAt: iso(written.checked_at), alreadyCheckedIn: false };
  });
}
