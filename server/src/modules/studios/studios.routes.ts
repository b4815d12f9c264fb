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
import { sendAuditedExport } from '../../http/export-audit.js';
import { XLSX_MIME } from '../../lib/xlsx-export.js';
import { listStudios } from './studios.repo.js';
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
  app.get(
    '/api/studios/export',
    {
      config: { permission: 'studios.read' },
      schema: {
        tags,
        summary: '导出名师工作室（.xlsx，筛选同列表；记入审计日志）',
        querystring: studioListQuery,
        produces: [XLSX_MIME],
        response: { 401: errorEnvelope, 403: errorEnvelope },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      return sendAuditedExport(reply, db, actor, {
        name: '名师工作室',
        action: 'studio.export',
        entity: 'studio',
        filters: req.query,
        rows: await listStudios(read, actor.user, req.query),
        columns: [
          { header: '工作室', key: 'name', width: 30 },
          { header: '主持人', key: 'host_name', width: 10 },
          { header: '主持人学校', key: 'host_school', width: 24 },
          { header: '学段', key: 'stage', width: 8 },
          { header: '学科', key: 'subject', width: 8 },
          { header: '期限', key: 'start_year', width: 12, value: (r) => `${r.start_year}—${r.end_year}` },
          { header: '状态', key: 'status', width: 8, value: (r) => (r.status === 'active' ? '运行中' : '已结束') },
          { header: '成员（人）', key: 'member_count', width: 10, value: (r) => Number(r.member_count) },
          { header: '成员学校（所）', key: 'school_count', width: 12, value: (r) => Number(r.school_count) },
          { header: '活动（次）', key: 'activity_count', width: 10, value: (r) => Number(r.activity_count) },
          { header: '成果（项）', key: 'output_count', width: 10, value: (r) => Number(r.output_count) },
          {
            header: '最近考核',
            key: 'last_review_year',
            width: 14,
            value: (r) => (r.last_review_year ? `${r.last_review_year}年 ${r.last_review_result}` : ''),
          },
          { header: '工作目标', key: 'goals', width: 50 },
        ],
      });
    },
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
