// 青蓝工程 pairs: direct pairing by the school, the pair's page, changes of goals, term and status,
// the activity log kept by mentor and mentee, the county's 优秀师徒, the county's pairing rules,
// and counts. Reviews (with the hours they post) are in review-pair.ts, rounds in rounds.service.ts.
// Service functions for other modules: activePairsBySchool (the year-end evaluation).
import {
  can,
  type ExcellentBody,
  type MentoringCounts,
  type MentoringLogBody,
  type MentoringSettings,
  type MentoringStats,
  PASSING_RESULTS,
  type PairCreateBody,
  type PairDetail,
  type PairListQuery,
  type PairUpdateBody,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import { county, pairScope } from '../../access/scope.js';
import { type Db, type Exec, one } from '../../db/client.js';
import { diff, record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, forbidden, invalid, isUniqueViolation, notFound } from '../../http/errors.js';
import { hoursUnder } from '../credits/activity-postings.js';
import { notifyTeachers } from '../notifications/notifications.service.js';
import { presentLog, presentPair, presentReview } from './mentoring.presenter.js';
import {
  countsBySchool,
  findPair,
  findReview,
  listPairs,
  loadSettings,
  logsOf,
  type PairRow,
  reviewsOf,
  saveSettings,
} from './mentoring.repo.js';
import { createCheckedPair } from './pair-rules.js';

export const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
export const thisYear = () => Number(today().slice(0, 4));
/** The last year a pair covers. */
export const lastYearOf = (p: Pick<PairRow, 'year' | 'term_years'>) => Number(p.year) + Number(p.term_years) - 1;
export const pairLabel = (p: Pick<PairRow, 'mentor_name' | 'mentee_name'>) => `${p.mentor_name}—${p.mentee_name}`;

// ---------- settings ----------

export const getSettings = (db: Db, user: CurrentUser) => loadSettings(db, user.regionId);

export async function updateSettings(db: Db, actor: Actor, s: MentoringSettings) {
  await db.transaction(async (tx) => {
    const before = await loadSettings(tx, actor.user.regionId);
    const d = diff(before, s);
    if (!d.changed) return;
    await saveSettings(tx, actor.user.regionId, actor.user.id, s);
    await record(tx, actor, {
      action: 'mentoring.settings',
      entity: 'mentoring_settings',
      entityId: actor.user.regionId,
      before: d.before,
      after: d.after,
    });
  });
  return loadSettings(db, actor.user.regionId);
}

// ---------- pairs ----------

/** POST /api/mentoring/pairs: the school pairs two of its teachers directly. */
export async function createPair(db: Db, actor: Actor, body: PairCreateBody) {
  try {
    return await db.transaction(async (tx) => {
      const made = await createCheckedPair(tx, actor.user, body);
      await record(tx, actor, {
        action: 'mentoring.pair',
        entity: 'mentoring_pair',
        entityId: made.id,
        after: {
          mentorId: made.mentor.id,
          mentorName: made.mentor.name,
          menteeId: made.mentee.id,
          menteeName: made.mentee.name,
          year: body.year,
          termYears: body.termYears ?? 1,
          goals: body.goals ?? null,
          ...(made.overridden ? { overrideReason: body.overrideReason } : {}),
          source: 'direct',
        },
      });
      await notifyTeachers(tx, actor.user.regionId, [made.mentor.id, made.mentee.id], {
        kind: 'mentoring.paired',
        title: `青蓝工程结对：师傅${made.mentor.name}，徒弟${made.mentee.name}（${body.year}年）`,
        link: `/my/mentoring/${made.id}`,
      });
      return made.id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('该徒弟本年度已有结对');
    throw e;
  }
}

export async function listPairPage(db: Db, user: CurrentUser, q: PairListQuery) {
  const page = await listPairs(db, user, q);
  return { items: page.items.map(presentPair), total: page.total };
}

const roleIn = (user: CurrentUser, p: PairRow) =>
  user.teacherId == null
    ? null
    : p.mentor_id === user.teacherId
      ? ('mentor' as const)
      : p.mentee_id === user.teacherId
        ? ('mentee' as const)
        : null;

export async function getPairDetail(db: Db, user: CurrentUser, id: number): Promise<PairDetail> {
  const p = await findPair(db, user, id);
  if (!p) throw notFound('结对');
  const [logs, reviews, posted] = await Promise.all([
    logsOf(db, id),
    reviewsOf(db, id),
    hoursUnder(db, user.regionId, `mentoring:${id}:`),
  ]);
  const byYear = new Map<number, { year: number; mentor: number; mentee: number }>();
  for (const h of posted) {
    const y = Number(h.source_ref.split(':')[2]);
    const e = byYear.get(y) ?? { year: y, mentor: 0, mentee: 0 };
    if (h.teacher_id === p.mentor_id) e.mentor += Number(h.hours);
    if (h.teacher_id === p.mentee_id) e.mentee += Number(h.hours);
    byYear.set(y, e);
  }
  const myRole = roleIn(user, p);
  const manage = can(user.role, 'mentoring.manage');
  return {
    ...presentPair(p),
    endReason: p.end_reason,
    logs: logs.map((l) => presentLog(l, user.id)),
    reviews: reviews.map(presentReview),
    postedHours: [...byYear.values()].sort((a, b) => b.year - a.year),
    myRole,
    can: {
      log: myRole != null && p.status === 'active',
      review: manage && p.status !== 'dissolved',
      select: can(user.role, 'mentoring.select'),
      edit: manage,
    },
  };
}

export async function updatePair(db: Db, actor: Actor, id: number, body: PairUpdateBody) {
  await db.transaction(async (tx) => {
    const p = await findPair(tx, actor.user, id, true);
    if (!p) throw notFound('结对');
    if (p.status === 'dissolved') throw conflict('该结对已解除，不能再修改');
    const before = { goals: p.goals, termYears: Number(p.term_years), status: p.status };
    const d = diff(before, { goals: body.goals, termYears: body.termYears, status: body.status });
    if (!d.changed) return;
    const next = { ...before, ...d.after } as typeof before;
    if (next.termYears < before.termYears) {
      const later = await one<{ n: number }>(
        tx,
        sql`select count(*)::int as n from mentoring_reviews
            where pair_id = ${id} and left(period, 4)::int > ${Number(p.year) + next.termYears - 1}`,
      );
      if (later && later.n > 0) throw conflict('缩短后的期限之外已有检查或考核记录，不能缩短');
    }
    await tx.execute(
      sql`update mentoring_pairs set goals = ${next.goals}, term_years = ${next.termYears}, status = ${next.status},
            end_reason = ${next.status === 'active' ? null : (body.endReason ?? p.end_reason)}, updated_at = now()
          where id = ${id}`,
    );
    await record(tx, actor, {
      action: 'mentoring.update',
      entity: 'mentoring_pair',
      entityId: id,
      before: d.before,
      after: { ...d.after, ...(body.endReason ? { endReason: body.endReason } : {}) },
    });
    if (d.after.status === 'dissolved') {
      await notifyTeachers(tx, actor.user.regionId, [p.mentor_id, p.mentee_id], {
        kind: 'mentoring.dissolved',
        title: `青蓝工程结对（${pairLabel(p)}）已解除`,
        body: body.endReason ?? null,
        link: `/my/mentoring/${id}`,
      });
    }
  });
}

/** The county names a pair 优秀师徒 of a year (its year-end review of that year must have passed). */
export async function selectExcellent(db: Db, actor: Actor, id: number, body: ExcellentBody) {
  await db.transaction(async (tx) => {
    const p = await findPair(tx, actor.user, id, true);
    if (!p) throw notFound('结对');
    if (body.excellent) {
      const review = await findReview(tx, id, 'yearend', String(body.year));
      if (!review || !PASSING_RESULTS.includes(review.result)) {
        throw conflict(
          `${pairLabel(p)}${body.year}年度考核${review ? `为“${review.result}”` : '尚未进行'}，不能评为优秀师徒`,
        );
      }
    }
    const next = body.excellent ? body.year : p.excellent_year === body.year ? null : p.excellent_year;
    if (next === p.excellent_year) return;
    await tx.execute(
      sql`update mentoring_pairs set excellent_year = ${next}, excellent_note = ${body.excellent ? (body.note ?? null) : null},
            updated_at = now() where id = ${id}`,
    );
    await record(tx, actor, {
      action: body.excellent ? 'mentoring.excellent' : 'mentoring.excellent_revoke',
      entity: 'mentoring_pair',
      entityId: id,
      before: { excellentYear: p.excellent_year },
      after: { excellentYear: next, ...(body.note ? { note: body.note } : {}) },
    });
    if (body.excellent) {
      await notifyTeachers(tx, actor.user.regionId, [p.mentor_id, p.mentee_id], {
        kind: 'mentoring.excellent',
        title: `祝贺！${pairLabel(p)}被评为${body.year}年度“优秀师徒”`,
        link: `/my/mentoring/${id}`,
      });
    }
  });
}

// ---------- the activity log ----------

/** Mentor or mentee writes an entry (听课, 指导备课 …) for their active pair, dated within its term. */
export async function addLog(db: Db, actor: Actor, pairId: number, body: MentoringLogBody) {
  const user = actor.user;
  return db.transaction(async (tx) => {
    const p = await findPair(tx, user, pairId, true);
    if (!p) throw notFound('结对');
    const role = roleIn(user, p);
    if (!role) throw forbidden('只有结对的师傅和徒弟可以填写活动记录');
    if (p.status !== 'active') throw conflict('该结对已结束，不能再填写活动记录');
    const from = `${p.year}-01-01`;
    const to = `${lastYearOf(p)}-12-31`;
    if (body.occurredOn > today()) throw invalid('活动日期不能晚于今天', { occurredOn: '不能晚于今天' });
    if (body.occurredOn < from || body.occurredOn > to) {
      throw invalid(`活动日期须在结对期限内（${from} 至 ${to}）`, { occurredOn: '不在结对期限内' });
    }
    const row = await one<{ id: number }>(
      tx,
      sql`insert into mentoring_logs (region_id, pair_id, kind, occurred_on, hours, content, author_teacher_id,
                                      author_user_id, author_role, activity_ref)
          values (${user.regionId}, ${pairId}, ${body.kind}, ${body.occurredOn}, ${body.hours}, ${body.content},
                  ${user.teacherId}, ${user.id}, ${role}, ${body.activityRef ?? null})
          returning id`,
    );
    await record(tx, actor, {
      action: 'mentoring.log',
      entity: 'mentoring_log',
      entityId: row!.id,
      after: { pairId, role, ...body },
    });
    return row!.id;
  });
}

/** The author deletes their entry, unless the year it belongs to has had its year-end review. */
export async function deleteLog(db: Db, actor: Actor, logId: number) {
  await db.transaction(async (tx) => {
    const l = await one<{ id: number; pair_id: number; author_user_id: number; occurred_on: string; kind: string }>(
      tx,
      sql`select l.id, l.pair_id, l.author_user_id, l.occurred_on::text as occurred_on, l.kind
          from mentoring_logs l join mentoring_pairs mp on mp.id = l.pair_id join schools s on s.id = mp.school_id
          where l.id = ${logId} and ${pairScope(actor.user, 'mp', 's')} for update of l`,
    );
    if (!l) throw notFound('活动记录');
    if (l.author_user_id !== actor.user.id) throw forbidden('只能删除自己填写的活动记录');
    if (await findReview(tx, l.pair_id, 'yearend', l.occurred_on.slice(0, 4))) {
      throw conflict(`${l.occurred_on.slice(0, 4)}年度已考核，不能再删除该年的活动记录`);
    }
    await tx.execute(sql`delete from mentoring_logs where id = ${logId}`);
    await record(tx, actor, {
      action: 'mentoring.log_delete',
      entity: 'mentoring_log',
      entityId: logId,
      before: { pairId: l.pair_id, occurredOn: l.occurred_on, kind: l.kind },
    });
  });
}

// ---------- counts ----------

const zero = (): MentoringCounts & { logsByMonth: number[] } => ({
  pairs: 0,
  active: 0,
  logs: 0,
  excellent: 0,
  logsByMonth: Array.from({ length: 12 }, () => 0),
});

/** GET /api/stats/mentoring: per school in the caller's scope and in all. */
export async function mentoringStats(db: Db, user: CurrentUser, year: number): Promise<MentoringStats> {
  const list = await countsBySchool(db, pairScope(user, 'mp', 's'), year);
  const total = zero();
  const schools = list.map((r) => {
    const byMonth = (r.by_month ?? []).map(Number);
    total.pairs += Number(r.pairs);
    total.active += Number(r.active);
    total.logs += Number(r.logs);
    total.excellent += Number(r.excellent);
    byMonth.forEach((n, i) => {
      total.logsByMonth[i] = (total.logsByMonth[i] ?? 0) + n;
    });
    return {
      schoolId: r.school_id,
      schoolName: r.school_name,
      pairs: Number(r.pairs),
      active: Number(r.active),
      logs: Number(r.logs),
      excellent: Number(r.excellent),
      logsByMonth: byMonth.length ? byMonth : zero().logsByMonth,
    };
  });
  return { year, total, schools };
}

/**
 * For the year-end evaluation: per school of the county (the mentee's school), the pairs covering
 * `year` that were not dissolved, those with a log in the year (active), the year's logs, and the
 * pairs named 优秀师徒 that year. Schools without pairs are absent.
 */
export async function activePairsBySchool(exec: Exec, regionId: number, year: number) {
  const list = await countsBySchool(exec, pairScope(county(regionId), 'mp', 's'), year);
  return new Map<number, MentoringCounts>(
    list.map((r) => [
      r.school_id,
      { pairs: Number(r.pairs), active: Number(r.active), logs: Number(r.logs), excellent: Number(r.excellent) },
    ]),
  );
}
