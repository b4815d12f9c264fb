// HTTP for the trainer pool (培训者库).
import {
  errorEnvelope,
  idParam,
  okResult,
  trainer,
  trainerCreateBody,
  trainerListQuery,
  trainerUpdateBody,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { XLSX_MIME } from '../../lib/xlsx-export.js';
import { TRAINER_EXPORT_COLUMNS } from './trainers.export.js';
import { createTrainer, getMyTrainer, getTrainer, listTrainerPage, updateTrainer } from './trainers.service.js';

const tags = ['trainers'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };

export async function trainersRoutes(app: App, deps: Deps) {
  const { db } = deps;

  app.get(
    '/api/trainers',
    {
      config: { permission: 'trainers.read' },
      schema: {
        tags,
        summary: '培训者库（县内教师与外聘专家；按姓名、单位、专长搜索，分页）',
        querystring: trainerListQuery,
        response: { 200: z.object({ items: z.array(trainer), total: z.number() }), ...errors },
      },
    },
    async (req) => listTrainerPage(db, userOf(req), req.query),
  );
  app.get(
    '/api/trainers/export',
    {
      config: { permission: 'trainers.read' },
      schema: {
        tags,
        summary: '导出培训者库（.xlsx，筛选条件同列表）',
        querystring: trainerListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_MIME],
        response: { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope },
      },
    },
    async (req, reply) =>
      sendAuditedExport(reply, db, actorOf(req), {
        name: '培训者库',
        action: 'trainer.export',
        entity: 'trainer',
        columns: TRAINER_EXPORT_COLUMNS,
        filters: req.query,
        page: (p) => listTrainerPage(db, userOf(req), { ...req.query, ...p }),
      }),
  );
  app.get(
    '/api/trainers/me',
    {
      config: { permission: 'trainers.self' },
      schema: {
        tags,
        summary: '我的培训者档案（培训专家账号，或入库的县内教师）',
        response: { 200: trainer, ...errors },
      },
    },
    async (req) => getMyTrainer(db, userOf(req)),
  );
  app.get(
    '/api/trainers/:id',
    {
      config: { permission: 'trainers.read' },
      schema: { tags, summary: '培训者详情', params: idParam, response: { 200: trainer, ...errors } },
    },
    async (req) => getTrainer(db, userOf(req), req.params.id),
  );
  app.post(
    '/api/trainers',
    {
      config: { permission: 'trainers.write' },
      schema: {
        tags,
        summary: '新增培训者（县级管理员）：县内教师（kind=county，姓名职称取自教师档案）或外聘专家（kind=external）',
        body: trainerCreateBody,
        response: { 201: z.object({ id: z.number() }), ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await createTrainer(db, actorOf(req), req.body) }),
  );
  app.patch(
    '/api/trainers/:id',
    {
      config: { permission: 'trainers.write' },
      schema: {
        tags,
        summary: '修改培训者；active=false 停用（县级管理员）',
        params: idParam,
        body: trainerUpdateBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await updateTrainer(db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
}
