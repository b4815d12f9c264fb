// Honours (荣誉): schools enter them (pending), the county verifies (or declines with a reason);
// the county's own entries and imports are verified at once. Counted per level per year, verified
// only. Service functions for other modules: honourCountsBySchool (the year-end evaluation),
// teachersHonourFacts (project eligibility), honoursOfTeacher (the growth archive).
import {
  can,
  HONOUR_LEVEL_KEYS,
  type HonourBody,
  type HonourLevelKey,
  type HonourList,
  type HonourListQuery,
  type HonourStats,
  type HonourUpdateBody,
  type HonourVerifyBody,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { assertCan } from '../../access/permissions.js';
import { county, honourScope } from '../../access/scope.js';
import { type Db, type Exec, intArray, rows } from '../../db/client.js';
import { diff, record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, forbidden, invalid, isUniqueViolation, notFound } from '../../http/errors.js';
import { attachmentsOf, linkAttachments, replaceAttachments } from '../attachments/attachments.service.js';
import { notifyTeachers } from '../notifications/notifications.service.js';
import { presentHonour } from './honours.presenter.js';
import {
  countByLevel,
  findHonour,
  findTeacherInScope,
  type HonourRow,
  honoursOf,
  inRegion,
  insertHonour,
  listHonours,
  lockHonours,
} from './honours.repo.js';
import { honourLevels, keyOfLevel } from './levels.js';

export const HONOUR_OWNER = 'honour';

/** Entries by the county are verified as they are made; a school's wait for the county. */
export const entryStatus = (user: CurrentUser) => (user.role === 'county_admin' ? 'verified' : 'pending');

/** The county may change any honour; a school one not yet verified. */
export const canEditHonour = (user: CurrentUser, h: Pick<HonourRow, 'status'>) =>
  can(user.role, 'honours.write') && (user.role === 'county_admin' || h.status !== 'verified');

const duplicate = (year: number, title: string) =>
  new AppError('DUPLICATE', `该教师${year}年已登记荣誉“${title}”`, { title: '同一教师同一年度已有同名荣誉' });

async function checkLevel(exec: Exec, regionId: number, level: string) {
  const levels = await honourLevels(exec, regionId);
  if (!levels.some((l) => l.label === level)) {
    throw invalid(`级别“${level}”无效，可选：${levels.map((l) => l.label).join('、')}`, { level: '级别无效' });
  }
}

export async function listHonourPage(db: Db, user: CurrentUser, q: HonourListQuery): Promise<HonourList> {
  const [page, levels] = await Promise.all([listHonours(db, user, q), honourLevels(db, user.regionId)]);
  const files = await attachmentsOf(
    db,
    HONOUR_OWNER,
    page.items.map((h) => h.id),
  );
  const counts = { pending: 0, verified: 0, rejected: 0 };
  for (const c of page.counts) if (c.status in counts) counts[c.status as keyof typeof counts] = Number(c.n);
  return {
    items: page.items.map((h) => presentHonour(h, levels, files.get(h.id) ?? [], canEditHonour(user, h))),
    total: page.total,
    counts,
  };
}

export async function createHonour(db: Db, actor: Actor, body: HonourBody) {
  const user = actor.user;
  try {
    return await db.transaction(async (tx) => {
      const t = await findTeacherInScope(tx, user, body.teacherId);
      if (!t) throw invalid('教师不存在或不在您的管理范围内', { teacherId: '请选择本校（管理范围内）的教师' });
      await checkLevel(tx, user.regionId, body.level);
      const v = {
        regionId: user.regionId,
        teacherId: t.id,
        schoolId: t.school_id,
        level: body.level,
        title: body.title,
        year: body.year,
        awardingBody: body.awardingBody,
        awardedOn: body.awardedOn ?? null,
        status: entryStatus(user),
        source: 'manual',
        createdBy: user.id,
      };
      const id = await insertHonour(tx, v);
      if (body.attachmentIds?.length) await linkAttachments(tx, actor, body.attachmentIds, { kind: HONOUR_OWNER, id });
      await record(tx, actor, {
        action: 'honour.create',
        entity: 'honour',
        entityId: id,
        after: { ...v, teacherName: t.name, attachmentIds: body.attachmentIds ?? [] },
      });
      return id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate(body.year, body.title);
    throw e;
  }
}

export async function updateHonour(db: Db, actor: Actor, id: number, body: HonourUpdateBody) {
  const user = actor.user;
  try {
    await db.transaction(async (tx) => {
      const h = await findHonour(tx, user, id, true);
      if (!h) throw notFound('荣誉');
      if (!canEditHonour(user, h)) throw forbidden('该荣誉已由县里认定，如需修改请联系县教师发展中心');
      if (body.level !== undefined) await checkLevel(tx, user.regionId, body.level);
      const before = {
        level: h.level,
        title: h.title,
        year: Number(h.year),
        awardingBody: h.awarding_body,
        awardedOn: h.awarded_on,
      };
      const d = diff(before, {
        level: body.level,
        title: body.title,
        year: body.year,
        awardingBody: body.awardingBody,
        awardedOn: body.awardedOn,
      });
      const next = { ...before, ...d.after } as typeof before;
      // A school's correction of a declined honour goes back to the county.
      const status = user.role === 'county_admin' ? h.status : 'pending';
      if (d.changed || status !== h.status) {
        await tx.execute(
          sql`update honours set level = ${next.level}, title = ${next.title}, year = ${next.year},
                awarding_body = ${next.awardingBody}, awarded_on = ${next.awardedOn}, status = ${status},
                reject_reason = ${status === 'pending' ? null : h.reject_reason}, updated_at = now()
              where id = ${id}`,
        );
      }
      if (body.attachmentIds !== undefined) {
        await replaceAttachments(tx, actor, body.attachmentIds, { kind: HONOUR_OWNER, id });
      }
      if (d.changed || status !== h.status) {
        await record(tx, actor, {
          action: 'honour.update',
          entity: 'honour',
          entityId: id,
          before: { ...d.before, ...(status !== h.status ? { status: h.status } : {}) },
          after: { ...d.after, ...(status !== h.status ? { status } : {}) },
        });
      }
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate(body.year ?? 0, body.title ?? '');
    throw e;
  }
}

export async function deleteHonour(db: Db, actor: Actor, id: number) {
  await db.transaction(async (tx) => {
    const h = await findHonour(tx, actor.user, id, true);
    if (!h) throw notFound('荣誉');
    if (!canEditHonour(actor.user, h)) throw forbidden('该荣誉已由县里认定，如需删除请联系县教师发展中心');
    await replaceAttachments(tx, actor, [], { kind: HONOUR_OWNER, id });
    await tx.execute(sql`delete from honours where id = ${id}`);
    await record(tx, actor, {
      action: 'honour.delete',
      entity: 'honour',
      entityId: id,
      before: {
        teacherId: h.teacher_id,
        teacherName: h.teacher_name,
        level: h.level,
        title: h.title,
        year: Number(h.year),
        awardingBody: h.awarding_body,
        status: h.status,
      },
    });
  });
}

/** The county's decision on honours the schools entered (or a correction of an earlier one). */
export async function verifyHonours(db: Db, actor: Actor, body: HonourVerifyBody) {
  assertCan(actor.user, 'honours.verify');
  return db.transaction(async (tx) => {
    const ids = [...new Set(body.ids)];
    const found = await lockHonours(tx, actor.user, ids);
    if (found.length !== ids.length) throw notFound('荣誉');
    const status = body.decision === 'verify' ? 'verified' : 'rejected';
    const changing = found.filter((h) => h.status !== status);
    if (!changing.length) return { changed: 0 };
    const reason = status === 'rejected' ? (body.reason ?? null) : null;
    await tx.execute(
      sql`update honours set status = ${status}, reject_reason = ${reason},
            verified_by = ${status === 'verified' ? actor.user.id : null},
            verified_at = ${status === 'verified' ? sql`now()` : null}, updated_at = now()
          where id = any(${intArray(changing.map((h) => h.id))})`,
    );
    await record(
      tx,
      actor,
      changing.map((h) => ({
        action: status === 'verified' ? 'honour.verify' : 'honour.reject',
        entity: 'honour',
        entityId: h.id,
        before: { status: h.status },
        after: { status, ...(reason ? { reason } : {}), teacherName: h.teacher_name, title: h.title },
      })),
    );
    for (const h of changing) {
      await notifyTeachers(tx, actor.user.regionId, [h.teacher_id], {
        kind: status === 'verified' ? 'honour.verified' : 'honour.rejected',
        title:
          status === 'verified'
            ? `您的荣誉“${h.title}”（${h.year}年）已认定`
            : `您的荣誉“${h.title}”（${h.year}年）未予认定`,
        body: reason,
        link: '/my/honours',
      });
    }
    return { changed: changing.length };
  });
}

// ---------- counts ----------

const zero = (): HonourStats => ({ national: 0, provincial: 0, prefectural: 0, county: 0, school: 0, total: 0 });

async function countsBy(exec: Exec, regionId: number, where: SQL, year: number) {
  const levels = await honourLevels(exec, regionId);
  const list = await countByLevel(exec, where, year);
  const bySchool = new Map<number, HonourStats>();
  for (const r of list) {
    const key = keyOfLevel(levels, r.level);
    const s = bySchool.get(r.school_id) ?? zero();
    if (key) s[key] += Number(r.n);
    s.total += Number(r.n);
    bySchool.set(r.school_id, s);
  }
  return bySchool;
}

/** GET /api/stats/honours: verified honours of the year by level within the caller's scope. */
export async function honourStats(db: Db, user: CurrentUser, year: number): Promise<HonourStats> {
  const bySchool = await countsBy(db, user.regionId, honourScope(user, 'h', 's'), year);
  const out = zero();
  for (const s of bySchool.values()) {
    for (const k of HONOUR_LEVEL_KEYS) out[k] += s[k];
    out.total += s.total;
  }
  return out;
}

/**
 * For the year-end evaluation: verified honours of `year` per school of the county (by the school
 * the honour was entered for), by level. Schools without any are absent.
 */
export function honourCountsBySchool(exec: Exec, regionId: number, year: number): Promise<Map<number, HonourStats>> {
  return countsBy(exec, regionId, inRegion(regionId), year);
}

export interface TeacherHonourFacts {
  /** The highest level of a verified honour (national first), or null. */
  best: HonourLevelKey | null;
  /** Verified honours in all. */
  count: number;
}

/**
 * For project eligibility (e.g. "county-level honour or above since 2021"): each teacher's best
 * verified level and count, optionally from `sinceYear`. Teachers without any are absent.
 */
export async function teachersHonourFacts(
  exec: Exec,
  regionId: number,
  teacherIds: number[],
  opts: { sinceYear?: number } = {},
): Promise<Map<number, TeacherHonourFacts>> {
  const out = new Map<number, TeacherHonourFacts>();
  if (!teacherIds.length) return out;
  const levels = await honourLevels(exec, regionId);
  const list = await rows<{ teacher_id: number; level: string; n: number }>(
    exec,
    sql`select h.teacher_id, h.level, count(*)::int as n from honours h
        where ${honourScope(county(regionId), 'h')} and h.teacher_id = any(${intArray(teacherIds)})
          and h.status = 'verified' ${opts.sinceYear ? sql`and h.year >= ${opts.sinceYear}` : sql``}
        group by h.teacher_id, h.level`,
  );
  const rank = (k: HonourLevelKey | null) => (k ? HONOUR_LEVEL_KEYS.indexOf(k) : 99);
  for (const r of list) {
    const key = keyOfLevel(levels, r.level);
    const f = out.get(r.teacher_id) ?? { best: null, count: 0 };
    f.count += Number(r.n);
    if (rank(key) < rank(f.best)) f.best = key;
    out.set(r.teacher_id, f);
  }
  return out;
}

/** The growth archive's honour list of one teacher (the caller has already been scoped to them). */
export async function honoursOfTeacher(exec: Exec, teacherId: number) {
  return (await honoursOf(exec, teacherId)).map((h) => ({
    id: h.id,
    level: h.level,
    title: h.title,
    year: Number(h.year),
    awardingBody: h.awarding_body,
    status: h.status as 'pending' | 'verified',
  }));
}

/** Attachment read rule: whoever may see the honour. */
export async function canReadHonour(exec: Exec, user: CurrentUser, id: number) {
  return !!(await findHonour(exec, user, id));
}
