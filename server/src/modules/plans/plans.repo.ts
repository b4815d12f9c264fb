// All SQL of personal development plans (planScope: the teacher's own, admins their schools'),
// with what the credit ledger shows for each plan's years.
import type { PlanListQuery } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { planScope, teacherScope, type Who } from '../../access/scope.js';
import { type Exec, one, rows } from '../../db/client.js';
import { likeEscape } from '../../http/pagination.js';

const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface PlanRow {
  id: number;
  teacher_id: number;
  teacher_name: string;
  school_id: number;
  school_name: string;
  kind: string;
  start_year: number;
  end_year: number;
  goals: string;
  items: unknown;
  hours_target: number | null;
  status: string;
  return_reason: string | null;
  submitted_at: string | null;
  decided_at: string | null;
  decided_by_name: string | null;
  summary: string | null;
  summary_at: string | null;
  ledger_hours: number;
  ledger_entries: number;
  completed: number;
}

const COLUMNS = sql`dp.id, dp.teacher_id, t.name as teacher_name, dp.school_id, s.name as school_name, dp.kind,
  dp.start_year, dp.end_year, dp.goals, dp.items, dp.hours_target::float8 as hours_target, dp.status, dp.return_reason,
  ${iso(sql`dp.submitted_at`)} as submitted_at, ${iso(sql`dp.decided_at`)} as decided_at,
  du.display_name as decided_by_name, dp.summary, ${iso(sql`dp.summary_at`)} as summary_at,
  coalesce(lg.hours, 0) as ledger_hours, coalesce(lg.n, 0) as ledger_entries, coalesce(pc.n, 0) as completed`;
const FROM = sql`from development_plans dp join teachers t on t.id = dp.teacher_id join schools s on s.id = dp.school_id
  left join users du on du.id = dp.decided_by
  left join lateral (select sum(c.hours)::float8 as hours, count(*)::int as n from credit_ledger c
                     where c.teacher_id = dp.teacher_id
                       and c.occurred_on between make_date(dp.start_year, 1, 1) and make_date(dp.end_year, 12, 31)) lg on true
  left join lateral (select count(*)::int as n from participations pa join projects pr on pr.id = pa.project_id
                     where pa.teacher_id = dp.teacher_id and pa.status = 'completed'
                       and pr.end_date between make_date(dp.start_year, 1, 1) and make_date(dp.end_year, 12, 31)) pc on true`;

function filters(who: Who, q: Omit<PlanListQuery, 'page' | 'pageSize'>): SQL {
  const c: SQL[] = [planScope(who, 'dp', 's')];
  if (q.year) c.push(sql`dp.start_year <= ${q.year} and ${q.year} <= dp.end_year`);
  if (q.kind) c.push(sql`dp.kind = ${q.kind}`);
  if (q.status) c.push(sql`dp.status = ${q.status}`);
  if (q.schoolId) c.push(sql`dp.school_id = ${q.schoolId}`);
  if (q.q) c.push(sql`t.name ilike ${`%${likeEscape(q.q)}%`}`);
  return sql.join(c, sql` and `);
}

export async function listPlans(exec: Exec, who: Who, q: PlanListQuery) {
  const where = filters(who, q);
  const [items, total] = await Promise.all([
    rows<PlanRow>(
      exec,
      sql`select ${COLUMNS} ${FROM} where ${where}
          order by array_position(array['submitted','returned','draft','approved'], dp.status), dp.start_year desc,
                   s.name, t.name, dp.kind, dp.id
          limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
    ),
    one<{ n: number }>(
      exec,
      sql`select count(*)::int as n from development_plans dp join teachers t on t.id = dp.teacher_id
          join schools s on s.id = dp.school_id where ${where}`,
    ),
  ]);
  return { items, total: Number(total?.n ?? 0) };
}

export async function plansOfTeacher(exec: Exec, who: Who, teacherId: number) {
  return rows<PlanRow>(
    exec,
    sql`select ${COLUMNS} ${FROM} where ${planScope(who, 'dp', 's')} and dp.teacher_id = ${teacherId}
        order by dp.kind = 'yearly', dp.start_year desc, dp.id desc`,
  );
}

export async function findPlan(exec: Exec, who: Who, id: number, lock = false) {
  return one<PlanRow>(
    exec,
    sql`select ${COLUMNS} ${FROM} where dp.id = ${id} and ${planScope(who, 'dp', 's')} ${lock ? sql`for update of dp` : sql``}`,
  );
}

/** The caller's own teacher record (teacher accounts). */
export async function ownTeacher(exec: Exec, who: Who, teacherId: number) {
  return one<{ id: number; name: string; school_id: number; status: string }>(
    exec,
    sql`select t.id, t.name, t.school_id, t.status from teachers t join schools s on s.id = t.school_id
        where t.id = ${teacherId} and ${teacherScope(who, 't', 's')}`,
  );
}
