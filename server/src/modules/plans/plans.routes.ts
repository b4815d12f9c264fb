// HTTP for personal development plans (个人专业发展规划): the teacher's own, the school's review.
import {
  errorEnvelope,
  idParam,
  okResult,
  PLAN_KIND_LABELS,
  PLAN_STATUS_LABELS,
  type PlanKind,
  type PlanStatus,
  planBody,
  planDecisionBody,
  planItem,
  planList,
  planListQuery,
  planSummaryBody,
  planUpdateBody,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { XLSX_MIME } from '../../lib/xlsx-export.js';
import { listPlans } from './plans.repo.js';
import {
  createPlan,
  decidePlan,
  getPlan,
  listPlanPage,
  myPlans,
  submitPlan,
  summarisePlan,
  updatePlan,
} from './plans.service.js';

const tags = ['plans'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
const { page: _p, pageSize: _s, ...planFilterShape } = planListQuery.shape;

export async function plansRoutes(app: App, deps: Deps) {
  const { db, read } = deps;

  app.get(
    '/api/me/plans',
    {
      config: { permission: 'plans.self' },
      schema: {
        tags,
        summary: '我的专业发展规划（五年规划、年度计划，附学时台账实际情况）',
        response: { 200: planList, ...errors },
      },
    },
    async (req) => myPlans(db, userOf(req)),
  );
  app.post(
    '/api/me/plans',
    {
      config: { permission: 'plans.self' },
      schema: {
        tags,
        summary: '填写发展规划（五年规划自起始年起五年；submit=true 直接提交学校审批）',
        body: planBody,
        response: { 201: z.object({ id: z.number() }), ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await createPlan(db, actorOf(req), req.body) }),
  );
  app.get(
    '/api/plans',
    {
      config: { permission: 'plans.read' },
      schema: {
        tags,
        summary: '教师发展规划（范围内；按年度、类型、状态、学校、姓名筛选）',
        querystring: planListQuery,
        response: { 200: planList, ...errors },
      },
    },
    async (req) => listPlanPage(read, userOf(req), req.query),
  );
  app.get(
    '/api/plans/export',
    {
      config: { permission: 'plans.read' },
      schema: {
        tags,
        summary: '导出教师发展规划（.xlsx，筛选同列表；记入审计日志）',
        querystring: z.object(planFilterShape),
        produces: [XLSX_MIME],
        response: { 401: errorEnvelope, 403: errorEnvelope },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      return sendAuditedExport(reply, db, actor, {
        name: '教师专业发展规划',
        action: 'plan.export',
        entity: 'development_plan',
        filters: req.query,
        page: (p) => listPlans(read, actor.user, { ...req.query, ...p }),
        columns: [
          { header: '学校', key: 'school_name', width: 24 },
          { header: '教师', key: 'teacher_name', width: 10 },
          { header: '类型', key: 'kind', width: 14, value: (r) => PLAN_KIND_LABELS[r.kind as PlanKind] ?? r.kind },
          {
            header: '年度',
            key: 'start_year',
            width: 12,
            value: (r) => (r.start_year === r.end_year ? `${r.start_year}` : `${r.start_year}—${r.end_year}`),
          },
          {
            header: '状态',
            key: 'status',
            width: 8,
            value: (r) => PLAN_STATUS_LABELS[r.status as PlanStatus] ?? r.status,
          },
          { header: '发展目标', key: 'goals', width: 50 },
          {
            header: '计划培训',
            key: 'items',
            width: 40,
            value: (r) =>
              (Array.isArray(r.items) ? (r.items as Array<{ title: string; hours?: number | null }>) : [])
                .map((i) => (i.hours ? `${i.title}（${i.hours}学时）` : i.title))
                .join('；'),
          },
          {
            header: '目标学时',
            key: 'hours_target',
            width: 10,
            value: (r) => (r.hours_target == null ? null : Number(r.hours_target)),
          },
          {
            header: '台账学时',
            key: 'ledger_hours',
            width: 10,
            value: (r) => Math.round(Number(r.ledger_hours) * 10) / 10,
          },
          { header: '结业培训（项）', key: 'completed', width: 12, value: (r) => Number(r.completed) },
          { header: '审批人', key: 'decided_by_name', width: 16 },
          { header: '退回原因', key: 'return_reason', width: 30 },
          { header: '年度总结', key: 'summary', width: 50 },
        ],
      });
    },
  );
  app.get(
    '/api/plans/:id',
    {
      config: { permission: 'plans.read' },
      schema: {
        tags,
        summary: '发展规划详情（附学时台账实际情况）',
        params: idParam,
        response: { 200: planItem, ...errors },
      },
    },
    async (req) => getPlan(db, userOf(req), req.params.id),
  );
  app.patch(
    '/api/plans/:id',
    {
      config: { permission: 'plans.self' },
      schema: {
        tags,
        summary: '修改本人的规划（草稿或被退回时）',
        params: idParam,
        body: planUpdateBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await updatePlan(db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/plans/:id/submit',
    {
      config: { permission: 'plans.self' },
      schema: { tags, summary: '提交学校审批', params: idParam, response: { 200: okResult, ...errors } },
    },
    async (req) => {
      await submitPlan(db, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/plans/:id/decide',
    {
      config: { permission: 'plans.review' },
      schema: {
        tags,
        summary: '学校审批：通过，或退回（须填原因）',
        params: idParam,
        body: planDecisionBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await decidePlan(db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/plans/:id/summary',
    {
      config: { permission: 'plans.self' },
      schema: {
        tags,
        summary: '年度总结（已通过的年度计划，自该年11月1日起）',
        params: idParam,
        body: planSummaryBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await summarisePlan(db, actorOf(req), req.params.id, req.body.summary);
      return { ok: true as const };
    },
  );
}
