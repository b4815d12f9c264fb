// Benchmark (issue 16, item 5): QR check-in under a room of phones. The product — the whole app's
// POST /api/checkin, each request a fresh check-in of one teacher (own session cookie) to one
// session with its current QR token — against a bare Fastify route doing one insert, at 100 and
// 500 connections. Each server runs in its own process; this process is the load: a closed loop
// per connection over keep-alive HTTP (node:http), requests per second and latencies counted over
// --seconds after a warm-up.
//   npx tsx bench/checkin.ts --db=pglite|postgres [--seconds=10]
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { currentToken } from '../server/src/modules/attendance/qr.js';
import { arg, type Comparison, report } from './lib/compare.js';

const kind = arg('db', 'pglite');
const SECONDS = Number(arg('seconds', '10'));
const WARMUP = 2;
const TEACHERS = 1000;
const SESSIONS = 120;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Ready {
  port: number;
  cookies?: string[];
  sessions?: Array<{ id: number; secret: string }>;
}

async function startServer(mode: 'product' | 'bare'): Promise<{ ready: Ready; stop: () => Promise<void> }> {
  let dropDb = async () => {};
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (kind === 'postgres') {
    const base = process.env.BENCH_PG_URL;
    if (!base) throw new Error('BENCH_PG_URL is not set');
    const name = `shixun_checkin_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    env.CHECKIN_DB_URL = url.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      path.join(ROOT, 'bench/lib/checkin-server.ts'),
      `--db=${kind}`,
      `--mode=${mode}`,
      `--teachers=${TEACHERS}`,
      `--sessions=${SESSIONS}`,
    ],
    // stdout (the product's request log) to /dev/null: written, as in production, then dropped.
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env },
  );
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`${mode} server exited (${code})`)));
  });
  return {
    ready,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.send('stop');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode == null) child.kill('SIGKILL');
      await dropDb();
    },
  };
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  statuses: Record<number, number>;
}

/** `connections` closed loops for WARMUP + SECONDS seconds; counts only the last SECONDS. */
async function load(
  port: number,
  connections: number,
  request: (i: number) => { path: string; body: string; headers: Record<string, string> },
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  const start = performance.now();
  const measureFrom = start + WARMUP * 1000;
  const end = measureFrom + SECONDS * 1000;
  const one = (i: number) =>
    new Promise<number>((resolve) => {
      const r = request(i);
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: r.path,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(r.body), ...r.headers },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(r.body);
    });
  const loop = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const status = await one(next++);
      const done = performance.now();
      if (t >= measureFrom && done <= end) {
        latencies.push(done - t);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status !== 200) errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return {
    rps: latencies.length / SECONDS,
    p50: at(0.5),
    p99: at(0.99),
    errors,
    requests: latencies.length,
    statuses,
  };
}

const results: Comparison[] = [];
const figures: string[] = [];
for (const connections of [100, 500]) {
  // Fresh servers for each level, so the check-ins of one run never answer "already checked in" in the next.
  const product = await startServer('product');
  let r: LoadResult;
  try {
    const { port, cookies, sessions } = product.ready;
    r = await load(port, connections, (i) => {
      const teacher = i % TEACHERS;
      const s = sessions![Math.floor(i / TEACHERS) % SESSIONS]!;
      return {
        path: '/api/checkin',
        body: JSON.stringify({ sessionId: s.id, token: currentToken(s.secret, s.id, Date.now()).token }),
        headers: { cookie: cookies![teacher]! },
      };
    });
  } finally {
    await product.stop();
  }
  const bare = await startServer('bare');
  let b: LoadResult;
  try {
    b = await load(bare.ready.port, connections, (i) => ({
      path: '/bare/checkin',
      body: JSON.stringify({
        sessionId: 1 + (Math.floor(i / TEACHERS) % SESSIONS),
        teacherId: 1 + (i % TEACHERS),
        token: 'x',
      }),
      headers: {},
    }));
  } finally {
    await bare.stop();
  }
  const capacity = TEACHERS * SESSIONS;
  figures.push(
    `${connections} connections: product ${r.requests} check-ins (${JSON.stringify(r.statuses)}; ` +
      `${r.requests + 1 > capacity ? 'some repeated' : 'all fresh'}), bare ${b.requests} inserts (${JSON.stringify(b.statuses)})`,
  );
  results.push(
    {
      item: 'item 5',
      what: `check-in, ${connections} connections, throughput`,
      db: kind,
      product: r.rps,
      baseline: b.rps,
      unit: 'req/s',
      against: 'bare Fastify route + one insert (no logging)',
      note: `errors ${r.errors}/${b.errors}`,
    },
    {
      item: 'item 5',
      what: `check-in, ${connections} connections, p99`,
      db: kind,
      product: r.p99,
      baseline: b.p99,
      unit: 'ms',
      against: 'bare Fastify route + one insert (no logging)',
    },
    {
      item: 'item 5',
      what: `check-in, ${connections} connections, p50`,
      db: kind,
      product: r.p50,
      baseline: b.p50,
      unit: 'ms',
      against: 'bare Fastify route + one insert (no logging)',
    },
  );
}
for (const f of figures) console.log(f);
report(
  `checkin — ${TEACHERS} teachers × ${SESSIONS} sessions, ${SECONDS} s per run after ${WARMUP} s warm-up, on ${kind}`,
  results,
);
