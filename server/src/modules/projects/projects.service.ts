// Rules of the training plan: categories, projects, their lifecycle, trainers and sessions.
// Every write runs in one transaction with its audit entry; reads are scoped in SQL (projects.repo).

import { randomBytes } from 'node:crypto';
import {
  deadlineInstant,
  type EligibilityInput,
  isUpperLevel,
  type Level,
  monthRange,
  organiserTypeOf,
  type PlanCalendar,
  PROJECT_STATUS_LABELS,
  type ProjectBody,
  type ProjectDraft,
  type ProjectListQuery,
  type ProjectStatus,
  type ProjectUpdateBody,
  planInstant,
  projectProblems,
  type SessionBody,
  type SessionUpdateBody,
  sessionProblems,
  transitionError,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import { assertProjectWriter, canWriteProject } from '../../access/project-access.js';
import { county, countyOf, dictionaryScope, projectScope, schoolScope } from '../../access/scope.js';
import { type Db, type Exec, one, rows } from '../../db/client.js';
import { diff, record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, conflict, forbidden, invalid, isUniqueViolation, notFound } from '../../http/errors.js';
import { loadDictionary } from '../dictionaries/dictionaries.service.js';
import { promoteWaitlistedOf } from '../enrolment/enrol.service.js';
import { notifySchoolAdmins } from '../notifications/notifications.service.js';
import {
  auditedProject,
  cleanEligibility,
  presentCalendarProject,
  presentCategory,
  presentDetail,
  presentListItem,
  presentProjectTrainer,
  presentSession,
} from './projects.presenter.js';
import {
  activeCategoryExists,
  calendarProjects,
  calendarSessions,
  countSessions,
  countSessionsOutside,
  ensureCategories,
  ensureProjectTrainer,
  findProject,
  listCategories,
  listProjects,
  listProjectTrainers,
  listQuotaItems,
  listSessions,
  lockCategory,
  lockProject,
  lockSession,
  type ProjectRow,
  participationFacts,
  quotaTotal,
  replaceProjectTrainers,
  sessionsPerTrainer,
  trainersByIds,
  visibleProject,
} from './projects.repo.js';

/** The first field problem as the message, all of them as `fields`. */
function invalidFields(fields: Record<string, string>) {
  const [first] = Object.values(fields);
  return invalid(first ?? '输入有误', fields);
}

// ---------- categories ----------

export async function getCategories(db: Db, user: CurrentUser) {
  return db.transaction(async (tx) => {
    const seeded = await ensureCategories(tx, user.regionId);
    // Seeding reference data is the system's doing, whoever happened to open the list first.
    if (seeded > 0) {
      await record(tx, null, {
        action: 'category.seed',
        entity: 'training_category',
        regionId: user.regionId,
        after: { count: seeded },
      });
    }
    return (await listCategories(tx, user.regionId)).map(presentCategory);
  });
}

export async function createCategory(db: Db, actor: Actor, input: { name: string; sort?: number }) {
  const regionId = actor.user.regionId;
  return db.transaction(async (tx) => {
    await ensureCategories(tx, regionId);
    const next = await one<{ n: number }>(
      tx,
      sql`select coalesce(max(sort), 0)::int + 1 as n from dictionary_entries c
          where ${dictionaryScope(county(regionId), 'c')} and c.kind = 'training_category'`,
    );
    const sort = input.sort ?? next?.n ?? 1;
    let id: number;
    try {
      const row = await one<{ id: number }>(
        tx,
        sql`insert into dictionary_entries (region_id, kind, value, sort)
            values (${regionId}, 'training_category', ${input.name}, ${sort})
            returning id`,
      );
      id = row!.id;
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('DUPLICATE', `类别“${input.name}”已存在`, { name: '类别已存在' });
      throw e;
    }
    await record(tx, actor, {
      action: 'category.create',
      entity: 'training_category',
      entityId: id,
      after: { name: input.name, sort },
    });
    return id;
  });
}

export async function updateCategory(
  db: Db,
  actor: Actor,
  id: number,
  input: { name?: string; sort?: number; archived?: boolean },
) {
  const regionId = actor.user.regionId;
  await db.transaction(async (tx) => {
    const before = await lockCategory(tx, regionId, id);
    if (!before) throw notFound('培训类别');
    const d = diff(before, input);
    if (!d.changed) return;
    let renamed = 0;
    try {
      await tx.execute(
        // A renamed category keeps its old name as a synonym, so older sheets still read.
        sql`update dictionary_entries set value = ${input.name ?? before.name}, sort = ${input.sort ?? before.sort},
              retired_at = case when ${input.archived ?? before.archived} then coalesce(retired_at, now()) end,
              synonyms = case when ${input.name ?? before.name} <> value
                           then array(select distinct x from unnest(array_append(synonyms, value)) x
                                      where x <> ${input.name ?? before.name})
                           else synonyms end,
              updated_at = now()
            where id = ${id}`,
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('DUPLICATE', `类别“${input.name}”已存在`, { name: '类别已存在' });
      throw e;
    }
    // Projects store the category by name: a rename follows through so none is left orphaned.
    if (input.name && input.name !== before.name) {
      const r = await rows<{ id: number }>(
        tx,
        sql`update projects set category = ${input.name}, updated_at = now()
            where ${projectScope(county(regionId), 'projects')} and category = ${before.name} returning id`,
      );
      renamed = r.length;
    }
    await record(tx, actor, {
      action: 'category.update',
      entity: 'training_category',
      entityId: id,
      before: d.before,
      after: renamed ? { ...d.after, projectsRenamed: renamed } : d.after,
    });
  });
}

// ---------- projects: reads ----------

export async function listProjectPage(db: Db, user: CurrentUser, q: ProjectListQuery) {
  const { items, total } = await listProjects(db, user, q);
  return { items: items.map(presentListItem), total };
}

export async function getProjectDetail(db: Db, user: CurrentUser, id: number) {
  const r = await findProject(db, user, id);
  if (!r) throw notFound('培训项目');
  const [trainers, sessions, quotas] = await Promise.all([
    listProjectTrainers(db, id),
    listSessions(db, id, { limit: 500, offset: 0 }),
    listQuotaItems(db, user, id),
  ]);
  return presentDetail(user, r, { trainers, sessions, quotas });
}

export async function getCalendar(
  db: Db,
  user: CurrentUser,
  q: {
    month: string;
    level?: Level;
    category?: string;
    mode?: ProjectListQuery['mode'];
    status?: ProjectStatus;
    schoolId?: number;
  },
): Promise<PlanCalendar> {
  const { from, to, next } = monthRange(q.month);
  const filters = { level: q.level, category: q.category, mode: q.mode, status: q.status, schoolId: q.schoolId };
  const [projects, sessions] = await Promise.all([
    calendarProjects(db, user, filters, from, to),
    // Month boundaries are Beijing midnights: a session at 00:30 on the 1st belongs to the new month.
    calendarSessions(db, user, filters, planInstant(from, '00:00'), planInstant(next, '00:00')),
  ]);
  return {
    month: q.month,
    from,
    to,
    projects: projects.map(presentCalendarProject),
    sessions: sessions.map((s) => {
      const { attendanceCount: _, ...rest } = presentSession(s);
      return { ...rest, projectName: s.project_name, level: s.level as Level };
    }),
  };
}

// ---------- projects: writes ----------

interface Settled extends ProjectDraft {
  code: string | null;
  name: string;
  category: string;
  mode: string;
  organiser: string | null;
  place: string | null;
  hours: number;
  capacity: number | null;
  enrolMode: string;
  completionRule: {
    minAttendanceRate: number;
    requirePass: boolean;
    passScore?: number | null;
    excellentScore?: number | null;
  };
  budget: number | null;
  description: string | null;
}

/** Eligibility lists as the county's dictionaries store them; values the project already had stay accepted. */
async function checkEligibilityTerms(exec: Exec, regionId: number, e: EligibilityInput, before: EligibilityInput = {}) {
  const dict = await loadDictionary(exec, regionId, ['stage', 'subject', 'honour', 'post']);
  const lists = [
    ['stages', 'stage'],
    ['subjects', 'subject'],
    ['tags', 'honour'],
    ['posts', 'post'],
  ] as const;
  for (const [key, kind] of lists) {
    const list = e[key];
    if (!list?.length) continue;
    const keep = before[key] ?? [];
    e[key] = [...new Set(list.map((v, i) => dict.check(kind, v, `eligibility.${key}.${i}`, keep)))];
  }
}

async function checkReferences(
  exec: Exec,
  user: CurrentUser,
  p: Settled,
  changed: { school: boolean; category: boolean; eligibility?: EligibilityInput | false },
): Promise<{ schoolName: string | null }> {
  if (changed.eligibility !== false)
    await checkEligibilityTerms(exec, user.regionId, p.eligibility, changed.eligibility);
  let schoolName: string | null = null;
  if (p.schoolId != null) {
    const s = await one<{ name: string }>(
      exec,
      sql`select name from schools where id = ${p.schoolId} and ${schoolScope(countyOf(user), 'schools')}`,
    );
    if (!s) throw invalid('学校不存在', { schoolId: '学校不存在' });
    schoolName = s.name;
  }
  if (changed.category) {
    await ensureCategories(exec, user.regionId);
    if (!(await activeCategoryExists(exec, user.regionId, p.category))) {
      throw invalid(`类别“${p.category}”不存在或已停用`, { category: '请从本县的培训类别中选择' });
    }
  }
  return { schoolName };
}

/** projects.manage: the county admin plans any project, a school admin their own school's 校培 only. */
function assertSchoolPlanner(user: CurrentUser, p: { level: string; schoolId: number | null }) {
  if (user.role === 'county_admin') return;
  if (p.level === '校培' && p.schoolId != null && p.schoolId === user.schoolId) return;
  throw forbidden('学校管理员只能创建和管理本校的校培项目');
}

const yearOf = (date: string) => Number(date.slice(0, 4));

export async function createProject(db: Db, actor: Actor, body: ProjectBody) {
  const user = actor.user;
  const schoolId = body.schoolId ?? (body.level === '校培' && user.role === 'school_admin' ? user.schoolId : null);
  const p: Settled = {
    code: body.code ?? null,
    name: body.name,
    level: body.level,
    category: body.category,
    mode: body.mode,
    organiserType: body.organiserType ?? organiserTypeOf(body.level),
    organiser: body.organiser ?? null,
    schoolId,
    startDate: body.startDate,
    endDate: body.endDate,
    place: body.place ?? null,
    hours: body.hours,
    capacity: body.capacity ?? null,
    enrolMode: body.enrolMode,
    enrolDeadline: body.enrolDeadline ? deadlineInstant(body.enrolDeadline) : null,
    eligibility: cleanEligibility(body.eligibility),
    completionRule: body.completionRule,
    budget: body.budget ?? null,
    description: body.description ?? null,
    upperQuota: body.upperQuota ?? null,
  };
  assertSchoolPlanner(user, p);
  const problems = projectProblems(p);
  if (Object.keys(problems).length) throw invalidFields(problems);
  return db.transaction(async (tx) => {
    const { schoolName } = await checkReferences(tx, user, p, { school: true, category: true });
    // A 校培 project is organised by its school unless told otherwise.
    const organiser = p.organiser ?? (p.organiserType === 'school' ? schoolName : null);
    let id: number;
    try {
      const row = await one<{ id: number }>(
        tx,
        sql`insert into projects (region_id, code, name, year, level, category, mode, organiser_type, organiser, school_id,
                                  start_date, end_date, place, hours, capacity, enrol_mode, enrol_deadline, eligibility,
                                  completion_rule, budget, description, upper_quota, created_by)
            values (${user.regionId}, ${p.code}, ${p.name}, ${yearOf(p.startDate)}, ${p.level}, ${p.category}, ${p.mode},
                    ${p.organiserType}, ${organiser}, ${p.schoolId}, ${p.startDate}, ${p.endDate}, ${p.place}, ${p.hours},
                    ${p.capacity}, ${p.enrolMode}, ${p.enrolDeadline}, ${JSON.stringify(p.eligibility)}::jsonb,
                    ${JSON.stringify(p.completionRule)}::jsonb, ${p.budget}, ${p.description}, ${p.upperQuota}, ${user.id})
            returning id`,
      );
      id = row!.id;
    } catch (e) {
      if (isUniqueViolation(e))
        throw new AppError('DUPLICATE', `项目编号“${p.code}”已存在`, { code: '项目编号已存在' });
      throw e;
    }
    const created = await lockProject(tx, user, id);
    await record(tx, actor, {
      action: 'project.create',
      entity: 'project',
      entityId: id,
      after: auditedProject(created!),
    });
    return id;
  });
}

async function lockWritable(exec: Exec, user: CurrentUser, id: number, what = '修改') {
  const p = await lockProject(exec, user, id);
  if (!p) throw notFound('培训项目');
  assertProjectWriter(user, p);
  if (p.status === 'closed') throw conflict(`项目“${p.name}”已结束，不能${what}；如需更正，请先将项目退回“考核中”`);
  return p;
}

export async function updateProject(db: Db, actor: Actor, id: number, body: ProjectUpdateBody) {
  const user = actor.user;
  await db.transaction(async (tx) => {
    const before = await lockWritable(tx, user, id);
    const level = body.level ?? (before.level as Level);
    const levelChanged = level !== before.level;
    const p: Settled = {
      code: body.code !== undefined ? body.code : before.code,
      name: body.name ?? before.name,
      level,
      category: body.category ?? before.category,
      mode: body.mode ?? before.mode,
      // Settled by the level unless given: a new level brings its own organiser type.
      organiserType:
        body.organiserType ??
        (levelChanged ? organiserTypeOf(level) : (before.organiser_type as ProjectDraft['organiserType'])),
      organiser: body.organiser !== undefined ? body.organiser : before.organiser,
      schoolId: body.schoolId !== undefined ? body.schoolId : level === '校培' ? before.school_id : null,
      startDate: body.startDate ?? before.start_date,
      endDate: body.endDate ?? before.end_date,
      place: body.place !== undefined ? body.place : before.place,
      hours: body.hours ?? Number(before.hours),
      capacity: body.capacity !== undefined ? body.capacity : before.capacity,
      enrolMode: body.enrolMode ?? before.enrol_mode,
      enrolDeadline:
        body.enrolDeadline !== undefined
          ? body.enrolDeadline && deadlineInstant(body.enrolDeadline)
          : before.enrol_deadline,
      eligibility: cleanEligibility(body.eligibility !== undefined ? body.eligibility : before.eligibility),
      completionRule: body.completionRule ??
        (before.completion_rule as Settled['completionRule'] | null) ?? { minAttendanceRate: 0.8, requirePass: true },
      budget: body.budget !== undefined ? body.budget : before.budget == null ? null : Number(before.budget),
      description: body.description !== undefined ? body.description : before.description,
      upperQuota: body.upperQuota !== undefined ? body.upperQuota : isUpperLevel(level) ? before.upper_quota : null,
    };
    // A school admin may not turn their 校培 into another school's or into a county project.
    if (!canWriteProject(user, { level: p.level, school_id: p.schoolId })) assertSchoolPlanner(user, p);
    const problems = projectProblems(p);
    if (Object.keys(problems).length) throw invalidFields(problems);
    await checkReferences(tx, user, p, {
      school: p.schoolId !== before.school_id,
      category: p.category !== before.category,
      eligibility: body.eligibility !== undefined && cleanEligibility(before.eligibility),
    });
    if (p.startDate !== before.start_date || p.endDate !== before.end_date) {
      const outside = await countSessionsOutside(tx, id, p.startDate, p.endDate);
      if (outside > 0) {
        throw conflict(
          `有 ${outside} 个课次不在新的日期范围 ${p.startDate} 至 ${p.endDate} 内，请先调整或删除这些课次`,
          {
            startDate: '课次超出日期范围',
          },
        );
      }
    }
    if (p.capacity != null && p.capacity !== before.capacity) {
      const { seated } = await participationFacts(tx, id);
      if (p.capacity < seated) {
        throw conflict(`已有 ${seated} 人报名，人数上限不能小于 ${seated}`, {
          capacity: `不能小于已报名的 ${seated} 人`,
        });
      }
    }
    try {
      await tx.execute(
        sql`update projects set code = ${p.code}, name = ${p.name}, year = ${yearOf(p.startDate)}, level = ${p.level},
              category = ${p.category}, mode = ${p.mode}, organiser_type = ${p.organiserType}, organiser = ${p.organiser},
              school_id = ${p.schoolId}, start_date = ${p.startDate}, end_date = ${p.endDate}, place = ${p.place},
              hours = ${p.hours}, capacity = ${p.capacity}, enrol_mode = ${p.enrolMode},
              enrol_deadline = ${p.enrolDeadline}, eligibility = ${JSON.stringify(p.eligibility)}::jsonb,
              completion_rule = ${JSON.stringify(p.completionRule)}::jsonb, budget = ${p.budget},
              description = ${p.description}, upper_quota = ${p.upperQuota}, updated_at = now()
            where id = ${id}`,
      );
    } catch (e) {
      if (isUniqueViolation(e))
        throw new AppError('DUPLICATE', `项目编号“${p.code}”已存在`, { code: '项目编号已存在' });
      throw e;
    }
    const after = await lockProject(tx, user, id);
    const d = diff(auditedProject(before), after ? auditedProject(after) : {});
    if (d.changed) {
      await record(tx, actor, {
        action: 'project.update',
        entity: 'project',
        entityId: id,
        before: d.before,
        after: d.after,
      });
    }
    // Raising the capacity frees places: the waiting list moves up in the same transaction.
    if (before.capacity != null && (p.capacity == null || p.capacity > before.capacity)) {
      await promoteWaitlistedOf(tx, actor, id);
    }
  });
}

export async function deleteProject(db: Db, actor: Actor, id: number) {
  await db.transaction(async (tx) => {
    const p = await lockProject(tx, actor.user, id);
    if (!p) throw notFound('培训项目');
    assertProjectWriter(actor.user, p);
    if (p.status !== 'draft') {
      throw conflict(`只能删除草稿状态的项目（当前为“${PROJECT_STATUS_LABELS[p.status as ProjectStatus]}”）`);
    }
    const { total } = await participationFacts(tx, id);
    if (total > 0) throw conflict(`项目已有 ${total} 条推荐或报名记录，不能删除`);
    await tx.execute(sql`delete from projects where id = ${id}`);
    await record(tx, actor, { action: 'project.delete', entity: 'project', entityId: id, before: auditedProject(p) });
  });
}

// ---------- lifecycle ----------

/** Extra conditions of a move, beyond the allowed transitions. */
async function guardTransition(exec: Exec, p: ProjectRow, from: ProjectStatus, to: ProjectStatus) {
  if (from === 'draft' && to === 'published') {
    const missing: string[] = [];
    if (!p.start_date || !p.end_date) missing.push('开始和结束日期');
    if (!(Number(p.hours) > 0)) missing.push('学时');
    if (!isUpperLevel(p.level) && (await countSessions(exec, p.id)) === 0) missing.push('至少一个课次（日程）');
    if (missing.length) throw conflict(`发布前须填写${missing.join('、')}`);
  }
  if (to === 'enrolling' && p.capacity == null) {
    const quotas = await quotaTotal(exec, p.id);
    const upper = isUpperLevel(p.level) && (p.upper_quota ?? 0) > 0;
    if (quotas === 0 && !upper) throw conflict('开始报名前须设置人数上限，或向学校分配名额');
  }
  if (to === 'closed') {
    const { unassessed } = await participationFacts(exec, p.id);
    if (unassessed > 0) {
      throw conflict(`还有 ${unassessed} 名学员没有考核结果，不能结束项目；请先录入结果，或将其标记为已退出`);
    }
  }
}

async function announce(exec: Exec, p: ProjectRow) {
  const schoolIds =
    p.organiser_type === 'school'
      ? p.school_id != null
        ? [p.school_id]
        : []
      : (
          await rows<{ id: number }>(
            exec,
            sql`select id from schools where ${schoolScope(county(p.region_id), 'schools')} order by id`,
          )
        ).map((s) => s.id);
  await notifySchoolAdmins(exec, p.region_id, schoolIds, {
    kind: 'project.published',
    title: `培训项目已发布：${p.name}`,
    body: `${p.level}·${p.category}·${p.mode}，${p.start_date} 至 ${p.end_date}，${Number(p.hours)} 学时`,
    link: `/projects/${p.id}`,
  });
}

export async function changeProjectStatus(
  db: Db,
  actor: Actor,
  id: number,
  input: { to: ProjectStatus; reason?: string },
) {
  return db.transaction(async (tx) => {
    const p = await lockProject(tx, actor.user, id);
    if (!p) throw notFound('培训项目');
    assertProjectWriter(actor.user, p);
    const from = p.status as ProjectStatus;
    const refused = transitionError(from, input.to);
    if (refused) throw conflict(refused);
    await guardTransition(tx, p, from, input.to);
    await tx.execute(sql`update projects set status = ${input.to}, updated_at = now() where id = ${id}`);
    if (from === 'draft' && input.to === 'published') await announce(tx, p);
    await record(tx, actor, {
      action: 'project.status',
      entity: 'project',
      entityId: id,
      before: { status: from },
      after: { status: input.to, ...(input.reason ? { reason: input.reason } : {}) },
    });
    return input.to;
  });
}

// ---------- project trainers ----------

export async function setProjectTrainers(
  db: Db,
  actor: Actor,
  id: number,
  list: Array<{ trainerId: number; role: string }>,
) {
  const user = actor.user;
  return db.transaction(async (tx) => {
    await lockWritable(tx, user, id);
    const ids = list.map((t) => t.trainerId);
    if (new Set(ids).size !== ids.length) throw invalid('培训者不能重复', { trainers: '培训者不能重复' });
    const current = await listProjectTrainers(tx, id);
    const found = new Map((await trainersByIds(tx, user.regionId, ids)).map((t) => [t.id, t]));
    list.forEach((t, i) => {
      const tr = found.get(t.trainerId);
      if (!tr) throw invalid(`第${i + 1}位培训者不存在`, { [`trainers.${i}.trainerId`]: '培训者不存在' });
      // A trainer deactivated after being assigned may stay; a new assignment needs an active one.
      if (!tr.active && !current.some((c) => c.trainer_id === t.trainerId)) {
        throw invalid(`培训者“${tr.name}”已停用`, { [`trainers.${i}.trainerId`]: '培训者已停用' });
      }
    });
    const removed = current.filter((c) => !ids.includes(c.trainer_id));
    const busy = await sessionsPerTrainer(
      tx,
      id,
      removed.map((r) => r.trainer_id),
    );
    if (busy.length) {
      const names = busy.map((b) => `“${removed.find((r) => r.trainer_id === b.trainer_id)?.name}”（${b.n} 个课次）`);
      throw conflict(`${names.join('、')}还负责本项目的课次，请先调整这些课次的培训者`);
    }
    await replaceProjectTrainers(tx, id, list);
    const after = await listProjectTrainers(tx, id);
    await record(tx, actor, {
      action: 'project.trainers',
      entity: 'project',
      entityId: id,
      before: { trainers: current.map((c) => ({ trainerId: c.trainer_id, name: c.name, role: c.role })) },
      after: { trainers: after.map((c) => ({ trainerId: c.trainer_id, name: c.name, role: c.role })) },
    });
    return after.map(presentProjectTrainer);
  });
}

// ---------- sessions ----------

export async function listProjectSessions(
  db: Db,
  user: CurrentUser,
  projectId: number,
  page: { page: number; pageSize: number },
) {
  if (!(await visibleProject(db, user, projectId))) throw notFound('培训项目');
  const [items, total] = await Promise.all([
    listSessions(db, projectId, { limit: page.pageSize, offset: (page.page - 1) * page.pageSize }),
    countSessions(db, projectId),
  ]);
  return { items: items.map(presentSession), total };
}

async function checkSessionTrainer(exec: Exec, user: CurrentUser, trainerId: number) {
  const [tr] = await trainersByIds(exec, user.regionId, [trainerId]);
  if (!tr) throw invalid('培训者不存在', { trainerId: '培训者不存在' });
  if (!tr.active) throw invalid(`培训者“${tr.name}”已停用`, { trainerId: '培训者已停用' });
}

export async function createSession(db: Db, actor: Actor, projectId: number, body: SessionBody) {
  const user = actor.user;
  return db.transaction(async (tx) => {
    const p = await lockWritable(tx, user, projectId, '安排课次');
    const problems = sessionProblems(body, { startDate: p.start_date, endDate: p.end_date });
    if (Object.keys(problems).length) throw invalidFields(problems);
    const trainerId = body.trainerId ?? null;
    if (trainerId != null) await checkSessionTrainer(tx, user, trainerId);
    const row = await one<{ id: number }>(
      tx,
      sql`insert into project_sessions (region_id, project_id, starts_at, ends_at, topic, trainer_id, room, qr_secret)
          values (${user.regionId}, ${projectId}, ${planInstant(body.date, body.start)}::timestamptz,
                  ${planInstant(body.date, body.end)}::timestamptz, ${body.topic}, ${trainerId}, ${body.room ?? null},
                  ${randomBytes(32).toString('base64url')})
          returning id`,
    );
    const addedTrainer = trainerId != null && (await ensureProjectTrainer(tx, projectId, trainerId));
    await record(tx, actor, {
      action: 'session.create',
      entity: 'project_session',
      entityId: row!.id,
      after: {
        projectId,
        date: body.date,
        start: body.start,
        end: body.end,
        topic: body.topic,
        trainerId,
        room: body.room ?? null,
        ...(addedTrainer ? { addedProjectTrainer: trainerId } : {}),
      },
    });
    return row!.id;
  });
}

export async function updateSession(
  db: Db,
  actor: Actor,
  projectId: number,
  sessionId: number,
  body: SessionUpdateBody,
) {
  const user = actor.user;
  await db.transaction(async (tx) => {
    const p = await lockWritable(tx, user, projectId, '修改课次');
    const s = await lockSession(tx, projectId, sessionId);
    if (!s) throw notFound('课次');
    const before = {
      date: s.date,
      start: s.start,
      end: s.end_time,
      topic: s.topic,
      trainerId: s.trainer_id,
      room: s.room,
    };
    const d = diff(before, body);
    if (!d.changed) return;
    const locked = Object.keys(d.after).filter((k) => k !== 'topic' && k !== 'room');
    if (s.attendance_count > 0 && locked.length) {
      throw conflict(
        `该课次已有 ${s.attendance_count} 条签到记录，只能修改主题和教室：改动日期、时间或培训者会让已有的签到与课次对不上`,
      );
    }
    const next = {
      ...before,
      ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)),
    } as typeof before;
    const problems = sessionProblems(next, { startDate: p.start_date, endDate: p.end_date });
    if (Object.keys(problems).length) throw invalidFields(problems);
    if (next.trainerId != null && next.trainerId !== s.trainer_id) await checkSessionTrainer(tx, user, next.trainerId);
    await tx.execute(
      sql`update project_sessions set starts_at = ${planInstant(next.date, next.start)}::timestamptz,
            ends_at = ${planInstant(next.date, next.end)}::timestamptz, topic = ${next.topic},
            trainer_id = ${next.trainerId}, room = ${next.room}
          where id = ${sessionId}`,
    );
    const addedTrainer = next.trainerId != null && (await ensureProjectTrainer(tx, projectId, next.trainerId));
    await record(tx, actor, {
      action: 'session.update',
      entity: 'project_session',
      entityId: sessionId,
      before: { projectId, ...d.before },
      after: { projectId, ...d.after, ...(addedTrainer ? { addedProjectTrainer: next.trainerId } : {}) },
    });
  });
}

export async function deleteSession(db: Db, actor: Actor, projectId: number, sessionId: number) {
  await db.transaction(async (tx) => {
    await lockWritable(tx, actor.user, projectId, '删除课次');
    const s = await lockSession(tx, projectId, sessionId);
    if (!s) throw notFound('课次');
    if (s.attendance_count > 0) {
      throw conflict(`该课次已有 ${s.attendance_count} 条签到记录，不能删除（删除会丢失出勤记录）`);
    }
    await tx.execute(sql`delete from project_sessions where id = ${sessionId}`);
    await record(tx, actor, {
      action: 'session.delete',
      entity: 'project_session',
      entityId: sessionId,
      before: {
        projectId,
        date: s.date,
        start: s.start,
        end: s.end_time,
        topic: s.topic,
        trainerId: s.trainer_id,
        room: s.room,
      },
    });
  });
}
