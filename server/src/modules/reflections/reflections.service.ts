// Reflections (心得体会): one per participation, written by the teacher once the project is over and
// editable until reviewed; the project's trainers and the admins review it and mark the best
// (featured). Seed 003 counts them per year (8,651). Scope is SQL throughout.
import type {
  MyReflectionItem,
  Reflection,
  ReflectionCountQuery,
  ReflectionCounts,
  ReflectionCreateBody,
  ReflectionQuery,
  ReflectionReviewBody,
  ReflectionStatus,
  ReflectionUpdateBody,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { participationScope, reflectionScope } from '../../access/scope.js';
import { type Db, type Exec, one, rows } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, forbidden, isUniqueViolation, notFound } from '../../http/errors.js';
import { likeEscape, offsetOf } from '../../http/pagination.js';
import { iso } from '../enrolment/enrolment.shared.js';
import { notifyTeachers } from '../notifications/notifications.service.js';
import { TODAY } from '../report-backs/report-backs.tasks.js';

/** A participation the teacher may write about: finished (completed/failed), or enrolled in a project that has ended. */
const WRITABLE = sql`(pa.status in ('completed', 'failed') or (pa.status = 'enrolled' and p.end_date <= ${TODAY}))`;

interface Row {
  id: number;
  project_id: number;
  project_name: string;
  level: string;
  teacher_id: number;
  teacher_name: string;
  school_id: number;
  school_name: string;
  title: string;
  body: string;
  status: ReflectionStatus;
  featured: boolean;
  review_comment: string | null;
  reviewed_by_name: string | null;
  reviewed_at: string | null;
  created_at: string;
  updated_at: string;
}

const SELECT = sql`select rf.id, rf.project_id, p.name as project_name, p.level, rf.teacher_id, t.name as teacher_name,
    rf.school_id, s.name as school_name, rf.title, rf.body, rf.status, rf.featured, rf.review_comment,
    ru.display_name as reviewed_by_name, ${iso(sql`rf.reviewed_at`)} as reviewed_at,
    ${iso(sql`rf.created_at`)} as created_at, ${iso(sql`rf.updated_at`)} as updated_at
  from reflections rf
  join projects p on p.id = rf.project_id
  join teachers t on t.id = rf.teacher_id
  join schools s on s.id = rf.school_id
  left join users ru on ru.id = rf.reviewed_by`;

const present = (r: Row): Reflection => ({
  id: r.id,
  projectId: r.project_id,
  projectName: r.project_name,
  level: r.level,
  teacherId: r.teacher_id,
  teacherName: r.teacher_name,
  schoolId: r.school_id,
  schoolName: r.school_name,
  title: r.title,
  body: r.body,
  status: r.status,
  featured: r.featured,
  reviewComment: r.review_comment,
  reviewedByName: r.reviewed_by_name,
  reviewedAt: r.reviewed_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const yearCond = (year: number | undefined) =>
  year ? sql`and p.start_date >= make_date(${year}, 1, 1) and p.start_date < make_date(${year + 1}, 1, 1)` : sql``;

export async function listReflections(
  exec: Exec,
  user: CurrentUser,
  q: ReflectionQuery,
): Promise<{ items: Reflection[]; total: number }> {
  const c: SQL[] = [reflectionScope(user)];
  if (q.status) c.push(sql`rf.status = ${q.status}`);
  if (q.featured === 'true') c.push(sql`rf.featured`);
  if (q.featured === 'false') c.push(sql`not rf.featured`);
  if (q.schoolId) c.push(sql`rf.school_id = ${q.schoolId}`);
  if (q.projectId) c.push(sql`rf.project_id = ${q.projectId}`);
  if (q.q) {
    const like = `%${likeEscape(q.q)}%`;
    c.push(sql`(t.name like ${like} or p.name like ${like} or rf.title like ${like})`);
  }
  const where = sql`where ${sql.join(c, sql` and `)} ${yearCond(q.year)}`;
  const items = await rows<Row>(
    exec,
    sql`${SELECT} ${where} order by (rf.status = 'reviewed'), rf.created_at desc, rf.id desc
        limit ${q.pageSize} offset ${offsetOf(q)}`,
  );
  const total = await one<{ n: number }>(
    exec,
    sql`select count(*)::int as n from reflections rf join projects p on p.id = rf.project_id
        join teachers t on t.id = rf.teacher_id join schools s on s.id = rf.school_id ${where}`,
  );
  return { items: items.map(present), total: Number(total?.n ?? 0) };
}

async function loadRow(exec: Exec, user: CurrentUser, id: number, lock = false): Promise<Row> {
  const r = await one<Row>(
    exec,
    sql`${SELECT} where rf.id = ${id} and ${reflectionScope(user)} ${lock ? sql`for update of rf` : sql``}`,
  );
  if (!r) throw notFound('心得体会');
  return r;
}

export async function getReflection(exec: Exec, user: CurrentUser, id: number): Promise<Reflection> {
  return present(await loadRow(exec, user, id));
}

/** The teacher's projects that are over, each with their reflection if written (newest first). */
export async function myReflections(
  exec: Exec,
  user: CurrentUser,
  q: { page: number; pageSize: number },
): Promise<{ items: MyReflectionItem[]; total: number }> {
  if (user.teacherId == null) throw forbidden('只有教师本人可以撰写心得体会');
  const where = sql`where ${participationScope(user, 'pa')} and ${WRITABLE}`;
  const list = await rows<{
    project_id: number;
    project_name: string;
    level: string;
    start_date: string;
    end_date: string;
    reflection_id: number | null;
  }>(
    exec,
    sql`select p.id as project_id, p.name as project_name, p.level, p.start_date::text as start_date,
               p.end_date::text as end_date, rf.id as reflection_id
        from participations pa join projects p on p.id = pa.project_id
        left join reflections rf on rf.participation_id = pa.id
        ${where} order by p.end_date desc, p.id desc limit ${q.pageSize} offset ${offsetOf(q)}`,
  );
  const total = await one<{ n: number }>(
    exec,
    sql`select count(*)::int as n from participations pa join projects p on p.id = pa.project_id ${where}`,
  );
  const ids = list.map((r) => r.reflection_id).filter((x): x is number => x != null);
  const byId = new Map<number, Reflection>();
  if (ids.length) {
    const found = await rows<Row>(exec, sql`${SELECT} where rf.id = any(${`{${ids.join(',')}}`}::int[])`);
    for (const r of found) byId.set(r.id, present(r));
  }
  return {
    items: list.map((r) => ({
      projectId: r.project_id,
      projectName: r.project_name,
      level: r.level,
      startDate: r.start_date,
      endDate: r.end_date,
      reflection: r.reflection_id != null ? (byId.get(r.reflection_id) ?? null) : null,
    })),
    total: Number(total?.n ?? 0),
  };
}

export async function createReflection(db: Db, actor: Actor, body: ReflectionCreateBody): Promise<Reflection> {
  const user = actor.user;
  if (user.teacherId == null) throw forbidden('只有参训教师本人可以撰写心得体会');
  const id = await db
    .transaction(async (tx) => {
      const pa = await one<{ id: number; school_id: number; writable: boolean; project_name: string }>(
        tx,
        sql`select pa.id, pa.school_id, ${WRITABLE} as writable, p.name as project_name
            from participations pa join projects p on p.id = pa.project_id
            where pa.project_id = ${body.projectId} and ${participationScope(user, 'pa')}
              and pa.status in ('enrolled', 'completed', 'failed')`,
      );
      if (!pa) throw notFound('您参加的该培训项目');
      if (!pa.writable) throw conflict(`《${pa.project_name}》结束后才能撰写心得体会`);
      const row = await one<{ id: number }>(
        tx,
        sql`insert into reflections (region_id, school_id, teacher_id, project_id, participation_id, title, body)
            values (${user.regionId}, ${pa.school_id}, ${user.teacherId}, ${body.projectId}, ${pa.id},
                    ${body.title}, ${body.body})
            returning id`,
      );
      await record(tx, actor, {
        action: 'reflection.create',
        entity: 'reflection',
        entityId: row!.id,
        after: { projectId: body.projectId, title: body.title, length: body.body.length },
      });
      return row!.id;
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err, 'reflections_participation_uq')) {
        throw conflict('您已写过该项目的心得体会，请在原文上修改');
      }
      throw err;
    });
  return getReflection(db, user, id);
}

export async function updateReflection(
  db: Db,
  actor: Actor,
  id: number,
  body: ReflectionUpdateBody,
): Promise<Reflection> {
  const user = actor.user;
  await db.transaction(async (tx) => {
    const r = await loadRow(tx, user, id, true);
    if (r.status === 'reviewed') throw conflict('心得体会已评阅，不能再修改');
    await tx.execute(
      sql`update reflections set title = ${body.title}, body = ${body.body}, updated_at = now() where id = ${id}`,
    );
    await record(tx, actor, {
      action: 'reflection.update',
      entity: 'reflection',
      entityId: id,
      before: { title: r.title, length: r.body.length },
      after: { title: body.title, length: body.body.length },
    });
  });
  return getReflection(db, user, id);
}

export async function reviewReflection(
  db: Db,
  actor: Actor,
  id: number,
  body: ReflectionReviewBody,
): Promise<Reflection> {
  // Reviewers (reflections.review): the county admin, area and school admins (in scope), the project's trainers.
  const user = actor.user;
  await db.transaction(async (tx) => {
    // The scope makes someone else's school (or a project one does not teach) a 404.
    const r = await loadRow(tx, user, id, true);
    const comment = body.comment ? body.comment : null;
    await tx.execute(
      sql`update reflections set status = 'reviewed', featured = ${body.featured}, review_comment = ${comment},
            reviewed_by = ${user.id}, reviewed_at = now(), updated_at = now()
          where id = ${id}`,
    );
    await record(tx, actor, {
      action: 'reflection.review',
      entity: 'reflection',
      entityId: id,
      before: { status: r.status, featured: r.featured, comment: r.review_comment },
      after: { status: 'reviewed', featured: body.featured, comment },
    });
    const becameFeatured = body.featured && !r.featured;
    if (r.status !== 'reviewed' || becameFeatured) {
      await notifyTeachers(tx, user.regionId, [r.teacher_id], {
        kind: becameFeatured ? 'reflection.featured' : 'reflection.reviewed',
        title: becameFeatured ? `您的心得体会《${r.title}》被评为优秀` : `您的心得体会《${r.title}》已评阅`,
        body: comment ? `评语：${comment}` : null,
        link: '/my/reflections',
      });
    }
  });
  return getReflection(db, user, id);
}

/** Counts per school or per project (of the caller's scope), most written first. */
export async function reflectionCounts(
  exec: Exec,
  user: CurrentUser,
  q: ReflectionCountQuery,
): Promise<ReflectionCounts> {
  const src = sql`from reflections rf join projects p on p.id = rf.project_id join schools s on s.id = rf.school_id
    where ${reflectionScope(user)} ${yearCond(q.year)}`;
  const counts = sql`count(*)::int as total, count(*) filter (where rf.status = 'reviewed')::int as reviewed,
    count(*) filter (where rf.featured)::int as featured`;
  const key = q.by === 'project' ? sql`p.id, p.name` : sql`s.id, s.name`;
  const items = await rows<{ id: number; name: string; total: number; reviewed: number; featured: number }>(
    exec,
    sql`select ${key}, ${counts} ${src} group by ${key} order by total desc, 2 limit ${q.pageSize} offset ${offsetOf(q)}`,
  );
  const sum = await one<{ groups: number; total: number; reviewed: number; featured: number }>(
    exec,
    sql`select count(distinct ${q.by === 'project' ? sql`p.id` : sql`s.id`})::int as groups, ${counts} ${src}`,
  );
  return {
    items,
    total: sum?.groups ?? 0,
    sum: { total: sum?.total ?? 0, reviewed: sum?.reviewed ?? 0, featured: sum?.featured ?? 0 },
  };
}
