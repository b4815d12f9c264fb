// All SQL of research activities: the activity row (with its flags against 虚假式研修), lists,
// participants, the teachers expected to take part, and the stamped evidence.
import type { ActivityListQuery } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { researchActivityScope, schoolScope, type Who } from '../../access/scope.js';
import { type Exec, intArray, one, rows, textArray } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { likeEscape, offsetOf } from '../../http/pagination.js';

/** The owner kind of an activity's evidence in the attachments registry. */
export const EVIDENCE_OWNER = 'research_activity';

/** `[Y-01-01, Y+1-01-01)` in Beijing time, on an instant column. */
export const inBeijingYear = (col: SQL, year: number) =>
  sql`(${col} >= ${`${year}-01-01T00:00:00+08:00`}::timestamptz and ${col} < ${`${year + 1}-01-01T00:00:00+08:00`}::timestamptz)`;

/** The county's late-after days for an activity aliased `ra` (7 until the county saves its own). */
const lateDays = sql`coalesce((select st.late_after_days from research_settings st where st.region_id = ra.region_id), 7)`;

export type ActivityRow = {
  id: number;
  region_id: number;
  school_id: number;
  school_name: string;
  title: string;
  type: string;
  place: string | null;
  host: string | null;
  description: string | null;
  starts_at: string | Date;
  ends_at: string | Date;
  hours: number | string;
  school_ids: number[];
  subjects: string[];
  stages: string[];
  consortium_id: number | null;
  consortium_name: string | null;
  outreach_id: number | null;
  outreach_title: string | null;
  outreach_stages: unknown;
  target_school_id: number | null;
  stage_no: number | null;
  qr_secret: string;
  status: 'open' | 'closed' | 'withdrawn';
  recorded_late: boolean;
  no_evidence: boolean;
  late_evidence: boolean;
  participants: number;
  evidence: number;
  spot_check: 'pending' | 'passed' | 'failed' | null;
  created_at: string | Date;
  created_by_name: string | null;
  closed_at: string | Date | null;
  withdraw_reason: string | null;
  confirmed_at: string | Date | null;
  confirm_note: string | null;
};

/** The columns every activity view needs (`ra` joined to its host school `s`). */
const COLUMNS = sql`ra.id, ra.region_id, ra.school_id, s.name as school_name, ra.title, ra.type, ra.place, ra.host,
  ra.description, ra.starts_at, ra.ends_at, ra.hours::float8 as hours, ra.school_ids, ra.subjects, ra.stages,
  ra.consortium_id, c.name as consortium_name, ra.outreach_id, o.title as outreach_title, o.stages as outreach_stages,
  o.target_school_id, ra.stage_no, ra.qr_secret, ra.status, ra.recorded_late,
  not exists (select 1 from attachments ev where ev.owner_kind = ${EVIDENCE_OWNER} and ev.owner_id = ra.id) as no_evidence,
  exists (select 1 from attachments ev where ev.owner_kind = ${EVIDENCE_OWNER} and ev.owner_id = ra.id
          and ev.created_at > ra.ends_at + make_interval(days => ${lateDays})) as late_evidence,
  (select count(*) from research_participants p where p.activity_id = ra.id)::int as participants,
  (select count(*) from attachments ev where ev.owner_kind = ${EVIDENCE_OWNER} and ev.owner_id = ra.id)::int as evidence,
  (select sc.verdict from research_spot_checks sc where sc.activity_id = ra.id order by sc.id desc limit 1) as spot_check,
  ra.created_at, cu.display_name as created_by_name, ra.closed_at, ra.withdraw_reason, ra.confirmed_at, ra.confirm_note`;

const FROM = sql`from research_activities ra
  join schools s on s.id = ra.school_id
  left join consortia c on c.id = ra.consortium_id
  left join research_outreach o on o.id = ra.outreach_id
  left join users cu on cu.id = ra.created_by`;

/** One activity the caller may see (undefined otherwise); `lock` takes the row for an update. */
export async function findActivity(exec: Exec, user: Who, id: number, lock = false) {
  if (lock) {
    const locked = await one<{ id: number }>(
      exec,
      sql`select ra.id from research_activities ra where ra.id = ${id} and ${researchActivityScope(user, 'ra')} for update`,
    );
    if (!locked) return undefined;
  }
  return one<ActivityRow>(
    exec,
    sql`select ${COLUMNS} ${FROM} where ra.id = ${id} and ${researchActivityScope(user, 'ra')}`,
  );
}

/** Activities by id, already scoped by the caller (for 送教下乡 stages and other modules' links). */
export async function activitiesByIds(exec: Exec, user: Who, ids: number[]) {
  if (!ids.length) return [];
  return rows<ActivityRow>(
    exec,
    sql`select ${COLUMNS} ${FROM}
        where ra.id = any(${intArray(ids)}) and ${researchActivityScope(user, 'ra')}
        order by ra.starts_at, ra.id`,
  );
}

function listWhere(user: CurrentUser, q: Omit<ActivityListQuery, 'page' | 'pageSize'>): SQL {
  const conds: SQL[] = [researchActivityScope(user, 'ra')];
  if (q.year) conds.push(inBeijingYear(sql`ra.ends_at`, q.year));
  if (q.schoolId) conds.push(sql`${q.schoolId}::int = any(ra.school_ids)`);
  if (q.areaId) conds.push(sql`s.area_id = ${q.areaId}`);
  if (q.consortiumId) conds.push(sql`(ra.consortium_id = ${q.consortiumId} or s.consortium_id = ${q.consortiumId})`);
  if (q.type) conds.push(sql`ra.type = ${q.type}`);
  if (q.status) conds.push(sql`ra.status = ${q.status}`);
  if (q.kind === 'activity') conds.push(sql`ra.outreach_id is null and ra.consortium_id is null`);
  if (q.kind === 'showcase') conds.push(sql`ra.consortium_id is not null`);
  if (q.kind === 'outreach') conds.push(sql`ra.outreach_id is not null`);
  if (q.q) conds.push(sql`ra.title ilike ${`%${likeEscape(q.q)}%`}`);
  return sql.join(conds, sql` and `);
}

/** A page of activities (newest first); `flagged` filters on the computed flags. */
export async function listActivities(exec: Exec, user: CurrentUser, q: ActivityListQuery) {
  const flagged = q.flagged ? sql`where x.recorded_late or x.no_evidence or x.late_evidence` : sql``;
  const list = await rows<ActivityRow & { total: number }>(
    exec,
    sql`select x.*, count(*) over ()::int as total from (
          select ${COLUMNS} ${FROM} where ${listWhere(user, q)}
        ) x ${flagged}
        order by x.starts_at desc, x.id desc
        limit ${q.pageSize} offset ${offsetOf(q)}`,
  );
  let total = list[0]?.total ?? 0;
  if (!list.length && q.page > 1) {
    total =
      (
        await one<{ n: number }>(
          exec,
          sql`select count(*)::int as n from (select ${COLUMNS} ${FROM} where ${listWhere(user, q)}) x ${flagged}`,
        )
      )?.n ?? 0;
  }
  return { list, total };
}

// ---------- who takes part ----------

/**
 * The active teachers an activity is for: of its schools (a 送教下乡 stage: the receiving ones), narrowed
 * to its subjects and stages (a teaching-research group). `t` aliases teachers, `sc` their school.
 */
export function audienceSql(
  a: Pick<ActivityRow, 'school_ids' | 'subjects' | 'stages' | 'region_id' | 'school_id' | 'outreach_id'>,
): SQL {
  // A 送教下乡 stage is for the receiving school's teachers (the sender is among its schools only so
  // that it sees the stage); the teachers sent are marked by hand, as trainers.
  const receiving = a.outreach_id != null ? a.school_ids.filter((id) => id !== a.school_id) : [];
  const conds: SQL[] = [
    sql`t.region_id = ${a.region_id}`,
    sql`t.status = '在职'`,
    sql`t.school_id = any(${intArray(receiving.length ? receiving : a.school_ids)})`,
  ];
  if (a.subjects.length) conds.push(sql`t.subject = any(${textArray(a.subjects)})`);
  if (a.stages.length) conds.push(sql`t.stage = any(${textArray(a.stages)})`);
  return sql.join(conds, sql` and `);
}

export async function expectedCount(exec: Exec, a: ActivityRow): Promise<number> {
  const r = await one<{ n: number }>(exec, sql`select count(*)::int as n from teachers t where ${audienceSql(a)}`);
  return r?.n ?? 0;
}

export type ParticipantRow = {
  teacher_id: number;
  teacher_name: string;
  school_id: number;
  school_name: string;
  subject: string;
  role: 'participant' | 'trainer';
  status: 'present' | 'late';
  method: 'qr' | 'manual';
  checked_at: string | Date;
  reason: string | null;
  total: number;
};

/** Participants of an activity, `visible` narrowing them to the rows the caller may read. */
export async function listParticipants(
  exec: Exec,
  activityId: number,
  visible: SQL,
  q: { page: number; pageSize: number; q?: string },
) {
  const search = q.q ? sql` and t.name ilike ${`%${likeEscape(q.q)}%`}` : sql``;
  return rows<ParticipantRow>(
    exec,
    sql`select rp.teacher_id, t.name as teacher_name, rp.school_id, s.name as school_name, t.subject, rp.role,
               rp.status, rp.method, rp.checked_at, rp.reason, count(*) over ()::int as total
        from research_participants rp
        join teachers t on t.id = rp.teacher_id
        join schools s on s.id = rp.school_id
        where rp.activity_id = ${activityId} and ${visible}${search}
        order by rp.role desc, s.name, t.name, rp.teacher_id
        limit ${q.pageSize} offset ${offsetOf(q)}`,
  );
}

/** Teachers of the audience not yet taking part (the host's marking list). */
export async function listCandidates(exec: Exec, a: ActivityRow, q: { page: number; pageSize: number; q?: string }) {
  const search = q.q ? sql` and t.name ilike ${`%${likeEscape(q.q)}%`}` : sql``;
  return rows<{
    id: number;
    name: string;
    school_id: number;
    school_name: string;
    subject: string;
    stage: string;
    total: number;
  }>(
    exec,
    sql`select t.id, t.name, t.school_id, sc.name as school_name, t.subject, t.stage, count(*) over ()::int as total
        from teachers t join schools sc on sc.id = t.school_id
        where ${audienceSql(a)}${search}
          and not exists (select 1 from research_participants rp where rp.activity_id = ${a.id} and rp.teacher_id = t.id)
        order by sc.name, t.name, t.id
        limit ${q.pageSize} offset ${offsetOf(q)}`,
  );
}

/** The schools of an activity by name, in its order. */
export async function schoolNames(exec: Exec, ids: number[]): Promise<string[]> {
  if (!ids.length) return [];
  const list = await rows<{ id: number; name: string }>(
    exec,
    sql`select id, name from schools where id = any(${intArray(ids)})`,
  );
  const byId = new Map(list.map((r) => [r.id, r.name]));
  return ids.map((id) => byId.get(id) ?? `#${id}`);
}

/** The schools of `ids` in the caller's county (ids outside it are missing from the answer). */
export async function countySchools(exec: Exec, user: CurrentUser, ids: number[]) {
  if (!ids.length) return [];
  return rows<{ id: number; name: string; consortium_id: number | null; in_scope: boolean }>(
    exec,
    sql`select s.id, s.name, s.consortium_id, ${schoolScope(user, 's')} as in_scope
        from schools s where s.id = any(${intArray(ids)}) and s.region_id = ${user.regionId}`,
  );
}

export type EvidenceRow = {
  id: number;
  filename: string;
  mime: string;
  size: number;
  created_at: string | Date;
  uploaded_by: string;
  late: boolean;
};

/** The activity's files with who uploaded them and when (evidence against 虚假式研修). */
export async function evidenceOf(exec: Exec, activityId: number) {
  return rows<EvidenceRow>(
    exec,
    sql`select a.id, a.filename, a.mime, a.size, a.created_at, coalesce(u.display_name, '—') as uploaded_by,
               a.created_at > ra.ends_at + make_interval(days => ${lateDays}) as late
        from attachments a
        join research_activities ra on ra.id = a.owner_id
        left join users u on u.id = a.uploaded_by
        where a.owner_kind = ${EVIDENCE_OWNER} and a.owner_id = ${activityId}
        order by a.created_at, a.id`,
  );
}
