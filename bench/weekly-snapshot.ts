// Benchmark (issue 16, item 6): the nightly weekly-report snapshot for a province. Product: the job
// as it runs now — one set-based pass over every county and one insert. Baseline: the same weeks
// stored county by county (the job as it was: a snapshot check, the week's queries and an insert per
// county). Same data, alternating, snapshots deleted between runs.
//   npx tsx bench/weekly-snapshot.ts --db=pglite|postgres [--counties=100]
import { addDays, mondayOf } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { one, rows } from '../server/src/db/client.js';
import { shanghaiDay } from '../server/src/jobs/time.js';
import { computeWeek, snapshot, storeSnapshot } from '../server/src/modules/weekly/weekly.repo.js';
import { snapshotLastWeek } from '../server/src/modules/weekly/weekly.service.js';
import { arg, type Comparison, report, timePair } from './lib/compare.js';
import { fmt, measure } from './lib/measure.js';
import { type DbKind, openBench } from './lib/setup.js';

const kind = arg('db', 'pglite') as DbKind;
const COUNTIES = Number(arg('counties', '100'));
const N = Number(arg('n', '5'));

const bench = await openBench(kind);
const db = bench.deps.db;
try {
  const day = shanghaiDay();
  const lastWeek = addDays(mondayOf(day), -7);
  const inWeek = `${lastWeek}T10:00:00+08:00`;
  const gen = await measure('generate', async () => {
    // Counties beside the demo one: 12 schools, 360 teachers, 6 projects and ~600 participations
    // each; last week's nominations, enrolments, completions, report-backs due, reflections, expenses.
    await db.execute(
      sql`insert into regions (name, code) select '周报县' || k, 'WEEKLY-' || k from generate_series(2, ${COUNTIES}) k`,
    );
    await db.execute(
      sql`insert into areas (region_id, name) select id, '学区' from regions where code like 'WEEKLY-%'`,
    );
    await db.execute(
      sql`insert into schools (region_id, area_id, name, type, affiliation, urban_rural)
          select a.region_id, a.id, '学校' || k, '小学', '镇乡', '乡村'
          from areas a join regions r on r.id = a.region_id and r.code like 'WEEKLY-%' cross join generate_series(1, 12) k`,
    );
    await db.execute(
      sql`insert into teachers (region_id, school_id, name, id_enc, id_hash, id_masked, stage, subject)
          select s.region_id, s.id, '教师' || s.id || '-' || k, 'bench', 'bench-' || s.id || '-' || k, '**************0000',
                 '小学', '语文'
          from schools s join regions r on r.id = s.region_id and r.code like 'WEEKLY-%' cross join generate_series(1, 30) k`,
    );
    await db.execute(
      sql`insert into projects (region_id, name, year, level, category, mode, organiser_type, start_date, end_date, hours,
                                status)
          select r.id, '县培项目' || k, 2026, '县培', '学科/新课标', '集中面授', 'county', ${lastWeek}::date,
                 ${lastWeek}::date + 2, 8, 'closed'
          from regions r cross join generate_series(1, 6) k where r.code like 'WEEKLY-%'`,
    );
    await db.execute(
      sql`insert into participations (region_id, project_id, teacher_id, school_id, source, status, reviewed_at,
                                      completed_at, created_at)
          select t.region_id, p.id, t.id, t.school_id, 'nomination',
                 (array['nominated','enrolled','completed','completed'])[1 + (t.id + p.id) % 4],
                 ${inWeek}::timestamptz, case when (t.id + p.id) % 4 >= 2 then ${inWeek}::timestamptz end,
                 ${inWeek}::timestamptz - interval '1 day'
          from teachers t join projects p on p.region_id = t.region_id
          join regions r on r.id = t.region_id and r.code like 'WEEKLY-%'
          where (t.id * 7 + p.id) % 9 < 3`,
    );
    await db.execute(
      sql`insert into report_backs (region_id, school_id, teacher_id, project_id, participation_id, due_on, status)
          select pa.region_id, pa.school_id, pa.teacher_id, pa.project_id, pa.id, ${lastWeek}::date + pa.id % 7,
                 case when pa.id % 3 = 0 then 'submitted' else 'pending' end
          from participations pa join regions r on r.id = pa.region_id and r.code like 'WEEKLY-%'
          where pa.status = 'completed'`,
    );
    await db.execute(
      sql`insert into reflections (region_id, school_id, teacher_id, project_id, participation_id, title, body, created_at)
          select pa.region_id, pa.school_id, pa.teacher_id, pa.project_id, pa.id, '心得', '收获很大', ${inWeek}::timestamptz
          from participations pa join regions r on r.id = pa.region_id and r.code like 'WEEKLY-%'
          where pa.status = 'completed' and pa.id % 2 = 0`,
    );
    await db.execute(
      sql`insert into expenses (region_id, school_id, category, amount, spent_on)
          select s.region_id, case when s.id % 4 = 0 then null else s.id end, 'travel', 100 + s.id % 50, ${lastWeek}::date + 1
          from schools s join regions r on r.id = s.region_id and r.code like 'WEEKLY-%'`,
    );
    await db.execute(sql`analyze`);
  });
  const sizes = await one<{ regions: number; schools: number; participations: number }>(
    db,
    sql`select (select count(*) from regions)::int as regions, (select count(*) from schools)::int as schools,
               (select count(*) from participations)::int as participations`,
  );
  console.log(
    `generated in ${fmt.ms(gen.stats.ms)}: ${sizes!.regions} counties, ${sizes!.schools} schools, ` +
      `${sizes!.participations} participations`,
  );
  const clear = () => db.execute(sql`delete from weekly_reports where week_start = ${lastWeek}`);
  const regionIds = (await rows<{ id: number }>(db, sql`select id from regions order by id`)).map((r) => r.id);
  const m = await timePair(
    N,
    async () => {
      await clear();
      await snapshotLastWeek(db, day);
    },
    async () => {
      await clear();
      // The job as it was: county by county.
      for (const id of regionIds) {
        if (await snapshot(db, id, lastWeek)) continue;
        await storeSnapshot(db, id, await computeWeek(db, id, lastWeek, day));
      }
    },
    1,
  );
  const stored = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from weekly_reports where week_start = ${lastWeek}`,
  );
  console.log(`snapshots stored for ${stored!.n} counties`);
  const results: Comparison[] = [
    {
      item: 'item 6',
      what: `weekly snapshot, ${regionIds.length} counties`,
      db: kind,
      product: m.product,
      baseline: m.baseline,
      unit: 'ms',
      against: 'the same weeks stored county by county (the job before)',
    },
  ];
  report(`weekly-snapshot — ${regionIds.length} counties on ${kind}`, results);
} finally {
  await bench.close();
}
