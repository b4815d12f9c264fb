import { describe, expect, it } from 'vitest';
import {
  attendanceRate,
  canTransition,
  eligibilityProblems,
  meetsCompletion,
  PROJECT_STATUSES,
  transitionError,
  yearsOfService,
} from './training.js';

describe('project lifecycle', () => {
  it('moves only along the allowed transitions', () => {
    expect(canTransition('draft', 'published')).toBe(true);
    expect(canTransition('draft', 'running')).toBe(false);
    expect(canTransition('enrolling', 'running')).toBe(true);
    expect(canTransition('closed', 'draft')).toBe(false);
    for (const s of PROJECT_STATUSES) expect(canTransition(s, s)).toBe(false);
    expect(transitionError('draft', 'closed')).toMatch(/草稿.*已结束.*已发布/);
  });
});

describe('completion', () => {
  it('computes attendance excluding approved leave', () => {
    expect(attendanceRate(10, 8)).toBe(0.8);
    expect(attendanceRate(10, 7, 2)).toBeCloseTo(0.875);
    expect(attendanceRate(0, 0)).toBe(1);
  });
  it('requires the attendance rate and a pass', () => {
    const rule = { minAttendanceRate: 0.8, requirePass: true };
    expect(meetsCompletion(rule, { attendanceRate: 0.8, result: '合格' }).completed).toBe(true);
    expect(meetsCompletion(rule, { attendanceRate: 0.79, result: '优秀' }).reasons[0]).toMatch(/79\.0%/);
    expect(meetsCompletion(rule, { attendanceRate: 1, result: '不合格' }).completed).toBe(false);
    expect(meetsCompletion(rule, { attendanceRate: 1, result: null }).reasons).toEqual(['尚未录入考核结果']);
    expect(
      meetsCompletion({ minAttendanceRate: 0, requirePass: false }, { attendanceRate: 0, result: null }).completed,
    ).toBe(true);
  });
});

describe('eligibility', () => {
  const t = { stage: '小学', subject: '数学', tags: ['骨干教师'], hireDate: '2020-09-01', status: '在职' };
  it('counts whole years of service', () => {
    expect(yearsOfService('2020-09-01', '2026-08-31')).toBe(5);
    expect(yearsOfService('2020-09-01', '2026-09-01')).toBe(6);
  });
  it('explains each unmet condition in Chinese', () => {
    expect(eligibilityProblems({ stages: ['小学'], tags: ['骨干教师'] }, t, '2026-10-01')).toEqual([]);
    expect(eligibilityProblems({ stages: ['初中'] }, t, '2026-10-01')[0]).toMatch(/学段/);
    expect(eligibilityProblems({ tags: ['名师'] }, t, '2026-10-01')[0]).toBe('不是名师');
    expect(eligibilityProblems({ newTeachersOnly: true }, t, '2026-10-01')[0]).toMatch(/新教师/);
    expect(eligibilityProblems({ minYears: 10 }, t, '2026-10-01')[0]).toMatch(/不少于10年/);
    expect(eligibilityProblems({}, { ...t, status: '退休' }, '2026-10-01')[0]).toMatch(/退休/);
  });
});
