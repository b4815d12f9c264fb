// The annual requirement the audit table measures against, from the county's credit rule set
// (H-rules' getRuleSet: the national preset until the county saves one).
import type { CreditRuleSet } from '@shixun/common';
import type { Exec } from '../../db/client.js';
import { getRuleSet } from '../credits/rules.service.js';
import type { AuditRule } from './credit-audit.repo.js';

export function auditRuleFrom(rules: CreditRuleSet): AuditRule {
  return {
    annualMinimum: rules.annualMinimum ?? null,
    unit: rules.unit,
    creditsPerHour: rules.creditsPerHour,
    name: rules.name,
  };
}

export async function auditRuleOf(exec: Exec, regionId: number): Promise<AuditRule> {
  return auditRuleFrom(await getRuleSet(exec, regionId));
}
