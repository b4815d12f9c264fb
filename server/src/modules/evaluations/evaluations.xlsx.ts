// The ranking as .xlsx (the published ranking exports and prints): one sheet per group, rank,
// school, score and grade; for county-wide readers also each indicator's value and the notes
// (adjusted, one-vote veto).
import type { Evaluation, EvaluationResults } from '@shixun/common';
import ExcelJS from 'exceljs';

export async function rankingXlsx(e: Evaluation, r: EvaluationResults, withValues: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '师训';
  const groups = [...new Set(r.items.map((x) => x.groupName))];
  for (const g of groups.length ? groups : ['全县']) {
    const ws = wb.addWorksheet(g.slice(0, 31));
    const cols = withValues ? e.indicators : [];
    ws.addRow([`${e.name}（${g}）`]).font = { bold: true, size: 14 };
    ws.mergeCells(1, 1, 1, 5 + cols.length + (withValues ? 1 : 0));
    const header = ws.addRow([
      '名次',
      '学校',
      '学校类型',
      '得分',
      '等次',
      ...cols.map((i) => `${i.label}（权重${i.weight}）`),
      ...(withValues ? ['备注'] : []),
    ]);
    header.font = { bold: true };
    for (const x of r.items.filter((i) => i.groupName === g)) {
      const notes = [x.adjusted ? `调整（原计算分 ${x.computedScore}）` : '', x.vetoed ? '师德一票否决' : ''].filter(
        Boolean,
      );
      ws.addRow([
        x.rank,
        x.schoolName,
        x.schoolType,
        x.score,
        x.grade,
        ...cols.map((i) => x.values[i.key] ?? '不计入'),
        ...(withValues ? [notes.join('；')] : []),
      ]);
    }
    ws.columns.forEach((c, i) => {
      c.width = i === 1 ? 28 : i >= 5 ? 14 : 10;
    });
    ws.views = [{ state: 'frozen', ySplit: 2 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
