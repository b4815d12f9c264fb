// PostgreSQL going away under a running server (a restart, a failover, a dropped database) must
// not crash it: lost connections are discarded and the next query reconnects. PostgreSQL runs only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_SECRET } from '../../test/harness.js';
import { adminQuery, httpLogin, ROOT, startServer } from '../../test/server-process.js';
import { resilientPool } from './client.js';

const base = process.env.SHIXUN_TEST_PG;

interface Cluster {
  url: string;
  stop(): void;
  serverStop(): void;
  serverStart(): void;
}
interface PgScripts {
  findPgBin(): string | null;
  startCluster(opts: { quiet?: boolean }): Promise<Cluster>;
}
const pgScripts = (): Promise<PgScripts> => import(path.join(ROOT, 'scripts/lib/pg.mjs')) as Promise<PgScripts>;

const until = async (check: () => Promise<boolean>, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe.skipIf(!base)('connections lost under a running server (PostgreSQL)', () => {
  it('a pool survives its connections being terminated, idle or checked out, and reconnects', async () => {
    const lost: string[] = [];
    const pool = resilientPool({ connectionString: base, max: 4 }, 'test', (_err, where) => lost.push(where));
    const busy = await pool.connect(); // as in a transaction, between two statements
    try {
      const idle = await pool.connect();
      const pids = [busy, idle].map(async (c) => (await c.query('select pg_backend_pid() as pid')).rows[0].pid);
      const [busyPid, idlePid] = await Promise.all(pids);
      idle.release();
      await adminQuery(
        base!,
        `select pg_terminate_backend(pid) from pg_stat_activity where pid in (${busyPid}, ${idlePid})`,
      );
      await until(async () => lost.length >= 2, 10_000, 'both connections to report the loss');
      expect(lost).toEqual(['test', 'test']); // one line each
      await expect(busy.query('select 1')).rejects.toThrow();
    } finally {
      busy.release(true);
    }
    try {
      expect((await pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });
});

describe.skipIf(!base)('the server across a PostgreSQL restart', () => {
  let cluster: Cluster | undefined;
  let dataDir: string | undefined;
  afterAll(() => {
    cluster?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps running while PostgreSQL is down and serves again once it is back, without a restart', async () => {
    const scripts = await pgScripts();
    if (!scripts.findPgBin()) throw new Error('PostgreSQL server binaries are needed for this test');
    // Its own cluster: stopping the one the other test files use would break them.
    cluster = await scripts.startCluster({ quiet: true });
    await adminQuery(cluster.url, 'create database shixun');
    const url = cluster.url.replace(/\/postgres$/, '/shixun');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-restart-'));
    const server = await startServer({
      DATABASE_URL: url,
      SHIXUN_SECRET: TEST_SECRET,
      SHIXUN_DATA_DIR: dataDir,
      SHIXUN_JOBS: 'true', // pg-boss polls the database too
    });
    try {
      expect(server.output()).toContain('已启动');
      const cookie = await httpLogin(server.url);
      const get = (p: string) => fetch(`${server.url}${p}`, { headers: { cookie } });
      // Several requests at once, so the pool holds several idle connections to lose.
      const warm = await Promise.all(Array.from({ length: 6 }, () => get('/api/schools')));
      expect(warm.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);

      cluster.serverStop();
      // Requests fail while the database is down, in the envelope, and the process stays up.
      const down = await get('/api/schools');
      expect(down.status).toBe(500);
      expect(((await down.json()) as { error: { code: string } }).error.code).toBe('INTERNAL');
      await new Promise((r) => setTimeout(r, 3000)); // pg-boss polls and fails meanwhile
      expect(server.child.exitCode).toBeNull();

      cluster.serverStart();
      await until(async () => (await fetch(`${server.url}/api/health`)).status === 200, 30_000, 'health');
      const again = await get('/api/schools');
      expect(again.status).toBe(200); // the session, kept in the database, is still valid
      expect(server.child.exitCode).toBeNull();
      expect(server.output()).toContain('数据库连接中断');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 180_000);
});
