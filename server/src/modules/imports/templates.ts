// Import templates: the headers, one example row (skipped on import: it starts with "示例"),
// drop-downs on the columns with a list (the county's dictionaries), and a 填写说明 sheet listing
// what each column accepts.
import { GENDERS, idCheckChar, URBAN_RURAL } from '@shixun/common';
import ExcelJS from 'exceljs';
import type { Dictionary } from '../dictionaries/dictionary.js';
import { type FieldSpec, SCHOOL_FIELDS, type SchoolField, TEACHER_FIELDS, type TeacherField } from './headers.js';

export interface ColumnDoc {
  required: string;
  note: string;
  /** Closed list: a drop-down in the sheet, listed in 填写说明. */
  allowed?: readonly string[];
  multi?: boolean;
  text?: boolean;
  width?: number;
  example: string;
}

const exampleId = (() => {
  const first17 = '51068319900101001';
  return first17 + idCheckChar(first17);
})();

const DICTIONARY_NOTE = '不在本县字典中的值会在预检中列出，可对应到已有条目或新增（字典管理）';

const teacherDocs = (dict: Dictionary): Record<TeacherField, ColumnDoc> => ({
  name: { required: '必填', note: '', example: '示例：张三', width: 14 },
  gender: { required: '选填', note: '不填时按身份证号判断', allowed: GENDERS, example: '男', width: 8 },
  idNumber: {
    required: '必填',
    note: '18位，末位可为X。请保持该列为“文本”格式，否则 Excel 会把身份证号存为数字并丢失后几位',
    text: true,
    example: exampleId,
    width: 22,
  },
  birthDate: { required: '选填', note: '须与身份证号中的出生日期一致', example: '1990-01-01', width: 12 },
  school: {
    required: '新增时必填',
    note: '须与系统中的学校名称一致；学校管理员不填时默认为本校',
    example: '示例小学',
    width: 20,
  },
  stage: {
    required: '新增时必填',
    note: '为空时按学校类型推断（如小学）',
    allowed: dict.values('stage'),
    example: '小学',
    width: 10,
  },
  subject: {
    required: '新增时必填',
    note: `“初中数学”“思想品德”等也可识别；${DICTIONARY_NOTE}`,
    allowed: dict.values('subject'),
    example: '语文',
    width: 12,
  },
  title: {
    required: '选填',
    note: '改革前的职称（如“小学高级”即一级教师、“中学一级”）也可识别',
    allowed: dict.values('title'),
    example: '一级教师',
    width: 12,
  },
  degree: {
    required: '选填',
    note: '填最高学历；“大专”“大学本科”“硕士研究生”“中师”等也可识别',
    allowed: dict.values('degree'),
    example: '本科',
    width: 10,
  },
  hireDate: {
    required: '选填',
    note: '如 2012-09-01、2012/9/1、2012.09、2012年9月；只填年月时按当月1日',
    example: '2012-09-01',
    width: 14,
  },
  phone: { required: '选填', note: '11位手机号，可用于登录', text: true, example: '13800000000', width: 14 },
  tags: {
    required: '选填',
    note: `多个用顿号、逗号或分号分隔；填“无”表示清空；${DICTIONARY_NOTE}`,
    allowed: dict.values('honour'),
    multi: true,
    example: '骨干教师',
    width: 16,
  },
  posts: {
    required: '选填',
    note: '多个用顿号、逗号或分号分隔；填“无”表示清空',
    allowed: dict.values('post'),
    multi: true,
    example: '班主任',
    width: 16,
  },
  recordId: {
    required: '选填',
    note: '教师名单导出时附带：身份证号已脱敏的行按它对应到原记录（改动后可直接导回）',
    example: '',
    width: 10,
  },
});

const schoolDocs = (dict: Dictionary): Record<SchoolField, ColumnDoc> => ({
  name: {
    required: '必填',
    note: '按学校名称匹配：已有的学校更新，没有的新增',
    example: '示例：城关镇中心小学',
    width: 24,
  },
  type: {
    required: '新增时必填',
    note: `填“镇乡小学”“直属小学”时，类型记为小学、隶属记为镇乡/直属；${DICTIONARY_NOTE}`,
    allowed: dict.values('school_type'),
    example: '小学',
    width: 12,
  },
  affiliation: {
    required: '选填',
    note: '办学性质/隶属，如直属、镇乡、民办',
    allowed: dict.values('school_affiliation'),
    example: '镇乡',
    width: 12,
  },
  parent: {
    required: '选填',
    note: '村小、教学点所属的中心校（须为已有学校或本表中的学校）；填“无”表示不隶属',
    example: '城关镇中心小学',
    width: 20,
  },
  aliases: {
    required: '选填',
    note: '学校简称，多个用顿号分隔；教师花名册中写简称也能对应到本校',
    example: '城关中心校',
    width: 14,
  },
  area: {
    required: '选填',
    note: '没有学区的县可不填此列；系统中没有的学区会自动新建',
    example: '城关学区',
    width: 14,
  },
  consortium: {
    required: '选填',
    note: '系统中没有的教联体会自动新建；填“无”表示不属于任何教联体',
    example: '第一教联体',
    width: 14,
  },
  isCore: { required: '选填', note: '“是”则设为所填教联体的核心校', allowed: ['是', '否'], example: '否', width: 12 },
  urbanRural: {
    required: '新增时必填',
    note: '“城区”“农村”“乡镇”等也可识别',
    allowed: URBAN_RURAL,
    example: '乡村',
    width: 8,
  },
  code: { required: '选填', note: '', text: true, example: '2151000001', width: 14 },
  address: { required: '选填', note: '', example: '城关镇人民路1号', width: 24 },
  principal: { required: '选填', note: '', example: '李四', width: 10 },
  phone: { required: '选填', note: '手机或座机，如 0838-1234567', text: true, example: '0838-1234567', width: 14 },
});

const TEMPLATE_ROWS = 2000;

// exceljs has range data validations but its typings do not declare them.
const validations = (ws: ExcelJS.Worksheet) =>
  (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

export async function buildTemplate<F extends string>(
  sheetName: string,
  specs: readonly FieldSpec<F>[],
  docs: Record<F, ColumnDoc>,
  intro: string[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '师训';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = specs.map((s) => ({
    header: s.label,
    key: s.field,
    width: docs[s.field].width ?? 12,
    style: docs[s.field].text ? { numFmt: '@' } : {},
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.eachCell((c) => {
    c.fill = HEADER_FILL;
    c.alignment = { vertical: 'middle', horizontal: 'center' };
  });
  const example = ws.addRow(Object.fromEntries(specs.map((s) => [s.field, docs[s.field].example])));
  example.font = { italic: true, color: { argb: 'FF808080' } };
  specs.forEach((s, i) => {
    const d = docs[s.field];
    const letter = ws.getColumn(i + 1).letter;
    if (d.text) ws.getColumn(i + 1).numFmt = '@';
    // Excel refuses a list longer than 255 characters: long dictionaries are listed in 填写说明 only.
    if (d.allowed && !d.multi && d.allowed.join(',').length <= 250) {
      // A drop-down that still accepts other spellings (they are matched leniently on import).
      validations(ws).add(`${letter}2:${letter}${TEMPLATE_ROWS + 1}`, {
        type: 'list',
        allowBlank: true,
        formulae: [`"${d.allowed.join(',')}"`],
        showErrorMessage: false,
      });
    }
  });

  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', key: 'label', width: 14 },
    { header: '是否必填', key: 'required', width: 12 },
    { header: '可选值', key: 'allowed', width: 48 },
    { header: '说明', key: 'note', width: 56 },
    { header: '列名也可写作', key: 'synonyms', width: 40 },
  ];
  help.getRow(1).font = { bold: true };
  help.getRow(1).eachCell((c) => {
    c.fill = HEADER_FILL;
  });
  for (const s of specs) {
    const d = docs[s.field];
    help.addRow({
      label: s.label,
      required: d.required,
      allowed: d.allowed ? d.allowed.join('、') : '',
      note: d.note,
      synonyms: s.synonyms.filter((x) => x !== s.label).join('、'),
    });
  }
  help.addRow([]);
  for (const line of intro) help.addRow([line]);
  help.eachRow((row) => {
    row.alignment = { wrapText: true, vertical: 'top' };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const COMMON_NOTES = [
  '1. 表头可以在前10行内的任意一行（上方可以有标题行），列的顺序不限，可以增加其他列（导入时忽略）。',
  '2. 以“示例”开头的行不会导入，可保留或删除。',
  '3. 也可以导入 .csv 文件（UTF-8 或 Excel 默认的 GBK 编码均可）。',
  '4. 建议先“预检”：系统会列出每一行将新增、更新还是出错；有错误时可下载错误报告，在 Excel 中修改后重新导入。',
];

export function teacherTemplate(dict: Dictionary): Promise<Buffer> {
  return buildTemplate('教师花名册', TEACHER_FIELDS, teacherDocs(dict), [
    ...COMMON_NOTES,
    '5. 按身份证号匹配：系统中已有的教师更新所填的列（空白的单元格不修改），没有的新增，并为其建立账号：导入后在“账号开通单”中为新教师打印开通单（一次性开通码），教师凭开通码首次登录并设置自己的密码。',
    '6. 学校一栏与现有记录不同时视为调动，调入、调出的学校都须在您的管理范围内。',
  ]);
}

export function schoolTemplate(dict: Dictionary): Promise<Buffer> {
  return buildTemplate('学校名单', SCHOOL_FIELDS, schoolDocs(dict), [
    ...COMMON_NOTES,
    '5. 按学校名称匹配：已有的学校更新所填的列（空白的单元格不修改），没有的新增。',
  ]);
}
