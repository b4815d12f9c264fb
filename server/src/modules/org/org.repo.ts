// All SQL of the organisation module: areas (学区), consortia (教联体), schools.
import type { School } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { areaScope, consortiumScope, schoolScope } from '../../access/scope.js';
import { type Exec, one, rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { likeEscape } from '../../http/pagination.js';

export type SchoolRow = {
  id: number;
  region_id: number;
  name: string;
  code: string | null;
  type: School['type'];
  affiliation: string | null;
  urban_rural: School['urbanRural'];
  area_id: number | null;
  area_name: string | null;
  parent_school_id: number | null;
  parent_school_name: string | null;
  child_count: number;
  aliases: string[] | null;
  consortium_id: number | null;
  consortium_name: string | null;
  is_core: boolean;
  address: string | null;
  principal: string | null;
  phone: string | null;
  teacher_count: number;
};

const SCHOOL_SELECT = sql`
  select s.id, s.region_id, s.name, s.code, s.type, s.affiliation, s.urban_rural, s.area_id, a.name as area_name,
         s.parent_school_id, ps.name as parent_school_name,
         (select count(*)::int from schools k where k.parent_school_id = s.id) as child_count, s.aliases,
         s.consortium_id, c.name as consortium_name, coalesce(c.core_school_id = s.id, false) as is_core,
         s.address, s.principal, s.phone,
         (select count(*)::int from teachers t where t.school_id = s.id and t.status = '在职') as teacher_count
  from schools s
  left join areas a on a.id = s.area_id
  left join schools ps on ps.id = s.parent_school_id
  left join consortia c on c.id = s.consortium_id`;

export interface SchoolFilter {
  q?: string;
  type?: string;
  areaId?: number;
  consortiumId?: number;
  urbanRural?: string;
}

export function schoolWhere(user: CurrentUser, f: SchoolFilter): SQL {
  const conds: SQL[] = [schoolScope(user, 's')];
  if (f.q) {
    const p = `%${likeEscape(f.q)}%`;
    conds.push(sql`(s.name ilike ${p} or s.code ilike ${p} or array_to_string(s.aliases, ' ') ilike ${p})`);
  }
  if (f.type) conds.push(sql`s.type = ${f.type}`);
  if (f.areaId) conds.push(sql`s.area_id = ${f.areaId}`);
  if (f.consortiumId) conds.push(sql`s.consortium_id = ${f.consortiumId}`);
  if (f.urbanRural) conds.push(sql`s.urban_rural = ${f.urbanRural}`);
  return sql.join(conds, sql` and `);
}

const SCHOOL_SORT: Record<string, SQL> = {
  name: sql`s.name`,
  type: sql`s.type`,
  teacherCount: sql`teacher_count`,
};

export async function listSchools(
  exec: Exec,
  user: CurrentUser,
  f: SchoolFilter & { sort?: string; order?: 'asc' | 'desc'; limit: number; offset: number },
) {
  const where = schoolWhere(user, f);
  const order = f.order === 'desc' ? sql`desc` : sql`asc`;
  const sortCol = (f.sort && SCHOOL_SORT[f.sort]) || sql`a.name nulls last, s.type, s.name`;
  const items = await rows<SchoolRow>(
    exec,
    sql`${SCHOOL_SELECT} where ${where} order by ${sortCol} ${order}, s.id limit ${f.limit} offset ${f.offset}`,
  );
  const total = await one<{ n: number }>(exec, sql`select count(*)::int as n from schools s where ${where}`);
  return { items, total: total?.n ?? 0 };
}

export async function getSchool(exec: Exec, user: CurrentUser, id: number) {
  return one<SchoolRow>(exec, sql`${SCHOOL_SELECT} where s.id = ${id} and ${schoolScope(user, 's')}`);
}

export async function schoolOptions(exec: Exec, user: CurrentUser) {
  return rows<{
    id: number;
    name: string;
    type: string;
    area_id: number | null;
    consortium_id: number | null;
    parent_school_id: number | null;
  }>(
    exec,
    sql`select s.id, s.name, s.type, s.area_id, s.consortium_id, s.parent_school_id from schools s
        where ${schoolScope(user, 's')} order by s.name`,
  );
}

/** Areas the user may see: those containing a school in scope (all of the region for county roles). */
export async function listAreas(exec: Exec, user: CurrentUser) {
  const countyWide = user.role === 'county_admin' || user.role === 'leader';
  return rows<{ id: number; name: string; code: string | null; school_count: number; teacher_count: number }>(
    exec,
    sql`select a.id, a.name, a.code,
               count(distinct s.id)::int as school_count,
               count(t.id)::int as teacher_count
        from areas a
        left join schools s on s.area_id = a.id and ${schoolScope(user, 's')}
        left join teachers t on t.school_id = s.id and t.status = '在职'
        where ${areaScope(user, 'a')}
        group by a.id
        ${countyWide ? sql`` : sql`having count(distinct s.id) > 0`}
        order by a.name`,
  );
}

export async function listConsortia(exec: Exec, user: CurrentUser) {
  const countyWide = user.role === 'county_admin' || user.role === 'leader';
  return rows<{
    id: number;
    name: string;
    core_school_id: number | null;
    core_school_name: string | null;
    school_count: number;
    teacher_count: number;
  }>(
    exec,
    sql`select c.id, c.name, c.core_school_id, cs.name as core_school_name,
               count(distinct s.id)::int as school_count,
               count(t.id)::int as teacher_count
        from consortia c
        left join schools cs on cs.id = c.core_school_id
        left join schools s on s.consortium_id = c.id and ${schoolScope(user, 's')}
        left join teachers t on t.school_id = s.id and t.status = '在职'
        where ${consortiumScope(user, 'c')}
        group by c.id, cs.name
        ${countyWide ? sql`` : sql`having count(distinct s.id) > 0`}
        order by c.name`,
  );
}
