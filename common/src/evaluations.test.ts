// The grading rule of the year-end evaluation.
import { describe, expect, it } from 'vitest';
import { type GradeInput, gradeSchools, groupOf, weightedScore } from './evaluations.js';

const rubric = (over: Partial<Parameters<typeof gradeSchools>[1]> = {}) => ({
  indicators: [
    { key: 'a', weight: 3 },
    { key: 'b', weight: 1 },
  ],
  bands: { 优秀: 85, 合格: 60 },
  ...over,
});
const school = (schoolId: number, a: number | null, b: number | null, over: Partial<GradeInput> = {}): GradeInput => ({
  schoolId,
  group: 'g',
  values: { a, b },
  vetoed: false,
  ...over,
});

describe('weightedScore', () => {
  it('leaves out what does not apply, and is 0 when nothing does', () => {
    expect(weightedScore(rubric().indicators, { a: 80, b: 40 })).toBe(70);
    expect(weightedScore(rubric().indicators, { a: null, b: 40 })).toBe(40);
    expect(weightedScore(rubric().indicators, { a: null, b: null })).toBe(0);
    expect(weightedScore(rubric().indicators, { a: 100, b: 33.333 })).toBe(83.33);
  });
});

describe('gradeSchools', () => {
  it('grades at the lines (≥) and ranks ties together', () => {
    const out = gradeSchools(
      [school(1, 85, 85), school(2, 60, 60), school(3, 60, 60), school(4, 59.99, 59.99)],
      rubric(),
    );
    expect(out.map((x) => [x.schoolId, x.grade, x.rank])).toEqual([
      [1, '优秀', 1],
      [2, '合格', 2],
      [3, '合格', 2],
      [4, '不合格', 4],
    ]);
  });

  it('never makes a vetoed school 优秀, by score or by hand; a hand-set grade otherwise wins', () => {
    const out = gradeSchools(
      [
        school(1, 100, 100, { vetoed: true }),
        school(2, 70, 70, { adjustedGrade: '优秀' }),
        school(3, 90, 90, { adjustedGrade: '合格' }),
      ],
      rubric(),
    );
    expect(Object.fromEntries(out.map((x) => [x.schoolId, x.grade]))).toEqual({ 1: '合格', 2: '优秀', 3: '合格' });
  });

  it('uses an adjusted score for the grade and the rank, keeping the computed one', () => {
    const [x] = gradeSchools([school(1, 40, 40, { adjustedScore: 65 })], rubric());
    expect(x).toMatchObject({ computedScore: 40, score: 65, grade: '合格' });
  });

  it('fills a quota in rank order, skipping vetoed schools', () => {
    const list = [school(1, 99, 99, { vetoed: true }), school(2, 95, 95), school(3, 90, 90), school(4, 88, 88)];
    const out = gradeSchools(list, rubric({ excellentQuota: 50 }));
    expect(out.map((x) => x.grade)).toEqual(['合格', '优秀', '优秀', '合格']);
  });

  it('ranks each group apart', () => {
    const out = gradeSchools([school(1, 50, 50, { group: '甲' }), school(2, 90, 90, { group: '乙' })], rubric());
    expect(out.map((x) => [x.schoolId, x.rank, x.groupSize])).toEqual([
      [1, 1, 1],
      [2, 1, 1],
    ]);
  });
});

describe('groupOf', () => {
  it('puts a school type in its group, else 其他学校; without groups all in 全县', () => {
    const groups = [{ name: '小学组', schoolTypes: ['直属小学'] }];
    expect(groupOf(groups, '直属小学')).toBe('小学组');
    expect(groupOf(groups, '幼儿园')).toBe('其他学校');
    expect(groupOf([], '幼儿园')).toBe('全县');
  });
});
