// Honours from a sheet (身份证号, 姓名, 荣誉名称, 级别, 年度, 授予单位; 获奖日期 optional), through the
// import kit (../imports): preview, then everything written in one transaction, with Chinese
// row/column errors. A teacher's honour is one per year and title: a row naming one already on
// record is skipped when nothing differs, or updates its level and awarding body, so importing the
// same sheet twice creates nothing new. The county's imports are verified at once, a school's wait
// for the county (and a school cannot change an honour the county has verified).
import type { HonourLevel, ImportResult } from '@shixun/common';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { honourScope, teacherScope } from '../../access/scope.js';
import { intArray, rows, type Tx, textArray } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { compileSpecs, type FieldSpec } from '../imports/headers.js';
import { type JobReporter, yieldToLoop } from '../imports/jobs.js';
import { type Cell, cellText, type Parsed, parseDate, parseIdNumber } from '../imports/parse.js';
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
import { entryStatus } from './honours.service.js';
import { honourLevels, matchLevel } from './levels.js';

export type HonourField = 'idNumber' | 'name' | 'title' | 'level' | 'year' | 'awardingBody' | 'awardedOn';

export const HONOUR_FIELDS: readonly FieldSpec<HonourField>[] = [
  {
    field: 'idNumber',
    label: '身份证号',
    synonyms: ['身份证号', '身份证号码', '身份证', '证件号码', '公民身份号码', '身份证件号码', '证件号'],
  },
  { field: 'name', label: '姓名', synonyms: ['姓名', '教师姓名', '获奖教师', '获奖人', '名字'] },
  {
    field: 'title',
    label: '荣誉名称',
    synonyms: ['荣誉名称', '荣誉', '荣誉称号', '奖项名称', '获奖名称', '表彰名称', '称号'],
  },
  { field: 'level', label: '级别', synonyms: ['级别', '荣誉级别', '获奖级别', '表彰级别', '层级'] },
  { field: 'year', label: '年度', synonyms: ['年度', '年份', '获奖年度', '获奖年份', '表彰年度'] },
  {
    field: 'awardingBody',
    label: '授予单位',
    synonyms: ['授予单位', '颁发单位', '发证单位', '表彰单位', '授奖单位', '颁奖单位'],
  },
  { field: 'awardedOn', label: '获奖日期', synonyms: ['获奖日期', '授予日期', '表彰日期', '发证日期', '获奖时间'] },
];

const LABELS = labelsOf(HONOUR_FIELDS);
const REQUIRED: readonly HonourField[] = ['idNumber', 'name', 'title', 'level', 'year', 'awardingBody'];
const LOOKUP_CHUNK = 5000;
const WRITE_CHUNK = 2000;

const squeeze = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim();
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** 年度: 2024, 2024年, 2024年度, or a date (its year); not after this year. */
export function parseHonourYear(cell: Cell, label: string): Parsed<number> {
  const raw = cellText(cell);
  const s = raw.normalize('NFKC').replace(/\s+/g, '');
  let y: number | undefined;
  const m = /^(\d{4})(年度?|年)?$/.exec(s);
  if (typeof cell === 'number' && Number.isInteger(cell) && cell >= 1900 && cell <= 2100) y = cell;
  else if (m) y = Number(m[1]);
  else {
    const d = parseDate(cell, label);
    if ('error' in d) return { error: `${label}“${raw}”不是年份，请填写如 2024 或 2024年` };
    y = Number(d.value.slice(0, 4));
  }
  const now = Number(today().slice(0, 4));
  if (y < 1950) return { error: `${label}“${raw}”过早` };
  if (y > now) return { error: `${label}“${raw}”晚于今年` };
  return { value: y };
}

interface TeacherRow {
  id: number;
  id_hash: string;
  name: string;
  school_id: number;
}

interface Existing {
  id: number;
  teacher_id: number;
  year: number;
  title: string;
  level: string;
  awarding_body: string;
  status: string;
}

interface Change {
  row: number;
  teacherId: number;
  schoolId: number;
  title: string;
  level: string;
  year: number;
  awardingBody: string;
  awardedOn: string | null;
  /** The honour updated, or null for a new one. */
  existingId: number | null;
}

export interface HonourPlan extends Plan {
  changes: Change[];
}

async function loadTeachers(deps: ImportDeps, user: CurrentUser, hashes: string[]) {
  const found = new Map<string, TeacherRow>();
  for (const part of chunks(hashes, LOOKUP_CHUNK)) {
    const list = await rows<TeacherRow>(
      deps.db,
      sql`select t.id, t.id_hash, t.name, t.school_id from teachers t join schools s on s.id = t.school_id
          where t.id_hash = any(${textArray(part)}) and ${teacherScope(user, 't', 's')}`,
    );
    for (const r of list) found.set(r.id_hash, r);
    await yieldToLoop();
  }
  return found;
}

async function loadExisting(deps: ImportDeps, user: CurrentUser, teacherIds: number[]) {
  const found = new Map<string, Existing>();
  for (const part of chunks(teacherIds, LOOKUP_CHUNK)) {
    const list = await rows<Existing>(
      deps.db,
      sql`select h.id, h.teacher_id, h.year, h.title, h.level, h.awarding_body, h.status from honours h
          where h.teacher_id = any(${intArray(part)}) and ${honourScope({ county: user.regionId }, 'h')}`,
    );
    for (const r of list) found.set(`${r.teacher_id}|${r.year}|${r.title}`, r);
  }
  return found;
}

export async function planHonours(
  deps: ImportDeps,
  user: CurrentUser,
  sheet: ReadSheet<HonourField>,
  job: JobReporter,
): Promise<HonourPlan> {
  const levels = await honourLevels(deps.db, user.regionId);
  type Draft = {
    ctx: RowCtx<HonourField>;
    idHash?: string;
    name?: string;
    teacher?: TeacherRow;
    v?: { title: string; level: string; year: number; awardingBody: string; awardedOn: string | null };
  };
  const drafts: Draft[] = [];
  for (let i = 0; i < sheet.rows.length; i++) {
    const r = new RowCtx(sheet.rows[i]!, sheet.columns, LABELS);
    const d: Draft = { ctx: r };
    const need = (f: HonourField) => {
      if (r.has(f)) return true;
      r.err(f, `${r.column(f)}不能为空`);
      return false;
    };
    if (need('idNumber')) {
      const id = r.take('idNumber', parseIdNumber(r.cell('idNumber')));
      if (id) d.idHash = deps.cipher.hash(id.value);
    }
    if (need('name')) d.name = squeeze(r.text('name'));
    let title: string | undefined;
    if (need('title')) {
      title = squeeze(r.text('title'));
      if (title.length > 100) r.err('title', `${r.column('title')}不超过100字（现为${title.length}字）`);
    }
    let level: string | undefined;
    if (need('level')) {
      const raw = r.text('level');
      const hit = matchLevel(levels, raw);
      if (hit) level = hit.label;
      else r.err('level', `级别“${raw}”无效，可选：${levels.map((l) => l.label).join('、')}`);
    }
    const year = need('year') ? r.take('year', parseHonourYear(r.cell('year'), r.column('year'))) : undefined;
    let awardingBody: string | undefined;
    if (need('awardingBody')) {
      awardingBody = squeeze(r.text('awardingBody'));
      if (awardingBody.length > 60) r.err('awardingBody', `${r.column('awardingBody')}不超过60字`);
    }
    let awardedOn: string | null = null;
    if (r.has('awardedOn')) {
      const day = r.take('awardedOn', parseDate(r.cell('awardedOn'), r.column('awardedOn')));
      if (day) {
        if (day > today()) r.err('awardedOn', `${r.column('awardedOn')}“${r.text('awardedOn')}”晚于今天`);
        else if (year != null && Number(day.slice(0, 4)) !== year) {
          r.err('awardedOn', `${r.column('awardedOn')}“${day}”与年度${year}不一致`);
        } else awardedOn = day;
      }
    }
    if (!r.errors.length) d.v = { title: title!, level: level!, year: year!, awardingBody: awardingBody!, awardedOn };
    drafts.push(d);
    if (i % YIELD_EVERY === YIELD_EVERY - 1) {
      job.progress(Math.floor((i + 1) / 2));
      await yieldToLoop();
    }
  }

  const teachers = await loadTeachers(deps, user, [...new Set(drafts.flatMap((d) => (d.idHash ? [d.idHash] : [])))]);
  const outside =
    user.role === 'county_admin' ? '本县教师库中没有该身份证号的教师' : '您管理的学校中没有该身份证号的教师';
  for (const d of drafts) {
    if (!d.idHash) continue;
    const t = teachers.get(d.idHash);
    if (!t) d.ctx.err('idNumber', outside);
    else if (d.name && looseName(d.name) !== looseName(t.name)) {
      d.ctx.err('name', `姓名“${d.name}”与教师库中该身份证号的姓名“${t.name}”不一致`);
    } else d.teacher = t;
  }
  const existing = await loadExisting(deps, user, [...new Set([...teachers.values()].map((t) => t.id))]);

  const plan: HonourPlan = { rows: [], errors: [], writeCount: 0, changes: [] };
  const firstRow = new Map<string, number>();
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i]!;
    const r = d.ctx;
    const who = d.teacher?.name ?? (d.name || `第${r.row.row}行`);
    let planned: PlannedRow | null = null;
    if (!r.errors.length && d.v && d.teacher) {
      const v = d.v;
      const key = `${d.teacher.id}|${v.year}|${v.title}`;
      const what = `${v.year}年 ${v.level}“${v.title}”（${v.awardingBody}）`;
      const prev = firstRow.get(key);
      const old = existing.get(key);
      if (prev !== undefined) {
        planned = { row: r.row.row, action: 'skip', label: `${who}：${what}，与第${prev}行相同，不重复登记` };
      } else if (old && old.level === v.level && old.awarding_body === v.awardingBody) {
        firstRow.set(key, r.row.row);
        planned = { row: r.row.row, action: 'skip', label: `${who}：${what}，已登记` };
      } else if (old && old.status === 'verified' && user.role !== 'county_admin') {
        r.err(
          'level',
          `该荣誉已由县里认定（${old.level}，${old.awarding_body}），不能通过导入修改，请联系县教师发展中心`,
        );
      } else {
        firstRow.set(key, r.row.row);
        plan.changes.push({
          row: r.row.row,
          teacherId: d.teacher.id,
          schoolId: d.teacher.school_id,
          ...v,
          existingId: old?.id ?? null,
        });
        planned = old
          ? {
              row: r.row.row,
              action: 'update',
              label: `${who}：${what}（原为 ${old.level}，${old.awarding_body}）`,
            }
          : { row: r.row.row, action: 'create', label: `${who}：${what}` };
      }
    }
    if (r.errors.length) {
      plan.errors.push(...r.errors);
      planned = { row: r.row.row, action: 'error', label: `${who}：${r.errors.map((e) => e.message).join('；')}` };
    }
    plan.rows.push(planned!);
    if (i % YIELD_EVERY === YIELD_EVERY - 1) {
      job.progress(Math.floor((drafts.length + i + 1) / 2));
      await yieldToLoop();
    }
  }
  plan.writeCount = plan.changes.length;
  return plan;
}

const nullableText = (values: ReadonlyArray<string | null>) =>
  sql`${`{${values.map((v) => (v == null ? 'NULL' : `"${v.replace(/(["\\])/g, '\\$1')}"`)).join(',')}}`}::text[]`;

async function writeHonours(
  tx: Tx,
  _deps: ImportDeps,
  actor: Actor,
  plan: HonourPlan,
  job: JobReporter,
  summary: Record<string, unknown>,
) {
  const user = actor.user;
  const status = entryStatus(user);
  const verifier = status === 'verified' ? user.id : null;
  const created: number[] = [];
  const updated: number[] = [];
  let done = 0;
  const news = plan.changes.filter((c) => c.existingId == null);
  const edits = plan.changes.filter((c) => c.existingId != null);
  for (const batch of chunks(news, WRITE_CHUNK)) {
    const ids = await rows<{ id: number }>(
      tx,
      sql`insert into honours (region_id, teacher_id, school_id, level, title, year, awarding_body, awarded_on, status,
                               source, created_by, verified_by, verified_at)
          select ${user.regionId}, v.teacher_id, v.school_id, v.level, v.title, v.year, v.awarding_body, v.awarded_on,
                 ${status}, 'import', ${user.id}, ${verifier}::int,
                 ${status === 'verified' ? sql`now()` : sql`null::timestamptz`}
          from unnest(${intArray(batch.map((c) => c.teacherId))}, ${intArray(batch.map((c) => c.schoolId))},
                      ${textArray(batch.map((c) => c.level))}, ${textArray(batch.map((c) => c.title))},
                      ${intArray(batch.map((c) => c.year))}::smallint[], ${textArray(batch.map((c) => c.awardingBody))},
                      ${nullableText(batch.map((c) => c.awardedOn))}::date[])
               as v(teacher_id, school_id, level, title, year, awarding_body, awarded_on)
          join teachers t on t.id = v.teacher_id and ${teacherScope({ county: user.regionId }, 't')}
          returning id`,
    );
    for (const r of ids) created.push(Number(r.id));
    done += batch.length;
    job.progress(done);
    await yieldToLoop();
  }
  for (const batch of chunks(edits, WRITE_CHUNK)) {
    const ids = await rows<{ id: number }>(
      tx,
      sql`update honours h set level = v.level, awarding_body = v.awarding_body,
            awarded_on = coalesce(v.awarded_on, h.awarded_on), status = ${status}, reject_reason = null,
            verified_by = ${verifier}::int,
            verified_at = ${status === 'verified' ? sql`coalesce(h.verified_at, now())` : sql`null::timestamptz`},
            updated_at = now()
          from unnest(${intArray(batch.map((c) => c.existingId!))}, ${textArray(batch.map((c) => c.level))},
                      ${textArray(batch.map((c) => c.awardingBody))},
                      ${nullableText(batch.map((c) => c.awardedOn))}::date[]) as v(id, level, awarding_body, awarded_on)
          where h.id = v.id and ${honourScope({ county: user.regionId }, 'h')}
          returning h.id`,
    );
    for (const r of ids) updated.push(Number(r.id));
    done += batch.length;
    job.progress(done);
    await yieldToLoop();
  }
  await record(tx, actor, {
    action: 'honour.import',
    entity: 'honour',
    entityId: null,
    after: { ...summary, status, createdIds: created, updatedIds: updated },
  });
}

export const honourImporter: Importer<HonourField, HonourPlan> = {
  kind: 'honours.import',
  entity: 'honour',
  match: compileSpecs(HONOUR_FIELDS),
  specs: HONOUR_FIELDS,
  examples: '身份证号、姓名、荣誉名称、级别、年度、授予单位',
  requiredColumns: REQUIRED,
  plan: planHonours,
  write: writeHonours,
};

/** Imports honours. Throws IMPORT_HAS_ERRORS (422) when committing a file with errors without skipInvalid. */
export function importHonours(
  deps: ImportDeps,
  actor: Actor,
  buffer: Buffer,
  filename: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  return runImport(deps, actor, buffer, filename, opts, honourImporter);
}

export function honourErrorReport(
  deps: ImportDeps,
  actor: Actor,
  buffer: Buffer,
  filename: string,
): Promise<ErrorReport> {
  return reportFor(deps, actor, buffer, filename, honourImporter);
}

/** The template: the six columns (and the optional date), an example row, and what each accepts. */
export async function honourTemplate(levels: readonly HonourLevel[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '师训';
  const ws = wb.addWorksheet('教师荣誉', { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns: { header: string; width: number; example: string; text?: boolean }[] = [
    { header: '身份证号', width: 22, example: '示例：510683199001010011', text: true },
    { header: '姓名', width: 10, example: '张三' },
    { header: '荣誉名称', width: 30, example: '优秀班主任' },
    { header: '级别', width: 10, example: '县级' },
    { header: '年度', width: 8, example: '2024' },
    { header: '授予单位', width: 24, example: '县教育局' },
    { header: '获奖日期', width: 12, example: '2024-09-10' },
  ];
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.addRow(columns.map((c) => c.example)).font = { italic: true, color: { argb: 'FF808080' } };
  columns.forEach((c, i) => {
    if (c.text) ws.getColumn(i + 1).numFmt = '@';
  });
  // A drop-down for the level that still accepts other spellings (matched leniently on import).
  (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
    'D2:D2001',
    {
      type: 'list',
      allowBlank: true,
      formulae: [`"${levels.map((l) => l.label).join(',')}"`],
      showErrorMessage: false,
    },
  );
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', width: 12 },
    { header: '是否必填', width: 10 },
    { header: '说明', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  const notes: [string, string, string][] = [
    ['身份证号', '必填', '18位，末位可为X；请保持该列为“文本”格式。教师须已在本县教师库中（学校只能导入本校教师）'],
    ['姓名', '必填', '须与教师库中该身份证号的姓名一致'],
    ['荣誉名称', '必填', '如 优秀班主任、骨干教师、教学能手；同一教师同一年度同名的荣誉只登记一次'],
    ['级别', '必填', `${levels.map((l) => l.label).join('、')}（“省”“市级”“县区级”等写法也能识别）`],
    ['年度', '必填', '获得荣誉的年份，如 2024 或 2024年'],
    ['授予单位', '必填', '如 省教育厅、州教育局、县人民政府'],
    ['获奖日期', '选填', '如 2024-09-10；须在所填年度内'],
    ['', '', '以“示例”开头的行不会导入。重复导入同一份表格不会重复登记；级别或授予单位不同的行会更新原记录。'],
    ['', '', '县教师发展中心导入的荣誉直接认定；学校导入的荣誉待县里认定后计入统计。'],
  ];
  for (const n of notes) help.addRow(n);
  help.getColumn(3).alignment = { wrapText: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
