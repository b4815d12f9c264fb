// Pairing rounds (two-way choice): a school (or a consortium) opens a round; mentors of its schools
// offer themselves, new and young teachers choose a mentor, and the school confirms (which makes
// the pair under the same rules as direct pairing) or declines with a reason. A teacher's view of
// it all is mentoringForTeacher (GET /api/mentoring/me).
import {
  type ChoiceBody,
  type ChoiceDecisionBody,
  can,
  type MentoringMe,
  menteeProblem,
  type OfferBody,
  type RoundBody,
  type RoundDetail,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import { consortiumScope, schoolScope } from '../../access/scope.js';
import { type Db, one, rows } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, forbidden, invalid, isUniqueViolation, notFound } from '../../http/errors.js';
import { notifySchoolAdmins, notifyTeachers } from '../notifications/notifications.service.js';
import { presentChoice, presentOffer, presentPair, presentRound } from './mentoring.presenter.js';
import { loadSettings, pairsOfTeacher, teachersIn } from './mentoring.repo.js';
import { today } from './mentoring.service.js';
import { anyMentorOf, createCheckedPair } from './pair-rules.js';
import {
  type ChoiceRow,
  choicesOf,
  findChoice,
  findOffer,
  findRound,
  insertRound,
  listRounds,
  liveChoiceOf,
  offersOf,
  type RoundRow,
} from './rounds.repo.js';

const isOpen = (r: RoundRow) => r.status === 'open' && r.closes_on >= today();
const closedMessage = (r: RoundRow) =>
  r.status === 'closed' ? `“${r.title}”已结束` : `“${r.title}”已于${r.closes_on}截止`;

// ---------- rounds ----------

export async function createRound(db: Db, actor: Actor, body: RoundBody) {
  const user = actor.user;
  return db.transaction(async (tx) => {
    if (body.closesOn < today()) throw invalid('截止日期不能早于今天', { closesOn: '不能早于今天' });
    if (body.schoolId != null) {
      const s = await one<{ id: number }>(
        tx,
        sql`select id from schools s where s.id = ${body.schoolId} and ${schoolScope(user, 's')}`,
      );
      if (!s) throw forbidden('只能为本校（管理范围内的学校）开放结对');
    } else {
      // A consortium's round: the county, or the consortium's own admin.
      const c = await one<{ id: number }>(
        tx,
        sql`select id from consortia c where c.id = ${body.consortiumId} and ${consortiumScope(user, 'c')}`,
      );
      const mine =
        user.role === 'county_admin' || (user.role === 'area_admin' && user.consortiumId === body.consortiumId);
      if (!c || !mine) throw forbidden('只有县级管理员或该教联体的管理员可以开放教联体结对');
    }
    const id = await insertRound(tx, {
      regionId: user.regionId,
      year: body.year,
      schoolId: body.schoolId ?? null,
      consortiumId: body.consortiumId ?? null,
      title: body.title,
      closesOn: body.closesOn,
      note: body.note?.trim() || null,
      createdBy: user.id,
    });
    await record(tx, actor, { action: 'mentoring.round', entity: 'mentoring_round', entityId: id, after: body });
    return id;
  });
}

export async function listRoundPage(db: Db, user: CurrentUser, year?: number) {
  const items = (await listRounds(db, user, year)).map(presentRound);
  return { items, total: items.length };
}

export async function getRoundDetail(db: Db, user: CurrentUser, id: number): Promise<RoundDetail> {
  const r = await findRound(db, user, id);
  if (!r) throw notFound('结对活动');
  const manage = can(user.role, 'mentoring.manage');
  const [offers, choices, settings] = await Promise.all([
    offersOf(db, [id]),
    manage ? choicesOf(db, id) : Promise.resolve([] as ChoiceRow[]),
    loadSettings(db, user.regionId),
  ]);
  return {
    ...presentRound(r),
    offerList: offers.map(presentOffer),
    choices: choices.map((c) =>
      presentChoice(
        c,
        c.status === 'pending'
          ? menteeProblem({ hireDate: c.mentee_hire_date, birthYear: c.mentee_birth_year }, settings, Number(r.year))
          : null,
      ),
    ),
    can: { manage },
  };
}

export async function closeRound(db: Db, actor: Actor, id: number) {
  await db.transaction(async (tx) => {
    const r = await findRound(tx, actor.user, id, true);
    if (!r) throw notFound('结对活动');
    if (r.status === 'closed') return;
    await tx.execute(sql`update mentoring_rounds set status = 'closed' where id = ${id}`);
    await record(tx, actor, {
      action: 'mentoring.round_close',
      entity: 'mentoring_round',
      entityId: id,
      before: { status: 'open' },
      after: { status: 'closed', pendingChoices: Number(r.pending_choices) },
    });
  });
}

// ---------- offers and choices (teachers) ----------

function ownTeacher(user: CurrentUser): number {
  if (user.teacherId == null) throw forbidden('该账号未关联教师档案');
  return user.teacherId;
}

/** A mentor offers to take mentees in an open round of their school or consortium. */
export async function offer(db: Db, actor: Actor, roundId: number, body: OfferBody) {
  const teacherId = ownTeacher(actor.user);
  try {
    return await db.transaction(async (tx) => {
      const r = await findRound(tx, actor.user, roundId, true);
      if (!r) throw notFound('结对活动');
      if (!isOpen(r)) throw conflict(`${closedMessage(r)}，不能再报名`);
      const [me] = await teachersIn(tx, actor.user, [teacherId]);
      if (!me) throw forbidden('只有在职教师可以报名当师傅');
      if (me.status !== '在职') throw forbidden('只有在职教师可以报名当师傅');
      const row = await one<{ id: number }>(
        tx,
        sql`insert into mentoring_offers (region_id, round_id, mentor_id, capacity, note)
            values (${actor.user.regionId}, ${roundId}, ${teacherId}, ${body.capacity}, ${body.note?.trim() || null})
            returning id`,
      );
      await record(tx, actor, {
        action: 'mentoring.offer',
        entity: 'mentoring_round',
        entityId: roundId,
        after: { offerId: row!.id, mentorId: teacherId, capacity: body.capacity, note: body.note ?? null },
      });
      return row!.id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('您已在本次结对中报名当师傅');
    throw e;
  }
}

export async function withdrawOffer(db: Db, actor: Actor, offerId: number) {
  const teacherId = ownTeacher(actor.user);
  await db.transaction(async (tx) => {
    const o = await findOffer(tx, offerId, true);
    if (!o || o.mentor_id !== teacherId) throw notFound('师傅报名');
    if (Number(o.taken) > 0) throw conflict('已有徒弟经学校确认与您结对，不能撤回报名');
    const waiting = await rows<{ mentee_id: number }>(
      tx,
      sql`update mentoring_choices set status = 'withdrawn' where offer_id = ${offerId} and status = 'pending'
          returning mentee_id`,
    );
    await tx.execute(sql`delete from mentoring_offers where id = ${offerId}`);
    await record(tx, actor, {
      action: 'mentoring.offer_withdraw',
      entity: 'mentoring_round',
      entityId: o.round_id,
      before: { offerId, mentorId: teacherId },
      after: { withdrawnChoices: waiting.length },
    });
    await notifyTeachers(
      tx,
      actor.user.regionId,
      waiting.map((w) => w.mentee_id),
      {
        kind: 'mentoring.offer_withdrawn',
        title: `${o.mentor_name}撤回了当师傅的报名，请重新选择师傅`,
        link: '/my/mentoring',
      },
    );
  });
}

/** A new or young teacher chooses a mentor among the round's offers; the school then confirms. */
export async function choose(db: Db, actor: Actor, roundId: number, body: ChoiceBody) {
  const teacherId = ownTeacher(actor.user);
  try {
    return await db.transaction(async (tx) => {
      const r = await findRound(tx, actor.user, roundId, true);
      if (!r) throw notFound('结对活动');
      if (!isOpen(r)) throw conflict(`${closedMessage(r)}，不能再选择师傅`);
      const o = await findOffer(tx, body.offerId, true);
      if (!o || o.round_id !== roundId) throw notFound('师傅');
      if (o.mentor_id === teacherId) throw invalid('不能选择自己当师傅', { offerId: '不能选择自己' });
      const [me] = await teachersIn(tx, actor.user, [teacherId]);
      if (!me) throw forbidden('只有在职教师可以选择师傅');
      if (me.status !== '在职') throw forbidden('只有在职教师可以选择师傅');
      const settings = await loadSettings(tx, actor.user.regionId);
      const problem = menteeProblem(
        { hireDate: me.hire_date, birthYear: me.birth_year == null ? null : Number(me.birth_year) },
        settings,
        Number(r.year),
      );
      if (problem) throw conflict(`${problem}。如确需结对，请由学校直接安排并说明理由`);
      const live = await liveChoiceOf(tx, roundId, teacherId);
      if (live)
        throw conflict(
          `您已选择${live.mentor_name}（${live.status === 'accepted' ? '已确认' : '待学校确认'}），如需更换请先撤回`,
        );
      if (Number(o.taken) >= Number(o.capacity)) throw conflict(`${o.mentor_name}的徒弟名额已满`);
      const row = await one<{ id: number }>(
        tx,
        sql`insert into mentoring_choices (region_id, round_id, offer_id, mentee_id, note)
            values (${actor.user.regionId}, ${roundId}, ${o.id}, ${teacherId}, ${body.note?.trim() || null})
            returning id`,
      );
      await record(tx, actor, {
        action: 'mentoring.choose',
        entity: 'mentoring_round',
        entityId: roundId,
        after: {
          choiceId: row!.id,
          offerId: o.id,
          mentorId: o.mentor_id,
          mentorName: o.mentor_name,
          menteeId: teacherId,
        },
      });
      await notifyTeachers(tx, actor.user.regionId, [o.mentor_id], {
        kind: 'mentoring.chosen',
        title: `${me.name}选择您当师傅，待学校确认`,
        link: '/my/mentoring',
      });
      await notifySchoolAdmins(tx, actor.user.regionId, [me.school_id], {
        kind: 'mentoring.choice',
        title: `${me.name}选择${o.mentor_name}当师傅，请确认`,
        link: `/mentoring?tab=rounds&round=${roundId}`,
      });
      return row!.id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('您在本次结对中已选择了师傅');
    throw e;
  }
}

export async function withdrawChoice(db: Db, actor: Actor, choiceId: number) {
  const teacherId = ownTeacher(actor.user);
  await db.transaction(async (tx) => {
    const c = await findChoice(tx, choiceId, true);
    if (!c || c.mentee_id !== teacherId) throw notFound('选择记录');
    if (c.status !== 'pending') throw conflict('学校已处理该选择，不能撤回');
    await tx.execute(sql`update mentoring_choices set status = 'withdrawn' where id = ${choiceId}`);
    await record(tx, actor, {
      action: 'mentoring.choice_withdraw',
      entity: 'mentoring_round',
      entityId: c.round_id,
      before: { choiceId, status: 'pending' },
      after: { status: 'withdrawn' },
    });
  });
}

/**
 * The school confirms a choice (the pair is made under the rules of pair-rules.ts: the mentee must
 * be in the caller's scope, the mentor is the round's offer) or declines it with a reason.
 */
export async function decideChoice(db: Db, actor: Actor, choiceId: number, body: ChoiceDecisionBody) {
  const user = actor.user;
  try {
    return await db.transaction(async (tx) => {
      const c = await findChoice(tx, choiceId, true);
      const r = c ? await findRound(tx, user, c.round_id, true) : undefined;
      if (!c || !r) throw notFound('选择记录');
      const [mentee] = await teachersIn(tx, user, [c.mentee_id]);
      if (!mentee) throw forbidden('只能确认本校（管理范围内）徒弟的选择');
      if (c.status !== 'pending') throw conflict('该选择已处理');
      let pairId: number | null = null;
      if (body.accept) {
        const o = await findOffer(tx, c.offer_id, true);
        if (!o) throw notFound('师傅');
        if (Number(o.taken) >= Number(o.capacity)) throw conflict(`${o.mentor_name}的徒弟名额已满`);
        const made = await createCheckedPair(
          tx,
          user,
          {
            mentorId: c.mentor_id,
            menteeId: c.mentee_id,
            year: Number(r.year),
            termYears: body.termYears,
            goals: body.goals,
            overrideReason: body.reason,
            roundId: r.id,
            choiceId,
          },
          { mentorScope: anyMentorOf(user) },
        );
        pairId = made.id;
      }
      await tx.execute(
        sql`update mentoring_choices set status = ${body.accept ? 'accepted' : 'declined'}, decided_by = ${user.id},
              decided_at = now(), decline_reason = ${body.accept ? null : (body.reason ?? null)}
            where id = ${choiceId}`,
      );
      await record(tx, actor, {
        action: body.accept ? 'mentoring.confirm' : 'mentoring.decline',
        entity: 'mentoring_round',
        entityId: r.id,
        before: { choiceId, status: 'pending' },
        after: {
          status: body.accept ? 'accepted' : 'declined',
          mentorName: c.mentor_name,
          menteeName: c.mentee_name,
          ...(pairId ? { pairId } : { reason: body.reason }),
        },
      });
      const title = body.accept
        ? `学校已确认青蓝结对：师傅${c.mentor_name}，徒弟${c.mentee_name}`
        : `学校未同意${c.mentee_name}选择${c.mentor_name}当师傅`;
      await notifyTeachers(tx, user.regionId, body.accept ? [c.mentor_id, c.mentee_id] : [c.mentee_id], {
        kind: body.accept ? 'mentoring.paired' : 'mentoring.declined',
        title,
        body: body.accept ? null : (body.reason ?? null),
        link: pairId ? `/my/mentoring/${pairId}` : '/my/mentoring',
      });
      return { pairId };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('该徒弟本年度已有结对');
    throw e;
  }
}

// ---------- the teacher's view ----------

export async function mentoringForTeacher(db: Db, user: CurrentUser): Promise<MentoringMe> {
  const teacherId = ownTeacher(user);
  const settings = await loadSettings(db, user.regionId);
  const [me] = await teachersIn(db, user, [teacherId]);
  const rounds = (await listRounds(db, user, undefined)).filter(
    (r) => r.status === 'open' || Number(r.year) >= Number(today().slice(0, 4)),
  );
  const offers = await offersOf(
    db,
    rounds.map((r) => r.id),
  );
  const choices = await rows<{ id: number; round_id: number; offer_id: number; status: string; mentor_name: string }>(
    db,
    sql`select ch.id, ch.round_id, ch.offer_id, ch.status, t.name as mentor_name
        from mentoring_choices ch join mentoring_offers o on o.id = ch.offer_id join teachers t on t.id = o.mentor_id
        where ch.mentee_id = ${teacherId} and ch.status in ('pending', 'accepted', 'declined')
        order by ch.id`,
  );
  const pairs = await pairsOfTeacher(db, user, teacherId);
  const year = Number(today().slice(0, 4));
  return {
    settings,
    menteeProblem: me
      ? menteeProblem(
          { hireDate: me.hire_date, birthYear: me.birth_year == null ? null : Number(me.birth_year) },
          settings,
          year,
        )
      : '该账号未关联教师档案',
    rounds: rounds.map((r) => {
      const mine = offers.filter((o) => o.round_id === r.id);
      const choice = choices.filter((c) => c.round_id === r.id).at(-1);
      return {
        ...presentRound(r),
        offerList: mine.map((o) => ({ ...presentOffer(o), mine: o.mentor_id === teacherId })),
        myOfferId: mine.find((o) => o.mentor_id === teacherId)?.id ?? null,
        myChoice: choice
          ? {
              id: choice.id,
              offerId: choice.offer_id,
              status: choice.status as 'pending' | 'accepted' | 'declined',
              mentorName: choice.mentor_name,
            }
          : null,
      };
    }),
    pairs: pairs.map((p) => ({ ...presentPair(p), myRole: p.mentor_id === teacherId ? 'mentor' : 'mentee' })),
  };
}
