// The school's yearly audit table (学年度学时审核表, seed 002): generated per school per school year,
// submitted by the school (the rows are frozen then), signed off or returned by the county.
//   none → draft (generate) → submitted (submit) → signed_off (sign off)
//                                              ↘ returned (return, with reason) → submitted …
import {
  type AuditRow,
  type AuditTable,
  type AuditTableListQuery,
  type AuditTotals,
  schoolYearLabel,
  schoolYearOf,
  schoolYearRange,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import { county, userScope } from '../../access/scope.js';
import type { Db, Exec } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, invalid, notFound } from '../../http/errors.js';
import { notifySchoolAdmins } from '../notifications/notifications.service.js';
import { todayInChina } from '../teachers/teachers.service.js';
import {
  type AuditRule,
  computeAuditRows,
  findSchoolInScope,
  findTable,
  listTables,
  type SchoolRow,
  type TableRow,
  totalsOf,
} from './credit-audit.repo.js';
import { auditRuleOf } from './credit-audit.rules.js';

const LINK = (schoolId: number, year: number) => `/credit/audit-tables/${schoolId}/${year}`;

async function schoolOrThrow(exec: Exec, user: CurrentUser, schoolId: number): Promise<SchoolRow> {
  const s = await findSchoolInScope(exec, user, schoolId);
  if (!s) throw notFound('学校');
  return s;
}

/** A future school year has no table yet. */
function assertYear(year: number) {
  const current = schoolYearOf(todayInChina());
  if (year > current) throw invalid(`${schoolYearLabel(year)}尚未开始，不能生成审核表`, { year: '学年尚未开始' });
}

function present(
  school: SchoolRow,
  schoolId: number,
  year: number,
  table: TableRow | undefined,
  rule: AuditRule,
  live: AuditRow[] | null,
): AuditTable {
  const frozen = table && (table.status === 'submitted' || table.status === 'signed_off') && table.snapshot;
  const rowsOut: AuditRow[] = frozen ? table.snapshot!.rows : (live ?? []);
  const totals: AuditTotals = frozen ? table.snapshot!.totals : totalsOf(rowsOut);
  const { start, end } = schoolYearRange(year);
  return {
    id: table?.id ?? null,
    schoolId,
    schoolName: school.name,
    areaName: school.area_name,
    schoolYear: year,
    start,
    end,
    status: table?.status ?? 'none',
    snapshot: !!frozen,
    annualMinimum: frozen ? (table.annual_minimum == null ? null : Number(table.annual_minimum)) : rule.annualMinimum,
    unit: frozen ? (table.snapshot!.unit ?? '学时') : rule.unit,
    ruleName: frozen ? table.rule_name : rule.name,
    generatedAt: table?.generated_at ?? null,
    generatedBy: table?.generated_by ?? null,
    submittedAt: table?.submitted_at ?? null,
    submittedBy: table?.submitted_by ?? null,
    reviewedAt: table?.reviewed_at ?? null,
    reviewedBy: table?.reviewed_by ?? null,
    returnReason: table?.return_reason ?? null,
    rows: rowsOut,
    totals,
  };
}

/**
 * The table as the caller should see it: the frozen snapshot once submitted, otherwise the rows
 * computed from the ledger now (also before it has been generated, as a preview).
 */
export async function getAuditTable(exec: Exec, user: CurrentUser, schoolId: number, year: number) {
  const school = await schoolOrThrow(exec, user, schoolId);
  const table = await findTable(exec, schoolId, year);
  const rule = await auditRuleOf(exec, user.regionId);
  const frozen = table && (table.status === 'submitted' || table.status === 'signed_off') && table.snapshot;
  const live = frozen ? null : await computeAuditRows(exec, user.regionId, schoolId, schoolYearRange(year), rule);
  return present(school, schoolId, year, table, rule, live);
}

/** A school admin (credit-audit.submit) acts on their own school's table only. */
function assertOwnSchool(user: CurrentUser, schoolId: number) {
  if (user.schoolId !== schoolId) throw notFound('学校');
}

/** Creates the school's table for the year (draft). Only the school's own admin. */
export async function generateAuditTable(db: Db, actor: Actor, schoolId: number, year: number) {
  const user = actor.user;
  assertOwnSchool(user, schoolId);
  assertYear(year);
  await db.transaction(async (tx) => {
    const school = await schoolOrThrow(tx, user, schoolId);
    const created = await tx.execute(
      sql`insert into credit_audit_tables (region_id, school_id, school_year, status, generated_by)
          values (${user.regionId}, ${schoolId}, ${year}, 'draft', ${user.id})
          on conflict (school_id, school_year) do nothing
          returning id`,
    );
    const row = (created as unknown as { rows: { id: number }[] }).rows[0];
    if (!row) throw conflict(`${school.name}${schoolYearLabel(year)}的审核表已经生成`);
    await record(tx, actor, {
      action: 'credit_audit.generate',
      entity: 'credit_audit_table',
      entityId: row.id,
      after: { schoolId, schoolName: school.name, schoolYear: year, status: 'draft' },
    });
  });
  return getAuditTable(db, user, schoolId, year);
}

/**
 * Submits the table: computes the rows now and stores them with the rule in force, so later
 * ledger entries do not alter what the county reviews. Allowed from draft or returned.
 */
export async function submitAuditTable(db: Db, actor: Actor, schoolId: number, year: number) {
  const user = actor.user;
  assertOwnSchool(user, schoolId);
  await db.transaction(async (tx) => {
    const school = await schoolOrThrow(tx, user, schoolId);
    const table = await findTable(tx, schoolId, year, true);
    if (!table) throw conflict('请先生成审核表再提交');
    if (table.status === 'submitted') throw conflict('审核表已提交，等待县级审核');
    if (table.status === 'signed_off') throw conflict('审核表已通过县级审核，不能再次提交');
    const rule = await auditRuleOf(tx, user.regionId);
    const list = await computeAuditRows(tx, user.regionId, schoolId, schoolYearRange(year), rule);
    if (!list.length) throw conflict(`${school.name}在${schoolYearLabel(year)}没有在职教师，无需提交审核表`);
    const totals = totalsOf(list);
    await tx.execute(
      sql`update credit_audit_tables
          set status = 'submitted', snapshot = ${JSON.stringify({ rows: list, totals, unit: rule.unit })}::jsonb,
              annual_minimum = ${rule.annualMinimum}, rule_name = ${rule.name},
              submitted_by = ${user.id}, submitted_at = now(), reviewed_by = null, reviewed_at = null,
              return_reason = null, updated_at = now()
          where id = ${table.id}`,
    );
    await record(tx, actor, {
      action: 'credit_audit.submit',
      entity: 'credit_audit_table',
      entityId: table.id,
      before: { status: table.status },
      after: {
        status: 'submitted',
        schoolName: school.name,
        schoolYear: year,
        teachers: totals.teachers,
        met: totals.met,
        notMet: totals.notMet,
        total: totals.total,
      },
    });
    await notifyCountyAdmins(tx, user.regionId, {
      kind: 'credit_audit.submitted',
      title: `${school.name}提交了${schoolYearLabel(year)}学时审核表`,
      body: `教师 ${totals.teachers} 人，合计 ${totals.total} 学时，请审核。`,
      link: LINK(schoolId, year),
    });
  });
  return getAuditTable(db, user, schoolId, year);
}

async function review(
  db: Db,
  actor: Actor,
  schoolId: number,
  year: number,
  decision: { status: 'signed_off' } | { status: 'returned'; reason: string },
) {
  const user = actor.user;
  await db.transaction(async (tx) => {
    const school = await schoolOrThrow(tx, user, schoolId);
    const table = await findTable(tx, schoolId, year, true);
    if (!table) throw notFound('审核表');
    if (table.status !== 'submitted') {
      const why: Record<string, string> = {
        draft: '学校尚未提交审核表',
        returned: '审核表已退回学校，等待重新提交',
        signed_off: '审核表已经审核通过',
      };
      throw conflict(why[table.status] ?? '审核表当前状态不能审核');
    }
    const reason = decision.status === 'returned' ? decision.reason : null;
    // A returned table is recomputed from the ledger until it is submitted again.
    await tx.execute(
      sql`update credit_audit_tables
          set status = ${decision.status}, reviewed_by = ${user.id}, reviewed_at = now(), return_reason = ${reason},
              snapshot = case when ${decision.status} = 'returned' then null else snapshot end, updated_at = now()
          where id = ${table.id}`,
    );
    await record(tx, actor, {
      action: decision.status === 'signed_off' ? 'credit_audit.sign_off' : 'credit_audit.return',
      entity: 'credit_audit_table',
      entityId: table.id,
      before: { status: table.status },
      after: { status: decision.status, schoolName: school.name, schoolYear: year, ...(reason ? { reason } : {}) },
    });
    await notifySchoolAdmins(tx, user.regionId, [schoolId], {
      kind: `credit_audit.${decision.status}`,
      title:
        decision.status === 'signed_off'
          ? `${schoolYearLabel(year)}学时审核表已通过县级审核`
          : `${schoolYearLabel(year)}学时审核表被退回`,
      body: reason ? `退回原因：${reason}` : null,
      link: LINK(schoolId, year),
    });
  });
  return getAuditTable(db, user, schoolId, year);
}

export const signOffAuditTable = (db: Db, actor: Actor, schoolId: number, year: number) =>
  review(db, actor, schoolId, year, { status: 'signed_off' });

export const returnAuditTable = (db: Db, actor: Actor, schoolId: number, year: number, reason: string) =>
  review(db, actor, schoolId, year, { status: 'returned', reason });

/** Every school in scope with its table's status for the year (none = not generated). */
export async function listAuditTables(exec: Exec, user: CurrentUser, q: AuditTableListQuery) {
  const r = await listTables(exec, user, q);
  return {
    total: r.total,
    counts: r.counts,
    items: r.items.map((i) => ({
      id: i.id,
      schoolId: i.school_id,
      schoolName: i.school_name,
      areaId: i.area_id,
      areaName: i.area_name,
      status: i.status as AuditTable['status'],
      teachers: i.teachers == null ? null : Number(i.teachers),
      met: i.met == null ? null : Number(i.met),
      submittedAt: i.submitted_at,
      reviewedAt: i.reviewed_at,
      returnReason: i.return_reason,
    })),
  };
}

async function notifyCountyAdmins(
  exec: Exec,
  regionId: number,
  n: { kind: string; title: string; body?: string | null; link?: string | null },
) {
  await exec.execute(
    sql`insert into notifications (region_id, user_id, kind, title, body, link)
        select ${regionId}, u.id, ${n.kind}, ${n.title}, ${n.body ?? null}, ${n.link ?? null}
        from users u where ${userScope(county(regionId), 'u')} and u.role = 'county_admin' and not u.disabled`,
  );
}
