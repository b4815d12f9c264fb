// `npm test`: unit + API tests on PGlite, again on PostgreSQL (a throwaway cluster unless one is
// given), then the browser tests; ends with one line `N passed, N failed` summed over all runs.
//
//   npm test                       everything
//   npm test -- --no-pg            skip the PostgreSQL run      (also --no-pglite, --no-e2e)
//   npm test -- --e2e-only         only the browser tests
//   npm test -- server/src/modules/teachers   vitest filters for the unit/API runs
// SHIXUN_TEST_PG / DATABASE_URL: use that PostgreSQL server instead of a throwaway cluster.
// SHIXUN_TEST_SUMMARY=<file>: also write the counts as JSON (used by .ci/run).
import { assertNodeVersion } from './lib/node-version.mjs';

assertNodeVersion();

const { ensureInstalled } = await import('./lib/install.mjs');
const { findPgBin, startCluster } = await import('./lib/pg.mjs');
const { runVitest } = await import('./lib/vitest.mjs');
const { children, formatSeconds, isCI, log, warn } = await import('./lib/util.mjs');
const fs = await import('node:fs');

const argv = process.argv.slice(2);
const flag = (f) => argv.includes(f);
const filters = argv.filter((a) => !a.startsWith('--'));
const e2eOnly = flag('--e2e-only');
const want = {
  pglite: !e2eOnly && !flag('--no-pglite'),
  pg: !e2eOnly && !flag('--no-pg'),
  e2e: !flag('--no-e2e') && filters.length === 0,
};
const CHROMIUM = process.env.SHIXUN_CHROMIUM ?? '/usr/bin/chromium';

let cluster;
const cleanup = () => {
  for (const c of children) c.kill('SIGTERM');
  cluster?.stop();
};
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    warn(`收到 ${sig}，清理后退出 (interrupted, cleaning up)`);
    cleanup();
    process.exit(130);
  });
}

const results = [];
const notices = [];
const started = Date.now();

/** CPU seconds used by finished children (Linux): a load-independent measure of a phase's cost. */
function childCpuSeconds() {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in clock ticks
  } catch {
    return Number.NaN;
  }
}

async function phase(label, fn) {
  const t = Date.now();
  const cpu = childCpuSeconds();
  log(`── ${label} ──`);
  const r = await fn();
  r.ms = Date.now() - t;
  r.cpu = childCpuSeconds() - cpu;
  results.push(r);
  const cpuNote = Number.isNaN(r.cpu) ? '' : `, CPU ${r.cpu.toFixed(0)} s`;
  log(
    `${label}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''} (${formatSeconds(r.ms)}${cpuNote})`,
  );
}

const fail = (label, message) => {
  console.error(`\n✖ ${message}\n`);
  results.push({ label, passed: 0, failed: 1, skipped: 0, ms: 0 });
};

try {
  await ensureInstalled();
} catch (err) {
  console.error(err.message);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

if (want.pglite) {
  await phase('unit + API tests on PGlite', () =>
    runVitest({ label: 'pglite', args: filters, env: { SHIXUN_TEST_PG: '' } }),
  );
}

if (want.pg) {
  const given = process.env.SHIXUN_TEST_PG || process.env.DATABASE_URL;
  let url = given;
  if (!url) {
    const bin = findPgBin();
    if (bin) {
      try {
        cluster = await startCluster({ bin });
        url = cluster.url;
      } catch (err) {
        fail('postgres', `PostgreSQL 临时集群启动失败 (could not start a throwaway cluster): ${err.message}`);
      }
    } else if (isCI) {
      fail(
        'postgres',
        '未找到 PostgreSQL（CI 中必须）: install it with `apt-get install -y postgresql` or set SHIXUN_TEST_PG=postgres://…',
      );
    } else {
      const msg =
        '未找到 PostgreSQL 服务端，跳过 PostgreSQL 测试，仅在 PGlite 上运行。 PostgreSQL not found: skipped the PostgreSQL run (install postgresql or set SHIXUN_TEST_PG=postgres://…).';
      warn(msg);
      notices.push(msg);
    }
  } else {
    log(`使用已有的 PostgreSQL (using the given server): ${url.replace(/:[^:@/]*@/, ':***@')}`);
  }
  if (url) {
    await phase('unit + API tests on PostgreSQL', () =>
      runVitest({ label: 'postgres', args: filters, env: { SHIXUN_TEST_PG: url } }),
    );
  }
  cluster?.stop();
  cluster = undefined;
}

if (want.e2e) {
  if (!fs.existsSync(CHROMIUM)) {
    if (isCI) {
      fail(
        'e2e',
        `未找到 Chromium: ${CHROMIUM}（CI 中必须）. Install it: apt-get install -y --no-install-recommends chromium fonts-wqy-microhei`,
      );
    } else {
      const msg = `未找到 Chromium (${CHROMIUM})，跳过浏览器测试。 Chromium not found: skipped the browser tests (apt-get install -y --no-install-recommends chromium fonts-wqy-microhei).`;
      warn(msg);
      notices.push(msg);
    }
  } else {
    await phase('browser tests (e2e)', () =>
      runVitest({ label: 'e2e', args: ['--config', 'e2e/vitest.config.ts'], env: { SHIXUN_CHROMIUM: CHROMIUM } }),
    );
  }
}

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
console.log('');
for (const r of results) {
  console.log(
    `  ${r.label.padEnd(10)} ${String(r.passed).padStart(5)} passed  ${String(r.failed).padStart(3)} failed  ${String(r.skipped).padStart(3)} skipped  ${formatSeconds(r.ms ?? 0).padStart(8)}${r.cpu >= 0 ? `  (CPU ${r.cpu.toFixed(0)} s)` : ''}`,
  );
}
for (const n of notices) console.log(`  注意 (notice): ${n}`);
console.log(`  总耗时 (total): ${formatSeconds(Date.now() - started)}${skipped ? `; ${skipped} skipped` : ''}`);
if (process.env.SHIXUN_TEST_SUMMARY) {
  // For .ci/run, which adds up several runs into one closing line.
  fs.writeFileSync(process.env.SHIXUN_TEST_SUMMARY, JSON.stringify({ passed, failed, skipped, results }));
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || results.length === 0 ? 1 : 0;
