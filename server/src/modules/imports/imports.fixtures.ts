// Test fixtures: workbooks, CSV files (UTF-8 and GBK) and multipart bodies built in code.
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
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

// ---------- hand-made zips (for the bounds on uploaded files) ----------

export interface ZipFile {
  name: string;
  /** Deflated data and the true sizes (see deflated()). */
  data: { deflated: Buffer; size: number; crc: number };
  /** What the directory claims the uncompressed size is (a lying zip), default the true size. */
  declaredSize?: number;
}

/** Deflates `chunk` repeated `times` times without holding the whole input (a bomb's payload). */
export async function deflated(chunk: Buffer | string, times = 1): Promise<ZipFile['data']> {
  const input = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'utf8');
  const out: Buffer[] = [];
  const z = zlib.createDeflateRaw({ level: 9 });
  z.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => z.on('end', resolve));
  let crc = 0;
  for (let i = 0; i < times; i++) {
    crc = zlib.crc32(input, crc);
    if (!z.write(input)) await new Promise((r) => z.once('drain', r));
  }
  z.end();
  await done;
  return { deflated: Buffer.concat(out), size: input.length * times, crc };
}

/** A zip of already deflated entries, with a central directory that may lie about sizes. */
export function zipOf(files: ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const size = f.declaredSize ?? f.data.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(f.data.crc >>> 0, 14);
    local.writeUInt32LE(f.data.deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(f.data.crc >>> 0, 16);
    cd.writeUInt32LE(f.data.deflated.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(local, name, f.data.deflated);
    central.push(cd, name);
    offset += local.length + name.length + f.data.deflated.length;
  }
  const cdBuf = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(files.length, 8);
  eocd.writeUInt16LE(files.length, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, eocd]);
}

/** The parts of a minimal workbook around one worksheet (inline strings, no shared strings). */
export async function minimalXlsx(sheet: ZipFile['data'], declaredSize?: number): Promise<Buffer> {
  const part = async (name: string, xml: string): Promise<ZipFile> => ({ name, data: await deflated(xml) });
  return zipOf([
    await part(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    await part(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    await part(
      'xl/workbook.xml',
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    await part(
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    { name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize },
  ]);
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const colName = (i: number) => (i < 26 ? String.fromCharCode(65 + i) : `A${String.fromCharCode(65 + i - 26)}`);

/** Worksheet XML with inline-string rows and, optionally, a `<dimension>` claiming some range. */
export function sheetXml(rows: string[][], dimension?: string): string {
  const body = rows
    .map(
      (r, i) =>
        `<row r="${i + 1}">${r
          .map((v, j) => `<c r="${colName(j)}${i + 1}" t="inlineStr"><is><t>${xmlEscape(v)}</t></is></c>`)
          .join('')}</row>`,
    )
    .join('');
  const dim = dimension ? `<dimension ref="${dimension}"/>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${dim}<sheetData>${body}</sheetData></worksheet>`;
}
