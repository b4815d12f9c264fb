// HTTP for the upper-level results import: the same upload, dry run, skipInvalid, progress, error
// report and template as the roster imports, county admins only. With projectId the sheet is one
// upper-level project's (the import from that project's page): only who and how they did.
import { dbId, errorEnvelope, type ImportMapping, importQuery, importResult } from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import type { Actor } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { attachment, mappingOf, receiveUpload, uploadBody } from '../imports/imports.routes.js';
import { openJob } from '../imports/jobs.js';
import { reportFor } from '../imports/report.js';
import { type FixedProject, importResults, loadFixedProject, resultImporterFor } from './results.import.js';
import { resultsTemplate } from './results.template.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const projectQuery = z.object({
  projectId: dbId
    .optional()
    .describe('上级培训项目：表中每一行都记入该项目，表格只需身份证号、姓名、考核结果（成绩、证书编号可选）'),
});

async function fixedOf(deps: Deps, actor: Actor, projectId: number | undefined): Promise<FixedProject | undefined> {
  return projectId == null ? undefined : loadFixedProject(deps, actor.user, projectId);
}
export async function resultsRoutes(app: App, deps: Deps) {
  app.post(
    '/api/trainings/results/import',
    {
      config: { permission: 'results.import' },
      schema: {
        tags: ['trainings'],
        summary:
          '导入上级培训结果（国培/省培/市州培等平台导出的成绩表；dryRun 预检，skipInvalid 跳过错误行，jobId 报告进度；' +
          'projectId 导入到指定项目；本县没有的培训类别在 unknown 中列出，用 mapping 对应或 autoAdd=true 新增）',
        consumes: ['multipart/form-data'],
        body: uploadBody,
        querystring: importQuery.extend(projectQuery.shape),
        response: {
          200: importResult,
          400: errorEnvelope,
          403: errorEnvelope,
          404: errorEnvelope,
          409: errorEnvelope,
          413: errorEnvelope,
          422: errorEnvelope.extend(importResult.shape),
        },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const q = req.query;
      const fixed = await fixedOf(deps, actor, q.projectId);
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
      const result = await importResults(
        deps,
        actor,
        upload.buffer,
        upload.filename,
        { dryRun: q.dryRun, skipInvalid: q.skipInvalid, autoAdd: q.autoAdd, mapping, job },
        fixed,
      );
      const ms = performance.now() - started;
      req.log.info(
        { kind: 'results.import', dryRun: q.dryRun, rows: result.total, ms: Math.round(ms), projectId: q.projectId },
        'import finished',
      );
      return result;
    },
  );

  app.post(
    '/api/trainings/results/import/report',
    {
      config: { permission: 'results.import' },
      schema: {
        tags: ['trainings'],
        summary: '上级培训结果导入的错误报告：原表格加“错误说明”列，错误单元格标红（返回 .xlsx）',
        consumes: ['multipart/form-data'],
        body: uploadBody,
        querystring: projectQuery,
        produces: [XLSX_TYPE],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const fixed = await fixedOf(deps, actor, req.query.projectId);
      const upload = await receiveUpload(req);
      const report = await reportFor(deps, actor, upload.buffer, upload.filename, resultImporterFor(fixed));
      attachment(reply, report.filename, 'results-import-errors.xlsx');
      reply.header('x-error-rows', String(report.errorRows));
      return reply.send(report.buffer);
    },
  );

  app.get(
    '/api/trainings/results/import/template',
    {
      config: { permission: 'results.import' },
      schema: {
        tags: ['trainings'],
        summary: '下载上级培训结果导入模板（.xlsx；带 projectId 时为该项目的成绩表，只含学员与结果列）',
        querystring: projectQuery,
        produces: [XLSX_TYPE],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const fixed = await fixedOf(deps, actor, req.query.projectId);
      attachment(
        reply,
        fixed ? `${fixed.name}-结果导入模板.xlsx` : '上级培训结果导入模板.xlsx',
        'results-import-template.xlsx',
      );
      return reply.send(await resultsTemplate(fixed));
    },
  );
}
