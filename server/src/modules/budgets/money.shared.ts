// What the budget, expense and claim services share: the county's money settings, who may read
// and write money records (as SQL conditions), and money columns rendered as text by the database.
import type { MoneySettings } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { county, moneySettingsScope } from '../../access/scope.js';
import { type Exec, one } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { forbidden } from '../../http/errors.js';

/** A numeric expression as "1234.50" text (same from PGlite and node-postgres). */
export const money = (expr: SQL) => sql`(${expr})::numeric(14,2)::text`;

/** Timestamps as ISO-8601 UTC text. */
export const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export async function getMoneySettings(exec: Exec, regionId: number): Promise<MoneySettings> {
  const r = await one<{ training_share: string; require_report_back: boolean }>(
    exec,
    sql`select training_share::text as training_share, require_report_back from money_settings
        where ${moneySettingsScope(county(regionId))}`,
  );
  return { trainingShare: r?.training_share ?? '0.100', requireReportBack: r?.require_report_back ?? true };
}

export const isCountyWide = (u: CurrentUser) => u.role === 'county_admin' || u.role === 'leader';

/** Whether the user (budgets.write: county or school admin) may record an expense against this budget (null = the county's). */
export function assertExpenseWriter(user: CurrentUser, schoolId: number | null) {
  if (user.role === 'county_admin') return;
  if (user.role === 'school_admin' && schoolId != null && schoolId === user.schoolId) return;
  throw forbidden(schoolId == null ? '仅县级管理员可以登记县级培训支出' : '只能登记本校的培训支出');
}
