// The county's conversion of other learning into hours (from its credit rule set), as the
// application form and the reviewer see it.
import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_KINDS,
  type ApplicationKindList,
  activityKindOf,
  type CreditRuleSet,
} from '@shixun/common';
import type { Exec } from '../../db/client.js';
import { getRuleSet } from '../credits/credits.service.js';

export const activityLabel = (kind: string) => {
  const k = activityKindOf(kind);
  return k ? ACTIVITY_KIND_LABELS[k] : kind;
};

/** Amounts of a rule set in 学分 become hours (学分 = 学时 × creditsPerHour). */
function toHours(rules: CreditRuleSet, v: number | null): number | null {
  if (v == null) return null;
  return rules.unit === '学分' ? Math.round((v / rules.creditsPerHour) * 10) / 10 : v;
}

export function kindsOf(rules: CreditRuleSet): ApplicationKindList {
  return {
    ruleName: rules.name,
    items: ACTIVITY_KINDS.map((kind) => {
      const a = rules.activities[kind];
      const caps = [toHours(rules, a.itemCap), toHours(rules, rules.itemCap)].filter((v): v is number => v != null);
      return {
        kind,
        label: ACTIVITY_KIND_LABELS[kind],
        perUnit: toHours(rules, a.perUnit),
        unit: a.unit,
        itemCap: caps.length ? Math.min(...caps) : null,
        cycleCap: toHours(rules, a.cycleCap),
        cite: a.cite,
      };
    }),
  };
}

export async function applicationKinds(exec: Exec, regionId: number): Promise<ApplicationKindList> {
  return kindsOf(await getRuleSet(exec, regionId));
}
