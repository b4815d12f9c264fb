import { describe, expect, it } from 'vitest';
import { TRAINING_SHARE_PRESETS, TRAINING_SHARE_SOURCES, trainingBudget } from './money.js';

describe('training share presets', () => {
  it('name their sources as documents a county office knows, not by a number', () => {
    for (const p of TRAINING_SHARE_PRESETS) {
      const s = TRAINING_SHARE_SOURCES[p];
      expect(s.document).toMatch(/《.+》/);
      expect(s.document).not.toMatch(/文件[一二三四五]|document \d/i);
      // The rule quotes the share it gives.
      expect(s.rule).toContain(`${Number(p) * 100}%`);
    }
  });

  it('computes a budget from public funds and a share', () => {
    expect(trainingBudget('123456.78', '0.050')).toBe('6172.84');
  });
});
