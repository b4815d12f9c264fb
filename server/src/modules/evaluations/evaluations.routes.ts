// HTTP for the year-end school evaluation (年度考评): the indicator registry, rubrics, compute,
// results and the ranking's .xlsx, each school's scorecard, manual scores, adjustments, publishing.
import {
  adjustmentBody,
  errorEnvelope,
  evaluation,
  evaluationBody,
  evaluationCreated,
  evaluationList,
  evaluationListQuery,
  evaluationResults,
  idParam,
  indicatorList,
  manualScoreBody,
  schoolParams,
  scorecard as scorecardSchema,
  unpublishBody,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { recordExport } from '../../http/export-audit.js';
import { attachmentDisposition, datedFilename, XLSX_MIME } from '../../lib/xlsx-export.js';
import {
  adjust,
  compute,
  createEvaluation,
  deleteEvaluation,
  getEvaluation,
  listEvaluations,
  publish,
  results,
  scorecard,
  setManualScore,
  unpublish,
  updateEvaluation,
} from './evaluations.service.js';
import { rankingXlsx } from './evaluations.xlsx.js';
import { registerBuiltinIndicators } from './indicators.builtin.js';
import { indicatorInfo, indicatorRegistry } from './indicators.js';

const tags = ['evaluations'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };

export async function evaluationsRoutes(app: App, deps: Deps) {
  const { db, read } = deps;
  registerBuiltinIndicators();

  app.get(
    '/api/evaluations/indicators',
    {
      config: { permission: 'evaluations.read' },
      schema: {
        tags,
        summary: '可用于考评方案的平台计算指标（键、名称、计算公式、来源模块）；人工评分项写作 manual:名称',
        response: { 200: indicatorList, ...errors },
      },
    },
    async () => ({ items: indicatorRegistry().map(indicatorInfo) }),
  );

  app.get(
    '/api/evaluations',
    {
      config: { permission: 'evaluations.read' },
      schema: {
        tags,
        summary: '年度考评列表（学校和学区管理员只看已计算或已发布的）',
        querystring: evaluationListQuery,
        response: { 200: evaluationList, ...errors },
      },
    },
    async (req) => listEvaluations(read, userOf(req), req.query.year),
  );

  app.post(
    '/api/evaluations',
    {
      config: { permission: 'evaluations.manage' },
      schema: {
        tags,
        summary:
          '制定考评方案：year、name、groups（分组，如中学组/小学组/幼儿园，按学校类型）、indicators（[{ key, weight }]，key 为平台计算指标或 manual:名称）、bands（{ 优秀, 合格 } 分数线）、excellentQuota（可选：每组优秀不超过的百分比）',
        body: evaluationBody,
        response: { 201: evaluationCreated, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await createEvaluation(db, actorOf(req), req.body) }),
  );

  app.get(
    '/api/evaluations/:id',
    {
      config: { permission: 'evaluations.read' },
      schema: { tags, summary: '考评方案与状态', params: idParam, response: { 200: evaluation, ...errors } },
    },
    async (req) => getEvaluation(read, userOf(req), req.params.id),
  );

  app.put(
    '/api/evaluations/:id',
    {
      config: { permission: 'evaluations.manage' },
      schema: {
        tags,
        summary: '修改考评方案（发布前；已计算的结果作废，需重新计算）',
        params: idParam,
        body: evaluationBody,
        response: { 200: evaluation, ...errors },
      },
    },
    async (req) => updateEvaluation(db, actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/evaluations/:id',
    {
      config: { permission: 'evaluations.manage' },
      schema: {
        tags,
        summary: '删除未发布的考评',
        params: idParam,
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (req) => {
      await deleteEvaluation(db, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/evaluations/:id/compute',
    {
      config: { permission: 'evaluations.manage' },
      schema: {
        tags,
        summary:
          '计算：每所有在职教师的学校的各项指标值（0–100）、师德一票否决，得分＝适用指标的加权平均，按分组排名并评定等次；保留已作的调整',
        params: idParam,
        response: { 200: evaluation, ...errors },
      },
    },
    async (req) => compute(db, actorOf(req), req.params.id),
  );

  app.get(
    '/api/evaluations/:id/results',
    {
      config: { permission: 'evaluations.read' },
      schema: {
        tags,
        summary:
          '考评结果 { items: [{ schoolId, schoolName, score, grade, rank, … }] }：得分 0–100 为指标值加权平均，≥优秀线为优秀、≥合格线为合格、否则不合格（有违反师德记录的不能为优秀），组内按得分排名（同分同名次）。学校只看本校，发布后可看排名',
        params: idParam,
        response: { 200: evaluationResults, ...errors },
      },
    },
    async (req) => results(read, userOf(req), req.params.id),
  );

  app.get(
    '/api/evaluations/:id/results/export',
    {
      config: { permission: 'evaluations.read' },
      schema: {
        tags,
        summary: '导出考评排名（.xlsx，每组一张表；县级另含各项指标值与备注）',
        params: idParam,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const user = actor.user;
      const e = await getEvaluation(read, user, req.params.id);
      const r = await results(read, user, req.params.id);
      const buf = await rankingXlsx(e, r, user.role === 'county_admin' || user.role === 'leader');
      await recordExport(
        db,
        actor,
        { action: 'evaluation.export', entity: 'evaluation', entityId: e.id, extra: { name: e.name, year: e.year } },
        r.items.length,
      );
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachmentDisposition(datedFilename(`${e.name}-排名`)))
        .header('cache-control', 'no-store')
        .send(buf);
    },
  );

  app.get(
    '/api/evaluations/:id/schools/:schoolId',
    {
      config: { permission: 'evaluations.read' },
      schema: {
        tags,
        summary: '一所学校的考评表：每项指标的值、权重、得分贡献、依据（计数或评分说明）与来源，否决与调整，名次',
        params: schoolParams,
        response: { 200: scorecardSchema, ...errors },
      },
    },
    async (req) => scorecard(read, userOf(req), req.params.id, req.params.schoolId),
  );

  app.put(
    '/api/evaluations/:id/schools/:schoolId/manual',
    {
      config: { permission: 'evaluations.manage' },
      schema: {
        tags,
        summary: '录入人工评分项的得分（0–100）和评分依据',
        params: schoolParams,
        body: manualScoreBody,
        response: { 200: scorecardSchema, ...errors },
      },
    },
    async (req) => setManualScore(db, actorOf(req), req.params.id, req.params.schoolId, req.body),
  );

  app.put(
    '/api/evaluations/:id/schools/:schoolId/adjustment',
    {
      config: { permission: 'evaluations.manage' },
      schema: {
        tags,
        summary: '调整一所学校的得分或等次（须写明理由；一票否决的学校不能调为优秀）',
        params: schoolParams,
        body: adjustmentBody,
        response: { 200: scorecardSchema, ...errors },
      },
    },
    async (req) => adjust(db, actorOf(req), req.params.id, req.params.schoolId, req.body),
  );

  app.delete(
    '/api/evaluations/:id/schools/:schoolId/adjustment',
    {
      config: { permission: 'evaluations.manage' },
      schema: {
        tags,
        summary: '撤销对一所学校的调整，恢复计算结果',
        params: schoolParams,
        response: { 200: scorecardSchema, ...errors },
      },
    },
    async (req) => adjust(db, actorOf(req), req.params.id, req.params.schoolId, null),
  );

  app.post(
    '/api/evaluations/:id/publish',
    {
      config: { permission: 'evaluations.manage' },
      schema: {
        tags,
        summary: '发布考评结果（人工评分须全部录入）；各校管理员收到站内消息',
        params: idParam,
        response: { 200: evaluation, ...errors },
      },
    },
    async (req) => publish(db, actorOf(req), req.params.id),
  );

  app.post(
    '/api/evaluations/:id/unpublish',
    {
      config: { permission: 'evaluations.manage' },
      schema: {
        tags,
        summary: '撤回已发布的考评结果（须写明理由），可再调整后重新发布',
        params: idParam,
        body: unpublishBody,
        response: { 200: evaluation, ...errors },
      },
    },
    async (req) => unpublish(db, actorOf(req), req.params.id, req.body.reason),
  );
}
