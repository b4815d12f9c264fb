// HTTP for certificates: lists, bulk issue and revoke, print data and PDF, public verification.
import {
  certificate,
  certificateBatchBody,
  certificateBatchParams,
  certificateBatchStarted,
  certificateDetail,
  certificateIssueBody,
  certificateIssueResult,
  certificateListQuery,
  certificateNumberParam,
  certificateRevokeBody,
  certificateRevokeResult,
  certificateVerification,
  errorEnvelope,
  idParam,
} from '@shixun/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { attachmentDisposition, XLSX_MIME, type XlsxReply } from '../../lib/xlsx-export.js';
import { storageOf } from '../attachments/attachments.routes.js';
import { openCertificateBatch, startCertificateBatch } from './batch.js';
import { CERTIFICATE_EXPORT_COLUMNS } from './certificates.export.js';
import {
  bulkIssue,
  bulkRevoke,
  getCertificateDetail,
  listMyCertificates,
  listProjectCertificates,
  throttleVerify,
  verifyCertificate,
} from './certificates.service.js';
import { renderCertificatePdf } from './pdf.js';

const tags = ['certificates'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
const list = z.object({ items: z.array(certificate), total: z.number() });

/**
 * Where the verification page lives: SHIXUN_PUBLIC_URL when set, else the address the request came
 * to (Fastify honours X-Forwarded-Proto/-Host only when trust proxy is on).
 */
function originOf(deps: Deps, req: FastifyRequest): string {
  if (deps.config.publicUrl) return deps.config.publicUrl.replace(/\/+$/, '');
  return `${req.protocol}://${req.host}`;
}

/** A stored file as a download (any route's typed reply fits). */
function sendFile<R extends XlsxReply>(reply: R, file: { stream: unknown; filename: string; mime: string }): R {
  return reply
    .header('content-type', file.mime)
    .header('content-disposition', attachmentDisposition(file.filename))
    .header('cache-control', 'private, no-store')
    .send(file.stream);
}

export async function certificatesRoutes(app: App, deps: Deps) {
  const { db } = deps;
  const storage = storageOf(deps);

  app.get(
    '/api/projects/:id/certificates',
    {
      config: { permission: 'certificates.read' },
      schema: {
        tags,
        summary: '项目的结业证书（管理者看全部；学区、学校管理员看本范围教师）',
        params: idParam,
        querystring: certificateListQuery,
        response: { 200: list, ...errors },
      },
    },
    async (req) => listProjectCertificates(db, userOf(req), req.params.id, req.query),
  );

  app.get(
    '/api/projects/:id/certificates/export',
    {
      config: { permission: 'certificates.read' },
      schema: {
        tags,
        summary: '导出项目的结业证书名单（.xlsx，筛选条件同列表，按调用者范围）',
        params: idParam,
        querystring: certificateListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_MIME],
        response: { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req, reply) =>
      sendAuditedExport(reply, db, actorOf(req), {
        name: '结业证书',
        action: 'certificate.export',
        entity: 'project',
        entityId: req.params.id,
        columns: CERTIFICATE_EXPORT_COLUMNS,
        filters: req.query,
        page: (p) => listProjectCertificates(db, userOf(req), req.params.id, { ...req.query, ...p }),
      }),
  );

  app.post(
    '/api/projects/:id/certificates/batch',
    {
      config: { permission: 'certificates.issue' },
      schema: {
        tags,
        summary:
          '批量打印项目的结业证书：生成一个 PDF（每证一页）或每证一个 PDF 的 zip；后台任务，用 GET /api/jobs/{jobId} 查进度，完成后下载',
        params: idParam,
        body: certificateBatchBody,
        response: { 202: certificateBatchStarted, ...errors },
      },
    },
    async (req, reply) => {
      const started = await startCertificateBatch(
        deps,
        storage,
        actorOf(req),
        req.params.id,
        req.body,
        originOf(deps, req),
      );
      return reply.code(202).send(started);
    },
  );

  app.get(
    '/api/projects/:id/certificates/batch/:jobId',
    {
      config: { permission: 'certificates.issue' },
      schema: {
        tags,
        summary: '下载批量生成的结业证书（PDF 或 zip；仅发起人，保留 24 小时）',
        params: certificateBatchParams,
        produces: ['application/pdf', 'application/zip'],
        response: errors,
      },
    },
    async (req, reply) => {
      const file = await openCertificateBatch(deps, storage, actorOf(req), req.params.id, req.params.jobId);
      return sendFile(reply, file);
    },
  );

  app.post(
    '/api/certificates/issue',
    {
      config: { permission: 'certificates.issue' },
      schema: {
        tags,
        summary: '批量颁发：给已结业且尚无证书的学员颁发（已撤销的证书不会重新颁发）',
        body: certificateIssueBody,
        response: { 200: certificateIssueResult, ...errors },
      },
    },
    async (req) => bulkIssue(db, actorOf(req), req.body.participationIds),
  );

  app.post(
    '/api/certificates/revoke',
    {
      config: { permission: 'certificates.revoke' },
      schema: {
        tags,
        summary: '批量撤销证书（须填写原因；县级管理员或本校校培的学校管理员）',
        body: certificateRevokeBody,
        response: { 200: certificateRevokeResult, ...errors },
      },
    },
    async (req) => bulkRevoke(db, actorOf(req), req.body.certificateIds, req.body.reason),
  );

  app.get(
    '/api/me/certificates',
    {
      config: { permission: 'certificates.self' },
      schema: {
        tags,
        summary: '我的结业证书（教师）',
        querystring: certificateListQuery,
        response: { 200: list, ...errors },
      },
    },
    async (req) => listMyCertificates(db, userOf(req), req.query),
  );

  app.get(
    '/api/certificates/:number',
    {
      config: { permission: 'certificates.read' },
      schema: {
        tags,
        summary: '证书打印数据（持证教师本人或管理者）',
        params: certificateNumberParam,
        response: { 200: certificateDetail, ...errors },
      },
    },
    async (req) => getCertificateDetail(db, userOf(req), req.params.number, originOf(deps, req)),
  );

  app.get(
    '/api/certificates/:number/pdf',
    {
      config: { permission: 'certificates.read' },
      schema: {
        tags,
        summary: '证书 PDF（A4 横向，含验证二维码；权限同打印数据）',
        params: certificateNumberParam,
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => {
      const detail = await getCertificateDetail(db, userOf(req), req.params.number, originOf(deps, req));
      const pdf = await renderCertificatePdf(detail);
      const name = `结业证书-${detail.number}.pdf`;
      return reply
        .header('content-type', 'application/pdf')
        .header(
          'content-disposition',
          `inline; filename="certificate-${detail.number}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(pdf));
    },
  );

  app.get(
    '/api/verify/:number',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '公开验证证书真伪（无需登录；姓名脱敏；每个地址每分钟限 60 次）',
        security: [],
        params: certificateNumberParam,
        response: { 200: certificateVerification, 404: errorEnvelope, 429: errorEnvelope },
      },
    },
    async (req, reply) => {
      await throttleVerify(db, req.ip ?? null);
      reply.header('cache-control', 'no-store');
      return verifyCertificate(db, req.params.number);
    },
  );
}
