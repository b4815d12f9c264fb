// HTTP for report-backs (成果汇报): the county's rule, tasks (list, detail, submit, verify, return)
// and the per-school supervision table with its export.
import {
  errorEnvelope,
  idParam,
  type ReportBackSchoolRow,
  reportBackDetail,
  reportBackList,
  reportBackQuery,
  reportBackReturnBody,
  reportBackSchoolStats,
  reportBackSettings,
  reportBackStatsQuery,
  reportBackSubmitBody,
} from '@shixun/common';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { datedFilename, sendXlsx, XLSX_MIME, type XlsxColumn } from '../../lib/xlsx-export.js';
import { registerAttachmentOwner } from '../attachments/attachments.service.js';
import {
  canReadReportBack,
  getReportBack,
  listReportBacks,
  OWNER_KIND,
  reportBackSchoolRows,
  returnReportBack,
  reportBackSchoolStats as schoolStats,
  submitReportBack,
  verifyReportBack,
} from './report-backs.service.js';
import { getReportBackRule, saveReportBackRule } from './report-backs.tasks.js';

const tags = ['report-backs'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };

const pct = (r: number | null) => (r == null ? '' : `${(r * 100).toFixed(1)}%`);
const SCHOOL_COLUMNS: XlsxColumn<ReportBackSchoolRow>[] = [
  { header: '学区', key: 'areaName', width: 16 },
  { header: '学校', key: 'schoolName', width: 28 },
  { header: '应汇报', key: 'due', width: 10 },
  { header: '已提交', key: 'done', width: 10 },
  { header: '已审核', key: 'verified', width: 10 },
  { header: '逾期（教师未按期提交）', key: 'overdue', width: 20 },
  { header: '待审核', key: 'awaitingReview', width: 10 },
  { header: '最久待审核（天）', key: 'longestWaitDays', width: 16, value: (r) => r.longestWaitDays ?? '' },
  { header: '成果转化率（已审核/应汇报）', key: 'rate', width: 26, value: (r) => pct(r.rate) },
];

export async function reportBacksRoutes(app: App, deps: Deps) {
  const { db, read } = deps;
  registerAttachmentOwner(OWNER_KIND, canReadReportBack);

  app.get(
    '/api/report-backs/settings',
    {
      config: { permission: 'report-backs.rules' },
      schema: {
        tags,
        summary: '成果汇报规则：哪些级别/形式的项目结业后须汇报，结束后几天内完成（默认 14 天）',
        response: { 200: reportBackSettings, ...errors },
      },
    },
    async (req) => getReportBackRule(db, userOf(req).regionId),
  );

  app.put(
    '/api/report-backs/settings',
    {
      config: { permission: 'report-backs.configure' },
      schema: {
        tags,
        summary: '修改成果汇报规则（县级管理员；只影响此后新建的任务）',
        body: reportBackSettings,
        response: { 200: reportBackSettings, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return saveReportBackRule(db, actor, req.body);
    },
  );

  app.get(
    '/api/report-backs',
    {
      config: { permission: 'report-backs.read' },
      schema: {
        tags,
        summary: '成果汇报任务（教师看本人；管理员看所辖学校），可按状态、逾期、年度、学区、学校、项目筛选',
        querystring: reportBackQuery,
        response: { 200: reportBackList, ...errors },
      },
    },
    async (req) => listReportBacks(db, userOf(req), req.query),
  );

  app.get(
    '/api/report-backs/by-school',
    {
      config: { permission: 'report-backs.stats' },
      schema: {
        tags,
        summary: '按学校统计：应汇报、已提交、已审核、逾期、成果转化率（已审核/应汇报）；年度按截止日期',
        querystring: reportBackStatsQuery,
        response: { 200: reportBackSchoolStats, ...errors },
      },
    },
    async (req) => schoolStats(read, userOf(req), req.query),
  );

  app.get(
    '/api/report-backs/by-school/export',
    {
      config: { permission: 'report-backs.stats' },
      schema: {
        tags,
        summary: '导出按学校统计（.xlsx，筛选条件同上）',
        querystring: reportBackStatsQuery.pick({ year: true, areaId: true }),
        produces: [XLSX_MIME],
        response: { 401: errorEnvelope, 403: errorEnvelope },
      },
    },
    async (req, reply) => {
      const list = await reportBackSchoolRows(read, userOf(req), req.query);
      return sendXlsx(reply, datedFilename(`成果汇报统计${req.query.year ?? ''}`), {
        sheetName: '成果汇报统计',
        columns: SCHOOL_COLUMNS,
        rows: list,
      });
    },
  );

  app.get(
    '/api/report-backs/:id',
    {
      config: { permission: 'report-backs.read' },
      schema: {
        tags,
        summary: '成果汇报详情（含附件）',
        params: idParam,
        response: { 200: reportBackDetail, ...errors },
      },
    },
    async (req) => getReportBack(db, userOf(req), req.params.id),
  );

  app.put(
    '/api/report-backs/:id',
    {
      config: { permission: 'report-backs.submit' },
      schema: {
        tags,
        summary: '教师填写并提交成果汇报（形式、日期、听众人数、摘要、课件/照片/签到表）；审核通过前可修改',
        params: idParam,
        body: reportBackSubmitBody,
        response: { 200: reportBackDetail, ...errors },
      },
    },
    async (req) => submitReportBack(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/report-backs/:id/verify',
    {
      config: { permission: 'report-backs.review' },
      schema: {
        tags,
        summary: '审核通过（本校管理员或县级管理员）',
        params: idParam,
        response: { 200: reportBackDetail, ...errors },
      },
    },
    async (req) => verifyReportBack(db, actorOf(req), req.params.id),
  );

  app.post(
    '/api/report-backs/:id/return',
    {
      config: { permission: 'report-backs.review' },
      schema: {
        tags,
        summary: '退回修改（须填写原因；本校管理员或县级管理员）',
        params: idParam,
        body: reportBackReturnBody,
        response: { 200: reportBackDetail, ...errors },
      },
    },
    async (req) => returnReportBack(db, actorOf(req), req.params.id, req.body.reason),
  );
}
