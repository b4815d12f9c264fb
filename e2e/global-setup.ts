// Builds the app if its sources changed, starts it on a free port with a fresh data directory
// (demo county seeded on first start) and hands the URL to the tests. E2E_BASE_URL skips all that
// and targets a server you already run.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureBuilt } from '../scripts/lib/build.mjs';
import { freePort, ROOT } from '../scripts/lib/util.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** One server per test worker (VITEST_POOL_ID picks it). */
    baseURLs: string[];
  }
}

async function waitForHealth(url: string, server: ChildProcess, logFile: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
  throw new Error(`server did not become healthy at ${url} (exit code ${server.exitCode}):\n${tail}`);
}

export default async function setup(project: TestProject) {
  if (process.env.E2E_BASE_URL) {
    project.provide('baseURLs', [process.env.E2E_BASE_URL.replace(/\/$/, '')]);
    return;
  }
  await ensureBuilt();
  fs.mkdirSync(path.join(ROOT, 'e2e/screenshots'), { recursive: true });
  // One server (and demo county) per test worker: the files of a worker run one after another on
  // theirs, as they always did; two workers halve the wall time, since the tests mostly wait.
  // The demo county is seeded once, by a first server that is then stopped; every worker's server
  // starts on its own copy of that data directory. Seeding twice at once on a busy two-core
  // machine was what made start-up slow enough to trip the health wait.
  const count = Math.max(1, Number(process.env.SHIXUN_E2E_SERVERS ?? 2));
  const seeded = await startServer();
  await seeded.stop({ keepData: true });
  const servers = await Promise.all(Array.from({ length: count }, () => startServer(seeded.dataDir)));
  fs.rmSync(seeded.root, { recursive: true, force: true });
  project.provide(
    'baseURLs',
    servers.map((s) => s.url),
  );
  return async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
}

interface Server {
  url: string;
  /** The temporary directory holding the app copy, the log and the data directory. */
  root: string;
  dataDir: string;
  stop: (opts?: { keepData?: boolean }) => Promise<void>;
}

/** Starts the built app on a fresh directory, seeding the demo county or starting on a copy of `seededData`. */
async function startServer(seededData?: string): Promise<Server> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-e2e-'));
  const root = dataDir;
  if (seededData) fs.cpSync(seededData, path.join(dataDir, 'data'), { recursive: true });
  const logFile = path.join(dataDir, 'server.log');
  const out = fs.openSync(logFile, 'a');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    SHIXUN_DATA_DIR: path.join(dataDir, 'data'),
    SHIXUN_DEMO: 'true',
    SHIXUN_LOG_LEVEL: 'warn',
  };
  // The browser tests always run on their own embedded database, never on a configured server.
  delete env.DATABASE_URL;
  delete env.DATABASE_READ_URL;
  delete env.SHIXUN_SECRET;
  // Run a private copy of the build: a `vite build` elsewhere in the tree during the run would
  // otherwise swap the assets under the server (and it checks that the bundle is relocatable).
  const appDir = path.join(dataDir, 'app');
  fs.cpSync(path.join(ROOT, 'server/dist'), path.join(appDir, 'server/dist'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'server/package.json'), path.join(appDir, 'server/package.json'));
  fs.cpSync(path.join(ROOT, 'web/dist'), path.join(appDir, 'web/dist'), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(appDir, 'node_modules'), 'dir');
  const started = Date.now();
  const server = spawn(process.execPath, ['--enable-source-maps', path.join(appDir, 'server/dist/main.js')], {
    cwd: appDir,
    env,
    stdio: ['ignore', out, out],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    // A guard against a hung start, not a performance expectation: a first start seeds the demo county.
    await waitForHealth(url, server, logFile, 600_000);
  } catch (err) {
    server.kill('SIGKILL');
    throw err;
  }
  console.log(`[e2e] server ready at ${url} in ${((Date.now() - started) / 1000).toFixed(1)} s (log: ${logFile})`);

  return {
    url,
    root,
    dataDir: path.join(dataDir, 'data'),
    async stop(opts) {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        // A data directory that is copied must have been closed cleanly: give that server longer.
        await Promise.race([exited, new Promise((r) => setTimeout(r, opts?.keepData ? 120_000 : 5000))]);
        if (server.exitCode === null) {
          server.kill('SIGKILL');
          if (opts?.keepData) throw new Error(`the seeding server at ${url} did not stop on SIGTERM (log: ${logFile})`);
        }
      }
      fs.closeSync(out);
      if (!process.env.E2E_KEEP_DATA && !opts?.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
