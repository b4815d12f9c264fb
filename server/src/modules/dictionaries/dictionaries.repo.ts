// All SQL of the dictionaries: loading a region's entries in one query, materialising a kind's
// national list, writing entries, counting and rewriting the rows that store a value.
import type { DictionaryKind } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { county, dictionaryScope, projectScope, schoolScope, teacherScope, type Who } from '../../access/scope.js';
import { type Exec, one, rows, textArray } from '../../db/client.js';
import type { EntryRow } from './dictionary.js';
import { NATIONAL } from './national.js';
import { USAGES, type Usage } from './usages.js';

interface Row {
  id: number;
  kind: DictionaryKind;
  value: string;
  synonyms: string[] | string | null;
  level: string | null;
  sort: number;
  national: boolean;
  retired: boolean;
  merged_into: number | null;
}

/** text[] as an array whichever driver read it (both parse it; a literal is handled for safety). */
function textList(v: string[] | string | null): string[] {
  if (v == null) return [];
  if (Array.isArray(v)) return v;
  const inner = v.replace(/^\{|\}$/g, '');
  if (!inner) return [];
  return inner.split(',').map((x) => x.replace(/^"|"$/g, '').replace(/\\(.)/g, '$1'));
}

const toEntry = (r: Row): EntryRow => ({
  id: Number(r.id),
  kind: r.kind,
  value: r.value,
  synonyms: textList(r.synonyms),
  level: r.level,
  sort: Number(r.sort),
  national: r.national,
  retired: r.retired,
  mergedInto: r.merged_into == null ? null : Number(r.merged_into),
});

const COLUMNS = sql`id, kind, value, synonyms, level, sort, national, retired_at is not null as retired, merged_into`;

/**
 * The region's entries of `kinds` (all kinds when omitted). A kind the region never changed has no
 * rows: its national list stands in (ids null) until the first write materialises it.
 */
export async function loadEntries(exec: Exec, regionId: number, kinds?: readonly DictionaryKind[]) {
  const list = await rows<Row>(
    exec,
    sql`select ${COLUMNS} from dictionary_entries d
        where ${dictionaryScope(county(regionId), 'd')} ${kinds ? sql`and d.kind = any(${textArray(kinds)})` : sql``}`,
  );
  const entries = list.map(toEntry);
  const present = new Set(entries.map((e) => e.kind));
  for (const kind of kinds ?? (Object.keys(NATIONAL) as DictionaryKind[])) {
    if (present.has(kind)) continue;
    NATIONAL[kind].forEach((n, i) => {
      entries.push({
        id: null,
        kind,
        value: n.value,
        synonyms: [...n.synonyms],
        level: n.level,
        sort: (i + 1) * 10,
        national: true,
        retired: false,
        mergedInto: null,
      });
    });
  }
  return entries;
}

/**
 * Gives the region its own copy of the kind's national list, once (concurrent callers agree);
 * answers how many entries that inserted (0 when the region already had its own).
 */
export async function materialise(exec: Exec, regionId: number, kind: DictionaryKind): Promise<number> {
  const national = NATIONAL[kind];
  const inserted = await rows<{ id: number }>(
    exec,
    sql`insert into dictionary_entries (region_id, kind, value, synonyms, level, sort, national)
        select ${regionId}, ${kind}, n.value, string_to_array(n.synonyms, chr(31)), n.level, n.ord::int * 10, true
        from unnest(${textArray(national.map((n) => n.value))}, ${textArray(national.map((n) => n.synonyms.join('\u001f')))},
                    ${textArray(national.map((n) => n.level))}) with ordinality as n(value, synonyms, level, ord)
        where not exists (select 1 from dictionary_entries d where ${dictionaryScope(county(regionId), 'd')} and d.kind = ${kind})
        on conflict do nothing returning id`,
  );
  return inserted.length;
}

export async function lockEntry(exec: Exec, regionId: number, kind: DictionaryKind, id: number) {
  const r = await one<Row>(
    exec,
    sql`select ${COLUMNS} from dictionary_entries d
        where d.id = ${id} and ${dictionaryScope(county(regionId), 'd')} and d.kind = ${kind}
        for update`,
  );
  return r ? toEntry(r) : undefined;
}

export async function nextSort(exec: Exec, regionId: number, kind: DictionaryKind): Promise<number> {
  const r = await one<{ n: number }>(
    exec,
    sql`select coalesce(max(sort), 0)::int + 10 as n from dictionary_entries d
        where ${dictionaryScope(county(regionId), 'd')} and d.kind = ${kind}`,
  );
  return Number(r?.n ?? 10);
}

export async function insertEntry(
  exec: Exec,
  regionId: number,
  e: { kind: DictionaryKind; value: string; synonyms: string[]; level: string | null; sort: number },
): Promise<number> {
  // A retired entry of the same value comes back rather than failing.
  const r = await one<{ id: number }>(
    exec,
    sql`insert into dictionary_entries (region_id, kind, value, synonyms, level, sort)
        values (${regionId}, ${e.kind}, ${e.value}, ${textArray(e.synonyms)}, ${e.level}, ${e.sort})
        on conflict (region_id, kind, value) do update
          set retired_at = null, merged_into = null, updated_at = now(),
              synonyms = (select array(select distinct x from unnest(dictionary_entries.synonyms || excluded.synonyms) x))
        returning id`,
  );
  return Number(r!.id);
}

export async function updateEntryRow(
  exec: Exec,
  id: number,
  e: {
    value: string;
    synonyms: string[];
    level: string | null;
    sort: number;
    retired: boolean;
    mergedInto?: number | null;
  },
) {
  await exec.execute(
    sql`update dictionary_entries set value = ${e.value}, synonyms = ${textArray(e.synonyms)}, level = ${e.level},
          sort = ${e.sort}, retired_at = case when ${e.retired} then coalesce(retired_at, now()) end,
          merged_into = ${e.mergedInto ?? null}, updated_at = now()
        where id = ${id}`,
  );
}

/** Adds spellings to an entry's synonyms (the ones it already has are kept once). */
export async function addSynonyms(
  exec: Exec,
  regionId: number,
  kind: DictionaryKind,
  value: string,
  synonyms: string[],
) {
  await exec.execute(
    sql`update dictionary_entries d
        set synonyms = (select array(select distinct x from unnest(d.synonyms || ${textArray(synonyms)}) x)),
            updated_at = now()
        where ${dictionaryScope(county(regionId), 'd')} and d.kind = ${kind} and d.value = ${value}`,
  );
}

const TABLE_SCOPES: Record<Usage['table'], (who: Who, alias: string) => SQL> = {
  teachers: teacherScope,
  schools: schoolScope,
  projects: projectScope,
};
const table = (u: Usage) => sql.raw(u.table);
const column = (u: Usage) => sql.raw(u.column);
/** The county's rows of the usage's table (aliased `t`), through that table's scope builder. */
const inRegion = (u: Usage, regionId: number) => TABLE_SCOPES[u.table](county(regionId), 't');

/** value → rows storing it, over every usage of the kind. */
export async function usageCounts(exec: Exec, regionId: number, kind: DictionaryKind): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const u of USAGES[kind] ?? []) {
    const q =
      u.shape === 'text'
        ? sql`select t.${column(u)} as v, count(*)::int as n from ${table(u)} t
              where ${inRegion(u, regionId)} and t.${column(u)} is not null group by 1`
        : u.shape === 'array'
          ? sql`select x as v, count(*)::int as n from ${table(u)} t, unnest(t.${column(u)}) x
                where ${inRegion(u, regionId)} group by 1`
          : sql`select x as v, count(*)::int as n
                from ${table(u)} t, jsonb_array_elements_text(coalesce(t.${column(u)} -> ${u.key!}, '[]'::jsonb)) x
                where ${inRegion(u, regionId)} and jsonb_typeof(coalesce(t.${column(u)} -> ${u.key!}, '[]'::jsonb)) = 'array'
                group by 1`;
    for (const r of await rows<{ v: string; n: number }>(exec, q)) out.set(r.v, (out.get(r.v) ?? 0) + Number(r.n));
  }
  return out;
}

/** Rows storing `from` now store `to` (a rename or a merge); answers how many rows per table. */
export async function rewriteUsages(
  exec: Exec,
  regionId: number,
  kind: DictionaryKind,
  from: string,
  to: string,
): Promise<Record<string, number>> {
  const changed: Record<string, number> = {};
  for (const u of USAGES[kind] ?? []) {
    let q: SQL;
    if (u.shape === 'text') {
      q = sql`update ${table(u)} t set ${column(u)} = ${to}, updated_at = now()
              where ${inRegion(u, regionId)} and t.${column(u)} = ${from} returning t.id`;
    } else if (u.shape === 'array') {
      q = sql`update ${table(u)} t set ${column(u)} = case when ${to} = any(t.${column(u)}) then array_remove(t.${column(u)}, ${from})
                else array_replace(t.${column(u)}, ${from}, ${to}) end, updated_at = now()
              where ${inRegion(u, regionId)} and ${from} = any(t.${column(u)}) returning t.id`;
    } else {
      const key = u.key!;
      q = sql`update ${table(u)} t set ${column(u)} = jsonb_set(t.${column(u)}, ${`{${key}}`}::text[],
                (select coalesce(jsonb_agg(v order by o), '[]'::jsonb) from (
                   select v, min(o) as o from (
                     select case when e = ${from} then ${to} else e end as v, o
                     from jsonb_array_elements_text(t.${column(u)} -> ${key}) with ordinality as x(e, o)) y
                   group by v) z)),
                updated_at = now()
              where ${inRegion(u, regionId)} and jsonb_typeof(t.${column(u)} -> ${key}) = 'array'
                and (t.${column(u)} -> ${key}) @> jsonb_build_array(${from}::text)
              returning t.id`;
    }
    const n = (await rows<{ id: number }>(exec, q)).length;
    if (n) changed[`${u.table}.${u.column}${u.key ? `.${u.key}` : ''}`] = n;
  }
  return changed;
}
