// The school's checks and reviews of a pair: the monthly check (正常/需改进), the mid-term and the
// year-end review (优秀/合格/不合格), one of each per period, changeable (audited). A year-end review
// that passes posts the year's mentoring hours under the county's rule (credit rule set `people`)
// to both ledgers, as 校本研修; changed to 不合格 it reverses them; re-passed it posts again.
import { PASSING_RESULTS, type PairReviewBody, REVIEW_KIND_LABELS } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { type Db, one } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor } from '../../http/context.js';
import { conflict, invalid, notFound } from '../../http/errors.js';
import { postActivityHours, reverseActivityHours } from '../credits/activity-postings.js';
import { getRuleSet } from '../credits/credits.service.js';
import { notifyTeachers } from '../notifications/notifications.service.js';
import { findPair, findReview, type PairRow } from './mentoring.repo.js';
import { lastYearOf, pairLabel, today } from './mentoring.service.js';

export const mentoringRef = (pairId: number, year: string | number) => `mentoring:${pairId}:${year}`;

function checkPeriod(p: PairRow, body: PairReviewBody) {
  const now = today();
  const from = Number(p.year);
  const to = lastYearOf(p);
  const y = Number(body.period.slice(0, 4));
  if (y < from || y > to) {
    throw invalid(`${REVIEW_KIND_LABELS[body.kind]}的期间须在结对期限内（${from}—${to}年）`, {
      period: '不在结对期限内',
    });
  }
  if (body.kind === 'monthly' ? body.period > now.slice(0, 7) : y > Number(now.slice(0, 4))) {
    throw invalid(`${body.period}还没到，不能提前${REVIEW_KIND_LABELS[body.kind]}`, { period: '期间未到' });
  }
}

export async function reviewPair(db: Db, actor: Actor, pairId: number, body: PairReviewBody) {
  const user = actor.user;
  return db.transaction(async (tx) => {
    const p = await findPair(tx, user, pairId, true);
    if (!p) throw notFound('结对');
    if (p.status === 'dissolved') throw conflict('该结对已解除，不能再检查或考核');
    checkPeriod(p, body);
    const before = await findReview(tx, pairId, body.kind, body.period);
    const comment = body.comment?.trim() || null;
    if (before && before.result === body.result && (before.comment ?? null) === comment)
      return { id: before.id, posted: 0, reversed: 0 };
    const row = await one<{ id: number }>(
      tx,
      sql`insert into mentoring_reviews (region_id, pair_id, kind, period, result, comment, reviewer_id)
          values (${user.regionId}, ${pairId}, ${body.kind}, ${body.period}, ${body.result}, ${comment}, ${user.id})
          on conflict (pair_id, kind, period) do update set result = excluded.result, comment = excluded.comment,
            reviewer_id = excluded.reviewer_id, updated_at = now()
          returning id`,
    );
    await record(tx, actor, {
      action: 'mentoring.review',
      entity: 'mentoring_pair',
      entityId: pairId,
      before: before ? { kind: body.kind, period: body.period, result: before.result, comment: before.comment } : null,
      after: { kind: body.kind, period: body.period, result: body.result, comment },
    });
    let posted = 0;
    let reversed = 0;
    if (body.kind === 'yearend') {
      const ref = mentoringRef(pairId, body.period);
      if (PASSING_RESULTS.includes(body.result)) {
        const rule = (await getRuleSet(tx, user.regionId)).people;
        const end = `${body.period}-12-31`;
        const occurredOn = end < today() ? end : today();
        const what = `青蓝工程${body.period}年度考核${body.result}`;
        const made = await postActivityHours(tx, actor, [
          {
            teacherId: p.mentor_id,
            ref,
            hours: rule.mentorHours,
            category: '校本研修',
            level: '校培',
            occurredOn,
            note: `${what}（师傅，徒弟${p.mentee_name}）`,
          },
          {
            teacherId: p.mentee_id,
            ref,
            hours: rule.menteeHours,
            category: '校本研修',
            level: '校培',
            occurredOn,
            note: `${what}（徒弟，师傅${p.mentor_name}）`,
          },
        ]);
        posted = made.length;
      } else {
        reversed = await reverseActivityHours(tx, actor, [ref], `青蓝工程${body.period}年度考核改为${body.result}`);
      }
      await notifyTeachers(tx, user.regionId, [p.mentor_id, p.mentee_id], {
        kind: 'mentoring.review',
        title: `青蓝工程结对（${pairLabel(p)}）${body.period}年度考核：${body.result}`,
        body: comment,
        link: `/my/mentoring/${pairId}`,
      });
    }
    return { id: row!.id, posted, reversed };
  });
}
