// All SQL of the teachers module. Every read joins teachers to their school and applies the
// caller's scope (teacherScope) in the WHERE clause, so out-of-scope rows never leave the database.
import { type AccountState, normaliseIdNumber, type TeacherListQuery } from '@shixun/common';
import { eq, type SQL, sql } from 'drizzle-orm';
import { countyOf, schoolScope, teacherScope } from '../../access/scope.js';
import { type Exec, one, rows } from '../../db/client.js';
import { teachers } from '../../db/schema.js';
import type { CurrentUser } from '../../http/context.js';
import { likeEscape } from '../../http/pagination.js';
import type { IdCipher } from '../../lib/crypto.js';
import { ACCOUNT_STATE, LIVE_CODE_JOIN } from '../accounts/state.js';

export type TeacherFilters = Omit<TeacherListQuery, 'page' | 'pageSize'>;

export interface TeacherRow {
  id: number;
  name: string;
  gender: string | null;
  id_masked: string;
  birth_year: number | null;
  phone: string | null;
  school_id: number;
  school_name: string;
  stage: string;
  subject: string;
  title: string | null;
  degree: string | null;
  hire_date: string | null;
  posts: string[] | null;
  tags: string[] | null;
  status: string;
  has_account: boolean;
  account_state: AccountState | null;
  /** Never presented: decrypted only for those who may see the birth date. */
  id_enc: string;
}

export interface TeacherDetailRow extends TeacherRow {
  area_name: string | null;
  consortium_name: string | null;
  status_date: string | null;
  username: string | null;
  created_at: string;
  updated_at: string;
}

export interface HistoryRow {
  at: string;
  action: string;
  user_name: string | null;
  before: unknown;
  after: unknown;
}

/** Timestamps as ISO-8601 UTC text, identical from PGlite and node-postgres. */
const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const COLUMNS = sql`t.id, t.name, t.gender, t.id_masked, t.birth_year, t.phone, t.school_id,
  s.name as school_name, t.stage, t.subject, t.title, t.degree, t.hire_date::text as hire_date, t.posts, t.tags,
  t.status, t.id_enc, exists (select 1 from users u where u.teacher_id = t.id) as has_account,
  (select ${ACCOUNT_STATE} from users u ${LIVE_CODE_JOIN} where u.teacher_id = t.id) as account_state`;

const FROM = sql`from teachers t join schools s on s.id = t.school_id`;

/**
 * `q` matches a name (contains), a phone (contains), the tail of the ID number (1–4 digits/X,
 * against the stored mask) or a whole ID number (exact, through its keyed hash).
 */
function searchCondition(raw: string, cipher: IdCipher): SQL {
  const parts: SQL[] = [sql`t.name ilike ${`%${likeEscape(raw)}%`}`];
  const id = normaliseIdNumber(raw);
  if (/^\d{17}[\dX]$/.test(id)) parts.push(sql`t.id_hash = ${cipher.hash(id)}`);
  if (/^[\dX]{1,4}$/.test(id)) parts.push(sql`t.id_masked like ${`%${id}`}`);
  if (/^\d{1,11}$/.test(raw)) parts.push(sql`t.phone like ${`%${raw}%`}`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

export function whereOf(user: CurrentUser, f: TeacherFilters, cipher: IdCipher): SQL {
  const c: SQL[] = [teacherScope(user, 't', 's')];
  if (f.q) c.push(searchCondition(f.q, cipher));
  if (f.schoolId != null) c.push(sql`t.school_id = ${f.schoolId}`);
  if (f.areaId != null) c.push(sql`s.area_id = ${f.areaId}`);
  if (f.consortiumId != null) c.push(sql`s.consortium_id = ${f.consortiumId}`);
  if (f.stage) c.push(sql`t.stage = ${f.stage}`);
  if (f.subject) c.push(sql`t.subject = ${f.subject}`);
  if (f.title) c.push(sql`t.title = ${f.title}`);
  if (f.degree) c.push(sql`t.degree = ${f.degree}`);
  if (f.tag) c.push(sql`${f.tag} = any(t.tags)`);
  if (f.status) c.push(sql`t.status = ${f.status}`);
  return sql.join(c, sql` and `);
}

/** ORDER BY for the list and the export; always ends with t.id so pages never overlap. */
function orderBy(f: TeacherFilters): SQL {
  const dir = f.order === 'desc' ? 'desc' : 'asc';
  // Teachers without a date sort last in either direction.
  const dates = `${dir} nulls last`;
  let keys: string[];
  switch (f.sort) {
    case 'name':
      keys = [`t.name ${dir}`];
      break;
    case 'school':
      keys = [`s.name ${dir}`, `t.name ${dir}`];
      break;
    case 'hireDate':
      keys = [`t.hire_date ${dates}`];
      break;
    case 'birthDate':
      // The year only: the full date is inside the encrypted ID number.
      keys = [`t.birth_year ${dates}`, `t.name ${dir}`];
      break;
    case 'updatedAt':
      keys = [`t.updated_at ${dir}`];
      break;
    default:
      // Serving teachers first, then by name.
      keys = [`(t.status <> '在职') asc`, `t.name ${dir}`];
  }
  return sql.raw([...keys, `t.id ${dir}`].join(', '));
}

export async function listTeachers(
  exec: Exec,
  user: CurrentUser,
  f: TeacherListQuery,
  cipher: IdCipher,
): Promise<{ rows: TeacherRow[]; total: number }> {
  const where = whereOf(user, f, cipher);
  const items = await rows<TeacherRow>(
    exec,
    sql`select ${COLUMNS} ${FROM} where ${where}
        order by ${orderBy(f)} limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`,
  );
  const total = await one<{ n: number }>(exec, sql`select count(*)::int as n ${FROM} where ${where}`);
  return { rows: items, total: Number(total?.n ?? 0) };
}

/**
 * Every matching teacher in list order, counted first, without holding them all: one query sorts
 * just the ids (8 bytes a teacher), then rows are fetched a page at a time by id. A keyset re-sorts
 * the whole table for every page (slow without an index per sort), and a server-side cursor would
 * pin a connection, on PGlite the only one, for as long as a slow client downloads.
 */
export async function iterateTeachers(
  exec: Exec,
  user: CurrentUser,
  f: TeacherFilters,
  cipher: IdCipher,
  pageSize = 1000,
): Promise<{ total: number; rows: AsyncGenerator<TeacherRow> }> {
  const where = whereOf(user, f, cipher);
  const ids = (await rows<{ id: number }>(exec, sql`select t.id ${FROM} where ${where} order by ${orderBy(f)}`)).map(
    (r) => r.id,
  );
  async function* byIds(): AsyncGenerator<TeacherRow> {
    for (let i = 0; i < ids.length; i += pageSize) {
      const chunk = `{${ids.slice(i, i + pageSize).join(',')}}`;
      // Driven by the id list: one primary-key lookup per id (`offset 0` keeps the planner from
      // hashing the whole table when statistics are missing, as on a never-analysed PGlite).
      // Scope and filters are applied again, so a row changed since the first query is left out.
      const page = await rows<TeacherRow>(
        exec,
        sql`select ${COLUMNS}
            from unnest(${chunk}::int[]) with ordinality as k(id, ord)
            cross join lateral (select * from teachers t1 where t1.id = k.id offset 0) t
            join schools s on s.id = t.school_id
            where ${where} order by k.ord`,
      );
      yield* page;
    }
  }
  return { total: ids.length, rows: byIds() };
}

export async function findTeacherDetail(exec: Exec, user: CurrentUser, id: number) {
  return one<TeacherDetailRow>(
    exec,
    sql`select ${COLUMNS}, a.name as area_name, c.name as consortium_name, t.status_date::text as status_date,
               u.username, ${iso(sql`t.created_at`)} as created_at, ${iso(sql`t.updated_at`)} as updated_at
        ${FROM} left join areas a on a.id = s.area_id left join consortia c on c.id = s.consortium_id
        left join users u on u.teacher_id = t.id
        where t.id = ${id} and ${teacherScope(user, 't', 's')}`,
  );
}

export async function teacherHistory(exec: Exec, teacherId: number, limit = 50) {
  return rows<HistoryRow>(
    exec,
    sql`select ${iso(sql`created_at`)} as at, action, user_name, before, after from audit_log
        where entity = 'teacher' and entity_id = ${String(teacherId)}
        order by id desc limit ${limit}`,
  );
}

/** The stored columns of a teacher the caller may write, locked for the rest of the transaction. */
export interface TeacherWriteRow {
  id: number;
  region_id: number;
  school_id: number;
  school_name: string;
  name: string;
  gender: string | null;
  id_enc: string;
  id_hash: string;
  id_masked: string;
  birth_year: number | null;
  phone: string | null;
  stage: string;
  subject: string;
  title: string | null;
  degree: string | null;
  hire_date: string | null;
  posts: string[] | null;
  tags: string[] | null;
  status: string;
  status_date: string | null;
}

export async function lockTeacherForWrite(exec: Exec, user: CurrentUser, id: number) {
  return one<TeacherWriteRow>(
    exec,
    sql`select t.id, t.region_id, t.school_id, s.name as school_name, t.name, t.gender, t.id_enc, t.id_hash,
               t.id_masked, t.birth_year, t.phone, t.stage, t.subject, t.title, t.degree,
               t.hire_date::text as hire_date, t.posts, t.tags, t.status, t.status_date::text as status_date
        from teachers t join schools s on s.id = t.school_id
        where t.id = ${id} and ${teacherScope(user, 't', 's')} and ${schoolScope(user, 's')}
        for update of t`,
  );
}

/** A school of the caller's region, and whether the caller's scope covers it. */
export async function findSchool(exec: Exec, user: CurrentUser, schoolId: number) {
  return one<{ id: number; name: string; in_scope: boolean }>(
    exec,
    sql`select s.id, s.name, (${schoolScope(user, 's')}) as in_scope from schools s
        where s.id = ${schoolId} and ${schoolScope(countyOf(user), 's')}`,
  );
}

/** The teacher already holding this ID number in the region (other than `exceptId`). */
export async function findByIdHash(exec: Exec, user: CurrentUser, idHash: string, exceptId?: number) {
  return one<{ id: number; name: string; school_name: string; visible: boolean }>(
    exec,
    sql`select t.id, t.name, s.name as school_name, (${teacherScope(user, 't', 's')}) as visible
        from teachers t join schools s on s.id = t.school_id
        where ${teacherScope(countyOf(user), 't')} and t.id_hash = ${idHash}
          and t.id <> ${exceptId ?? 0}`,
  );
}

export type TeacherInsert = typeof teachers.$inferInsert;

export async function insertTeacher(exec: Exec, values: TeacherInsert): Promise<number> {
  const [row] = await exec.insert(teachers).values(values).returning({ id: teachers.id });
  return row!.id;
}

export async function updateTeacherRow(exec: Exec, id: number, values: Partial<TeacherInsert>) {
  await exec
    .update(teachers)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(teachers.id, id));
}

/** The teacher's own account: no password until it is activated with a code from an account slip. */
export async function insertTeacherAccount(
  exec: Exec,
  a: { regionId: number; teacherId: number; schoolId: number; displayName: string },
) {
  const row = await one<{ id: number; username: string }>(
    exec,
    sql`insert into users (region_id, username, display_name, role, school_id, teacher_id, password_hash,
                           must_change_password)
        values (${a.regionId}, ${`t${a.teacherId}`}, ${a.displayName}, 'teacher', ${a.schoolId}, ${a.teacherId},
                null, false)
        returning id, username`,
  );
  return row!;
}

export async function syncAccount(
  exec: Exec,
  teacherId: number,
  set: { displayName?: string; schoolId?: number; disabled?: boolean },
) {
  const parts: SQL[] = [sql`updated_at = now()`];
  if (set.displayName !== undefined) parts.push(sql`display_name = ${set.displayName}`);
  if (set.schoolId !== undefined) parts.push(sql`school_id = ${set.schoolId}`);
  if (set.disabled !== undefined) parts.push(sql`disabled = ${set.disabled}`);
  return rows<{ id: number }>(
    exec,
    sql`update users set ${sql.join(parts, sql`, `)} where teacher_id = ${teacherId} and role = 'teacher' returning id`,
  );
}

export async function deleteSessionsOfTeacher(exec: Exec, teacherId: number) {
  await exec.execute(sql`delete from sessions where user_id in (select id from users where teacher_id = ${teacherId})`);
}
