// The yearly loop in the demo county, written only when its tables exist: the satisfaction
// template (in use since 2025) with the answers of most participants of every course whose survey
// has closed; last winter's needs survey for 2026 (closed, answered), this
// winter's for 2027 (open: teacher1 has it on the to-do), a competency self-assessment; 2025's
// budgets, spending and report-backs (the indicators need them); one 2025 ethics violation; and the
// 2025 school evaluation, computed, scored, adjusted and published (groups 中学组/小学组/幼儿园组, 30% 优秀).
// Every outcome is a fixed function of row ids (Knuth's multiplicative hash), so runs agree.
import { PLAN_TIME_ZONE, type SurveySection } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { county } from '../../access/scope.js';
import { computeEvaluation, regrade } from '../../modules/evaluations/compute-evaluation.js';
import { findEvaluation } from '../../modules/evaluations/evaluations.repo.js';
import { registerBuiltinIndicators } from '../../modules/evaluations/indicators.builtin.js';
import { ensureSatisfactionTemplates } from '../../modules/surveys/satisfaction.js';
import { one, type Tx } from '../client.js';
import { addDays } from './history.js';

export interface YearlySummary {
  satisfactionResponses: number;
  needsResponses: number;
  evaluationId: number;
}

const tz = PLAN_TIME_ZONE;
/** A stable 0–99 bucket of an id column. */
const hash = (col: string, salt = 0) => sql.raw(`(((${col})::bigint * 2654435761 + ${salt}) % 100)::int`);
/** A rating 1–5 leaning to 4–5, from a bucket (b) and a project's quality (q: 0 a weak course … 6). */
const rating = (b: string, q: string) =>
  sql.raw(`(case when ${b} < 3 then 2 when ${b} < 14 + (case when ${q} = 0 then 20 else 0 end) then 3
                 when ${b} < 50 + (case when ${q} = 0 then 15 else 0 end) then 4 else 5 end)`);

const TOPICS = [
  ['ai', '人工智能与教学融合'],
  ['unit', '大单元教学设计'],
  ['standard', '新课标解读与实施'],
  ['psy', '学生心理健康'],
  ['class', '班级管理'],
  ['homework', '作业设计与评价'],
  ['family', '家校沟通'],
  ['play', '幼儿游戏活动指导'],
  ['tech', '信息技术应用'],
  ['research', '课题研究方法'],
] as const;

export const NEEDS_SECTIONS: SurveySection[] = [
  {
    title: '培训需求',
    questions: [
      {
        id: 'topics',
        type: 'multiple',
        title: '您最需要哪些培训主题？（最多选3项）',
        required: true,
        topic: true,
        maxChoices: 3,
        options: TOPICS.map(([value, label]) => ({ value, label })),
      },
      {
        id: 'mode',
        type: 'single',
        title: '您更希望的培训形式',
        required: true,
        options: [
          { value: 'offline', label: '集中面授' },
          { value: 'online', label: '网络研修' },
          { value: 'shadow', label: '跟岗学习' },
          { value: 'school', label: '校本研修' },
        ],
      },
      {
        id: 'time',
        type: 'single',
        title: '您方便参训的时间',
        required: true,
        options: [
          { value: 'holiday', label: '寒暑假' },
          { value: 'weekend', label: '周末' },
          { value: 'weekday', label: '工作日' },
        ],
      },
    ],
  },
  {
    title: '现状与建议',
    questions: [
      { id: 'current', type: 'rating', title: '您对本年度培训的总体满意度', required: true },
      { id: 'advice', type: 'text', title: '您对明年培训的其他建议', required: false },
    ],
  },
];

const DIMENSIONS = ['技术素养', '计划与准备', '组织与管理', '评估与诊断', '学习与发展'] as const;
export const COMPETENCY_SECTIONS: SurveySection[] = DIMENSIONS.map((d, i) => ({
  title: d,
  questions: [
    { id: `d${i}a`, type: 'rating', title: `${d}：我能熟练做到`, required: true, dimension: d },
    { id: `d${i}b`, type: 'rating', title: `${d}：我能指导同事做到`, required: true, dimension: d },
  ],
}));

const ADVICE = [
  '希望多安排课例观摩，少一些纯理论讲座。',
  '培训时间尽量放在假期，减少工学矛盾。',
  '希望专家能到乡村学校现场指导。',
  '建议增加信息技术和人工智能的实操内容。',
  '希望培训后有跟踪指导和交流平台。',
];

export async function storeYearly(
  tx: Tx,
  opts: { regionId: number; countyUserId: number; today: string },
): Promise<YearlySummary | null> {
  const present = await one<{ ok: boolean }>(tx, sql`select to_regclass('evaluations') is not null as ok`);
  if (!present?.ok) return null;
  const { regionId, countyUserId, today } = opts;
  const at = (date: string, time = '10:00') => sql`(${date}::date + ${time}::time)::timestamp at time zone ${tz}`;
  /** A fixed day of early 2026, or yesterday when the seed's today comes before it (nothing in the future). */
  const past = (date: string) => (date < today ? date : addDays(today, -1));

  // ----- the satisfaction template, in use since the start of 2025 -----
  await ensureSatisfactionTemplates(tx, '2025-01-01T00:00:00+08:00');
  await tx.execute(
    sql`update surveys set created_at = ${at('2025-01-02')}, published_at = ${at('2025-01-02')}, year = 2025
        where region_id = ${regionId} and is_template`,
  );
  const template = (await one<{ id: number }>(
    tx,
    sql`select id from surveys where region_id = ${regionId} and is_template and status = 'published'`,
  ))!.id;

  // The county's and schools' courses whose 30-day window has closed: most participants answered.
  const advice = sql`(array[${sql.join(
    ADVICE.map((a) => sql`${a}::text`),
    sql`, `,
  )}])`;
  const sat = await one<{ n: number }>(
    tx,
    sql`with pr as (
          select p.id, ((p.id::bigint * 40503) % 7)::int as q,
                 coalesce((select max(ps.ends_at) from project_sessions ps where ps.project_id = p.id),
                          (p.end_date + 1)::timestamp at time zone ${tz}) as opens_at
          from projects p
          where p.region_id = ${regionId} and p.status <> 'draft'
            and p.end_date >= '2025-01-01'::date),
        src as (
          select pa.id, pa.teacher_id, pa.school_id, pa.project_id, pr.q, pr.opens_at, ${hash('pa.id')} as b,
                 ${hash('pa.id', 17)} as b2, ${hash('pa.id', 41)} as b3, t.stage, t.subject, s.urban_rural
          from participations pa join pr on pr.id = pa.project_id
          join teachers t on t.id = pa.teacher_id join schools s on s.id = pa.school_id
          where pa.region_id = ${regionId}
            and pr.opens_at + interval '30 days' < (${today}::date)::timestamp at time zone ${tz}
            and (pa.status in ('completed', 'failed') or (pa.status = 'enrolled' and exists (
                 select 1 from attendance a where a.participation_id = pa.id and a.status in ('present', 'late'))))),
        pick as (select * from src where b < 72),
        subs as (
          insert into survey_submissions (region_id, survey_id, project_id, teacher_id, school_id, submitted_at)
          select ${regionId}, ${template}, project_id, teacher_id, school_id, opens_at + (b % 9) * interval '1 day' + interval '3 hours'
          from pick
          returning 1),
        resp as (
          insert into survey_responses (region_id, survey_id, project_id, teacher_id, school_id, stage, subject, urban_rural,
                                        answers, submitted_on)
          select ${regionId}, ${template}, pick.project_id, null, pick.school_id, pick.stage, pick.subject, pick.urban_rural,
                 jsonb_strip_nulls(jsonb_build_object(
                   'trainer', (select jsonb_object_agg(tr.id::text, ${rating('((tr.id * 37 + pick.b) % 100)', 'pick.q')})
                               from (select pt.trainer_id as id from project_trainers pt where pt.project_id = pick.project_id
                                     union select ps.trainer_id from project_sessions ps
                                     where ps.project_id = pick.project_id and ps.trainer_id is not null) tr),
                   'relevance', ${rating('pick.b', 'pick.q')},
                   'useful', ${rating('pick.b2', 'pick.q')},
                   'organisation', jsonb_build_object('schedule', ${rating('pick.b3', 'pick.q')},
                                                      'venue', ${rating('((pick.b3 + 23) % 100)', '1')},
                                                      'materials', ${rating('((pick.b2 + 61) % 100)', 'pick.q')}),
                   'recommend', least(10, greatest(0, 10 - (pick.b2 % 5) - (case when pick.q = 0 then 3 else 0 end))),
                   'advice', case when pick.b % 7 = 0 then ${advice}[1 + pick.b3 % ${ADVICE.length}] end)),
                 ((pick.opens_at + (pick.b % 9) * interval '1 day') at time zone ${tz})::date
          from pick
          returning 1)
        select (select count(*) from resp)::int as n`,
  );

  // ----- needs surveys: last winter's (for 2026, closed) and this winter's (for 2027, open) -----
  const needs = async (
    year: number,
    published: string,
    closes: string,
    status: string,
    share: number,
    days: number,
  ) => {
    const survey = (await one<{ id: number }>(
      tx,
      sql`insert into surveys (region_id, kind, title, intro, anonymous, status, year, audience, sections, closes_on,
                               created_by, created_at, updated_at, published_at, closed_at)
          values (${regionId}, 'needs', ${`${year}年度教师培训需求调研`},
                  '为科学制定下一年度培训计划，请各位老师如实填写。约需3分钟。', false, ${status}, ${year},
                  '{"stages":[],"subjects":[],"areaIds":[],"schoolIds":[]}'::jsonb, ${JSON.stringify(NEEDS_SECTIONS)}::jsonb,
                  ${closes}::date, ${countyUserId}, ${at(published, '09:00')}, ${at(published, '09:00')},
                  ${at(published, '09:30')}, ${status === 'closed' ? at(closes, '23:00') : null})
          returning id`,
    ))!.id;
    await tx.execute(
      sql`insert into survey_invitations (survey_id, teacher_id, region_id, school_id)
          select ${survey}, t.id, t.region_id, t.school_id from teachers t
          where t.region_id = ${regionId} and t.status = '在职'`,
    );
    const topic = (i: string) => sql.raw(`(array[${TOPICS.map(([v]) => `'${v}'`).join(',')}])[1 + ${i}]`);
    const n = await one<{ n: number }>(
      tx,
      sql`with src as (
            select si.teacher_id, si.school_id, t.stage, t.subject, s.urban_rural, ${hash('si.teacher_id', year)} as b,
                   ${hash('si.teacher_id', year + 7)} as b2
            from survey_invitations si join teachers t on t.id = si.teacher_id join schools s on s.id = si.school_id
            where si.survey_id = ${survey}
              -- teacher1 (the demo teacher) has this winter's survey waiting
              and not exists (select 1 from users u where u.teacher_id = t.id and u.username = 'teacher1' and ${status} = 'published')),
          pick as (
            -- kindergarten teachers ask for play first, the others never for it
            select *, case when stage = '幼儿园' then 7 else (array[0, 1, 2, 3, 4, 5, 6, 8, 9])[1 + b % 9] end as t1,
                   case when stage = '幼儿园' then (array[3, 6, 4, 9])[1 + b2 % 4]
                        else (array[0, 1, 2, 3, 4, 5, 6, 8, 9])[1 + (b % 9 + 1 + b2 % 8) % 9] end as t2
            from src where b < ${share}),
          subs as (
            insert into survey_submissions (region_id, survey_id, teacher_id, school_id, submitted_at)
            select ${regionId}, ${survey}, teacher_id, school_id, ${at(published, '20:00')} + (b % ${days}) * interval '1 day'
            from pick returning 1),
          resp as (
            insert into survey_responses (region_id, survey_id, teacher_id, school_id, stage, subject, urban_rural, answers,
                                          submitted_on)
            select ${regionId}, ${survey}, teacher_id, school_id, stage, subject, urban_rural,
                   jsonb_strip_nulls(jsonb_build_object(
                     'topics', case when b2 % 3 = 0 then jsonb_build_array(${topic('t1')})
                                    else jsonb_build_array(${topic('t1')}, ${topic('t2')}) end,
                     'mode', (array['offline', 'online', 'shadow', 'school'])[1 + b2 % 4],
                     'time', (array['holiday', 'weekend', 'weekday'])[1 + (b + b2) % 3],
                     'current', ${rating('b2', '3')},
                     'advice', case when b % 11 = 0 then ${advice}[1 + b2 % ${ADVICE.length}] end)),
                   (${published}::date + (b % ${days}))
            from pick returning 1)
          select (select count(*) from resp)::int as n`,
    );
    return n?.n ?? 0;
  };
  const lastWinter = await needs(2026, '2025-11-24', '2025-12-19', 'closed', 68, 12);
  // Published a week ago: answers so far, none after yesterday.
  await needs(Number(today.slice(0, 4)) + 1, addDays(today, -7), addDays(today, 21), 'published', 24, 7);

  // ----- a competency self-assessment (信息技术应用能力), spring 2026, closed (once that spring is past) -----
  if (today > '2026-05-01') await storeCompetency(tx, { regionId, countyUserId, at });

  // ----- 2025 money: each school's 公用经费 (¥1,500 per teacher), 10% for training, spending around it -----
  await tx.execute(
    sql`insert into budgets (region_id, school_id, year, public_funds, share, amount, note, updated_by, created_at, updated_at)
        select ${regionId}, s.id, 2025, n.funds, 0.100, round(n.funds * 0.1, 2), '2025年度培训经费', ${countyUserId},
               ${at('2025-02-20')}, ${at('2025-02-20')}
        from schools s
        join (select school_id, count(*) * 1500 as funds from teachers where region_id = ${regionId} group by school_id) n
          on n.school_id = s.id
        where s.region_id = ${regionId}
          and not exists (select 1 from budgets b where b.region_id = ${regionId} and b.year = 2025 and b.school_id = s.id)`,
  );
  await tx.execute(
    sql`insert into expenses (region_id, school_id, category, amount, spent_on, note, created_by, created_at)
        select b.region_id, b.school_id, x.category, round(b.amount * x.part * (45 + ${hash('b.school_id')}) / 100.0, 2),
               x.day, x.note, ${countyUserId}, (x.day + time '16:00')::timestamp at time zone ${tz}
        from budgets b
        cross join (values ('materials', 0.35, '2025-04-18'::date, '校本研修资料印制'),
                           ('expert_fee', 0.4, '2025-06-26'::date, '专家讲座劳务费'),
                           ('travel', 0.5, '2025-10-30'::date, '教师外出培训差旅')) as x(category, part, day, note)
        where b.region_id = ${regionId} and b.year = 2025 and b.school_id is not null
          and not exists (select 1 from expenses e where e.region_id = ${regionId} and e.school_id = b.school_id
                          and e.spent_on >= '2025-01-01' and e.spent_on < '2026-01-01')`,
  );

  // ----- 2025 quotas of the county's nominated courses (the history has this year's only): the
  // places each school was given — what it sent, and at some schools a place left unfilled -----
  await tx.execute(
    sql`insert into project_quotas (project_id, school_id, region_id, quota)
        select pa.project_id, pa.school_id, ${regionId},
               count(*)::int + case when ${hash('pa.project_id + pa.school_id * 7')} < 30 then 1 else 0 end
        from participations pa join projects pr on pr.id = pa.project_id
        where pa.region_id = ${regionId} and pr.level = '县培' and pr.enrol_mode = 'nomination'
          and pr.end_date >= '2025-01-01' and pr.end_date < '2026-01-01'
          and pa.status in ('enrolled', 'completed', 'failed')
          and not exists (select 1 from project_quotas q where q.project_id = pa.project_id)
        group by pa.project_id, pa.school_id`,
  );

  // ----- 2025 report-backs of the upper-level completions, as the module made them then -----
  await tx.execute(
    sql`insert into report_backs (region_id, school_id, teacher_id, project_id, participation_id, due_on, status, form, held_on,
                                  audience, summary, submitted_at, first_submitted_at, verified_at, verified_by,
                                  created_at, updated_at)
        select pa.region_id, pa.school_id, pa.teacher_id, pa.project_id, pa.id, pr.end_date + 14,
               x.status,
               case when x.status <> 'pending' then (array['讲座', '示范课', '工作坊', '教研活动'])[1 + x.b % 4] end,
               case when x.status <> 'pending' then pr.end_date + 5 + x.b % 8 end,
               case when x.status <> 'pending' then 15 + x.b % 25 end,
               case when x.status <> 'pending' then '向本校教师分享培训所学，组织研讨并在教研组推广。' end,
               case when x.status <> 'pending' then ((pr.end_date + 5 + x.b % 8) + time '20:00')::timestamp at time zone ${tz} end,
               case when x.status <> 'pending' then ((pr.end_date + 5 + x.b % 8) + time '20:00')::timestamp at time zone ${tz} end,
               case when x.status = 'verified' then ((pr.end_date + 16) + time '10:00')::timestamp at time zone ${tz} end,
               case when x.status = 'verified' then ${countyUserId}::int end,
               (pr.end_date + time '18:00')::timestamp at time zone ${tz},
               ((pr.end_date + 16) + time '10:00')::timestamp at time zone ${tz}
        from participations pa join projects pr on pr.id = pa.project_id
        cross join lateral (select ${hash('pa.id', 3)} as b) h
        cross join lateral (select h.b, case when h.b < 62 + (pa.school_id % 4) * 9 then 'verified'
                                             when h.b < 90 then 'submitted' else 'pending' end as status) x
        where pa.region_id = ${regionId} and pa.status = 'completed' and pr.organiser_type = 'upper'
          and pr.end_date >= '2025-01-01' and pr.end_date < '2025-12-18'
        on conflict (participation_id) do nothing`,
  );

  // ----- the 2025 school evaluation: rubric, manual scores, computed, two adjustments, published -----
  registerBuiltinIndicators();
  // Planner statistics for the tables just filled: the statistics' grouped query otherwise guesses
  // its join order on empty tables (measured: 2.4 s → well under one on PGlite).
  await tx.execute(sql`analyze participations, attendance, projects, project_sessions, teachers, schools`);
  const rubric = {
    groups: [
      { name: '中学组', schoolTypes: ['初中', '九年一贯制', '十二年一贯制', '完全中学', '高中', '职业高中'] },
      { name: '小学组', schoolTypes: ['小学', '教学点', '特殊教育'] },
      { name: '幼儿园组', schoolTypes: ['幼儿园'] },
    ],
    indicators: [
      { key: 'coverage', weight: 20 },
      { key: 'sendRate', weight: 10 },
      { key: 'attendRate', weight: 10 },
      { key: 'completion', weight: 10 },
      { key: 'pass', weight: 10 },
      { key: 'excellent', weight: 5 },
      { key: 'reportBack', weight: 10 },
      { key: 'spendShare', weight: 10 },
      { key: 'manual:校本研修与特色工作', weight: 15 },
    ],
    bands: { 优秀: 85, 合格: 60 },
  };
  const evaluationId = (await one<{ id: number }>(
    tx,
    sql`insert into evaluations (region_id, year, name, groups, indicators, bands, excellent_quota, created_by, created_at,
                                 updated_at)
        values (${regionId}, 2025, '2025年度学校教师培训工作考评', ${JSON.stringify(rubric.groups)}::jsonb,
                ${JSON.stringify(rubric.indicators)}::jsonb, ${JSON.stringify(rubric.bands)}::jsonb, 30, ${countyUserId},
                ${at('2025-12-10')}, ${at('2025-12-10')})
        returning id`,
  ))!.id;
  const EVIDENCE = [
    '校本研修计划、总结齐全，专题研修活动记录完整，有区域示范课例',
    '研修活动按计划开展，资料基本齐全，特色不够突出',
    '青蓝结对和集体备课扎实，成果在县级展示交流',
    '研修活动次数不足，部分记录缺签到表，需整改',
  ];
  await tx.execute(
    sql`insert into evaluation_manual_scores (evaluation_id, school_id, region_id, item, score, evidence, scored_by, scored_at)
        select ${evaluationId}, s.id, s.region_id, '校本研修与特色工作',
               case when ${hash('s.id', 11)} < 30 then 90 + ${hash('s.id', 5)} % 9
                    when ${hash('s.id', 11)} < 85 then 75 + ${hash('s.id', 5)} % 15 else 58 + ${hash('s.id', 5)} % 12 end,
               (array[${sql.join(
                 EVIDENCE.map((e) => sql`${e}::text`),
                 sql`, `,
               )}])[case when ${hash('s.id', 11)} < 30 then 1 when ${hash('s.id', 11)} < 60 then 3
                          when ${hash('s.id', 11)} < 85 then 2 else 4 end],
               ${countyUserId}, ${at(past('2026-01-06'), '15:00')}
        from schools s
        where s.region_id = ${regionId}
          and exists (select 1 from teachers t where t.school_id = s.id and t.status = '在职')`,
  );
  const row = await findEvaluation(tx, county(regionId), evaluationId);
  await computeEvaluation(tx, row!);
  // A 2025 ethics violation at the best primary school (not a demo admin's): the one-vote veto
  // keeps it from 优秀 when the county computes again.
  await tx.execute(
    sql`insert into ethics_records (region_id, school_id, teacher_id, occurred_on, kind, veto, note, created_by, created_at)
        select t.region_id, t.school_id, t.id, '2025-05-12', 'violation', true, '违规有偿补课，经调查属实，已责令整改',
               ${countyUserId}, ${at('2025-05-20')}
        from teachers t
        where t.status = '在职' and t.school_id = (
          select er.school_id from evaluation_results er
          where er.evaluation_id = ${evaluationId} and er.group_name = '小学组'
            and not exists (select 1 from users u where u.school_id = er.school_id and u.username in ('school1', 'school2'))
          order by er.score desc, er.school_id limit 1)
        order by t.id limit 1`,
  );
  await computeEvaluation(tx, row!);
  // The county raised a rural kindergarten's score after its appeal, with the reason on record.
  await tx.execute(
    sql`update evaluation_results er set adjusted_score = least(100, er.score + 2),
          adjust_reason = '补交了下半年校本研修记录与签到表，复核后加2分',
          adjusted_by = ${countyUserId}, adjusted_at = ${at(past('2026-01-12'), '11:00')}
        where er.evaluation_id = ${evaluationId} and er.school_id = (
          select er2.school_id from evaluation_results er2 join schools s on s.id = er2.school_id
          where er2.evaluation_id = ${evaluationId} and s.urban_rural = '乡村' and er2.grade = '合格'
            and er2.group_name = '幼儿园组'
          order by er2.score desc, er2.school_id limit 1)`,
  );
  await regrade(tx, (await findEvaluation(tx, county(regionId), evaluationId))!);
  await tx.execute(
    sql`update evaluations set status = 'published', computed_at = ${at(past('2026-01-08'), '16:00')}, computed_by = ${countyUserId},
          published_at = ${at(past('2026-01-15'), '09:00')}, published_by = ${countyUserId}, updated_at = ${at(past('2026-01-15'), '09:00')}
        where id = ${evaluationId}`,
  );
  // This year's rubric, drafted two days ago (the county computes and publishes it after the year ends).
  await tx.execute(
    sql`insert into evaluations (region_id, year, name, groups, indicators, bands, excellent_quota, created_by, created_at, updated_at)
        values (${regionId}, ${Number(today.slice(0, 4))}, ${`${today.slice(0, 4)}年度学校教师培训工作考评`},
                ${JSON.stringify(rubric.groups)}::jsonb,
                ${JSON.stringify([...rubric.indicators.slice(0, 8), { key: 'satisfaction', weight: 5 }, rubric.indicators[8]])}::jsonb,
                ${JSON.stringify(rubric.bands)}::jsonb, 30, ${countyUserId}, ${at(addDays(today, -2), '16:30')}, ${at(addDays(today, -2), '16:30')})`,
  );

  return { satisfactionResponses: sat?.n ?? 0, needsResponses: lastWinter, evaluationId };
}

type At = (date: string, time?: string) => ReturnType<typeof sql>;

/** The spring 2026 信息技术应用能力 self-assessment: invited to every serving teacher, 56% answered. */
async function storeCompetency(tx: Tx, opts: { regionId: number; countyUserId: number; at: At }) {
  const { regionId, countyUserId, at } = opts;
  const competency = (await one<{ id: number }>(
    tx,
    sql`insert into surveys (region_id, kind, title, intro, anonymous, status, year, audience, sections, closes_on,
                             created_by, created_at, updated_at, published_at, closed_at)
        values (${regionId}, 'competency', '教师信息技术应用能力自评（2026）', '按五个维度自评，结果用于分层培训。', false,
                'closed', 2026, '{"stages":[],"subjects":[],"areaIds":[],"schoolIds":[]}'::jsonb,
                ${JSON.stringify(COMPETENCY_SECTIONS)}::jsonb, '2026-04-30'::date, ${countyUserId},
                ${at('2026-03-02', '09:00')}, ${at('2026-03-02', '09:00')}, ${at('2026-03-02', '09:30')}, ${at('2026-04-30', '23:00')})
        returning id`,
  ))!.id;
  await tx.execute(
    sql`insert into survey_invitations (survey_id, teacher_id, region_id, school_id)
        select ${competency}, t.id, t.region_id, t.school_id from teachers t where t.region_id = ${regionId} and t.status = '在职'`,
  );
  const dims = DIMENSIONS.map((d, i) => {
    const a = sql.raw(`(2 + ((b + ${i * 13}) % 4) - (case when age > 50 and ${i} = 0 then 1 else 0 end))`);
    const b = sql.raw(`(1 + ((b2 + ${i * 29}) % 4) + (case when age < 35 then 1 else 0 end))`);
    return { d, i, a, b };
  });
  await tx.execute(
    sql`with src as (
          select si.teacher_id, si.school_id, t.stage, t.subject, s.urban_rural, ${hash('si.teacher_id', 5)} as b,
                 ${hash('si.teacher_id', 9)} as b2, 2026 - coalesce(t.birth_year, 1985) as age
          from survey_invitations si join teachers t on t.id = si.teacher_id join schools s on s.id = si.school_id
          where si.survey_id = ${competency}),
        pick as (select * from src where b < 56),
        scored as (
          select pick.*, ${sql.join(
            dims.flatMap(({ i, a, b }) => [
              sql`least(5, greatest(1, ${a})) as ${sql.raw(`d${i}a`)}`,
              sql`least(5, greatest(1, ${b})) as ${sql.raw(`d${i}b`)}`,
            ]),
            sql`, `,
          )} from pick),
        subs as (
          insert into survey_submissions (region_id, survey_id, teacher_id, school_id, submitted_at)
          select ${regionId}, ${competency}, teacher_id, school_id, ${at('2026-03-03', '20:00')} + (b % 40) * interval '1 day'
          from scored returning 1)
        insert into survey_responses (region_id, survey_id, teacher_id, school_id, stage, subject, urban_rural, answers, scores,
                                      submitted_on)
        select ${regionId}, ${competency}, teacher_id, school_id, stage, subject, urban_rural,
               jsonb_build_object(${sql.join(
                 dims.flatMap(({ i }) => [sql.raw(`'d${i}a', d${i}a`), sql.raw(`'d${i}b', d${i}b`)]),
                 sql`, `,
               )}),
               jsonb_build_array(${sql.join(
                 dims.map(
                   ({ d, i }) =>
                     sql`jsonb_build_object('dimension', ${d}::text, 'score', round((${sql.raw(`d${i}a + d${i}b`)}) / 2.0, 2), 'items', 2)`,
                 ),
                 sql`, `,
               )}),
               '2026-03-03'::date + (b % 40)
        from scored`,
  );
}
