// All SQL of the year-end evaluation: rubrics, per-school results, manual scores.
import { type SQL, sql } from 'drizzle-orm';
import {
  county,
  evaluationResultScope,
  evaluationScope,
  manualScoreScope,
  schoolScope,
  teacherScope,
  type Who,
} from '../../access/scope.js';
import { type Exec, intArray, one, rows, textArray } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';

const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export type EvaluationRow = {
  id: number;
  region_id: number;
  year: number;
  name: string;
  status: 'draft' | 'computed' | 'published';
  groups: unknown;
  indicators: unknown;
  bands: unknown;
  excellent_quota: string | null;
  computed_at: string | null;
  published_at: string | null;
  created_at: string;
  schools: number;
  excellent: number;
  qualified: number;
  failed: number;
  manual_scored: number;
};

const COLUMNS = sql`e.id, e.region_id, e.year, e.name, e.status, e.groups, e.indicators, e.bands,
  e.excellent_quota::text as excellent_quota, ${iso(sql`e.computed_at`)} as computed_at,
  ${iso(sql`e.published_at`)} as published_at, ${iso(sql`e.created_at`)} as created_at,
  (select count(*) from evaluation_results er where er.evaluation_id = e.id)::int as schools,
  (select count(*) from evaluation_results er where er.evaluation_id = e.id and er.grade = '优秀')::int as excellent,
  (select count(*) from evaluation_results er where er.evaluation_id = e.id and er.grade = '合格')::int as qualified,
  (select count(*) from evaluation_results er where er.evaluation_id = e.id and er.grade = '不合格')::int as failed,
  (select count(*) from evaluation_manual_scores m where m.evaluation_id = e.id)::int as manual_scored`;

export async function listEvaluations(exec: Exec, user: CurrentUser, year?: number) {
  return rows<EvaluationRow>(
    exec,
    sql`select ${COLUMNS} from evaluations e
        where ${evaluationScope(user, 'e')} ${year ? sql`and e.year = ${year}` : sql``}
        order by e.year desc, e.created_at desc, e.id desc`,
  );
}

export async function findEvaluation(exec: Exec, who: Who, id: number, lock = false) {
  return one<EvaluationRow>(
    exec,
    sql`select ${COLUMNS} from evaluations e where e.id = ${id} and ${evaluationScope(who, 'e')}
        ${lock ? sql`for update of e` : sql``}`,
  );
}

export async function insertEvaluation(
  exec: Exec,
  v: {
    regionId: number;
    year: number;
    name: string;
    groups: unknown;
    indicators: unknown;
    bands: unknown;
    excellentQuota: number | null;
    createdBy: number;
  },
) {
  const r = await one<{ id: number }>(
    exec,
    sql`insert into evaluations (region_id, year, name, groups, indicators, bands, excellent_quota, created_by)
        values (${v.regionId}, ${v.year}, ${v.name}, ${JSON.stringify(v.groups)}::jsonb,
                ${JSON.stringify(v.indicators)}::jsonb, ${JSON.stringify(v.bands)}::jsonb, ${v.excellentQuota}, ${v.createdBy})
        returning id`,
  );
  return r!.id;
}

export async function updateRubric(
  exec: Exec,
  id: number,
  v: {
    year: number;
    name: string;
    groups: unknown;
    indicators: unknown;
    bands: unknown;
    excellentQuota: number | null;
  },
) {
  await exec.execute(
    sql`update evaluations set year = ${v.year}, name = ${v.name}, groups = ${JSON.stringify(v.groups)}::jsonb,
          indicators = ${JSON.stringify(v.indicators)}::jsonb, bands = ${JSON.stringify(v.bands)}::jsonb,
          excellent_quota = ${v.excellentQuota}, status = 'draft', computed_at = null, updated_at = now()
        where id = ${id}`,
  );
  await exec.execute(sql`delete from evaluation_results where evaluation_id = ${id}`);
}

/** Drops the manual scores of items no longer in the rubric. */
export async function pruneManualScores(exec: Exec, id: number, items: string[]) {
  await exec.execute(
    sql`delete from evaluation_manual_scores where evaluation_id = ${id} and not (item = any(${textArray(items)}))`,
  );
}

export async function deleteEvaluation(exec: Exec, id: number) {
  await exec.execute(sql`delete from evaluations where id = ${id}`);
}

export async function setStatus(exec: Exec, id: number, status: string, userId: number) {
  await exec.execute(
    sql`update evaluations set status = ${status}, updated_at = now(),
          computed_at = case when ${status} = 'computed' and computed_at is null then now() else computed_at end,
          published_at = case when ${status} = 'published' then now() else null end,
          published_by = case when ${status} = 'published' then ${userId}::int else null end
        where id = ${id}`,
  );
}

export async function markComputed(exec: Exec, id: number, userId: number) {
  await exec.execute(
    sql`update evaluations set status = 'computed', computed_at = now(), computed_by = ${userId}, updated_at = now()
        where id = ${id}`,
  );
}

/** The county's schools with serving teachers: who is evaluated. */
export async function evaluatedSchools(exec: Exec, regionId: number) {
  return rows<{ id: number; name: string; type: string }>(
    exec,
    sql`select s.id, s.name, s.type from schools s
        where ${schoolScope(county(regionId), 's')}
          and exists (select 1 from teachers t where t.school_id = s.id and ${teacherScope(county(regionId), 't')}
                      and t.status = '在职')
        order by s.id`,
  );
}

export type StoredValue = {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  evidence: string;
};

export type ResultRow = {
  school_id: number;
  school_name: string;
  school_type: string;
  group_name: string;
  indicator_values: Record<string, StoredValue>;
  computed_score: string;
  score: string;
  grade: string;
  rank: number;
  group_size: number;
  vetoed: boolean;
  veto_note: string | null;
  adjusted_score: string | null;
  adjusted_grade: string | null;
  adjust_reason: string | null;
  adjusted_by: string | null;
  adjusted_at: string | null;
  own: boolean;
};

/** The results the caller may read (their schools', every school's once published), best first per group. */
export async function resultsOf(exec: Exec, user: CurrentUser, id: number, schoolId?: number) {
  return rows<ResultRow>(
    exec,
    sql`select er.school_id, s.name as school_name, s.type as school_type, er.group_name, er.indicator_values,
               er.computed_score::text as computed_score, er.score::text as score, er.grade, er.rank, er.group_size,
               er.vetoed, er.veto_note, er.adjusted_score::text as adjusted_score, er.adjusted_grade, er.adjust_reason,
               u.display_name as adjusted_by, ${iso(sql`er.adjusted_at`)} as adjusted_at,
               ${schoolScope(user, 's')} as own
        from evaluation_results er
        join evaluations e on e.id = er.evaluation_id
        join schools s on s.id = er.school_id
        left join users u on u.id = er.adjusted_by
        where er.evaluation_id = ${id} and ${evaluationScope(user, 'e')} and ${evaluationResultScope(user, 'er', 's', 'e')}
          ${schoolId ? sql`and er.school_id = ${schoolId}` : sql``}
        order by er.group_name, er.rank, s.name, er.school_id`,
  );
}

/** Every result row of an evaluation (for grading), locked. */
export async function allResults(exec: Exec, regionId: number, id: number) {
  return rows<{
    school_id: number;
    group_name: string;
    indicator_values: Record<string, StoredValue>;
    vetoed: boolean;
    adjusted_score: string | null;
    adjusted_grade: string | null;
  }>(
    exec,
    sql`select er.school_id, er.group_name, er.indicator_values, er.vetoed, er.adjusted_score::text as adjusted_score,
               er.adjusted_grade
        from evaluation_results er
        where er.evaluation_id = ${id} and ${evaluationResultScope(county(regionId), 'er')}
        for update of er`,
  );
}

export async function adjustmentsOf(exec: Exec, id: number) {
  return rows<{
    school_id: number;
    adjusted_score: string | null;
    adjusted_grade: string | null;
    adjust_reason: string | null;
    adjusted_by: number | null;
    adjusted_at: string | null;
  }>(
    exec,
    sql`select school_id, adjusted_score::text as adjusted_score, adjusted_grade, adjust_reason, adjusted_by,
               adjusted_at::text as adjusted_at
        from evaluation_results where evaluation_id = ${id} and adjust_reason is not null`,
  );
}

const intArrayNullable = (values: Array<number | null>) =>
  sql`${`{${values.map((v) => (v == null ? 'NULL' : String(Math.trunc(v)))).join(',')}}`}::int[]`;

/** Replaces every result row (values, veto, carried-over adjustments); scores are set by storeGrades. */
export async function replaceResults(
  exec: Exec,
  id: number,
  regionId: number,
  list: Array<{
    schoolId: number;
    group: string;
    values: Record<string, StoredValue>;
    vetoed: boolean;
    vetoNote: string | null;
    adjustedScore: string | null;
    adjustedGrade: string | null;
    adjustReason: string | null;
    adjustedBy: number | null;
    adjustedAt: string | null;
  }>,
) {
  await exec.execute(sql`delete from evaluation_results where evaluation_id = ${id}`);
  if (!list.length) return;
  await exec.execute(
    sql`insert into evaluation_results (evaluation_id, school_id, region_id, group_name, indicator_values, computed_score,
                                        score, grade, rank, group_size, vetoed, veto_note, adjusted_score, adjusted_grade,
                                        adjust_reason, adjusted_by, adjusted_at)
        select ${id}, x.school_id, ${regionId}, x.group_name, x.vals::jsonb, 0, 0, '不合格', 0, 0, x.vetoed, x.veto_note,
               x.adj_score::numeric, x.adj_grade, x.adj_reason, x.adj_by, x.adj_at::timestamptz
        from unnest(${intArray(list.map((r) => r.schoolId))}, ${textArray(list.map((r) => r.group))},
                    ${textArray(list.map((r) => JSON.stringify(r.values)))}, ${sql`${`{${list.map((r) => r.vetoed).join(',')}}`}::boolean[]`},
                    ${textArray(list.map((r) => r.vetoNote))}, ${textArray(list.map((r) => r.adjustedScore))},
                    ${textArray(list.map((r) => r.adjustedGrade))}, ${textArray(list.map((r) => r.adjustReason))},
                    ${intArrayNullable(list.map((r) => r.adjustedBy))}, ${textArray(list.map((r) => r.adjustedAt))})
             as x(school_id, group_name, vals, vetoed, veto_note, adj_score, adj_grade, adj_reason, adj_by, adj_at)`,
  );
}

/** Writes the grading (one statement). */
export async function storeGrades(
  exec: Exec,
  id: number,
  list: Array<{
    schoolId: number;
    computedScore: number;
    score: number;
    grade: string;
    rank: number;
    groupSize: number;
  }>,
) {
  if (!list.length) return;
  await exec.execute(
    sql`update evaluation_results er set computed_score = x.computed::numeric, score = x.score::numeric, grade = x.grade, rank = x.rank,
          group_size = x.size
        from unnest(${intArray(list.map((r) => r.schoolId))},
                    ${textArray(list.map((r) => String(r.computedScore)))}, ${textArray(list.map((r) => String(r.score)))},
                    ${textArray(list.map((r) => r.grade))}, ${intArray(list.map((r) => r.rank))},
                    ${intArray(list.map((r) => r.groupSize))}) as x(school_id, computed, score, grade, rank, size)
        where er.evaluation_id = ${id} and er.school_id = x.school_id`,
  );
}

export async function setAdjustment(
  exec: Exec,
  id: number,
  schoolId: number,
  v: { score: number | null; grade: string | null; reason: string | null; by: number | null },
) {
  await exec.execute(
    sql`update evaluation_results set adjusted_score = ${v.score}, adjusted_grade = ${v.grade}, adjust_reason = ${v.reason},
          adjusted_by = ${v.by}, adjusted_at = ${v.reason == null ? sql`null` : sql`now()`}
        where evaluation_id = ${id} and school_id = ${schoolId}`,
  );
}

export type ManualRow = {
  school_id: number;
  item: string;
  score: string;
  evidence: string;
  scored_by: string | null;
  scored_at: string;
};

/** Manual scores the caller may read (county: all; a school admin their own school's). */
export async function manualScores(exec: Exec, who: Who, id: number, schoolId?: number) {
  return rows<ManualRow>(
    exec,
    sql`select m.school_id, m.item, m.score::text as score, m.evidence, u.display_name as scored_by,
               ${iso(sql`m.scored_at`)} as scored_at
        from evaluation_manual_scores m join schools s on s.id = m.school_id
        left join users u on u.id = m.scored_by
        where m.evaluation_id = ${id} and ${manualScoreScope(who, 'm', 's')}
          ${schoolId ? sql`and m.school_id = ${schoolId}` : sql``}`,
  );
}

export async function upsertManualScore(
  exec: Exec,
  v: { id: number; regionId: number; schoolId: number; item: string; score: number; evidence: string; by: number },
) {
  return one<{ before_score: string | null }>(
    exec,
    sql`with prev as (select score::text as s from evaluation_manual_scores
                      where evaluation_id = ${v.id} and school_id = ${v.schoolId} and item = ${v.item})
        , up as (
          insert into evaluation_manual_scores (evaluation_id, school_id, region_id, item, score, evidence, scored_by)
          values (${v.id}, ${v.schoolId}, ${v.regionId}, ${v.item}, ${v.score}, ${v.evidence}, ${v.by})
          on conflict (evaluation_id, school_id, item)
          do update set score = excluded.score, evidence = excluded.evidence, scored_by = excluded.scored_by, scored_at = now()
          returning 1)
        select (select s from prev) as before_score from up`,
  );
}

/** A school of the county (for a scorecard or a manual score), if the caller may see it. */
export async function schoolInScope(exec: Exec, user: CurrentUser, schoolId: number) {
  return one<{ id: number; name: string; type: string }>(
    exec,
    sql`select s.id, s.name, s.type from schools s where s.id = ${schoolId} and ${schoolScope(user, 's')}`,
  );
}

/** The school admins of the evaluated schools (to notify on publishing). */
export async function evaluatedSchoolIds(exec: Exec, id: number) {
  const list = await rows<{ school_id: number }>(
    exec,
    sql`select school_id from evaluation_results where evaluation_id = ${id}`,
  );
  return list.map((r) => r.school_id);
}
