// HTTP for the teacher roster: parse, call the service, present. Imports live in the imports module.
import {
  errorEnvelope,
  idParam,
  teacher,
  teacherBody,
  teacherDetail,
  teacherListQuery,
  teacherStatusBody,
  teacherUpdateBody,
  transferBody,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { XLSX_MIME } from '../../lib/xlsx-export.js';
import { teacherExportColumns } from './teachers.presenter.js';
import {
  createTeacher,
  exportTeachers,
  getTeacherDetail,
  listTeacherPage,
  seesBirthDate,
  setTeacherStatus,
  transferTeacher,
  updateTeacher,
} from './teachers.service.js';

const tags = ['teachers'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
const detailQuery = z.object({
  reveal: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1')
    .describe('true：返回完整身份证号（县级管理员，或教师查看本人；每次都记入审计日志）'),
});
const exportQuery = teacherListQuery.omit({ page: true, pageSize: true });

export async function teachersRoutes(app: App, deps: Deps) {
  const { db, read, cipher } = deps;

  app.get(
    '/api/teachers',
    {
      config: { permission: 'teachers.read' },
      schema: {
        tags,
        summary: '教师列表（按姓名、手机号、身份证号后四位或完整身份证号搜索，分页）',
        querystring: teacherListQuery,
        response: { 200: z.object({ items: z.array(teacher), total: z.number() }), ...errors },
      },
    },
    async (req) => listTeacherPage(db, cipher, userOf(req), req.query),
  );

  app.get(
    '/api/teachers/export',
    {
      config: { permission: 'teachers.read' },
      schema: {
        tags,
        summary: '导出教师名单（.xlsx，筛选条件同列表，身份证号一律脱敏；记入审计日志）',
        querystring: exportQuery,
        produces: [XLSX_MIME],
        response: { 401: errorEnvelope, 403: errorEnvelope },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      return sendAuditedExport(reply, db, actor, {
        name: '教师名单',
        action: 'teacher.export',
        entity: 'teacher',
        filters: req.query,
        // Whoever may see full ID numbers sees birth dates (a teacher id of 0 is never "self").
        columns: teacherExportColumns(seesBirthDate(actor.user, 0)),
        rows: await exportTeachers(read, cipher, actor.user, req.query),
      });
    },
  );

  app.get(
    '/api/teachers/:id',
    {
      config: { permission: 'teachers.detail' },
      schema: {
        tags,
        summary: '教师详情（含变更记录；县级管理员、教师本人可查看完整身份证号，每次记入审计日志）',
        params: idParam,
        querystring: detailQuery,
        response: { 200: teacherDetail, ...errors },
      },
    },
    async (req) => getTeacherDetail(db, cipher, actorOf(req), req.params.id, req.query.reveal),
  );

  app.post(
    '/api/teachers',
    {
      config: { permission: 'teachers.write' },
      schema: {
        tags,
        summary: '新增教师（同时创建教师账号，由学校打印账号开通单开通；范围外的身份证号只得到中性提示并限量）',
        body: teacherBody,
        response: { 201: teacherDetail, ...errors, 429: errorEnvelope },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const id = await createTeacher(db, cipher, actor, req.body);
      reply.code(201);
      return getTeacherDetail(db, cipher, actor, id);
    },
  );

  app.patch(
    '/api/teachers/:id',
    {
      config: { permission: 'teachers.write' },
      schema: {
        tags,
        summary: '修改教师信息（调动学校请用调动接口）',
        params: idParam,
        body: teacherUpdateBody,
        response: { 200: teacherDetail, ...errors, 429: errorEnvelope },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await updateTeacher(db, cipher, actor, req.params.id, req.body);
      return getTeacherDetail(db, cipher, actor, req.params.id);
    },
  );

  app.post(
    '/api/teachers/:id/transfer',
    {
      config: { permission: 'teachers.write' },
      schema: {
        tags,
        summary: '调动教师到另一所学校（调出、调入学校均须在管理范围内）',
        params: idParam,
        body: transferBody,
        response: { 200: teacherDetail, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await transferTeacher(db, actor, req.params.id, req.body);
      return getTeacherDetail(db, cipher, actor, req.params.id);
    },
  );

  app.post(
    '/api/teachers/:id/status',
    {
      config: { permission: 'teachers.write' },
      schema: {
        tags,
        summary: '设置教师状态（调出、退休停用账号；在职恢复账号）',
        params: idParam,
        body: teacherStatusBody,
        response: { 200: teacherDetail, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await setTeacherStatus(db, actor, req.params.id, req.body);
      return getTeacherDetail(db, cipher, actor, req.params.id);
    },
  );
}
