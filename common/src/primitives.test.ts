import { describe, expect, it } from 'vitest';
import { calendarDate, calendarMonth, dbId, isCalendarDate, MAX_DB_INT } from './primitives.js';

describe('shared request primitives', () => {
  it('ids fit PostgreSQL int', () => {
    expect(dbId.parse('12')).toBe(12);
    expect(dbId.parse(String(MAX_DB_INT))).toBe(MAX_DB_INT);
    for (const bad of ['2147483648', '99999999999999999999', '0', '-1', '1.5', 'abc']) {
      expect(dbId.safeParse(bad).success).toBe(false);
    }
  });

  it('dates exist on the calendar', () => {
    for (const ok of ['2026-01-31', '2024-02-29', '1900-01-01', '2999-12-31']) expect(isCalendarDate(ok)).toBe(true);
    for (const bad of [
      '2026-13-01',
      '0000-01-01',
      '2026-02-29',
      '2026-04-31',
      '2026-00-10',
      '1899-12-31',
      '2026-1-1',
    ]) {
      expect(isCalendarDate(bad)).toBe(false);
    }
    const r = calendarDate().safeParse('2026-13-01');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('日期无效');
    expect(calendarMonth.safeParse('0000-01').success).toBe(false);
    expect(calendarMonth.safeParse('2026-03').success).toBe(true);
  });
});
