// What other modules call: the person-times of school-based research for the statistics, a
// teacher's own activities (their page, and the mentoring/studio modules that link to activities by
// id), activities and 送教下乡 by id, the compliance figures (the year-end evaluation reads them)
// and the activity types (the one place they are read).
import { type ActivitySummary, type MyResearch, PLAN_TIME_ZONE } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { researchParticipantScope, type Who } from '../../access/scope.js';
import { type Exec, rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { forbidden } from '../../http/errors.js';
import { iso, presentSummary } from './activities.presenter.js';
import { activitiesByIds as activityRowsByIds, inBeijingYear } from './activities.repo.js';
import { RESEARCH_SOURCE } from './close-activity.js';

export { complianceFigures } from './compliance.service.js';
export { outreachByIds } from './outreach.service.js';
export { researchActivityTypes } from './settings.service.js';

/**
 * One row per 校培 person-time of school-based research in `year` (Beijing calendar year of the
 * activity's end): each participant of each closed activity — not withdrawn by a failed spot check —
 * with the school they belonged to then. For the training statistics (docs/metrics.md).
 */
export function researchPersonTimesSql(who: Who, year: number): SQL {
  return sql`select rp.teacher_id, rp.school_id
    from research_participants rp join research_activities ra on ra.id = rp.activity_id
    where ${researchParticipantScope(who, 'rp')} and ra.status = 'closed' and ${inBeijingYear(sql`ra.ends_at`, year)}`;
}

/** Activities by id that the caller may see (others are left out), for records that link to them. */
export async function activitiesByIds(exec: Exec, who: Who, ids: number[]): Promise<ActivitySummary[]> {
  return (await activityRowsByIds(exec, who, [...new Set(ids)])).map(presentSummary);
}

type MyRow = {
  activity_id: number;
  title: string;
  type: string;
  school_name: string;
  starts_at: string | Date;
  ends_at: string | Date;
  role: 'participant' | 'trainer';
  method: 'qr' | 'manual';
  checked_at: string | Date;
  status: 'open' | 'closed' | 'withdrawn';
  hours: number | string;
};

/**
 * The activities a teacher took part in (as participant or trainer), newest first, with the hours
 * posted for each (net of reversals). `who` decides whether the caller may see that teacher.
 */
export async function teacherActivities(exec: Exec, who: Who, teacherId: number, year?: number) {
  const inYear = year ? sql` and ${inBeijingYear(sql`ra.ends_at`, year)}` : sql``;
  const list = await rows<MyRow>(
    exec,
    sql`select ra.id as activity_id, ra.title, ra.type, s.name as school_name, ra.starts_at, ra.ends_at, rp.role,
               rp.method, rp.checked_at, ra.status,
               coalesce((select sum(c.hours) from credit_ledger c
                         where c.teacher_id = rp.teacher_id and c.source = ${RESEARCH_SOURCE}
                           and c.source_ref = 'research-activity:' || ra.id), 0)::float8 as hours
        from research_participants rp
        join research_activities ra on ra.id = rp.activity_id
        join schools s on s.id = ra.school_id
        where rp.teacher_id = ${teacherId} and ${researchParticipantScope(who, 'rp')}${inYear}
        order by ra.starts_at desc, ra.id desc
        limit 500`,
  );
  return list.map((r) => ({
    activityId: r.activity_id,
    title: r.title,
    type: r.type,
    schoolName: r.school_name,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    role: r.role,
    method: r.method,
    checkedAt: iso(r.checked_at),
    status: r.status,
    hours: Number(r.hours),
  }));
}

const thisYear = () =>
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: PLAN_TIME_ZONE, year: 'numeric' }).format(new Date()));

/** The teacher's own page: activities of the year and the hours they brought. */
export async function myResearch(exec: Exec, user: CurrentUser, year?: number): Promise<MyResearch> {
  if (user.teacherId == null) throw forbidden('只有教师账号可以查看本人校本研修');
  const y = year ?? thisYear();
  const items = await teacherActivities(exec, user, user.teacherId, y);
  const counted = items.filter((i) => i.status === 'closed');
  return {
    year: y,
    items,
    totalHours: Math.round(items.reduce((a, i) => a + i.hours, 0) * 10) / 10,
    personTimes: counted.length,
  };
}
