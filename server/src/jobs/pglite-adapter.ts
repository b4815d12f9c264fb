// pg-boss talks to PostgreSQL through `executeSql(text, values)`. On PGlite, parameterised
// statements go through query(); parameterless text may hold several statements (pg-boss's
// migrations and locked blocks), which exec() runs, returning every statement's result as pg does.
import type { PGlite } from '@electric-sql/pglite';

export interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export function pgliteBossDb(pg: PGlite): BossDb {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) {
        const res = await pg.query(text, values);
        return { rows: res.rows };
      }
      const results = await pg.exec(text);
      if (results.length === 1) return { rows: results[0]!.rows };
      // Multi-statement: pg returns an array of results; keep the last rows on the object too.
      return Object.assign(
        results.map((r) => ({ rows: r.rows })),
        { rows: results.at(-1)?.rows ?? [] },
      );
    },
  };
}
