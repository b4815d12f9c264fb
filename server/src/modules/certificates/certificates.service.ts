// 结业证书: issued on completion with a unique public number, revoked with a reason, printed (data
// for the print page and a PDF), and verified by anyone at /verify/<number>.
import { randomInt } from 'node:crypto';
import {
  CERTIFICATE_ALPHABET,
  type Certificate,
  type CertificateDetail,
  type CertificateListQuery,
  type CertificateVerification,
  CORRECTION_REASON,
  certificateSentence,
  type Level,
  type Mode,
  maskName,
  type Result,
  VERIFY_PER_MINUTE,
  verifyPath,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { assertManager, assertWriter, projectAccess, projectsAccess } from '../../access/project-access.js';
import { certificateScope, countyOf, participationScope } from '../../access/scope.js';
import { type Db, type Exec, intArray, one, rows, type Tx, textArray } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { likeEscape } from '../../http/pagination.js';
import { notifyTeachers } from '../notifications/notifications.service.js';

const TEACHER_LINK = '/my/trainings';
const MAX_NUMBER_ATTEMPTS = 5;

/** SX-<year>-<region id>-<6 random Crockford base32 characters>: about 10⁹ per region and year. */
export function certificateNumber(year: number, regionId: number): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += CERTIFICATE_ALPHABET[randomInt(CERTIFICATE_ALPHABET.length)];
  return `SX-${year}-${regionId}-${s}`;
}

/** Who issues: the project's organiser, else the owning school, else the county's centre. */
const ISSUER = sql`coalesce(nullif(btrim(pr.organiser), ''), sc.name, rg.name || '教师发展中心')`;

export interface IssuedCertificate {
  id: number;
  participationId: number;
  number: string;
}

/**
 * Issues a certificate to each completed participation that has none (one multi-row insert; a
 * number that collides is drawn again). With reinstateCorrections, a certificate revoked only by
 * an earlier correction (考核结果更正) is valid again; a certificate revoked by hand stays revoked.
 */
export async function issueCertificates(
  tx: Tx,
  actor: Actor,
  participationIds: number[],
  opts: {
    reinstateCorrections?: boolean;
    /** Draws a number (tests force collisions through it). */
    draw?: (year: number, regionId: number) => string;
  } = {},
): Promise<{ issued: IssuedCertificate[]; reinstated: number }> {
  const draw = opts.draw ?? certificateNumber;
  if (!participationIds.length) return { issued: [], reinstated: 0 };
  let reinstated = 0;
  if (opts.reinstateCorrections) {
    const back = await rows<{ id: number; number: string }>(
      tx,
      sql`update certificates set revoked_at = null, revoked_by = null, revoke_reason = null
          where participation_id = any(${intArray(participationIds)}) and ${certificateScope(countyOf(actor.user), 'certificates')}
            and revoked_at is not null and revoke_reason = ${CORRECTION_REASON}
          returning id, number`,
    );
    reinstated = back.length;
    await record(
      tx,
      actor,
      back.map((c) => ({
        action: 'certificate.reinstate',
        entity: 'certificate',
        entityId: c.id,
        before: { revoked: true, revokeReason: CORRECTION_REASON },
        after: { revoked: false, number: c.number },
      })),
    );
  }
  let pending = await rows<{ id: number; year: number; region_id: number }>(
    tx,
    sql`select pa.id, extract(year from pr.end_date)::int as year, pa.region_id
        from participations pa join projects pr on pr.id = pa.project_id
        where pa.id = any(${intArray(participationIds)}) and ${participationScope(countyOf(actor.user), 'pa')}
          and pa.status = 'completed'
          and not exists (select 1 from certificates c where c.participation_id = pa.id)`,
  );
  const issued: IssuedCertificate[] = [];
  for (let attempt = 0; pending.length && attempt < MAX_NUMBER_ATTEMPTS; attempt++) {
    const numbers = pending.map((p) => draw(p.year, p.region_id));
    const inserted = await rows<{ id: number; participation_id: number; number: string }>(
      tx,
      sql`insert into certificates (region_id, number, participation_id, teacher_id, project_id, hours, issuer, issued_by)
          select pa.region_id, v.number, pa.id, pa.teacher_id, pr.id, pr.hours, ${ISSUER}, ${actor.user.id}
          from unnest(${intArray(pending.map((p) => p.id))}, ${textArray(numbers)}) as v(pid, number)
          join participations pa on pa.id = v.pid
          join projects pr on pr.id = pa.project_id
          join regions rg on rg.id = pr.region_id
          left join schools sc on sc.id = pr.school_id
          on conflict do nothing
          returning id, participation_id, number`,
    );
    for (const r of inserted) issued.push({ id: r.id, participationId: r.participation_id, number: r.number });
    const done = new Set(inserted.map((r) => r.participation_id));
    // What did not go in either drew a number already taken (draw again) or got a certificate
    // from a concurrent request meanwhile (leave it).
    const left = pending.filter((p) => !done.has(p.id));
    pending = [];
    if (!left.length) break;
    const taken = new Set(
      (
        await rows<{ participation_id: number }>(
          tx,
          sql`select participation_id from certificates where participation_id = any(${intArray(left.map((p) => p.id))})`,
        )
      ).map((r) => r.participation_id),
    );
    pending = left.filter((p) => !taken.has(p.id));
  }
  if (pending.length) throw new AppError('CONFLICT', '证书编号生成冲突，请重试');
  await record(
    tx,
    actor,
    issued.map((c) => ({
      action: 'certificate.issue',
      entity: 'certificate',
      entityId: c.id,
      after: { number: c.number, participationId: c.participationId },
    })),
  );
  return { issued, reinstated };
}

/** Revokes valid certificates (by id or by participation); audited, and the holders told unless silenced. */
export async function revokeCertificates(
  tx: Tx,
  actor: Actor,
  which: { certificateIds?: number[]; participationIds?: number[] },
  reason: string,
  opts: { notify?: boolean } = {},
) {
  const cond: SQL[] = [];
  if (which.certificateIds?.length) cond.push(sql`c.id = any(${intArray(which.certificateIds)})`);
  if (which.participationIds?.length) cond.push(sql`c.participation_id = any(${intArray(which.participationIds)})`);
  if (!cond.length) return [];
  const revoked = await rows<{ id: number; number: string; teacher_id: number; project_id: number }>(
    tx,
    sql`update certificates c set revoked_at = now(), revoked_by = ${actor.user.id}, revoke_reason = ${reason}
        where ${certificateScope(countyOf(actor.user), 'c')} and c.revoked_at is null and (${sql.join(cond, sql` or `)})
        returning c.id, c.number, c.teacher_id, c.project_id`,
  );
  await record(
    tx,
    actor,
    revoked.map((c) => ({
      action: 'certificate.revoke',
      entity: 'certificate',
      entityId: c.id,
      before: { revoked: false, number: c.number },
      after: { revoked: true, number: c.number, reason },
    })),
  );
  if (opts.notify !== false && revoked.length) {
    const names = await rows<{ id: number; name: string }>(
      tx,
      sql`select id, name from projects where id = any(${intArray([...new Set(revoked.map((c) => c.project_id))])})`,
    );
    for (const p of names) {
      await notifyTeachers(
        tx,
        actor.user.regionId,
        revoked.filter((c) => c.project_id === p.id).map((c) => c.teacher_id),
        {
          kind: 'certificate.revoked',
          title: `您的结业证书已被撤销：${reason}`,
          body: `《${p.name}》`,
          link: TEACHER_LINK,
        },
      );
    }
  }
  return revoked;
}

// ---------- reading ----------

type CertRow = {
  id: number;
  number: string;
  participation_id: number;
  teacher_id: number;
  teacher_name: string;
  school_name: string;
  project_id: number;
  project_name: string;
  level: Level;
  category: string;
  mode: Mode;
  result: Result | null;
  hours: number | string;
  start_date: string;
  end_date: string;
  issuer: string;
  issued_at: string | Date;
  revoked_at: string | Date | null;
  revoke_reason: string | null;
};

const CERT_COLUMNS = sql`c.id, c.number, c.participation_id, c.teacher_id, t.name as teacher_name, s.name as school_name,
  c.project_id, pr.name as project_name, pr.level, pr.category, pr.mode, pa.result, c.hours,
  pr.start_date::text as start_date, pr.end_date::text as end_date, c.issuer, c.issued_at, c.revoked_at,
  c.revoke_reason`;
const CERT_FROM = sql`from certificates c
  join participations pa on pa.id = c.participation_id
  join teachers t on t.id = c.teacher_id
  join schools s on s.id = t.school_id
  join projects pr on pr.id = c.project_id`;

const isoOrNull = (v: string | Date | null) => (v == null ? null : new Date(v).toISOString());

function presentCertificate(r: CertRow): Certificate {
  return {
    id: r.id,
    number: r.number,
    participationId: r.participation_id,
    teacherId: r.teacher_id,
    teacherName: r.teacher_name,
    schoolName: r.school_name,
    projectId: r.project_id,
    projectName: r.project_name,
    level: r.level,
    hours: Number(r.hours),
    startDate: r.start_date,
    endDate: r.end_date,
    issuer: r.issuer,
    issuedAt: new Date(r.issued_at).toISOString(),
    revoked: r.revoked_at != null,
    revokedAt: isoOrNull(r.revoked_at),
    revokeReason: r.revoke_reason,
  };
}

function listFilters(q: CertificateListQuery): SQL {
  const parts: SQL[] = [];
  if (q.revoked === true) parts.push(sql`c.revoked_at is not null`);
  if (q.revoked === false) parts.push(sql`c.revoked_at is null`);
  if (q.q) {
    const like = `%${likeEscape(q.q)}%`;
    parts.push(sql`(t.name like ${like} or c.number like ${like.toUpperCase()})`);
  }
  return parts.length ? sql` and ${sql.join(parts, sql` and `)}` : sql``;
}

async function page(exec: Exec, where: SQL, q: CertificateListQuery, order: SQL) {
  const items = await rows<CertRow>(
    exec,
    sql`select ${CERT_COLUMNS} ${CERT_FROM} where ${where}${listFilters(q)}
        order by ${order} limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const total = await one<{ n: number }>(
    exec,
    sql`select count(*)::int as n ${CERT_FROM} where ${where}${listFilters(q)}`,
  );
  return { items: items.map(presentCertificate), total: total?.n ?? 0 };
}

export async function listProjectCertificates(db: Db, user: CurrentUser, projectId: number, q: CertificateListQuery) {
  const a = await projectAccess(db, user, projectId);
  return page(db, sql`c.project_id = ${projectId} and ${a.rows}`, q, sql`s.name, t.name, c.id`);
}

export async function listMyCertificates(db: Db, user: CurrentUser, q: CertificateListQuery) {
  if (user.teacherId == null) return { items: [], total: 0 };
  return page(
    db,
    sql`${certificateScope(user, 'c', 't', 's', 'pr')} and c.teacher_id = ${user.teacherId}`,
    q,
    sql`c.issued_at desc, c.id desc`,
  );
}

export async function getCertificateDetail(
  db: Db,
  user: CurrentUser,
  number: string,
  origin: string,
): Promise<CertificateDetail> {
  const r = await one<CertRow>(
    db,
    sql`select ${CERT_COLUMNS} ${CERT_FROM} where c.number = ${number} and ${certificateScope(user, 'c', 't', 's', 'pr')}`,
  );
  if (!r) throw notFound('证书');
  return presentDetail(r, origin);
}

/** Everything a certificate prints: the list item, the sentence, and where to verify it. */
function presentDetail(r: CertRow, origin: string): CertificateDetail {
  const c = presentCertificate(r);
  const path = verifyPath(c.number);
  return {
    ...c,
    category: r.category,
    mode: r.mode,
    result: r.result,
    text: certificateSentence({
      startDate: c.startDate,
      endDate: c.endDate,
      projectName: c.projectName,
      hours: c.hours,
    }),
    verifyPath: path,
    verifyUrl: `${origin.replace(/\/+$/, '')}${path}`,
  };
}

/**
 * The certificates of a project the caller may list (as the certificates tab), ready to print:
 * by school, then name. Revoked ones only when asked (they print marked 已撤销).
 */
export async function projectCertificateDetails(
  db: Db,
  user: CurrentUser,
  projectId: number,
  opts: { includeRevoked?: boolean; origin: string },
): Promise<{ projectName: string; items: CertificateDetail[] }> {
  const a = await projectAccess(db, user, projectId);
  const list = await rows<CertRow>(
    db,
    sql`select ${CERT_COLUMNS} ${CERT_FROM}
        where c.project_id = ${projectId} and ${a.rows} ${opts.includeRevoked ? sql`` : sql`and c.revoked_at is null`}
        order by s.name, t.name, c.id`,
  );
  return { projectName: a.project.name, items: list.map((r) => presentDetail(r, opts.origin)) };
}

// ---------- bulk issue / revoke ----------

export async function bulkIssue(db: Db, actor: Actor, participationIds: number[]) {
  const ids = [...new Set(participationIds)];
  return db.transaction(async (tx) => {
    const parts = await rows<{ id: number; project_id: number }>(
      tx,
      sql`select id, project_id from participations
          where id = any(${intArray(ids)}) and ${participationScope(countyOf(actor.user), 'participations')}`,
    );
    const access = await projectsAccess(tx, actor.user, [...new Set(parts.map((p) => p.project_id))]);
    if (parts.length !== ids.length || parts.some((p) => !access.has(p.project_id))) {
      throw notFound('部分学员');
    }
    for (const a of access.values()) assertManager(a, '颁发证书');
    const { issued } = await issueCertificates(tx, actor, ids);
    return {
      issued: issued.length,
      skipped: ids.length - issued.length,
      items: issued.map((c) => ({ participationId: c.participationId, number: c.number })),
    };
  });
}

export async function bulkRevoke(db: Db, actor: Actor, certificateIds: number[], reason: string) {
  const ids = [...new Set(certificateIds)];
  return db.transaction(async (tx) => {
    const certs = await rows<{ id: number; project_id: number }>(
      tx,
      sql`select id, project_id from certificates
          where id = any(${intArray(ids)}) and ${certificateScope(countyOf(actor.user), 'certificates')}
          for update`,
    );
    const access = await projectsAccess(tx, actor.user, [...new Set(certs.map((c) => c.project_id))]);
    if (certs.length !== ids.length || certs.some((c) => !access.has(c.project_id))) throw notFound('部分证书');
    for (const a of access.values()) assertWriter(a, '撤销证书');
    const revoked = await revokeCertificates(tx, actor, { certificateIds: ids }, reason);
    return { revoked: revoked.length, skipped: ids.length - revoked.length };
  });
}

// ---------- public verification ----------

/** Counts look-ups per address in login_throttle (key verify:<ip>), a fixed one-minute window. */
export async function throttleVerify(db: Db, ip: string | null) {
  const key = `verify:${ip ?? 'unknown'}`;
  const r = await one<{ failures: number }>(
    db,
    sql`insert into login_throttle (key, failures, window_start) values (${key}, 1, now())
        on conflict (key) do update set
          failures = case when login_throttle.window_start > now() - interval '1 minute'
                          then login_throttle.failures + 1 else 1 end,
          window_start = case when login_throttle.window_start > now() - interval '1 minute'
                              then login_throttle.window_start else now() end
        returning failures`,
  );
  if ((r?.failures ?? 0) > VERIFY_PER_MINUTE) {
    throw new AppError('TOO_MANY_ATTEMPTS', '查询过于频繁，请一分钟后再试');
  }
}

export async function verifyCertificate(db: Db, number: string): Promise<CertificateVerification> {
  const r = await one<CertRow>(db, sql`select ${CERT_COLUMNS} ${CERT_FROM} where c.number = ${number}`);
  if (!r) throw new AppError('NOT_FOUND', `未查到编号为 ${number} 的结业证书，请核对证书编号`);
  return {
    number: r.number,
    name: maskName(r.teacher_name),
    project: r.project_name,
    level: r.level,
    hours: Number(r.hours),
    startDate: r.start_date,
    endDate: r.end_date,
    issuedAt: new Date(r.issued_at).toISOString(),
    issuer: r.issuer,
    revoked: r.revoked_at != null,
    revokedAt: isoOrNull(r.revoked_at),
    revokeReason: r.revoke_reason,
  };
}
