import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../test/harness.js';
import { type Database, one, openDatabase, rows } from '../db/client.js';
import type { Deps } from '../deps.js';
import type { DailyJob } from './index.js';
import { createScheduler, runDailyJob, type Scheduler, shanghaiDay } from './scheduler.js';

let t: TestContext;
/** A second "server process" on the same database: its own connection pool on PostgreSQL. */
let second: { deps: Deps; close(): Promise<void> };

beforeAll(async () => {
  t = await createTestApp();
  const d = t.deps.database;
  if (d.kind === 'postgres') {
    const url = (d.pool as unknown as { options: { connectionString: string } }).options.connectionString;
    const db2: Database = await openDatabase({ databaseUrl: url });
    second = { deps: { ...t.deps, database: db2, db: db2.db, read: db2.read }, close: () => db2.close() };
  } else {
    second = { deps: t.deps, close: async () => {} }; // PGlite: one embedded database per process
  }
});
afterAll(async () => {
  await second.close();
  await t.close();
});

function counterJob(name: string, at = '23:59', fail = { times: 0 }) {
  const runs: string[] = [];
  const job: DailyJob = {
    name,
    at,
    run: async (_db, day) => {
      await new Promise((r) => setTimeout(r, 50)); // long enough for the two claims to overlap
      if (fail.times-- > 0) throw new Error('模拟失败');
      runs.push(day);
    },
  };
  return { job, runs };
}

async function until(check: () => Promise<boolean>, ms = 30_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out waiting');
}

const runRow = (name: string, day: string) =>
  one<{ status: string; error: string | null }>(
    t.deps.db,
    sql`select status, error from job_runs where name = ${name} and day = ${day}`,
  );

describe('daily jobs', () => {
  it('computes the Asia/Shanghai day', () => {
    expect(shanghaiDay(new Date('2026-11-24T15:59:00Z'))).toBe('2026-11-24');
    expect(shanghaiDay(new Date('2026-11-24T16:00:00Z'))).toBe('2026-11-25');
  });

  it('runs exactly once when two instances fire the same day at the same time', async () => {
    const { job, runs } = counterJob('same-day');
    const a = createScheduler(t.deps, { jobs: [job] });
    const b = createScheduler(second.deps, { jobs: [job] });
    const outcomes = await Promise.all([
      a.fire('same-day', '2026-11-23'),
      b.fire('same-day', '2026-11-23'),
      a.fire('same-day', '2026-11-23'),
      b.fire('same-day', '2026-11-23'),
    ]);
    expect(outcomes.filter((o) => o === 'ran')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'skipped')).toHaveLength(3);
    expect(runs).toEqual(['2026-11-23']);
    expect(await runRow('same-day', '2026-11-23')).toEqual({ status: 'done', error: null });
    // The next day is a new run.
    expect(await b.fire('same-day', '2026-11-24')).toBe('ran');
    expect(runs).toEqual(['2026-11-23', '2026-11-24']);
  });

  it('records a failure and lets the next trigger retry it, once', async () => {
    const { job, runs } = counterJob('flaky', '23:59', { times: 1 });
    expect(await runDailyJob(t.deps.db, job, '2026-11-23', 'x')).toBe('failed');
    expect(await runRow('flaky', '2026-11-23')).toMatchObject({ status: 'failed' });
    expect((await runRow('flaky', '2026-11-23'))?.error).toContain('模拟失败');
    expect(await runDailyJob(t.deps.db, job, '2026-11-23', 'y')).toBe('ran');
    expect(await runDailyJob(t.deps.db, job, '2026-11-23', 'z')).toBe('skipped');
    expect(runs).toEqual(['2026-11-23']);
  });
});

describe('pg-boss', () => {
  const started: Scheduler[] = [];
  afterAll(async () => {
    for (const s of started) await s.stop();
  });

  it('delivers queued runs to workers on two instances and still runs once per day', async () => {
    const { job, runs } = counterJob('boss-job');
    const a = createScheduler(t.deps, { jobs: [job], catchUp: false, pollingIntervalSeconds: 0.5 });
    const b = createScheduler(second.deps, { jobs: [job], catchUp: false, pollingIntervalSeconds: 0.5 });
    started.push(a, b);
    await a.start();
    await b.start();
    await Promise.all([a.trigger('boss-job', '2026-11-20'), b.trigger('boss-job', '2026-11-20')]);
    await until(async () => {
      const r = await one<{ n: number }>(
        t.deps.db,
        sql`select count(*)::int as n from pgboss.job where name = 'shixun-daily-boss-job' and state = 'completed'`,
      );
      return (r?.n ?? 0) >= 2;
    });
    expect(runs).toEqual(['2026-11-20']);
    // The cron schedule is registered in the local time zone.
    const sched = await rows<{ cron: string; timezone: string }>(
      t.deps.db,
      sql`select cron, timezone from pgboss.schedule where name = 'shixun-daily-boss-job'`,
    );
    expect(sched).toEqual([{ cron: '59 23 * * *', timezone: 'Asia/Shanghai' }]);
  });

  it('catches up a job whose time has passed today on start, and not again after a restart', async () => {
    const { job, runs } = counterJob('catch-up', '00:00');
    const a = createScheduler(t.deps, { jobs: [job] });
    started.push(a);
    await a.start();
    await until(async () => (await runRow('catch-up', shanghaiDay()))?.status === 'done');
    await a.stop();
    const again = createScheduler(second.deps, { jobs: [job] });
    started.push(again);
    await again.start();
    await again.stop(); // waits for the catch-up attempt
    expect(runs).toEqual([shanghaiDay()]);
  });
});
