// In-app notifications (站内消息): written in the same transaction as the event they announce.
import { sql } from 'drizzle-orm';
import { type Exec, intArray, one, rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';

export interface Notice {
  kind: string;
  title: string;
  body?: string | null;
  link?: string | null;
}

/** Notifies users by id (one multi-row insert). */
export async function notify(exec: Exec, regionId: number, userIds: number[], n: Notice) {
  const ids = [...new Set(userIds)].filter((x) => Number.isInteger(x));
  if (!ids.length) return;
  await exec.execute(
    sql`insert into notifications (region_id, user_id, kind, title, body, link)
        select ${regionId}, u, ${n.kind}, ${n.title}, ${n.body ?? null}, ${n.link ?? null}
        from unnest(${intArray(ids)}) as u`,
  );
}

/** Notifies the accounts of teachers (by teacher id). */
export async function notifyTeachers(exec: Exec, regionId: number, teacherIds: number[], n: Notice) {
  if (!teacherIds.length) return;
  await exec.execute(
    sql`insert into notifications (region_id, user_id, kind, title, body, link)
        select ${regionId}, u.id, ${n.kind}, ${n.title}, ${n.body ?? null}, ${n.link ?? null}
        from users u where u.teacher_id = any(${intArray(teacherIds)}) and not u.disabled`,
  );
}

/** Notifies the enabled school admins of the given schools. */
export async function notifySchoolAdmins(exec: Exec, regionId: number, schoolIds: number[], n: Notice) {
  if (!schoolIds.length) return;
  await exec.execute(
    sql`insert into notifications (region_id, user_id, kind, title, body, link)
        select ${regionId}, u.id, ${n.kind}, ${n.title}, ${n.body ?? null}, ${n.link ?? null}
        from users u where u.role = 'school_admin' and u.school_id = any(${intArray(schoolIds)}) and not u.disabled`,
  );
}

export async function listMine(
  exec: Exec,
  user: CurrentUser,
  opts: { unreadOnly: boolean; limit: number; offset: number },
) {
  const cond = opts.unreadOnly ? sql`and read_at is null` : sql``;
  const items = await rows<{
    id: number;
    kind: string;
    title: string;
    body: string | null;
    link: string | null;
    read_at: string | null;
    created_at: string;
  }>(
    exec,
    sql`select id, kind, title, body, link, read_at, created_at from notifications
        where user_id = ${user.id} ${cond} order by created_at desc, id desc limit ${opts.limit} offset ${opts.offset}`,
  );
  const counts = await one<{ total: number; unread: number }>(
    exec,
    sql`select count(*)::int as total, count(*) filter (where read_at is null)::int as unread
        from notifications where user_id = ${user.id}`,
  );
  return { items, total: opts.unreadOnly ? (counts?.unread ?? 0) : (counts?.total ?? 0), unread: counts?.unread ?? 0 };
}

export async function markRead(exec: Exec, user: CurrentUser, ids: number[] | 'all') {
  if (ids === 'all') {
    await exec.execute(sql`update notifications set read_at = now() where user_id = ${user.id} and read_at is null`);
  } else if (ids.length) {
    await exec.execute(
      sql`update notifications set read_at = now()
          where user_id = ${user.id} and read_at is null and id = any(${intArray(ids)})`,
    );
  }
}
