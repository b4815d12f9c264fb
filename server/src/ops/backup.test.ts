// Backup and restore, round trip through real servers: the database, an attachment's bytes and the
// encryption key all come back; the key is not in the archive unless asked for; a wrong or missing
// key and an occupied target are refused. On PGlite and PostgreSQL (whichever this run uses).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeIdNumber, TEST_SECRET } from '../../test/harness.js';
import { httpLogin, type ServerDatabase, serverDatabase, startServer } from '../../test/server-process.js';
import { createBackup, MANIFEST, type OpsEnv, restoreBackup } from './backup.js';
import { readTarGz } from './tar.js';

const disposables: ServerDatabase[] = [];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-backup-test-'));
afterAll(async () => {
  for (const d of disposables) await d.dispose();
  fs.rmSync(work, { recursive: true, force: true });
});

async function database(): Promise<ServerDatabase> {
  const d = await serverDatabase();
  disposables.push(d);
  return d;
}

const envOf = (d: ServerDatabase, secret?: string): OpsEnv => ({
  dataDir: d.dataDir,
  databaseUrl: d.databaseUrl,
  secret: secret ?? d.env.SHIXUN_SECRET,
  s3: false,
});

const PDF = Buffer.from('%PDF-1.4\n% 成果汇报\n%%EOF\n', 'utf8');

async function api<T>(url: string, cookie: string, method = 'GET', body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function entries(archive: string): Promise<string[]> {
  const names: string[] = [];
  await readTarGz(archive, async (name, stream) => {
    names.push(name);
    stream.resume();
    await new Promise((r) => stream.on('end', r));
  });
  return names;
}

describe('backup and restore', () => {
  /** The first test's database, stopped, with a teacher and an attachment. */
  let source: ServerDatabase;

  it('round trip: database, attachments and the key check; refusals for a wrong key and an occupied target', async () => {
    source = await database();
    const idNumber = makeIdNumber(777, '19880601', '510681');

    // A server with a teacher and an uploaded file.
    const first = await startServer(source.env);
    let teacherId: number;
    let attachmentId: number;
    try {
      const cookie = await httpLogin(first.url);
      const area = await api<{ id: number }>(`${first.url}/api/areas`, cookie, 'POST', { name: '城区学区' });
      const school = await api<{ id: number }>(`${first.url}/api/schools`, cookie, 'POST', {
        name: '实验小学',
        type: '直属小学',
        urbanRural: '城镇',
        areaId: area.id,
      });
      teacherId = (
        await api<{ id: number }>(`${first.url}/api/teachers`, cookie, 'POST', {
          name: '张三',
          idNumber,
          schoolId: school.id,
          stage: '小学',
          subject: '语文',
        })
      ).id;
      const form = new FormData();
      form.append('purpose', 'report_back');
      form.append('file', new Blob([PDF], { type: 'application/pdf' }), '成果汇报.pdf');
      const up = await fetch(`${first.url}/api/attachments`, { method: 'POST', headers: { cookie }, body: form });
      expect(up.status).toBe(200);
      attachmentId = ((await up.json()) as { id: number }).id;
      if (source.kind === 'pglite') {
        // The embedded database is copied as files: not while its server runs.
        await expect(createBackup({ env: envOf(source), out: path.join(work, 'x.tar.gz') })).rejects.toThrow(
          '服务器正在运行',
        );
        // Nor may a second server open it.
        const twin = await startServer(source.env);
        expect(await twin.exited).toBe(1);
        expect(twin.output()).toContain('正被另一个服务器进程');
      }
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const archive = path.join(work, 'backup.tar.gz');
    const manifest = await createBackup({ env: envOf(source), out: archive });
    expect(manifest).toMatchObject({
      database: source.kind,
      keyIncluded: false,
      attachments: 'included',
      counts: { teachers: 1, attachments: 1, attachmentFiles: 1 },
    });
    expect(manifest.keyCheck).toMatch(/^[\w-]{20,}$/);
    const names = await entries(archive);
    expect(names[0]).toBe(MANIFEST);
    expect(names.some((n) => n.startsWith('attachments/') && n.endsWith('.pdf'))).toBe(true);
    expect(names).not.toContain('secret.key');
    const archiveBytes = fs.readFileSync(archive);
    expect(archiveBytes.includes(Buffer.from(TEST_SECRET))).toBe(false);

    // Restoring needs the key the backup was made with.
    const target = await database();
    await expect(restoreBackup({ env: envOf(target, ''), archive })).rejects.toThrow('找不到密钥');
    await expect(
      restoreBackup({ env: envOf(target, 'another-secret-another-secret-another-0123'), archive }),
    ).rejects.toThrow('密钥与备份不符');
    const key =
      source.kind === 'pglite' ? fs.readFileSync(path.join(source.dataDir, 'secret.key'), 'utf8') : TEST_SECRET;
    if (target.kind === 'pglite') fs.writeFileSync(path.join(target.dataDir, 'secret.key'), key, { mode: 0o600 });
    const restored = await restoreBackup({ env: envOf(target, key), archive });
    expect(restored.counts).toEqual(manifest.counts);
    // A second restore onto the same target is refused without --force.
    await expect(restoreBackup({ env: envOf(target, key), archive })).rejects.toThrow('已有数据');

    // The restored server starts (its key check passes), decrypts the ID and serves the file.
    const second = await startServer(target.env);
    try {
      expect(second.output()).toContain('已启动');
      const cookie = await httpLogin(second.url);
      const detail = await api<{ idNumber?: string; name: string }>(
        `${second.url}/api/teachers/${teacherId}?reveal=true`,
        cookie,
      );
      expect(detail).toMatchObject({ name: '张三', idNumber });
      const file = await fetch(`${second.url}/api/attachments/${attachmentId}`, { headers: { cookie } });
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 300_000);

  it('the key goes into the archive only when asked, and is then restored with it', async () => {
    const key =
      source.kind === 'pglite' ? fs.readFileSync(path.join(source.dataDir, 'secret.key'), 'utf8') : TEST_SECRET;
    const archive = path.join(work, 'with-key.tar.gz');
    const manifest = await createBackup({ env: envOf(source, key), out: archive, includeKey: true });
    expect(manifest.keyIncluded).toBe(true);
    expect(await entries(archive)).toContain('secret.key');
    if (source.kind === 'pglite') {
      // Restored into an empty directory, no key given: the archive's key is written beside it.
      const target = await database();
      await restoreBackup({ env: envOf(target, ''), archive });
      expect(fs.readFileSync(path.join(target.dataDir, 'secret.key'), 'utf8')).toBe(key);
    }
  }, 300_000);
});
