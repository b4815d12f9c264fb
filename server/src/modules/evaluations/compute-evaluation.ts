// Computing an evaluation: every evaluated school's value of each computed indicator (the
// registry's set-based computations), the ethics veto, the manual scores entered so far, then the
// grading (common/src/evaluations.ts gradeSchools) — all in one transaction. Adjustments the
// county made before a recompute are kept. regrade() re-runs the grading alone, after a manual
// score or an adjustment changes.
import {
  type EvaluationBands,
  type EvaluationGroup,
  type EvaluationIndicator,
  type Grade,
  gradeSchools,
  groupOf,
  isManualKey,
  manualName,
} from '@shixun/common';
import { county } from '../../access/scope.js';
import type { Exec } from '../../db/client.js';
import { conflict } from '../../http/errors.js';
import * as repo from './evaluations.repo.js';
import { vetoedSchools } from './indicators.builtin.js';
import { getIndicator, indicatorContext } from './indicators.js';

export interface Rubric {
  groups: EvaluationGroup[];
  indicators: EvaluationIndicator[];
  bands: EvaluationBands;
  excellentQuota: number | null;
}

export const rubricOf = (e: repo.EvaluationRow): Rubric => ({
  groups: (e.groups ?? []) as EvaluationGroup[],
  indicators: (e.indicators ?? []) as EvaluationIndicator[],
  bands: e.bands as EvaluationBands,
  excellentQuota: e.excellent_quota == null ? null : Number(e.excellent_quota),
});

/** Computes every school's indicator values and veto, then grades. Returns the number of schools. */
export async function computeEvaluation(exec: Exec, e: repo.EvaluationRow): Promise<number> {
  const rubric = rubricOf(e);
  const schools = await repo.evaluatedSchools(exec, e.region_id);
  if (!schools.length) throw conflict('县里还没有有在职教师的学校，无法考评');
  const ctx = indicatorContext(
    exec,
    e.region_id,
    e.year,
    schools.map((s) => s.id),
  );
  const values = new Map<number, Record<string, repo.StoredValue>>(schools.map((s) => [s.id, {}]));
  for (const i of rubric.indicators) {
    if (isManualKey(i.key)) continue;
    const def = getIndicator(i.key);
    if (!def) throw conflict(`指标“${i.key}”已不可用，请修改考评方案`);
    const computed = await def.compute(ctx);
    for (const s of schools) {
      const v = computed.get(s.id);
      values.get(s.id)![i.key] = v ?? {
        value: null,
        numerator: null,
        denominator: null,
        evidence: '本年度无此项数据（不计入）',
      };
    }
  }
  const veto = await vetoedSchools(ctx);
  const kept = new Map((await repo.adjustmentsOf(exec, e.id)).map((a) => [a.school_id, a]));
  await repo.replaceResults(
    exec,
    e.id,
    e.region_id,
    schools.map((s) => {
      const a = kept.get(s.id);
      return {
        schoolId: s.id,
        group: groupOf(rubric.groups, s.type),
        values: values.get(s.id)!,
        vetoed: veto.has(s.id),
        vetoNote: veto.get(s.id) ?? null,
        adjustedScore: a?.adjusted_score ?? null,
        adjustedGrade: a?.adjusted_grade ?? null,
        adjustReason: a?.adjust_reason ?? null,
        adjustedBy: a?.adjusted_by ?? null,
        adjustedAt: a?.adjusted_at ?? null,
      };
    }),
  );
  await regrade(exec, e);
  return schools.length;
}

/** Grades the stored results again with the manual scores and adjustments as they are now. */
export async function regrade(exec: Exec, e: repo.EvaluationRow) {
  const rubric = rubricOf(e);
  const results = await repo.allResults(exec, e.region_id, e.id);
  if (!results.length) return;
  const manual = await repo.manualScores(exec, county(e.region_id), e.id);
  const manualOf = new Map(manual.map((m) => [`${m.school_id}\u0000${m.item}`, Number(m.score)]));
  const graded = gradeSchools(
    results.map((r) => {
      const vals: Record<string, number | null> = {};
      for (const i of rubric.indicators) {
        vals[i.key] = isManualKey(i.key)
          ? // A manual item not scored yet counts 0 (publishing waits until every one is scored).
            (manualOf.get(`${r.school_id}\u0000${manualName(i.key)}`) ?? 0)
          : (r.indicator_values[i.key]?.value ?? null);
      }
      return {
        schoolId: r.school_id,
        group: r.group_name,
        values: vals,
        vetoed: r.vetoed,
        adjustedScore: r.adjusted_score == null ? null : Number(r.adjusted_score),
        adjustedGrade: (r.adjusted_grade as Grade | null) ?? null,
      };
    }),
    rubric,
  );
  await repo.storeGrades(exec, e.id, graded);
}
