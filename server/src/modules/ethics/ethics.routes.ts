// HTTP for the ethics record (师德档案): list and record per teacher, delete (county admin).
import { errorEnvelope, ethicsBody, ethicsList, ethicsRecord, idParam, okResult } from '@shixun/common';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { createEthicsRecord, deleteEthicsRecord, listEthics } from './ethics.service.js';

const tags = ['ethics'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope };

export async function ethicsRoutes(app: App, deps: Deps) {
  const { db } = deps;

  app.get(
    '/api/teachers/:id/ethics',
    {
      config: { permission: 'ethics.read' },
      schema: {
        tags,
        summary: '教师的师德档案（承诺、表彰、违反师德及一票否决；范围同教师详情，教师本人可看）',
        params: idParam,
        response: { 200: ethicsList, ...errors },
      },
    },
    async (req) => listEthics(db, userOf(req), req.params.id),
  );

  app.post(
    '/api/teachers/:id/ethics',
    {
      config: { permission: 'ethics.write' },
      schema: {
        tags,
        summary: '记录师德承诺、表彰或违反师德（一票否决仅用于违反师德；县级或本校管理员）',
        params: idParam,
        body: ethicsBody,
        response: { 200: ethicsRecord, ...errors },
      },
    },
    async (req) => createEthicsRecord(db, actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/ethics-records/:id',
    {
      config: { permission: 'ethics.delete' },
      schema: {
        tags,
        summary: '删除误录的师德记录（仅县级管理员；审计日志保留原内容）',
        params: idParam,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await deleteEthicsRecord(db, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
}
