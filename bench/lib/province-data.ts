// A province built by SQL, county by county: regions, areas, schools, teachers with accounts,
// five-plus years of projects (国培 to 校培), participations with outcomes, sessions and
// check-ins, the credit ledger (project postings, applications, reversals), audit rows, a few
// 违反师德 records, sessions. Deterministic (hashes of ids, no random()), set-based: one statement
// per table for a batch of counties. Runs on one connection (it uses temporary tables).
import type pg from 'pg';

export interface CountySpec {
  /** 1-based index: names, codes and the measured county (1) derive from it. */
  idx: number;
  teachers: number;
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红玲建国志文斌宇浩凯鹏飞雪梅琳晨欣怡子涵梓轩';
export const YEARS = [2021, 2026] as const;

type Log = (phase: string, ms: number, rows?: number) => void;

async function step(c: pg.Client, log: Log, phase: string, text: string, params: unknown[] = []) {
  if (process.env.EXPLAIN_STEP === phase) {
    const plan = await c.query(`explain ${text}`, params);
    console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
  const t = performance.now();
  const r = await c.query(text, params);
  log(phase, performance.now() - t, r.rowCount ?? undefined);
  return r;
}

/**
 * Adds the counties. The measured county (idx 1) also gets one 县培 project of `bigProject`
 * participants in 2025 (nominated, enrolled, waitlisted, completed …), for the participants list.
 */
export async function addCounties(c: pg.Client, counties: CountySpec[], log: Log, bigProject = 6000) {
  await c.query('drop table if exists bc, so, tor, tcount');
  await c.query(
    `insert into regions (name, code) select '基准县' || v.idx, 'BENCH-' || v.idx from unnest($1::int[]) v(idx)`,
    [counties.map((x) => x.idx)],
  );
  await c.query(
    `create temp table bc as
       select r.id as region_id, v.idx, v.teachers, greatest(4, ceil(v.teachers / 60.0))::int as schools
       from unnest($1::int[], $2::int[]) v(idx, teachers) join regions r on r.code = 'BENCH-' || v.idx`,
    [counties.map((x) => x.idx), counties.map((x) => x.teachers)],
  );
  await c.query('alter table bc add primary key (region_id)');
  await step(
    c,
    log,
    'areas',
    `insert into areas (region_id, name) select bc.region_id, '学区' || k from bc, generate_series(1, 8) k`,
  );
  await step(
    c,
    log,
    'schools',
    `insert into schools (region_id, area_id, name, type, affiliation, urban_rural)
     select bc.region_id, a.id,
            (array['实验小学','中心小学','第一中学','九年制学校','幼儿园','高级中学'])[1 + k % 6] || (k + 1),
            (array['小学','小学','初中','九年一贯制','幼儿园','高中'])[1 + k % 6],
            (array['直属','镇乡',null,null,null,null]::text[])[1 + k % 6],
            (array['城区','镇区','乡村'])[1 + k % 3]
     from bc cross join generate_series(0, bc.schools - 1) k
     join lateral (select id from areas where region_id = bc.region_id order by id offset (k % 8) limit 1) a on true`,
  );
  await c.query(
    `create temp table so as
       select s.region_id, s.id as school_id, (row_number() over (partition by s.region_id order by s.id) - 1)::int as rn
       from schools s join bc on bc.region_id = s.region_id`,
  );
  await c.query('create index on so (region_id, rn)');
  await step(
    c,
    log,
    'teachers',
    `insert into teachers (region_id, school_id, name, gender, id_enc, id_hash, id_masked, stage, subject, hire_date,
                           posts, status, birth_year)
     select bc.region_id, so.school_id,
            substr($1, 1 + ((g * 31 + bc.idx * 7) % ${SURNAMES.length}), 1)
              || substr($2, 1 + ((g * 17 + bc.idx) % ${GIVEN.length}), 1)
              || case when g % 2 = 0 then substr($2, 1 + ((g * 13 + 7) % ${GIVEN.length}), 1) else '' end,
            case when g % 3 = 0 then '男' else '女' end, 'bench', 'bench-' || g, '**************' || lpad((g % 10000)::text, 4, '0'),
            (array['小学','初中','高中','幼儿园'])[1 + g % 4], (array['语文','数学','英语','科学','音乐','体育','美术','道德与法治'])[1 + g % 8],
            make_date(1990 + g % 37, 9, 1), case when g % 5 = 0 then '{班主任}'::text[] else '{}'::text[] end,
            case when g % 40 = 0 then '退休' else '在职' end, 1965 + g % 35
     from bc cross join generate_series(0, bc.teachers - 1) g
     join so on so.region_id = bc.region_id and so.rn = g % bc.schools`,
    [SURNAMES, GIVEN],
  );
  await c.query(
    `create temp table tor as
       select t.region_id, t.id as teacher_id, t.school_id,
              (row_number() over (partition by t.region_id order by t.id) - 1)::int as rn
       from teachers t join bc on bc.region_id = t.region_id where t.status = '在职'`,
  );
  await c.query('create index on tor (region_id, rn)');
  await c.query('create index on tor (school_id)');
  await c.query('create temp table tcount as select region_id, count(*)::int as n from tor group by region_id');
  await c.query('analyze bc');
  await c.query('analyze so');
  await c.query('analyze tor');
  await c.query('analyze tcount');
  await step(
    c,
    log,
    'users',
    `insert into users (region_id, username, display_name, role)
       select region_id, 'county' || idx, '县管理员' || idx, 'county_admin' from bc
     union all
     select t.region_id, 't' || t.id, t.name, 'teacher' from teachers t join bc on bc.region_id = t.region_id`,
  );
  await c.query(
    `update users u set teacher_id = t.id, school_id = t.school_id
     from teachers t join bc on bc.region_id = t.region_id where u.username = 't' || t.id`,
  );
  await step(
    c,
    log,
    'sessions',
    `insert into sessions (id, user_id, expires_at)
     select md5('bench-session-' || u.id), u.id, now() + interval '12 hours'
     from users u join bc on bc.region_id = u.region_id where u.id % 5 = 0`,
  );
  // Projects: per county and year, by level in proportion to the county's size; one 校培 per school.
  await step(
    c,
    log,
    'projects',
    `insert into projects (region_id, name, year, level, category, mode, organiser_type, start_date, end_date, hours, status)
     select bc.region_id, l.level || '项目' || y || '-' || i, y, l.level, '学科/新课标',
            case when i % 5 = 0 then '网络远程' else '集中面授' end, case when l.level = '县培' then 'county' else 'upper' end,
            make_date(y, 1 + i % 12, 1), make_date(y, 1 + i % 12, 10), (array[8, 12, 16, 24, 32])[1 + i % 5],
            case when y < ${YEARS[1]} then 'closed' else 'running' end
     from bc cross join generate_series(${YEARS[0]}, ${YEARS[1]}) y
     cross join (values ('国培', 700), ('省培', 400), ('市州培', 250), ('县培', 130)) l(level, per)
     cross join lateral generate_series(1, ceil(bc.teachers::numeric / l.per)::int) i`,
  );
  await step(
    c,
    log,
    'school projects',
    `insert into projects (region_id, name, year, level, category, mode, organiser_type, start_date, end_date, hours, status,
                           school_id)
     select so.region_id, '校本研修' || y || '-' || so.school_id, y, '校培', '校本研修', '集中面授', 'school',
            make_date(y, 3, 1), make_date(y, 3, 20), 12, case when y < ${YEARS[1]} then 'closed' else 'running' end,
            so.school_id
     from so cross join generate_series(${YEARS[0]}, ${YEARS[1]}) y`,
  );
  const h = '((x.project_id * 31 + t.teacher_id * 17) % 100)';
  const outcome = `(case when ${h} < 80 then 'completed' when ${h} < 85 then 'failed' when ${h} < 90 then 'enrolled'
                         when ${h} < 94 then 'withdrawn' when ${h} < 97 then 'nominated' else 'waitlisted' end)`;
  const result = `(case when ${h} < 68 then '合格' when ${h} < 80 then '优秀' when ${h} < 85 then '不合格' end)`;
  await c.query('analyze projects');
  // Row estimates of these generated joins are poor; a nested loop over them takes hours, a hash join seconds.
  await c.query('set enable_nestloop = off');
  await step(
    c,
    log,
    'participations',
    `insert into participations (region_id, project_id, teacher_id, school_id, source, status, result, reviewed_at,
                                 completed_at, waitlisted_at, created_at)
     select x.region_id, x.project_id, t.teacher_id, t.school_id, 'nomination', ${outcome}, ${result},
            x.end_date - interval '20 days', case when ${h} < 80 then x.end_date + interval '1 day' end,
            case when ${h} >= 97 then x.end_date - interval '15 days' end, x.end_date - interval '30 days'
     from (
       select p.id as project_id, p.region_id, p.end_date::timestamptz as end_date, (p.id * 7919 + k) % n.n as rn
       from projects p join bc on bc.region_id = p.region_id join tcount n on n.region_id = p.region_id
       cross join lateral generate_series(0, case p.level when '国培' then 49 when '省培' then 39 when '市州培' then 34
                                                          else 44 end) k
       where p.level <> '校培'
     ) x
     join tor t on t.region_id = x.region_id and t.rn = x.rn
     union all
     select x.region_id, x.project_id, t.teacher_id, t.school_id, 'nomination', ${outcome}, ${result},
            x.end_date - interval '20 days', case when ${h} < 80 then x.end_date + interval '1 day' end,
            case when ${h} >= 97 then x.end_date - interval '15 days' end, x.end_date - interval '30 days'
     from (select p.id as project_id, p.region_id, p.school_id, p.end_date::timestamptz as end_date
           from projects p join bc on bc.region_id = p.region_id where p.level = '校培') x
     join tor t on t.school_id = x.school_id`,
  );
  await c.query('reset enable_nestloop');
  // The measured county's big project.
  if (counties.some((x) => x.idx === 1)) {
    await c.query(
      `insert into projects (region_id, name, year, level, category, mode, organiser_type, start_date, end_date, hours,
                             status, capacity)
       select region_id, '全员培训：新课标解读', 2025, '县培', '学科/新课标', '网络远程', 'county',
              '2025-09-01', '2025-12-20', 24, 'enrolling', ${Math.round(bigProject * 0.9)}
       from bc where idx = 1`,
    );
    await step(
      c,
      log,
      'big project',
      `insert into participations (region_id, project_id, teacher_id, school_id, source, status, waitlisted_at, created_at)
       select t.region_id, p.id, t.teacher_id, t.school_id, 'nomination',
              (array['nominated','enrolled','enrolled','enrolled','waitlisted','rejected','withdrawn'])[1 + t.rn % 7],
              case when t.rn % 7 = 4 then timestamptz '2025-08-01' + t.rn * interval '1 minute' end, '2025-08-01'
       from bc join projects p on p.region_id = bc.region_id and p.name = '全员培训：新课标解读'
       join tor t on t.region_id = bc.region_id and t.rn < ${bigProject}
       where bc.idx = 1`,
    );
  }
  await step(
    c,
    log,
    'project sessions',
    `insert into project_sessions (region_id, project_id, starts_at, ends_at, topic, qr_secret)
     select p.region_id, p.id, p.start_date::timestamp at time zone 'Asia/Shanghai',
            p.start_date::timestamp at time zone 'Asia/Shanghai' + interval '2 hours', '专题讲座', md5(p.id::text)
     from projects p join bc on bc.region_id = p.region_id`,
  );
  await step(
    c,
    log,
    'attendance',
    `insert into attendance (region_id, session_id, participation_id, teacher_id, status, method)
     select pa.region_id, ps.id, pa.id, pa.teacher_id, case when pa.id % 2 = 0 then 'present' else 'absent' end, 'qr'
     from participations pa join bc on bc.region_id = pa.region_id
     join project_sessions ps on ps.project_id = pa.project_id
     where pa.status in ('enrolled', 'completed', 'failed')`,
  );
  await step(
    c,
    log,
    'ledger',
    `insert into credit_ledger (region_id, teacher_id, source, source_ref, category, level, mode, hours, occurred_on, note,
                                created_at)
     select pa.region_id, pa.teacher_id, 'project', 'participation:' || pa.id, pr.category, pr.level, pr.mode, pr.hours,
            pr.end_date, '完成培训项目《' || pr.name || '》', pa.completed_at
     from participations pa join bc on bc.region_id = pa.region_id join projects pr on pr.id = pa.project_id
     where pa.status = 'completed'
     union all
     select t.region_id, t.teacher_id, 'application', 'application:bench-' || t.teacher_id || '-' || y,
            (array['open_lesson','paper','award','online_course'])[1 + (t.teacher_id + y) % 4], '县培', null,
            (array[6, 10, 18, 4])[1 + (t.teacher_id + y) % 4], make_date(y, 5, 1 + t.teacher_id % 28), '学时申报',
            make_date(y, 6, 1)
     from tor t cross join generate_series(${YEARS[0]}, ${YEARS[1]}) y
     where (t.teacher_id + y) % 7 = 0`,
  );
  await step(
    c,
    log,
    'reversals',
    `insert into credit_ledger (region_id, teacher_id, source, source_ref, category, level, mode, hours, occurred_on, note,
                                reverses_id)
     select c.region_id, c.teacher_id, c.source, c.source_ref, c.category, c.level, c.mode, -c.hours, c.occurred_on,
            '基准冲销', c.id
     from credit_ledger c join bc on bc.region_id = c.region_id where c.id % 300 = 0`,
  );
  await step(
    c,
    log,
    'ethics',
    `insert into ethics_records (region_id, school_id, teacher_id, occurred_on, kind, veto, note)
     select region_id, school_id, teacher_id, make_date(2022 + teacher_id % 4, 5, 1), 'violation', true, '基准数据'
     from tor where teacher_id % 500 = 0`,
  );
  await step(
    c,
    log,
    'audit log',
    `insert into audit_log (region_id, user_id, user_name, action, entity, entity_id, after, created_at)
     select t.region_id, null, '县管理员', (array['participation.nominate','participation.approve','credit.post',
                                                  'attendance.checkin','teacher.update','project.update'])[1 + g % 6],
            'participation', t.teacher_id::text, jsonb_build_object('teacherId', t.teacher_id),
            timestamptz '2021-01-01' + ((t.teacher_id::bigint * 7919 + g * 104729) % (6 * 365 * 86400)) * interval '1 second'
     from tor t cross join generate_series(1, 4) g`,
  );
}
