// HTTP for surveys (问卷): the county's needs surveys and competency self-assessments, the
// satisfaction template every project gets, results and their .xlsx, the needs summary beside the
// plan, satisfaction per trainer and per project; the teacher's surveys, form and answers.
import {
  errorEnvelope,
  idParam,
  mySurveys as mySurveysSchema,
  needsSummaryQuery,
  needsSummary as needsSummarySchema,
  projectSatisfactionList,
  projectSatisfactionRow,
  SATISFACTION_DIMENSION_LABELS,
  SATISFACTION_DIMENSIONS,
  SURVEY_KIND_LABELS,
  SURVEY_STATUS_LABELS,
  satisfactionQuery,
  satisfactionTemplate,
  satisfactionTemplateBody,
  survey,
  surveyBody,
  surveyCreated,
  surveyForm,
  surveyFormQuery,
  surveyList,
  surveyListQuery,
  surveyPublished,
  surveyResponseBody,
  surveyResponseResult,
  surveyResultsQuery,
  surveyResults as surveyResultsSchema,
  trainerSatisfactionList,
} from '@shixun/common';
import { z } from 'zod';
import { projectAccess } from '../../access/project-access.js';
import { projectScope } from '../../access/scope.js';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { forbidden } from '../../http/errors.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { attachmentDisposition, datedFilename, XLSX_MIME } from '../../lib/xlsx-export.js';
import { currentYear } from '../stats/summary.service.js';
import { surveyForm as formOf, mySurveys, respond } from './answer-survey.js';
import { needsSummary } from './needs-summary.js';
import { getTemplate, projectSatisfaction, saveTemplate, stopTemplate, trainerSatisfaction } from './satisfaction.js';
import * as repo from './surveys.repo.js';
import {
  closeSurvey,
  copySurvey,
  createSurvey,
  deleteSurvey,
  exportSurvey,
  getSurvey,
  listSurveys,
  publishSurvey,
  surveyResults,
  updateSurvey,
} from './surveys.service.js';

const tags = ['surveys'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };

export async function surveysRoutes(app: App, deps: Deps) {
  const { db, read } = deps;

  app.get(
    '/api/surveys',
    {
      config: { permission: 'surveys.read' },
      schema: {
        tags,
        summary: '问卷列表（需求调研、能力自评、满意度模板），含应答与已答人数（按权限范围内的学校）；草稿仅县级可见',
        querystring: surveyListQuery,
        response: { 200: surveyList, ...errors },
      },
    },
    async (req) => listSurveys(read, userOf(req), req.query),
  );

  app.get(
    '/api/surveys/export',
    {
      config: { permission: 'surveys.read' },
      schema: {
        tags,
        summary: '导出问卷列表（.xlsx，按同样的筛选：类型、状态、年份），含邀请与已答人数、回收率',
        querystring: surveyListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      return sendAuditedExport(reply, db, actor, {
        name: '问卷列表',
        action: 'survey.export',
        entity: 'survey',
        filters: req.query,
        page: (p) => listSurveys(read, actor.user, { ...req.query, ...p }),
        columns: [
          { header: '标题', key: 'title', width: 36 },
          { header: '类型', key: 'kind', width: 14, value: (r) => SURVEY_KIND_LABELS[r.kind] },
          { header: '年度', key: 'year', width: 8 },
          { header: '状态', key: 'status', width: 10, value: (r) => SURVEY_STATUS_LABELS[r.status] },
          { header: '匿名', key: 'anonymous', width: 8, value: (r) => (r.anonymous ? '是' : '否') },
          { header: '截止日期', key: 'closesOn', width: 12 },
          { header: '应答人数', key: 'invited', width: 10 },
          { header: '已答人数', key: 'responded', width: 10 },
          {
            header: '回收率',
            key: 'rate',
            width: 10,
            value: (r) => (r.invited > 0 ? `${Math.round((r.responded / r.invited) * 1000) / 10}%` : '—'),
          },
        ],
      });
    },
  );

  app.post(
    '/api/surveys',
    {
      config: { permission: 'surveys.manage' },
      schema: {
        tags,
        summary:
          '新建问卷草稿：kind 为 needs（培训需求调研）或 competency（能力自评）；sections 分部分列出题目（单选、多选、1–5分评分、0–10推荐度、矩阵、填空，可设必答）；audience 按学段、学科、学区、学校、教龄选定对象',
        body: surveyBody,
        response: { 201: surveyCreated, ...errors },
      },
    },
    async (req, reply) => {
      const id = await createSurvey(db, actorOf(req), req.body);
      return reply.status(201).send({ id });
    },
  );

  app.get(
    '/api/surveys/template',
    {
      config: { permission: 'surveys.read' },
      schema: {
        tags,
        summary: '县里的培训满意度问卷模板（每个培训项目最后一次课结束后自动向参训教师开放），及平台默认模板',
        response: { 200: satisfactionTemplate, ...errors },
      },
    },
    async (req) => getTemplate(read, userOf(req)),
  );

  app.put(
    '/api/surveys/template',
    {
      config: { permission: 'surveys.manage' },
      schema: {
        tags,
        summary:
          '保存满意度问卷模板（无人作答时直接修改；已有作答则生成新版本，已开始作答的项目沿用旧版本）；settings.requiredForCertificate：填完问卷才能查看证书',
        body: satisfactionTemplateBody,
        response: { 200: survey, ...errors },
      },
    },
    async (req) => saveTemplate(db, actorOf(req), req.body),
  );

  app.get(
    '/api/surveys/needs-summary',
    {
      config: { permission: 'surveys.read' },
      schema: {
        tags,
        summary: '培训需求摘要（制定计划时参考）：当年需求调研中被选最多的培训主题，总体、按学段、按学科',
        querystring: needsSummaryQuery,
        response: { 200: needsSummarySchema, ...errors },
      },
    },
    async (req) => needsSummary(read, userOf(req), req.query),
  );

  app.get(
    '/api/surveys/satisfaction/trainers',
    {
      config: { permission: 'surveys.read' },
      schema: {
        tags,
        summary: '授课教师满意度（某年结束的项目中对每位授课教师的评分：平均分、满意率＝4、5分占比）',
        querystring: satisfactionQuery,
        response: { 200: trainerSatisfactionList, ...errors },
      },
    },
    async (req) => {
      const year = req.query.year ?? currentYear();
      return { year, items: await trainerSatisfaction(read, userOf(req).regionId, { year }) };
    },
  );

  app.get(
    '/api/surveys/satisfaction/projects',
    {
      config: { permission: 'surveys.read' },
      schema: {
        tags,
        summary: '各培训项目的满意度（某年结束、范围内可见的项目）：平均分、满意率、分维度、净推荐值、应答人数',
        querystring: satisfactionQuery,
        response: { 200: projectSatisfactionList, ...errors },
      },
    },
    async (req) => {
      const user = userOf(req);
      const year = req.query.year ?? currentYear();
      return {
        year,
        items: await projectSatisfaction(read, user.regionId, { year, projectWhere: projectScope(user, 'p') }),
      };
    },
  );

  app.get(
    '/api/surveys/satisfaction/projects/export',
    {
      config: { permission: 'surveys.read' },
      schema: {
        tags,
        summary: '导出各培训项目的满意度（.xlsx，同一年份与范围）',
        querystring: satisfactionQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const user = actor.user;
      const year = req.query.year ?? currentYear();
      const items = await projectSatisfaction(read, user.regionId, { year, projectWhere: projectScope(user, 'p') });
      const dim = (r: (typeof items)[number], d: string) => r.dimensions.find((x) => x.dimension === d);
      const pct = (v: number | null | undefined) => (v == null ? '—' : `${Math.round(v * 1000) / 10}%`);
      return sendAuditedExport(reply, db, actor, {
        name: '培训项目满意度',
        filename: datedFilename(`${year}年培训项目满意度`),
        action: 'survey.satisfaction_export',
        entity: 'survey',
        filters: req.query,
        extra: { year },
        rows: items,
        columns: [
          { header: '项目', key: 'projectName', width: 36 },
          { header: '级别', key: 'level', width: 8 },
          { header: '结束日期', key: 'endDate', width: 12 },
          { header: '应答人数', key: 'invited', width: 10 },
          { header: '已答人数', key: 'responses', width: 10 },
          { header: '平均分', key: 'mean', width: 8 },
          { header: '满意率', key: 'satisfiedRate', width: 10, value: (r) => pct(r.satisfiedRate) },
          ...SATISFACTION_DIMENSIONS.map((d) => ({
            header: `${SATISFACTION_DIMENSION_LABELS[d]}平均分`,
            key: d,
            width: 14,
            value: (r: (typeof items)[number]) => dim(r, d)?.mean ?? '—',
          })),
          { header: '净推荐值', key: 'nps', width: 10, value: (r) => r.nps ?? '—' },
        ],
      });
    },
  );

  app.get(
    '/api/surveys/satisfaction/trainers/export',
    {
      config: { permission: 'surveys.read' },
      schema: {
        tags,
        summary: '导出授课教师满意度（.xlsx，同一年份）',
        querystring: satisfactionQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const year = req.query.year ?? currentYear();
      const items = await trainerSatisfaction(read, actor.user.regionId, { year });
      return sendAuditedExport(reply, db, actor, {
        name: '授课教师满意度',
        filename: datedFilename(`${year}年授课教师满意度`),
        action: 'survey.satisfaction_export',
        entity: 'survey',
        filters: req.query,
        extra: { year },
        rows: items,
        columns: [
          { header: '授课教师', key: 'name', width: 14 },
          { header: '授课项目数', key: 'projects', width: 12 },
          { header: '答卷数', key: 'responses', width: 10 },
          { header: '评分数', key: 'ratings', width: 10 },
          { header: '平均分', key: 'mean', width: 8 },
          {
            header: '满意率',
            key: 'satisfiedRate',
            width: 10,
            value: (r) => (r.satisfiedRate == null ? '—' : `${Math.round(r.satisfiedRate * 1000) / 10}%`),
          },
        ],
      });
    },
  );

  app.get(
    '/api/projects/:id/satisfaction',
    {
      config: { permission: 'projects.read' },
      schema: {
        tags,
        summary: '本项目的满意度（项目管理者、授课教师和局领导可看）；无人作答时为空',
        params: idParam,
        response: { 200: z.object({ item: projectSatisfactionRow.nullable() }), ...errors },
      },
    },
    async (req) => {
      const user = userOf(req);
      const a = await projectAccess(read, user, req.params.id);
      if (!a.manage && user.role !== 'leader') throw forbidden('只有项目管理者、授课教师和局领导可以查看项目满意度');
      const [item] = await projectSatisfaction(read, user.regionId, { projectId: req.params.id });
      return { item: item ?? null };
    },
  );

  app.get(
    '/api/surveys/:id',
    {
      config: { permission: 'surveys.read' },
      schema: { tags, summary: '问卷详情（题目、对象、状态）', params: idParam, response: { 200: survey, ...errors } },
    },
    async (req) => getSurvey(read, userOf(req), req.params.id),
  );

  app.put(
    '/api/surveys/:id',
    {
      config: { permission: 'surveys.manage' },
      schema: {
        tags,
        summary: '修改问卷草稿（发布后不能再改题目）',
        params: idParam,
        body: surveyBody,
        response: { 200: survey, ...errors },
      },
    },
    async (req) => updateSurvey(db, actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/surveys/:id',
    {
      config: { permission: 'surveys.manage' },
      schema: {
        tags,
        summary: '删除问卷草稿',
        params: idParam,
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (req) => {
      await deleteSurvey(db, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/surveys/:id/publish',
    {
      config: { permission: 'surveys.manage' },
      schema: {
        tags,
        summary: '发布问卷：按对象邀请在职教师（发站内消息），返回邀请人数',
        params: idParam,
        response: { 200: surveyPublished, ...errors },
      },
    },
    async (req) => publishSurvey(db, actorOf(req), req.params.id),
  );

  app.post(
    '/api/surveys/:id/close',
    {
      config: { permission: 'surveys.manage' },
      schema: {
        tags,
        summary: '结束问卷（不再接受作答）；对满意度模板则停止向新项目开放满意度问卷',
        params: idParam,
        response: { 200: survey, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const s = await repo.findSurvey(db, actor.user, req.params.id);
      if (s?.is_template && s.status === 'published') {
        await db.transaction((tx) => stopTemplate(tx, actor, req.params.id));
        return getSurvey(db, actor.user, req.params.id);
      }
      return closeSurvey(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/surveys/:id/copy',
    {
      config: { permission: 'surveys.manage' },
      schema: {
        tags,
        summary: '复制问卷为新草稿（题目和对象相同）',
        params: idParam,
        response: { 201: surveyCreated, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await copySurvey(db, actorOf(req), req.params.id) }),
  );

  app.get(
    '/api/surveys/:id/results',
    {
      config: { permission: 'surveys.read' },
      schema: {
        tags,
        summary:
          '问卷结果（范围内学校的答卷）：各校回收率、每题统计（选项分布、平均分、满意率、净推荐值、矩阵各行、按授课教师、开放回答）、能力自评各维度均分，by= 学段/学科/学校/城乡交叉分析（匿名问卷少于3份的组不显示）；满意度问卷可按 projectId 看一个项目',
        params: idParam,
        querystring: surveyResultsQuery,
        response: { 200: surveyResultsSchema, ...errors },
      },
    },
    async (req) => surveyResults(read, userOf(req), req.params.id, req.query),
  );

  app.get(
    '/api/surveys/:id/results/export',
    {
      config: { permission: 'surveys.read' },
      schema: {
        tags,
        summary:
          '导出问卷结果（.xlsx：回收情况、题目统计、交叉分析、答卷）；匿名问卷的答卷不含姓名、学校、学段、学科、日期，顺序打乱',
        params: idParam,
        querystring: surveyResultsQuery.omit({ by: true }),
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => {
      const { buffer, filename } = await exportSurvey(db, actorOf(req), req.params.id, req.query);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachmentDisposition(datedFilename(filename)))
        .header('cache-control', 'no-store')
        .send(buffer);
    },
  );

  app.get(
    '/api/me/surveys',
    {
      config: { permission: 'surveys.answer' },
      schema: {
        tags,
        summary: '我的问卷（教师）：待填写的（需求调研、能力自评、培训结束后的满意度问卷）和最近填写过的',
        response: { 200: mySurveysSchema, ...errors },
      },
    },
    async (req) => mySurveys(read, userOf(req)),
  );

  app.get(
    '/api/surveys/:id/form',
    {
      config: { permission: 'surveys.answer' },
      schema: {
        tags,
        summary:
          '填写问卷的表单（教师）：满意度问卷带 projectId，列出该项目的授课教师；已填写过的返回只读状态与自评得分',
        params: idParam,
        querystring: surveyFormQuery,
        response: { 200: surveyForm, ...errors },
      },
    },
    async (req) => formOf(read, userOf(req), req.params.id, req.query.projectId ?? null),
  );

  app.post(
    '/api/surveys/:id/responses',
    {
      config: { permission: 'surveys.answer' },
      schema: {
        tags,
        summary:
          '提交答卷（教师，每人一份；满意度问卷带 projectId，培训结束后开放期内可填）。answers：题目编号 → 选项编号、选项编号数组、分数、{行/授课教师编号: 分数} 或文字；匿名问卷不记录答卷人',
        params: idParam,
        body: surveyResponseBody,
        response: { 201: surveyResponseResult, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await respond(db, actorOf(req), req.params.id, req.body)),
  );
}
