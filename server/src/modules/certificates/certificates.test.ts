import { CERTIFICATE_NUMBER_PATTERN, maskName, VERIFY_PER_MINUTE } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from '../../../test/harness.js';
import { one, rows } from '../../db/client.js';
import { loadCurrentUser } from '../../http/auth.js';
import type { Actor } from '../../http/context.js';
import {
  assessmentContext,
  auditOf,
  type Body,
  type Ctx,
  mark,
  noticesOf,
  runningProject,
  setStatus,
} from '../assessment/assessment.fixtures.js';
import { certificateNumber, issueCertificates } from './certificates.service.js';

let c: Ctx;
beforeAll(async () => {
  c = await assessmentContext();
});
afterAll(async () => {
  await c?.t.close();
});

/** A project in 考核中 whose listed participants all completed (certificates optional). */
async function completedProject(opts: { extra?: number; issue?: boolean; name?: string } = {}) {
  const p = await runningProject(c, { ended: 1, extra: opts.extra ?? 0, name: opts.name ?? '班主任能力提升培训' });
  const all = [p.pA, p.pB, ...p.more.map((m) => m.participationId)];
  for (const id of all) await mark(c, p.sessions, id, 1);
  await c.call(
    'county',
    'PUT',
    `/api/projects/${p.projectId}/assessment`,
    all.map((participationId) => ({ participationId, result: '合格' })),
  );
  await setStatus(c, p.projectId, 'assessing');
  const res = await c.call('county', 'POST', `/api/projects/${p.projectId}/complete`, {
    issueCertificates: opts.issue ?? true,
  });
  expect(res.status).toBe(200);
  return { ...p, all };
}

async function certOf(participationId: number) {
  return (await one<{ id: number; number: string }>(
    c.deps.db,
    sql`select id, number from certificates where participation_id = ${participationId}`,
  ))!;
}

describe('certificate numbers', () => {
  it('follow SX-<year>-<region>-<6 base32> and are unique', async () => {
    const { projectId, all } = await completedProject({ extra: 30 });
    const list = await rows<{ number: string }>(
      c.deps.db,
      sql`select number from certificates where project_id = ${projectId}`,
    );
    expect(list).toHaveLength(all.length);
    for (const { number } of list) {
      expect(number).toMatch(CERTIFICATE_NUMBER_PATTERN);
      expect(number.startsWith(`SX-2026-${c.w.regionId}-`)).toBe(true);
    }
    expect(new Set(list.map((x) => x.number)).size).toBe(list.length);
    for (let i = 0; i < 200; i++) expect(certificateNumber(2027, 9)).toMatch(/^SX-2027-9-[0-9A-HJKMNP-TV-Z]{6}$/);
  });

  it('draws again when a number is taken', async () => {
    const { pA, pB } = await completedProject({ issue: false });
    const taken = await completedProject();
    const existing = (await certOf(taken.pA)).number;
    const user = await loadCurrentUser(c.deps.db, c.userIds.county);
    const actor: Actor = { user, ip: null, userAgent: null };
    const draws = [existing, existing, 'SX-2026-1-AAAAAA', 'SX-2026-1-BBBBBB'];
    const result = await c.deps.db.transaction((tx) =>
      issueCertificates(tx, actor, [pA, pB], { draw: () => draws.shift()! }),
    );
    expect(result.issued.map((x) => x.number).sort()).toEqual(['SX-2026-1-AAAAAA', 'SX-2026-1-BBBBBB']);
  });
});

describe('bulk issue and revoke', () => {
  it('issues to completed participants without one, and skips the rest', async () => {
    const { pA, pB, projectId } = await completedProject({ issue: false });
    const notDone = await runningProject(c);
    const res = await c.call('county', 'POST', '/api/certificates/issue', { participationIds: [pA, pB, notDone.pA] });
    expect(res.status).toBe(200);
    expect(res.body.issued).toBe(2);
    expect(res.body.skipped).toBe(1);
    expect(res.body.items.map((x: Body) => x.participationId).sort()).toEqual([pA, pB].sort());
    const again = await c.call('trainer', 'POST', '/api/certificates/issue', { participationIds: [pA, pB] });
    expect(again.body).toMatchObject({ issued: 0, skipped: 2 });
    expect(await count(c.deps, 'certificates', `project_id = ${projectId}`)).toBe(2);
    expect(await auditOf(c, 'certificate.issue', (await certOf(pA)).id)).toHaveLength(1);
  });

  it('refuses readers and strangers', async () => {
    const { pA } = await completedProject({ issue: false });
    expect((await c.call('leader', 'POST', '/api/certificates/issue', { participationIds: [pA] })).status).toBe(403);
    expect((await c.call('trainer2', 'POST', '/api/certificates/issue', { participationIds: [pA] })).status).toBe(404);
    expect((await c.call('otherCounty', 'POST', '/api/certificates/issue', { participationIds: [pA] })).status).toBe(
      404,
    );
    expect((await c.call('county', 'POST', '/api/certificates/issue', { participationIds: [] })).status).toBe(400);
  });

  it('revokes with a reason (audited, holder notified); trainers may not revoke', async () => {
    const { pA, pB } = await completedProject();
    const a = await certOf(pA);
    const b = await certOf(pB);
    const noReason = await c.call('county', 'POST', '/api/certificates/revoke', {
      certificateIds: [a.id],
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('撤销原因');
    expect(
      (await c.call('trainer', 'POST', '/api/certificates/revoke', { certificateIds: [a.id], reason: '材料造假' }))
        .status,
    ).toBe(403);
    const res = await c.call('county', 'POST', '/api/certificates/revoke', {
      certificateIds: [a.id, b.id],
      reason: '材料造假',
    });
    expect(res.body).toEqual({ revoked: 2, skipped: 0 });
    const twice = await c.call('county', 'POST', '/api/certificates/revoke', {
      certificateIds: [a.id],
      reason: '再次',
    });
    expect(twice.body).toEqual({ revoked: 0, skipped: 1 });
    const trail = await auditOf(c, 'certificate.revoke', a.id);
    expect(trail).toHaveLength(1);
    expect(trail[0]!.after).toMatchObject({ revoked: true, reason: '材料造假' });
    expect((await noticesOf(c, c.userIds.teacherA)).at(-1)).toMatchObject({
      kind: 'certificate.revoked',
      title: '您的结业证书已被撤销：材料造假',
    });
    // A certificate revoked by hand is not re-issued by bulk issue or a completion re-run.
    const reissue = await c.call('county', 'POST', '/api/certificates/issue', { participationIds: [pA] });
    expect(reissue.body.issued).toBe(0);
  });

  it('lists a project’s certificates within the caller’s scope', async () => {
    const { projectId } = await completedProject();
    const all = await c.call('county', 'GET', `/api/projects/${projectId}/certificates`);
    expect(all.body.total).toBe(2);
    const mine = await c.call('schoolA', 'GET', `/api/projects/${projectId}/certificates`);
    expect(mine.body.items.map((x: Body) => x.teacherName)).toEqual(['张三']);
    expect((await c.call('teacherA', 'GET', `/api/projects/${projectId}/certificates`)).status).toBe(404);
  });
});

describe('reading a certificate', () => {
  it('gives the holder and managers the print data; others get 404', async () => {
    const { pA } = await completedProject({ name: '信息技术应用能力提升' });
    const { number } = await certOf(pA);
    const mine = await c.call('teacherA', 'GET', `/api/certificates/${number}`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      number,
      teacherName: '张三',
      projectName: '信息技术应用能力提升',
      hours: 24,
      startDate: '2026-10-10',
      endDate: '2026-10-12',
      issuer: '县教师发展中心',
      revoked: false,
      verifyPath: `/verify/${number}`,
      verifyUrl: `http://localhost:80/verify/${number}`,
    });
    expect(mine.body.text).toBe(
      '于 2026年10月10日至2026年10月12日参加《信息技术应用能力提升》培训，共 24 学时，经考核合格，准予结业。特发此证。',
    );
    expect((await c.call('county', 'GET', `/api/certificates/${number.toLowerCase()}`)).status).toBe(200);
    expect((await c.call('schoolA', 'GET', `/api/certificates/${number}`)).status).toBe(200);
    expect((await c.call('trainer', 'GET', `/api/certificates/${number}`)).status).toBe(200);
    expect((await c.call('teacherB', 'GET', `/api/certificates/${number}`)).status).toBe(404);
    expect((await c.call('schoolB', 'GET', `/api/certificates/${number}`)).status).toBe(404);
    expect((await c.call('trainer2', 'GET', `/api/certificates/${number}`)).status).toBe(404);
    expect((await c.call('otherCounty', 'GET', `/api/certificates/${number}`)).status).toBe(404);
    expect((await c.call('anon', 'GET', `/api/certificates/${number}`)).status).toBe(401);

    const list = await c.call('teacherA', 'GET', '/api/me/certificates');
    expect(list.body.items.some((x: Body) => x.number === number)).toBe(true);
    expect(list.body.items.every((x: Body) => x.teacherId === c.w.teacherA)).toBe(true);
  });

  it('renders a PDF with the number; the link follows X-Forwarded-* only behind a trusted proxy', async () => {
    const { pA } = await completedProject();
    const { number } = await certOf(pA);
    const res = await c.call('teacherA', 'GET', `/api/certificates/${number}/pdf`, undefined, {
      'x-forwarded-host': 'evil.example',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.raw.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = res.raw.toString('latin1');
    expect(text).toContain(number);
    expect(text).toContain(`http://localhost:80/verify/${number}`);
    expect(text).not.toContain('evil.example');
    expect((await c.call('teacherB', 'GET', `/api/certificates/${number}/pdf`)).status).toBe(404);
  });
});

describe('public verification', () => {
  it('needs no login, masks the name and shows what a verifier needs', async () => {
    const { pA } = await completedProject({ name: '师德专题培训' });
    const { number } = await certOf(pA);
    const res = await c.call('anon', 'GET', `/api/verify/${number}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      number,
      name: '张*',
      project: '师德专题培训',
      level: '县培',
      hours: 24,
      startDate: '2026-10-10',
      endDate: '2026-10-12',
      issuedAt: expect.any(String),
      issuer: '县教师发展中心',
      revoked: false,
      revokedAt: null,
      revokeReason: null,
    });
    expect(JSON.stringify(res.body)).not.toContain('张三');
  });

  it('shows a revoked certificate as revoked, with when and why', async () => {
    const { pA } = await completedProject();
    const cert = await certOf(pA);
    await c.call('county', 'POST', '/api/certificates/revoke', { certificateIds: [cert.id], reason: '重复颁发' });
    const res = await c.call('anon', 'GET', `/api/verify/${cert.number}`);
    expect(res.body).toMatchObject({ revoked: true, revokeReason: '重复颁发' });
    expect(res.body.revokedAt).toEqual(expect.any(String));
  });

  it('answers 404 in Chinese for an unknown number', async () => {
    const res = await c.call('anon', 'GET', '/api/verify/SX-2026-1-ZZZZZZ');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect(res.body.error.message).toContain('未查到');
  });

  it(`limits each address to ${VERIFY_PER_MINUTE} look-ups a minute`, async () => {
    const key = 'verify:127.0.0.1';
    await c.deps.db.execute(
      sql`insert into login_throttle (key, failures, window_start) values (${key}, ${VERIFY_PER_MINUTE}, now())
          on conflict (key) do update set failures = excluded.failures, window_start = excluded.window_start`,
    );
    const limited = await c.call('anon', 'GET', '/api/verify/SX-2026-1-ZZZZZZ');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    // An old window starts over.
    await c.deps.db.execute(
      sql`update login_throttle set window_start = now() - interval '2 minutes' where key = ${key}`,
    );
    expect((await c.call('anon', 'GET', '/api/verify/SX-2026-1-ZZZZZZ')).status).toBe(404);
    const row = await one<{ failures: number }>(c.deps.db, sql`select failures from login_throttle where key = ${key}`);
    expect(row!.failures).toBe(1);
  });

  it('masks names, keeping a compound surname', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('王小明')).toBe('王**');
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('欧阳')).toBe('欧*');
    expect(maskName('张')).toBe('张');
  });
});

describe('the verification link behind a proxy', () => {
  let p: Ctx;
  beforeAll(async () => {
    p = await assessmentContext({ trustProxy: true });
  });
  afterAll(async () => {
    await p?.t.close();
  });

  it('uses X-Forwarded-Proto/-Host when trusted, and SHIXUN_PUBLIC_URL over both', async () => {
    const run = await runningProject(p, { ended: 1, status: 'running' });
    await mark(p, run.sessions, run.pA, 1);
    await p.call('county', 'PUT', `/api/projects/${run.projectId}/assessment`, [
      { participationId: run.pA, result: '优秀' },
    ]);
    await setStatus(p, run.projectId, 'assessing');
    await p.call('county', 'POST', `/api/projects/${run.projectId}/complete`, {});
    const { number } = (await one<{ number: string }>(
      p.deps.db,
      sql`select number from certificates where participation_id = ${run.pA}`,
    ))!;
    const proxied = await p.call('teacherA', 'GET', `/api/certificates/${number}`, undefined, {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'shixun.example.cn',
    });
    expect(proxied.body.verifyUrl).toBe(`https://shixun.example.cn/verify/${number}`);
    p.deps.config.publicUrl = 'https://px.example.org/';
    const configured = await p.call('teacherA', 'GET', `/api/certificates/${number}`);
    expect(configured.body.verifyUrl).toBe(`https://px.example.org/verify/${number}`);
  });
});
