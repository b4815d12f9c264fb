import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../test/harness.js';
import { buildApp } from '../app.js';
import type { App } from '../deps.js';

let t: TestContext;
let w: World;
let county: string;
/** The same database behind an app that also serves a built web app. */
let withWeb: App;
let webDist: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  county = await loginAs(t.app, w.users.county);
  webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-web-'));
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>师训</title>');
  withWeb = await buildApp(t.deps, { webDist });
  await withWeb.ready();
});
afterAll(async () => {
  await withWeb?.close();
  await t?.close();
  fs.rmSync(webDist, { recursive: true, force: true });
});

const expectEnvelope = (res: { statusCode: number; json(): unknown }, status: number, code: string) => {
  expect(res.statusCode).toBe(status);
  expect(res.json()).toMatchObject({ error: { code, message: expect.any(String) } });
};

describe('unknown /api paths', () => {
  it('answer 404 NOT_FOUND in the envelope, with or without the web app', async () => {
    for (const app of [t.app, withWeb]) {
      for (const method of ['GET', 'POST', 'DELETE'] as const) {
        for (const url of ['/api/nonexistent', '/api/teachers/1/nothing-here', '/api/x?y=1']) {
          const res = await app.inject({ method, url, headers: { cookie: county } });
          expectEnvelope(res, 404, 'NOT_FOUND');
          expect(res.headers['content-type']).toMatch(/application\/json/);
        }
      }
      // Also without a session: the answer is the same, not a login prompt.
      expectEnvelope(await app.inject({ url: '/api/nonexistent' }), 404, 'NOT_FOUND');
    }
  });

  it('a known path with a method it does not serve is 404 too', async () => {
    expectEnvelope(await withWeb.inject({ method: 'DELETE', url: '/api/health' }), 404, 'NOT_FOUND');
  });

  it('the web app still serves its client-side routes and known API routes still answer', async () => {
    const page = await withWeb.inject({ url: '/teachers/12' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('师训');
    expect((await withWeb.inject({ url: '/api/health' })).statusCode).toBe(200);
    expect((await withWeb.inject({ url: '/api/teachers', headers: { cookie: county } })).statusCode).toBe(200);
    expect((await withWeb.inject({ url: '/api/docs', headers: { cookie: county } })).statusCode).toBeLessThan(400);
  });
});

describe('malformed requests', () => {
  it('a bad percent-encoding and an over-long path parameter answer in the envelope', async () => {
    for (const url of ['/api/teachers/%E0%A4%A', '/api/teachers/%', `/api/certificates/${'x'.repeat(500)}`]) {
      const res = await t.app.inject({ url, headers: { cookie: county } });
      expect([400, 404]).toContain(res.statusCode);
      expect(res.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
  });

  it('ids beyond PostgreSQL int are 400 with a field message, in paths, queries and bodies', async () => {
    const path = await t.app.inject({ url: '/api/teachers/2147483648', headers: { cookie: county } });
    expectEnvelope(path, 400, 'VALIDATION_FAILED');
    expect(path.json().error.fields.id).toContain('2147483647');
    expectEnvelope(
      await t.app.inject({ url: '/api/teachers?schoolId=2147483648', headers: { cookie: county } }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await t.app.inject({ url: '/api/teachers/2147483647', headers: { cookie: county } })).statusCode).toBe(404);
    const body = await t.app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: { cookie: county },
      payload: { ids: [2147483648] },
    });
    expectEnvelope(body, 400, 'VALIDATION_FAILED');
  });

  it('impossible dates are 400: month 13, day 30 of February, year 0', async () => {
    for (const q of ['from=2026-13-01', 'from=0000-01-01', 'to=2026-02-30']) {
      const res = await t.app.inject({ url: `/api/projects?${q}`, headers: { cookie: county } });
      expectEnvelope(res, 400, 'VALIDATION_FAILED');
    }
    for (const q of ['from=2026-13-01', 'to=0000-01-01']) {
      expectEnvelope(
        await t.app.inject({ url: `/api/audit?${q}`, headers: { cookie: county } }),
        400,
        'VALIDATION_FAILED',
      );
    }
    expect((await t.app.inject({ url: '/api/projects?from=2024-02-29', headers: { cookie: county } })).statusCode).toBe(
      200,
    );
  });

  it('text with a NUL character is 400, also for a streamed export', async () => {
    for (const url of ['/api/teachers?q=a%00b', '/api/teachers/export?q=a%00b', '/api/verify/a%00b']) {
      expectEnvelope(await t.app.inject({ url, headers: { cookie: county } }), 400, 'VALIDATION_FAILED');
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/areas',
      headers: { cookie: county },
      payload: { name: 'a\u0000b' },
    });
    expectEnvelope(res, 400, 'VALIDATION_FAILED');
  });

  it('a multipart body without a boundary, or cut short, is 400 FILE_INVALID', async () => {
    const cases = [
      { type: 'multipart/form-data', body: 'no boundary' },
      {
        type: 'multipart/form-data; boundary=XyZ',
        body: '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK\u0003\u0004',
      },
    ];
    for (const url of ['/api/teachers/import', '/api/attachments?purpose=report_back']) {
      for (const c of cases) {
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: { cookie: county, 'content-type': c.type },
          payload: c.body,
        });
        expectEnvelope(res, 400, 'FILE_INVALID');
      }
    }
  });
});
