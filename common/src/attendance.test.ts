import { describe, expect, it } from 'vitest';
import {
  attendanceMarksBody,
  checkinStatusAt,
  checkinWindow,
  formatCheckinWindow,
  leaveReviewBody,
  windowState,
} from './attendance.js';

// 2026-10-10 09:00–11:30 China time.
const starts = new Date('2026-10-10T01:00:00Z');
const ends = new Date('2026-10-10T03:30:00Z');
const at = (iso: string) => new Date(iso);

describe('check-in window', () => {
  const w = checkinWindow(starts, ends);

  it('opens 15 minutes before the start and closes at the end, both inclusive', () => {
    expect(w.opensAt.toISOString()).toBe('2026-10-10T00:45:00.000Z');
    expect(w.closesAt.toISOString()).toBe('2026-10-10T03:30:00.000Z');
    expect(windowState(w, at('2026-10-10T00:44:59Z'))).toBe('before');
    expect(windowState(w, at('2026-10-10T00:45:00Z'))).toBe('open');
    expect(windowState(w, at('2026-10-10T03:30:00Z'))).toBe('open');
    expect(windowState(w, at('2026-10-10T03:30:01Z'))).toBe('after');
  });

  it('marks a scan more than 10 minutes after the start as late', () => {
    expect(checkinStatusAt(starts, at('2026-10-10T00:50:00Z'))).toBe('present');
    expect(checkinStatusAt(starts, at('2026-10-10T01:10:00Z'))).toBe('present');
    expect(checkinStatusAt(starts, at('2026-10-10T01:10:01Z'))).toBe('late');
  });

  it('formats the window in China time', () => {
    expect(formatCheckinWindow(w)).toBe('10月10日 08:45–11:30');
    const overnight = checkinWindow(new Date('2026-10-10T15:00:00Z'), new Date('2026-10-10T17:00:00Z'));
    expect(formatCheckinWindow(overnight)).toBe('10月10日 22:45–10月11日 01:00');
  });
});

describe('attendance schemas', () => {
  it('requires a reason for every manual mark', () => {
    const r = attendanceMarksBody.safeParse([{ participationId: 1, status: 'present', reason: '  ' }]);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('请填写补录或修改考勤的原因');
  });

  it('requires a reason to reject leave, not to approve it', () => {
    expect(leaveReviewBody.safeParse({ decision: 'approved' }).success).toBe(true);
    const r = leaveReviewBody.safeParse({ decision: 'rejected' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['reason']);
  });
});
