// Benchmark: the training statistics (summary, breakdown per school and per area, .xlsx export) on
// a county of 4,000 teachers with five years of training records (2022–2026, ~13,000 person-times
// a year as in seed 003), generated with bulk SQL; through the HTTP app, one database kind per process.
//   npx tsx bench/stats-summary.ts --db=pglite|postgres
// `npm run bench -- --only=stats-summary` runs it for both kinds (starting a throwaway PostgreSQL).
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { one } from '../server/src/db/client.js';
import type { Deps } from '../server/src/deps.js';
import { fmt, measure, repeat, table } from './lib/measure.js';
import { benchApp, type DbKind, loginCookie, openBench } from './lib/setup.js';

const arg = (name: string, def: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def;
const kind = arg('db', 'pglite') as DbKind;
const TEACHERS = 4000;
const YEARS = [2022, 2023, 2024, 2025, 2026];
const N = 15;

/**
 * Tops the demo county up to 4,000 active teachers, then adds per year 12 国培, 20 省培, 30 市州培 and 60 县培
 * projects (50/40/35/45 teachers each, spread over the county) and two 校培 projects per school
 * (all its teachers). Outcomes: 68% 合格, 12% 优秀, 5% 不合格, 5% still enrolled (half with a
 * check-in), the rest withdrawn, nominated or waitlisted.
 */
export async function generate(deps: Deps, regionId: number) {
  const db = deps.db;
  await db.execute(
    sql`insert into teachers (region_id, school_id, name, gender, id_enc, id_hash, id_masked, stage, subject)
        select ${regionId}, s.id, '补充教师' || g, '女', 'bench', 'bench-' || g, '5106********' || lpad(g::text, 4, '0'),
               '小学', '语文'
        from generate_series(1, greatest(0, ${TEACHERS} - (select count(*) from teachers
                                                                where region_id = ${regionId} and status = '在职')::int)) g
        join lateral (select id from schools where region_id = ${regionId}
                      order by id offset (g % (select count(*) from schools where region_id = ${regionId})) limit 1) s on true`,
  );
  await db.execute(
    sql`insert into projects (region_id, name, year, level, category, mode, organiser_type, start_date, end_date, hours,
                              status)
        select ${regionId}, l.level || '项目' || y || '-' || i, y, l.level, '学科/新课标',
               case when l.level = '国培' and i % 3 <> 0 then '网络远程' when i % 5 = 0 then '网络远程' else '集中面授' end,
               case when l.level = '县培' then 'county' else 'upper' end,
               make_date(y, 1 + i % 12, 1), make_date(y, 1 + i % 12, 10), 24, 'closed'
        from generate_series(${YEARS[0]!}::int, ${YEARS[YEARS.length - 1]!}::int) y
        cross join (values ('国培', 12), ('省培', 20), ('市州培', 30), ('县培', 60)) l(level, n)
        cross join lateral generate_series(1, l.n) i`,
  );
  await db.execute(
    sql`insert into projects (region_id, name, year, level, category, mode, organiser_type, school_id, start_date,
                              end_date, hours, status)
        select ${regionId}, '校本研修' || y || '-' || s.id || '-' || i, y, '校培', '校本研修',
               case when i = 1 then '混合式' else '集中面授' end, 'school', s.id,
               make_date(y, 3 + i * 4, 1), make_date(y, 3 + i * 4, 20), 12, 'closed'
        from generate_series(${YEARS[0]!}::int, ${YEARS[YEARS.length - 1]!}::int) y
        cross join schools s cross join generate_series(1, 2) i
        where s.region_id = ${regionId}`,
  );
  // Outcome by a hash of project and teacher: stable between runs and databases.
  const outcome = sql`(case when h < 68 then 'completed' when h < 80 then 'completed' when h < 85 then 'failed'
                            when h < 90 then 'enrolled' when h < 94 then 'withdrawn' when h < 97 then 'nominated'
                            else 'waitlisted' end)`;
  const result = sql`(case when h < 68 then '合格' when h < 80 then '优秀' when h < 85 then '不合格' end)`;
  await db.execute(
    sql`insert into participations (region_id, project_id, teacher_id, school_id, source, status, result)
        select ${regionId}, x.project_id, x.teacher_id, x.school_id, 'nomination', ${outcome}, ${result}
        from (
          select p.id as project_id, t.id as teacher_id, t.school_id, (p.id * 31 + t.id * 17) % 100 as h
          from projects p
          cross join lateral generate_series(0, case p.level when '国培' then 49 when '省培' then 39
                                                            when '市州培' then 34 else 44 end) k
          join (select id, school_id, (row_number() over (order by id) - 1)::int as rn
                from teachers where region_id = ${regionId} and status = '在职') t
            on t.rn = (p.id * 7919 + k) % (select count(*) from teachers
                                            where region_id = ${regionId} and status = '在职')::int
          where p.region_id = ${regionId} and p.level <> '校培'
          union all
          select p.id, t.id, t.school_id, (p.id * 31 + t.id * 17) % 100
          from projects p join teachers t on t.school_id = p.school_id and t.status = '在职'
          where p.region_id = ${regionId} and p.level = '校培'
        ) x`,
  );
  // One session per project; the still-enrolled get a check-in (half present, half absent).
  await db.execute(
    sql`insert into project_sessions (region_id, project_id, starts_at, ends_at, topic, qr_secret)
        select region_id, id, start_date::timestamp at time zone 'Asia/Shanghai',
               start_date::timestamp at time zone 'Asia/Shanghai' + interval '2 hours', '专题讲座', md5(id::text)
        from projects where region_id = ${regionId}`,
  );
  await db.execute(
    sql`insert into attendance (region_id, session_id, participation_id, teacher_id, status, method)
        select pa.region_id, ps.id, pa.id, pa.teacher_id, case when pa.id % 2 = 0 then 'present' else 'absent' end, 'qr'
        from participations pa join project_sessions ps on ps.project_id = pa.project_id
        where pa.region_id = ${regionId} and pa.status = 'enrolled'`,
  );
  await db.execute(sql`analyze`);
  const n = await one<{ teachers: number; projects: number; participations: number; attendance: number }>(
    db,
    sql`select (select count(*) from teachers where region_id = ${regionId} and status = '在职')::int as teachers,
               (select count(*) from projects where region_id = ${regionId})::int as projects,
               (select count(*) from participations where region_id = ${regionId})::int as participations,
               (select count(*) from attendance where region_id = ${regionId})::int as attendance`,
  );
  return n!;
}

// Run only when executed (generate() is also used to inspect query plans).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

async function main() {
  const bench = await openBench(kind);
  const results: (string | number)[][] = [];
  let sizes = '';
  try {
    const gen = await measure('generate', () => generate(bench.deps, bench.regionId));
    const g = gen.result;
    sizes = `${g.teachers} teachers, ${g.projects} projects, ${g.participations} participations, ${g.attendance} attendance marks`;
    console.log(`generated in ${fmt.ms(gen.stats.ms)}: ${sizes}`);

    const app = await benchApp(bench.deps);
    const county = await loginCookie(app, 'county');
    const area = await loginCookie(app, 'area1');
    const consortium = await loginCookie(app, 'lianti1');
    const school = await loginCookie(app, 'school1');
    const get = async (cookie: string, url: string) => {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      return res;
    };

    const s = (await get(county, '/api/stats/summary?year=2025')).json();
    console.log(
      `county 2025: ${s.personTimes.total} person-times (${Object.values(s.personTimes).slice(0, 5).join(' / ')}), ` +
        `coverage ${s.coverageRate}, 参训率 ${s.participationRate}, 结业率 ${s.completionRate}, 合格率 ${s.passRate}`,
    );

    const cases: [string, string, string][] = [
      ['summary, county', county, '/api/stats/summary?year=2025'],
      ['summary, county, other year', county, '/api/stats/summary?year=2023'],
      ['summary, area admin', area, '/api/stats/summary?year=2025'],
      ['summary, consortium admin', consortium, '/api/stats/summary?year=2025'],
      ['summary, school admin', school, '/api/stats/summary?year=2025'],
      ['breakdown by school, county', county, '/api/stats/breakdown?year=2025&by=school'],
      ['breakdown by area, county', county, '/api/stats/breakdown?year=2025&by=area'],
      ['breakdown export (.xlsx), county', county, '/api/stats/breakdown/export?year=2025&by=school'],
    ];
    for (const [label, cookie, url] of cases) {
      const t = await repeat(N, () => get(cookie, url));
      results.push([label, fmt.ms(t.median), fmt.ms(t.max)]);
    }
    await app.close();
  } finally {
    await bench.close();
  }

  console.log(`\nstats-summary — ${sizes} on ${kind} (Node ${process.versions.node}), median of ${N}\n`);
  console.log(table(['request', 'median', 'max'], results));
  console.log('');
}
