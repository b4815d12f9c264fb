// Certificates of a whole project at once: one PDF (a page each) or a zip of single PDFs. A project
// of hundreds takes seconds to tens of seconds of CPU, so it runs as a tracked job: the request
// answers at once with the job's id, the work yields the event loop after every certificate (other
// requests go on being served), progress goes to the jobs table (GET /api/jobs/:id, any instance),
// and the file lands in storage (a directory or S3) where any instance can serve the download.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { CertificateBatchBody, CertificateDetail } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { projectAccess } from '../../access/project-access.js';
import { certificateBatchScope } from '../../access/scope.js';
import { one, rows } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { record } from '../../http/audit.js';
import type { Actor } from '../../http/context.js';
import { conflict, notFound } from '../../http/errors.js';
import type { Storage } from '../../lib/storage.js';
import { ZipWriter } from '../../lib/zip.js';
import { openJob, yieldToLoop } from '../imports/jobs.js';
import { projectCertificateDetails } from './certificates.service.js';
import { renderCertificatePdf, renderCertificatesPdf } from './pdf.js';

export const BATCH_KIND = { pdf: 'certificates.pdf', zip: 'certificates.zip' } as const;
const PHASE = '生成证书';
const PHASE_SAVE = '保存文件';
/** Batch files are kept this long for downloading, then removed when a later batch starts. */
const KEEP_HOURS = 24;

const keyOf = (regionId: number, projectId: number, jobId: string, format: 'pdf' | 'zip') =>
  `certificate-batches/${regionId}/${projectId}/${jobId}.${format}`;

/** File names safe on Windows (the county office's desktop): no reserved characters. */
const safeName = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80);

export function batchFilename(projectName: string, format: 'pdf' | 'zip') {
  return `结业证书-${safeName(projectName)}.${format}`;
}

/**
 * Starts the batch for the certificates the caller may list in the project; answers with the job
 * id and how many certificates it holds. Refuses an empty batch. Audited.
 */
export async function startCertificateBatch(
  deps: Deps,
  storage: Storage,
  actor: Actor,
  projectId: number,
  body: CertificateBatchBody,
  origin: string,
): Promise<{ jobId: string; count: number }> {
  const { projectName, items } = await projectCertificateDetails(deps.db, actor.user, projectId, {
    includeRevoked: body.includeRevoked,
    origin,
  });
  if (items.length === 0) throw conflict('该项目还没有可打印的结业证书');
  await removeExpiredBatches(deps, storage);
  const jobId = randomUUID();
  const key = keyOf(actor.user.regionId, projectId, jobId, body.format);
  const job = await openJob(deps.db, actor, jobId, BATCH_KIND[body.format]);
  job.phase(PHASE, items.length);
  await job.flush();
  await deps.db.transaction(async (tx) => {
    await tx.execute(
      sql`insert into certificate_batches (id, region_id, project_id, user_id, format, count, storage_key)
          values (${jobId}, ${actor.user.regionId}, ${projectId}, ${actor.user.id}, ${body.format}, ${items.length}, ${key})`,
    );
    await record(tx, actor, {
      action: 'certificate.batch',
      entity: 'project',
      entityId: projectId,
      after: { format: body.format, count: items.length, includeRevoked: !!body.includeRevoked, jobId },
    });
  });
  // Not awaited: the request answers now; failures end up in the job's status and message.
  void render(storage, items, projectName, body.format, key, job).catch(async (err: unknown) => {
    await job.fail(`证书生成失败：${err instanceof Error ? err.message : String(err)}`).catch(() => {});
  });
  return { jobId, count: items.length };
}

async function render(
  storage: Storage,
  items: CertificateDetail[],
  projectName: string,
  format: 'pdf' | 'zip',
  key: string,
  job: Awaited<ReturnType<typeof openJob>>,
) {
  await fs.promises.mkdir(storage.tmpDir, { recursive: true });
  const tmp = path.join(storage.tmpDir, `${randomUUID()}.${format}`);
  try {
    if (format === 'pdf') {
      const bytes = await renderCertificatesPdf(items, `结业证书 ${projectName}`, async (done) => {
        job.progress(done);
        await yieldToLoop();
      });
      job.phase(PHASE_SAVE, 1);
      await fs.promises.writeFile(tmp, bytes);
    } else {
      const out = fs.createWriteStream(tmp);
      const zip = new ZipWriter(out);
      for (const [i, c] of items.entries()) {
        await zip.add(
          `${safeName(c.schoolName)}-${safeName(c.teacherName)}-${c.number}.pdf`,
          await renderCertificatePdf(c),
        );
        job.progress(i + 1);
        await yieldToLoop();
      }
      job.phase(PHASE_SAVE, 1);
      await zip.finish();
    }
    const stat = await fs.promises.stat(tmp);
    await storage.putFile(key, tmp, {
      size: stat.size,
      sha256: await sha256Of(tmp),
      mime: format === 'pdf' ? 'application/pdf' : 'application/zip',
    });
    job.progress(1);
    await job.done(`已生成 ${items.length} 份证书`);
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The finished file of the caller's own batch job for this project (the project is checked again:
 * access may have changed since).
 */
export async function openCertificateBatch(
  deps: Deps,
  storage: Storage,
  actor: Actor,
  projectId: number,
  jobId: string,
): Promise<{ stream: Readable; filename: string; mime: string }> {
  const a = await projectAccess(deps.db, actor.user, projectId);
  const batch = await one<{ format: 'pdf' | 'zip'; storage_key: string; removed: boolean; status: string | null }>(
    deps.db,
    sql`select b.format, b.storage_key, b.removed_at is not null as removed, j.status
        from certificate_batches b left join jobs j on j.id = b.id
        where b.id = ${jobId} and b.project_id = ${projectId} and ${certificateBatchScope(actor.user, 'b')}`,
  );
  if (!batch) throw notFound('批量证书任务');
  if (batch.removed) throw notFound('批量证书文件（已过期删除，请重新生成）');
  if (batch.status !== 'done') {
    throw conflict(batch.status === 'failed' ? '该批量任务已失败，请重新生成' : '证书还在生成中，请稍候');
  }
  const format = batch.format;
  let stream: Readable;
  try {
    stream = await storage.get(batch.storage_key);
  } catch {
    throw notFound('批量证书文件（可能已过期，请重新生成）');
  }
  return {
    stream,
    filename: batchFilename(a.project.name, format),
    mime: format === 'zip' ? 'application/zip' : 'application/pdf',
  };
}

/** Deletes the files of batches older than KEEP_HOURS (the rows stay, as a record of what was printed). */
export async function removeExpiredBatches(deps: Deps, storage: Storage) {
  const old = await rows<{ id: string; storage_key: string }>(
    deps.db,
    sql`update certificate_batches set removed_at = now()
        where removed_at is null and created_at < now() - ${KEEP_HOURS} * interval '1 hour'
        returning id, storage_key`,
  );
  for (const b of old) await storage.delete(b.storage_key).catch(() => {});
}
