// All SQL of the yearly audit table: the grouped ledger query, the table rows, the county list.
import {
  AUDIT_LEVEL_KEYS,
  AUDIT_SOURCE_KEYS,
  type AuditLevelKey,
  type AuditRow,
  type AuditSourceKey,
  type AuditTableListQuery,
  type AuditTotals,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { county, schoolScope, teacherScope } from '../../access/scope.js';
import { type Exec, one, rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';

/** Timestamps as ISO-8601 UTC text, identical from PGlite and node-postgres. */
export const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Ledger `level` → column: projects write 国培…校培, other postings may write the English keys. */
const LEVEL_VALUES: Record<Exclude<AuditLevelKey, 'other'>, string[]> = {
  national: ['国培', 'national'],
  provincial: ['省培', 'provincial'],
  prefectural: ['市州培', 'prefectural'],
  county: ['县培', 'county'],
  school: ['校培', 'school'],
};
const KNOWN_LEVELS = Object.values(LEVEL_VALUES).flat();

const inList = (col: SQL, values: string[]) =>
  sql.join([
    col,
    sql` in (`,
    sql.join(
      values.map((v) => sql`${v}`),
      sql`, `,
    ),
    sql`)`,
  ]);

/**
 * `sum(hours) filter (…)` for every level and source column over ledger rows aliased `c`:
 * reversals carry negative hours with the same level and source, so each column is net.
 */
function hourColumns(creditsPerHour: number | null = null): SQL {
  const level = sql.raw('c.level');
  const source = sql.raw('c.source');
  const cols: SQL[] = [];
  for (const k of AUDIT_LEVEL_KEYS) {
    const cond =
      k === 'other' ? sql`(${level} is null or not ${inList(level, KNOWN_LEVELS)})` : inList(level, LEVEL_VALUES[k]);
    cols.push(sql`coalesce(sum(c.hours) filter (where ${cond}), 0)::float8 as ${sql.raw(`l_${k}`)}`);
  }
  for (const k of AUDIT_SOURCE_KEYS) {
    cols.push(sql`coalesce(sum(c.hours) filter (where ${source} = ${k}), 0)::float8 as ${sql.raw(`s_${k}`)}`);
  }
  cols.push(sql`coalesce(sum(c.hours), 0)::float8 as total`);
  // In 学分: an entry's own credits when it carries them, else its hours at the county's rate.
  cols.push(
    creditsPerHour == null
      ? sql`coalesce(sum(c.hours), 0)::float8 as counted`
      : sql`coalesce(sum(coalesce(c.credits, c.hours * ${creditsPerHour}::float8)), 0)::float8 as counted`,
  );
  return sql.join(cols, sql`, `);
}

type HourRow = { [K in `l_${AuditLevelKey}` | `s_${AuditSourceKey}`]: number | string } & {
  total: number | string;
  counted: number | string;
};

const round1 = (n: number) => Math.round(n * 10) / 10;

/** What the table measures against: the county's rule set, reduced to the annual requirement. */
export interface AuditRule {
  annualMinimum: number | null;
  unit: '学时' | '学分';
  creditsPerHour: number;
  name: string;
}

function hoursOf(r: HourRow) {
  const byLevel = Object.fromEntries(AUDIT_LEVEL_KEYS.map((k) => [k, round1(Number(r[`l_${k}`]))])) as Record<
    AuditLevelKey,
    number
  >;
  const bySource = Object.fromEntries(AUDIT_SOURCE_KEYS.map((k) => [k, round1(Number(r[`s_${k}`]))])) as Record<
    AuditSourceKey,
    number
  >;
  return { byLevel, bySource, total: round1(Number(r.total)), counted: round1(Number(r.counted)) };
}

/**
 * One row per teacher of the school in the school year — those in post now, and those who left
 * (retired, transferred out) during it — with net hours by level and by source. One grouped query.
 */
export async function computeAuditRows(
  exec: Exec,
  regionId: number,
  schoolId: number,
  range: { start: string; end: string },
  rule: AuditRule,
): Promise<AuditRow[]> {
  const list = await rows<
    HourRow & { id: number; name: string; id_masked: string; subject: string; title: string | null }
  >(
    exec,
    sql`select t.id, t.name, t.id_masked, t.subject, t.title,
               ${hourColumns(rule.unit === '学分' ? rule.creditsPerHour : null)}
        from teachers t
        left join credit_ledger c on c.teacher_id = t.id and c.region_id = t.region_id
             and c.occurred_on >= ${range.start}::date and c.occurred_on <= ${range.end}::date
        where ${teacherScope(county(regionId), 't')} and t.school_id = ${schoolId}
          and (t.status = '在职' or t.status_date >= ${range.start}::date)
          and (t.hire_date is null or t.hire_date <= ${range.end}::date)
        group by t.id
        order by t.name, t.id`,
  );
  return list.map((r) => {
    const h = hoursOf(r);
    return {
      teacherId: r.id,
      name: r.name,
      idNumberMasked: r.id_masked,
      subject: r.subject,
      title: r.title,
      ...h,
      met: rule.annualMinimum == null ? null : h.counted >= rule.annualMinimum,
    };
  });
}

export function totalsOf(list: AuditRow[]): AuditTotals {
  const byLevel = Object.fromEntries(AUDIT_LEVEL_KEYS.map((k) => [k, 0])) as Record<AuditLevelKey, number>;
  const bySource = Object.fromEntries(AUDIT_SOURCE_KEYS.map((k) => [k, 0])) as Record<AuditSourceKey, number>;
  let total = 0;
  let counted = 0;
  let met = 0;
  let notMet = 0;
  for (const r of list) {
    for (const k of AUDIT_LEVEL_KEYS) byLevel[k] += r.byLevel[k];
    for (const k of AUDIT_SOURCE_KEYS) bySource[k] += r.bySource[k];
    total += r.total;
    counted += r.counted;
    if (r.met === true) met++;
    if (r.met === false) notMet++;
  }
  for (const k of AUDIT_LEVEL_KEYS) byLevel[k] = round1(byLevel[k]);
  for (const k of AUDIT_SOURCE_KEYS) bySource[k] = round1(bySource[k]);
  return { teachers: list.length, met, notMet, byLevel, bySource, total: round1(total), counted: round1(counted) };
}

/** Net hours of one teacher per school year (1 Sep – 31 Aug), by level and source: the archive's credits. */
export async function hoursBySchoolYear(exec: Exec, teacherId: number) {
  const list = await rows<HourRow & { school_year: number }>(
    exec,
    sql`select y.school_year, ${hourColumns()}
        from credit_ledger c
        cross join lateral (
          select (extract(year from c.occurred_on)::int - case when extract(month from c.occurred_on) < 9 then 1 else 0 end)
                 as school_year
        ) y
        where c.teacher_id = ${teacherId}
        group by y.school_year
        order by y.school_year desc`,
  );
  return list.map((r) => ({ schoolYear: Number(r.school_year), ...hoursOf(r) }));
}

// ---------- the school and its table ----------

export interface SchoolRow {
  id: number;
  name: string;
  area_name: string | null;
}

/** The school if the caller may see it (scope in SQL). */
export async function findSchoolInScope(exec: Exec, user: CurrentUser, schoolId: number) {
  return one<SchoolRow>(
    exec,
    sql`select s.id, s.name, a.name as area_name from schools s left join areas a on a.id = s.area_id
        where s.id = ${schoolId} and ${schoolScope(user, 's')}`,
  );
}

export interface TableRow {
  id: number;
  status: 'draft' | 'submitted' | 'signed_off' | 'returned';
  annual_minimum: number | string | null;
  rule_name: string | null;
  snapshot: { rows: AuditRow[]; totals: AuditTotals; unit?: '学时' | '学分' } | null;
  generated_at: string;
  generated_by: string | null;
  submitted_at: string | null;
  submitted_by: string | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
  return_reason: string | null;
}

export async function findTable(exec: Exec, schoolId: number, year: number, lock = false) {
  return one<TableRow>(
    exec,
    sql`select x.id, x.status, x.annual_minimum, x.rule_name, x.snapshot,
               ${iso(sql`x.generated_at`)} as generated_at, ug.display_name as generated_by,
               ${iso(sql`x.submitted_at`)} as submitted_at, us.display_name as submitted_by,
               ${iso(sql`x.reviewed_at`)} as reviewed_at, ur.display_name as reviewed_by,
               x.return_reason
        from credit_audit_tables x
        left join users ug on ug.id = x.generated_by
        left join users us on us.id = x.submitted_by
        left join users ur on ur.id = x.reviewed_by
        where x.school_id = ${schoolId} and x.school_year = ${year}
        ${lock ? sql`for update of x` : sql``}`,
  );
}

// ---------- the county's list ----------

const statusExpr = sql`coalesce(x.status, 'none')`;

function listWhere(user: CurrentUser, q: AuditTableListQuery): SQL {
  const where: SQL[] = [schoolScope(user, 's')];
  if (q.areaId) where.push(sql`s.area_id = ${q.areaId}`);
  if (q.q) where.push(sql`s.name like ${`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  return sql.join(where, sql` and `);
}

export async function listTables(exec: Exec, user: CurrentUser, q: AuditTableListQuery) {
  const where = listWhere(user, q);
  const from = sql`from schools s left join areas a on a.id = s.area_id
                   left join credit_audit_tables x on x.school_id = s.id and x.school_year = ${q.year}`;
  const statusCond = q.status ? sql` and ${statusExpr} = ${q.status}` : sql``;
  const items = await rows<{
    id: number | null;
    school_id: number;
    school_name: string;
    area_id: number | null;
    area_name: string | null;
    status: string;
    teachers: number | null;
    met: number | null;
    submitted_at: string | null;
    reviewed_at: string | null;
    return_reason: string | null;
  }>(
    exec,
    sql`select x.id, s.id as school_id, s.name as school_name, a.id as area_id, a.name as area_name,
               ${statusExpr} as status,
               (x.snapshot->'totals'->>'teachers')::int as teachers,
               case when x.annual_minimum is null then null else (x.snapshot->'totals'->>'met')::int end as met,
               ${iso(sql`x.submitted_at`)} as submitted_at, ${iso(sql`x.reviewed_at`)} as reviewed_at, x.return_reason
        ${from}
        where ${where}${statusCond}
        order by case ${statusExpr} when 'submitted' then 0 when 'returned' then 1 when 'draft' then 2
                   when 'none' then 3 else 4 end, a.name, s.name, s.id
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const counts = await rows<{ status: string; n: number }>(
    exec,
    sql`select ${statusExpr} as status, count(*)::int as n ${from} where ${where} group by 1`,
  );
  const byStatus = { none: 0, draft: 0, submitted: 0, signed_off: 0, returned: 0 };
  for (const c of counts) if (c.status in byStatus) byStatus[c.status as keyof typeof byStatus] = Number(c.n);
  const total = q.status ? byStatus[q.status] : Object.values(byStatus).reduce((a, b) => a + b, 0);
  return { items, total, counts: byStatus };
}
