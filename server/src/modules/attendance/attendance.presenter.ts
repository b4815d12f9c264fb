// Rows → API shapes (and the export's columns). Timestamps leave as ISO strings, whatever the driver returns.
import {
  type AttendanceMethod,
  type AttendanceStatus,
  attendanceLabel,
  attendanceRate,
  LEAVE_STATUS_LABELS,
  type LeaveRequest,
  type LeaveStatus,
  PARTICIPATION_STATUS_LABELS,
  type ParticipationStatus,
  type ProjectAttendanceRow,
  type SessionAttendanceRow,
} from '@shixun/common';
import type { XlsxColumn } from '../../lib/xlsx-export.js';

export const iso = (v: string | Date): string => new Date(v).toISOString();
export const isoOrNull = (v: string | Date | null): string | null => (v == null ? null : iso(v));

export type SessionAttendanceDbRow = {
  participation_id: number;
  teacher_id: number;
  teacher_name: string;
  school_id: number;
  school_name: string;
  participation_status: ParticipationStatus;
  status: AttendanceStatus | null;
  method: AttendanceMethod | null;
  checked_at: string | Date | null;
  reason: string | null;
};

export function presentSessionRow(r: SessionAttendanceDbRow, ended: boolean): SessionAttendanceRow {
  return {
    participationId: r.participation_id,
    teacherId: r.teacher_id,
    teacherName: r.teacher_name,
    schoolId: r.school_id,
    schoolName: r.school_name,
    participationStatus: r.participation_status,
    status: r.status,
    statusLabel: attendanceLabel(r.status, ended),
    method: r.method,
    checkedAt: isoOrNull(r.checked_at),
    reason: r.reason,
    absentee: r.status === 'absent' || (r.status === null && ended),
  };
}

export type ProjectAttendanceDbRow = {
  participation_id: number;
  teacher_id: number;
  teacher_name: string;
  school_id: number;
  school_name: string;
  participation_status: ParticipationStatus;
  held: number;
  attended: number;
  late: number;
  leave: number;
};

export function presentProjectRow(r: ProjectAttendanceDbRow): ProjectAttendanceRow {
  return {
    participationId: r.participation_id,
    teacherId: r.teacher_id,
    teacherName: r.teacher_name,
    schoolId: r.school_id,
    schoolName: r.school_name,
    participationStatus: r.participation_status,
    held: r.held,
    attended: r.attended,
    late: r.late,
    leave: r.leave,
    absent: Math.max(0, r.held - r.attended - r.leave),
    rate: attendanceRate(r.held, r.attended, r.leave),
  };
}

export const PROJECT_ATTENDANCE_COLUMNS: XlsxColumn<ProjectAttendanceRow>[] = [
  { header: '姓名', key: 'teacherName', width: 12 },
  { header: '学校', key: 'schoolName', width: 24 },
  { header: '学员状态', key: 'participationStatus', value: (r) => PARTICIPATION_STATUS_LABELS[r.participationStatus] },
  { header: '已举行课次', key: 'held', width: 11 },
  { header: '出勤（含迟到）', key: 'attended', width: 14 },
  { header: '其中迟到', key: 'late', width: 10 },
  { header: '请假', key: 'leave', width: 8 },
  { header: '缺勤', key: 'absent', width: 8 },
  { header: '出勤率（%）', key: 'rate', width: 12, value: (r) => Math.round(r.rate * 1000) / 10 },
];

export type LeaveDbRow = {
  id: number;
  session_id: number;
  project_id: number;
  project_name: string;
  topic: string;
  starts_at: string | Date;
  ends_at: string | Date;
  participation_id: number;
  teacher_id: number;
  teacher_name: string;
  school_name: string;
  reason: string;
  status: LeaveStatus;
  review_reason: string | null;
  reviewed_at: string | Date | null;
  created_at: string | Date;
};

export function presentLeave(r: LeaveDbRow): LeaveRequest {
  return {
    id: r.id,
    sessionId: r.session_id,
    projectId: r.project_id,
    projectName: r.project_name,
    topic: r.topic,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    participationId: r.participation_id,
    teacherId: r.teacher_id,
    teacherName: r.teacher_name,
    schoolName: r.school_name,
    reason: r.reason,
    status: r.status,
    statusLabel: LEAVE_STATUS_LABELS[r.status],
    reviewReason: r.review_reason,
    reviewedAt: isoOrNull(r.reviewed_at),
    createdAt: iso(r.created_at),
  };
}
