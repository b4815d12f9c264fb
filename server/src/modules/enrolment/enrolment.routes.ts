// HTTP for quotas, nominations, review, upper-level sending, self-enrolment and "My training".
import {
  adminWithdrawBody,
  candidateList,
  candidateQuery,
  enrolResult,
  errorEnvelope,
  idParam,
  myTodo as myTodoSchema,
  myTrainingList,
  myTrainingQuery,
  nominateBody,
  nominateResult,
  okResult,
  openProjectList,
  openProjectQuery,
  participantList,
  participantQuery,
  participationParams,
  projectQuotaList,
  projectQuotaListQuery,
  quotaAllocateBody,
  quotaProposal,
  quotaPutBody,
  reviewBody,
  reviewResult,
  sentBody,
  signInSheet,
  signInSheetQuery,
  teacherProblem,
  withdrawBody,
  withdrawResult,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { datedFilename, sendXlsxBuffer, XLSX_MIME } from '../../lib/xlsx-export.js';
import { enrol, myTrainings, openProjects, withdrawParticipant, withdrawSelf } from './enrol.service.js';
import {
  deleteNomination,
  listCandidates,
  listParticipants,
  nominate,
  recordSent,
  reviewNominations,
} from './nominations.service.js';
import { PARTICIPANT_EXPORT_COLUMNS } from './participants.export.js';
import { listQuotas, proposeQuotas, saveQuotas } from './quotas.service.js';
import { getSignInSheet, signInTitle, signInWorkbook } from './sign-in-sheet.js';
import { myTodo } from './todo.service.js';

const tags = ['enrolment'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
/** A refused nomination / sending lists every teacher refused and why. */
const refusal = errorEnvelope.extend({ problems: z.array(teacherProblem).optional() });
const teacherErrors = { ...errors, 400: refusal };

export async function enrolmentRoutes(app: App, deps: Deps) {
  const { db } = deps;

  // ---------- quotas ----------
  app.get(
    '/api/projects/:id/quotas',
    {
      config: { permission: 'enrolment.quotas' },
      schema: {
        tags,
        summary: '名额分配：各校名额、已推荐、已录取（学校管理员只看本校，学区管理员看本学区）',
        params: idParam,
        querystring: projectQuotaListQuery,
        response: { 200: projectQuotaList, ...errors },
      },
    },
    async (req) => listQuotas(db, userOf(req), req.params.id, req.query.all),
  );

  app.put(
    '/api/projects/:id/quotas',
    {
      config: { permission: 'enrolment.allocate' },
      schema: {
        tags,
        summary: '保存名额分配（整体替换；合计不超过项目容量或上级下达名额）',
        params: idParam,
        body: quotaPutBody,
        response: { 200: projectQuotaList, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await saveQuotas(db, actor, req.params.id, req.body);
      return listQuotas(db, actor.user, req.params.id, false);
    },
  );

  app.post(
    '/api/projects/:id/quotas/allocate',
    {
      config: { permission: 'enrolment.allocate' },
      schema: {
        tags,
        summary: '按各校（符合条件的）教师人数比例生成名额方案，可向乡村学校倾斜；不保存',
        params: idParam,
        body: quotaAllocateBody,
        response: { 200: quotaProposal, ...errors },
      },
    },
    async (req) => proposeQuotas(db, userOf(req), req.params.id, req.body),
  );

  // ---------- nominations ----------
  app.get(
    '/api/projects/:id/candidates',
    {
      config: { permission: 'enrolment.nominate' },
      schema: {
        tags,
        summary: '推荐候选教师：是否符合条件及原因、本周期学时、本年培训次数、日期冲突；培训少者在前',
        params: idParam,
        querystring: candidateQuery,
        response: { 200: candidateList, ...errors },
      },
    },
    async (req) => listCandidates(db, userOf(req), req.params.id, req.query),
  );

  app.post(
    '/api/projects/:id/nominations',
    {
      config: { permission: 'enrolment.nominate' },
      schema: {
        tags,
        summary: '推荐教师（不符合条件、非本校、超出名额、重复推荐的一律拒绝并说明原因）',
        params: idParam,
        body: nominateBody,
        response: { 200: nominateResult, ...teacherErrors },
      },
    },
    async (req) => nominate(db, actorOf(req), req.params.id, req.body.teacherIds),
  );

  app.delete(
    '/api/projects/:id/nominations/:participationId',
    {
      config: { permission: 'enrolment.nominate' },
      schema: {
        tags,
        summary: '撤回尚未审核的推荐',
        params: participationParams,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await deleteNomination(db, actorOf(req), req.params.id, req.params.participationId);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/projects/:id/nominations/review',
    {
      config: { permission: 'enrolment.review' },
      schema: {
        tags,
        summary: '审核推荐：通过（不超过项目名额）或不通过（须填原因）；通知教师和学校',
        params: idParam,
        body: reviewBody,
        response: { 200: reviewResult, ...errors },
      },
    },
    async (req) => reviewNominations(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/projects/:id/sent',
    {
      config: { permission: 'enrolment.allocate' },
      schema: {
        tags,
        summary: '登记选派参加国培/省培/市州培的教师（直接录取，不超过上级下达名额）',
        params: idParam,
        body: sentBody,
        response: { 200: z.object({ participationIds: z.array(z.number()), count: z.number() }), ...teacherErrors },
      },
    },
    async (req) => recordSent(db, actorOf(req), req.params.id, req.body.teacherIds),
  );

  app.get(
    '/api/projects/:id/participants',
    {
      config: { permission: 'enrolment.participants' },
      schema: {
        tags,
        summary: '参训名单（学校管理员看本校教师；授课专家看已录取学员）',
        params: idParam,
        querystring: participantQuery,
        response: { 200: participantList, ...errors },
      },
    },
    async (req) => listParticipants(db, userOf(req), req.params.id, req.query),
  );

  app.get(
    '/api/projects/:id/sign-in-sheet',
    {
      config: { permission: 'enrolment.participants' },
      schema: {
        tags,
        summary: '签到表数据：参训学员（或待审核的推荐名单）与每个课次或每天的签名栏（打印页用）',
        params: idParam,
        querystring: signInSheetQuery,
        response: { 200: signInSheet, ...errors },
      },
    },
    async (req) => getSignInSheet(db, userOf(req), req.params.id, req.query),
  );

  app.get(
    '/api/projects/:id/sign-in-sheet/export',
    {
      config: { permission: 'enrolment.participants' },
      schema: {
        tags,
        summary: '导出签到表（.xlsx，A4，每个课次或每天一列空白签名栏；超过 10 列时分页）',
        params: idParam,
        querystring: signInSheetQuery,
        produces: [XLSX_MIME],
        response: { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req, reply) => {
      const sheet = await getSignInSheet(db, userOf(req), req.params.id, req.query);
      const file = await signInWorkbook(db, actorOf(req), sheet, req.query);
      return sendXlsxBuffer(reply, datedFilename(signInTitle(sheet)), file);
    },
  );

  app.get(
    '/api/projects/:id/participants/export',
    {
      config: { permission: 'enrolment.participants' },
      schema: {
        tags,
        summary: '导出参训名单（.xlsx，筛选条件同列表；身份证号一律脱敏）',
        params: idParam,
        querystring: participantQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_MIME],
        response: { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req, reply) =>
      sendAuditedExport(reply, db, actorOf(req), {
        name: '参训名单',
        action: 'participation.export',
        entity: 'project',
        entityId: req.params.id,
        columns: PARTICIPANT_EXPORT_COLUMNS,
        filters: req.query,
        page: (p) => listParticipants(db, userOf(req), req.params.id, { ...req.query, ...p }),
      }),
  );

  app.post(
    '/api/projects/:id/participants/:participationId/withdraw',
    {
      config: { permission: 'enrolment.review' },
      schema: {
        tags,
        summary: '将教师移出项目（须填原因；空出的名额由候补依次转正）',
        params: participationParams,
        body: adminWithdrawBody,
        response: { 200: withdrawResult, ...errors },
      },
    },
    async (req) => withdrawParticipant(db, actorOf(req), req.params.id, req.params.participationId, req.body.reason),
  );

  // ---------- self-enrolment ----------
  app.post(
    '/api/projects/:id/enrol',
    {
      config: { permission: 'enrolment.self' },
      schema: {
        tags,
        summary: '教师自主报名：有名额即报名成功，否则进入候补名单',
        params: idParam,
        response: { 200: enrolResult, ...errors },
      },
    },
    async (req) => enrol(db, actorOf(req), req.params.id),
  );

  app.post(
    '/api/projects/:id/withdraw',
    {
      config: { permission: 'enrolment.self' },
      schema: {
        tags,
        summary: '教师退出报名（报名截止前、项目开始前）；候补第一位自动转正',
        params: idParam,
        body: withdrawBody.nullish(),
        response: { 200: withdrawResult, ...errors },
      },
    },
    async (req) => withdrawSelf(db, actorOf(req), req.params.id, req.body?.reason),
  );

  app.get(
    '/api/me/trainings',
    {
      config: { permission: 'enrolment.self' },
      schema: {
        tags,
        summary: '我的培训：推荐、报名、候补、结业情况及证书编号',
        querystring: myTrainingQuery,
        response: { 200: myTrainingList, ...errors },
      },
    },
    async (req) => myTrainings(db, userOf(req), req.query),
  );

  app.get(
    '/api/me/open-projects',
    {
      config: { permission: 'enrolment.self' },
      schema: {
        tags,
        summary: '可自主报名的项目（含不符合条件的原因）',
        querystring: openProjectQuery,
        response: { 200: openProjectList, ...errors },
      },
    },
    async (req) => openProjects(db, userOf(req), req.query),
  );

  app.get(
    '/api/me/todo',
    {
      config: { permission: 'enrolment.self' },
      schema: {
        tags,
        summary: '我的待办（教师）：今天的课次及签到状态（到场扫码签到）、待完成的成果汇报',
        response: { 200: myTodoSchema, ...errors },
      },
    },
    async (req) => myTodo(db, userOf(req)),
  );
}
