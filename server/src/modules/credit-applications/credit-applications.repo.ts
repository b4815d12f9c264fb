// All SQL reading credit applications. Scope is a WHERE clause: a teacher sees their own, a school
// admin their school's, an area admin their area's (or consortium's), the county and leaders all.
import {
  APPLICATION_STATUSES,
  type ApplicationListQuery,
  type ApplicationStatus,
  type CreditApplication,
  type CreditApplicationList,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { applicationScope, county, userScope } from '../../access/scope.js';
import { type Exec, one, rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { likeEscape } from '../../http/pagination.js';
import { attachmentsOf } from '../attachments/attachments.service.js';

export const OWNER_KIND = 'credit_application';

export interface ApplicationRow {
  id: number;
  region_id: number;
  teacher_id: number;
  teacher_name: string;
  school_id: number;
  school_name: string;
  kind: string;
  title: string;
  occurred_on: string;
  level: string | null;
  quantity: number | string | null;
  claimed_hours: number | string;
  granted_hours: number | string | null;
  description: string | null;
  status: ApplicationStatus;
  school_reviewer_name: string | null;
  school_reviewed_at: string | null;
  decider_name: string | null;
  decided_at: string | null;
  return_reason: string | null;
  returned_by: 'school' | 'county' | null;
  ledger_id: number | string | null;
  submitted_at: string;
  updated_at: string;
}

const SELECT = sql`select a.id, a.region_id, a.teacher_id, t.name as teacher_name, a.school_id, s.name as school_name,
         a.kind, a.title, a.occurred_on::text as occurred_on, a.level, a.quantity, a.claimed_hours, a.granted_hours,
         a.description, a.status, ru.display_name as school_reviewer_name, a.school_reviewed_at,
         du.display_name as decider_name, a.decided_at, a.return_reason, a.returned_by, a.ledger_id,
         a.submitted_at, a.updated_at
  from credit_applications a
  join teachers t on t.id = a.teacher_id
  join schools s on s.id = a.school_id
  left join users ru on ru.id = a.school_reviewed_by
  left join users du on du.id = a.decided_by`;

const num = (v: number | string | null) => (v == null ? null : Number(v));
const iso = (v: string | null) => (v == null ? null : new Date(v).toISOString());

export async function present(exec: Exec, list: ApplicationRow[]): Promise<CreditApplication[]> {
  const files = await attachmentsOf(
    exec,
    OWNER_KIND,
    list.map((r) => r.id),
  );
  return list.map((r) => ({
    id: r.id,
    teacherId: r.teacher_id,
    teacherName: r.teacher_name,
    schoolId: r.school_id,
    schoolName: r.school_name,
    kind: r.kind,
    title: r.title,
    occurredOn: r.occurred_on,
    level: r.level,
    quantity: num(r.quantity),
    claimedHours: Number(r.claimed_hours),
    grantedHours: num(r.granted_hours),
    description: r.description,
    status: r.status,
    schoolReviewerName: r.school_reviewer_name,
    schoolReviewedAt: iso(r.school_reviewed_at),
    deciderName: r.decider_name,
    decidedAt: iso(r.decided_at),
    returnReason: r.return_reason,
    returnedBy: r.returned_by,
    ledgerId: num(r.ledger_id),
    submittedAt: iso(r.submitted_at)!,
    updatedAt: iso(r.updated_at)!,
    attachments: files.get(r.id) ?? [],
  }));
}

/** One application in the caller's scope, or 404. `lock` takes a row lock for a transition. */
export async function loadApplication(exec: Exec, user: CurrentUser, id: number, lock = false) {
  const row = await one<ApplicationRow>(
    exec,
    sql`${SELECT} where a.id = ${id} and ${applicationScope(user)}${lock ? sql` for update of a` : sql``}`,
  );
  if (!row) throw notFound('学时申报');
  return row;
}

export async function presentOne(exec: Exec, user: CurrentUser, id: number): Promise<CreditApplication> {
  const [item] = await present(exec, [await loadApplication(exec, user, id)]);
  return item!;
}

export async function listApplications(
  exec: Exec,
  user: CurrentUser,
  q: ApplicationListQuery,
): Promise<CreditApplicationList> {
  const where: SQL[] = [applicationScope(user)];
  if (q.schoolId) where.push(sql`a.school_id = ${q.schoolId}`);
  if (q.teacherId) where.push(sql`a.teacher_id = ${q.teacherId}`);
  if (q.kind) where.push(sql`a.kind = ${q.kind}`);
  if (q.q) {
    const like = `%${likeEscape(q.q)}%`;
    where.push(sql`(t.name ilike ${like} or a.title ilike ${like})`);
  }
  const base = sql.join(where, sql` and `);
  const filtered = q.status ? sql`${base} and a.status = ${q.status}` : base;
  // Open work first (oldest first, as a queue), then the rest newest first.
  const list = await rows<ApplicationRow>(
    exec,
    sql`${SELECT} where ${filtered}
        order by case when a.status in ('pending', 'school_passed') then 0 else 1 end,
                 case when a.status in ('pending', 'school_passed') then a.submitted_at end asc,
                 a.updated_at desc, a.id desc
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const byStatus = await rows<{ status: ApplicationStatus; n: number }>(
    exec,
    sql`select a.status, count(*)::int as n
        from credit_applications a join teachers t on t.id = a.teacher_id join schools s on s.id = a.school_id
        where ${base} group by a.status`,
  );
  const counts = Object.fromEntries(APPLICATION_STATUSES.map((st) => [st, 0])) as Record<ApplicationStatus, number>;
  for (const r of byStatus) counts[r.status] = Number(r.n);
  const total = q.status ? counts[q.status] : Object.values(counts).reduce((a, b) => a + b, 0);
  return { items: await present(exec, list), total, counts };
}

/** Whether the user may read application `id` (attachments' owner check). */
export async function canReadApplication(exec: Exec, user: CurrentUser, id: number): Promise<boolean> {
  const r = await one<{ id: number }>(
    exec,
    sql`select a.id from credit_applications a join teachers t on t.id = a.teacher_id join schools s on s.id = a.school_id
        where a.id = ${id} and ${applicationScope(user)}`,
  );
  return !!r;
}

/** Enabled county admin accounts of the region (who decide applications). */
export async function countyAdminIds(exec: Exec, regionId: number): Promise<number[]> {
  const list = await rows<{ id: number }>(
    exec,
    sql`select id from users where ${userScope(county(regionId), 'users')} and role = 'county_admin' and not disabled`,
  );
  return list.map((r) => r.id);
}
