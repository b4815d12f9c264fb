// HTTP for the upper-level results import: the same upload, dry run, skipInvalid and progress as
// the roster imports, county admins only.
import { errorEnvelope, type ImportMapping, importQuery, importResult } from '@shixun/common';
import type { App, Deps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { AppError } from '../../http/errors.js';
import { mappingOf, receiveUpload, uploadBody } from '../imports/imports.routes.js';
import { openJob } from '../imports/jobs.js';
import { importResults } from './results.import.js';

export async function resultsRoutes(app: App, deps: Deps) {
  app.post(
    '/api/trainings/results/import',
    {
      config: { permission: 'results.import' },
      schema: {
        tags: ['trainings'],
        summary:
          '导入上级培训结果（国培/省培/市州培等平台导出的成绩表；dryRun 预检，skipInvalid 跳过错误行，jobId 报告进度；' +
          '本县没有的培训类别在 unknown 中列出，用 mapping 对应或 autoAdd=true 新增）',
        consumes: ['multipart/form-data'],
        body: uploadBody,
        querystring: importQuery,
        response: {
          200: importResult,
          400: errorEnvelope,
          403: errorEnvelope,
          409: errorEnvelope,
          413: errorEnvelope,
          422: errorEnvelope.extend(importResult.shape),
        },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const q = req.query;
      // The job exists before the upload is read, so a client polling it sees 解析文件 at once.
      const job = await openJob(deps.db, actor, q.jobId, 'results.import');
      let upload: Awaited<ReturnType<typeof receiveUpload>>;
      let mapping: ImportMapping | undefined;
      try {
        upload = await receiveUpload(req);
        mapping = mappingOf(upload.fields);
      } catch (err) {
        await job.fail(err instanceof AppError ? err.message : '文件上传失败').catch(() => {});
        throw err;
      }
      const started = performance.now();
      const result = await importResults(deps, actor, upload.buffer, upload.filename, {
        dryRun: q.dryRun,
        skipInvalid: q.skipInvalid,
        autoAdd: q.autoAdd,
        mapping,
        job,
      });
      const ms = performance.now() - started;
      req.log.info(
        { kind: 'results.import', dryRun: q.dryRun, rows: result.total, ms: Math.round(ms) },
        'import finished',
      );
      return result;
    },
  );
}
