// Certificates in batch: a project's certificates as one PDF or a zip of PDFs, made by a tracked job
// (progress in the jobs table, the file in storage), downloaded by whoever started it, in scope.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../../db/client.js';
import { readStoredZip } from '../../lib/zip.js';
import {
  assessmentContext,
  auditOf,
  type Body,
  type Ctx,
  mark,
  runningProject,
  setStatus,
} from '../assessment/assessment.fixtures.js';
import { renderCertificatesPdf } from './pdf.js';

let c: Ctx;
let dataDir: string;
let projectId: number;
let certCount: number;
let foreignSchoolUser: number;

async function completedProject(extra: number, name: string) {
  const p = await runningProject(c, { ended: 1, extra, name });
  const all = [p.pA, p.pB, ...p.more.map((m) => m.participationId)];
  for (const id of all) await mark(c, p.sessions, id, 1);
  await c.call(
    'county',
    'PUT',
    `/api/projects/${p.projectId}/assessment`,
    all.map((participationId) => ({ participationId, result: '合格' })),
  );
  await setStatus(c, p.projectId, 'assessing');
  const res = await c.call('county', 'POST', `/api/projects/${p.projectId}/complete`, { issueCertificates: true });
  expect(res.status).toBe(200);
  return { ...p, all };
}

/** Waits for the job to leave `running` (the work goes on after the request answered). */
async function finished(who: Parameters<Ctx['call']>[0], jobId: string) {
  const seen: Array<{ phase: string; processed: number }> = [];
  for (let i = 0; i < 1200; i++) {
    const job = await c.call(who, 'GET', `/api/jobs/${jobId}`);
    expect(job.status).toBe(200);
    seen.push({ phase: job.body.phase, processed: job.body.processed });
    if (job.body.status !== 'running') return { job: job.body as Body, seen };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('batch job did not finish');
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-batch-'));
  c = await assessmentContext({ dataDir });
  const p = await completedProject(24, '县级骨干教师培训');
  projectId = p.projectId;
  certCount = p.all.length;
  foreignSchoolUser = (await one<{ id: number }>(
    c.deps.db,
    sql`select id from users where username = ${c.other.users.schoolA}`,
  ))!.id;
});
afterAll(async () => {
  await c?.t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('certificate batches', () => {
  it('makes one PDF with a page per certificate, as a job with progress', async () => {
    const res = await c.call('county', 'POST', `/api/projects/${projectId}/certificates/batch`, { format: 'pdf' });
    expect(res.status).toBe(202);
    expect(res.body.count).toBe(certCount);
    const { job, seen } = await finished('county', res.body.jobId);
    expect(job).toMatchObject({ status: 'done', kind: 'certificates.pdf' });
    expect(job.message).toContain(`${certCount} 份`);
    // While the certificates are drawn, progress only moves forward.
    const drawing = seen.filter((x) => x.phase === '生成证书').map((x) => x.processed);
    expect(drawing).toEqual([...drawing].sort((a, b) => a - b));
    expect(job).toMatchObject({ phase: '保存文件', total: 1, processed: 1 });
    const file = await c.call('county', 'GET', `/api/projects/${projectId}/certificates/batch/${res.body.jobId}`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(decodeURIComponent(String(file.headers['content-disposition']))).toContain('结业证书-县级骨干教师培训.pdf');
    const pdf = await PDFDocument.load(file.raw);
    expect(pdf.getPageCount()).toBe(certCount);
    const audit = (await auditOf(c, 'certificate.batch', projectId)).at(-1)!;
    expect(audit.after).toMatchObject({ format: 'pdf', count: certCount, jobId: res.body.jobId });
  });

  it('makes a zip of single PDFs named by school, teacher and number', async () => {
    const res = await c.call('county', 'POST', `/api/projects/${projectId}/certificates/batch`, { format: 'zip' });
    expect(res.status).toBe(202);
    expect((await finished('county', res.body.jobId)).job.status).toBe('done');
    const file = await c.call('county', 'GET', `/api/projects/${projectId}/certificates/batch/${res.body.jobId}`);
    expect(file.headers['content-type']).toBe('application/zip');
    const entries = readStoredZip(file.raw);
    expect(entries).toHaveLength(certCount);
    const numbers = (
      await c.call('county', 'GET', `/api/projects/${projectId}/certificates?pageSize=200`)
    ).body.items.map((x: Body) => x.number);
    for (const e of entries) {
      expect(e.data.subarray(0, 5).toString()).toBe('%PDF-');
      expect(zlib.crc32(e.data) >>> 0).toBe(e.crc);
      expect(numbers.some((n: string) => e.name.endsWith(`-${n}.pdf`))).toBe(true);
    }
    expect(entries.some((e) => e.name.includes('张三'))).toBe(true);
    expect((await PDFDocument.load(entries[0]!.data)).getPageCount()).toBe(1);
  });

  it('holds only the certificates the caller may list', async () => {
    const res = await c.call('schoolB', 'POST', `/api/projects/${projectId}/certificates/batch`, { format: 'zip' });
    expect(res.status).toBe(202);
    expect(res.body.count).toBe(1);
    await finished('schoolB', res.body.jobId);
    const file = await c.call('schoolB', 'GET', `/api/projects/${projectId}/certificates/batch/${res.body.jobId}`);
    expect(readStoredZip(file.raw).map((e) => e.name)).toEqual([expect.stringContaining('李四')]);
    // Someone else's batch is not found, even for the county admin.
    expect(
      (await c.call('county', 'GET', `/api/projects/${projectId}/certificates/batch/${res.body.jobId}`)).status,
    ).toBe(404);
  });

  it('gives another county’s admin and a foreign school’s admin nothing', async () => {
    const other = await c.call('otherCounty', 'POST', `/api/projects/${projectId}/certificates/batch`, {
      format: 'pdf',
    });
    expect(other.status).toBe(404);
    const foreign = await c.t.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/certificates/batch`,
      headers: { cookie: await c.cookieFor(foreignSchoolUser) },
      payload: { format: 'pdf' },
    });
    expect(foreign.statusCode).toBe(404);
    const mine = await c.call('county', 'POST', `/api/projects/${projectId}/certificates/batch`, { format: 'pdf' });
    await finished('county', mine.body.jobId);
    expect(
      (await c.call('otherCounty', 'GET', `/api/projects/${projectId}/certificates/batch/${mine.body.jobId}`)).status,
    ).toBe(404);
    expect([403, 404]).toContain(
      (await c.call('teacherA', 'POST', `/api/projects/${projectId}/certificates/batch`, { format: 'pdf' })).status,
    );
  });

  it('refuses a project without certificates, and leaves revoked ones out unless asked', async () => {
    const empty = await runningProject(c, { ended: 1, name: '尚未结业的培训' });
    const none = await c.call('county', 'POST', `/api/projects/${empty.projectId}/certificates/batch`, {
      format: 'pdf',
    });
    expect(none.status).toBe(409);
    expect(none.body.error.message).toContain('还没有可打印的结业证书');
    const cert = (await one<{ id: number }>(
      c.deps.db,
      sql`select id from certificates where project_id = ${projectId} order by id limit 1`,
    ))!;
    expect(
      (await c.call('county', 'POST', '/api/certificates/revoke', { certificateIds: [cert.id], reason: '信息有误' }))
        .status,
    ).toBe(200);
    const valid = await c.call('county', 'POST', `/api/projects/${projectId}/certificates/batch`, { format: 'pdf' });
    expect(valid.body.count).toBe(certCount - 1);
    const all = await c.call('county', 'POST', `/api/projects/${projectId}/certificates/batch`, {
      format: 'pdf',
      includeRevoked: true,
    });
    expect(all.body.count).toBe(certCount);
    await finished('county', valid.body.jobId);
    await finished('county', all.body.jobId);
  });

  it('removes files a day old when the next batch starts', async () => {
    const first = await c.call('county', 'POST', `/api/projects/${projectId}/certificates/batch`, { format: 'pdf' });
    await finished('county', first.body.jobId);
    const key = (await one<{ storage_key: string }>(
      c.deps.db,
      sql`select storage_key from certificate_batches where id = ${first.body.jobId}`,
    ))!.storage_key;
    expect(fs.existsSync(path.join(dataDir, 'attachments', key))).toBe(true);
    await c.deps.db.execute(
      sql`update certificate_batches set created_at = now() - interval '25 hours' where id = ${first.body.jobId}`,
    );
    const next = await c.call('county', 'POST', `/api/projects/${projectId}/certificates/batch`, { format: 'pdf' });
    await finished('county', next.body.jobId);
    expect(fs.existsSync(path.join(dataDir, 'attachments', key))).toBe(false);
    const gone = await c.call('county', 'GET', `/api/projects/${projectId}/certificates/batch/${first.body.jobId}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toContain('过期');
  });
});

describe('renderCertificatesPdf', () => {
  it('reports after every page, so a long batch can yield between them', async () => {
    const detail = (await c.call('county', 'GET', `/api/projects/${projectId}/certificates?pageSize=3`)).body.items.map(
      (x: Body) => ({
        ...x,
        category: '骨干教师',
        mode: '集中面授',
        result: '合格',
        text: '参加培训，考核合格，特发此证。',
        verifyPath: `/verify/${x.number}`,
        verifyUrl: `http://localhost/verify/${x.number}`,
      }),
    );
    const calls: number[] = [];
    const bytes = await renderCertificatesPdf(detail, '测试', async (n) => {
      calls.push(n);
    });
    expect(calls).toEqual([1, 2, 3]);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(3);
  });
});
