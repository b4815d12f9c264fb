// Corrections to the ledger by the county: adjustments (a new entry with a reason) and reversals
// (a negative entry cancelling one). Entries are never edited or deleted; every write is audited
// and the teacher is told.
import type { CreditAdjustmentBody } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { countyOf, creditEntryScope, teacherScope } from '../../access/scope.js';
import { type Db, one } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor } from '../../http/context.js';
import { conflict, notFound } from '../../http/errors.js';
import { notifyTeachers } from '../notifications/notifications.service.js';
import { reverseCredit } from './credits.service.js';
import { writeLedger } from './ledger-write.js';

const LINK = '/my/credits';

export async function addAdjustment(db: Db, actor: Actor, teacherId: number, body: CreditAdjustmentBody) {
  return db.transaction(async (tx) => {
    const t = await one<{ id: number }>(
      tx,
      sql`select id from teachers where id = ${teacherId} and ${teacherScope(countyOf(actor.user), 'teachers')}`,
    );
    if (!t) throw notFound('教师');
    const [row] = await writeLedger(tx, [
      {
        regionId: actor.user.regionId,
        teacherId,
        source: 'adjustment',
        category: body.category,
        level: body.level ?? null,
        mode: body.mode ?? null,
        hours: body.hours,
        credits: body.credits ?? null,
        occurredOn: body.occurredOn,
        note: body.reason,
        evidence: body.evidence ?? null,
        approvedBy: actor.user.id,
        createdBy: actor.user.id,
      },
    ]);
    const id = row!.id;
    await record(tx, actor, {
      action: 'credit.adjust',
      entity: 'credit_entry',
      entityId: id,
      after: { teacherId, ...body },
    });
    await notifyTeachers(tx, actor.user.regionId, [teacherId], {
      kind: 'credit.adjusted',
      title: `您的学时台账有一笔调整：${body.hours > 0 ? '+' : ''}${body.hours} 学时`,
      body: body.reason,
      link: LINK,
    });
    return { id };
  });
}

export async function reverseEntry(db: Db, actor: Actor, entryId: number, reason: string) {
  return db.transaction(async (tx) => {
    const e = await one<{ id: number; teacher_id: number; hours: number | string; reverses_id: number | null }>(
      tx,
      sql`select id, teacher_id, hours::float8 as hours, reverses_id from credit_ledger
          where id = ${entryId} and ${creditEntryScope(countyOf(actor.user), 'credit_ledger')} for update`,
    );
    if (!e) throw notFound('学时记录');
    if (e.reverses_id != null) throw conflict('这是一条冲销记录，不能再冲销');
    const id = await reverseCredit(tx, entryId, reason, actor);
    if (id == null) throw conflict('该记录已被冲销');
    await notifyTeachers(tx, actor.user.regionId, [e.teacher_id], {
      kind: 'credit.reversed',
      title: `您的一条学时记录（${Number(e.hours)} 学时）已被冲销`,
      body: reason,
      link: LINK,
    });
    return { id };
  });
}
