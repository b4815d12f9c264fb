import { auditActionOption, auditEntry, auditListQuery, errorEnvelope } from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { requestLanguage } from '../../i18n/language.js';
import { XLSX_MIME } from '../../lib/xlsx-export.js';
import { AUDIT_EXPORT_COLUMNS } from './audit.export.js';
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
    '/api/audit/export',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary: '导出操作日志（.xlsx，筛选条件同列表，本县）',
        querystring: auditListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_MIME],
        response: errors,
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      return sendAuditedExport(reply, db, actorOf(req), {
        name: '操作日志',
        action: 'audit.export',
        entity: 'audit_log',
        columns: AUDIT_EXPORT_COLUMNS,
        filters: req.query,
        page: (p) => listAudit(db, user, { ...req.query, ...p }),
      });
    },
  );

  app.get(
    '/api/audit/actions',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary: '本县日志中出现过的操作类型（筛选下拉用；名称随所选语言）',
        response: { 200: z.array(auditActionOption), ...errors },
      },
    },
    async (req) => {
      const user = userOf(req);
      return listAuditActions(db, user, requestLanguage(req));
    },
  );
}
