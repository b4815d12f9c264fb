// Every write goes through record(): who, when, what, before → after, from where.
// Call it inside the same transaction as the write, so the log never disagrees with the data.

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
      userName: actor ? `${actor.user.displayName}(${actor.user.username})` : '系统',
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
