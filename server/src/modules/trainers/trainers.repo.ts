// All SQL of the trainer pool (培训者库): county teachers and invited external experts, per region.
import type { TrainerListQuery } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { county, teacherScope, trainerScope, userScope } from '../../access/scope.js';
import { type Exec, one, rows } from '../../db/client.js';
import { likeEscape } from '../../http/pagination.js';

export interface TrainerRow {
  id: number;
  kind: string;
  teacher_id: number | null;
  school_id: number | null;
  school_name: string | null;
  user_id: number | null;
  username: string | null;
  name: string;
  organisation: string | null;
  title: string | null;
  expertise: string | null;
  phone: string | null;
  intro: string | null;
  active: boolean;
  project_count: number;
}

const COLUMNS = sql`tr.id, tr.kind, tr.teacher_id, t.school_id, s.name as school_name, tr.user_id, u.username,
  tr.name, tr.organisation, tr.title, tr.expertise, tr.phone, tr.intro, tr.active,
  (select count(*)::int from project_trainers pt where pt.trainer_id = tr.id) as project_count`;
const FROM = sql`from trainers tr left join teachers t on t.id = tr.teacher_id left join schools s on s.id = t.school_id
  left join users u on u.id = tr.user_id`;

function whereOf(regionId: number, f: TrainerListQuery): SQL {
  const c: SQL[] = [trainerScope(county(regionId), 'tr')];
  if (f.active !== 'all') c.push(sql`tr.active = ${f.active !== 'false'}`);
  if (f.kind) c.push(sql`tr.kind = ${f.kind}`);
  if (f.expertise) c.push(sql`tr.expertise ilike ${`%${likeEscape(f.expertise)}%`}`);
  if (f.q) {
    const like = `%${likeEscape(f.q)}%`;
    c.push(sql`(tr.name ilike ${like} or tr.organisation ilike ${like} or tr.expertise ilike ${like})`);
  }
  return sql.join(c, sql` and `);
}

export async function listTrainers(exec: Exec, regionId: number, f: TrainerListQuery) {
  const where = whereOf(regionId, f);
  const items = await rows<TrainerRow>(
    exec,
    sql`select ${COLUMNS} ${FROM} where ${where}
        order by tr.active desc, tr.name, tr.id limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`,
  );
  const total = await one<{ n: number }>(exec, sql`select count(*)::int as n from trainers tr where ${where}`);
  return { items, total: Number(total?.n ?? 0) };
}

export async function findTrainer(exec: Exec, regionId: number, id: number) {
  return one<TrainerRow>(
    exec,
    sql`select ${COLUMNS} ${FROM} where tr.id = ${id} and ${trainerScope(county(regionId), 'tr')}`,
  );
}

/** The trainer record of a signed-in user: a trainer account, or a county teacher in the pool. */
export async function findTrainerOfUser(
  exec: Exec,
  user: { id: number; regionId: number; role: string; teacherId: number | null },
) {
  const cond =
    user.role === 'teacher' && user.teacherId != null
      ? sql`tr.teacher_id = ${user.teacherId}`
      : sql`tr.user_id = ${user.id}`;
  return one<TrainerRow>(
    exec,
    sql`select ${COLUMNS} ${FROM} where ${trainerScope(county(user.regionId), 'tr')} and ${cond}
        order by tr.active desc, tr.id limit 1`,
  );
}

export interface TrainerWriteRow {
  id: number;
  kind: string;
  teacher_id: number | null;
  user_id: number | null;
  name: string;
  organisation: string | null;
  title: string | null;
  expertise: string | null;
  phone: string | null;
  intro: string | null;
  active: boolean;
}

export async function lockTrainer(exec: Exec, regionId: number, id: number) {
  return one<TrainerWriteRow>(
    exec,
    sql`select id, kind, teacher_id, user_id, name, organisation, title, expertise, phone, intro, active
        from trainers tr where tr.id = ${id} and ${trainerScope(county(regionId), 'tr')} for update`,
  );
}

export async function findRegionTeacher(exec: Exec, regionId: number, teacherId: number) {
  return one<{ id: number; name: string; title: string | null; phone: string | null; school_name: string }>(
    exec,
    sql`select t.id, t.name, t.title, t.phone, s.name as school_name
        from teachers t join schools s on s.id = t.school_id
        where t.id = ${teacherId} and ${teacherScope(county(regionId), 't')}`,
  );
}

export async function findRegionUser(exec: Exec, regionId: number, userId: number) {
  return one<{ id: number; role: string; linked_trainer: number | null }>(
    exec,
    sql`select u.id, u.role, (select tr.id from trainers tr where tr.user_id = u.id limit 1) as linked_trainer
        from users u where u.id = ${userId} and ${userScope(county(regionId), 'u')}`,
  );
}
