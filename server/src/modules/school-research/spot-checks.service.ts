// Spot checks (抽查) against 虚假式研修: the area/consortium coordinator or the county records a
// verdict on an activity (or draws a sample of the year's closed activities, flagged ones first, and
// decides them later). A failed check withdraws the activity: every live posting of its hours is
// reversed in the ledger with the reason, and its participants no longer count as person-times.
import {
  ROLE_LABELS,
  type SampleBody,
  SPOT_CHECK_VERDICT_LABELS,
  type SpotCheck,
  type SpotCheckBody,
  type SpotCheckVerdict,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { countyOf, creditEntryScope, researchActivityScope, spotCheckScope } from '../../access/scope.js';
import { type Db, type Exec, intArray, one, rows, type Tx } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, forbidden, notFound } from '../../http/errors.js';
import { offsetOf } from '../../http/pagination.js';
import { reverseCredits } from '../credits/credits.service.js';
import { notifySchoolAdmins, notifyTeachers } from '../notifications/notifications.service.js';
import { iso, isoOrNull } from './activities.presenter.js';
import { inBeijingYear } from './activities.repo.js';
import { type ActivityAccess, activityAccess } from './activity-access.js';
import { activityRef, RESEARCH_SOURCE } from './close-activity.js';

type CheckRow = {
  id: number;
  activity_id: number;
  activity_title: string;
  school_name: string;
  ends_at: string | Date;
  verdict: SpotCheckVerdict;
  reason: string | null;
  checked_by: string | null;
  checker_role: string | null;
  reversed_entries: number;
  created_at: string | Date;
  decided_at: string | Date | null;
  total?: number;
};

const present = (r: CheckRow): SpotCheck => ({
  id: r.id,
  activityId: r.activity_id,
  activityTitle: r.activity_title,
  schoolName: r.school_name,
  endsAt: iso(r.ends_at),
  verdict: r.verdict,
  verdictLabel: SPOT_CHECK_VERDICT_LABELS[r.verdict],
  reason: r.reason,
  checkedBy: r.checked_by,
  checkerRole: r.checker_role,
  reversedEntries: r.reversed_entries,
  createdAt: iso(r.created_at),
  decidedAt: isoOrNull(r.decided_at),
});

const CHECK_FROM = sql`from research_spot_checks sc
  join research_activities ra on ra.id = sc.activity_id
  join schools s on s.id = ra.school_id
  left join users u on u.id = sc.checked_by`;
const CHECK_COLUMNS = sql`sc.id, sc.activity_id, ra.title as activity_title, s.name as school_name, ra.ends_at,
  sc.verdict, sc.reason, u.display_name as checked_by, sc.checker_role, sc.reversed_entries, sc.created_at, sc.decided_at`;

/** The checks of one activity (already known to be visible), newest first. */
export async function listSpotChecksOf(exec: Exec, activityId: number): Promise<SpotCheck[]> {
  const list = await rows<CheckRow>(
    exec,
    sql`select ${CHECK_COLUMNS} ${CHECK_FROM} where sc.activity_id = ${activityId} order by sc.id desc`,
  );
  return list.map(present);
}

export async function listSpotChecks(
  exec: Exec,
  user: CurrentUser,
  q: { year?: number; verdict?: SpotCheckVerdict; schoolId?: number; page: number; pageSize: number },
) {
  const conds: SQL[] = [spotCheckScope(user, 'sc'), researchActivityScope(user, 'ra')];
  if (q.year) conds.push(inBeijingYear(sql`ra.ends_at`, q.year));
  if (q.verdict) conds.push(sql`sc.verdict = ${q.verdict}`);
  if (q.schoolId) conds.push(sql`${q.schoolId}::int = any(ra.school_ids)`);
  const list = await rows<CheckRow>(
    exec,
    sql`select ${CHECK_COLUMNS}, count(*) over ()::int as total ${CHECK_FROM}
        where ${sql.join(conds, sql` and `)}
        order by (sc.verdict = 'pending') desc, sc.id desc
        limit ${q.pageSize} offset ${offsetOf(q)}`,
  );
  return { items: list.map(present), total: list[0]?.total ?? 0 };
}

function assertChecker(acc: ActivityAccess, now: Date) {
  if (!acc.spotCheck) throw forbidden('只有学区/教联体管理员或县级管理员可以抽查研修活动');
  if (acc.a.status === 'withdrawn') throw conflict('该活动已因抽查不合格撤销了学时');
  if (now.getTime() < new Date(acc.a.starts_at).getTime()) throw conflict('活动尚未开始，开始后才能抽查');
}

/** Withdraws a failed activity: status, reversals of every live posting, notices. Returns the reversals. */
async function withdraw(tx: Tx, actor: Actor, acc: ActivityAccess, reason: string, now: Date): Promise<number> {
  const a = acc.a;
  const live = await rows<{ id: number; teacher_id: number }>(
    tx,
    sql`select c.id, c.teacher_id from credit_ledger c
        where c.source = ${RESEARCH_SOURCE} and c.source_ref = ${activityRef(a.id)} and c.reverses_id is null
          and ${creditEntryScope(countyOf(actor.user), 'c')}
          and not exists (select 1 from credit_ledger r where r.reverses_id = c.id)`,
  );
  const reversed = await reverseCredits(
    tx,
    live.map((r) => r.id),
    `抽查不合格，撤销学时：${reason}`,
    actor,
  );
  await tx.execute(
    sql`update research_activities set status = 'withdrawn', withdrawn_at = ${now.toISOString()}::timestamptz,
          withdraw_reason = ${reason}, updated_at = now()
        where id = ${a.id}`,
  );
  await notifyTeachers(
    tx,
    a.region_id,
    live.map((r) => r.teacher_id),
    {
      kind: 'research.withdrawn',
      title: `校本研修《${a.title}》抽查不合格，学时已撤销`,
      body: reason,
      link: '/my/research',
    },
  );
  await notifySchoolAdmins(tx, a.region_id, [a.school_id], {
    kind: 'research.withdrawn',
    title: `研修活动《${a.title}》抽查不合格`,
    body: reason,
    link: `/school-research/activities/${a.id}`,
  });
  return reversed.length;
}

async function decide(
  tx: Tx,
  actor: Actor,
  acc: ActivityAccess,
  checkId: number | null,
  body: SpotCheckBody,
  now: Date,
): Promise<{ id: number; verdict: SpotCheckVerdict; reversed: number }> {
  const reason = body.reason ?? null;
  const reversed = body.verdict === 'failed' ? await withdraw(tx, actor, acc, reason ?? '', now) : 0;
  const role = ROLE_LABELS[actor.user.role];
  const row = checkId
    ? await one<{ id: number }>(
        tx,
        sql`update research_spot_checks set verdict = ${body.verdict}, reason = ${reason}, checked_by = ${actor.user.id},
              checker_role = ${role}, reversed_entries = ${reversed}, decided_at = ${now.toISOString()}::timestamptz
            where id = ${checkId} returning id`,
      )
    : await one<{ id: number }>(
        tx,
        sql`insert into research_spot_checks (region_id, activity_id, verdict, reason, checked_by, checker_role,
                                              reversed_entries, decided_at)
            values (${acc.a.region_id}, ${acc.a.id}, ${body.verdict}, ${reason}, ${actor.user.id}, ${role}, ${reversed},
                    ${now.toISOString()}::timestamptz)
            returning id`,
      );
  await record(tx, actor, {
    action: 'research_spot_check.decide',
    entity: 'research_activity',
    entityId: acc.a.id,
    after: { spotCheckId: row!.id, verdict: body.verdict, reason, reversedEntries: reversed },
  });
  return { id: row!.id, verdict: body.verdict, reversed };
}

/** Records a verdict on an activity (deciding its drawn check, if one is waiting). */
export async function recordSpotCheck(db: Db, actor: Actor, activityId: number, body: SpotCheckBody, now = new Date()) {
  return db.transaction(async (tx) => {
    const acc = await activityAccess(tx, actor.user, activityId, { lock: true });
    assertChecker(acc, now);
    const pending = await one<{ id: number }>(
      tx,
      sql`select id from research_spot_checks where activity_id = ${activityId} and verdict = 'pending'`,
    );
    return decide(tx, actor, acc, pending?.id ?? null, body, now);
  });
}

/** Decides a drawn (pending) check. */
export async function decideSpotCheck(db: Db, actor: Actor, checkId: number, body: SpotCheckBody, now = new Date()) {
  return db.transaction(async (tx) => {
    const c = await one<{ activity_id: number; verdict: SpotCheckVerdict }>(
      tx,
      sql`select sc.activity_id, sc.verdict from research_spot_checks sc join research_activities ra on ra.id = sc.activity_id
          where sc.id = ${checkId} and ${spotCheckScope(actor.user, 'sc')} and ${researchActivityScope(actor.user, 'ra')}`,
    );
    if (!c) throw notFound('抽查记录');
    const acc = await activityAccess(tx, actor.user, c.activity_id, { lock: true });
    assertChecker(acc, now);
    if (c.verdict !== 'pending') throw conflict('该抽查已有结论；如需再次抽查，请在活动页面记录新的抽查');
    return decide(tx, actor, acc, checkId, body, now);
  });
}

/**
 * Draws a sample of the year's closed, never-checked activities in the caller's scope: flagged ones
 * (recorded late, without evidence, evidence uploaded late) first, the rest at random.
 */
export async function sampleSpotChecks(db: Db, actor: Actor, body: SampleBody) {
  const user = actor.user;
  if (user.role !== 'county_admin' && user.role !== 'area_admin')
    throw forbidden('只有学区/教联体管理员或县级管理员可以抽查');
  const school = body.schoolId ? sql` and ${body.schoolId}::int = any(ra.school_ids)` : sql``;
  return db.transaction(async (tx) => {
    const drawn = await rows<{ id: number }>(
      tx,
      sql`insert into research_spot_checks (region_id, activity_id, verdict, sampled_by)
          select ra.region_id, ra.id, 'pending', ${user.id}
          from research_activities ra
          where ${researchActivityScope(user, 'ra')} and ra.status = 'closed' and ${inBeijingYear(sql`ra.ends_at`, body.year)}${school}
            and not exists (select 1 from research_spot_checks x where x.activity_id = ra.id)
          order by (ra.recorded_late
                    or not exists (select 1 from attachments ev where ev.owner_kind = 'research_activity' and ev.owner_id = ra.id))
                   desc, random()
          limit ${body.count}
          returning id`,
    );
    if (drawn.length) {
      await record(tx, actor, {
        action: 'research_spot_check.sample',
        entity: 'research_spot_check',
        after: { year: body.year, schoolId: body.schoolId ?? null, drawn: drawn.length, ids: drawn.map((d) => d.id) },
      });
    }
    const list = await rows<CheckRow>(
      tx,
      sql`select ${CHECK_COLUMNS} ${CHECK_FROM} where sc.id = any(${intArray(drawn.map((d) => d.id))}) order by sc.id`,
    );
    return { items: list.map(present), total: list.length };
  });
}
