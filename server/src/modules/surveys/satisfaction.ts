// Satisfaction: the county's template (every project's survey after its last session), and what the
// answers say about each trainer (their record) and each project (its report). Ratings are the
// 1–5 answers of rating and matrix questions (a per-trainer question gives one per trainer); the
// mean, and 满意率 = ratings of 4 or 5 ÷ ratings. NPS questions are reported apart.
import {
  DEFAULT_SATISFACTION_TEMPLATE,
  PLAN_TIME_ZONE,
  type ProjectSatisfactionRow,
  rate,
  SATISFIED_FROM,
  type SatisfactionTemplate,
  type SatisfactionTemplateBody,
  type TrainerSatisfactionRow,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { county, projectScope, surveyScope, trainerScope } from '../../access/scope.js';
import { type Db, type Exec, rows } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict } from '../../http/errors.js';
import { currentYear } from '../stats/summary.service.js';
import { presentSurvey } from './surveys.presenter.js';
import * as repo from './surveys.repo.js';

// ---------- the template ----------

/**
 * Gives every county without a satisfaction template the platform's default, in use from now
 * (projects whose survey opens later get it). Idempotent; run at start-up.
 */
export async function ensureSatisfactionTemplates(exec: Exec, since?: string) {
  const t = DEFAULT_SATISFACTION_TEMPLATE;
  await exec.execute(
    sql`insert into surveys (region_id, kind, is_template, title, intro, anonymous, status, year, version, sections,
                             settings, published_at)
        select g.id, 'satisfaction', true, ${t.title}, ${t.intro ?? null}, ${t.anonymous}, 'published',
               extract(year from now() at time zone ${PLAN_TIME_ZONE})::int, 1, ${JSON.stringify(t.sections)}::jsonb,
               jsonb_build_object('requiredForCertificate', ${t.settings.requiredForCertificate}::boolean,
                                  'windowDays', ${t.settings.windowDays}::int,
                                  'since', coalesce(${since ?? null}::timestamptz, now())),
               now()
        from regions g
        where not exists (select 1 from surveys sv where sv.region_id = g.id and sv.is_template)`,
  );
}

export async function getTemplate(db: Db, user: CurrentUser): Promise<SatisfactionTemplate> {
  const active = await repo.activeTemplate(db, user.regionId);
  const row = active ? await repo.findSurvey(db, user, active.id) : undefined;
  return { template: row ? presentSurvey(row) : null, defaults: DEFAULT_SATISFACTION_TEMPLATE };
}

/**
 * Saves the template: changed in place while no one has answered it; otherwise a new version (the
 * projects already answered on the old one keep it, so their answers stay comparable).
 */
export async function saveTemplate(db: Db, actor: Actor, body: SatisfactionTemplateBody) {
  const user = actor.user;
  const id = await db.transaction(async (tx) => {
    const active = await repo.activeTemplate(tx, user.regionId, true);
    const settings = {
      requiredForCertificate: body.settings.requiredForCertificate,
      windowDays: body.settings.windowDays,
      since: (active?.settings.since as string | undefined) ?? new Date().toISOString(),
    };
    const fields = {
      title: body.title,
      intro: body.intro || null,
      anonymous: body.anonymous,
      year: currentYear(),
      audience: {},
      sections: body.sections,
      settings,
      closesOn: null,
    };
    if (active && active.responses === 0) {
      await repo.updateSurvey(tx, active.id, fields);
      await record(tx, actor, {
        action: 'survey.template',
        entity: 'survey',
        entityId: active.id,
        after: { title: body.title, version: active.version, settings },
      });
      return active.id;
    }
    if (active) await repo.setStatus(tx, active.id, 'superseded');
    const created = await repo.insertSurvey(tx, {
      regionId: user.regionId,
      kind: 'satisfaction',
      isTemplate: true,
      status: 'published',
      version: (active?.version ?? 0) + 1,
      createdBy: user.id,
      ...fields,
    });
    await record(tx, actor, {
      action: 'survey.template',
      entity: 'survey',
      entityId: created,
      after: { title: body.title, version: (active?.version ?? 0) + 1, replaces: active?.id ?? null, settings },
    });
    return created;
  });
  const row = await repo.findSurvey(db, user, id);
  return presentSurvey(row!);
}

/** Stops attaching satisfaction surveys to projects (the county may turn them on again by saving the template). */
export async function stopTemplate(exec: Exec, actor: Actor, id: number) {
  const active = await repo.activeTemplate(exec, actor.user.regionId, true);
  if (!active || active.id !== id) throw conflict('这份满意度模板不在使用中');
  await repo.setStatus(exec, id, 'closed');
  await record(exec, actor, { action: 'survey.close', entity: 'survey', entityId: id, after: { template: true } });
}

// ---------- what the answers say ----------

/**
 * Every rating of the region's satisfaction answers as rows: response, project, school, the
 * question's dimension, the trainer (per-trainer questions) and the rating. Set-based: the
 * questions come out of each survey's sections with jsonb functions.
 */
function ratingsSql(regionId: number, projectWhere: SQL): SQL {
  return sql`ratings as (
    select sr.id as response_id, sr.project_id, sr.school_id, coalesce(qq->>'dimension', '') as dimension,
           case when coalesce((qq->>'perTrainer')::boolean, false) then kv.key::int end as trainer_id,
           kv.value::int as rating
    from survey_responses sr
    join surveys sv on sv.id = sr.survey_id and sv.kind = 'satisfaction'
    join projects p on p.id = sr.project_id
    cross join lateral jsonb_array_elements(sv.sections) sec
    cross join lateral jsonb_array_elements(sec->'questions') qq
    cross join lateral jsonb_each_text(
      case when jsonb_typeof(sr.answers -> (qq->>'id')) = 'object' then sr.answers -> (qq->>'id')
           when jsonb_typeof(sr.answers -> (qq->>'id')) = 'number' then jsonb_build_object('x', sr.answers -> (qq->>'id'))
           else '{}'::jsonb end) kv
    where ${surveyScope(county(regionId), 'sv')} and sr.region_id = ${regionId}
      and qq->>'type' in ('rating', 'matrix') and ${projectWhere})`;
}

const yearWhere = (year: number | undefined) =>
  year == null ? sql`true` : sql`p.end_date >= ${`${year}-01-01`}::date and p.end_date < ${`${year + 1}-01-01`}::date`;

type ScoreRow = { ratings: number; satisfied: number; total: number; responses: number };
const score = (r: ScoreRow) => ({
  ratings: Number(r.ratings),
  responses: Number(r.responses),
  mean: Number(r.ratings) ? Math.round((Number(r.total) / Number(r.ratings)) * 100) / 100 : null,
  satisfiedRate: Number(r.ratings) ? rate(Number(r.satisfied), Number(r.ratings)) : null,
});
const AGG = sql`count(*)::int as ratings, count(*) filter (where rating >= ${SATISFIED_FROM})::int as satisfied,
  coalesce(sum(rating), 0)::int as total, count(distinct response_id)::int as responses`;

/**
 * Each trainer's satisfaction (the per-trainer questions of the projects they taught): one trainer,
 * or every trainer rated in the year (by the project's end date).
 */
export async function trainerSatisfaction(
  exec: Exec,
  regionId: number,
  opts: { trainerId?: number; year?: number } = {},
): Promise<TrainerSatisfactionRow[]> {
  const list = await rows<ScoreRow & { trainer_id: number; name: string; projects: number }>(
    exec,
    sql`with ${ratingsSql(regionId, yearWhere(opts.year))}
        select tr.id as trainer_id, tr.name, ${AGG}, count(distinct r.project_id)::int as projects
        from ratings r join trainers tr on tr.id = r.trainer_id
        where ${trainerScope(county(regionId), 'tr')} ${opts.trainerId ? sql`and tr.id = ${opts.trainerId}` : sql``}
        group by tr.id, tr.name
        order by tr.name, tr.id`,
  );
  return list.map((r) => ({ trainerId: r.trainer_id, name: r.name, projects: Number(r.projects), ...score(r) }));
}

/**
 * Each project's satisfaction: all its ratings, per dimension, its NPS and how many participants
 * were asked. One project, or every project of the year; `projectWhere` narrows to what the caller
 * may see (a condition on `projects p`).
 */
export async function projectSatisfaction(
  exec: Exec,
  regionId: number,
  opts: { projectId?: number; year?: number; projectWhere?: SQL } = {},
): Promise<ProjectSatisfactionRow[]> {
  const where = sql.join(
    [
      yearWhere(opts.year),
      opts.projectId ? sql`p.id = ${opts.projectId}` : sql`true`,
      opts.projectWhere ?? projectScope(county(regionId), 'p'),
    ],
    sql` and `,
  );
  const overall = await rows<
    ScoreRow & {
      project_id: number;
      name: string;
      level: string;
      end_date: string;
      invited: number;
      nps: number | null;
    }
  >(
    exec,
    sql`with ${ratingsSql(regionId, where)},
        ${repo.satisfactionWindows(regionId, where)},
        agg as (select project_id, ${AGG} from ratings group by project_id),
        asked as (
          select sw.project_id, count(*)::int as invited from sw join participations pa on pa.project_id = sw.project_id
          where sw.opens_at <= now() and ${repo.attendedSql('pa')} group by sw.project_id),
        nps as (
          select sr.project_id,
                 round((count(*) filter (where (sr.answers->>(qq->>'id'))::int >= 9)
                        - count(*) filter (where (sr.answers->>(qq->>'id'))::int <= 6)) * 1000.0 / count(*)) / 10 as nps
          from survey_responses sr join surveys sv on sv.id = sr.survey_id
          join projects p on p.id = sr.project_id
          cross join lateral jsonb_array_elements(sv.sections) sec
          cross join lateral jsonb_array_elements(sec->'questions') qq
          where sr.region_id = ${regionId} and sv.kind = 'satisfaction' and qq->>'type' = 'nps'
            and jsonb_typeof(sr.answers -> (qq->>'id')) = 'number' and ${where}
          group by sr.project_id)
        select p.id as project_id, p.name, p.level, p.end_date::text as end_date, coalesce(asked.invited, 0) as invited,
               coalesce(agg.ratings, 0) as ratings, coalesce(agg.satisfied, 0) as satisfied,
               coalesce(agg.total, 0) as total, coalesce(agg.responses, 0) as responses, nps.nps::float8 as nps
        from projects p
        left join agg on agg.project_id = p.id
        left join asked on asked.project_id = p.id
        left join nps on nps.project_id = p.id
        where ${where} and (agg.project_id is not null or asked.project_id is not null)
        order by p.end_date desc, p.id desc`,
  );
  const dims = await rows<ScoreRow & { project_id: number; dimension: string }>(
    exec,
    sql`with ${ratingsSql(regionId, where)}
        select project_id, dimension, ${AGG} from ratings group by project_id, dimension`,
  );
  return overall.map((r) => ({
    projectId: r.project_id,
    projectName: r.name,
    level: r.level,
    endDate: r.end_date,
    invited: Number(r.invited),
    nps: r.nps == null ? null : Number(r.nps),
    ...score(r),
    dimensions: dims
      .filter((d) => d.project_id === r.project_id)
      .map((d) => ({ dimension: d.dimension || '其他', ...score(d) })),
  }));
}

/**
 * The 校培 satisfaction of each school (the evaluation's `satisfaction` indicator): ratings of the
 * school's own 校培 projects ending in the year.
 */
export async function schoolTrainingSatisfaction(exec: Exec, regionId: number, year: number) {
  const list = await rows<ScoreRow & { school_id: number }>(
    exec,
    sql`with ${ratingsSql(regionId, sql`p.level = '校培' and p.school_id is not null and ${yearWhere(year)}`)}
        select p.school_id, ${AGG} from ratings r join projects p on p.id = r.project_id group by p.school_id`,
  );
  return new Map(list.map((r) => [r.school_id, { satisfied: Number(r.satisfied), ratings: Number(r.ratings) }]));
}

/** All ratings of the projects ending in the year (the county's 满意率 in the year-end summary). */
export async function yearSatisfaction(exec: Exec, regionId: number, year: number) {
  const [r] = await rows<ScoreRow>(exec, sql`with ${ratingsSql(regionId, yearWhere(year))} select ${AGG} from ratings`);
  return { satisfied: Number(r?.satisfied ?? 0), ratings: Number(r?.ratings ?? 0) };
}
