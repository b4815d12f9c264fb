// HTTP for the credit bank: the ledger (entries, adjustments, reversals), the county's rule set,
// progress (one teacher; who is behind, with export), certified statements and their public check.
import {
  creditAdjustmentBody,
  creditEntryList,
  creditEntryQuery,
  creditPosted,
  creditPresetsResponse,
  creditProgress,
  creditProgressQuery,
  creditReverseBody,
  creditRuleSet,
  creditRulesResponse,
  creditStatement,
  creditStatementDetail,
  creditStatementList,
  errorEnvelope,
  idParam,
  okResult,
  PROGRESS_STATUS_LABELS,
  type ProgressRow,
  presetRules,
  progressExportQuery,
  progressList,
  progressListQuery,
  RULE_PRESETS,
  statementIssueBody,
  statementNumberParam,
  statementRevokeBody,
  statementVerification,
} from '@shixun/common';
import type { FastifyRequest } from 'fastify';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { datedFilename, XLSX_MIME, type XlsxColumn } from '../../lib/xlsx-export.js';
import { throttleVerify } from '../certificates/certificates.service.js';
import { listCreditEntries } from './credits.service.js';
import { addAdjustment, reverseEntry } from './ledger.service.js';
import {
  assertTeacherVisible,
  progressList as listProgress,
  progressRows,
  teacherProgress,
} from './progress.service.js';
import { getRulesResponse, saveRuleSet } from './rules.service.js';
import { renderStatementPdf } from './statement-pdf.js';
import {
  getStatementDetail,
  issueStatement,
  listStatements,
  revokeStatement,
  verifyStatement,
} from './statements.service.js';

const tags = ['credits'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };

function originOf(deps: Deps, req: FastifyRequest): string {
  if (deps.config.publicUrl) return deps.config.publicUrl.replace(/\/+$/, '');
  return `${req.protocol}://${req.host}`;
}

const PROGRESS_COLUMNS: XlsxColumn<ProgressRow>[] = [
  { header: '学区', key: 'areaName', width: 14 },
  { header: '学校', key: 'schoolName', width: 22 },
  { header: '姓名', key: 'name', width: 10 },
  { header: '周期要求', key: 'required', width: 10 },
  { header: '已计入', key: 'counted', width: 10 },
  { header: '按进度应达', key: 'expected', width: 12 },
  { header: '落后进度', key: 'behind', width: 10 },
  { header: '本年度', key: 'thisYear', width: 10 },
  { header: '年度最低', key: 'annualMinimum', width: 10 },
  { header: '状态', key: 'status', width: 14, value: (r) => PROGRESS_STATUS_LABELS[r.status] },
  { header: '师德记录', key: 'ethicsClean', width: 10, value: (r) => (r.ethicsClean ? '无违规' : '有违规记录') },
  {
    header: '可定期注册',
    key: 'readyForRegistration',
    width: 12,
    value: (r) => (r.readyForRegistration ? '是' : '否'),
  },
  { header: '尚缺', key: 'missing', width: 60, value: (r) => r.missing.join('；') },
];

export async function creditsRoutes(app: App, deps: Deps) {
  const { db } = deps;

  // ---------- ledger ----------

  app.get(
    '/api/teachers/:id/credit-entries',
    {
      config: { permission: 'credits.read' },
      schema: {
        tags,
        summary: '教师学时台账（按年份筛选；冲销记录为负数；范围同教师详情）',
        params: idParam,
        querystring: creditEntryQuery,
        response: { 200: creditEntryList, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req) => listCreditEntries(deps.db, userOf(req), req.params.id, req.query),
  );

  app.post(
    '/api/teachers/:id/credit-adjustments',
    {
      config: { permission: 'credits.adjust' },
      schema: {
        tags,
        summary: '人工调整学时（县级管理员；须填原因；记入审计并通知教师）',
        params: idParam,
        body: creditAdjustmentBody,
        response: { 200: creditPosted, ...errors },
      },
    },
    async (req) => addAdjustment(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/credit-entries/:id/reverse',
    {
      config: { permission: 'credits.adjust' },
      schema: {
        tags,
        summary: '冲销一条学时记录（县级管理员；写入一条负数记录，原记录不改不删）',
        params: idParam,
        body: creditReverseBody,
        response: { 200: creditPosted, ...errors },
      },
    },
    async (req) => reverseEntry(db, actorOf(req), req.params.id, req.body.reason),
  );

  // ---------- rule set ----------

  app.get(
    '/api/credit-rules',
    {
      config: { permission: 'credits.rules' },
      schema: {
        tags,
        summary: '本县学分规则（每项数值附依据；未保存时为全国通用预设）',
        response: { 200: creditRulesResponse, 401: errorEnvelope },
      },
    },
    async (req) => getRulesResponse(db, userOf(req).regionId),
  );

  app.get(
    '/api/credit-rules/presets',
    {
      config: { permission: 'credits.rules' },
      schema: {
        tags,
        summary: '学分规则预设（全国通用、山东、浙江、江苏、来源上限示例）',
        response: { 200: creditPresetsResponse, 401: errorEnvelope },
      },
    },
    async (req) => {
      userOf(req);
      return { items: RULE_PRESETS.map((id) => ({ id, rules: presetRules(id) })) };
    },
  );

  app.put(
    '/api/credit-rules',
    {
      config: { permission: 'credits.configure' },
      schema: {
        tags,
        summary: '保存本县学分规则（县级管理员；整套保存，审计记录修改前后）',
        body: creditRuleSet,
        response: { 200: creditRulesResponse, ...errors },
      },
    },
    async (req) => saveRuleSet(db, actorOf(req), req.body),
  );

  // ---------- progress ----------

  app.get(
    '/api/teachers/:id/credits',
    {
      config: { permission: 'credits.read' },
      schema: {
        tags,
        summary: '教师学时进度（cycle=周期内任一年份，默认当前周期；counted 为封顶后；范围同教师详情）',
        params: idParam,
        querystring: creditProgressQuery,
        response: { 200: creditProgress, ...errors },
      },
    },
    async (req) => {
      const user = userOf(req);
      await assertTeacherVisible(db, user, req.params.id);
      return teacherProgress(db, user.regionId, req.params.id, req.query.cycle);
    },
  );

  app.get(
    '/api/credits/progress',
    {
      config: { permission: 'credits.progress' },
      schema: {
        tags,
        summary: '学时进度名单（谁落后：周期或年度；按学校、学区、状态筛选；分页；管理者本范围）',
        querystring: progressListQuery,
        response: { 200: progressList, ...errors },
      },
    },
    async (req) => listProgress(deps.read, userOf(req), req.query),
  );

  app.get(
    '/api/credits/progress/export',
    {
      config: { permission: 'credits.progress' },
      schema: {
        tags,
        summary: '导出学时进度名单（.xlsx，筛选同列表）',
        querystring: progressExportQuery,
        produces: [XLSX_MIME],
        response: { 401: errorEnvelope, 403: errorEnvelope },
      },
    },
    async (req, reply) => {
      const data = await progressRows(deps.read, userOf(req), req.query);
      return sendAuditedExport(reply, deps.db, actorOf(req), {
        name: '学时进度',
        filename: datedFilename(`学时进度-${data.cycle.start}-${data.cycle.end}`),
        action: 'credit_progress.export',
        entity: 'credit_progress',
        filters: req.query,
        columns: PROGRESS_COLUMNS,
        rows: data.items,
      });
    },
  );

  // ---------- statements ----------

  app.post(
    '/api/teachers/:id/credit-statements',
    {
      config: { permission: 'credits.issue' },
      schema: {
        tags,
        summary: '开具继续教育学时证明（周期或年度；教师本人或本范围管理员）',
        params: idParam,
        body: statementIssueBody,
        response: { 200: creditStatement, ...errors },
      },
    },
    async (req) => issueStatement(db, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/teachers/:id/credit-statements',
    {
      config: { permission: 'credits.read' },
      schema: {
        tags,
        summary: '教师的学时证明（范围同教师详情）',
        params: idParam,
        response: { 200: creditStatementList, ...errors },
      },
    },
    async (req) => listStatements(db, userOf(req), req.params.id),
  );

  app.get(
    '/api/credit-statements/:number',
    {
      config: { permission: 'credits.read' },
      schema: {
        tags,
        summary: '学时证明打印数据（本人或本范围管理者）',
        params: statementNumberParam,
        response: { 200: creditStatementDetail, ...errors },
      },
    },
    async (req) => getStatementDetail(db, userOf(req), req.params.number, originOf(deps, req)),
  );

  app.get(
    '/api/credit-statements/:number/pdf',
    {
      config: { permission: 'credits.read' },
      schema: {
        tags,
        summary: '学时证明 PDF（A4，含验证二维码；权限同打印数据）',
        params: statementNumberParam,
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => {
      const detail = await getStatementDetail(db, userOf(req), req.params.number, originOf(deps, req));
      const pdf = await renderStatementPdf(detail);
      const name = `继续教育学时证明-${detail.number}.pdf`;
      return reply
        .header('content-type', 'application/pdf')
        .header(
          'content-disposition',
          `inline; filename="statement-${detail.number}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(pdf));
    },
  );

  app.post(
    '/api/credit-statements/:number/revoke',
    {
      config: { permission: 'credits.revoke' },
      schema: {
        tags,
        summary: '撤销学时证明（县级管理员；须填原因）',
        params: statementNumberParam,
        body: statementRevokeBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => revokeStatement(db, actorOf(req), req.params.number, req.body.reason),
  );

  app.get(
    '/api/verify/statements/:number',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '公开验证学时证明（无需登录；姓名脱敏；每个地址每分钟限 60 次）',
        security: [],
        params: statementNumberParam,
        response: { 200: statementVerification, 400: errorEnvelope, 404: errorEnvelope, 429: errorEnvelope },
      },
    },
    async (req, reply) => {
      await throttleVerify(db, req.ip ?? null);
      reply.header('cache-control', 'no-store');
      return verifyStatement(db, req.params.number);
    },
  );
}
