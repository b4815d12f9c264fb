// Header recognition: headers in any order, with the synonyms counties use, full-width brackets,
// stray spaces, "*" required marks and "(18位)" style notes tolerated.
import { type Cell, cellText } from './parse.js';

export interface FieldSpec<F extends string> {
  field: F;
  /** The canonical header, used in templates and when the column is missing from the file. */
  label: string;
  /** Accepted headers, best first: when a file has two matching columns the better one wins. */
  synonyms: readonly string[];
}

export interface Column {
  index: number;
  /** The header as written in the file (trimmed), or the column letter when it is empty. */
  text: string;
}

export interface HeaderMatch<F extends string> {
  columns: Partial<Record<F, Column>>;
  /** Number of distinct fields recognised. */
  matched: number;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u00a0\u200b\ufeff]+/g, '')
    .replace(/[*※★]/g, '')
    .replace(/[:：]$/, '')
    .toLowerCase();
}

/** The same key without a trailing note in brackets: 身份证号(18位) → 身份证号. */
const withoutNote = (key: string) => key.replace(/[([【<][^)\]】>]*[)\]】>]$/, '');

export function compileSpecs<F extends string>(specs: readonly FieldSpec<F>[]) {
  const lookup = new Map<string, { field: F; rank: number }>();
  for (const spec of specs) {
    spec.synonyms.forEach((syn, rank) => {
      const k = headerKey(syn);
      if (!lookup.has(k)) lookup.set(k, { field: spec.field, rank });
    });
  }
  return function match(cells: readonly Cell[]): HeaderMatch<F> {
    const best = new Map<F, { rank: number; col: Column }>();
    cells.forEach((cell, index) => {
      const raw = cellText(cell);
      if (!raw) return;
      const key = headerKey(raw);
      const hit = lookup.get(key) ?? lookup.get(withoutNote(key));
      if (!hit) return;
      const prev = best.get(hit.field);
      if (!prev || hit.rank < prev.rank) best.set(hit.field, { rank: hit.rank, col: { index, text: raw } });
    });
    const columns: Partial<Record<F, Column>> = {};
    for (const [f, v] of best) columns[f] = v.col;
    return { columns, matched: best.size };
  };
}

// ---------- teachers ----------

export type TeacherField =
  | 'name'
  | 'gender'
  | 'idNumber'
  | 'birthDate'
  | 'school'
  | 'stage'
  | 'subject'
  | 'title'
  | 'degree'
  | 'hireDate'
  | 'phone'
  | 'tags'
  | 'posts'
  | 'recordId';

export const TEACHER_FIELDS: readonly FieldSpec<TeacherField>[] = [
  { field: 'name', label: '姓名', synonyms: ['姓名', '教师姓名', '名字'] },
  { field: 'gender', label: '性别', synonyms: ['性别'] },
  {
    field: 'idNumber',
    label: '身份证号',
    synonyms: ['身份证号', '身份证号码', '身份证', '公民身份号码', '证件号码', '身份证件号码', '证件号'],
  },
  { field: 'birthDate', label: '出生日期', synonyms: ['出生日期', '出生年月', '出生年月日', '生日'] },
  {
    field: 'school',
    label: '学校',
    synonyms: ['学校', '学校名称', '所在学校', '工作单位', '单位', '单位名称', '所在单位', '任职学校', '学校全称'],
  },
  { field: 'stage', label: '学段', synonyms: ['学段', '任教学段'] },
  { field: 'subject', label: '学科', synonyms: ['学科', '任教学科', '所教学科', '任教科目', '科目'] },
  { field: 'title', label: '职称', synonyms: ['职称', '专业技术职称', '职称等级', '现任职称', '现聘职称'] },
  { field: 'degree', label: '学历', synonyms: ['最高学历', '学历', '现学历', '第一学历'] },
  {
    field: 'hireDate',
    label: '参加工作时间',
    synonyms: ['参加工作时间', '参工时间', '参加工作年月', '参加工作日期', '工作时间', '入职时间'],
  },
  { field: 'phone', label: '手机号', synonyms: ['手机号', '手机号码', '手机', '联系电话', '电话', '联系方式'] },
  {
    field: 'tags',
    label: '骨干类别',
    synonyms: ['骨干类别', '骨干教师类别', '骨干', '荣誉', '称号', '荣誉称号', '骨干及荣誉', '骨干级别'],
  },
  { field: 'posts', label: '岗位', synonyms: ['岗位', '职务', '担任职务', '现任职务'] },
  // The roster export's own key: rows whose ID column is masked are matched by it (round trip).
  { field: 'recordId', label: '系统编号', synonyms: ['系统编号', '教师编号'] },
];

// ---------- schools ----------

export type SchoolField =
  | 'name'
  | 'type'
  | 'affiliation'
  | 'parent'
  | 'aliases'
  | 'area'
  | 'consortium'
  | 'isCore'
  | 'urbanRural'
  | 'code'
  | 'address'
  | 'principal'
  | 'phone';

export const SCHOOL_FIELDS: readonly FieldSpec<SchoolField>[] = [
  { field: 'name', label: '学校名称', synonyms: ['学校名称', '学校', '学校全称', '单位名称', '名称'] },
  { field: 'type', label: '学校类型', synonyms: ['学校类型', '类型', '办学类型', '学校类别'] },
  {
    field: 'affiliation',
    label: '办学性质/隶属',
    synonyms: ['办学性质/隶属', '隶属', '隶属关系', '办学性质', '举办者', '管理层级'],
  },
  { field: 'parent', label: '所属中心校', synonyms: ['所属中心校', '中心校', '所属学校', '上级学校'] },
  { field: 'aliases', label: '简称', synonyms: ['简称', '学校简称', '别名'] },
  { field: 'area', label: '学区', synonyms: ['学区', '所属学区', '片区'] },
  { field: 'consortium', label: '教联体', synonyms: ['教联体', '所属教联体', '教育联合体'] },
  { field: 'isCore', label: '是否核心校', synonyms: ['是否核心校', '核心校'] },
  { field: 'urbanRural', label: '城乡', synonyms: ['城乡', '城乡类别', '城乡属性', '城乡分类'] },
  { field: 'code', label: '学校代码', synonyms: ['学校代码', '学校标识码', '标识码', '代码'] },
  { field: 'address', label: '地址', synonyms: ['地址', '学校地址', '详细地址'] },
  { field: 'principal', label: '校长', synonyms: ['校长', '校长姓名', '负责人'] },
  { field: 'phone', label: '联系电话', synonyms: ['联系电话', '电话', '学校电话', '办公电话'] },
];
