// Benchmark: list, search and export on a county of ~50,000 teachers, through the HTTP app
// (app.inject: routing, auth, scope SQL, presenters, xlsx writing), one database kind per process.
//   npx tsx bench/roster-list.ts --db=pglite|postgres [--rows=50000]
import { sql } from 'drizzle-orm';
import { one } from '../server/src/db/client.js';
import { importTeachers } from '../server/src/modules/imports/teachers.import.js';
import { fmt, measure, repeat, table } from './lib/measure.js';
import { makeRoster } from './lib/roster.js';
import { benchApp, type DbKind, loginCookie, openBench } from './lib/setup.js';

const arg = (name: string, def: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def;
const kind = arg('db', 'pglite') as DbKind;
const count = Number(arg('rows', process.env.BENCH_ROWS ?? '50000'));
const N = 15;

const bench = await openBench(kind);
const results: (string | number)[][] = [];
try {
  const fill = await measure('fill', async () => {
    const { buffer } = await makeRoster(bench.deps, bench.regionId, count);
    return importTeachers(bench.deps, bench.county, buffer, 'roster.xlsx', {});
  });
  const total = await one<{ n: number }>(bench.deps.db, sql`select count(*)::int as n from teachers`);
  console.log(`filled: ${total?.n} teachers in ${fmt.ms(fill.stats.ms)}`);

  const app = await benchApp(bench.deps);
  const county = await loginCookie(app, 'county');
  const school = await loginCookie(app, 'school1');
  const sample = await one<{ name: string; phone: string; school_id: number }>(
    bench.deps.db,
    sql`select name, phone, school_id from teachers where phone like '15%' order by id desc limit 1`,
  );

  const get = async (cookie: string, url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie } });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    return res;
  };
  const totalOf = async (cookie: string, url: string) => (await get(cookie, url)).json().total as number;

  const cases: [string, string, string][] = [
    ['list page 1 (default order)', county, '/api/teachers?page=1&pageSize=20'],
    ['list page 1, 200 rows', county, '/api/teachers?page=1&pageSize=200'],
    ['list page 1000 (deep offset)', county, '/api/teachers?page=1000&pageSize=20'],
    ['list sorted by school', county, '/api/teachers?page=1&pageSize=20&sort=school&order=desc'],
    ['list sorted by hire date', county, '/api/teachers?page=1&pageSize=20&sort=hireDate&order=asc'],
    ['search by name', county, `/api/teachers?q=${encodeURIComponent(sample!.name)}`],
    ['search by surname prefix', county, `/api/teachers?q=${encodeURIComponent(sample!.name.slice(0, 1))}`],
    ['search by phone', county, `/api/teachers?q=${sample!.phone}`],
    ['search by ID last 4', county, '/api/teachers?q=0012'],
    ['filter by school', county, `/api/teachers?schoolId=${sample!.school_id}`],
    ['school admin list (scope)', school, '/api/teachers?page=1&pageSize=20'],
  ];
  for (const [label, cookie, url] of cases) {
    const matched = await totalOf(cookie, url);
    const t = await repeat(N, () => get(cookie, url));
    results.push([label, matched, fmt.ms(t.median), fmt.ms(t.max), '']);
  }

  const exportAll = await measure('export', () => get(county, '/api/teachers/export'));
  const size = exportAll.result.rawPayload.length;
  results.push([
    'export all to .xlsx',
    total?.n ?? 0,
    fmt.ms(exportAll.stats.ms),
    '',
    `${(size / 1024 / 1024).toFixed(1)} MB, peak RSS ${exportAll.stats.peakRssMb} MB`,
  ]);
  const exportSchool = await measure('export', () => get(school, '/api/teachers/export'));
  results.push(['export one school (school admin)', '', fmt.ms(exportSchool.stats.ms), '', '']);
  await app.close();
} finally {
  await bench.close();
}

console.log(
  `\nroster-list — ~${count.toLocaleString('en')} teachers on ${kind} (Node ${process.versions.node}), median of ${N}\n`,
);
console.log(table(['query', 'matches', 'median', 'max', 'note'], results));
console.log('');
