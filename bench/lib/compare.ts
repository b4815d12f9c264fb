// Product against baseline in the same run: timing helpers, bare SQL through the raw driver (no
// app, no ORM), and the report every issue-16 bench prints — product figure, baseline figure and
// their ratio — also appended as JSON lines to $BENCH_RESULTS, which `npm run bench` sums up.
import fs from 'node:fs';
import os from 'node:os';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from '../../server/src/db/client.js';

const dialect = new PgDialect();

/** A drizzle SQL object as text and parameters, to run on the raw driver. */
export function toQuery(query: SQL): { sql: string; params: unknown[] } {
  const q = dialect.sqlToQuery(query);
  return { sql: q.sql, params: q.params };
}

/** Runs statements on the raw driver (node-postgres pool or PGlite): the bare-SQL baseline. */
export function bareRunner(database: Database) {
  if (database.kind === 'postgres') {
    const pool = database.pool!;
    return async (q: { sql: string; params: unknown[] }) => (await pool.query(q.sql, q.params as unknown[])).rows;
  }
  const pglite = database.pglite!;
  return async (q: { sql: string; params: unknown[] }) => (await pglite.query(q.sql, q.params as unknown[])).rows;
}

/** Median and 95th percentile of `n` runs after `warm` warm-up runs, in ms. */
export async function timeIt(
  n: number,
  fn: () => Promise<unknown>,
  warm = 2,
): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < warm; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)]!,
    p95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!,
  };
}

/**
 * Alternates product and baseline run by run (so a burst of load on the shared machine hits both),
 * and returns the medians of each.
 */
export async function timePair(
  n: number,
  product: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  warm = 2,
): Promise<{ product: number; baseline: number }> {
  for (let i = 0; i < warm; i++) {
    await product();
    await baseline();
  }
  const p: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < n; i++) {
    let t = performance.now();
    await product();
    p.push(performance.now() - t);
    t = performance.now();
    await baseline();
    b.push(performance.now() - t);
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return { product: median(p), baseline: median(b) };
}

export interface Comparison {
  /** Issue-16 item: 'item 2', 'item 3' … */
  item: string;
  what: string;
  db: string;
  product: number;
  baseline: number;
  unit: 'ms' | 'req/s' | 's';
  /** What the baseline is, in words. */
  against: string;
  note?: string;
}

/** product ÷ baseline (for req/s: the product's share of the baseline's throughput). */
export const ratioOf = (c: Pick<Comparison, 'product' | 'baseline'>) => c.product / c.baseline;

const show = (v: number, unit: Comparison['unit']) =>
  unit === 'req/s'
    ? `${Math.round(v).toLocaleString('en')} req/s`
    : unit === 's'
      ? `${v.toFixed(1)} s`
      : `${v.toFixed(1)} ms`;

export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
}

/** Display width: CJK characters take two columns in a terminal. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]/.test(ch) ? 2 : 1;
  return w;
}

/** A table with text columns left-aligned and the figures (product, baseline, ratio) right-aligned. */
export function comparisonTable(list: Comparison[]): string {
  const cells = [
    ['item', 'what', 'db', 'product', 'baseline', 'ratio', 'baseline is'],
    ...list.map((c) => [
      c.item,
      c.what,
      c.db,
      show(c.product, c.unit),
      show(c.baseline, c.unit),
      c.unit === 'req/s' ? `${Math.round(ratioOf(c) * 100)}%` : `${ratioOf(c).toFixed(2)}×`,
      c.against,
    ]),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => width(r[i]!))));
  const line = (r: string[]) =>
    r
      .map((c, i) => {
        const fill = ' '.repeat(widths[i]! - width(c));
        return i >= 3 && i <= 5 ? fill + c : i === r.length - 1 ? c : c + fill;
      })
      .join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Prints the comparisons as a table and appends them to $BENCH_RESULTS (JSON lines). */
export function report(title: string, list: Comparison[]) {
  console.log(`\n${title} — load average ${loadAverage()} (1/5/15 min), ${os.cpus().length} cores\n`);
  console.log(comparisonTable(list));
  console.log('');
  const file = process.env.BENCH_RESULTS;
  if (file) for (const c of list) fs.appendFileSync(file, `${JSON.stringify({ ...c, load: loadAverage() })}\n`);
}

/** `--name=value` from the command line. */
export const arg = (name: string, def: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def;
