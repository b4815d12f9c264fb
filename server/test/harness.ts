// Test harness: a real database per test file — in-memory PGlite, or a fresh database on the
// PostgreSQL server named by SHIXUN_TEST_PG (scripts/test.mjs starts a throwaway cluster).
import { randomBytes } from 'node:crypto';
import { idCheckChar, maskIdNumber } from '@shixun/common';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import type { Config } from '../src/config.js';
import { type Database, migrate, one, openDatabase } from '../src/db/client.js';
import { areas, consortia, regions, schools, teachers, users } from '../src/db/schema.js';
import type { App, Deps } from '../src/deps.js';
import { createIdCipher } from '../src/lib/crypto.js';
import { hashPassword } from '../src/lib/password.js';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';
export const dbKind = (): 'pglite' | 'postgres' => (process.env.SHIXUN_TEST_PG ? 'postgres' : 'pglite');

export function testConfig(over: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: undefined,
    databaseReadUrl: undefined,
    dataDir: '/tmp/shixun-test',
    secret: TEST_SECRET,
    demo: false,
    adminPassword: 'Admin12345',
    regionName: '测试县',
    cookieSecure: false,
    trustProxy: false,
    logLevel: 'silent',
    sessionHours: 12,
    maxUploadBytes: 20 * 1024 * 1024,
    ...over,
  };
}

/**
 * PGlite: creating an instance (initdb in WASM) costs ~4 s of CPU, more than most test files. Each
 * worker process (vitest runs files with `isolate: false`) keeps one migrated instance and empties
 * it between files: every table truncated, identities restarted — the same as a fresh database.
 */
let spare: Database | null = null;

async function emptied(database: Database): Promise<Database> {
  const tables = await database.pglite!.query<{ name: string }>(
    `select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`,
  );
  if (tables.rows.length) {
    await database.pglite!.exec(`truncate ${tables.rows.map((t) => t.name).join(', ')} restart identity cascade`);
  }
  return database;
}

async function pgliteDatabase(): Promise<Database & { dispose(): Promise<void> }> {
  let database: Database;
  if (spare) {
    database = await emptied(spare);
    spare = null;
  } else {
    database = await openDatabase({ memory: true });
    await migrate(database);
  }
  return {
    ...database,
    async dispose() {
      if (spare) await database.close();
      else spare = database;
    },
  };
}

/** Opens a fresh, migrated database of the kind this run tests. */
export async function freshDatabase(): Promise<Database & { dispose(): Promise<void> }> {
  const base = process.env.SHIXUN_TEST_PG;
  if (!base) return pgliteDatabase();
  const name = `shixun_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  await migrate(database);
  return {
    ...database,
    async dispose() {
      await database.close();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      // pg's pool.end() resolves before its clients' sockets have closed; dropping `with (force)`
      // right away kills those backends, and the dying clients throw an uncaught 57P01 into
      // whichever test file runs next. Wait (briefly) until they are gone.
      for (let i = 0; i < 100; i++) {
        const { rows } = await c.query<{ n: number }>(
          'select count(*)::int as n from pg_stat_activity where datname = $1',
          [name],
        );
        if (rows[0]!.n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestContext {
  app: App;
  deps: Deps;
  close(): Promise<void>;
}

export async function createTestApp(configOver: Partial<Config> = {}): Promise<TestContext> {
  const database = await freshDatabase();
  const config = testConfig(configOver);
  const deps: Deps = { database, db: database.db, read: database.read, config, cipher: createIdCipher(config.secret) };
  const app = await buildApp(deps, { webDist: null });
  await app.ready();
  return {
    app,
    deps,
    async close() {
      await app.close();
      await database.dispose();
    },
  };
}

/** Logs in and returns the cookie header to send with later requests. */
export async function loginAs(app: App, username: string, password = 'Passw0rd!'): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === 'shixun_sid');
  return `shixun_sid=${c!.value}`;
}

// ---------- factories ----------

let seq = 0;
const next = () => ++seq;

/** A valid 18-digit ID number, deterministic per n. */
export function makeIdNumber(n: number, birth = '19850315', region = '510683'): string {
  const first17 = `${region}${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

let passwordHash: string | undefined;
const pw = async () => (passwordHash ??= await hashPassword('Passw0rd!'));

export interface World {
  regionId: number;
  areaA: number;
  areaB: number;
  consortium: number;
  schoolA: number;
  schoolB: number;
  schoolC: number;
  teacherA: number;
  teacherB: number;
  /** Full ID numbers of teacherA and teacherB. */
  idNumbers: [string, string];
  users: Record<'county' | 'leader' | 'areaA' | 'consA' | 'schoolA' | 'schoolB' | 'teacherA', string>;
}

/**
 * A small county: two areas; schools A and B in area A (B is the core school of the consortium
 * with C), C in area B; one teacher in A and one in B; one account per role. Password: Passw0rd!
 */
export async function seedWorld(deps: Deps, regionName = '测试县'): Promise<World> {
  const db = deps.db;
  const hash = await pw();
  const n = next();
  const [region] = await db.insert(regions).values({ name: regionName }).returning();
  const regionId = region!.id;
  const [areaA, areaB] = await db
    .insert(areas)
    .values([
      { regionId, name: `城区学区${n}` },
      { regionId, name: `乡镇学区${n}` },
    ])
    .returning();
  const [cons] = await db
    .insert(consortia)
    .values({ regionId, name: `第一教联体${n}` })
    .returning();
  const [sA, sB, sC] = await db
    .insert(schools)
    .values([
      { regionId, areaId: areaA!.id, name: `实验小学${n}`, type: '小学', affiliation: '直属', urbanRural: '城镇' },
      { regionId, areaId: areaA!.id, consortiumId: cons!.id, name: `城关中学${n}`, type: '初中', urbanRural: '城镇' },
      {
        regionId,
        areaId: areaB!.id,
        consortiumId: cons!.id,
        name: `乡村小学${n}`,
        type: '小学',
        affiliation: '镇乡',
        urbanRural: '乡村',
      },
    ])
    .returning();
  await db.execute(sql`update consortia set core_school_id = ${sB!.id} where id = ${cons!.id}`);
  const mk = (i: number, schoolId: number, name: string) => {
    const idn = makeIdNumber(n * 10 + i);
    return {
      regionId,
      schoolId,
      name,
      gender: '男',
      idEnc: deps.cipher.encrypt(idn),
      idHash: deps.cipher.hash(idn),
      idMasked: maskIdNumber(idn),
      birthYear: 1985,
      phone: `1380000${String(n).padStart(2, '0')}${String(i).padStart(2, '0')}`.slice(0, 11),
      stage: '小学',
      subject: '语文',
      title: '一级教师',
      degree: '本科',
      hireDate: '2008-09-01',
    };
  };
  const [tA, tB] = await db
    .insert(teachers)
    .values([mk(1, sA!.id, '张三'), mk(2, sB!.id, '李四')])
    .returning();
  const u = (username: string, role: string, extra: Partial<typeof users.$inferInsert> = {}) => ({
    regionId,
    username: `${username}${n}`,
    displayName: username,
    role,
    passwordHash: hash,
    ...extra,
  });
  await db
    .insert(users)
    .values([
      u('county', 'county_admin'),
      u('leader', 'leader'),
      u('areaA', 'area_admin', { areaId: areaA!.id }),
      u('consA', 'area_admin', { consortiumId: cons!.id }),
      u('schoolA', 'school_admin', { schoolId: sA!.id }),
      u('schoolB', 'school_admin', { schoolId: sB!.id }),
      u('teacherA', 'teacher', { teacherId: tA!.id, schoolId: sA!.id }),
    ]);
  const names = ['county', 'leader', 'areaA', 'consA', 'schoolA', 'schoolB', 'teacherA'] as const;
  return {
    regionId,
    areaA: areaA!.id,
    areaB: areaB!.id,
    consortium: cons!.id,
    schoolA: sA!.id,
    schoolB: sB!.id,
    schoolC: sC!.id,
    teacherA: tA!.id,
    teacherB: tB!.id,
    idNumbers: [makeIdNumber(n * 10 + 1), makeIdNumber(n * 10 + 2)],
    users: Object.fromEntries(names.map((k) => [k, `${k}${n}`])) as World['users'],
  };
}

export async function count(deps: Deps, table: string, where = 'true'): Promise<number> {
  const r = await one<{ n: number }>(deps.db, sql.raw(`select count(*)::int as n from ${table} where ${where}`));
  return r?.n ?? 0;
}
