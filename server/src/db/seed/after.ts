// After training in the demo county (issue 5), written only when the tables exist: report-back
// tasks (成果汇报) for this year's upper-level completions within the module's backfill window, as
// createReportBackTasks would have made them on import, in every state; and reflections (心得体会)
// on this year's county courses, some reviewed and featured. The outcome of each row is a fixed
// function of its participation id, so the data is the same on every run. The demo school admins'
// schools (school1, school2) are given work to do when one signs in: at least a few report-backs
// and reflections waiting for their review.
import { PLAN_TIME_ZONE } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { BACKFILL_DAYS } from '../../modules/report-backs/report-backs.tasks.js';
import { intArray, one, type Tx } from '../client.js';

export interface AfterSummary {
  reportBacks: number;
  reflections: number;
}

/** A stable 0–99 bucket per participation. */
const bucket = sql`((pa.id::bigint * 2654435761) % 100)::int`;

const REFLECTIONS = [
  [
    '把课堂还给学生',
    '这次培训让我重新思考了教师在课堂中的角色。专家展示的课例中，学生的讨论占了大半节课，教师只在关键处点拨。回校后我在班上尝试了小组合作学习，学生的参与明显多了。',
  ],
  [
    '从“教教材”到“用教材教”',
    '通过学习新课标和大单元教学设计，我认识到教材只是载体。接下来我准备和教研组一起，把一个单元重新整合成以真实任务为主线的学习活动。',
  ],
  [
    '走近学生的内心',
    '心理健康专题让我学会了识别学生情绪变化的信号。以前遇到学生沉默寡言，我只会批评；现在我会先倾听，再和家长一起想办法。',
  ],
  [
    '新教师的第一课',
    '岗前培训中老教师分享的班级管理经验非常实用。我把“每日三问”用到了自己的班上，也学会了如何设计一节完整的课。',
  ],
] as const;

export async function storeAfterTraining(
  tx: Tx,
  opts: { regionId: number; countyUserId: number; today: string; reviewSchoolIds: number[] },
): Promise<AfterSummary | null> {
  const present = await one<{ rb: boolean; rf: boolean }>(
    tx,
    sql`select to_regclass('report_backs') is not null as rb, to_regclass('reflections') is not null as rf`,
  );
  if (!present?.rb && !present?.rf) return null;
  const { regionId, countyUserId, today } = opts;
  const tz = PLAN_TIME_ZONE;
  const review = intArray(opts.reviewSchoolIds);
  /** At the demo admins' schools a third of what is done waits for their review. */
  const waits = sql`(pa.school_id = any(${review}) and ${bucket} % 3 = 0)`;
  let reportBacks = 0;
  let reflections = 0;

  if (present.rb) {
    // due = end + 14 (the default rule). Past due: mostly verified, some submitted or returned, a
    // fifth still pending (overdue); not yet due: mostly pending, some submitted.
    const n = await one<{ n: number }>(
      tx,
      sql`with src as (
            select pa.id, pa.region_id, pa.school_id, pa.teacher_id, pa.project_id, pr.end_date + 14 as due_on,
                   ${bucket} as b, ${waits} as waits
            from participations pa join projects pr on pr.id = pa.project_id
            where pa.region_id = ${regionId} and pa.status = 'completed' and pr.organiser_type = 'upper'
              and pr.end_date >= ${today}::date - ${BACKFILL_DAYS}::int),
          st as (
            select src.*,
                   case when waits then 'submitted'
                        when due_on < ${today}::date then
                          case when b < 60 then 'verified' when b < 72 then 'submitted' when b < 78 then 'returned'
                               else 'pending' end
                        else case when b < 30 then 'submitted' else 'pending' end end as status
            from src),
          ins as (
            insert into report_backs (region_id, school_id, teacher_id, project_id, participation_id, due_on, status, form,
                                      held_on, audience, summary, submitted_at, first_submitted_at, verified_at, verified_by,
                                      return_reason,
                                      created_at, updated_at)
            select region_id, school_id, teacher_id, project_id, id, due_on, status,
                   case when status <> 'pending' then (array['讲座', '示范课', '工作坊', '教研活动'])[1 + b % 4] end,
                   case when status <> 'pending' then least(due_on - 1 - b % 7, ${today}::date - 1) end,
                   case when status <> 'pending' then 12 + b % 30 end,
                   case when status <> 'pending'
                        then '向本校教师分享培训所学：主要观点、课例与可在本校推广的做法，并组织研讨。' end,
                   case when status <> 'pending'
                        then (least(due_on - 1 - b % 7, ${today}::date - 1) + time '20:00')::timestamp at time zone ${tz} end,
                   case when status <> 'pending'
                        then (least(due_on - 1 - b % 7, ${today}::date - 1) + time '20:00')::timestamp at time zone ${tz} end,
                   case when status = 'verified'
                        then (least(due_on + 2, ${today}::date - 1) + time '21:00')::timestamp at time zone ${tz} end,
                   case when status = 'verified' then ${countyUserId}::int end,
                   case when status = 'returned' then '请补充签到表和现场照片' end,
                   (due_on - 14 + time '09:00')::timestamp at time zone ${tz},
                   (case when status = 'pending' then due_on - 14 else least(due_on + 2, ${today}::date - 1) end
                     + time '21:00')::timestamp at time zone ${tz}
            from st
            on conflict (participation_id) do nothing
            returning 1)
          select count(*)::int as n from ins`,
    );
    reportBacks = n?.n ?? 0;
  }

  if (present.rf) {
    /** Nothing is written after the seed's today. */
    const noLater = sql`(${today}::date - 1 + time '18:00')::timestamp at time zone ${tz}`;
    const titles = sql`(array[${sql.join(
      REFLECTIONS.map(([t]) => sql`${t}::text`),
      sql`, `,
    )}])`;
    const bodies = sql`(array[${sql.join(
      REFLECTIONS.map(([, b]) => sql`${b}::text`),
      sql`, `,
    )}])`;
    const n = await one<{ n: number }>(
      tx,
      sql`with src as (
            select pa.id, pa.region_id, pa.school_id, pa.teacher_id, pa.project_id, pa.completed_at, pr.category,
                   ${bucket} as b, (${bucket} < 30 and not ${waits}) as reviewed
            from participations pa join projects pr on pr.id = pa.project_id
            where pa.region_id = ${regionId} and pa.status = 'completed' and pr.organiser_type = 'county'
              and pr.mode <> '网络远程' and pr.end_date >= ${today}::date - 400
              and (${bucket} < 45 or (pa.school_id = any(${review}) and ${bucket} < 70))),
          ins as (
            insert into reflections (region_id, school_id, teacher_id, project_id, participation_id, title, body, status,
                                     featured, review_comment, reviewed_by, reviewed_at, created_at, updated_at)
            select region_id, school_id, teacher_id, project_id, id,
                   ${titles}[case when category = '新教师岗前' then 4 when category = '心理健康' then 3
                                 else 1 + b % 2 end],
                   ${bodies}[case when category = '新教师岗前' then 4 when category = '心理健康' then 3
                                 else 1 + b % 2 end],
                   case when reviewed then 'reviewed' else 'submitted' end,
                   reviewed and b < 6,
                   case when reviewed and b < 6 then '体会真切，做法具体，推荐全县交流' when reviewed then '已阅' end,
                   case when reviewed then ${countyUserId}::int end,
                   case when reviewed then least(completed_at + interval '6 days', ${noLater}) end,
                   least(completed_at + interval '2 days', ${noLater}),
                   least(completed_at + case when reviewed then interval '6 days' else interval '2 days' end, ${noLater})
            from src
            on conflict (participation_id) do nothing
            returning 1)
          select count(*)::int as n from ins`,
    );
    reflections = n?.n ?? 0;
  }
  return { reportBacks, reflections };
}
