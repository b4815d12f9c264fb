// HTTP for personal development plans (个人专业发展规划): the teacher's own, the school's review.
import {
  errorEnvelope,
  idParam,
  okResult,
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
