// Rules of the trainer pool: the county admin writes; area and school admins and leaders read
// (school admins pick trainers for their 校培); a trainer reads their own record.
import type { Trainer, TrainerCreateBody, TrainerListQuery, TrainerUpdateBody } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { type Db, type Exec, one } from '../../db/client.js';
import { diff, record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, conflict, invalid, isUniqueViolation, notFound } from '../../http/errors.js';
import {
  findRegionTeacher,
  findRegionUser,
  findTrainer,
  findTrainerOfUser,
  listTrainers,
  lockTrainer,
  type TrainerRow,
} from './trainers.repo.js';

export const presentTrainer = (r: TrainerRow): Trainer => ({
  id: r.id,
  kind: r.kind as Trainer['kind'],
  teacherId: r.teacher_id,
  schoolId: r.school_id,
  schoolName: r.school_name,
  userId: r.user_id,
  username: r.username,
  name: r.name,
  organisation: r.organisation,
  title: r.title,
  expertise: r.expertise,
  phone: r.phone,
  intro: r.intro,
  active: r.active,
  projectCount: Number(r.project_count ?? 0),
});

export async function listTrainerPage(db: Db, user: CurrentUser, q: TrainerListQuery) {
  const { items, total } = await listTrainers(db, user.regionId, q);
  return { items: items.map(presentTrainer), total };
}

export async function getTrainer(db: Db, user: CurrentUser, id: number) {
  const r = await findTrainer(db, user.regionId, id);
  if (!r) throw notFound('培训者');
  return presentTrainer(r);
}

export async function getMyTrainer(db: Db, user: CurrentUser) {
  const r = await findTrainerOfUser(db, user);
  if (!r) throw notFound('您的培训者档案');
  return presentTrainer(r);
}

/** A linked account must be a `trainer` account of the region, not already linked elsewhere. */
async function checkUserLink(exec: Exec, regionId: number, userId: number, trainerId?: number) {
  const u = await findRegionUser(exec, regionId, userId);
  if (!u) throw invalid('账号不存在', { userId: '账号不存在' });
  if (u.role !== 'trainer') throw invalid('只能关联“培训专家”角色的账号', { userId: '只能关联培训专家账号' });
  if (u.linked_trainer != null && u.linked_trainer !== trainerId) {
    throw conflict('该账号已关联其他培训者', { userId: '该账号已关联其他培训者' });
  }
}

export async function createTrainer(db: Db, actor: Actor, body: TrainerCreateBody) {
  const regionId = actor.user.regionId;
  return db.transaction(async (tx) => {
    let values: {
      teacherId: number | null;
      name: string;
      organisation: string | null;
      title: string | null;
      phone: string | null;
    };
    if (body.kind === 'county') {
      const t = await findRegionTeacher(tx, regionId, body.teacherId);
      if (!t) throw invalid('教师不存在', { teacherId: '教师不存在' });
      // Name and title come from the roster; the school is the organisation unless given.
      values = {
        teacherId: t.id,
        name: t.name,
        organisation: body.organisation ?? t.school_name,
        title: body.title ?? t.title,
        phone: body.phone ?? t.phone,
      };
    } else {
      values = {
        teacherId: null,
        name: body.name,
        organisation: body.organisation ?? null,
        title: body.title ?? null,
        phone: body.phone ?? null,
      };
    }
    if (body.userId != null) await checkUserLink(tx, regionId, body.userId);
    let id: number;
    try {
      const row = await one<{ id: number }>(
        tx,
        sql`insert into trainers (region_id, kind, teacher_id, user_id, name, organisation, title, expertise, phone, intro)
            values (${regionId}, ${body.kind}, ${values.teacherId}, ${body.userId ?? null}, ${values.name},
                    ${values.organisation}, ${values.title}, ${body.expertise ?? null}, ${values.phone}, ${body.intro ?? null})
            returning id`,
      );
      id = row!.id;
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new AppError('DUPLICATE', `${values.name}已在培训者库中`, { teacherId: '该教师已在培训者库中' });
      }
      throw e;
    }
    await record(tx, actor, {
      action: 'trainer.create',
      entity: 'trainer',
      entityId: id,
      after: { kind: body.kind, ...values, expertise: body.expertise ?? null, userId: body.userId ?? null },
    });
    return id;
  });
}

export async function updateTrainer(db: Db, actor: Actor, id: number, body: TrainerUpdateBody) {
  const regionId = actor.user.regionId;
  await db.transaction(async (tx) => {
    const before = await lockTrainer(tx, regionId, id);
    if (!before) throw notFound('培训者');
    const current = {
      name: before.name,
      organisation: before.organisation,
      title: before.title,
      expertise: before.expertise,
      phone: before.phone,
      intro: before.intro,
      userId: before.user_id,
      active: before.active,
    };
    const d = diff(current, body);
    if (!d.changed) return;
    if (body.userId != null && body.userId !== before.user_id) await checkUserLink(tx, regionId, body.userId, id);
    const next = { ...current, ...d.after } as typeof current;
    await tx.execute(
      sql`update trainers set name = ${next.name}, organisation = ${next.organisation}, title = ${next.title},
            expertise = ${next.expertise}, phone = ${next.phone}, intro = ${next.intro}, user_id = ${next.userId},
            active = ${next.active}, updated_at = now()
          where id = ${id}`,
    );
    const only = Object.keys(d.after);
    const action =
      only.length === 1 && only[0] === 'active'
        ? next.active
          ? 'trainer.activate'
          : 'trainer.deactivate'
        : 'trainer.update';
    await record(tx, actor, { action, entity: 'trainer', entityId: id, before: d.before, after: d.after });
  });
}
