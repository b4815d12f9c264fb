// The yearly plan as counties publish it (年度培训计划表): projects by level × category × month,
// with the planned places, for the screen and as an .xlsx laid out for A4 landscape (the grid,
// then the list of projects the way plan documents list them).
import {
  LEVELS,
  PLAN_CELL_MAX,
  type PlanProject,
  type PlanRow,
  type PlanTable,
  type PlanTableQuery,
  PROJECT_STATUS_LABELS,
  type ProjectListItem,
  planCellSummary,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { dictionaryScope } from '../../access/scope.js';
import { type Db, one, rows } from '../../db/client.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { recordExport } from '../../http/export-audit.js';
import { presentListItem } from './projects.presenter.js';
import { listProjects } from './projects.repo.js';

const PAGE = 1000;

/** This year in China, where the plan's year is counted. */
export const planYearNow = (now = new Date()) =>
  Number(new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 4));

function monthOf(year: number, startDate: string): number {
  const y = Number(startDate.slice(0, 4));
  if (y < year) return 1;
  if (y > year) return 12;
  return Number(startDate.slice(5, 7));
}

function planned(p: ProjectListItem): number | null {
  return p.capacity ?? p.upperQuota ?? (p.quotaTotal > 0 ? p.quotaTotal : null);
}

export async function getPlanTable(db: Db, user: CurrentUser, q: PlanTableQuery): Promise<PlanTable> {
  const year = q.year ?? planYearNow();
  const items: ProjectListItem[] = [];
  for (let page = 1; ; page++) {
    const r = await listProjects(db, user, { ...q, year, page, pageSize: PAGE, sort: 'startDate', order: 'asc' });
    items.push(...r.items.map(presentListItem));
    if (r.items.length < PAGE || items.length >= r.total) break;
  }
  const [region, categories] = await Promise.all([
    one<{ name: string }>(db, sql`select name from regions where id = ${user.regionId}`),
    rows<{ name: string }>(
      db,
      sql`select c.value as name from dictionary_entries c
          where ${dictionaryScope(user, 'c')} and c.kind = 'training_category'
          order by c.retired_at is not null, c.sort, c.value, c.id`,
    ),
  ]);
  const categoryOrder = new Map(categories.map((c, i) => [c.name, i]));

  const byKey = new Map<string, PlanRow>();
  const monthTotals = Array.from({ length: 12 }, () => 0);
  const totals = { projects: 0, planned: 0, hours: 0 };
  for (const p of items) {
    const key = `${p.level}|${p.category}`;
    let row = byKey.get(key);
    if (!row) {
      row = {
        level: p.level,
        category: p.category,
        months: Array.from({ length: 12 }, () => []),
        projects: 0,
        planned: 0,
        hours: 0,
      };
      byKey.set(key, row);
    }
    const cell: PlanProject = {
      id: p.id,
      code: p.code,
      name: p.name,
      level: p.level,
      category: p.category,
      mode: p.mode,
      status: p.status,
      startDate: p.startDate,
      endDate: p.endDate,
      month: monthOf(year, p.startDate),
      hours: p.hours,
      planned: planned(p),
      organiser: p.schoolName ?? p.organiser,
      place: p.place,
    };
    row.months[cell.month - 1]!.push(cell);
    row.projects++;
    row.planned += cell.planned ?? 0;
    row.hours += cell.hours;
    monthTotals[cell.month - 1]!++;
    totals.projects++;
    totals.planned += cell.planned ?? 0;
    totals.hours += cell.hours;
  }
  const rowsOut = [...byKey.values()].sort(
    (a, b) =>
      LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) ||
      (categoryOrder.get(a.category) ?? 999) - (categoryOrder.get(b.category) ?? 999) ||
      a.category.localeCompare(b.category, 'zh-CN'),
  );
  return { year, regionName: region?.name ?? '', rows: rowsOut, monthTotals, totals };
}

export const planTitle = (t: PlanTable) => `${t.regionName}${t.year}年度教师培训计划表`;

const md = (date: string) => `${Number(date.slice(5, 7))}.${Number(date.slice(8, 10))}`;
const span = (p: Pick<PlanProject, 'startDate' | 'endDate'>) =>
  p.startDate === p.endDate ? md(p.startDate) : `${md(p.startDate)}–${md(p.endDate)}`;

/** One project as a grid cell line: 名称（10.12–10.14，24学时，50人）. */
export const cellLine = (p: PlanProject) =>
  `${p.name}（${span(p)}，${p.hours}学时${p.planned != null ? `，${p.planned}人` : ''}）`;

/** A grid cell: its projects, or past PLAN_CELL_MAX one line summing them up (the list sheet has them all). */
export function cellText(cell: PlanProject[]): string {
  if (cell.length <= PLAN_CELL_MAX) return cell.map(cellLine).join('\n');
  const s = planCellSummary(cell);
  return `${s.count}个项目（${span({ startDate: s.from, endDate: s.to })}${s.planned ? `，计划${s.planned}人` : ''}），见项目明细`;
}

const thin: Partial<ExcelJS.Border> = { style: 'thin' };
const border: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };

function a4Landscape(
  title: string,
  rowsToRepeat: string,
): Partial<ExcelJS.WorksheetProperties> & {
  pageSetup: Partial<ExcelJS.PageSetup>;
  headerFooter: Partial<ExcelJS.HeaderFooter>;
} {
  return {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.3, right: 0.3, top: 0.4, bottom: 0.5, header: 0.2, footer: 0.2 },
      printTitlesRow: rowsToRepeat,
    },
    headerFooter: { oddFooter: `${title}　第 &P 页，共 &N 页` },
  };
}

function titleRows(ws: ExcelJS.Worksheet, title: string, sub: string, width: number) {
  ws.mergeCells(1, 1, 1, width);
  ws.mergeCells(2, 1, 2, width);
  const t = ws.getCell(1, 1);
  t.value = title;
  t.font = { size: 16, bold: true };
  t.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  const s = ws.getCell(2, 1);
  s.value = sub;
  s.alignment = { horizontal: 'center', vertical: 'middle' };
}

/** The plan as .xlsx (a 计划表 grid and a 项目明细 list, both A4 landscape); the export is audited. */
export async function planWorkbook(db: Db, actor: Actor, t: PlanTable, filters: object): Promise<Buffer> {
  await recordExport(
    db,
    actor,
    { action: 'project.plan_export', entity: 'project', filters, extra: { list: planTitle(t) } },
    t.totals.projects,
  );
  const title = planTitle(t);
  const sub = `共 ${t.totals.projects} 个项目，计划培训 ${t.totals.planned} 人次，${t.totals.hours} 学时`;
  const wb = new ExcelJS.Workbook();
  wb.creator = '师训 Shixun';

  // The grid: 级别 | 类别 | 1月 … 12月 | 项目数 | 计划人数.
  const grid = wb.addWorksheet('计划表', {
    ...a4Landscape(title, '1:3'),
    views: [{ state: 'frozen', ySplit: 3, xSplit: 2 }],
  });
  const width = 2 + 12 + 2;
  grid.columns = [
    { width: 7 },
    { width: 11 },
    ...Array.from({ length: 12 }, () => ({ width: 15 })),
    { width: 7 },
    { width: 8 },
  ];
  titleRows(grid, title, sub, width);
  const head = grid.getRow(3);
  head.values = ['级别', '类别', ...Array.from({ length: 12 }, (_, i) => `${i + 1}月`), '项目数', '计划人数'];
  head.font = { bold: true };
  head.height = 20;
  let at = 4;
  for (const level of LEVELS) {
    const group = t.rows.filter((r) => r.level === level);
    if (!group.length) continue;
    const first = at;
    for (const r of group) {
      const row = grid.getRow(at++);
      row.values = [r.level, r.category, ...r.months.map(cellText), r.projects, r.planned];
      const lines = Math.max(
        1,
        ...r.months.map((cell) =>
          cellText(cell)
            .split('\n')
            .reduce((n, line) => n + Math.ceil(line.length / 9), 0),
        ),
      );
      row.height = Math.min(409, 14 * lines + 4);
    }
    if (at - 1 > first) grid.mergeCells(first, 1, at - 1, 1);
  }
  const total = grid.getRow(at);
  total.values = ['合计', '', ...t.monthTotals, t.totals.projects, t.totals.planned];
  total.font = { bold: true };
  grid.mergeCells(at, 1, at, 2);
  for (let r = 3; r <= at; r++) {
    const row = grid.getRow(r);
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      cell.border = border;
      cell.alignment = {
        vertical: r === 3 || c <= 2 || c > 14 ? 'middle' : 'top',
        horizontal: r === 3 || c <= 2 || c > 14 ? 'center' : 'left',
        wrapText: true,
      };
      if (r > 3 && c >= 3 && c <= 14) cell.font = { size: 9 };
    }
  }

  // The list, in month order: what a plan document's table lists for each project.
  const list = wb.addWorksheet('项目明细', { ...a4Landscape(title, '1:3'), views: [{ state: 'frozen', ySplit: 3 }] });
  const cols = [
    { header: '序号', width: 6 },
    { header: '月份', width: 6 },
    { header: '级别', width: 7 },
    { header: '类别', width: 12 },
    { header: '项目名称', width: 34 },
    { header: '形式', width: 9 },
    { header: '起止日期', width: 20 },
    { header: '学时', width: 6 },
    { header: '计划人数', width: 8 },
    { header: '主办单位', width: 18 },
    { header: '地点', width: 14 },
    { header: '状态', width: 8 },
  ];
  list.columns = cols.map((c) => ({ width: c.width }));
  titleRows(list, `${title}（项目明细）`, sub, cols.length);
  const lh = list.getRow(3);
  lh.values = cols.map((c) => c.header);
  lh.font = { bold: true };
  const all = t.rows
    .flatMap((r) => r.months.flat())
    .sort((a, b) => a.month - b.month || a.startDate.localeCompare(b.startDate) || a.id - b.id);
  all.forEach((p, i) => {
    list.addRow([
      i + 1,
      `${p.month}月`,
      p.level,
      p.category,
      p.name,
      p.mode,
      p.startDate === p.endDate ? p.startDate : `${p.startDate} 至 ${p.endDate}`,
      p.hours,
      p.planned,
      p.organiser,
      p.place,
      PROJECT_STATUS_LABELS[p.status],
    ]);
  });
  list.eachRow((row, n) => {
    if (n < 3) return;
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      if (c > cols.length) return;
      cell.border = border;
      cell.alignment = { vertical: 'middle', horizontal: n === 3 || c <= 3 ? 'center' : 'left', wrapText: true };
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
