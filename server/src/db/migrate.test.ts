// Migrations merged out of order: a database that already ran a later migration (0012, 0013) must
// still get an earlier one merged after them (0011), which drizzle's migrator alone skips for good.
// On PGlite and PostgreSQL (whichever this run uses).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServerDatabase, serverDatabase } from '../../test/server-process.js';
import { type Database, migrate, migrationsFolder, openDatabase } from './client.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-migrations-'));
let server: ServerDatabase | undefined;
let database: Database | undefined;
afterAll(async () => {
  await database?.close();
  await server?.dispose();
  fs.rmSync(work, { recursive: true, force: true });
});

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

/** The migrations folder as it was before `tag` was merged: the file and its journal entry gone. */
function folderWithout(tag: string): string {
  const dir = path.join(work, `without-${tag}`);
  fs.cpSync(migrationsFolder, dir, { recursive: true });
  fs.rmSync(path.join(dir, `${tag}.sql`));
  const file = path.join(dir, 'meta/_journal.json');
  const journal = JSON.parse(fs.readFileSync(file, 'utf8')) as Journal;
  journal.entries = journal.entries.filter((e) => e.tag !== tag);
  fs.writeFileSync(file, JSON.stringify(journal, null, 2));
  return dir;
}

async function query<T>(db: Database, text: string): Promise<T[]> {
  if (db.kind === 'postgres') {
    const c = await db.pool!.connect();
    try {
      return (await c.query(text)).rows as T[];
    } finally {
      c.release();
    }
  }
  return (await db.pglite!.query<T>(text)).rows;
}

describe('migrations merged out of order', () => {
  it('runs an earlier migration that arrived after later ones had run, once', async () => {
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as Journal;
    const whens = journal.entries.map((e) => e.when);
    expect(whens).toEqual([...whens].sort((a, b) => a - b));
    const keyCheck = journal.entries.find((e) => e.tag === '0011_key_check')!;
    expect(whens.some((w) => w > keyCheck.when)).toBe(true); // 0012 and 0013 come after it

    server = await serverDatabase();
    database = server.databaseUrl
      ? await openDatabase({ databaseUrl: server.databaseUrl })
      : await openDatabase({ memory: true });
    const keyChecks = async () =>
      (await query<{ t: string | null }>(database!, `select to_regclass('public.key_checks')::text as t`))[0]!.t;
    const recorded = async () =>
      (await query<{ n: number }>(database!, 'select count(*)::int as n from drizzle.__drizzle_migrations'))[0]!.n;

    // A database migrated by the branch that had 0012 and 0013 but not yet 0011.
    await migrate(database, folderWithout(keyCheck.tag));
    expect(await keyChecks()).toBeNull();
    expect(await recorded()).toBe(journal.entries.length - 1);

    // After the merge: 0011 runs although 0013 is newer, and is recorded.
    await migrate(database);
    expect(await keyChecks()).toBe('key_checks');
    expect(await recorded()).toBe(journal.entries.length);

    // Once: migrating again changes nothing.
    await migrate(database);
    expect(await recorded()).toBe(journal.entries.length);
  });
});
