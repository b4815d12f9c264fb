// Spreadsheets made by a second producer: LibreOffice Calc (headless) turns CSV text into .xlsx the
// way a county's own office software would, and reads .xlsx back into CSV, so imports are tested
// on files we did not write. Needs `soffice` (Debian: libreoffice-calc-nogui).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** How LibreOffice reads a CSV column: as text (ID numbers), year/month/day dates, or its own guess. */
export type ColumnAs = 'text' | 'ymd' | 'standard';

// One profile per process: concurrent soffice runs sharing a profile wait on each other's lock.
let profile: string | null = null;
function soffice(args: string[], cwd: string) {
  if (!profile) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-lo-profile-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    profile = dir;
  }
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', ...args], {
    cwd,
    stdio: 'pipe',
    timeout: 120_000,
  });
}

const FORMAT: Record<ColumnAs, number> = { standard: 1, text: 2, ymd: 5 };

/**
 * CSV text → .xlsx by LibreOffice. Columns (1-based) default to text, so ID numbers keep their
 * digits as a county types them into text cells; `as` overrides single columns.
 */
export function libreOfficeXlsx(csvText: string, columns: number, as: Record<number, ColumnAs> = {}): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-lo-'));
  try {
    fs.writeFileSync(path.join(dir, 'sheet.csv'), csvText);
    const spec = Array.from({ length: columns }, (_, i) => `${i + 1}/${FORMAT[as[i + 1] ?? 'text']}`).join('/');
    // CSV filter options: separator 44 (,), text delimiter 34 ("), charset 76 (UTF-8), from line 1, column formats.
    soffice([`--infilter=CSV:44,34,76,1,${spec}`, '--convert-to', 'xlsx', '--outdir', dir, 'sheet.csv'], dir);
    return fs.readFileSync(path.join(dir, 'sheet.xlsx'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** .xlsx → CSV text (UTF-8) by LibreOffice: what an editor sees and saves of a workbook. */
export function libreOfficeCsv(xlsx: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-lo-'));
  try {
    fs.writeFileSync(path.join(dir, 'book.xlsx'), xlsx);
    soffice(['--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', dir, 'book.xlsx'], dir);
    return fs.readFileSync(path.join(dir, 'book.csv'), 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
