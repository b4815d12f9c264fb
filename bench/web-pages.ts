// Benchmark: what a teacher's phone page costs. Prints, for the teacher routes and the main admin
// routes, the JavaScript each loads (raw, gzip, brotli: the files the server sends) beside a
// baseline — a bare React + antd page with one Button, built the same way — and the budget; then
// Lighthouse (mobile: simulated slow 4G, 4× CPU) on the baseline, /login, /me and the check-in page.
//   npx tsx bench/web-pages.ts [--runs=3] [--no-lighthouse]
// `npm run bench -- --only=web-pages` runs it too. Scores depend on the machine's load (printed).
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { App } from '../server/src/deps.js';
import { registerWebApp } from '../server/src/http/static.js';
import { chromiumAvailable, ensureLighthouse, type LighthouseRun, lighthouse } from './lib/lighthouse.js';
import { ADMIN_ROUTES, GOAL_GZIP, TEACHER_BUDGETS } from './lib/web-budget.js';
import { type Bytes, readManifest, readRoutes, routeScripts, totalBytes } from './lib/web-bundle.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB_DIST = path.join(ROOT, 'web/dist');
const BASELINE_DIST = path.join(ROOT, 'bench/results/web-baseline');
const argv = process.argv.slice(2);
const RUNS = Number(argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
const withLighthouse = !argv.includes('--no-lighthouse');

const kB = (n: number) => (n / 1000).toFixed(1);

async function node(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env });
    child.on('error', reject);
    child.on('exit', (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}`);
}

async function build() {
  const { ensureBuilt } = (await import(path.join(ROOT, 'scripts/lib/build.mjs'))) as {
    ensureBuilt: () => Promise<string[]>;
  };
  await ensureBuilt();
  await node([path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'bench/web/vite.config.ts'], {
    ...process.env,
    NODE_ENV: 'production',
  });
}

function bytesTable() {
  const manifest = readManifest(WEB_DIST);
  const routes = readRoutes(path.join(ROOT, 'web'));
  const base = readManifest(BASELINE_DIST);
  const baseFiles = Object.values(base)
    .filter((c) => c.isEntry)
    .flatMap((c) => [c.file, ...(c.imports ?? []).map((k) => base[k]!.file)]);
  const baseline = totalBytes(
    BASELINE_DIST,
    [...new Set(baseFiles)].filter((f) => f.endsWith('.js')),
  );

  const rows: string[][] = [];
  const row = (label: string, files: number, b: Bytes, budget?: number) =>
    rows.push([
      label,
      String(files),
      kB(b.raw),
      kB(b.gzip),
      kB(b.brotli),
      `${(b.gzip / baseline.gzip).toFixed(2)}×`,
      budget ? kB(budget) : '',
      budget ? (b.gzip <= budget ? 'ok' : 'OVER') : '',
      `${(b.gzip / GOAL_GZIP).toFixed(2)}×`,
    ]);
  row('baseline: React + antd Button', baseFiles.length, baseline);
  for (const [pattern, budget] of [...Object.entries(TEACHER_BUDGETS), ...ADMIN_ROUTES.map((p) => [p, 0] as const)]) {
    const route = routes.find((r) => r.path === pattern);
    if (!route) throw new Error(`route ${pattern} not found in web/src/router.tsx or App.tsx`);
    const files = routeScripts(manifest, route);
    row(pattern, files.length, totalBytes(WEB_DIST, files), budget || undefined);
  }
  const head = [
    'route (JS before the page shows)',
    'files',
    'raw kB',
    'gzip kB',
    'br kB',
    '÷ baseline',
    'budget kB',
    '',
    '÷ 150 kB',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${line(head)}`);
  for (const r of rows) console.log(line(r));
}

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const { freePort } = (await import(path.join(ROOT, 'scripts/lib/util.mjs'))) as { freePort: () => Promise<number> };
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-bench-web-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    SHIXUN_DATA_DIR: dataDir,
    SHIXUN_DEMO: 'true',
    SHIXUN_LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.DATABASE_READ_URL;
  delete env.SHIXUN_SECRET;
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'server/dist/main.js')], {
    cwd: ROOT,
    env,
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('the server did not start in 4 minutes');
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    stop: () => {
      child.kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function sessionCookie(url: string, username: string): Promise<string> {
  const { DEMO_LOGINS } = await import('../server/src/db/seed/demo.js');
  const password = DEMO_LOGINS.find((l) => l.username === username)!.password;
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('shixun_sid='));
  if (!res.ok || !cookie) throw new Error(`login as ${username} failed: ${res.status}`);
  return cookie.split(';')[0]!;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function lighthouseTable() {
  if (!chromiumAvailable()) {
    console.log('\nChromium not found: Lighthouse skipped');
    return;
  }
  const cli = ensureLighthouse(ROOT);
  const app = await startServer();
  const baseline = Fastify() as unknown as App;
  try {
    registerWebApp(baseline, BASELINE_DIST);
    const baseUrl = await baseline.listen({ port: 0, host: '127.0.0.1' });
    const cookie = await sessionCookie(app.url, 'teacher1');
    const pages: [string, string, Record<string, string>][] = [
      ['baseline: React + antd Button', `${baseUrl}/`, {}],
      ['/login', `${app.url}/login`, {}],
      ['/me (teacher1)', `${app.url}/me`, { Cookie: cookie }],
      ['/checkin/1 (teacher1, stale code)', `${app.url}/checkin/1?t=bench`, { Cookie: cookie }],
    ];
    const rows: string[][] = [];
    for (const [label, url, headers] of pages) {
      const runs: LighthouseRun[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await lighthouse(cli, url, headers));
      const m = (f: (r: LighthouseRun) => number) => median(runs.map(f));
      const failures = [...new Set(runs.flatMap((r) => r.a11yFailures))];
      rows.push([
        label,
        runs.map((r) => r.performance).join('/'),
        String(m((r) => r.performance)),
        String(m((r) => r.accessibility)),
        (m((r) => r.fcpMs) / 1000).toFixed(1),
        (m((r) => r.lcpMs) / 1000).toFixed(1),
        String(Math.round(m((r) => r.tbtMs))),
        m((r) => r.cls).toFixed(3),
        failures.join(' ') || '—',
      ]);
    }
    const head = [
      'page (Lighthouse 12, mobile)',
      'perf runs',
      'perf',
      'a11y',
      'FCP s',
      'LCP s',
      'TBT ms',
      'CLS',
      'a11y failures',
    ];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    console.log(`\n${line(head)}`);
    for (const r of rows) console.log(line(r));
  } finally {
    await baseline.close();
    app.stop();
  }
}

const load = os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
console.log(`machine: ${os.cpus().length} cores, load average ${load} (1/5/15 min), Node ${process.version}`);
await build();
bytesTable();
if (withLighthouse) await lighthouseTable();
console.log(
  `\nload average at the end: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
