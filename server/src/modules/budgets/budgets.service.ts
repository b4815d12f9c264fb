// Budgets (公用经费 × training share), the county's money settings, and budget execution: what each
// school (and the county itself) has spent of its training budget, in total and by category.
// Every amount is summed and rounded in SQL (numeric) and leaves as text.
import type {
  BudgetDetail,
  BudgetOverview,
  BudgetOverviewQuery,
  BudgetRow,
  budgetPutBody,
  ExpenseCategory,
  MoneySettings,
  MoneySettingsBody,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { budgetScope, county, countyOf, expenseScope, schoolScope } from '../../access/scope.js';
import { type Db, type Exec, intArray, one, rows, type Tx, textArray } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { invalid, notFound } from '../../http/errors.js';
import { likeEscape } from '../../http/pagination.js';
import { getMoneySettings, isCountyWide, money } from './money.shared.js';

// ---------- settings ----------

export async function readSettings(exec: Exec, user: CurrentUser): Promise<MoneySettings> {
  return getMoneySettings(exec, user.regionId);
}

export async function saveSettings(db: Db, actor: Actor, body: MoneySettingsBody): Promise<MoneySettings> {
  const regionId = actor.user.regionId;
  return db.transaction(async (tx) => {
    const before = await getMoneySettings(tx, regionId);
    const after: MoneySettings = {
      trainingShare: body.trainingShare ?? before.trainingShare,
      requireReportBack: body.requireReportBack ?? before.requireReportBack,
    };
    await tx.execute(
      sql`insert into money_settings (region_id, training_share, require_report_back, updated_by)
          values (${regionId}, ${after.trainingShare}::numeric, ${after.requireReportBack}, ${actor.user.id})
          on conflict (region_id) do update set training_share = excluded.training_share,
            require_report_back = excluded.require_report_back, updated_by = excluded.updated_by, updated_at = now()`,
    );
    let recomputed = 0;
    if (body.recomputeYear != null) {
      const r = await rows<{ id: number }>(
        tx,
        sql`update budgets set share = ${after.trainingShare}::numeric,
              amount = round(public_funds * ${after.trainingShare}::numeric, 2), updated_by = ${actor.user.id}, updated_at = now()
            where ${budgetScope(county(regionId), 'budgets')} and year = ${body.recomputeYear} and school_id is not null
              and public_funds is not null
            returning id`,
      );
      recomputed = r.length;
    }
    const settings = await getMoneySettings(tx, regionId);
    await record(tx, actor, {
      action: 'money.settings',
      entity: 'money_settings',
      entityId: regionId,
      before,
      after: { ...settings, ...(body.recomputeYear != null ? { recomputeYear: body.recomputeYear, recomputed } : {}) },
    });
    return settings;
  });
}

// ---------- overview ----------

/** Expenses `e` dated inside the calendar year (budgets are per calendar year, as public funds are). */
export const inYear = (year: number) =>
  sql`e.spent_on >= ${`${year}-01-01`}::date and e.spent_on < ${`${year + 1}-01-01`}::date`;

/** Spending per budget holder (school id, 0 = county) in the year, for the region. */
const spentSql = (regionId: number, year: number) =>
  sql`(select coalesce(e.school_id, 0) as holder, sum(e.amount) as spent from expenses e
       where ${expenseScope(county(regionId), 'e')} and ${inYear(year)}
       group by coalesce(e.school_id, 0))`;

const rowColumns = sql`${money(sql`b.public_funds`)} as public_funds, b.share::text as share,
  ${money(sql`b.amount`)} as budget, ${money(sql`coalesce(x.spent, 0)`)} as spent,
  ${money(sql`b.amount - coalesce(x.spent, 0)`)} as remaining,
  case when b.amount > 0 then round(coalesce(x.spent, 0) * 100 / b.amount, 1)::float8 end as rate`;

interface RawRow {
  school_id: number | null;
  school_name: string;
  area_name: string | null;
  public_funds: string | null;
  share: string | null;
  budget: string | null;
  spent: string;
  remaining: string | null;
  rate: number | null;
}

const present = (r: RawRow): BudgetRow => ({
  schoolId: r.school_id,
  schoolName: r.school_name,
  areaName: r.area_name,
  publicFunds: r.public_funds,
  share: r.share,
  budget: r.budget,
  spent: r.spent,
  remaining: r.remaining,
  rate: r.rate == null ? null : Number(r.rate),
});

function schoolFilter(user: CurrentUser, q: { areaId?: number; q?: string }): SQL {
  const c: SQL[] = [schoolScope(user, 's')];
  if (q.areaId) c.push(sql`s.area_id = ${q.areaId}`);
  if (q.q) c.push(sql`s.name like ${`%${likeEscape(q.q)}%`}`);
  return sql.join(c, sql` and `);
}

async function countyRow(exec: Exec, user: CurrentUser, year: number): Promise<BudgetRow> {
  const r = await one<RawRow>(
    exec,
    sql`select null::int as school_id, '县级培训经费' as school_name, null::text as area_name, ${rowColumns}
        from (select 1) one
        left join budgets b on ${budgetScope(user, 'b')} and b.year = ${year} and b.school_id is null
        left join ${spentSql(user.regionId, year)} x on x.holder = 0`,
  );
  return present(r!);
}

/** Every school in scope with its budget and execution; one page, plus totals over all of them. */
export async function budgetOverview(exec: Exec, user: CurrentUser, q: BudgetOverviewQuery): Promise<BudgetOverview> {
  const where = schoolFilter(user, q);
  const from = sql`from schools s left join areas a on a.id = s.area_id
    left join budgets b on b.region_id = s.region_id and b.year = ${q.year} and b.school_id = s.id
    left join ${spentSql(user.regionId, q.year)} x on x.holder = s.id
    where ${where}`;
  const items = await rows<RawRow>(
    exec,
    sql`select s.id as school_id, s.name as school_name, a.name as area_name, ${rowColumns}
        ${from} order by a.name, s.name, s.id limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const t = await one<{
    n: number;
    with_budget: number;
    public_funds: string;
    budget: string;
    spent: string;
    remaining: string;
    rate: number | null;
  }>(
    exec,
    sql`select count(*)::int as n, count(b.id)::int as with_budget,
          ${money(sql`coalesce(sum(b.public_funds), 0)`)} as public_funds, ${money(sql`coalesce(sum(b.amount), 0)`)} as budget,
          ${money(sql`coalesce(sum(x.spent), 0)`)} as spent,
          ${money(sql`coalesce(sum(b.amount), 0) - coalesce(sum(x.spent), 0)`)} as remaining,
          case when sum(b.amount) > 0 then round(coalesce(sum(x.spent), 0) * 100 / sum(b.amount), 1)::float8 end as rate
        ${from}`,
  );
  const settings = await getMoneySettings(exec, user.regionId);
  return {
    year: q.year,
    trainingShare: settings.trainingShare,
    items: items.map(present),
    total: t?.n ?? 0,
    county: isCountyWide(user) ? await countyRow(exec, user, q.year) : null,
    totals: {
      publicFunds: t?.public_funds ?? '0.00',
      budget: t?.budget ?? '0.00',
      spent: t?.spent ?? '0.00',
      remaining: t?.remaining ?? '0.00',
      rate: t?.rate == null ? null : Number(t.rate),
      schools: t?.n ?? 0,
      schoolsWithBudget: t?.with_budget ?? 0,
    },
  };
}

/** All rows in scope (export): the county's own first for county-wide roles. */
export async function* budgetExportRows(exec: Exec, user: CurrentUser, year: number): AsyncIterable<BudgetRow> {
  if (isCountyWide(user)) yield await countyRow(exec, user, year);
  const pageSize = 500;
  for (let page = 1; ; page++) {
    const r = await budgetOverview(exec, user, { year, page, pageSize });
    for (const x of r.items) yield x;
    if (page * pageSize >= r.total) break;
  }
}

// ---------- detail: by category and project ----------

export async function budgetDetail(
  exec: Exec,
  user: CurrentUser,
  year: number,
  schoolId: number | undefined,
): Promise<BudgetDetail> {
  let row: BudgetRow;
  if (schoolId == null) {
    if (!isCountyWide(user)) throw notFound('县级培训经费');
    row = await countyRow(exec, user, year);
  } else {
    const r = await one<RawRow>(
      exec,
      sql`select s.id as school_id, s.name as school_name, a.name as area_name, ${rowColumns}
          from schools s left join areas a on a.id = s.area_id
          left join budgets b on b.region_id = s.region_id and b.year = ${year} and b.school_id = s.id
          left join ${spentSql(user.regionId, year)} x on x.holder = s.id
          where s.id = ${schoolId} and ${schoolScope(user, 's')}`,
    );
    if (!r) throw notFound('学校');
    row = present(r);
  }
  const holder = schoolId == null ? sql`e.school_id is null` : sql`e.school_id = ${schoolId}`;
  // The holder was checked above (a school in scope, or the county for county-wide roles).
  const base = sql`${expenseScope(countyOf(user), 'e')} and ${holder} and ${inYear(year)}`;
  const byCategory = await rows<{ category: ExpenseCategory; amount: string; count: number }>(
    exec,
    sql`select e.category, ${money(sql`sum(e.amount)`)} as amount, count(*)::int as count
        from expenses e where ${base} group by e.category order by sum(e.amount) desc, e.category`,
  );
  const byProject = await rows<{ project_id: number | null; project_name: string | null; amount: string }>(
    exec,
    sql`select e.project_id, p.name as project_name, ${money(sql`sum(e.amount)`)} as amount
        from expenses e left join projects p on p.id = e.project_id
        where ${base} group by e.project_id, p.name order by sum(e.amount) desc limit 50`,
  );
  return {
    ...row,
    year,
    byCategory,
    byProject: byProject.map((p) => ({ projectId: p.project_id, projectName: p.project_name, amount: p.amount })),
  };
}

// ---------- setting budgets (all schools at once) ----------

type BudgetPut = z.output<typeof budgetPutBody>;

/**
 * Saves public funds for many schools (budget = round(public funds × the county's share, 2)) and the
 * county's own amount, in one transaction with multi-row statements. Empty public funds clear a
 * school's budget for the year.
 */
export async function saveBudgets(db: Db, actor: Actor, body: BudgetPut) {
  const regionId = actor.user.regionId;
  const seen = new Set<string>();
  for (const [i, it] of body.items.entries()) {
    const key = String(it.schoolId);
    if (seen.has(key)) throw invalid(`第 ${i + 1} 行：学校重复`, { [`items.${i}.schoolId`]: '学校重复' });
    seen.add(key);
    if (it.schoolId == null && it.publicFunds != null)
      throw invalid('县级培训经费直接填写预算金额（amount），不按公用经费计算', {
        [`items.${i}.amount`]: '请填写金额',
      });
    if (it.schoolId != null && it.amount != null)
      throw invalid(`第 ${i + 1} 行：学校的培训预算由公用经费 × 比例计算，请填写公用经费`, {
        [`items.${i}.publicFunds`]: '请填写公用经费',
      });
  }
  const schoolItems = body.items.filter((x) => x.schoolId != null) as SchoolFunds[];
  const countyItem = body.items.find((x) => x.schoolId == null);
  return db.transaction(async (tx) => {
    const ids = schoolItems.map((x) => x.schoolId);
    if (ids.length) {
      const found = await rows<{ id: number }>(
        tx,
        sql`select id from schools where ${schoolScope(county(regionId), 'schools')} and id = any(${intArray(ids)})`,
      );
      const ok = new Set(found.map((x) => x.id));
      const bad = ids.filter((x) => !ok.has(x));
      if (bad.length) throw invalid(`学校不存在：${bad.join('、')}`);
    }
    const r = await writeBudgets(
      tx,
      actor,
      body.year,
      schoolItems,
      countyItem ? { amount: countyItem.amount ?? null } : null,
    );
    await record(tx, actor, r.entries);
    return { saved: r.entries.length, trainingShare: r.trainingShare };
  });
}

/** A school's public funds for the year; null clears its budget. */
export interface SchoolFunds {
  schoolId: number;
  publicFunds?: string | null;
}

/**
 * Writes schools' public funds (budget = round(public funds × the county's share, 2)) and the
 * county's own amount for one year with multi-row statements, inside the caller's transaction
 * (the schools are the caller's to check). Returns a `budget.set` audit entry per budget that changed.
 */
export async function writeBudgets(
  tx: Tx,
  actor: Actor,
  year: number,
  schoolItems: readonly SchoolFunds[],
  countyItem: { amount: string | null } | null,
) {
  const regionId = actor.user.regionId;
  const ids = schoolItems.map((x) => x.schoolId);
  const { trainingShare } = await getMoneySettings(tx, regionId);
  const current = () =>
    rows<{ school_id: number | null; public_funds: string | null; amount: string }>(
      tx,
      sql`select school_id, public_funds::text as public_funds, amount::text as amount from budgets
          where ${budgetScope(county(regionId), 'budgets')} and year = ${year}
            and (school_id = any(${intArray(ids)}) ${countyItem ? sql`or school_id is null` : sql``})`,
    );
  const before = await current();
  const beforeOf = new Map(before.map((b) => [String(b.school_id), b]));
  const set = schoolItems.filter((x) => x.publicFunds != null);
  const cleared = schoolItems.filter((x) => x.publicFunds == null).map((x) => x.schoolId);
  if (set.length) {
    await tx.execute(
      sql`insert into budgets (region_id, school_id, year, public_funds, share, amount, updated_by)
          select ${regionId}, x.school_id, ${year}, x.funds, ${trainingShare}::numeric,
                 round(x.funds * ${trainingShare}::numeric, 2), ${actor.user.id}
          from unnest(${intArray(set.map((x) => x.schoolId))}, ${textArray(set.map((x) => x.publicFunds!))}::numeric[])
            as x(school_id, funds)
          on conflict (region_id, year, school_id) where school_id is not null do update set
            public_funds = excluded.public_funds, share = excluded.share, amount = excluded.amount,
            updated_by = excluded.updated_by, updated_at = now()`,
    );
  }
  if (cleared.length) {
    await tx.execute(
      sql`delete from budgets where ${budgetScope(county(regionId), 'budgets')} and year = ${year}
          and school_id = any(${intArray(cleared)})`,
    );
  }
  if (countyItem) {
    if (countyItem.amount == null) {
      await tx.execute(
        sql`delete from budgets where ${budgetScope(county(regionId), 'budgets')} and year = ${year} and school_id is null`,
      );
    } else {
      await tx.execute(
        sql`insert into budgets (region_id, school_id, year, amount, updated_by)
            values (${regionId}, null, ${year}, ${countyItem.amount}::numeric, ${actor.user.id})
            on conflict (region_id, year) where school_id is null do update set
              amount = excluded.amount, updated_by = excluded.updated_by, updated_at = now()`,
      );
    }
  }
  const afterOf = new Map((await current()).map((b) => [String(b.school_id), b]));
  const keys: Array<number | null> = [...ids, ...(countyItem ? [null] : [])];
  const entries = keys
    .map((schoolId) => {
      const k = String(schoolId);
      const b = beforeOf.get(k) ?? null;
      const a = afterOf.get(k) ?? null;
      if (JSON.stringify(b) === JSON.stringify(a)) return null;
      return {
        action: 'budget.set',
        entity: 'budget',
        entityId: `${year}:${schoolId ?? 'county'}`,
        before: b,
        after: a ? { ...a, year, share: schoolId == null ? null : trainingShare } : null,
      };
    })
    .filter((x) => x != null);
  return { entries, trainingShare };
}
