// Test helpers for the enrolment tests: sessions made directly in SQL (hundreds of teachers log
// in without hashing hundreds of passwords) and a small request wrapper.
import { sql } from 'drizzle-orm';
import { intArray, textArray } from '../../db/client.js';
import type { App, Deps } from '../../deps.js';
import { SESSION_COOKIE } from '../../http/auth.js';
import { randomToken, sha256 } from '../../lib/crypto.js';

/** One session per user; returns the cookie header for each, in the same order. */
export async function sessionCookies(deps: Deps, userIds: number[]): Promise<string[]> {
  const tokens = userIds.map(() => randomToken());
  await deps.db.execute(
    sql`insert into sessions (id, user_id, expires_at)
        select x.id, x.user_id, now() + interval '1 hour'
        from unnest(${textArray(tokens.map(sha256))}, ${intArray(userIds)}) as x(id, user_id)`,
  );
  return tokens.map((t) => `${SESSION_COOKIE}=${t}`);
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely.
type Body = any;

export type Call = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
) => Promise<{ status: number; body: Body }>;

/** Requests as the holder of `cookie`; answers the status and the parsed body. */
export function as(app: App, cookie: string): Call {
  return async (method, url, payload) => {
    const res = await app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
  };
}
