// The application form's conversion table from each preset, and the suggested hours.
import { presetRules, suggestApplicationHours } from '@shixun/common';
import { describe, expect, it } from 'vitest';
import { kindsOf } from './rules.js';

const kind = (preset: Parameters<typeof presetRules>[0], k: string) =>
  kindsOf(presetRules(preset)).items.find((i) => i.kind === k)!;

describe('application kinds from the rule set', () => {
  it('江苏: an open lesson counts 6 学时, at most 18 a cycle; an award 18', () => {
    const lesson = kind('jiangsu', 'open_lesson');
    expect(lesson).toMatchObject({ perUnit: 6, unit: '节', cycleCap: 18, label: '公开课/示范课' });
    expect(lesson.cite).toContain('每节计6学时');
    expect(suggestApplicationHours(lesson, 2)).toBe(12);
    const award = kind('jiangsu', 'award');
    expect(suggestApplicationHours(award, 3)).toBe(18); // capped per item
  });

  it('山东: degree study counts 72 per school year (1 学分 = 1 学时)', () => {
    const degree = kind('shandong', 'degree');
    expect(degree).toMatchObject({ perUnit: 72, unit: '学年' });
    expect(suggestApplicationHours(degree, 1.5)).toBe(108);
  });

  it('全国通用: open lessons are decided by the reviewer (no suggestion)', () => {
    const lesson = kind('national', 'open_lesson');
    expect(lesson.perUnit).toBeNull();
    expect(suggestApplicationHours(lesson, 2)).toBeNull();
    expect(suggestApplicationHours(kind('national', 'online_course'), 12)).toBe(12);
  });

  it('converts a rule set kept in 学分 back to hours', () => {
    const rules = presetRules('shandong');
    const half = kindsOf({ ...rules, unit: '学分', creditsPerHour: 2 }).items.find((i) => i.kind === 'degree')!;
    expect(half.perUnit).toBe(36);
  });
});
