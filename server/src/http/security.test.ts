import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../test/harness.js';
import { buildApp } from '../app.js';
import type { App } from '../deps.js';
import { CROSS_SITE_REFUSED } from './security.js';

let t: TestContext;
let w: World;
let county: string;
let webDist: string;
/** Apps over the same database with other settings. */
let behindProxy: App;
let withPublicUrl: App;
let secure: App;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  county = await loginAs(t.app, w.users.county);
  webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-web-'));
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>师训</title>');
  const variant = async (over: Partial<typeof t.deps.config>) => {
    const app = await buildApp({ ...t.deps, config: { ...t.deps.config, ...over } }, { webDist });
    await app.ready();
    return app;
  };
  behindProxy = await variant({ trustProxy: true });
  withPublicUrl = await variant({ publicUrl: 'https://px.example.gov.cn' });
  secure = await variant({ cookieSecure: true });
});
afterAll(async () => {
  for (const app of [behindProxy, withPublicUrl, secure]) await app?.close();
  await t?.close();
  fs.rmSync(webDist, { recursive: true, force: true });
});

const createArea = (app: App, name: string, headers: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url: '/api/areas',
    headers: { cookie: county, host: 'shixun.local:3000', ...headers },
    payload: { name },
  });

const expectRefused = (res: { statusCode: number; json(): { error: { code: string; message: string } } }) => {
  expect(res.statusCode).toBe(403);
  expect(res.json().error).toMatchObject({ code: 'FORBIDDEN', message: CROSS_SITE_REFUSED });
};

describe('CSRF: the origin of state-changing requests', () => {
  it('refuses a write from another port or subdomain of the same site, and an opaque origin', async () => {
    const before = await count(t.deps, 'areas');
    expectRefused(await createArea(t.app, '跨端口', { origin: 'http://shixun.local:8080' }));
    expectRefused(await createArea(t.app, '子域名', { origin: 'http://evil.shixun.local:3000' }));
    expectRefused(await createArea(t.app, '他站', { origin: 'https://attacker.example' }));
    expectRefused(await createArea(t.app, '空来源', { origin: 'null' }));
    expect(await count(t.deps, 'areas')).toBe(before);
  });

  it('refuses an upload from another origin before reading it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/teachers/import?dryRun=true',
      headers: {
        cookie: county,
        host: 'shixun.local:3000',
        origin: 'http://shixun.local:5000',
        'content-type': 'multipart/form-data; boundary=b',
      },
      payload: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n姓名,身份证号\r\n--b--\r\n',
    });
    expectRefused(res);
  });

  it('without Origin, refuses Sec-Fetch-Site same-site / cross-site and allows same-origin', async () => {
    expectRefused(await createArea(t.app, '同站', { 'sec-fetch-site': 'same-site' }));
    expectRefused(await createArea(t.app, '跨站', { 'sec-fetch-site': 'cross-site' }));
    expect((await createArea(t.app, '同源', { 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
  });

  it('allows its own origin, and requests with neither header (curl, servers, tests)', async () => {
    expect((await createArea(t.app, '本站', { origin: 'http://shixun.local:3000' })).statusCode).toBe(201);
    expect((await createArea(t.app, '命令行', {})).statusCode).toBe(201);
    // Reads are never refused: a cross-site GET cannot change anything.
    const read = await t.app.inject({
      url: '/api/areas',
      headers: { cookie: county, host: 'shixun.local:3000', origin: 'https://attacker.example' },
    });
    expect(read.statusCode).toBe(200);
  });

  it('the login itself is protected (no login CSRF)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { host: 'shixun.local:3000', origin: 'https://attacker.example' },
      payload: { username: w.users.county, password: 'Passw0rd!' },
    });
    expectRefused(res);
  });

  it('behind a trusted proxy the forwarded host and scheme make the origin', async () => {
    const forwarded = {
      host: '127.0.0.1:3000',
      'x-forwarded-host': 'px.example.gov.cn',
      'x-forwarded-proto': 'https',
    };
    expect(
      (await createArea(behindProxy, '代理后', { ...forwarded, origin: 'https://px.example.gov.cn' })).statusCode,
    ).toBe(201);
    expectRefused(
      await createArea(behindProxy, '代理后他站', { ...forwarded, origin: 'https://other.example.gov.cn' }),
    );
    // Without trusting the proxy its headers mean nothing.
    expectRefused(await createArea(t.app, '不信代理', { ...forwarded, origin: 'https://px.example.gov.cn' }));
  });

  it('SHIXUN_PUBLIC_URL is an accepted origin', async () => {
    const res = await createArea(withPublicUrl, '公网地址', {
      host: '10.0.0.5:3000',
      origin: 'https://px.example.gov.cn',
    });
    expect(res.statusCode).toBe(201);
    expectRefused(
      await createArea(withPublicUrl, '公网他站', { host: '10.0.0.5:3000', origin: 'https://px2.example.gov.cn' }),
    );
  });
});

describe('security headers', () => {
  const urls = ['/api/health', '/api/nonexistent', '/', '/teachers/1'];

  it('every response carries the CSP and the other headers', async () => {
    for (const url of urls) {
      const res = await withPublicUrl.inject({ url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-eval/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    // Refusals too.
    const refused = await createArea(t.app, '头', { origin: 'https://attacker.example' });
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
  });

  it('a PDF goes without the CSP (the browser PDF viewer is a plugin) but keeps the rest', async () => {
    const app = await buildApp(t.deps, { webDist: null });
    app.get('/api/test-pdf', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
      reply.type('application/pdf').send(Buffer.from('%PDF-1.4\n%%EOF\n')),
    );
    await app.ready();
    const res = await app.inject({ url: '/api/test-pdf' });
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-security-policy']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    await app.close();
  });

  it('HSTS only when cookies are secure (served over HTTPS)', async () => {
    for (const url of urls) {
      expect((await secure.inject({ url })).headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
    }
  });
});
