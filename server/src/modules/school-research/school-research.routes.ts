// HTTP of school-based development: the county's settings, spot checks (抽查), plans and summaries,
// 送教下乡 and the compliance page; the activities' routes live in activities.routes.ts. Registers
// the owners of its files (activity evidence, plan attachments) with the attachments module.
import {
  complianceQuery,
  compliance as complianceSchema,
  createdResult,
  errorEnvelope,
  idParam,
  outreachBody,
  outreachDetail,
  outreachList,
  outreachListQuery,
  outreachStageBody,
  outreachTargets as outreachTargetsSchema,
  planOverview as planOverviewSchema,
  planReviewBody,
  planTemplate,
  planTemplateQuery,
  planTemplateResult,
  researchPlan,
  researchPlanBody,
  researchPlanListQuery,
  researchPlanUpdateBody,
  researchSettings,
  researchSettingsBody,
  sampleBody,
  schoolYearOf,
  spotCheckBody,
  spotCheckList,
  spotCheckListQuery,
  spotCheckResult,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import { researchActivityScope } from '../../access/scope.js';
import { one } from '../../db/client.js';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { recordExport } from '../../http/export-audit.js';
import { datedFilename, sendXlsxBuffer, XLSX_MIME } from '../../lib/xlsx-export.js';
import { registerAttachmentOwner } from '../attachments/attachments.service.js';
import { currentYear } from '../stats/summary.service.js';
import { EVIDENCE_OWNER } from './activities.repo.js';
import { activitiesRoutes } from './activities.routes.js';
import { complianceFigures } from './compliance.service.js';
import { complianceXlsx } from './compliance.xlsx.js';
import { createOutreach, getOutreach, listOutreach, outreachTargets, scheduleStage } from './outreach.service.js';
import {
  canReadPlan,
  createPlan,
  getPlan,
  PLAN_OWNER,
  planOverview,
  reviewPlan,
  submitPlan,
  updatePlan,
} from './plans.service.js';
import { getSettings, saveSettings } from './settings.service.js';
import { decideSpotCheck, listSpotChecks, recordSpotCheck, sampleSpotChecks } from './spot-checks.service.js';

const tags = ['school-research'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
const base = '/api/school-research';

registerAttachmentOwner(
  EVIDENCE_OWNER,
  async (exec, user, ownerId) =>
    !!(await one(
      exec,
      sql`select 1 from research_activities ra where ra.id = ${ownerId} and ${researchActivityScope(user, 'ra')}`,
    )),
);
registerAttachmentOwner(PLAN_OWNER, canReadPlan);

/** The school year a compliance page or plan list opens on: the one under way today. */
const todaysSchoolYear = () => schoolYearOf(new Date().toISOString().slice(0, 10));

export async function schoolResearchRoutes(app: App, deps: Deps) {
  const { db, read } = deps;
  await activitiesRoutes(app, deps);

  // ---------- settings ----------
  app.get(
    `${base}/settings`,
    {
      config: { permission: 'school-research.read' },
      schema: {
        tags,
        summary: '县校本研修设置（联合展示和送教每年次数、五段五步阶段、补录期限、活动类型、学时规则）',
        response: { 200: researchSettings, ...errors },
      },
    },
    async (req) => getSettings(read, userOf(req).regionId),
  );
  app.put(
    `${base}/settings`,
    {
      config: { permission: 'school-research.configure' },
      schema: {
        tags,
        summary: '修改县校本研修设置',
        body: researchSettingsBody,
        response: { 200: researchSettings, ...errors },
      },
    },
    async (req) => saveSettings(db, actorOf(req), req.body),
  );

  // ---------- spot checks ----------
  app.post(
    `${base}/activities/:id/spot-checks`,
    {
      config: { permission: 'school-research.spot-check' },
      schema: {
        tags,
        summary: '抽查研修活动并记录结论（不合格须写明原因：撤销该活动全部学时，台账记冲销）',
        params: idParam,
        body: spotCheckBody,
        response: { 200: spotCheckResult, ...errors },
      },
    },
    async (req) => recordSpotCheck(db, actorOf(req), req.params.id, req.body),
  );
  app.post(
    `${base}/spot-checks/sample`,
    {
      config: { permission: 'school-research.spot-check' },
      schema: {
        tags,
        summary: '随机抽取某年已结束、未抽查过的活动（有提示的优先），生成待抽查记录',
        body: sampleBody,
        response: { 200: spotCheckList, ...errors },
      },
    },
    async (req) => sampleSpotChecks(db, actorOf(req), req.body),
  );
  app.get(
    `${base}/spot-checks`,
    {
      config: { permission: 'school-research.read' },
      schema: {
        tags,
        summary: '抽查记录（待抽查在前；范围内）',
        querystring: spotCheckListQuery,
        response: { 200: spotCheckList, ...errors },
      },
    },
    async (req) => listSpotChecks(read, userOf(req), req.query),
  );
  app.put(
    `${base}/spot-checks/:id`,
    {
      config: { permission: 'school-research.spot-check' },
      schema: {
        tags,
        summary: '记录待抽查活动的结论',
        params: idParam,
        body: spotCheckBody,
        response: { 200: spotCheckResult, ...errors },
      },
    },
    async (req) => decideSpotCheck(db, actorOf(req), req.params.id, req.body),
  );

  // ---------- plans and summaries ----------
  app.get(
    `${base}/plans`,
    {
      config: { permission: 'school-research.read' },
      schema: {
        tags,
        summary: '各校某学年校本研修计划和总结的状态（可只看未提交的学校）',
        querystring: researchPlanListQuery,
        response: { 200: planOverviewSchema, ...errors },
      },
    },
    async (req) =>
      planOverview(read, userOf(req), { ...req.query, schoolYear: req.query.schoolYear ?? todaysSchoolYear() }),
  );
  app.get(
    `${base}/plans/template`,
    {
      config: { permission: 'school-research.read' },
      schema: {
        tags,
        summary: '计划或总结的模板（学年各月的常见研修活动；总结的提纲）',
        querystring: planTemplateQuery,
        response: { 200: planTemplateResult, ...errors },
      },
    },
    async (req) => planTemplate(req.query.kind, req.query.schoolYear),
  );
  app.post(
    `${base}/plans`,
    {
      config: { permission: 'school-research.manage' },
      schema: {
        tags,
        summary: '填写本校某学年的校本研修计划或总结（草稿）',
        body: researchPlanBody,
        response: { 201: createdResult, ...errors },
      },
    },
    async (req, reply) => {
      const created = await createPlan(db, actorOf(req), req.body);
      reply.code(201);
      return created;
    },
  );
  app.get(
    `${base}/plans/:id`,
    {
      config: { permission: 'school-research.read' },
      schema: { tags, summary: '计划或总结', params: idParam, response: { 200: researchPlan, ...errors } },
    },
    async (req) => getPlan(read, userOf(req), req.params.id),
  );
  app.put(
    `${base}/plans/:id`,
    {
      config: { permission: 'school-research.manage' },
      schema: {
        tags,
        summary: '修改计划或总结（草稿或被退回时）',
        params: idParam,
        body: researchPlanUpdateBody,
        response: { 200: researchPlan, ...errors },
      },
    },
    async (req) => updatePlan(db, actorOf(req), req.params.id, req.body),
  );
  app.post(
    `${base}/plans/:id/submit`,
    {
      config: { permission: 'school-research.manage' },
      schema: {
        tags,
        summary: '提交计划或总结（通知县级审核）',
        params: idParam,
        response: { 200: researchPlan, ...errors },
      },
    },
    async (req) => submitPlan(db, actorOf(req), req.params.id),
  );
  app.post(
    `${base}/plans/:id/review`,
    {
      config: { permission: 'school-research.review' },
      schema: {
        tags,
        summary: '县级审核计划或总结：通过，或退回并写明修改意见',
        params: idParam,
        body: planReviewBody,
        response: { 200: researchPlan, ...errors },
      },
    },
    async (req) => reviewPlan(db, actorOf(req), req.params.id, req.body),
  );

  // ---------- 送教下乡 ----------
  app.get(
    `${base}/outreach`,
    {
      config: { permission: 'school-research.read' },
      schema: {
        tags,
        summary: '送教下乡列表（送教或受援学校在范围内）',
        querystring: outreachListQuery,
        response: { 200: outreachList, ...errors },
      },
    },
    async (req) => listOutreach(read, userOf(req), req.query),
  );
  app.get(
    `${base}/outreach/targets`,
    {
      config: { permission: 'school-research.manage' },
      schema: {
        tags,
        summary: '可送教的受援学校（县级：全县；核心校：本教联体成员校）',
        response: { 200: outreachTargetsSchema, ...errors },
      },
    },
    async (req) => outreachTargets(read, userOf(req)),
  );
  app.post(
    `${base}/outreach`,
    {
      config: { permission: 'school-research.manage' },
      schema: {
        tags,
        summary: '安排送教下乡（核心校、名师工作室或县；阶段按县“五段五步”设置）',
        body: outreachBody,
        response: { 201: createdResult, ...errors },
      },
    },
    async (req, reply) => {
      const created = await createOutreach(db, actorOf(req), req.body);
      reply.code(201);
      return created;
    },
  );
  app.get(
    `${base}/outreach/:id`,
    {
      config: { permission: 'school-research.read' },
      schema: {
        tags,
        summary: '送教下乡详情（各阶段的活动、参与人员、受援学校确认）',
        params: idParam,
        response: { 200: outreachDetail, ...errors },
      },
    },
    async (req) => getOutreach(read, userOf(req), req.params.id),
  );
  app.post(
    `${base}/outreach/:id/stages`,
    {
      config: { permission: 'school-research.manage' },
      schema: {
        tags,
        summary: '安排送教下乡的一个阶段（在受援学校举行的研修活动：签到、材料、学时）',
        params: idParam,
        body: outreachStageBody,
        response: { 201: createdResult, ...errors },
      },
    },
    async (req, reply) => {
      const created = await scheduleStage(db, actorOf(req), req.params.id, req.body);
      reply.code(201);
      return created;
    },
  );

  // ---------- compliance ----------
  app.get(
    `${base}/compliance`,
    {
      config: { permission: 'school-research.compliance' },
      schema: {
        tags,
        summary:
          '校本研修达标情况：各校计划总结、活动、人次、学时、抽查；各教联体联合展示；各核心校送教下乡（按年度，范围内）',
        querystring: complianceQuery,
        response: { 200: complianceSchema, ...errors },
      },
    },
    async (req) => complianceFigures(read, userOf(req), { ...req.query, year: req.query.year ?? currentYear() }),
  );
  app.get(
    `${base}/compliance/export`,
    {
      config: { permission: 'school-research.compliance' },
      schema: {
        tags,
        summary: '导出校本研修达标情况（.xlsx：学校、教联体、核心校三张表）',
        querystring: complianceQuery,
        produces: [XLSX_MIME],
        response: { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const year = req.query.year ?? currentYear();
      const figures = await complianceFigures(read, user, { ...req.query, year });
      const region = await one<{ name: string }>(read, sql`select name from regions where id = ${user.regionId}`);
      await recordExport(
        db,
        actorOf(req),
        { action: 'research_compliance.export', entity: 'research_compliance', filters: { ...req.query, year } },
        figures.schools.length,
      );
      return sendXlsxBuffer(
        reply,
        datedFilename(`${year}年校本研修达标情况`),
        await complianceXlsx(figures, region?.name ?? ''),
      );
    },
  );
}
