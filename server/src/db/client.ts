// One database handle for the whole server: embedded PGlite by default, PostgreSQL when
// DATABASE_URL is set. Both speak the same SQL and run the same migrations.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema.js';

// biome-ignore lint/suspicious/noExplicitAny: both drivers' databases share this shape.
export type Db = PgDatabase<PgQueryResultHKT & any, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that runs queries: the database or an open transaction. */
export type Exec = Db | Tx;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Reports may read from a replica; equals db when none is configured. */
  read: Db;
  close(): Promise<void>;
  /** The underlying pg pool (PostgreSQL only), e.g. for COPY. */
  pool?: pg.Pool;
  pglite?: PGlite;
}

// int8/numeric come back as strings from node-postgres; we cast counts to ::int in SQL,
// and parse bigint ids here so both drivers hand out numbers.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v); // date stays 'YYYY-MM-DD'

/** Where a lost connection is reported; the default writes one line to stderr. */
export type ConnectionErrorLog = (err: Error, where: string) => void;

const defaultConnectionErrorLog: ConnectionErrorLog = (err, where) => {
  console.error(`数据库连接中断 (database connection lost, ${where}): ${err.message}`);
};

/**
 * A pool whose connections may drop at any time (PostgreSQL restarted, failed over, a database
 * dropped) without taking the process down. node-postgres emits 'error' on a pool for an idle
 * connection and on a client for a checked-out one between queries (a transaction, a COPY);
 * unheard, either is an uncaught exception. Heard, the broken connection is discarded, the query
 * that was using it fails (the request answers an error), and the next query opens a new one.
 */
export function resilientPool(config: pg.PoolConfig, where: string, log = defaultConnectionErrorLog): pg.Pool {
  const pool = new pg.Pool(config);
  const reported = new WeakSet<pg.ClientBase>();
  const report = (err: Error, client: pg.ClientBase) => {
    if (reported.has(client)) return; // one line per lost connection
    reported.add(client);
    log(err, where);
  };
  pool.on('error', report);
  pool.on('connect', (client) => {
    client.on('error', (err) => report(err, client));
  });
  return pool;
}

/**
 * Ends a pool and waits until every connection is really closed. pool.end() resolves as soon as it
 * has asked its connections to close; a database dropped right after (tests) or a process that
 * exits would then cut connections still saying goodbye.
 */
export async function closePool(pool: pg.Pool, timeoutMs = 5000): Promise<void> {
  const open = pool.totalCount;
  let removed = 0;
  const closed = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool.on('remove', () => {
      if (++removed >= open) resolve();
    });
  });
  await pool.end();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}

export async function openDatabase(opts: {
  databaseUrl?: string;
  databaseReadUrl?: string;
  dataDir?: string;
  /** In-memory PGlite (tests). */
  memory?: boolean;
  /** Reports connections lost (PostgreSQL). */
  onConnectionError?: ConnectionErrorLog;
}): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = resilientPool({ connectionString: opts.databaseUrl, max: 10 }, 'primary', opts.onConnectionError);
    const db = drizzleNodePg(pool, { schema }) as unknown as Db;
    let read = db;
    let readPool: pg.Pool | undefined;
    if (opts.databaseReadUrl) {
      readPool = resilientPool({ connectionString: opts.databaseReadUrl, max: 10 }, 'replica', opts.onConnectionError);
      read = drizzleNodePg(readPool, { schema }) as unknown as Db;
    }
    return {
      kind: 'postgres',
      db,
      read,
      pool,
      async close() {
        await Promise.all([closePool(pool), readPool && closePool(readPool)]);
      },
    };
  }
  let client: PGlite;
  if (opts.memory) {
    client = new PGlite();
  } else {
    const dir = path.resolve(opts.dataDir ?? './data', 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    client = new PGlite(dir);
  }
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return { kind: 'pglite', db, read: db, pglite: client, close: () => client.close() };
}

/** Runs raw SQL and returns its rows, typed by the caller. */
export async function rows<T>(exec: Exec, query: SQL): Promise<T[]> {
  const res = (await exec.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

export async function one<T>(exec: Exec, query: SQL): Promise<T | undefined> {
  return (await rows<T>(exec, query))[0];
}

export const migrationsFolder = (() => {
  // Works from src/db (tsx, vitest) and from dist (bundled: migrations copied beside main.js).
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.join(here, 'migrations'), path.join(here, 'db', 'migrations')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return path.join(here, 'migrations');
})();

/** Applies pending migrations, holding an advisory lock so concurrent instances take turns. */
export async function migrate(database: Database, folder = migrationsFolder): Promise<void> {
  if (database.kind === 'postgres') {
    const { migrate: run } = await import('drizzle-orm/node-postgres/migrator');
    const client = await database.pool!.connect();
    try {
      await client.query('select pg_advisory_lock(727001)');
      await run(drizzleNodePg(client, { schema }), { migrationsFolder: folder });
      await applySkipped(folder, {
        query: async (text, params) => (await client.query(text, params)).rows,
        exec: (text) => client.query(text),
      });
    } finally {
      await client.query('select pg_advisory_unlock(727001)').catch(() => {});
      client.release();
    }
  } else {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    const pglite = database.pglite!;
    await run(drizzlePglite(pglite, { schema }), { migrationsFolder: folder });
    await applySkipped(folder, {
      query: async (text, params) => (await pglite.query(text, params)).rows,
      exec: (text) => pglite.exec(text),
    });
  }
}

/**
 * Migrations the journal lists that the database never ran although a later one ran. drizzle's
 * migrator applies only entries newer than the last one applied, so a migration merged after a
 * higher-numbered one (0011 from one branch after 0012 and 0013 from others) would be skipped for
 * good on every database that already had the later ones. They run here, in journal order, each in
 * its own transaction, and are recorded as drizzle records them. An entry counts as applied when a
 * row carries its `when` (not its hash: a reformatted old file must not run again).
 */
async function applySkipped(
  folder: string,
  conn: {
    query: (text: string, params?: unknown[]) => Promise<unknown[]>;
    exec: (text: string) => Promise<unknown>;
  },
) {
  const { readMigrationFiles } = await import('drizzle-orm/migrator');
  const done = (await conn.query('select created_at from drizzle.__drizzle_migrations')) as { created_at: unknown }[];
  const applied = new Set(done.map((r) => Number(r.created_at)));
  for (const m of readMigrationFiles({ migrationsFolder: folder })) {
    if (applied.has(m.folderMillis)) continue;
    await conn.exec('begin');
    try {
      for (const statement of m.sql) if (statement.trim()) await conn.exec(statement);
      await conn.query('insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)', [
        m.hash,
        m.folderMillis,
      ]);
      await conn.exec('commit');
    } catch (err) {
      await conn.exec('rollback').catch(() => {});
      throw err;
    }
  }
}

export { sql };

/**
 * Binds integers as ONE `int[]` parameter (drizzle would expand a JS array into `($1, $2, …)`).
 * Use as `= any(${intArray(ids)})` or `unnest(${intArray(ids)})`.
 */
export function intArray(values: readonly number[]): SQL {
  for (const v of values) if (!Number.isInteger(v)) throw new TypeError(`not an integer: ${v}`);
  return sql`${`{${values.join(',')}}`}::int[]`;
}

/** Binds strings as ONE `text[]` parameter (quoted as a Postgres array literal; null → NULL). */
export function textArray(values: readonly (string | null)[]): SQL {
  const literal = values
    .map((v) => (v === null ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`))
    .join(',');
  return sql`${`{${literal}}`}::text[]`;
}
