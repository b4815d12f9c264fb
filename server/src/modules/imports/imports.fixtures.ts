// Test fixtures: workbooks, CSV files (UTF-8 and GBK) and multipart bodies built in code.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/** Anything exceljs accepts as a cell value (strings, numbers, Dates, rich text, formulas …). */
export type FixtureCell = unknown;

/** An .xlsx whose first sheet has `rows` (row 1 first); `textColumns` (1-based) are formatted as text. */
export async function xlsx(
  rows: FixtureCell[][],
  opts: { sheetName?: string; before?: Array<{ name: string; rows: FixtureCell[][] }>; dateColumns?: number[] } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of opts.before ?? []) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  const ws = wb.addWorksheet(opts.sheetName ?? '花名册');
  rows.forEach((r, i) => {
    const row = ws.getRow(i + 1);
    r.forEach((v, j) => {
      if (v !== null && v !== undefined) row.getCell(j + 1).value = v as ExcelJS.CellValue;
    });
  });
  for (const c of opts.dateColumns ?? []) ws.getColumn(c).numFmt = 'yyyy-mm-dd';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An .xlsx with inline strings and no sharedStrings.xml, as some generators write them. */
export async function xlsxInlineStrings(rows: FixtureCell[][], dateColumns: number[] = []): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet('名单');
  for (const r of rows) {
    const row = ws.addRow(r);
    for (const c of dateColumns) row.getCell(c).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  await wb.commit();
  return Buffer.concat(chunks);
}

export async function readXlsx(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return wb;
}

/** CSV text with quoting where needed and CRLF line ends, as Excel writes it. */
export function csv(rows: string[][]): string {
  const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${rows.map((r) => r.map(q).join(',')).join('\r\n')}\r\n`;
}

let gbk: Map<string, [number, number]> | undefined;
/** Encodes text as GBK (what Excel's "CSV" writes on Chinese Windows). */
export function encodeGbk(text: string): Buffer {
  if (!gbk) {
    gbk = new Map();
    const dec = new TextDecoder('gbk');
    for (let hi = 0x81; hi <= 0xfe; hi++) {
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        if (lo === 0x7f) continue;
        const ch = dec.decode(Uint8Array.of(hi, lo));
        if (ch.length === 1 && ch !== '\ufffd' && !gbk.has(ch)) gbk.set(ch, [hi, lo]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const pair = gbk.get(ch);
      if (!pair) throw new Error(`not in GBK: ${ch}`);
      out.push(...pair);
    }
  }
  return Buffer.from(out);
}

/** A multipart/form-data body with one file (field `file`) and optional text fields. */
export function multipart(file: Buffer, filename: string, fields: Record<string, string> = {}) {
  const boundary = `----shixun${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
