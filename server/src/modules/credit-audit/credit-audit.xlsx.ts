// The audit table as the .xlsx counties file (学年度学时审核表): a title row with the school and
// school year, a two-level header, one row per teacher, a totals row and the signature lines.
// Small (one school), so it is built in memory rather than streamed.
import {
  AUDIT_LEVEL_KEYS,
  AUDIT_LEVEL_LABELS,
  AUDIT_SOURCE_KEYS,
  AUDIT_SOURCE_LABELS,
  AUDIT_TABLE_STATUS_LABELS,
  type AuditTable,
  schoolYearLabel,
} from '@shixun/common';
import ExcelJS from 'exceljs';

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const center: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };

const china = (isoTs: string | null) =>
  isoTs
    ? new Intl.DateTimeFormat('zh-CN', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(new Date(isoTs))
    : '';

export function auditTitle(t: Pick<AuditTable, 'schoolName' | 'schoolYear'>) {
  return `${t.schoolName}${schoolYearLabel(t.schoolYear)}度教师继续教育学时审核表`;
}

export async function auditTableXlsx(t: AuditTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '师训';
  const ws = wb.addWorksheet('学时审核表', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 4 }],
  });
  const inCredits = t.unit === '学分';
  const fixed = ['序号', '姓名', '身份证号', '学科', '职称'];
  const levelCols = AUDIT_LEVEL_KEYS.map((k) => AUDIT_LEVEL_LABELS[k]);
  const sourceCols = AUDIT_SOURCE_KEYS.map((k) => AUDIT_SOURCE_LABELS[k]);
  const tail = ['合计学时', ...(inCredits ? ['计入学分'] : []), '是否达标'];
  const width = fixed.length + levelCols.length + sourceCols.length + tail.length;
  ws.columns = [
    { width: 6 },
    { width: 10 },
    { width: 22 },
    { width: 10 },
    { width: 12 },
    ...Array.from({ length: levelCols.length + sourceCols.length }, () => ({ width: 9 })),
    ...tail.map(() => ({ width: 10 })),
  ];

  // Row 1: title; row 2: where, when, against what.
  ws.mergeCells(1, 1, 1, width);
  const title = ws.getCell(1, 1);
  title.value = auditTitle(t);
  title.font = { bold: true, size: 16 };
  title.alignment = center;
  ws.getRow(1).height = 30;
  ws.mergeCells(2, 1, 2, width);
  const minimum =
    t.annualMinimum == null ? '未设年度最低要求' : `年度最低 ${t.annualMinimum} ${t.unit}（${t.ruleName ?? ''}）`;
  ws.getCell(2, 1).value =
    `学区：${t.areaName}    统计区间：${t.start} 至 ${t.end}    ${minimum}    状态：${AUDIT_TABLE_STATUS_LABELS[t.status]}`;
  ws.getCell(2, 1).alignment = { vertical: 'middle' };

  // Rows 3–4: the two-level header.
  let col = 1;
  for (const h of fixed) {
    ws.mergeCells(3, col, 4, col);
    ws.getCell(3, col).value = h;
    col++;
  }
  ws.mergeCells(3, col, 3, col + levelCols.length - 1);
  ws.getCell(3, col).value = '按培训级别（学时）';
  levelCols.forEach((h, i) => {
    ws.getCell(4, col + i).value = h;
  });
  col += levelCols.length;
  ws.mergeCells(3, col, 3, col + sourceCols.length - 1);
  ws.getCell(3, col).value = '按来源（学时）';
  sourceCols.forEach((h, i) => {
    ws.getCell(4, col + i).value = h;
  });
  col += sourceCols.length;
  for (const h of tail) {
    ws.mergeCells(3, col, 4, col);
    ws.getCell(3, col).value = h;
    col++;
  }
  for (const r of [3, 4]) {
    for (let c = 1; c <= width; c++) {
      const cell = ws.getCell(r, c);
      cell.font = { bold: true };
      cell.alignment = center;
      cell.border = thin;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    }
  }

  const metText = (m: boolean | null) => (m == null ? '—' : m ? '达标' : '未达标');
  let r = 5;
  t.rows.forEach((row, i) => {
    const values = [
      i + 1,
      row.name,
      row.idNumberMasked,
      row.subject,
      row.title ?? '',
      ...AUDIT_LEVEL_KEYS.map((k) => row.byLevel[k]),
      ...AUDIT_SOURCE_KEYS.map((k) => row.bySource[k]),
      row.total,
      ...(inCredits ? [row.counted] : []),
      metText(row.met),
    ];
    const xr = ws.getRow(r++);
    values.forEach((v, c) => {
      const cell = xr.getCell(c + 1);
      cell.value = v;
      cell.border = thin;
      cell.alignment = c === 1 || c === 2 ? { vertical: 'middle' } : center;
    });
  });

  // Totals.
  const tt = t.totals;
  ws.mergeCells(r, 1, r, fixed.length);
  const totalValues = [
    ...AUDIT_LEVEL_KEYS.map((k) => tt.byLevel[k]),
    ...AUDIT_SOURCE_KEYS.map((k) => tt.bySource[k]),
    tt.total,
    ...(inCredits ? [tt.counted] : []),
    t.annualMinimum == null ? '—' : `达标 ${tt.met} 人，未达标 ${tt.notMet} 人`,
  ];
  const totalRow = ws.getRow(r);
  totalRow.getCell(1).value = `合计（教师 ${tt.teachers} 人）`;
  totalValues.forEach((v, i) => {
    totalRow.getCell(fixed.length + 1 + i).value = v;
  });
  for (let c = 1; c <= width; c++) {
    const cell = totalRow.getCell(c);
    cell.font = { bold: true };
    cell.border = thin;
    cell.alignment = center;
  }
  r += 2;

  // Signature lines: filled in by hand on the printed sheet; what the system knows goes below.
  const half = Math.floor(width / 2);
  const sign = (row: number, left: string, right: string) => {
    ws.mergeCells(row, 1, row, half);
    ws.mergeCells(row, half + 1, row, width);
    ws.getCell(row, 1).value = left;
    ws.getCell(row, half + 1).value = right;
    ws.getRow(row).height = 26;
    ws.getRow(row).alignment = { vertical: 'bottom' };
  };
  sign(r++, '学校负责人（签字）：____________', '学校审核人（签字）：____________    日期：______年____月____日');
  sign(
    r++,
    '县教育局审核意见：__________________________',
    '县级审核人（签字）：____________    日期：______年____月____日',
  );
  const facts: string[] = [];
  if (t.submittedAt) facts.push(`${t.submittedBy ?? ''}于${china(t.submittedAt)}在线提交`);
  if (t.status === 'signed_off' && t.reviewedAt) facts.push(`${t.reviewedBy ?? ''}于${china(t.reviewedAt)}审核通过`);
  if (t.status === 'returned' && t.reviewedAt)
    facts.push(`${t.reviewedBy ?? ''}于${china(t.reviewedAt)}退回：${t.returnReason ?? ''}`);
  if (facts.length) {
    r++;
    ws.mergeCells(r, 1, r, width);
    ws.getCell(r, 1).value = `系统记录：${facts.join('；')}。`;
    ws.getCell(r, 1).font = { size: 9, color: { argb: 'FF666666' } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
