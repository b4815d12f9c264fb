// Rows → API shapes. The session QR secret is never selected, so it cannot leak from here.
import {
  DEFAULT_COMPLETION_RULE,
  type EligibilityInput,
  type Level,
  PARTICIPATION_STATUSES,
  type ParticipantCounts,
  type PlanCalendar,
  PROJECT_TRANSITIONS,
  type ProjectDetail,
  type ProjectListItem,
  type ProjectSession,
  type ProjectStatus,
  type ProjectTrainer,
  type TrainingCategory,
} from '@shixun/common';
import { canScheduleProject, canWriteProject } from '../../access/project-access.js';
import type { CurrentUser } from '../../http/context.js';
import type {
  CategoryRow,
  ProjectCountsRow,
  ProjectRow,
  ProjectTrainerRow,
  QuotaItemRow,
  SessionRow,
} from './projects.repo.js';

export const presentCategory = (r: CategoryRow): TrainingCategory => ({
  id: r.id,
  name: r.name,
  sort: r.sort,
  archived: r.archived,
  projectCount: r.project_count,
});

function counts(raw: Partial<Record<string, number>> | null | undefined): ParticipantCounts {
  return Object.fromEntries(PARTICIPATION_STATUSES.map((s) => [s, Number(raw?.[s] ?? 0)])) as ParticipantCounts;
}

export function presentListItem(r: ProjectRow & ProjectCountsRow): ProjectListItem {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    year: r.year,
    level: r.level as Level,
    category: r.category,
    mode: r.mode,
    organiserType: r.organiser_type as ProjectListItem['organiserType'],
    organiser: r.organiser,
    schoolId: r.school_id,
    schoolName: r.school_name,
    startDate: r.start_date,
    endDate: r.end_date,
    place: r.place,
    hours: Number(r.hours),
    capacity: r.capacity,
    enrolMode: r.enrol_mode as ProjectListItem['enrolMode'],
    enrolDeadline: r.enrol_deadline,
    status: r.status as ProjectStatus,
    upperQuota: r.upper_quota,
    sessionCount: Number(r.session_count ?? 0),
    participants: counts(r.participants),
    quotaTotal: Number(r.quota_total ?? 0),
    updatedAt: r.updated_at,
  };
}

export const presentSession = (r: SessionRow): ProjectSession => ({
  id: r.id,
  projectId: r.project_id,
  date: r.date,
  start: r.start,
  end: r.end_time,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  topic: r.topic,
  trainerId: r.trainer_id,
  trainerName: r.trainer_name,
  room: r.room,
  attendanceCount: Number(r.attendance_count ?? 0),
});

export const presentProjectTrainer = (r: ProjectTrainerRow): ProjectTrainer => ({
  trainerId: r.trainer_id,
  name: r.name,
  kind: r.kind as ProjectTrainer['kind'],
  organisation: r.organisation,
  title: r.title,
  role: r.role,
  active: r.active,
});

/** Stored eligibility without empty entries or nulls (the shape `eligibilityProblems` reads). */
export function cleanEligibility(e: EligibilityInput | Record<string, unknown> | null | undefined): EligibilityInput {
  const src = (e ?? {}) as EligibilityInput;
  const out: EligibilityInput = {};
  if (src.stages?.length) out.stages = [...new Set(src.stages)];
  if (src.subjects?.length) out.subjects = [...new Set(src.subjects)];
  if (src.tags?.length) out.tags = [...new Set(src.tags)];
  if (src.minYears != null) out.minYears = src.minYears;
  if (src.maxYears != null) out.maxYears = src.maxYears;
  if (src.newTeachersOnly) out.newTeachersOnly = true;
  if (src.posts?.length) out.posts = [...new Set(src.posts)];
  if (src.minTitle) out.minTitle = src.minTitle;
  if (src.minHonourLevel) out.minHonourLevel = src.minHonourLevel;
  return out;
}

export function presentDetail(
  user: CurrentUser,
  r: ProjectRow & ProjectCountsRow,
  parts: { trainers: ProjectTrainerRow[]; sessions: SessionRow[]; quotas: QuotaItemRow[] },
): ProjectDetail {
  const writer = canWriteProject(user, r);
  const status = r.status as ProjectStatus;
  const insider = user.role !== 'teacher' && user.role !== 'trainer' && user.role !== 'provider';
  const rule = (r.completion_rule ?? {}) as Partial<typeof DEFAULT_COMPLETION_RULE>;
  return {
    ...presentListItem(r),
    eligibility: cleanEligibility(r.eligibility),
    completionRule: {
      minAttendanceRate: Number(rule.minAttendanceRate ?? DEFAULT_COMPLETION_RULE.minAttendanceRate),
      requirePass: rule.requirePass ?? DEFAULT_COMPLETION_RULE.requirePass,
      passScore: typeof rule.passScore === 'number' ? rule.passScore : null,
      excellentScore: typeof rule.excellentScore === 'number' ? rule.excellentScore : null,
    },
    budget: insider && r.budget != null ? Number(r.budget) : null,
    description: r.description,
    source: r.source,
    createdAt: r.created_at,
    trainers: parts.trainers.map(presentProjectTrainer),
    sessions: parts.sessions.map(presentSession),
    quotas: {
      total: Number(r.quota_total ?? 0),
      schoolCount: Number(r.quota_schools ?? 0),
      items: parts.quotas.map((q) => ({
        schoolId: q.school_id,
        schoolName: q.school_name,
        quota: q.quota,
        taken: q.taken,
      })),
    },
    nextStatuses: [...PROJECT_TRANSITIONS[status]],
    provider: r.provider_id == null ? null : { id: r.provider_id, name: r.provider_name ?? '' },
    can: {
      edit: writer && status !== 'closed',
      delete: writer && status === 'draft',
      changeStatus: writer,
      schedule: canScheduleProject(user, r) && status !== 'closed',
    },
  };
}

export function presentCalendarProject(r: ProjectRow): PlanCalendar['projects'][number] {
  return {
    id: r.id,
    name: r.name,
    level: r.level as Level,
    category: r.category,
    mode: r.mode,
    status: r.status as ProjectStatus,
    organiserType: r.organiser_type as ProjectListItem['organiserType'],
    schoolId: r.school_id,
    schoolName: r.school_name,
    startDate: r.start_date,
    endDate: r.end_date,
    place: r.place,
    hours: Number(r.hours),
  };
}

/** What the audit log records of a project (API field names). */
export function auditedProject(r: ProjectRow) {
  return {
    code: r.code,
    name: r.name,
    year: r.year,
    level: r.level,
    category: r.category,
    mode: r.mode,
    organiserType: r.organiser_type,
    organiser: r.organiser,
    schoolId: r.school_id,
    startDate: r.start_date,
    endDate: r.end_date,
    place: r.place,
    hours: Number(r.hours),
    capacity: r.capacity,
    enrolMode: r.enrol_mode,
    enrolDeadline: r.enrol_deadline,
    eligibility: cleanEligibility(r.eligibility),
    completionRule: r.completion_rule,
    budget: r.budget == null ? null : Number(r.budget),
    description: r.description,
    status: r.status,
    upperQuota: r.upper_quota,
  };
}
