// The rate limit on wrong check-in codes, shared by every kind of check-in (project sessions,
// school-based research activities): counted per user in login_throttle, outside any transaction.
import { CHECKIN_MAX_WRONG_TOKENS } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { type Db, one } from '../../db/client.js';
import { AppError } from '../../http/errors.js';

export const throttleKey = (userId: number) => `checkin:${userId}`;

export async function assertNotThrottled(db: Db, userId: number) {
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
export async function countWrongToken(db: Db, userId: number) {
  await db.execute(
    sql`insert into login_throttle (key, failures, window_start) values (${throttleKey(userId)}, 1, now())
        on conflict (key) do update set
          failures = case when login_throttle.window_start > now() - interval '1 minute'
                          then login_throttle.failures + 1 else 1 end,
          window_start = case when login_throttle.window_start > now() - interval '1 minute'
                              then login_throttle.window_start else now() end`,
  );
}
