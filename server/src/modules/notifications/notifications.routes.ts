import { bodyDbId, errorEnvelope, okResult, pageQuery } from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { userOf } from '../../http/auth.js';
import { offsetOf } from '../../http/pagination.js';
import { listMine, markRead } from './notifications.service.js';

const notification = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});

export async function notificationsRoutes(app: App, deps: Deps) {
  app.get(
    '/api/notifications',
    {
      config: { permission: 'notifications.self' },
      schema: {
        tags: ['notifications'],
        summary: '我的站内消息（最新在前）',
        querystring: pageQuery.extend({ unread: z.enum(['true', 'false']).optional() }),
        response: {
          200: z.object({ items: z.array(notification), total: z.number(), unread: z.number() }),
          401: errorEnvelope,
        },
      },
    },
    async (req) => {
      const q = req.query;
      const res = await listMine(deps.db, userOf(req), {
        unreadOnly: q.unread === 'true',
        limit: q.pageSize,
        offset: offsetOf(q),
      });
      return {
        items: res.items.map((r) => ({
          id: Number(r.id),
          kind: r.kind,
          title: r.title,
          body: r.body,
          link: r.link,
          readAt: r.read_at,
          createdAt: r.created_at,
        })),
        total: res.total,
        unread: res.unread,
      };
    },
  );
  app.post(
    '/api/notifications/read',
    {
      config: { permission: 'notifications.self' },
      schema: {
        tags: ['notifications'],
        summary: '标记已读（ids 或 all）',
        body: z.object({ ids: z.array(bodyDbId).max(500).optional(), all: z.boolean().optional() }),
        response: { 200: okResult },
      },
    },
    async (req) => {
      await markRead(deps.db, userOf(req), req.body.all ? 'all' : (req.body.ids ?? []));
      return { ok: true as const };
    },
  );
}
