import { describe, expect, it } from 'vitest';
import {
  CERTIFICATE_NUMBER_PATTERN,
  certificateSentence,
  chineseDate,
  formatHours,
  maskName,
  verifyPath,
} from './assessment.js';

describe('certificate wording', () => {
  it('writes dates the Chinese way and the sentence of a 结业证书', () => {
    expect(chineseDate('2026-03-05')).toBe('2026年3月5日');
    expect(formatHours(24)).toBe('24');
    expect(formatHours(7.5)).toBe('7.5');
    expect(
      certificateSentence({ startDate: '2026-10-10', endDate: '2026-10-12', projectName: '骨干教师培训', hours: 24 }),
    ).toBe('于 2026年10月10日至2026年10月12日参加《骨干教师培训》培训，共 24 学时，经考核合格，准予结业。特发此证。');
    expect(certificateSentence({ startDate: '2026-10-10', endDate: '2026-10-10', projectName: '讲座', hours: 3 })).toBe(
      '于 2026年10月10日参加《讲座》培训，共 3 学时，经考核合格，准予结业。特发此证。',
    );
  });

  it('masks names and recognises certificate numbers', () => {
    expect(maskName(' 李四 ')).toBe('李*');
    expect(maskName('司马相如')).toBe('司马**');
    expect(maskName('')).toBe('');
    expect(CERTIFICATE_NUMBER_PATTERN.test('SX-2026-12-7K3QZP')).toBe(true);
    expect(CERTIFICATE_NUMBER_PATTERN.test('SX-2026-12-7K3QZI')).toBe(false);
    expect(verifyPath('SX-2026-1-ABCDEF')).toBe('/verify/SX-2026-1-ABCDEF');
  });
});
