// Benchmark: the credit bank's progress — one teacher, and the "who is behind" list and its export —
// on a county of 4,000 teachers with five years of ledger (2022–2026, ~6 entries per teacher a
// year: project completions at every level, school-based activities, approved applications that
// hit the caps, a few reversals), under the 来源上限示例 rule set (three buckets and activity caps).
// The list keeps evaluations between requests while nothing changed: cold and warm figures both shown.
// Through the HTTP app, one database kind per process; figures printed, never asserted.
//   npx tsx bench/credits-progress.ts --db=pglite|postgres
// `npm run bench -- --only=credits-progress` runs it for both kinds (starting a throwaway PostgreSQL).
import { pathToFileURL } from 'node:url';
import { presetRules } from '@shixun/common';
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

export async function generate(deps: Deps, regionId: number) {
  const db = deps.db;
  await db.execute(
    sql`insert into teachers (region_id, school_id, name, gender, id_enc, id_hash, id_masked, stage, subject, hire_date)
        select ${regionId}, s.id, '补充教师' || g, '女', 'bench', 'bench-' || g, '5106********' || lpad(g::text, 4, '0'),
               '小学', '语文', make_date(2000 + g % 27, 9, 1)
        from generate_series(1, greatest(0, ${TEACHERS} - (select count(*) from teachers
                                                                where region_id = ${regionId} and status = '在职')::int)) g
        join lateral (select id from schools where region_id = ${regionId}
                      order by id offset (g % (select count(*) from schools where region_id = ${regionId})) limit 1) s on true`,
  );
  // Six entries per teacher and year: by a hash, a level, a mode and a source; every 7th an open
  // lesson application (6 学时, capped at 18 a cycle under 江苏-style rules), every 11th 校本.
  await db.execute(
    sql`insert into credit_ledger (region_id, teacher_id, source, source_ref, category, level, mode, hours,
                                   occurred_on, note, created_by)
        select ${regionId}, t.id,
               case when h % 7 = 0 then 'application' when h % 11 = 0 then 'school_activity' else 'project' end,
               'bench:' || t.id || ':' || y || ':' || k,
               case when h % 7 = 0 then 'open_lesson' when h % 11 = 0 then '校本研修' else '学科/新课标' end,
               case when h % 7 = 0 then null
                    else (array['国培','省培','市州培','县培','县培','校培','校培'])[1 + h % 7] end,
               case when h % 5 = 0 then '网络远程' else '集中面授' end,
               case when h % 7 = 0 then 6 else (array[8, 12, 16, 24, 32])[1 + h % 5] end,
               make_date(y, 1 + (h % 12), 1 + (h % 28)), '基准数据', null
        from teachers t
        cross join generate_series(${YEARS[0]!}::int, ${YEARS[YEARS.length - 1]!}::int) y
        cross join generate_series(1, 6) k
        cross join lateral (select (t.id * 31 + y * 17 + k * 13) % 1000 as h) x
        where t.region_id = ${regionId} and t.status = '在职'`,
  );
  // One reversal in 200 entries.
  await db.execute(
    sql`insert into credit_ledger (region_id, teacher_id, source, source_ref, category, level, mode, hours,
                                   occurred_on, note, reverses_id)
        select region_id, teacher_id, source, source_ref, category, level, mode, -hours, occurred_on, '基准冲销', id
        from credit_ledger where region_id = ${regionId} and id % 200 = 0`,
  );
  await db.execute(
    sql`insert into credit_rule_sets (region_id, preset, rules)
        values (${regionId}, 'source_cap', ${JSON.stringify({
          ...presetRules('source_cap'),
          activities: presetRules('jiangsu').activities,
        })}::jsonb)
        on conflict (region_id) do update set rules = excluded.rules, preset = excluded.preset`,
  );
  await db.execute(sql`analyze`);
  const n = await one<{ teachers: number; entries: number }>(
    db,
    sql`select (select count(*) from teachers where region_id = ${regionId} and status = '在职')::int as teachers,
               (select count(*) from credit_ledger where region_id = ${regionId})::int as entries`,
  );
  return n!;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

async function main() {
  const bench = await openBench(kind);
  const results: (string | number)[][] = [];
  let sizes = '';
  try {
    const gen = await measure('generate', () => generate(bench.deps, bench.regionId));
    sizes = `${gen.result.teachers} teachers, ${gen.result.entries} ledger entries (${YEARS[0]}–${YEARS.at(-1)})`;
    console.log(`generated in ${fmt.ms(gen.stats.ms)}: ${sizes}`);

    const app = await benchApp(bench.deps);
    const county = await loginCookie(app, 'county');
    const school = await loginCookie(app, 'school1');
    const teacher = await loginCookie(app, 'teacher1');
    const get = async (cookie: string, url: string) => {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      return res;
    };
    const me = (await get(teacher, '/api/auth/me')).json() as { teacherId: number };
    const p = (await get(teacher, `/api/teachers/${me.teacherId}/credits?cycle=2025`)).json();
    // The first list request evaluates every teacher; later ones reuse the evaluations until the
    // ledger, the rules, a teacher's hire date/posts or the ethics record change.
    const cold = performance.now();
    const list = (await get(county, '/api/credits/progress?cycle=2025&status=all')).json();
    results.push(['all, county, 2021–2025, first request (cold)', fmt.ms(performance.now() - cold), '']);
    console.log(
      `teacher1 2021–2025: earned ${p.earned}, counted ${p.counted} (${p.entries.length} entries); ` +
        `county 2021–2025: ${JSON.stringify(list.summary)}`,
    );

    const cases: [string, string, string][] = [
      ['one teacher, current cycle (teacher)', teacher, `/api/teachers/${me.teacherId}/credits`],
      ['one teacher, 2021–2025 (county)', county, `/api/teachers/${me.teacherId}/credits?cycle=2025`],
      ['at-risk list, county, current cycle', county, '/api/credits/progress?status=at_risk'],
      ['at-risk list, county, 2021–2025', county, '/api/credits/progress?status=at_risk&cycle=2025'],
      ['all, county, 2021–2025, page 50', county, '/api/credits/progress?status=all&cycle=2025&page=50'],
      ['at-risk list, school admin, 2021–2025', school, '/api/credits/progress?status=at_risk&cycle=2025'],
      ['export (.xlsx), county, 2021–2025', county, '/api/credits/progress/export?status=all&cycle=2025'],
    ];
    for (const [label, cookie, url] of cases) {
      const t = await repeat(N, () => get(cookie, url));
      results.push([label, fmt.ms(t.median), fmt.ms(t.max)]);
    }
    await app.close();
  } finally {
    await bench.close();
  }

  console.log(`\ncredits — ${sizes} on ${kind} (Node ${process.versions.node}), median of ${N}\n`);
  console.log(table(['request', 'median', 'max'], results));
  console.log('');
}
