// The credit ledger (学分银行), minimal: automatic postings for completed projects, reversing
// entries for corrections, and a teacher's totals. The ledger is append-only; a correction is a
// negative entry pointing at the one it cancels (reverses_id), so every total is a plain sum.
import type { CreditEntry } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { countyOf, creditEntryScope, participationScope, teacherScope } from '../../access/scope.js';
import { type Exec, intArray, one, rows, type Tx } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { writeLedger } from './ledger-write.js';

/** The source_ref of a project posting: `participation:<id>`, then `participation:<id>#2` … after reversals. */
export const participationRef = (participationId: number) => `participation:${participationId}`;

/** Matches every posting of a participation (`p` aliases participations, `c` credit_ledger). */
const refOf = (p: string, c: string) => {
  const ref = sql.raw(`('participation:' || ${p}.id)`);
  const col = sql.raw(`${c}.source_ref`);
  return sql`(${col} = ${ref} or ${col} like ${ref} || '#%')`;
};

export interface PostedCredit {
  id: number;
  participationId: number;
  teacherId: number;
  hours: number;
  sourceRef: string;
}

/**
 * Posts the project's hours for each participation that has no live posting yet (one never
 * posted, or whose posting was reversed). Idempotent: re-running posts nothing, and the partial
 * unique index (source, source_ref, teacher_id) settles a race. One multi-row insert.
 */
export async function postProjectCredit(tx: Tx, actor: Actor, participationIds: number[]): Promise<PostedCredit[]> {
  if (!participationIds.length) return [];
  const posted = await writeLedger(
    tx,
    {
      columns: [
        'region_id',
        'teacher_id',
        'source',
        'source_ref',
        'category',
        'level',
        'mode',
        'hours',
        'occurred_on',
        'note',
        'approved_by',
        'created_by',
      ],
      select: sql`select pa.region_id, pa.teacher_id, 'project',
                         'participation:' || pa.id || case when prev.n > 0 then '#' || (prev.n + 1) else '' end,
                         pr.category, pr.level, pr.mode, pr.hours, pr.end_date,
                         '完成培训项目《' || pr.name || '》', ${actor.user.id}::int, ${actor.user.id}::int
                  from participations pa
                  join projects pr on pr.id = pa.project_id
                  cross join lateral (
                    select count(*)::int as n,
                           count(*) filter (where not exists (select 1 from credit_ledger r where r.reverses_id = c.id))::int as live
                    from credit_ledger c
                    where c.teacher_id = pa.teacher_id and c.source = 'project' and c.reverses_id is null
                      and ${refOf('pa', 'c')}
                  ) prev
                  where pa.id = any(${intArray(participationIds)}) and ${participationScope(countyOf(actor.user), 'pa')}
                    and prev.live = 0`,
    },
    { onConflict: 'nothing' },
  );
  const out = posted.map((r) => ({
    id: r.id,
    participationId: Number(/^participation:(\d+)/.exec(r.sourceRef!)![1]),
    teacherId: r.teacherId,
    hours: r.hours,
    sourceRef: r.sourceRef!,
  }));
  await record(
    tx,
    actor,
    out.map((p) => ({
      action: 'credit.post',
      entity: 'credit_entry',
      entityId: p.id,
      after: { teacherId: p.teacherId, source: 'project', sourceRef: p.sourceRef, hours: p.hours },
    })),
  );
  return out;
}

/** The live (not reversed) project posting of each participation. */
export async function liveProjectPostings(exec: Exec, participationIds: number[]) {
  if (!participationIds.length) return [];
  return rows<{ id: number; participation_id: number }>(
    exec,
    sql`select c.id, pa.id as participation_id
        from participations pa
        join credit_ledger c on c.teacher_id = pa.teacher_id and c.source = 'project' and c.reverses_id is null
                             and ${refOf('pa', 'c')}
        where pa.id = any(${intArray(participationIds)})
          and not exists (select 1 from credit_ledger r where r.reverses_id = c.id)`,
  );
}

/**
 * Cancels an entry with a negative one (same source and reference, reverses_id set). Returns the
 * new entry's id, or null when the entry was already reversed or is itself a reversal.
 */
export async function reverseCredit(tx: Tx, entryId: number, reason: string, actor: Actor): Promise<number | null> {
  const [row] = await writeLedger(tx, {
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
      'approved_by',
      'reverses_id',
      'created_by',
    ],
    select: sql`select c.region_id, c.teacher_id, c.source, c.source_ref, c.category, c.level, c.mode, -c.hours,
                       -c.credits, c.occurred_on, ${reason}, ${actor.user.id}::int, c.id, ${actor.user.id}::int
                from credit_ledger c
                where c.id = ${entryId} and ${creditEntryScope(countyOf(actor.user), 'c')} and c.reverses_id is null
                  and not exists (select 1 from credit_ledger r where r.reverses_id = c.id)`,
  });
  if (!row) return null;
  await record(tx, actor, {
    action: 'credit.reverse',
    entity: 'credit_entry',
    entityId: row.id,
    before: { entryId },
    after: { teacherId: row.teacherId, reversesId: entryId, hours: row.hours, reason },
  });
  return row.id;
}

/**
 * Cancels many entries at once (one insert, one audit row each), e.g. every posting of an activity
 * withdrawn after a failed spot check. Entries already reversed, or reversals, are skipped. Returns
 * the new entries' ids.
 */
export async function reverseCredits(tx: Tx, entryIds: number[], reason: string, actor: Actor): Promise<number[]> {
  if (!entryIds.length) return [];
  const written = (
    await writeLedger(tx, {
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
        'approved_by',
        'reverses_id',
        'created_by',
      ],
      select: sql`select c.region_id, c.teacher_id, c.source, c.source_ref, c.category, c.level, c.mode, -c.hours, -c.credits,
               c.occurred_on, ${reason}::text, ${actor.user.id}::int, c.id, ${actor.user.id}::int
        from credit_ledger c
        where c.id = any(${intArray(entryIds)}) and ${creditEntryScope(countyOf(actor.user), 'c')} and c.reverses_id is null
          and not exists (select 1 from credit_ledger r where r.reverses_id = c.id)`,
    })
  ).map((w) => ({ id: w.id, teacher_id: w.teacherId, hours: w.hours, reverses_id: w.reversesId }));
  await record(
    tx,
    actor,
    written.map((r) => ({
      action: 'credit.reverse',
      entity: 'credit_entry',
      entityId: r.id,
      before: { entryId: r.reverses_id },
      after: { teacherId: r.teacher_id, reversesId: r.reverses_id, hours: Number(r.hours), reason },
    })),
  );
  return written.map((r) => Number(r.id));
}

/** Net hours in [from, to] (inclusive ISO dates; either may be omitted). Used by the nomination screen. */
export async function teacherHours(
  exec: Exec,
  teacherId: number,
  range: { from?: string; to?: string } = {},
): Promise<number> {
  const where: SQL[] = [sql`teacher_id = ${teacherId}`];
  if (range.from) where.push(sql`occurred_on >= ${range.from}::date`);
  if (range.to) where.push(sql`occurred_on <= ${range.to}::date`);
  const r = await one<{ hours: number | string | null }>(
    exec,
    sql`select coalesce(sum(hours), 0)::float8 as hours from credit_ledger where ${sql.join(where, sql` and `)}`,
  );
  return Number(r?.hours ?? 0);
}

type EntryRow = {
  id: number;
  source: string;
  source_ref: string | null;
  project_id: number | null;
  project_name: string | null;
  category: string | null;
  level: string | null;
  mode: string | null;
  hours: number | string;
  credits: number | string | null;
  occurred_on: string;
  note: string | null;
  reverses_id: number | null;
  reversed: boolean;
  created_at: string;
};

const presentEntry = (r: EntryRow): CreditEntry => ({
  id: Number(r.id),
  source: r.source,
  sourceRef: r.source_ref,
  projectId: r.project_id,
  projectName: r.project_name,
  category: r.category,
  level: r.level,
  mode: r.mode,
  hours: Number(r.hours),
  credits: r.credits == null ? null : Number(r.credits),
  occurredOn: r.occurred_on,
  note: r.note,
  reversesId: r.reverses_id,
  reversed: r.reversed,
  createdAt: new Date(r.created_at).toISOString(),
});

/** A teacher's ledger, scoped like the teacher detail (out of scope → 404). */
export async function listCreditEntries(
  exec: Exec,
  user: CurrentUser,
  teacherId: number,
  q: { year?: number; page: number; pageSize: number },
) {
  const visible = await one<{ id: number }>(
    exec,
    sql`select t.id from teachers t join schools s on s.id = t.school_id
        where t.id = ${teacherId} and ${teacherScope(user, 't', 's')}`,
  );
  if (!visible) throw notFound('教师');
  const year = q.year
    ? sql` and c.occurred_on >= ${`${q.year}-01-01`}::date and c.occurred_on <= ${`${q.year}-12-31`}::date`
    : sql``;
  const items = await rows<EntryRow>(
    exec,
    sql`select c.id, c.source, c.source_ref, pa.project_id, pr.name as project_name, c.category, c.level, c.mode,
               c.hours, c.credits, c.occurred_on::text as occurred_on, c.note, c.reverses_id,
               exists (select 1 from credit_ledger r where r.reverses_id = c.id) as reversed, c.created_at
        from credit_ledger c
        left join participations pa on c.source = 'project'
             and pa.id = nullif(substring(c.source_ref from '^participation:([0-9]+)'), '')::int
        left join projects pr on pr.id = pa.project_id
        where c.teacher_id = ${teacherId}${year}
        order by c.occurred_on desc, c.id desc
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const totals = await one<{ n: number; hours: number | string }>(
    exec,
    sql`select count(*)::int as n, coalesce(sum(c.hours), 0)::float8 as hours
        from credit_ledger c where c.teacher_id = ${teacherId}${year}`,
  );
  return { items: items.map(presentEntry), total: totals?.n ?? 0, totalHours: Number(totals?.hours ?? 0) };
}

// The credit bank's rule set and progress (built on this ledger), exported here for other modules.
export { progressForTeachers, teacherProgress } from './progress.service.js';
export { getRuleSet } from './rules.service.js';
