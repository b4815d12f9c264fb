// Benchmark: import a 100,000-row upper-level results sheet (.xlsx) into the demo county — dry run,
// commit, then the same sheet again — through importResults(), one database kind per process
// (peak RSS must be the import's own).
//   npx tsx bench/results-import.ts --db=pglite|postgres [--rows=100000]
// `npm run bench -- --only=results-import` runs it for both kinds (starting a throwaway PostgreSQL).
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { rows as query } from '../server/src/db/client.js';
import type { Deps } from '../server/src/deps.js';
import { importResults } from '../server/src/modules/results/results.import.js';
import { fmt, measure, type PhaseResult, table } from './lib/measure.js';
import { type DbKind, openBench } from './lib/setup.js';

const arg = (name: string, def: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def;
const kind = arg('db', 'pglite') as DbKind;
const count = Number(arg('rows', process.env.BENCH_ROWS ?? '100000'));

const LEVELS = ['国培', '省级', '州培', '县培'] as const;
const MODES = ['网络研修', '集中面授', '混合式', '跟岗'] as const;
const CATEGORIES = ['骨干教师', '班主任', '信息技术能力', '学科/新课标', '心理健康'];
const HEADERS = [
  '姓名',
  '身份证号',
  '项目名称',
  '项目编号',
  '培训级别',
  '培训形式',
  '学时',
  '开始日期',
  '结束日期',
  '考核结果',
  '成绩',
  '培训类别',
];

interface Row {
  name: string;
  idNumber: string;
  project: string;
  code: string | null;
  level: string;
  mode: string;
  hours: number;
  start: string;
  end: string;
  result: string;
  score: number;
  category: string;
}

/**
 * The sheet: projects of 200 teachers each (every teacher at most once per project), half of them
 * with a 项目编号; results 80% 合格, 10% 优秀, 10% 不合格 (written as the platforms do: 通过/未通过).
 */
async function makeSheet(deps: Deps, regionId: number, n: number) {
  const teachers = await query<{ name: string; id_enc: string }>(
    deps.db,
    sql`select name, id_enc from teachers where region_id = ${regionId} order by id`,
  );
  const people = teachers.map((t) => ({ name: t.name, idNumber: deps.cipher.decrypt(t.id_enc) }));
  const perProject = Math.min(200, people.length);
  const list: Row[] = [];
  for (let i = 0; i < n; i++) {
    const p = Math.floor(i / perProject);
    const k = i % perProject;
    const person = people[(p * 37 + k * 13) % people.length]!;
    const month = 1 + (p % 12);
    const day = 1 + (p % 20);
    const start = `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const end = `2025-${String(month).padStart(2, '0')}-${String(day + 5).padStart(2, '0')}`;
    const r = (i * 7919) % 100;
    list.push({
      name: person.name,
      idNumber: person.idNumber,
      project: `上级培训项目${p + 1}`,
      code: p % 2 === 0 ? `UP2025-${p + 1}` : null,
      level: LEVELS[p % LEVELS.length]!,
      mode: MODES[p % MODES.length]!,
      hours: 12 + (p % 5) * 12,
      start,
      end,
      result: r < 10 ? '优秀' : r < 90 ? (r % 2 ? '合格' : '通过') : '未通过',
      score: 50 + (r % 50),
      category: CATEGORIES[p % CATEGORIES.length]!,
    });
  }
  // As Excel writes it: shared strings (the streaming reader needs them; without them it loads the
  // whole workbook in memory).
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('学员成绩');
  ws.addRow(['学员成绩汇总表']).commit(); // a title row above the header, as platforms write
  ws.addRow(HEADERS).commit();
  for (const r of list) {
    ws.addRow([
      r.name,
      r.idNumber,
      r.project,
      r.code,
      r.level,
      r.mode,
      r.hours,
      r.start,
      r.end,
      r.result,
      r.score,
      r.category,
    ]).commit();
  }
  ws.commit();
  await wb.commit();
  const buffer = Buffer.concat(parts);
  return { buffer, projects: Math.ceil(n / perProject), teachers: people.length };
}

const phases: PhaseResult[] = [];
const seed = await measure('open + migrate + demo seed', () => openBench(kind));
phases.push(seed.stats);
const bench = seed.result;

try {
  const file = await measure('generate .xlsx', () => makeSheet(bench.deps, bench.regionId, count), count);
  phases.push({
    ...file.stats,
    note: `${(file.result.buffer.length / 1024 / 1024).toFixed(1)} MB, ${file.result.projects} projects, ${file.result.teachers} teachers`,
  });
  const { buffer } = file.result;

  const dry = await measure(
    'import dry run',
    () => importResults(bench.deps, bench.county, buffer, 'results.xlsx', { dryRun: true }),
    count,
  );
  const d = dry.result;
  phases.push({ ...dry.stats, note: `create ${d.created}, skip ${d.skipped}, errors ${d.errors.length}` });
  if (d.errors.length) {
    // Every row of the generated sheet is valid: an error here means the reader mangled a cell.
    console.warn(`warning: ${d.errors.length} row errors in a valid sheet, first ones:`, d.errors.slice(0, 3));
    process.exitCode = 1;
  }

  const commit = await measure(
    'import commit',
    () => importResults(bench.deps, bench.county, buffer, 'results.xlsx', { skipInvalid: true }),
    count,
  );
  const [ledger] = await query<{ n: number }>(
    bench.deps.db,
    sql`select count(*)::int as n from credit_ledger where region_id = ${bench.regionId}`,
  );
  phases.push({ ...commit.stats, note: `created ${commit.result.created}, credit entries ${ledger?.n}` });

  const again = await measure(
    're-import commit (all unchanged)',
    () => importResults(bench.deps, bench.county, buffer, 'results.xlsx', { skipInvalid: true }),
    count,
  );
  phases.push({ ...again.stats, note: `skip ${again.result.skipped}, created ${again.result.created}` });
} finally {
  await bench.close();
}

console.log(`\nresults-import — ${count.toLocaleString('en')} rows on ${kind} (Node ${process.versions.node})\n`);
console.log(
  table(
    ['phase', 'time', 'rows/s', 'peak RSS MB', 'max RSS MB', 'note'],
    phases.map((p) => [p.phase, fmt.ms(p.ms), fmt.rate(p.rows, p.ms), p.peakRssMb, p.maxRssMb, p.note ?? '']),
  ),
);
console.log('');
