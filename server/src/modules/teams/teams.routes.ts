// HTTP for three-tier training teams and trainer records (find a trainer by subject and stage),
// and the yearly count of external vs county trainers (GET /api/stats/trainers, tagged stats).
import {
  errorEnvelope,
  idParam,
  okResult,
  teamBody,
  teamItem,
  teamList,
  teamListQuery,
  teamMembersBody,
  teamUpdateBody,
  trainerRecordDetail,
  trainerRecordList,
  trainerRecordQuery,
  trainerSpecialitiesBody,
  trainerStatsQuery,
  trainerStats as trainerStatsSchema,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { XLSX_MIME } from '../../lib/xlsx-export.js';
import {
  createTeam,
  getMyTrainerRecord,
  getTrainerRecord,
  listTeamPage,
  listTrainerRecordPage,
  setSpecialities,
  setTeamMembers,
  trainerStats,
  updateTeam,
} from './teams.service.js';

const tags = ['teams'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
const { page: _p, pageSize: _s, ...recordFilterShape } = trainerRecordQuery.shape;
const thisYear = () => Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));

export async function teamsRoutes(app: App, deps: Deps) {
  const { db, read } = deps;

  app.get(
    '/api/training-teams',
    {
      config: { permission: 'teams.read' },
      schema: {
        tags,
        summary: '三级培训团队（县级、教联体、学校）及成员',
        querystring: teamListQuery,
        response: { 200: teamList, ...errors },
      },
    },
    async (req) => listTeamPage(read, userOf(req), req.query.tier),
  );
  app.post(
    '/api/training-teams',
    {
      config: { permission: 'teams.manage' },
      schema: {
        tags,
        summary: '组建培训团队（县级：县级管理员；教联体：该教联体管理员；学校：本校管理员）',
        body: teamBody,
        response: { 201: z.object({ id: z.number() }), ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await createTeam(db, actorOf(req), req.body) }),
  );
  app.patch(
    '/api/training-teams/:id',
    {
      config: { permission: 'teams.manage' },
      schema: {
        tags,
        summary: '修改培训团队；active=false 停用',
        params: idParam,
        body: teamUpdateBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await updateTeam(db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
  app.put(
    '/api/training-teams/:id/members',
    {
      config: { permission: 'teams.manage' },
      schema: {
        tags,
        summary: '设置团队成员（从本县培训者库选择；负责人/成员）',
        params: idParam,
        body: teamMembersBody,
        response: { 200: teamItem, ...errors },
      },
    },
    async (req) => setTeamMembers(db, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/trainer-records',
    {
      config: { permission: 'teams.read' },
      schema: {
        tags,
        summary: '培训者档案：按学科、学段、类型、团队查找；授课次数、课时、满意度、所属团队',
        querystring: trainerRecordQuery,
        response: { 200: trainerRecordList, ...errors },
      },
    },
    async (req) => listTrainerRecordPage(read, userOf(req), req.query),
  );
  app.get(
    '/api/trainer-records/export',
    {
      config: { permission: 'teams.read' },
      schema: {
        tags,
        summary: '导出培训者档案（.xlsx，筛选同列表；记入审计日志）',
        querystring: z.object(recordFilterShape),
        produces: [XLSX_MIME],
        response: { 401: errorEnvelope, 403: errorEnvelope },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      return sendAuditedExport(reply, db, actor, {
        name: '培训者档案',
        action: 'trainer_record.export',
        entity: 'trainer',
        filters: req.query,
        page: (p) => listTrainerRecordPage(read, actor.user, { ...req.query, ...p }),
        columns: [
          { header: '姓名', key: 'name', width: 10 },
          { header: '类型', key: 'kind', width: 10, value: (r) => (r.kind === 'external' ? '外聘专家' : '本县') },
          { header: '单位', key: 'organisation', width: 24 },
          { header: '职称', key: 'title', width: 12 },
          { header: '学科', key: 'subjects', width: 20, value: (r) => r.subjects.join('、') },
          { header: '学段', key: 'stages', width: 16, value: (r) => r.stages.join('、') },
          { header: '擅长领域', key: 'expertise', width: 30 },
          { header: '授课（次）', key: 'sessionsTaught', width: 10 },
          { header: '课时（小时）', key: 'hoursTaught', width: 12 },
          {
            header: '满意度',
            key: 'satisfaction',
            width: 14,
            value: (r) => (r.satisfaction ? `${r.satisfaction.score}（${r.satisfaction.year}年）` : ''),
          },
          {
            header: '所属团队',
            key: 'teams',
            width: 30,
            value: (r) => r.teams.map((t) => `${t.name}（${t.role}）`).join('；'),
          },
          { header: '状态', key: 'active', width: 8, value: (r) => (r.active ? '在库' : '停用') },
        ],
      });
    },
  );
  app.get(
    '/api/trainer-records/me',
    {
      config: { permission: 'trainers.self' },
      schema: {
        tags,
        summary: '我的培训者档案（授课、满意度、团队）',
        response: { 200: trainerRecordDetail, ...errors },
      },
    },
    async (req) => getMyTrainerRecord(db, userOf(req)),
  );
  app.get(
    '/api/trainer-records/:id',
    {
      config: { permission: 'teams.read' },
      schema: {
        tags,
        summary: '培训者档案详情：逐年授课、课时、满意度，授课项目',
        params: idParam,
        response: { 200: trainerRecordDetail, ...errors },
      },
    },
    async (req) => getTrainerRecord(db, userOf(req), req.params.id),
  );
  app.put(
    '/api/trainer-records/:id/specialities',
    {
      config: { permission: 'trainers.write' },
      schema: {
        tags,
        summary: '设置培训者擅长的学科、学段（用于查找；县内教师的任教学科学段自动计入）',
        params: idParam,
        body: trainerSpecialitiesBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await setSpecialities(db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/stats/trainers',
    {
      config: { permission: 'stats.read' },
      schema: {
        tags: ['stats'],
        summary: '授课专家统计：某年在（范围内项目）授课的外聘专家、县级专家人数和课次',
        querystring: trainerStatsQuery,
        response: { 200: trainerStatsSchema, ...errors },
      },
    },
    async (req) => trainerStats(read, userOf(req), req.query.year ?? thisYear()),
  );
}
