// Tools of the people-development demo seed (seed/people*.ts): the context the parts share, a
// multi-row insert through unnest, school days and months, and timestamps never after today.
import type { DEFAULT_PEOPLE_RULE } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { rows, type Tx, textArray } from '../client.js';
import type { Rng } from './random.js';

export interface T {
  id: number;
  school_id: number;
  user_id: number;
  name: string;
  subject: string;
  stage: string;
  hired: number;
  birth_year: number;
  title: string | null;
  tags: string[];
}

/** Inserts rows through unnest of one text[] per column, cast to the column's type. */
export async function insertMany(
  tx: Tx,
  table: string,
  /** `name:type name:type …` in the order of each row's values. */
  spec: string,
  data: ReadonlyArray<ReadonlyArray<string | number | null>>,
  returning = false,
): Promise<number[]> {
  if (!data.length) return [];
  const cols = spec.split(/\s+/).map((c) => c.split(':') as [string, string]);
  const arrays = cols.map(
    ([, type], i) => sql`${textArray(data.map((r) => (r[i] == null ? null : String(r[i]))))}::${sql.raw(type)}[]`,
  );
  const names = sql.raw(cols.map(([c]) => c).join(', '));
  const query = sql`insert into ${sql.identifier(table)} (${names})
      select ${names} from unnest(${sql.join(arrays, sql`, `)}) with ordinality as u(${names}, ord) order by ord
      ${returning ? sql`returning id` : sql``}`;
  if (returning) return (await rows<{ id: number }>(tx, query)).map((r) => r.id);
  await tx.execute(query);
  return [];
}

/** The earlier of two ISO dates. */
export const earlier = (a: string, b: string) => (a < b ? a : b);
export const pad = (n: number) => String(n).padStart(2, '0');
/** School days (Mon–Fri, outside February, July and August) of a month, up to `until`. */
export function schoolDays(year: number, month: number, until: string): string[] {
  if (month === 2 || month === 7 || month === 8) return [];
  const out: string[] = [];
  for (let d = 1; d <= 31; d++) {
    const date = new Date(Date.UTC(year, month - 1, d));
    if (date.getUTCMonth() !== month - 1) break;
    const iso = `${year}-${pad(month)}-${pad(d)}`;
    const wd = date.getUTCDay();
    if (wd !== 0 && wd !== 6 && iso <= until) out.push(iso);
  }
  return out;
}

/** Months (year, month) from a start month through the month of `until`. */
export function monthsBetween(from: string, until: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  while (`${y}-${pad(m)}` <= until.slice(0, 7)) {
    out.push([y, m]);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** A timestamp on `date` at `time` (Beijing), never after the start of `today`: nothing is dated in the future. */
export const stampOf =
  (today: string) =>
  (date: string, time = '16:30') => {
    const d = date > today ? today : date;
    return `${d}T${d === today ? '00:05' : time}:00+08:00`;
  };
export function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export type Row = Array<string | number | null>;

/** What every part of the people seed works with. */
export interface PeopleCtx {
  tx: Tx;
  rng: Rng;
  regionId: number;
  regionName: string;
  today: string;
  /** The year of today. */
  Y: number;
  at: ReturnType<typeof stampOf>;
  countyUser: number;
  school1: number;
  school2: number;
  teacher1: number;
  /** The demo school admins' accounts by school. */
  adminOf: Map<number, number>;
  schools: Map<number, { id: number; name: string; consortium_id: number | null }>;
  /** Teachers in post with their account, by id. */
  teachers: T[];
  bySchool: Map<number, T[]>;
  rule: typeof DEFAULT_PEOPLE_RULE;
  /** Ledger postings of passing reviews: region, teacher, level, source_ref, hours, occurred_on, note. */
  postings: Row[];
}
