// `npm run bench`: the benchmarks in bench/, each database kind in its own process (so peak memory
// is the benchmark's own), PostgreSQL on a throwaway cluster. Never part of `npm test`.
//   npm run bench                                   all benchmarks, PGlite and PostgreSQL
//   npm run bench -- --rows=10000 --db=pglite --only=import-roster
//   npm run bench -- --only=web-pages        the phone pages: JS bytes per route, Lighthouse (no database)
//   npm run bench -- --only=province --scale=0.1   issue 16's province on PostgreSQL, a tenth of the size
// Issue 16's benches (credits-progress, province, checkin, weekly-snapshot) print product, baseline and
// ratio; the run ends with all of them in one table, with the machine's load average.
import { assertNodeVersion } from './lib/node-version.mjs';

assertNodeVersion();

const path = await import('node:path');
const { ensureInstalled } = await import('./lib/install.mjs');
const { findPgBin, startCluster } = await import('./lib/pg.mjs');
const { children, log, ROOT, run, warn } = await import('./lib/util.mjs');

const argv = process.argv.slice(2);
const opt = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const benches = (
  opt('only') ?? 'credits-progress,province,checkin,weekly-snapshot,import-roster,roster-list,web-pages'
).split(',');
// Benchmarks that use no database run once, not once per kind; the province is PostgreSQL's alone.
const DB_FREE = new Set(['web-pages']);
const POSTGRES_ONLY = new Set(['province']);
let kinds = (opt('db') ?? 'pglite,postgres').split(',');
const passOn = argv.filter((a) => /^--(rows|scale|teachers|n|seconds)=/.test(a));

await ensureInstalled();

let cluster;
const cleanup = () => {
  for (const c of children) c.kill('SIGTERM');
  cluster?.stop();
};
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}

// --expose-gc: each phase starts after a full GC, so its peak RSS is its own.
const fs = await import('node:fs');
const os = await import('node:os');
const resultsFile = path.join(os.tmpdir(), `shixun-bench-${process.pid}.jsonl`);
fs.writeFileSync(resultsFile, '');
const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc`.trim(),
  BENCH_RESULTS: resultsFile,
};
const loadStart = os.loadavg();
if (kinds.includes('postgres')) {
  if (process.env.BENCH_PG_URL) {
    log('PostgreSQL: BENCH_PG_URL');
  } else if (findPgBin()) {
    cluster = await startCluster();
    env.BENCH_PG_URL = cluster.url;
  } else {
    warn('未找到 PostgreSQL，仅运行 PGlite (PostgreSQL not found: PGlite only)');
    kinds = kinds.filter((k) => k !== 'postgres');
  }
}

const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
let failed = 0;
for (const bench of benches) {
  if (DB_FREE.has(bench)) {
    log(`bench/${bench}.ts`);
    if ((await run(process.execPath, [tsx, `bench/${bench}.ts`], { env })) !== 0) failed += 1;
    continue;
  }
  for (const kind of kinds) {
    if (POSTGRES_ONLY.has(bench) && kind !== 'postgres') continue;
    log(`bench/${bench}.ts --db=${kind}`);
    const code = await run(process.execPath, [tsx, `bench/${bench}.ts`, `--db=${kind}`, ...passOn], { env });
    if (code !== 0) failed += 1;
  }
}
summary();
cleanup();
process.exit(failed ? 1 : 0);

/** Every comparison of the run in one table (product, baseline, ratio), with the load it ran under. */
function summary() {
  const lines = fs.readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean);
  fs.rmSync(resultsFile, { force: true });
  if (!lines.length) return;
  const rows = lines.map((l) => JSON.parse(l));
  const show = (v, unit) =>
    unit === 'req/s'
      ? `${Math.round(v).toLocaleString('en')} req/s`
      : unit === 's'
        ? `${v.toFixed(1)} s`
        : `${v.toFixed(1)} ms`;
  const ratio = (r) =>
    r.unit === 'req/s' ? `${Math.round((r.product / r.baseline) * 100)}%` : `${(r.product / r.baseline).toFixed(2)}×`;
  const cells = [['item', 'what', 'db', 'product', 'baseline', 'ratio', 'baseline is']].concat(
    rows.map((r) => [r.item, r.what, r.db, show(r.product, r.unit), show(r.baseline, r.unit), ratio(r), r.against]),
  );
  const width = (s) =>
    [...String(s)].reduce(
      (w, ch) =>
        w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]/.test(ch) ? 2 : 1),
      0,
    );
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => width(r[i]))));
  const fmtRow = (r) =>
    r
      .map((c, i) => (i >= 3 && i <= 5 ? ' '.repeat(widths[i] - width(c)) + c : c + ' '.repeat(widths[i] - width(c))))
      .join('  ');
  const loadEnd = os.loadavg();
  console.log(
    `\nissue 16 — product against baseline, one run (load average ${loadStart[0].toFixed(1)} at the start, ` +
      `${loadEnd[0].toFixed(1)} at the end; ${os.cpus().length} cores; compare ratios, not absolutes)\n`,
  );
  console.log(
    [fmtRow(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(fmtRow)].join('\n'),
  );
}
