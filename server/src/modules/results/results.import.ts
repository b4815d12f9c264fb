// Results sheets from upper-level platforms (国培/省培/市州培 …): one row per teacher per project.
// Each row finds its teacher (ID number HMAC within the region, name checked), finds or creates its
// project (项目编号 within the region, else name + level + dates), and creates or updates the
// participation with its result; passes post credit. The roster import's reader, cell parsers and
// job reporting do the file work (../imports); everything is validated against a few bulk reads,
// then written in one transaction with array-parameter SQL. A sheet imported twice changes nothing.
import {
  CORRECTION_REASON,
  type ImportResult,
  isUpperLevel,
  LEVEL_SYNONYMS,
  LEVELS,
  type Level,
  MODE_SYNONYMS,
  MODES,
  type Mode,
  organiserTypeOf,
  PARTICIPATION_STATUS_LABELS,
  type ParticipationStatus,
  PLAN_TIME_ZONE,
  RESULTS,
  type Result,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { county, participationScope, projectScope, teacherScope } from '../../access/scope.js';
import { intArray, rows, type Tx, textArray } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, notFound } from '../../http/errors.js';
import { revokeCertificates } from '../certificates/certificates.service.js';
import { liveProjectPostings, postProjectCredit, reverseCredit } from '../credits/credits.service.js';
import type { ImportTerms } from '../dictionaries/import-terms.js';
import { compileSpecs, type FieldSpec } from '../imports/headers.js';
import { type JobReporter, yieldToLoop } from '../imports/jobs.js';
import { type Cell, cellText, type Parsed, parseDate, parseIdNumber, parseTerm, vocabulary } from '../imports/parse.js';
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
import { createReportBackTasks } from '../report-backs/report-backs.tasks.js';

// ---------- columns ----------

export type ResultField =
  | 'idNumber'
  | 'name'
  | 'projectName'
  | 'level'
  | 'mode'
  | 'hours'
  | 'startDate'
  | 'endDate'
  | 'result'
  | 'code'
  | 'score'
  | 'certificateNo'
  | 'category'
  | 'organiser';

export const RESULT_FIELDS: readonly FieldSpec<ResultField>[] = [
  {
    field: 'idNumber',
    label: '身份证号',
    synonyms: ['身份证号', '身份证号码', '身份证', '证件号码', '公民身份号码', '身份证件号码', '证件号'],
  },
  { field: 'name', label: '姓名', synonyms: ['姓名', '学员姓名', '教师姓名', '参训教师', '参训人员', '名字'] },
  {
    field: 'projectName',
    label: '项目名称',
    synonyms: ['项目名称', '培训项目名称', '培训项目', '培训名称', '项目', '培训班名称', '班级名称'],
  },
  { field: 'level', label: '级别', synonyms: ['级别', '培训级别', '项目级别', '培训层级', '层级'] },
  { field: 'mode', label: '形式', synonyms: ['形式', '培训形式', '培训方式', '研修形式', '方式'] },
  { field: 'hours', label: '学时', synonyms: ['学时', '培训学时', '学时数', '获得学时', '认定学时', '课时'] },
  {
    field: 'startDate',
    label: '开始日期',
    synonyms: ['开始日期', '开始时间', '培训开始日期', '培训开始时间', '起始日期', '开班日期'],
  },
  {
    field: 'endDate',
    label: '结束日期',
    synonyms: ['结束日期', '结束时间', '培训结束日期', '培训结束时间', '截止日期', '结业日期'],
  },
  {
    field: 'result',
    label: '考核结果',
    synonyms: ['考核结果', '考核等级', '考核', '结业情况', '是否合格', '结果', '等级'],
  },
  { field: 'code', label: '项目编号', synonyms: ['项目编号', '项目代码', '培训项目编号', '项目号', '培训编号'] },
  { field: 'score', label: '成绩', synonyms: ['成绩', '考核成绩', '总成绩', '得分', '分数', '总分'] },
  {
    field: 'certificateNo',
    label: '证书编号',
    synonyms: ['证书编号', '结业证书编号', '合格证书编号', '证书号', '证书号码'],
  },
  { field: 'category', label: '类别', synonyms: ['类别', '培训类别', '项目类别', '培训类型'] },
  { field: 'organiser', label: '主办单位', synonyms: ['主办单位', '组织单位', '培训机构', '承办单位'] },
];

const LABELS = labelsOf(RESULT_FIELDS);
const REQUIRED: readonly ResultField[] = [
  'idNumber',
  'name',
  'projectName',
  'level',
  'mode',
  'hours',
  'startDate',
  'endDate',
  'result',
];

// ---------- vocabularies ----------

const LEVEL = vocabulary(LEVELS, LEVEL_SYNONYMS);
const MODE = vocabulary(MODES, MODE_SYNONYMS);
/** Platforms write pass/fail (通过/未通过) or a four-grade scale (良好 is a pass). */
const RESULT = vocabulary(RESULTS, {
  通过: '合格',
  已通过: '合格',
  良好: '合格',
  及格: '合格',
  未通过: '不合格',
  不通过: '不合格',
  不及格: '不合格',
});

const MAX_HOURS = 9999;
const MAX_TEXT = 200;
const LOOKUP_CHUNK = 5000;
/** Rows per array-parameter statement: one parameter per column, so only memory limits it. */
const WRITE_CHUNK = 10_000;
/** postProjectCredit audits each posting in one multi-row insert (10 parameters a row). */
const CREDIT_CHUNK = 5000;
const AUDIT_BATCH = 500;

const statusOf = (r: Result): 'completed' | 'failed' => (r === '不合格' ? 'failed' : 'completed');

/** 学时: a number ≥ 0, also written "24学时" or "24 课时". */
function parseHours(cell: Cell, label: string): Parsed<number> {
  const raw = cellText(cell);
  const n =
    typeof cell === 'number'
      ? cell
      : Number(
          raw
            .normalize('NFKC')
            .replace(/\s+/g, '')
            .replace(/(学时|课时|小时|h)$/i, ''),
        );
  if (!Number.isFinite(n) || raw === '') return { error: `${label}“${raw}”不是数字` };
  if (n < 0) return { error: `${label}不能为负数（${raw}）` };
  if (n > MAX_HOURS) return { error: `${label}“${raw}”过大（最多${MAX_HOURS}）` };
  return { value: Math.round(n * 10) / 10 };
}

/** 成绩: 0–100, also "85分". */
function parseScore(cell: Cell, label: string): Parsed<number> {
  const raw = cellText(cell);
  const n = typeof cell === 'number' ? cell : Number(raw.normalize('NFKC').replace(/\s+/g, '').replace(/分$/, ''));
  if (!Number.isFinite(n)) return { error: `${label}“${raw}”不是数字` };
  if (n < 0 || n > 100) return { error: `${label}“${raw}”应在0到100之间` };
  return { value: Math.round(n * 10) / 10 };
}

/** Free text as written (full-width punctuation is normal Chinese), runs of spaces made one. */
const cleanText = (s: string) => s.replace(/\s+/g, ' ').trim();

// ---------- plan ----------

interface TeacherRow {
  id: number;
  id_hash: string;
  name: string;
  school_id: number;
  school_name: string;
}

interface ProjectRow {
  id: number;
  code: string | null;
  name: string;
  level: string;
  start_date: string;
  end_date: string;
  school_id: number | null;
  hours: number | string;
}

interface ParticipationRow {
  id: number;
  project_id: number;
  teacher_id: number;
  status: ParticipationStatus;
  result: Result | null;
  score: number | string | null;
  external_certificate_no: string | null;
}

/** A project the file needs that does not exist yet. */
export interface NewProject {
  key: string;
  code: string | null;
  name: string;
  year: number;
  level: Level;
  category: string;
  mode: Mode;
  organiser: string | null;
  schoolId: number | null;
  startDate: string;
  endDate: string;
  hours: number;
  id?: number;
}

interface Target {
  /** Existing project, or the one this import creates. */
  existing?: ProjectRow;
  fresh?: NewProject;
  label: string;
  hours: number;
}

interface Values {
  name: string;
  projectName: string;
  code: string | null;
  level: Level;
  mode: Mode;
  hours: number;
  startDate: string;
  endDate: string;
  result: Result;
  score: number | null;
  /** 证书编号 issued by the upper-level platform; blank keeps the one recorded. */
  certificateNo: string | null;
  category: string | null;
  organiser: string | null;
}

interface Draft {
  ctx: RowCtx<ResultField>;
  idHash?: string;
  v?: Values;
  teacher?: TeacherRow;
  group?: Group;
}

interface Group {
  key: string;
  first: Draft;
  target?: Target;
  /** teacher id → first row of that teacher in the group. */
  teachers: Map<number, number>;
}

export interface CreateRow {
  row: number;
  target: Target;
  teacherId: number;
  schoolId: number;
  status: 'completed' | 'failed';
  result: Result;
  score: number | null;
  certificateNo: string | null;
}
type Outcome = { result: Result; score: number | null; certificateNo: string | null };
export interface UpdateRow {
  row: number;
  id: number;
  teacherId: number;
  before: { status: ParticipationStatus; result: Result | null; score: number | null; certificateNo: string | null };
  after: Outcome & { status: 'completed' | 'failed' };
}
export interface ResultPlan extends Plan {
  newProjects: NewProject[];
  creates: CreateRow[];
  updates: UpdateRow[];
}

/** looseName, remembered: a sheet repeats a few hundred project names and teacher names 100,000 times. */
const looseCache = new Map<string, string>();
function loose(s: string): string {
  let v = looseCache.get(s);
  if (v === undefined) {
    v = looseName(s);
    if (looseCache.size > 50_000) looseCache.clear();
    looseCache.set(s, v);
  }
  return v;
}

/** The key of a project found by name: loose name, level, dates, and the school for 校培. */
const nameKey = (name: string, level: string, start: string, end: string, schoolId: number | null) =>
  `${loose(name)}|${level}|${start}|${end}${level === '校培' ? `|${schoolId ?? ''}` : ''}`;

const scoreOf = (v: number | string | null) => (v == null ? null : Number(v));

/** The project an import from a project's page is for: every row is that project's, whatever its project columns say. */
export interface FixedProject {
  id: number;
  code: string | null;
  name: string;
  level: Level;
  mode: Mode;
  category: string;
  organiser: string | null;
  startDate: string;
  endDate: string;
  hours: number;
  schoolId: number | null;
}

/** The project columns, which a project-bound import takes from the project instead. */
const PROJECT_FIELDS: readonly ResultField[] = [
  'projectName',
  'code',
  'level',
  'mode',
  'hours',
  'startDate',
  'endDate',
  'category',
  'organiser',
];

function parseRow(r: RowCtx<ResultField>, terms: ImportTerms, fixed?: FixedProject): Values | undefined {
  if (fixed) return parseOutcome(r, fixed);
  const need = (f: ResultField) => {
    if (r.has(f)) return true;
    r.err(f, `${r.column(f)}不能为空`);
    return false;
  };
  const name = need('name') ? cleanText(r.text('name')) : undefined;
  const projectName = need('projectName') ? cleanText(r.text('projectName')) : undefined;
  if (projectName && projectName.length > MAX_TEXT) r.err('projectName', `项目名称过长（最多${MAX_TEXT}个字）`);
  const level = need('level') ? r.take('level', parseTerm(r.cell('level'), r.column('level'), LEVEL)) : undefined;
  const mode = need('mode') ? r.take('mode', parseTerm(r.cell('mode'), r.column('mode'), MODE)) : undefined;
  const hours = need('hours') ? r.take('hours', parseHours(r.cell('hours'), r.column('hours'))) : undefined;
  const startDate = need('startDate')
    ? r.take('startDate', parseDate(r.cell('startDate'), r.column('startDate')))
    : undefined;
  const endDate = need('endDate') ? r.take('endDate', parseDate(r.cell('endDate'), r.column('endDate'))) : undefined;
  if (startDate && endDate && endDate < startDate) {
    r.err('endDate', `${r.column('endDate')} ${endDate} 早于${r.column('startDate')} ${startDate}`);
  }
  const result = need('result') ? r.take('result', parseTerm(r.cell('result'), r.column('result'), RESULT)) : undefined;
  const score = r.has('score') ? r.take('score', parseScore(r.cell('score'), r.column('score'))) : null;
  let code: string | null = null;
  if (r.has('code')) {
    code = cleanText(r.text('code').normalize('NFKC')); // full-width letters and digits → ASCII
    if (code.length > 64) r.err('code', '项目编号过长（最多64个字符）');
  }
  const certificateNo = r.has('certificateNo') ? cleanText(r.text('certificateNo').normalize('NFKC')) || null : null;
  if (certificateNo && certificateNo.length > 64) r.err('certificateNo', '证书编号过长（最多64个字符）');
  // The county's own categories: one it lacks is mapped in the preview (never silently 其他).
  let category: string | null = null;
  if (r.has('category')) category = terms.one(r, 'category', 'training_category') ?? null;
  const organiser = r.has('organiser') ? cleanText(r.text('organiser')).slice(0, MAX_TEXT) : null;
  if (r.errors.length) return undefined;
  return {
    name: name!,
    projectName: projectName!,
    code,
    level: level!,
    mode: mode!,
    hours: hours!,
    startDate: startDate!,
    endDate: endDate!,
    result: result!,
    score: score ?? null,
    certificateNo,
    category,
    organiser,
  };
}

/** A row of a project-bound import: the teacher and the outcome; the project's details are the project's. */
function parseOutcome(r: RowCtx<ResultField>, p: FixedProject): Values | undefined {
  const name = r.has('name') ? cleanText(r.text('name')) : undefined;
  if (!name) r.err('name', `${r.column('name')}不能为空`);
  let result: Result | null | undefined;
  if (r.has('result')) result = r.take('result', parseTerm(r.cell('result'), r.column('result'), RESULT));
  else r.err('result', `${r.column('result')}不能为空`);
  const score = r.has('score') ? r.take('score', parseScore(r.cell('score'), r.column('score'))) : null;
  const certificateNo = r.has('certificateNo') ? cleanText(r.text('certificateNo').normalize('NFKC')) || null : null;
  if (certificateNo && certificateNo.length > 64) r.err('certificateNo', '证书编号过长（最多64个字符）');
  if (r.errors.length) return undefined;
  return {
    name: name!,
    projectName: p.name,
    code: p.code,
    level: p.level,
    mode: p.mode,
    hours: p.hours,
    startDate: p.startDate,
    endDate: p.endDate,
    result: result!,
    score: score ?? null,
    certificateNo,
    category: p.category,
    organiser: p.organiser,
  };
}

async function loadTeachers(deps: ImportDeps, regionId: number, hashes: string[]) {
  const found = new Map<string, TeacherRow>();
  for (const part of chunks(hashes, LOOKUP_CHUNK)) {
    const list = await rows<TeacherRow>(
      deps.db,
      sql`select t.id, t.id_hash, t.name, t.school_id, s.name as school_name
          from teachers t join schools s on s.id = t.school_id
          where ${teacherScope(county(regionId), 't')} and t.id_hash = any(${textArray(part)})`,
    );
    for (const r of list) found.set(r.id_hash, r);
    await yieldToLoop();
  }
  return found;
}

async function loadProjects(deps: ImportDeps, regionId: number, codes: string[], starts: string[]) {
  const byCode = new Map<string, ProjectRow>();
  const byName = new Map<string, ProjectRow>();
  if (!codes.length && !starts.length) return { byCode, byName };
  const list = await rows<ProjectRow>(
    deps.db,
    sql`select id, code, name, level, start_date::text as start_date, end_date::text as end_date, school_id, hours
        from projects
        where ${projectScope(county(regionId), 'projects')}
          and (code = any(${textArray(codes)}) or start_date = any(${textArray(starts)}::date[]))
        order by id`,
  );
  for (const p of list) {
    if (p.code != null) byCode.set(p.code, p);
    const k = nameKey(p.name, p.level, p.start_date, p.end_date, p.school_id);
    if (!byName.has(k)) byName.set(k, p); // the oldest of look-alikes wins, every time
  }
  return { byCode, byName };
}

async function loadParticipations(deps: ImportDeps, projectIds: number[]) {
  const found = new Map<string, ParticipationRow>();
  for (const part of chunks(projectIds, 200)) {
    const list = await rows<ParticipationRow>(
      deps.db,
      sql`select id, project_id, teacher_id, status, result, score, external_certificate_no from participations
          where project_id = any(${intArray(part)})`,
    );
    for (const p of list) found.set(`${p.project_id}:${p.teacher_id}`, p);
    await yieldToLoop();
  }
  return found;
}

export async function planResults(
  deps: ImportDeps,
  user: CurrentUser,
  sheet: ReadSheet<ResultField>,
  job: JobReporter,
  terms: ImportTerms,
  fixed?: FixedProject,
): Promise<ResultPlan> {
  const drafts: Draft[] = [];

  // Pass 1: each row on its own.
  for (let i = 0; i < sheet.rows.length; i++) {
    const r = new RowCtx(sheet.rows[i]!, sheet.columns, LABELS);
    const d: Draft = { ctx: r };
    if (r.has('idNumber')) {
      const id = r.take('idNumber', parseIdNumber(r.cell('idNumber')));
      if (id) d.idHash = deps.cipher.hash(id.value);
    } else r.err('idNumber', `${r.column('idNumber')}不能为空`);
    d.v = parseRow(r, terms, fixed);
    drafts.push(d);
    if (i % YIELD_EVERY === YIELD_EVERY - 1) {
      job.progress(Math.floor((i + 1) / 2));
      await yieldToLoop();
    }
  }

  // Pass 2: who the teachers are.
  const hashes = [...new Set(drafts.flatMap((d) => (d.idHash ? [d.idHash] : [])))];
  const teachers = await loadTeachers(deps, user.regionId, hashes);
  for (const d of drafts) {
    if (!d.idHash) continue;
    const t = teachers.get(d.idHash);
    const r = d.ctx;
    if (!t) r.err('idNumber', '本县教师库中没有该身份证号的教师，请先导入或新增该教师');
    else if (d.v && loose(d.v.name) !== loose(t.name)) {
      r.err('name', `姓名“${d.v.name}”与教师库中该身份证号的姓名“${t.name}”不一致`);
    } else d.teacher = t;
  }

  // Pass 3: rows → projects. A 项目编号 decides; rows without one join the coded project of the same
  // name, level and dates, else group by those. The first row of a project fixes its details.
  const groups = new Map<string, Group>();
  const codeByName = new Map<string, string>();
  const usable = drafts.filter((d) => d.v && d.teacher && d.ctx.errors.length === 0);
  const keyOf = (d: Draft) => {
    const v = d.v!;
    return nameKey(v.projectName, v.level, v.startDate, v.endDate, d.teacher!.school_id);
  };
  for (const d of usable) {
    if (d.v!.code && !codeByName.has(keyOf(d))) codeByName.set(keyOf(d), d.v!.code);
  }
  for (const d of usable) {
    const v = d.v!;
    const code = v.code ?? codeByName.get(keyOf(d)) ?? null;
    const key = code != null ? `code:${code}` : `name:${keyOf(d)}`;
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { key, first: d, teachers: new Map() });
      d.group = groups.get(key);
      continue;
    }
    const f = g.first.v!;
    const r = d.ctx;
    const at = `与第${g.first.ctx.row.row}行同一项目${code != null ? `（编号 ${code}）` : ''}的`;
    if (loose(v.projectName) !== loose(f.projectName)) r.err('projectName', `${at}项目名称“${f.projectName}”不一致`);
    if (v.level !== f.level) r.err('level', `${at}级别“${f.level}”不一致`);
    if (v.mode !== f.mode) r.err('mode', `${at}形式“${f.mode}”不一致`);
    if (v.hours !== f.hours) r.err('hours', `${at}学时 ${f.hours} 不一致`);
    if (v.startDate !== f.startDate) r.err('startDate', `${at}开始日期 ${f.startDate} 不一致`);
    if (v.endDate !== f.endDate) r.err('endDate', `${at}结束日期 ${f.endDate} 不一致`);
    if (v.category != null && f.category != null && v.category !== f.category) {
      r.err('category', `${at}类别“${f.category}”不一致`);
    }
    if (v.level === '校培' && d.teacher!.school_id !== g.first.teacher!.school_id) {
      r.err('idNumber', `校培项目只属于一所学校：${at}学校“${g.first.teacher!.school_name}”不同`);
    }
    if (r.errors.length === 0) d.group = g;
  }

  // Pass 4: find each project in the region, or plan it.
  const codes = [...groups.values()].flatMap((g) => (g.key.startsWith('code:') ? [g.key.slice(5)] : []));
  const starts = [...new Set([...groups.values()].map((g) => g.first.v!.startDate))];
  const existing = await loadProjects(deps, user.regionId, codes, starts);
  const newProjects: NewProject[] = [];
  for (const g of groups.values()) {
    if (fixed) {
      g.target = {
        existing: {
          id: fixed.id,
          code: fixed.code,
          name: fixed.name,
          level: fixed.level,
          start_date: fixed.startDate,
          end_date: fixed.endDate,
          school_id: fixed.schoolId,
          hours: fixed.hours,
        },
        label: fixed.name,
        hours: fixed.hours,
      };
      continue;
    }
    const f = g.first.v!;
    const schoolId = f.level === '校培' ? g.first.teacher!.school_id : null;
    const code = g.key.startsWith('code:') ? g.key.slice(5) : null;
    const nk = nameKey(f.projectName, f.level, f.startDate, f.endDate, schoolId);
    let found = code != null ? existing.byCode.get(code) : undefined;
    // A project recorded by hand (no 编号) is the same project when name, level and dates agree.
    if (!found) {
      const byName = existing.byName.get(nk);
      if (byName && (code == null || byName.code == null)) found = byName;
    }
    if (found) {
      g.target = { existing: found, label: found.name, hours: Number(found.hours) };
      continue;
    }
    const fresh: NewProject = {
      key: code != null ? `code:${code}` : `name:${nk}`,
      code,
      name: f.projectName,
      year: Number(f.endDate.slice(0, 4)),
      level: f.level,
      category: f.category ?? '其他',
      mode: f.mode,
      organiser: f.organiser,
      schoolId,
      startDate: f.startDate,
      endDate: f.endDate,
      hours: f.hours,
    };
    newProjects.push(fresh);
    g.target = { fresh, label: f.projectName, hours: f.hours };
  }
  for (const d of drafts) {
    const g = d.group;
    if (!g?.target?.existing) continue;
    const p = g.target.existing;
    const r = d.ctx;
    if (p.level !== d.v!.level) {
      r.err('level', `项目编号 ${p.code} 在系统中是“${p.name}”（${p.level}），与本行级别“${d.v!.level}”不符`);
    } else if (p.level === '校培' && p.school_id != null && p.school_id !== d.teacher!.school_id) {
      r.err('idNumber', `校培项目“${p.name}”属于另一所学校，该教师不在该校`);
    }
  }

  // Pass 5: one row per teacher and project; what is already recorded.
  const projectIds = [
    ...new Set([...groups.values()].flatMap((g) => (g.target?.existing ? [g.target.existing.id] : []))),
  ];
  const recorded = await loadParticipations(deps, projectIds);
  const plan: ResultPlan = { rows: [], errors: [], writeCount: 0, newProjects, creates: [], updates: [] };
  const needed = new Set<NewProject>();
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i]!;
    const r = d.ctx;
    const who = d.teacher?.name ?? (r.text('name') || `第${r.row.row}行`);
    const g = d.group;
    let planned: PlannedRow | null = null;
    if (g && r.errors.length === 0) {
      const t = d.teacher!;
      const prev = g.teachers.get(t.id);
      if (prev !== undefined) r.err('idNumber', `与第${prev}行重复（同一教师、同一项目）`);
      else g.teachers.set(t.id, r.row.row);
    }
    if (g?.target && r.errors.length === 0) {
      const v = d.v!;
      const t = d.teacher!;
      const target = g.target;
      const status = statusOf(v.result);
      const what = `《${target.label}》${v.result}${v.score != null ? `（${v.score}分）` : ''}`;
      const credit = status === 'completed' ? `，计${target.hours}学时` : '';
      const before = target.existing ? recorded.get(`${target.existing.id}:${t.id}`) : undefined;
      if (!before) {
        if (target.fresh) needed.add(target.fresh);
        plan.creates.push({
          row: r.row.row,
          target,
          teacherId: t.id,
          schoolId: t.school_id,
          status,
          result: v.result,
          score: v.score,
          certificateNo: v.certificateNo,
        });
        planned = {
          row: r.row.row,
          action: 'create',
          label: `${who}：${what}${credit}${target.fresh ? '（新建项目）' : ''}`,
        };
      } else {
        // A blank 成绩 keeps the score already recorded.
        const score = v.score ?? scoreOf(before.score);
        const certificateNo = v.certificateNo ?? before.external_certificate_no;
        const same =
          before.status === status &&
          before.result === v.result &&
          scoreOf(before.score) === score &&
          before.external_certificate_no === certificateNo;
        if (same) planned = { row: r.row.row, action: 'skip', label: `${who}：${what}，无变化` };
        else {
          plan.updates.push({
            row: r.row.row,
            id: before.id,
            teacherId: t.id,
            before: {
              status: before.status,
              result: before.result,
              score: scoreOf(before.score),
              certificateNo: before.external_certificate_no,
            },
            after: { status, result: v.result, score, certificateNo },
          });
          const was = `${PARTICIPATION_STATUS_LABELS[before.status]}${before.result ? `/${before.result}` : ''}`;
          const undo = before.status === 'completed' && status === 'failed' ? '，冲销已记学时' : '';
          planned = { row: r.row.row, action: 'update', label: `${who}：${what}（原为${was}）${credit}${undo}` };
        }
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
  plan.newProjects = newProjects.filter((p) => needed.has(p));
  plan.writeCount = plan.creates.length + plan.updates.length;
  return plan;
}

// ---------- write ----------

const numericArray = (values: ReadonlyArray<number | null>) =>
  sql`${`{${values.map((v) => (v == null ? 'NULL' : String(v))).join(',')}}`}::numeric[]`;
const values = (list: SQL[]) => sql.join(list, sql`, `);
/** The end date's midnight in the county's time zone: when an imported participant completed. */
const END_OF_PROJECT = sql`(pr.end_date::timestamp at time zone ${PLAN_TIME_ZONE})`;

async function insertProjects(tx: Tx, actor: Actor, list: NewProject[], source: string) {
  const regionId = actor.user.regionId;
  for (const batch of chunks(list, 500)) {
    const inserted = await rows<ProjectRow>(
      tx,
      sql`insert into projects (region_id, code, name, year, level, category, mode, organiser_type, organiser,
                                school_id, start_date, end_date, hours, capacity, status, source, created_by)
          values ${values(
            batch.map(
              (p) => sql`(${regionId}, ${p.code}, ${p.name}, ${p.year}, ${p.level}, ${p.category}, ${p.mode},
                ${organiserTypeOf(p.level)}, ${p.organiser}, ${p.schoolId}::int, ${p.startDate}::date, ${p.endDate}::date,
                ${p.hours}, null, 'closed', ${source}, ${actor.user.id})`,
            ),
          )}
          returning id, code, name, level, start_date::text as start_date, end_date::text as end_date, school_id, hours`,
    );
    // Matched back by key rather than by position: RETURNING promises no order.
    const byKey = new Map(batch.map((p) => [p.key, p]));
    for (const row of inserted) {
      const key =
        row.code != null
          ? `code:${row.code}`
          : `name:${nameKey(row.name, row.level, row.start_date, row.end_date, row.school_id)}`;
      byKey.get(key)!.id = row.id;
    }
  }
}

async function writeResults(
  tx: Tx,
  _deps: ImportDeps,
  actor: Actor,
  plan: ResultPlan,
  job: JobReporter,
  summary: Record<string, unknown>,
) {
  const regionId = actor.user.regionId;
  const source = String(summary.file ?? '').slice(0, MAX_TEXT) || '成绩导入';
  await insertProjects(tx, actor, plan.newProjects, source);
  let done = 0;
  /** New participations that passed: they cannot have a posting yet. */
  const passedNew: number[] = [];
  /** Existing participations now passed: may hold a live or a reversed posting. */
  const passedBefore: number[] = [];

  for (const batch of chunks(plan.creates, WRITE_CHUNK)) {
    const inserted = await rows<{ id: number; status: string }>(
      tx,
      sql`insert into participations (region_id, project_id, teacher_id, school_id, source, status, score, result,
                                      external_certificate_no, assessed_by, assessed_at, completed_at)
          select ${regionId}, v.project_id, v.teacher_id, v.school_id, 'import', v.status, v.score, v.result,
                 v.certificate_no, ${actor.user.id}, now(), case when v.status = 'completed' then ${END_OF_PROJECT} end
          from unnest(${intArray(batch.map((c) => c.target.existing?.id ?? c.target.fresh!.id!))},
                      ${intArray(batch.map((c) => c.teacherId))}, ${intArray(batch.map((c) => c.schoolId))},
                      ${textArray(batch.map((c) => c.status))}, ${numericArray(batch.map((c) => c.score))},
                      ${textArray(batch.map((c) => c.result))}, ${textArray(batch.map((c) => c.certificateNo))})
               as v(project_id, teacher_id, school_id, status, score, result, certificate_no)
          join projects pr on pr.id = v.project_id and ${projectScope(county(regionId), 'pr')}
          returning id, status`,
    );
    for (const p of inserted) if (p.status === 'completed') passedNew.push(p.id);
    done += batch.length;
    job.progress(done);
    await yieldToLoop();
  }

  for (const batch of chunks(plan.updates, WRITE_CHUNK)) {
    await tx.execute(
      sql`update participations pa
          set status = v.status, result = v.result, score = v.score, external_certificate_no = v.certificate_no,
              assessed_by = ${actor.user.id}, assessed_at = now(),
              completed_at = case when v.status = 'completed' then coalesce(pa.completed_at, ${END_OF_PROJECT}) end,
              updated_at = now()
          from unnest(${intArray(batch.map((u) => u.id))}, ${textArray(batch.map((u) => u.after.status))},
                      ${textArray(batch.map((u) => u.after.result))}, ${numericArray(batch.map((u) => u.after.score))},
                      ${textArray(batch.map((u) => u.after.certificateNo))})
               as v(id, status, result, score, certificate_no),
               projects pr
          where pa.id = v.id and ${participationScope(county(regionId), 'pa')} and pr.id = pa.project_id`,
    );
    for (const u of batch) if (u.after.status === 'completed') passedBefore.push(u.id);
    done += batch.length;
    job.progress(done);
    await yieldToLoop();
  }

  // Credit for every pass. New participations get the posting postProjectCredit would write, in
  // one statement per chunk (its per-row look-up for earlier and reversed postings cannot find
  // anything for a participation created a moment ago, and costs a scan per row at this size);
  // updated ones go through postProjectCredit, which knows about reversals. Both are idempotent.
  let creditsPosted = 0;
  for (const ids of chunks(passedNew, WRITE_CHUNK)) {
    const posted = await rows<{ id: number }>(
      tx,
      sql`insert into credit_ledger (region_id, teacher_id, source, source_ref, category, level, mode, hours,
                                     occurred_on, note, approved_by, created_by)
          select pa.region_id, pa.teacher_id, 'project', 'participation:' || pa.id, pr.category, pr.level, pr.mode,
                 pr.hours, pr.end_date, '完成培训项目《' || pr.name || '》', ${actor.user.id}, ${actor.user.id}
          from participations pa join projects pr on pr.id = pa.project_id
          where pa.id = any(${intArray(ids)}) and ${participationScope(county(regionId), 'pa')} and pa.status = 'completed'
          on conflict do nothing
          returning id`,
    );
    creditsPosted += posted.length;
    await yieldToLoop();
  }
  for (const ids of chunks(passedBefore, CREDIT_CHUNK)) {
    creditsPosted += (await postProjectCredit(tx, actor, ids)).length;
    await yieldToLoop();
  }
  // A pass corrected to a fail: the hours posted for it are reversed, its certificate revoked.
  const downgraded = plan.updates.filter((u) => u.before.status === 'completed' && u.after.status === 'failed');
  let creditsReversed = 0;
  let certificatesRevoked = 0;
  if (downgraded.length) {
    const ids = downgraded.map((u) => u.id);
    for (const entry of await liveProjectPostings(tx, ids)) {
      if (await reverseCredit(tx, entry.id, CORRECTION_REASON, actor)) creditsReversed++;
    }
    certificatesRevoked = (
      await revokeCertificates(tx, actor, { participationIds: ids }, CORRECTION_REASON, { notify: false })
    ).length;
  }

  // Report-back tasks for the passes (upper-level projects owe one); a pass corrected to a fail withdraws it.
  await createReportBackTasks(tx, actor, [...passedNew, ...passedBefore, ...downgraded.map((u) => u.id)]);

  await record(tx, actor, [
    {
      action: 'training.results_import',
      entity: 'participation',
      entityId: null,
      after: {
        ...summary,
        projectsCreated: plan.newProjects.map((p) => ({ id: p.id, code: p.code, name: p.name, level: p.level })),
        creditsPosted,
        creditsReversed,
        certificatesRevoked,
      },
    },
    ...chunks(plan.updates, AUDIT_BATCH).map((batch) => ({
      action: 'training.results_import_update',
      entity: 'participation',
      entityId: null,
      before: { participations: batch.map((u) => ({ id: u.id, ...u.before })) },
      after: { participations: batch.map((u) => ({ id: u.id, ...u.after })) },
    })),
  ]);
}

export const resultImporter: Importer<ResultField, ResultPlan> = {
  kind: 'results.import',
  entity: 'participation',
  match: compileSpecs(RESULT_FIELDS),
  specs: RESULT_FIELDS,
  examples: '身份证号、姓名、项目名称、级别、学时、考核结果',
  requiredColumns: REQUIRED,
  plan: planResults,
  write: writeResults,
};

/** The importer for one project's sheet: only who and how they did are needed. */
export function resultImporterFor(fixed?: FixedProject): Importer<ResultField, ResultPlan> {
  if (!fixed) return resultImporter;
  return {
    ...resultImporter,
    examples: '身份证号、姓名、考核结果',
    requiredColumns: REQUIRED.filter((f) => !PROJECT_FIELDS.includes(f)),
    plan: (deps, user, sheet, job, terms) => planResults(deps, user, sheet, job, terms, fixed),
  };
}

/**
 * Imports an upper-level results sheet (.xlsx or .csv) as the county admin. Throws AppError
 * IMPORT_HAS_ERRORS (422, with the result) when committing a file with errors without skipInvalid.
 * With `fixed`, every row is that project's (the import from an upper-level project's page).
 * Also used by bench/.
 */
export function importResults(
  deps: ImportDeps,
  actor: Actor,
  buffer: Buffer,
  filename: string,
  opts: ImportOptions = {},
  fixed?: FixedProject,
): Promise<ImportResult> {
  return runImport(deps, actor, buffer, filename, opts, resultImporterFor(fixed));
}

/**
 * The project an import from a project's page is bound to: an upper-level project (国培、省培、市州培)
 * of the caller's county, not a draft.
 */
export async function loadFixedProject(deps: ImportDeps, user: CurrentUser, projectId: number): Promise<FixedProject> {
  const [p] = await rows<{
    id: number;
    code: string | null;
    name: string;
    level: Level;
    mode: Mode;
    category: string;
    organiser: string | null;
    start_date: string;
    end_date: string;
    hours: number | string;
    school_id: number | null;
    status: string;
  }>(
    deps.db,
    sql`select id, code, name, level, mode, category, organiser, start_date::text as start_date,
               end_date::text as end_date, hours, school_id, status
        from projects p where p.id = ${projectId} and ${projectScope(user, 'p')}`,
  );
  if (!p) throw notFound('培训项目');
  if (!isUpperLevel(p.level))
    throw conflict(`《${p.name}》是${p.level}项目，上级培训结果只能导入国培、省培、市州培项目`);
  if (p.status === 'draft') throw conflict(`《${p.name}》还是草稿，请先发布再导入结果`);
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    level: p.level,
    mode: p.mode,
    category: p.category,
    organiser: p.organiser,
    startDate: p.start_date,
    endDate: p.end_date,
    hours: Number(p.hours),
    schoolId: p.school_id,
  };
}
