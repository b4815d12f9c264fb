// The real server (src/main.ts under tsx) as a child process, for what only a process shows:
// refusing to start, start-up repairs after kill -9, surviving a database restart, backup and
// restore. The database is a fresh PGlite data directory or a fresh PostgreSQL database, per run.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { TEST_SECRET } from './harness.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'server/src/main.ts');
/** The admin account of a server started with SHIXUN_DEMO=false. */
export const ADMIN_PASSWORD = 'Kx7-platform-test-2026';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Servers still running: killed when the test process exits, so a failed test leaves none behind. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** SIGTERM and wait. */
  stop(): Promise<number | null>;
  /** SIGKILL (kill -9) and wait. */
  kill9(): Promise<number | null>;
}

/**
 * Starts the server and waits until it listens, or until it exits (then `exited` has settled and
 * `url` answers nothing: look at `output()`).
 */
export async function startServer(env: Record<string, string | undefined>, timeoutMs = 90_000): Promise<ServerProcess> {
  const port = await freePort();
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SHIXUN_DEMO: 'false',
      SHIXUN_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SHIXUN_LOG_LEVEL: 'warn',
      SHIXUN_JOBS: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  live.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (!ended && !out.includes('已启动')) {
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start in ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (!ended) child.kill(signal);
    return exited;
  };
  return { url, child, output: () => out, exited, stop: () => end('SIGTERM'), kill9: () => end('SIGKILL') };
}

/** A database for one server run: its environment and a clean-up. */
export interface ServerDatabase {
  kind: 'pglite' | 'postgres';
  env: Record<string, string>;
  /** The PGlite data directory (also holds attachments and secret.key in both modes). */
  dataDir: string;
  /** PostgreSQL only. */
  databaseUrl?: string;
  dispose(): Promise<void>;
}

/** A fresh, empty database of the kind this test run uses (SHIXUN_TEST_PG → PostgreSQL). */
export async function serverDatabase(): Promise<ServerDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-proc-'));
  const base = process.env.SHIXUN_TEST_PG;
  if (!base) {
    return {
      kind: 'pglite',
      env: { SHIXUN_DATA_DIR: dataDir },
      dataDir,
      async dispose() {
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `shixun_p_${randomBytes(6).toString('hex')}`;
  await adminQuery(base, `create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    kind: 'postgres',
    env: { SHIXUN_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SHIXUN_SECRET: TEST_SECRET },
    dataDir,
    databaseUrl,
    async dispose() {
      await adminQuery(base, `drop database if exists ${name} with (force)`).catch(() => {});
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function adminQuery(connectionString: string, query: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString });
  c.on('error', () => {});
  await c.connect();
  try {
    return await c.query(query);
  } finally {
    await c.end().catch(() => {});
  }
}

/** Logs in over HTTP and returns the session cookie. */
export async function httpLogin(url: string, username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0]!;
}
