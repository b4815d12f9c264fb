import { activateBody, changePasswordBody, errorEnvelope, loginBody, me, okResult } from '@shixun/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, createSession, destroySession, loadCurrentUser, SESSION_COOKIE, userOf } from '../../http/auth.js';
import { sha256 } from '../../lib/crypto.js';
import { keysOf } from '../../lib/keys.js';
import { activateAccount } from './activation.js';
import { changePassword, getMe, login, type RequestMeta } from './auth.service.js';
import { DEVICE_COOKIE, rememberDevice } from './device.js';

const metaOf = (req: FastifyRequest): RequestMeta => ({
  ip: req.ip ?? null,
  userAgent: req.headers['user-agent']?.slice(0, 300) ?? null,
  device: req.cookies[DEVICE_COOKIE],
});

export async function authRoutes(app: App, deps: Deps) {
  const { db, cipher, config } = deps;
  const loginDeps = { db, cipher, keys: keysOf(config.secret) };

  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: '登录（用户名、手机号或身份证号 + 密码；失败过多时按账号与地址逐步延时，不锁定账号）',
        body: loginBody,
        response: {
          200: z.object({ user: me }),
          401: errorEnvelope,
          403: errorEnvelope,
          429: errorEnvelope,
        },
      },
    },
    async (req, reply) => {
      const meta = metaOf(req);
      const { userId } = await login(loginDeps, req.body, meta);
      await createSession(db, config, reply, userId, meta);
      rememberDevice(loginDeps.keys, config, reply, meta.device, userId);
      const u = await loadCurrentUser(db, userId);
      return { user: await getMe(db, u) };
    },
  );

  app.post(
    '/api/auth/activate',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: '首次登录：账号 + 账号开通单上的开通码 + 自设新密码（开通码一次有效，记入审计日志）',
        body: activateBody,
        response: {
          200: z.object({ user: me }),
          400: errorEnvelope,
          401: errorEnvelope,
          403: errorEnvelope,
          429: errorEnvelope,
        },
      },
    },
    async (req, reply) => {
      const meta = metaOf(req);
      const { userId } = await activateAccount(loginDeps, req.body, meta);
      await createSession(db, config, reply, userId, meta);
      rememberDevice(loginDeps.keys, config, reply, meta.device, userId);
      const u = await loadCurrentUser(db, userId);
      return { user: await getMe(db, u) };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { public: true }, schema: { tags: ['auth'], summary: '退出登录', response: { 200: okResult } } },
    async (req, reply) => {
      await destroySession(db, req, reply);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { permission: 'auth.self', allowPasswordChangePending: true },
      schema: { tags: ['auth'], summary: '当前用户', response: { 200: me, 401: errorEnvelope } },
    },
    async (req) => getMe(db, userOf(req)),
  );

  app.post(
    '/api/auth/password',
    {
      config: { permission: 'auth.self', allowPasswordChangePending: true },
      schema: {
        tags: ['auth'],
        summary: '修改密码（新密码须符合密码规则：不能是常见密码、演示密码，不能含用户名、手机号、身份证号片段）',
        body: changePasswordBody,
        response: { 200: okResult, 400: errorEnvelope, 429: errorEnvelope },
      },
    },
    async (req) => {
      const token = req.cookies[SESSION_COOKIE];
      await changePassword(loginDeps, actorOf(req), req.body, token ? sha256(token) : null);
      return { ok: true as const };
    },
  );
}
