// HTTP for 青蓝工程 mentoring: the county's rules, pairs (direct pairing, list, export, page,
// changes, reviews, 优秀师徒, activity logs), rounds with two-way choice, a teacher's view, counts.
import {
  choiceBody,
  choiceDecisionBody,
  errorEnvelope,
  excellentBody,
  idParam,
  mentoringLogBody,
  mentoringMe,
  mentoringSettings,
  mentoringStatsQuery,
  mentoringStats as mentoringStatsSchema,
  offerBody,
  okResult,
  PAIR_STATUS_LABELS,
  type PairStatus,
  pairCreateBody,
  pairDetail,
  pairList,
  pairListQuery,
  pairReviewBody,
  pairUpdateBody,
  roundBody,
  roundDetail,
  roundList,
  roundListQuery,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { XLSX_MIME } from '../../lib/xlsx-export.js';
import { listPairs } from './mentoring.repo.js';
import {
  addLog,
  createPair,
  deleteLog,
  getPairDetail,
  getSettings,
  listPairPage,
  mentoringStats,
  selectExcellent,
  thisYear,
  updatePair,
  updateSettings,
} from './mentoring.service.js';
import { reviewPair } from './review-pair.js';
import {
  choose,
  closeRound,
  createRound,
  decideChoice,
  getRoundDetail,
  listRoundPage,
  mentoringForTeacher,
  offer,
  withdrawChoice,
  withdrawOffer,
} from './rounds.service.js';

const tags = ['mentoring'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
const created = z.object({ id: z.number() });
const { page: _p, pageSize: _s, ...pairFilterShape } = pairListQuery.shape;

export async function mentoringRoutes(app: App, deps: Deps) {
  const { db, read } = deps;

  app.get(
    '/api/mentoring/settings',
    {
      config: { permission: 'mentoring.read' },
      schema: {
        tags,
        summary: '本县青蓝工程结对规则（师傅带徒上限、新教师和青年教师的界定）',
        response: { 200: mentoringSettings, ...errors },
      },
    },
    async (req) => getSettings(db, userOf(req)),
  );
  app.put(
    '/api/mentoring/settings',
    {
      config: { permission: 'mentoring.select' },
      schema: {
        tags,
        summary: '修改结对规则（县级管理员）',
        body: mentoringSettings,
        response: { 200: mentoringSettings, ...errors },
      },
    },
    async (req) => updateSettings(db, actorOf(req), req.body),
  );

  // ---------- pairs ----------
  app.get(
    '/api/mentoring/pairs',
    {
      config: { permission: 'mentoring.read' },
      schema: {
        tags,
        summary: '师徒结对列表（year：该年在结对期限内的结对；按学校、状态、优秀师徒、姓名筛选；范围内）',
        querystring: pairListQuery,
        response: { 200: pairList, ...errors },
      },
    },
    async (req) => listPairPage(read, userOf(req), req.query),
  );
  app.get(
    '/api/mentoring/pairs/export',
    {
      config: { permission: 'mentoring.read' },
      schema: {
        tags,
        summary: '导出师徒结对（.xlsx，筛选同列表；记入审计日志）',
        querystring: z.object(pairFilterShape),
        produces: [XLSX_MIME],
        response: { 401: errorEnvelope, 403: errorEnvelope },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      return sendAuditedExport(reply, db, actor, {
        name: '青蓝工程师徒结对',
        action: 'mentoring.export',
        entity: 'mentoring_pair',
        filters: req.query,
        page: (p) => listPairs(read, actor.user, { ...req.query, ...p }),
        columns: [
          { header: '年度', key: 'year', width: 8, value: (r) => Number(r.year) },
          { header: '学校', key: 'school_name', width: 24 },
          { header: '师傅', key: 'mentor_name', width: 10 },
          { header: '师傅学校', key: 'mentor_school_name', width: 24 },
          { header: '师傅学科', key: 'mentor_subject', width: 10 },
          { header: '徒弟', key: 'mentee_name', width: 10 },
          { header: '徒弟学科', key: 'mentee_subject', width: 10 },
          { header: '期限（年）', key: 'term_years', width: 10, value: (r) => Number(r.term_years) },
          {
            header: '状态',
            key: 'status',
            width: 8,
            value: (r) => PAIR_STATUS_LABELS[r.status as PairStatus] ?? r.status,
          },
          { header: '活动记录（条）', key: 'log_count', width: 14, value: (r) => Number(r.log_count) },
          { header: '活动时长（小时）', key: 'log_hours', width: 16, value: (r) => Number(r.log_hours) },
          { header: '最近一次活动', key: 'last_log_on', width: 14 },
          { header: '年度考核', key: 'yearend_result', width: 10 },
          {
            header: '优秀师徒',
            key: 'excellent_year',
            width: 10,
            value: (r) => (r.excellent_year ? `${r.excellent_year}年` : ''),
          },
        ],
      });
    },
  );
  app.post(
    '/api/mentoring/pairs',
    {
      config: { permission: 'mentoring.manage' },
      schema: {
        tags,
        summary: '直接结对（学校为本校教师结对；教联体、县级可跨校）',
        description:
          '请求 { mentorId, menteeId, year }（可选 termYears 1–3、goals、overrideReason），应答 201 { id }。' +
          '拒绝：与自己结对（400）；师傅或徒弟不在调用者管理范围内（403）；徒弟不是新教师或青年教师且未填理由（400）；' +
          '徒弟当年已有结对、师傅带徒已达本县上限（409）。',
        body: pairCreateBody,
        response: { 201: created, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await createPair(db, actorOf(req), req.body) }),
  );
  app.get(
    '/api/mentoring/pairs/:id',
    {
      config: { permission: 'mentoring.read' },
      schema: {
        tags,
        summary: '结对详情：活动记录、检查与考核、已计学时',
        params: idParam,
        response: { 200: pairDetail, ...errors },
      },
    },
    async (req) => getPairDetail(db, userOf(req), req.params.id),
  );
  app.patch(
    '/api/mentoring/pairs/:id',
    {
      config: { permission: 'mentoring.manage' },
      schema: {
        tags,
        summary: '修改结对目标、期限；结业或解除（须填原因）',
        params: idParam,
        body: pairUpdateBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await updatePair(db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/mentoring/pairs/:id/reviews',
    {
      config: { permission: 'mentoring.manage' },
      schema: {
        tags,
        summary:
          '月度检查（正常/需改进）、中期和年度考核（优秀/合格/不合格）；年度考核合格以上按本县学分规则为师徒计学时',
        params: idParam,
        body: pairReviewBody,
        response: { 200: z.object({ id: z.number(), posted: z.number(), reversed: z.number() }), ...errors },
      },
    },
    async (req) => reviewPair(db, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/mentoring/pairs/:id/excellent',
    {
      config: { permission: 'mentoring.select' },
      schema: {
        tags,
        summary: '评选（或取消）某年度优秀师徒（县级；该年度考核须合格以上）',
        params: idParam,
        body: excellentBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await selectExcellent(db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/mentoring/pairs/:id/logs',
    {
      config: { permission: 'mentoring.self' },
      schema: {
        tags,
        summary: '填写活动记录（师傅或徒弟本人：听课、评课、指导备课、示范课、谈心 …）',
        params: idParam,
        body: mentoringLogBody,
        response: { 201: created, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await addLog(db, actorOf(req), req.params.id, req.body) }),
  );
  app.delete(
    '/api/mentoring/logs/:id',
    {
      config: { permission: 'mentoring.self' },
      schema: {
        tags,
        summary: '删除本人填写的活动记录（该年度考核前）',
        params: idParam,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await deleteLog(db, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );

  // ---------- rounds ----------
  app.get(
    '/api/mentoring/rounds',
    {
      config: { permission: 'mentoring.read' },
      schema: {
        tags,
        summary: '双向选择结对活动（学校或教联体）',
        querystring: roundListQuery,
        response: { 200: roundList, ...errors },
      },
    },
    async (req) => listRoundPage(read, userOf(req), req.query.year),
  );
  app.post(
    '/api/mentoring/rounds',
    {
      config: { permission: 'mentoring.manage' },
      schema: {
        tags,
        summary: '开放双向选择结对（学校；教联体由其管理员或县级开放）',
        body: roundBody,
        response: { 201: created, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await createRound(db, actorOf(req), req.body) }),
  );
  app.get(
    '/api/mentoring/rounds/:id',
    {
      config: { permission: 'mentoring.read' },
      schema: {
        tags,
        summary: '结对活动详情：报名的师傅、徒弟的选择',
        params: idParam,
        response: { 200: roundDetail, ...errors },
      },
    },
    async (req) => getRoundDetail(db, userOf(req), req.params.id),
  );
  app.post(
    '/api/mentoring/rounds/:id/close',
    {
      config: { permission: 'mentoring.manage' },
      schema: { tags, summary: '结束结对活动', params: idParam, response: { 200: okResult, ...errors } },
    },
    async (req) => {
      await closeRound(db, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/mentoring/rounds/:id/offers',
    {
      config: { permission: 'mentoring.self' },
      schema: {
        tags,
        summary: '报名当师傅（教师本人）',
        params: idParam,
        body: offerBody,
        response: { 201: created, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await offer(db, actorOf(req), req.params.id, req.body) }),
  );
  app.delete(
    '/api/mentoring/offers/:id',
    {
      config: { permission: 'mentoring.self' },
      schema: {
        tags,
        summary: '撤回当师傅的报名（尚无确认的徒弟时）',
        params: idParam,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await withdrawOffer(db, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/mentoring/rounds/:id/choices',
    {
      config: { permission: 'mentoring.self' },
      schema: {
        tags,
        summary: '选择师傅（新教师、青年教师本人；待学校确认）',
        params: idParam,
        body: choiceBody,
        response: { 201: created, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await choose(db, actorOf(req), req.params.id, req.body) }),
  );
  app.delete(
    '/api/mentoring/choices/:id',
    {
      config: { permission: 'mentoring.self' },
      schema: {
        tags,
        summary: '撤回对师傅的选择（学校处理前）',
        params: idParam,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await withdrawChoice(db, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/mentoring/choices/:id/decide',
    {
      config: { permission: 'mentoring.manage' },
      schema: {
        tags,
        summary: '确认（生成结对）或不同意（须填原因）徒弟的选择',
        params: idParam,
        body: choiceDecisionBody,
        response: { 200: z.object({ pairId: z.number().nullable() }), ...errors },
      },
    },
    async (req) => decideChoice(db, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/mentoring/me',
    {
      config: { permission: 'mentoring.self' },
      schema: {
        tags,
        summary: '我的青蓝工程：可报名、可选择的结对活动，我的结对',
        response: { 200: mentoringMe, ...errors },
      },
    },
    async (req) => mentoringForTeacher(db, userOf(req)),
  );

  app.get(
    '/api/stats/mentoring',
    {
      config: { permission: 'stats.read' },
      schema: {
        tags: ['stats'],
        summary: '青蓝工程统计：各校结对数、开展活动的结对数、活动记录（按月）、优秀师徒（范围内）',
        querystring: mentoringStatsQuery,
        response: { 200: mentoringStatsSchema, ...errors },
      },
    },
    async (req) => mentoringStats(read, userOf(req), req.query.year ?? thisYear()),
  );
}
