// The one way to write credit ledger rows. Every module that posts hours (project completions,
// results imports, applications, historical imports, adjustments, reversals, and whatever posts
// next: school research, mentoring, surveys …) calls writeLedger inside its transaction; it inserts
// the rows and re-evaluates the touched teachers' credit totals (totals.ts) in that transaction, so
// the totals never disagree with the ledger. `ledger-write.test.ts` fails when any other file under
// server/src inserts into credit_ledger.
//
// The caller keeps its own checks, audit rows (record) and notifications. The signature only grows:
// new optional fields or options, never a changed meaning.
import { type SQL, sql } from 'drizzle-orm';
import { intArray, rows, type Tx, textArray } from '../../db/client.js';
import { totalsAfterWrite } from './totals.js';

/** One entry, as values. */
export interface LedgerPosting {
  regionId: number;
  teacherId: number;
  /** CREDIT_SOURCES ('project', 'application', 'import', 'adjustment', …) or a new module's own. */
  source: string;
  /** Idempotency key: with reversesId null, (source, sourceRef, teacherId) is unique. */
  sourceRef?: string | null;
  category?: string | null;
  level?: string | null;
  mode?: string | null;
  /** Negative only for a reversal. */
  hours: number;
  credits?: number | null;
  /** YYYY-MM-DD: the date the hours belong to (their cycle and year). */
  occurredOn: string;
  note?: string | null;
  evidence?: string | null;
  approvedBy?: number | null;
  /** The entry this one cancels (a reversal). */
  reversesId?: number | null;
  createdBy?: number | null;
}

/** The columns a set-based write may fill (the rest take their defaults). */
export const LEDGER_COLUMNS = [
  'region_id',
  'teacher_id',
  'source',
  'source_ref',
  'category',
  'level',
  'mode',
  'hours',
  'credits',
  'occurred_on',
  'note',
  'evidence',
  'approved_by',
  'reverses_id',
  'created_by',
  'created_at',
] as const;
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number];

/**
 * Many entries at once from SQL: `select` yields `columns` in that order (a staging table, a join
 * of participations and projects …). region_id, teacher_id, source, hours and occurred_on are required.
 */
export interface LedgerSelect {
  columns: readonly LedgerColumn[];
  select: SQL;
}

export interface LedgerWriteOptions {
  /**
   * 'nothing': rows that would break a unique index (an entry already posted for the same source
   * reference) are skipped and not returned; 'error' (default): the insert fails.
   */
  onConflict?: 'error' | 'nothing';
}

/** A row written. */
export interface LedgerWritten {
  id: number;
  regionId: number;
  teacherId: number;
  source: string;
  sourceRef: string | null;
  hours: number;
  occurredOn: string;
  reversesId: number | null;
}

const REQUIRED: LedgerColumn[] = ['region_id', 'teacher_id', 'source', 'hours', 'occurred_on'];

const numeric = (values: ReadonlyArray<number | null | undefined>) =>
  sql`${`{${values.map((v) => (v == null ? 'NULL' : String(v))).join(',')}}`}::numeric[]`;
const ints = (values: ReadonlyArray<number | null | undefined>) =>
  sql`${`{${values.map((v) => (v == null ? 'NULL' : String(Math.trunc(v)))).join(',')}}`}::int[]`;
const texts = (values: ReadonlyArray<string | null | undefined>) => textArray(values.map((v) => v ?? null));

function valuesSelect(list: readonly LedgerPosting[]): LedgerSelect {
  return {
    columns: [
      'region_id',
      'teacher_id',
      'source',
      'source_ref',
      'category',
      'level',
      'mode',
      'hours',
      'credits',
      'occurred_on',
      'note',
      'evidence',
      'approved_by',
      'reverses_id',
      'created_by',
    ],
    select: sql`select * from unnest(
      ${intArray(list.map((e) => e.regionId))}, ${intArray(list.map((e) => e.teacherId))},
      ${texts(list.map((e) => e.source))}, ${texts(list.map((e) => e.sourceRef))}, ${texts(list.map((e) => e.category))},
      ${texts(list.map((e) => e.level))}, ${texts(list.map((e) => e.mode))}, ${numeric(list.map((e) => e.hours))},
      ${numeric(list.map((e) => e.credits))}, ${texts(list.map((e) => e.occurredOn))}::date[],
      ${texts(list.map((e) => e.note))}, ${texts(list.map((e) => e.evidence))}, ${ints(list.map((e) => e.approvedBy))},
      ${ints(list.map((e) => e.reversesId))}, ${ints(list.map((e) => e.createdBy))})`,
  };
}

/**
 * Writes ledger entries — given as values or as a select — and brings the credit totals of every
 * teacher they touch up to date, in the caller's transaction. Returns the rows written.
 */
export async function writeLedger(
  tx: Tx,
  entries: readonly LedgerPosting[] | LedgerSelect,
  opts: LedgerWriteOptions = {},
): Promise<LedgerWritten[]> {
  const input = Array.isArray(entries) ? valuesSelect(entries as readonly LedgerPosting[]) : (entries as LedgerSelect);
  if (Array.isArray(entries) && entries.length === 0) return [];
  for (const c of input.columns)
    if (!(LEDGER_COLUMNS as readonly string[]).includes(c)) throw new Error(`writeLedger: unknown column ${c}`);
  for (const c of REQUIRED) if (!input.columns.includes(c)) throw new Error(`writeLedger: column ${c} is required`);
  const written = await rows<{
    id: number;
    region_id: number;
    teacher_id: number;
    source: string;
    source_ref: string | null;
    hours: number | string;
    occurred_on: string;
    reverses_id: number | null;
  }>(
    tx,
    sql`insert into credit_ledger (${sql.raw(input.columns.join(', '))}) ${input.select}
        ${opts.onConflict === 'nothing' ? sql`on conflict do nothing` : sql``}
        returning id, region_id, teacher_id, source, source_ref, hours::float8 as hours,
                  occurred_on::text as occurred_on, reverses_id`,
  );
  const out = written.map((r) => ({
    id: Number(r.id),
    regionId: r.region_id,
    teacherId: r.teacher_id,
    source: r.source,
    sourceRef: r.source_ref,
    hours: Number(r.hours),
    occurredOn: r.occurred_on,
    reversesId: r.reverses_id == null ? null : Number(r.reverses_id),
  }));
  if (out.length) await totalsAfterWrite(tx, out);
  return out;
}
