// Compliance at a glance (校本研修达标情况) for one calendar year: per school — plan and summary,
// activities held, person-times, hours, spot checks; per consortium — joint showcases against the
// county's "at least N a year"; per core school — 送教下乡 done. The year-end evaluation reads these
// figures through complianceFigures (docs/metrics.md defines each one).
import {
  type Compliance,
  type ComplianceConsortium,
  type ComplianceCoreSchool,
  type ComplianceSchool,
  PLAN_SUBMITTED,
  READING_SALON_TYPE,
  type ResearchPlanStatus,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import {
  consortiumScope,
  county,
  creditEntryScope,
  outreachScope,
  researchActivityScope,
  schoolScope,
  spotCheckScope,
  teacherScope,
  type Who,
} from '../../access/scope.js';
import { type Exec, rows } from '../../db/client.js';
import { notFound } from '../../http/errors.js';
import { isoOrNull } from './activities.presenter.js';
import { EVIDENCE_OWNER, inBeijingYear } from './activities.repo.js';
import { RESEARCH_SOURCE } from './close-activity.js';
import { loadSettings } from './settings.service.js';

const regionOf = (who: Who) => ('county' in who ? who.county : who.regionId);

type SchoolRow = {
  school_id: number;
  school_name: string;
  area_name: string;
  consortium_name: string | null;
  plan_status: Exclude<ResearchPlanStatus, 'none'> | null;
  summary_status: Exclude<ResearchPlanStatus, 'none'> | null;
  activities: number;
  flagged: number;
  person_times: number;
  teachers_taking_part: number;
  teacher_count: number;
  hours: number | string;
  passed: number;
  failed: number;
  salons: number;
};

/**
 * The figures of one year for the schools in `who`'s scope (narrowed by area or consortium). Pass
 * `county(regionId)` for the whole county (the year-end evaluation), or the signed-in user.
 */
export async function complianceFigures(
  exec: Exec,
  who: Who,
  q: { year: number; areaId?: number; consortiumId?: number },
): Promise<Compliance> {
  const y = q.year;
  const regionId = regionOf(who);
  const conds: SQL[] = [schoolScope(who, 's')];
  if (q.areaId) conds.push(sql`s.area_id = ${q.areaId}`);
  if (q.consortiumId) conds.push(sql`s.consortium_id = ${q.consortiumId}`);
  const where = sql.join(conds, sql` and `);
  const settings = await loadSettings(exec, regionId);
  const inYear = inBeijingYear(sql`ra.ends_at`, y);
  const lateDays = settings.lateAfterDays;
  const all = county(regionId);
  const list = await rows<SchoolRow>(
    exec,
    sql`with sc as (select s.id, s.name, s.area_id, s.consortium_id from schools s where ${where}),
        held as (
          select ra.id, ra.school_id, ra.type, ra.outreach_id,
                 (ra.recorded_late
                  or not exists (select 1 from attachments ev where ev.owner_kind = ${EVIDENCE_OWNER} and ev.owner_id = ra.id)
                  or exists (select 1 from attachments ev where ev.owner_kind = ${EVIDENCE_OWNER} and ev.owner_id = ra.id
                             and ev.created_at > ra.ends_at + make_interval(days => ${lateDays}))) as flagged
          from research_activities ra
          where ${researchActivityScope(all, 'ra')} and ra.status = 'closed' and ${inYear}
        ),
        own as (
          select school_id, count(*)::int as activities, count(*) filter (where flagged)::int as flagged,
                 count(*) filter (where type = ${READING_SALON_TYPE})::int as salons
          from held where outreach_id is null group by school_id
        ),
        pt as (
          -- Teachers taking part are counted among the school's active teachers (the rate's denominator):
          -- someone who left or retired since still counts in the person-times.
          select rp.school_id, count(*)::int as person_times,
                 count(distinct rp.teacher_id) filter (where t.status = '在职' and t.school_id = rp.school_id)::int as teachers
          from research_participants rp join teachers t on t.id = rp.teacher_id
          where rp.activity_id in (select id from held) group by rp.school_id
        ),
        hrs as (
          select rp.school_id, sum(c.hours)::float8 as hours
          from credit_ledger c
          join research_participants rp on rp.teacher_id = c.teacher_id
               and c.source_ref = 'research-activity:' || rp.activity_id
          where ${creditEntryScope(all, 'c')} and c.source = ${RESEARCH_SOURCE}
            and c.occurred_on >= ${`${y}-01-01`}::date and c.occurred_on < ${`${y + 1}-01-01`}::date
          group by rp.school_id
        ),
        checks as (
          select ra.school_id, count(*) filter (where sc2.verdict = 'passed')::int as passed,
                 count(*) filter (where sc2.verdict = 'failed')::int as failed
          from research_spot_checks sc2 join research_activities ra on ra.id = sc2.activity_id
          where ${spotCheckScope(all, 'sc2')} and ${inYear}
          group by ra.school_id
        ),
        tc as (
          select t.school_id, count(*)::int as n from teachers t
          where ${teacherScope(all, 't')} and t.status = '在职' and t.school_id in (select id from sc)
          group by t.school_id
        )
        select sc.id as school_id, sc.name as school_name, a.name as area_name, c.name as consortium_name,
               pl.status as plan_status, sm.status as summary_status,
               coalesce(own.activities, 0) as activities, coalesce(own.flagged, 0) as flagged,
               coalesce(pt.person_times, 0) as person_times, coalesce(pt.teachers, 0) as teachers_taking_part,
               coalesce(tc.n, 0) as teacher_count, coalesce(hrs.hours, 0) as hours,
               coalesce(checks.passed, 0) as passed, coalesce(checks.failed, 0) as failed,
               coalesce(own.salons, 0) as salons
        from sc
        join areas a on a.id = sc.area_id
        left join consortia c on c.id = sc.consortium_id
        left join research_plans pl on pl.school_id = sc.id and pl.school_year = ${y} and pl.kind = 'plan'
        left join research_plans sm on sm.school_id = sc.id and sm.school_year = ${y - 1} and sm.kind = 'summary'
        left join own on own.school_id = sc.id
        left join pt on pt.school_id = sc.id
        left join hrs on hrs.school_id = sc.id
        left join checks on checks.school_id = sc.id
        left join tc on tc.school_id = sc.id
        order by a.name, a.id, sc.name, sc.id`,
  );
  if (!list.length && (q.areaId || q.consortiumId)) throw notFound('所选范围');

  const schools: ComplianceSchool[] = list.map((r) => ({
    schoolId: r.school_id,
    schoolName: r.school_name,
    areaName: r.area_name,
    consortiumName: r.consortium_name,
    planStatus: r.plan_status ?? 'none',
    summaryStatus: r.summary_status ?? 'none',
    activities: r.activities,
    flagged: r.flagged,
    personTimes: r.person_times,
    teachersTakingPart: r.teachers_taking_part,
    teacherCount: r.teacher_count,
    hours: Math.round(Number(r.hours) * 10) / 10,
    spotChecksPassed: r.passed,
    spotChecksFailed: r.failed,
    readingSalons: r.salons,
  }));

  const consortia = await rows<{
    id: number;
    name: string;
    core_school_name: string | null;
    held: number;
    with_evidence: number;
    last_held: string | Date | null;
  }>(
    exec,
    sql`select c.id, c.name, cs.name as core_school_name,
               count(ra.id)::int as held,
               count(ra.id) filter (where exists (select 1 from attachments ev
                 where ev.owner_kind = ${EVIDENCE_OWNER} and ev.owner_id = ra.id))::int as with_evidence,
               max(ra.ends_at) as last_held
        from consortia c
        left join schools cs on cs.id = c.core_school_id
        left join research_activities ra on ra.consortium_id = c.id and ra.status = 'closed' and ${inYear}
        where ${consortiumScope(all, 'c')} and exists (select 1 from schools s where s.consortium_id = c.id and ${where})
        group by c.id, c.name, cs.name
        order by c.name, c.id`,
  );
  const consortiumRows: ComplianceConsortium[] = consortia.map((c) => ({
    consortiumId: c.id,
    consortiumName: c.name,
    coreSchoolName: c.core_school_name,
    required: settings.showcasesPerYear,
    held: c.held,
    withEvidence: c.with_evidence,
    behind: c.held < settings.showcasesPerYear,
    lastHeldAt: isoOrNull(c.last_held),
  }));

  const cores = await rows<{ id: number; name: string; consortium_name: string; done: number; in_progress: number }>(
    exec,
    sql`with o as (
          select o.school_id,
                 ((select count(*) from research_activities st where st.outreach_id = o.id and st.status = 'closed'
                     and st.confirmed_at is not null) >= jsonb_array_length(o.stages)) as done
          from research_outreach o where ${outreachScope(all, 'o')} and o.year = ${y} and o.school_id is not null
        )
        select s.id, s.name, min(c.name) as consortium_name,
               (select count(*) from o where o.school_id = s.id and o.done)::int as done,
               (select count(*) from o where o.school_id = s.id and not o.done)::int as in_progress
        from schools s join consortia c on c.core_school_id = s.id
        where ${where}
        group by s.id, s.name
        order by s.name, s.id`,
  );
  const coreRows: ComplianceCoreSchool[] = cores.map((c) => ({
    schoolId: c.id,
    schoolName: c.name,
    consortiumName: c.consortium_name,
    required: settings.outreachPerYear,
    done: c.done,
    inProgress: c.in_progress,
    behind: c.done < settings.outreachPerYear,
  }));

  const sum = (f: (s: ComplianceSchool) => number) => schools.reduce((a, s) => a + f(s), 0);
  const submitted = (st: ResearchPlanStatus) => PLAN_SUBMITTED.includes(st);
  return {
    year: y,
    schools,
    consortia: consortiumRows,
    coreSchools: coreRows,
    totals: {
      schools: schools.length,
      planSubmitted: schools.filter((s) => submitted(s.planStatus)).length,
      summarySubmitted: schools.filter((s) => submitted(s.summaryStatus)).length,
      activities: sum((s) => s.activities),
      personTimes: sum((s) => s.personTimes),
      hours: Math.round(sum((s) => s.hours) * 10) / 10,
      spotChecksPassed: sum((s) => s.spotChecksPassed),
      spotChecksFailed: sum((s) => s.spotChecksFailed),
      consortiaBehind: consortiumRows.filter((c) => c.behind).length,
      coreSchoolsBehind: coreRows.filter((c) => c.behind).length,
    },
  };
}
