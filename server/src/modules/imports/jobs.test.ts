// Import jobs left "running" by a process that died: failed at start-up and when read, with a
// message; the import pages list the caller's recent jobs.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { one, sql } from '../../db/client.js';
import { loadCurrentUser } from '../../http/auth.js';
import {
  BATCH_INTERRUPTED_MESSAGE,
  failInterruptedJobs,
  HEARTBEAT_MS,
  INTERRUPTED_MESSAGE,
  openJob,
  STALE_AFTER_SECONDS,
} from './jobs.js';

let t: TestContext;
let w: World;
let county: string;
let countyId: number;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  county = await loginAs(t.app, w.users.county);
  countyId = (await one<{ id: number }>(t.deps.db, sql`select id from users where username = ${w.users.county}`))!.id;
});
afterAll(() => t?.close());

/** A job row as an import leaves it: running, last touched `ageSeconds` ago. */
async function runningJob(ageSeconds: number, kind = 'teachers.import'): Promise<string> {
  const id = randomUUID();
  await t.deps.db.execute(
    sql`insert into jobs (id, region_id, user_id, kind, status, phase, total, processed, updated_at)
        values (${id}, ${w.regionId}, ${countyId}, ${kind}, 'running', '写入数据库', 5000, 1200,
                now() - make_interval(secs => ${ageSeconds}))`,
  );
  return id;
}

const status = async (id: string) =>
  (await one<{ status: string; message: string | null }>(
    t.deps.db,
    sql`select status, message from jobs where id = ${id}`,
  ))!;

describe('interrupted jobs', () => {
  it('start-up on PGlite fails every running job (one process owns the data directory)', async () => {
    const fresh = await runningJob(1);
    const old = await runningJob(3600);
    expect(await failInterruptedJobs({ db: t.deps.db, kind: 'pglite' })).toBe(2);
    for (const id of [fresh, old]) expect(await status(id)).toEqual({ status: 'failed', message: INTERRUPTED_MESSAGE });
  });

  it('start-up on PostgreSQL fails only jobs without a recent heartbeat (other instances may be importing)', async () => {
    const fresh = await runningJob(5);
    const old = await runningJob(STALE_AFTER_SECONDS + 60);
    expect(await failInterruptedJobs({ db: t.deps.db, kind: 'postgres' })).toBe(1);
    expect((await status(fresh)).status).toBe('running');
    expect(await status(old)).toEqual({ status: 'failed', message: INTERRUPTED_MESSAGE });
  });

  it('a batch of certificates cut off says so, not that an import wrote nothing', async () => {
    const id = await runningJob(STALE_AFTER_SECONDS + 1, 'certificates.zip');
    const res = await t.app.inject({ url: `/api/jobs/${id}`, headers: { cookie: county } });
    expect(res.json()).toMatchObject({ id, status: 'failed', message: BATCH_INTERRUPTED_MESSAGE });
  });

  it('polling a job whose process is gone reports it failed; the import page lists it', async () => {
    const id = await runningJob(STALE_AFTER_SECONDS + 1);
    const res = await t.app.inject({ url: `/api/jobs/${id}`, headers: { cookie: county } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'failed', message: INTERRUPTED_MESSAGE, phase: '写入数据库' });

    const list = await t.app.inject({ url: '/api/jobs?kind=teachers.import&limit=50', headers: { cookie: county } });
    expect(list.statusCode).toBe(200);
    const mine = list.json().items.find((j: { id: string }) => j.id === id);
    expect(mine).toMatchObject({ status: 'failed', message: INTERRUPTED_MESSAGE, kind: 'teachers.import' });
    expect(Date.parse(mine.createdAt)).toBeGreaterThan(0);
    // Only the caller's own jobs of that kind.
    const other = await loginAs(t.app, w.users.schoolA);
    const theirs = await t.app.inject({ url: '/api/jobs?kind=teachers.import', headers: { cookie: other } });
    expect(theirs.json().items).toEqual([]);
    const schools = await t.app.inject({ url: '/api/jobs?kind=schools.import', headers: { cookie: county } });
    expect(schools.json().items.some((j: { id: string }) => j.id === id)).toBe(false);
  });

  it('a live job keeps its row fresh with a heartbeat, so it is never taken for an orphan', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const user = await loadCurrentUser(t.deps.db, countyId);
      const id = randomUUID();
      const job = await openJob(t.deps.db, { user, ip: null, userAgent: null }, id, 'teachers.import');
      await t.deps.db.execute(sql`update jobs set updated_at = now() - interval '1 hour' where id = ${id}`);
      vi.advanceTimersByTime(HEARTBEAT_MS + 10);
      await job.flush();
      const age = await one<{ s: number }>(
        t.deps.db,
        sql`select extract(epoch from now() - updated_at)::int as s from jobs where id = ${id}`,
      );
      expect(age!.s).toBeLessThan(STALE_AFTER_SECONDS);
      expect(await failInterruptedJobs({ db: t.deps.db, kind: 'postgres' })).toBe(0);
      await job.done('导入完成');
    } finally {
      vi.useRealTimers();
    }
  });
});
