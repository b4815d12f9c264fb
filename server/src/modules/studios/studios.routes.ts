// HTTP for 名师工作室: list and page, set-up and changes, members, the host's activities and
// outputs, the county's yearly review.
import {
  errorEnvelope,
  idParam,
  okResult,
  studioActivityBody,
  studioBody,
  studioDetail,
  studioList,
  studioListQuery,
  studioMemberParams,
  studioMembersBody,
  studioOutputBody,
  studioReviewBody,
  studioUpdateBody,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import {
  addActivity,
  addMembers,
  addOutput,
  createStudio,
  deleteRecord,
  getStudioDetail,
  listStudioPage,
  removeMember,
  reviewStudio,
  updateStudio,
} from './studios.service.js';

const tags = ['studios'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
const created = z.object({ id: z.number() });

export async function studiosRoutes(app: App, deps: Deps) {
  const { db, read } = deps;

  app.get(
    '/api/studios',
    {
      config: { permission: 'studios.read' },
      schema: {
        tags,
        summary: '名师工作室（教师只看到本人主持或参加的）',
        querystring: studioListQuery,
        response: { 200: studioList, ...errors },
      },
    },
    async (req) => listStudioPage(read, userOf(req), req.query),
  );
  app.post(
    '/api/studios',
    {
      config: { permission: 'studios.manage' },
      schema: {
        tags,
        summary: '设立名师工作室（县级管理员）',
        body: studioBody,
        response: { 201: created, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await createStudio(db, actorOf(req), req.body) }),
  );
  app.get(
    '/api/studios/:id',
    {
      config: { permission: 'studios.read' },
      schema: {
        tags,
        summary: '工作室详情：成员、活动、成果、年度考核、已计学时',
        params: idParam,
        response: { 200: studioDetail, ...errors },
      },
    },
    async (req) => getStudioDetail(db, userOf(req), req.params.id),
  );
  app.patch(
    '/api/studios/:id',
    {
      config: { permission: 'studios.manage' },
      schema: {
        tags,
        summary: '修改工作室（主持人、期限、目标；status=closed 结束）',
        params: idParam,
        body: studioUpdateBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await updateStudio(db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/studios/:id/members',
    {
      config: { permission: 'studios.manage' },
      schema: {
        tags,
        summary: '添加成员（本县任一学校的在职教师）',
        params: idParam,
        body: studioMembersBody,
        response: { 200: z.object({ added: z.number() }), ...errors },
      },
    },
    async (req) => addMembers(db, actorOf(req), req.params.id, req.body.teacherIds, req.body.joinedYear),
  );
  app.delete(
    '/api/studios/:id/members/:teacherId',
    {
      config: { permission: 'studios.manage' },
      schema: {
        tags,
        summary: '成员退出（保留记录，注明退出年度）',
        params: studioMemberParams,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await removeMember(db, actorOf(req), req.params.id, req.params.teacherId);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/studios/:id/activities',
    {
      config: { permission: 'studios.self' },
      schema: {
        tags,
        summary: '记录工作室活动（主持人）',
        params: idParam,
        body: studioActivityBody,
        response: { 201: created, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await addActivity(db, actorOf(req), req.params.id, req.body) }),
  );
  app.delete(
    '/api/studio-activities/:id',
    {
      config: { permission: 'studios.self' },
      schema: {
        tags,
        summary: '删除工作室活动记录（主持人）',
        params: idParam,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await deleteRecord(db, actorOf(req), 'activity', req.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/studios/:id/outputs',
    {
      config: { permission: 'studios.self' },
      schema: {
        tags,
        summary: '登记工作室成果（课例、论文、课题 …；主持人）',
        params: idParam,
        body: studioOutputBody,
        response: { 201: created, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await addOutput(db, actorOf(req), req.params.id, req.body) }),
  );
  app.delete(
    '/api/studio-outputs/:id',
    {
      config: { permission: 'studios.self' },
      schema: {
        tags,
        summary: '删除工作室成果记录（主持人）',
        params: idParam,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await deleteRecord(db, actorOf(req), 'output', req.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/studios/:id/reviews',
    {
      config: { permission: 'studios.manage' },
      schema: {
        tags,
        summary: '工作室年度考核（县级）；合格以上按本县学分规则为主持人和成员计学时，改为不合格则冲销',
        params: idParam,
        body: studioReviewBody,
        response: { 200: z.object({ posted: z.number(), reversed: z.number() }), ...errors },
      },
    },
    async (req) => reviewStudio(db, actorOf(req), req.params.id, req.body),
  );
}
