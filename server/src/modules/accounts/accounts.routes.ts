import {
  account,
  accountBody,
  accountImportResult,
  accountListQuery,
  accountUpdateBody,
  activationOverview as activationOverviewSchema,
  bulkSchoolAdminsBody,
  bulkSchoolAdminsResult,
  errorEnvelope,
  idParam,
  importQuery,
  issueSlipsBody,
  okResult,
  resetPasswordBody,
  setDisabledBody,
  slipBatch,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { one } from '../../db/client.js';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { keysOf } from '../../lib/keys.js';
import { attachment, receiveUpload } from '../imports/imports.routes.js';
import { ACCOUNT_EXPORT_COLUMNS } from './accounts.export.js';
import { accountsImportReport, accountTemplate, importAccounts } from './accounts.import.js';
import {
  createAccount,
  getAccount,
  listAccounts,
  resetPassword,
  setDisabled,
  unlockAccount,
  updateAccount,
} from './accounts.service.js';
import { createSchoolAdmins } from './school-admins.js';
import { activationOverview, issueSlips } from './slips.js';

const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
const tags = ['accounts'];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const uploadBody = z
  .object({ file: z.string().meta({ format: 'binary', description: '.xlsx 或 .csv 文件' }) })
  .nullish();

export async function accountsRoutes(app: App, deps: Deps) {
  const { db, cipher, config } = deps;
  const keys = keysOf(config.secret);

  /** What a slip prints: the county's name and where to activate (SHIXUN_PUBLIC_URL, else this host). */
  const slipsFor = (req: FastifyRequest) => async () => {
    const origin = config.publicUrl ? config.publicUrl.replace(/\/+$/, '') : `${req.protocol}://${req.host}`;
    const region = await one<{ name: string }>(db, sql`select name from regions where id = ${userOf(req).regionId}`);
    return { activateUrl: `${origin}/activate`, regionName: region?.name ?? '' };
  };

  app.get(
    '/api/accounts',
    {
      config: { permission: 'accounts.manage' },
      schema: {
        tags,
        summary: '账号列表（本县，含教师账号）',
        querystring: accountListQuery,
        response: { 200: z.object({ items: z.array(account), total: z.number() }), ...errors },
      },
    },
    async (req) => {
      const user = userOf(req);
      return listAccounts(db, user, req.query);
    },
  );

  app.get(
    '/api/accounts/export',
    {
      config: { permission: 'accounts.manage' },
      schema: {
        tags,
        summary: '导出账号列表（.xlsx，筛选条件同列表；不含密码、开通码和身份证号；记入审计日志）',
        querystring: accountListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
        response: errors,
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      return sendAuditedExport(reply, db, actorOf(req), {
        name: '账号列表',
        action: 'account.export',
        entity: 'user',
        filters: req.query,
        columns: ACCOUNT_EXPORT_COLUMNS,
        page: (p) => listAccounts(db, user, { ...req.query, ...p }),
      });
    },
  );

  app.get(
    '/api/accounts/:id',
    {
      config: { permission: 'accounts.manage' },
      schema: { tags, summary: '账号详情', params: idParam, response: { 200: account, ...errors } },
    },
    async (req) => {
      const user = userOf(req);
      return getAccount(db, user, req.params.id);
    },
  );

  app.post(
    '/api/accounts',
    {
      config: { permission: 'accounts.manage' },
      schema: {
        tags,
        summary: '新建管理类账号（不填密码则生成一次性开通码，返回账号开通单；教师账号随教师档案创建）',
        body: accountBody,
        response: { 201: account.extend({ batch: slipBatch.nullable() }), ...errors },
      },
    },
    async (req, reply) => {
      const created = await createAccount(db, { keys, cipher, slipsFor: slipsFor(req) }, actorOf(req), req.body);
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/accounts/:id',
    {
      config: { permission: 'accounts.manage' },
      schema: {
        tags,
        summary: '修改账号（姓名、手机号、角色与管理范围）',
        params: idParam,
        body: accountUpdateBody,
        response: { 200: account, ...errors },
      },
    },
    async (req) => {
      return updateAccount(db, actorOf(req), req.params.id, req.body);
    },
  );

  app.post(
    '/api/accounts/:id/reset-password',
    {
      config: { permission: 'accounts.manage' },
      schema: {
        tags,
        summary: '重置密码（下次登录须修改，并结束该账号的所有会话）',
        params: idParam,
        body: resetPasswordBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await resetPassword(db, { cipher }, actorOf(req), req.params.id, req.body.password);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/accounts/:id/disabled',
    {
      config: { permission: 'accounts.manage' },
      schema: {
        tags,
        summary: '停用/启用账号（停用即结束会话，启用同时解除锁定）',
        params: idParam,
        body: setDisabledBody,
        response: { 200: account, ...errors },
      },
    },
    async (req) => {
      return setDisabled(db, actorOf(req), req.params.id, req.body.disabled);
    },
  );

  app.post(
    '/api/accounts/:id/unlock',
    {
      config: { permission: 'accounts.manage' },
      schema: {
        tags,
        summary: '清除登录延时（连续输错密码后的等待）',
        params: idParam,
        response: { 200: account, ...errors },
      },
    },
    async (req) => {
      return unlockAccount(db, actorOf(req), req.params.id);
    },
  );

  app.get(
    '/api/accounts/activation',
    {
      config: { permission: 'accounts.activation' },
      schema: {
        tags,
        summary: '账号开通情况：每所学校已开通、已发开通码、开通码过期、待发放、仍为身份证号初始密码的账号数',
        response: { 200: activationOverviewSchema, ...errors },
      },
    },
    async (req) => activationOverview(db, userOf(req)),
  );

  app.post(
    '/api/accounts/slips',
    {
      config: { permission: 'accounts.slips' },
      schema: {
        tags,
        summary:
          '发放账号开通单：为选中的学校、教师或账号生成一次性开通码（只返回这一次；旧开通码与身份证号初始密码随之失效）',
        body: issueSlipsBody,
        response: { 200: slipBatch, ...errors },
      },
    },
    async (req) => issueSlips({ db, keys }, actorOf(req), req.body, await slipsFor(req)()),
  );

  app.post(
    '/api/accounts/school-admins',
    {
      config: { permission: 'accounts.manage' },
      schema: {
        tags,
        summary: '批量创建学校管理员账号（用户名规则如 sa{schoolId}、{schoolCode}admin；dryRun 预览；返回开通单）',
        body: bulkSchoolAdminsBody,
        response: {
          200: bulkSchoolAdminsResult,
          ...errors,
          409: errorEnvelope.extend(bulkSchoolAdminsResult.partial().shape),
        },
      },
    },
    async (req) => createSchoolAdmins({ db, keys, slipsFor: slipsFor(req) }, actorOf(req), req.body),
  );

  app.post(
    '/api/accounts/import',
    {
      config: { permission: 'accounts.manage' },
      schema: {
        tags,
        summary:
          '从表格导入账号（.xlsx/.csv：用户名、姓名、角色、学校/学区/教联体、手机号；dryRun 预检；整表无误才写入）',
        consumes: ['multipart/form-data'],
        body: uploadBody,
        querystring: importQuery.pick({ dryRun: true }),
        response: {
          200: accountImportResult,
          422: errorEnvelope.extend(accountImportResult.shape),
          413: errorEnvelope,
          ...errors,
        },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const upload = await receiveUpload(req);
      return importAccounts(
        { db, cipher, keys, slipsFor: slipsFor(req) },
        actor,
        upload.buffer,
        upload.filename,
        req.query.dryRun,
      );
    },
  );

  app.post(
    '/api/accounts/import/report',
    {
      config: { permission: 'accounts.manage' },
      schema: {
        tags,
        summary: '账号导入错误报告：原表格加“错误说明”列（.xlsx）',
        consumes: ['multipart/form-data'],
        body: uploadBody,
        produces: [XLSX_TYPE],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const upload = await receiveUpload(req);
      const report = await accountsImportReport({ db, cipher }, actor, upload.buffer, upload.filename);
      attachment(reply, report.filename, 'accounts-import-errors.xlsx');
      reply.header('x-error-rows', String(report.errorRows));
      return reply.send(report.buffer);
    },
  );

  app.get(
    '/api/accounts/import/template',
    {
      config: { permission: 'accounts.manage' },
      schema: { tags, summary: '下载账号导入模板（.xlsx）', produces: [XLSX_TYPE] },
    },
    async (_req, reply) => {
      attachment(reply, '账号导入模板.xlsx', 'accounts-import-template.xlsx');
      return reply.send(await accountTemplate());
    },
  );
}
