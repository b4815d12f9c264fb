// Assembles the HTTP app: plugins, OpenAPI, auth, modules, and the built web app.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { registerAccess } from './access/permissions.js';
import type { App, Deps } from './deps.js';
import { registerAuth } from './http/auth.js';
import { frameworkErrors, registerErrorHandler } from './http/errors.js';
import { registerApiNotFound, registerInputGuards } from './http/request-guards.js';
import { registerSecurity } from './http/security.js';
import { registerWebApp } from './http/static.js';
import { registerLocalize } from './i18n/localize.js';
import { modules } from './modules/index.js';

export async function buildApp(deps: Deps, opts: { logger?: boolean; webDist?: string | null } = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger ? { level: deps.config.logLevel } : false,
    trustProxy: deps.config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  registerLocalize(app);
  registerInputGuards(app);
  registerSecurity(app, deps.config);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: deps.config.maxUploadBytes, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: '师训 Shixun API',
        version: '0.1.0',
        description:
          '县域教师培训管理平台接口。错误统一为 `{ "error": { "code", "message", "fields"? } }`。认证：登录后使用 HttpOnly 会话 Cookie `shixun_sid`。',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'shixun_sid' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  registerAuth(app, deps.db, deps.config);
  registerAccess(app, deps.db);
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: '健康检查',
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }) },
      },
    },
    async () => {
      await deps.db.execute('select 1' as never);
      return { status: 'ok' as const, database: deps.database.kind };
    },
  );
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  for (const register of modules) await register(app, deps);
  registerApiNotFound(app);

  const webDist = opts.webDist === undefined ? findWebDist() : opts.webDist;
  if (webDist) registerWebApp(app, webDist);
  return app;
}

function findWebDist(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const c of [
    path.resolve(here, '../../web/dist'),
    path.resolve(here, '../web/dist'),
    path.resolve(here, 'web'),
  ]) {
    if (fs.existsSync(path.join(c, 'index.html'))) return c;
  }
  return null;
}
