// `npm run bench`: the benchmarks in bench/, each database kind in its own process (so peak memory
// is the benchmark's own), PostgreSQL on a throwaway cluster. Never part of `npm test`.
//   npm run bench                                   all benchmarks, PGlite and PostgreSQL
//   npm run bench -- --rows=10000 --db=pglite --only=import-roster
//   npm run bench -- --only=web-pages        the phone pages: JS bytes per route, Lighthouse (no database)
import { assertNodeVersion } from './lib/node-version.mjs';

assertNodeVersion();

const path = await import('node:path');
const { ensureInstalled } = await import('./lib/install.mjs');
const { findPgBin, startCluster } = await import('./lib/pg.mjs');
const { children, log, ROOT, run, warn } = await import('./lib/util.mjs');

const argv = process.argv.slice(2);
const opt = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const benches = (opt('only') ?? 'import-roster,roster-list,web-pages').split(',');
// Benchmarks that use no database run once, not once per kind.
const DB_FREE = new Set(['web-pages']);
let kinds = (opt('db') ?? 'pglite,postgres').split(',');
const passOn = argv.filter((a) => a.startsWith('--rows='));

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
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc`.trim() };
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
    log(`bench/${bench}.ts --db=${kind}`);
    const code = await run(process.execPath, [tsx, `bench/${bench}.ts`, `--db=${kind}`, ...passOn], { env });
    if (code !== 0) failed += 1;
  }
}
cleanup();
process.exit(failed ? 1 : 0);
