import { LEADER_READ_ONLY, PERMISSION_NAMES, type Permission, ROLE_PERMISSIONS, rolesWith } from '@shixun/common';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../test/harness.js';
import { operations } from '../../test/routes-walk.js';
import type { Db } from '../db/client.js';
import { rows } from '../db/client.js';
import { type PlanContext, planContext } from '../modules/projects/projects.fixtures.js';
import { registerAccess } from './permissions.js';

describe('routes declare their access', () => {
  const app = Fastify();
  registerAccess(app, {} as Db);
  const ok = async () => 'ok';

  it('an API route that declares no permission fails to register', () => {
    expect(() => app.get('/api/undeclared', ok)).toThrow(/neither config\.permission .* nor config\.public/);
    expect(() => app.post('/api/undeclared', { config: {} }, ok)).toThrow(/POST \/api\/undeclared/);
  });

  it('nor one naming an unknown permission, or both a permission and public', () => {
    expect(() => app.get('/api/typo', { config: { permission: 'teacher.read' as Permission } }, ok)).toThrow(
      /unknown permission "teacher\.read"/,
    );
    expect(() => app.get('/api/both', { config: { public: true, permission: 'teachers.read' } }, ok)).toThrow(/both/);
  });

  it('declared API routes and the web app outside /api register', () => {
    expect(() => app.get('/api/declared', { config: { permission: 'teachers.read' } }, ok)).not.toThrow();
    expect(() => app.get('/api/open', { config: { public: true } }, ok)).not.toThrow();
    expect(() => app.get('/favicon.svg', ok)).not.toThrow();
  });
});

describe('the access table', () => {
  let c: PlanContext;
  beforeAll(async () => {
    c = await planContext();
  });
  afterAll(() => c.t.close());

  it('marks public operations with security: [] and names the permission of every other one', () => {
    const ops = operations(c.t.app);
    expect(ops.length).toBeGreaterThan(150);
    expect(
      ops
        .filter((o) => o.public)
        .map((o) => `${o.method} ${o.path}`)
        .sort(),
    ).toEqual([
      'GET /api/health',
      'GET /api/verify/statements/{number}',
      'GET /api/verify/{number}',
      'POST /api/auth/activate',
      'POST /api/auth/login',
      'POST /api/auth/logout',
    ]);
    for (const o of ops) if (!o.public) expect(o.permission, `${o.method} ${o.path}`).not.toBeNull();
  });

  it('leaves no permission unused or held by nobody', () => {
    const required = new Set(operations(c.t.app).map((o) => o.permission));
    // Checked inside services, where the rule depends on the input rather than on the route.
    for (const p of ['teachers.reveal', 'org.manage'] as const) required.add(p);
    const held = new Set(Object.values(ROLE_PERMISSIONS).flat());
    for (const p of PERMISSION_NAMES) {
      expect(required.has(p), `${p} is required by no route`).toBe(true);
      expect(held.has(p), `${p} is held by no role`).toBe(true);
    }
  });

  it('grants the slip, score-line, notice and claim routes to the roles their services allowed', () => {
    const routes = new Map(operations(c.t.app).map((o) => [`${o.method} ${o.path}`, o.permission]));
    const expected: Array<[string, Permission, string[]]> = [
      ['GET /api/accounts/activation', 'accounts.activation', ['county_admin', 'leader', 'area_admin', 'school_admin']],
      ['POST /api/accounts/slips', 'accounts.slips', ['county_admin', 'area_admin', 'school_admin']],
      ['POST /api/accounts/import', 'accounts.manage', ['county_admin']],
      ['POST /api/accounts/school-admins', 'accounts.manage', ['county_admin']],
      ['PUT /api/assessment/settings', 'assessment.configure', ['county_admin']],
      ['PUT /api/notices/{id}', 'notices.publish', ['county_admin', 'school_admin']],
      ['POST /api/notices/{id}/withdraw', 'notices.publish', ['county_admin', 'school_admin']],
      ['POST /api/claims/{id}/report-back', 'claims.report-back', ['county_admin', 'school_admin', 'teacher']],
      ['POST /api/claims/{id}/waive-report-back', 'claims.waive', ['county_admin']],
      ['GET /api/me/todo', 'enrolment.self', ['teacher']],
    ];
    for (const [route, permission, roles] of expected) {
      expect(routes.get(route), route).toBe(permission);
      expect(rolesWith(permission), route).toEqual(roles);
    }
  });

  it('lets leaders change nothing but their own password and inbox', () => {
    for (const o of operations(c.t.app)) {
      if (o.method === 'GET' || o.public) continue;
      if (o.path === '/api/auth/password' || o.path === '/api/notifications/read') continue;
      expect(ROLE_PERMISSIONS.leader, `${o.method} ${o.path}`).not.toContain(o.permission);
    }
  });
});

describe('the access hook', () => {
  let c: PlanContext;
  beforeAll(async () => {
    c = await planContext();
  });
  afterAll(() => c.t.close());

  const refusals = () =>
    rows<{ user_id: number; entity_id: string; after: { permission: string | null; status: number; code: string } }>(
      c.t.deps.db,
      sql`select user_id, entity_id, after from audit_log where action = 'access.refused' order by id`,
    );

  it('refuses before any byte is written: a teacher exporting budgets gets a 403 envelope, not a reset stream', async () => {
    const res = await c.t.app.inject({
      method: 'GET',
      url: '/api/budgets/export?year=2026',
      headers: { cookie: await loginAs(c.t.app, c.w.users.teacherA) },
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json()).toEqual({ error: { code: 'FORBIDDEN', message: '教师账号没有权限查看经费预算和支出' } });
    const county = await c.t.app.inject({
      method: 'GET',
      url: '/api/budgets/export?year=2026',
      headers: { cookie: await loginAs(c.t.app, c.w.users.county) },
    });
    expect(county.statusCode).toBe(200);
    expect(county.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('still answers 401 to the anonymous and 404 to unknown routes; the API docs are public', async () => {
    expect((await c.t.app.inject({ method: 'GET', url: '/api/budgets/export?year=2026' })).statusCode).toBe(401);
    expect((await c.t.app.inject({ method: 'GET', url: '/api/docs/json' })).statusCode).toBe(200);
    expect((await c.call('teacherA', 'GET', '/api/no-such-thing')).status).toBe(404);
  });

  it('gives a leader the one read-only message and audits the refused write, not refused reads', async () => {
    const before = (await refusals()).length;
    const res = await c.call('leader', 'POST', '/api/areas', { name: '新学区' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(LEADER_READ_ONLY);
    expect((await c.call('leader', 'GET', '/api/audit')).status).toBe(403);
    const after = await refusals();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({
      user_id: c.w.userIds.leader,
      entity_id: 'POST /api/areas',
      after: { permission: 'org.manage', status: 403, code: 'FORBIDDEN' },
    });
  });

  it('audits a write refused inside a service, outside the transaction that rolled back', async () => {
    const before = (await refusals()).length;
    const res = await c.call('schoolA', 'PATCH', `/api/schools/${c.w.schoolA}`, { name: '改名小学', phone: '123' });
    expect(res.status).toBe(403);
    const school = await rows<{ name: string; phone: string | null }>(
      c.t.deps.db,
      sql`select name, phone from schools where id = ${c.w.schoolA}`,
    );
    expect(school[0]!.name).not.toBe('改名小学');
    expect(school[0]!.phone).toBeNull();
    const after = await refusals();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ entity_id: 'PATCH /api/schools/:id', after: { permission: 'org.write' } });
  });

  it('audits a write into another county as refused (404: the record does not exist for the caller)', async () => {
    const before = (await refusals()).length;
    const res = await c.call('otherCounty', 'PATCH', `/api/schools/${c.w.schoolA}`, { phone: '123' });
    expect(res.status).toBe(404);
    const after = await refusals();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ after: { status: 404, code: 'NOT_FOUND' } });
  });
});
