// Where attachment bytes live: files under the data directory by default, or an S3-compatible
// bucket (MinIO, 阿里云 OSS, 腾讯云 COS …) when SHIXUN_S3_* is set. Requests to S3 are signed with
// AWS Signature V4 over node:http(s) so uploads and downloads stream without buffering.
import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface S3Config {
  endpoint: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region: string;
}

export interface Storage {
  kind: 'local' | 's3';
  /** Directory for uploads in progress (same file system as local storage, so a move is a rename). */
  tmpDir: string;
  /** Moves a finished temporary file into storage under key. */
  putFile(key: string, file: string, meta: { size: number; sha256: string; mime: string }): Promise<void>;
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
}

export function createStorage(opts: { dataDir: string; s3?: S3Config }): Storage {
  return opts.s3 ? s3Storage(opts.s3, path.join(os.tmpdir(), 'shixun-uploads')) : localStorage(opts.dataDir);
}

function safePath(root: string, key: string): string {
  const p = path.resolve(root, key);
  if (!p.startsWith(root + path.sep)) throw new Error(`invalid storage key: ${key}`);
  return p;
}

function localStorage(dataDir: string): Storage {
  const root = path.resolve(dataDir, 'attachments');
  const tmpDir = path.join(root, 'tmp');
  return {
    kind: 'local',
    tmpDir,
    async putFile(key, file) {
      const dest = safePath(root, key);
      await fs.promises.mkdir(path.dirname(dest), { recursive: true });
      try {
        await fs.promises.rename(file, dest);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
        await fs.promises.copyFile(file, dest);
        await fs.promises.rm(file, { force: true });
      }
    },
    async get(key) {
      const p = safePath(root, key);
      await fs.promises.access(p);
      return fs.createReadStream(p);
    },
    async delete(key) {
      await fs.promises.rm(safePath(root, key), { force: true });
    },
  };
}

// ---------- S3 (Signature Version 4) ----------

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding of one path segment, as SigV4 requires. */
const encodeSegment = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface SignedRequest {
  url: URL;
  headers: Record<string, string>;
}

/** Signs a path-style request `<endpoint>/<bucket>/<key>` (exported for tests). */
export function signS3Request(
  cfg: S3Config,
  method: string,
  key: string,
  payloadSha256: string,
  extraHeaders: Record<string, string> = {},
  now = new Date(),
): SignedRequest {
  const base = new URL(cfg.endpoint);
  const basePath = base.pathname.replace(/\/+$/, '');
  const canonicalUri = `${basePath}/${encodeSegment(cfg.bucket)}/${key.split('/').map(encodeSegment).join('/')}`;
  const url = new URL(base.origin);
  url.pathname = canonicalUri;
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    host: url.host,
    'x-amz-content-sha256': payloadSha256,
    'x-amz-date': amzDate,
  };
  for (const [k, v] of Object.entries(extraHeaders)) headers[k.toLowerCase()] = v;
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${String(headers[n]).trim()}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [method, canonicalUri, '', canonicalHeaders, signedHeaders, payloadSha256].join('\n');
  const scope = `${day}/${cfg.region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const kDate = hmac(`AWS4${cfg.secretKey}`, day);
  const kSigning = hmac(hmac(hmac(kDate, cfg.region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(stringToSign).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${cfg.accessKey}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { url, headers };
}

const EMPTY_SHA256 = sha256Hex('');

function send(req: SignedRequest, method: string, body?: Readable): Promise<http.IncomingMessage> {
  const client = req.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const r = client.request(req.url, { method, headers: req.headers }, resolve);
    r.on('error', reject);
    if (body) {
      body.on('error', (e) => r.destroy(e));
      body.pipe(r);
    } else r.end();
  });
}

async function drain(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').slice(0, 500);
}

function s3Storage(cfg: S3Config, tmpDir: string): Storage {
  return {
    kind: 's3',
    tmpDir,
    async putFile(key, file, meta) {
      const req = signS3Request(cfg, 'PUT', key, meta.sha256, {
        'content-length': String(meta.size),
        'content-type': meta.mime,
      });
      try {
        const res = await send(req, 'PUT', fs.createReadStream(file));
        const text = await drain(res);
        if ((res.statusCode ?? 500) >= 300) throw new Error(`S3 PUT ${key}: ${res.statusCode} ${text}`);
      } finally {
        await fs.promises.rm(file, { force: true });
      }
    },
    async get(key) {
      const res = await send(signS3Request(cfg, 'GET', key, EMPTY_SHA256), 'GET');
      if (res.statusCode !== 200) {
        const text = await drain(res);
        throw new Error(`S3 GET ${key}: ${res.statusCode} ${text}`);
      }
      return res;
    },
    async delete(key) {
      const res = await send(signS3Request(cfg, 'DELETE', key, EMPTY_SHA256), 'DELETE');
      const text = await drain(res);
      if ((res.statusCode ?? 500) >= 300 && res.statusCode !== 404) {
        throw new Error(`S3 DELETE ${key}: ${res.statusCode} ${text}`);
      }
    },
  };
}
