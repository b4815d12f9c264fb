// "This browser signed in to this account before": a signed, HttpOnly cookie listing up to five
// accounts. A sign-in for one of them draws on the device's own back-off counter, so nobody
// guessing elsewhere can slow the owner down on their usual phone or office computer.
import type { FastifyReply } from 'fastify';
import type { Config } from '../../config.js';
import { type Keys, sameDigest } from '../../lib/keys.js';

export const DEVICE_COOKIE = 'shixun_dev';
const MAX_ENTRIES = 5;
const DEVICE_DAYS = 180;

interface Entry {
  userId: number;
  issued: number;
  raw: string;
}

const sign = (keys: Keys, userId: number, issued: number) => keys.device(`${userId}.${issued}`).slice(0, 22);

function parse(keys: Keys, cookie: string | undefined, now = Date.now()): Entry[] {
  if (!cookie) return [];
  const out: Entry[] = [];
  for (const raw of cookie.split('~').slice(0, MAX_ENTRIES)) {
    const m = /^(\d{1,10})\.(\d{1,12})\.([\w-]{22})$/.exec(raw);
    if (!m) continue;
    const userId = Number(m[1]);
    const issued = Number(m[2]);
    if (now / 1000 - issued > DEVICE_DAYS * 86400) continue;
    if (!sameDigest(sign(keys, userId, issued), m[3]!)) continue;
    out.push({ userId, issued, raw });
  }
  return out;
}

/** The cookie's entry for one of these accounts, if the browser holds a valid one. */
export function deviceEntryFor(keys: Keys, cookie: string | undefined, userIds: number[]): Entry | null {
  return parse(keys, cookie).find((e) => userIds.includes(e.userId)) ?? null;
}

/** Adds (or renews) the account in the browser's cookie. */
export function rememberDevice(
  keys: Keys,
  config: Config,
  reply: FastifyReply,
  cookie: string | undefined,
  userId: number,
) {
  const issued = Math.floor(Date.now() / 1000);
  const entry = `${userId}.${issued}.${sign(keys, userId, issued)}`;
  const others = parse(keys, cookie)
    .filter((e) => e.userId !== userId)
    .map((e) => e.raw);
  reply.setCookie(DEVICE_COOKIE, [entry, ...others].slice(0, MAX_ENTRIES).join('~'), {
    path: '/api/auth',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
    maxAge: DEVICE_DAYS * 86400,
  });
}
