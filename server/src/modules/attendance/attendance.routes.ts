// HTTP for attendance and leave: parse, call the service, present. Permission and scope live in access.ts.
import {
  attendanceMarkResult,
  attendanceMarksBody,
  checkinBody,
  checkinResult,
  errorEnvelope,
  idParam,
  leaveBody,
  leaveListQuery,
  leaveRequest,
  leaveReviewBody,
  myAttendance,
  myAttendanceQuery,
  projectAttendance,
  projectAttendanceQuery,
  sessionAttendance,
  sessionAttendanceQuery,
  sessionCloseResult,
  sessionQr,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { datedFilename, sendXlsx, XLSX_MIME } from '../../lib/xlsx-export.js';
import { PROJECT_ATTENDANCE_COLUMNS } from './attendance.presenter.js';
import {
  checkIn,
  closeSession,
  getMyAttendance,
  getProjectAttendance,
  getSessionAttendance,
  getSessionQr,
  markAttendance,
  projectAttendanceForExport,
} from './attendance.service.js';
import { listMyLeave, listProjectLeave, requestLeave, reviewLeave } from './leave.service.js';

const tags = ['attendance'];
const errors = {
  400: errorEnvelope,
  401: errorEnvelope,
  403: errorEnvelope,
  404: errorEnvelope,
  409: errorEnvelope,
};
const leaveList = z.object({ items: z.array(leaveRequest), total: z.number() });

export async function attendanceRoutes(app: App, deps: Deps) {
  const { db } = deps;

  app.get(
    '/api/sessions/:id/qr',
    {
      config: { permission: 'attendance.manage' },
      schema: {
        tags,
        summary: '签到二维码（培训者屏幕轮询；每30秒更换，仅在签到时间内提供）',
        params: idParam,
        response: { 200: sessionQr, ...errors },
      },
    },
    async (req) => getSessionQr(db, userOf(req), req.params.id, new Date()),
  );

  app.post(
    '/api/checkin',
    {
      config: { permission: 'attendance.self' },
      schema: {
        tags,
        summary: '扫码签到（教师本人登录后提交二维码中的 token；重复签到返回首次签到时间）',
        body: checkinBody,
        response: { 200: checkinResult, ...errors, 429: errorEnvelope },
      },
    },
    async (req) => checkIn(db, actorOf(req), req.body, new Date()),
  );

  app.get(
    '/api/sessions/:id/attendance',
    {
      config: { permission: 'attendance.read' },
      schema: {
        tags,
        summary: '课次考勤名单（含各状态人数与缺勤名单筛选，按调用者范围过滤）',
        params: idParam,
        querystring: sessionAttendanceQuery,
        response: { 200: sessionAttendance, ...errors },
      },
    },
    async (req) => getSessionAttendance(db, userOf(req), req.params.id, req.query, new Date()),
  );

  app.put(
    '/api/sessions/:id/attendance',
    {
      config: { permission: 'attendance.manage' },
      schema: {
        tags,
        summary: '手工补录/修改考勤（每条须填写原因，记入审计日志）',
        params: idParam,
        body: attendanceMarksBody,
        response: { 200: attendanceMarkResult, ...errors },
      },
    },
    async (req) => markAttendance(db, actorOf(req), req.params.id, req.body, new Date()),
  );

  app.post(
    '/api/sessions/:id/close',
    {
      config: { permission: 'attendance.manage' },
      schema: {
        tags,
        summary: '结束签到：课次结束后，将未签到的学员记为缺勤',
        params: idParam,
        response: { 200: sessionCloseResult, ...errors },
      },
    },
    async (req) => closeSession(db, actorOf(req), req.params.id, new Date()),
  );

  app.post(
    '/api/sessions/:id/leave',
    {
      config: { permission: 'attendance.self' },
      schema: {
        tags,
        summary: '教师请假（课次结束前提交；每课次同时只能有一条待审批申请）',
        params: idParam,
        body: leaveBody,
        response: { 201: leaveRequest, ...errors },
      },
    },
    async (req, reply) => {
      const created = await requestLeave(db, actorOf(req), req.params.id, req.body, new Date());
      reply.code(201);
      return created;
    },
  );

  app.post(
    '/api/leave-requests/:id/review',
    {
      config: { permission: 'attendance.manage' },
      schema: {
        tags,
        summary: '审批请假（批准后该课次记为请假，并通知教师）',
        params: idParam,
        body: leaveReviewBody,
        response: { 200: leaveRequest, ...errors },
      },
    },
    async (req) => reviewLeave(db, actorOf(req), req.params.id, req.body, new Date()),
  );

  app.get(
    '/api/projects/:id/leave-requests',
    {
      config: { permission: 'attendance.read' },
      schema: {
        tags,
        summary: '项目的请假申请（待审批在前，按调用者范围过滤）',
        params: idParam,
        querystring: leaveListQuery,
        response: { 200: leaveList, ...errors },
      },
    },
    async (req) => listProjectLeave(db, userOf(req), req.params.id, req.query),
  );

  app.get(
    '/api/projects/:id/attendance',
    {
      config: { permission: 'attendance.read' },
      schema: {
        tags,
        summary: '项目出勤统计（每位学员：已举行课次、出勤、请假、缺勤、出勤率）',
        params: idParam,
        querystring: projectAttendanceQuery,
        response: { 200: projectAttendance, ...errors },
      },
    },
    async (req) => getProjectAttendance(db, userOf(req), req.params.id, req.query, new Date()),
  );

  app.get(
    '/api/projects/:id/attendance/export',
    {
      config: { permission: 'attendance.read' },
      schema: {
        tags,
        summary: '导出项目出勤统计（.xlsx）',
        params: idParam,
        querystring: projectAttendanceQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_MIME],
        response: { 401: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req, reply) => {
      const data = await projectAttendanceForExport(db, actorOf(req), req.params.id, req.query, new Date());
      return sendXlsx(reply, datedFilename(`出勤统计-${data.projectName}`.slice(0, 60)), {
        sheetName: '出勤统计',
        columns: PROJECT_ATTENDANCE_COLUMNS,
        rows: data.rows,
      });
    },
  );

  app.get(
    '/api/me/attendance',
    {
      config: { permission: 'attendance.self' },
      schema: {
        tags,
        summary: '我的考勤（教师本人；指定项目时附出勤率）',
        querystring: myAttendanceQuery,
        response: { 200: myAttendance, ...errors },
      },
    },
    async (req) => getMyAttendance(db, userOf(req), req.query, new Date()),
  );

  app.get(
    '/api/me/leave-requests',
    {
      config: { permission: 'attendance.self' },
      schema: {
        tags,
        summary: '我的请假申请',
        querystring: leaveListQuery,
        response: { 200: leaveList, ...errors },
      },
    },
    async (req) => listMyLeave(db, userOf(req), req.query),
  );
}
