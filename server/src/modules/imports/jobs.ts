// Progress of imports and other long work (batches of certificate PDFs) in the `jobs` table, so any
// instance can answer GET /api/jobs/:id.
// Progress writes are best-effort and never awaited on the hot path: during the commit the
// import holds a transaction, and on PGlite (one connection) an awaited write outside it would
// wait for that transaction forever. Writes queue instead and land as soon as they can.
import type { Job, JobListItem } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { jobScope } from '../../access/scope.js';
import { type Database, type Db, one, rows } from '../../db/client.js';
import type { Actor } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';

export const PHASE_PARSE = '解析文件';
export const PHASE_VALIDATE = '校验数据';
export const PHASE_WRITE = '写入数据库';

export interface JobReporter {
  phase(name: string, total?: number): void;
  progress(processed: number): void;
  /** Waits for queued writes (never call inside the import's transaction). */
  flush(): Promise<void>;
  done(message: string): Promise<void>;
  fail(message: string): Promise<void>;
}

const noop: JobReporter = {
  phase() {},
  progress() {},
  flush: async () => {},
  done: async () => {},
  fail: async () => {},
};

const MIN_INTERVAL_MS = 200;
/** A running job touches its row at least this often, so a row left behind is recognisably stale. */
export const HEARTBEAT_MS = 30_000;
/** A running job not touched for this long belongs to a process that is gone (kill -9, power loss). */
export const STALE_AFTER_SECONDS = 120;
/** The heartbeat gives up after this long: no import runs for hours. */
const HEARTBEAT_MAX_MS = 6 * 3600_000;

export const INTERRUPTED_MESSAGE =
  '导入中断：服务器在处理期间停止运行（如重启、断电或进程被终止），本次未写入任何数据，请重新导入';
/** The same for a batch of certificate PDFs (kinds `certificates.*`): nothing was stored. */
export const BATCH_INTERRUPTED_MESSAGE =
  '证书生成中断：服务器在处理期间停止运行（如重启、断电或进程被终止），未生成文件，请重新生成';

/** A stale job's message by its kind (an import, or a batch of certificates). */
const interruptedMessage = sql`case when kind like 'certificates.%' then ${BATCH_INTERRUPTED_MESSAGE}
  else ${INTERRUPTED_MESSAGE} end`;

/**
 * Creates (or restarts, for the same owner) the job row and returns a reporter for it.
 * Without a job id the reporter does nothing.
 */
export async function openJob(db: Db, actor: Actor, jobId: string | undefined, kind: string): Promise<JobReporter> {
  if (!jobId) return noop;
  const row = await one<{ user_id: number }>(
    db,
    sql`insert into jobs (id, region_id, user_id, kind, status, phase, total, processed, message)
        values (${jobId}, ${actor.user.regionId}, ${actor.user.id}, ${kind}, 'running', ${PHASE_PARSE}, 0, 0, null)
        on conflict (id) do update set status = 'running', phase = excluded.phase, total = 0, processed = 0,
          message = null, kind = excluded.kind, updated_at = now()
        where jobs.user_id = excluded.user_id
        returning user_id`,
  );
  if (!row) throw new AppError('CONFLICT', '任务编号已被占用，请重新发起导入');

  const state = { phase: PHASE_PARSE, total: 0, processed: 0 };
  let inflight: Promise<void> | null = null;
  let dirty = false;
  let lastWrite = 0;

  const write = () => {
    const { phase, total, processed } = state;
    lastWrite = Date.now();
    dirty = false;
    inflight = db
      .execute(
        sql`update jobs set phase = ${phase}, total = ${total}, processed = ${processed}, updated_at = now()
            where id = ${jobId} and status = 'running'`,
      )
      .then(
        () => {},
        () => {}, // progress is advisory; the final status write reports real failures
      )
      .then(() => {
        inflight = null;
        if (dirty && Date.now() - lastWrite >= MIN_INTERVAL_MS) write();
      });
  };
  const schedule = (force: boolean) => {
    dirty = true;
    if (!inflight && (force || Date.now() - lastWrite >= MIN_INTERVAL_MS)) write();
  };
  // The heartbeat: with no progress to report (a long parse, a long write on another connection)
  // the row is still touched, so only rows of processes that are gone become stale.
  const started = Date.now();
  const heartbeat = setInterval(() => {
    if (Date.now() - started > HEARTBEAT_MAX_MS) clearInterval(heartbeat);
    else schedule(true);
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const finish = async (status: 'done' | 'failed', message: string) => {
    clearInterval(heartbeat);
    while (inflight) await inflight;
    await db.execute(
      sql`update jobs set status = ${status}, message = ${message}, phase = ${state.phase}, total = ${state.total},
            processed = ${status === 'done' ? state.total : state.processed}, updated_at = now()
          where id = ${jobId}`,
    );
  };

  return {
    phase(name, total = 0) {
      state.phase = name;
      state.total = total;
      state.processed = 0;
      schedule(true);
    },
    progress(processed) {
      state.processed = processed;
      schedule(false);
    },
    async flush() {
      while (inflight) await inflight;
      if (dirty) {
        write();
        while (inflight) await inflight;
      }
    },
    done: (message) => finish('done', message),
    fail: (message) => finish('failed', message.slice(0, 500)),
  };
}

type JobRow = {
  id: string;
  kind: string;
  status: Job['status'];
  phase: string | null;
  total: number;
  processed: number;
  message: string | null;
  created_at: string;
  updated_at: string;
};

const JOB_COLUMNS = sql`id, kind, status, phase, total, processed, message, created_at::text as created_at,
  updated_at::text as updated_at`;

const toJob = (row: JobRow): Job => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  phase: row.phase,
  total: Number(row.total),
  processed: Number(row.processed),
  message: row.message,
});

const toListItem = (row: JobRow): JobListItem => ({
  ...toJob(row),
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

/** Fails the caller's running jobs whose process is gone (no heartbeat for STALE_AFTER_SECONDS). */
async function failStale(db: Db, actor: Actor) {
  await db.execute(
    sql`update jobs set status = 'failed', message = ${interruptedMessage}, updated_at = now()
        where ${jobScope(actor.user, 'jobs')} and status = 'running'
          and updated_at < now() - make_interval(secs => ${STALE_AFTER_SECONDS})`,
  );
}

export async function getJob(db: Db, actor: Actor, id: string): Promise<Job> {
  await failStale(db, actor);
  const row = await one<JobRow>(
    db,
    sql`select ${JOB_COLUMNS} from jobs
        where id = ${id} and ${jobScope(actor.user, 'jobs')}`,
  );
  if (!row) throw notFound('任务');
  return toJob(row);
}

/** The caller's most recent jobs of one kind (the import pages show them, failed ones included). */
export async function listJobs(db: Db, actor: Actor, kind: string, limit: number): Promise<JobListItem[]> {
  await failStale(db, actor);
  const list = await rows<JobRow>(
    db,
    sql`select ${JOB_COLUMNS} from jobs
        where ${jobScope(actor.user, 'jobs')} and kind = ${kind}
        order by created_at desc, id limit ${limit}`,
  );
  return list.map(toListItem);
}

/**
 * At start-up: jobs left "running" by a process that died (kill -9, power loss) are failed with a
 * message saying so. An import writes in one transaction, so nothing of theirs was written.
 * PGlite: one process owns the data directory, so every running job is an orphan. PostgreSQL:
 * other instances may be importing right now; only jobs without a recent heartbeat are failed.
 */
export async function failInterruptedJobs(database: Pick<Database, 'db' | 'kind'>): Promise<number> {
  const stale =
    database.kind === 'pglite' ? sql`true` : sql`updated_at < now() - make_interval(secs => ${STALE_AFTER_SECONDS})`;
  const failed = await rows<{ id: string }>(
    database.db,
    sql`update jobs set status = 'failed', message = ${interruptedMessage}, updated_at = now()
        where status = 'running' and ${stale} returning id`,
  );
  return failed.length;
}

/** Lets queued I/O (progress writes, polls) through during long CPU-bound loops. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
