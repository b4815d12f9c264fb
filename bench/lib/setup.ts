// Shared set-up for the benchmarks: a fresh database of either kind (PGlite in a temp directory, as
// in production, or a new database on the PostgreSQL server in BENCH_PG_URL), migrated and seeded
// with the demo county.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../../server/src/app.js';
import type { Config } from '../../server/src/config.js';
import { migrate, one, openDatabase } from '../../server/src/db/client.js';
import { seedDemo } from '../../server/src/db/seed/demo.js';
import type { App, Deps } from '../../server/src/deps.js';
import { loadCurrentUser } from '../../server/src/http/auth.js';
import type { Actor } from '../../server/src/http/context.js';
import { createIdCipher } from '../../server/src/lib/crypto.js';

export type DbKind = 'pglite' | 'postgres';
export const SECRET = 'bench-secret-bench-secret-bench-secret-0123';

export function benchConfig(dataDir: string): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: undefined,
    databaseReadUrl: undefined,
    dataDir,
    secret: SECRET,
    demo: true,
    adminPassword: undefined,
    regionName: '示范县',
    cookieSecure: false,
    trustProxy: false,
    logLevel: 'silent',
    sessionHours: 12,
    maxUploadBytes: 200 * 1024 * 1024,
  };
}

export interface Bench {
  kind: DbKind;
  deps: Deps;
  /** The demo county's admin, as the import functions take it. */
  county: Actor;
  regionId: number;
  close(): Promise<void>;
}

export async function openBench(kind: DbKind): Promise<Bench> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-bench-'));
  let dropDatabase = async () => {};
  let database: Awaited<ReturnType<typeof openDatabase>>;
  if (kind === 'postgres') {
    const base = process.env.BENCH_PG_URL;
    if (!base) throw new Error('BENCH_PG_URL is not set (scripts/bench.mjs starts a throwaway cluster)');
    const name = `shixun_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    database = await openDatabase({ databaseUrl: url.toString() });
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    database = await openDatabase({ dataDir });
  }
  await migrate(database);
  const config = benchConfig(dataDir);
  const deps: Deps = { database, db: database.db, read: database.read, config, cipher: createIdCipher(SECRET) };
  await seedDemo(deps, { regionName: config.regionName, history: false }); // the bare county: figures stay comparable
  const admin = await one<{ id: number; region_id: number }>(
    deps.db,
    sql`select id, region_id from users where username = 'county'`,
  );
  const user = await loadCurrentUser(deps.db, admin!.id);
  return {
    kind,
    deps,
    county: { user, ip: '127.0.0.1', userAgent: 'bench' },
    regionId: admin!.region_id,
    async close() {
      await database.close();
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The HTTP app on the bench database (no web assets), for timing requests end to end. */
export async function benchApp(deps: Deps): Promise<App> {
  const app = await buildApp(deps, { webDist: null });
  await app.ready();
  return app;
}

export async function loginCookie(app: App, username: string, password = 'Shixun2026'): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === 'shixun_sid');
  return `shixun_sid=${c!.value}`;
}
