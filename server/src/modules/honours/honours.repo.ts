// All SQL of honours (荣誉). Every read goes through honourScope (the school it was entered for,
// or the teacher's own), so an invisible honour never leaves the database.
import type { HonourListQuery } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { county, honourScope, teacherScope, type Who } from '../../access/scope.js';
import { type Exec, intArray, one, rows } from '../../db/client.js';
import { likeEscape } from '../../http/pagination.js';

const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface HonourRow {
  id: number;
  region_id: number;
  teacher_id: number;
  teacher_name: string;
  id_masked: string;
  school_id: number;
  school_name: string;
  level: string;
  title: string;
  year: number;
  awarding_body: string;
  awarded_on: string | null;
  status: string;
  reject_reason: string | null;
  source: string;
  created_by: number | null;
  created_at: string;
  verified_at: string | null;
}

const COLUMNS = sql`h.id, h.region_id, h.teacher_id, t.name as teacher_name, t.id_masked, h.school_id,
  s.name as school_name, h.level, h.title, h.year, h.awarding_body, h.awarded_on::text as awarded_on, h.status,
  h.reject_reason, h.source, h.created_by, ${iso(sql`h.created_at`)} as created_at,
  ${iso(sql`h.verified_at`)} as verified_at`;
const FROM = sql`from honours h join teachers t on t.id = h.teacher_id join schools s on s.id = h.school_id`;

type Filters = Omit<HonourListQuery, 'page' | 'pageSize'>;

function conditions(who: Who, q: Filters, withStatus = true): SQL {
  const c: SQL[] = [honourScope(who, 'h', 's')];
  if (q.year) c.push(sql`h.year = ${q.year}`);
  if (q.level) c.push(sql`h.level = ${q.level}`);
  if (withStatus && q.status) c.push(sql`h.status = ${q.status}`);
  if (q.schoolId) c.push(sql`h.school_id = ${q.schoolId}`);
  if (q.teacherId) c.push(sql`h.teacher_id = ${q.teacherId}`);
  if (q.q) {
    const like = `%${likeEscape(q.q)}%`;
    c.push(sql`(t.name ilike ${like} or h.title ilike ${like})`);
  }
  return sql.join(c, sql` and `);
}

export async function listHonours(exec: Exec, who: Who, q: HonourListQuery) {
  const where = conditions(who, q);
  const [items, total, counts] = await Promise.all([
    rows<HonourRow>(
      exec,
      sql`select ${COLUMNS} ${FROM} where ${where}
          order by h.year desc, array_position(array['pending','rejected','verified'], h.status), s.name, t.name, h.id
          limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
    ),
    one<{ n: number }>(exec, sql`select count(*)::int as n ${FROM} where ${where}`),
    rows<{ status: string; n: number }>(
      exec,
      sql`select h.status, count(*)::int as n ${FROM} where ${conditions(who, q, false)} group by h.status`,
    ),
  ]);
  return { items, total: Number(total?.n ?? 0), counts };
}

export async function findHonour(exec: Exec, who: Who, id: number, lock = false) {
  return one<HonourRow>(
    exec,
    sql`select ${COLUMNS} ${FROM} where h.id = ${id} and ${honourScope(who, 'h', 's')}
        ${lock ? sql`for update of h` : sql``}`,
  );
}

export async function lockHonours(exec: Exec, who: Who, ids: number[]) {
  return rows<HonourRow>(
    exec,
    sql`select ${COLUMNS} ${FROM} where h.id = any(${intArray(ids)}) and ${honourScope(who, 'h', 's')}
        order by h.id for update of h`,
  );
}

/** The teacher, if in the caller's scope (the honour is entered for their current school). */
export async function findTeacherInScope(exec: Exec, who: Who, teacherId: number) {
  return one<{ id: number; name: string; school_id: number }>(
    exec,
    sql`select t.id, t.name, t.school_id from teachers t join schools s on s.id = t.school_id
        where t.id = ${teacherId} and ${teacherScope(who, 't', 's')}`,
  );
}

export async function insertHonour(
  exec: Exec,
  v: {
    regionId: number;
    teacherId: number;
    schoolId: number;
    level: string;
    title: string;
    year: number;
    awardingBody: string;
    awardedOn: string | null;
    status: string;
    source: string;
    createdBy: number;
  },
) {
  const r = await one<{ id: number }>(
    exec,
    sql`insert into honours (region_id, teacher_id, school_id, level, title, year, awarding_body, awarded_on, status,
                             source, created_by, verified_by, verified_at)
        values (${v.regionId}, ${v.teacherId}, ${v.schoolId}, ${v.level}, ${v.title}, ${v.year}, ${v.awardingBody},
                ${v.awardedOn}, ${v.status}, ${v.source}, ${v.createdBy},
                ${v.status === 'verified' ? v.createdBy : null}, ${v.status === 'verified' ? sql`now()` : null})
        returning id`,
  );
  return r!.id;
}

/** Verified honours of a year by level label, over honours `h` (school `s`) matching `where`. */
export async function countByLevel(exec: Exec, where: SQL, year: number) {
  return rows<{ school_id: number; level: string; n: number }>(
    exec,
    sql`select h.school_id, h.level, count(*)::int as n
        from honours h join schools s on s.id = h.school_id
        where ${where} and h.year = ${year} and h.status = 'verified'
        group by h.school_id, h.level`,
  );
}

export const inRegion = (regionId: number) => honourScope(county(regionId), 'h', 's');

/** A teacher's honours for the growth archive: verified and pending, newest first. */
export async function honoursOf(exec: Exec, teacherId: number) {
  return rows<{ id: number; level: string; title: string; year: number; awarding_body: string; status: string }>(
    exec,
    sql`select h.id, h.level, h.title, h.year, h.awarding_body, h.status from honours h
        where h.teacher_id = ${teacherId} and h.status <> 'rejected'
        order by h.year desc, h.id desc`,
  );
}
