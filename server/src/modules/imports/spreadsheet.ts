// Reading uploaded rosters: .xlsx streamed with exceljs (the first worksheet with a recognisable
// header), .csv in UTF-8 (BOM or not), GB18030/GBK (Excel's Chinese CSV) or UTF-16 (Excel's
// "Unicode text"). The header is the first of the first 10 non-empty rows naming ≥ 2 known columns.
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { AppError } from '../../http/errors.js';
import type { Column, HeaderMatch } from './headers.js';
import { type Cell, cellText, flattenCell } from './parse.js';
import {
  inspectZip,
  SHEET_LIMITS,
  SheetCounter,
  SheetLimitError,
  type SheetLimits,
  verifyZipSizes,
  type ZipEntry,
} from './sheet-limits.js';
import { parseInWorker } from './sheet-workers.js';

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
 * have been read so far (every few thousand rows). The file is checked against the bounds in
 * sheet-limits.ts and parsed on a worker thread (sheet-workers.ts), so neither a huge file nor a
 * zip bomb holds up other requests; rows come back in batches and the header is found here.
 */
export async function readSheet<F extends string>(
  buffer: Buffer,
  filename: string,
  match: (cells: readonly Cell[]) => HeaderMatch<F>,
  opts: { examples: string; onProgress?: (rowsRead: number) => void; limits?: SheetLimits },
): Promise<ReadSheet<F>> {
  const format = fileFormat(filename, buffer);
  let current: { collector: SheetCollector<F>; name: string | null; skipping: boolean } | null = null;
  let result: ReadSheet<F> | null = null;
  let read = 0;
  await parseInWorker(buffer, format, opts.limits ?? SHEET_LIMITS, {
    sheet(name) {
      current = result ? null : { collector: new SheetCollector(match), name, skipping: false };
    },
    rows(batch, control) {
      const c = current;
      if (c && !c.skipping) {
        for (const [n, cells] of batch) {
          if (!c.collector.push(n, cells)) {
            c.skipping = true;
            control.skipSheet();
            break;
          }
        }
      }
      const before = read;
      read += batch.length;
      if (Math.floor(read / 5000) > Math.floor(before / 5000)) opts.onProgress?.(read);
    },
    endSheet(control) {
      if (current && !result) {
        result = found(current.collector, current.name, format);
        if (result) control.stop();
      }
      current = null;
    },
    reset() {
      current = null;
      result = null;
    },
  });
  if (!result) {
    throw fileInvalid(
      `未找到表头：文件前${HEADER_SCAN_ROWS}行中没有一行包含至少${MIN_HEADER_MATCHES}个可识别的列名（如 ${opts.examples}）`,
    );
  }
  return result;
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

const found = <F extends string>(
  c: SheetCollector<F>,
  sheetName: string | null,
  format: 'xlsx' | 'csv',
): ReadSheet<F> | null =>
  c.header
    ? {
        format,
        sheetName,
        headerRow: c.header.row,
        headerCells: c.header.cells,
        columns: c.header.match.columns,
        rows: c.rows,
      }
    : null;

// ---------- reading rows (on the worker thread) ----------

/** Where a reader hands its rows: the worker passes them on to the main thread in batches. */
export interface RowSink {
  /** A worksheet begins (null for CSV). */
  sheet(name: string | null): void;
  /** One non-empty row; false: skip the rest of this sheet. */
  row(row: number, cells: Cell[]): boolean;
  /** The sheet ended; false: read no further sheets. */
  endSheet(): boolean;
  /** Everything sent so far is void: the workbook is read again, whole (see readXlsxRows). */
  reset(): void;
}

const rowCells = (values: unknown[]): Cell[] => {
  const cells: Cell[] = [];
  for (let i = 1; i < values.length; i++) cells.push(flattenCell(values[i]));
  return cells;
};

const nonEmptyCells = (cells: readonly Cell[]) => {
  let n = 0;
  for (const c of cells) if (cellText(c) !== '') n++;
  return n;
};

const hasReplacementChar = (cells: readonly Cell[]) => cells.some((c) => typeof c === 'string' && c.includes('\uFFFD'));

/**
 * Reads every worksheet's non-empty rows into the sink, within the bounds: the zip's directory and
 * sizes are checked first, a worksheet's declared range before it is parsed, rows and cells while
 * it is. Throws SheetLimitError for a refused or unreadable file.
 */
export async function readXlsxRows(buffer: Buffer, sink: RowSink, limits: SheetLimits = SHEET_LIMITS): Promise<void> {
  const entries = inspectZip(buffer, limits);
  await verifyZipSizes(buffer, entries);
  checkDeclaredRanges(buffer, entries, limits);
  try {
    const friendly = await streamFriendly(buffer, entries);
    if (friendly) {
      if (await streamXlsxRows(friendly, sink, limits)) return;
      // U+FFFD in the text read: the chunk-boundary bug streamFriendly works around struck anyway
      // (or the file holds the character itself). Read the workbook whole, which decodes
      // correctly, rather than import damaged names.
      sink.reset();
    }
    await loadXlsxRows(buffer, sink, limits);
  } catch (err) {
    if (err instanceof SheetLimitError) throw err;
    throw new SheetLimitError(
      'FILE_INVALID',
      '无法读取该 .xlsx 文件：文件可能已损坏或被加密，请用 Excel 打开后另存为 .xlsx 再试',
    );
  }
}

/** Streams the sheets (the usual path: less memory, about twice as fast as loading). False: U+FFFD seen. */
async function streamXlsxRows(buffer: Buffer, sink: RowSink, limits: SheetLimits): Promise<boolean> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
    sharedStrings: 'cache',
    styles: 'cache', // needed for dates to come out as Date
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  for await (const sheet of reader) {
    const name = (sheet as unknown as { name?: string }).name ?? null;
    sink.sheet(name);
    const counter = new SheetCounter(name, limits);
    let skipping = false;
    for await (const row of sheet) {
      if (skipping) continue;
      const cells = rowCells(row.values as unknown[]);
      const n = nonEmptyCells(cells);
      if (n === 0) continue;
      counter.add(n);
      if (hasReplacementChar(cells)) return false;
      if (!sink.row(row.number, cells)) skipping = true;
    }
    if (!sink.endSheet()) return true;
  }
  return true;
}

/** Loads the whole workbook: for files the streaming reader would spool to disk. */
async function loadXlsxRows(buffer: Buffer, sink: RowSink, limits: SheetLimits): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  for (const ws of wb.worksheets) {
    sink.sheet(ws.name);
    const counter = new SheetCounter(ws.name, limits);
    let skipping = false;
    ws.eachRow((row, n) => {
      if (skipping) return;
      const cells = rowCells(row.values as unknown[]);
      const count = nonEmptyCells(cells);
      if (count === 0) return;
      counter.add(count);
      if (!sink.row(n, cells)) skipping = true;
    });
    if (!sink.endSheet()) return;
  }
}

/** The rows of a CSV file (UTF-8, GB18030 or UTF-16), within the same bounds. */
export function readCsvRows(buffer: Buffer, sink: RowSink, limits: SheetLimits = SHEET_LIMITS): void {
  sink.sheet(null);
  const counter = new SheetCounter(null, limits);
  let row = 0;
  for (const record of parseCsv(decodeText(buffer))) {
    row++;
    const cells = record.map(csvCell);
    const n = nonEmptyCells(cells);
    if (n === 0) continue;
    counter.add(n);
    if (!sink.row(row, cells)) break;
  }
  sink.endSheet();
}

/**
 * A worksheet's `<dimension ref="A1:L500001"/>` (written by Excel, LibreOffice, exceljs and most
 * others near the top of the sheet) gives its range before any row is parsed: a sheet spanning far
 * more rows than allowed is refused at once instead of after minutes of parsing.
 */
function checkDeclaredRanges(buffer: Buffer, entries: readonly ZipEntry[], limits: SheetLimits) {
  for (const e of entries) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) continue;
    const head = entryHead(buffer, e, 4096);
    const m = /<(?:\w+:)?dimension\s+ref="[A-Z]{1,3}(\d+)(?::[A-Z]{1,3}(\d+))?"/.exec(head);
    if (!m) continue;
    const span = Number(m[2] ?? m[1]) - Number(m[1]) + 1;
    if (span > limits.maxRows + HEADER_SCAN_ROWS) {
      throw new SheetLimitError(
        'FILE_TOO_LARGE',
        `表格中有一个工作表的范围达到 ${span.toLocaleString('en')} 行（上限 ${limits.maxRows.toLocaleString('en')} 行）：如果下方是空白行或只有格式，请在 Excel 中删除这些行后再导入；否则请分成几个文件导入`,
      );
    }
  }
}

/** The first bytes of an entry, as text (inflating only what is needed). */
function entryHead(buffer: Buffer, e: ZipEntry, bytes: number): string {
  const data = buffer.subarray(e.dataStart, e.dataStart + e.compressed);
  if (e.method === 0) return data.subarray(0, bytes).toString('utf8');
  try {
    return zlib
      .inflateRawSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: bytes })
      .toString('utf8');
  } catch (err) {
    // More than `bytes` of output: inflate just a slice of the input, which is enough for the head.
    if ((err as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') return '';
    const slice = data.subarray(0, Math.min(data.length, bytes));
    try {
      return zlib
        .inflateRawSync(slice, { finishFlush: zlib.constants.Z_SYNC_FLUSH })
        .subarray(0, bytes)
        .toString('utf8');
    } catch {
      return '';
    }
  }
}

// ---------- a zip the streaming reader can read ----------

const FIRST_ENTRIES = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml'];
/** The parts exceljs's streaming reader parses: their text is rewritten to ASCII (see below). */
const READ_PARTS = /^xl\/(?:[^/]+|worksheets\/[^/]+)\.xml$/;
const EMPTY_SHARED_STRINGS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>';

class NotStreamable extends Error {}

/**
 * Rebuilds the workbook so that exceljs's streaming reader can parse it from memory, correctly:
 * - Excel (and exceljs) write the worksheets before sharedStrings.xml; the streaming reader then
 *   spools every worksheet to a temp file — the roster, ID numbers included, on disk (and leaves
 *   them there when reading stops early). The workbook, styles and shared strings go first; a file
 *   without shared strings (inline strings) gets an empty sharedStrings.xml, for the same reason.
 * - The streaming SAX parser decodes each inflated chunk on its own and splits a multi-byte UTF-8
 *   character that falls on a chunk boundary into U+FFFD (upstream bug in parse-sax.js) — for a
 *   large Chinese roster nearly certain. The parts it reads are rewritten as ASCII, every other
 *   character as a numeric reference (&#x5f20;), which the parser decodes back.
 * Null when not possible (no workbook relations, no worksheet, a CDATA section, UTF-16 parts):
 * the caller then loads the workbook in memory instead.
 */
export async function streamFriendly(zip: Buffer, entries = inspectZip(zip)): Promise<Buffer | null> {
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('xl/_rels/workbook.xml.rels')) return null;
  if (!entries.some((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name))) return null;
  const rank = (name: string) => {
    const i = FIRST_ENTRIES.indexOf(name);
    return i < 0 ? FIRST_ENTRIES.length : i;
  };
  const ordered = entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e.name) - rank(b.e.name) || a.i - b.i)
    .map((x) => x.e);
  const out: Array<{ name: string; method: number; crc: number; size: number; data: Buffer }> = [];
  if (!names.has('xl/sharedStrings.xml')) {
    const text = Buffer.from(EMPTY_SHARED_STRINGS, 'utf8');
    out.push({
      name: 'xl/sharedStrings.xml',
      method: 8,
      crc: zlib.crc32(text),
      size: text.length,
      data: zlib.deflateRawSync(text),
    });
  }
  try {
    for (const e of ordered) {
      const raw = zip.subarray(e.dataStart, e.dataStart + e.compressed);
      if (!READ_PARTS.test(e.name)) {
        out.push({ name: e.name, method: e.method, crc: e.crc, size: e.uncompressed, data: raw });
        continue;
      }
      out.push({ name: e.name, method: 8, ...(await asciiPart(raw, e.method)) });
    }
  } catch (err) {
    if (err instanceof NotStreamable) return null;
    throw err;
  }
  // FIRST_ENTRIES before the rest, with the added shared strings in its place.
  out.sort((a, b) => rank(a.name) - rank(b.name));
  return writeZip(out);
}

/** Text as ASCII bytes, every other character as a numeric character reference. */
const asciiRefs = (text: string) =>
  Buffer.from(
    text.replace(/[\u0080-\u{10ffff}]/gu, (c) => `&#x${c.codePointAt(0)!.toString(16)};`),
    'latin1',
  );

/** Inflates an XML part, rewrites it as ASCII with numeric character references, deflates it. */
async function asciiPart(raw: Buffer, method: number): Promise<{ crc: number; size: number; data: Buffer }> {
  const source = Readable.from([raw]);
  const decoder = new StringDecoder('utf8');
  let first = true;
  let tail = '';
  let crc = 0;
  let size = 0;
  const toAscii = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (first) {
        first = false;
        if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
          return done(new NotStreamable('UTF-16'));
        }
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      }
      const text = decoder.write(chunk);
      // Character references are not decoded inside CDATA: leave such a file to the loader.
      if ((tail + text).includes('<![CDATA[')) return done(new NotStreamable('CDATA'));
      tail = text.slice(-8);
      const ascii = asciiRefs(text);
      crc = zlib.crc32(ascii, crc);
      size += ascii.length;
      done(null, ascii);
    },
    flush(done) {
      const rest = decoder.end();
      if (!rest) return done();
      const ascii = asciiRefs(rest);
      crc = zlib.crc32(ascii, crc);
      size += ascii.length;
      done(null, ascii);
    },
  });
  const chunks: Buffer[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  const deflate = zlib.createDeflateRaw({ level: 1 });
  if (method === 8) await pipeline(source, zlib.createInflateRaw(), toAscii, deflate, collect);
  else await pipeline(source, toAscii, deflate, collect);
  return { crc, size, data: Buffer.concat(chunks) };
}

/** A plain zip of the given entries (UTF-8 names; sizes below 4 GB, which the bounds ensure). */
function writeZip(entries: Array<{ name: string; method: number; crc: number; size: number; data: Buffer }>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(e.method, 10);
    cd.writeUInt32LE(e.crc >>> 0, 16);
    cd.writeUInt32LE(e.data.length, 20);
    cd.writeUInt32LE(e.size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, name, e.data);
    central.push(cd, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
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
