// Bounds on an uploaded spreadsheet, checked before and while it is parsed, so one file can neither
// exhaust the server's memory nor hold it for long: a 196 KB .xlsx can expand to gigabytes (a zip
// bomb), and a huge sheet parses for minutes. The zip's central directory is read first (entry
// count, declared sizes, compression ratio), the declared sizes are then checked against the
// actual inflated bytes (a lying directory), and rows and cells are counted while reading.
import zlib from 'node:zlib';

export const SHEET_LIMITS = {
  /** Files inside the .xlsx (a workbook has a dozen; thousands means something else). */
  maxEntries: 1000,
  /** Sum of the entries' uncompressed sizes: 200,000 rows of a 12-column roster are ~110 MB. */
  maxUncompressedBytes: 256 * 1024 * 1024,
  /** Uncompressed ÷ compressed for one entry; worksheets compress about 8–15×, bombs 1000×. */
  maxRatio: 100,
  /** Entries smaller than this are not ratio-checked (small XML compresses very well). */
  ratioFloorBytes: 1024 * 1024,
  /** Non-empty rows in one worksheet or CSV file. */
  maxRows: 200_000,
  /** Non-empty cells in one worksheet or CSV file. */
  maxCells: 4_000_000,
  /** V8 heap of the parsing worker: beyond it the worker is stopped and the file refused. */
  workerHeapMb: 768,
  /** Wall-clock bound on parsing one file. */
  timeoutMs: 300_000,
  /** Files parsed at the same time; more wait their turn (memory stays bounded under load). */
  concurrency: 2,
};
export type SheetLimits = typeof SHEET_LIMITS;

/** A refusal, as plain data so it crosses from the worker thread. */
export class SheetLimitError extends Error {
  constructor(
    readonly code: 'FILE_INVALID' | 'FILE_TOO_LARGE',
    message: string,
  ) {
    super(message);
  }
}

const MB = (bytes: number) => Math.ceil(bytes / 1024 / 1024);
const tooLarge = (message: string) => new SheetLimitError('FILE_TOO_LARGE', message);
const invalid = (message: string) => new SheetLimitError('FILE_INVALID', message);
const DAMAGED = '文件已损坏或不是有效的 .xlsx 文件，请用 Excel 打开后另存为 .xlsx 再导入';

export interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  uncompressed: number;
  crc: number;
  /** Offset of the compressed data. */
  dataStart: number;
}

/** Reads a little-endian 64-bit size (zip64) as a number; sizes past 2^53 are refused anyway. */
const u64 = (b: Buffer, at: number) => b.readUInt32LE(at) + b.readUInt32LE(at + 4) * 2 ** 32;

/**
 * Lists the entries from the central directory and applies the size bounds. Throws SheetLimitError
 * for a file that is not a readable zip, is encrypted, or is too large or suspiciously compressed.
 */
export function inspectZip(zip: Buffer, limits: SheetLimits = SHEET_LIMITS): ZipEntry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw invalid(DAMAGED);
  let count = zip.readUInt16LE(eocd + 10);
  let cdOffset = zip.readUInt32LE(eocd + 16);
  // zip64: the end record points to a zip64 end record holding the real count and offset.
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && zip.readUInt32LE(eocd - 20) === 0x07064b50) {
    const at = u64(zip, eocd - 20 + 8);
    if (at + 56 > zip.length || zip.readUInt32LE(at) !== 0x06064b50) throw invalid(DAMAGED);
    count = u64(zip, at + 32);
    cdOffset = u64(zip, at + 48);
  }
  if (count > limits.maxEntries) {
    throw invalid(
      `文件结构异常：压缩包内有 ${count} 个文件（上限 ${limits.maxEntries} 个），不像是 Excel 表格，已拒绝`,
    );
  }
  const entries: ZipEntry[] = [];
  let total = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) throw invalid(DAMAGED);
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    let compressed = zip.readUInt32LE(p + 20);
    let uncompressed = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    let local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    // zip64 extended information: the 0xffffffff fields, in order, in extra field 0x0001.
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen; ) {
      const id = zip.readUInt16LE(x);
      const size = zip.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let f = x + 4;
        const end = x + 4 + size;
        if (uncompressed === 0xffffffff && f + 8 <= end) {
          uncompressed = u64(zip, f);
          f += 8;
        }
        if (compressed === 0xffffffff && f + 8 <= end) {
          compressed = u64(zip, f);
          f += 8;
        }
        if (local === 0xffffffff && f + 8 <= end) local = u64(zip, f);
      }
      x += 4 + size;
    }
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 0x1) throw invalid('文件已加密（设置了打开密码），请在 Excel 中取消密码后另存为 .xlsx 再导入');
    if (method !== 0 && method !== 8)
      throw invalid(`文件使用了不支持的压缩方式（${name}），请用 Excel 打开后另存为 .xlsx 再导入`);
    if (name.endsWith('/')) continue; // a directory
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) throw invalid(DAMAGED);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (dataStart + compressed > zip.length) throw invalid(DAMAGED);
    if (method === 0 && compressed !== uncompressed) throw invalid(DAMAGED);
    total += uncompressed;
    if (total > limits.maxUncompressedBytes) {
      throw tooLarge(
        `文件解压后超过 ${MB(limits.maxUncompressedBytes)} MB（上限），请删除多余的工作表、图片和空白格式，或分成几个文件导入`,
      );
    }
    if (uncompressed > limits.ratioFloorBytes && uncompressed > compressed * limits.maxRatio) {
      throw tooLarge(
        `文件压缩比异常：其中 ${name} 解压后约 ${MB(uncompressed)} MB，是压缩前的 ${Math.round(uncompressed / Math.max(1, compressed))} 倍（上限 ${limits.maxRatio} 倍），可能是恶意构造的文件，已拒绝`,
      );
    }
    entries.push({ name, method, compressed, uncompressed, crc, dataStart });
  }
  return entries;
}

/**
 * Inflates every entry, counting (not keeping) the bytes, and refuses the file when an entry holds
 * more than its directory record says: the records were checked, so they must be true.
 */
export async function verifyZipSizes(zip: Buffer, entries: readonly ZipEntry[]): Promise<void> {
  for (const e of entries) {
    if (e.method !== 8) continue;
    const actual = await new Promise<number>((resolve, reject) => {
      const inflate = zlib.createInflateRaw();
      let n = 0;
      inflate.on('data', (chunk: Buffer) => {
        n += chunk.length;
        if (n > e.uncompressed) {
          inflate.destroy();
          resolve(n);
        }
      });
      inflate.on('end', () => resolve(n));
      inflate.on('error', () => reject(invalid(DAMAGED)));
      inflate.end(zip.subarray(e.dataStart, e.dataStart + e.compressed));
    });
    if (actual !== e.uncompressed) {
      throw invalid(`文件已损坏或被篡改：其中 ${e.name} 的实际大小与文件目录记录的不符，已拒绝`);
    }
  }
}

/** Counts rows and cells of one sheet against the bounds. */
export class SheetCounter {
  rows = 0;
  cells = 0;
  constructor(
    private readonly sheetName: string | null,
    private readonly limits: SheetLimits = SHEET_LIMITS,
  ) {}
  add(nonEmptyCells: number) {
    const where = this.sheetName ? `工作表“${this.sheetName}”` : '文件';
    // Room for a title and the header above the data rows.
    if (++this.rows > this.limits.maxRows + 10) {
      throw tooLarge(`${where}的数据超过 ${this.limits.maxRows.toLocaleString('en')} 行（上限），请分成几个文件导入`);
    }
    this.cells += nonEmptyCells;
    if (this.cells > this.limits.maxCells) {
      throw tooLarge(
        `${where}的非空单元格超过 ${this.limits.maxCells.toLocaleString('en')} 个（上限），请删除多余的列或分成几个文件导入`,
      );
    }
  }
}
