// 继续教育学时证明: a certified statement of a teacher's hours for a cycle or a year, with a
// unique public number. The figures are frozen at issue (snapshot) so the printed page, the PDF
// and the public verification page always agree with what was certified.
import { randomInt } from 'node:crypto';
import {
  CERTIFICATE_ALPHABET,
  type CreditStatement,
  type CreditStatementDetail,
  LEVELS,
  levelOf,
  maskName,
  type StatementPeriod,
  type StatementSnapshot,
  type StatementVerification,
  statementSnapshot,
  statementVerifyPath,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { countyOf, statementScope, teacherScope } from '../../access/scope.js';
import { type Db, type Exec, one, rows } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, conflict, notFound } from '../../http/errors.js';
import { notifyTeachers } from '../notifications/notifications.service.js';
import { todayInChina } from '../teachers/teachers.service.js';
import { teacherProgress } from './progress.service.js';

const MAX_NUMBER_ATTEMPTS = 5;

/** XS-<year>-<region id>-<6 random Crockford base32 characters>. */
export function statementNumber(year: number, regionId: number): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += CERTIFICATE_ALPHABET[randomInt(CERTIFICATE_ALPHABET.length)];
  return `XS-${year}-${regionId}-${s}`;
}

type Row = {
  id: number;
  number: string;
  teacher_id: number;
  teacher_name: string;
  school_name: string;
  id_masked: string;
  period: StatementPeriod;
  start_year: number;
  end_year: number;
  unit: string;
  required: number | string | null;
  counted: number | string;
  snapshot: unknown;
  issuer: string;
  issued_at: string | Date;
  revoked_at: string | Date | null;
  revoke_reason: string | null;
};

const COLUMNS = sql`cs.id, cs.number, cs.teacher_id, t.name as teacher_name, s.name as school_name, t.id_masked,
  cs.period, cs.start_year, cs.end_year, cs.unit, cs.required::float8 as required, cs.counted::float8 as counted,
  cs.snapshot, cs.issuer, cs.issued_at, cs.revoked_at, cs.revoke_reason`;
const FROM = sql`from credit_statements cs join teachers t on t.id = cs.teacher_id join schools s on s.id = t.school_id`;

const iso = (v: string | Date | null) => (v == null ? null : new Date(v).toISOString());

function present(r: Row): CreditStatement {
  return {
    id: Number(r.id),
    number: r.number,
    teacherId: r.teacher_id,
    teacherName: r.teacher_name,
    schoolName: r.school_name,
    period: r.period,
    startYear: r.start_year,
    endYear: r.end_year,
    unit: r.unit,
    required: r.required == null ? null : Number(r.required),
    counted: Number(r.counted),
    issuer: r.issuer,
    issuedAt: new Date(r.issued_at).toISOString(),
    revoked: r.revoked_at != null,
    revokedAt: iso(r.revoked_at),
    revokeReason: r.revoke_reason,
  };
}

async function visibleTeacher(exec: Exec, user: CurrentUser, teacherId: number) {
  const t = await one<{ id: number; region_name: string }>(
    exec,
    sql`select t.id, rg.name as region_name from teachers t join schools s on s.id = t.school_id
        join regions rg on rg.id = t.region_id
        where t.id = ${teacherId} and ${teacherScope(user, 't', 's')}`,
  );
  if (!t) throw notFound('教师');
  return t;
}

export async function issueStatement(
  db: Db,
  actor: Actor,
  teacherId: number,
  body: { period: StatementPeriod; year: number },
  now: Date = new Date(),
): Promise<CreditStatement> {
  const t = await visibleTeacher(db, actor.user, teacherId);
  const p = await teacherProgress(db, actor.user.regionId, teacherId, body.year, now);
  const currentYear = Number(todayInChina(now).slice(0, 4));
  if (body.period === 'year' && body.year > currentYear) throw conflict(`${body.year} 年度尚未开始，不能开具证明`);
  if (p.cycle.start > currentYear) throw conflict(`${p.cycle.start}—${p.cycle.end} 周期尚未开始，不能开具证明`);

  const inPeriod = (d: string) => (body.period === 'cycle' ? true : Number(d.slice(0, 4)) === body.year);
  const live = p.entries.filter((e) => e.cancelled == null && inPeriod(e.occurredOn));
  const counted = Math.round(live.reduce((n, e) => n + e.counted, 0) * 10) / 10;
  const byLevel = new Map<string, number>();
  for (const e of live) {
    const l = levelOf(e.level) ?? '其他';
    byLevel.set(l, (byLevel.get(l) ?? 0) + e.counted);
  }
  const snapshot: StatementSnapshot = statementSnapshot.parse({
    ruleName: p.ruleName,
    earned: Math.round(live.reduce((n, e) => n + e.value, 0) * 10) / 10,
    annualMinimum: p.annualMinimum,
    cycleComplete: body.period === 'cycle' ? p.cycleComplete : null,
    byLevel: [...LEVELS, '其他']
      .filter((l) => byLevel.has(l))
      .map((l) => ({ level: l, counted: Math.round(byLevel.get(l)! * 10) / 10 })),
    byCategory:
      body.period === 'cycle'
        ? p.byCategory.map((c) => ({ category: c.category, counted: c.counted, min: c.min, cap: c.cap }))
        : [],
    years: p.years.filter((y) => inPeriod(`${y.year}`)).map((y) => ({ year: y.year, counted: y.counted })),
    entries: live
      .filter((e) => e.counted !== 0)
      .map((e) => ({
        id: e.id,
        occurredOn: e.occurredOn,
        title: e.projectName ?? e.note ?? e.category ?? '',
        source: e.source,
        level: levelOf(e.level),
        counted: e.counted,
      }))
      .reverse(),
  });
  const startYear = body.period === 'cycle' ? p.cycle.start : body.year;
  const endYear = body.period === 'cycle' ? p.cycle.end : body.year;
  const required = body.period === 'cycle' ? p.required : p.annualMinimum;
  const issuer = `${t.region_name}教师发展中心`;

  return db.transaction(async (tx) => {
    for (let attempt = 0; attempt < MAX_NUMBER_ATTEMPTS; attempt++) {
      const number = statementNumber(currentYear, actor.user.regionId);
      const row = await one<{ id: number }>(
        tx,
        sql`insert into credit_statements (region_id, number, teacher_id, period, start_year, end_year, unit, required,
                                           counted, snapshot, issuer, issued_by)
            values (${actor.user.regionId}, ${number}, ${teacherId}, ${body.period}, ${startYear}, ${endYear}, ${p.unit},
                    ${required}, ${counted}, ${JSON.stringify(snapshot)}::jsonb, ${issuer}, ${actor.user.id})
            on conflict do nothing
            returning id`,
      );
      if (!row) continue;
      await record(tx, actor, {
        action: 'credit_statement.issue',
        entity: 'credit_statement',
        entityId: row.id,
        after: { number, teacherId, period: body.period, startYear, endYear, counted, required },
      });
      const r = await one<Row>(tx, sql`select ${COLUMNS} ${FROM} where cs.id = ${row.id}`);
      return present(r!);
    }
    throw new AppError('CONFLICT', '证明编号生成冲突，请重试');
  });
}

export async function listStatements(exec: Exec, user: CurrentUser, teacherId: number) {
  await visibleTeacher(exec, user, teacherId);
  const items = await rows<Row>(
    exec,
    sql`select ${COLUMNS} ${FROM} where cs.teacher_id = ${teacherId} and ${statementScope(user, 'cs', 't', 's')}
        order by cs.issued_at desc, cs.id desc limit 200`,
  );
  return { items: items.map(present) };
}

/** The holder, and everyone who may see the holder's record (admins in scope, leaders). */
const readers = (user: CurrentUser): SQL => statementScope(user, 'cs', 't', 's');

export async function getStatementDetail(
  exec: Exec,
  user: CurrentUser,
  number: string,
  origin: string,
): Promise<CreditStatementDetail> {
  const r = await one<Row>(exec, sql`select ${COLUMNS} ${FROM} where cs.number = ${number} and ${readers(user)}`);
  if (!r) throw notFound('学时证明');
  const path = statementVerifyPath(r.number);
  return {
    ...present(r),
    idMasked: r.id_masked,
    snapshot: statementSnapshot.parse(r.snapshot),
    verifyPath: path,
    verifyUrl: `${origin.replace(/\/+$/, '')}${path}`,
  };
}

export async function revokeStatement(db: Db, actor: Actor, number: string, reason: string) {
  return db.transaction(async (tx) => {
    const r = await one<{ id: number; teacher_id: number; revoked_at: string | null }>(
      tx,
      sql`select id, teacher_id, revoked_at from credit_statements
          where number = ${number} and ${statementScope(countyOf(actor.user), 'credit_statements')} for update`,
    );
    if (!r) throw notFound('学时证明');
    if (r.revoked_at) throw conflict('该证明已撤销');
    await tx.execute(
      sql`update credit_statements set revoked_at = now(), revoked_by = ${actor.user.id}, revoke_reason = ${reason}
          where id = ${r.id}`,
    );
    await record(tx, actor, {
      action: 'credit_statement.revoke',
      entity: 'credit_statement',
      entityId: r.id,
      before: { revoked: false, number },
      after: { revoked: true, number, reason },
    });
    await notifyTeachers(tx, actor.user.regionId, [r.teacher_id], {
      kind: 'credit_statement.revoked',
      title: `您的学时证明 ${number} 已被撤销`,
      body: reason,
      link: '/my/credits',
    });
    return { ok: true as const };
  });
}

export async function verifyStatement(exec: Exec, number: string): Promise<StatementVerification> {
  const r = await one<Row>(exec, sql`select ${COLUMNS} ${FROM} where cs.number = ${number}`);
  if (!r) throw new AppError('NOT_FOUND', `未查到编号为 ${number} 的学时证明，请核对证明编号`);
  return {
    number: r.number,
    name: maskName(r.teacher_name),
    schoolName: r.school_name,
    period: r.period,
    startYear: r.start_year,
    endYear: r.end_year,
    unit: r.unit,
    required: r.required == null ? null : Number(r.required),
    counted: Number(r.counted),
    issuer: r.issuer,
    issuedAt: new Date(r.issued_at).toISOString(),
    revoked: r.revoked_at != null,
    revokedAt: iso(r.revoked_at),
  };
}
