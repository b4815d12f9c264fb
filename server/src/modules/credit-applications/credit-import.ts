// Historical credits from an upper-level platform (.xlsx/.csv: 身份证号, 姓名, 学年/日期, 类别, 学时 or
// 学分, 来源, 备注): each row becomes one credit_ledger entry with source 'import' and source_ref
// 'import:<hash of teacher + date + category + hours + source>', so importing the same sheet again
// posts nothing new. The roster import's reader, cell parsers, job reporting and error report do
// the file work (../imports); rows are validated against a few bulk reads, then written in one
// transaction with array-parameter SQL.
import { createHash } from 'node:crypto';
import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_KINDS,
  DEFAULT_CATEGORIES,
  type ImportResult,
  LEVEL_SYNONYMS,
  LEVELS,
  type Level,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { county, creditEntryScope, teacherScope } from '../../access/scope.js';
import { intArray, rows, type Tx, textArray } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { getRuleSet } from '../credits/credits.service.js';
import type { ImportTerms } from '../dictionaries/import-terms.js';
import { compileSpecs, type FieldSpec } from '../imports/headers.js';
import { type JobReporter, yieldToLoop } from '../imports/jobs.js';
import {
  type Cell,
  cellText,
  enumKey,
  type Parsed,
  parseDate,
  parseIdNumber,
  parseTerm,
  vocabulary,
} from '../imports/parse.js';
import { type ErrorReport, reportFor } from '../imports/report.js';
import {
  chunks,
  type ImportDeps,
  type Importer,
  type ImportOptions,
  labelsOf,
  looseName,
  type Plan,
  type PlannedRow,
  RowCtx,
  runImport,
  YIELD_EVERY,
} from '../imports/run.js';
import type { ReadSheet } from '../imports/spreadsheet.js';

export type CreditField =
  | 'idNumber'
  | 'name'
  | 'date'
  | 'category'
  | 'hours'
  | 'credits'
  | 'source'
  | 'level'
  | 'title'
  | 'note';

export const CREDIT_FIELDS: readonly FieldSpec<CreditField>[] = [
  {
    field: 'idNumber',
    label: '身份证号',
    synonyms: ['身份证号', '身份证号码', '身份证', '证件号码', '公民身份号码', '身份证件号码', '证件号'],
  },
  { field: 'name', label: '姓名', synonyms: ['姓名', '教师姓名', '学员姓名', '名字'] },
  {
    field: 'date',
    label: '学年/日期',
    synonyms: [
      '学年/日期',
      '学年',
      '学年度',
      '日期',
      '年度',
      '时间',
      '获得日期',
      '认定日期',
      '完成日期',
      '培训日期',
      '发生日期',
    ],
  },
  {
    field: 'category',
    label: '类别',
    synonyms: ['类别', '学时类别', '学分类别', '培训类别', '项目类别', '类型', '培训类型'],
  },
  { field: 'hours', label: '学时', synonyms: ['学时', '学时数', '认定学时', '获得学时', '培训学时'] },
  { field: 'credits', label: '学分', synonyms: ['学分', '学分数', '认定学分', '获得学分'] },
  {
    field: 'source',
    label: '来源',
    synonyms: ['来源', '学时来源', '学分来源', '数据来源', '来源平台', '平台', '认定单位'],
  },
  { field: 'level', label: '级别', synonyms: ['级别', '培训级别', '层级'] },
  { field: 'title', label: '项目名称', synonyms: ['项目名称', '培训项目', '培训名称', '名称', '内容', '学习内容'] },
  { field: 'note', label: '备注', synonyms: ['备注', '说明', '附注'] },
];

const LABELS = labelsOf(CREDIT_FIELDS);
const REQUIRED: readonly CreditField[] = ['idNumber', 'name', 'date', 'category'];
const LEVEL = vocabulary(LEVELS, LEVEL_SYNONYMS);
const MAX_HOURS = 9999;
const MAX_TEXT = 200;
const LOOKUP_CHUNK = 5000;
const WRITE_CHUNK = 5000;

/** Common ways platforms name the kinds of other learning. */
const KIND_SYNONYMS: Record<string, (typeof ACTIVITY_KINDS)[number]> = {
  学历: 'degree',
  学历教育: 'degree',
  学历进修: 'degree',
  论文: 'paper',
  公开课: 'open_lesson',
  示范课: 'open_lesson',
  观摩课: 'open_lesson',
  获奖: 'award',
  竞赛: 'award',
  网络课程: 'online_course',
  网络研修: 'online_course',
  平台课程: 'online_course',
};

// ---------- cells ----------

const round1 = (n: number) => Math.round(n * 10) / 10;

/** 学时 / 学分: a number > 0, also written "24学时". */
function parseAmount(cell: Cell, label: string): Parsed<number> {
  const raw = cellText(cell);
  const n =
    typeof cell === 'number'
      ? cell
      : Number(
          raw
            .normalize('NFKC')
            .replace(/\s+/g, '')
            .replace(/(学时|课时|学分|小时|分|h)$/i, ''),
        );
  if (!Number.isFinite(n) || raw === '') return { error: `${label}“${raw}”不是数字` };
  if (n < 0) return { error: `${label}不能为负数（${raw}）` };
  if (n === 0) return { error: `${label}应大于0` };
  if (n > MAX_HOURS) return { error: `${label}“${raw}”过大（最多${MAX_HOURS}）` };
  return { value: round1(n) };
}

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/**
 * 学年/日期: a date (2024-05-10, 2024/5/10, 2024年5月, an Excel date), a school year
 * (2023-2024学年, 2023—2024, 2023学年 = 2023–2024: dated its last day, 08-31) or a year
 * (2023, 2023年, 2023年度: dated 12-31).
 */
export function parseWhen(cell: Cell, label: string): Parsed<string> {
  const raw = cellText(cell);
  const s = raw.normalize('NFKC').replace(/\s+/g, '');
  let value: string | undefined;
  const span = /^(\d{4})[-—–~〜至到/](\d{4})(学年度?|学年|年度)?$/.exec(s);
  const schoolYear = /^(\d{4})学年度?$/.exec(s);
  const year =
    typeof cell === 'number' && Number.isInteger(cell) && cell >= 1900 && cell <= 2100
      ? [s, s]
      : /^(\d{4})年度?$/.exec(s);
  if (span) {
    const a = Number(span[1]);
    const b = Number(span[2]);
    if (b !== a + 1) return { error: `${label}“${raw}”不是一个学年（应如 2023-2024学年）` };
    value = `${b}-08-31`;
  } else if (schoolYear) value = `${Number(schoolYear[1]) + 1}-08-31`;
  else if (year) value = `${year[1]}-12-31`;
  else {
    const d = parseDate(cell, label);
    if ('error' in d) return { error: `${d.error}（可写 2024-05-10、2023-2024学年 或 2023年）` };
    value = d.value;
  }
  if (value < '1990-01-01') return { error: `${label}“${raw}”过早` };
  // A school year or a year still running is dated its end: allowed once it has begun.
  const end = value;
  const start = span || schoolYear ? `${Number(end.slice(0, 4)) - 1}-09-01` : year ? `${end.slice(0, 4)}-01-01` : end;
  if (start > today()) return { error: `${label}“${raw}”晚于今天` };
  return { value };
}

// ---------- plan ----------

interface TeacherRow {
  id: number;
  id_hash: string;
  name: string;
  school_id: number;
}

interface Entry {
  row: number;
  teacherId: number;
  occurredOn: string;
  category: string;
  level: Level | null;
  hours: number;
  credits: number | null;
  note: string;
  ref: string;
}

export interface CreditPlan extends Plan {
  entries: Entry[];
}

/** The kinds of other learning (学历提升, 论文 …) a row may name instead of a training category. */
function activityKinds() {
  const map = new Map<string, string>();
  for (const k of ACTIVITY_KINDS) {
    map.set(enumKey(k), k);
    map.set(enumKey(ACTIVITY_KIND_LABELS[k]), k);
  }
  for (const [w, k] of Object.entries(KIND_SYNONYMS)) map.set(enumKey(w), k);
  return map;
}

async function loadTeachers(deps: ImportDeps, user: CurrentUser, hashes: string[]) {
  const found = new Map<string, TeacherRow>();
  for (const part of chunks(hashes, LOOKUP_CHUNK)) {
    const list = await rows<TeacherRow>(
      deps.db,
      sql`select t.id, t.id_hash, t.name, t.school_id
          from teachers t join schools s on s.id = t.school_id
          where t.id_hash = any(${textArray(part)}) and ${teacherScope(user, 't', 's')}`,
    );
    for (const r of list) found.set(r.id_hash, r);
    await yieldToLoop();
  }
  return found;
}

async function loadExisting(deps: ImportDeps, regionId: number, refs: string[]) {
  const found = new Set<string>();
  for (const part of chunks(refs, LOOKUP_CHUNK)) {
    const list = await rows<{ source_ref: string }>(
      deps.db,
      sql`select source_ref from credit_ledger
          where ${creditEntryScope(county(regionId), 'credit_ledger')} and source = 'import' and source_ref = any(${textArray(part)})`,
    );
    for (const r of list) found.add(r.source_ref);
  }
  return found;
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

export async function planCredits(
  deps: ImportDeps,
  user: CurrentUser,
  sheet: ReadSheet<CreditField>,
  job: JobReporter,
  terms: ImportTerms,
): Promise<CreditPlan> {
  if (!sheet.columns.hours && !sheet.columns.credits) {
    throw new AppError('FILE_INVALID', `第${sheet.headerRow}行表头缺少“学时”或“学分”列（至少要有其中一列）`);
  }
  const rules = await getRuleSet(deps.db, user.regionId);
  const kinds = activityKinds();

  type Draft = {
    ctx: RowCtx<CreditField>;
    idHash?: string;
    name?: string;
    teacher?: TeacherRow;
    v?: Omit<Entry, 'row' | 'teacherId' | 'ref'> & { source: string | null };
  };
  const drafts: Draft[] = [];

  for (let i = 0; i < sheet.rows.length; i++) {
    const r = new RowCtx(sheet.rows[i]!, sheet.columns, LABELS);
    const d: Draft = { ctx: r };
    const need = (f: CreditField) => {
      if (r.has(f)) return true;
      r.err(f, `${r.column(f)}不能为空`);
      return false;
    };
    if (need('idNumber')) {
      const id = r.take('idNumber', parseIdNumber(r.cell('idNumber')));
      if (id) d.idHash = deps.cipher.hash(id.value);
    }
    if (need('name')) d.name = clean(r.text('name'));
    const occurredOn = need('date') ? r.take('date', parseWhen(r.cell('date'), r.column('date'))) : undefined;
    let category: string | undefined;
    if (need('category')) {
      // The county's training categories win over a look-alike kind name; a value that is neither
      // is a category the dictionary lacks, mapped in the preview.
      const raw = r.text('category');
      const kind = terms.dict.resolve('training_category', raw) ? undefined : kinds.get(enumKey(raw));
      category = kind ?? terms.one(r, 'category', 'training_category') ?? undefined;
    }
    const level = r.has('level') ? r.take('level', parseTerm(r.cell('level'), r.column('level'), LEVEL)) : null;
    const hours = r.has('hours') ? r.take('hours', parseAmount(r.cell('hours'), r.column('hours'))) : undefined;
    const credits = r.has('credits')
      ? r.take('credits', parseAmount(r.cell('credits'), r.column('credits')))
      : undefined;
    if (!r.has('hours') && !r.has('credits')) {
      r.err(sheet.columns.hours ? 'hours' : 'credits', '学时和学分不能都为空');
    }
    const source = r.has('source') ? clean(r.text('source')).slice(0, 100) : null;
    const title = r.has('title') ? clean(r.text('title')).slice(0, MAX_TEXT) : null;
    const remark = r.has('note') ? clean(r.text('note')).slice(0, MAX_TEXT) : null;
    if (!r.errors.length) {
      // 学分 only: converted with the county's rate (学分 = 学时 × creditsPerHour).
      const h = hours ?? round1(credits! / rules.creditsPerHour);
      const note = [source && `来源：${source}`, title && `《${title}》`, remark].filter(Boolean).join('；');
      d.v = {
        occurredOn: occurredOn!,
        category: category!,
        level: level ?? null,
        hours: h,
        credits: credits ?? null,
        note: note || '历史学时导入',
        source,
      };
    }
    drafts.push(d);
    if (i % YIELD_EVERY === YIELD_EVERY - 1) {
      job.progress(Math.floor((i + 1) / 2));
      await yieldToLoop();
    }
  }

  const hashes = [...new Set(drafts.flatMap((d) => (d.idHash ? [d.idHash] : [])))];
  const teachers = await loadTeachers(deps, user, hashes);
  const outside =
    user.role === 'county_admin' ? '本县教师库中没有该身份证号的教师' : '您管理的学校中没有该身份证号的教师';
  const refOf = (d: Draft) =>
    `import:${createHash('sha256')
      .update([d.idHash, d.v!.occurredOn, d.v!.category, d.v!.hours, d.v!.source ?? ''].join('|'))
      .digest('hex')
      .slice(0, 40)}`;
  const refs = new Map<Draft, string>();
  for (const d of drafts) {
    if (!d.idHash) continue;
    const t = teachers.get(d.idHash);
    if (!t) d.ctx.err('idNumber', outside);
    else if (d.name && looseName(d.name) !== looseName(t.name)) {
      d.ctx.err('name', `姓名“${d.name}”与教师库中该身份证号的姓名“${t.name}”不一致`);
    } else d.teacher = t;
    if (d.v && !d.ctx.errors.length) refs.set(d, refOf(d));
  }
  const existing = await loadExisting(deps, user.regionId, [...new Set(refs.values())]);

  const plan: CreditPlan = { rows: [], errors: [], writeCount: 0, entries: [] };
  const firstRow = new Map<string, number>();
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i]!;
    const r = d.ctx;
    const who = d.teacher?.name ?? (d.name || `第${r.row.row}行`);
    let planned: PlannedRow;
    if (r.errors.length) {
      plan.errors.push(...r.errors);
      planned = { row: r.row.row, action: 'error', label: `${who}：${r.errors.map((e) => e.message).join('；')}` };
    } else {
      const v = d.v!;
      const ref = refs.get(d)!;
      const what = `${v.occurredOn} ${ACTIVITY_KIND_LABELS[v.category as keyof typeof ACTIVITY_KIND_LABELS] ?? v.category} ${v.hours}学时${v.source ? `（${v.source}）` : ''}`;
      const prev = firstRow.get(ref);
      if (existing.has(ref)) planned = { row: r.row.row, action: 'skip', label: `${who}：${what}，已导入过` };
      else if (prev !== undefined) {
        planned = { row: r.row.row, action: 'skip', label: `${who}：${what}，与第${prev}行相同，不重复计入` };
      } else {
        firstRow.set(ref, r.row.row);
        plan.entries.push({ row: r.row.row, teacherId: d.teacher!.id, ref, ...v });
        planned = { row: r.row.row, action: 'create', label: `${who}：${what}` };
      }
    }
    plan.rows.push(planned);
    if (i % YIELD_EVERY === YIELD_EVERY - 1) {
      job.progress(Math.floor((drafts.length + i + 1) / 2));
      await yieldToLoop();
    }
  }
  plan.writeCount = plan.entries.length;
  return plan;
}

// ---------- write ----------

const numericArray = (values: ReadonlyArray<number | null>) =>
  sql`${`{${values.map((v) => (v == null ? 'NULL' : String(v))).join(',')}}`}::numeric[]`;
const nullableText = (values: ReadonlyArray<string | null>) =>
  sql`${`{${values.map((v) => (v == null ? 'NULL' : `"${v.replace(/(["\\])/g, '\\$1')}"`)).join(',')}}`}::text[]`;

async function writeCredits(
  tx: Tx,
  _deps: ImportDeps,
  actor: Actor,
  plan: CreditPlan,
  job: JobReporter,
  summary: Record<string, unknown>,
) {
  const regionId = actor.user.regionId;
  const evidence = `导入文件：${String(summary.file ?? '').slice(0, MAX_TEXT)}`;
  let posted = 0;
  const ids: number[] = [];
  for (const batch of chunks(plan.entries, WRITE_CHUNK)) {
    const inserted = await rows<{ id: number }>(
      tx,
      sql`insert into credit_ledger (region_id, teacher_id, source, source_ref, category, level, hours, credits,
                                     occurred_on, note, evidence, approved_by, created_by)
          select ${regionId}, v.teacher_id, 'import', v.ref, v.category, v.level, v.hours, v.credits, v.occurred_on,
                 v.note, ${evidence}, ${actor.user.id}, ${actor.user.id}
          from unnest(${intArray(batch.map((e) => e.teacherId))}, ${textArray(batch.map((e) => e.ref))},
                      ${textArray(batch.map((e) => e.category))}, ${nullableText(batch.map((e) => e.level))},
                      ${numericArray(batch.map((e) => e.hours))}, ${numericArray(batch.map((e) => e.credits))},
                      ${textArray(batch.map((e) => e.occurredOn))}::date[], ${textArray(batch.map((e) => e.note))})
               as v(teacher_id, ref, category, level, hours, credits, occurred_on, note)
          join teachers t on t.id = v.teacher_id and ${teacherScope(county(regionId), 't')}
          on conflict do nothing
          returning id`,
    );
    posted += inserted.length;
    for (const r of inserted) ids.push(Number(r.id));
    job.progress(posted);
    await yieldToLoop();
  }
  await record(tx, actor, {
    action: 'credit.import',
    entity: 'credit_entry',
    entityId: null,
    after: {
      ...summary,
      posted,
      firstId: ids.length ? Math.min(...ids) : null,
      lastId: ids.length ? Math.max(...ids) : null,
    },
  });
}

export const creditImporter: Importer<CreditField, CreditPlan> = {
  kind: 'credits.import',
  entity: 'credit_entry',
  match: compileSpecs(CREDIT_FIELDS),
  specs: CREDIT_FIELDS,
  examples: '身份证号、姓名、学年/日期、类别、学时',
  requiredColumns: REQUIRED,
  plan: planCredits,
  write: writeCredits,
};

/** Imports historical credits. Throws IMPORT_HAS_ERRORS (422) when committing a file with errors without skipInvalid. */
export function importCredits(
  deps: ImportDeps,
  actor: Actor,
  buffer: Buffer,
  filename: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  return runImport(deps, actor, buffer, filename, opts, creditImporter);
}

export function creditErrorReport(
  deps: ImportDeps,
  actor: Actor,
  buffer: Buffer,
  filename: string,
): Promise<ErrorReport> {
  return reportFor(deps, actor, buffer, filename, creditImporter);
}

// ---------- template ----------

export async function creditTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('历史学时');
  const columns: { header: string; width: number; example: string; text?: boolean }[] = [
    { header: '身份证号', width: 22, example: '示例：510683199001010011', text: true },
    { header: '姓名', width: 10, example: '张三' },
    { header: '学年/日期', width: 16, example: '2023-2024学年' },
    { header: '类别', width: 16, example: '骨干教师' },
    { header: '学时', width: 8, example: '24' },
    { header: '学分', width: 8, example: '' },
    { header: '来源', width: 18, example: '国家智慧教育平台' },
    { header: '级别', width: 8, example: '省培' },
    { header: '项目名称', width: 28, example: '2023年暑期教师研修' },
    { header: '备注', width: 24, example: '' },
  ];
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.addRow(columns.map((c) => c.example));
  columns.forEach((c, i) => {
    if (c.text) ws.getColumn(i + 1).numFmt = '@';
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', width: 14 },
    { header: '是否必填', width: 10 },
    { header: '说明', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  const notes: [string, string, string][] = [
    ['身份证号', '必填', '18位，末位可为X；请保持该列为“文本”格式。教师须已在本县教师库中'],
    ['姓名', '必填', '须与教师库中该身份证号的姓名一致'],
    ['学年/日期', '必填', '日期如 2024-05-10；学年如 2023-2024学年（计为2024-08-31）；年度如 2023年（计为2023-12-31）'],
    [
      '类别',
      '必填',
      `本县培训类别（如 ${DEFAULT_CATEGORIES.slice(0, 3).join('、')}）或申报类别（${ACTIVITY_KINDS.map((k) => ACTIVITY_KIND_LABELS[k]).join('、')}）`,
    ],
    ['学时', '学时、学分至少填一项', '大于0的数字，最多一位小数'],
    ['学分', '学时、学分至少填一项', '只填学分时按本县学分规则折算为学时'],
    ['来源', '选填', '如 国家智慧教育平台、省教师教育网；同一教师同一日期同一类别同一学时同一来源只记一次'],
    ['级别', '选填', LEVELS.join('、')],
    ['项目名称', '选填', '记入台账备注'],
    ['备注', '选填', '记入台账备注'],
  ];
  for (const n of notes) help.addRow(n);
  help.getColumn(3).alignment = { wrapText: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
