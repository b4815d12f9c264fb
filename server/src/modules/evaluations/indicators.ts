// The registry of computed indicators for the year-end school evaluation (年度考评). An indicator
// is a key, a label, its formula in words and one set-based computation giving every school of a
// county its value (0–100) for a year, with the counts behind it as evidence. The built-in ones are
// in indicators.builtin.ts; another module adds its own with registerIndicator() from a file its
// routes import (docs/ARCHITECTURE.md, "Adding an evaluation indicator"), and documents the formula
// in docs/metrics.md. A rubric names indicators by key; `manual:<name>` items are not here.
import type { IndicatorInfo } from '@shixun/common';
import type { Exec } from '../../db/client.js';

/** One school's value of an indicator. */
export interface IndicatorValue {
  /** 0–100; null when the indicator does not apply to the school (nothing to divide by): it is left out of the school's weighted mean. */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** The counts behind the value, in words (shown on the scorecard). */
  evidence: string;
}

export interface IndicatorContext {
  exec: Exec;
  regionId: number;
  year: number;
  /** The schools being evaluated (the county's schools with serving teachers). */
  schoolIds: readonly number[];
  /** Runs `load` once per computation for work several indicators share (e.g. the training statistics). */
  shared<T>(key: string, load: () => Promise<T>): Promise<T>;
}

export interface IndicatorDefinition {
  /** Letters and digits, starting with a letter (e.g. `coverage`): what rubrics name. */
  key: string;
  /** 培训覆盖率 */
  label: string;
  /** The formula in words, as the rubric builder and the scorecard show it. */
  formula: string;
  /** The module that registered it. */
  module: string;
  /** The platform page listing the evidence for a school and year (a link on the scorecard). */
  source?: (year: number, schoolId: number) => string;
  /** Every evaluated school's value for the year, in one set-based computation. Schools missing from the map get "not applicable". */
  compute(ctx: IndicatorContext): Promise<Map<number, IndicatorValue>>;
}

const registry = new Map<string, IndicatorDefinition>();

/** Adds an indicator; a key registered twice is a programming error. */
export function registerIndicator(def: IndicatorDefinition): void {
  if (!/^[A-Za-z][A-Za-z0-9]{0,39}$/.test(def.key))
    throw new Error(`indicator key ${def.key}: letters and digits only`);
  const existing = registry.get(def.key);
  if (existing && existing !== def) throw new Error(`indicator ${def.key} is registered twice`);
  registry.set(def.key, def);
}

export function getIndicator(key: string): IndicatorDefinition | undefined {
  return registry.get(key);
}

/** Every registered indicator, in registration order. */
export function indicatorRegistry(): IndicatorDefinition[] {
  return [...registry.values()];
}

export function indicatorInfo(def: IndicatorDefinition): IndicatorInfo {
  return { key: def.key, label: def.label, formula: def.formula, module: def.module };
}

/** A share as the indicator's value: numerator ÷ denominator × 100, 2 decimals; null when the denominator is 0. */
export function percent(numerator: number, denominator: number, cap = true): number | null {
  if (!(denominator > 0)) return null;
  const v = (numerator / denominator) * 100;
  return Math.round((cap ? Math.min(100, v) : v) * 100) / 100;
}

/** A fresh context for one computation. */
export function indicatorContext(
  exec: Exec,
  regionId: number,
  year: number,
  schoolIds: readonly number[],
): IndicatorContext {
  const cache = new Map<string, Promise<unknown>>();
  return {
    exec,
    regionId,
    year,
    schoolIds,
    shared<T>(key: string, load: () => Promise<T>) {
      let p = cache.get(key) as Promise<T> | undefined;
      if (!p) {
        p = load();
        cache.set(key, p);
      }
      return p;
    },
  };
}
