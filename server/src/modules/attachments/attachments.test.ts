import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { one } from '../../db/client.js';
import { createStorage } from '../../lib/storage.js';
import { actorFor, samplePdf, samplePng, upload } from './attachments.fixtures.js';
import { storageOf } from './attachments.routes.js';
import {
  attachmentsOf,
  linkAttachments,
  registerAttachmentOwner,
  removeStaleUploads,
  replaceAttachments,
} from './attachments.service.js';
import { contentDisposition, detectFileType } from './file-type.js';

// A test owner kind: the owner id is a school id; readable by the county and that school's admin.
registerAttachmentOwner('test_school_file', async (_exec, user, ownerId) =>
  user.role === 'county_admin' ? true : user.role === 'school_admin' && user.schoolId === ownerId,
);

let t: TestContext;
let w: World;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-att-'));
beforeAll(async () => {
  t = await createTestApp({ dataDir, maxUploadBytes: 1024 * 1024 });
  w = await seedWorld(t.deps);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const get = (url: string, cookie: string) => t.app.inject({ url, headers: { cookie } });

describe('file type and names', () => {
  it('recognises files by magic bytes and extension together', () => {
    expect(detectFileType('a.pdf', samplePdf())).toMatchObject({ ok: true, mime: 'application/pdf' });
    expect(detectFileType('a.PNG', samplePng())).toMatchObject({ ok: true, kind: 'image' });
    expect(detectFileType('a.pdf', Buffer.from('MZ\x90\x00'))).toMatchObject({ ok: false });
    expect(detectFileType('a.exe', Buffer.from('MZ'))).toMatchObject({ ok: false, reason: '不支持的文件类型（.exe）' });
  });
  it('writes an RFC 5987 Content-Disposition with an ASCII fallback', () => {
    expect(contentDisposition('培训 通知(1).pdf', false)).toBe(
      `attachment; filename="__ __(1).pdf"; filename*=UTF-8''%E5%9F%B9%E8%AE%AD%20%E9%80%9A%E7%9F%A5%281%29.pdf`,
    );
  });
});

describe('upload and download', () => {
  it('stores a PDF with its sha256 and serves it back to the uploader with the Chinese name', async () => {
    const teacher = await loginAs(t.app, w.users.teacherA);
    const pdf = samplePdf('汇报');
    const res = await upload(t, teacher, 'report_back', '成果汇报课件.pdf', pdf);
    expect(res.statusCode).toBe(200);
    const dto = res.json() as { id: number; filename: string; mime: string; size: number };
    expect(dto).toMatchObject({ filename: '成果汇报课件.pdf', mime: 'application/pdf', size: pdf.length });
    const row = await one<{ sha256: string; owner_kind: string | null }>(
      t.deps.db,
      sql`select sha256, owner_kind from attachments where id = ${dto.id}`,
    );
    expect(row).toEqual({ sha256: createHash('sha256').update(pdf).digest('hex'), owner_kind: null });
    const dl = await get(`/api/attachments/${dto.id}`, teacher);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(pdf)).toBe(true);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-disposition']).toContain(
      `attachment; filename*=UTF-8''${encodeURIComponent('成果汇报课件.pdf')}`.replace('attachment; ', ''),
    );
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    const inline = await get(`/api/attachments/${dto.id}?inline=1`, teacher);
    expect(inline.headers['content-disposition']).toMatch(/^inline;/);
    // Unlinked uploads are the uploader's alone, even for the county.
    for (const other of [w.users.schoolA, w.users.county]) {
      expect((await get(`/api/attachments/${dto.id}`, await loginAs(t.app, other))).statusCode).toBe(404);
    }
  });

  it('refuses unsupported types, renamed files, wrong kinds for the purpose, empty and missing files', async () => {
    const teacher = await loginAs(t.app, w.users.teacherA);
    const exe = await upload(t, teacher, 'report_back', '工具.exe', Buffer.from('MZ\x90\x00rest'));
    expect(exe.statusCode).toBe(400);
    expect(exe.json()).toMatchObject({
      error: { code: 'FILE_INVALID', message: '文件「工具.exe」无法上传：不支持的文件类型（.exe）' },
    });
    const fake = await upload(t, teacher, 'report_back', '假的.pdf', 'just text');
    expect((fake.json() as { error: { message: string } }).error.message).toContain('文件内容与扩展名 .pdf 不符');
    const xlsx = await upload(t, teacher, 'expense', '明细.xlsx', Buffer.from('PK\x03\x04xxxxxxxxxxxx', 'latin1'));
    expect(xlsx.statusCode).toBe(400);
    expect((xlsx.json() as { error: { message: string } }).error.message).toBe(
      '支出票据只接受PDF、图片（jpg/png/gif/webp），「明细.xlsx」不在其列',
    );
    const empty = await upload(t, teacher, 'report_back', '空.pdf', Buffer.alloc(0));
    expect((empty.json() as { error: { message: string } }).error.message).toBe('文件「空.pdf」是空文件');
    const noPurpose = await t.app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: { cookie: teacher, 'content-type': 'application/json' },
      payload: {},
    });
    expect(noPurpose.statusCode).toBe(400);
    const n = await one<{ n: number }>(t.deps.db, sql`select count(*)::int as n from attachments where size = 0`);
    expect(n?.n).toBe(0);
  });

  it('refuses files over the limit with the purpose in the message and keeps nothing', async () => {
    const teacher = await loginAs(t.app, w.users.teacherA);
    const before = fs.readdirSync(path.join(dataDir, 'attachments', 'tmp')).length;
    const big = Buffer.concat([samplePdf(), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const res = await upload(t, teacher, 'claim', '发票.pdf', big);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({
      error: { code: 'FILE_TOO_LARGE', message: '文件超过了报销票据的大小上限 1 MB' },
    });
    expect(fs.readdirSync(path.join(dataDir, 'attachments', 'tmp')).length).toBe(before);
  });

  it('does not let a leader upload', async () => {
    const leader = await loginAs(t.app, w.users.leader);
    expect((await upload(t, leader, 'notice', 'a.pdf', samplePdf())).statusCode).toBe(403);
  });
});

describe('linking and access through the owner', () => {
  it('links own uploads idempotently, refuses others, and serves files to those who may read the owner', async () => {
    const cookieA = await loginAs(t.app, w.users.schoolA);
    const a1 = (await upload(t, cookieA, 'test_school_file', '甲.pdf', samplePdf('a1'))).json() as { id: number };
    const a2 = (await upload(t, cookieA, 'test_school_file', '乙.png', samplePng())).json() as { id: number };
    const actorA = await actorFor(t.deps, w.users.schoolA);
    const actorB = await actorFor(t.deps, w.users.schoolB);
    // Someone else's upload cannot be linked.
    await expect(
      t.deps.db.transaction((tx) => linkAttachments(tx, actorB, [a1.id], { kind: 'test_school_file', id: w.schoolB })),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: `附件 ${a1.id} 不存在或不是您上传的，请重新上传` });
    await t.deps.db.transaction((tx) =>
      linkAttachments(tx, actorA, [a1.id, a2.id], { kind: 'test_school_file', id: w.schoolA }),
    );
    await t.deps.db.transaction((tx) =>
      linkAttachments(tx, actorA, [a1.id], { kind: 'test_school_file', id: w.schoolA }),
    );
    await expect(
      t.deps.db.transaction((tx) => linkAttachments(tx, actorA, [a1.id], { kind: 'test_school_file', id: w.schoolB })),
    ).rejects.toMatchObject({ message: '附件「甲.pdf」已属于其他记录，请重新上传' });
    const audit = await one<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from audit_log where action = 'attachment.link' and entity_id = ${String(w.schoolA)}`,
    );
    expect(audit?.n).toBe(1);

    // Access: county and school A read it; school B and the teacher do not (404, as if absent).
    expect((await get(`/api/attachments/${a1.id}`, await loginAs(t.app, w.users.county))).statusCode).toBe(200);
    expect((await get(`/api/attachments/${a1.id}`, cookieA)).statusCode).toBe(200);
    expect((await get(`/api/attachments/${a1.id}`, await loginAs(t.app, w.users.schoolB))).statusCode).toBe(404);
    expect((await get(`/api/attachments/${a1.id}`, await loginAs(t.app, w.users.teacherA))).statusCode).toBe(404);

    const map = await attachmentsOf(t.deps.db, 'test_school_file', [w.schoolA, w.schoolB]);
    expect(map.get(w.schoolA)?.map((x) => x.filename)).toEqual(['甲.pdf', '乙.png']);
    expect(map.get(w.schoolB)).toBeUndefined();

    // Replacing the set detaches what is no longer listed.
    await t.deps.db.transaction((tx) =>
      replaceAttachments(tx, actorA, [a2.id], { kind: 'test_school_file', id: w.schoolA }),
    );
    const after = await attachmentsOf(t.deps.db, 'test_school_file', [w.schoolA]);
    expect(after.get(w.schoolA)?.map((x) => x.id)).toEqual([a2.id]);
  });

  it('removes stale unlinked uploads with their bytes', async () => {
    const teacher = await loginAs(t.app, w.users.teacherA);
    const dto = (await upload(t, teacher, 'report_back', '旧.pdf', samplePdf('old'))).json() as { id: number };
    await t.deps.db.execute(sql`update attachments set created_at = now() - interval '3 days' where id = ${dto.id}`);
    const key = (await one<{ k: string }>(
      t.deps.db,
      sql`select storage_key as k from attachments where id = ${dto.id}`,
    ))!.k;
    expect(fs.existsSync(path.join(dataDir, 'attachments', key))).toBe(true);
    expect(await removeStaleUploads(t.deps.db, storageOf(t.deps))).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(path.join(dataDir, 'attachments', key))).toBe(false);
    expect((await get(`/api/attachments/${dto.id}`, teacher)).statusCode).toBe(404);
  });
});

// ---------- S3: a tiny fake server that verifies Signature V4 independently and keeps objects ----------

function fakeS3(secret: string) {
  const objects = new Map<string, { body: Buffer; type: string }>();
  const rejected: string[] = [];
  const hmac = (k: string | Buffer, d: string) => createHmac('sha256', k).update(d).digest();
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const auth = String(req.headers.authorization ?? '');
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
    const ok = (() => {
      if (!m) return false;
      const [, , day, region, signed, signature] = m;
      if (createHash('sha256').update(body).digest('hex') !== payloadHash) return false;
      const names = signed!.split(';');
      const canonicalHeaders = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim()}\n`).join('');
      const canonical = [req.method, req.url, '', canonicalHeaders, signed, payloadHash].join('\n');
      const amzDate = String(req.headers['x-amz-date']);
      const toSign = [
        'AWS4-HMAC-SHA256',
        amzDate,
        `${day}/${region}/s3/aws4_request`,
        createHash('sha256').update(canonical).digest('hex'),
      ].join('\n');
      const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day!), region!), 's3'), 'aws4_request');
      return createHmac('sha256', key).update(toSign).digest('hex') === signature;
    })();
    if (!ok) {
      rejected.push(`${req.method} ${req.url}`);
      res.writeHead(403).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
      return;
    }
    const key = decodeURIComponent(req.url ?? '');
    if (req.method === 'PUT') {
      objects.set(key, { body, type: String(req.headers['content-type']) });
      res.writeHead(200).end();
    } else if (req.method === 'GET') {
      const o = objects.get(key);
      if (!o) res.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>');
      else res.writeHead(200, { 'content-type': o.type }).end(o.body);
    } else if (req.method === 'DELETE') {
      objects.delete(key);
      res.writeHead(204).end();
    } else res.writeHead(405).end();
  });
  return { server, objects, rejected };
}

describe('S3-compatible storage', () => {
  it('puts, gets and deletes signed objects; a wrong key is refused by the server', async () => {
    const s3 = fakeS3('secret-key-123');
    await new Promise<void>((r) => s3.server.listen(0, '127.0.0.1', r));
    const port = (s3.server.address() as AddressInfo).port;
    const base = {
      endpoint: `http://127.0.0.1:${port}`,
      bucket: 'shixun-files',
      accessKey: 'AK1',
      region: 'cn-test-1',
    };
    const ctx = await createTestApp({ dataDir, s3: { ...base, secretKey: 'secret-key-123' } });
    try {
      const world = await seedWorld(ctx.deps);
      const teacher = await loginAs(ctx.app, world.users.teacherA);
      const pdf = samplePdf('s3 对象');
      const res = await upload(ctx, teacher, 'report_back', '课件 (终版).pdf', pdf);
      expect(res.statusCode).toBe(200);
      const { id } = res.json() as { id: number };
      expect(s3.objects.size).toBe(1);
      const [storedKey, obj] = [...s3.objects.entries()][0]!;
      expect(storedKey).toMatch(/^\/shixun-files\/\d{4}\/\d{2}\/[0-9a-f]{32}\.pdf$/);
      expect(obj.body.equals(pdf)).toBe(true);
      expect(obj.type).toBe('application/pdf');
      const dl = await ctx.app.inject({ url: `/api/attachments/${id}`, headers: { cookie: teacher } });
      expect(dl.statusCode).toBe(200);
      expect(dl.rawPayload.equals(pdf)).toBe(true);
      await ctx.deps.db.execute(sql`update attachments set created_at = now() - interval '3 days' where id = ${id}`);
      await removeStaleUploads(ctx.deps.db, storageOf(ctx.deps));
      expect(s3.objects.size).toBe(0);
      expect(s3.rejected).toEqual([]);

      const bad = createStorage({ dataDir, s3: { ...base, secretKey: 'wrong' } });
      const tmp = path.join(dataDir, 'bad.part');
      fs.writeFileSync(tmp, pdf);
      const sha = createHash('sha256').update(pdf).digest('hex');
      await expect(
        bad.putFile('x/y.pdf', tmp, { size: pdf.length, sha256: sha, mime: 'application/pdf' }),
      ).rejects.toThrow(/S3 PUT x\/y.pdf: 403/);
      expect(s3.rejected).toEqual(['PUT /shixun-files/x/y.pdf']);
    } finally {
      await ctx.close();
      await new Promise((r) => s3.server.close(r));
    }
  });
});
