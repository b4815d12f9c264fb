// The error report: the user's own sheet back, same rows and columns, with a 错误说明 column,
// the wrong cells in red and their rows in light red — fix it in Excel and import it again.
import ExcelJS from 'exceljs';
import { assertCan } from '../../access/permissions.js';
import type { Actor } from '../../http/context.js';
import type { JobReporter } from './jobs.js';
import { type Cell, cellText } from './parse.js';
import { analyse, type ImportDeps, type Importer, type Plan, type RowError } from './run.js';
import { schoolImporter } from './schools.import.js';
import { csvCell, decodeText, parseCsv } from './spreadsheet.js';
import { teacherImporter } from './teachers.import.js';

export const REPORT_COLUMN = '错误说明';
const ROW_FILL = 'FFFDE2E2';
const CELL_FILL = 'FFFF9C9C';
const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

const silentJob: JobReporter = {
  phase() {},
  progress() {},
  flush: async () => {},
  done: async () => {},
  fail: async () => {},
};

/** 1-based number of the last non-blank cell (0 for an empty row). */
function lastUsed(cells: readonly Cell[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (cellText(cells[i] ?? null) !== '') return i + 1;
  return 0;
}

function putRow(ws: ExcelJS.Worksheet, rowNumber: number, cells: readonly Cell[]) {
  const row = ws.getRow(rowNumber);
  cells.forEach((v, i) => {
    if (v !== null) row.getCell(i + 1).value = v;
  });
}

export interface ErrorReport {
  buffer: Buffer;
  filename: string;
  errorRows: number;
}

export async function buildErrorReport(
  deps: ImportDeps,
  actor: Actor,
  buffer: Buffer,
  filename: string,
  kind: 'teachers' | 'schools',
): Promise<ErrorReport> {
  // The route lets teacher importers in; a school list's report is the county's (as its import).
  if (kind === 'schools') assertCan(actor.user, 'org.manage');
  return kind === 'teachers'
    ? reportFor(deps, actor, buffer, filename, teacherImporter)
    : reportFor(deps, actor, buffer, filename, schoolImporter);
}

/** The error report of any importer (the caller checks who may import). */
export async function reportFor<F extends string, P extends Plan>(
  deps: ImportDeps,
  actor: Actor,
  buffer: Buffer,
  filename: string,
  importer: Importer<F, P>,
): Promise<ErrorReport> {
  const { sheet, plan } = await analyse(deps, actor.user, buffer, filename, importer, silentJob);

  const byRow = new Map<number, RowError[]>();
  for (const e of plan.errors) {
    const list = byRow.get(e.row);
    if (list) list.push(e);
    else byRow.set(e.row, [e]);
  }

  let wb: ExcelJS.Workbook | null = null;
  let ws: ExcelJS.Worksheet | undefined;
  if (sheet.format === 'xlsx') {
    try {
      wb = new ExcelJS.Workbook();
      await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
      ws = (sheet.sheetName ? wb.getWorksheet(sheet.sheetName) : undefined) ?? wb.worksheets[0];
    } catch {
      wb = null; // a file exceljs streams but cannot load whole: rebuild it from the rows we read
    }
  }
  if (!wb || !ws) {
    wb = new ExcelJS.Workbook();
    ws = wb.addWorksheet(sheet.sheetName ?? '导入数据');
    if (sheet.format === 'csv') {
      let n = 0;
      for (const record of parseCsv(decodeText(buffer))) {
        n++;
        // Text cells keep leading zeros and long digit strings exactly as the file had them.
        if (record.some((v) => v !== '')) ws.getRow(n).values = record.map((v) => csvCell(v) as string);
      }
    } else {
      putRow(ws, sheet.headerRow, sheet.headerCells);
      for (const r of sheet.rows) putRow(ws, r.row, r.cells);
    }
  }

  // The 错误说明 column: reused when the user sends back a report, else after the last column.
  const header = ws.getRow(sheet.headerRow);
  let reportCol = 0;
  header.eachCell((c, col) => {
    if (String(c.value ?? '').trim() === REPORT_COLUMN) reportCol = col;
  });
  const reused = reportCol > 0;
  // After the last column holding anything (styled but empty columns do not count).
  if (!reused) reportCol = sheet.rows.reduce((m, r) => Math.max(m, lastUsed(r.cells)), lastUsed(sheet.headerCells)) + 1;
  const headerCell = header.getCell(reportCol);
  headerCell.value = REPORT_COLUMN;
  headerCell.style = { ...headerCell.style, font: { bold: true, color: { argb: 'FFC00000' } } };
  ws.getColumn(reportCol).width = 60;

  for (const r of sheet.rows) {
    const row = ws.getRow(r.row);
    const errors = byRow.get(r.row);
    if (reused) {
      // Clear what an earlier report marked, so fixed rows come back clean.
      row.getCell(reportCol).value = null;
      for (let c = 1; c < reportCol; c++) {
        const cell = row.getCell(c);
        const argb = (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
        if (argb === ROW_FILL || argb === CELL_FILL) cell.style = { ...cell.style, fill: undefined as never };
      }
    }
    if (!errors) continue;
    const bad = new Set(errors.map((e) => e.colIndex).filter((c): c is number => c != null));
    for (let c = 1; c <= reportCol; c++) {
      const cell = row.getCell(c);
      cell.style = { ...cell.style, fill: solid(bad.has(c - 1) ? CELL_FILL : ROW_FILL) };
    }
    const note = row.getCell(reportCol);
    note.value = errors.map((e) => (e.colIndex == null ? `${e.column}：${e.message}` : e.message)).join('；');
    note.style = { ...note.style, font: { color: { argb: 'FFC00000' } }, alignment: { wrapText: true } };
  }

  const base = filename.replace(/\.[^.]+$/, '') || '导入';
  return {
    buffer: Buffer.from(await wb.xlsx.writeBuffer()),
    filename: `${base.replace(/-错误报告$/, '')}-错误报告.xlsx`,
    errorRows: byRow.size,
  };
}
