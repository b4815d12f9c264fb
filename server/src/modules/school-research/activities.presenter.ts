// Activity rows → API shapes (and the export's columns). Timestamps leave as ISO strings.
import {
  ACTIVITY_FLAG_LABELS,
  ACTIVITY_STATUS_LABELS,
  type ActivityFlag,
  type ActivityParticipant,
  type ActivitySummary,
  SPOT_CHECK_VERDICT_LABELS,
  type StampedAttachment,
} from '@shixun/common';
import type { XlsxColumn } from '../../lib/xlsx-export.js';
import type { ActivityRow, EvidenceRow, ParticipantRow } from './activities.repo.js';

export const iso = (v: string | Date): string => new Date(v).toISOString();
export const isoOrNull = (v: string | Date | null): string | null => (v == null ? null : iso(v));

export function flagsOf(r: Pick<ActivityRow, 'recorded_late' | 'no_evidence' | 'late_evidence'>): ActivityFlag[] {
  const flags: ActivityFlag[] = [];
  if (r.recorded_late) flags.push('recordedLate');
  if (r.no_evidence) flags.push('noEvidence');
  if (r.late_evidence) flags.push('lateEvidence');
  return flags;
}

/** The stage's name from the 送教下乡's stage list (stage numbers start at 1). */
export function stageName(r: Pick<ActivityRow, 'outreach_stages' | 'stage_no'>): string | null {
  if (r.stage_no == null || !Array.isArray(r.outreach_stages)) return null;
  return (r.outreach_stages[r.stage_no - 1] as string | undefined) ?? null;
}

export function presentSummary(r: ActivityRow): ActivitySummary {
  return {
    id: r.id,
    schoolId: r.school_id,
    schoolName: r.school_name,
    title: r.title,
    type: r.type,
    place: r.place,
    host: r.host,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    hours: Number(r.hours),
    status: r.status,
    statusLabel: ACTIVITY_STATUS_LABELS[r.status],
    consortiumId: r.consortium_id,
    consortiumName: r.consortium_name,
    outreachId: r.outreach_id,
    stageNo: r.stage_no,
    participants: r.participants,
    evidence: r.evidence,
    flags: flagsOf(r),
    spotCheck: r.spot_check,
    createdAt: iso(r.created_at),
    closedAt: isoOrNull(r.closed_at),
  };
}

export function presentParticipant(r: ParticipantRow): ActivityParticipant {
  return {
    teacherId: r.teacher_id,
    teacherName: r.teacher_name,
    schoolId: r.school_id,
    schoolName: r.school_name,
    subject: r.subject,
    role: r.role,
    status: r.status,
    method: r.method,
    checkedAt: iso(r.checked_at),
    reason: r.reason,
  };
}

export function presentEvidence(r: EvidenceRow): StampedAttachment {
  return {
    id: Number(r.id),
    filename: r.filename,
    mime: r.mime,
    size: Number(r.size),
    uploadedAt: iso(r.created_at),
    uploadedBy: r.uploaded_by,
    late: r.late,
  };
}

/** Beijing wall-clock time, e.g. 2026-03-05 14:30. */
const beijing = (v: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(v));

export const ACTIVITY_COLUMNS: XlsxColumn<ActivitySummary>[] = [
  { header: '活动主题', key: 'title', width: 30 },
  { header: '类型', key: 'type', width: 12 },
  { header: '主办学校', key: 'schoolName', width: 24 },
  { header: '教联体展示', key: 'consortiumName', width: 18, value: (r) => r.consortiumName ?? '' },
  { header: '开始', key: 'startsAt', width: 17, value: (r) => beijing(r.startsAt) },
  { header: '结束', key: 'endsAt', width: 17, value: (r) => beijing(r.endsAt) },
  { header: '地点', key: 'place', width: 16, value: (r) => r.place ?? '' },
  { header: '学时', key: 'hours', width: 8 },
  { header: '参与人数', key: 'participants', width: 10 },
  { header: '过程材料（份）', key: 'evidence', width: 14 },
  { header: '状态', key: 'statusLabel', width: 20 },
  {
    header: '提示',
    key: 'flags',
    width: 30,
    value: (r) => r.flags.map((f) => ACTIVITY_FLAG_LABELS[f]).join('；'),
  },
  {
    header: '抽查',
    key: 'spotCheck',
    width: 10,
    value: (r) => (r.spotCheck ? SPOT_CHECK_VERDICT_LABELS[r.spotCheck] : ''),
  },
  { header: '登记时间', key: 'createdAt', width: 17, value: (r) => beijing(r.createdAt) },
];
