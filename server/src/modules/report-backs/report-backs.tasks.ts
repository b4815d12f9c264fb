// Report-back tasks (成果汇报/二次培训/校本转训): the county's rule for which completed projects owe
// one, creating the tasks where completions happen (completion run, upper-level results import),
// and the daily overdue reminder. Seed 003: report back within two weeks of returning.
import { DEFAULT_REPORT_BACK_DUE_DAYS, type Level, type Mode, PLAN_TIME_ZONE, UPPER_LEVELS } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { county, countyOf, participationScope, reportBackSettingsScope } from '../../access/scope.js';
import { type Db, type Exec, intArray, one, rows, textArray } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor } from '../../http/context.js';

/** The county's date today, as SQL. */
export const TODAY = sql`(now() at time zone ${PLAN_TIME_ZONE})::date`;

/** The county's date of a report-back's first submission (`rb` = report_backs). */
export const submittedOn = (rb = 'rb') => sql`(${sql.raw(rb)}.first_submitted_at at time zone ${PLAN_TIME_ZONE})::date`;

/**
 * Overdue as of `day` is about the teacher: not yet submitted when the due day has passed, or first
 * submitted after the due day. The school's review (or a return for corrections) does not make an
 * on-time report-back overdue; how long it waits for review is its own figure (reviewWaitDays).
 */
export function overdueSql(day: SQL, rb = 'rb'): SQL {
  const r = sql.raw(rb);
  const on = submittedOn(rb);
  return sql`(case when ${r}.first_submitted_at is null or ${on} > ${day} then ${r}.due_on < ${day}
                   else ${on} > ${r}.due_on end)`;
}

/** Days overdue as of `day` (0 when on time): until today while unsubmitted, else the submission's lateness. */
export function overdueDaysSql(day: SQL, rb = 'rb'): SQL {
  const r = sql.raw(rb);
  const on = submittedOn(rb);
  return sql`(case when ${r}.first_submitted_at is null or ${on} > ${day} then greatest(${day} - ${r}.due_on, 0)
                   else greatest(${on} - ${r}.due_on, 0) end)`;
}

/** Days a submitted report-back has waited for the school's review (since its latest submission); null otherwise. */
export function reviewWaitDaysSql(day: SQL, rb = 'rb'): SQL {
  const r = sql.raw(rb);
  return sql`(case when ${r}.status = 'submitted'
                   then greatest(${day} - (${r}.submitted_at at time zone ${PLAN_TIME_ZONE})::date, 0) end)`;
}

/** A submission waiting longer than this reminds the school's admins daily. */
export const REVIEW_REMIND_DAYS = 7;

/**
 * Results of projects that ended longer ago than this create no task: importing last year's
 * 国培 sheet must not hand teachers a year-old overdue report-back.
 */
export const BACKFILL_DAYS = 90;

export interface ReportBackRule {
  levels: Level[];
  modes: Mode[];
  dueDays: number;
}

export const DEFAULT_RULE: ReportBackRule = {
  levels: [...UPPER_LEVELS],
  modes: ['外出交流', '跟岗影子'],
  dueDays: DEFAULT_REPORT_BACK_DUE_DAYS,
};

export async function getReportBackRule(exec: Exec, regionId: number): Promise<ReportBackRule> {
  const r = await one<{ levels: Level[]; modes: Mode[]; due_days: number }>(
    exec,
    sql`select levels, modes, due_days from report_back_settings where ${reportBackSettingsScope(county(regionId))}`,
  );
  return r ? { levels: r.levels, modes: r.modes, dueDays: r.due_days } : { ...DEFAULT_RULE };
}

export async function saveReportBackRule(db: Db, actor: Actor, rule: ReportBackRule): Promise<ReportBackRule> {
  const regionId = actor.user.regionId;
  return db.transaction(async (tx) => {
    const before = await getReportBackRule(tx, regionId);
    await tx.execute(
      sql`insert into report_back_settings (region_id, levels, modes, due_days, updated_by, updated_at)
          values (${regionId}, ${textArray(rule.levels)}, ${textArray(rule.modes)}, ${rule.dueDays}, ${actor.user.id}, now())
          on conflict (region_id) do update
          set levels = excluded.levels, modes = excluded.modes, due_days = excluded.due_days,
              updated_by = excluded.updated_by, updated_at = now()`,
    );
    await record(tx, actor, {
      action: 'report_back.settings',
      entity: 'report_back_settings',
      entityId: regionId,
      before,
      after: rule,
    });
    return rule;
  });
}

const AUDIT_CHUNK = 1000;
const chunk = <T>(a: T[], n: number) =>
  Array.from({ length: Math.ceil(a.length / n) }, (_, i) => a.slice(i * n, (i + 1) * n));

/**
 * Call inside the transaction that completes participations (or corrects a completion). For the
 * given participations: a completed one in a project the county's rule covers gets its task, due
 * `dueDays` after the project's end (idempotent: one task per participation); a task still
 * pending whose participation is no longer completed (a corrected result) is withdrawn. The
 * teachers are notified; everything is audited. Set-based: fine for a 10,000-row results sheet.
 */
export async function createReportBackTasks(
  tx: Exec,
  actor: Actor,
  participationIds: number[],
): Promise<{ created: number; withdrawn: number }> {
  const ids = [...new Set(participationIds)];
  if (!ids.length) return { created: 0, withdrawn: 0 };
  const regionId = actor.user.regionId;
  const rule = await getReportBackRule(tx, regionId);
  const created =
    rule.levels.length || rule.modes.length
      ? await rows<{ id: number; participation_id: number }>(
          tx,
          sql`insert into report_backs (region_id, school_id, teacher_id, project_id, participation_id, due_on)
              select pa.region_id, pa.school_id, pa.teacher_id, pa.project_id, pa.id, p.end_date + ${rule.dueDays}::int
              from participations pa join projects p on p.id = pa.project_id
              where pa.id = any(${intArray(ids)}) and ${participationScope(county(regionId), 'pa')} and pa.status = 'completed'
                and (p.level = any(${textArray(rule.levels)}) or p.mode = any(${textArray(rule.modes)}))
                and p.end_date >= ${TODAY} - ${BACKFILL_DAYS}::int
              on conflict (participation_id) do nothing
              returning id, participation_id`,
        )
      : [];
  const withdrawn = await rows<{ id: number; participation_id: number }>(
    tx,
    sql`delete from report_backs rb using participations pa
        where rb.participation_id = pa.id and pa.id = any(${intArray(ids)}) and ${participationScope(county(regionId), 'pa')}
          and pa.status <> 'completed' and rb.status = 'pending'
        returning rb.id, rb.participation_id`,
  );
  if (created.length) {
    await tx.execute(
      sql`insert into notifications (region_id, user_id, kind, title, body, link)
          select rb.region_id, u.id, 'report_back.created',
                 '请于' || to_char(rb.due_on, 'YYYY"年"FMMM"月"FMDD"日"') || '前完成《' || p.name || '》的成果汇报',
                 '外出培训归来后须在校内开展二次培训（讲座、示范课、工作坊或教研活动），并上传课件、照片和签到表。',
                 '/my/report-backs'
          from report_backs rb join projects p on p.id = rb.project_id
          join users u on u.teacher_id = rb.teacher_id and not u.disabled
          where rb.id = any(${intArray(created.map((c) => c.id))})`,
    );
  }
  await record(tx, actor, [
    ...chunk(created, AUDIT_CHUNK).map((c) => ({
      action: 'report_back.create',
      entity: 'report_back',
      after: { dueDays: rule.dueDays, tasks: c.map((r) => ({ id: r.id, participationId: r.participation_id })) },
    })),
    ...chunk(withdrawn, AUDIT_CHUNK).map((c) => ({
      action: 'report_back.withdraw',
      entity: 'report_back',
      before: { tasks: c.map((r) => ({ id: r.id, participationId: r.participation_id })) },
      after: { reason: '结业被更正为未结业' },
    })),
  ]);
  return { created: created.length, withdrawn: withdrawn.length };
}

/**
 * The daily job: every overdue task (never submitted, due day passed) reminds its teacher, and each
 * school's admins get one message listing their overdue tasks; a submission waiting for the school's
 * review longer than REVIEW_REMIND_DAYS reminds the school's admins (one message per school). An
 * on-time submission is never "overdue", however long its review takes. A task is reminded at most
 * once per `day` (the update claims it), so running twice on one day — or on two instances — sends
 * nothing the second time.
 */
export async function remindOverdueReportBacks(db: Db, day: string): Promise<{ reminded: number }> {
  return db.transaction(async (tx) => {
    const claimed = await rows<{ id: number; region_id: number; school_id: number; waiting: boolean }>(
      tx,
      sql`update report_backs rb set reminded_on = ${day}::date
          where ((rb.first_submitted_at is null and rb.status <> 'verified' and rb.due_on < ${day}::date)
                 or (rb.status = 'submitted'
                     and (rb.submitted_at at time zone ${PLAN_TIME_ZONE})::date <= ${day}::date - ${REVIEW_REMIND_DAYS}::int))
            and (rb.reminded_on is null or rb.reminded_on < ${day}::date)
          returning rb.id, rb.region_id, rb.school_id, (rb.status = 'submitted') as waiting`,
    );
    if (!claimed.length) return { reminded: 0 };
    const waiting = claimed.filter((d) => d.waiting);
    if (waiting.length) {
      await tx.execute(
        sql`insert into notifications (region_id, user_id, kind, title, body, link)
            select g.region_id, u.id, 'report_back.review_waiting', '本校有 ' || g.n || ' 项成果汇报待审核',
                   '最早的一项已等待 ' || g.days || ' 天，请尽快审核。',
                   '/after/report-backs?status=submitted'
            from (select rb.region_id, rb.school_id, count(*)::int as n,
                         max(${day}::date - (rb.submitted_at at time zone ${PLAN_TIME_ZONE})::date) as days
                  from report_backs rb where rb.id = any(${intArray(waiting.map((d) => d.id))})
                  group by rb.region_id, rb.school_id) g
            join users u on u.role = 'school_admin' and u.school_id = g.school_id and not u.disabled`,
      );
    }
    const due = claimed.filter((d) => !d.waiting);
    if (due.length) {
      const ids = intArray(due.map((d) => d.id));
      await tx.execute(
        sql`insert into notifications (region_id, user_id, kind, title, body, link)
            select rb.region_id, u.id, 'report_back.overdue',
                   '成果汇报已逾期：《' || p.name || '》',
                   '应于' || to_char(rb.due_on, 'YYYY"年"FMMM"月"FMDD"日"') || '前完成，已逾期 '
                     || (${day}::date - rb.due_on) || ' 天。请尽快开展二次培训并提交汇报记录。',
                   '/my/report-backs'
            from report_backs rb join projects p on p.id = rb.project_id
            join users u on u.teacher_id = rb.teacher_id and not u.disabled
            where rb.id = any(${ids})`,
      );
      // One digest per school: names of the first ten teachers, then the count.
      await tx.execute(
        sql`insert into notifications (region_id, user_id, kind, title, body, link)
            select g.region_id, u.id, 'report_back.overdue_school', '本校有 ' || g.n || ' 项成果汇报已逾期',
                   g.names || case when g.n > 10 then ' 等' else '' end || '，请督促尽快完成。',
                   '/after/report-backs?overdue=true'
            from (select rb.region_id, rb.school_id, count(*)::int as n,
                         array_to_string((array_agg(t.name || '《' || p.name || '》' order by rb.due_on, rb.id))[1:10], '、') as names
                  from report_backs rb join teachers t on t.id = rb.teacher_id join projects p on p.id = rb.project_id
                  where rb.id = any(${ids})
                  group by rb.region_id, rb.school_id) g
            join users u on u.role = 'school_admin' and u.school_id = g.school_id and not u.disabled`,
      );
    }
    const perRegion = new Map<number, { overdue: number; waiting: number }>();
    for (const d of claimed) {
      const c = perRegion.get(d.region_id) ?? { overdue: 0, waiting: 0 };
      if (d.waiting) c.waiting++;
      else c.overdue++;
      perRegion.set(d.region_id, c);
    }
    await record(
      tx,
      null,
      [...perRegion].map(([regionId, n]) => ({
        action: 'report_back.remind',
        entity: 'report_back',
        regionId,
        after: { day, tasks: n.overdue, awaitingReview: n.waiting },
      })),
    );
    return { reminded: claimed.length };
  });
}

/**
 * Creates the report-back task of one participation that should have had one but has none (a trip
 * claimed for reimbursement whose task was never created: completed before the rule covered it,
 * its results never imported, or longer ago than the backfill window). Due `dueDays` after the
 * project's end, or `dueDays` from today when that has passed: the teacher is not blamed for a task
 * that did not exist. Notifies the teacher; audited. Returns the task id (null when one exists).
 */
export async function createMissingReportBackTask(
  tx: Exec,
  actor: Actor,
  participationId: number,
  context: Record<string, unknown>,
): Promise<number | null> {
  const rule = await getReportBackRule(tx, actor.user.regionId);
  const created = await one<{ id: number; due_on: string; teacher_id: number; project_name: string }>(
    tx,
    sql`insert into report_backs (region_id, school_id, teacher_id, project_id, participation_id, due_on)
        select pa.region_id, pa.school_id, pa.teacher_id, pa.project_id, pa.id,
               greatest(p.end_date + ${rule.dueDays}::int, ${TODAY} + ${rule.dueDays}::int)
        from participations pa join projects p on p.id = pa.project_id
        where pa.id = ${participationId} and ${participationScope(countyOf(actor.user), 'pa')}
        on conflict (participation_id) do nothing
        returning id, due_on::text as due_on, teacher_id,
                  (select name from projects where id = report_backs.project_id) as project_name`,
  );
  if (!created) return null;
  await tx.execute(
    sql`insert into notifications (region_id, user_id, kind, title, body, link)
        select ${actor.user.regionId}, u.id, 'report_back.created',
               '请于' || to_char(${created.due_on}::date, 'YYYY"年"FMMM"月"FMDD"日"') || '前完成《' || ${created.project_name} || '》的成果汇报',
               '外出培训归来后须在校内开展二次培训（讲座、示范课、工作坊或教研活动），并上传课件、照片和签到表；报销须先完成成果汇报。',
               '/my/report-backs'
        from users u where u.teacher_id = ${created.teacher_id} and not u.disabled`,
  );
  await record(tx, actor, {
    action: 'report_back.create',
    entity: 'report_back',
    entityId: created.id,
    after: { participationId, dueOn: created.due_on, dueDays: rule.dueDays, ...context },
  });
  return created.id;
}
