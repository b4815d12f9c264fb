// 送培率 (quota filled): of the places the county allocated to a school in the year's projects
// (project_quotas, projects ending in the year), how many the school filled — participations at the
// school holding a place (enrolled, completed, failed), at most the quota per project (a project
// over-filled does not make up for another). One grouped query per county and year.
import { type SQL, sql } from 'drizzle-orm';
import { county, participationScope, projectScope } from '../../access/scope.js';
import { type Exec, rows } from '../../db/client.js';

export interface SendRateCounts {
  schoolId: number;
  quota: number;
  filled: number;
  projects: number;
}

/** Per school of the county with a quota in the year; `schoolWhere` narrows the schools (on `s`). */
export async function sendRateBySchool(
  exec: Exec,
  regionId: number,
  year: number,
  schoolWhere: SQL = sql`true`,
): Promise<SendRateCounts[]> {
  const list = await rows<{ school_id: number; quota: number; filled: number; projects: number }>(
    exec,
    sql`with yp as (
          select pr.id from projects pr
          where ${projectScope(county(regionId), 'pr')} and pr.status <> 'draft'
            and pr.end_date >= ${`${year}-01-01`}::date and pr.end_date < ${`${year + 1}-01-01`}::date
        ),
        q as (
          select pq.project_id, pq.school_id, pq.quota from project_quotas pq
          join yp on yp.id = pq.project_id
          join schools s on s.id = pq.school_id
          where pq.region_id = ${regionId} and pq.quota > 0 and ${schoolWhere}
        ),
        taken as (
          select p.project_id, p.school_id, count(*)::int as n from participations p
          join q on q.project_id = p.project_id and q.school_id = p.school_id
          where ${participationScope(county(regionId), 'p')} and p.status in ('enrolled', 'completed', 'failed')
          group by p.project_id, p.school_id
        )
        select q.school_id, sum(q.quota)::int as quota, sum(least(coalesce(taken.n, 0), q.quota))::int as filled,
               count(*)::int as projects
        from q left join taken on taken.project_id = q.project_id and taken.school_id = q.school_id
        group by q.school_id`,
  );
  return list.map((r) => ({
    schoolId: r.school_id,
    quota: Number(r.quota),
    filled: Number(r.filled),
    projects: Number(r.projects),
  }));
}
