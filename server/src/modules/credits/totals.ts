// Credit totals: each teacher's evaluation per cycle under the county's rule set, stored in
// credit_totals so the who-is-behind list is one query over them instead of an evaluation of every
// teacher's ledger. What is stored does not depend on today (earned, counted after caps, counted
// per year, by category, the cycle's gaps, complete); the pace, the status and this year's gap are
// worked out from it at read time (progress.service.ts).
//
// Kept current by:
//   - writeLedger (ledger-write.ts), the one way to write ledger rows: the touched teachers' cycles
//     are re-evaluated in the same transaction as the rows;
//   - saveRuleSet: the rule set's version is raised and the county rebuilt in the same transaction;
//   - a trigger on teachers (0020): a changed hire date or posts queues the teacher in
//     credit_totals_stale, re-evaluated before the next list is read (ensureTotals);
//   - ensureTotals: a county whose totals were built under another rule-set version (or never, as
//     after the migration) is rebuilt before it is read.
// A teacher without a row for a cycle has no entry in that cycle's window: an empty ledger.
import {
  type CategoryProgress,
  type CreditRuleSet,
  cycleOf,
  DEFAULT_RULE_PRESET,
  evaluateCredits,
  type Gap,
  type LedgerEntryInput,
  presetRules,
  type TeacherFacts,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import { county, creditEntryScope } from '../../access/scope.js';
import { type Db, type Exec, intArray, one, rows, type Tx, textArray } from '../../db/client.js';
import { parseStoredRules } from './rules.service.js';

// ---------- the ledger, packed ----------

/**
 * A teacher's ledger comes back as one row, its entries packed into one string (fields split by
 * U+001F, entries by U+001E, in date order): materialising ~100k rows costs PGlite seconds, a few
 * thousand strings a fraction of that.
 */
const FS = '\u001f';
const RS = '\u001e';
export const PACKED_ENTRIES = sql`string_agg(concat_ws(chr(31), c.id, c.source, coalesce(c.category, ''),
  coalesce(c.level, ''), coalesce(c.mode, ''), c.hours, coalesce(c.credits::text, ''),
  to_char(c.occurred_on, 'YYYY-MM-DD'), coalesce(c.reverses_id::text, '')), chr(30) order by c.occurred_on, c.id)`;

export function unpack(packed: string | null): LedgerEntryInput[] {
  if (!packed) return [];
  return packed.split(RS).map((e) => {
    const [id, source, category, level, mode, hours, credits, occurredOn, reversesId] = e.split(FS);
    return {
      id: Number(id),
      source: source ?? '',
      category: category || null,
      level: level || null,
      mode: mode || null,
      hours: Number(hours),
      credits: credits ? Number(credits) : null,
      occurredOn: occurredOn ?? '',
      reversesId: reversesId ? Number(reversesId) : null,
    };
  });
}

// ---------- the rule set in force, with its version ----------

export interface RulesInForce {
  rules: CreditRuleSet;
  /** credit_rule_sets.version; 0 while the county runs on the national preset. */
  version: number;
}

type StatusRow = {
  preset: string | null;
  rules: unknown;
  updated_at: string | Date | null;
  version: number | null;
  built: number | null;
  stale: boolean;
};

/** One round trip: the rule set and its version, the version the totals were built under, stale teachers. */
async function totalsStatus(exec: Exec, regionId: number) {
  const r = await one<StatusRow>(
    exec,
    sql`select rs.preset, rs.rules, rs.updated_at, rs.version,
               (select st.rules_version from credit_totals_state st where st.region_id = ${regionId}) as built,
               exists (select 1 from credit_totals_stale x where x.region_id = ${regionId}) as stale
        from (select 1) one
        left join credit_rule_sets rs on rs.region_id = ${regionId}`,
  );
  const inForce: RulesInForce =
    r?.rules != null
      ? { rules: parseStoredRules({ preset: r.preset ?? '', rules: r.rules }), version: Number(r.version) }
      : { rules: presetRules(DEFAULT_RULE_PRESET), version: 0 };
  return { ...inForce, built: r?.built == null ? null : Number(r.built), stale: !!r?.stale };
}

export async function rulesInForce(exec: Exec, regionId: number): Promise<RulesInForce> {
  const { rules, version } = await totalsStatus(exec, regionId);
  return { rules, version };
}

// ---------- evaluating ----------

export interface StoredTotals {
  earned: number;
  counted: number;
  /** Counted per year of the cycle, first year first. */
  yearCounted: number[];
  complete: boolean;
  byCategory: CategoryProgress[];
  /** The engine's gaps except the annual one (which depends on today). */
  gaps: Gap[];
}

/**
 * What the totals hold for one teacher and cycle: the pure engine, with "today" set to the cycle's
 * first day (nothing stored depends on it). `entries` may hold more than the cycle's window.
 */
export function evaluateTotals(
  rules: CreditRuleSet,
  entries: readonly LedgerEntryInput[],
  facts: TeacherFacts,
  cycleStart: number,
): StoredTotals {
  const ev = evaluateCredits(rules, entries, facts, { today: `${cycleStart}-01-01`, cycleYear: cycleStart });
  return {
    earned: ev.earned,
    counted: ev.counted,
    yearCounted: ev.years.map((y) => y.counted),
    complete: ev.cycleComplete,
    byCategory: ev.byCategory,
    gaps: ev.gaps.filter((g) => g.kind !== 'annual'),
  };
}

/** The dates whose entries a cycle's evaluation reads: the cycle plus the induction window around it. */
export function windowOf(rules: CreditRuleSet, cycleStart: number) {
  const pad = rules.induction?.years ?? 0;
  return { from: `${cycleStart - pad}-01-01`, to: `${cycleStart + rules.cycle.years - 1 + pad}-12-31` };
}

/** The cycles (their first years) whose evaluation an entry dated `date` takes part in. */
export function cyclesTouching(rules: CreditRuleSet, date: string): number[] {
  const pad = rules.induction?.years ?? 0;
  const y = Number(date.slice(0, 4));
  const out: number[] = [];
  for (let s = cycleOf(rules, y - pad).start; s <= cycleOf(rules, y + pad).start; s += rules.cycle.years) out.push(s);
  return out;
}

// ---------- locking ----------

/** Advisory-lock keys: (LOCK_REGION, region id) and (LOCK_TEACHER, teacher id). */
const LOCK_REGION = 727016;
const LOCK_TEACHER = 727017;
/** Above this many teachers a write locks the county's totals whole instead of teacher by teacher. */
const LOCK_ONE_BY_ONE = 1000;

/**
 * Serialises evaluations of the same teacher: two transactions posting to one teacher at once would
 * each evaluate without the other's entry, and the later upsert would win. Taken before the ledger
 * is read, so (read committed) the read sees every entry committed by an earlier holder. A rebuild
 * holds the county exclusively; single writers share it and lock their teachers in id order.
 */
async function lockTotals(tx: Tx, regionId: number, teacherIds: readonly number[] | 'region') {
  if (teacherIds === 'region' || teacherIds.length > LOCK_ONE_BY_ONE) {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_REGION}, ${regionId})`);
    return;
  }
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${LOCK_REGION}, ${regionId})`);
  await tx.execute(
    sql`select count(pg_advisory_xact_lock(${LOCK_TEACHER}, x.id))
        from (select distinct unnest(${intArray([...teacherIds])}) as id order by 1) x`,
  );
}

// ---------- computing and storing ----------

type FactsRow = { id: number; hire_date: string | null; posts: string[] | null };
type TeacherLedgerRow = FactsRow & {
  packed: string | null;
  rule_set: { preset: string; rules: unknown; version: number } | null;
};

/**
 * Evaluates the teachers' cycles and upserts the rows: for each teacher the cycles its `touched`
 * dates take part in, or (touched null) every cycle any of its entries takes part in. One statement
 * per batch reads the teachers' facts, their whole ledger and — unless given — the rule set in force.
 */
async function computeAndStore(
  tx: Tx,
  regionId: number,
  teacherIds: readonly number[],
  touched: Map<number, string[]> | null,
  given?: RulesInForce,
) {
  const BATCH = 2000;
  let inForce = given;
  for (let i = 0; i < teacherIds.length; i += BATCH) {
    const ids = intArray(teacherIds.slice(i, i + BATCH));
    const data = await rows<TeacherLedgerRow>(
      tx,
      sql`select t.id, t.hire_date::text as hire_date, t.posts, l.packed,
                 ${
                   inForce
                     ? sql`null::json`
                     : sql`(select json_build_object('preset', rs.preset, 'rules', rs.rules, 'version', rs.version)
                            from credit_rule_sets rs where rs.region_id = ${regionId})`
                 } as rule_set
          from teachers t
          left join (select c.teacher_id, ${PACKED_ENTRIES} as packed from credit_ledger c
                     where c.teacher_id = any(${ids}) and ${creditEntryScope(county(regionId), 'c')}
                     group by c.teacher_id) l on l.teacher_id = t.id
          where t.id = any(${ids}) and t.region_id = ${regionId}`,
    );
    if (!inForce) {
      const rs = data[0]?.rule_set;
      inForce = rs
        ? { rules: parseStoredRules(rs), version: Number(rs.version) }
        : { rules: presetRules(DEFAULT_RULE_PRESET), version: 0 };
    }
    const { rules, version } = inForce;
    const out: Array<{ teacherId: number; cycleStart: number; totals: StoredTotals }> = [];
    for (const t of data) {
      const entries = unpack(t.packed);
      const dates = touched ? (touched.get(t.id) ?? []) : entries.map((e) => e.occurredOn);
      const cycles = new Set(dates.flatMap((d) => cyclesTouching(rules, d)));
      const facts = { hireDate: t.hire_date, posts: t.posts ?? [] };
      for (const c of cycles)
        out.push({ teacherId: t.id, cycleStart: c, totals: evaluateTotals(rules, entries, facts, c) });
    }
    await storeTotals(tx, regionId, version, out);
  }
}

const numbers = (values: readonly number[]) => sql`${`{${values.join(',')}}`}::numeric[]`;

async function storeTotals(
  tx: Tx,
  regionId: number,
  version: number,
  list: ReadonlyArray<{ teacherId: number; cycleStart: number; totals: StoredTotals }>,
) {
  const CHUNK = 5000;
  for (let i = 0; i < list.length; i += CHUNK) {
    const part = list.slice(i, i + CHUNK);
    if (!part.length) continue;
    const teachers = intArray(part.map((p) => p.teacherId));
    const cycles = intArray(part.map((p) => p.cycleStart));
    await tx.execute(
      sql`with totals as (
            insert into credit_totals (teacher_id, cycle_start, region_id, rules_version, earned, counted, year_counted,
                                       complete)
            select v.teacher_id, v.cycle_start, ${regionId}, ${version}, v.earned, v.counted, v.year_counted::numeric[],
                   v.complete
            from unnest(${teachers}, ${cycles}, ${numbers(part.map((p) => p.totals.earned))},
                        ${numbers(part.map((p) => p.totals.counted))},
                        ${textArray(part.map((p) => `{${p.totals.yearCounted.join(',')}}`))},
                        ${`{${part.map((p) => (p.totals.complete ? 't' : 'f')).join(',')}}`}::boolean[])
                 as v(teacher_id, cycle_start, earned, counted, year_counted, complete)
            on conflict (teacher_id, cycle_start) do update
              set region_id = excluded.region_id, rules_version = excluded.rules_version, earned = excluded.earned,
                  counted = excluded.counted, year_counted = excluded.year_counted, complete = excluded.complete
            returning 1
          )
          insert into credit_totals_detail (teacher_id, cycle_start, by_category, gaps)
          select v.teacher_id, v.cycle_start, v.by_category::jsonb, v.gaps::jsonb
          from unnest(${teachers}, ${cycles}, ${textArray(part.map((p) => JSON.stringify(p.totals.byCategory)))},
                      ${textArray(part.map((p) => JSON.stringify(p.totals.gaps)))}) as v(teacher_id, cycle_start, by_category, gaps)
          where (select count(*) from totals) > 0
          on conflict (teacher_id, cycle_start) do update set by_category = excluded.by_category, gaps = excluded.gaps`,
    );
  }
}

/**
 * Re-evaluates the cycles that entries just written take part in (writeLedger calls this in the
 * same transaction). `touched`: the written rows' region, teacher and date.
 */
export async function totalsAfterWrite(
  tx: Tx,
  touched: ReadonlyArray<{ regionId: number; teacherId: number; occurredOn: string }>,
) {
  const byRegion = new Map<number, Array<{ teacherId: number; occurredOn: string }>>();
  for (const t of touched) {
    const list = byRegion.get(t.regionId) ?? [];
    list.push(t);
    byRegion.set(t.regionId, list);
  }
  for (const [regionId, list] of byRegion) {
    const touched = new Map<number, string[]>();
    for (const t of list) touched.set(t.teacherId, [...(touched.get(t.teacherId) ?? []), t.occurredOn]);
    const teacherIds = [...touched.keys()].sort((a, b) => a - b);
    await lockTotals(tx, regionId, teacherIds);
    // The rule set is read after the lock (in computeAndStore's statement): one saved meanwhile is the one in force.
    await computeAndStore(tx, regionId, teacherIds, touched);
  }
}

/** Re-evaluates a whole county from its ledger (a new rule set, or totals built under another one). */
export async function rebuildTotals(tx: Tx, regionId: number, inForce?: RulesInForce) {
  await lockTotals(tx, regionId, 'region');
  const current = inForce ?? (await rulesInForce(tx, regionId));
  await tx.execute(sql`delete from credit_totals where region_id = ${regionId}`);
  await tx.execute(sql`delete from credit_totals_stale where region_id = ${regionId}`);
  const ids = await rows<{ id: number }>(
    tx,
    sql`select distinct c.teacher_id as id from credit_ledger c where ${creditEntryScope(county(regionId), 'c')}
        order by 1`,
  );
  await computeAndStore(
    tx,
    regionId,
    ids.map((r) => r.id),
    null,
    current,
  );
  await tx.execute(
    sql`insert into credit_totals_state (region_id, rules_version, built_at) values (${regionId}, ${current.version}, now())
        on conflict (region_id) do update set rules_version = excluded.rules_version, built_at = now()`,
  );
}

/** Re-evaluates the teachers the trigger queued (hire date or posts changed). */
async function refreshStale(tx: Tx, regionId: number) {
  // Taken off the queue first: a change committed after this point queues the teacher again, and one
  // committed before is seen by the reads below (each statement reads what is committed).
  const queued = await rows<{ teacher_id: number }>(
    tx,
    sql`delete from credit_totals_stale where region_id = ${regionId} returning teacher_id`,
  );
  const ids = [...new Set(queued.map((q) => q.teacher_id))].sort((a, b) => a - b);
  if (!ids.length) return;
  await lockTotals(tx, regionId, ids);
  await computeAndStore(tx, regionId, ids, null);
}

/**
 * Before a county's totals are read: rebuilt when built under another rule-set version (or never),
 * queued teachers re-evaluated. Usually one small query. Writes go to `primary` (reads may come
 * from a replica). Returns the rule set in force.
 */
export async function ensureTotals(exec: Exec, regionId: number, primary: Db | Exec = exec): Promise<RulesInForce> {
  let s = await totalsStatus(exec, regionId);
  if (s.built === s.version && !s.stale) return { rules: s.rules, version: s.version };
  const run = async (tx: Tx) => {
    s = await totalsStatus(tx, regionId);
    if (s.built !== s.version) await rebuildTotals(tx, regionId, { rules: s.rules, version: s.version });
    else if (s.stale) await refreshStale(tx, regionId);
  };
  if ('transaction' in primary) await primary.transaction(run);
  else throw new Error('ensureTotals: primary must be a database or transaction');
  return { rules: s.rules, version: s.version };
}

/**
 * Every county whose totals were built under another rule-set version, or never (the first start
 * after the migration), rebuilt one by one — run in the background at start-up so the first list
 * of a large county does not wait for it. A county read meanwhile is rebuilt by that read instead
 * (the rebuild holds the county's lock; whoever comes second finds it built).
 */
export async function ensureAllTotals(db: Db, log: (message: string) => void = () => {}) {
  const pending = await rows<{ id: number }>(
    db,
    sql`select r.id from regions r
        left join credit_rule_sets rs on rs.region_id = r.id
        left join credit_totals_state st on st.region_id = r.id
        where st.rules_version is distinct from coalesce(rs.version, 0)
        order by r.id`,
  );
  for (const { id } of pending) {
    const started = Date.now();
    await ensureTotals(db, id);
    log(`学时汇总已重建 (credit totals rebuilt): region ${id}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return pending.length;
}

// ---------- checking (tests, operations) ----------

export interface TotalsRow {
  teacherId: number;
  cycleStart: number;
  rulesVersion: number;
  earned: number;
  counted: number;
  yearCounted: number[];
  complete: boolean;
  byCategory: CategoryProgress[];
  gaps: Gap[];
}

/** The stored totals of a county, ordered by teacher and cycle. */
export async function storedTotals(exec: Exec, regionId: number): Promise<TotalsRow[]> {
  const list = await rows<{
    teacher_id: number;
    cycle_start: number;
    rules_version: number;
    earned: number;
    counted: number;
    year_counted: number[];
    complete: boolean;
    by_category: CategoryProgress[];
    gaps: Gap[];
  }>(
    exec,
    sql`select ct.teacher_id, ct.cycle_start, ct.rules_version, ct.earned::float8 as earned, ct.counted::float8 as counted,
               array_to_json(ct.year_counted::float8[]) as year_counted, ct.complete, d.by_category, d.gaps
        from credit_totals ct
        left join credit_totals_detail d on d.teacher_id = ct.teacher_id and d.cycle_start = ct.cycle_start
        where ct.region_id = ${regionId} order by ct.teacher_id, ct.cycle_start`,
  );
  return list.map((r) => ({
    teacherId: r.teacher_id,
    cycleStart: r.cycle_start,
    rulesVersion: Number(r.rules_version),
    earned: Number(r.earned),
    counted: Number(r.counted),
    yearCounted: (typeof r.year_counted === 'string' ? JSON.parse(r.year_counted) : r.year_counted).map(Number),
    complete: r.complete,
    byCategory: r.by_category,
    gaps: r.gaps,
  }));
}

/** What the totals of a county should be: every teacher's ledger evaluated afresh. */
export async function recomputedTotals(exec: Exec, regionId: number): Promise<TotalsRow[]> {
  const { rules, version } = await rulesInForce(exec, regionId);
  const facts = await rows<FactsRow>(
    exec,
    sql`select t.id, t.hire_date::text as hire_date, t.posts from teachers t where t.region_id = ${regionId} order by t.id`,
  );
  const ledger = await rows<{ teacher_id: number; packed: string }>(
    exec,
    sql`select c.teacher_id, ${PACKED_ENTRIES} as packed from credit_ledger c
        where ${creditEntryScope(county(regionId), 'c')} group by c.teacher_id`,
  );
  const packedOf = new Map(ledger.map((l) => [l.teacher_id, l.packed]));
  const data = facts.map((f) => ({ ...f, packed: packedOf.get(f.id) ?? null }));
  const out: TotalsRow[] = [];
  for (const t of data) {
    const entries = unpack(t.packed);
    const cycles = [...new Set(entries.flatMap((e) => cyclesTouching(rules, e.occurredOn)))].sort((a, b) => a - b);
    for (const c of cycles) {
      const v = evaluateTotals(rules, entries, { hireDate: t.hire_date, posts: t.posts ?? [] }, c);
      out.push({ teacherId: t.id, cycleStart: c, rulesVersion: version, ...v });
    }
  }
  return out;
}
