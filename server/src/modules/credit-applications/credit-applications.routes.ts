// HTTP for 学时申报 (teacher applies, school reviews, county decides) and the historical credit import.
import {
  applicationKindList,
  applicationListQuery,
  countyDecisionBody,
  creditApplication,
  creditApplicationBody,
  creditApplicationList,
  errorEnvelope,
  type ImportMapping,
  idParam,
  importQuery,
  importResult,
  schoolReviewBody,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { AppError } from '../../http/errors.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { registerAttachmentOwner } from '../attachments/attachments.service.js';
import { attachment, uploadBody as importUploadBody, mappingOf, receiveUpload } from '../imports/imports.routes.js';
import { openJob } from '../imports/jobs.js';
import { APPLICATION_EXPORT_COLUMNS } from './credit-applications.export.js';
import { canReadApplication, listApplications, OWNER_KIND, presentOne } from './credit-applications.repo.js';
import {
  decideApplication,
  reviewApplication,
  submitApplication,
  updateApplication,
  withdrawApplication,
} from './credit-applications.service.js';
import { creditErrorReport, creditTemplate, importCredits } from './credit-import.js';
import { applicationKinds } from './rules.js';

const tags = ['credit-applications'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const uploadBody = z
  .object({ file: z.string().meta({ format: 'binary', description: '.xlsx 或 .csv 文件' }) })
  .nullish();

export async function creditApplicationsRoutes(app: App, deps: Deps) {
  const { db } = deps;
  registerAttachmentOwner(OWNER_KIND, (exec, user, id) => canReadApplication(exec, user, id));

  app.get(
    '/api/credit-applications/kinds',
    {
      config: { permission: 'credit-applications.read' },
      schema: {
        tags,
        summary: '可申报的学习类别及本县折算规则（学历提升、论文发表、公开课/示范课、竞赛获奖、其他平台课程…）',
        response: { 200: applicationKindList, 401: errorEnvelope },
      },
    },
    async (req) => applicationKinds(db, userOf(req).regionId),
  );

  app.get(
    '/api/credit-applications',
    {
      config: { permission: 'credit-applications.read' },
      schema: {
        tags,
        summary: '学时申报列表（教师只看自己的，学校管理员看本校，学区管理员看本学区，县级看全县；待办在前）',
        querystring: applicationListQuery,
        response: { 200: creditApplicationList, ...errors },
      },
    },
    async (req) => listApplications(db, userOf(req), req.query),
  );

  app.get(
    '/api/credit-applications/export',
    {
      config: { permission: 'credit-applications.read' },
      schema: {
        tags,
        summary: '导出学时申报（.xlsx，筛选条件同列表，按调用者范围）',
        querystring: applicationListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
        response: { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req, reply) =>
      sendAuditedExport(reply, db, actorOf(req), {
        name: '学时申报',
        action: 'credit_application.export',
        entity: 'credit_application',
        columns: APPLICATION_EXPORT_COLUMNS,
        filters: req.query,
        page: (p) => listApplications(db, userOf(req), { ...req.query, ...p }),
      }),
  );

  app.get(
    '/api/credit-applications/:id',
    {
      config: { permission: 'credit-applications.read' },
      schema: {
        tags,
        summary: '学时申报详情（含附件）',
        params: idParam,
        response: { 200: creditApplication, ...errors },
      },
    },
    async (req) => presentOne(db, userOf(req), req.params.id),
  );

  app.post(
    '/api/credit-applications',
    {
      config: { permission: 'credit-applications.submit' },
      schema: {
        tags,
        summary: '教师提交学时申报（附件先上传到 /api/attachments，purpose=credit_application）',
        body: creditApplicationBody,
        response: { 200: creditApplication, ...errors },
      },
    },
    async (req) => submitApplication(db, actorOf(req), req.body),
  );

  app.put(
    '/api/credit-applications/:id',
    {
      config: { permission: 'credit-applications.submit' },
      schema: {
        tags,
        summary: '教师修改待审核的申报，或修改被退回的申报并重新提交',
        params: idParam,
        body: creditApplicationBody,
        response: { 200: creditApplication, ...errors },
      },
    },
    async (req) => updateApplication(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/credit-applications/:id/withdraw',
    {
      config: { permission: 'credit-applications.submit' },
      schema: {
        tags,
        summary: '教师撤回尚未认定的申报',
        params: idParam,
        response: { 200: creditApplication, ...errors },
      },
    },
    async (req) => withdrawApplication(db, actorOf(req), req.params.id),
  );

  app.post(
    '/api/credit-applications/:id/review',
    {
      config: { permission: 'credit-applications.review' },
      schema: {
        tags,
        summary: '学校审核：报县级审批（pass）或退回（return，须填原因）',
        params: idParam,
        body: schoolReviewBody,
        response: { 200: creditApplication, ...errors },
      },
    },
    async (req) => reviewApplication(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/credit-applications/:id/decide',
    {
      config: { permission: 'credit-applications.decide' },
      schema: {
        tags,
        summary: '县级审批：认定学时（approve，记入学时台账）或退回（return，须填原因）',
        params: idParam,
        body: countyDecisionBody,
        response: { 200: creditApplication, ...errors },
      },
    },
    async (req) => decideApplication(db, actorOf(req), req.params.id, req.body),
  );

  // ---------- historical credit import ----------

  app.post(
    '/api/credits/import',
    {
      config: { permission: 'credits.import' },
      schema: {
        tags,
        summary:
          '导入历史学时（上级平台导出的学时/学分表；dryRun 预检，skipInvalid 跳过错误行，jobId 报告进度；重复导入不会重复记入；' +
          '本县没有的培训类别在 unknown 中列出，用 mapping 对应或 autoAdd=true 新增）',
        consumes: ['multipart/form-data'],
        body: importUploadBody,
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
      const job = await openJob(db, actor, q.jobId, 'credits.import');
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
      const result = await importCredits(deps, actor, upload.buffer, upload.filename, {
        dryRun: q.dryRun,
        skipInvalid: q.skipInvalid,
        autoAdd: q.autoAdd,
        mapping,
        job,
      });
      req.log.info(
        { kind: 'credits.import', dryRun: q.dryRun, rows: result.total, ms: Math.round(performance.now() - started) },
        'import finished',
      );
      return result;
    },
  );

  app.post(
    '/api/credits/import/report',
    {
      config: { permission: 'credits.import' },
      schema: {
        tags,
        summary: '历史学时导入的错误报告：原表格加“错误说明”列，错误单元格标红（返回 .xlsx）',
        consumes: ['multipart/form-data'],
        body: uploadBody,
        produces: [XLSX_TYPE],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const upload = await receiveUpload(req);
      const report = await creditErrorReport(deps, actor, upload.buffer, upload.filename);
      attachment(reply, report.filename, 'credits-import-errors.xlsx');
      reply.header('x-error-rows', String(report.errorRows));
      return reply.send(report.buffer);
    },
  );

  app.get(
    '/api/credits/import/template',
    {
      config: { permission: 'credits.import' },
      schema: { tags, summary: '下载历史学时导入模板（.xlsx）', produces: [XLSX_TYPE] },
    },
    async (_req, reply) => {
      attachment(reply, '历史学时导入模板.xlsx', 'credits-import-template.xlsx');
      return reply.send(await creditTemplate());
    },
  );
}
