// A county's credit rule set: stored whole (preset + every edited value) in credit_rule_sets;
// a county that never saved one runs on the national preset.
import {
  type CreditRuleSet,
  type CreditRulesResponse,
  creditRuleSet,
  DEFAULT_RULE_PRESET,
  overriddenPaths,
  presetRules,
  RULE_PRESETS,
  type RulePreset,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import { county, creditRuleScope } from '../../access/scope.js';
import { type Db, type Exec, one } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor } from '../../http/context.js';
import { rebuildTotals } from './totals.js';

type Row = { preset: string; rules: unknown; updated_at: string | Date };

/** A stored rule set, or its preset when it no longer parses. */
export function parseStoredRules(r: Pick<Row, 'preset' | 'rules'>): CreditRuleSet {
  const parsed = creditRuleSet.safeParse(r.rules);
  if (parsed.success) return parsed.data;
  // A rule set written by an older version: start again from its preset rather than fail.
  const preset = (RULE_PRESETS as readonly string[]).includes(r.preset)
    ? (r.preset as RulePreset)
    : DEFAULT_RULE_PRESET;
  return presetRules(preset);
}

async function loadRow(exec: Exec, regionId: number) {
  return one<Row>(
    exec,
    sql`select preset, rules, updated_at from credit_rule_sets where ${creditRuleScope(county(regionId))}`,
  );
}

/** The rule set in force in a region (the national preset until the county saves one). */
export async function getRuleSet(exec: Exec, regionId: number): Promise<CreditRuleSet> {
  const r = await loadRow(exec, regionId);
  return r ? parseStoredRules(r) : presetRules(DEFAULT_RULE_PRESET);
}

export async function getRulesResponse(exec: Exec, regionId: number): Promise<CreditRulesResponse> {
  const r = await loadRow(exec, regionId);
  const rules = r ? parseStoredRules(r) : presetRules(DEFAULT_RULE_PRESET);
  return {
    rules,
    overridden: overriddenPaths(rules),
    saved: !!r,
    updatedAt: r ? new Date(r.updated_at).toISOString() : null,
  };
}

/**
 * Saves the whole rule set (county admin); audited with the values before and after. Raises the
 * rule set's version and re-evaluates the county's credit totals under it, in the same transaction.
 */
export async function saveRuleSet(db: Db, actor: Actor, rules: CreditRuleSet): Promise<CreditRulesResponse> {
  const regionId = actor.user.regionId;
  await db.transaction(async (tx) => {
    const before = await one<Row>(
      tx,
      sql`select preset, rules, updated_at from credit_rule_sets where ${creditRuleScope(county(regionId))} for update`,
    );
    const saved = await one<{ version: number }>(
      tx,
      sql`insert into credit_rule_sets (region_id, preset, rules, updated_by, updated_at, version)
          values (${regionId}, ${rules.preset}, ${JSON.stringify(rules)}::jsonb, ${actor.user.id}, now(), 1)
          on conflict (region_id) do update
            set preset = excluded.preset, rules = excluded.rules, updated_by = excluded.updated_by, updated_at = now(),
                version = credit_rule_sets.version + 1
          returning version`,
    );
    await rebuildTotals(tx, regionId, { rules, version: Number(saved!.version) });
    await record(tx, actor, {
      action: 'credit_rules.update',
      entity: 'credit_rule_set',
      entityId: regionId,
      // Before the county's first save the national preset was in force: that is the before-state.
      before: before
        ? { ...parseStoredRules(before), saved: true }
        : { ...presetRules(DEFAULT_RULE_PRESET), saved: false },
      after: { ...rules, overridden: overriddenPaths(rules) },
    });
  });
  return getRulesResponse(db, regionId);
}
