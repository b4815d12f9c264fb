// Exports of personal data (names with ID numbers or phones) are audited: who exported what, how
// many rows and with which filters. Streamed exports count their rows as they go and record the
// entry when the last row has been written.
import type { Exec } from '../db/client.js';
import { record } from './audit.js';
import type { Actor } from './context.js';

export interface ExportFacts {
  /** e.g. `teacher.export` (labelled in the audit module). */
  action: string;
  entity: string;
  entityId?: string | number | null;
  /** The query the export honoured (empty values dropped). */
  filters?: object;
  /** Anything else worth keeping (a school year, a title). */
  extra?: Record<string, unknown>;
}

const definedOnly = (filters: object | undefined) =>
  Object.fromEntries(Object.entries(filters ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== ''));

/** Records an export of `rows` rows. */
export async function recordExport(exec: Exec, actor: Actor, facts: ExportFacts, rows: number) {
  await record(exec, actor, {
    action: facts.action,
    entity: facts.entity,
    entityId: facts.entityId ?? null,
    after: { rows, filters: definedOnly(facts.filters), ...facts.extra },
  });
}

/** Passes the rows through and records the export once they have all been read. */
export async function* auditedRows<T>(
  exec: Exec,
  actor: Actor,
  facts: ExportFacts,
  source: Iterable<T> | AsyncIterable<T>,
): AsyncGenerator<T> {
  let n = 0;
  for await (const row of source) {
    n++;
    yield row;
  }
  await recordExport(exec, actor, facts, n);
}
