// The access hook: every API route declares `config.permission` (a name from the access table in
// common/src/access.ts) or `config.public`, or it fails to register. One preHandler, after the
// session hook, refuses a role without the permission before any handler code runs or any byte is
// written; refused writes leave one audit row, written outside whatever transaction failed.
import { can, PERMISSIONS, type Permission, ROLE_LABELS, refusalMessage, rolesWith } from '@shixun/common';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Db } from '../db/client.js';
import { record } from '../http/audit.js';
import { actorOf } from '../http/auth.js';
import type { CurrentUser } from '../http/context.js';
import { AppError } from '../http/errors.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Routes registered by plugins, whose config we cannot write: the API docs UI (public, like the
 * OpenAPI document it renders).
 */
const PLUGIN_ROUTES: ReadonlyArray<{ prefix: string; config: { public: true } }> = [
  { prefix: '/api/docs', config: { public: true } },
];

const isApi = (url: string) => url === '/api' || url.startsWith('/api/');

/** The check onRoute applies; exported for the unit test. */
export function declareAccess(route: Pick<RouteOptions, 'method' | 'url' | 'config' | 'schema'>) {
  if (!isApi(route.url)) return; // the web app's files and shell: public, outside the API
  const name = `${String(route.method)} ${route.url}`;
  const plugin = PLUGIN_ROUTES.find((p) => route.url.startsWith(p.prefix));
  if (plugin && !route.config?.permission && !route.config?.public) {
    route.config = { ...route.config, ...plugin.config };
  }
  const cfg = route.config ?? {};
  if (cfg.public && cfg.permission) throw new Error(`${name}: declares both config.public and config.permission`);
  if (!cfg.public && !cfg.permission) {
    throw new Error(`${name}: declares neither config.permission (see common/src/access.ts) nor config.public`);
  }
  if (cfg.permission && !Object.hasOwn(PERMISSIONS, cfg.permission)) {
    throw new Error(`${name}: unknown permission ${JSON.stringify(cfg.permission)}`);
  }
  // The OpenAPI document tells public operations apart by an empty security list, and names the
  // permission of every other one (API readers see it; the route walks read it back).
  if (cfg.public) route.schema = { ...route.schema, security: [] } as RouteOptions['schema'];
  else if (cfg.permission && route.schema) {
    const schema = route.schema as { description?: string };
    route.schema = {
      ...route.schema,
      description: [schema.description, permissionNote(cfg.permission)].filter(Boolean).join('\n\n'),
    } as RouteOptions['schema'];
  }
}

/** `权限：\`teachers.read\`（县级管理员、局领导…）`, as the OpenAPI description ends. */
export function permissionNote(permission: Permission): string {
  return `权限：\`${permission}\`（${rolesWith(permission)
    .map((r) => ROLE_LABELS[r])
    .join('、')}）`;
}

/** The permission named in an OpenAPI operation's description (see permissionNote). */
export function permissionOfDescription(description: string | undefined): Permission | null {
  const m = /权限：`([a-z-]+\.[a-z-]+)`/.exec(description ?? '');
  return m && Object.hasOwn(PERMISSIONS, m[1]!) ? (m[1] as Permission) : null;
}

/** A 403 with the one message for this role and permission. */
export function refused(user: CurrentUser, permission: Permission, changesData = true): AppError {
  return new AppError('FORBIDDEN', refusalMessage(user.role, permission, changesData));
}

/** For services whose rule depends on the input (e.g. which kind of import): the same check by name. */
export function assertCan(user: CurrentUser, permission: Permission, changesData = true) {
  if (!can(user.role, permission)) throw refused(user, permission, changesData);
}

/** Refused: forbidden (403), or not found in the caller's scope (404). */
function isRefusal(err: unknown): err is AppError {
  return err instanceof AppError && (err.status === 403 || err.code === 'NOT_FOUND');
}

async function auditRefusal(db: Db, req: FastifyRequest, err: AppError) {
  try {
    await record(db, actorOf(req), {
      action: 'access.refused',
      entity: 'request',
      entityId: `${req.method} ${req.routeOptions.url ?? ''}`,
      after: {
        path: req.url.split('?')[0],
        permission: req.routeOptions.config?.permission ?? null,
        status: err.status,
        code: err.code,
        message: err.message,
      },
    });
  } catch (e) {
    // The refusal itself must still reach the caller.
    req.log.error({ err: e }, 'could not audit a refused request');
  }
}

/** Registers the access hooks: call after registerAuth (its preHandler must run first), before any route. */
export function registerAccess(app: FastifyInstance, db: Db) {
  app.addHook('onRoute', declareAccess);

  app.addHook('preHandler', async (req) => {
    if (req.is404 || !isApi(req.url.split('?')[0] ?? '')) return;
    const cfg = req.routeOptions.config;
    if (cfg?.public) return;
    const user = req.user;
    if (!user) throw new AppError('UNAUTHENTICATED', '请先登录');
    const permission = cfg?.permission;
    // Unreachable while onRoute refuses undeclared routes; refuse rather than allow if it ever is.
    if (!permission) throw new AppError('FORBIDDEN', '该接口未声明所需权限');
    if (!can(user.role, permission)) throw refused(user, permission, STATE_CHANGING.has(req.method));
  });

  // onError runs before the error handler sends the envelope, so the row exists when the caller
  // sees the refusal; any transaction of the request has already rolled back.
  app.addHook('onError', async (req, _reply, err) => {
    if (!STATE_CHANGING.has(req.method) || !req.user || !isRefusal(err)) return;
    await auditRefusal(db, req, err);
  });
}
