// All SQL of notices. Managing a notice (receipts) = the county for every notice of its region, a
// school admin for their own school's; reading one = being a recipient or managing it.
import { type SQL, sql } from 'drizzle-orm';
import { areaScope, county, countyOf, noticeScope, schoolScope, userScope } from '../../access/scope.js';
import { type Exec, intArray, one, rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { likeEscape } from '../../http/pagination.js';

const senderName = sql`coalesce(s.name, g.name || '教育局')`;
const attachmentCount = sql`(select count(*)::int from attachments a where a.owner_kind = 'notice' and a.owner_id = n.id)`;

export async function insertNotice(
  exec: Exec,
  v: { regionId: number; schoolId: number | null; title: string; body: string; audience: unknown; createdBy: number },
) {
  const r = await one<{ id: number }>(
    exec,
    sql`insert into notices (region_id, school_id, title, body, audience, created_by)
        values (${v.regionId}, ${v.schoolId}, ${v.title}, ${v.body}, ${JSON.stringify(v.audience)}::jsonb, ${v.createdBy})
        returning id`,
  );
  return r!.id;
}

/**
 * Materialises the recipients in one insert … select: enabled accounts of the chosen roles in the
 * chosen schools/areas (teachers by their current school, in service only), never the sender.
 */
export async function insertRecipients(
  exec: Exec,
  noticeId: number,
  regionId: number,
  senderId: number,
  a: { scope: 'all' | 'areas' | 'schools'; areaIds: number[]; schoolIds: number[]; roles: string[] },
): Promise<number> {
  const scopeCond =
    a.scope === 'all'
      ? sql`true`
      : a.scope === 'areas'
        ? sql`(s.area_id = any(${intArray(a.areaIds)}) or (u.role = 'area_admin' and u.area_id = any(${intArray(a.areaIds)})))`
        : sql`s.id = any(${intArray(a.schoolIds)})`;
  const r = await one<{ n: number }>(
    exec,
    sql`with ins as (
          insert into notice_recipients (notice_id, user_id, region_id, school_id)
          select ${noticeId}, u.id, u.region_id, s.id
          from users u
          left join teachers t on t.id = u.teacher_id
          left join schools s on s.id = coalesce(t.school_id, u.school_id) and s.region_id = u.region_id
          where ${userScope(county(regionId), 'u')} and not u.disabled and u.id <> ${senderId}
            and u.role = any(${sql`${`{${a.roles.join(',')}}`}::text[]`})
            and (t.id is null or t.status = '在职')
            and ${scopeCond}
          returning 1)
        select count(*)::int as n from ins`,
  );
  return r?.n ?? 0;
}

export async function setRecipientCount(exec: Exec, noticeId: number, n: number) {
  await exec.execute(sql`update notices set recipient_count = ${n} where id = ${noticeId}`);
}

/** Bell notifications for every recipient, one insert. */
export async function notifyRecipients(exec: Exec, noticeId: number, title: string) {
  await exec.execute(
    sql`insert into notifications (region_id, user_id, kind, title, link)
        select region_id, user_id, 'notice', ${`新通知：${title}`.slice(0, 200)}, ${`/notices/${noticeId}`}
        from notice_recipients where notice_id = ${noticeId}`,
  );
}

export async function areasIn(exec: Exec, regionId: number, ids: number[]) {
  if (!ids.length) return [];
  return rows<{ id: number; name: string }>(
    exec,
    sql`select id, name from areas where ${areaScope(county(regionId), 'areas')} and id = any(${intArray(ids)}) order by name`,
  );
}

export async function schoolsIn(exec: Exec, regionId: number, ids: number[]) {
  if (!ids.length) return [];
  return rows<{ id: number; name: string }>(
    exec,
    sql`select id, name from schools where ${schoolScope(county(regionId), 'schools')} and id = any(${intArray(ids)})
        order by name`,
  );
}

export interface InboxRow {
  id: number;
  title: string;
  sender: string;
  published_at: string;
  read_at: string | null;
  attachment_count: number;
  edited_at: string | null;
}

/** Timestamps as ISO-8601 UTC text, identical from PGlite and node-postgres. */
const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export async function inbox(exec: Exec, user: CurrentUser, o: { unreadOnly: boolean; limit: number; offset: number }) {
  const items = await rows<InboxRow>(
    exec,
    sql`select n.id, n.title, ${senderName} as sender, n.published_at, r.read_at, ${attachmentCount} as attachment_count,
               ${iso(sql`n.edited_at`)} as edited_at
        from notice_recipients r
        join notices n on n.id = r.notice_id
        join regions g on g.id = n.region_id
        left join schools s on s.id = n.school_id
        where r.user_id = ${user.id} and n.withdrawn_at is null ${o.unreadOnly ? sql`and r.read_at is null` : sql``}
        order by (r.read_at is null) desc, n.published_at desc, n.id desc
        limit ${o.limit} offset ${o.offset}`,
  );
  const counts = await one<{ total: number; unread: number }>(
    exec,
    sql`select count(*)::int as total, count(*) filter (where r.read_at is null)::int as unread
        from notice_recipients r join notices n on n.id = r.notice_id
        where r.user_id = ${user.id} and n.withdrawn_at is null`,
  );
  return { items, total: o.unreadOnly ? (counts?.unread ?? 0) : (counts?.total ?? 0), unread: counts?.unread ?? 0 };
}

export interface NoticeRow {
  id: number;
  region_id: number;
  school_id: number | null;
  title: string;
  body: string;
  audience: { scope: 'all' | 'areas' | 'schools'; areaIds: number[]; schoolIds: number[]; roles: string[] };
  sender: string;
  published_at: string;
  recipient_count: number;
  is_recipient: boolean;
  read_at: string | null;
  can_manage: boolean;
  created_by: number;
  edited_at: string | null;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
}

/** A notice the user may read (as recipient or manager), or undefined. */
export async function readableNotice(exec: Exec, user: CurrentUser, id: number) {
  return one<NoticeRow>(
    exec,
    sql`select n.id, n.region_id, n.school_id, n.title, n.body, n.audience, ${senderName} as sender, n.published_at,
               n.recipient_count, (r.user_id is not null) as is_recipient, r.read_at, coalesce((${noticeScope(user, 'n')}), false) as can_manage,
               n.created_by, ${iso(sql`n.edited_at`)} as edited_at, ${iso(sql`n.withdrawn_at`)} as withdrawn_at, n.withdraw_reason
        from notices n
        join regions g on g.id = n.region_id
        left join schools s on s.id = n.school_id
        left join notice_recipients r on r.notice_id = n.id and r.user_id = ${user.id}
        where n.id = ${id} and ${noticeScope(countyOf(user), 'n')} and (r.user_id is not null or ${noticeScope(user, 'n')})`,
  );
}

/** Marks the user's receipt read (first time only) and the matching bell notification. */
export async function markRead(exec: Exec, userId: number, noticeId: number): Promise<string | null> {
  const r = await one<{ read_at: string }>(
    exec,
    sql`update notice_recipients set read_at = now()
        where notice_id = ${noticeId} and user_id = ${userId} and read_at is null returning read_at`,
  );
  if (r) {
    await exec.execute(
      sql`update notifications set read_at = now()
          where user_id = ${userId} and read_at is null and kind = 'notice' and link = ${`/notices/${noticeId}`}`,
    );
  }
  return r?.read_at ?? null;
}

export async function readCount(exec: Exec, noticeId: number) {
  const r = await one<{ n: number }>(
    exec,
    sql`select count(*)::int as n from notice_recipients where notice_id = ${noticeId} and read_at is not null`,
  );
  return r?.n ?? 0;
}

export async function sentList(exec: Exec, user: CurrentUser, o: { q?: string; limit: number; offset: number }) {
  const search = o.q ? sql`and n.title ilike ${`%${likeEscape(o.q)}%`}` : sql``;
  const items = await rows<{
    id: number;
    title: string;
    sender: string;
    published_at: string;
    recipient_count: number;
    read_count: number;
    attachment_count: number;
    edited_at: string | null;
    withdrawn_at: string | null;
    withdraw_reason: string | null;
    total_rows: number;
  }>(
    exec,
    sql`select n.id, n.title, ${senderName} as sender, n.published_at, n.recipient_count,
               (select count(*)::int from notice_recipients r where r.notice_id = n.id and r.read_at is not null) as read_count,
               ${attachmentCount} as attachment_count, ${iso(sql`n.edited_at`)} as edited_at,
               ${iso(sql`n.withdrawn_at`)} as withdrawn_at, n.withdraw_reason, count(*) over ()::int as total_rows
        from notices n
        join regions g on g.id = n.region_id
        left join schools s on s.id = n.school_id
        where ${noticeScope(user, 'n')} ${search}
        order by n.published_at desc, n.id desc
        limit ${o.limit} offset ${o.offset}`,
  );
  let total = items[0]?.total_rows ?? 0;
  if (!items.length && o.offset > 0) {
    const c = await one<{ n: number }>(
      exec,
      sql`select count(*)::int as n from notices n where ${noticeScope(user, 'n')} ${search}`,
    );
    total = c?.n ?? 0;
  }
  return { items, total };
}

const NO_SCHOOL = '无所属学校（县直、学区、专家）';

export async function schoolReceipts(
  exec: Exec,
  noticeId: number,
  o: { incompleteOnly: boolean; limit: number; offset: number },
) {
  const items = await rows<{
    school_id: number | null;
    school_name: string;
    total: number;
    read: number;
    total_rows: number;
  }>(
    exec,
    sql`select r.school_id, coalesce(s.name, ${NO_SCHOOL}) as school_name, count(*)::int as total,
               count(r.read_at)::int as read, count(*) over ()::int as total_rows
        from notice_recipients r left join schools s on s.id = r.school_id
        where r.notice_id = ${noticeId}
        group by r.school_id, s.name
        ${o.incompleteOnly ? sql`having count(r.read_at) < count(*)` : sql``}
        order by count(r.read_at)::float / count(*), s.name nulls first
        limit ${o.limit} offset ${o.offset}`,
  );
  return { items, total: items[0]?.total_rows ?? 0 };
}

export interface ReceiptRow {
  user_id: number;
  name: string;
  role: string;
  school_name: string | null;
  read_at: string | null;
}

function receiptFilter(o: { status?: 'read' | 'unread'; schoolId?: number; q?: string }): SQL {
  const parts: SQL[] = [];
  if (o.status === 'read') parts.push(sql`r.read_at is not null`);
  if (o.status === 'unread') parts.push(sql`r.read_at is null`);
  if (o.schoolId === 0) parts.push(sql`r.school_id is null`);
  else if (o.schoolId != null) parts.push(sql`r.school_id = ${o.schoolId}`);
  if (o.q) parts.push(sql`u.display_name ilike ${`%${likeEscape(o.q)}%`}`);
  return parts.length ? sql`and ${sql.join(parts, sql` and `)}` : sql``;
}

export async function personReceipts(
  exec: Exec,
  noticeId: number,
  o: { status?: 'read' | 'unread'; schoolId?: number; q?: string; limit: number; offset: number },
) {
  const items = await rows<ReceiptRow & { total_rows: number }>(
    exec,
    sql`select u.id as user_id, u.display_name as name, u.role, s.name as school_name, r.read_at,
               count(*) over ()::int as total_rows
        from notice_recipients r
        join users u on u.id = r.user_id
        left join schools s on s.id = r.school_id
        where r.notice_id = ${noticeId} ${receiptFilter(o)}
        order by s.name nulls first, (r.read_at is not null), u.display_name, u.id
        limit ${o.limit} offset ${o.offset}`,
  );
  const counts = await one<{ read: number; unread: number }>(
    exec,
    sql`select count(r.read_at)::int as read, (count(*) - count(r.read_at))::int as unread
        from notice_recipients r join users u on u.id = r.user_id
        where r.notice_id = ${noticeId} ${receiptFilter({ schoolId: o.schoolId, q: o.q })}`,
  );
  return { items, total: items[0]?.total_rows ?? 0, read: counts?.read ?? 0, unread: counts?.unread ?? 0 };
}

/** Every receipt of a notice, by school then name (for the export; a county has at most some 10k). */
export async function allReceipts(exec: Exec, noticeId: number): Promise<ReceiptRow[]> {
  return rows<ReceiptRow>(
    exec,
    sql`select u.id as user_id, u.display_name as name, u.role, s.name as school_name, r.read_at
        from notice_recipients r join users u on u.id = r.user_id left join schools s on s.id = r.school_id
        where r.notice_id = ${noticeId}
        order by s.name nulls first, (r.read_at is not null), u.display_name, u.id`,
  );
}

/** Writes the new words of a published notice and marks it edited. */
export async function updateNotice(exec: Exec, id: number, v: { title: string; body: string }) {
  await exec.execute(sql`update notices set title = ${v.title}, body = ${v.body}, edited_at = now() where id = ${id}`);
}

export async function withdrawNotice(exec: Exec, id: number, userId: number, reason: string) {
  await exec.execute(
    sql`update notices set withdrawn_at = now(), withdrawn_by = ${userId}, withdraw_reason = ${reason} where id = ${id}`,
  );
  // The bell messages that point at it are no longer news.
  await exec.execute(
    sql`update notifications set read_at = coalesce(read_at, now()) where kind = 'notice' and link = ${`/notices/${id}`}`,
  );
}

/** A bell message to every recipient of a notice (an edit). */
export async function notifyRecipientsOf(exec: Exec, noticeId: number, title: string, body: string | null) {
  await exec.execute(
    sql`insert into notifications (region_id, user_id, kind, title, body, link)
        select r.region_id, r.user_id, 'notice', ${title}, ${body}, ${`/notices/${noticeId}`}
        from notice_recipients r where r.notice_id = ${noticeId}`,
  );
}

/** Marks the user's bell messages about a notice read (e.g. the "已修改" one after an edit). */
export async function markBellRead(exec: Exec, userId: number, noticeId: number) {
  await exec.execute(
    sql`update notifications set read_at = now()
        where user_id = ${userId} and read_at is null and kind = 'notice' and link = ${`/notices/${noticeId}`}`,
  );
}
