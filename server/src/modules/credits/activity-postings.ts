// Automatic postings of school-based development hours (source school_activity): 青蓝工程 pairs and
// 名师工作室 years that passed their review. Each posting carries a source_ref (e.g.
// `mentoring:12:2026`); a live posting is never repeated, and after a reversal the next one is
// `…#2`, as project postings do. The partial unique index (source, source_ref, teacher_id) settles
// a race. One multi-row insert, audited per entry.
import { sql } from 'drizzle-orm';
import { county, creditEntryScope, teacherScope } from '../../access/scope.js';
import { type Exec, intArray, rows, type Tx, textArray } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor } from '../../http/context.js';
import { writeLedger } from './ledger-write.js';

export interface ActivityPosting {
  teacherId: number;
  /** The posting's reference without a #n suffix, e.g. `mentoring:12:2026`. */
  ref: string;
  hours: number;
  category: string;
  level: string | null;
  occurredOn: string;
  note: string;
}

const SOURCE = 'school_activity';
const numericArray = (values: readonly number[]) => sql`${`{${values.join(',')}}`}::numeric[]`;
const nullableText = (values: ReadonlyArray<string | null>) =>
  sql`${`{${values.map((v) => (v == null ? 'NULL' : `"${v.replace(/(["\\])/g, '\\$1')}"`)).join(',')}}`}::text[]`;

/** `c.source_ref` is the reference or one of its #n re-postings. */
const sameRef = (ref: ReturnType<typeof sql>) => sql`(c.source_ref = ${ref} or c.source_ref like ${ref} || '#%')`;

/** Posts the entries that have no live posting yet (per teacher and reference); returns those posted. */
export async function postActivityHours(tx: Tx, actor: Actor, entries: ActivityPosting[]) {
  const list = entries.filter((e) => e.hours > 0);
  if (!list.length) return [];
  const regionId = actor.user.regionId;
  const written = await writeLedger(
    tx,
    {
      columns: [
        'region_id',
        'teacher_id',
        'source',
        'source_ref',
        'category',
        'level',
        'hours',
        'occurred_on',
        'note',
        'approved_by',
        'created_by',
      ],
      select: sql`select ${regionId}::int, v.teacher_id, ${SOURCE}::text,
               v.ref || case when prev.n > 0 then '#' || (prev.n + 1) else '' end,
               v.category, v.level, v.hours, v.occurred_on, v.note, ${actor.user.id}::int, ${actor.user.id}::int
        from unnest(${intArray(list.map((e) => e.teacherId))}, ${textArray(list.map((e) => e.ref))},
                    ${numericArray(list.map((e) => e.hours))}, ${textArray(list.map((e) => e.category))},
                    ${nullableText(list.map((e) => e.level))}, ${textArray(list.map((e) => e.occurredOn))}::date[],
                    ${textArray(list.map((e) => e.note))})
             as v(teacher_id, ref, hours, category, level, occurred_on, note)
        join teachers t on t.id = v.teacher_id and ${teacherScope(county(regionId), 't')}
        cross join lateral (
          select count(*)::int as n,
                 count(*) filter (where not exists (select 1 from credit_ledger r where r.reverses_id = c.id))::int as live
          from credit_ledger c
          where c.teacher_id = v.teacher_id and c.source = ${SOURCE} and c.reverses_id is null and ${sameRef(sql`v.ref`)}
        ) prev
        where prev.live = 0`,
    },
    { onConflict: 'nothing' },
  );
  const posted = written.map((w) => ({
    id: w.id,
    teacher_id: w.teacherId,
    hours: w.hours,
    source_ref: w.sourceRef ?? '',
  }));
  await record(
    tx,
    actor,
    posted.map((p) => ({
      action: 'credit.post',
      entity: 'credit_entry',
      entityId: Number(p.id),
      after: { teacherId: p.teacher_id, source: SOURCE, sourceRef: p.source_ref, hours: Number(p.hours) },
    })),
  );
  return posted.map((p) => ({ id: Number(p.id), teacherId: p.teacher_id, hours: Number(p.hours), ref: p.source_ref }));
}

/** Cancels the live postings of these references (every teacher) with negative entries; returns how many. */
export async function reverseActivityHours(tx: Tx, actor: Actor, refs: string[], reason: string) {
  if (!refs.length) return 0;
  const regionId = actor.user.regionId;
  const written = await writeLedger(tx, {
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
        join unnest(${textArray(refs)}) as r(ref) on ${sameRef(sql`r.ref`)}
        where ${creditEntryScope(county(regionId), 'c')} and c.source = ${SOURCE} and c.reverses_id is null
          and not exists (select 1 from credit_ledger x where x.reverses_id = c.id)`,
  });
  const reversed = written.map((w) => ({
    id: w.id,
    teacher_id: w.teacherId,
    hours: w.hours,
    reverses_id: w.reversesId,
  }));
  await record(
    tx,
    actor,
    reversed.map((r) => ({
      action: 'credit.reverse',
      entity: 'credit_entry',
      entityId: Number(r.id),
      before: { entryId: r.reverses_id },
      after: { teacherId: r.teacher_id, reversesId: r.reverses_id, hours: Number(r.hours), reason },
    })),
  );
  return reversed.length;
}

/** Net hours per teacher held under references starting with `prefix` (e.g. `mentoring:12:`). */
export async function hoursUnder(exec: Exec, regionId: number, prefix: string) {
  return rows<{ teacher_id: number; source_ref: string; hours: number }>(
    exec,
    sql`select c.teacher_id, split_part(c.source_ref, '#', 1) as source_ref, sum(c.hours)::float8 as hours
        from credit_ledger c
        where ${creditEntryScope(county(regionId), 'c')} and c.source = ${SOURCE} and c.source_ref like ${`${prefix}%`}
        group by c.teacher_id, split_part(c.source_ref, '#', 1)`,
  );
}
