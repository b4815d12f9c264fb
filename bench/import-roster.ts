// Benchmark: import a 50,000-row teacher roster (.xlsx) into the demo county — dry run, then commit —
// through importTeachers(), on one database kind per process (peak RSS must be the import's own).
//   npx tsx bench/import-roster.ts --db=pglite|postgres [--rows=50000]
// `npm run bench` runs it for both kinds (starting a throwaway PostgreSQL).
import { importTeachers } from '../server/src/modules/imports/teachers.import.js';
import { fmt, measure, type PhaseResult, table } from './lib/measure.js';
import { makeRoster } from './lib/roster.js';
import { type DbKind, openBench } from './lib/setup.js';

const arg = (name: string, def: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def;
const kind = arg('db', 'pglite') as DbKind;
const count = Number(arg('rows', process.env.BENCH_ROWS ?? '50000'));

const phases: PhaseResult[] = [];
const seed = await measure('open + migrate + demo seed', () => openBench(kind));
phases.push(seed.stats);
const bench = seed.result;

try {
  const file = await measure('generate .xlsx', () => makeRoster(bench.deps, bench.regionId, count), count);
  phases.push({
    ...file.stats,
    note: `${(file.result.buffer.length / 1024 / 1024).toFixed(1)} MB, ${file.result.schools} schools`,
  });
  const { buffer } = file.result;

  const dry = await measure(
    'import dry run',
    () => importTeachers(bench.deps, bench.county, buffer, 'roster.xlsx', { dryRun: true }),
    count,
  );
  const d = dry.result;
  phases.push({
    ...dry.stats,
    note: `create ${d.created}, update ${d.updated}, skip ${d.skipped}, errors ${d.errors.length}`,
  });
  if (d.errors.length) {
    console.error('unexpected row errors, first ones:', d.errors.slice(0, 5));
    process.exitCode = 1;
  }

  const commit = await measure(
    'import commit',
    () => importTeachers(bench.deps, bench.county, buffer, 'roster.xlsx', { dryRun: false }),
    count,
  );
  const c = commit.result;
  phases.push({ ...commit.stats, note: `created ${c.created}, updated ${c.updated}` });

  const again = await measure(
    're-import (all unchanged)',
    () => importTeachers(bench.deps, bench.county, buffer, 'roster.xlsx', { dryRun: true }),
    count,
  );
  phases.push({ ...again.stats, note: `skip ${again.result.skipped}` });
} finally {
  await bench.close();
}

console.log(`\nimport-roster — ${count.toLocaleString('en')} rows on ${kind} (Node ${process.versions.node})\n`);
console.log(
  table(
    ['phase', 'time', 'rows/s', 'RSS at start MB', 'peak RSS MB', 'max RSS MB', 'note'],
    phases.map((p) => [
      p.phase,
      fmt.ms(p.ms),
      fmt.rate(p.rows, p.ms),
      p.startRssMb,
      p.peakRssMb,
      p.maxRssMb,
      p.note ?? '',
    ]),
  ),
);
console.log('');
