// The teacher roster's rules: who may see and change which teacher, ID-number validation and
// protection, the teacher's own account, transfers and retirements. Never sees req/reply.
import {
  checkIdNumber,
  maskIdNumber,
  ROLES_SEEING_FULL_ID,
  type Teacher,
  type TeacherDetail,
  type TeacherListQuery,
  teacherBody,
  teacherStatusBody,
  type teacherUpdateBody,
  type transferBody,
} from '@shixun/common';
import type { z } from 'zod';
import type { Db, Exec } from '../../db/client.js';
import { diff, record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, conflict, forbidden, invalid, isUniqueViolation, notFound } from '../../http/errors.js';
import type { IdCipher } from '../../lib/crypto.js';
import { loadDictionary } from '../dictionaries/dictionaries.service.js';
import { chargeIdLookups, OUT_OF_SCOPE_ID_MESSAGE } from './id-lookups.js';
import { auditedFields, presentTeacher, presentTeacherDetail } from './teachers.presenter.js';
import {
  deleteSessionsOfTeacher,
  findByIdHash,
  findSchool,
  findTeacherDetail,
  insertTeacher,
  insertTeacherAccount,
  iterateTeachers,
  listTeachers,
  lockTeacherForWrite,
  syncAccount,
  type TeacherFilters,
  type TeacherInsert,
  teacherHistory,
  updateTeacherRow,
} from './teachers.repo.js';

type CreateInput = z.infer<typeof teacherBody>;
type UpdateInput = z.infer<typeof teacherUpdateBody>;
type TransferInput = z.infer<typeof transferBody>;
type StatusInput = z.infer<typeof teacherStatusBody>;

/** Today's date where the county is (status dates, file names), whatever the server's zone. */
export function todayInChina(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

function validIdNumber(raw: string) {
  const r = checkIdNumber(raw);
  if (!r.ok) throw invalid(r.message, { idNumber: r.message });
  return r;
}

function assertGenderAgrees(given: string | null | undefined, derived: string) {
  if (given && given !== derived) {
    const msg = `性别与身份证号不符（身份证号显示为${derived}）`;
    throw invalid(msg, { gender: msg });
  }
}

function assertHireAfterBirth(hireDate: string | null | undefined, birthDate: string | null) {
  if (hireDate && birthDate && hireDate <= birthDate) {
    throw invalid('参加工作时间应晚于出生日期', { hireDate: '参加工作时间应晚于出生日期' });
  }
}

/**
 * Names the existing holder only when the caller may see them; a number held outside the caller's
 * scope gets the neutral message, which does not say it exists (and is budgeted: id-lookups.ts).
 */
async function assertIdNumberFree(exec: Exec, user: CurrentUser, idHash: string, exceptId?: number) {
  const dup = await findByIdHash(exec, user, idHash, exceptId);
  if (!dup) return;
  const msg = dup.visible ? `该身份证号已存在：${dup.name}，${dup.school_name}` : OUT_OF_SCOPE_ID_MESSAGE;
  throw new AppError('DUPLICATE', msg, { idNumber: msg });
}

/** Spends the caller's look-up budget on a number that is not on their own roster (before answering). */
async function chargeLookup(db: Db, user: CurrentUser, idHash: string, exceptId?: number) {
  if (user.role === 'county_admin') return;
  const dup = await findByIdHash(db, user, idHash, exceptId);
  if (dup?.visible) return;
  await chargeIdLookups(db, user, [{ idHash, foreign: !!dup }]);
}

/** Those who may see a teacher's full ID number may see the birth date in it (8 of its 18 digits). */
export function seesBirthDate(user: CurrentUser, teacherId: number): boolean {
  return ROLES_SEEING_FULL_ID.includes(user.role) || (user.role === 'teacher' && user.teacherId === teacherId);
}

/** The birth date inside an encrypted ID number (null when it cannot be read). */
export function birthDateOf(cipher: IdCipher, idEnc: string): string | null {
  try {
    const r = checkIdNumber(cipher.decrypt(idEnc));
    return r.ok ? r.birthDate : null;
  } catch {
    return null;
  }
}

const shownBirthDate = (cipher: IdCipher, user: CurrentUser, r: { id: number; id_enc: string }) =>
  seesBirthDate(user, r.id) ? birthDateOf(cipher, r.id_enc) : null;

function duplicateOnRace(err: unknown): never {
  if (isUniqueViolation(err, 'teachers_region_idhash_uq')) {
    throw new AppError('DUPLICATE', '该身份证号已存在', { idNumber: '该身份证号已存在' });
  }
  throw err;
}

// ---------- reads ----------

export async function listTeacherPage(
  db: Db,
  cipher: IdCipher,
  user: CurrentUser,
  query: TeacherListQuery,
): Promise<{ items: Teacher[]; total: number }> {
  const { rows, total } = await listTeachers(db, user, query, cipher);
  return { items: rows.map((r) => presentTeacher(r, shownBirthDate(cipher, user, r))), total };
}

/** Rows for the export, counted, then streamed a page at a time; masked ID numbers only, whoever asks. */
export async function exportTeachers(
  db: Db,
  cipher: IdCipher,
  user: CurrentUser,
  filters: TeacherFilters,
): Promise<{ total: number; rows: AsyncGenerator<Teacher> }> {
  const found = await iterateTeachers(db, user, filters, cipher);
  async function* presented(): AsyncGenerator<Teacher> {
    for await (const r of found.rows) yield presentTeacher(r, shownBirthDate(cipher, user, r));
  }
  return { total: found.total, rows: presented() };
}

export async function getTeacherDetail(
  db: Db,
  cipher: IdCipher,
  actor: Actor,
  id: number,
  reveal = false,
): Promise<TeacherDetail> {
  const user = actor.user;
  const self = user.role === 'teacher' && user.teacherId === id;
  if (reveal && !self && !ROLES_SEEING_FULL_ID.includes(user.role)) {
    throw forbidden('仅县级管理员和教师本人可查看完整身份证号');
  }
  const row = await findTeacherDetail(db, user, id);
  if (!row) throw notFound('教师');
  // The full number only on an explicit reveal, and every reveal is audited — the teacher's own too.
  let idNumber: string | undefined;
  if (reveal) {
    idNumber = cipher.decrypt(row.id_enc);
    await record(db, actor, {
      action: 'teacher.reveal_id',
      entity: 'teacher',
      entityId: id,
      after: self ? { self: true } : null,
    });
  }
  const history = await teacherHistory(db, id);
  return presentTeacherDetail(row, history, { idNumber, birthDate: shownBirthDate(cipher, user, row) });
}

// ---------- writes ----------

interface TermValues {
  stage?: string;
  subject?: string;
  title?: string | null;
  degree?: string | null;
  posts?: string[];
  tags?: string[];
}

/**
 * The dictionary-backed fields as the county's dictionaries store them (a synonym becomes its
 * entry); a value not in them is a 400 naming the field. What the teacher already has stays valid.
 */
async function checkTerms<T extends TermValues>(exec: Exec, regionId: number, v: T, cur: TermValues = {}): Promise<T> {
  const dict = await loadDictionary(exec, regionId, ['stage', 'subject', 'title', 'degree', 'post', 'honour']);
  const out = { ...v };
  if (v.stage !== undefined) out.stage = dict.check('stage', v.stage, 'stage', [cur.stage ?? null]);
  if (v.subject !== undefined) out.subject = dict.check('subject', v.subject, 'subject', [cur.subject ?? null]);
  if (v.title != null) out.title = dict.check('title', v.title, 'title', [cur.title ?? null]);
  if (v.degree != null) out.degree = dict.check('degree', v.degree, 'degree', [cur.degree ?? null]);
  if (v.posts !== undefined) out.posts = dict.checkAll('post', v.posts, 'posts', cur.posts ?? []);
  if (v.tags !== undefined) out.tags = dict.checkAll('honour', v.tags, 'tags', cur.tags ?? []);
  return out;
}

/** Adds a teacher and, in the same transaction, the teacher's own account (`t<id>`). */
export async function createTeacher(db: Db, cipher: IdCipher, actor: Actor, input: CreateInput): Promise<number> {
  const user = actor.user;
  const parsed = teacherBody.parse(input);
  const id = validIdNumber(parsed.idNumber);
  assertGenderAgrees(parsed.gender, id.gender);
  assertHireAfterBirth(parsed.hireDate, id.birthDate);
  const body = await checkTerms(db, user.regionId, parsed);
  const idHash = cipher.hash(id.value);
  await chargeLookup(db, user, idHash);
  try {
    return await db.transaction(async (tx) => {
      const school = await findSchool(tx, user, body.schoolId);
      if (!school) throw notFound('学校');
      if (!school.in_scope) throw forbidden('无权在该学校新增教师（学校不在您的管理范围内）');
      await assertIdNumberFree(tx, user, idHash);
      const values: TeacherInsert = {
        regionId: user.regionId,
        schoolId: school.id,
        name: body.name,
        gender: id.gender,
        idEnc: cipher.encrypt(id.value),
        idHash,
        idMasked: maskIdNumber(id.value),
        birthYear: Number(id.birthDate.slice(0, 4)),
        phone: body.phone ?? null,
        stage: body.stage,
        subject: body.subject,
        title: body.title ?? null,
        degree: body.degree ?? null,
        hireDate: body.hireDate ?? null,
        posts: body.posts,
        tags: body.tags,
        status: '在职',
      };
      const teacherId = await insertTeacher(tx, values);
      const account = await insertTeacherAccount(tx, {
        regionId: user.regionId,
        teacherId,
        schoolId: school.id,
        displayName: body.name,
      });
      await record(tx, actor, [
        {
          action: 'teacher.create',
          entity: 'teacher',
          entityId: teacherId,
          after: {
            name: body.name,
            gender: id.gender,
            idNumber: values.idMasked,
            birthYear: values.birthYear,
            phone: values.phone,
            schoolName: school.name,
            stage: body.stage,
            subject: body.subject,
            title: values.title,
            degree: values.degree,
            hireDate: values.hireDate,
            posts: body.posts,
            tags: body.tags,
            username: account.username,
          },
        },
        {
          action: 'account.create',
          entity: 'user',
          entityId: account.id,
          after: { username: account.username, role: 'teacher', teacherId, schoolId: school.id, activation: 'code' },
        },
      ]);
      return teacherId;
    });
  } catch (err) {
    duplicateOnRace(err);
  }
}

/** Partial update of the teacher's own facts (not the school: that is a transfer). */
export async function updateTeacher(
  db: Db,
  cipher: IdCipher,
  actor: Actor,
  teacherId: number,
  input: UpdateInput,
): Promise<void> {
  const user = actor.user;
  let body = input;
  if (body.idNumber !== undefined) {
    const id = checkIdNumber(body.idNumber);
    if (id.ok) await chargeLookup(db, user, cipher.hash(id.value), teacherId);
  }
  try {
    await db.transaction(async (tx) => {
      const cur = await lockTeacherForWrite(tx, user, teacherId);
      if (!cur) throw notFound('教师');
      body = await checkTerms(tx, user.regionId, body, {
        ...cur,
        posts: cur.posts ?? [],
        tags: cur.tags ?? [],
      });
      const set: Partial<TeacherInsert> = {};
      const after: Record<string, unknown> = {};
      for (const k of ['name', 'phone', 'stage', 'subject', 'title', 'degree', 'hireDate', 'posts', 'tags'] as const) {
        if (body[k] !== undefined) {
          (set as Record<string, unknown>)[k] = body[k];
          after[k] = body[k];
        }
      }
      let birthDate: string | null | undefined; // read from the ID number only when needed
      let idChanged = false;
      if (body.idNumber !== undefined) {
        const id = validIdNumber(body.idNumber);
        const idHash = cipher.hash(id.value);
        if (idHash !== cur.id_hash) {
          await assertIdNumberFree(tx, user, idHash, cur.id);
          idChanged = true;
          assertGenderAgrees(body.gender, id.gender);
          Object.assign(set, {
            idEnc: cipher.encrypt(id.value),
            idHash,
            idMasked: maskIdNumber(id.value),
            birthYear: Number(id.birthDate.slice(0, 4)),
            gender: id.gender,
          });
          birthDate = id.birthDate;
          after.birthYear = Number(id.birthDate.slice(0, 4));
          after.gender = id.gender;
          after.idNumber = set.idMasked === cur.id_masked ? `${set.idMasked}（已更换）` : set.idMasked;
        }
      }
      if (!idChanged && body.gender !== undefined) {
        // Gender follows the ID number; a stored number that no longer validates leaves it free.
        const current = checkIdNumber(cipher.decrypt(cur.id_enc));
        if (current.ok) assertGenderAgrees(body.gender, current.gender);
        set.gender = body.gender;
        after.gender = body.gender;
      }
      const hireDate = body.hireDate !== undefined ? body.hireDate : cur.hire_date;
      if (hireDate && birthDate === undefined) birthDate = birthDateOf(cipher, cur.id_enc);
      assertHireAfterBirth(hireDate, birthDate ?? null);

      const d = diff(auditedFields(cur) as Record<string, unknown>, after);
      if (!d.changed) return;
      await updateTeacherRow(tx, cur.id, set);
      if (set.name !== undefined && set.name !== cur.name) await syncAccount(tx, cur.id, { displayName: set.name });
      await record(tx, actor, {
        action: 'teacher.update',
        entity: 'teacher',
        entityId: cur.id,
        before: d.before,
        after: d.after,
      });
    });
  } catch (err) {
    duplicateOnRace(err);
  }
}

/** Moves a serving teacher to another school; both schools must be in the caller's scope. */
export async function transferTeacher(db: Db, actor: Actor, teacherId: number, body: TransferInput): Promise<void> {
  const user = actor.user;
  await db.transaction(async (tx) => {
    const cur = await lockTeacherForWrite(tx, user, teacherId);
    if (!cur) throw notFound('教师');
    if (body.schoolId === cur.school_id) {
      throw invalid('调入学校与当前学校相同', { schoolId: '调入学校与当前学校相同' });
    }
    if (cur.status !== '在职') throw conflict(`该教师当前为“${cur.status}”状态，只能调动在职教师`);
    const target = await findSchool(tx, user, body.schoolId);
    if (!target) throw notFound('调入学校');
    if (!target.in_scope) throw forbidden('无权调入该学校（调入学校不在您的管理范围内）');
    await updateTeacherRow(tx, cur.id, { schoolId: target.id });
    await syncAccount(tx, cur.id, { schoolId: target.id });
    await record(tx, actor, {
      action: 'teacher.transfer',
      entity: 'teacher',
      entityId: cur.id,
      before: { schoolId: cur.school_id, schoolName: cur.school_name },
      after: { schoolId: target.id, schoolName: target.name, reason: body.reason ?? null },
    });
  });
}

/** 调出 / 退休 disables the teacher's account and ends their sessions; 在职 reinstates both. */
export async function setTeacherStatus(db: Db, actor: Actor, teacherId: number, input: StatusInput): Promise<void> {
  const user = actor.user;
  const body = teacherStatusBody.parse(input);
  await db.transaction(async (tx) => {
    const cur = await lockTeacherForWrite(tx, user, teacherId);
    if (!cur) throw notFound('教师');
    if (cur.status === body.status) throw conflict(`该教师已是“${body.status}”状态`);
    const statusDate = body.date ?? todayInChina();
    await updateTeacherRow(tx, cur.id, { status: body.status, statusDate });
    const disabled = body.status !== '在职';
    await syncAccount(tx, cur.id, { disabled });
    if (disabled) await deleteSessionsOfTeacher(tx, cur.id);
    await record(tx, actor, {
      action: 'teacher.status',
      entity: 'teacher',
      entityId: cur.id,
      before: { status: cur.status, statusDate: cur.status_date },
      after: { status: body.status, statusDate, reason: body.reason ?? null },
    });
  });
}
