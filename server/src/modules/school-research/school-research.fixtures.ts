// Factories for school-based research tests (and others that link to activities): activity bodies
// placed relative to the real clock (the server checks windows and "recorded late" against it),
// sessions for extra accounts, the rotating code an activity's screen shows now.
import { sql } from 'drizzle-orm';
import type { World } from '../../../test/harness.js';
import { one } from '../../db/client.js';
import type { App, Deps } from '../../deps.js';
import { SESSION_COOKIE } from '../../http/auth.js';
import { randomToken, sha256 } from '../../lib/crypto.js';
import { currentToken } from '../attendance/qr.js';
import { qrSubject } from './checkin.service.js';

const HOUR = 3_600_000;

/** A create body for school `schoolId`: by default it ended an hour ago after two hours, 2 学时. */
export function activityInput(schoolId: number, over: Record<string, unknown> = {}, startHoursFromNow = -3, hours = 2) {
  const starts = new Date(Date.now() + startHoursFromNow * HOUR);
  const ends = new Date(starts.getTime() + hours * HOUR);
  return {
    schoolId,
    title: '三年级语文单元整体教学集体备课',
    type: '集体备课',
    startsAt: starts.toISOString(),
    endsAt: ends.toISOString(),
    hours: 2,
    place: '三楼会议室',
    ...over,
  };
}

/** A signed-in session for any user id (no password, no throttle). */
export async function sessionFor(deps: Deps, userId: number) {
  const token = randomToken();
  await deps.db.execute(
    sql`insert into sessions (id, user_id, expires_at) values (${sha256(token)}, ${userId}, now() + interval '1 hour')`,
  );
  return `${SESSION_COOKIE}=${token}`;
}

/** A school admin account for a school seedWorld gave none (school C). */
export async function addSchoolAdmin(deps: Deps, w: Pick<World, 'regionId'>, schoolId: number, name = 'schoolC') {
  const r = await one<{ id: number }>(
    deps.db,
    sql`insert into users (region_id, username, display_name, role, school_id)
        values (${w.regionId}, ${`${name}_${w.regionId}_${schoolId}`}, ${name}, 'school_admin', ${schoolId})
        returning id`,
  );
  return r!.id;
}

/** The token an activity's check-in screen shows now (read from the stored secret). */
export async function activityTokenNow(deps: Deps, activityId: number) {
  const r = await one<{ qr_secret: string }>(
    deps.db,
    sql`select qr_secret from research_activities where id = ${activityId}`,
  );
  return currentToken(r!.qr_secret, qrSubject(activityId), Date.now()).token;
}

export function scan(app: App, cookie: string, activityId: number, token: string) {
  return app.inject({
    method: 'POST',
    url: '/api/school-research/checkin',
    headers: { cookie, 'user-agent': 'Mozilla/5.0 (iPhone) TestPhone/1.0' },
    payload: { activityId, token },
  });
}

/** This year in Beijing time (what the statistics default to). */
export const beijingYearNow = () =>
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
