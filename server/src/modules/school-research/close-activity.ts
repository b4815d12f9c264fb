// Closing a research activity: once it has ended, each participant's hours go to the credit ledger
// under the county's rule for school-based research (the activity's hours, at most the rule's cap
// per activity; the yearly cap is applied when totals are computed), and each participant counts as
// one 校培 person-time. Closing again changes nothing: the status is checked under a row lock and
// every posting carries `research-activity:<id>` under the ledger's partial unique index.
import type { CloseResult } from '@shixun/common';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor } from '../../http/context.js';
import { conflict } from '../../http/errors.js';
import { writeLedger } from '../credits/ledger-write.js';
import { notifyTeachers } from '../notifications/notifications.service.js';
import type { ActivityRow } from './activities.repo.js';
import { activityAccess, assertManage } from './activity-access.js';
import { creditedHours, researchCreditRule } from './settings.service.js';

/** The ledger's source and reference of an activity's postings. */
export const RESEARCH_SOURCE = 'school_activity';
export const activityRef = (activityId: number) => `research-activity:${activityId}`;

/** A 送教下乡 stage is posted as 送教下乡; every other activity as 校本研修. */
const categoryOf = (a: Pick<ActivityRow, 'outreach_id'>) => (a.outreach_id != null ? '送教下乡' : '校本研修');

async function postActivityCredit(tx: Tx, actor: Actor, a: ActivityRow, hours: number) {
  const outreach = a.outreach_id != null;
  const note = `${outreach ? '送教下乡' : '校本研修'}《${a.title}》（${a.type}）`;
  const written = await writeLedger(
    tx,
    {
      columns: [
        'region_id',
        'teacher_id',
        'source',
        'source_ref',
        'category',
        'level',
        'mode',
        'hours',
        'occurred_on',
        'note',
        'approved_by',
        'created_by',
      ],
      select: sql`select rp.region_id, rp.teacher_id, ${RESEARCH_SOURCE}, ${activityRef(a.id)}, ${categoryOf(a)}, '校培',
               ${outreach ? '送教下乡' : null}, ${hours}::numeric, (ra.ends_at at time zone 'Asia/Shanghai')::date, ${note},
               ${actor.user.id}::int, ${actor.user.id}::int
        from research_participants rp join research_activities ra on ra.id = rp.activity_id
        where rp.activity_id = ${a.id}`,
    },
    { onConflict: 'nothing' },
  );
  return written.map((w) => ({ id: w.id, teacher_id: w.teacherId }));
}

export async function closeActivity(db: Db, actor: Actor, id: number, now = new Date()): Promise<CloseResult> {
  return db.transaction(async (tx) => {
    const acc = await activityAccess(tx, actor.user, id, { lock: true });
    assertManage(acc);
    const a = acc.a;
    const rule = await researchCreditRule(tx, a.region_id);
    const each = creditedHours(Number(a.hours), rule.activityCap);
    if (a.status === 'closed') return { closed: false, participants: a.participants, posted: 0, hoursEach: each };
    if (a.status === 'withdrawn') throw conflict('该活动抽查不合格，学时已撤销，不能再结束');
    if (now.getTime() < new Date(a.ends_at).getTime()) {
      throw conflict('活动尚未结束，结束后才能确认参与名单并记入学时');
    }
    await tx.execute(
      sql`update research_activities set status = 'closed', closed_at = ${now.toISOString()}::timestamptz,
            closed_by = ${actor.user.id}, updated_at = now()
          where id = ${id}`,
    );
    const posted = await postActivityCredit(tx, actor, a, each);
    await record(tx, actor, [
      {
        action: 'research_activity.close',
        entity: 'research_activity',
        entityId: id,
        after: { participants: a.participants, posted: posted.length, hoursEach: each },
      },
      ...posted.map((p) => ({
        action: 'credit.post',
        entity: 'credit_entry',
        entityId: p.id,
        after: { teacherId: p.teacher_id, source: RESEARCH_SOURCE, sourceRef: activityRef(id), hours: each },
      })),
    ]);
    await notifyTeachers(
      tx,
      a.region_id,
      posted.map((p) => p.teacher_id),
      {
        kind: 'research.hours',
        title: `${categoryOf(a)}《${a.title}》已记 ${each} 学时`,
        body: `${a.school_name}主办，${a.type}`,
        link: '/my/research',
      },
    );
    return { closed: true, participants: a.participants, posted: posted.length, hoursEach: each };
  });
}
