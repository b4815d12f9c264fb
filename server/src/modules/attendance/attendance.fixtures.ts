// Test fixtures for attendance: trainer accounts linked to the trainer pool, sessions placed
// relative to the real clock (the server checks windows against it), tokens from the stored secret.
import { sql } from 'drizzle-orm';
import type { World } from '../../../test/harness.js';
import { createSession } from '../../../test/training.js';
import { one } from '../../db/client.js';
import type { App, Deps } from '../../deps.js';
import { hashPassword } from '../../lib/password.js';
import { currentToken, slotOf, tokenFor } from './qr.js';

let trainerSeq = 0;
let hash: string | undefined;
export const passwordHash = async () => (hash ??= await hashPassword('Passw0rd!'));

/** A `trainer` account in the pool, optionally teaching projects. Returns its username. */
export async function createTrainer(deps: Deps, w: Pick<World, 'regionId'>, projectIds: number[] = []) {
  const n = ++trainerSeq;
  const username = `trainer${w.regionId}x${n}`;
  const u = await one<{ id: number }>(
    deps.db,
    sql`insert into users (region_id, username, display_name, role, password_hash)
        values (${w.regionId}, ${username}, ${`专家${n}`}, 'trainer', ${await passwordHash()}) returning id`,
  );
  const tr = await one<{ id: number }>(
    deps.db,
    sql`insert into trainers (region_id, kind, user_id, name, organisation)
        values (${w.regionId}, 'external', ${u!.id}, ${`专家${n}`}, '师范学院') returning id`,
  );
  for (const p of projectIds) {
    await deps.db.execute(sql`insert into project_trainers (project_id, trainer_id) values (${p}, ${tr!.id})`);
  }
  return { username, userId: u!.id, trainerId: tr!.id };
}

/** A session starting `startMin` minutes from now (negative = already started). */
export function sessionAt(deps: Deps, w: Pick<World, 'regionId'>, projectId: number, startMin: number, minutes = 90) {
  return createSession(deps, w, projectId, new Date(Date.now() + startMin * 60_000), minutes, `课次${startMin}`);
}

async function secretOf(deps: Deps, sessionId: number) {
  const r = await one<{ qr_secret: string }>(
    deps.db,
    sql`select qr_secret from project_sessions where id = ${sessionId}`,
  );
  return r!.qr_secret;
}

/** The token a trainer's screen shows now (read from the stored secret, so it works outside the window too). */
export async function tokenNow(deps: Deps, sessionId: number) {
  return currentToken(await secretOf(deps, sessionId), sessionId, Date.now()).token;
}

/** A token `back` slots old (2 or more = rotated out, whatever the clock does meanwhile). */
export async function tokenSlotsBack(deps: Deps, sessionId: number, back: number) {
  return tokenFor(await secretOf(deps, sessionId), sessionId, slotOf(Date.now()) - back);
}

export function checkin(app: App, cookie: string, sessionId: number, token: string) {
  return app.inject({
    method: 'POST',
    url: '/api/checkin',
    headers: { cookie, 'user-agent': 'Mozilla/5.0 (iPhone) TestPhone/1.0' },
    payload: { sessionId, token },
  });
}
