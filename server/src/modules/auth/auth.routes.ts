import { changePasswordBody, errorEnvelope, loginBody, me, okResult } from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, createSession, destroySession, loadCurrentUser, SESSION_COOKIE, userOf } from '../../http/auth.js';
import { sha256 } from '../../lib/crypto.js';
import { changePassword, getMe, login } from './auth.service.js';

export async function authRoutes(app: App, deps: Deps) {
  const { db, cipher, config } = deps;

  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: '登录（用户名、手机号或身份证号 + 密码）',
        body: loginBody,
        response: {
          200: z.object({ user: me }),
          401: errorEnvelope,
          403: errorEnvelope,
          423: errorEnvelope,
          429: errorEnvelope,
        },
      },
    },
    async (req, reply) => {
      const meta = { ip: req.ip ?? null, userAgent: req.headers['user-agent']?.slice(0, 300) ?? null };
      const { userId } = await login(db, cipher, req.body, meta);
      await createSession(db, config, reply, userId, meta);
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
        summary: '修改密码',
        body: changePasswordBody,
        response: { 200: okResult, 400: errorEnvelope },
      },
    },
    async (req) => {
      const token = req.cookies[SESSION_COOKIE];
      await changePassword(db, cipher, actorOf(req), req.body, token ? sha256(token) : null);
      return { ok: true as const };
    },
  );
}
