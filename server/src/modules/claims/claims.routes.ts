// HTTP for reimbursement claims (报销): trips that may be claimed, filing, the school's and the
// county's decisions, payment and rejection.
import {
  claimCreateBody,
  claimItem,
  claimList,
  claimListQuery,
  claimRejectBody,
  claimWaiveBody,
  errorEnvelope,
  idParam,
  tripList,
  tripQuery,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { XLSX_MIME } from '../../lib/xlsx-export.js';
import { registerAttachmentOwner } from '../attachments/attachments.service.js';
import { CLAIM_EXPORT_COLUMNS } from './claims.export.js';
import {
  approveClaim,
  CLAIM_OWNER,
  canReadClaim,
  createClaim,
  createClaimReportBack,
  getClaim,
  listClaims,
  listTrips,
  payClaim,
  rejectClaim,
  waiveClaimReportBack,
} from './claims.service.js';

const tags = ['claims'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };

export async function claimsRoutes(app: App, deps: Deps) {
  const { db } = deps;
  registerAttachmentOwner(CLAIM_OWNER, canReadClaim);

  app.get(
    '/api/claims',
    {
      config: { permission: 'claims.read' },
      schema: {
        tags,
        summary: '报销单列表（教师看本人，学校看本校，县级看全县）；todo=true 只看待我处理的',
        querystring: claimListQuery,
        response: { 200: claimList, ...errors },
      },
    },
    async (req) => listClaims(db, userOf(req), req.query),
  );

  app.get(
    '/api/claims/export',
    {
      config: { permission: 'claims.read' },
      schema: {
        tags,
        summary: '导出报销单（.xlsx，筛选条件同列表，按调用者范围）',
        querystring: claimListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_MIME],
        response: { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req, reply) =>
      sendAuditedExport(reply, db, actorOf(req), {
        name: '报销单',
        action: 'claim.export',
        entity: 'claim',
        columns: CLAIM_EXPORT_COLUMNS,
        filters: req.query,
        page: (p) => listClaims(db, userOf(req), { ...req.query, ...p }),
      }),
  );

  app.get(
    '/api/claims/trips',
    {
      config: { permission: 'claims.submit' },
      schema: {
        tags,
        summary: '可报销的外出培训（教师本人，或学校管理员查本校教师），含成果汇报状态与已有报销单',
        querystring: tripQuery,
        response: { 200: tripList, ...errors },
      },
    },
    async (req) => listTrips(db, userOf(req), req.query.teacherId),
  );

  app.get(
    '/api/claims/:id',
    {
      config: { permission: 'claims.read' },
      schema: { tags, summary: '报销单详情', params: idParam, response: { 200: claimItem, ...errors } },
    },
    async (req) => getClaim(db, userOf(req), req.params.id),
  );

  app.post(
    '/api/claims',
    {
      config: { permission: 'claims.submit' },
      schema: {
        tags,
        summary: '提交报销单（一次外出培训一张；费用明细按类别，附票据）',
        body: claimCreateBody,
        response: { 200: z.object({ id: z.number() }), ...errors },
      },
    },
    async (req) => createClaim(db, actorOf(req), req.body),
  );

  app.post(
    '/api/claims/:id/approve',
    {
      config: { permission: 'claims.approve' },
      schema: {
        tags,
        summary:
          '审批：学校审核（待学校审核 → 待县级审批），县级批准（→ 已批准，记入学校培训支出）；须成果汇报已通过（县级可关闭此规则）',
        params: idParam,
        response: { 200: claimItem, ...errors },
      },
    },
    async (req) => approveClaim(db, actorOf(req), req.params.id),
  );

  app.post(
    '/api/claims/:id/pay',
    {
      config: { permission: 'claims.pay' },
      schema: { tags, summary: '登记已支付（县级管理员）', params: idParam, response: { 200: claimItem, ...errors } },
    },
    async (req) => payClaim(db, actorOf(req), req.params.id),
  );

  app.post(
    '/api/claims/:id/reject',
    {
      config: { permission: 'claims.approve' },
      schema: {
        tags,
        summary: '退回报销单（须填原因；已批准的退回时撤销其支出记录）',
        params: idParam,
        body: claimRejectBody,
        response: { 200: claimItem, ...errors },
      },
    },
    async (req) => rejectClaim(db, actorOf(req), req.params.id, req.body.reason),
  );

  app.post(
    '/api/claims/:id/report-back',
    {
      config: { permission: 'claims.report-back' },
      schema: {
        tags,
        summary:
          '为报销单对应的外出培训生成缺失的成果汇报任务（教师本人、学校管理员、县级管理员）；期限为培训结束后 N 天，已过则自今天起 N 天',
        params: idParam,
        response: { 200: claimItem, ...errors },
      },
    },
    async (req) => createClaimReportBack(db, actorOf(req), req.params.id),
  );

  app.post(
    '/api/claims/:id/waive-report-back',
    {
      config: { permission: 'claims.waive' },
      schema: {
        tags,
        summary: '县级豁免本报销单的成果汇报要求（须填原因，记入审计，通知教师和学校）',
        params: idParam,
        body: claimWaiveBody,
        response: { 200: claimItem, ...errors },
      },
    },
    async (req) => waiveClaimReportBack(db, actorOf(req), req.params.id, req.body.reason),
  );
}
