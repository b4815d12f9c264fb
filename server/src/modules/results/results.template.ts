// The results sheet template: the columns the importer reads, one example row (skipped on import:
// it starts with "示例"), drop-downs on the closed columns, and a 填写说明 sheet. For one project
// (the import from its page) only who and how they did: the project's details are the project's.
import { LEVELS, MODES, RESULTS } from '@shixun/common';
import ExcelJS from 'exceljs';
import type { FixedProject } from './results.import.js';

interface Column {
  header: string;
  required: string;
  note: string;
  example: string;
  width: number;
  text?: boolean;
  allowed?: readonly string[];
  /** Left out of a one-project template. */
  project?: boolean;
}

const COLUMNS: Column[] = [
  {
    header: '身份证号',
    required: '必填',
    note: '18位，末位可为X；请保持该列为“文本”格式。教师须已在本县教师库中',
    example: '示例：510683199001010011',
    width: 22,
    text: true,
  },
  { header: '姓名', required: '必填', note: '须与教师库中该身份证号的姓名一致', example: '张三', width: 10 },
  {
    header: '项目名称',
    required: '必填',
    note: '同一项目各行须一致；有项目编号时按编号匹配，否则按名称、级别和起止日期匹配，系统中没有的会新建',
    example: '“国培计划”骨干教师能力提升研修',
    width: 30,
    project: true,
  },
  { header: '项目编号', required: '选填', note: '上级平台的项目编号', example: 'GP2026-018', width: 14, project: true },
  { header: '级别', required: '必填', note: '', example: '国培', width: 8, allowed: LEVELS, project: true },
  { header: '形式', required: '必填', note: '', example: '混合式', width: 10, allowed: MODES, project: true },
  { header: '学时', required: '必填', note: '合格时记入该教师的学时', example: '60', width: 8, project: true },
  { header: '开始日期', required: '必填', note: '如 2026-07-06', example: '2026-07-06', width: 12, project: true },
  { header: '结束日期', required: '必填', note: '', example: '2026-07-15', width: 12, project: true },
  {
    header: '考核结果',
    required: '必填',
    note: '优秀、合格、不合格；“通过/未通过”“良好”等也可识别',
    example: '合格',
    width: 10,
    allowed: RESULTS,
  },
  { header: '成绩', required: '选填', note: '0–100；不填时保留已录入的成绩', example: '86', width: 8 },
  { header: '证书编号', required: '选填', note: '上级平台颁发的结业证书编号', example: '', width: 18 },
  {
    header: '类别',
    required: '选填',
    note: '本县的培训类别；不填或不认识时记为“其他”',
    example: '骨干教师',
    width: 12,
    project: true,
  },
  { header: '主办单位', required: '选填', note: '', example: '省教育厅', width: 16, project: true },
];

export async function resultsTemplate(fixed?: FixedProject): Promise<Buffer> {
  const columns = COLUMNS.filter((c) => !fixed || !c.project);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(fixed ? '培训结果' : '上级培训结果');
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.addRow(columns.map((c) => c.example));
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    if (c.text) col.numFmt = '@';
    if (c.allowed) {
      for (let r = 2; r <= 1000; r++) {
        ws.getCell(r, i + 1).dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [`"${c.allowed.join(',')}"`],
        };
      }
    }
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', width: 14 },
    { header: '是否必填', width: 10 },
    { header: '说明', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  if (fixed) {
    help.addRow([
      '项目',
      '',
      `本表的所有行都记入《${fixed.name}》（${fixed.level}，${fixed.startDate} 至 ${fixed.endDate}，${fixed.hours}学时）`,
    ]);
  }
  for (const c of columns) {
    help.addRow([
      c.header,
      c.required,
      [c.note, c.allowed ? `可填：${c.allowed.join('、')}` : ''].filter(Boolean).join('；'),
    ]);
  }
  help.getColumn(3).alignment = { wrapText: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
