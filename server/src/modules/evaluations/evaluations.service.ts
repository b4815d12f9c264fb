// 年度考评: the county's rubric (created, edited until published, deleted unless published),
// compute → review → manual scores with evidence → adjust with a reason → publish (school admins
// notified) or withdraw the publication with a reason. Reading: county-wide roles everything; a
// school (or area) admin their own scorecard, and the ranking once published. Every write audited.
import {
  type AdjustmentBody,
  type Evaluation,
  type EvaluationBody,
  type EvaluationResults,
  type Grade,
  isManualKey,
  type ManualScoreBody,
  manualName,
  type Scorecard,
} from '@shixun/common';
import type { Db, Exec } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, invalid, notFound } from '../../http/errors.js';
import { notifySchoolAdmins } from '../notifications/notifications.service.js';
import { computeEvaluation, regrade, rubricOf } from './compute-evaluation.js';
import * as repo from './evaluations.repo.js';
import { getIndicator } from './indicators.js';

const round2 = (x: number) => Math.round(x * 100) / 100;
const countyWide = (u: CurrentUser) => u.role === 'county_admin' || u.role === 'leader';

function labelOf(key: string) {
  return isManualKey(key) ? manualName(key) : (getIndicator(key)?.label ?? key);
}

function present(e: repo.EvaluationRow): Evaluation {
  const r = rubricOf(e);
  const manualItems = r.indicators.filter((i) => isManualKey(i.key)).length;
  return {
    id: e.id,
    year: e.year,
    name: e.name,
    status: e.status,
    groups: r.groups,
    indicators: r.indicators.map((i) => ({ ...i, label: labelOf(i.key), manual: isManualKey(i.key) })),
    bands: r.bands,
    excellentQuota: r.excellentQuota,
    computedAt: e.computed_at,
    publishedAt: e.published_at,
    createdAt: e.created_at,
    schools: e.schools,
    grades: { 优秀: e.excellent, 合格: e.qualified, 不合格: e.failed },
    manualMissing: Math.max(0, manualItems * e.schools - e.manual_scored),
  };
}

/** Every computed key must be registered; manual names must be unique. */
function checkRubric(body: EvaluationBody) {
  const unknown = body.indicators.find((i) => !isManualKey(i.key) && !getIndicator(i.key));
  if (unknown) {
    throw invalid(
      `指标“${unknown.key}”不存在（可用的指标见 GET /api/evaluations/indicators，人工评分项写作 manual:名称）`,
      {
        indicators: `指标“${unknown.key}”不存在`,
      },
    );
  }
}

const rubricFields = (body: EvaluationBody) => ({
  year: body.year,
  name: body.name,
  groups: body.groups ?? [],
  indicators: body.indicators.map((i) => ({ key: i.key, weight: i.weight })),
  bands: body.bands,
  excellentQuota: body.excellentQuota ?? null,
});

async function loadOwn(exec: Exec, user: CurrentUser, id: number, lock = false) {
  const e = await repo.findEvaluation(exec, user, id, lock);
  if (!e) throw notFound('考评');
  return e;
}

export async function listEvaluations(db: Db, user: CurrentUser, year?: number) {
  return { items: (await repo.listEvaluations(db, user, year)).map(present) };
}

export async function getEvaluation(db: Db, user: CurrentUser, id: number) {
  return present(await loadOwn(db, user, id));
}

export async function createEvaluation(db: Db, actor: Actor, body: EvaluationBody): Promise<number> {
  checkRubric(body);
  return db.transaction(async (tx) => {
    const id = await repo.insertEvaluation(tx, {
      regionId: actor.user.regionId,
      createdBy: actor.user.id,
      ...rubricFields(body),
    });
    await record(tx, actor, {
      action: 'evaluation.create',
      entity: 'evaluation',
      entityId: id,
      after: rubricFields(body),
    });
    return id;
  });
}

export async function updateEvaluation(db: Db, actor: Actor, id: number, body: EvaluationBody) {
  checkRubric(body);
  await db.transaction(async (tx) => {
    const e = await loadOwn(tx, actor.user, id, true);
    if (e.status === 'published') throw conflict('考评结果已发布，不能修改方案；请先撤回发布');
    await repo.updateRubric(tx, id, rubricFields(body));
    await repo.pruneManualScores(
      tx,
      id,
      body.indicators.filter((i) => isManualKey(i.key)).map((i) => manualName(i.key)),
    );
    await record(tx, actor, {
      action: 'evaluation.update',
      entity: 'evaluation',
      entityId: id,
      before: { name: e.name, indicators: e.indicators, bands: e.bands, groups: e.groups },
      after: rubricFields(body),
    });
  });
  return getEvaluation(db, actor.user, id);
}

export async function deleteEvaluation(db: Db, actor: Actor, id: number) {
  await db.transaction(async (tx) => {
    const e = await loadOwn(tx, actor.user, id, true);
    if (e.status === 'published') throw conflict('已发布的考评不能删除；请先撤回发布');
    await repo.deleteEvaluation(tx, id);
    await record(tx, actor, {
      action: 'evaluation.delete',
      entity: 'evaluation',
      entityId: id,
      before: { name: e.name, year: e.year },
    });
  });
}

export async function compute(db: Db, actor: Actor, id: number) {
  return db.transaction(async (tx) => {
    const e = await loadOwn(tx, actor.user, id, true);
    if (e.status === 'published') throw conflict('考评结果已发布，不能重新计算；请先撤回发布');
    const schools = await computeEvaluation(tx, e);
    await repo.markComputed(tx, id, actor.user.id);
    await record(tx, actor, { action: 'evaluation.compute', entity: 'evaluation', entityId: id, after: { schools } });
    return present((await repo.findEvaluation(tx, actor.user, id))!);
  });
}

export async function results(db: Db, user: CurrentUser, id: number): Promise<EvaluationResults> {
  const e = await loadOwn(db, user, id);
  const list = await repo.resultsOf(db, user, id);
  const manual = await repo.manualScores(db, user, id);
  const manualOf = (schoolId: number) =>
    Object.fromEntries(
      manual.filter((m) => m.school_id === schoolId).map((m) => [`manual:${m.item}`, Number(m.score)]),
    );
  return {
    evaluationId: id,
    status: e.status,
    published: e.status === 'published',
    items: list.map((r) => {
      // Another school's row (the published ranking) shows its place, not its figures.
      const full = countyWide(user) || r.own;
      return {
        schoolId: r.school_id,
        schoolName: r.school_name,
        schoolType: r.school_type,
        groupName: r.group_name,
        score: Number(r.score),
        grade: r.grade as Grade,
        rank: r.rank,
        groupSize: r.group_size,
        computedScore: full ? Number(r.computed_score) : Number(r.score),
        adjusted: full ? r.adjust_reason != null : false,
        vetoed: full ? r.vetoed : false,
        values: full
          ? {
              ...Object.fromEntries(Object.entries(r.indicator_values).map(([k, v]) => [k, v.value])),
              ...manualOf(r.school_id),
            }
          : {},
      };
    }),
  };
}

export async function scorecard(db: Db, user: CurrentUser, id: number, schoolId: number): Promise<Scorecard> {
  const e = await loadOwn(db, user, id);
  const school = await repo.schoolInScope(db, user, schoolId);
  if (!school) throw notFound('学校');
  const rubric = rubricOf(e);
  const [row] = await repo.resultsOf(db, user, id, schoolId);
  const manual = await repo.manualScores(db, user, id, schoolId);
  const manualOf = new Map(manual.map((m) => [m.item, m]));
  const values: Record<string, number | null> = {};
  const indicators = rubric.indicators.map((i) => {
    if (isManualKey(i.key)) {
      const m = manualOf.get(manualName(i.key));
      values[i.key] = m ? Number(m.score) : null;
      return {
        key: i.key,
        label: manualName(i.key),
        formula: '人工评分（0–100），附评分依据',
        weight: i.weight,
        manual: true,
        value: m ? Number(m.score) : null,
        numerator: null,
        denominator: null,
        evidence: m?.evidence ?? '尚未评分',
        source: null,
        points: null as number | null,
        scoredBy: m?.scored_by ?? null,
        scoredAt: m?.scored_at ?? null,
      };
    }
    const def = getIndicator(i.key);
    const v = row?.indicator_values[i.key];
    values[i.key] = v?.value ?? null;
    return {
      key: i.key,
      label: def?.label ?? i.key,
      formula: def?.formula ?? '',
      weight: i.weight,
      manual: false,
      value: v?.value ?? null,
      numerator: v?.numerator ?? null,
      denominator: v?.denominator ?? null,
      evidence: v?.evidence ?? (row ? '本年度无此项数据（不计入）' : '尚未计算'),
      source: def?.source ? def.source(e.year, schoolId) : null,
      points: null as number | null,
      scoredBy: null,
      scoredAt: null,
    };
  });
  // Points: value × weight ÷ the weights that apply, so they add up to the weighted mean.
  const applicable = rubric.indicators.filter((i) => values[i.key] != null).reduce((n, i) => n + i.weight, 0);
  for (const x of indicators) {
    if (x.value != null && applicable > 0) x.points = round2((x.value * x.weight) / applicable);
  }
  return {
    evaluation: {
      id: e.id,
      year: e.year,
      name: e.name,
      status: e.status,
      bands: rubric.bands,
      excellentQuota: rubric.excellentQuota,
    },
    schoolId,
    schoolName: school.name,
    groupName: row?.group_name ?? '',
    computed: !!row,
    score: row ? Number(row.score) : null,
    computedScore: row ? Number(row.computed_score) : null,
    grade: row ? (row.grade as Grade) : null,
    rank: row ? row.rank : null,
    groupSize: row?.group_size ?? 0,
    vetoed: row?.vetoed ?? false,
    vetoNote: row?.veto_note ?? null,
    adjustment:
      row?.adjust_reason != null
        ? {
            score: row.adjusted_score == null ? null : Number(row.adjusted_score),
            grade: (row.adjusted_grade as Grade | null) ?? null,
            reason: row.adjust_reason,
            by: row.adjusted_by,
            at: row.adjusted_at ?? '',
          }
        : null,
    indicators,
  };
}

async function schoolOfCounty(exec: Exec, user: CurrentUser, schoolId: number) {
  const s = await repo.schoolInScope(exec, user, schoolId);
  if (!s) throw notFound('学校');
  return s;
}

export async function setManualScore(db: Db, actor: Actor, id: number, schoolId: number, body: ManualScoreBody) {
  const user = actor.user;
  await db.transaction(async (tx) => {
    const e = await loadOwn(tx, user, id, true);
    if (e.status === 'published') throw conflict('考评结果已发布，不能再评分；请先撤回发布');
    const rubric = rubricOf(e);
    if (!rubric.indicators.some((i) => i.key === `manual:${body.item}`)) {
      throw invalid(`考评方案中没有人工评分项“${body.item}”`, { item: '没有这个人工评分项' });
    }
    const school = await schoolOfCounty(tx, user, schoolId);
    const prev = await repo.upsertManualScore(tx, {
      id,
      regionId: user.regionId,
      schoolId,
      item: body.item,
      score: body.score,
      evidence: body.evidence,
      by: user.id,
    });
    await regrade(tx, e);
    await record(tx, actor, {
      action: 'evaluation.score',
      entity: 'evaluation',
      entityId: id,
      before: prev?.before_score != null ? { score: Number(prev.before_score) } : null,
      after: { school: school.name, item: body.item, score: body.score, evidence: body.evidence },
    });
  });
  return scorecard(db, user, id, schoolId);
}

export async function adjust(db: Db, actor: Actor, id: number, schoolId: number, body: AdjustmentBody | null) {
  const user = actor.user;
  await db.transaction(async (tx) => {
    const e = await loadOwn(tx, user, id, true);
    if (e.status === 'draft') throw conflict('请先计算考评结果，再作调整');
    if (e.status === 'published') throw conflict('考评结果已发布，不能调整；请先撤回发布');
    const school = await schoolOfCounty(tx, user, schoolId);
    const [row] = await repo.resultsOf(tx, user, id, schoolId);
    if (!row) throw notFound('该校的考评结果');
    if (body?.grade === '优秀' && row.vetoed) {
      throw conflict('该校有违反师德记录（一票否决），不能评为优秀', { grade: '一票否决' });
    }
    await repo.setAdjustment(tx, id, schoolId, {
      score: body?.score ?? null,
      grade: body?.grade ?? null,
      reason: body?.reason ?? null,
      by: body ? user.id : null,
    });
    await regrade(tx, e);
    await record(tx, actor, {
      action: body ? 'evaluation.adjust' : 'evaluation.unadjust',
      entity: 'evaluation',
      entityId: id,
      before: { school: school.name, score: Number(row.score), grade: row.grade, adjustReason: row.adjust_reason },
      after: body ? { score: body.score ?? null, grade: body.grade ?? null, reason: body.reason } : null,
    });
  });
  return scorecard(db, user, id, schoolId);
}

export async function publish(db: Db, actor: Actor, id: number) {
  return db.transaction(async (tx) => {
    const e = await loadOwn(tx, actor.user, id, true);
    if (e.status === 'draft') throw conflict('请先计算考评结果，再发布');
    if (e.status === 'published') throw conflict('考评结果已经发布');
    const missing = present(e).manualMissing;
    if (missing > 0) throw conflict(`还有 ${missing} 项人工评分未录入，录完后才能发布`);
    await repo.setStatus(tx, id, 'published', actor.user.id);
    await notifySchoolAdmins(tx, actor.user.regionId, await repo.evaluatedSchoolIds(tx, id), {
      kind: 'evaluation',
      title: `《${e.name}》结果已发布`,
      body: '可查看本校考评表（各项指标与依据）和排名',
      link: `/evaluations/${id}`,
    });
    await record(tx, actor, {
      action: 'evaluation.publish',
      entity: 'evaluation',
      entityId: id,
      after: { name: e.name, schools: e.schools, 优秀: e.excellent, 合格: e.qualified, 不合格: e.failed },
    });
    return present((await repo.findEvaluation(tx, actor.user, id))!);
  });
}

export async function unpublish(db: Db, actor: Actor, id: number, reason: string) {
  return db.transaction(async (tx) => {
    const e = await loadOwn(tx, actor.user, id, true);
    if (e.status !== 'published') throw conflict('考评结果尚未发布');
    await repo.setStatus(tx, id, 'computed', actor.user.id);
    await record(tx, actor, {
      action: 'evaluation.unpublish',
      entity: 'evaluation',
      entityId: id,
      before: { status: 'published' },
      after: { status: 'computed', reason },
    });
    return present((await repo.findEvaluation(tx, actor.user, id))!);
  });
}
