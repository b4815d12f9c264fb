// Pure reading rules: cells, vocabularies, headers, CSV decoding. No database.
import fs from 'node:fs';
import os from 'node:os';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { compileSpecs, SCHOOL_FIELDS, TEACHER_FIELDS } from './headers.js';
import { encodeGbk, xlsx, xlsxInlineStrings } from './imports.fixtures.js';
import { flattenCell, parseDate, parseIdNumber, parseMobile, parseTerm, parseTerms, parseYesNo } from './parse.js';
import { decodeText, parseCsv, readSheet, streamFriendly } from './spreadsheet.js';
import { DEGREE, HONOUR, POST, SCHOOL_TYPE, STAGE, SUBJECT, TITLE, URBAN } from './vocab.js';

const value = <T>(p: { value: T } | { error: string }) => ('value' in p ? p.value : `ERROR: ${p.error}`);
const error = <T>(p: { value: T } | { error: string }) => ('error' in p ? p.error : `VALUE: ${String(p.value)}`);

describe('dates', () => {
  it.each([
    ['2015-09-01', '2015-09-01'],
    ['2015/9/1', '2015-09-01'],
    ['2015.9', '2015-09-01'],
    ['2015.09.01', '2015-09-01'],
    ['2015年9月', '2015-09-01'],
    ['2015年9月1日', '2015-09-01'],
    ['201509', '2015-09-01'],
    ['20150901', '2015-09-01'],
    ['2015-9', '2015-09-01'],
    ['２０１５年９月', '2015-09-01'],
    ['2015-09-01 00:00:00', '2015-09-01'],
    ['42248', '2015-09-01'],
  ])('reads text %s', (input, expected) => {
    expect(value(parseDate(input, '参加工作时间'))).toBe(expected);
  });

  it('reads serials, real dates and numbers typed as dates', () => {
    expect(value(parseDate(42248, 'x'))).toBe('2015-09-01');
    expect(value(parseDate(new Date(Date.UTC(2015, 8, 1)), 'x'))).toBe('2015-09-01');
    expect(value(parseDate(2015.09, 'x'))).toBe('2015-09-01');
    expect(value(parseDate(201509, 'x'))).toBe('2015-09-01');
    expect(value(parseDate(20150901, 'x'))).toBe('2015-09-01');
  });

  it('explains what it cannot read', () => {
    expect(error(parseDate(2015.1, '参工时间'))).toMatch(/1月还是10月/);
    expect(error(parseDate('2015', '参工时间'))).toMatch(/只有年份/);
    expect(error(parseDate('2015-13-01', '参工时间'))).toMatch(/参工时间“2015-13-01”不是有效日期/);
    expect(error(parseDate('去年', '参工时间'))).toMatch(/不是有效日期/);
  });
});

describe('ID numbers', () => {
  it('upper-cases x, strips spaces and Excel text tricks', () => {
    expect(value(parseIdNumber('11010519491231002x'))).toMatchObject({ value: '11010519491231002X', gender: '女' });
    expect(value(parseIdNumber(' 110105 19491231 002X '))).toMatchObject({ value: '11010519491231002X' });
    expect(value(parseIdNumber("'11010519491231002X"))).toMatchObject({ birthDate: '1949-12-31' });
  });

  it('says when Excel stored the ID as a number', () => {
    expect(error(parseIdNumber(110105194912310020))).toMatch(/被 Excel 存为数字，后几位已丢失/);
    expect(error(parseIdNumber('1.10105E+17'))).toMatch(/被 Excel 存为数字/);
    expect(error(parseIdNumber('110105194912310000'))).toMatch(/校验位.*被 Excel 存为数字/);
  });

  it('names the problem: length, date, checksum', () => {
    expect(error(parseIdNumber('1101051949123100'))).toMatch(/应为18位，实际为16位/);
    expect(error(parseIdNumber('110105194913310021'))).toMatch(/出生日期 19491331 无效/);
    expect(error(parseIdNumber('110105194912310021'))).toMatch(/校验位错误（应为 X）/);
  });
});

describe('phones and yes/no', () => {
  it('strips spaces, dashes and +86', () => {
    expect(value(parseMobile('138 0000-0000', '手机'))).toBe('13800000000');
    expect(value(parseMobile(13800000000, '手机'))).toBe('13800000000');
    expect(value(parseMobile('+86 13800000000', '手机'))).toBe('13800000000');
    expect(error(parseMobile('0838-1234567', '手机'))).toMatch(/手机“0838-1234567”应为11位手机号/);
  });
  it('reads 是/否 in their many spellings', () => {
    expect(value(parseYesNo('是', 'x'))).toBe(true);
    expect(value(parseYesNo('√', 'x'))).toBe(true);
    expect(value(parseYesNo('否', 'x'))).toBe(false);
    expect(error(parseYesNo('也许', '是否核心校'))).toMatch(/是否核心校“也许”无效/);
  });
});

describe('vocabularies', () => {
  it.each([
    [DEGREE, '大专', '专科'],
    [DEGREE, '大学本科', '本科'],
    [DEGREE, '硕士', '研究生'],
    [DEGREE, '本科（学士）', '本科'],
    // Before the 2015 reform 小学高级 was today's 一级教师 and 小学一级 today's 二级教师.
    [TITLE, '小学高级', '一级教师'],
    [TITLE, '小学一级', '二级教师'],
    [TITLE, '中学一级教师', '一级教师'],
    [TITLE, '一级', '一级教师'],
    [TITLE, '副高', '高级教师'],
    [TITLE, '正高', '正高级教师'],
    [TITLE, '未评', '未定级'],
    [TITLE, '无', '未定级'],
    [STAGE, '职高', '中职'],
    [STAGE, '幼儿园', '幼儿园'],
    [SUBJECT, '思品', '道德与法治'],
    [SUBJECT, '道法', '道德与法治'],
    [SUBJECT, '初中数学', '数学'],
    [SUBJECT, '信息科技', '信息技术'],
    [SCHOOL_TYPE, '九年制学校', '九年一贯制'],
    [URBAN, '城区', '城镇'],
    [URBAN, '农村', '乡村'],
    [URBAN, '乡镇', '乡村'],
  ] as const)('%# %s', (vocab, input, expected) => {
    expect(value(parseTerm(input, '列', vocab as never))).toBe(expected);
  });

  it('lists the allowed values for an unknown one', () => {
    expect(error(parseTerm('大学', '学段', STAGE))).toBe(
      '学段“大学”无效，可选：幼儿园、小学、初中、高中、中职、特殊教育',
    );
  });

  it('splits several values and keeps the vocabulary order', () => {
    expect(value(parseTerms('学科带头人、骨干', '骨干类别', HONOUR))).toEqual(['骨干教师', '学科带头人']);
    expect(value(parseTerms('名师;特级教师 骨干教师', '荣誉', HONOUR))).toEqual(['骨干教师', '名师', '特级教师']);
    expect(value(parseTerms('无', '荣誉', HONOUR))).toEqual([]);
    expect(value(parseTerms('班主任，教务主任', '职务', POST))).toEqual(['班主任', '中层干部']);
    expect(error(parseTerms('骨干、劳模', '荣誉', HONOUR))).toMatch(/荣誉中的“劳模”无效/);
  });
});

describe('cells and headers', () => {
  it('flattens rich text, formulas, hyperlinks and errors', () => {
    expect(flattenCell({ richText: [{ text: '张' }, { text: '三' }] })).toBe('张三');
    expect(flattenCell({ formula: 'A1', result: 42 })).toBe(42);
    expect(flattenCell({ text: 'x', hyperlink: 'http://x' })).toBe('x');
    expect(flattenCell({ error: '#N/A' })).toBe('#N/A');
  });

  it('matches headers in any order, with synonyms, notes and full-width brackets', () => {
    const match = compileSpecs(TEACHER_FIELDS);
    const m = match(['  公民身份号码（18位） ', '*姓名', '第一学历', '最高学历', '工作单位', '参工时间', '备注']);
    expect(m.matched).toBe(5);
    expect(m.columns.idNumber).toEqual({ index: 0, text: '公民身份号码（18位）' });
    expect(m.columns.name?.index).toBe(1);
    expect(m.columns.degree?.index).toBe(3); // 最高学历 beats 第一学历
    expect(m.columns.school?.text).toBe('工作单位');
    expect(compileSpecs(SCHOOL_FIELDS)(['学校名称', '城乡类别', '是否核心校']).matched).toBe(3);
  });

  it('finds the header below a title and blank rows, in a later sheet if need be', async () => {
    const buf = await xlsx(
      [['XX县2026年教师花名册'], [], ['序号', '姓名', '身份证号'], [1, '张三', '11010519491231002X']],
      {
        before: [{ name: '封面', rows: [['说明'], ['本表由学校填报']] }],
      },
    );
    const sheet = await readSheet(buf, 'a.xlsx', compileSpecs(TEACHER_FIELDS), { examples: '' });
    expect(sheet.sheetName).toBe('花名册');
    expect(sheet.headerRow).toBe(3);
    expect(sheet.rows).toEqual([{ row: 4, cells: [1, '张三', '11010519491231002X'] }]);
  });
});

describe('xlsx without temp files', () => {
  const spooled = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`)).length;

  it('reads sheets from memory, with or without shared strings, and keeps ID numbers off the disk', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '身份证号', '参加工作时间']);
    ws.addRow(['张三', '11010519491231002X', new Date(Date.UTC(2010, 8, 1))]);
    ws.getColumn(3).numFmt = 'yyyy-mm-dd';
    const shared = Buffer.from(await wb.xlsx.writeBuffer());
    const inline = await xlsxInlineStrings(
      [
        ['姓名', '身份证号', '参加工作时间'],
        ['张三', '11010519491231002X', new Date(Date.UTC(2010, 8, 1))],
      ],
      [3],
    );
    expect(await streamFriendly(shared)).not.toBeNull();
    expect(await streamFriendly(inline)).not.toBeNull(); // given an empty sharedStrings.xml
    const before = spooled();
    for (const buf of [shared, inline]) {
      const sheet = await readSheet(buf, 'a.xlsx', compileSpecs(TEACHER_FIELDS), { examples: '' });
      expect(sheet.sheetName).toBe('名单');
      expect(sheet.rows[0]!.cells.slice(0, 2)).toEqual(['张三', '11010519491231002X']);
      expect(sheet.rows[0]!.cells[2]).toBeInstanceOf(Date);
    }
    expect(spooled()).toBe(before);
  });
});

describe('CSV', () => {
  it('parses quotes, doubled quotes, CRLF and newlines inside quotes', () => {
    const rows = [...parseCsv('a,"b,1","say ""hi"""\r\n"multi\nline",,x\r\nlast')];
    expect(rows).toEqual([['a', 'b,1', 'say "hi"'], ['multi\nline', '', 'x'], ['last']]);
    expect([...parseCsv('姓名\t身份证号\n张三\t1')]).toEqual([
      ['姓名', '身份证号'],
      ['张三', '1'],
    ]);
  });

  it('decodes UTF-8 with and without BOM, and GBK', () => {
    expect(decodeText(Buffer.from('\ufeff姓名,学校', 'utf8'))).toBe('姓名,学校');
    expect(decodeText(Buffer.from('姓名,学校', 'utf8'))).toBe('姓名,学校');
    expect(decodeText(encodeGbk('姓名,学校,骨干教师'))).toBe('姓名,学校,骨干教师');
  });
});
