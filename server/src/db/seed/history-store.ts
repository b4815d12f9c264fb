// Writes the demo county's training history (history.ts) inside the seed's transaction, the way
// the modules would have written it: projects, trainers, sessions, quotas, participations,
// attendance, certificates (SX-<year>-<region>-XXXXXX), the credit ledger ('project' postings with
// 'participation:<id>' refs; 'application' postings with 'application:<id>') and credit
// applications. Plain SQL, one unnest statement per table (chunked), no per-row round trips; no
// notifications (the demo starts with an empty inbox).
import { randomBytes } from 'node:crypto';
import { ACTIVITY_KIND_LABELS, type ActivityKind, PLAN_TIME_ZONE } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { certificateNumber } from '../../modules/certificates/certificates.service.js';
import { writeLedger } from '../../modules/credits/ledger-write.js';
import { ensureCategories } from '../../modules/projects/projects.repo.js';
import { intArray, rows, type Tx, textArray } from '../client.js';
import type { DemoCounty } from './county.js';
import type { DemoHistory } from './history.js';

export interface HistoryIds {
  regionId: number;
  /** Database ids in county.schools order. */
  schoolIds: number[];
  /** Database ids in county.teachers order. */
  teacherIds: number[];
  countyUserId: number;
  /** School admin user per school index (school1, school2). */
  schoolAdmins: Map<number, number>;
  /** The trainer1 account. */
  trainerUserId: number | null;
}

export interface HistorySummary {
  projects: number;
  sessions: number;
  participations: number;
  attendance: number;
  certificates: number;
  creditEntries: number;
  applications: number;
}

const CHUNK = 10_000;
const numericArray = (values: ReadonlyArray<number | null>) =>
  sql`${`{${values.map((v) => (v == null ? 'NULL' : String(v))).join(',')}}`}::numeric[]`;
const nullableIntArray = (values: ReadonlyArray<number | null>) =>
  sql`${`{${values.map((v) => (v == null ? 'NULL' : String(v))).join(',')}}`}::int[]`;
function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

export async function storeHistory(
  tx: Tx,
  county: DemoCounty,
  h: DemoHistory,
  ids: HistoryIds,
): Promise<HistorySummary> {
  const { regionId, countyUserId } = ids;
  const tz = PLAN_TIME_ZONE;
  await ensureCategories(tx, regionId);
  /**
   * A record's time as the modules would have written it, but never after the seed's "today":
   * projects and nominations of trainings that start weeks ahead were made before today, not
   * on a date still to come. `daysBefore` days before today at `clock` at the latest.
   */
  const noLaterThan = (when: SQL, daysBefore: number, clock: string) =>
    sql`least(${when}, (${h.today}::date - ${daysBefore}::int + ${clock}::time)::timestamp at time zone ${tz})`;

  // ----- trainers -----
  const trainerRows = await rows<{ id: number }>(
    tx,
    sql`insert into trainers (region_id, kind, teacher_id, user_id, name, organisation, title, expertise)
        select ${regionId}, v.kind, v.teacher_id, v.user_id, v.name, v.organisation, v.title, v.expertise
        from unnest(${textArray(h.trainers.map((t) => t.kind))},
                    ${nullableIntArray(h.trainers.map((t) => (t.teacher == null ? null : ids.teacherIds[t.teacher]!)))},
                    ${nullableIntArray(h.trainers.map((t) => (t.trainer1 ? ids.trainerUserId : null)))},
                    ${textArray(h.trainers.map((t) => t.name))}, ${textArray(h.trainers.map((t) => t.organisation))},
                    ${textArray(h.trainers.map((t) => t.title))}, ${textArray(h.trainers.map((t) => t.expertise))})
             with ordinality as v(kind, teacher_id, user_id, name, organisation, title, expertise, ord)
        order by v.ord
        returning id`,
  );
  // Ids follow the insert order (serial, one statement ordered by ord).
  const trainerIds = trainerRows.map((r) => r.id).sort((a, b) => a - b);

  // ----- projects -----
  const ps = h.projects;
  const projectRows = await rows<{ id: number }>(
    tx,
    sql`insert into projects (region_id, code, name, year, level, category, mode, organiser_type, organiser, school_id,
                              start_date, end_date, place, hours, capacity, enrol_mode, enrol_deadline, eligibility,
                              budget, description, status, upper_quota, source, created_by, created_at, updated_at)
        select ${regionId}, v.code, v.name, v.year, v.level, v.category, v.mode, v.organiser_type, v.organiser,
               v.school_id, v.start_date::date, v.end_date::date, v.place, v.hours, v.capacity, v.enrol_mode,
               v.enrol_deadline::timestamptz, v.eligibility::jsonb, v.budget, v.description, v.status, v.upper_quota,
               v.source, ${countyUserId},
               ${noLaterThan(sql`(v.start_date::date - 40)::timestamp at time zone ${tz}`, 20, '09:00')},
               ${noLaterThan(
                 sql`(case when v.status = 'closed' then v.end_date::date + 3 else v.start_date::date - 30 end)::timestamp
                       at time zone ${tz}`,
                 1,
                 '17:00',
               )}
        from unnest(${textArray(ps.map((p) => p.code))}, ${textArray(ps.map((p) => p.name))},
                    ${intArray(ps.map((p) => p.year))}, ${textArray(ps.map((p) => p.level))},
                    ${textArray(ps.map((p) => p.category))}, ${textArray(ps.map((p) => p.mode))},
                    ${textArray(ps.map((p) => p.organiserType))}, ${textArray(ps.map((p) => p.organiser))},
                    ${nullableIntArray(ps.map((p) => (p.school == null ? null : ids.schoolIds[p.school]!)))},
                    ${textArray(ps.map((p) => p.startDate))}, ${textArray(ps.map((p) => p.endDate))},
                    ${textArray(ps.map((p) => p.place))}, ${numericArray(ps.map((p) => p.hours))},
                    ${nullableIntArray(ps.map((p) => p.capacity))}, ${textArray(ps.map((p) => p.enrolMode))},
                    ${textArray(ps.map((p) => p.enrolDeadline))}, ${textArray(ps.map((p) => JSON.stringify(p.eligibility)))},
                    ${numericArray(ps.map((p) => p.budget))}, ${textArray(ps.map((p) => p.description))},
                    ${textArray(ps.map((p) => p.status))}, ${nullableIntArray(ps.map((p) => p.upperQuota))},
                    ${textArray(ps.map((p) => p.source))})
             with ordinality as v(code, name, year, level, category, mode, organiser_type, organiser, school_id,
                                  start_date, end_date, place, hours, capacity, enrol_mode, enrol_deadline, eligibility,
                                  budget, description, status, upper_quota, source, ord)
        order by v.ord
        returning id`,
  );
  const projectIds = projectRows.map((r) => r.id).sort((a, b) => a - b);
  if (projectIds.length !== ps.length) throw new Error('demo history: projects were not all stored');

  const links = ps.flatMap((p, pi) => p.trainers.map((t) => [projectIds[pi]!, trainerIds[t]!] as const));
  if (links.length) {
    await tx.execute(
      sql`insert into project_trainers (project_id, trainer_id, role)
          select v.p, v.t, '主讲' from unnest(${intArray(links.map((l) => l[0]))}, ${intArray(links.map((l) => l[1]))}) as v(p, t)
          on conflict do nothing`,
    );
  }

  // ----- sessions -----
  const ss = h.sessions;
  const sessionRows = await rows<{ id: number }>(
    tx,
    sql`insert into project_sessions (region_id, project_id, starts_at, ends_at, topic, trainer_id, room, qr_secret,
                                      created_at)
        select ${regionId}, v.project_id, v.starts_at::timestamptz, v.ends_at::timestamptz, v.topic, v.trainer_id, v.room,
               v.qr_secret, ${noLaterThan(sql`v.starts_at::timestamptz - interval '20 days'`, 3, '10:00')}
        from unnest(${intArray(ss.map((s) => projectIds[s.project]!))}, ${textArray(ss.map((s) => s.startsAt))},
                    ${textArray(ss.map((s) => s.endsAt))}, ${textArray(ss.map((s) => s.topic))},
                    ${nullableIntArray(ss.map((s) => (s.trainer == null ? null : trainerIds[s.trainer]!)))},
                    ${textArray(ss.map((s) => s.room))},
                    ${textArray(ss.map(() => randomBytes(32).toString('base64url')))})
             with ordinality as v(project_id, starts_at, ends_at, topic, trainer_id, room, qr_secret, ord)
        order by v.ord
        returning id`,
  );
  const sessionIds = sessionRows.map((r) => r.id).sort((a, b) => a - b);

  // ----- quotas -----
  if (h.quotas.length) {
    await tx.execute(
      sql`insert into project_quotas (project_id, school_id, region_id, quota)
          select v.p, v.s, ${regionId}, v.q
          from unnest(${intArray(h.quotas.map((q) => projectIds[q.project]!))},
                      ${intArray(h.quotas.map((q) => ids.schoolIds[q.school]!))},
                      ${intArray(h.quotas.map((q) => q.quota))}) as v(p, s, q)`,
    );
  }

  // ----- participations -----
  const admins = [...ids.schoolAdmins.entries()];
  const adminOf = sql`(case v.school_id ${sql.join(
    admins.map(([si, uid]) => sql`when ${ids.schoolIds[si]!}::int then ${uid}::int`),
    sql` `,
  )} else null end)`;
  const participationIds: number[] = [];
  for (const batch of chunks(h.participations, CHUNK)) {
    const inserted = await rows<{ id: number }>(
      tx,
      sql`insert into participations (region_id, project_id, teacher_id, school_id, source, status, nominated_by,
                                      reviewed_by, reviewed_at, score, result, external_certificate_no, assessed_by,
                                      assessed_at, completed_at, created_at, updated_at)
          select ${regionId}, v.project_id, v.teacher_id, v.school_id, v.source, v.status,
                 case when v.source = 'nomination' then coalesce(${adminOf}, ${countyUserId}) end,
                 case when v.source = 'nomination' and v.status <> 'nominated' then ${countyUserId}::int end,
                 case when v.source = 'nomination' and v.status <> 'nominated'
                      then ${noLaterThan(sql`(pr.start_date - 6 + time '10:00')::timestamp at time zone ${tz}`, 1, '10:00')} end,
                 v.score, v.result, v.ext_no,
                 case when v.result is not null then ${countyUserId}::int end,
                 case when v.result is not null
                      then (least(pr.end_date + 1, current_date) + time '16:00')::timestamp at time zone ${tz} end,
                 case when v.status = 'completed' then
                   (case when v.source = 'import' then pr.end_date::timestamp
                         else pr.end_date + 2 + time '17:00' end) at time zone ${tz} end,
                 ${noLaterThan(
                   sql`(case when v.source = 'import' then pr.end_date + 20 else pr.start_date - 14 end + time '09:00')::timestamp
                     at time zone ${tz}`,
                   3,
                   '09:00',
                 )},
                 ${noLaterThan(
                   sql`(case when v.status in ('completed', 'failed') then pr.end_date + 2 + time '17:00'
                         else pr.start_date - 12 + time '09:00' end)::timestamp at time zone ${tz}`,
                   1,
                   '11:00',
                 )}
          from unnest(${intArray(batch.map((p) => projectIds[p.project]!))},
                      ${intArray(batch.map((p) => ids.teacherIds[p.teacher]!))},
                      ${intArray(batch.map((p) => ids.schoolIds[county.teachers[p.teacher]!.school]!))},
                      ${textArray(batch.map((p) => p.source))}, ${textArray(batch.map((p) => p.status))},
                      ${numericArray(batch.map((p) => p.score))}, ${textArray(batch.map((p) => p.result))},
                      ${textArray(batch.map((p) => p.externalCertificateNo))})
               with ordinality as v(project_id, teacher_id, school_id, source, status, score, result, ext_no, ord)
          join projects pr on pr.id = v.project_id
          order by v.ord
          returning id`,
    );
    participationIds.push(...inserted.map((r) => r.id).sort((a, b) => a - b));
  }
  if (participationIds.length !== h.participations.length) throw new Error('demo history: participations missing');

  // ----- attendance -----
  for (const batch of chunks(h.attendance, CHUNK)) {
    await tx.execute(
      sql`insert into attendance (region_id, session_id, participation_id, teacher_id, status, method, checked_at,
                                  marked_by, reason)
          select ${regionId}, v.session_id, v.participation_id, v.teacher_id, v.status,
                 case v.status when 'present' then 'qr' when 'late' then 'qr' when 'leave' then 'leave' else 'manual' end,
                 s.starts_at + case v.status when 'present' then interval '-6 minutes'
                                             when 'late' then interval '17 minutes'
                                             else interval '0 minutes' end,
                 case when v.status in ('absent', 'leave') then ${countyUserId}::int end,
                 case v.status when 'leave' then '事假（已批准）' end
          from unnest(${intArray(batch.map((a) => sessionIds[a.session]!))},
                      ${intArray(batch.map((a) => participationIds[a.participation]!))},
                      ${intArray(batch.map((a) => ids.teacherIds[h.participations[a.participation]!.teacher]!))},
                      ${textArray(batch.map((a) => a.status))}) as v(session_id, participation_id, teacher_id, status)
          join project_sessions s on s.id = v.session_id`,
    );
  }

  // ----- certificates: completions of the county's own courses (upper levels carry their own number;
  // the 校本研修 and the online courses were closed without certificates, as completeProject allows) -----
  const certified = h.participations.flatMap((p, i) =>
    p.status === 'completed' && ps[p.project]!.organiserType === 'county' && ps[p.project]!.mode !== '网络远程'
      ? [i]
      : [],
  );
  const numbers = new Set<string>();
  const certNumbers = certified.map((i) => {
    const year = ps[h.participations[i]!.project]!.year;
    let n = certificateNumber(year, regionId);
    while (numbers.has(n)) n = certificateNumber(year, regionId);
    numbers.add(n);
    return n;
  });
  let certificates = 0;
  for (let k = 0; k < certified.length; k += CHUNK) {
    const part = certified.slice(k, k + CHUNK);
    const inserted = await rows<{ id: number }>(
      tx,
      sql`insert into certificates (region_id, number, participation_id, teacher_id, project_id, hours, issuer, issued_at,
                                    issued_by)
          select pa.region_id, v.number, pa.id, pa.teacher_id, pr.id, pr.hours,
                 coalesce(nullif(btrim(pr.organiser), ''), sc.name, rg.name || '教师发展中心'), pa.completed_at,
                 ${countyUserId}
          from unnest(${intArray(part.map((i) => participationIds[i]!))}, ${textArray(certNumbers.slice(k, k + CHUNK))})
               as v(pid, number)
          join participations pa on pa.id = v.pid
          join projects pr on pr.id = pa.project_id
          join regions rg on rg.id = pr.region_id
          left join schools sc on sc.id = pr.school_id
          returning id`,
    );
    certificates += inserted.length;
  }

  // ----- the credit ledger: one 'project' posting per completion (as postProjectCredit writes it) -----
  const posted = await writeLedger(tx, {
    columns: [
      'region_id',
      'teacher_id',
      'source',
      'source_ref',
      'category',
      'level',
      'mode',
      'hours',
      'occurred_on',
      'note',
      'approved_by',
      'created_by',
      'created_at',
    ],
    select: sql`select pa.region_id, pa.teacher_id, 'project', 'participation:' || pa.id, pr.category, pr.level, pr.mode,
                       pr.hours, pr.end_date, '完成培训项目《' || pr.name || '》', ${countyUserId}::int, ${countyUserId}::int,
                       pa.completed_at
                from participations pa
                join projects pr on pr.id = pa.project_id
                where pa.region_id = ${regionId} and pa.status = 'completed'
                order by pa.id`,
  });

  // ----- credit applications (学时申报) -----
  const apps = h.applications;
  const school1Admin = ids.schoolAdmins.get(county.school1) ?? null;
  let creditEntries = posted.length;
  if (apps.length) {
    await tx.execute(
      sql`insert into credit_applications (region_id, teacher_id, school_id, kind, title, occurred_on, level, quantity,
                                           claimed_hours, granted_hours, description, status, school_reviewed_by,
                                           school_reviewed_at, decided_by, decided_at, return_reason, returned_by,
                                           submitted_at, created_by, created_at, updated_at)
          select ${regionId}, t.id, t.school_id, v.kind, v.title, v.occurred_on::date, v.level, v.quantity,
                 v.claimed, v.granted, v.description, v.status,
                 case when v.status in ('school_passed', 'approved') or v.returned_by = 'school'
                      then ${school1Admin}::int end,
                 case when v.status in ('school_passed', 'approved') or v.returned_by = 'school'
                      then v.submitted + interval '2 days' end,
                 case when v.status = 'approved' then ${countyUserId}::int end,
                 case when v.status = 'approved' then v.submitted + interval '5 days' end,
                 v.reason, v.returned_by, v.submitted, u.id, v.submitted,
                 v.submitted + case v.status when 'pending' then interval '0 days' when 'school_passed' then interval '2 days'
                                             else interval '5 days' end
          from unnest(${intArray(apps.map((a) => ids.teacherIds[a.teacher]!))}, ${textArray(apps.map((a) => a.kind))},
                      ${textArray(apps.map((a) => a.title))}, ${textArray(apps.map((a) => a.occurredOn))},
                      ${textArray(apps.map((a) => a.level))}, ${numericArray(apps.map((a) => a.quantity))},
                      ${numericArray(apps.map((a) => a.claimedHours))}, ${numericArray(apps.map((a) => a.grantedHours))},
                      ${textArray(apps.map((a) => a.description))}, ${textArray(apps.map((a) => a.status))},
                      ${textArray(apps.map((a) => a.returnReason))}, ${textArray(apps.map((a) => a.returnedBy))},
                      ${textArray(apps.map((a) => submittedAt(a.occurredOn, h.today)))}::timestamptz[])
               with ordinality as v(teacher_id, kind, title, occurred_on, level, quantity, claimed, granted, description,
                                    status, reason, returned_by, submitted, ord)
          join teachers t on t.id = v.teacher_id
          join users u on u.teacher_id = t.id
          order by v.ord`,
    );
    const labels = sql`(case a.kind ${sql.join(
      (Object.entries(ACTIVITY_KIND_LABELS) as Array<[ActivityKind, string]>).map(
        ([k, l]) => sql`when ${k}::text then ${l}::text`,
      ),
      sql` `,
    )} else a.kind end)`;
    const entries = await writeLedger(tx, {
      columns: [
        'region_id',
        'teacher_id',
        'source',
        'source_ref',
        'category',
        'level',
        'hours',
        'occurred_on',
        'note',
        'evidence',
        'approved_by',
        'created_by',
        'created_at',
      ],
      select: sql`select a.region_id, a.teacher_id, 'application', 'application:' || a.id, a.kind, a.level,
                         a.granted_hours, a.occurred_on, '学时申报：' || ${labels} || '《' || a.title || '》',
                         'credit_application:' || a.id, ${countyUserId}::int, ${countyUserId}::int, a.decided_at
                  from credit_applications a
                  where a.region_id = ${regionId} and a.status = 'approved'`,
    });
    await tx.execute(
      sql`update credit_applications a set ledger_id = v.id
          from unnest(${intArray(entries.map((e) => e.id))}, ${textArray(entries.map((e) => e.sourceRef))}) as v(id, ref)
          where v.ref = 'application:' || a.id`,
    );
    creditEntries += entries.length;
  }

  return {
    projects: projectIds.length,
    sessions: sessionIds.length,
    participations: participationIds.length,
    attendance: h.attendance.length,
    certificates,
    creditEntries,
    applications: apps.length,
  };
}

/** Submitted a few days after the activity, never after today. */
function submittedAt(occurredOn: string, today: string): string {
  const d = new Date(`${occurredOn}T10:00:00+08:00`);
  d.setUTCDate(d.getUTCDate() + 5);
  const cap = new Date(`${today}T09:00:00+08:00`);
  return (d < cap ? d : cap).toISOString();
}
