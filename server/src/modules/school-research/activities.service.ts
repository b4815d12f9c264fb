// Research activities: recording one (a school's own, a consortium's joint showcase, or — through
// the 送教下乡 module — a stage), editing it before anyone took part, the detail and lists, the
// evidence files and the receiving school's confirmation of a 送教下乡 stage.
import { randomBytes } from 'node:crypto';
import {
  type ActivityBody,
  type ActivityDetail,
  type ActivityList,
  type ActivityListQuery,
  type ActivityUpdateBody,
  activityWindowProblem,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import { consortiumScope } from '../../access/scope.js';
import { type Db, type Exec, intArray, one, type Tx, textArray } from '../../db/client.js';
import { diff, record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, forbidden, invalid, notFound } from '../../http/errors.js';
import { linkAttachments } from '../attachments/attachments.service.js';
import { iso, isoOrNull, presentEvidence, presentSummary, stageName } from './activities.presenter.js';
import {
  countySchools,
  EVIDENCE_OWNER,
  evidenceOf,
  expectedCount,
  listActivities,
  schoolNames,
} from './activities.repo.js';
import { activityAccess, assertManage } from './activity-access.js';
import { checkActivityType, creditedHours, loadSettings, researchCreditRule } from './settings.service.js';
import { listSpotChecksOf } from './spot-checks.service.js';

const DAY_MS = 86_400_000;

function assertWindow(startsAt: string, endsAt: string, now: Date) {
  const problem = activityWindowProblem(startsAt, endsAt);
  if (problem) throw invalid(problem, { endsAt: problem });
  if (new Date(startsAt).getTime() > now.getTime() + 366 * DAY_MS) {
    throw invalid('开始时间不能晚于一年以后', { startsAt: '开始时间过晚' });
  }
  if (new Date(endsAt).getTime() < now.getTime() - 3 * 366 * DAY_MS) {
    throw invalid('不能登记三年以前的活动', { endsAt: '结束时间过早' });
  }
}

/** More than the county's late-after days after the end: recorded late (a flag that stays). */
const isLate = (endsAt: string | Date, lateAfterDays: number, now: Date) =>
  now.getTime() > new Date(endsAt).getTime() + lateAfterDays * DAY_MS;

export interface NewActivity {
  schoolId: number;
  title: string;
  type: string;
  startsAt: string;
  endsAt: string;
  hours: number;
  place?: string | null;
  host?: string | null;
  description?: string | null;
  schoolIds: number[];
  subjects?: string[];
  stages?: string[];
  consortiumId?: number | null;
  outreachId?: number | null;
  stageNo?: number | null;
}

/** Writes the activity row and its audit entry (inside the caller's transaction). */
export async function insertActivity(tx: Tx, actor: Actor, v: NewActivity, now: Date): Promise<number> {
  const settings = await loadSettings(tx, actor.user.regionId);
  const schoolIds = [...new Set([v.schoolId, ...v.schoolIds])];
  const row = await one<{ id: number }>(
    tx,
    sql`insert into research_activities (region_id, school_id, title, type, place, host, description, starts_at, ends_at,
                                         hours, school_ids, subjects, stages, consortium_id, outreach_id, stage_no,
                                         qr_secret, recorded_late, created_by)
        values (${actor.user.regionId}, ${v.schoolId}, ${v.title}, ${v.type}, ${v.place ?? null}, ${v.host ?? null},
                ${v.description ?? null}, ${v.startsAt}::timestamptz, ${v.endsAt}::timestamptz, ${v.hours},
                ${intArray(schoolIds)}, ${textArray(v.subjects ?? [])}, ${textArray(v.stages ?? [])},
                ${v.consortiumId ?? null}, ${v.outreachId ?? null}, ${v.stageNo ?? null},
                ${randomBytes(32).toString('base64url')}, ${isLate(v.endsAt, settings.lateAfterDays, now)},
                ${actor.user.id})
        returning id`,
  );
  const id = row!.id;
  await record(tx, actor, {
    action: 'research_activity.create',
    entity: 'research_activity',
    entityId: id,
    after: { ...v, schoolIds },
  });
  return id;
}

/**
 * The school an admin records for: in the county (404 otherwise), and for a school admin their own
 * (403 otherwise). Returns the named schools in the county.
 */
export async function assertHostSchool(exec: Exec, user: CurrentUser, schoolId: number, others: number[] = []) {
  const ids = [...new Set([schoolId, ...others])];
  const found = await countySchools(exec, user, ids);
  const host = found.find((s) => s.id === schoolId);
  if (!host) throw notFound('学校');
  if (user.role === 'school_admin' && user.schoolId !== schoolId) {
    throw forbidden('学校管理员只能为本校登记研修活动');
  }
  const missing = ids.filter((id) => !found.some((s) => s.id === id));
  if (missing.length) throw notFound(`参与学校（${missing.join('、')}）`);
  return { host, found };
}

export async function createActivity(db: Db, actor: Actor, body: ActivityBody, now = new Date()) {
  const user = actor.user;
  assertWindow(body.startsAt, body.endsAt, now);
  const type = await checkActivityType(db, user.regionId, body.type);
  const { host } = await assertHostSchool(db, user, body.schoolId, body.schoolIds ?? []);
  let schoolIds = body.schoolIds ?? [];
  if (body.consortiumId != null) {
    const c = await one<{ id: number; core_school_id: number | null; schools: number[] }>(
      db,
      sql`select c.id, c.core_school_id,
                 coalesce((select array_agg(s.id order by s.id) from schools s where s.consortium_id = c.id), '{}') as schools
          from consortia c where c.id = ${body.consortiumId} and ${consortiumScope(user, 'c')}`,
    );
    if (!c) throw notFound('教联体');
    if (c.core_school_id !== host.id) {
      throw invalid('教联体联合展示由该教联体的核心校主办，请选择核心校', { schoolId: '不是该教联体的核心校' });
    }
    schoolIds = [...new Set([...c.schools, ...schoolIds])];
  }
  const id = await db.transaction((tx) =>
    insertActivity(tx, actor, { ...body, type, schoolIds, consortiumId: body.consortiumId ?? null }, now),
  );
  return { id };
}

export async function updateActivity(db: Db, actor: Actor, id: number, body: ActivityUpdateBody, now = new Date()) {
  return db.transaction(async (tx) => {
    const acc = await activityAccess(tx, actor.user, id, { lock: true });
    assertManage(acc);
    const a = acc.a;
    if (a.status !== 'open') throw conflict('活动已结束，不能再修改');
    const startsAt = body.startsAt ?? iso(a.starts_at);
    const endsAt = body.endsAt ?? iso(a.ends_at);
    const timesChange = startsAt !== iso(a.starts_at) || endsAt !== iso(a.ends_at);
    if (timesChange) {
      assertWindow(startsAt, endsAt, now);
      if (a.participants > 0) throw conflict('已有教师参加，不能再修改活动时间');
    }
    let type = a.type;
    if (body.type !== undefined && body.type !== a.type) {
      if (a.outreach_id != null) throw invalid('送教下乡阶段的类型不能修改', { type: '不能修改' });
      type = await checkActivityType(tx, a.region_id, body.type, 'type', [a.type]);
    }
    if (body.schoolIds !== undefined) await assertHostSchool(tx, actor.user, a.school_id, body.schoolIds);
    const schoolIds = body.schoolIds ? [...new Set([a.school_id, ...body.schoolIds])] : a.school_ids;
    const before = {
      title: a.title,
      type: a.type,
      startsAt: iso(a.starts_at),
      endsAt: iso(a.ends_at),
      hours: Number(a.hours),
      place: a.place,
      host: a.host,
      description: a.description,
      schoolIds: a.school_ids,
      subjects: a.subjects,
      stages: a.stages,
    };
    const next = { ...before, ...stripUndefined(body), type, startsAt, endsAt, schoolIds };
    const d = diff(before, next);
    if (!d.changed) return { id };
    const settings = await loadSettings(tx, a.region_id);
    await tx.execute(
      sql`update research_activities set
            title = ${next.title}, type = ${next.type}, starts_at = ${next.startsAt}::timestamptz,
            ends_at = ${next.endsAt}::timestamptz, hours = ${next.hours}, place = ${next.place},
            host = ${next.host}, description = ${next.description}, school_ids = ${intArray(next.schoolIds)},
            subjects = ${textArray(next.subjects)}, stages = ${textArray(next.stages)},
            recorded_late = recorded_late or ${isLate(next.endsAt, settings.lateAfterDays, now)}, updated_at = now()
          where id = ${id}`,
    );
    await record(tx, actor, {
      action: 'research_activity.update',
      entity: 'research_activity',
      entityId: id,
      before: d.before,
      after: d.after,
    });
    return { id };
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** An activity that never happened (nobody took part, no files) may be removed. */
export async function deleteActivity(db: Db, actor: Actor, id: number) {
  return db.transaction(async (tx) => {
    const acc = await activityAccess(tx, actor.user, id, { lock: true });
    assertManage(acc);
    const a = acc.a;
    if (a.status !== 'open' || a.participants > 0 || a.evidence > 0) {
      throw conflict('已有教师参加或已上传材料的活动不能删除');
    }
    await tx.execute(sql`delete from research_spot_checks where activity_id = ${id}`);
    await tx.execute(sql`delete from research_activities where id = ${id}`);
    await record(tx, actor, {
      action: 'research_activity.delete',
      entity: 'research_activity',
      entityId: id,
      before: presentSummary(a),
    });
    return { ok: true as const };
  });
}

export async function getActivity(db: Exec, user: CurrentUser, id: number): Promise<ActivityDetail> {
  const acc = await activityAccess(db, user, id);
  const a = acc.a;
  const [evidence, checks, names, expected, rule] = await Promise.all([
    evidenceOf(db, id),
    listSpotChecksOf(db, id),
    schoolNames(db, a.school_ids),
    expectedCount(db, a),
    researchCreditRule(db, a.region_id),
  ]);
  return {
    ...presentSummary(a),
    description: a.description,
    schoolIds: a.school_ids,
    schoolNames: names,
    subjects: a.subjects,
    stages: a.stages,
    outreachTitle: a.outreach_title,
    stageName: stageName(a),
    expected,
    evidenceFiles: evidence.map(presentEvidence),
    spotChecks: checks,
    createdBy: a.created_by_name,
    withdrawReason: a.withdraw_reason,
    confirmedAt: isoOrNull(a.confirmed_at),
    confirmNote: a.confirm_note,
    creditedHours: creditedHours(Number(a.hours), rule.activityCap),
    can: {
      manage: acc.manage && a.status === 'open',
      spotCheck: acc.spotCheck && a.status !== 'withdrawn',
      confirm: acc.confirm && a.confirmed_at == null && a.status !== 'withdrawn',
    },
  };
}

export async function listActivityPage(db: Exec, user: CurrentUser, q: ActivityListQuery): Promise<ActivityList> {
  const { list, total } = await listActivities(db, user, q);
  return { items: list.map(presentSummary), total };
}

/** Adds evidence files (stamped with their upload time and uploader); the host or the receiving school. */
export async function addEvidence(db: Db, actor: Actor, id: number, attachmentIds: number[]) {
  await db.transaction(async (tx) => {
    const acc = await activityAccess(tx, actor.user, id, { lock: true });
    if (!acc.manage && !acc.confirm) throw forbidden('只有主办学校（送教下乡：受援学校）或县级管理员可以上传材料');
    if (acc.a.status === 'withdrawn') throw conflict('该活动抽查不合格，学时已撤销，不能再补充材料');
    await linkAttachments(tx, actor, attachmentIds, { kind: EVIDENCE_OWNER, id });
  });
  return (await evidenceOf(db, id)).map(presentEvidence);
}

/** The receiving school confirms a 送教下乡 stage was held. Confirming again changes nothing. */
export async function confirmStage(
  db: Db,
  actor: Actor,
  id: number,
  note: string | null | undefined,
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    const acc = await activityAccess(tx, actor.user, id, { lock: true });
    const a = acc.a;
    if (a.outreach_id == null) throw conflict('只有送教下乡的阶段需要受援学校确认');
    if (!acc.confirm) throw forbidden('只有受援学校的管理员或县级管理员可以确认送教阶段');
    if (a.status === 'withdrawn') throw conflict('该阶段抽查不合格，学时已撤销，不能确认');
    if (now.getTime() < new Date(a.starts_at).getTime()) throw conflict('该阶段尚未开始，举行后才能确认');
    if (a.confirmed_at != null) return { confirmed: false };
    await tx.execute(
      sql`update research_activities set confirmed_at = ${now.toISOString()}::timestamptz, confirmed_by = ${actor.user.id},
            confirm_note = ${note ?? null}, updated_at = now()
          where id = ${id}`,
    );
    await record(tx, actor, {
      action: 'research_activity.confirm',
      entity: 'research_activity',
      entityId: id,
      after: { outreachId: a.outreach_id, stageNo: a.stage_no, note: note ?? null },
    });
    return { confirmed: true };
  });
}
