// Every export of a list or of personal data, written one way. The export is audited — who, which
// list, how many rows, which filters — before its first byte is sent, so a download broken off
// halfway is on record too and a refused one is not. A list's .xlsx is the list endpoint's own page
// function (so the same filters, scope and order) read a page at a time into a streamed workbook:
// `sendAuditedExport`. Workbooks with a layout of their own (the plan table, a sign-in sheet, the
// credit audit table) build their file and call `recordExport`, the one writer of these entries.
import type { Exec } from '../db/client.js';
import { datedFilename, sendXlsx, type XlsxColumn, type XlsxReply } from '../lib/xlsx-export.js';
import { record } from './audit.js';
import type { Actor } from './context.js';
import { invalid } from './errors.js';

/** Rows read per page while streaming. */
export const EXPORT_PAGE_SIZE = 1000;
/** Past this the file stops being useful in Excel; the user narrows the filters instead. */
export const EXPORT_MAX_ROWS = 100_000;

export interface ExportFacts {
  /** `<entity>.export` (labelled in the audit module). */
  action: string;
  entity: string;
  /** For a list inside one record (a project's participants), or one record's sheet. */
  entityId?: string | number | null;
  /** The query the export honoured, as received (unset values and schema-filled `false` dropped). */
  filters?: object;
  /** Anything else worth keeping (the list's name, a school year). */
  extra?: Record<string, unknown>;
}

/** Filters worth recording: set, and not the defaults a schema filled in as `false`. */
function usedFilters(filters: object | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filters ?? {})) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    out[k] = v;
  }
  return out;
}

/** Records an export of `rows` rows (inside the caller's transaction when given one). */
export async function recordExport(exec: Exec, actor: Actor, facts: ExportFacts, rows: number) {
  await record(exec, actor, {
    action: facts.action,
    entity: facts.entity,
    entityId: facts.entityId ?? null,
    after: { ...facts.extra, rows, filters: usedFilters(facts.filters) },
  });
}

export interface ListPage<T> {
  items: T[];
  total: number;
}

/** Rows already counted: read whole (`T[]`), or streamed after counting (the roster's id list). */
export interface CountedRows<T> {
  total: number;
  rows: Iterable<T> | AsyncIterable<T>;
}

export interface AuditedExport<T> extends ExportFacts {
  /** What the file is (file name, sheet name, `list` in the audit entry): `培训专家库`. */
  name: string;
  /** File name, when not `<name>-<date>.xlsx`. */
  filename?: string;
  columns: XlsxColumn<T>[];
  /**
   * The list endpoint's page function with the export's filters (it checks access on the first
   * call), or rows the caller has counted.
   */
  page?: (p: { page: number; pageSize: number }) => Promise<ListPage<T>>;
  rows?: readonly T[] | CountedRows<T>;
  /** Largest export allowed (default EXPORT_MAX_ROWS). */
  maxRows?: number;
}

/**
 * Answers the export as a streamed .xlsx download. The first page is read (or the rows counted)
 * before anything is sent, so a caller without access gets the list's own 403/404 and the audit
 * entry commits with its row count; the other pages are read as the client takes the file.
 */
export async function sendAuditedExport<R extends XlsxReply, T>(
  reply: R,
  db: Exec,
  actor: Actor,
  spec: AuditedExport<T>,
): Promise<R> {
  const source = await open(spec);
  const max = spec.maxRows ?? EXPORT_MAX_ROWS;
  if (source.total > max) {
    throw invalid(`共 ${source.total} 行，超过单次导出上限 ${max} 行，请缩小筛选范围后再导出`);
  }
  await recordExport(db, actor, { ...spec, extra: { list: spec.name, ...spec.extra } }, source.total);
  return sendXlsx(reply, spec.filename ?? datedFilename(spec.name), {
    sheetName: spec.name,
    columns: spec.columns,
    rows: source.rows,
  });
}

async function open<T>(spec: AuditedExport<T>): Promise<CountedRows<T>> {
  if (spec.page) {
    const page = spec.page;
    const first = await page({ page: 1, pageSize: EXPORT_PAGE_SIZE });
    return { total: first.total, rows: pages(page, first, spec.maxRows ?? EXPORT_MAX_ROWS) };
  }
  const rows = spec.rows ?? [];
  return isCounted(rows) ? rows : { total: rows.length, rows };
}

const isCounted = <T>(rows: readonly T[] | CountedRows<T>): rows is CountedRows<T> => !Array.isArray(rows);

/** Every row in list order: the first page, then the next ones until the total is reached. */
async function* pages<T>(
  page: NonNullable<AuditedExport<T>['page']>,
  first: ListPage<T>,
  max: number,
): AsyncGenerator<T> {
  yield* first.items;
  let seen = first.items.length;
  const total = Math.min(first.total, max);
  for (let n = 2; seen < total && first.items.length === EXPORT_PAGE_SIZE; n++) {
    const next = await page({ page: n, pageSize: EXPORT_PAGE_SIZE });
    if (next.items.length === 0) return;
    yield* next.items.slice(0, total - seen);
    seen += next.items.length;
  }
}
