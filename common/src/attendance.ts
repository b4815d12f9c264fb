// Attendance (签到/考勤) and leave (请假): the check-in window, QR rotation, and the API shapes.
// The timing constants live here once, so the server enforces and the web shows the same window.
import { z } from 'zod';
import { dbId } from './primitives.js';
import { pageQuery } from './schemas.js';
import {
  ATTENDANCE_LABELS,
  ATTENDANCE_STATUSES,
  type AttendanceStatus,
  LEAVE_STATUSES,
  PARTICIPATION_STATUSES,
  type ParticipationStatus,
} from './training.js';

/** A QR token changes every 30 s; the previous one is still accepted (one slot of grace). */
export const QR_ROTATE_SECONDS = 30;
/** Check-in opens this long before a session starts… */
export const CHECKIN_OPENS_BEFORE_MINUTES = 15;
/** …and closes when the session ends. A scan later than start + this is marked 'late'. */
export const LATE_AFTER_MINUTES = 10;
/** Wrong tokens a user may submit per minute before check-in answers 429. */
export const CHECKIN_MAX_WRONG_TOKENS = 10;

/** Participation statuses that make a teacher a participant of the project's sessions. */
export const PARTICIPANT_STATUSES: readonly ParticipationStatus[] = ['enrolled', 'completed', 'failed'];

export interface CheckinWindow {
  opensAt: Date;
  closesAt: Date;
}

/** [starts_at − 15 min, ends_at], both ends inclusive. */
export function checkinWindow(startsAt: Date | string, endsAt: Date | string): CheckinWindow {
  return {
    opensAt: new Date(new Date(startsAt).getTime() - CHECKIN_OPENS_BEFORE_MINUTES * 60_000),
    closesAt: new Date(endsAt),
  };
}

export function windowState(w: CheckinWindow, at: Date): 'before' | 'open' | 'after' {
  if (at.getTime() < w.opensAt.getTime()) return 'before';
  if (at.getTime() > w.closesAt.getTime()) return 'after';
  return 'open';
}

/** 'late' when the scan comes more than LATE_AFTER_MINUTES after the start. */
export function checkinStatusAt(startsAt: Date | string, at: Date): 'present' | 'late' {
  return at.getTime() > new Date(startsAt).getTime() + LATE_AFTER_MINUTES * 60_000 ? 'late' : 'present';
}

/** China time, where the county is (not where the server runs). */
const CHINA_TIME = 'Asia/Shanghai';

// Building a formatter is slow (ICU data); one per time zone is kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(d: Date, timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return { day: `${p.month}月${p.day}日`, time: `${p.hour}:${p.minute}` };
}

/** "10月10日 08:45–11:30" (the day is repeated only when the window crosses midnight). */
export function formatCheckinWindow(w: CheckinWindow, timeZone = CHINA_TIME): string {
  const a = parts(w.opensAt, timeZone);
  const b = parts(w.closesAt, timeZone);
  return a.day === b.day ? `${a.day} ${a.time}–${b.time}` : `${a.day} ${a.time}–${b.day} ${b.time}`;
}

export const ATTENDANCE_METHODS = ['qr', 'manual', 'leave'] as const;
export type AttendanceMethod = (typeof ATTENDANCE_METHODS)[number];

const id = dbId;
const reason = (message: string) => z.string().trim().min(1, message).max(200, '原因最多200字');

// ---------- check-in ----------
export const checkinBody = z.object({
  sessionId: id,
  // Lenient on purpose: any wrong token reaches the service, where it counts toward the rate limit.
  token: z.string().trim().min(1, '缺少二维码参数，请重新扫码').max(128),
});
export type CheckinBody = z.infer<typeof checkinBody>;

export const checkinResult = z.object({
  sessionId: z.number(),
  projectId: z.number(),
  projectName: z.string(),
  topic: z.string(),
  status: z.enum(['present', 'late']),
  checkedAt: z.string(),
  /** True when this scan found an earlier check-in (the first time is returned). */
  alreadyCheckedIn: z.boolean(),
  /** How the attendance was recorded: this scan or an earlier one ('qr'), or a trainer's mark ('manual'). */
  method: z.enum(['qr', 'manual']),
});
export type CheckinResult = z.infer<typeof checkinResult>;

const windowShape = z.object({ opensAt: z.string(), closesAt: z.string() });

export const sessionQr = z.object({
  sessionId: z.number(),
  token: z.string(),
  /** Path of the teacher's check-in page; the web turns it into an absolute URL for the QR. */
  url: z.string(),
  /** Until the next rotation: redraw the QR then. */
  expiresInMs: z.number(),
  rotatesEverySeconds: z.number(),
  window: windowShape,
  open: z.boolean(),
  checkedIn: z.number(),
  expected: z.number(),
});
export type SessionQr = z.infer<typeof sessionQr>;

// ---------- manual marking & close ----------
export const attendanceMark = z.object({
  participationId: id,
  status: z.enum(ATTENDANCE_STATUSES),
  reason: reason('请填写补录或修改考勤的原因'),
});
export const attendanceMarksBody = z
  .array(attendanceMark)
  .min(1, '请至少提交一条考勤记录')
  .max(500, '一次最多提交500条考勤记录');
export type AttendanceMarksBody = z.infer<typeof attendanceMarksBody>;

export const attendanceMarkResult = z.object({ changed: z.number(), unchanged: z.number() });
export const sessionCloseResult = z.object({ markedAbsent: z.number() });

// ---------- lists ----------
export const sessionInfo = z.object({
  id: z.number(),
  projectId: z.number(),
  projectName: z.string(),
  topic: z.string(),
  room: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  window: windowShape,
  ended: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfo>;

export const sessionAttendanceQuery = pageQuery.extend({
  /** 'none' = no record yet (未签到). */
  status: z.enum([...ATTENDANCE_STATUSES, 'none']).optional(),
  /** Only absentees: marked absent, or no record once the session has ended. */
  absentees: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export type SessionAttendanceQuery = z.infer<typeof sessionAttendanceQuery>;

export const sessionAttendanceRow = z.object({
  participationId: z.number(),
  teacherId: z.number(),
  teacherName: z.string(),
  schoolId: z.number(),
  schoolName: z.string(),
  participationStatus: z.enum(PARTICIPATION_STATUSES),
  /** null = 未签到 (not yet). */
  status: z.enum(ATTENDANCE_STATUSES).nullable(),
  statusLabel: z.string(),
  method: z.enum(ATTENDANCE_METHODS).nullable(),
  checkedAt: z.string().nullable(),
  reason: z.string().nullable(),
  absentee: z.boolean(),
});
export type SessionAttendanceRow = z.infer<typeof sessionAttendanceRow>;

export const sessionAttendance = z.object({
  session: sessionInfo,
  counts: z.object({
    expected: z.number(),
    present: z.number(),
    late: z.number(),
    absent: z.number(),
    leave: z.number(),
    none: z.number(),
    absentees: z.number(),
  }),
  items: z.array(sessionAttendanceRow),
  total: z.number(),
});
export type SessionAttendance = z.infer<typeof sessionAttendance>;

export const projectAttendanceQuery = pageQuery.extend({
  schoolId: id.optional(),
});
export type ProjectAttendanceQuery = z.infer<typeof projectAttendanceQuery>;

export const projectAttendanceRow = z.object({
  participationId: z.number(),
  teacherId: z.number(),
  teacherName: z.string(),
  schoolId: z.number(),
  schoolName: z.string(),
  participationStatus: z.enum(PARTICIPATION_STATUSES),
  /** Sessions that have ended. */
  held: z.number(),
  /** present + late */
  attended: z.number(),
  late: z.number(),
  leave: z.number(),
  /** held − attended − leave: marked absent or never checked in. */
  absent: z.number(),
  /** attendanceRate(held, attended, leave), 0..1 */
  rate: z.number(),
});
export type ProjectAttendanceRow = z.infer<typeof projectAttendanceRow>;

export const projectAttendance = z.object({
  projectId: z.number(),
  projectName: z.string(),
  sessions: z.number(),
  held: z.number(),
  items: z.array(projectAttendanceRow),
  total: z.number(),
});
export type ProjectAttendance = z.infer<typeof projectAttendance>;

export const myAttendanceQuery = pageQuery.extend({ projectId: id.optional() });
export type MyAttendanceQuery = z.infer<typeof myAttendanceQuery>;

export const myAttendanceRow = z.object({
  sessionId: z.number(),
  projectId: z.number(),
  projectName: z.string(),
  topic: z.string(),
  room: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  ended: z.boolean(),
  status: z.enum(ATTENDANCE_STATUSES).nullable(),
  statusLabel: z.string(),
  method: z.enum(ATTENDANCE_METHODS).nullable(),
  checkedAt: z.string().nullable(),
  /** The latest leave request for this session, if any. */
  leaveStatus: z.enum(LEAVE_STATUSES).nullable(),
});

export const attendanceSummary = z.object({
  held: z.number(),
  attended: z.number(),
  leave: z.number(),
  absent: z.number(),
  rate: z.number(),
});

export const myAttendance = z.object({
  items: z.array(myAttendanceRow),
  total: z.number(),
  /** Per-project totals (only with ?projectId=). */
  summary: attendanceSummary.nullable(),
});
export type MyAttendance = z.infer<typeof myAttendance>;

// ---------- leave ----------
export const leaveBody = z.object({ reason: z.string().trim().min(1, '请填写请假原因').max(500, '请假原因最多500字') });
export type LeaveBody = z.infer<typeof leaveBody>;

export const leaveReviewBody = z
  .object({
    decision: z.enum(['approved', 'rejected']),
    reason: z.string().trim().max(200, '原因最多200字').optional(),
  })
  .refine((b) => b.decision === 'approved' || !!b.reason, {
    message: '不批准时请填写原因',
    path: ['reason'],
  });
export type LeaveReviewBody = z.infer<typeof leaveReviewBody>;

export const leaveRequest = z.object({
  id: z.number(),
  sessionId: z.number(),
  projectId: z.number(),
  projectName: z.string(),
  topic: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  participationId: z.number(),
  teacherId: z.number(),
  teacherName: z.string(),
  schoolName: z.string(),
  reason: z.string(),
  status: z.enum(LEAVE_STATUSES),
  statusLabel: z.string(),
  reviewReason: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type LeaveRequest = z.infer<typeof leaveRequest>;

export const leaveListQuery = pageQuery.extend({ status: z.enum(LEAVE_STATUSES).optional() });
export type LeaveListQuery = z.infer<typeof leaveListQuery>;

/** Label for a status, 'not yet' included. */
export const attendanceLabel = (s: AttendanceStatus | null, ended = false): string =>
  s ? ATTENDANCE_LABELS[s] : ended ? '未签到（缺勤）' : '未签到';
