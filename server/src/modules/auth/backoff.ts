// Slows password and code guessing without letting anyone lock the owner out. Each sign-in attempt
// draws on three counters kept in the database (so every instance shares them): the login name from
// this address, the login name from anywhere, and this address for any name. Past a few free
// failures a counter makes the next attempt wait, doubling up to a cap; nothing is ever locked, and
// a browser the owner signed in from before (a device cookie) has its own counter instead, so an
// attacker elsewhere — or 30 colleagues' typos behind the school's NAT — cannot keep the owner out.
// Keys are keyed hashes of the login name and address (names sometimes hold a mistyped password),
// and unknown names are counted exactly like known ones, so the counters reveal no account.
import { sql } from 'drizzle-orm';
import { type Db, one, type Tx } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import type { Keys } from '../../lib/keys.js';

interface Rule {
  /** Failures heard at once before any wait. */
  free: number;
  /** The first wait; each further failure doubles it, up to `capSeconds`. */
  baseSeconds: number;
  capSeconds: number;
  /** A counter without failures for this long starts again from zero. */
  forgetMinutes: number;
}

export const BACKOFF = {
  /** The login name from one address: the owner's typos and a single attacker. */
  nameAddress: { free: 5, baseSeconds: 15, capSeconds: 15 * 60, forgetMinutes: 60 },
  /** The login name from any address: guessing spread over many addresses. Waits stay short. */
  name: { free: 10, baseSeconds: 5, capSeconds: 5 * 60, forgetMinutes: 60 },
  /** One address, any name (password spraying): a steady pace, never a lock-out of the address. */
  address: { free: 30, baseSeconds: 10, capSeconds: 10, forgetMinutes: 15 },
  /** A browser the account signed in from before: replaces the three above for that account. */
  device: { free: 10, baseSeconds: 15, capSeconds: 15 * 60, forgetMinutes: 60 },
} as const satisfies Record<string, Rule>;

export type SlotKind = keyof typeof BACKOFF;

export interface Slot {
  key: string;
  kind: SlotKind;
  /** The account the name resolved to (one account only), so an admin can see and clear it. */
  userId: number | null;
}

/** Seconds to wait after the n-th failure in a row. */
export function delaySeconds(kind: SlotKind, failures: number): number {
  const r: Rule = BACKOFF[kind];
  if (failures <= r.free) return 0;
  return Math.min(r.capSeconds, r.baseSeconds * 2 ** (failures - r.free - 1));
}

/** Login names compare without case and spacing (an ID number's x is X). */
export const normaliseLoginName = (raw: string) => raw.replace(/\s+/g, '').toLowerCase();

export function slotsFor(
  keys: Keys,
  input: { identifier: string; ip: string | null; userId: number | null; device: string | null },
): Slot[] {
  if (input.device)
    return [{ key: `d:${keys.backoff(`device:${input.device}`)}`, kind: 'device', userId: input.userId }];
  const name = keys.backoff(`name:${normaliseLoginName(input.identifier)}`);
  const address = keys.backoff(`ip:${input.ip ?? 'unknown'}`);
  return [
    { key: `na:${name}@${address}`, kind: 'nameAddress', userId: input.userId },
    { key: `n:${name}`, kind: 'name', userId: input.userId },
    { key: `a:${address}`, kind: 'address', userId: null },
  ];
}

function waitMessage(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  const when = s < 60 ? `${s}秒` : `${Math.ceil(s / 60)}分钟`;
  return `尝试次数过多，请${when}后再试。忘记密码请联系学校或县级管理员`;
}

async function takeOne(tx: Tx, slot: Slot): Promise<void> {
  const r: Rule = BACKOFF[slot.kind];
  const taken = await one<{ failures: number }>(
    tx,
    sql`insert into login_backoff as b (key, user_id, failures, last_failure_at)
        values (${slot.key}, ${slot.userId}, 1, now())
        on conflict (key) do update set
          failures = case when b.last_failure_at < now() - make_interval(mins => ${r.forgetMinutes}) then 1
                          else b.failures + 1 end,
          last_failure_at = now(),
          user_id = coalesce(excluded.user_id, b.user_id),
          blocked_until = null
        where b.blocked_until is null or b.blocked_until <= now()
        returning failures`,
  );
  if (!taken) {
    const row = await one<{ wait: number }>(
      tx,
      sql`select extract(epoch from blocked_until - now())::float8 as wait from login_backoff where key = ${slot.key}`,
    );
    throw new AppError('TOO_MANY_ATTEMPTS', waitMessage(Number(row?.wait ?? 1)));
  }
  const wait = delaySeconds(slot.kind, Number(taken.failures));
  if (wait > 0) {
    await tx.execute(
      sql`update login_backoff set blocked_until = now() + make_interval(secs => ${wait}) where key = ${slot.key}`,
    );
  }
}

/**
 * Counts this attempt as a failure on every slot before the password is checked, so a burst of
 * parallel guesses is counted as it arrives; refuses with 429 (counting nothing) while any slot waits.
 */
export async function takeAttempt(db: Db, slots: Slot[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const slot of slots) await takeOne(tx, slot);
  });
}

/**
 * The attempt was right after all: the name+address and device counters start again; the wider
 * ones only give back this attempt (an attacker elsewhere keeps their wait).
 */
export async function attemptSucceeded(db: Db, slots: Slot[]): Promise<void> {
  for (const slot of slots) {
    if (slot.kind === 'nameAddress' || slot.kind === 'device') {
      await db.execute(sql`delete from login_backoff where key = ${slot.key}`);
    } else {
      const free = BACKOFF[slot.kind].free;
      await db.execute(
        sql`update login_backoff set failures = greatest(failures - 1, 0),
              blocked_until = case when failures - 1 <= ${free} then null else blocked_until end
            where key = ${slot.key}`,
      );
    }
  }
  // Counters nobody has touched for a day are dead weight.
  await db.execute(sql`delete from login_backoff where last_failure_at < now() - interval '1 day'`);
}
