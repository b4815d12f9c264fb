// Expenses (培训支出): recorded per project and per trip against the county's budget (school_id null)
// or a school's, with receipts attached (purpose `expense`). Approved reimbursement claims add
// rows here too (claim_id set); those are removed only by rejecting the claim.
import {
  can,
  type ExpenseCategory,
  type ExpenseItem,
  type ExpenseList,
  type expenseCreateBody,
  type expenseListQuery,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { countyOf, expenseScope, projectScope, schoolScope, teacherScope } from '../../access/scope.js';
import { type Db, type Exec, one, rows } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, invalid, notFound } from '../../http/errors.js';
import { attachmentsOf, linkAttachments } from '../attachments/attachments.service.js';
import { inYear } from './budgets.service.js';
import { assertExpenseWriter, iso, money } from './money.shared.js';

export const EXPENSE_OWNER = 'expense';

interface ExpenseRaw {
  id: number;
  school_id: number | null;
  school_name: string | null;
  project_id: number | null;
  project_name: string | null;
  claim_id: number | null;
  teacher_id: number | null;
  teacher_name: string | null;
  category: ExpenseCategory;
  amount: string;
  spent_on: string;
  note: string | null;
  created_at: string;
}

type ListQuery = z.output<typeof expenseListQuery>;

function listWhere(user: CurrentUser, q: ListQuery): SQL {
  const c: SQL[] = [expenseScope(user, 'e')];
  if (q.year) c.push(inYear(q.year));
  if (q.county) c.push(sql`e.school_id is null`);
  else if (q.schoolId) c.push(sql`e.school_id = ${q.schoolId}`);
  if (q.projectId) c.push(sql`e.project_id = ${q.projectId}`);
  if (q.category) c.push(sql`e.category = ${q.category}`);
  return sql.join(c, sql` and `);
}

export async function listExpenses(exec: Exec, user: CurrentUser, q: ListQuery): Promise<ExpenseList> {
  const from = sql`from expenses e left join schools s on s.id = e.school_id where ${listWhere(user, q)}`;
  const items = await rows<ExpenseRaw>(
    exec,
    sql`select e.id, e.school_id, s.name as school_name, e.project_id, p.name as project_name, e.claim_id,
               e.teacher_id, t.name as teacher_name, e.category, e.amount::text as amount, e.spent_on::text as spent_on,
               e.note, ${iso(sql`e.created_at`)} as created_at
        from expenses e left join schools s on s.id = e.school_id
          left join projects p on p.id = e.project_id left join teachers t on t.id = e.teacher_id
        where ${listWhere(user, q)}
        order by e.spent_on desc, e.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const agg = await one<{ n: number; sum: string }>(
    exec,
    sql`select count(*)::int as n, ${money(sql`coalesce(sum(e.amount), 0)`)} as sum ${from}`,
  );
  const files = await attachmentsOf(
    exec,
    EXPENSE_OWNER,
    items.map((x) => Number(x.id)),
  );
  // Rows recorded from a claim show the claim's receipts (readable by the same people).
  const claimIds = items.map((x) => x.claim_id).filter((x): x is number => x != null);
  const claimFiles = claimIds.length ? await attachmentsOf(exec, 'claim', claimIds) : new Map();
  return {
    items: items.map((x) =>
      presentExpense(x, x.claim_id != null ? (claimFiles.get(x.claim_id) ?? []) : (files.get(Number(x.id)) ?? [])),
    ),
    total: agg?.n ?? 0,
    sum: agg?.sum ?? '0.00',
  };
}

const presentExpense = (x: ExpenseRaw, attachments: ExpenseItem['attachments']): ExpenseItem => ({
  id: Number(x.id),
  schoolId: x.school_id,
  schoolName: x.school_name,
  projectId: x.project_id,
  projectName: x.project_name,
  claimId: x.claim_id,
  teacherId: x.teacher_id,
  teacherName: x.teacher_name,
  category: x.category,
  amount: x.amount,
  spentOn: x.spent_on,
  note: x.note,
  createdAt: x.created_at,
  attachments,
});

type CreateBody = z.output<typeof expenseCreateBody>;

export async function createExpense(db: Db, actor: Actor, body: CreateBody): Promise<{ id: number }> {
  const user = actor.user;
  assertExpenseWriter(user, body.schoolId);
  return db.transaction(async (tx) => {
    if (body.schoolId != null) {
      const s = await one<{ id: number }>(
        tx,
        sql`select id from schools where id = ${body.schoolId} and ${schoolScope(user, 'schools')}`,
      );
      if (!s) throw invalid('学校不存在', { schoolId: '学校不存在' });
    }
    if (body.projectId != null) {
      const p = await one<{ id: number }>(
        tx,
        sql`select p.id from projects p where p.id = ${body.projectId} and ${projectScope(user, 'p')}`,
      );
      if (!p) throw invalid('培训项目不存在或无权查看', { projectId: '培训项目不存在' });
    }
    if (body.teacherId != null) {
      const t = await one<{ school_id: number }>(
        tx,
        sql`select school_id from teachers where id = ${body.teacherId} and ${teacherScope(countyOf(user), 'teachers')}`,
      );
      if (!t) throw invalid('教师不存在', { teacherId: '教师不存在' });
      if (body.schoolId != null && t.school_id !== body.schoolId)
        throw invalid('外出教师不是该校教师', { teacherId: '外出教师不是该校教师' });
    }
    const row = await one<{ id: number }>(
      tx,
      sql`insert into expenses (region_id, school_id, project_id, teacher_id, category, amount, spent_on, note, created_by)
          values (${user.regionId}, ${body.schoolId}, ${body.projectId ?? null}, ${body.teacherId ?? null}, ${body.category},
                  ${body.amount}::numeric, ${body.spentOn}::date, ${body.note ?? null}, ${user.id})
          returning id`,
    );
    const id = Number(row!.id);
    if (body.attachmentIds.length) await linkAttachments(tx, actor, body.attachmentIds, { kind: EXPENSE_OWNER, id });
    await record(tx, actor, {
      action: 'expense.create',
      entity: 'expense',
      entityId: id,
      after: { ...body, schoolId: body.schoolId ?? 'county' },
    });
    return { id };
  });
}

export async function deleteExpense(db: Db, actor: Actor, id: number) {
  const user = actor.user;
  return db.transaction(async (tx) => {
    const e = await one<ExpenseRaw>(
      tx,
      sql`select e.id, e.school_id, e.claim_id, e.category, e.amount::text as amount, e.spent_on::text as spent_on,
                 e.project_id, e.note
          from expenses e left join schools s on s.id = e.school_id
          where e.id = ${id} and ${expenseScope(user, 'e')} for update of e`,
    );
    if (!e) throw notFound('支出记录');
    assertExpenseWriter(user, e.school_id);
    if (e.claim_id != null) throw conflict(`这条支出来自报销单 #${e.claim_id}，如需撤销请退回该报销单`);
    await tx.execute(sql`delete from expenses where id = ${id}`);
    await record(tx, actor, {
      action: 'expense.delete',
      entity: 'expense',
      entityId: id,
      before: {
        schoolId: e.school_id ?? 'county',
        projectId: e.project_id,
        category: e.category,
        amount: e.amount,
        spentOn: e.spent_on,
        note: e.note,
      },
    });
  });
}

/** Whether the user may read an expense (its receipts follow the same rule). */
export async function canReadExpense(exec: Exec, user: CurrentUser, id: number): Promise<boolean> {
  if (!can(user.role, 'budgets.read')) return false;
  const r = await one<{ id: number }>(
    exec,
    sql`select e.id from expenses e left join schools s on s.id = e.school_id where e.id = ${id} and ${expenseScope(user, 'e')}`,
  );
  return !!r;
}
