// Reading uploaded rosters: .xlsx streamed with exceljs (the first worksheet with a recognisable
// header), .csv in UTF-8 (BOM or not), GB18030/GBK (Excel's Chinese CSV) or UTF-16 (Excel's
// "Unicode text"). The header is the first of the first 10 non-empty rows naming ≥ 2 known columns.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../../http/errors.js';
import type { Column, HeaderMatch } from './headers.js';
import { type Cell, cellText, flattenCell } from './parse.js';

export interface SheetRow {
  /** The row number Excel shows (1-based). */
  row: number;
  /** 0-based by column. */
  cells: Cell[];
}

export interface ReadSheet<F extends string> {
  format: 'xlsx' | 'csv';
  /** Worksheet name (.xlsx) — the error report writes into the same sheet. */
  sheetName: string | null;
  headerRow: number;
  headerCells: Cell[];
  columns: Partial<Record<F, Column>>;
  /** Non-empty rows below the header. */
  rows: SheetRow[];
}

export const HEADER_SCAN_ROWS = 10;
const MIN_HEADER_MATCHES = 2;

export const fileInvalid = (message: string) => new AppError('FILE_INVALID', message);

/** Decides the reader from the name, then trusts the content over the extension where they disagree. */
export function fileFormat(filename: string, buffer: Buffer): 'xlsx' | 'csv' {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename ?? '')?.[1]?.toLowerCase();
  if (ext !== 'xlsx' && ext !== 'csv') throw fileInvalid('仅支持 .xlsx 或 .csv 文件');
  if (buffer.length === 0) throw fileInvalid('文件为空');
  if (buffer[0] === 0x50 && buffer[1] === 0x4b) return 'xlsx'; // "PK": a zip, whatever it is called
  if (buffer[0] === 0xd0 && buffer[1] === 0xcf && buffer[2] === 0x11 && buffer[3] === 0xe0) {
    throw fileInvalid('这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 后再导入');
  }
  if (ext === 'xlsx') throw fileInvalid('文件不是有效的 .xlsx 文件，请用 Excel 打开后另存为 .xlsx');
  return 'csv';
}

const isEmptyRow = (cells: readonly Cell[]) => cells.every((c) => cellText(c) === '');

/** Example and note rows (our template's "示例：张三", a county's "注：…") are not data. */
export function isNoteRow(cells: readonly Cell[]): boolean {
  for (const c of cells) {
    const t = cellText(c);
    if (t) return /^(示例|例[:：]|注[:：]|说明[:：]|填表说明)/.test(t);
  }
  return false;
}

/**
 * Reads the file into rows. `match` recognises the header; `onProgress` is told how many rows
 * have been read so far (every few thousand rows).
 */
export async function readSheet<F extends string>(
  buffer: Buffer,
  filename: string,
  match: (cells: readonly Cell[]) => HeaderMatch<F>,
  opts: { examples: string; onProgress?: (rowsRead: number) => void },
): Promise<ReadSheet<F>> {
  const format = fileFormat(filename, buffer);
  const found = format === 'xlsx' ? await readXlsx(buffer, match, opts.onProgress) : readCsv(buffer, match);
  if (!found) {
    throw fileInvalid(
      `未找到表头：文件前${HEADER_SCAN_ROWS}行中没有一行包含至少${MIN_HEADER_MATCHES}个可识别的列名（如 ${opts.examples}）`,
    );
  }
  return found;
}

/** Collects rows of one sheet: buffers until the header shows up, then keeps what follows. */
class SheetCollector<F extends string> {
  scanned = 0;
  header: { row: number; cells: Cell[]; match: HeaderMatch<F> } | null = null;
  rows: SheetRow[] = [];
  constructor(private match: (cells: readonly Cell[]) => HeaderMatch<F>) {}

  /** Returns false once it is clear this sheet has no header (the rest can be skipped). */
  push(row: number, cells: Cell[]): boolean {
    if (isEmptyRow(cells)) return true;
    if (this.header) {
      if (!isNoteRow(cells)) this.rows.push({ row, cells });
      return true;
    }
    if (this.scanned >= HEADER_SCAN_ROWS) return false;
    this.scanned++;
    const m = this.match(cells);
    if (m.matched >= MIN_HEADER_MATCHES) this.header = { row, cells, match: m };
    return true;
  }
}

async function readXlsx<F extends string>(
  buffer: Buffer,
  match: (cells: readonly Cell[]) => HeaderMatch<F>,
  onProgress?: (n: number) => void,
): Promise<ReadSheet<F> | null> {
  try {
    const friendly = streamFriendly(buffer);
    if (!friendly) return await loadXlsx(buffer, match);
    const streamed = await streamXlsx(friendly, match, onProgress);
    // exceljs's streaming SAX parser splits multi-byte UTF-8 characters that fall on a chunk
    // boundary into U+FFFD (upstream bug in parse-sax.js). When that shows up, read the
    // workbook whole, which decodes correctly, rather than import damaged names.
    return streamed && hasReplacementChar(streamed) ? await loadXlsx(buffer, match) : streamed;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw fileInvalid('无法读取该 .xlsx 文件：文件可能已损坏或被加密，请用 Excel 打开后另存为 .xlsx 再试');
  }
}

function hasReplacementChar(sheet: ReadSheet<string>): boolean {
  const bad = (c: Cell) => typeof c === 'string' && c.includes('\uFFFD');
  if (sheet.headerCells.some(bad)) return true;
  return sheet.rows.some((r) => r.cells.some(bad));
}

const rowCells = (values: unknown[]): Cell[] => {
  const cells: Cell[] = [];
  for (let i = 1; i < values.length; i++) cells.push(flattenCell(values[i]));
  return cells;
};

const found = <F extends string>(c: SheetCollector<F>, sheetName: string | null): ReadSheet<F> | null =>
  c.header
    ? {
        format: 'xlsx',
        sheetName,
        headerRow: c.header.row,
        headerCells: c.header.cells,
        columns: c.header.match.columns,
        rows: c.rows,
      }
    : null;

/** Streams the sheets (the usual path: less memory, about twice as fast as loading). */
async function streamXlsx<F extends string>(
  buffer: Buffer,
  match: (cells: readonly Cell[]) => HeaderMatch<F>,
  onProgress?: (n: number) => void,
): Promise<ReadSheet<F> | null> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
    sharedStrings: 'cache',
    styles: 'cache', // needed for dates to come out as Date
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  let read = 0;
  for await (const sheet of reader) {
    const c = new SheetCollector(match);
    let skipping = false;
    for await (const row of sheet) {
      if (skipping) continue;
      if (!c.push(row.number, rowCells(row.values as unknown[]))) skipping = true;
      if (++read % 5000 === 0) onProgress?.(read);
    }
    const result = found(c, (sheet as unknown as { name?: string }).name ?? null);
    if (result) return result;
  }
  return null;
}

/** Loads the whole workbook: for files the streaming reader would spool to disk. */
async function loadXlsx<F extends string>(
  buffer: Buffer,
  match: (cells: readonly Cell[]) => HeaderMatch<F>,
): Promise<ReadSheet<F> | null> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  for (const ws of wb.worksheets) {
    const c = new SheetCollector(match);
    let skipping = false;
    ws.eachRow((row, n) => {
      if (!skipping && !c.push(n, rowCells(row.values as unknown[]))) skipping = true;
    });
    const result = found(c, ws.name);
    if (result) return result;
  }
  return null;
}

// ---------- zip entry order ----------

const FIRST_ENTRIES = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml'];

/**
 * Excel (and exceljs) write the worksheets before sharedStrings.xml; exceljs's streaming reader
 * then spools every worksheet to a temp file — the roster, ID numbers included, on disk (and
 * leaves them there when reading stops early). Moving the workbook, styles and shared strings to
 * the front lets it parse the sheets straight from memory. The zip is rearranged without
 * recompressing. Null when that is not possible (no shared strings, zip64, anything unusual):
 * the caller then loads the workbook in memory instead.
 */
export function streamFriendly(zip: Buffer): Buffer | null {
  try {
    let eocd = -1;
    for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
      if (zip.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return null;
    const count = zip.readUInt16LE(eocd + 10);
    const cdSize = zip.readUInt32LE(eocd + 12);
    const cdOffset = zip.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize > eocd) return null; // zip64

    const entries: Array<{ name: string; cdPos: number; local: number; end: number }> = [];
    for (let p = cdOffset, n = 0; n < count; n++) {
      if (zip.readUInt32LE(p) !== 0x02014b50) return null;
      const nameLen = zip.readUInt16LE(p + 28);
      const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
      entries.push({ name, cdPos: p, local: zip.readUInt32LE(p + 42), end: 0 });
      p += 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    }
    const byOffset = [...entries].sort((a, b) => a.local - b.local);
    byOffset.forEach((e, i) => {
      e.end = byOffset[i + 1]?.local ?? cdOffset;
    });
    if (byOffset.some((e) => e.end <= e.local || zip.readUInt32LE(e.local) !== 0x04034b50)) return null;
    // What the streaming reader needs to parse sheets as they come (it matches these names exactly).
    const names = new Set(entries.map((e) => e.name));
    if (!names.has('xl/sharedStrings.xml') || !names.has('xl/_rels/workbook.xml.rels')) return null;
    if (!entries.some((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name))) return null;
    const rank = (e: { name: string }) => {
      const i = FIRST_ENTRIES.indexOf(e.name);
      return i < 0 ? FIRST_ENTRIES.length : i;
    };
    const ordered = [...byOffset].sort((a, b) => rank(a) - rank(b) || a.local - b.local);

    const parts: Buffer[] = [];
    const newOffset = new Map<number, number>();
    let at = 0;
    for (const e of ordered) {
      newOffset.set(e.local, at);
      parts.push(zip.subarray(e.local, e.end));
      at += e.end - e.local;
    }
    const cd = Buffer.from(zip.subarray(cdOffset, cdOffset + cdSize));
    for (const e of entries) cd.writeUInt32LE(newOffset.get(e.local)!, e.cdPos - cdOffset + 42);
    const tail = Buffer.from(zip.subarray(eocd));
    tail.writeUInt32LE(at, 16);
    return Buffer.concat([...parts, cd, tail]);
  } catch {
    return null;
  }
}

// ---------- CSV ----------

/** UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK/GB2312). */
export function decodeText(buffer: Buffer): string {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(buffer.subarray(3));
  }
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return new TextDecoder('utf-16le').decode(buffer.subarray(2));
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return new TextDecoder('utf-16be').decode(buffer.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

/** The delimiter used most on the first lines, outside quotes: comma, tab or semicolon. */
function sniffDelimiter(text: string): string {
  const sample = text.slice(0, 8192);
  const counts = new Map<string, number>([
    [',', 0],
    ['\t', 0],
    [';', 0],
  ]);
  let quoted = false;
  let lines = 0;
  for (const ch of sample) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    else if (!quoted && ch === '\n' && ++lines >= 10) break;
  }
  let best = ',';
  for (const [d, n] of counts) if (n > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** RFC 4180 records (quoted fields, doubled quotes, CR/LF/CRLF, newlines inside quotes). */
export function* parseCsv(text: string): Generator<string[]> {
  const delim = sniffDelimiter(text);
  const n = text.length;
  let i = 0;
  while (i < n) {
    const record: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) {
            field += text.slice(i);
            i = n;
            break;
          }
          field += text.slice(i, q);
          i = q + 1;
          if (text[i] === '"') {
            field += '"';
            i++;
          } else break;
        }
        // Anything between the closing quote and the delimiter is kept, as Excel does.
        while (i < n && text[i] !== delim && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      } else {
        let j = i;
        while (j < n && text[j] !== delim && text[j] !== '\n' && text[j] !== '\r') j++;
        field = text.slice(i, j);
        i = j;
      }
      record.push(field);
      if (i < n && text[i] === delim) {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    yield record;
  }
}

/** A CSV cell: Excel's ="0123" and '0123 text-forcing tricks undone. */
export function csvCell(s: string): Cell {
  const m = /^="(.*)"$/.exec(s);
  return m ? (m[1] ?? '') : s;
}

function readCsv<F extends string>(
  buffer: Buffer,
  match: (cells: readonly Cell[]) => HeaderMatch<F>,
): ReadSheet<F> | null {
  const c = new SheetCollector(match);
  let row = 0;
  for (const record of parseCsv(decodeText(buffer))) {
    row++;
    if (!c.push(row, record.map(csvCell))) return null;
  }
  if (!c.header) return null;
  return {
    format: 'csv',
    sheetName: null,
    headerRow: c.header.row,
    headerCells: c.header.cells,
    columns: c.header.match.columns,
    rows: c.rows,
  };
}
