// The demo county's school-based development as generated (pure): the same every run, nothing
// after yesterday, and the shapes the compliance page is meant to show.
import { describe, expect, it } from 'vitest';
import { generateDemoCounty } from './county.js';
import { demoPhoto } from './demo-photos.js';
import { addDays } from './history.js';
import { generateResearch } from './school-research.data.js';

const TODAY = '2026-11-25';
const county = generateDemoCounty();
const data = generateResearch(county, { today: TODAY });
const endOfYesterday = Date.parse(`${addDays(TODAY, -1)}T23:59:59+08:00`);
const past = (iso: string | null | undefined) => iso == null || Date.parse(iso) <= endOfYesterday;

describe('generateResearch (pure)', () => {
  it('is deterministic', () => {
    expect(JSON.stringify(generateResearch(county, { today: TODAY }))).toBe(JSON.stringify(data));
  });

  it('dates nothing after yesterday and keeps each activity inside the last year', () => {
    const from = Date.parse(`${addDays(TODAY, -366)}T00:00:00+08:00`);
    for (const a of data.activities) {
      expect(Date.parse(a.startsAt), a.title).toBeGreaterThanOrEqual(from);
      for (const d of [a.endsAt, a.createdAt, a.closedAt, a.confirmedAt, a.spotCheck?.at, ...a.evidence])
        expect(past(d), `${a.title} ${d}`).toBe(true);
      for (const p of a.participants) expect(past(p.checkedAt), a.title).toBe(true);
      expect(new Set(a.participants.map((p) => p.teacher)).size).toBe(a.participants.length);
    }
    for (const p of data.plans) for (const d of [p.createdAt, p.submittedAt, p.reviewedAt]) expect(past(d)).toBe(true);
    for (const l of data.logs) {
      expect(past(l.createdAt)).toBe(true);
      expect(l.finishedOn == null || l.finishedOn < TODAY).toBe(true);
      for (const n of l.notes) expect(past(n.createdAt) && past(n.reviewedAt)).toBe(true);
    }
  });

  it('leaves one consortium without a showcase and runs 送教下乡 to members of the core school’s consortium', () => {
    const year = TODAY.slice(0, 4);
    const held = new Set(
      data.activities.filter((a) => a.consortium != null && a.endsAt.startsWith(year)).map((a) => a.consortium),
    );
    expect(county.consortia.length - held.size).toBe(1);
    expect(data.outreach).toHaveLength(county.consortia.length - 1);
    for (const o of data.outreach) {
      const c = county.schools[o.core]!.consortium!;
      expect(county.schools[o.target]!.consortium).toBe(c);
      expect(o.target).not.toBe(o.core);
    }
    const stages = (i: number) => data.activities.filter((a) => a.outreach?.index === i);
    const school1 = data.outreach.findIndex((o) => o.core === county.school1);
    expect(stages(school1)).toHaveLength(3);
    const toSchool2 = data.outreach.findIndex((o) => o.target === county.school2);
    expect(stages(toSchool2).filter((a) => a.confirmedAt == null)).toHaveLength(1);
    // The teachers sent are recorded as trainers.
    expect(stages(toSchool2).every((a) => a.participants.some((p) => p.role === 'trainer'))).toBe(true);
  });

  it('flags a few activities, fails two spot checks among them and keeps three waiting', () => {
    const checks = data.activities.flatMap((a) => (a.spotCheck ? [a] : []));
    const failed = checks.filter((a) => a.spotCheck!.verdict === 'failed');
    expect(failed).toHaveLength(2);
    for (const a of failed) expect(a.recordedLate || a.evidence.length === 0).toBe(true);
    expect(checks.filter((a) => a.spotCheck!.verdict === 'pending')).toHaveLength(3);
    expect(data.activities.some((a) => a.recordedLate)).toBe(true);
    expect(data.activities.some((a) => a.evidence.length === 0)).toBe(true);
  });
});

describe('demoPhoto', () => {
  it('is a PNG with its header and end chunks', () => {
    const png = demoPhoto(2);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(480);
    expect(png.subarray(png.length - 8, png.length - 4).toString('ascii')).toBe('IEND');
  });
});
