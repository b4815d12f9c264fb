// Teacher roster import: match on the ID number's HMAC within the region (or, for the roster
// export's own rows whose ID column is masked, on its 系统编号 checked against the last four); new →
// create (with the teacher's account), changed → update (a new school = transfer), identical →
// skip. Stage, subject, title, degree, posts and honours go through the county's dictionaries.
// Only what identifies a person or breaks a rule is a row error; what is read differently from
// what is written is a warning. Everything is validated in memory against bulk reads, then
// written in one transaction with multi-row SQL.
import {
  can,
  DICTIONARY_KIND_LABELS,
  type DictionaryKind,
  type ImportChange,
  type ImportResult,
  maskIdNumber,
  STAGES_BY_SCHOOL_TYPE,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { county, schoolScope, teacherScope } from '../../access/scope.js';
import { rows, type Tx } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import type { ImportTerms } from '../dictionaries/import-terms.js';
import { chargeIdLookups, OUT_OF_SCOPE_ID_MESSAGE } from '../teachers/id-lookups.js';
import { compileSpecs, TEACHER_FIELDS, type TeacherField } from './headers.js';
import { type JobReporter, yieldToLoop } from './jobs.js';
import { type Parsed, parseDate, parseIdNumber, parseMobile, parseTerm } from './parse.js';
import {
  chunks,
  type ImportDeps,
  type Importer,
  type ImportOptions,
  labelsOf,
  type Plan,
  type PlannedRow,
  pgTextArray,
  RowCtx,
  runImport,
  YIELD_EVERY,
} from './run.js';
import {
  findSchool,
  loadSchoolNames,
  readSchool,
  rememberSchoolAliases,
  type SchoolAlias,
  type SchoolName,
} from './school-names.js';
import type { ReadSheet } from './spreadsheet.js';
import { GENDER } from './vocab.js';

export interface TeacherValues {
  name: string;
  schoolId: number;
  gender: string | null;
  birthYear: number | null;
  phone: string | null;
  stage: string;
  subject: string;
  title: string | null;
  degree: string | null;
  hireDate: string | null;
  posts: string[];
  tags: string[];
}
type Key = keyof TeacherValues;

interface CreateRow {
  row: number;
  idNumber: string;
  idHash: string;
  values: TeacherValues;
}
interface UpdateRow {
  row: number;
  id: number;
  values: TeacherValues;
  before: Partial<TeacherValues>;
  after: Partial<TeacherValues>;
}
export interface TeacherPlan extends Plan {
  creates: CreateRow[];
  updates: UpdateRow[];
  /** School names this file used, mapped to schools: remembered as their 简称 (county admin). */
  schoolAliases: SchoolAlias[];
}

interface SchoolRow extends SchoolName {
  writable: boolean;
  type: string;
}
interface ExistingRow {
  id: number;
  id_hash: string;
  id_masked: string;
  school_id: number;
  name: string;
  gender: string | null;
  birth_year: number | null;
  phone: string | null;
  stage: string;
  subject: string;
  title: string | null;
  degree: string | null;
  hire_date: string | null;
  posts: string[] | null;
  tags: string[] | null;
}

const LABELS = labelsOf(TEACHER_FIELDS);
const FIELD_NAMES: Record<Key, string> = {
  name: '姓名',
  schoolId: '学校',
  gender: '性别',
  birthYear: '出生年份',
  phone: '手机号',
  stage: '学段',
  subject: '学科',
  title: '职称',
  degree: '学历',
  hireDate: '参加工作时间',
  posts: '岗位',
  tags: '骨干类别',
};
const LOOKUP_CHUNK = 5000;
const INSERT_BATCH = 1000; // 16 parameters a row: far below the 65,535 limit
const AUDIT_BATCH = 500;

function parseName(raw: string): Parsed<string> {
  let s = raw.normalize('NFKC').trim();
  // Chinese names padded for alignment ("张  三") have no real spaces.
  s = /^[\p{Script=Han}\s·•]+$/u.test(s) ? s.replace(/\s+/g, '') : s.replace(/\s+/g, ' ');
  if (s.length > 30) return { error: '姓名过长（最多30个字符）' };
  return { value: s };
}

const addYears = (iso: string, n: number) => `${Number(iso.slice(0, 4)) + n}${iso.slice(4)}`;
const isoToday = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86400_000).toISOString().slice(0, 10);

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = [...((a as string[]) ?? [])].sort().join('\u0001');
    const y = [...((b as string[]) ?? [])].sort().join('\u0001');
    return x === y;
  }
  return (a ?? null) === (b ?? null);
}

function existingValues(e: ExistingRow): TeacherValues {
  return {
    name: e.name,
    schoolId: e.school_id,
    gender: e.gender,
    birthYear: e.birth_year == null ? null : Number(e.birth_year),
    phone: e.phone,
    stage: e.stage,
    subject: e.subject,
    title: e.title,
    degree: e.degree,
    hireDate: e.hire_date,
    posts: e.posts ?? [],
    tags: e.tags ?? [],
  };
}

async function loadSchools(deps: ImportDeps, user: CurrentUser) {
  const list = await loadSchoolNames<SchoolRow>(
    deps.db,
    user.regionId,
    sql`coalesce((${schoolScope(user, 's')}), false) as writable, s.type`,
  );
  return { byId: new Map(list.map((s) => [s.id, s])), list };
}

/** Teachers matched by the roster export's 系统编号 (their ID column masked), within the region. */
async function loadByRecordId(deps: ImportDeps, regionId: number, ids: number[]) {
  const found = new Map<number, ExistingRow>();
  for (const part of chunks(ids, LOOKUP_CHUNK)) {
    const list = await rows<ExistingRow>(
      deps.db,
      sql`select ${EXISTING_COLUMNS} from teachers t
          where ${teacherScope(county(regionId), 't')} and t.id = any(string_to_array(${part.join(',')}, ',')::int[])`,
    );
    for (const r of list) found.set(Number(r.id), r);
  }
  return found;
}

const EXISTING_COLUMNS = sql`t.id, t.id_hash, t.id_masked, t.school_id, t.name, t.gender, t.birth_year, t.phone,
  t.stage, t.subject, t.title, t.degree, t.hire_date::text as hire_date, t.posts, t.tags`;

async function loadExisting(deps: ImportDeps, regionId: number, hashes: string[]) {
  const found = new Map<string, ExistingRow>();
  for (const part of chunks(hashes, LOOKUP_CHUNK)) {
    // One text parameter split server-side: hashes are base64url, never containing a comma.
    const list = await rows<ExistingRow>(
      deps.db,
      sql`select ${EXISTING_COLUMNS} from teachers t
          where ${teacherScope(county(regionId), 't')} and t.id_hash = any(string_to_array(${part.join(',')}, ','))`,
    );
    for (const r of list) found.set(r.id_hash, r);
    await yieldToLoop();
  }
  return found;
}

interface Draft {
  ctx: RowCtx<TeacherField>;
  name?: string;
  idNumber?: string;
  idHash?: string;
  fromId?: { birthDate: string; gender: '男' | '女' };
  /** The roster export's 系统编号 when the ID column holds the mask; its last four characters. */
  recordId?: number;
  maskedTail?: string;
  /** Resolved school; undefined when the cell is blank. */
  school?: SchoolRow;
  /** Fields the row actually fills (blank cells leave the stored value alone). */
  provided: Partial<TeacherValues>;
}

/** A masked ID as the roster export writes it: ****************1234 (the last four kept). */
const MASKED_ID = /^[*＊xX×]{6,}([0-9Xx]{4})$/;

/** Dictionary-backed fields of the roster, by kind. */
const TERM_FIELDS: ReadonlyArray<readonly [TeacherField & keyof TeacherValues, DictionaryKind]> = [
  ['stage', 'stage'],
  ['subject', 'subject'],
  ['title', 'title'],
  ['degree', 'degree'],
];

export async function planTeachers(
  deps: ImportDeps,
  user: CurrentUser,
  sheet: ReadSheet<TeacherField>,
  job: JobReporter,
  terms: ImportTerms,
): Promise<TeacherPlan> {
  const schools = await loadSchools(deps, user);
  const finder = findSchool(schools.list);
  const defaultSchool =
    user.role === 'school_admin' && user.schoolId != null ? schools.byId.get(user.schoolId) : undefined;
  const maxHire = isoToday(366);
  const drafts: Draft[] = [];
  const schoolAliases = new Map<string, SchoolAlias>();

  // Pass 1: each row on its own.
  for (let i = 0; i < sheet.rows.length; i++) {
    const r = new RowCtx(sheet.rows[i]!, sheet.columns, LABELS);
    const d: Draft = { ctx: r, provided: {} };
    const p = d.provided;
    if (r.has('name')) d.name = r.take('name', parseName(r.text('name')));
    else r.err('name', '姓名不能为空');

    let fromId: { birthDate: string; gender: '男' | '女' } | undefined;
    const masked = MASKED_ID.exec(r.text('idNumber').normalize('NFKC').replace(/\s+/g, ''));
    if (masked) {
      // A row of the roster export: the 系统编号 says who it is, the last four confirm it.
      const rid = Number(r.text('recordId'));
      if (!r.has('recordId') || !Number.isInteger(rid) || rid <= 0) {
        r.err('idNumber', '身份证号已脱敏，且没有“系统编号”列可以对应：请填写完整的18位身份证号');
      } else {
        d.recordId = rid;
        d.maskedTail = masked[1]!.toUpperCase();
      }
    } else if (r.has('idNumber')) {
      const id = r.take('idNumber', parseIdNumber(r.cell('idNumber')));
      if (id) {
        d.idNumber = id.value;
        d.idHash = deps.cipher.hash(id.value);
        fromId = id;
        d.fromId = id;
      }
    } else r.err('idNumber', '身份证号不能为空');

    if (r.has('gender')) {
      const g = r.take('gender', parseTerm(r.cell('gender'), r.column('gender'), GENDER));
      if (g && fromId && g !== fromId.gender) {
        r.warn('gender', `性别“${g}”与身份证号不符，按身份证号记为${fromId.gender}`);
        p.gender = fromId.gender;
      } else if (g) p.gender = g;
    }
    if (r.has('birthDate')) {
      const b = parseDate(r.cell('birthDate'), r.column('birthDate'));
      // The date itself is kept inside the encrypted number: the column is only checked against it.
      if ('error' in b) {
        if (fromId) r.warn('birthDate', `${b.error}；按身份证号中的出生日期 ${fromId.birthDate}`);
        else r.err('birthDate', b.error);
      } else if (fromId && b.value !== fromId.birthDate) {
        r.warn('birthDate', `出生日期 ${b.value} 与身份证号中的 ${fromId.birthDate} 不一致，按身份证号`);
      } else p.birthYear = Number(b.value.slice(0, 4));
    }
    if (r.has('school')) {
      const school = readSchool(r, 'school', finder, terms, can(user.role, 'org.manage') ? schoolAliases : undefined);
      if (school && !school.writable) r.err('school', `学校“${r.text('school')}”不在您的管理范围内`);
      else if (school) d.school = school;
    } else if (defaultSchool?.writable) d.school = defaultSchool;
    if (d.school) p.schoolId = d.school.id;

    for (const [f, kind] of TERM_FIELDS) {
      if (!r.has(f)) continue;
      const v = terms.one(r, f, kind);
      // A 学段/学科 cannot be "none"; a blank 职称/学历 can.
      if (v === null && (f === 'stage' || f === 'subject')) {
        r.err(f, `${r.column(f)}“${r.text(f)}”不是有效的${DICTIONARY_KIND_LABELS[kind]}`);
      } else if (v !== undefined) (p as Record<string, unknown>)[f] = v;
    }
    if (r.has('hireDate')) {
      const v = r.take('hireDate', parseDate(r.cell('hireDate'), r.column('hireDate')));
      if (v && v > maxHire) r.err('hireDate', `${r.column('hireDate')} ${v} 晚于今天一年以上，不可能`);
      else if (v && fromId && v < addYears(fromId.birthDate, 14)) {
        r.err('hireDate', `${r.column('hireDate')} ${v} 与出生日期 ${fromId.birthDate} 不符（参加工作时不满14岁）`);
      } else if (v) p.hireDate = v;
    }
    if (r.has('phone')) {
      const v = parseMobile(r.cell('phone'), r.column('phone'));
      if ('error' in v) r.warn('phone', `${v.error}；该手机号未导入`);
      else p.phone = v.value;
    }
    if (r.has('tags')) {
      const v = terms.many(r, 'tags', 'honour');
      if (v) p.tags = v;
    }
    if (r.has('posts')) {
      const v = terms.many(r, 'posts', 'post');
      if (v) p.posts = v;
    }
    drafts.push(d);
    if (i % YIELD_EVERY === YIELD_EVERY - 1) {
      job.progress(i + 1);
      await yieldToLoop();
    }
  }

  // Pass 2: the same person twice in the file, and who is already on the roster.
  const firstRow = new Map<string, number>();
  const firstRecord = new Map<number, number>();
  for (const d of drafts) {
    if (d.idHash) {
      const first = firstRow.get(d.idHash);
      if (first !== undefined) {
        d.ctx.err('idNumber', `身份证号与第${first}行重复`);
        d.idHash = undefined; // the first row decides; this one is only an error
      } else firstRow.set(d.idHash, d.ctx.row.row);
    } else if (d.recordId) {
      const first = firstRecord.get(d.recordId);
      if (first !== undefined) {
        d.ctx.err('recordId', `系统编号与第${first}行重复`);
        d.recordId = undefined;
      } else firstRecord.set(d.recordId, d.ctx.row.row);
    }
  }
  const existing = await loadExisting(deps, user.regionId, [...firstRow.keys()]);
  const byRecord = await loadByRecordId(deps, user.regionId, [...firstRecord.keys()]);
  // A masked row names someone by number: only the caller's own roster answers, checked by the tail.
  for (const d of drafts) {
    if (!d.recordId) continue;
    const e = byRecord.get(d.recordId);
    const mine = e && schools.byId.get(e.school_id)?.writable === true;
    if (!e || !mine || !e.id_masked.endsWith(d.maskedTail!)) {
      d.ctx.err('idNumber', '系统编号与身份证号后四位对应不上（或不在您的管理范围内）：请填写完整的18位身份证号');
      d.recordId = undefined;
    } else if (firstRow.has(e.id_hash)) {
      d.ctx.err('idNumber', `与第${firstRow.get(e.id_hash)}行是同一人`);
      d.recordId = undefined;
    }
  }
  // Every number not on the caller's own roster spends their daily look-up budget before any row
  // is answered: one dry run can no longer check thousands of numbers against the county.
  await chargeIdLookups(
    deps.db,
    user,
    [...firstRow.keys()]
      .filter((h) => {
        const e = existing.get(h);
        return !e || schools.byId.get(e.school_id)?.writable !== true;
      })
      .map((h) => ({ idHash: h, foreign: existing.has(h) })),
  );

  // Pass 3: decide each row.
  const plan: TeacherPlan = {
    rows: [],
    errors: [],
    warnings: [],
    writeCount: 0,
    creates: [],
    updates: [],
    schoolAliases: [...schoolAliases.values()],
  };
  const schoolName = (id: number | null | undefined) => (id == null ? '' : (schools.byId.get(id)?.name ?? `#${id}`));
  const show = (k: Key, v: unknown) =>
    k === 'schoolId' ? schoolName(v as number) : Array.isArray(v) ? v.join('、') || '无' : v == null ? '空' : String(v);

  for (const d of drafts) {
    const r = d.ctx;
    const p = d.provided;
    const who = d.name ?? (r.text('name') || `第${r.row.row}行`);
    const found = d.idHash ? existing.get(d.idHash) : d.recordId ? byRecord.get(d.recordId) : undefined;
    let planned: PlannedRow | null = null;

    if (found) {
      const writable = schools.byId.get(found.school_id)?.writable === true;
      if (!writable) {
        // Neutral: neither says the number is on the roster nor where (see id-lookups.ts).
        r.err('idNumber', OUT_OF_SCOPE_ID_MESSAGE);
      } else if (d.name && d.name !== found.name) {
        if (user.role === 'county_admin') p.name = d.name;
        else r.err('name', `姓名与系统中该身份证号的记录不一致（系统中为“${found.name}”）`);
      }
      if (r.errors.length === 0) {
        const before = existingValues(found);
        const changed = (Object.keys(p) as Key[]).filter((k) => !sameValue(before[k], p[k]));
        if (changed.length === 0) planned = { row: r.row.row, action: 'skip', label: `${who}：无变化` };
        else {
          const values = { ...before, ...p } as TeacherValues;
          const b: Partial<TeacherValues> = {};
          const a: Partial<TeacherValues> = {};
          for (const k of changed) {
            (b as Record<string, unknown>)[k] = before[k];
            (a as Record<string, unknown>)[k] = values[k];
          }
          plan.updates.push({ row: r.row.row, id: found.id, values, before: b, after: a });
          const changes: ImportChange[] = changed.map((k) => ({
            field: `${FIELD_NAMES[k]}${k === 'schoolId' ? '（调动）' : ''}`,
            before: show(k, before[k]),
            after: show(k, values[k]),
          }));
          const what = changes.map((c) => `${c.field} ${c.before}→${c.after}`).join('；');
          planned = { row: r.row.row, action: 'update', label: `${who}：${what}`, changes };
        }
      }
    } else if (d.recordId === undefined) {
      if (!d.school && !r.has('school')) r.err('school', '学校不能为空（新增教师时必填）');
      if (!p.stage && !r.has('stage') && d.school) {
        // The school's type names one stage (小学, 初中 …): take it, and say so.
        const usual = STAGES_BY_SCHOOL_TYPE[d.school.type];
        if (usual?.length === 1) {
          p.stage = usual[0]!;
          r.warn('stage', `学段为空，按学校类型“${d.school.type}”记为${p.stage}`);
        }
      }
      if (!p.stage && !r.has('stage')) r.err('stage', '学段不能为空（新增教师时必填）');
      if (!p.subject && !r.has('subject')) r.err('subject', '学科不能为空（新增教师时必填）');
      if (r.errors.length === 0 && d.idNumber && d.idHash && d.name && d.school && p.stage && p.subject) {
        const id = d.fromId;
        const values: TeacherValues = {
          name: d.name,
          schoolId: d.school.id,
          gender: p.gender ?? id?.gender ?? null,
          birthYear: id ? Number(id.birthDate.slice(0, 4)) : null,
          phone: p.phone ?? null,
          stage: p.stage,
          subject: p.subject,
          title: p.title ?? null,
          degree: p.degree ?? null,
          hireDate: p.hireDate ?? null,
          posts: p.posts ?? [],
          tags: p.tags ?? [],
        };
        plan.creates.push({ row: r.row.row, idNumber: d.idNumber, idHash: d.idHash, values });
        planned = {
          row: r.row.row,
          action: 'create',
          label: `${who}：新增，${d.school.name}，${p.stage}${p.subject}`,
        };
      }
    }
    plan.warnings!.push(...r.warnings);
    if (r.errors.length) {
      plan.errors.push(...r.errors);
      planned = { row: r.row.row, action: 'error', label: `${who}：${r.errors.map((e) => e.message).join('；')}` };
    }
    plan.rows.push(planned!);
  }
  plan.writeCount = plan.creates.length + plan.updates.length;
  return plan;
}

const values = (list: SQL[]) => sql.join(list, sql`, `);

async function writeTeachers(
  tx: Tx,
  deps: ImportDeps,
  actor: Actor,
  plan: TeacherPlan,
  job: JobReporter,
  summary: Record<string, unknown>,
) {
  const regionId = actor.user.regionId;
  let done = 0;

  for (const batch of chunks(plan.creates, INSERT_BATCH)) {
    const teacherRows = batch.map((c) => {
      const v = c.values;
      return sql`(${regionId}, ${v.schoolId}, ${v.name}, ${v.gender}, ${deps.cipher.encrypt(c.idNumber)}, ${c.idHash},
        ${maskIdNumber(c.idNumber)}, ${v.birthYear}::smallint, ${v.phone}, ${v.stage}, ${v.subject}, ${v.title}, ${v.degree},
        ${v.hireDate}::date, ${pgTextArray(v.posts)}::text[], ${pgTextArray(v.tags)}::text[])`;
    });
    const inserted = await rows<{ id: number; id_hash: string }>(
      tx,
      sql`insert into teachers (region_id, school_id, name, gender, id_enc, id_hash, id_masked, birth_year, phone,
            stage, subject, title, degree, hire_date, posts, tags)
          values ${values(teacherRows)} returning id, id_hash`,
    );
    const idByHash = new Map(inserted.map((r) => [r.id_hash, Number(r.id)]));
    // Every teacher gets an account without a password: the school prints account slips (activation
    // codes) for the new teachers, and the first sign-in sets the teacher's own password.
    const accountRows = batch.map((c) => {
      const id = idByHash.get(c.idHash)!;
      return sql`(${regionId}, ${`t${id}`}, ${c.values.name}, 'teacher', ${c.values.schoolId}, ${id}, null, false)`;
    });
    await tx.execute(
      sql`insert into users (region_id, username, display_name, role, school_id, teacher_id, password_hash,
            must_change_password)
          values ${values(accountRows)}`,
    );
    done += batch.length;
    job.progress(done);
  }

  for (const batch of chunks(plan.updates, INSERT_BATCH)) {
    const updateRows = batch.map(({ id, values: v }) => {
      return sql`(${id}::int, ${v.schoolId}::int, ${v.name}::text, ${v.gender}::text, ${v.birthYear}::smallint,
        ${v.phone}::text, ${v.stage}::text, ${v.subject}::text, ${v.title}::text, ${v.degree}::text, ${v.hireDate}::date,
        ${pgTextArray(v.posts)}::text[], ${pgTextArray(v.tags)}::text[])`;
    });
    await tx.execute(
      sql`update teachers t set school_id = v.school_id, name = v.name, gender = v.gender, birth_year = v.birth_year,
            phone = v.phone, stage = v.stage, subject = v.subject, title = v.title, degree = v.degree,
            hire_date = v.hire_date, posts = v.posts, tags = v.tags, updated_at = now()
          from (values ${values(updateRows)})
            as v(id, school_id, name, gender, birth_year, phone, stage, subject, title, degree, hire_date, posts, tags)
          where t.id = v.id and ${teacherScope(county(regionId), 't')}`,
    );
    // The teacher's account follows a transfer or a corrected name.
    const accountRows = batch
      .filter((u) => 'schoolId' in u.after || 'name' in u.after)
      .map(({ id, values: v }) => sql`(${id}::int, ${v.schoolId}::int, ${v.name}::text)`);
    if (accountRows.length) {
      await tx.execute(
        sql`update users u set school_id = v.school_id, display_name = v.name, updated_at = now()
            from (values ${values(accountRows)}) as v(teacher_id, school_id, name)
            where u.teacher_id = v.teacher_id`,
      );
    }
    done += batch.length;
    job.progress(done);
  }

  await rememberSchoolAliases(tx, regionId, plan.schoolAliases);

  // One summary entry, plus the before/after of updated teachers in batched entries.
  await record(tx, actor, [
    {
      action: 'teacher.import',
      entity: 'teacher',
      entityId: null,
      after: plan.schoolAliases.length ? { ...summary, schoolAliases: plan.schoolAliases } : summary,
    },
    ...chunks(plan.updates, AUDIT_BATCH).map((batch) => ({
      action: 'teacher.import_update',
      entity: 'teacher',
      entityId: null,
      before: { teachers: batch.map((u) => ({ id: u.id, ...u.before })) },
      after: { teachers: batch.map((u) => ({ id: u.id, ...u.after })) },
    })),
  ]);
}

export const teacherImporter: Importer<TeacherField, TeacherPlan> = {
  kind: 'teachers.import',
  entity: 'teacher',
  match: compileSpecs(TEACHER_FIELDS),
  specs: TEACHER_FIELDS,
  examples: '姓名、身份证号、学校、学段、学科',
  requiredColumns: ['name', 'idNumber'],
  plan: planTeachers,
  write: writeTeachers,
};

/**
 * Imports a teacher roster (.xlsx or .csv). Throws AppError IMPORT_HAS_ERRORS (422, with the
 * result) when committing a file with errors without skipInvalid. Also used by bench/.
 */
export function importTeachers(
  deps: ImportDeps,
  actor: Actor,
  buffer: Buffer,
  filename: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  return runImport(deps, actor, buffer, filename, opts, teacherImporter);
}
