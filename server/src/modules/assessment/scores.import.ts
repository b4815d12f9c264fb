// Results of one project from a spreadsheet (.xlsx / .csv): 身份证号 (or 姓名 + 学校), 成绩, 考核结果.
// Runs on the shared import kit (run.ts): the roster import's reader, two-row headers, job progress,
// row errors with the row number Excel shows; the school column is read through the county's names
// and 简称, and a name that matches no school is grouped in the preview and mapped once (remembered
// as the school's 简称 when the county admin commits). Nothing is written when any row is wrong
// (unless skipInvalid), and nothing at all on a dry run. A row with a score and no result takes the
// result the project's lines give; a result the sheet states against its score is kept as an
// override, the sheet named as its reason.
import { can, type ImportResult, RESULTS, type Result } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { assertManager, type ProjectAccess, projectAccess } from '../../access/project-access.js';
import { intArray } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { compileSpecs, type FieldSpec } from '../imports/headers.js';
import { type Cell, cellText, parseIdNumber, parseTerm, vocabulary } from '../imports/parse.js';
import {
  type ImportDeps,
  type Importer,
  type ImportOptions,
  labelsOf,
  looseName,
  type Plan,
  type PlannedRow,
  RowCtx,
  runImport,
} from '../imports/run.js';
import {
  findSchool,
  loadSchoolNames,
  readSchool,
  rememberSchoolAliases,
  type SchoolAlias,
} from '../imports/school-names.js';
import {
  ASSESSING,
  applyResults,
  assertAssessable,
  completionRuleOf,
  participantRows,
  projectScoreLines,
  type ResultChange,
  type StoredResult,
  scoreOf,
  settleResult,
} from './assessment.service.js';

type ScoreField = 'idNumber' | 'name' | 'school' | 'score' | 'result';

export const SCORE_FIELDS: readonly FieldSpec<ScoreField>[] = [
  {
    field: 'idNumber',
    label: '身份证号',
    synonyms: ['身份证号', '身份证号码', '身份证', '公民身份号码', '证件号码', '身份证件号码', '证件号'],
  },
  { field: 'name', label: '姓名', synonyms: ['姓名', '教师姓名', '学员姓名', '名字'] },
  {
    field: 'school',
    label: '学校',
    synonyms: ['学校', '学校名称', '所在学校', '工作单位', '单位', '单位名称', '所在单位', '任职学校'],
  },
  { field: 'score', label: '成绩', synonyms: ['成绩', '考核成绩', '分数', '得分', '总分', '总成绩'] },
  { field: 'result', label: '考核结果', synonyms: ['考核结果', '结果', '考核等次', '考核等级', '等次', '等级'] },
];
const labels = labelsOf(SCORE_FIELDS);

const resultVocab = vocabulary<Result>(RESULTS, {
  优: '优秀',
  合格: '合格',
  及格: '合格',
  通过: '合格',
  良好: '合格',
  良: '合格',
  不及格: '不合格',
  不通过: '不合格',
  未通过: '不合格',
  未合格: '不合格',
});

interface ScorePlan extends Plan {
  changes: ResultChange[];
  before: Map<number, StoredResult>;
  /** School names this file mapped to schools: remembered as their 简称 (county admin). */
  schoolAliases: SchoolAlias[];
}

function parseScore(cell: Cell): { value: number } | { error: string } {
  const text = cellText(cell).replace(/分$/, '');
  const n = typeof cell === 'number' ? cell : Number(text);
  if (!Number.isFinite(n) || text === '' || n < 0 || n > 100) {
    return { error: `成绩“${cellText(cell)}”无效，应为0到100之间的数字` };
  }
  return { value: Math.round(n * 10) / 10 };
}

/** The importer for one project (its access already checked). */
function scoreImporter(a: ProjectAccess, filename: string): Importer<ScoreField, ScorePlan> {
  return {
    kind: 'scores.import',
    entity: 'participation',
    match: compileSpecs(SCORE_FIELDS),
    specs: SCORE_FIELDS,
    examples: '身份证号、姓名、学校、成绩、考核结果',
    // 身份证号, or 姓名 + 学校; 成绩 or 考核结果: checked in plan.
    requiredColumns: [],
    async plan(deps, user, sheet, _job, terms) {
      const cols = sheet.columns;
      const missing: string[] = [];
      if (!cols.idNumber && !(cols.name && cols.school)) missing.push('身份证号（或 姓名 + 学校）');
      if (!cols.result && !cols.score) missing.push(`${labels.score}或${labels.result}`);
      if (missing.length) {
        throw new AppError('FILE_INVALID', `第${sheet.headerRow}行表头缺少必需的列：${missing.join('、')}`);
      }
      const participants = await participantRows(deps.db, a);
      const lines = await projectScoreLines(deps.db, a.project.regionId, completionRuleOf(a.project.completionRule));
      const byHash = new Map(participants.map((p) => [p.id_hash, p]));
      const byNameSchool = new Map<string, typeof participants>();
      for (const p of participants) {
        const k = `${looseName(p.teacher_name)}|${p.school_id}`;
        byNameSchool.set(k, [...(byNameSchool.get(k) ?? []), p]);
      }
      const finder = cols.school ? findSchool(await loadSchoolNames(deps.db, a.project.regionId)) : undefined;
      const schoolAliases = new Map<string, SchoolAlias>();

      const plan: ScorePlan = {
        rows: [],
        errors: [],
        warnings: [],
        writeCount: 0,
        changes: [],
        before: new Map(),
        schoolAliases: [],
      };
      const firstRowOf = new Map<number, number>();
      for (const row of sheet.rows) {
        const ctx = new RowCtx(row, cols, labels);
        let who: (typeof participants)[number] | undefined;
        if (cols.idNumber && ctx.has('idNumber')) {
          const id = ctx.take('idNumber', parseIdNumber(ctx.cell('idNumber')));
          if (id) {
            who = byHash.get(deps.cipher.hash(id.value));
            if (!who) ctx.err('idNumber', `身份证号 ${id.value.slice(0, 4)}…${id.value.slice(-4)} 不是本项目的学员`);
            else if (ctx.has('name') && looseName(ctx.text('name')) !== looseName(who.teacher_name)) {
              ctx.err('name', `姓名“${ctx.text('name')}”与身份证号不符（系统中为“${who.teacher_name}”）`);
              who = undefined;
            }
          }
        } else if (ctx.has('name') && ctx.has('school') && finder) {
          const school = readSchool(
            ctx,
            'school',
            finder,
            terms,
            can(user.role, 'org.manage') ? schoolAliases : undefined,
          );
          if (school) {
            const found = byNameSchool.get(`${looseName(ctx.text('name'))}|${school.id}`) ?? [];
            if (found.length === 1) who = found[0];
            else if (found.length > 1)
              ctx.err('name', `本项目中${school.name}有${found.length}名“${ctx.text('name')}”，请填写身份证号`);
            else ctx.err('name', `“${ctx.text('name')}”（${school.name}）不是本项目的学员`);
          }
        } else {
          ctx.err(cols.idNumber ? 'idNumber' : 'name', cols.idNumber ? '身份证号不能为空' : '姓名和学校不能为空');
        }
        if (who) {
          const prev = firstRowOf.get(who.participation_id);
          if (prev !== undefined) {
            ctx.err(cols.idNumber ? 'idNumber' : 'name', `与第${prev}行是同一学员`);
            who = undefined;
          } else firstRowOf.set(who.participation_id, row.row);
        }
        const before: StoredResult | null = who
          ? { score: scoreOf(who.score), result: who.result, overrideReason: who.result_override_reason }
          : null;
        let score: number | null | undefined;
        if (ctx.has('score')) score = ctx.take('score', parseScore(ctx.cell('score')));
        let stated: Result | null | undefined;
        if (ctx.has('result')) stated = ctx.take('result', parseTerm(ctx.cell('result'), labels.result, resultVocab));
        else if (!ctx.has('score')) ctx.err(cols.result ? 'result' : 'score', '成绩和考核结果不能都为空');

        let action: PlannedRow['action'] = 'error';
        let result: Result | null = null;
        let changes: PlannedRow['changes'];
        if (ctx.errors.length === 0 && who && before) {
          const nextScore = score === undefined ? before.score : score;
          const settled = settleResult(nextScore, stated, `按成绩表《${filename}》第${row.row}行所列结果`, lines);
          const next =
            'error' in settled
              ? null
              : { score: nextScore, result: settled.result, overrideReason: settled.overrideReason };
          result = next?.result ?? null;
          const same =
            !next ||
            (next.score === before.score &&
              next.result === before.result &&
              next.overrideReason === before.overrideReason);
          action = same ? 'skip' : 'update';
          if (!same && next) {
            plan.changes.push({ participationId: who.participation_id, ...next });
            plan.before.set(who.participation_id, before);
            plan.writeCount++;
            const shown = (v: unknown) => (v == null ? '空' : String(v));
            changes = [
              ...(next.score !== before.score
                ? [{ field: labels.score, before: shown(before.score), after: shown(next.score) }]
                : []),
              ...(next.result !== before.result
                ? [{ field: labels.result, before: shown(before.result), after: shown(next.result) }]
                : []),
            ];
          }
        }
        plan.errors.push(...ctx.errors);
        plan.warnings!.push(...ctx.warnings);
        const name = who?.teacher_name ?? (ctx.text('name') || '（未识别）');
        plan.rows.push({
          row: row.row,
          action,
          label: `${name}：${result ?? stated ?? ctx.text('result')}${score != null ? ` ${score}分` : ''}`,
          ...(changes?.length ? { changes } : {}),
        });
      }
      plan.schoolAliases = [...schoolAliases.values()];
      return plan;
    },
    async write(tx, _deps, actor, plan, job, summary) {
      // Re-check under the project lock: a concurrent completion or entry must not interleave.
      const locked = await projectAccess(tx, actor.user, a.project.id, { lock: true });
      assertAssessable(locked.project);
      const ids = plan.changes.map((c) => c.participationId);
      if (ids.length) {
        await tx.execute(sql`select id from participations where id = any(${intArray(ids)}) for update`);
      }
      await applyResults(tx, actor, plan.before, plan.changes);
      job.progress(plan.writeCount);
      await rememberSchoolAliases(tx, a.project.regionId, plan.schoolAliases);
      await record(tx, actor, {
        action: 'assessment.import',
        entity: 'project',
        entityId: a.project.id,
        after: plan.schoolAliases.length ? { ...summary, schoolAliases: plan.schoolAliases } : summary,
      });
    },
  };
}

/**
 * Imports one project's scores. Throws AppError IMPORT_HAS_ERRORS (422, with the result) when
 * committing a file with errors without skipInvalid.
 */
export async function importScores(
  deps: ImportDeps,
  actor: Actor,
  projectId: number,
  file: { buffer: Buffer; filename: string },
  opts: ImportOptions,
): Promise<ImportResult> {
  const a = await projectAccess(deps.db, actor.user, projectId);
  assertManager(a, ASSESSING);
  assertAssessable(a.project);
  return runImport(deps, actor, file.buffer, file.filename, opts, scoreImporter(a, file.filename));
}
