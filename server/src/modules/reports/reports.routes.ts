// HTTP for the year-end summary (draft, saved edit, .docx) and the leader's dashboard (overview,
// breakdowns, schools below target, and the lists every figure drills down to, with .xlsx).
import {
  dashboardBreakdowns,
  dashboardQuery,
  dashboard as dashboardSchema,
  errorEnvelope,
  personTimeList,
  personTimesQuery,
  schoolTargetList,
  untrainedList,
  untrainedQuery,
  yearSummaryDocxQuery,
  yearSummaryQuery,
  yearSummarySaveBody,
  yearSummary as yearSummarySchema,
} from '@shixun/common';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { DOCX_MIME } from '../../lib/docx.js';
import { attachmentDisposition, datedFilename, XLSX_MIME } from '../../lib/xlsx-export.js';
import {
  dashboardBreakdowns as breakdowns,
  dashboard,
  personTimeList as personTimes,
  schoolsBelowTarget,
  untrainedList as untrained,
} from './dashboard.service.js';
import { saveYearSummary, yearSummary, yearSummaryDocx } from './year-summary.js';

const tags = ['reports'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };

export async function reportsRoutes(app: App, deps: Deps) {
  const { db, read } = deps;

  app.get(
    '/api/reports/year-summary',
    {
      config: { permission: 'reports.read' },
      schema: {
        tags,
        summary:
          '年度总结“基本情况”草稿 { text }（简体中文，按 /api/stats/summary 的口径写明培训总人次、各级人次、网络研修人次、参训教师数等）；segments/figures 给出每个数字及其来源表；edited 为保存过的修改稿。带 schoolId 为一所学校的年度总结',
        querystring: yearSummaryQuery,
        response: { 200: yearSummarySchema, ...errors },
      },
    },
    async (req) => yearSummary(read, userOf(req), req.query),
  );

  app.put(
    '/api/reports/year-summary',
    {
      config: { permission: 'reports.write' },
      schema: {
        tags,
        summary: '保存修改后的年度总结（县级保存全县的，学校管理员保存本校的）',
        body: yearSummarySaveBody,
        response: { 200: yearSummarySchema, ...errors },
      },
    },
    async (req) => saveYearSummary(db, actorOf(req), req.body),
  );

  app.get(
    '/api/reports/year-summary.docx',
    {
      config: { permission: 'reports.read' },
      schema: {
        tags,
        summary: '年度总结 Word 文档（.docx）：source=draft 为草稿（默认），edited 为保存的修改稿',
        querystring: yearSummaryDocxQuery,
        produces: [DOCX_MIME],
      },
    },
    async (req, reply) => {
      const { buffer, filename } = await yearSummaryDocx(read, userOf(req), req.query);
      return reply
        .header('content-type', DOCX_MIME)
        .header('content-disposition', attachmentDisposition(filename))
        .header('cache-control', 'no-store')
        .send(buffer);
    },
  );

  app.get(
    '/api/reports/dashboard',
    {
      config: { permission: 'reports.read' },
      schema: {
        tags,
        summary:
          '领导看板：当年培训统计、近五年五级培训人次与覆盖率、送培率、需关注（当年未参训教师、学时进度落后教师、未达标学校）',
        querystring: dashboardQuery,
        response: { 200: dashboardSchema, ...errors },
      },
    },
    async (req) => dashboard(read, userOf(req), req.query),
  );

  app.get(
    '/api/reports/dashboard/breakdowns',
    {
      config: { permission: 'reports.read' },
      schema: {
        tags,
        summary:
          '培训人次分组：按城乡、学段、学科、培训类别、培训形式、年龄段、教龄段（教师属性另给在职教师数与覆盖率）',
        querystring: dashboardQuery,
        response: { 200: dashboardBreakdowns, ...errors },
      },
    },
    async (req) => breakdowns(read, userOf(req), req.query),
  );

  app.get(
    '/api/reports/dashboard/schools-below-target',
    {
      config: { permission: 'reports.read' },
      schema: {
        tags,
        summary: '未达标学校：培训覆盖率低于100%、合格率低于95%或送培率低于100%的学校，覆盖率最低的在前',
        querystring: dashboardQuery,
        response: { 200: schoolTargetList, ...errors },
      },
    },
    async (req) => schoolsBelowTarget(read, userOf(req), req.query),
  );

  app.get(
    '/api/reports/dashboard/schools-below-target/export',
    {
      config: { permission: 'reports.read' },
      schema: {
        tags,
        summary: '导出未达标学校（.xlsx，按同样的筛选）',
        querystring: dashboardQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const list = await schoolsBelowTarget(read, actor.user, req.query);
      const pct = (v: number | null) => (v == null ? '—' : `${Math.round(v * 1000) / 10}%`);
      return sendAuditedExport(reply, db, actor, {
        name: '未达标学校',
        filename: datedFilename(`${list.year}年未达标学校`),
        action: 'report.below_target_export',
        entity: 'report',
        filters: req.query,
        extra: { year: list.year },
        rows: list.items,
        columns: [
          { header: '学区', key: 'areaName', width: 12 },
          { header: '学校', key: 'schoolName', width: 28 },
          { header: '城乡', key: 'urbanRural', width: 8 },
          { header: '在职教师', key: 'teacherCount', width: 10 },
          { header: '培训覆盖率', key: 'coverageRate', width: 12, value: (r) => pct(r.coverageRate) },
          { header: '合格率', key: 'passRate', width: 10, value: (r) => (r.assessed > 0 ? pct(r.passRate) : '—') },
          { header: '送培率', key: 'sendRate', width: 10, value: (r) => pct(r.sendRate) },
          { header: '未达标项', key: 'gaps', width: 48, value: (r) => r.gaps.join('；') },
        ],
      });
    },
  );

  app.get(
    '/api/reports/person-times',
    {
      config: { permission: 'reports.read' },
      schema: {
        tags,
        summary:
          '培训人次明细（看板上任一数字的名单）：按年份、学区、学校、级别、形式、类别、网络研修、城乡、学段、学科、年龄段、教龄段筛选',
        querystring: personTimesQuery,
        response: { 200: personTimeList, ...errors },
      },
    },
    async (req) => personTimes(read, userOf(req), req.query),
  );

  app.get(
    '/api/reports/person-times/export',
    {
      config: { permission: 'reports.read' },
      schema: {
        tags,
        summary: '导出培训人次明细（.xlsx，按同样的筛选；记入审计日志）',
        querystring: personTimesQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      return sendAuditedExport(reply, db, actor, {
        name: '培训人次明细',
        action: 'report.person_times_export',
        entity: 'report',
        filters: req.query,
        page: (p) => personTimes(read, actor.user, { ...req.query, ...p }),
        columns: [
          { header: '教师', key: 'teacherName', width: 10 },
          { header: '学校', key: 'schoolName', width: 24 },
          { header: '学段', key: 'stage', width: 8 },
          { header: '学科', key: 'subject', width: 8 },
          { header: '项目', key: 'projectName', width: 30 },
          { header: '级别', key: 'level', width: 8 },
          { header: '形式', key: 'mode', width: 10 },
          { header: '类别', key: 'category', width: 14 },
          { header: '结束日期', key: 'endDate', width: 12 },
          { header: '状态', key: 'status', width: 10 },
          { header: '考核结果', key: 'result', width: 10 },
        ],
      });
    },
  );

  app.get(
    '/api/reports/untrained',
    {
      config: { permission: 'reports.read' },
      schema: {
        tags,
        summary: '当年未参训的在职教师（范围内学校），含上次参训日期',
        querystring: untrainedQuery,
        response: { 200: untrainedList, ...errors },
      },
    },
    async (req) => untrained(read, userOf(req), req.query),
  );

  app.get(
    '/api/reports/untrained/export',
    {
      config: { permission: 'reports.read' },
      schema: {
        tags,
        summary: '导出当年未参训教师名单（.xlsx；记入审计日志）',
        querystring: untrainedQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      return sendAuditedExport(reply, db, actor, {
        name: '未参训教师',
        action: 'report.untrained_export',
        entity: 'report',
        filters: req.query,
        page: (p) => untrained(read, actor.user, { ...req.query, ...p }),
        columns: [
          { header: '姓名', key: 'name', width: 10 },
          { header: '学校', key: 'schoolName', width: 24 },
          { header: '学段', key: 'stage', width: 8 },
          { header: '学科', key: 'subject', width: 8 },
          { header: '入职日期', key: 'hireDate', width: 12 },
          { header: '上次参训', key: 'lastTrained', width: 12 },
        ],
      });
    },
  );
}
