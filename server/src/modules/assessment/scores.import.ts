// Results of one project from a spreadsheet (.xlsx / .csv): 身份证号 (or 姓名 + 学校), 成绩, 考核结果.
// Reuses the roster import's reader, header matching and cell parsers; answers the roster import's
// result shape, with row errors carrying the row number Excel shows. Nothing is written when any
// row is wrong (unless skipInvalid), and nothing at all on a dry run. A row with a score and no
// result takes the result the project's lines give; a result the sheet states against its score
// is kept as an override, the sheet named as its reason.
import { type ImportResult, RESULTS, type Result } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { assertManager, projectAccess } from '../../access/project-access.js';
import { type Db, intArray } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import type { IdCipher } from '../../lib/crypto.js';
import { compileSpecs, type FieldSpec } from '../imports/headers.js';
import { type Cell, cellText, parseIdNumber, parseTerm, vocabulary } from '../imports/parse.js';
import { labelsOf, looseName, type Plan, type PlannedRow, RowCtx, summarise } from '../imports/run.js';
import { readSheet } from '../imports/spreadsheet.js';
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
const match = compileSpecs(SCORE_FIELDS);
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
}

function parseScore(cell: Cell): { value: number } | { error: string } {
  const text = cellText(cell).replace(/分$/, '');
  const n = typeof cell === 'number' ? cell : Number(text);
  if (!Number.isFinite(n) || text === '' || n < 0 || n > 100) {
    return { error: `成绩“${cellText(cell)}”无效，应为0到100之间的数字` };
  }
  return { value: Math.round(n * 10) / 10 };
}

export async function importScores(
  deps: { db: Db; cipher: IdCipher },
  actor: Actor,
  projectId: number,
  file: { buffer: Buffer; filename: string },
  opts: { dryRun?: boolean; skipInvalid?: boolean },
): Promise<ImportResult> {
  const { db, cipher } = deps;
  const a = await projectAccess(db, actor.user, projectId);
  assertManager(a, ASSESSING);
  assertAssessable(a.project);

  const sheet = await readSheet(file.buffer, file.filename, match, {
    examples: '身份证号、姓名、学校、成绩、考核结果',
  });
  const cols = sheet.columns;
  const missing: string[] = [];
  if (!cols.idNumber && !(cols.name && cols.school)) missing.push('身份证号（或 姓名 + 学校）');
  if (!cols.result && !cols.score) missing.push(`${labels.score}或${labels.result}`);
  if (missing.length) {
    throw new AppError('FILE_INVALID', `第${sheet.headerRow}行表头缺少必需的列：${missing.join('、')}`);
  }
  if (!sheet.rows.length) throw new AppError('FILE_INVALID', `第${sheet.headerRow}行表头下方没有数据`);

  const participants = await participantRows(db, a);
  const lines = await projectScoreLines(db, a.project.regionId, completionRuleOf(a.project.completionRule));
  const byHash = new Map(participants.map((p) => [p.id_hash, p]));
  const byNameSchool = new Map<string, typeof participants>();
  for (const p of participants) {
    const k = `${looseName(p.teacher_name)}|${looseName(p.school_name)}`;
    byNameSchool.set(k, [...(byNameSchool.get(k) ?? []), p]);
  }

  const plan: ScorePlan = { rows: [], errors: [], writeCount: 0, changes: [], before: new Map() };
  const firstRowOf = new Map<number, number>();
  for (const row of sheet.rows) {
    const ctx = new RowCtx(row, cols, labels);
    let who: (typeof participants)[number] | undefined;
    if (cols.idNumber && ctx.has('idNumber')) {
      const id = ctx.take('idNumber', parseIdNumber(ctx.cell('idNumber')));
      if (id) {
        who = byHash.get(cipher.hash(id.value));
        if (!who) ctx.err('idNumber', `身份证号 ${id.value.slice(0, 4)}…${id.value.slice(-4)} 不是本项目的学员`);
        else if (ctx.has('name') && looseName(ctx.text('name')) !== looseName(who.teacher_name)) {
          ctx.err('name', `姓名“${ctx.text('name')}”与身份证号不符（系统中为“${who.teacher_name}”）`);
          who = undefined;
        }
      }
    } else if (ctx.has('name') && ctx.has('school')) {
      const found = byNameSchool.get(`${looseName(ctx.text('name'))}|${looseName(ctx.text('school'))}`) ?? [];
      if (found.length === 1) who = found[0];
      else if (found.length > 1)
        ctx.err('name', `本项目中${ctx.text('school')}有${found.length}名“${ctx.text('name')}”，请填写身份证号`);
      else ctx.err('name', `“${ctx.text('name')}”（${ctx.text('school')}）不是本项目的学员`);
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
    if (ctx.errors.length === 0 && who && before) {
      const nextScore = score === undefined ? before.score : score;
      const settled = settleResult(nextScore, stated, `按成绩表《${file.filename}》第${row.row}行所列结果`, lines);
      const next =
        'error' in settled
          ? null
          : { score: nextScore, result: settled.result, overrideReason: settled.overrideReason };
      result = next?.result ?? null;
      const same =
        !next ||
        (next.score === before.score && next.result === before.result && next.overrideReason === before.overrideReason);
      action = same ? 'skip' : 'update';
      if (!same && next) {
        plan.changes.push({ participationId: who.participation_id, ...next });
        plan.before.set(who.participation_id, before);
        plan.writeCount++;
      }
    }
    plan.errors.push(...ctx.errors);
    const name = who?.teacher_name ?? (ctx.text('name') || '（未识别）');
    plan.rows.push({
      row: row.row,
      action,
      label: `${name}：${result ?? stated ?? ctx.text('result')}${score != null ? ` ${score}分` : ''}`,
    });
  }

  const result = summarise(plan, opts);
  const bad = plan.rows.filter((r) => r.action === 'error').length;
  if (opts.dryRun) return result;
  if (bad > 0 && !opts.skipInvalid) {
    throw new AppError(
      'IMPORT_HAS_ERRORS',
      `文件中有 ${bad} 行存在错误，未写入任何数据。请修正后重新导入，或选择跳过错误行`,
      undefined,
      result,
    );
  }
  await db.transaction(async (tx) => {
    // Re-check under the project lock: a concurrent completion or entry must not interleave.
    const locked = await projectAccess(tx, actor.user, projectId, { lock: true });
    assertAssessable(locked.project);
    const ids = plan.changes.map((c) => c.participationId);
    if (ids.length) {
      await tx.execute(sql`select id from participations where id = any(${intArray(ids)}) for update`);
    }
    await applyResults(tx, actor, plan.before, plan.changes);
    await record(tx, actor, {
      action: 'assessment.import',
      entity: 'project',
      entityId: projectId,
      after: {
        file: file.filename,
        total: result.total,
        updated: result.updated,
        skipped: result.skipped,
        errorRows: bad,
      },
    });
  });
  result.committed = true;
  return result;
}
