// Import progress in the `jobs` table, so any instance can answer GET /api/jobs/:id.
// Progress writes are best-effort and never awaited on the hot path: during the commit the
// import holds a transaction, and on PGlite (one connection) an awaited write outside it would
// wait for that transaction forever. Writes queue instead and land as soon as they can.
import type { Job } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { jobScope } from '../../access/scope.js';
import { type Db, one } from '../../db/client.js';
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
  const finish = async (status: 'done' | 'failed', message: string) => {
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

export async function getJob(db: Db, actor: Actor, id: string): Promise<Job> {
  const row = await one<{
    id: string;
    kind: string;
    status: Job['status'];
    phase: string | null;
    total: number;
    processed: number;
    message: string | null;
  }>(
    db,
    sql`select id, kind, status, phase, total, processed, message from jobs
        where id = ${id} and ${jobScope(actor.user, 'jobs')}`,
  );
  if (!row) throw notFound('任务');
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    phase: row.phase,
    total: Number(row.total),
    processed: Number(row.processed),
    message: row.message,
  };
}

/** Lets queued I/O (progress writes, polls) through during long CPU-bound loops. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
