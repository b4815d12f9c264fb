// Bounds on uploaded spreadsheets: zip bombs, lying zips and oversized sheets are refused before
// (or while) they are parsed, with a Chinese message in the envelope; parsing runs off the event
// loop, so the server keeps answering during a large import.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { compileSpecs, TEACHER_FIELDS } from './headers.js';
import { csv, deflated, minimalXlsx, multipart, sheetXml, xlsxInlineStrings, zipOf } from './imports.fixtures.js';
import { SHEET_LIMITS, type SheetLimits } from './sheet-limits.js';
import { readSheet } from './spreadsheet.js';

let t: TestContext;
let w: World;
let county: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  county = await loginAs(t.app, w.users.county);
});
afterAll(() => t?.close());

const HEADER = ['姓名', '身份证号', '学校', '学段', '学科'];
const upload = (file: Buffer, filename: string) => {
  const body = multipart(file, filename);
  return t.app.inject({
    method: 'POST',
    url: '/api/teachers/import?dryRun=true',
    headers: { cookie: county, ...body.headers },
    payload: body.payload,
  });
};
const read = (buffer: Buffer, filename: string, limits: Partial<SheetLimits> = {}) =>
  readSheet(buffer, filename, compileSpecs(TEACHER_FIELDS), {
    examples: '姓名',
    limits: { ...SHEET_LIMITS, ...limits },
  });

const expectRefused = (
  res: { statusCode: number; json(): { error: { code: string; message: string } } },
  status: number,
  text: string,
) => {
  expect(res.statusCode).toBe(status);
  expect(res.json().error.code).toBe(status === 413 ? 'FILE_TOO_LARGE' : 'FILE_INVALID');
  expect(res.json().error.message).toContain(text);
};

describe('zip bombs and lying zips', () => {
  it('a 200 MB sheet squeezed into a few hundred KB is refused from its directory, unparsed', async () => {
    const bomb = await minimalXlsx(await deflated(Buffer.alloc(1024 * 1024, 0x20), 200));
    expect(bomb.length).toBeLessThan(400 * 1024);
    const res = await upload(bomb, '花名册.xlsx');
    expectRefused(res, 413, '压缩比异常');
    // The server is still answering, at once.
    expect((await t.app.inject({ url: '/api/health' })).statusCode).toBe(200);
  });

  it('a directory that understates an entry is caught when the entry is measured', async () => {
    const lying = await minimalXlsx(await deflated(Buffer.alloc(1024 * 1024, 0x20), 50), 4096);
    expectRefused(await upload(lying, '花名册.xlsx'), 400, '实际大小与文件目录记录的不符');
  });

  it('more uncompressed bytes than allowed, at a normal ratio, is refused too', async () => {
    const sheet = await deflated(sheetXml([HEADER, ['张三', '510681198806010011', '实验小学', '小学', '语文']]));
    const file = await minimalXlsx(sheet);
    await expect(read(file, 'a.xlsx', { maxUncompressedBytes: 1000 })).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: expect.stringContaining('文件解压后超过'),
    });
  });

  it('a zip of thousands of entries, an encrypted one and a damaged one are refused', async () => {
    const tiny = await deflated('x');
    const many = zipOf(
      Array.from({ length: SHEET_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `f${i}.xml`, data: tiny })),
    );
    expectRefused(await upload(many, 'a.xlsx'), 400, '压缩包内有');
    const encrypted = await minimalXlsx(await deflated(sheetXml([HEADER])));
    const cd = encrypted.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); // the sheet's directory record
    encrypted.writeUInt16LE(encrypted.readUInt16LE(cd + 8) | 1, cd + 8);
    expectRefused(await upload(encrypted, 'a.xlsx'), 400, '已加密');
    const damaged = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]);
    expectRefused(await upload(damaged, 'a.xlsx'), 400, '.xlsx');
  });
});

describe('rows and cells', () => {
  it('a sheet whose declared range passes the row limit is refused before it is parsed', async () => {
    const rows = [HEADER, ['张三', '510681198806010011', '实验小学', '小学', '语文']];
    const file = await minimalXlsx(await deflated(sheetXml(rows, `A1:E${SHEET_LIMITS.maxRows + 500}`)));
    const res = await upload(file, '花名册.xlsx');
    expectRefused(res, 413, `上限 ${SHEET_LIMITS.maxRows.toLocaleString('en')} 行`);
  });

  it('rows and cells are counted while reading when no range is declared (.xlsx and .csv)', async () => {
    const rows = [HEADER, ...Array.from({ length: 150 }, (_, i) => [`教师${i}`, '1', '实验小学', '小学', '语文'])];
    const xlsx = await minimalXlsx(await deflated(sheetXml(rows)));
    await expect(read(xlsx, 'a.xlsx', { maxRows: 100 })).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: expect.stringContaining('超过 100 行'),
    });
    await expect(read(xlsx, 'a.xlsx', { maxCells: 300 })).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: expect.stringContaining('非空单元格超过 300 个'),
    });
    const text = Buffer.from(csv(rows), 'utf8');
    await expect(read(text, 'a.csv', { maxRows: 100 })).rejects.toMatchObject({
      message: expect.stringContaining('文件的数据超过 100 行'),
    });
    // Within the bounds the same files read in full.
    expect((await read(xlsx, 'a.xlsx')).rows).toHaveLength(150);
    expect((await read(text, 'a.csv')).rows).toHaveLength(150);
  });

  it('a parse that runs too long is stopped, and the next file is read by a fresh worker', async () => {
    const rows = [HEADER, ...Array.from({ length: 2000 }, (_, i) => [`教师${i}`, '1', '实验小学', '小学', '语文'])];
    const xlsx = await minimalXlsx(await deflated(sheetXml(rows)));
    await expect(read(xlsx, 'a.xlsx', { timeoutMs: 1 })).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: expect.stringContaining('文件解析超时'),
    });
    expect((await read(xlsx, 'a.xlsx')).rows).toHaveLength(2000);
  });

  it('a worker that runs out of heap is stopped with a clear message', async () => {
    // A CDATA section keeps the file off the streaming path: exceljs then builds the whole
    // workbook in memory, far more than 32 MB for this many rows.
    const rows = [
      HEADER,
      ...Array.from({ length: 60_000 }, (_, i) => [`教师${i}`, `5106811988${i}`, '实验小学', '小学', '语文']),
    ];
    const xml = sheetXml(rows).replace('<t>教师0</t>', '<t><![CDATA[教师0]]></t>');
    const file = await minimalXlsx(await deflated(xml));
    await expect(read(file, 'a.xlsx', { workerHeapMb: 32 })).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: expect.stringContaining('内存上限（32 MB）'),
    });
    // The pool replaces the worker: the next file is read.
    expect((await read(await minimalXlsx(await deflated(sheetXml(rows.slice(0, 10)))), 'a.xlsx')).rows).toHaveLength(9);
  });
});

describe('parsing off the event loop', () => {
  it('/api/health keeps answering while a large file is parsed', async () => {
    // Seconds of CPU for this many rows.
    const rows = [
      HEADER,
      ...Array.from({ length: 40_000 }, (_, i) => [`教师${i}`, `5106811988${i}`, '实验小学', '小学', '语文']),
    ];
    const file = await xlsxInlineStrings(rows);
    // exceljs is never run on this thread: the parse happens on a worker.
    const load = vi.spyOn(ExcelJS, 'Workbook');
    const stream = vi.spyOn(ExcelJS.stream.xlsx, 'WorkbookReader');
    let parsing = true;
    let answered = 0;
    const parse = read(file, 'big.xlsx').finally(() => {
      parsing = false;
    });
    const started = Date.now();
    while (parsing && Date.now() - started < 240_000) {
      const res = await t.app.inject({ url: '/api/health' });
      if (res.statusCode !== 200) throw new Error(`health answered ${res.statusCode}`);
      if (parsing) answered++;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await parse).rows).toHaveLength(40_000);
    expect(load).not.toHaveBeenCalled();
    expect(stream).not.toHaveBeenCalled();
    load.mockRestore();
    stream.mockRestore();
    // Parsed on this thread, the loop would stay blocked until the end: one answer at most.
    expect(answered).toBeGreaterThan(10);
  });
});
