import { auditActionOption, auditEntry, auditListQuery, errorEnvelope } from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { userOf } from '../../http/auth.js';
import { listAudit, listAuditActions } from './audit.service.js';

// Leaders read every report but not the log of who did what: audit.read stays with the county admins.
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope };
const tags = ['audit'];

export async function auditRoutes(app: App, deps: Deps) {
  const { db } = deps;

  app.get(
    '/api/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary: '操作日志（本县，按时间倒序）',
        querystring: auditListQuery,
        response: { 200: z.object({ items: z.array(auditEntry), total: z.number() }), ...errors },
      },
    },
    async (req) => {
      const user = userOf(req);
      return listAudit(db, user, req.query);
    },
  );

  app.get(
    '/api/audit/actions',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary: '本县日志中出现过的操作类型（筛选下拉用）',
        response: { 200: z.array(auditActionOption), ...errors },
      },
    },
    async (req) => {
      const user = userOf(req);
      return listAuditActions(db, user);
    },
  );
}
