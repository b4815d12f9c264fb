// HTTP for honours (荣誉): levels, list and export, entry, verification, the sheet import, and the
// yearly counts per level (GET /api/stats/honours, tagged stats).
import {
  errorEnvelope,
  honourBody,
  honourLevelList,
  honourList,
  honourListQuery,
  honourStatsQuery,
  honourStats as honourStatsSchema,
  honourUpdateBody,
  honourVerifyBody,
  honourVerifyResult,
  idParam,
  importQuery,
  importResult,
  okResult,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { AppError } from '../../http/errors.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { XLSX_MIME } from '../../lib/xlsx-export.js';
import { registerAttachmentOwner } from '../attachments/attachments.service.js';
import { attachment, receiveUpload } from '../imports/imports.routes.js';
import { openJob } from '../imports/jobs.js';
import { honourErrorReport, honourTemplate, importHonours } from './honours.import.js';
import { listHonours } from './honours.repo.js';
import {
  canReadHonour,
  createHonour,
  deleteHonour,
  HONOUR_OWNER,
  honourStats,
  listHonourPage,
  updateHonour,
  verifyHonours,
} from './honours.service.js';
import { honourLevels } from './levels.js';

const tags = ['honours'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
const uploadBody = z
  .object({ file: z.string().meta({ format: 'binary', description: '.xlsx 或 .csv 文件' }) })
  .nullish();
const { page: _page, pageSize: _pageSize, ...filterShape } = honourListQuery.shape;
const exportQuery = z.object(filterShape);

const thisYear = () => Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));

export async function honoursRoutes(app: App, deps: Deps) {
  const { db, read } = deps;
  registerAttachmentOwner(HONOUR_OWNER, canReadHonour);

  app.get(
    '/api/honours/levels',
    {
      config: { permission: 'honours.read' },
      schema: {
        tags,
        summary: '荣誉级别（本县在用的级别及其统计口径）',
        response: { 200: honourLevelList, ...errors },
      },
    },
    async (req) => ({
      items: (await honourLevels(db, userOf(req).regionId)).map(({ key, label }) => ({ key, label })),
    }),
  );
  app.get(
    '/api/honours',
    {
      config: { permission: 'honours.read' },
      schema: {
        tags,
        summary: '教师荣誉列表（按年度、级别、认定状态、学校、姓名或荣誉名称筛选；范围内）',
        querystring: honourListQuery,
        response: { 200: honourList, ...errors },
      },
    },
    async (req) => listHonourPage(read, userOf(req), req.query),
  );
  app.get(
    '/api/honours/export',
    {
      config: { permission: 'honours.read' },
      schema: {
        tags,
        summary: '导出教师荣誉（.xlsx，筛选同列表，身份证号脱敏；记入审计日志）',
        querystring: exportQuery,
        produces: [XLSX_MIME],
        response: { 401: errorEnvelope, 403: errorEnvelope },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const status = { pending: '待认定', verified: '已认定', rejected: '未认定' } as Record<string, string>;
      return sendAuditedExport(reply, db, actor, {
        name: '教师荣誉',
        action: 'honour.export',
        entity: 'honour',
        filters: req.query,
        page: (p) => listHonours(read, actor.user, { ...req.query, ...p }),
        columns: [
          { header: '姓名', key: 'teacher_name', width: 10 },
          { header: '身份证号', key: 'id_masked', width: 22 },
          { header: '学校', key: 'school_name', width: 26 },
          { header: '荣誉名称', key: 'title', width: 30 },
          { header: '级别', key: 'level', width: 8 },
          { header: '年度', key: 'year', width: 8, value: (r) => Number(r.year) },
          { header: '授予单位', key: 'awarding_body', width: 22 },
          { header: '获奖日期', key: 'awarded_on', width: 12 },
          { header: '认定状态', key: 'status', width: 10, value: (r) => status[r.status] ?? r.status },
        ],
      });
    },
  );
  app.post(
    '/api/honours',
    {
      config: { permission: 'honours.write' },
      schema: {
        tags,
        summary: '登记教师荣誉（学校登记待县里认定；县级管理员登记即认定）',
        body: honourBody,
        response: { 201: z.object({ id: z.number() }), ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await createHonour(db, actorOf(req), req.body) }),
  );
  app.patch(
    '/api/honours/:id',
    {
      config: { permission: 'honours.write' },
      schema: {
        tags,
        summary: '修改荣誉（学校只能改未认定的，改后重新待认定；attachmentIds 为证书扫描件的完整列表）',
        params: idParam,
        body: honourUpdateBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await updateHonour(db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
  app.delete(
    '/api/honours/:id',
    {
      config: { permission: 'honours.write' },
      schema: {
        tags,
        summary: '删除荣誉（学校只能删未认定的）',
        params: idParam,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await deleteHonour(db, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/honours/verify',
    {
      config: { permission: 'honours.verify' },
      schema: {
        tags,
        summary: '认定或不予认定（须填原因）学校登记的荣誉，可批量；通知教师本人',
        body: honourVerifyBody,
        response: { 200: honourVerifyResult, ...errors },
      },
    },
    async (req) => verifyHonours(db, actorOf(req), req.body),
  );

  app.post(
    '/api/honours/import',
    {
      config: { permission: 'honours.write' },
      schema: {
        tags,
        summary:
          '导入教师荣誉（.xlsx / .csv，列：身份证号、姓名、荣誉名称、级别、年度、授予单位，可选获奖日期；dryRun 预检）',
        description:
          '同一教师同一年度同名的荣誉只登记一次：重复导入同一份表格不新增任何记录；级别或授予单位不同则更新原记录。' +
          '应答与其他导入相同：{ total, created, updated, skipped, errors: [{ row, column, message }] }。' +
          '县级管理员导入的荣誉直接认定，学校导入的待县里认定（学校不能通过导入修改已认定的荣誉）。',
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
      const job = await openJob(db, actor, q.jobId, 'honours.import');
      let upload: Awaited<ReturnType<typeof receiveUpload>>;
      try {
        upload = await receiveUpload(req);
      } catch (err) {
        await job.fail(err instanceof AppError ? err.message : '文件上传失败').catch(() => {});
        throw err;
      }
      return importHonours(deps, actor, upload.buffer, upload.filename, {
        dryRun: q.dryRun,
        skipInvalid: q.skipInvalid,
        job,
      });
    },
  );
  app.post(
    '/api/honours/import/report',
    {
      config: { permission: 'honours.write' },
      schema: {
        tags,
        summary: '荣誉导入的错误报告：原表格加“错误说明”列，错误单元格标红（返回 .xlsx）',
        consumes: ['multipart/form-data'],
        body: uploadBody,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => {
      const upload = await receiveUpload(req);
      const report = await honourErrorReport(deps, actorOf(req), upload.buffer, upload.filename);
      attachment(reply, report.filename, 'honours-import-errors.xlsx');
      reply.header('x-error-rows', String(report.errorRows));
      return reply.send(report.buffer);
    },
  );
  app.get(
    '/api/honours/import/template',
    {
      config: { permission: 'honours.write' },
      schema: { tags, summary: '下载教师荣誉导入模板（.xlsx）', produces: [XLSX_MIME] },
    },
    async (req, reply) => {
      attachment(reply, '教师荣誉导入模板.xlsx', 'honours-import-template.xlsx');
      return reply.send(await honourTemplate(await honourLevels(db, userOf(req).regionId)));
    },
  );

  app.get(
    '/api/stats/honours',
    {
      config: { permission: 'stats.read' },
      schema: {
        tags: ['stats'],
        summary: '教师荣誉统计：某年已认定的荣誉按级别计数（国家级、省级、州市级、县级、校级），调用者范围内',
        description:
          '应答 { national, provincial, prefectural, county, school, total }；按荣誉登记时所在学校计入范围，' +
          '只计县里已认定的荣誉；year 缺省为今年（北京时间）。',
        querystring: honourStatsQuery,
        response: { 200: honourStatsSchema, ...errors },
      },
    },
    async (req) => honourStats(read, userOf(req), req.query.year ?? thisYear()),
  );
}
