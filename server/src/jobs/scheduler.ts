// The daily job scheduler: pg-boss cron (Asia/Shanghai) wakes one worker per job each day; the
// worker claims (name, day) in job_runs, so a job runs exactly once per day however many instances
// share the database. On start, jobs whose time has already passed today are caught up (a restart
// or a deploy never skips a day), and a failed run may be retried by the next trigger.
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import { type Db, one } from '../db/client.js';
import type { Deps } from '../deps.js';
import { storageOf } from '../modules/attachments/attachments.routes.js';
import { removeStaleUploads } from '../modules/attachments/attachments.service.js';
import { type DailyJob, dailyJobs } from './index.js';
import { type BossDb, pgliteBossDb } from './pglite-adapter.js';
import { shanghaiDay, shanghaiMinutes, TIME_ZONE } from './time.js';

export { shanghaiDay, TIME_ZONE };

const QUEUE_PREFIX = 'shixun-daily-';

function parseAt(at: string): { h: number; m: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(at);
  if (!m) throw new Error(`daily job time must be HH:MM, got ${at}`);
  return { h: Number(m[1]), m: Number(m[2]) };
}

export type RunOutcome = 'ran' | 'skipped' | 'failed';

/**
 * Runs a job for a day unless another run has claimed it. A claim is retaken when the earlier run
 * failed, or when it has been "running" for over two hours (its instance died).
 */
export async function runDailyJob(db: Db, job: DailyJob, day: string, instance: string): Promise<RunOutcome> {
  const claimed = await one<{ name: string }>(
    db,
    sql`insert into job_runs (name, day, instance) values (${job.name}, ${day}, ${instance})
        on conflict (name, day) do update
          set status = 'running', instance = excluded.instance, started_at = now(), finished_at = null, error = null
          where job_runs.status = 'failed'
             or (job_runs.status = 'running' and job_runs.started_at < now() - interval '2 hours')
        returning name`,
  );
  if (!claimed) return 'skipped';
  try {
    await job.run(db, day);
    await db.execute(
      sql`update job_runs set status = 'done', finished_at = now() where name = ${job.name} and day = ${day}`,
    );
    return 'ran';
  } catch (err) {
    const message = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
    await db.execute(
      sql`update job_runs set status = 'failed', finished_at = now(), error = ${message.slice(0, 4000)}
          where name = ${job.name} and day = ${day}`,
    );
    return 'failed';
  }
}

export interface Scheduler {
  start(): Promise<void>;
  /** Stops taking work and waits (up to 10 s) for a running job. */
  stop(): Promise<void>;
  /** Runs one job for a day now, through the same claim (used by workers, catch-up and tests). */
  fire(name: string, day?: string): Promise<RunOutcome>;
  /** Sends a job to its pg-boss queue (any instance's worker picks it up). */
  trigger(name: string, day?: string): Promise<void>;
  readonly jobs: readonly DailyJob[];
}

/** Jobs that need more than the database: built here from deps. */
export function systemJobs(deps: Deps): DailyJob[] {
  return [
    {
      name: 'attachments-cleanup',
      at: '03:30',
      run: async (db) => {
        await removeStaleUploads(db, storageOf(deps));
      },
    },
  ];
}

export interface SchedulerOptions {
  jobs?: DailyJob[];
  log?: { info(msg: string): void; error(obj: unknown, msg?: string): void };
  /** Worker polling interval (seconds); pg-boss's default is 2. */
  pollingIntervalSeconds?: number;
  /** Run jobs whose time has passed today on start (default true). */
  catchUp?: boolean;
}

export function createScheduler(deps: Deps, opts: SchedulerOptions = {}): Scheduler {
  const jobs = opts.jobs ?? [...dailyJobs, ...systemJobs(deps)];
  for (const j of jobs) parseAt(j.at);
  const byName = new Map(jobs.map((j) => [j.name, j]));
  const instance = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const log = opts.log ?? { info: () => {}, error: () => {} };
  let boss: PgBoss | undefined;
  let catchUp: Promise<unknown> | undefined;

  const bossDb = (): BossDb => {
    const { database } = deps;
    if (database.kind === 'pglite') return pgliteBossDb(database.pglite!);
    const pool = database.pool!;
    return { executeSql: (text, values) => pool.query(text, values as unknown[]) };
  };

  const fire = async (name: string, day = shanghaiDay()) => {
    const job = byName.get(name);
    if (!job) throw new Error(`unknown daily job: ${name}`);
    const outcome = await runDailyJob(deps.db, job, day, instance);
    if (outcome !== 'skipped') log.info(`定时任务 ${name} ${day}: ${outcome}`);
    return outcome;
  };

  return {
    jobs,
    fire,
    async start() {
      boss = new PgBoss({ db: bossDb() as PgBoss.Db, schema: 'pgboss' });
      boss.on('error', (err) => log.error(err, 'pg-boss'));
      await boss.start();
      for (const job of jobs) {
        const queue = QUEUE_PREFIX + job.name;
        if (!(await boss.getQueue(queue))) {
          await boss
            .createQueue(queue, { name: queue, policy: 'standard', retryLimit: 3, retryDelay: 60 })
            .catch(async (err) => {
              if (!(await boss!.getQueue(queue))) throw err; // another instance created it meanwhile
            });
        }
        const { h, m } = parseAt(job.at);
        await boss.schedule(queue, `${m} ${h} * * *`, {}, { tz: TIME_ZONE });
        await boss.work<{ day?: string }>(
          queue,
          { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 },
          async ([j]) => {
            const outcome = await fire(job.name, j?.data?.day ?? shanghaiDay());
            if (outcome === 'failed') throw new Error(`定时任务 ${job.name} 失败（详见 job_runs）`);
          },
        );
      }
      if (opts.catchUp !== false) {
        const now = shanghaiMinutes();
        const due = jobs.filter((j) => {
          const { h, m } = parseAt(j.at);
          return h * 60 + m <= now;
        });
        catchUp = Promise.allSettled(due.map((j) => fire(j.name)));
      }
    },
    async trigger(name, day = shanghaiDay()) {
      if (!boss) throw new Error('scheduler not started');
      if (!byName.has(name)) throw new Error(`unknown daily job: ${name}`);
      await boss.send(QUEUE_PREFIX + name, { day });
    },
    async stop() {
      if (!boss) return;
      const b = boss;
      boss = undefined;
      await b.stop({ graceful: true, wait: true, timeout: 10_000, close: false });
      await catchUp;
    },
  };
}
