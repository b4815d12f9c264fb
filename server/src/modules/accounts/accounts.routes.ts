import {
  account,
  accountBody,
  accountListQuery,
  accountUpdateBody,
  errorEnvelope,
  idParam,
  okResult,
  resetPasswordBody,
  setDisabledBody,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import {
  createAccount,
  getAccount,
  listAccounts,
  resetPassword,
  setDisabled,
  unlockAccount,
  updateAccount,
} from './accounts.service.js';

const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
const tags = ['accounts'];

export async function accountsRoutes(app: App, deps: Deps) {
  const { db } = deps;

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
        summary: '新建管理类账号（教师账号随教师档案创建）',
        body: accountBody,
        response: { 201: account, ...errors },
      },
    },
    async (req, reply) => {
      const created = await createAccount(db, actorOf(req), req.body);
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
      await resetPassword(db, actorOf(req), req.params.id, req.body.password);
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
      schema: { tags, summary: '解除登录锁定', params: idParam, response: { 200: account, ...errors } },
    },
    async (req) => {
      return unlockAccount(db, actorOf(req), req.params.id);
    },
  );
}
