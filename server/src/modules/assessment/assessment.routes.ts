// HTTP for assessment and completion: results by hand or from a spreadsheet, then the completion run.
import {
  assessmentQuery,
  assessmentSettings,
  assessmentUpdateBody,
  assessmentUpdateResult,
  completeBody,
  completionResult,
  errorEnvelope,
  type ImportMapping,
  idParam,
  importQuery,
  importResult,
  projectAssessment,
} from '@shixun/common';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { AppError } from '../../http/errors.js';
import { mappingOf, receiveUpload, uploadBody } from '../imports/imports.routes.js';
import { openJob } from '../imports/jobs.js';
import {
  completeProject,
  getAssessment,
  getCountyScoreLines,
  saveCountyScoreLines,
  updateAssessment,
} from './assessment.service.js';
import { importScores } from './scores.import.js';

const tags = ['assessment'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
export async function assessmentRoutes(app: App, deps: Deps) {
  const { db } = deps;

  app.get(
    '/api/projects/:id/assessment',
    {
      config: { permission: 'assessment.read' },
      schema: {
        tags,
        summary: '考核：每名学员的出勤（已结束课次）、成绩、结果，及是否满足结业条件与原因',
        params: idParam,
        querystring: assessmentQuery,
        response: { 200: projectAssessment, ...errors },
      },
    },
    async (req) => getAssessment(db, userOf(req), req.params.id, req.query),
  );

  app.put(
    '/api/projects/:id/assessment',
    {
      config: { permission: 'assessment.manage' },
      schema: {
        tags,
        summary: '录入成绩和考核结果（本项目培训者、县级管理员、本校校培的学校管理员；实施中或考核中）',
        description:
          '成绩决定考核结果：按项目的及格/优秀分数线（项目未设则用县默认，见 /api/assessment/settings），' +
          '成绩 ≥ 优秀线为“优秀”，≥ 及格线为“合格”，否则“不合格”。只传成绩（result 省略或为 null）即得推导结果；' +
          '传入与推导不同的结果为人工改判，须同时给出 overrideReason，否则 400。' +
          '没有成绩时按所传结果记录。应答的 items 按提交顺序给出每名学员最终的成绩、结果、推导结果及是否改判。',
        params: idParam,
        body: assessmentUpdateBody,
        response: { 200: assessmentUpdateResult, ...errors },
      },
    },
    async (req) => updateAssessment(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/projects/:id/assessment/import',
    {
      config: { permission: 'assessment.manage' },
      schema: {
        tags,
        summary:
          '从表格导入成绩（身份证号 或 姓名+学校，成绩，考核结果；dryRun 预检，skipInvalid 跳过错误行，jobId 报告进度；' +
          '对不上的学校名称在预检的 unknown 中列出，用 mapping 对应到已有学校；autoAdd=true 与其他导入相同，新增的字典条目在 added 中列出）',
        params: idParam,
        querystring: importQuery,
        consumes: ['multipart/form-data'],
        body: uploadBody,
        response: {
          200: importResult,
          ...errors,
          413: errorEnvelope,
          422: errorEnvelope.extend(importResult.shape),
        },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const q = req.query;
      const job = await openJob(deps.db, actor, q.jobId, 'scores.import');
      let upload: Awaited<ReturnType<typeof receiveUpload>>;
      let mapping: ImportMapping | undefined;
      try {
        upload = await receiveUpload(req);
        mapping = mappingOf(upload.fields);
      } catch (err) {
        await job.fail(err instanceof AppError ? err.message : '文件上传失败').catch(() => {});
        throw err;
      }
      return importScores(deps, actor, req.params.id, upload, {
        dryRun: q.dryRun,
        skipInvalid: q.skipInvalid,
        autoAdd: q.autoAdd,
        mapping,
        job,
      });
    },
  );

  app.post(
    '/api/projects/:id/complete',
    {
      config: { permission: 'assessment.manage' },
      schema: {
        tags,
        summary: '办理结业：按结业条件判定结业/未结业，记入学时、颁发证书；可重复执行（更正后冲销、撤销证书）',
        params: idParam,
        body: completeBody,
        response: { 200: completionResult, ...errors },
      },
    },
    async (req) => completeProject(db, actorOf(req), req.params.id, { issueCertificates: req.body?.issueCertificates }),
  );

  app.get(
    '/api/assessment/settings',
    {
      config: { permission: 'assessment.read' },
      schema: {
        tags,
        summary: '县默认考核分数线（及格线、优秀线；项目可在结业要求中另设）',
        response: { 200: assessmentSettings, ...errors },
      },
    },
    async (req) => getCountyScoreLines(db, userOf(req)),
  );

  app.put(
    '/api/assessment/settings',
    {
      config: { permission: 'assessment.configure' },
      schema: {
        tags,
        summary: '修改县默认考核分数线（县级管理员；只影响未另设分数线的项目此后录入的成绩）',
        body: assessmentSettings,
        response: { 200: assessmentSettings, ...errors },
      },
    },
    async (req) => saveCountyScoreLines(db, actorOf(req), req.body),
  );
}
