// Every list's .xlsx export, written once: the list endpoint's own page function (so the same
// filters, scope and order) is read a page at a time into a streamed workbook, and the export is
// audited (who, which list, how many rows, which filters) before the first byte is sent.
import type { Exec } from '../db/client.js';
import { datedFilename, sendXlsx, type XlsxColumn, type XlsxReply } from '../lib/xlsx-export.js';
import { record } from './audit.js';
import type { Actor } from './context.js';
import { invalid } from './errors.js';

/** Rows read per page while streaming. */
export const EXPORT_PAGE_SIZE = 1000;
/** Past this the file stops being useful in Excel; the user narrows the filters instead. */
export const EXPORT_MAX_ROWS = 100_000;

export interface ListPage<T> {
  items: T[];
  total: number;
}

export interface ListExport<T> {
  /** What the file is (file name, sheet name, the audit entry): `培训专家库`. */
  name: string;
  /** Audit action, `<entity>.export`. */
  action: string;
  /** Audit entity (and id, for a list inside one record, e.g. a project's participants). */
  entity: string;
  entityId?: number | string;
  columns: XlsxColumn<T>[];
  /** The list's query without paging, as received: recorded with the export. */
  filters: Record<string, unknown>;
  /** The list endpoint's page function with those filters; checks access on the first call. */
  page(p: { page: number; pageSize: number }): Promise<ListPage<T>>;
  /** Largest export allowed (default EXPORT_MAX_ROWS). */
  maxRows?: number;
}

/** Filters worth recording: set, and not the defaults a schema filled in as `false`. */
function usedFilters(filters: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filters)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    out[k] = v;
  }
  return out;
}

/**
 * Answers the list as a streamed .xlsx download. The first page is read before anything is sent, so
 * a caller without access gets the list's own 403/404, and the audit entry commits with its row
 * count; the other pages are read as the client takes the file.
 */
export async function sendListExport<R extends XlsxReply, T>(
  reply: R,
  db: Exec,
  actor: Actor,
  spec: ListExport<T>,
): Promise<R> {
  const first = await spec.page({ page: 1, pageSize: EXPORT_PAGE_SIZE });
  const max = spec.maxRows ?? EXPORT_MAX_ROWS;
  if (first.total > max) {
    throw invalid(`共 ${first.total} 行，超过单次导出上限 ${max} 行，请缩小筛选范围后再导出`);
  }
  await record(db, actor, {
    action: spec.action,
    entity: spec.entity,
    entityId: spec.entityId ?? null,
    after: { list: spec.name, rows: first.total, filters: usedFilters(spec.filters) },
  });
  return sendXlsx(reply, datedFilename(spec.name), {
    sheetName: spec.name,
    columns: spec.columns,
    rows: pages(spec, first),
  });
}

/** Every row in list order: the first page, then the next ones until the total is reached. */
async function* pages<T>(spec: ListExport<T>, first: ListPage<T>): AsyncGenerator<T> {
  yield* first.items;
  let seen = first.items.length;
  const total = Math.min(first.total, spec.maxRows ?? EXPORT_MAX_ROWS);
  for (let page = 2; seen < total && first.items.length === EXPORT_PAGE_SIZE; page++) {
    const next = await spec.page({ page, pageSize: EXPORT_PAGE_SIZE });
    if (next.items.length === 0) return;
    yield* next.items.slice(0, total - seen);
    seen += next.items.length;
  }
}

const chinaParts = (iso: string) => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return new Date(d.getTime() + 8 * 3600_000).toISOString();
};

/** A timestamp as the county's calendar date (`2026-11-05`); a plain date stays as it is. */
export function chinaDate(iso: string | null | undefined): string {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return chinaParts(iso)?.slice(0, 10) ?? iso;
}

/** A timestamp in China time to the minute (`2026-11-05 14:30`). */
export function chinaDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const s = chinaParts(iso);
  return s ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : iso;
}
