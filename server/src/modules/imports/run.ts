// The shape every import shares: read → validate into a plan (no writes) → summarise → commit the
// plan in one transaction. Each import (teachers, schools, results, scores, historical credit,
// budgets, accounts) supplies the plan and write steps. Every import reads
// values through the county's dictionaries (ImportTerms): what they lack is grouped in the preview
// and mapped once per file; the commit writes the dictionary's additions in the same transaction.
import { can, type ImportChange, type ImportMapping, type ImportResult } from '@shixun/common';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, conflict, forbidden, isUniqueViolation } from '../../http/errors.js';
import { applyTermWrites, loadDictionary } from '../dictionaries/dictionaries.service.js';
import { ImportTerms } from '../dictionaries/import-terms.js';
import type { Column, FieldSpec, HeaderMatch } from './headers.js';
import { type JobReporter, openJob, PHASE_PARSE, PHASE_VALIDATE, PHASE_WRITE } from './jobs.js';
import type { Cell, Parsed } from './parse.js';
import { cellText } from './parse.js';
import { type ReadSheet, readSheet, type SheetRow } from './spreadsheet.js';

export type ImportDeps = Pick<Deps, 'db' | 'cipher'>;

export interface ImportOptions {
  dryRun?: boolean;
  skipInvalid?: boolean;
  /** Progress is reported into jobs(id) when given. */
  jobId?: string;
  /** An already opened reporter (the route opens it before the upload is read). */
  job?: JobReporter;
  /** Sheet values → dictionary entries (or new entries), per kind; `school` maps school names. */
  mapping?: ImportMapping;
  /** Values the dictionary lacks are added to it (county admin). */
  autoAdd?: boolean;
}

export interface RowError {
  row: number;
  /** Header as written in the file, or the canonical name when the column is missing. */
  column: string;
  /** 0-based column in the sheet, null when the column is not in the file. */
  colIndex: number | null;
  message: string;
}

export type Action = 'create' | 'update' | 'skip' | 'error';
export interface PlannedRow {
  row: number;
  action: Action;
  label: string;
  /** An update's fields, before → after. */
  changes?: ImportChange[];
}

export interface Plan {
  rows: PlannedRow[];
  errors: RowError[];
  /** Read, but not as written (shown in the preview; never a silent change). */
  warnings?: RowError[];
  /** Rows that would be written (creates + updates), for the write phase's progress. */
  writeCount: number;
}

export interface Importer<F extends string, P extends Plan> {
  kind:
    | 'teachers.import'
    | 'schools.import'
    | 'results.import'
    | 'credits.import'
    | 'accounts.import'
    | 'scores.import'
    | 'budgets.import';
  entity: 'teacher' | 'school' | 'participation' | 'credit_entry' | 'user' | 'budget';
  match: (cells: readonly Cell[]) => HeaderMatch<F>;
  specs: readonly FieldSpec<F>[];
  /** Shown when no header is found. */
  examples: string;
  /** Columns without which no row can be understood. */
  requiredColumns: readonly F[];
  plan(deps: ImportDeps, user: CurrentUser, sheet: ReadSheet<F>, job: JobReporter, terms: ImportTerms): Promise<P>;
  write(
    tx: Tx,
    deps: ImportDeps,
    actor: Actor,
    plan: P,
    job: JobReporter,
    summary: Record<string, unknown>,
  ): Promise<void>;
}

export const PREVIEW_LIMIT = 200;
/** Beyond this the list says how many more there are; the error report has them all. */
export const ERROR_LIST_LIMIT = 5000;
export const YIELD_EVERY = 2000;

/** One row's cells seen through the header, collecting that row's errors. */
export class RowCtx<F extends string> {
  readonly errors: RowError[] = [];
  readonly warnings: RowError[] = [];
  constructor(
    readonly row: SheetRow,
    private readonly columns: Partial<Record<F, Column>>,
    private readonly labels: Record<F, string>,
  ) {}
  cell(f: F): Cell {
    const c = this.columns[f];
    return c ? (this.row.cells[c.index] ?? null) : null;
  }
  text(f: F): string {
    return cellText(this.cell(f));
  }
  /** The column exists and the cell is not blank. */
  has(f: F): boolean {
    return this.text(f) !== '';
  }
  column(f: F): string {
    return this.columns[f]?.text ?? this.labels[f];
  }
  err(f: F, message: string) {
    this.errors.push({ row: this.row.row, column: this.column(f), colIndex: this.columns[f]?.index ?? null, message });
  }
  /** Something read differently from what is written: shown, the row still imports. */
  warn(f: F, message: string) {
    this.warnings.push({
      row: this.row.row,
      column: this.column(f),
      colIndex: this.columns[f]?.index ?? null,
      message,
    });
  }
  /** The parsed value, or undefined after recording the error. */
  take<T>(f: F, p: Parsed<T>): T | undefined {
    if ('error' in p) {
      this.err(f, p.error);
      return undefined;
    }
    return p.value;
  }
}

export const labelsOf = <F extends string>(specs: readonly FieldSpec<F>[]) =>
  Object.fromEntries(specs.map((s) => [s.field, s.label])) as Record<F, string>;

export interface Analysis<F extends string, P extends Plan> {
  sheet: ReadSheet<F>;
  plan: P;
  terms: ImportTerms;
}

/**
 * A header over two rows: names merged down from the first row (姓名, 身份证号) and, under a group
 * label (任教情况), the second row's names (学段, 学科). When the row right below the header names
 * further columns and is blank under every column already known, it is the header's second row.
 */
export function mergeSecondHeaderRow<F extends string>(
  sheet: ReadSheet<F>,
  match: (cells: readonly Cell[]) => HeaderMatch<F>,
): ReadSheet<F> {
  const next = sheet.rows[0];
  if (!next || next.row !== sheet.headerRow + 1) return sheet;
  const known = Object.values(sheet.columns) as Column[];
  if (known.some((c) => cellText(next.cells[c.index] ?? null) !== '')) return sheet;
  const m = match(next.cells);
  const used = new Set(known.map((c) => c.index));
  const extra = (Object.entries(m.columns) as [F, Column][]).filter(
    ([f, c]) => !sheet.columns[f] && !used.has(c.index),
  );
  if (extra.length === 0) return sheet;
  const columns = { ...sheet.columns };
  for (const [f, c] of extra) columns[f] = c;
  const headerCells = [...sheet.headerCells];
  next.cells.forEach((c, i) => {
    if (cellText(c) !== '' && cellText(headerCells[i] ?? null) === '') headerCells[i] = c;
    else if (cellText(c) !== '') headerCells[i] = `${cellText(headerCells[i] ?? null)}/${cellText(c)}`;
  });
  return { ...sheet, columns, headerCells, rows: sheet.rows.slice(1) };
}

/** Reads and validates; writes nothing (also used by the error report). */
export async function analyse<F extends string, P extends Plan>(
  deps: ImportDeps,
  user: CurrentUser,
  buffer: Buffer,
  filename: string,
  importer: Importer<F, P>,
  job: JobReporter,
  opts: ImportOptions = {},
): Promise<Analysis<F, P>> {
  const canWrite = can(user.role, 'dictionaries.write');
  if (opts.autoAdd && !canWrite) throw forbidden('仅县级管理员可在导入时向字典新增条目（autoAdd）');
  job.phase(PHASE_PARSE);
  const read = await readSheet(buffer, filename, importer.match, {
    examples: importer.examples,
    onProgress: (n) => job.progress(n),
  });
  const sheet = mergeSecondHeaderRow(read, importer.match);
  const missing = importer.requiredColumns.filter((f) => !sheet.columns[f]);
  if (missing.length) {
    const labels = labelsOf(importer.specs);
    throw new AppError(
      'FILE_INVALID',
      `第${sheet.headerRow}行表头缺少必需的列：${missing.map((f) => labels[f]).join('、')}`,
    );
  }
  if (sheet.rows.length === 0) throw new AppError('FILE_INVALID', `第${sheet.headerRow}行表头下方没有数据`);
  job.phase(PHASE_VALIDATE, sheet.rows.length);
  const terms = new ImportTerms(await loadDictionary(deps.db, user.regionId), {
    mapping: opts.mapping,
    autoAdd: opts.autoAdd,
    commit: !opts.dryRun,
    canWrite,
  });
  const plan = await importer.plan(deps, user, sheet, job, terms);
  return { sheet, plan, terms };
}

export function summarise(plan: Plan, opts: ImportOptions, terms?: ImportTerms): ImportResult {
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  let errorRows = 0;
  for (const r of plan.rows) {
    if (r.action === 'create') created++;
    else if (r.action === 'update') updated++;
    else if (r.action === 'skip') unchanged++;
    else errorRows++;
  }
  const errors = plan.errors.slice(0, ERROR_LIST_LIMIT).map(({ row, column, message }) => ({ row, column, message }));
  if (plan.errors.length > ERROR_LIST_LIMIT) {
    errors.push({
      row: 0,
      column: '',
      message: `另有 ${plan.errors.length - ERROR_LIST_LIMIT} 处错误未列出，请下载错误报告查看全部`,
    });
  }
  const warnings = (plan.warnings ?? [])
    .slice(0, ERROR_LIST_LIMIT)
    .map(({ row, column, message }) => ({ row, column, message }));
  const unknown = terms?.unknownGroups() ?? [];
  const mapped = terms?.mapped() ?? [];
  const added = terms?.added() ?? {};
  return {
    total: plan.rows.length,
    created,
    updated,
    skipped: unchanged + (opts.skipInvalid ? errorRows : 0),
    errors,
    committed: false,
    preview: plan.rows.slice(0, PREVIEW_LIMIT),
    ...(warnings.length ? { warnings } : {}),
    ...(unknown.length ? { unknown } : {}),
    ...(mapped.length ? { mapped } : {}),
    ...(Object.keys(added).length ? { added } : {}),
  };
}

const errorRowCount = (plan: Plan) => plan.rows.filter((r) => r.action === 'error').length;

export async function runImport<F extends string, P extends Plan>(
  deps: ImportDeps,
  actor: Actor,
  buffer: Buffer,
  filename: string,
  opts: ImportOptions,
  importer: Importer<F, P>,
): Promise<ImportResult> {
  const job = opts.job ?? (await openJob(deps.db, actor, opts.jobId, importer.kind));
  let finished = false;
  try {
    const { plan, terms } = await analyse(deps, actor.user, buffer, filename, importer, job, opts);
    const result = summarise(plan, opts, terms);
    const bad = errorRowCount(plan);
    const unmapped = (result.unknown ?? []).filter((g) => g.kind !== 'school');
    const counts = `新增 ${result.created}，更新 ${result.updated}，无变化 ${result.skipped - (opts.skipInvalid ? bad : 0)}，错误 ${bad} 行`;
    if (opts.dryRun) {
      await job.flush();
      finished = true;
      await job.done(`预检完成：${counts}`);
      return result;
    }
    if (bad > 0 && !opts.skipInvalid) {
      const values = unmapped.reduce((n, g) => n + g.values.length, 0);
      const message = values
        ? `文件中有 ${values} 个值不在本县字典中（${unmapped.map((g) => g.label).join('、')}），` +
          `连同其他错误共 ${bad} 行未通过检查，未写入任何数据。请在预检中把这些值对应到字典条目或新增，修正错误后再导入`
        : `文件中有 ${bad} 行存在错误，未写入任何数据。请修正后重新导入，或选择跳过错误行`;
      await job.flush();
      finished = true;
      await job.fail(message);
      throw new AppError('IMPORT_HAS_ERRORS', message, undefined, result);
    }
    job.phase(PHASE_WRITE, plan.writeCount);
    const summary = {
      file: filename,
      total: result.total,
      created: result.created,
      updated: result.updated,
      skipped: result.skipped,
      errorRows: bad,
      skipInvalid: !!opts.skipInvalid,
    };
    const dictionaryWrites = terms.writes();
    try {
      await deps.db.transaction(async (tx) => {
        // The dictionary's new entries and remembered spellings commit with the rows that use them.
        await applyTermWrites(tx, actor, dictionaryWrites, filename);
        await importer.write(tx, deps, actor, plan, job, summary);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('导入期间数据被他人修改（出现重复记录），未写入任何数据，请重新导入');
      throw err;
    }
    result.committed = true;
    await job.flush();
    finished = true;
    await job.done(`导入完成：${counts}`);
    return result;
  } catch (err) {
    if (!finished) {
      await job.flush().catch(() => {});
      await job.fail(err instanceof AppError ? err.message : '导入失败：服务器内部错误').catch(() => {});
    }
    throw err;
  }
}

/** Splits a list into chunks of n. */
export function chunks<T>(list: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
  return out;
}

/** A PostgreSQL text[] literal: passing JS arrays as parameters would expand into lists in drizzle. */
export function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
}

/** Names compared loosely: no spaces of any width, NFKC (full-width brackets), case-insensitive. */
export const looseName = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000]+/g, '')
    .toLowerCase();
