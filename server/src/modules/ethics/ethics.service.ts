// 师德档案: pledges (承诺书), commendations and violations (with 一票否决) per teacher. County and
// school admins record them within their scope; everyone who may read the teacher may read them.
// H-rules reads the table for 定期注册 readiness: a record is clean for a period without a violation in it.
import type { EthicsRecord } from '@shixun/common';
import { ETHICS_KIND_LABELS, type EthicsKind } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { ethicsScope, teacherScope } from '../../access/scope.js';
import { type Db, type Exec, intArray, one, rows } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { invalid, notFound } from '../../http/errors.js';
import { todayInChina } from '../teachers/teachers.service.js';

type Row = {
  id: number;
  teacher_id: number;
  occurred_on: string;
  kind: EthicsKind;
  veto: boolean;
  note: string | null;
  created_by: string | null;
  created_at: string;
};

const present = (r: Row): EthicsRecord => ({
  id: Number(r.id),
  teacherId: r.teacher_id,
  occurredOn: r.occurred_on,
  kind: r.kind,
  veto: r.veto,
  note: r.note,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** The teacher (id, school, name) if the caller may see them — the same scope as the teacher detail. */
export async function teacherInScope(exec: Exec, user: CurrentUser, teacherId: number) {
  return one<{ id: number; school_id: number; name: string }>(
    exec,
    sql`select t.id, t.school_id, t.name from teachers t join schools s on s.id = t.school_id
        where t.id = ${teacherId} and ${teacherScope(user, 't', 's')}`,
  );
}

/** A teacher's records, newest first (no scope check: callers check the teacher first). */
export async function ethicsOf(exec: Exec, teacherId: number): Promise<EthicsRecord[]> {
  const list = await rows<Row>(
    exec,
    sql`select e.id, e.teacher_id, e.occurred_on::text as occurred_on, e.kind, e.veto, e.note,
               u.display_name as created_by,
               to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at
        from ethics_records e left join users u on u.id = e.created_by
        where e.teacher_id = ${teacherId}
        order by e.occurred_on desc, e.id desc`,
  );
  return list.map(present);
}

export async function listEthics(exec: Exec, user: CurrentUser, teacherId: number) {
  if (!(await teacherInScope(exec, user, teacherId))) throw notFound('教师');
  return { items: await ethicsOf(exec, teacherId) };
}

export async function createEthicsRecord(
  db: Db,
  actor: Actor,
  teacherId: number,
  body: { occurredOn: string; kind: EthicsKind; veto: boolean; note?: string },
): Promise<EthicsRecord> {
  const user = actor.user;
  if (body.occurredOn > todayInChina()) throw invalid('日期不能晚于今天', { occurredOn: '日期不能晚于今天' });
  return db.transaction(async (tx) => {
    const teacher = await teacherInScope(tx, user, teacherId);
    if (!teacher) throw notFound('教师');
    const row = await one<{ id: number }>(
      tx,
      sql`insert into ethics_records (region_id, school_id, teacher_id, occurred_on, kind, veto, note, created_by)
          values (${user.regionId}, ${teacher.school_id}, ${teacherId}, ${body.occurredOn}::date, ${body.kind},
                  ${body.veto}, ${body.note || null}, ${user.id})
          returning id`,
    );
    const id = Number(row!.id);
    await record(tx, actor, {
      action: 'ethics.create',
      entity: 'ethics_record',
      entityId: id,
      after: {
        teacherId,
        teacherName: teacher.name,
        kind: ETHICS_KIND_LABELS[body.kind],
        occurredOn: body.occurredOn,
        veto: body.veto,
        note: body.note ?? null,
      },
    });
    const [created] = (await ethicsOf(tx, teacherId)).filter((e) => e.id === id);
    return created!;
  });
}

/** Removes a record entered by mistake (county admin only); the audit log keeps what it said. */
export async function deleteEthicsRecord(db: Db, actor: Actor, id: number) {
  const user = actor.user;
  await db.transaction(async (tx) => {
    const row = await one<Omit<Row, 'created_by' | 'created_at'>>(
      tx,
      sql`delete from ethics_records e where e.id = ${id} and ${ethicsScope(user, 'e')}
          returning e.id, e.teacher_id, e.occurred_on::text as occurred_on, e.kind, e.veto, e.note`,
    );
    if (!row) throw notFound('师德记录');
    await record(tx, actor, {
      action: 'ethics.delete',
      entity: 'ethics_record',
      entityId: Number(row.id),
      before: {
        teacherId: row.teacher_id,
        kind: ETHICS_KIND_LABELS[row.kind],
        occurredOn: row.occurred_on,
        veto: row.veto,
        note: row.note,
      },
    });
  });
}

/**
 * The teachers (of `teacherIds`) with a violation dated in [start, end] — i.e. whose record is not
 * clean for that period. One query; for 定期注册 readiness and the archive.
 */
export async function teachersWithViolations(
  exec: Exec,
  teacherIds: number[],
  range: { start: string; end: string },
): Promise<Set<number>> {
  if (!teacherIds.length) return new Set();
  const list = await rows<{ teacher_id: number }>(
    exec,
    sql`select distinct teacher_id from ethics_records
        where teacher_id = any(${intArray(teacherIds)}) and kind = 'violation'
          and occurred_on >= ${range.start}::date and occurred_on <= ${range.end}::date`,
  );
  return new Set(list.map((r) => r.teacher_id));
}
