// HTTP for training providers (承训机构): the county's register, accounts, commissioned projects;
// a provider account's own page.
import {
  commissionBody,
  commissionParams,
  errorEnvelope,
  idParam,
  okResult,
  providerAccountBody,
  providerAccountCreated,
  providerBody,
  providerDetail,
  providerList,
  providerListQuery,
  providerSelf,
  providerUpdateBody,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { one } from '../../db/client.js';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { keysOf } from '../../lib/keys.js';
import { XLSX_MIME } from '../../lib/xlsx-export.js';
import { listProviders } from './providers.repo.js';
import {
  commissionProject,
  createProvider,
  createProviderAccount,
  getOwnProvider,
  getProviderDetail,
  listProviderPage,
  updateProvider,
  withdrawCommission,
} from './providers.service.js';

const tags = ['providers'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };

export async function providersRoutes(app: App, deps: Deps) {
  const { db, cipher, config } = deps;
  const keys = keysOf(config.secret);
  const slipsFor = (req: FastifyRequest) => async () => {
    const origin = config.publicUrl ? config.publicUrl.replace(/\/+$/, '') : `${req.protocol}://${req.host}`;
    const region = await one<{ name: string }>(db, sql`select name from regions where id = ${userOf(req).regionId}`);
    return { activateUrl: `${origin}/activate`, regionName: region?.name ?? '' };
  };

  app.get(
    '/api/providers',
    {
      config: { permission: 'providers.read' },
      schema: {
        tags,
        summary: '承训机构名录（本县；按名称搜索，含账号数、受托项目数）',
        querystring: providerListQuery,
        response: { 200: providerList, ...errors },
      },
    },
    async (req) => listProviderPage(db, userOf(req), req.query),
  );
  app.get(
    '/api/providers/export',
    {
      config: { permission: 'providers.read' },
      schema: {
        tags,
        summary: '导出承训机构名录（.xlsx，筛选同列表；记入审计日志）',
        querystring: providerListQuery,
        produces: [XLSX_MIME],
        response: { 401: errorEnvelope, 403: errorEnvelope },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      return sendAuditedExport(reply, db, actor, {
        name: '承训机构',
        action: 'provider.export',
        entity: 'provider',
        filters: req.query,
        rows: await listProviders(db, actor.user, req.query),
        columns: [
          { header: '机构名称', key: 'name', width: 30 },
          { header: '类型', key: 'kind', width: 14 },
          { header: '联系人', key: 'contact', width: 10 },
          { header: '联系电话', key: 'phone', width: 16 },
          { header: '地址', key: 'address', width: 30 },
          { header: '状态', key: 'active', width: 8, value: (r) => (r.active ? '在用' : '停用') },
          { header: '账号（个）', key: 'account_count', width: 10, value: (r) => Number(r.account_count) },
          { header: '受托项目（个）', key: 'project_count', width: 12, value: (r) => Number(r.project_count) },
          { header: '备注', key: 'note', width: 30 },
        ],
      });
    },
  );
  app.get(
    '/api/providers/me',
    {
      config: { permission: 'providers.self' },
      schema: {
        tags,
        summary: '本机构信息和受托项目（承训机构账号）',
        response: { 200: providerSelf, ...errors },
      },
    },
    async (req) => getOwnProvider(db, userOf(req)),
  );
  app.get(
    '/api/providers/:id',
    {
      config: { permission: 'providers.read' },
      schema: {
        tags,
        summary: '承训机构详情：账号、受托项目',
        params: idParam,
        response: { 200: providerDetail, ...errors },
      },
    },
    async (req) => getProviderDetail(db, userOf(req), req.params.id),
  );
  app.post(
    '/api/providers',
    {
      config: { permission: 'providers.manage' },
      schema: {
        tags,
        summary: '登记承训机构（县级管理员）',
        body: providerBody,
        response: { 201: z.object({ id: z.number() }), ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await createProvider(db, actorOf(req), req.body) }),
  );
  app.patch(
    '/api/providers/:id',
    {
      config: { permission: 'providers.manage' },
      schema: {
        tags,
        summary: '修改承训机构；active=false 停用（其账号随之停用）',
        params: idParam,
        body: providerUpdateBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await updateProvider(db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/providers/:id/accounts',
    {
      config: { permission: 'providers.manage' },
      schema: {
        tags,
        summary:
          '为承训机构开通账号（角色：承训机构；返回一次性开通码的账号开通单，只显示这一次）。该账号只能看到委托给本机构的项目',
        params: idParam,
        body: providerAccountBody,
        response: { 201: providerAccountCreated, ...errors },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await createProviderAccount(
            db,
            { keys, cipher, slipsFor: slipsFor(req) },
            actorOf(req),
            req.params.id,
            req.body,
          ),
        ),
  );
  app.post(
    '/api/providers/:id/projects',
    {
      config: { permission: 'providers.manage' },
      schema: {
        tags,
        summary: '委托项目给承训机构（县级组织的项目；机构账号可安排课次、考勤、成绩）',
        params: idParam,
        body: commissionBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await commissionProject(db, actorOf(req), req.params.id, req.body.projectId);
      return { ok: true as const };
    },
  );
  app.delete(
    '/api/providers/:id/projects/:projectId',
    {
      config: { permission: 'providers.manage' },
      schema: {
        tags,
        summary: '撤回委托：机构账号不再看到该项目',
        params: commissionParams,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await withdrawCommission(db, actorOf(req), req.params.id, req.params.projectId);
      return { ok: true as const };
    },
  );
}
