// HTTP for research activities: record, list, export, detail, edit, participants (check-in with the
// rotating QR, the host's marks), evidence, close (hours and person-times), the receiving school's
// confirmation of a 送教下乡 stage, and the teacher's own page. Permission and scope: the services.
import {
  activityAttendanceBody,
  activityBody,
  activityCandidates,
  activityCheckinBody,
  activityCheckinResult,
  activityDetail,
  activityList,
  activityListQuery,
  activityParticipants,
  activityQr,
  activityRemoveBody,
  activityUpdateBody,
  attendanceChange,
  candidatesQuery,
  closeResult,
  confirmBody,
  createdResult,
  errorEnvelope,
  evidenceBody,
  idParam,
  myResearchQuery,
  myResearch as myResearchSchema,
  okResult,
  participantsQuery,
  stampedAttachment,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { sendAuditedExport } from '../../http/export-audit.js';
import { XLSX_MIME } from '../../lib/xlsx-export.js';
import { ACTIVITY_COLUMNS } from './activities.presenter.js';
import {
  addEvidence,
  confirmStage,
  createActivity,
  deleteActivity,
  getActivity,
  listActivityPage,
  updateActivity,
} from './activities.service.js';
import { checkInActivity, getActivityQr } from './checkin.service.js';
import { closeActivity } from './close-activity.js';
import { getCandidates, getParticipants, markParticipants, removeParticipants } from './participants.service.js';
import { myResearch } from './school-research.service.js';

const tags = ['school-research'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };
const base = '/api/school-research/activities';

export async function activitiesRoutes(app: App, deps: Deps) {
  const { db, read } = deps;

  app.get(
    base,
    {
      config: { permission: 'school-research.read' },
      schema: {
        tags,
        summary: '校本研修活动列表（按年度、学校、学区、教联体、类型、状态、提示筛选；范围内）',
        querystring: activityListQuery,
        response: { 200: activityList, ...errors },
      },
    },
    async (req) => listActivityPage(read, userOf(req), req.query),
  );

  app.get(
    `${base}/export`,
    {
      config: { permission: 'school-research.read' },
      schema: {
        tags,
        summary: '导出校本研修活动（.xlsx，与列表相同的筛选）',
        querystring: activityListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_MIME],
        response: { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope },
      },
    },
    async (req, reply) =>
      sendAuditedExport(reply, db, actorOf(req), {
        name: '校本研修活动',
        action: 'research_activity.export',
        entity: 'research_activity',
        columns: ACTIVITY_COLUMNS,
        filters: req.query,
        page: (p) => listActivityPage(read, userOf(req), { ...req.query, ...p }),
      }),
  );

  app.post(
    base,
    {
      config: { permission: 'school-research.manage' },
      schema: {
        tags,
        summary:
          '登记研修活动 { schoolId, title, type, startsAt, endsAt, hours }（学校管理员为本校，县级管理员为任一学校；结束后很久才登记的标记为“补录”）',
        body: activityBody,
        response: { 201: createdResult, ...errors },
      },
    },
    async (req, reply) => {
      const created = await createActivity(db, actorOf(req), req.body);
      reply.code(201);
      return created;
    },
  );

  app.get(
    `${base}/:id`,
    {
      config: { permission: 'school-research.read' },
      schema: {
        tags,
        summary: '研修活动详情（过程材料含上传人和上传时间、抽查记录、可执行的操作）',
        params: idParam,
        response: { 200: activityDetail, ...errors },
      },
    },
    async (req) => getActivity(db, userOf(req), req.params.id),
  );

  app.patch(
    `${base}/:id`,
    {
      config: { permission: 'school-research.manage' },
      schema: {
        tags,
        summary: '修改研修活动（结束前；已有教师参加后不能改时间）',
        params: idParam,
        body: activityUpdateBody,
        response: { 200: createdResult, ...errors },
      },
    },
    async (req) => updateActivity(db, actorOf(req), req.params.id, req.body),
  );

  app.delete(
    `${base}/:id`,
    {
      config: { permission: 'school-research.manage' },
      schema: {
        tags,
        summary: '删除未举行的研修活动（无人参加、无材料）',
        params: idParam,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => deleteActivity(db, actorOf(req), req.params.id),
  );

  app.get(
    `${base}/:id/participants`,
    {
      config: { permission: 'school-research.read' },
      schema: {
        tags,
        summary: '参与教师（扫码或补录；主办学校和县级看全部，其他学校看本校教师）',
        params: idParam,
        querystring: participantsQuery,
        response: { 200: activityParticipants, ...errors },
      },
    },
    async (req) => getParticipants(read, userOf(req), req.params.id, req.query),
  );

  app.get(
    `${base}/:id/candidates`,
    {
      config: { permission: 'school-research.manage' },
      schema: {
        tags,
        summary: '可补录的教师（参与学校、学科、学段范围内尚未参加的在职教师）',
        params: idParam,
        querystring: candidatesQuery,
        response: { 200: activityCandidates, ...errors },
      },
    },
    async (req) => getCandidates(read, userOf(req), req.params.id, req.query),
  );

  app.post(
    `${base}/:id/attendance`,
    {
      config: { permission: 'school-research.manage' },
      schema: {
        tags,
        summary: '补录参与教师 { teacherIds, reason }（须填写原因；送教下乡可记为授课教师 role: trainer）',
        params: idParam,
        body: activityAttendanceBody,
        response: { 200: attendanceChange, ...errors },
      },
    },
    async (req) => markParticipants(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    `${base}/:id/attendance/remove`,
    {
      config: { permission: 'school-research.manage' },
      schema: {
        tags,
        summary: '移除参与教师（结束前，须填写原因）',
        params: idParam,
        body: activityRemoveBody,
        response: { 200: attendanceChange, ...errors },
      },
    },
    async (req) => removeParticipants(db, actorOf(req), req.params.id, req.body),
  );

  app.get(
    `${base}/:id/qr`,
    {
      config: { permission: 'school-research.manage' },
      schema: {
        tags,
        summary: '签到二维码（主办方屏幕轮询；每30秒更换，仅在签到时间内提供）',
        params: idParam,
        response: { 200: activityQr, ...errors },
      },
    },
    async (req) => getActivityQr(db, userOf(req), req.params.id, new Date()),
  );

  app.post(
    '/api/school-research/checkin',
    {
      config: { permission: 'school-research.self' },
      schema: {
        tags,
        summary: '教师扫码参加研修活动（须在参与范围内；重复扫码返回首次签到时间）',
        body: activityCheckinBody,
        response: { 200: activityCheckinResult, ...errors, 429: errorEnvelope },
      },
    },
    async (req) => checkInActivity(db, actorOf(req), req.body, new Date()),
  );

  app.post(
    `${base}/:id/evidence`,
    {
      config: { permission: 'school-research.manage' },
      schema: {
        tags,
        summary: '上传过程材料（照片、签到表、课件等；记录上传人和上传时间，结束后很久才上传的标记为“补传”）',
        params: idParam,
        body: evidenceBody,
        response: { 200: z.array(stampedAttachment), ...errors },
      },
    },
    async (req) => addEvidence(db, actorOf(req), req.params.id, req.body.attachmentIds),
  );

  app.post(
    `${base}/:id/close`,
    {
      config: { permission: 'school-research.manage' },
      schema: {
        tags,
        summary: '结束活动：按县校本研修学分规则为每位参与教师记学时、计一次校培人次；重复结束不再改变任何数据',
        params: idParam,
        response: { 200: closeResult, ...errors },
      },
    },
    async (req) => closeActivity(db, actorOf(req), req.params.id),
  );

  app.post(
    `${base}/:id/confirm`,
    {
      config: { permission: 'school-research.manage' },
      schema: {
        tags,
        summary: '受援学校确认送教下乡阶段已举行',
        params: idParam,
        body: confirmBody,
        response: { 200: z.object({ confirmed: z.boolean() }), ...errors },
      },
    },
    async (req) => confirmStage(db, actorOf(req), req.params.id, req.body.note),
  );

  app.get(
    '/api/me/school-research',
    {
      config: { permission: 'school-research.self' },
      schema: {
        tags,
        summary: '我的校本研修（某年参加的活动、所得学时、校培人次）',
        querystring: myResearchQuery,
        response: { 200: myResearchSchema, ...errors },
      },
    },
    async (req) => myResearch(read, userOf(req), req.query.year),
  );
}
