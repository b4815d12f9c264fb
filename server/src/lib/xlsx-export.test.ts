import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { attachmentDisposition, datedFilename, xlsxBuffer, xlsxStream } from './xlsx-export.js';

type Row = { name: string; tags: string[]; born: Date | null; n: number };

describe('xlsx-export', () => {
  it('writes a bold, frozen, filtered header and one row per item', async () => {
    async function* rows(): AsyncGenerator<Row> {
      yield { name: '张三', tags: ['骨干教师', '名师'], born: new Date(Date.UTC(1985, 2, 15)), n: 2 };
      yield { name: '=1+1', tags: [], born: null, n: 3 };
    }
    const buf = await xlsxBuffer<Row>({
      sheetName: '教师名单',
      columns: [
        { header: '姓名', key: 'name', width: 10 },
        { header: '骨干类别', key: 'tags' },
        { header: '出生日期', key: 'born' },
        { header: '两倍', key: 'n', value: (r) => r.n * 2 },
      ],
      rows: rows(),
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('教师名单')!;
    expect(ws.rowCount).toBe(3);
    expect(ws.getRow(1).values).toEqual([undefined, '姓名', '骨干类别', '出生日期', '两倍']);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:D1');
    expect(ws.getColumn(1).width).toBe(10);
    expect(ws.getRow(2).getCell(2).value).toBe('骨干教师、名师');
    expect(ws.getRow(2).getCell(3).value).toEqual(new Date(Date.UTC(1985, 2, 15)));
    expect(ws.getRow(2).getCell(3).numFmt).toBe('yyyy-mm-dd');
    expect(ws.getRow(2).getCell(4).value).toBe(4);
    // Text that looks like a formula stays text.
    expect(ws.getRow(3).getCell(1).value).toBe('=1+1');
    expect(ws.getRow(3).getCell(4).numFmt ?? 'General').not.toBe('yyyy-mm-dd');
  });

  it('stops pulling rows when the consumer goes away', async () => {
    let produced = 0;
    let finished = false;
    async function* endless() {
      try {
        for (;;) {
          produced++;
          yield { v: 'x'.repeat(200) + produced };
        }
      } finally {
        finished = true;
      }
    }
    const out = xlsxStream({ columns: [{ header: 'v', key: 'v' }], rows: endless() });
    await new Promise<void>((resolve) => out.once('data', () => resolve()));
    out.destroy();
    for (let i = 0; i < 100 && !finished; i++) await new Promise((r) => setTimeout(r, 20));
    expect(finished).toBe(true);
    const at = produced;
    await new Promise((r) => setTimeout(r, 50));
    expect(produced).toBe(at);
  });

  it('names downloads in UTF-8 with an ASCII fallback, dated in China time', () => {
    // 2026-11-04 20:00 UTC is already 5 November in Beijing.
    const name = datedFilename('教师名单', new Date(Date.UTC(2026, 10, 4, 20)));
    expect(name).toBe('教师名单-20261105.xlsx');
    expect(attachmentDisposition(name)).toBe(
      `attachment; filename="export-20261105.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    expect(attachmentDisposition('report (1).xlsx')).toBe(
      `attachment; filename="report (1).xlsx"; filename*=UTF-8''report%20%281%29.xlsx`,
    );
  });
});
