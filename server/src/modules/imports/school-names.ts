// Finding a school by what a sheet calls it: its full name, the same with other spacing or
// brackets, or one of its 简称 (aliases). A name that matches nothing gets a suggestion when exactly
// one school's name contains it in order (城关一小 → 城关第一小学, 实验小学 → 绵竹市实验小学).
// Every import with a school column reads it through readSchool, so a name mapped once is remembered.
import { type SQL, sql } from 'drizzle-orm';
import { county, schoolScope } from '../../access/scope.js';
import { type Exec, rows } from '../../db/client.js';
import type { ImportTerms } from '../dictionaries/import-terms.js';
import { looseName, type RowCtx } from './run.js';

export interface SchoolName {
  id: number;
  name: string;
  aliases: string[];
}

/** The region's schools (id, name, aliases) plus `extra` columns of `schools s`. */
export async function loadSchoolNames<T extends SchoolName>(exec: Exec, regionId: number, extra?: SQL): Promise<T[]> {
  const list = await rows<T>(
    exec,
    sql`select s.id, s.name, s.aliases ${extra ? sql`, ${extra}` : sql``} from schools s
        where ${schoolScope(county(regionId), 's')}`,
  );
  for (const s of list) s.aliases ??= [];
  return list;
}

/** Whether every character of `short` appears in `long` in order (城关一小 in 城关第一小学). */
function inOrder(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

export interface SchoolFinder<T extends SchoolName> {
  /** The school a name means, and whether it was by a 简称. */
  find(name: string): { school: T; byAlias: boolean } | undefined;
  /** The one school a name probably means, or null. */
  suggest(name: string): T | null;
}

export function findSchool<T extends SchoolName>(list: readonly T[]): SchoolFinder<T> {
  const exact = new Map<string, T>();
  const loose = new Map<string, T | null>(); // null: two schools look alike
  const alias = new Map<string, T | null>();
  for (const s of list) {
    exact.set(s.name, s);
    const k = looseName(s.name);
    loose.set(k, loose.has(k) ? null : s);
  }
  for (const s of list) {
    for (const a of s.aliases) {
      const k = looseName(a);
      if (loose.has(k)) continue;
      alias.set(k, alias.has(k) && alias.get(k) !== s ? null : s);
    }
  }
  return {
    find(name) {
      const hit = exact.get(name) ?? loose.get(looseName(name));
      if (hit) return { school: hit, byAlias: false };
      const a = alias.get(looseName(name));
      return a ? { school: a, byAlias: true } : undefined;
    },
    suggest(name) {
      const k = looseName(name);
      if (k.length < 2) return null;
      const hits = list.filter((s) => {
        const n = looseName(s.name);
        return n.length > k.length && n.includes(k);
      });
      if (hits.length === 1) return hits[0]!;
      if (hits.length > 1) return null;
      const ordered = list.filter((s) => {
        const n = looseName(s.name);
        return n[0] === k[0] || n.includes(k.slice(0, 2)) ? inOrder(k, n) : false;
      });
      return ordered.length === 1 ? ordered[0]! : null;
    },
  };
}

/** A sheet's name for a school that the county admin mapped in the preview, kept as its 简称. */
export interface SchoolAlias {
  schoolId: number;
  alias: string;
}

/**
 * The school a row's cell names: by name or 简称 (reported as read through an alias), else by the
 * request's mapping (`mapping.school`; remembered into `remember` when given), else a row error
 * with a suggestion and the name grouped in the preview for mapping. Undefined when not found.
 */
export function readSchool<T extends SchoolName, F extends string>(
  r: RowCtx<F>,
  f: F,
  finder: SchoolFinder<T>,
  terms: ImportTerms,
  remember?: Map<string, SchoolAlias>,
): T | undefined {
  const raw = r.text(f);
  let hit = finder.find(raw);
  if (hit?.byAlias) terms.note('school', '学校', raw, hit.school.name, 'synonym');
  if (!hit) {
    const target = terms.mappedTo('school', raw);
    const mapped = target !== undefined ? finder.find(target) : undefined;
    if (mapped) {
      hit = mapped;
      terms.note('school', '学校', raw, mapped.school.name, 'mapping');
      remember?.set(`${mapped.school.id}\u0000${raw}`, { schoolId: mapped.school.id, alias: raw });
    }
  }
  if (hit) return hit.school;
  const guess = finder.suggest(raw);
  r.err(
    f,
    `学校“${raw}”不存在${guess ? `，是否为“${guess.name}”？` : ''}（可在导入预检中把它对应到已有学校，或先导入学校名单）`,
  );
  terms.noteUnknown('school', '学校', r.column(f), raw, r.row.row, guess?.name ?? null);
  return undefined;
}

/** Adds the names a commit mapped to its schools' 简称 (aliases), so the next sheet needs no mapping. */
export async function rememberSchoolAliases(tx: Exec, regionId: number, aliases: readonly SchoolAlias[]) {
  if (!aliases.length) return;
  const list = aliases.map((a) => sql`(${a.schoolId}::int, ${a.alias}::text)`);
  await tx.execute(
    sql`update schools s set aliases = (select array(select distinct x from unnest(s.aliases || v.aliases) x)),
          updated_at = now()
        from (select id, array_agg(alias) as aliases from (values ${sql.join(list, sql`, `)}) as a(id, alias) group by id) v
        where s.id = v.id and ${schoolScope(county(regionId), 's')}`,
  );
}
