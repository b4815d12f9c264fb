// Benchmark: does the server keep answering while it imports? /api/health is polled every 10 ms
// while nothing runs (the baseline), while a large roster (.xlsx) is read and checked (a dry run),
// and while a 196 KB zip bomb that expands to 200 MB is refused. Prints health latency and peak RSS
// for each beside the baseline, and their ratio to it.
//   npx tsx bench/import-health.ts --db=pglite|postgres [--rows=100000]
// `npm run bench -- --only=import-health` runs it for both kinds.
import zlib from 'node:zlib';
import { compileSpecs, TEACHER_FIELDS } from '../server/src/modules/imports/headers.js';
import { readSheet } from '../server/src/modules/imports/spreadsheet.js';
import { importTeachers } from '../server/src/modules/imports/teachers.import.js';
import { fmt, table } from './lib/measure.js';
import { makeRosterStreamed } from './lib/roster.js';
import { benchApp, type DbKind, openBench } from './lib/setup.js';

const arg = (name: string, def: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def;
const kind = arg('db', 'pglite') as DbKind;
const count = Number(arg('rows', process.env.BENCH_ROWS ?? '100000'));

interface Row {
  phase: string;
  ms: number;
  requests: number;
  p50: number;
  p99: number;
  max: number;
  peakRssMb: number;
  note: string;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Polls /api/health every 10 ms while `work` runs; latency percentiles and the peak RSS. */
async function underLoad<T>(
  phase: string,
  inject: (url: string) => Promise<{ statusCode: number }>,
  work: () => Promise<T>,
  note: (r: T | Error) => string,
): Promise<Row> {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const latencies: number[] = [];
  let running = true;
  const started = performance.now();
  const job = work().then(
    (r) => r,
    (e: Error) => e,
  );
  void job.finally(() => {
    running = false;
  });
  while (running) {
    const t = performance.now();
    const res = await inject('/api/health');
    if (res.statusCode !== 200) throw new Error(`health answered ${res.statusCode}`);
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 10));
  }
  const result = await job;
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  latencies.sort((a, b) => a - b);
  return {
    phase,
    ms,
    requests: latencies.length,
    p50: pct(latencies, 0.5),
    p99: pct(latencies, 0.99),
    max: latencies.at(-1) ?? 0,
    peakRssMb: mb(peak),
    note: note(result),
  };
}

/** The zip bomb of the report: one worksheet of 200 MB of spaces, deflated to about 200 KB. */
function zipBomb(): Buffer {
  const z = zlib.deflateRawSync(Buffer.alloc(200 * 1024 * 1024, 0x20), { level: 9 });
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(z.length, 18);
  local.writeUInt32LE(200 * 1024 * 1024, 22);
  local.writeUInt16LE(name.length, 26);
  const cd = Buffer.alloc(46);
  cd.writeUInt32LE(0x02014b50, 0);
  cd.writeUInt16LE(8, 10);
  cd.writeUInt32LE(z.length, 20);
  cd.writeUInt32LE(200 * 1024 * 1024, 24);
  cd.writeUInt16LE(name.length, 28);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(cd.length + name.length, 12);
  eocd.writeUInt32LE(local.length + name.length + z.length, 16);
  return Buffer.concat([local, name, z, cd, name, eocd]);
}

const bench = await openBench(kind);
const rows: Row[] = [];
try {
  const app = await benchApp(bench.deps);
  const inject = (url: string) => app.inject({ url });
  const { buffer } = await makeRosterStreamed(bench.deps, bench.regionId, count);

  const idle = await underLoad(
    'idle (baseline)',
    inject,
    () => new Promise((r) => setTimeout(r, 3000)),
    () => '',
  );
  rows.push(idle);
  rows.push(
    await underLoad(
      `read only (worker), ${count.toLocaleString('en')} rows`,
      inject,
      () => readSheet(buffer, 'roster.xlsx', compileSpecs(TEACHER_FIELDS), { examples: '' }),
      (r) => (r instanceof Error ? `error: ${r.message}` : `${r.rows.length} rows read`),
    ),
  );
  rows.push(
    await underLoad(
      `import dry run, ${count.toLocaleString('en')} rows`,
      inject,
      () => importTeachers(bench.deps, bench.county, buffer, 'roster.xlsx', { dryRun: true }),
      (r) =>
        r instanceof Error
          ? `error: ${r.message}`
          : `${(buffer.length / 1024 / 1024).toFixed(1)} MB file; create ${r.created}, errors ${r.errors.length}`,
    ),
  );
  const bomb = zipBomb();
  rows.push(
    await underLoad(
      `zip bomb, ${Math.round(bomb.length / 1024)} KB → 200 MB`,
      inject,
      () => importTeachers(bench.deps, bench.county, bomb, 'bomb.xlsx', { dryRun: true }),
      (r) => (r instanceof Error ? `refused: ${r.message.slice(0, 24)}…` : 'accepted!'),
    ),
  );
  await app.close();
} finally {
  await bench.close();
}

console.log(`\nimport-health — /api/health during imports on ${kind} (Node ${process.versions.node})\n`);
const base = rows[0]!;
const ratio = (v: number, b: number) => (b > 0 ? `${(v / b).toFixed(1)}×` : '');
console.log(
  table(
    [
      'phase',
      'time',
      'health requests',
      'p50',
      'p99',
      'max',
      '× baseline p99',
      'peak RSS MB',
      '× baseline RSS',
      'note',
    ],
    rows.map((r) => [
      r.phase,
      fmt.ms(r.ms),
      r.requests,
      fmt.ms(r.p50),
      fmt.ms(r.p99),
      fmt.ms(r.max),
      r === base ? '' : ratio(r.p99, base.p99),
      r.peakRssMb,
      r === base ? '' : ratio(r.peakRssMb, base.peakRssMb),
      r.note,
    ]),
  ),
);
console.log('');
