// Public funds (公用经费) of every school for one year from a spreadsheet — the list a county gets
// from its finance bureau, or the budget execution export edited and sent back. Runs on the shared
// import kit (run.ts): the school column is read through the county's names and 简称, a name that
// matches no school is grouped in the preview and mapped once (remembered as the school's 简称);
// amounts in 元 or 万元 (by the header or the cell), with thousands separators or full-width digits.
// Each school's training budget is public funds × the county's share, as on the budgets page; the
// county's own row (县级培训经费) takes its 培训预算 directly. Only real changes are updates.
import { can, formatMoney, fromCents, type ImportResult, trainingBudget } from '@shixun/common';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { budgetScope, county, schoolScope } from '../../access/scope.js';
import { type Exec, rows } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor } from '../../http/context.js';
import { compileSpecs, type FieldSpec } from '../imports/headers.js';
import { type Cell, cellText } from '../imports/parse.js';
import { type ErrorReport, reportFor } from '../imports/report.js';
import {
  type ImportDeps,
  type Importer,
  type ImportOptions,
  labelsOf,
  looseName,
  type Plan,
  type PlannedRow,
  RowCtx,
  runImport,
} from '../imports/run.js';
import {
  findSchool,
  loadSchoolNames,
  readSchool,
  rememberSchoolAliases,
  type SchoolAlias,
} from '../imports/school-names.js';
import { writeBudgets } from './budgets.service.js';
import { getMoneySettings } from './money.shared.js';

type BudgetField = 'school' | 'publicFunds' | 'budget' | 'year';

export const BUDGET_FIELDS: readonly FieldSpec<BudgetField>[] = [
  {
    field: 'school',
    label: '学校',
    synonyms: [
      '学校',
      '学校名称',
      '单位',
      '单位名称',
      '预算单位',
      '预算单位名称',
      '学校（单位）',
      '学校/单位',
      '所在单位',
    ],
  },
  {
    field: 'publicFunds',
    label: '公用经费',
    synonyms: [
      '公用经费',
      '公用经费预算',
      '年度公用经费',
      '公用经费总额',
      '公用经费金额',
      '公用经费拨款',
      '生均公用经费总额',
    ],
  },
  { field: 'budget', label: '培训预算', synonyms: ['培训预算', '培训经费预算', '培训经费', '培训预算金额'] },
  { field: 'year', label: '年度', synonyms: ['年度', '年份', '预算年度'] },
];
const labels = labelsOf(BUDGET_FIELDS);

/** What the budgets export and county sheets call the county's own training budget. */
const COUNTY_NAMES = new Set(['县级培训经费', '县级', '县本级', '县级经费', '县级培训经费预算'].map(looseName));

/** 12 digits before the point, as the budgets page accepts. */
const MAX_CENTS = 10n ** 14n;

/**
 * An amount in 元 (or 万元 when the header or the cell says so) → cents, rounded half-up to the
 * fen; `rounded` when digits beyond the fen were dropped.
 */
export function parseAmount(
  cell: Cell,
  column: string,
  headerInTenThousands: boolean,
): { value: bigint; rounded: boolean } | { error: string } {
  const raw = cellText(cell);
  let t = raw.normalize('NFKC').replace(/[\s,，¥￥]/g, '');
  let scale = headerInTenThousands ? 10000n : 1n;
  if (/万元?$/.test(t)) {
    scale = 10000n;
    t = t.replace(/万元?$/, '');
  } else t = t.replace(/元$/, '');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) return { error: `${column}“${raw}”不是有效金额（应为不小于0的数字，如 125000 或 12.5万）` };
  const frac = m[2] ?? '';
  const num = BigInt(m[1]! + frac) * scale * 100n;
  const den = 10n ** BigInt(frac.length);
  const cents = (num * 2n + den) / (2n * den);
  if (cents >= MAX_CENTS) return { error: `${column}“${raw}”过大` };
  return { value: cents, rounded: num % den !== 0n };
}

function parseYear(cell: Cell): number | null {
  const m = /^(\d{4})(?:年(?:度)?)?$/.exec(cellText(cell).normalize('NFKC').replace(/\s+/g, ''));
  return m ? Number(m[1]) : null;
}

interface Stored {
  publicFunds: string | null;
  share: string | null;
  amount: string;
}

interface BudgetPlan extends Plan {
  schools: Array<{ schoolId: number; publicFunds: string }>;
  /** The county's own amount, when its row changes it. */
  county: string | null;
  schoolAliases: SchoolAlias[];
}

async function storedBudgets(exec: Exec, regionId: number, year: number) {
  const list = await rows<{
    school_id: number | null;
    public_funds: string | null;
    share: string | null;
    amount: string;
  }>(
    exec,
    sql`select school_id, public_funds::text as public_funds, share::text as share, amount::text as amount
        from budgets b where ${budgetScope(county(regionId), 'b')} and b.year = ${year}`,
  );
  return new Map<number | null, Stored>(
    list.map((b) => [b.school_id, { publicFunds: b.public_funds, share: b.share, amount: b.amount }]),
  );
}

const yuan = (v: string | null | undefined) => (v == null ? '空' : `¥${formatMoney(v)}`);
const sameMoney = (a: string | null | undefined, b: string | null | undefined) =>
  a != null && b != null && formatMoney(a) === formatMoney(b);

function budgetImporter(year: number): Importer<BudgetField, BudgetPlan> {
  return {
    kind: 'budgets.import',
    entity: 'budget',
    match: compileSpecs(BUDGET_FIELDS),
    specs: BUDGET_FIELDS,
    examples: '学校、公用经费',
    requiredColumns: ['school', 'publicFunds'],
    async plan(deps, user, sheet, _job, terms) {
      const regionId = user.regionId;
      const finder = findSchool(await loadSchoolNames(deps.db, regionId));
      const stored = await storedBudgets(deps.db, regionId, year);
      const { trainingShare } = await getMoneySettings(deps.db, regionId);
      const fundsInWan = /万元/.test(sheet.columns.publicFunds?.text ?? '');
      const budgetInWan = /万元/.test(sheet.columns.budget?.text ?? '');
      const schoolAliases = new Map<string, SchoolAlias>();
      const firstRowOf = new Map<string, number>();
      const plan: BudgetPlan = {
        rows: [],
        errors: [],
        warnings: [],
        writeCount: 0,
        schools: [],
        county: null,
        schoolAliases: [],
      };

      const amountOf = (r: RowCtx<BudgetField>, f: 'publicFunds' | 'budget') => {
        const p = parseAmount(r.cell(f), r.column(f), f === 'publicFunds' ? fundsInWan : budgetInWan);
        if ('error' in p) {
          r.err(f, p.error);
          return undefined;
        }
        const v = fromCents(p.value);
        if (p.rounded) r.warn(f, `${r.column(f)}“${r.text(f)}”按分四舍五入为 ${yuan(v)}`);
        return v;
      };

      for (const row of sheet.rows) {
        const r = new RowCtx(row, sheet.columns, labels);
        const push = (action: PlannedRow['action'], label: string, changes?: PlannedRow['changes']) => {
          plan.errors.push(...r.errors);
          plan.warnings!.push(...r.warnings);
          plan.rows.push({ row: row.row, action, label, ...(changes?.length ? { changes } : {}) });
        };
        if (r.has('year')) {
          const y = parseYear(r.cell('year'));
          if (y == null) r.err('year', `${r.column('year')}“${r.text('year')}”应为四位年份，如 ${year}`);
          else if (y !== year) r.err('year', `${r.column('year')} ${y} 与本次导入的 ${year} 年不符`);
        }
        if (!r.has('school')) {
          r.err('school', '学校不能为空');
          push('error', '（未识别）');
          continue;
        }
        const raw = r.text('school');

        if (COUNTY_NAMES.has(looseName(raw))) {
          // The county's own budget is an amount, not a share of public funds.
          const key = 'county';
          const prev = firstRowOf.get(key);
          if (prev !== undefined) r.err('school', `与第${prev}行都是县级培训经费`);
          else firstRowOf.set(key, row.row);
          const amount = r.has('budget') ? amountOf(r, 'budget') : undefined;
          if (r.errors.length) {
            push('error', `县级培训经费`);
            continue;
          }
          const before = stored.get(null);
          if (amount === undefined) {
            r.warn('budget', '县级培训经费按金额填写“培训预算”列；本行没有，未修改');
            push('skip', `县级培训经费：${yuan(before?.amount)}（未修改）`);
          } else if (before && sameMoney(before.amount, amount)) {
            push('skip', `县级培训经费：${yuan(amount)}`);
          } else {
            plan.county = amount;
            plan.writeCount++;
            push(before ? 'update' : 'create', `县级培训经费：${yuan(amount)}`, [
              { field: labels.budget, before: yuan(before?.amount), after: yuan(amount) },
            ]);
          }
          continue;
        }

        const school = readSchool(r, 'school', finder, terms, can(user.role, 'org.manage') ? schoolAliases : undefined);
        if (school) {
          const prev = firstRowOf.get(`s${school.id}`);
          if (prev !== undefined) r.err('school', `与第${prev}行是同一学校（${school.name}）`);
          else firstRowOf.set(`s${school.id}`, row.row);
        }
        if (!r.has('publicFunds') && school && !r.errors.length) {
          // A school left blank (the year's template lists every school) keeps what it has.
          push('skip', `${school.name}：未填写公用经费，不修改`);
          continue;
        }
        const funds = r.has('publicFunds') ? amountOf(r, 'publicFunds') : undefined;
        if (!school || funds === undefined || r.errors.length) {
          push('error', school?.name ?? raw);
          continue;
        }
        const budget = trainingBudget(funds, trainingShare);
        if (r.has('budget')) {
          const stated = amountOf(r, 'budget');
          if (stated !== undefined && !sameMoney(stated, budget)) {
            r.warn(
              'budget',
              `培训预算按公用经费 × ${Number(trainingShare) * 100}% 计算为 ${yuan(budget)}，表中的 ${yuan(stated)} 未采用`,
            );
          }
        }
        const before = stored.get(school.id);
        const label = `${school.name}：公用经费 ${yuan(funds)}，培训预算 ${yuan(budget)}`;
        if (before && sameMoney(before.publicFunds, funds) && before.share === trainingShare) {
          push('skip', label);
          continue;
        }
        plan.schools.push({ schoolId: school.id, publicFunds: funds });
        plan.writeCount++;
        const changes: NonNullable<PlannedRow['changes']> = [];
        if (before) {
          if (!sameMoney(before.publicFunds, funds)) {
            changes.push({ field: labels.publicFunds, before: yuan(before.publicFunds), after: yuan(funds) });
          }
          if (!sameMoney(before.amount, budget)) {
            changes.push({ field: labels.budget, before: yuan(before.amount), after: yuan(budget) });
          }
        }
        push(before ? 'update' : 'create', label, changes);
      }
      plan.schoolAliases = [...schoolAliases.values()];
      return plan;
    },
    async write(tx, _deps, actor, plan, job, summary) {
      const r = await writeBudgets(tx, actor, year, plan.schools, plan.county == null ? null : { amount: plan.county });
      job.progress(plan.writeCount);
      await rememberSchoolAliases(tx, actor.user.regionId, plan.schoolAliases);
      await record(tx, actor, [
        {
          action: 'budget.import',
          entity: 'budget',
          entityId: String(year),
          after: {
            ...summary,
            year,
            trainingShare: r.trainingShare,
            ...(plan.schoolAliases.length ? { schoolAliases: plan.schoolAliases } : {}),
          },
        },
        ...r.entries,
      ]);
    },
  };
}

/** Imports a year's public funds. Throws IMPORT_HAS_ERRORS (422) when committing a file with errors without skipInvalid. */
export function importBudgets(
  deps: ImportDeps,
  actor: Actor,
  year: number,
  buffer: Buffer,
  filename: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  return runImport(deps, actor, buffer, filename, opts, budgetImporter(year));
}

export function budgetErrorReport(
  deps: ImportDeps,
  actor: Actor,
  year: number,
  buffer: Buffer,
  filename: string,
): Promise<ErrorReport> {
  return reportFor(deps, actor, buffer, filename, budgetImporter(year));
}

/** The year's sheet to fill in: every school of the county (and the county's own row) with what is set. */
export async function budgetTemplate(exec: Exec, regionId: number, year: number): Promise<Buffer> {
  const schools = await rows<{ name: string; public_funds: string | null }>(
    exec,
    sql`select s.name, b.public_funds::text as public_funds from schools s
        left join budgets b on b.region_id = s.region_id and b.year = ${year} and b.school_id = s.id
        where ${schoolScope(county(regionId), 's')} order by s.name, s.id`,
  );
  const own = (await storedBudgets(exec, regionId, year)).get(null);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${year}年公用经费`);
  ws.columns = [
    { header: '学校', width: 32 },
    { header: '公用经费（元）', width: 18 },
    { header: '培训预算（元）', width: 18 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.addRow(['县级培训经费', null, own ? Number(own.amount) : null]);
  for (const s of schools) ws.addRow([s.name, s.public_funds == null ? null : Number(s.public_funds), null]);
  ws.getColumn(2).numFmt = '#,##0.00';
  ws.getColumn(3).numFmt = '#,##0.00';
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', width: 16 },
    { header: '是否必填', width: 10 },
    { header: '说明', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const n of [
    ['学校', '必填', '学校全称或简称；对不上的名称可在导入预检中对应到已有学校，之后的导入自动识别'],
    [
      '公用经费（元）',
      '必填',
      `该校 ${year} 年公用经费；表头写“万元”时按万元计。培训预算 = 公用经费 × 本县培训经费比例`,
    ],
    ['培训预算（元）', '选填', '只用于“县级培训经费”一行（县级经费直接填写金额）；学校的培训预算按比例计算'],
    ['年度', '选填', `如填写，须为 ${year}`],
  ]) {
    help.addRow(n);
  }
  help.getColumn(3).alignment = { wrapText: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
