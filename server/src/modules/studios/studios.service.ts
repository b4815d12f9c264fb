// 名师工作室: the county sets up a studio with a host and members from several schools, for a term;
// the host records activities and outputs; the county reviews each year, and a passing review posts
// the year's hours (credit rule set `people`) to the host and every member as 校本研修.
import {
  can,
  type StudioActivityBody,
  type StudioBody,
  type StudioDetail,
  type StudioItem,
  type StudioListQuery,
  type StudioOutputBody,
  type StudioReviewBody,
  type StudioUpdateBody,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import { countyOf, studioScope, teacherScope } from '../../access/scope.js';
import { type Db, type Exec, intArray, one, rows } from '../../db/client.js';
import { diff, record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, conflict, forbidden, invalid, isUniqueViolation, notFound } from '../../http/errors.js';
import { hoursUnder, postActivityHours, reverseActivityHours } from '../credits/activity-postings.js';
import { getRuleSet } from '../credits/credits.service.js';
import { notifyTeachers } from '../notifications/notifications.service.js';
import {
  activitiesOf,
  findStudio,
  listStudios,
  membersOf,
  outputsOf,
  peopleOfYear,
  reviewsOf,
  type StudioRow,
} from './studios.repo.js';

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
export const studioRef = (id: number, year: number) => `studio:${id}:${year}`;

/**
 * Whether studio activities can link to school-based research activities (the research module).
 * For the lead to wire when that module lands: answer whether its table exists, and check the id.
 */
export async function researchModuleAvailable(_exec: Exec): Promise<boolean> {
  return false;
}

const present = (r: StudioRow): StudioItem => ({
  id: r.id,
  name: r.name,
  host: { id: r.host_id, name: r.host_name, schoolName: r.host_school },
  subject: r.subject,
  stage: r.stage,
  startYear: Number(r.start_year),
  endYear: Number(r.end_year),
  goals: r.goals,
  status: r.status === 'closed' ? 'closed' : 'active',
  memberCount: Number(r.member_count),
  schoolCount: Number(r.school_count),
  activityCount: Number(r.activity_count),
  outputCount: Number(r.output_count),
  lastReview:
    r.last_review_year == null ? null : { year: Number(r.last_review_year), result: r.last_review_result ?? '' },
});

const duplicateName = (name: string) => new AppError('DUPLICATE', `已有名为“${name}”的工作室`, { name: '名称已存在' });

async function teacherOfCounty(exec: Exec, user: CurrentUser, id: number) {
  return one<{ id: number; name: string; status: string }>(
    exec,
    sql`select t.id, t.name, t.status from teachers t where t.id = ${id} and ${teacherScope(countyOf(user), 't')}`,
  );
}

export async function listStudioPage(db: Db, user: CurrentUser, q: StudioListQuery) {
  const items = (await listStudios(db, user, q)).map(present);
  return { items, total: items.length };
}

export async function getStudioDetail(db: Db, user: CurrentUser, id: number): Promise<StudioDetail> {
  const r = await findStudio(db, user, id);
  if (!r) throw notFound('工作室');
  const [members, activities, outputs, reviews, posted, research] = await Promise.all([
    membersOf(db, id),
    activitiesOf(db, id),
    outputsOf(db, id),
    reviewsOf(db, id),
    hoursUnder(db, user.regionId, `studio:${id}:`),
    researchModuleAvailable(db),
  ]);
  const byYear = new Map<number, { year: number; teachers: Set<number>; hours: number }>();
  for (const h of posted) {
    if (Number(h.hours) <= 0) continue;
    const y = Number(h.source_ref.split(':')[2]);
    const e = byYear.get(y) ?? { year: y, teachers: new Set<number>(), hours: 0 };
    e.teachers.add(h.teacher_id);
    e.hours += Number(h.hours);
    byYear.set(y, e);
  }
  const me = user.teacherId;
  const myRole =
    me == null
      ? null
      : r.host_id === me
        ? ('host' as const)
        : members.some((m) => m.teacher_id === me && m.left_year == null)
          ? ('member' as const)
          : null;
  return {
    ...present(r),
    members: members.map((m) => ({
      teacherId: m.teacher_id,
      name: m.name,
      schoolName: m.school_name,
      subject: m.subject,
      joinedYear: Number(m.joined_year),
      leftYear: m.left_year == null ? null : Number(m.left_year),
    })),
    activities: activities.map((a) => ({
      id: a.id,
      kind: a.kind,
      title: a.title,
      heldOn: a.held_on,
      place: a.place,
      hours: a.hours == null ? null : Number(a.hours),
      summary: a.summary,
      activityRef: a.activity_ref,
    })),
    outputs: outputs.map((o) => ({
      id: o.id,
      kind: o.kind,
      title: o.title,
      year: Number(o.year),
      teacherName: o.teacher_name,
      note: o.note,
    })),
    reviews: reviews.map((v) => ({
      year: Number(v.year),
      result: v.result,
      comment: v.comment,
      reviewerName: v.reviewer_name,
    })),
    postedHours: [...byYear.values()]
      .map((e) => ({ year: e.year, teachers: e.teachers.size, hours: Math.round(e.hours * 10) / 10 }))
      .sort((a, b) => b.year - a.year),
    myRole,
    can: { manage: can(user.role, 'studios.manage'), record: myRole === 'host' && r.status === 'active' },
    researchLinks: research,
  };
}

export async function createStudio(db: Db, actor: Actor, body: StudioBody) {
  try {
    return await db.transaction(async (tx) => {
      const host = await teacherOfCounty(tx, actor.user, body.hostId);
      if (!host) throw invalid('主持人须是本县教师', { hostId: '请选择本县教师' });
      if (host.status !== '在职')
        throw invalid(`${host.name}当前为“${host.status}”，不能主持工作室`, { hostId: '须为在职教师' });
      const row = await one<{ id: number }>(
        tx,
        sql`insert into studios (region_id, name, host_id, subject, stage, start_year, end_year, goals, created_by)
            values (${actor.user.regionId}, ${body.name}, ${host.id}, ${body.subject ?? null}, ${body.stage ?? null},
                    ${body.startYear}, ${body.endYear}, ${body.goals ?? null}, ${actor.user.id})
            returning id`,
      );
      await record(tx, actor, {
        action: 'studio.create',
        entity: 'studio',
        entityId: row!.id,
        after: { ...body, hostName: host.name },
      });
      await notifyTeachers(tx, actor.user.regionId, [host.id], {
        kind: 'studio.host',
        title: `您被确定为“${body.name}”主持人`,
        link: '/my/studios',
      });
      return row!.id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateName(body.name);
    throw e;
  }
}

export async function updateStudio(db: Db, actor: Actor, id: number, body: StudioUpdateBody) {
  try {
    await db.transaction(async (tx) => {
      const r = await findStudio(tx, actor.user, id, true);
      if (!r) throw notFound('工作室');
      if (body.hostId != null && body.hostId !== r.host_id) {
        const host = await teacherOfCounty(tx, actor.user, body.hostId);
        if (host?.status !== '在职') throw invalid('主持人须是本县在职教师', { hostId: '请选择本县在职教师' });
      }
      const before = {
        name: r.name,
        hostId: r.host_id,
        subject: r.subject,
        stage: r.stage,
        startYear: Number(r.start_year),
        endYear: Number(r.end_year),
        goals: r.goals,
        status: r.status as 'active' | 'closed',
      };
      const d = diff(before, body);
      if (!d.changed) return;
      const n = { ...before, ...d.after } as typeof before;
      if (n.endYear < n.startYear || n.endYear - n.startYear > 5) {
        throw invalid('期限的结束年份不能早于开始年份，且最长6年', { endYear: '期限不正确' });
      }
      await tx.execute(
        sql`update studios set name = ${n.name}, host_id = ${n.hostId}, subject = ${n.subject}, stage = ${n.stage},
              start_year = ${n.startYear}, end_year = ${n.endYear}, goals = ${n.goals}, status = ${n.status},
              updated_at = now()
            where id = ${id}`,
      );
      await record(tx, actor, {
        action: 'studio.update',
        entity: 'studio',
        entityId: id,
        before: d.before,
        after: d.after,
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateName(body.name ?? '');
    throw e;
  }
}

/** Adds members (teachers of any school of the county); a member who had left rejoins. */
export async function addMembers(db: Db, actor: Actor, id: number, teacherIds: number[], joinedYear: number) {
  return db.transaction(async (tx) => {
    const r = await findStudio(tx, actor.user, id, true);
    if (!r) throw notFound('工作室');
    if (joinedYear < Number(r.start_year) || joinedYear > Number(r.end_year)) {
      throw invalid(`加入年度须在工作室期限内（${r.start_year}—${r.end_year}年）`, { joinedYear: '不在期限内' });
    }
    const ids = [...new Set(teacherIds)];
    if (ids.includes(r.host_id)) throw invalid('主持人不必再加为成员', { teacherIds: '含主持人' });
    const found = await rows<{ id: number; name: string; status: string }>(
      tx,
      sql`select t.id, t.name, t.status from teachers t where t.id = any(${intArray(ids)}) and ${teacherScope(countyOf(actor.user), 't')}`,
    );
    if (found.length !== ids.length) throw invalid('成员须是本县教师', { teacherIds: '有教师不存在' });
    const gone = found.find((t) => t.status !== '在职');
    if (gone) throw invalid(`${gone.name}当前为“${gone.status}”，不能加入工作室`, { teacherIds: '须为在职教师' });
    const added = await rows<{ teacher_id: number }>(
      tx,
      sql`insert into studio_members (region_id, studio_id, teacher_id, joined_year)
          select ${actor.user.regionId}, ${id}, u, ${joinedYear} from unnest(${intArray(ids)}) as u
          on conflict (studio_id, teacher_id) do update set left_year = null,
            joined_year = least(studio_members.joined_year, excluded.joined_year)
          where studio_members.left_year is not null
          returning teacher_id`,
    );
    if (added.length) {
      await record(tx, actor, {
        action: 'studio.members_add',
        entity: 'studio',
        entityId: id,
        after: { teacherIds: added.map((a) => a.teacher_id), joinedYear },
      });
      await notifyTeachers(
        tx,
        actor.user.regionId,
        added.map((a) => a.teacher_id),
        { kind: 'studio.member', title: `您已加入“${r.name}”`, link: '/my/studios' },
      );
    }
    return { added: added.length };
  });
}

/** A member leaves: kept on record with the year they left (removed outright if they joined this year). */
export async function removeMember(db: Db, actor: Actor, id: number, teacherId: number) {
  await db.transaction(async (tx) => {
    const r = await findStudio(tx, actor.user, id, true);
    if (!r) throw notFound('工作室');
    const m = await one<{ joined_year: number; left_year: number | null }>(
      tx,
      sql`select joined_year, left_year from studio_members where studio_id = ${id} and teacher_id = ${teacherId} for update`,
    );
    if (!m || m.left_year != null) throw notFound('工作室成员');
    const year = Number(today().slice(0, 4));
    if (Number(m.joined_year) >= year) {
      await tx.execute(sql`delete from studio_members where studio_id = ${id} and teacher_id = ${teacherId}`);
    } else {
      await tx.execute(
        sql`update studio_members set left_year = ${year - 1} where studio_id = ${id} and teacher_id = ${teacherId}`,
      );
    }
    await record(tx, actor, { action: 'studio.member_remove', entity: 'studio', entityId: id, before: { teacherId } });
  });
}

async function hostStudio(exec: Exec, user: CurrentUser, id: number) {
  const r = await findStudio(exec, user, id, true);
  if (!r) throw notFound('工作室');
  if (r.host_id !== user.teacherId) throw forbidden('只有工作室主持人可以记录活动和成果');
  if (r.status !== 'active') throw conflict('工作室已结束，不能再记录');
  return r;
}

export async function addActivity(db: Db, actor: Actor, id: number, body: StudioActivityBody) {
  return db.transaction(async (tx) => {
    await hostStudio(tx, actor.user, id);
    if (body.heldOn > today()) throw invalid('活动日期不能晚于今天', { heldOn: '不能晚于今天' });
    if (body.activityRef != null && !(await researchModuleAvailable(tx))) {
      throw invalid('本平台尚未启用校本研修活动，不能关联', { activityRef: '不能关联' });
    }
    const row = await one<{ id: number }>(
      tx,
      sql`insert into studio_activities (region_id, studio_id, kind, title, held_on, place, hours, summary, activity_ref,
                                         created_by)
          values (${actor.user.regionId}, ${id}, ${body.kind}, ${body.title}, ${body.heldOn}, ${body.place ?? null},
                  ${body.hours ?? null}, ${body.summary ?? null}, ${body.activityRef ?? null}, ${actor.user.id})
          returning id`,
    );
    await record(tx, actor, {
      action: 'studio.activity',
      entity: 'studio',
      entityId: id,
      after: { activityId: row!.id, ...body },
    });
    return row!.id;
  });
}

export async function addOutput(db: Db, actor: Actor, id: number, body: StudioOutputBody) {
  return db.transaction(async (tx) => {
    const r = await hostStudio(tx, actor.user, id);
    if (body.teacherId != null && body.teacherId !== r.host_id) {
      const member = await one<{ id: number }>(
        tx,
        sql`select id from studio_members where studio_id = ${id} and teacher_id = ${body.teacherId}`,
      );
      if (!member) throw invalid('成果作者须是工作室的主持人或成员', { teacherId: '不是工作室成员' });
    }
    const row = await one<{ id: number }>(
      tx,
      sql`insert into studio_outputs (region_id, studio_id, kind, title, year, teacher_id, note, created_by)
          values (${actor.user.regionId}, ${id}, ${body.kind}, ${body.title}, ${body.year}, ${body.teacherId ?? null},
                  ${body.note ?? null}, ${actor.user.id})
          returning id`,
    );
    await record(tx, actor, {
      action: 'studio.output',
      entity: 'studio',
      entityId: id,
      after: { outputId: row!.id, ...body },
    });
    return row!.id;
  });
}

/** The host removes an activity or output record of their studio. */
export async function deleteRecord(db: Db, actor: Actor, kind: 'activity' | 'output', recordId: number) {
  const table = kind === 'activity' ? sql.raw('studio_activities') : sql.raw('studio_outputs');
  await db.transaction(async (tx) => {
    const row = await one<{ studio_id: number; title: string }>(
      tx,
      sql`select x.studio_id, x.title from ${table} x join studios st on st.id = x.studio_id
          where x.id = ${recordId} and ${studioScope(actor.user, 'st')} for update of x`,
    );
    if (!row) throw notFound(kind === 'activity' ? '活动' : '成果');
    await hostStudio(tx, actor.user, row.studio_id);
    await tx.execute(sql`delete from ${table} where id = ${recordId}`);
    await record(tx, actor, {
      action: `studio.${kind}_delete`,
      entity: 'studio',
      entityId: row.studio_id,
      before: { id: recordId, title: row.title },
    });
  });
}

/** The county's yearly review; a passing one posts the year's hours to host and members. */
export async function reviewStudio(db: Db, actor: Actor, id: number, body: StudioReviewBody) {
  return db.transaction(async (tx) => {
    const r = await findStudio(tx, actor.user, id, true);
    if (!r) throw notFound('工作室');
    if (body.year < Number(r.start_year) || body.year > Number(r.end_year)) {
      throw invalid(`考核年度须在工作室期限内（${r.start_year}—${r.end_year}年）`, { year: '不在期限内' });
    }
    if (body.year > Number(today().slice(0, 4))) throw invalid('不能提前考核以后的年度', { year: '年度未到' });
    const before = await one<{ result: string; comment: string | null }>(
      tx,
      sql`select result, comment from studio_reviews where studio_id = ${id} and year = ${body.year} for update`,
    );
    const comment = body.comment?.trim() || null;
    await tx.execute(
      sql`insert into studio_reviews (region_id, studio_id, year, result, comment, reviewer_id)
          values (${actor.user.regionId}, ${id}, ${body.year}, ${body.result}, ${comment}, ${actor.user.id})
          on conflict (studio_id, year) do update set result = excluded.result, comment = excluded.comment,
            reviewer_id = excluded.reviewer_id, updated_at = now()`,
    );
    await record(tx, actor, {
      action: 'studio.review',
      entity: 'studio',
      entityId: id,
      before: before ?? null,
      after: { year: body.year, result: body.result, comment },
    });
    const ref = studioRef(id, body.year);
    let posted = 0;
    let reversed = 0;
    if (body.result === '不合格') {
      reversed = await reverseActivityHours(tx, actor, [ref], `${r.name}${body.year}年度考核改为不合格`);
    } else {
      const rule = (await getRuleSet(tx, actor.user.regionId)).people;
      const end = `${body.year}-12-31`;
      const occurredOn = end < today() ? end : today();
      const people = await peopleOfYear(tx, id, body.year);
      const made = await postActivityHours(
        tx,
        actor,
        people.map((p) => ({
          teacherId: p.teacher_id,
          ref,
          hours: p.role === 'host' ? rule.studioHostHours : rule.studioMemberHours,
          category: '校本研修',
          level: '县培',
          occurredOn,
          note: `${r.name}${body.year}年度考核${body.result}（${p.role === 'host' ? '主持人' : '成员'}）`,
        })),
      );
      posted = made.length;
    }
    return { posted, reversed };
  });
}
