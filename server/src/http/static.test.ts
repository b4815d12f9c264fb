// Serving the built web app: the compressed copies the build writes (web/build/precompress.ts),
// negotiation on Accept-Encoding, cache headers and the app shell. No database needed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../../../web/build/precompress.js';
import type { App } from '../deps.js';
import { registerErrorHandler } from './errors.js';
import { registerApiNotFound } from './request-guards.js';
import { acceptedEncodings, IMMUTABLE, REVALIDATE, registerWebApp } from './static.js';

let dir: string;
let app: App;
const script = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{ id: ${i}, name: "教师${i}" }`).join(', ')}];\n`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-static-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.mkdirSync(path.join(dir, '.vite'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>师训</title><div id="root"></div>');
  fs.writeFileSync(path.join(dir, 'assets/app-Ab12Cd34.js'), script);
  fs.writeFileSync(path.join(dir, 'assets/tiny-Ef56Gh78.js'), 'export{};');
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(dir, '.vite/manifest.json'), '{}');
  await precompressDir(dir);
  // As app.ts assembles them: the envelope, the API's catch-all, then the web app.
  app = Fastify() as unknown as App;
  registerErrorHandler(app);
  registerApiNotFound(app);
  registerWebApp(app, dir);
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

describe('the build writes compressed copies', () => {
  it('brotli and gzip beside each text file worth it, nothing for tiny files', () => {
    const js = path.join(dir, 'assets/app-Ab12Cd34.js');
    expect(zlib.brotliDecompressSync(fs.readFileSync(`${js}.br`)).toString()).toBe(script);
    expect(zlib.gunzipSync(fs.readFileSync(`${js}.gz`)).toString()).toBe(script);
    expect(fs.statSync(`${js}.br`).size).toBeLessThan(fs.statSync(`${js}.gz`).size);
    expect(fs.existsSync(path.join(dir, 'assets/tiny-Ef56Gh78.js.br'))).toBe(false);
    expect(fs.existsSync(path.join(dir, '.vite/manifest.json.gz'))).toBe(false);
  });
});

describe('serving the web app', () => {
  it('sends brotli to a browser that accepts it, cached for a year', async () => {
    const res = await get('/assets/app-Ab12Cd34.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(script);
  });

  it('sends gzip when brotli is not accepted or refused, the file itself when neither is', async () => {
    for (const ae of ['gzip', 'br;q=0, gzip', 'gzip;q=1, br;q=0.5', 'x-gzip']) {
      const res = await get('/assets/app-Ab12Cd34.js', { 'accept-encoding': ae });
      expect(res.headers['content-encoding'], ae).toBe('gzip');
      expect(zlib.gunzipSync(res.rawPayload).toString()).toBe(script);
    }
    for (const ae of ['', 'identity', 'br;q=0, gzip;q=0', 'deflate']) {
      const res = await get('/assets/app-Ab12Cd34.js', ae ? { 'accept-encoding': ae } : {});
      expect(res.headers['content-encoding'], ae).toBeUndefined();
      expect(res.headers.vary).toBe('Accept-Encoding');
      expect(res.body).toBe(script);
    }
    expect(acceptedEncodings('*')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('*, br;q=0')).toEqual(['gzip']);
  });

  it('answers 304 to a matching ETag, per encoding', async () => {
    const br = await get('/assets/app-Ab12Cd34.js', { 'accept-encoding': 'br' });
    const gz = await get('/assets/app-Ab12Cd34.js', { 'accept-encoding': 'gzip' });
    expect(br.headers.etag).not.toBe(gz.headers.etag);
    const again = await get('/assets/app-Ab12Cd34.js', {
      'accept-encoding': 'br',
      'if-none-match': String(br.headers.etag),
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await get('/assets/app-Ab12Cd34.js', {
      'accept-encoding': 'br',
      'if-none-match': String(gz.headers.etag),
    });
    expect(other.statusCode).toBe(200);
  });

  it('HEAD sends the headers only', async () => {
    const res = await app.inject({
      method: 'HEAD',
      url: '/assets/app-Ab12Cd34.js',
      headers: { 'accept-encoding': 'br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.body).toBe('');
  });

  it('revalidates index.html and unhashed files; client-side routes get the app shell', async () => {
    for (const url of ['/', '/index.html', '/teachers/12?tab=1', '/checkin/7?t=abc']) {
      const res = await get(url, { 'accept-encoding': 'br' });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe(REVALIDATE);
      expect(res.body).toContain('<div id="root">');
    }
    const icon = await get('/favicon.svg');
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe(REVALIDATE);
  });

  it('a missing chunk or API path is a 404 in the envelope, not the app shell', async () => {
    for (const url of ['/assets/app-OLDHASH.js', '/api/no-such-thing', '/api']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/application\/json/);
      expect(res.json(), url).toMatchObject({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    }
  });

  it('never serves the build bookkeeping or files outside the build', async () => {
    const manifest = await get('/.vite/manifest.json');
    expect(manifest.headers['content-type']).toBe('text/html; charset=utf-8');
    const outside = await get('/../package.json');
    expect(outside.body).not.toContain('"name"');
    const encoded = await get('/%2e%2e/%2e%2e/package.json');
    expect(encoded.body).not.toContain('"name"');
  });
});
