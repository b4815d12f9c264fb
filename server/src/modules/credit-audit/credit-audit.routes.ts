// HTTP for the yearly audit table: the county's list, one school's table, its workflow and .xlsx.
import {
  auditReturnBody,
  auditTable,
  auditTableList,
  auditTableListQuery,
  auditTableParams,
  errorEnvelope,
} from '@shixun/common';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { recordExport } from '../../http/export-audit.js';
import { attachmentDisposition, XLSX_MIME } from '../../lib/xlsx-export.js';
import {
  generateAuditTable,
  getAuditTable,
  listAuditTables,
  returnAuditTable,
  signOffAuditTable,
  submitAuditTable,
} from './credit-audit.service.js';
import { auditTableXlsx, auditTitle } from './credit-audit.xlsx.js';

const tags = ['credit-audit'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
const base = '/api/credit-audit/schools/:schoolId/years/:year';

/** The part of a Fastify reply a download needs (any route's typed reply fits). */
interface ReplyLike {
  header(key: string, value: string): this;
  send(payload?: unknown): this;
}

function sendWorkbook<R extends ReplyLike>(reply: R, filename: string, buf: Buffer): R {
  return reply
    .header('content-type', XLSX_MIME)
    .header('content-disposition', attachmentDisposition(filename))
    .header('cache-control', 'no-store')
    .send(buf);
}

export async function creditAuditRoutes(app: App, deps: Deps) {
  const { db, read } = deps;

  app.get(
    '/api/credit-audit/tables',
    {
      config: { permission: 'credit-audit.read' },
      schema: {
        tags,
        summary: '各校某学年学时审核表的状态（未生成/草稿/已提交/已审核/已退回），可按学区筛选；范围内学校',
        querystring: auditTableListQuery,
        response: { 200: auditTableList, ...errors },
      },
    },
    async (req) => listAuditTables(read, userOf(req), req.query),
  );

  app.get(
    base,
    {
      config: { permission: 'credit-audit.read' },
      schema: {
        tags,
        summary: '学校某学年（9月1日至次年8月31日）的学时审核表：提交后为快照，之前按台账实时计算',
        params: auditTableParams,
        response: { 200: auditTable, ...errors },
      },
    },
    async (req) => getAuditTable(db, userOf(req), req.params.schoolId, req.params.year),
  );

  app.get(
    `${base}/export`,
    {
      config: { permission: 'credit-audit.read' },
      schema: {
        tags,
        summary: '导出学时审核表（.xlsx：标题、表头、教师明细、合计、签字栏）',
        params: auditTableParams,
        produces: [XLSX_MIME],
        response: errors,
      },
    },
    async (req, reply) => {
      const t = await getAuditTable(db, userOf(req), req.params.schoolId, req.params.year);
      await recordExport(
        db,
        actorOf(req),
        { action: 'credit_audit.export', entity: 'school', entityId: req.params.schoolId, filters: req.params },
        t.rows.length,
      );
      return sendWorkbook(reply, `${auditTitle(t)}.xlsx`, await auditTableXlsx(t));
    },
  );

  app.post(
    `${base}/generate`,
    {
      config: { permission: 'credit-audit.submit' },
      schema: {
        tags,
        summary: '生成本校学时审核表（草稿；仅学校管理员）',
        params: auditTableParams,
        response: { 200: auditTable, ...errors },
      },
    },
    async (req) => generateAuditTable(db, actorOf(req), req.params.schoolId, req.params.year),
  );

  app.post(
    `${base}/submit`,
    {
      config: { permission: 'credit-audit.submit' },
      schema: {
        tags,
        summary: '提交审核表（保存当时的明细快照；草稿或已退回时可提交；通知县级管理员）',
        params: auditTableParams,
        response: { 200: auditTable, ...errors },
      },
    },
    async (req) => submitAuditTable(db, actorOf(req), req.params.schoolId, req.params.year),
  );

  app.post(
    `${base}/sign-off`,
    {
      config: { permission: 'credit-audit.review' },
      schema: {
        tags,
        summary: '县级审核通过（仅已提交的审核表；通知学校）',
        params: auditTableParams,
        response: { 200: auditTable, ...errors },
      },
    },
    async (req) => signOffAuditTable(db, actorOf(req), req.params.schoolId, req.params.year),
  );

  app.post(
    `${base}/return`,
    {
      config: { permission: 'credit-audit.review' },
      schema: {
        tags,
        summary: '县级退回审核表并说明原因（学校可修正后重新提交；通知学校）',
        params: auditTableParams,
        body: auditReturnBody,
        response: { 200: auditTable, ...errors },
      },
    },
    async (req) => returnAuditTable(db, actorOf(req), req.params.schoolId, req.params.year, req.body.reason),
  );
}
