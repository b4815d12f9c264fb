// All SQL of surveys. Who may answer: a needs or competency survey's invited teachers (the audience
// when it was published); a project's satisfaction survey its participants with a person-time,
// from the end of its last session (or the day after its end date) for the template's window.
// Which version of the satisfaction template a project uses: the one its first answer was given
// on, else the template in use; a project whose window had closed before the county's template
// came into use gets none.
import { PLAN_TIME_ZONE, type SurveyAudience } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import {
  county,
  participationScope,
  projectScope,
  schoolScope,
  surveyPersonScope,
  surveyScope,
  teacherScope,
} from '../../access/scope.js';
import { type Exec, intArray, one, rows, textArray } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';

const TZ = PLAN_TIME_ZONE;
const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export type SurveyRow = {
  id: number;
  region_id: number;
  kind: 'needs' | 'competency' | 'satisfaction';
  is_template: boolean;
  title: string;
  intro: string | null;
  anonymous: boolean;
  status: 'draft' | 'published' | 'closed' | 'superseded';
  year: number;
  version: number;
  audience: unknown;
  sections: unknown;
  settings: Record<string, unknown>;
  closes_on: string | null;
  published_at: string | null;
  closed_at: string | null;
  created_at: string;
  invited: number;
  responded: number;
};

/** A person-time of the project (the statistics' rule): finished, or enrolled and checked in at least once. */
export const attendedSql = (
  pa: string,
) => sql`(${sql.raw(pa)}.status in ('completed', 'failed') or (${sql.raw(pa)}.status = 'enrolled'
  and exists (select 1 from attendance at0 where at0.participation_id = ${sql.raw(pa)}.id and at0.status in ('present', 'late'))))`;

/**
 * `sw`: each project (of `projects p` rows matching `filter`) with a satisfaction survey: its survey
 * version, when it opens and closes, whether the certificate waits for it.
 */
export function satisfactionWindows(regionId: number, filter: SQL): SQL {
  return sql`sw as (
    select x.project_id, sv.id as survey_id, sv.title, x.opens_at,
           x.opens_at + coalesce((sv.settings->>'windowDays')::int, 30) * interval '1 day' as closes_at,
           coalesce((sv.settings->>'requiredForCertificate')::boolean, false) as required
    from (
      select p.id as project_id,
             coalesce((select max(ps.ends_at) from project_sessions ps where ps.project_id = p.id),
                      ((p.end_date + 1)::timestamp at time zone ${TZ})) as opens_at,
             (select ss.survey_id from survey_submissions ss where ss.project_id = p.id order by ss.id limit 1) as first_survey
      from projects p
      where ${projectScope(county(regionId), 'p')} and p.status <> 'draft' and ${filter}
    ) x
    join surveys sv on sv.id = coalesce(x.first_survey,
      (select t.id from surveys t where t.region_id = ${regionId} and t.is_template and t.status = 'published'))
    where sv.status in ('published', 'superseded')
      and (x.first_survey is not null
           or x.opens_at + coalesce((sv.settings->>'windowDays')::int, 30) * interval '1 day'
              >= coalesce((sv.settings->>'since')::timestamptz, sv.published_at, sv.created_at)))`;
}

const SURVEY_COLUMNS = sql`sv.id, sv.region_id, sv.kind, sv.is_template, sv.title, sv.intro, sv.anonymous, sv.status,
  sv.year, sv.version, sv.audience, sv.sections, sv.settings, sv.closes_on::text as closes_on,
  ${iso(sql`sv.published_at`)} as published_at, ${iso(sql`sv.closed_at`)} as closed_at, ${iso(sql`sv.created_at`)} as created_at`;

/**
 * Asked and answered, within the caller's schools: invitations and submissions for needs and
 * competency surveys; for a satisfaction survey, the participants of its projects whose survey has
 * opened, and their submissions.
 */
function countsSql(user: CurrentUser): SQL {
  return sql`
    case when sv.kind = 'satisfaction' then
      (select count(*) from sw join participations pa on pa.project_id = sw.project_id
         join schools s on s.id = pa.school_id
       where sw.survey_id = sv.id and sw.opens_at <= now() and ${attendedSql('pa')} and ${participationScope(user, 'pa', 's')})
    else
      (select count(*) from survey_invitations si join schools s on s.id = si.school_id
       where si.survey_id = sv.id and ${surveyPersonScope(user, 'si', 's')})
    end::int as invited,
    (select count(*) from survey_submissions ss join schools s on s.id = ss.school_id
     where ss.survey_id = sv.id and ${surveyPersonScope(user, 'ss', 's')})::int as responded`;
}

export async function listSurveys(
  exec: Exec,
  user: CurrentUser,
  f: { kind?: string; status?: string; year?: number; limit: number; offset: number },
) {
  const conds: SQL[] = [surveyScope(user, 'sv')];
  if (f.kind) conds.push(sql`sv.kind = ${f.kind}`);
  if (f.status) conds.push(sql`sv.status = ${f.status}`);
  if (f.year) conds.push(sql`sv.year = ${f.year}`);
  // Drafts are the county's work in progress.
  if (user.role !== 'county_admin') conds.push(sql`sv.status <> 'draft'`);
  const where = sql.join(conds, sql` and `);
  const items = await rows<SurveyRow>(
    exec,
    sql`with ${satisfactionWindows(user.regionId, sql`true`)}
        select ${SURVEY_COLUMNS}, ${countsSql(user)} from surveys sv where ${where}
        order by sv.is_template desc, sv.year desc, sv.created_at desc, sv.id desc
        limit ${f.limit} offset ${f.offset}`,
  );
  const total = await one<{ n: number }>(exec, sql`select count(*)::int as n from surveys sv where ${where}`);
  return { items, total: total?.n ?? 0 };
}

/** One survey the caller may see (a draft only for the county admin), with its counts. */
export async function findSurvey(exec: Exec, user: CurrentUser, id: number): Promise<SurveyRow | undefined> {
  return one<SurveyRow>(
    exec,
    sql`with ${satisfactionWindows(user.regionId, sql`true`)}
        select ${SURVEY_COLUMNS}, ${countsSql(user)} from surveys sv
        where sv.id = ${id} and ${surveyScope(user, 'sv')}
          and (sv.status <> 'draft' or ${user.role === 'county_admin'})`,
  );
}

/** The survey row locked for a change (county's own), without counts. */
export async function lockSurvey(exec: Exec, user: CurrentUser, id: number) {
  return one<Omit<SurveyRow, 'invited' | 'responded'> & { responses: number }>(
    exec,
    sql`select ${SURVEY_COLUMNS}, (select count(*) from survey_submissions ss where ss.survey_id = sv.id)::int as responses
        from surveys sv where sv.id = ${id} and ${surveyScope(user, 'sv')} for update of sv`,
  );
}

export async function insertSurvey(
  exec: Exec,
  v: {
    regionId: number;
    kind: string;
    isTemplate: boolean;
    title: string;
    intro: string | null;
    anonymous: boolean;
    status: string;
    year: number;
    version: number;
    audience: unknown;
    sections: unknown;
    settings: unknown;
    closesOn: string | null;
    createdBy: number | null;
  },
): Promise<number> {
  const r = await one<{ id: number }>(
    exec,
    sql`insert into surveys (region_id, kind, is_template, title, intro, anonymous, status, year, version, audience,
                             sections, settings, closes_on, created_by, published_at)
        values (${v.regionId}, ${v.kind}, ${v.isTemplate}, ${v.title}, ${v.intro}, ${v.anonymous}, ${v.status}, ${v.year},
                ${v.version}, ${JSON.stringify(v.audience)}::jsonb, ${JSON.stringify(v.sections)}::jsonb,
                ${JSON.stringify(v.settings)}::jsonb, ${v.closesOn}::date, ${v.createdBy},
                ${v.status === 'published' ? sql`now()` : sql`null`})
        returning id`,
  );
  return r!.id;
}

export async function updateSurvey(
  exec: Exec,
  id: number,
  v: {
    title: string;
    intro: string | null;
    anonymous: boolean;
    year: number;
    audience: unknown;
    sections: unknown;
    settings: unknown;
    closesOn: string | null;
  },
) {
  await exec.execute(
    sql`update surveys set title = ${v.title}, intro = ${v.intro}, anonymous = ${v.anonymous}, year = ${v.year},
          audience = ${JSON.stringify(v.audience)}::jsonb, sections = ${JSON.stringify(v.sections)}::jsonb,
          settings = ${JSON.stringify(v.settings)}::jsonb, closes_on = ${v.closesOn}::date, updated_at = now()
        where id = ${id}`,
  );
}

export async function setStatus(exec: Exec, id: number, status: string) {
  await exec.execute(
    sql`update surveys set status = ${status}, updated_at = now(),
          published_at = case when ${status} = 'published' then coalesce(published_at, now()) else published_at end,
          closed_at = case when ${status} in ('closed', 'superseded') then now() else closed_at end
        where id = ${id}`,
  );
}

export async function deleteSurvey(exec: Exec, id: number) {
  await exec.execute(sql`delete from surveys where id = ${id}`);
}

/** The template in use (locked), if any. */
export async function activeTemplate(exec: Exec, regionId: number, lock = false) {
  return one<{ id: number; version: number; settings: Record<string, unknown>; responses: number }>(
    exec,
    sql`select sv.id, sv.version, sv.settings,
               (select count(*) from survey_submissions ss where ss.survey_id = sv.id)::int as responses
        from surveys sv where ${surveyScope(county(regionId), 'sv')} and sv.is_template and sv.status = 'published'
        ${lock ? sql`for update of sv` : sql``}`,
  );
}

export async function anyTemplate(exec: Exec, regionId: number) {
  return one<{ id: number }>(
    exec,
    sql`select sv.id from surveys sv where ${surveyScope(county(regionId), 'sv')} and sv.is_template limit 1`,
  );
}

/**
 * Invites the serving teachers the audience names (all of them when it names nobody), each at their
 * current school; returns how many.
 */
export async function inviteAudience(exec: Exec, surveyId: number, regionId: number, a: SurveyAudience, year: number) {
  const conds: SQL[] = [teacherScope(county(regionId), 't'), sql`t.status = '在职'`];
  if (a.stages.length) conds.push(sql`t.stage = any(${textArray(a.stages)})`);
  if (a.subjects.length) conds.push(sql`t.subject = any(${textArray(a.subjects)})`);
  if (a.schoolIds.length) conds.push(sql`t.school_id = any(${intArray(a.schoolIds)})`);
  if (a.areaIds.length) conds.push(sql`s.area_id = any(${intArray(a.areaIds)})`);
  const service = sql`(${year} - extract(year from t.hire_date)::int)`;
  if (a.minYears != null) conds.push(sql`t.hire_date is not null and ${service} >= ${a.minYears}`);
  if (a.maxYears != null) conds.push(sql`t.hire_date is not null and ${service} <= ${a.maxYears}`);
  const r = await one<{ n: number }>(
    exec,
    sql`with ins as (
          insert into survey_invitations (survey_id, teacher_id, region_id, school_id)
          select ${surveyId}, t.id, t.region_id, t.school_id
          from teachers t join schools s on s.id = t.school_id
          where ${sql.join(conds, sql` and `)}
          on conflict do nothing
          returning 1)
        select count(*)::int as n from ins`,
  );
  return r?.n ?? 0;
}

export async function invitedTeachers(exec: Exec, surveyId: number): Promise<number[]> {
  const list = await rows<{ teacher_id: number }>(
    exec,
    sql`select si.teacher_id from survey_invitations si where si.survey_id = ${surveyId}`,
  );
  return list.map((r) => r.teacher_id);
}

// ---------- the teacher's side ----------

export type MySurveyRow = {
  survey_id: number;
  kind: 'needs' | 'competency' | 'satisfaction';
  title: string;
  project_id: number | null;
  project_name: string | null;
  closes_at: string | null;
  required: boolean;
  answered: boolean;
  sort_at: string;
};

/** Surveys open to the teacher now (not yet answered) and the ones they answered lately. */
export async function mySurveys(exec: Exec, user: CurrentUser) {
  const teacherId = user.teacherId ?? -1;
  const pending = await rows<MySurveyRow>(
    exec,
    sql`with ${satisfactionWindows(user.regionId, sql`exists (select 1 from participations pp where pp.project_id = p.id and pp.teacher_id = ${teacherId})`)}
        select sv.id as survey_id, sv.kind, sv.title, null::int as project_id, null::text as project_name,
               case when sv.closes_on is null then null
                    else ${iso(sql`((sv.closes_on + 1)::timestamp at time zone ${TZ})`)} end as closes_at,
               false as required, false as answered, ${iso(sql`sv.published_at`)} as sort_at
        from survey_invitations si join surveys sv on sv.id = si.survey_id
        join schools s on s.id = si.school_id
        where ${surveyPersonScope(user, 'si', 's')} and sv.status = 'published'
          and (sv.closes_on is null or sv.closes_on >= (now() at time zone ${TZ})::date)
          and not exists (select 1 from survey_submissions ss
                          where ss.survey_id = sv.id and ss.teacher_id = si.teacher_id and ss.project_id is null)
        union all
        select sw.survey_id, 'satisfaction', sw.title, p.id, p.name, ${iso(sql`sw.closes_at`)}, sw.required, false,
               ${iso(sql`sw.opens_at`)}
        from sw join projects p on p.id = sw.project_id
        join participations pa on pa.project_id = p.id
        join schools s on s.id = pa.school_id
        where ${participationScope(user, 'pa', 's')} and ${attendedSql('pa')}
          and now() >= sw.opens_at and now() < sw.closes_at
          and not exists (select 1 from survey_submissions ss where ss.project_id = p.id and ss.teacher_id = pa.teacher_id)
        order by 9 desc`,
  );
  const answered = await rows<MySurveyRow>(
    exec,
    sql`select ss.survey_id, sv.kind, sv.title, ss.project_id, p.name as project_name, null::text as closes_at,
               false as required, true as answered, ${iso(sql`ss.submitted_at`)} as sort_at
        from survey_submissions ss join surveys sv on sv.id = ss.survey_id
        join schools s on s.id = ss.school_id
        left join projects p on p.id = ss.project_id
        where ${surveyPersonScope(user, 'ss', 's')}
        order by ss.submitted_at desc, ss.id desc limit 20`,
  );
  return { pending, answered };
}

/** Where a teacher stands on one survey (and project): may they answer it now, did they already. */
export async function answerState(exec: Exec, user: CurrentUser, surveyId: number, projectId: number | null) {
  const teacherId = user.teacherId ?? -1;
  if (projectId == null) {
    return one<{
      invited: boolean;
      school_id: number | null;
      open: boolean;
      answered: boolean;
      closes_at: string | null;
    }>(
      exec,
      sql`select (si.teacher_id is not null) as invited, si.school_id,
                 (sv.status = 'published' and (sv.closes_on is null or sv.closes_on >= (now() at time zone ${TZ})::date)) as open,
                 exists (select 1 from survey_submissions ss where ss.survey_id = sv.id and ss.teacher_id = ${teacherId}
                         and ss.project_id is null) as answered,
                 case when sv.closes_on is null then null
                      else ${iso(sql`((sv.closes_on + 1)::timestamp at time zone ${TZ})`)} end as closes_at
          from surveys sv
          left join survey_invitations si on si.survey_id = sv.id and si.teacher_id = ${teacherId}
          where sv.id = ${surveyId} and ${surveyScope(user, 'sv')}`,
    );
  }
  return one<{
    invited: boolean;
    school_id: number | null;
    open: boolean;
    answered: boolean;
    closes_at: string | null;
    project_name: string;
    required: boolean;
    opens_at: string;
  }>(
    exec,
    sql`with ${satisfactionWindows(user.regionId, sql`p.id = ${projectId}`)}
        select (pa.id is not null and ${attendedSql('pa')}) as invited, pa.school_id,
               (now() >= sw.opens_at and now() < sw.closes_at) as open,
               exists (select 1 from survey_submissions ss where ss.project_id = sw.project_id
                       and ss.teacher_id = ${teacherId}) as answered,
               ${iso(sql`sw.closes_at`)} as closes_at, p.name as project_name, sw.required,
               ${iso(sql`sw.opens_at`)} as opens_at
        from sw join projects p on p.id = sw.project_id
        left join participations pa on pa.project_id = p.id and pa.teacher_id = ${teacherId}
        where sw.survey_id = ${surveyId}`,
  );
}

/** The trainers of a project (its trainers and its sessions' trainers), for the per-trainer questions. */
export async function projectTrainers(exec: Exec, regionId: number, projectId: number) {
  return rows<{ id: number; name: string }>(
    exec,
    sql`select tr.id, tr.name from trainers tr
        where tr.region_id = ${regionId}
          and (exists (select 1 from project_trainers pt where pt.project_id = ${projectId} and pt.trainer_id = tr.id)
               or exists (select 1 from project_sessions ps where ps.project_id = ${projectId} and ps.trainer_id = tr.id))
        order by tr.name, tr.id`,
  );
}

/** The teacher's groups the results are cut by. */
export async function teacherFacts(exec: Exec, user: CurrentUser) {
  return one<{ id: number; school_id: number; stage: string; subject: string; urban_rural: string }>(
    exec,
    sql`select t.id, t.school_id, t.stage, t.subject, s.urban_rural from teachers t join schools s on s.id = t.school_id
        where t.id = ${user.teacherId ?? -1} and ${teacherScope(user, 't', 's')}`,
  );
}

export async function insertSubmission(
  exec: Exec,
  v: { regionId: number; surveyId: number; projectId: number | null; teacherId: number; schoolId: number },
) {
  await exec.execute(
    sql`insert into survey_submissions (region_id, survey_id, project_id, teacher_id, school_id)
        values (${v.regionId}, ${v.surveyId}, ${v.projectId}, ${v.teacherId}, ${v.schoolId})`,
  );
}

export async function insertResponse(
  exec: Exec,
  v: {
    regionId: number;
    surveyId: number;
    projectId: number | null;
    teacherId: number | null;
    schoolId: number;
    stage: string;
    subject: string;
    urbanRural: string;
    answers: unknown;
    scores: unknown;
  },
) {
  await exec.execute(
    sql`insert into survey_responses (region_id, survey_id, project_id, teacher_id, school_id, stage, subject,
                                      urban_rural, answers, scores, submitted_on)
        values (${v.regionId}, ${v.surveyId}, ${v.projectId}, ${v.teacherId}, ${v.schoolId}, ${v.stage}, ${v.subject},
                ${v.urbanRural}, ${JSON.stringify(v.answers)}::jsonb, ${v.scores == null ? null : JSON.stringify(v.scores)}::jsonb,
                (now() at time zone ${TZ})::date)`,
  );
}

/** The teacher's own answer (not anonymous surveys: those keep no teacher). */
export async function ownResponse(exec: Exec, user: CurrentUser, surveyId: number, projectId: number | null) {
  return one<{ answers: Record<string, unknown>; scores: unknown }>(
    exec,
    sql`select sr.answers, sr.scores from survey_responses sr join schools s on s.id = sr.school_id
        where sr.survey_id = ${surveyId} and ${surveyPersonScope(user, 'sr', 's')}
          and sr.teacher_id = ${user.teacherId ?? -1}
          and ${projectId == null ? sql`sr.project_id is null` : sql`sr.project_id = ${projectId}`}
        limit 1`,
  );
}

// ---------- results ----------

export type ResponseRow = {
  id: number;
  project_id: number | null;
  school_id: number;
  school_name: string;
  stage: string | null;
  subject: string | null;
  urban_rural: string | null;
  answers: Record<string, unknown>;
  scores: Array<{ dimension: string; score: number; items: number }> | null;
  submitted_on: string;
  teacher_name: string | null;
};

/** Every answer of a survey the caller may read (their schools'), optionally one project's or school's. */
export async function responsesOf(
  exec: Exec,
  user: CurrentUser,
  surveyId: number,
  f: { projectId?: number; schoolId?: number },
): Promise<ResponseRow[]> {
  return rows<ResponseRow>(
    exec,
    sql`select sr.id, sr.project_id, sr.school_id, s.name as school_name, sr.stage, sr.subject, sr.urban_rural,
               sr.answers, sr.scores, sr.submitted_on::text as submitted_on, t.name as teacher_name
        from survey_responses sr join schools s on s.id = sr.school_id
        left join teachers t on t.id = sr.teacher_id
        where sr.survey_id = ${surveyId} and ${surveyPersonScope(user, 'sr', 's')}
          ${f.projectId ? sql`and sr.project_id = ${f.projectId}` : sql``}
          ${f.schoolId ? sql`and sr.school_id = ${f.schoolId}` : sql``}
        order by sr.id`,
  );
}

/** Asked and answered per school (the caller's schools), for the response rates. */
export async function ratesBySchool(
  exec: Exec,
  user: CurrentUser,
  survey: { id: number; kind: string },
  f: { projectId?: number; schoolId?: number },
) {
  const school = f.schoolId ? sql`and s.id = ${f.schoolId}` : sql``;
  const asked =
    survey.kind === 'satisfaction'
      ? sql`select pa.school_id, count(*)::int as n from sw join participations pa on pa.project_id = sw.project_id
            join schools s on s.id = pa.school_id
            where sw.survey_id = ${survey.id} and sw.opens_at <= now() and ${attendedSql('pa')}
              and ${participationScope(user, 'pa', 's')} ${school}
              ${f.projectId ? sql`and sw.project_id = ${f.projectId}` : sql``}
            group by pa.school_id`
      : sql`select si.school_id, count(*)::int as n from survey_invitations si join schools s on s.id = si.school_id
            where si.survey_id = ${survey.id} and ${surveyPersonScope(user, 'si', 's')} ${school}
            group by si.school_id`;
  return rows<{ school_id: number; school_name: string; invited: number; responded: number }>(
    exec,
    sql`with ${satisfactionWindows(user.regionId, f.projectId ? sql`p.id = ${f.projectId}` : sql`true`)},
        asked as (${asked}),
        answered as (
          select ss.school_id, count(*)::int as n from survey_submissions ss join schools s on s.id = ss.school_id
          where ss.survey_id = ${survey.id} and ${surveyPersonScope(user, 'ss', 's')} ${school}
            ${f.projectId ? sql`and ss.project_id = ${f.projectId}` : sql``}
          group by ss.school_id)
        select s.id as school_id, s.name as school_name, coalesce(a.n, 0) as invited, coalesce(b.n, 0) as responded
        from schools s left join asked a on a.school_id = s.id left join answered b on b.school_id = s.id
        where ${schoolScope(user, 's')} and (a.n is not null or b.n is not null)
        order by s.name, s.id`,
  );
}

/** The trainers named in per-trainer answers, by id. */
export async function trainerNames(exec: Exec, regionId: number, ids: number[]) {
  if (!ids.length) return new Map<number, string>();
  const list = await rows<{ id: number; name: string }>(
    exec,
    sql`select tr.id, tr.name from trainers tr where tr.region_id = ${regionId} and tr.id = any(${intArray(ids)})`,
  );
  return new Map(list.map((r) => [r.id, r.name]));
}

/** A project the caller may see (for a satisfaction survey's per-project results). */
export async function visibleProject(exec: Exec, user: CurrentUser, projectId: number) {
  return one<{ id: number; name: string }>(
    exec,
    sql`select p.id, p.name from projects p where p.id = ${projectId} and ${projectScope(user, 'p')}`,
  );
}

/** Audience schools and areas that are not the county's. */
export async function foreignAudience(exec: Exec, regionId: number, a: SurveyAudience) {
  return one<{ school: number | null; area: number | null }>(
    exec,
    sql`select (select x from unnest(${intArray(a.schoolIds)}) x
                where not exists (select 1 from schools s where s.id = x and ${schoolScope(county(regionId), 's')}) limit 1) as school,
               (select x from unnest(${intArray(a.areaIds)}) x
                where not exists (select 1 from areas ar where ar.id = x and ar.region_id = ${regionId}) limit 1) as area`,
  );
}
