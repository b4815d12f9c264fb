// The indicators the platform computes from data it holds today (formulas: docs/metrics.md,
// "The year-end school evaluation"). The training-statistics ones come from the statistics
// module's per-school counts (one grouped query shared by all of them); the others are one grouped
// query each. Values are 0–100; a school with nothing to divide by gets "not applicable".
import { sql } from 'drizzle-orm';
import { budgetScope, county, ethicsScope, expenseScope, reportBackScope, schoolScope } from '../../access/scope.js';
import { rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { sendRateBySchool } from '../reports/send-rate.js';
import { type SchoolCounts, schoolCounts } from '../stats/summary.service.js';
import { schoolTrainingSatisfaction } from '../surveys/satisfaction.js';
import {
  type IndicatorContext,
  type IndicatorDefinition,
  type IndicatorValue,
  percent,
  registerIndicator,
} from './indicators.js';

/**
 * The statistics service answers a caller; the evaluation reads the whole county as its admin
 * would (the county's schools, every participation of the region).
 */
export function countyReader(regionId: number): CurrentUser {
  return {
    id: 0,
    username: 'system',
    displayName: '系统',
    role: 'county_admin',
    regionId,
    schoolId: null,
    areaId: null,
    consortiumId: null,
    teacherId: null,
    mustChangePassword: false,
  };
}

const statsOf = (ctx: IndicatorContext) =>
  ctx.shared('stats.schoolCounts', async () => {
    const list = await schoolCounts(
      ctx.exec,
      countyReader(ctx.regionId),
      ctx.year,
      schoolScope(county(ctx.regionId), 's'),
    );
    return new Map(list.map((c) => [c.id, c]));
  });

const yen = (n: number) => `¥${n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** An indicator that is one share of the statistics' counts. */
function statsIndicator(
  key: string,
  label: string,
  formula: string,
  part: (c: SchoolCounts) => [number, number],
  words: (n: number, d: number) => string,
): IndicatorDefinition {
  return {
    key,
    label,
    formula,
    module: 'stats',
    source: (year, schoolId) => `/stats?year=${year}&schoolId=${schoolId}`,
    async compute(ctx) {
      const counts = await statsOf(ctx);
      const out = new Map<number, IndicatorValue>();
      for (const id of ctx.schoolIds) {
        const c = counts.get(id);
        if (!c) continue;
        const [n, d] = part(c);
        out.set(id, { value: percent(n, d), numerator: n, denominator: d, evidence: words(n, d) });
      }
      return out;
    },
  };
}

export const BUILTIN_INDICATORS: IndicatorDefinition[] = [
  statsIndicator(
    'coverage',
    '培训覆盖率',
    '参训教师数 ÷ 在职教师数 × 100（当年至少有一个培训人次的在职教师）',
    (c) => [c.teachersTrained, c.teacherCount],
    (n, d) => `参训教师 ${n} 人 / 在职教师 ${d} 人`,
  ),
  {
    key: 'sendRate',
    label: '送培率',
    formula: '已选派人数 ÷ 分配名额 × 100（当年结束的项目分配给本校的名额中，已占用的名额；每个项目最多计到名额数）',
    module: 'enrolment',
    source: (year, schoolId) => `/reports/dashboard?year=${year}&schoolId=${schoolId}`,
    async compute(ctx) {
      const list = await sendRateBySchool(ctx.exec, ctx.regionId, ctx.year);
      return new Map(
        list.map((r) => [
          r.schoolId,
          {
            value: percent(r.filled, r.quota),
            numerator: r.filled,
            denominator: r.quota,
            evidence: `已选派 ${r.filled} 人 / 分配名额 ${r.quota} 个（${r.projects} 个项目）`,
          },
        ]),
      );
    },
  },
  statsIndicator(
    'attendRate',
    '参训率',
    '培训人次 ÷ 占用名额 × 100（占用名额：已报名、已结业、未结业的参训记录；培训人次：其中结业、未结业或至少签到一次的）',
    (c) => [c.levels.reduce((a, b) => a + b, 0), c.placesTaken],
    (n, d) => `培训人次 ${n} / 占用名额 ${d}`,
  ),
  statsIndicator(
    'completion',
    '结业率',
    '结业人次 ÷（结业 + 未结业）× 100',
    (c) => [c.completed, c.completed + c.failed],
    (n, d) => `结业 ${n} / 结业与未结业 ${d}`,
  ),
  statsIndicator(
    'pass',
    '合格率',
    '考核合格及以上 ÷ 已考核 × 100',
    (c) => [c.passed, c.assessed],
    (n, d) => `合格及以上 ${n} / 已考核 ${d}`,
  ),
  statsIndicator(
    'excellent',
    '优秀率',
    '考核优秀 ÷ 已考核 × 100',
    (c) => [c.excellent, c.assessed],
    (n, d) => `优秀 ${n} / 已考核 ${d}`,
  ),
  {
    key: 'reportBack',
    label: '成果转化率',
    formula: '已审核的成果汇报 ÷ 当年到期的成果汇报任务 × 100（外出培训返校后二次培训）',
    module: 'report-backs',
    source: (year, schoolId) => `/after/report-backs?year=${year}&schoolId=${schoolId}`,
    async compute(ctx) {
      const list = await rows<{ school_id: number; due: number; verified: number }>(
        ctx.exec,
        sql`select rb.school_id, count(*)::int as due, count(*) filter (where rb.status = 'verified')::int as verified
            from report_backs rb
            where ${reportBackScope(county(ctx.regionId), 'rb')}
              and rb.due_on >= ${`${ctx.year}-01-01`}::date and rb.due_on < ${`${ctx.year + 1}-01-01`}::date
            group by rb.school_id`,
      );
      return new Map(
        list.map((r) => [
          r.school_id,
          {
            value: percent(r.verified, r.due),
            numerator: r.verified,
            denominator: r.due,
            evidence: `已审核 ${r.verified} 份 / 应汇报 ${r.due} 份`,
          },
        ]),
      );
    },
  },
  {
    key: 'spendShare',
    label: '培训经费投入',
    formula:
      '当年培训支出 ÷（公用经费 × 县定培训经费比例）× 100，最高 100（比例取预算保存时的比例，未设则取县里的设置）',
    module: 'budgets',
    source: (year) => `/funds/budgets?year=${year}`,
    async compute(ctx) {
      const list = await rows<{ school_id: number; funds: string | null; share: string | null; spent: string }>(
        ctx.exec,
        sql`select b.school_id, b.public_funds::text as funds,
                   coalesce(b.share, (select ms.training_share from money_settings ms where ms.region_id = b.region_id), 0.1)::text as share,
                   coalesce((select sum(e.amount) from expenses e
                             where ${expenseScope(county(ctx.regionId), 'e')} and e.school_id = b.school_id
                               and e.spent_on >= ${`${ctx.year}-01-01`}::date
                               and e.spent_on < ${`${ctx.year + 1}-01-01`}::date), 0)::text as spent
            from budgets b
            where ${budgetScope(county(ctx.regionId), 'b')} and b.year = ${ctx.year} and b.school_id is not null`,
      );
      const out = new Map<number, IndicatorValue>();
      for (const r of list) {
        const funds = Number(r.funds ?? 0);
        const share = Number(r.share);
        const spent = Number(r.spent);
        const required = Math.round(funds * share * 100) / 100;
        out.set(r.school_id, {
          value: percent(spent, required),
          numerator: spent,
          denominator: required,
          evidence:
            required > 0
              ? `培训支出 ${yen(spent)} / 应投入 ${yen(required)}（公用经费 ${yen(funds)} × ${Math.round(share * 1000) / 10}%）`
              : '未登记公用经费',
        });
      }
      return out;
    },
  },
  {
    key: 'satisfaction',
    label: '校本培训满意度',
    formula: '本校校培项目满意度问卷中 4、5 分的评分 ÷ 全部评分 × 100（当年结束的校培项目）',
    module: 'surveys',
    source: (year) => `/surveys/satisfaction?year=${year}`,
    async compute(ctx) {
      const bySchool = await schoolTrainingSatisfaction(ctx.exec, ctx.regionId, ctx.year);
      return new Map(
        [...bySchool.entries()].map(([schoolId, r]) => [
          schoolId,
          {
            value: percent(r.satisfied, r.ratings),
            numerator: r.satisfied,
            denominator: r.ratings,
            evidence: `满意（4、5分）${r.satisfied} 项 / 评分 ${r.ratings} 项`,
          },
        ]),
      );
    },
  },
];

let registered = false;

/** Registers the built-in indicators (once; the evaluations routes call it). */
export function registerBuiltinIndicators() {
  if (registered) return;
  registered = true;
  for (const def of BUILTIN_INDICATORS) registerIndicator(def);
}

/**
 * The ethics one-vote veto (师德一票否决): schools with a violation (违反师德) on record dated in the
 * year, with what the record says.
 */
export async function vetoedSchools(ctx: IndicatorContext): Promise<Map<number, string>> {
  const list = await rows<{ school_id: number; note: string }>(
    ctx.exec,
    sql`select e.school_id,
               string_agg(to_char(e.occurred_on, 'YYYY"年"FMMM"月"FMDD"日"') || ' ' || t.name || '：' || coalesce(e.note, '违反师德'),
                          '；' order by e.occurred_on, e.id) as note
        from ethics_records e join teachers t on t.id = e.teacher_id
        where ${ethicsScope(county(ctx.regionId), 'e')} and e.kind = 'violation'
          and e.occurred_on >= ${`${ctx.year}-01-01`}::date and e.occurred_on < ${`${ctx.year + 1}-01-01`}::date
        group by e.school_id`,
  );
  return new Map(list.map((r) => [r.school_id, r.note]));
}
