// Full backup and restore: the database (the embedded PGlite directory, or a pg_dump of PostgreSQL),
// the attachments directory, and a manifest with the key's check value — never the key itself
// unless asked, so a stolen archive does not decrypt the ID numbers. Restore puts everything back
// and refuses a key that does not match the archive. `npm run backup` / `npm run restore`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { keyCheckValue } from '../lib/key-check.js';
import { serverUsing } from '../lib/pid-file.js';
import { readTarGz, type TarFile, writeTarGz } from './tar.js';

export const MANIFEST = 'manifest.json';
const DUMP = 'database.dump';
const KEY_FILE = 'secret.key';

export interface Manifest {
  format: 'shixun-backup';
  version: 1;
  createdAt: string;
  database: 'pglite' | 'postgres';
  /** The database's key check value (key_checks), to verify the key at restore. */
  keyCheck: string | null;
  keyIncluded: boolean;
  /** Where the attachments were: in the archive, or in object storage (not in the archive). */
  attachments: 'included' | 's3';
  counts: { teachers: number; attachments: number; attachmentFiles: number };
}

/** What the commands need from the environment (the same variables the server reads). */
export interface OpsEnv {
  dataDir: string;
  databaseUrl?: string;
  /** SHIXUN_SECRET, else <data dir>/secret.key when present. */
  secret?: string;
  s3: boolean;
}

export function opsEnv(env: NodeJS.ProcessEnv = process.env): OpsEnv {
  const dataDir = path.resolve(env.SHIXUN_DATA_DIR || './data');
  const keyFile = path.join(dataDir, KEY_FILE);
  const secret = env.SHIXUN_SECRET || (fs.existsSync(keyFile) ? fs.readFileSync(keyFile, 'utf8').trim() : undefined);
  return {
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    secret: secret || undefined,
    s3: !!(env.SHIXUN_S3_ENDPOINT && env.SHIXUN_S3_BUCKET),
  };
}

export class OpsError extends Error {}

type Log = (line: string) => void;

/** pg_dump / pg_restore: SHIXUN_PG_BIN, else the newest /usr/lib/postgresql/<v>/bin, else PATH. */
function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const dirs = [process.env.SHIXUN_PG_BIN];
  const base = '/usr/lib/postgresql';
  if (fs.existsSync(base)) {
    for (const v of fs.readdirSync(base).sort((a, b) => Number(b) - Number(a))) dirs.push(path.join(base, v, 'bin'));
  }
  for (const d of dirs) if (d && fs.existsSync(path.join(d, name))) return path.join(d, name);
  return name;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', (e) =>
      reject(
        new OpsError(
          `无法运行 ${path.basename(cmd)}（需要 PostgreSQL 客户端工具，或设置 SHIXUN_PG_BIN）: ${e.message}`,
        ),
      ),
    );
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new OpsError(`${path.basename(cmd)} 失败 (exit ${code}):\n${err.trim()}`)),
    );
  });
}

/** Every file under dir, as paths relative to it, with forward slashes; directories too if asked. */
async function* walk(dir: string, rel = '', dirs = false): AsyncGenerator<{ rel: string; dir: boolean }> {
  let list: fs.Dirent[];
  try {
    list = await fs.promises.readdir(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const d of list.sort((a, b) => a.name.localeCompare(b.name))) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) {
      // PostgreSQL needs its empty directories (pg_tblspc, pg_twophase …) to start.
      if (dirs) yield { rel: r, dir: true };
      yield* walk(dir, r, dirs);
    } else if (d.isFile()) yield { rel: r, dir: false };
  }
}

const attachmentFiles = (dataDir: string) => {
  const root = path.join(dataDir, 'attachments');
  return (async function* () {
    for await (const { rel } of walk(root)) if (!rel.startsWith('tmp/')) yield rel;
  })();
};

interface DbFacts {
  keyCheck: string | null;
  teachers: number;
  attachments: number;
}

const FACTS_SQL = {
  key: `select check_value from key_checks where name = 'shixun-secret'`,
  counts: `select (select count(*)::int from teachers) as teachers, (select count(*)::int from attachments) as attachments`,
};

async function pgFacts(url: string): Promise<DbFacts> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => {});
  await c.connect();
  try {
    const key = await c.query<{ check_value: string }>(FACTS_SQL.key).catch(() => ({ rows: [] }));
    const n = await c.query<{ teachers: number; attachments: number }>(FACTS_SQL.counts);
    return { keyCheck: key.rows[0]?.check_value ?? null, ...n.rows[0]! };
  } finally {
    await c.end().catch(() => {});
  }
}

async function pgliteFacts(dir: string): Promise<DbFacts> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(dir);
  await db.waitReady;
  try {
    const key = await db.query<{ check_value: string }>(FACTS_SQL.key).catch(() => ({ rows: [] }));
    const n = await db.query<{ teachers: number; attachments: number }>(FACTS_SQL.counts);
    return { keyCheck: key.rows[0]?.check_value ?? null, ...n.rows[0]! };
  } finally {
    await db.close();
  }
}

function assertNoServer(dataDir: string) {
  const pid = serverUsing(dataDir);
  if (pid) {
    throw new OpsError(
      `服务器正在运行（PID ${pid}），内置数据库须先停止服务器再备份或恢复。\nThe server is running (PID ${pid}): stop it first.`,
    );
  }
}

/**
 * Writes a backup of the database and the attachments to `out` (a .tar.gz). PGlite: the server must
 * be stopped (the data directory is copied). PostgreSQL: taken while the server runs (pg_dump is a
 * consistent snapshot; files are copied after it, so every attachment it refers to is there).
 */
export async function createBackup(opts: {
  env: OpsEnv;
  out: string;
  includeKey?: boolean;
  log?: Log;
}): Promise<Manifest> {
  const { env } = opts;
  const log = opts.log ?? (() => {});
  if (opts.includeKey && !env.secret)
    throw new OpsError('找不到密钥（SHIXUN_SECRET 或数据目录中的 secret.key），无法把它放进备份');
  const kind = env.databaseUrl ? 'postgres' : 'pglite';
  const pgliteDir = path.join(env.dataDir, 'pglite');
  let facts: DbFacts;
  let dumpFile: string | null = null;
  if (kind === 'pglite') {
    if (!fs.existsSync(path.join(pgliteDir, 'PG_VERSION'))) throw new OpsError(`数据目录中没有数据库：${pgliteDir}`);
    assertNoServer(env.dataDir);
    facts = await pgliteFacts(pgliteDir);
  } else {
    facts = await pgFacts(env.databaseUrl!);
    dumpFile = path.join(await fs.promises.mkdtemp(path.join(os.tmpdir(), 'shixun-dump-')), DUMP);
    log('pg_dump …');
    await run(pgTool('pg_dump'), [
      '--format=custom',
      '--no-owner',
      '--no-privileges',
      '--file',
      dumpFile,
      env.databaseUrl!,
    ]);
  }
  if (env.secret && facts.keyCheck && keyCheckValue(env.secret) !== facts.keyCheck) {
    log('注意：当前密钥与数据库记录的不一致（服务器将无法用它启动）；备份记录的是数据库中的校验值。');
  }
  let fileCount = 0;
  for await (const _ of attachmentFiles(env.dataDir)) fileCount++;
  const manifest: Manifest = {
    format: 'shixun-backup',
    version: 1,
    createdAt: new Date().toISOString(),
    database: kind,
    keyCheck: facts.keyCheck,
    keyIncluded: !!opts.includeKey,
    attachments: env.s3 ? 's3' : 'included',
    counts: { teachers: facts.teachers, attachments: facts.attachments, attachmentFiles: env.s3 ? 0 : fileCount },
  };
  async function* files(): AsyncGenerator<TarFile> {
    yield { name: MANIFEST, source: { data: Buffer.from(JSON.stringify(manifest, null, 2)) } };
    if (dumpFile) yield { name: DUMP, source: { file: dumpFile } };
    else {
      yield { name: 'pglite', source: { dir: true } };
      for await (const { rel, dir } of walk(pgliteDir, '', true)) {
        yield { name: `pglite/${rel}`, source: dir ? { dir: true } : { file: path.join(pgliteDir, rel) } };
      }
    }
    if (!env.s3) {
      const root = path.join(env.dataDir, 'attachments');
      for await (const rel of attachmentFiles(env.dataDir)) {
        yield { name: `attachments/${rel}`, source: { file: path.join(root, rel) } };
      }
    }
    if (opts.includeKey) yield { name: KEY_FILE, source: { data: Buffer.from(env.secret!) } };
  }
  try {
    await writeTarGz(opts.out, files());
  } finally {
    if (dumpFile) await fs.promises.rm(path.dirname(dumpFile), { recursive: true, force: true });
  }
  return manifest;
}

/**
 * Restores an archive into the configured data directory / database. Refuses: a key that does not
 * match the archive, a running embedded server, and (without `force`) a target that already holds
 * data — with `force`, the old database directory and attachments are kept beside the new ones.
 */
export async function restoreBackup(opts: {
  env: OpsEnv;
  archive: string;
  force?: boolean;
  log?: Log;
}): Promise<Manifest> {
  const { env } = opts;
  const log = opts.log ?? (() => {});
  await fs.promises.mkdir(env.dataDir, { recursive: true });
  const staging = await fs.promises.mkdtemp(path.join(env.dataDir, '.restore-'));
  try {
    await readTarGz(
      opts.archive,
      async (name, stream) => {
        const dest = path.join(staging, name);
        await fs.promises.mkdir(path.dirname(dest), { recursive: true });
        await pipeline(stream, fs.createWriteStream(dest, { mode: 0o600 }));
      },
      async (name) => {
        await fs.promises.mkdir(path.join(staging, name), { recursive: true, mode: 0o700 });
      },
    );
    const manifestFile = path.join(staging, MANIFEST);
    if (!fs.existsSync(manifestFile)) throw new OpsError('这不是师训的备份文件（缺少 manifest.json）');
    const manifest = JSON.parse(await fs.promises.readFile(manifestFile, 'utf8')) as Manifest;
    if (manifest.format !== 'shixun-backup' || manifest.version !== 1) throw new OpsError('无法识别的备份格式');

    // The key: from the archive when it holds one, else the one the server will use.
    const archivedKey = fs.existsSync(path.join(staging, KEY_FILE))
      ? (await fs.promises.readFile(path.join(staging, KEY_FILE), 'utf8')).trim()
      : undefined;
    const key = archivedKey ?? env.secret;
    if (!key) {
      throw new OpsError(
        '找不到密钥：请把原来的 secret.key 放进数据目录，或设置 SHIXUN_SECRET 为原来的值，再恢复。\n' +
          'No key: put the original secret.key into the data directory or set SHIXUN_SECRET, then restore.',
      );
    }
    if (manifest.keyCheck && keyCheckValue(key) !== manifest.keyCheck) {
      throw new OpsError(
        '密钥与备份不符：用这个密钥无法解密备份中的身份证号。请使用备份时的 secret.key 或 SHIXUN_SECRET。\n' +
          'The key does not match the backup: use the secret.key / SHIXUN_SECRET the backup was made with.',
      );
    }
    if (archivedKey && env.secret && archivedKey !== env.secret) {
      throw new OpsError('备份中的密钥与当前配置的密钥（SHIXUN_SECRET 或 secret.key）不同，请先去掉其中一个。');
    }

    const kind = env.databaseUrl ? 'postgres' : 'pglite';
    if (manifest.database !== kind) {
      throw new OpsError(
        manifest.database === 'pglite'
          ? '这是内置数据库（PGlite）的备份，只能恢复到内置数据库（不设置 DATABASE_URL）。'
          : '这是 PostgreSQL 的备份，请设置 DATABASE_URL 指向要恢复到的数据库。',
      );
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const setAside = async (dir: string) => {
      const target = path.join(env.dataDir, dir);
      if (!fs.existsSync(target)) return;
      if (!opts.force) {
        throw new OpsError(
          `目标中已有数据（${target}）。确认要用备份替换时加 --force（原数据会保留为 ${dir}.before-restore-…）。`,
        );
      }
      await fs.promises.rename(target, `${target}.before-restore-${stamp}`);
      log(`原有的 ${dir} 已保留为 ${dir}.before-restore-${stamp}`);
    };

    if (kind === 'pglite') {
      assertNoServer(env.dataDir);
      await setAside('pglite');
      if (manifest.attachments === 'included') await setAside('attachments');
      await fs.promises.rename(path.join(staging, 'pglite'), path.join(env.dataDir, 'pglite'));
    } else {
      const c = new pg.Client({ connectionString: env.databaseUrl });
      c.on('error', () => {});
      await c.connect();
      const tables = await c
        .query<{ n: number }>(`select count(*)::int as n from pg_tables where schemaname = 'public'`)
        .finally(() => c.end().catch(() => {}));
      if (tables.rows[0]!.n > 0 && !opts.force) {
        throw new OpsError('目标数据库中已有数据表。确认要用备份替换时加 --force。');
      }
      if (manifest.attachments === 'included') await setAside('attachments');
      log('pg_restore …');
      await run(pgTool('pg_restore'), [
        '--clean',
        '--if-exists',
        '--no-owner',
        '--no-privileges',
        '--dbname',
        env.databaseUrl!,
        path.join(staging, DUMP),
      ]);
    }
    if (manifest.attachments === 'included' && fs.existsSync(path.join(staging, 'attachments'))) {
      await fs.promises.rename(path.join(staging, 'attachments'), path.join(env.dataDir, 'attachments'));
    }
    if (archivedKey && !env.secret) {
      await fs.promises.writeFile(path.join(env.dataDir, KEY_FILE), archivedKey, { mode: 0o600 });
    }

    const facts =
      kind === 'pglite' ? await pgliteFacts(path.join(env.dataDir, 'pglite')) : await pgFacts(env.databaseUrl!);
    if (facts.teachers !== manifest.counts.teachers || facts.attachments !== manifest.counts.attachments) {
      throw new OpsError(
        `恢复后的数据与备份记录不一致：教师 ${facts.teachers}/${manifest.counts.teachers}，附件 ${facts.attachments}/${manifest.counts.attachments}`,
      );
    }
    return manifest;
  } finally {
    await fs.promises.rm(staging, { recursive: true, force: true });
  }
}
