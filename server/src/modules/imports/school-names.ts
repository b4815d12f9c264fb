// Finding a school by what a sheet calls it: its full name, the same with other spacing or
// brackets, or one of its 简称 (aliases). A name that matches nothing gets a suggestion when exactly
// one school's name contains it in order (城关一小 → 城关第一小学, 实验小学 → 绵竹市实验小学).
import { type SQL, sql } from 'drizzle-orm';
import { type Exec, rows } from '../../db/client.js';
import { looseName } from './run.js';

export interface SchoolName {
  id: number;
  name: string;
  aliases: string[];
}

/** The region's schools (id, name, aliases) plus `extra` columns of `schools s`. */
export async function loadSchoolNames<T extends SchoolName>(exec: Exec, regionId: number, extra?: SQL): Promise<T[]> {
  const list = await rows<T>(
    exec,
    sql`select s.id, s.name, s.aliases ${extra ? sql`, ${extra}` : sql``} from schools s where s.region_id = ${regionId}`,
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
