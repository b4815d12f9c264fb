// Refusals that hold for every route, before any handler runs: text with NUL characters (PostgreSQL
// cannot store them, and a streamed export would already have sent its headers when the query
// fails), and paths under /api that no route serves (404 in the envelope, never the web app).
import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.js';

/** The dotted path of the first string holding a NUL character, or null. */
export function findNul(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '_' : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const hit = findNul(k, path, depth + 1) ?? findNul(v, path ? `${path}.${k}` : k, depth + 1);
    if (hit) return hit;
  }
  return null;
}

export function registerInputGuards(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    for (const part of [req.params, req.query, req.body]) {
      const at = findNul(part);
      if (at) throw new AppError('VALIDATION_FAILED', '输入中含有不允许的空字符（\\0）', { [at]: '含有空字符' });
    }
  });
}

/**
 * Any method on /api or any /api/ path without a route answers 404 NOT_FOUND: the one place that
 * does. Registered as routes more specific than the web app's catch-all (http/static.ts), which
 * serves index.html for client-side routes and so never sees an API path.
 */
export function registerApiNotFound(app: FastifyInstance) {
  for (const url of ['/api', '/api/*']) {
    app.route({
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url,
      schema: { hide: true },
      config: { public: true },
      handler: async (req) => {
        throw new AppError('NOT_FOUND', `接口不存在：${req.method} ${req.url.split('?')[0]}`);
      },
    });
  }
}
