import { describe, expect, it } from 'vitest';
import {
  type CreditRuleSet,
  creditRuleSet,
  cycleOf,
  evaluateCredits,
  type LedgerEntryInput,
  monthsElapsed,
  overriddenPaths,
  presetRules,
  RULE_PRESETS,
  suggestHours,
} from './credit-rules.js';

let nextId = 1;
function e(hours: number, occurredOn: string, more: Partial<LedgerEntryInput> = {}): LedgerEntryInput {
  return {
    id: nextId++,
    source: 'project',
    category: '学科/新课标',
    level: '县培',
    mode: '集中面授',
    hours,
    credits: null,
    occurredOn,
    reversesId: null,
    ...more,
  };
}
const veteran = { hireDate: '2005-09-01', posts: [] as string[] };
const today = '2027-06-15';

describe('rule sets', () => {
  it('every preset validates and round-trips', () => {
    for (const p of RULE_PRESETS) {
      const r = presetRules(p);
      expect(creditRuleSet.parse(r)).toEqual(r);
      expect(overriddenPaths(r)).toEqual([]);
      expect(r.cites.required?.length).toBeGreaterThan(5);
    }
  });

  it('reports overridden values and refuses bad ones in Chinese', () => {
    const r = presetRules('jiangsu');
    r.required = 300;
    r.activities.open_lesson.cycleCap = 24;
    expect(overriddenPaths(r).sort()).toEqual(['activities.open_lesson.cycleCap', 'required']);
    r.buckets[0]!.cap = 100;
    const bad = creditRuleSet.safeParse(r);
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('“县级及以上培训”的最低要求（180）大于上限（100）');
    const neg = creditRuleSet.safeParse({ ...presetRules('national'), required: -1 });
    expect(neg.error?.issues[0]?.message).toContain('周期总要求');
  });

  it('cycles follow the five-year plans and may be shifted', () => {
    const r = presetRules('national');
    expect(cycleOf(r, 2021)).toEqual({ start: 2021, end: 2025 });
    expect(cycleOf(r, 2025)).toEqual({ start: 2021, end: 2025 });
    expect(cycleOf(r, 2026)).toEqual({ start: 2026, end: 2030 });
    expect(cycleOf(r, 2019)).toEqual({ start: 2016, end: 2020 });
    expect(cycleOf({ cycle: { years: 5, anchorYear: 2022 } }, 2026)).toEqual({ start: 2022, end: 2026 });
    expect(cycleOf({ cycle: { years: 3, anchorYear: 2021 } }, 2026)).toEqual({ start: 2024, end: 2026 });
  });

  it('suggests hours per activity', () => {
    expect(suggestHours(presetRules('jiangsu'), 'open_lesson', 2)).toBe(12);
    expect(suggestHours(presetRules('jiangsu'), 'award', 1)).toBe(18);
    expect(suggestHours(presetRules('jiangsu'), 'award', 2)).toBe(18); // per-item cap
    expect(suggestHours(presetRules('shandong'), 'degree', 1)).toBe(72);
    expect(suggestHours(presetRules('shandong'), 'degree', 1.5)).toBe(108);
    expect(suggestHours(presetRules('national'), 'paper', 1)).toBeNull();
    expect(suggestHours(presetRules('national'), 'online_course', 20)).toBe(20);
    expect(suggestHours(presetRules('national'), 'online_course', 0)).toBeNull();
  });
});

describe('全国通用', () => {
  const r = presetRules('national');

  it('counts the cycle against 360 and says what is missing', () => {
    const ev = evaluateCredits(r, [e(100, '2026-03-01'), e(40, '2027-05-01'), e(50, '2025-12-31')], veteran, { today });
    expect(ev.cycle).toEqual({ start: 2026, end: 2030 });
    expect(ev.earned).toBe(140);
    expect(ev.counted).toBe(140);
    expect(ev.thisYear).toBe(40);
    expect(ev.annualMinimum).toBeNull();
    expect(ev.missing).toEqual(['2026—2030 周期还差 220 学时（已计 140 学时，要求 360 学时）']);
    expect(ev.status).toBe('on_track'); // one year done: pace 72
    expect(ev.entries.map((x) => x.counted)).toEqual([50, 100, 40].map((v, i) => (i === 0 ? 0 : v)));
  });

  it('respects cycle boundaries: 2025-12-31 is the old cycle, 2026-01-01 the new', () => {
    const entries = [e(360, '2025-12-31'), e(10, '2026-01-01')];
    const old = evaluateCredits(r, entries, veteran, { today, cycleYear: 2023 });
    expect(old.cycle).toEqual({ start: 2021, end: 2025 });
    expect(old.counted).toBe(360);
    expect(old.status).toBe('complete');
    expect(old.cycleComplete).toBe(true);
    const cur = evaluateCredits(r, entries, veteran, { today });
    expect(cur.counted).toBe(10);
    const shifted = evaluateCredits({ ...r, cycle: { years: 5, anchorYear: 2022 } }, entries, veteran, {
      today,
      cycleYear: 2026,
    });
    expect(shifted.cycle).toEqual({ start: 2022, end: 2026 });
    expect(shifted.counted).toBe(370);
  });

  it('a reversal cancels its entry; an unpaired negative adjustment subtracts', () => {
    const a = e(30, '2026-04-01');
    const rev = e(-30, '2026-04-01', { reversesId: a.id });
    const adj = e(-5, '2026-05-01', { source: 'adjustment' });
    const ev = evaluateCredits(r, [a, e(20, '2026-06-01'), rev, adj], veteran, { today });
    expect(ev.earned).toBe(15);
    expect(ev.counted).toBe(15);
    expect(ev.entries.find((x) => x.id === a.id)).toMatchObject({ cancelled: 'reversed', counted: 0 });
    expect(ev.entries.find((x) => x.id === rev.id)).toMatchObject({ cancelled: 'reversal', counted: 0 });
  });

  it('induction: a new teacher needs 120 of induction training', () => {
    const fresh = { hireDate: '2026-09-01', posts: [] };
    const ev = evaluateCredits(
      r,
      [e(60, '2026-09-10', { category: '新教师岗前' }), e(30, '2026-08-01', { category: '新教师岗前' })],
      fresh,
      { today: '2027-03-01' },
    );
    const ind = ev.byCategory.find((c) => c.key === 'induction');
    expect(ind).toMatchObject({ counted: 60, min: 120 }); // the August entry predates hiring
    expect(ev.missing).toContain('新教师培训还差 60 学时（已计 60 学时，要求 120 学时）');
    expect(ev.cycleComplete).toBe(false);
    // A teacher hired long ago has no induction rule.
    expect(evaluateCredits(r, [], veteran, { today }).byCategory).toEqual([]);
    // Induction begun in the previous cycle still counts toward it.
    const crossing = evaluateCredits(
      r,
      [e(100, '2025-10-01', { category: '新教师岗前' }), e(20, '2026-02-01', { category: '新教师结业/规范化' })],
      { hireDate: '2025-09-01', posts: [] },
      { today: '2026-03-01' },
    );
    expect(crossing.byCategory.find((c) => c.key === 'induction')?.counted).toBe(120);
    expect(crossing.counted).toBe(20);
  });

  it('a finished cycle below the requirement is not met; behind pace is at risk', () => {
    expect(evaluateCredits(r, [e(300, '2024-01-01')], veteran, { today, cycleYear: 2024 }).status).toBe('not_met');
    // 2029: four years done, pace 288.
    expect(evaluateCredits(r, [e(200, '2027-01-01')], veteran, { today: '2029-02-01' }).status).toBe('behind_cycle');
    expect(evaluateCredits(r, [e(300, '2027-01-01')], veteran, { today: '2029-02-01' }).status).toBe('on_track');
    // Last year of the cycle: anything short is at risk.
    expect(evaluateCredits(r, [e(350, '2027-01-01')], veteran, { today: '2030-02-01' }).status).toBe('behind_cycle');
  });
});

describe('pace: behind from the first year of a cycle (pro rata by elapsed months)', () => {
  const r = presetRules('national');

  it('counts whole months: nothing expected in the first January, 66 of 360 by the first December', () => {
    expect(monthsElapsed({ start: 2026, end: 2030 }, '2026-01-31')).toBe(0);
    expect(monthsElapsed({ start: 2026, end: 2030 }, '2026-12-01')).toBe(11);
    expect(monthsElapsed({ start: 2026, end: 2030 }, '2031-03-01')).toBe(60);
    const january = evaluateCredits(r, [], veteran, { today: '2026-01-20' });
    expect(january).toMatchObject({ status: 'on_track', expected: 0, behind: 0 });
    const december = evaluateCredits(r, [], veteran, { today: '2026-12-10' });
    expect(december).toMatchObject({ status: 'behind_cycle', expected: 66, behind: 66 });
    expect(evaluateCredits(r, [e(70, '2026-10-01')], veteran, { today: '2026-12-10' })).toMatchObject({
      status: 'on_track',
      behind: 0,
    });
    expect(evaluateCredits(r, [e(40, '2026-10-01')], veteran, { today: '2026-12-10' })).toMatchObject({
      status: 'behind_cycle',
      behind: 26,
    });
  });

  it('an annual minimum is paced within its year too', () => {
    const sd = presetRules('shandong');
    // December of the first year: both the cycle's pace (66) and the year's share of 48 (44) apply.
    expect(evaluateCredits(sd, [e(70, '2026-03-01')], veteran, { today: '2026-12-10' })).toMatchObject({
      status: 'on_track',
      expected: 66,
      yearExpected: 44,
    });
    const shortYear = evaluateCredits(sd, [e(60, '2026-01-05'), e(10, '2027-01-10')], veteran, {
      today: '2027-05-10',
    });
    // 16 months: cycle pace 96 → 70 behind; and the year's share (4/12 of 48 = 16) not met either.
    expect(shortYear).toMatchObject({ status: 'behind_cycle', expected: 96, yearExpected: 16 });
    const yearOnly = evaluateCredits(sd, [e(120, '2026-01-05'), e(10, '2027-01-10')], veteran, {
      today: '2027-05-10',
    });
    expect(yearOnly).toMatchObject({ status: 'behind_year', behind: 0 });
  });
});

describe('四川', () => {
  const r = presetRules('sichuan');

  it('takes only the nationally documented values and says what its sources leave undocumented', () => {
    expect(creditRuleSet.safeParse(r).success).toBe(true);
    expect(r).toMatchObject({ preset: 'sichuan', name: '四川', unit: '学时', required: 360, annualMinimum: null });
    expect(r.cycle).toEqual({ years: 5, anchorYear: 2021 });
    expect(r.induction?.required).toBe(120);
    expect(r.buckets).toEqual([]);
    // Every top-level value names its source, and says where Sichuan's own rule is not documented.
    for (const k of ['cycle', 'required', 'annualMinimum', 'creditsPerHour', 'itemCap']) {
      expect(r.cites[k], k).toBeTruthy();
    }
    expect(r.cites.required).toContain('教师〔2011〕1号');
    for (const k of ['annualMinimum', 'creditsPerHour', 'itemCap']) expect(r.cites[k]).toContain('未载明');
    expect(r.cites.notes).toContain('学年度学时审核表');
    expect(r.cites.notes).toContain('未列出这些文件的具体数值');
    expect(r.cites.notes!.length).toBeLessThanOrEqual(500);
    // Nothing differs from the preset itself; the same evaluation as the national rule.
    expect(overriddenPaths(r)).toEqual([]);
    const entries = [e(100, '2026-03-01')];
    expect(evaluateCredits(r, entries, veteran, { today }).status).toBe(
      evaluateCredits(presetRules('national'), entries, veteran, { today }).status,
    );
  });
});

describe('山东', () => {
  const r = presetRules('shandong');

  it('counts 学分 (1 学时 = 1 学分, entry credits win) and the annual minimum of 48', () => {
    const ev = evaluateCredits(
      r,
      [e(50, '2026-05-01'), e(20, '2027-03-01'), e(10, '2027-04-01', { credits: 12 })],
      veteran,
      { today },
    );
    expect(ev.unit).toBe('学分');
    expect(ev.counted).toBe(82);
    expect(ev.thisYear).toBe(32);
    expect(ev.years.slice(0, 3)).toEqual([
      { year: 2026, counted: 50, minimum: 48, met: true },
      { year: 2027, counted: 32, minimum: 48, met: false },
      { year: 2028, counted: 0, minimum: 48, met: null },
    ]);
    expect(ev.missing).toContain('2027 年度还差 16 学分（已计 32 学分，年度最低 48 学分）');
    // 17 of 60 months elapsed: the cycle's pace is 102, and 82 is behind it by 20.
    expect(ev).toMatchObject({ status: 'behind_cycle', expected: 102, behind: 20, yearExpected: 20 });
    // On the cycle's pace but short of this year's share of 48 (5 of 12 months: 20).
    const slow = evaluateCredits(r, [e(150, '2026-05-01'), e(10, '2027-03-01')], veteran, { today });
    expect(slow).toMatchObject({ status: 'behind_year', expected: 102, behind: 0, thisYear: 10, yearExpected: 20 });
  });

  it('degree study counts 72 per school year; 班主任 need 30 of class-teacher training', () => {
    const deg = e(72, '2026-07-01', { source: 'application', category: 'degree', level: null, mode: null });
    const ct = e(20, '2026-08-01', { category: '班主任' });
    const entries = [deg, ct, e(280, '2027-01-10')];
    const head = evaluateCredits(r, entries, { hireDate: '2010-09-01', posts: ['班主任'] }, { today });
    expect(head.counted).toBe(372);
    expect(head.byCategory.find((c) => c.key === 'bucket:class_teacher')).toMatchObject({ counted: 20, min: 30 });
    expect(head.byCategory.find((c) => c.key === 'activity:degree')).toMatchObject({ counted: 72, cap: null });
    expect(head.missing).toEqual(['“班主任专题培训”还差 10 学分（已计 20 学分，最低 30 学分）']);
    expect(head.cycleComplete).toBe(false);
    // Not a class teacher: the rule does not apply, the cycle is complete.
    const other = evaluateCredits(r, entries, veteran, { today });
    expect(other.cycleComplete).toBe(true);
    expect(other.status).toBe('complete');
  });
});

describe('浙江', () => {
  const r = presetRules('zhejiang');

  it('new teachers need 180 of which 80 practical; 24 a year', () => {
    const fresh = { hireDate: '2026-08-20', posts: [] };
    const ev = evaluateCredits(
      r,
      [
        e(120, '2026-09-01', { category: '新教师岗前' }),
        e(40, '2027-01-15', { category: '新教师结业/规范化', mode: '跟岗影子' }),
        e(12, '2027-02-01'),
      ],
      fresh,
      { today },
    );
    expect(ev.byCategory.find((c) => c.key === 'induction')).toMatchObject({ counted: 160, min: 180 });
    expect(ev.byCategory.find((c) => c.key === 'induction_practical')).toMatchObject({ counted: 40, min: 80 });
    expect(ev.missing).toEqual([
      '2026—2030 周期还差 188 学分（已计 172 学分，要求 360 学分）',
      '新教师培训还差 20 学分（已计 160 学分，要求 180 学分）',
      '新教师实践培训还差 40 学分（已计 40 学分，要求 80 学分）',
    ]);
    expect(ev.thisYear).toBe(52);
    expect(ev.status).toBe('on_track');
  });
});

describe('江苏', () => {
  const r = presetRules('jiangsu');

  it('open lessons count 6 each, at most 18 a cycle; the fourth is capped and says by which rule', () => {
    const lessons = [1, 2, 3, 4].map((i) =>
      e(6, `2026-0${i}-10`, { source: 'application', category: 'open_lesson', level: null, mode: null }),
    );
    const ev = evaluateCredits(r, lessons, veteran, { today });
    expect(ev.earned).toBe(24);
    expect(ev.counted).toBe(18);
    const last = ev.entries.at(-1)!;
    expect(last.counted).toBe(0);
    expect(last.capped).toEqual([{ rule: 'activity:open_lesson', label: '公开课/示范课每周期上限', cut: 6 }]);
    expect(ev.byCategory.find((c) => c.key === 'activity:open_lesson')).toMatchObject({
      earned: 24,
      counted: 18,
      cap: 18,
    });
  });

  it('an award counts 18 at most per item; ≥ 180 at county level or above', () => {
    const award = e(30, '2026-05-01', { source: 'application', category: '竞赛获奖', level: null });
    const ev = evaluateCredits(r, [award, e(200, '2026-06-01', { level: '校培' }), e(150, '2027-01-01')], veteran, {
      today,
    });
    expect(ev.entries[0]!.capped).toEqual([{ rule: 'activity:award', label: '竞赛获奖单项上限', cut: 12 }]);
    expect(ev.counted).toBe(368);
    expect(ev.byCategory[0]).toMatchObject({ key: 'bucket:county_up', counted: 150, min: 180 });
    expect(ev.missing).toEqual(['“县级及以上培训”还差 30 学时（已计 150 学时，最低 180 学时）']);
    // Statistics keys and synonyms count as levels too.
    const keyed = evaluateCredits(
      r,
      [e(100, '2026-06-01', { level: 'provincial' }), e(80, '2026-07-01', { level: '县级' })],
      veteran,
      { today },
    );
    expect(keyed.byCategory[0]!.counted).toBe(180);
  });
});

describe('来源上限示例', () => {
  const r: CreditRuleSet = presetRules('source_cap');

  it('caps 校本 at 120 across level, source and category, and checks nested minimums', () => {
    const entries = [
      e(80, '2026-03-01', { level: '校培', category: '校本研修' }),
      e(30, '2026-04-01', { source: 'school_activity', level: null, category: '集体备课' }),
      e(30, '2026-05-01', { level: '校培' }),
      e(200, '2026-06-01', { level: '县培' }),
      e(40, '2026-07-01', { level: '市州培' }),
    ];
    const ev = evaluateCredits(r, entries, veteran, { today: '2026-12-01' });
    const third = ev.entries[2]!;
    expect(third).toMatchObject({ value: 30, counted: 10 });
    expect(third.capped).toEqual([{ rule: 'bucket:school_based', label: '校本研修上限', cut: 20 }]);
    expect(ev.counted).toBe(360);
    expect(ev.byCategory.map((c) => [c.key, c.counted, c.min, c.cap])).toEqual([
      ['bucket:county_up', 240, 240, null],
      ['bucket:city_up', 40, 60, null],
      ['bucket:school_based', 120, null, 120],
    ]);
    expect(ev.missing).toEqual(['“市级及以上课程”还差 20 学时（已计 40 学时，最低 60 学时）']);
    expect(ev.cycleComplete).toBe(false);
  });

  it('a global per-item cap applies to every entry', () => {
    const ev = evaluateCredits({ ...r, itemCap: 50 }, [e(80, '2026-03-01')], veteran, { today });
    expect(ev.entries[0]).toMatchObject({ counted: 50, capped: [{ rule: 'item', label: '单项上限', cut: 30 }] });
  });
});

describe('school-based research (校本研修) caps', () => {
  const research = (hours: number, occurredOn: string) =>
    e(hours, occurredOn, { source: 'school_activity', level: '校培', category: '校本研修' });

  it('rule sets saved before the rule existed read with no caps', () => {
    const { schoolResearch: _, ...old } = presetRules('national');
    expect(creditRuleSet.parse(old).schoolResearch).toMatchObject({ activityCap: null, yearCap: null });
  });

  it('caps one activity and a calendar year, first come first counted; other sources untouched', () => {
    const r: CreditRuleSet = { ...presetRules('national'), schoolResearch: { activityCap: 3, yearCap: 10, cite: '' } };
    const entries = [
      research(4, '2026-03-01'),
      research(3, '2026-04-01'),
      research(3, '2026-05-01'),
      research(3, '2026-06-01'),
      e(6, '2026-06-02'),
      research(2, '2027-01-10'),
    ];
    const ev = evaluateCredits(r, entries, veteran, { today: '2027-02-01' });
    expect(ev.entries.map((x) => x.counted)).toEqual([3, 3, 3, 1, 6, 2]);
    expect(ev.entries[0]!.capped).toEqual([{ rule: 'research:activity', label: '校本研修单次上限', cut: 1 }]);
    expect(ev.entries[3]!.capped).toEqual([{ rule: 'research:year', label: '2026年校本研修上限', cut: 2 }]);
    expect(ev.byCategory.find((c) => c.key === 'research')).toEqual({
      key: 'research',
      category: '校本研修（每年至多 10 学时）',
      earned: 15,
      counted: 12,
      min: null,
      cap: null,
    });
    expect(ev.counted).toBe(18);
  });

  it('a reversed activity frees its share of the year', () => {
    const r: CreditRuleSet = {
      ...presetRules('national'),
      schoolResearch: { activityCap: null, yearCap: 5, cite: '' },
    };
    const first = research(4, '2026-03-01');
    const reversal = { ...research(-4, '2026-03-01'), reversesId: first.id };
    const ev = evaluateCredits(r, [first, reversal, research(4, '2026-04-01')], veteran, { today });
    expect(ev.entries.map((x) => x.counted)).toEqual([0, 0, 4]);
  });
});
