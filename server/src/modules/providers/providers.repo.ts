// All SQL of training providers (承训机构): the county's list, one provider with its accounts and
// the projects commissioned from it, and the commissioning itself (projects.provider_id).
import type { ProviderListQuery } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { projectScope, providerScope, userScope, type Who } from '../../access/scope.js';
import { type Exec, one, rows } from '../../db/client.js';
import { likeEscape } from '../../http/pagination.js';

export interface ProviderRow {
  id: number;
  name: string;
  kind: string;
  contact: string | null;
  phone: string | null;
  address: string | null;
  note: string | null;
  active: boolean;
  account_count: number;
  project_count: number;
}

const COLUMNS = sql`tp.id, tp.name, tp.kind, tp.contact, tp.phone, tp.address, tp.note, tp.active,
  (select count(*)::int from users u where u.provider_id = tp.id and u.role = 'provider') as account_count,
  (select count(*)::int from projects p where p.provider_id = tp.id) as project_count`;

export async function listProviders(exec: Exec, who: Who, q: ProviderListQuery) {
  const where: SQL[] = [providerScope(who, 'tp')];
  if (q.q) where.push(sql`tp.name ilike ${`%${likeEscape(q.q)}%`}`);
  if (q.active) where.push(sql`tp.active = ${q.active === 'true'}`);
  return rows<ProviderRow>(
    exec,
    sql`select ${COLUMNS} from training_providers tp where ${sql.join(where, sql` and `)}
        order by tp.active desc, tp.name, tp.id`,
  );
}

export async function findProvider(exec: Exec, who: Who, id: number, lock = false) {
  return one<ProviderRow>(
    exec,
    sql`select ${COLUMNS} from training_providers tp where tp.id = ${id} and ${providerScope(who, 'tp')}
        ${lock ? sql`for update of tp` : sql``}`,
  );
}

export async function insertProvider(
  exec: Exec,
  regionId: number,
  v: {
    name: string;
    kind: string;
    contact: string | null;
    phone: string | null;
    address: string | null;
    note: string | null;
  },
) {
  const r = await one<{ id: number }>(
    exec,
    sql`insert into training_providers (region_id, name, kind, contact, phone, address, note)
        values (${regionId}, ${v.name}, ${v.kind}, ${v.contact}, ${v.phone}, ${v.address}, ${v.note})
        returning id`,
  );
  return r!.id;
}

export async function updateProviderRow(
  exec: Exec,
  id: number,
  v: {
    name: string;
    kind: string;
    contact: string | null;
    phone: string | null;
    address: string | null;
    note: string | null;
    active: boolean;
  },
) {
  await exec.execute(
    sql`update training_providers set name = ${v.name}, kind = ${v.kind}, contact = ${v.contact}, phone = ${v.phone},
          address = ${v.address}, note = ${v.note}, active = ${v.active}, updated_at = now()
        where id = ${id}`,
  );
}

export interface ProviderAccountRow {
  id: number;
  username: string;
  display_name: string;
  phone: string | null;
  disabled: boolean;
  activated: boolean;
  last_login_at: string | null;
}

export async function providerAccounts(exec: Exec, who: Who, providerId: number) {
  return rows<ProviderAccountRow>(
    exec,
    sql`select u.id, u.username, u.display_name, u.phone, u.disabled, u.password_hash is not null as activated,
               to_char(u.last_login_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last_login_at
        from users u
        where u.provider_id = ${providerId} and u.role = 'provider' and ${userScope(who, 'u')}
        order by u.id`,
  );
}

export interface ProviderProjectRow {
  id: number;
  name: string;
  year: number;
  level: string;
  category: string;
  status: string;
  start_date: string;
  end_date: string;
  hours: number;
  participants: number;
  sessions: number;
}

/** Projects commissioned from a provider, as the caller may see them (projectScope). */
export async function commissionedProjects(exec: Exec, who: Who, providerId: number) {
  return rows<ProviderProjectRow>(
    exec,
    sql`select p.id, p.name, p.year, p.level, p.category, p.status, p.start_date::text as start_date,
               p.end_date::text as end_date, p.hours::float8 as hours,
               (select count(*)::int from participations pa where pa.project_id = p.id
                  and pa.status in ('enrolled', 'completed', 'failed')) as participants,
               (select count(*)::int from project_sessions ps where ps.project_id = p.id) as sessions
        from projects p
        where p.provider_id = ${providerId} and ${projectScope(who, 'p')}
        order by p.start_date desc, p.id desc`,
  );
}

export interface CommissionTarget {
  id: number;
  name: string;
  status: string;
  organiser_type: string;
  provider_id: number | null;
  provider_name: string | null;
}

export async function lockCommissionTarget(exec: Exec, who: Who, projectId: number) {
  return one<CommissionTarget>(
    exec,
    sql`select p.id, p.name, p.status, p.organiser_type, p.provider_id,
               (select tp.name from training_providers tp where tp.id = p.provider_id) as provider_name
        from projects p where p.id = ${projectId} and ${projectScope(who, 'p')} for update of p`,
  );
}

export async function setProjectProvider(exec: Exec, projectId: number, providerId: number | null) {
  await exec.execute(sql`update projects set provider_id = ${providerId}, updated_at = now() where id = ${projectId}`);
}
