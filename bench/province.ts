// Benchmark (issue 16, items 2 and 3): a county admin's reads on a province. PostgreSQL only.
//
// Builds the measured county by SQL (50,000 teachers at --scale=1, a 6,000-person project, six
// years of projects, participations, check-ins, ledger, audit rows), builds its credit totals with
// the product's own rebuild, ANALYZEs and times each read — stats summary, breakdown, who is
// behind, teacher search, participants, audit log, auth/me — through the HTTP app against its bare
// SQL on the raw driver. Then adds the rest of the province (99 more counties of ~7,500 teachers:
// ≈ 0.8 M teachers, ≈ 15 M participations and ledger rows in all) and times the same reads of the
// same county again: against bare SQL, and against the county-scale figures.
//   npx tsx bench/province.ts [--scale=0.1]         (BENCH_PG_URL: a PostgreSQL server to create a database on)
//   npm run bench -- --only=province --scale=0.1    (a throwaway cluster)
import { randomBytes } from 'node:crypto';
import { LEVELS, ONLINE_MODES } from '@shixun/common';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../server/src/app.js';
import { migrate, one, openDatabase } from '../server/src/db/client.js';
import type { App, Deps } from '../server/src/deps.js';
import { SESSION_COOKIE } from '../server/src/http/auth.js';
import { createIdCipher, randomToken, sha256 } from '../server/src/lib/crypto.js';
import { rebuildTotals } from '../server/src/modules/credits/totals.js';
import { arg, bareRunner, type Comparison, loadAverage, report, timeIt, timePair } from './lib/compare.js';
import { fmt } from './lib/measure.js';
import { addCounties, type CountySpec } from './lib/province-data.js';
import { benchConfig, SECRET } from './lib/setup.js';

const scale = Number(arg('scale', process.env.BENCH_SCALE ?? '1'));
const N = Number(arg('n', '15'));
const COUNTIES = Math.max(2, Math.round(100 * scale));
const BIG = Math.max(2000, Math.round(50_000 * scale));
const BIG_PROJECT = Math.min(6000, Math.round(BIG * 0.5));
const teachersOf = (idx: number) =>
  idx === 1 ? BIG : Math.max(300, Math.round(7500 * scale * (0.6 + ((idx * 37) % 9) / 10)));

const base = process.env.BENCH_PG_URL;
if (!base) throw new Error('BENCH_PG_URL is not set (npm run bench starts a throwaway cluster)');
const dbName = `shixun_province_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`create database ${dbName}`);
await admin.end();
const url = new URL(base);
url.pathname = `/${dbName}`;

const database = await openDatabase({ databaseUrl: url.toString() });
const gen = new pg.Client({ connectionString: url.toString() });
const results: Comparison[] = [];
let app: App | undefined;
try {
  await migrate(database);
  await gen.connect();
  await gen.query('set jit = off');
  const deps: Deps = {
    database,
    db: database.db,
    read: database.read,
    config: benchConfig('/tmp'),
    cipher: createIdCipher(SECRET),
  };
  const log = (phase: string, ms: number, rows?: number) =>
    console.log(
      `  ${phase.padEnd(18)} ${fmt.ms(ms).padStart(9)}${rows != null ? `  ${rows.toLocaleString('en')} rows` : ''}`,
    );

  console.log(
    `province bench: scale ${scale}, ${COUNTIES} counties, measured county ${BIG} teachers; load ${loadAverage()}`,
  );
  let t = performance.now();
  await addCounties(gen, [{ idx: 1, teachers: BIG }], log, BIG_PROJECT);
  const region = (await one<{ id: number }>(database.db, sql`select id from regions where code = 'BENCH-1'`))!.id;
  await gen.query('analyze');
  await buildTotals([region]);
  await gen.query('analyze');
  console.log(`county built in ${fmt.ms(performance.now() - t)}: ${await sizes()}`);
  const county = await measure('county');

  t = performance.now();
  const rest: CountySpec[] = [];
  for (let idx = 2; idx <= COUNTIES; idx++) rest.push({ idx, teachers: teachersOf(idx) });
  for (let i = 0; i < rest.length; i += 10) {
    const batch = rest.slice(i, i + 10);
    console.log(`counties ${batch[0]!.idx}–${batch.at(-1)!.idx}:`);
    await addCounties(gen, batch, log);
    const ids = await gen.query<{ id: number }>(`select id from regions where code = any($1::text[]) order by id`, [
      batch.map((b) => `BENCH-${b.idx}`),
    ]);
    await gen.query('analyze');
    await buildTotals(ids.rows.map((r) => r.id));
  }
  await gen.query('analyze');
  console.log(`province built in ${fmt.ms(performance.now() - t)}: ${await sizes()}`);
  const province = await measure('province');

  for (const [what, p] of Object.entries(province.product)) {
    results.push({
      item: what === 'who is behind, page 1' ? 'item 2' : 'item 3',
      what: `${what}: province vs county`,
      db: 'postgres',
      product: p,
      baseline: county.product[what]!,
      unit: 'ms',
      against: `the same read with one county in the database`,
    });
  }

  // The login check with stale statistics on sessions (a fifth more sessions since ANALYZE): the
  // plain join of before, and the look-up by primary keys of now, both bare.
  await gen.query(
    `insert into sessions (id, user_id, expires_at)
     select md5('bench-later-' || u.id), u.id, now() + interval '12 hours' from users u where u.id % 5 = 1`,
  );
  const sid = province.sessionId;
  const bare = bareRunner(database);
  const joinForm = {
    sql: `select s.id as session_id, s.last_seen_at, u.id, u.username, u.display_name, u.role, u.region_id, u.school_id,
                 u.area_id, u.consortium_id, u.teacher_id, u.must_change_password, u.disabled
          from sessions s join users u on u.id = s.user_id where s.id = $1 and s.expires_at > now()`,
    params: [sid],
  };
  const lateralForm = {
    sql: `select s.id as session_id, s.last_seen_at, u.* from (select id, user_id, last_seen_at from sessions
            where id = $1 and expires_at > now()) s
          cross join lateral (select u.id, u.username, u.display_name, u.role, u.region_id, u.school_id, u.area_id,
                                     u.consortium_id, u.teacher_id, u.must_change_password, u.disabled
                              from users u where u.id = s.user_id offset 0) u`,
    params: [sid],
  };
  const login = await timePair(
    N * 2,
    () => bare(lateralForm),
    () => bare(joinForm),
  );
  results.push({
    item: 'item 3',
    what: 'login check, stale session statistics (bare)',
    db: 'postgres',
    product: login.product,
    baseline: login.baseline,
    unit: 'ms',
    against: 'the join of sessions and users used before',
  });

  // JIT: the summary statement with JIT (PostgreSQL's default) against without (the pools now).
  const summary = province.bare.summary!;
  const client = await database.pool!.connect();
  try {
    const run = () => client.query(summary.sql, summary.params as unknown[]);
    await client.query('set jit = on');
    const on = await timeIt(N, run);
    await client.query('set jit = off');
    const off = await timeIt(N, run);
    results.push({
      item: 'item 3',
      what: 'stats summary statement, JIT off vs on (bare)',
      db: 'postgres',
      product: off.median,
      baseline: on.median,
      unit: 'ms',
      against: 'the same statement with jit = on (PostgreSQL default)',
    });
  } finally {
    client.release();
  }

  report(`province — ${COUNTIES} counties, ${await sizes()}`, results);

  // ---------- helpers ----------

  async function buildTotals(regionIds: number[]) {
    const started = performance.now();
    for (const id of regionIds) await database.db.transaction((tx) => rebuildTotals(tx, id));
    log('credit totals', performance.now() - started);
  }

  async function sizes() {
    const r = await one<Record<string, number>>(
      database.db,
      sql`select (select count(*) from teachers)::int as teachers, (select count(*) from participations)::int as participations,
                 (select count(*) from credit_ledger)::int as ledger, (select count(*) from audit_log)::int as audit,
                 (select count(*) from credit_totals)::int as totals`,
    );
    return Object.entries(r!)
      .map(([k, v]) => `${Number(v).toLocaleString('en')} ${k}`)
      .join(', ');
  }

  async function measure(phase: 'county' | 'province') {
    app ??= await buildApp(deps, { webDist: null });
    await app.ready();
    const facts = (await one<{
      user_id: number;
      project_id: number;
      name3: string;
      name1: string;
    }>(
      database.db,
      sql`select (select id from users where username = 'county1') as user_id,
                 (select id from projects where region_id = ${region} and name = '全员培训：新课标解读') as project_id,
                 (select name from teachers where region_id = ${region} and char_length(name) = 3 order by id limit 1) as name3,
                 (select substr(name, 1, 1) from teachers where region_id = ${region} order by id limit 1) as name1`,
    ))!;
    const token = randomToken();
    const sessionId = sha256(token);
    await database.db.execute(
      sql`insert into sessions (id, user_id, expires_at) values (${sessionId}, ${facts.user_id}, now() + interval '12 hours')`,
    );
    const cookie = `${SESSION_COOKIE}=${token}`;
    const get = async (path: string) => {
      const res = await app!.inject({ method: 'GET', url: path, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res;
    };
    const q = (text: string, params: unknown[]) => ({ sql: text, params });
    const from = '2025-01-01';
    const to = '2026-01-01';
    const levelCols = LEVELS.map(
      (l, i) => `count(*) filter (where pt.attended and pt.level = '${l}')::int as l${i}`,
    ).join(', ');
    const summarySql = q(
      `with sc as (select s.id, s.name, s.area_id from schools s where s.region_id = $1),
        yp as (select pr.id, pr.level, pr.mode from projects pr
               where pr.region_id = $1 and pr.end_date >= $2::date and pr.end_date < $3::date),
        att as (select distinct a.participation_id from attendance a
                where a.status in ('present', 'late')
                  and a.session_id in (select ps.id from project_sessions ps join yp on yp.id = ps.project_id)),
        pt as (select p.teacher_id, p.school_id, p.status, p.result, yp.level, yp.mode,
                      (p.status in ('completed', 'failed') or (p.status = 'enrolled' and p.id in (select participation_id from att))) as attended
               from participations p join yp on yp.id = p.project_id
               where p.region_id = $1 and p.status in ('enrolled', 'completed', 'failed')),
        agg as (select pt.school_id, ${levelCols},
                       count(*) filter (where pt.attended and pt.mode = any($4::text[]))::int as online,
                       count(*)::int as places, count(*) filter (where pt.result is not null)::int as assessed,
                       count(*) filter (where pt.status = 'completed')::int as completed,
                       count(*) filter (where pt.status = 'failed')::int as failed,
                       count(*) filter (where pt.result in ('合格', '优秀'))::int as passed,
                       count(*) filter (where pt.result = '优秀')::int as excellent
                from pt where pt.school_id in (select id from sc) group by pt.school_id),
        trained as (select distinct pt.teacher_id from pt where pt.attended),
        tc as (select t.school_id, count(*)::int as teachers, count(tr.teacher_id)::int as trained
               from teachers t left join trained tr on tr.teacher_id = t.id
               where t.region_id = $1 and t.status = '在职' and t.school_id in (select id from sc) group by t.school_id)
       select sc.id, sc.name, ar.name as area_name, agg.*, tc.teachers, tc.trained
       from sc left join areas ar on ar.id = sc.area_id left join agg on agg.school_id = sc.id left join tc on tc.school_id = sc.id
       order by ar.name, ar.id, sc.name, sc.id`,
      [region, from, to, `{${ONLINE_MODES.join(',')}}`],
    );
    const ORDER = '{nominated,enrolled,waitlisted,completed,failed,rejected,withdrawn}';
    const reads: Array<{ what: string; path: string; bare: Array<{ sql: string; params: unknown[] }> }> = [
      // The floor of any read: the app's fixed cost (routing, the login check, hooks, serialisation).
      { what: 'health (floor: select 1)', path: '/api/health', bare: [q('select 1', [])] },
      { what: 'stats summary', path: '/api/stats/summary?year=2025', bare: [summarySql] },
      { what: 'stats breakdown by school', path: '/api/stats/breakdown?year=2025&by=school', bare: [summarySql] },
      {
        what: 'who is behind, page 1',
        path: '/api/credits/progress?cycle=2025&status=all',
        // The issue's baseline: the same numbers in SQL — each teacher's hours in the cycle summed from
        // the ledger (no caps, no rules), ordered and paged, with the count.
        bare: [
          q(
            `with x as (
               select t.id, t.name, s.name as school_name, coalesce(l.hours, 0) as counted
               from teachers t join schools s on s.id = t.school_id
               left join (select teacher_id, sum(hours) as hours from credit_ledger
                          where region_id = $1 and occurred_on >= '2021-01-01' and occurred_on <= '2025-12-31'
                          group by teacher_id) l on l.teacher_id = t.id
               where t.region_id = $1 and t.status = '在职')
             select x.*, count(*) over () as total, count(*) filter (where counted >= 360) over () as complete
             from x order by (counted >= 360), counted, school_name, name, id limit 20`,
            [region],
          ),
        ],
      },
      {
        what: 'teacher search, full name',
        path: `/api/teachers?q=${encodeURIComponent(facts.name3)}`,
        bare: searchSql(facts.name3),
      },
      {
        what: 'teacher search, surname',
        path: `/api/teachers?q=${encodeURIComponent(facts.name1)}`,
        bare: searchSql(facts.name1),
      },
      {
        what: `participants, ${BIG_PROJECT}-person project`,
        path: `/api/projects/${facts.project_id}/participants?page=1&pageSize=20`,
        bare: [
          q(
            `select pa.id, pa.teacher_id, t.name, t.id_masked, pa.school_id, s.name as school_name, pa.status
             from participations pa join teachers t on t.id = pa.teacher_id join schools s on s.id = pa.school_id
             where pa.project_id = $1
             order by array_position($2::text[], pa.status), pa.waitlisted_at nulls last, s.name, t.name, pa.id limit 20`,
            [facts.project_id, ORDER],
          ),
          q(`select pa.status, count(*)::int as n from participations pa where pa.project_id = $1 group by pa.status`, [
            facts.project_id,
          ]),
        ],
      },
      {
        what: 'audit log, page 1',
        path: '/api/audit?page=1&pageSize=20',
        bare: [
          q(
            `select a.id, a.created_at, a.user_id, a.user_name, a.action, a.entity, a.entity_id, a.before, a.after, a.ip,
                    a.user_agent
             from audit_log a where a.region_id = $1 order by a.created_at desc, a.id desc limit 20`,
            [region],
          ),
          q(`select count(*)::int as n from audit_log a where a.region_id = $1`, [region]),
        ],
      },
      {
        what: 'auth/me',
        path: '/api/auth/me',
        bare: [
          q(
            `select s.id, s.last_seen_at, u.* from sessions s join users u on u.id = s.user_id
             where s.id = $1 and s.expires_at > now()`,
            [sessionId],
          ),
          q(
            `select r.name as region_name, s.name as school_name, a.name as area_name, c.name as consortium_name
             from users u join regions r on r.id = u.region_id left join schools s on s.id = u.school_id
             left join areas a on a.id = u.area_id left join consortia c on c.id = u.consortium_id where u.id = $1`,
            [facts.user_id],
          ),
        ],
      },
    ];
    const bare = bareRunner(database);
    const product: Record<string, number> = {};
    for (const r of reads) {
      const m = await timePair(
        N,
        () => get(r.path),
        async () => {
          for (const s of r.bare) await bare(s);
        },
      );
      product[r.what] = m.product;
      results.push({
        item: r.what === 'who is behind, page 1' ? 'item 2' : 'item 3',
        what: `${r.what} (${phase})`,
        db: 'postgres',
        product: m.product,
        baseline: m.baseline,
        unit: 'ms',
        against:
          r.what === 'who is behind, page 1'
            ? 'ledger hours summed in SQL, ordered, paged (no rules)'
            : 'its SQL on the raw driver',
      });
      console.log(`  ${phase} ${r.what}: ${fmt.ms(m.product)} vs ${fmt.ms(m.baseline)} bare`);
    }
    return { product, sessionId, bare: { summary: summarySql } };

    function searchSql(text: string) {
      const like = `%${text}%`;
      return [
        q(
          `select t.id, t.name, t.gender, t.id_masked, t.birth_year, t.phone, t.school_id, s.name as school_name, t.stage,
                  t.subject, t.title, t.degree, t.hire_date, t.posts, t.tags, t.status,
                  exists (select 1 from users u where u.teacher_id = t.id) as has_account
           from teachers t join schools s on s.id = t.school_id
           where t.region_id = $1 and t.name ilike $2 order by (t.status <> '在职'), t.name, t.id limit 20`,
          [region, like],
        ),
        q(
          `select count(*)::int as n from teachers t join schools s on s.id = t.school_id
           where t.region_id = $1 and t.name ilike $2`,
          [region, like],
        ),
      ];
    }
  }
} finally {
  await app?.close();
  await gen.end().catch(() => {});
  await database.close();
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`drop database if exists ${dbName} with (force)`);
  await c.end();
}
