// The county's settings for school-based development (joint showcases and 送教下乡 a year, the
// 五段五步 stages, when an activity counts as recorded late), its activity types, and the credit
// rule for school-based research as hours.
import {
  type CreditRuleSet,
  DEFAULT_OUTREACH_STAGES,
  type ResearchSettings,
  type ResearchSettingsBody,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import { county, researchSettingsScope } from '../../access/scope.js';
import { type Db, type Exec, one } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor } from '../../http/context.js';
import { getRuleSet } from '../credits/credits.service.js';
import { loadDictionary } from '../dictionaries/dictionaries.service.js';

export const DEFAULT_SETTINGS: ResearchSettingsBody = {
  showcasesPerYear: 1,
  outreachPerYear: 1,
  lateAfterDays: 7,
  outreachStages: [...DEFAULT_OUTREACH_STAGES],
};

/** The activity types of a county: its dictionary kind `research_activity_type`, in its order. */
export async function researchActivityTypes(exec: Exec, regionId: number): Promise<readonly string[]> {
  return (await loadDictionary(exec, regionId, ['research_activity_type'])).values('research_activity_type');
}

/**
 * The stored form of an activity's type: the county's entry (a synonym such as 听评课 becomes 观课议课),
 * or a 400 naming the field with the county's types. `keep`: the activity's current type, accepted
 * even if the county retired it since.
 */
export async function checkActivityType(
  exec: Exec,
  regionId: number,
  type: string,
  field = 'type',
  keep: string[] = [],
) {
  const dict = await loadDictionary(exec, regionId, ['research_activity_type']);
  return dict.check('research_activity_type', type, field, keep);
}

type Row = {
  showcases_per_year: number;
  outreach_per_year: number;
  late_after_days: number;
  outreach_stages: unknown;
};

/** The county's settings (the defaults until it saves its own). */
export async function loadSettings(exec: Exec, regionId: number): Promise<ResearchSettingsBody & { saved: boolean }> {
  const r = await one<Row>(
    exec,
    sql`select showcases_per_year, outreach_per_year, late_after_days, outreach_stages
        from research_settings where ${researchSettingsScope(county(regionId))}`,
  );
  if (!r) return { ...DEFAULT_SETTINGS, outreachStages: [...DEFAULT_SETTINGS.outreachStages], saved: false };
  const stages = Array.isArray(r.outreach_stages) ? (r.outreach_stages as string[]) : [...DEFAULT_OUTREACH_STAGES];
  return {
    showcasesPerYear: r.showcases_per_year,
    outreachPerYear: r.outreach_per_year,
    lateAfterDays: r.late_after_days,
    outreachStages: stages,
    saved: true,
  };
}

/** Amounts of a rule set in 学分 become hours (学分 = 学时 × creditsPerHour). */
const toHours = (rules: CreditRuleSet, v: number | null) =>
  v == null ? null : rules.unit === '学分' ? Math.round((v / rules.creditsPerHour) * 10) / 10 : v;

/** The county's rule for school-based research, in hours. */
export async function researchCreditRule(exec: Exec, regionId: number) {
  const rules = await getRuleSet(exec, regionId);
  return {
    activityCap: toHours(rules, rules.schoolResearch.activityCap),
    yearCap: toHours(rules, rules.schoolResearch.yearCap),
    ruleName: rules.name,
  };
}

/** The hours one activity of `hours` gives each participant under the rule (capped per activity). */
export const creditedHours = (hours: number, activityCap: number | null) =>
  activityCap == null ? hours : Math.min(hours, activityCap);

export async function getSettings(exec: Exec, regionId: number): Promise<ResearchSettings> {
  const [s, credit, types] = await Promise.all([
    loadSettings(exec, regionId),
    researchCreditRule(exec, regionId),
    researchActivityTypes(exec, regionId),
  ]);
  return { ...s, activityTypes: [...types], credit };
}

export async function saveSettings(db: Db, actor: Actor, body: ResearchSettingsBody): Promise<ResearchSettings> {
  const regionId = actor.user.regionId;
  await db.transaction(async (tx) => {
    const before = await loadSettings(tx, regionId);
    await tx.execute(
      sql`insert into research_settings (region_id, showcases_per_year, outreach_per_year, late_after_days,
                                         outreach_stages, updated_by, updated_at)
          values (${regionId}, ${body.showcasesPerYear}, ${body.outreachPerYear}, ${body.lateAfterDays},
                  ${JSON.stringify(body.outreachStages)}::jsonb, ${actor.user.id}, now())
          on conflict (region_id) do update set
            showcases_per_year = excluded.showcases_per_year, outreach_per_year = excluded.outreach_per_year,
            late_after_days = excluded.late_after_days, outreach_stages = excluded.outreach_stages,
            updated_by = excluded.updated_by, updated_at = now()`,
    );
    await record(tx, actor, {
      action: 'research_settings.update',
      entity: 'research_settings',
      entityId: regionId,
      before,
      after: body,
    });
  });
  return getSettings(db, regionId);
}
