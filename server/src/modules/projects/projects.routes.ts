// HTTP for the training plan: categories, projects, lifecycle, project trainers and sessions.
import {
  calendarQuery,
  categoryBody,
  categoryUpdateBody,
  dbId,
  errorEnvelope,
  idParam,
  okResult,
  PROJECT_STATUSES,
  planCalendar,
  planTable,
  planTableQuery,
  projectBody,
  projectDetail,
  projectListItem,
  projectListQuery,
  projectSession,
  projectStatusBody,
  projectTrainer,
  projectTrainersBody,
  projectUpdateBody,
  sessionBody,
  sessionListQuery,
  sessionUpdateBody,
  trainingCategory,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { datedFilename, sendXlsxBuffer, XLSX_MIME } from '../../lib/xlsx-export.js';
import { getPlanTable, planTitle, planWorkbook } from './plan-table.js';
import { PROJECT_EXPORT_COLUMNS } from './projects.export.js';
import {
  changeProjectStatus,
  createCategory,
  createProject,
  createSession,
  deleteProject,
  deleteSession,
  getCalendar,
  getCategories,
  getProjectDetail,
  listProjectPage,
  listProjectSessions,
  setProjectTrainers,
  updateCategory,
  updateProject,
  updateSession,
} from './projects.service.js';

const tags = ['projects'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
const created = z.object({ id: z.number() });
const sessionParams = z.object({
  id: dbId,
  sessionId: dbId,
});

export async function projectsRoutes(app: App, deps: Deps) {
  const { db } = deps;

  // ---------- categories ----------
  app.get(
    '/api/training/categories',
    {
      config: { permission: 'projects.read' },
      schema: {
        tags,
        summary: '培训类别（本县列表；首次访问时写入默认类别）',
        response: { 200: z.object({ items: z.array(trainingCategory), total: z.number() }), ...errors },
      },
    },
    async (req) => {
      const items = await getCategories(db, userOf(req));
      return { items, total: items.length };
    },
  );
  app.post(
    '/api/training/categories',
    {
      config: { permission: 'projects.configure' },
      schema: {
        tags,
        summary: '新增培训类别（县级管理员）',
        body: categoryBody,
        response: { 201: created, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await createCategory(db, actorOf(req), req.body) }),
  );
  app.patch(
    '/api/training/categories/:id',
    {
      config: { permission: 'projects.configure' },
      schema: {
        tags,
        summary: '重命名、排序或停用培训类别（县级管理员；改名同步到已有项目）',
        params: idParam,
        body: categoryUpdateBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await updateCategory(db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );

  // ---------- projects ----------
  app.get(
    '/api/projects',
    {
      config: { permission: 'projects.read' },
      schema: {
        tags,
        summary: '培训项目列表（年度计划；按调用者范围过滤，含课次数、各状态学员数、名额合计）',
        querystring: projectListQuery,
        response: { 200: z.object({ items: z.array(projectListItem), total: z.number() }), ...errors },
      },
    },
    async (req) => listProjectPage(db, userOf(req), req.query),
  );
  app.get(
    '/api/projects/export',
    {
      config: { permission: 'projects.read' },
      schema: {
        tags,
        summary: '导出培训项目列表（.xlsx，筛选、排序同列表，按调用者范围）',
        querystring: projectListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_MIME],
        response: { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req, reply) =>
      sendAuditedExport(reply, db, actorOf(req), {
        name: '培训项目',
        action: 'project.export',
        entity: 'project',
        columns: PROJECT_EXPORT_COLUMNS,
        filters: req.query,
        page: (p) => listProjectPage(db, userOf(req), { ...req.query, ...p }),
      }),
  );
  app.get(
    '/api/projects/plan-table',
    {
      config: { permission: 'projects.read' },
      schema: {
        tags,
        summary: '年度培训计划表：按级别 × 类别 × 月份排列的项目与计划人数（按调用者范围）',
        querystring: planTableQuery,
        response: { 200: planTable, ...errors },
      },
    },
    async (req) => getPlanTable(db, userOf(req), req.query),
  );
  app.get(
    '/api/projects/plan-table/export',
    {
      config: { permission: 'projects.read' },
      schema: {
        tags,
        summary: '导出年度培训计划表（.xlsx：计划表与项目明细两页，A4 横向打印）',
        querystring: planTableQuery,
        produces: [XLSX_MIME],
        response: { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope },
      },
    },
    async (req, reply) => {
      const table = await getPlanTable(db, userOf(req), req.query);
      const file = await planWorkbook(db, actorOf(req), table, req.query);
      return sendXlsxBuffer(reply, datedFilename(planTitle(table)), file);
    },
  );
  app.get(
    '/api/projects/calendar',
    {
      config: { permission: 'projects.read' },
      schema: {
        tags,
        summary: '月历：与该月（北京时间）重叠的项目和课次',
        querystring: calendarQuery,
        response: { 200: planCalendar, ...errors },
      },
    },
    async (req) => getCalendar(db, userOf(req), req.query),
  );
  app.get(
    '/api/projects/:id',
    {
      config: { permission: 'projects.read' },
      schema: {
        tags,
        summary: '培训项目详情（培训者、课次、名额、学员统计）',
        params: idParam,
        response: { 200: projectDetail, ...errors },
      },
    },
    async (req) => getProjectDetail(db, userOf(req), req.params.id),
  );
  app.post(
    '/api/projects',
    {
      config: { permission: 'projects.manage' },
      schema: {
        tags,
        summary: '新建培训项目（县级管理员；学校管理员仅本校校培）',
        body: projectBody,
        response: { 201: created, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await createProject(db, actorOf(req), req.body) }),
  );
  app.patch(
    '/api/projects/:id',
    {
      config: { permission: 'projects.manage' },
      schema: {
        tags,
        summary: '修改培训项目（已结束的项目不能修改）',
        params: idParam,
        body: projectUpdateBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await updateProject(db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
  app.delete(
    '/api/projects/:id',
    {
      config: { permission: 'projects.manage' },
      schema: {
        tags,
        summary: '删除培训项目（仅草稿，且无推荐或报名记录）',
        params: idParam,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await deleteProject(db, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/projects/:id/status',
    {
      config: { permission: 'projects.manage' },
      schema: {
        tags,
        summary: '变更项目状态（草稿→已发布→报名中→实施中→考核中→已结束，仅限允许的流转）',
        params: idParam,
        body: projectStatusBody,
        response: { 200: z.object({ status: z.enum(PROJECT_STATUSES) }), ...errors },
      },
    },
    async (req) => ({ status: await changeProjectStatus(db, actorOf(req), req.params.id, req.body) }),
  );
  app.put(
    '/api/projects/:id/trainers',
    {
      config: { permission: 'projects.manage' },
      schema: {
        tags,
        summary: '设置项目的培训者（从培训者库选择，角色：主讲/助教）',
        params: idParam,
        body: projectTrainersBody,
        response: { 200: z.object({ items: z.array(projectTrainer), total: z.number() }), ...errors },
      },
    },
    async (req) => {
      const items = await setProjectTrainers(db, actorOf(req), req.params.id, req.body.trainers);
      return { items, total: items.length };
    },
  );

  // ---------- sessions ----------
  app.get(
    '/api/projects/:id/sessions',
    {
      config: { permission: 'projects.read' },
      schema: {
        tags,
        summary: '项目的课次（日程），按时间排序',
        params: idParam,
        querystring: sessionListQuery,
        response: { 200: z.object({ items: z.array(projectSession), total: z.number() }), ...errors },
      },
    },
    async (req) => listProjectSessions(db, userOf(req), req.params.id, req.query),
  );
  app.post(
    '/api/projects/:id/sessions',
    {
      config: { permission: 'projects.manage' },
      schema: {
        tags,
        summary: '新增课次（日期 + 北京时间的起止时刻，须在项目日期内）',
        params: idParam,
        body: sessionBody,
        response: { 201: created, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send({ id: await createSession(db, actorOf(req), req.params.id, req.body) }),
  );
  app.patch(
    '/api/projects/:id/sessions/:sessionId',
    {
      config: { permission: 'projects.manage' },
      schema: {
        tags,
        summary: '修改课次（已有签到记录的课次只能改主题和教室）',
        params: sessionParams,
        body: sessionUpdateBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await updateSession(db, actorOf(req), req.params.id, req.params.sessionId, req.body);
      return { ok: true as const };
    },
  );
  app.delete(
    '/api/projects/:id/sessions/:sessionId',
    {
      config: { permission: 'projects.manage' },
      schema: {
        tags,
        summary: '删除课次（已有签到记录的不能删除）',
        params: sessionParams,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await deleteSession(db, actorOf(req), req.params.id, req.params.sessionId);
      return { ok: true as const };
    },
  );
}
