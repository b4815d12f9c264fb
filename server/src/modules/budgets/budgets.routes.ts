// HTTP for the county's money settings, training budgets with their execution, and expenses.
import {
  budgetDetail,
  budgetDetailQuery,
  budgetOverview,
  budgetOverviewQuery,
  budgetPutBody,
  budgetYearQuery,
  errorEnvelope,
  expenseCreateBody,
  expenseList,
  expenseListQuery,
  type ImportMapping,
  idParam,
  importQuery,
  importResult,
  moneySettings,
  moneySettingsBody,
  okResult,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { AppError } from '../../http/errors.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { datedFilename, sendXlsx, XLSX_MIME } from '../../lib/xlsx-export.js';
import { registerAttachmentOwner } from '../attachments/attachments.service.js';
import { attachment, mappingOf, receiveUpload, uploadBody } from '../imports/imports.routes.js';
import { openJob } from '../imports/jobs.js';
import { budgetErrorReport, budgetTemplate, importBudgets } from './budgets.import.js';
import {
  budgetExportRows,
  budgetDetail as loadBudgetDetail,
  budgetOverview as loadBudgetOverview,
  readSettings,
  saveBudgets,
  saveSettings,
} from './budgets.service.js';
import { EXPENSE_EXPORT_COLUMNS } from './expenses.export.js';
import { canReadExpense, createExpense, deleteExpense, EXPENSE_OWNER, listExpenses } from './expenses.service.js';

const tags = ['budgets'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
const num = (v: string | null) => (v == null ? null : Number(v));

export async function budgetsRoutes(app: App, deps: Deps) {
  const { db, read } = deps;
  registerAttachmentOwner(EXPENSE_OWNER, canReadExpense);

  app.get(
    '/api/money/settings',
    {
      config: { permission: 'budgets.rules' },
      schema: {
        tags,
        summary: '经费设置：培训经费占公用经费的比例（5%/10%）、报销是否须先完成成果汇报',
        response: { 200: moneySettings, ...errors },
      },
    },
    async (req) => readSettings(db, userOf(req)),
  );

  app.put(
    '/api/money/settings',
    {
      config: { permission: 'budgets.configure' },
      schema: {
        tags,
        summary: '修改经费设置（县级管理员）；可同时按新比例重算某年各校预算',
        body: moneySettingsBody,
        response: { 200: moneySettings, ...errors },
      },
    },
    async (req) => saveSettings(db, actorOf(req), req.body),
  );

  app.get(
    '/api/budgets',
    {
      config: { permission: 'budgets.read' },
      schema: {
        tags,
        summary: '预算执行总览：各校公用经费、培训预算、已支出、结余、执行率（分页），县级经费及合计',
        querystring: budgetOverviewQuery,
        response: { 200: budgetOverview, ...errors },
      },
    },
    async (req) => loadBudgetOverview(read, userOf(req), req.query),
  );

  app.put(
    '/api/budgets',
    {
      config: { permission: 'budgets.configure' },
      schema: {
        tags,
        summary: '批量设置某年各校公用经费（预算 = 公用经费 × 比例，四舍五入到分）及县级培训经费（县级管理员）',
        body: budgetPutBody,
        response: { 200: z.object({ saved: z.number(), trainingShare: z.string() }), ...errors },
      },
    },
    async (req) => saveBudgets(db, actorOf(req), req.body),
  );

  // ---------- public funds from a spreadsheet ----------

  const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const budgetImportQuery = importQuery.extend(budgetYearQuery.shape);

  app.post(
    '/api/budgets/import',
    {
      config: { permission: 'budgets.configure' },
      schema: {
        tags,
        summary:
          '导入某年各校公用经费（财政下达的表或预算执行表改后导回；学校可用简称；县级培训经费一行填培训预算；' +
          'dryRun 预检，skipInvalid 跳过错误行，jobId 报告进度；对不上的学校名称在 unknown 中列出，用 mapping 对应到已有学校；' +
          'autoAdd=true 与其他导入相同，新增的字典条目在 added 中列出）',
        consumes: ['multipart/form-data'],
        body: uploadBody,
        querystring: budgetImportQuery,
        response: {
          200: importResult,
          ...errors,
          413: errorEnvelope,
          422: errorEnvelope.extend(importResult.shape),
        },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const q = req.query;
      const job = await openJob(db, actor, q.jobId, 'budgets.import');
      let upload: Awaited<ReturnType<typeof receiveUpload>>;
      let mapping: ImportMapping | undefined;
      try {
        upload = await receiveUpload(req);
        mapping = mappingOf(upload.fields);
      } catch (err) {
        await job.fail(err instanceof AppError ? err.message : '文件上传失败').catch(() => {});
        throw err;
      }
      return importBudgets(deps, actor, q.year, upload.buffer, upload.filename, {
        dryRun: q.dryRun,
        skipInvalid: q.skipInvalid,
        autoAdd: q.autoAdd,
        mapping,
        job,
      });
    },
  );

  app.post(
    '/api/budgets/import/report',
    {
      config: { permission: 'budgets.configure' },
      schema: {
        tags,
        summary: '公用经费导入的错误报告：原表格加“错误说明”列，错误单元格标红（返回 .xlsx）',
        consumes: ['multipart/form-data'],
        body: uploadBody,
        querystring: budgetYearQuery,
        produces: [XLSX_TYPE],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const upload = await receiveUpload(req);
      const report = await budgetErrorReport(deps, actor, req.query.year, upload.buffer, upload.filename);
      attachment(reply, report.filename, 'budgets-import-errors.xlsx');
      reply.header('x-error-rows', String(report.errorRows));
      return reply.send(report.buffer);
    },
  );

  app.get(
    '/api/budgets/import/template',
    {
      config: { permission: 'budgets.configure' },
      schema: {
        tags,
        summary: '下载某年公用经费导入模板（.xlsx，列出本县每所学校及已填的公用经费）',
        querystring: budgetYearQuery,
        produces: [XLSX_TYPE],
      },
    },
    async (req, reply) => {
      const user = actorOf(req).user;
      const year = req.query.year;
      attachment(reply, `${year}年公用经费导入模板.xlsx`, `budgets-${year}-import-template.xlsx`);
      return reply.send(await budgetTemplate(db, user.regionId, year));
    },
  );

  app.get(
    '/api/budgets/detail',
    {
      config: { permission: 'budgets.read' },
      schema: {
        tags,
        summary: '一所学校（或县级）某年的预算执行：按支出类别、按项目',
        querystring: budgetDetailQuery,
        response: { 200: budgetDetail, ...errors },
      },
    },
    async (req) => loadBudgetDetail(read, userOf(req), req.query.year, req.query.schoolId),
  );

  app.get(
    '/api/budgets/export',
    {
      config: { permission: 'budgets.read' },
      schema: {
        tags,
        summary: '导出预算执行表（.xlsx）',
        querystring: budgetYearQuery,
        response: { 200: z.any(), ...errors },
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const year = req.query.year;
      return sendXlsx(reply, datedFilename(`${year}年培训经费预算执行`), {
        sheetName: `${year}年预算执行`,
        rows: budgetExportRows(read, user, year),
        columns: [
          { header: '单位', key: 'schoolName', width: 28 },
          { header: '学区', key: 'areaName', width: 14 },
          { header: '公用经费（元）', key: 'publicFunds', width: 16, value: (r) => num(r.publicFunds) },
          {
            header: '培训经费比例',
            key: 'share',
            width: 12,
            value: (r) => (r.share == null ? null : `${Number(r.share) * 100}%`),
          },
          { header: '培训预算（元）', key: 'budget', width: 16, value: (r) => num(r.budget) },
          { header: '已支出（元）', key: 'spent', width: 14, value: (r) => num(r.spent) },
          { header: '结余（元）', key: 'remaining', width: 14, value: (r) => num(r.remaining) },
          { header: '执行率（%）', key: 'rate', width: 12 },
        ],
      });
    },
  );

  // ---------- expenses ----------

  app.get(
    '/api/expenses',
    {
      config: { permission: 'budgets.read' },
      schema: {
        tags,
        summary: '培训支出明细（按年度、学校/县级、项目、类别筛选），含票据与合计',
        querystring: expenseListQuery,
        response: { 200: expenseList, ...errors },
      },
    },
    async (req) => listExpenses(read, userOf(req), req.query),
  );

  app.get(
    '/api/expenses/export',
    {
      config: { permission: 'budgets.read' },
      schema: {
        tags,
        summary: '导出培训支出明细（.xlsx，筛选条件同列表，按调用者范围）',
        querystring: expenseListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_MIME],
        response: { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req, reply) =>
      sendAuditedExport(reply, db, actorOf(req), {
        name: '培训支出明细',
        action: 'expense.export',
        entity: 'expense',
        columns: EXPENSE_EXPORT_COLUMNS,
        filters: req.query,
        page: (p) => listExpenses(read, userOf(req), { ...req.query, ...p }),
      }),
  );

  app.post(
    '/api/expenses',
    {
      config: { permission: 'budgets.write' },
      schema: {
        tags,
        summary: '登记培训支出（县级经费或本校经费），可附票据',
        body: expenseCreateBody,
        response: { 200: z.object({ id: z.number() }), ...errors },
      },
    },
    async (req) => createExpense(db, actorOf(req), req.body),
  );

  app.delete(
    '/api/expenses/:id',
    {
      config: { permission: 'budgets.write' },
      schema: {
        tags,
        summary: '删除直接登记的支出（报销生成的支出须退回报销单）',
        params: idParam,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await deleteExpense(db, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
}
