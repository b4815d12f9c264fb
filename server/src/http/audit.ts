// Every write goes through record(): who, when, what, before → after, from where.
// Call it inside the same transaction as the write, so the log never disagrees with the data.

import { type SQL, sql } from 'drizzle-orm';
import type { Exec } from '../db/client.js';
import { auditLog } from '../db/schema.js';
import type { Actor } from './context.js';

export interface AuditInput {
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  /** For system writes (no actor), the region the entry belongs to. */
  regionId?: number;
}

export async function record(exec: Exec, actor: Actor | null, input: AuditInput | AuditInput[]) {
  const list = Array.isArray(input) ? input : [input];
  if (list.length === 0) return;
  await exec.insert(auditLog).values(
    list.map((i) => ({
      regionId: actor?.user.regionId ?? i.regionId ?? null,
      userId: actor?.user.id ?? null,
      userName: userName(actor),
      action: i.action,
      entity: i.entity,
      entityId: i.entityId == null ? null : String(i.entityId),
      before: (i.before ?? null) as never,
      after: (i.after ?? null) as never,
      ip: actor?.ip ?? null,
      userAgent: actor?.userAgent ?? null,
    })),
  );
}

const userName = (actor: Actor | null) => (actor ? `${actor.user.displayName}(${actor.user.username})` : '系统');

/**
 * The audit row of a write, as an `insert … select` to put in the same statement as the write (a
 * data-modifying CTE): one round trip instead of two, atomic all the same. `from` names the rows
 * written (the CTE), `entityId` and `after` are expressions over them. The columns record() writes.
 */
export function auditInsert(
  actor: Actor,
  a: { action: string; entity: string; from: SQL; entityId: SQL; before?: unknown; after: SQL },
): SQL {
  return sql`insert into audit_log (region_id, user_id, user_name, action, entity, entity_id, before, after, ip, user_agent)
    select ${actor.user.regionId}::int, ${actor.user.id}::int, ${userName(actor)}, ${a.action}, ${a.entity},
           (${a.entityId})::text, ${a.before == null ? null : JSON.stringify(a.before)}::jsonb, ${a.after},
           ${actor.ip}::text, ${actor.userAgent}::text
    from ${a.from}`;
}

/** Keeps only the keys whose values differ, so the log shows what changed. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined) continue;
    if (JSON.stringify(before[k] ?? null) !== JSON.stringify(v ?? null)) {
      b[k] = before[k] ?? null;
      a[k] = v;
    }
  }
  return { before: b, after: a, changed: Object.keys(a).length > 0 };
}
