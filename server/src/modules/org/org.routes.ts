// HTTP for areas, consortia and schools: parse, authorise, call the service, present.
import {
  area,
  areaBody,
  consortium,
  consortiumBody,
  errorEnvelope,
  idParam,
  okResult,
  school,
  schoolBody,
  schoolListQuery,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { offsetOf } from '../../http/pagination.js';
import { XLSX_MIME } from '../../lib/xlsx-export.js';
import { getSchool, listAreas, listConsortia, listSchools, type SchoolRow, schoolOptions } from './org.repo.js';
import {
  createArea,
  createConsortium,
  createSchool,
  deleteArea,
  deleteConsortium,
  deleteSchool,
  updateArea,
  updateConsortium,
  updateSchool,
} from './org.service.js';

const errors = { 400: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
const created = z.object({ id: z.number() });

export const presentSchool = (r: SchoolRow): z.infer<typeof school> => ({
  id: r.id,
  name: r.name,
  code: r.code,
  type: r.type,
  affiliation: r.affiliation,
  urbanRural: r.urban_rural,
  areaId: r.area_id,
  areaName: r.area_name,
  parentSchoolId: r.parent_school_id,
  parentSchoolName: r.parent_school_name,
  childCount: r.child_count,
  aliases: r.aliases ?? [],
  consortiumId: r.consortium_id,
  consortiumName: r.consortium_name,
  isCore: r.is_core,
  address: r.address,
  principal: r.principal,
  phone: r.phone,
  teacherCount: r.teacher_count,
});

export async function orgRoutes(app: App, deps: Deps) {
  const { db } = deps;

  // ---------- areas ----------
  app.get(
    '/api/areas',
    {
      config: { permission: 'org.read' },
      schema: {
        tags: ['org'],
        summary: '学区列表（含学校数、在职教师数）',
        response: { 200: z.object({ items: z.array(area), total: z.number() }), ...errors },
      },
    },
    async (req) => {
      const user = userOf(req);
      const items = (await listAreas(db, user)).map((r) => ({
        id: r.id,
        name: r.name,
        code: r.code,
        schoolCount: r.school_count,
        teacherCount: r.teacher_count,
      }));
      return { items, total: items.length };
    },
  );
  app.post(
    '/api/areas',
    {
      config: { permission: 'org.manage' },
      schema: { tags: ['org'], summary: '新建学区', body: areaBody, response: { 201: created, ...errors } },
    },
    async (req, reply) => reply.status(201).send({ id: await createArea(db, actorOf(req), req.body) }),
  );
  app.patch(
    '/api/areas/:id',
    {
      config: { permission: 'org.manage' },
      schema: {
        tags: ['org'],
        summary: '修改学区',
        params: idParam,
        body: areaBody.partial(),
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await updateArea(db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
  app.delete(
    '/api/areas/:id',
    {
      config: { permission: 'org.manage' },
      schema: {
        tags: ['org'],
        summary: '删除学区（须无学校）',
        params: idParam,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await deleteArea(db, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );

  // ---------- consortia ----------
  app.get(
    '/api/consortia',
    {
      config: { permission: 'org.read' },
      schema: {
        tags: ['org'],
        summary: '教联体列表（含核心校、成员校数、在职教师数）',
        response: { 200: z.object({ items: z.array(consortium), total: z.number() }), ...errors },
      },
    },
    async (req) => {
      const user = userOf(req);
      const items = (await listConsortia(db, user)).map((r) => ({
        id: r.id,
        name: r.name,
        coreSchoolId: r.core_school_id,
        coreSchoolName: r.core_school_name,
        schoolCount: r.school_count,
        teacherCount: r.teacher_count,
      }));
      return { items, total: items.length };
    },
  );
  app.post(
    '/api/consortia',
    {
      config: { permission: 'org.manage' },
      schema: { tags: ['org'], summary: '新建教联体', body: consortiumBody, response: { 201: created, ...errors } },
    },
    async (req, reply) => reply.status(201).send({ id: await createConsortium(db, actorOf(req), req.body) }),
  );
  app.patch(
    '/api/consortia/:id',
    {
      config: { permission: 'org.manage' },
      schema: {
        tags: ['org'],
        summary: '修改教联体（名称、核心校）',
        params: idParam,
        body: consortiumBody.partial(),
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await updateConsortium(db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
  app.delete(
    '/api/consortia/:id',
    {
      config: { permission: 'org.manage' },
      schema: {
        tags: ['org'],
        summary: '删除教联体（成员校退出，保留学区）',
        params: idParam,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await deleteConsortium(db, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );

  // ---------- schools ----------
  app.get(
    '/api/schools',
    {
      config: { permission: 'org.read' },
      schema: {
        tags: ['org'],
        summary: '学校列表（按权限范围过滤）',
        querystring: schoolListQuery,
        response: { 200: z.object({ items: z.array(school), total: z.number() }), ...errors },
      },
    },
    async (req) => {
      const user = userOf(req);
      const q = req.query;
      const res = await listSchools(db, user, { ...q, limit: q.pageSize, offset: offsetOf(q) });
      return { items: res.items.map(presentSchool), total: res.total };
    },
  );
  app.get(
    '/api/schools/options',
    {
      config: { permission: 'org.read' },
      schema: {
        tags: ['org'],
        summary: '权限范围内的全部学校（供下拉选择）',
        response: {
          200: z.array(
            z.object({
              id: z.number(),
              name: z.string(),
              type: z.string(),
              areaId: z.number().nullable(),
              consortiumId: z.number().nullable(),
              parentSchoolId: z.number().nullable(),
            }),
          ),
          ...errors,
        },
      },
    },
    async (req) => {
      const user = userOf(req);
      return (await schoolOptions(db, user)).map((r) => ({
        id: r.id,
        name: r.name,
        type: r.type,
        areaId: r.area_id,
        consortiumId: r.consortium_id,
        parentSchoolId: r.parent_school_id,
      }));
    },
  );
  app.get(
    '/api/schools/export',
    {
      config: { permission: 'org.read' },
      schema: {
        tags: ['org'],
        summary: '导出学校名单（.xlsx，与列表相同的筛选）',
        querystring: schoolListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      // Principals' names and phones: personal data, so the export is audited.
      return sendAuditedExport(reply, db, actorOf(req), {
        name: '学校名单',
        action: 'school.export',
        entity: 'school',
        filters: req.query,
        page: (p) => listSchools(db, user, { ...req.query, limit: p.pageSize, offset: (p.page - 1) * p.pageSize }),
        columns: [
          { header: '学校名称', key: 'name', width: 28 },
          { header: '学校代码', key: 'code' },
          { header: '学校类型', key: 'type' },
          { header: '办学性质/隶属', key: 'affiliation', width: 12 },
          { header: '简称', key: 'aliases', width: 14, value: (r) => (r.aliases ?? []).join('、') },
          { header: '所属中心校', key: 'parent_school_name', width: 24 },
          { header: '城乡', key: 'urban_rural', width: 8 },
          { header: '学区', key: 'area_name', width: 16 },
          { header: '教联体', key: 'consortium_name', width: 18 },
          { header: '是否核心校', key: 'is_core', width: 10, value: (r) => (r.is_core ? '是' : '否') },
          { header: '在职教师数', key: 'teacher_count', width: 10 },
          { header: '校长', key: 'principal', width: 10 },
          { header: '联系电话', key: 'phone' },
          { header: '地址', key: 'address', width: 30 },
        ],
      });
    },
  );
  app.get(
    '/api/schools/:id',
    {
      config: { permission: 'org.read' },
      schema: { tags: ['org'], summary: '学校详情', params: idParam, response: { 200: school, ...errors } },
    },
    async (req) => {
      const user = userOf(req);
      const row = await getSchool(db, user, req.params.id);
      if (!row) throw notFound('学校');
      return presentSchool(row);
    },
  );
  app.post(
    '/api/schools',
    {
      config: { permission: 'org.manage' },
      schema: { tags: ['org'], summary: '新建学校', body: schoolBody, response: { 201: created, ...errors } },
    },
    async (req, reply) => reply.status(201).send({ id: await createSchool(db, actorOf(req), req.body) }),
  );
  app.patch(
    '/api/schools/:id',
    {
      config: { permission: 'org.write' },
      schema: {
        tags: ['org'],
        summary: '修改学校（学校/学区管理员只能改地址、校长、电话）',
        params: idParam,
        body: schoolBody.partial(),
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await updateSchool(db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
  app.delete(
    '/api/schools/:id',
    {
      config: { permission: 'org.manage' },
      schema: {
        tags: ['org'],
        summary: '删除学校（须无教师）',
        params: idParam,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await deleteSchool(db, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
}
