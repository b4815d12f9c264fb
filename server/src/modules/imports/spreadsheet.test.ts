import { describe, expect, it } from 'vitest';
import { compileSpecs, TEACHER_FIELDS } from './headers.js';
import { xlsx } from './imports.fixtures.js';
import { readSheet } from './spreadsheet.js';

describe('reading a large .xlsx with Chinese text', () => {
  it('never returns characters split at a stream chunk boundary (U+FFFD)', async () => {
    const surnames = '张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗';
    const rows: string[][] = [['姓名', '身份证号', '学校']];
    for (let i = 0; i < 6000; i++) {
      rows.push([`${surnames[i % 20]}泽豪${i}`, `51068319850315${String(i).padStart(4, '0')}`, '示范县实验小学']);
    }
    const buffer = await xlsx(rows);
    const sheet = await readSheet(buffer, 'roster.xlsx', compileSpecs(TEACHER_FIELDS), { examples: '姓名' });
    expect(sheet.rows).toHaveLength(6000);
    const damaged = sheet.rows.filter((r) => r.cells.some((c) => typeof c === 'string' && c.includes('\uFFFD')));
    expect(damaged).toEqual([]);
    expect(sheet.rows[5999]!.cells[0]).toBe('罗泽豪5999');
  });
});
