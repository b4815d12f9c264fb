// Benchmark (issue 16, item 2): the credit bank's "who is behind" list on one county — 50,000
// teachers on PostgreSQL, 7,500 on PGlite (--teachers=N) — with five years of ledger (~6 entries
// per teacher a year: project completions at every level, school-based activities, applications
// that hit the caps, a few reversals) under the 来源上限示例 rule set (three buckets, activity caps).
//
// Product: the list through the HTTP app, read from the credit totals. Baseline: "the same numbers
// in SQL" — each teacher's hours in the cycle summed from the ledger (no caps, no rules), ordered
// and paged with the counts — on the raw driver. Also: what keeping the totals costs a posting
// (writeLedger against a bare insert, one entry and 1,000 at once, each in a rolled-back transaction).
//   npx tsx bench/credits-progress.ts --db=pglite|postgres [--teachers=50000]
import { pathToFileURL } from 'node:url';
import { presetRules } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { one, rows, type Tx } from '../server/src/db/client.js';
import type { Deps } from '../server/src/deps.js';
import { writeLedger } from '../server/src/modules/credits/ledger-write.js';
import { ensureTotals } from '../server/src/modules/credits/totals.js';
import { arg, bareRunner, type Comparison, report, timePair } from './lib/compare.js';
import { fmt, measure } from './lib/measure.js';
import { benchApp, type DbKind, loginCookie, openBench } from './lib/setup.js';

const kind = arg('db', 'pglite') as DbKind;
const TEACHERS = Number(arg('teachers', kind === 'postgres' ? '50000' : '7500'));
const YEARS = [2021, 2025];
const N = Number(arg('n', '15'));

/** Tops the county up to `teachers` serving teachers and writes the ledger by SQL (a bench's bulk load). */
export async function generate(deps: Deps, regionId: number, teachers = TEACHERS) {
  const db = deps.db;
  await db.execute(
    sql`insert into teachers (region_id, school_id, name, gender, id_enc, id_hash, id_masked, stage, subject, hire_date, posts)
        select ${regionId}, s.id, '补充教师' || g, '女', 'bench', 'bench-' || g, '5106********' || lpad(g::text, 4, '0'),
               '小学', '语文', make_date(2000 + g % 27, 9, 1), case when g % 5 = 0 then '{班主任}'::text[] else '{}' end
        from generate_series(1, greatest(0, ${teachers} - (select count(*) from teachers
                                                                where region_id = ${regionId} and status = '在职')::int)) g
        join (select id, (row_number() over (order by id) - 1)::int as rn from schools where region_id = ${regionId}) s
          on s.rn = g % (select count(*) from schools where region_id = ${regionId})::int`,
  );
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
        cross join generate_series(${YEARS[0]!}::int, ${YEARS[1]!}::int) y
        cross join generate_series(1, 6) k
        cross join lateral (select (t.id * 31 + y * 17 + k * 13) % 1000 as h) x
        where t.region_id = ${regionId} and t.status = '在职'`,
  );
  await db.execute(
    sql`insert into credit_ledger (region_id, teacher_id, source, source_ref, category, level, mode, hours,
                                   occurred_on, note, reverses_id)
        select region_id, teacher_id, source, source_ref, category, level, mode, -hours, occurred_on, '基准冲销', id
        from credit_ledger where region_id = ${regionId} and id % 200 = 0`,
  );
  // The rule set by SQL, version raised: the totals are rebuilt before the next read (as after the migration).
  await db.execute(
    sql`insert into credit_rule_sets (region_id, preset, rules, version)
        values (${regionId}, 'source_cap', ${JSON.stringify({
          ...presetRules('source_cap'),
          activities: presetRules('jiangsu').activities,
        })}::jsonb, 1)
        on conflict (region_id) do update
          set rules = excluded.rules, preset = excluded.preset, version = credit_rule_sets.version + 1`,
  );
  await db.execute(sql`analyze`);
  return (await one<{ teachers: number; entries: number }>(
    db,
    sql`select (select count(*) from teachers where region_id = ${regionId} and status = '在职')::int as teachers,
               (select count(*) from credit_ledger where region_id = ${regionId})::int as entries`,
  ))!;
}

// Run only when executed (generate() is also used to look at query plans).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

async function main() {
  const bench = await openBench(kind);
  const results: Comparison[] = [];
  try {
    const gen = await measure('generate', () => generate(bench.deps, bench.regionId));
    const sizes = `${gen.result.teachers.toLocaleString('en')} teachers, ${gen.result.entries.toLocaleString('en')} ledger entries`;
    console.log(`generated in ${fmt.ms(gen.stats.ms)}: ${sizes} (${YEARS[0]}–${YEARS[1]})`);
    const built = await measure('totals', () => ensureTotals(bench.deps.db, bench.regionId));
    console.log(`credit totals built (first read after the load) in ${fmt.ms(built.stats.ms)}`);
    await bench.deps.db.execute(sql`analyze`);

    const app = await benchApp(bench.deps);
    const county = await loginCookie(app, 'county');
    const school = await loginCookie(app, 'school1');
    const get = async (cookie: string, url: string) => {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      return res;
    };
    const bare = bareRunner(bench.deps.database);
    const school1 = (await one<{ id: number }>(
      bench.deps.db,
      sql`select school_id as id from users where username = 'school1'`,
    ))!.id;
    const ledgerSum = (where: string, params: unknown[], offset: number, status = 'true') => ({
      sql: `with x as (
              select t.id, t.name, s.name as school_name, coalesce(l.hours, 0) as counted
              from teachers t join schools s on s.id = t.school_id
              left join (select teacher_id, sum(hours) as hours from credit_ledger
                         where region_id = $1 and occurred_on >= '2021-01-01' and occurred_on <= '2025-12-31'
                         group by teacher_id) l on l.teacher_id = t.id
              where t.region_id = $1 and t.status = '在职' ${where})
            select x.*, count(*) over () as teachers, count(*) filter (where counted >= 360) over () as complete
            from x where ${status} order by (counted >= 360), counted, school_name, name, id limit 20 offset ${offset}`,
      params: [bench.regionId, ...params],
    });
    const cases: Array<[string, string, string, ReturnType<typeof ledgerSum>]> = [
      ['who is behind, county, page 1', county, '/api/credits/progress?cycle=2025&status=all', ledgerSum('', [], 0)],
      [
        'who is behind, county, at risk',
        county,
        '/api/credits/progress?cycle=2025&status=at_risk',
        ledgerSum('', [], 0, 'counted < 360'),
      ],
      [
        'who is behind, county, page 50',
        county,
        '/api/credits/progress?cycle=2025&status=all&page=50',
        ledgerSum('', [], 980),
      ],
      [
        'who is behind, school admin',
        school,
        '/api/credits/progress?cycle=2025&status=all',
        ledgerSum('and t.school_id = $2', [school1], 0),
      ],
    ];
    for (const [what, cookie, url, baseline] of cases) {
      const m = await timePair(
        N,
        () => get(cookie, url),
        () => bare(baseline),
      );
      results.push({
        item: 'item 2',
        what,
        db: kind,
        product: m.product,
        baseline: m.baseline,
        unit: 'ms',
        against: 'ledger hours summed in SQL, ordered, paged (no rules)',
      });
    }

    // What a posting pays for the totals: writeLedger against a bare insert of the same rows, each in a
    // transaction rolled back (so the county stays as it was).
    const ids = (
      await rows<{ id: number }>(
        bench.deps.db,
        sql`select id from teachers where region_id = ${bench.regionId} and status = '在职' order by id limit 1000`,
      )
    ).map((r) => r.id);
    const entry = (teacherId: number, i: number) => ({
      regionId: bench.regionId,
      teacherId,
      source: 'adjustment',
      category: '学科/新课标',
      level: '县培',
      hours: 8,
      occurredOn: `2024-0${1 + (i % 9)}-15`,
      note: '基准',
    });
    const rollback = new Error('rollback');
    const inTx = async (fn: (tx: Tx) => Promise<unknown>) => {
      await bench.deps.db
        .transaction(async (tx) => {
          await fn(tx);
          throw rollback;
        })
        .catch((e) => {
          if (e !== rollback) throw e;
        });
    };
    const bareInsert = (list: ReturnType<typeof entry>[]) =>
      sql`insert into credit_ledger (region_id, teacher_id, source, category, level, hours, occurred_on, note)
          select ${bench.regionId}, v.t, 'adjustment', '学科/新课标', '县培', 8, v.d::date, '基准'
          from unnest(${`{${list.map((e) => e.teacherId).join(',')}}`}::int[], ${`{${list.map((e) => e.occurredOn).join(',')}}`}::text[]) v(t, d)`;
    let k = 0;
    for (const [what, size] of [
      ['a posting, one entry', 1],
      ['a posting, 1,000 entries (a completion)', 1000],
    ] as const) {
      const list = () => ids.slice(0, size).map((t) => entry(t, k++));
      const m = await timePair(
        size === 1 ? N * 2 : Math.max(5, Math.round(N / 2)),
        () => inTx((tx) => writeLedger(tx, list())),
        () => inTx((tx) => tx.execute(bareInsert(list()))),
      );
      results.push({
        item: 'item 2',
        what,
        db: kind,
        product: m.product,
        baseline: m.baseline,
        unit: 'ms',
        against: 'the same rows inserted without totals',
      });
    }
    await app.close();
    report(`credits-progress — ${sizes} on ${kind}`, results);
  } finally {
    await bench.close();
  }
}
