// Teacher roster import: match on the ID number's HMAC within the region; new → create (with the
// teacher's account), changed → update (a new school = transfer), identical → skip. Everything is
// validated in memory against two bulk reads (the region's schools, the file's existing IDs), then
// written in one transaction with multi-row SQL.
import { type ImportResult, maskIdNumber } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { county, countyOf, schoolScope, teacherScope } from '../../access/scope.js';
import { rows, type Tx } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { chargeIdLookups, OUT_OF_SCOPE_ID_MESSAGE } from '../teachers/id-lookups.js';
import { compileSpecs, TEACHER_FIELDS, type TeacherField } from './headers.js';
import { type JobReporter, yieldToLoop } from './jobs.js';
import { type Parsed, parseDate, parseIdNumber, parseMobile, parseTerm, parseTerms } from './parse.js';
import {
  chunks,
  type ImportDeps,
  type Importer,
  type ImportOptions,
  labelsOf,
  looseName,
  type Plan,
  type PlannedRow,
  pgTextArray,
  RowCtx,
  runImport,
  YIELD_EVERY,
} from './run.js';
import type { ReadSheet } from './spreadsheet.js';
import { DEGREE, GENDER, HONOUR, POST, STAGE, SUBJECT, TITLE } from './vocab.js';

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
}

interface SchoolRow {
  id: number;
  name: string;
  writable: boolean;
}
interface ExistingRow {
  id: number;
  id_hash: string;
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
  const list = await rows<SchoolRow>(
    deps.db,
    sql`select s.id, s.name, coalesce((${schoolScope(user, 's')}), false) as writable
        from schools s where ${schoolScope(countyOf(user), 's')}`,
  );
  const byName = new Map<string, SchoolRow>();
  const byLoose = new Map<string, SchoolRow | null>(); // null: two schools look alike
  const byId = new Map<number, SchoolRow>();
  for (const s of list) {
    byName.set(s.name, s);
    byId.set(s.id, s);
    const k = looseName(s.name);
    byLoose.set(k, byLoose.has(k) ? null : s);
  }
  return {
    byId,
    find(name: string): SchoolRow | undefined {
      return byName.get(name) ?? byLoose.get(looseName(name)) ?? undefined;
    },
  };
}

async function loadExisting(deps: ImportDeps, regionId: number, hashes: string[]) {
  const found = new Map<string, ExistingRow>();
  for (const part of chunks(hashes, LOOKUP_CHUNK)) {
    // One text parameter split server-side: hashes are base64url, never containing a comma.
    const list = await rows<ExistingRow>(
      deps.db,
      sql`select t.id, t.id_hash, t.school_id, t.name, t.gender, t.birth_year, t.phone, t.stage,
                 t.subject, t.title, t.degree, t.hire_date::text as hire_date, t.posts, t.tags
          from teachers t
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
  /** Resolved school; undefined when the cell is blank. */
  school?: SchoolRow;
  /** Fields the row actually fills (blank cells leave the stored value alone). */
  provided: Partial<TeacherValues>;
}

export async function planTeachers(
  deps: ImportDeps,
  user: CurrentUser,
  sheet: ReadSheet<TeacherField>,
  job: JobReporter,
): Promise<TeacherPlan> {
  const schools = await loadSchools(deps, user);
  const defaultSchool =
    user.role === 'school_admin' && user.schoolId != null ? schools.byId.get(user.schoolId) : undefined;
  const maxHire = isoToday(366);
  const drafts: Draft[] = [];

  // Pass 1: each row on its own.
  for (let i = 0; i < sheet.rows.length; i++) {
    const r = new RowCtx(sheet.rows[i]!, sheet.columns, LABELS);
    const d: Draft = { ctx: r, provided: {} };
    const p = d.provided;
    if (r.has('name')) d.name = r.take('name', parseName(r.text('name')));
    else r.err('name', '姓名不能为空');

    let fromId: { birthDate: string; gender: '男' | '女' } | undefined;
    if (r.has('idNumber')) {
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
        r.err('gender', `性别“${g}”与身份证号不符（身份证号显示为${fromId.gender}）`);
      } else if (g) p.gender = g;
    }
    if (r.has('birthDate')) {
      const b = r.take('birthDate', parseDate(r.cell('birthDate'), r.column('birthDate')));
      // Only checked against the ID number: the date itself is kept inside the encrypted number.
      if (b && fromId && b !== fromId.birthDate) {
        r.err('birthDate', `出生日期 ${b} 与身份证号中的出生日期 ${fromId.birthDate} 不一致`);
      } else if (b) p.birthYear = Number(b.slice(0, 4));
    }
    if (r.has('school')) {
      const name = r.text('school');
      const s = schools.find(name);
      if (!s?.writable) r.err('school', `学校“${name}”不存在或不在您的管理范围内`);
      else d.school = s;
    } else if (defaultSchool?.writable) d.school = defaultSchool;
    if (d.school) p.schoolId = d.school.id;

    if (r.has('stage')) {
      const v = r.take('stage', parseTerm(r.cell('stage'), r.column('stage'), STAGE));
      if (v) p.stage = v;
    }
    if (r.has('subject')) {
      const v = r.take('subject', parseTerm(r.cell('subject'), r.column('subject'), SUBJECT));
      if (v) p.subject = v;
    }
    if (r.has('title')) {
      const v = r.take('title', parseTerm(r.cell('title'), r.column('title'), TITLE));
      if (v !== undefined) p.title = v;
    }
    if (r.has('degree')) {
      const v = r.take('degree', parseTerm(r.cell('degree'), r.column('degree'), DEGREE));
      if (v !== undefined) p.degree = v;
    }
    if (r.has('hireDate')) {
      const v = r.take('hireDate', parseDate(r.cell('hireDate'), r.column('hireDate')));
      if (v && v > maxHire) r.err('hireDate', `${r.column('hireDate')} ${v} 晚于今天一年以上，请检查`);
      else if (v && fromId && v < addYears(fromId.birthDate, 14)) {
        r.err('hireDate', `${r.column('hireDate')} ${v} 与出生日期 ${fromId.birthDate} 不符（参加工作时不满14岁）`);
      } else if (v) p.hireDate = v;
    }
    if (r.has('phone')) {
      const v = r.take('phone', parseMobile(r.cell('phone'), r.column('phone')));
      if (v) p.phone = v;
    }
    if (r.has('tags')) {
      const v = r.take('tags', parseTerms(r.cell('tags'), r.column('tags'), HONOUR));
      if (v) p.tags = v;
    }
    if (r.has('posts')) {
      const v = r.take('posts', parseTerms(r.cell('posts'), r.column('posts'), POST));
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
  for (const d of drafts) {
    if (!d.idHash) continue;
    const first = firstRow.get(d.idHash);
    if (first !== undefined) {
      d.ctx.err('idNumber', `身份证号与第${first}行重复`);
      d.idHash = undefined; // the first row decides; this one is only an error
    } else firstRow.set(d.idHash, d.ctx.row.row);
  }
  const existing = await loadExisting(deps, user.regionId, [...firstRow.keys()]);
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
  const plan: TeacherPlan = { rows: [], errors: [], writeCount: 0, creates: [], updates: [] };
  const schoolName = (id: number | null | undefined) => (id == null ? '' : (schools.byId.get(id)?.name ?? `#${id}`));
  const show = (k: Key, v: unknown) =>
    k === 'schoolId' ? schoolName(v as number) : Array.isArray(v) ? v.join('、') || '无' : v == null ? '空' : String(v);

  for (const d of drafts) {
    const r = d.ctx;
    const p = d.provided;
    const who = d.name ?? (r.text('name') || `第${r.row.row}行`);
    const found = d.idHash ? existing.get(d.idHash) : undefined;
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
          const what = changed
            .map(
              (k) =>
                `${FIELD_NAMES[k]} ${show(k, before[k])}→${show(k, values[k])}${k === 'schoolId' ? '（调动）' : ''}`,
            )
            .join('；');
          planned = { row: r.row.row, action: 'update', label: `${who}：${what}` };
        }
      }
    } else {
      if (!d.school && !r.has('school')) r.err('school', '学校不能为空（新增教师时必填）');
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

  // One summary entry, plus the before/after of updated teachers in batched entries.
  await record(tx, actor, [
    { action: 'teacher.import', entity: 'teacher', entityId: null, after: summary },
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
