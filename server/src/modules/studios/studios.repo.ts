// All SQL of 名师工作室: studios (read through studioScope), members, activities, outputs, reviews.
import type { StudioListQuery } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { studioScope, type Who } from '../../access/scope.js';
import { type Exec, one, rows } from '../../db/client.js';
import { likeEscape } from '../../http/pagination.js';

export interface StudioRow {
  id: number;
  name: string;
  host_id: number;
  host_name: string;
  host_school: string;
  subject: string | null;
  stage: string | null;
  start_year: number;
  end_year: number;
  goals: string | null;
  status: string;
  member_count: number;
  school_count: number;
  activity_count: number;
  output_count: number;
  last_review_year: number | null;
  last_review_result: string | null;
}

const COLUMNS = sql`st.id, st.name, st.host_id, ht.name as host_name, hs.name as host_school, st.subject, st.stage,
  st.start_year, st.end_year, st.goals, st.status,
  (select count(*)::int from studio_members sm where sm.studio_id = st.id and sm.left_year is null) as member_count,
  (select count(distinct t.school_id)::int from studio_members sm join teachers t on t.id = sm.teacher_id
     where sm.studio_id = st.id and sm.left_year is null) as school_count,
  (select count(*)::int from studio_activities a where a.studio_id = st.id) as activity_count,
  (select count(*)::int from studio_outputs o where o.studio_id = st.id) as output_count,
  lr.year as last_review_year, lr.result as last_review_result`;
const FROM = sql`from studios st join teachers ht on ht.id = st.host_id join schools hs on hs.id = ht.school_id
  left join lateral (select r.year, r.result from studio_reviews r where r.studio_id = st.id
                     order by r.year desc limit 1) lr on true`;

export async function listStudios(exec: Exec, who: Who, q: StudioListQuery) {
  const c: SQL[] = [studioScope(who, 'st')];
  if (q.year) c.push(sql`st.start_year <= ${q.year} and ${q.year} <= st.end_year`);
  if (q.status) c.push(sql`st.status = ${q.status}`);
  if (q.q) {
    const like = `%${likeEscape(q.q)}%`;
    c.push(sql`(st.name ilike ${like} or ht.name ilike ${like})`);
  }
  return rows<StudioRow>(
    exec,
    sql`select ${COLUMNS} ${FROM} where ${sql.join(c, sql` and `)} order by st.status, st.name, st.id`,
  );
}

export async function findStudio(exec: Exec, who: Who, id: number, lock = false) {
  return one<StudioRow>(
    exec,
    sql`select ${COLUMNS} ${FROM} where st.id = ${id} and ${studioScope(who, 'st')} ${lock ? sql`for update of st` : sql``}`,
  );
}

export async function membersOf(exec: Exec, studioId: number) {
  return rows<{
    teacher_id: number;
    name: string;
    school_name: string;
    subject: string;
    joined_year: number;
    left_year: number | null;
  }>(
    exec,
    sql`select sm.teacher_id, t.name, s.name as school_name, t.subject, sm.joined_year, sm.left_year
        from studio_members sm join teachers t on t.id = sm.teacher_id join schools s on s.id = t.school_id
        where sm.studio_id = ${studioId}
        order by (sm.left_year is not null), s.name, t.name`,
  );
}

export async function activitiesOf(exec: Exec, studioId: number) {
  return rows<{
    id: number;
    kind: string;
    title: string;
    held_on: string;
    place: string | null;
    hours: number | null;
    summary: string | null;
    activity_ref: number | null;
  }>(
    exec,
    sql`select a.id, a.kind, a.title, a.held_on::text as held_on, a.place, a.hours::float8 as hours, a.summary,
               a.activity_ref
        from studio_activities a where a.studio_id = ${studioId} order by a.held_on desc, a.id desc`,
  );
}

export async function outputsOf(exec: Exec, studioId: number) {
  return rows<{
    id: number;
    kind: string;
    title: string;
    year: number;
    teacher_name: string | null;
    note: string | null;
  }>(
    exec,
    sql`select o.id, o.kind, o.title, o.year, t.name as teacher_name, o.note
        from studio_outputs o left join teachers t on t.id = o.teacher_id
        where o.studio_id = ${studioId} order by o.year desc, o.id desc`,
  );
}

export async function reviewsOf(exec: Exec, studioId: number) {
  return rows<{ year: number; result: string; comment: string | null; reviewer_name: string }>(
    exec,
    sql`select r.year, r.result, r.comment, u.display_name as reviewer_name
        from studio_reviews r join users u on u.id = r.reviewer_id
        where r.studio_id = ${studioId} order by r.year desc`,
  );
}

/** Host and the members in the studio during `year`. */
export async function peopleOfYear(exec: Exec, studioId: number, year: number) {
  return rows<{ teacher_id: number; role: 'host' | 'member' }>(
    exec,
    sql`select st.host_id as teacher_id, 'host' as role from studios st where st.id = ${studioId}
        union
        select sm.teacher_id, 'member' as role from studio_members sm join studios st on st.id = sm.studio_id
        where sm.studio_id = ${studioId} and sm.teacher_id <> st.host_id and sm.joined_year <= ${year}
          and (sm.left_year is null or sm.left_year >= ${year})`,
  );
}
