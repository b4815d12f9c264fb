// Three-tier training teams (县级、教联体、学校) from the trainer pool, and trainer records. The
// county manages every tier; a consortium's admin its consortium's teams; school and area admins
// the teams of schools in their scope. Service function for the surveys module:
// recordTrainerSatisfaction (a trainer's satisfaction score for a year).
import {
  can,
  type TeamBody,
  type TeamItem,
  type TeamMembersBody,
  type TeamTier,
  type TeamUpdateBody,
  type TrainerRecordDetail,
  type TrainerRecordItem,
  type TrainerRecordQuery,
  type TrainerStats,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import { county, countyOf, schoolScope, trainerScope } from '../../access/scope.js';
import { type Db, type Exec, intArray, one, rows } from '../../db/client.js';
import { diff, record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, forbidden, invalid, isUniqueViolation, notFound } from '../../http/errors.js';
import {
  findTeam,
  findTrainerRecord,
  listTeams,
  listTrainerRecords,
  membersOfTeams,
  satisfactionOf,
  type TeamRow,
  type TrainerRecordRow,
  teachingOf,
  teamsOfTrainers,
  trainerCounts,
  trainerIdOfUser,
} from './teams.repo.js';

/** May the user manage a team of this tier and owner? (A school in scope is a SQL question.) */
async function canManageTeam(
  exec: Exec,
  user: CurrentUser,
  t: { tier: string; consortium_id: number | null; school_id: number | null },
): Promise<boolean> {
  if (!can(user.role, 'teams.manage')) return false;
  if (user.role === 'county_admin') return true;
  if (t.tier === 'consortium') return user.role === 'area_admin' && user.consortiumId === t.consortium_id;
  if (t.tier === 'school' && t.school_id != null) {
    const s = await one<{ id: number }>(
      exec,
      sql`select id from schools s where s.id = ${t.school_id} and ${schoolScope(user, 's')}`,
    );
    return !!s;
  }
  return false;
}

async function present(exec: Exec, user: CurrentUser, list: TeamRow[]): Promise<TeamItem[]> {
  const members = await membersOfTeams(
    exec,
    list.map((t) => t.id),
  );
  return Promise.all(
    list.map(async (t) => ({
      id: t.id,
      tier: t.tier as TeamTier,
      name: t.name,
      consortiumId: t.consortium_id,
      schoolId: t.school_id,
      ownerName: t.owner_name,
      note: t.note,
      active: t.active,
      members: members
        .filter((m) => m.team_id === t.id)
        .map((m) => ({
          trainerId: m.trainer_id,
          name: m.name,
          kind: m.kind,
          organisation: m.organisation,
          role: m.role,
        })),
      can: { manage: await canManageTeam(exec, user, t) },
    })),
  );
}

export async function listTeamPage(db: Db, user: CurrentUser, tier?: string) {
  const items = await present(db, user, await listTeams(db, user, tier));
  return { items, total: items.length };
}

const duplicate = (name: string) => new AppError('DUPLICATE', `已有名为“${name}”的培训团队`, { name: '名称已存在' });

export async function createTeam(db: Db, actor: Actor, body: TeamBody) {
  const owner = {
    tier: body.tier,
    consortium_id: body.tier === 'consortium' ? (body.consortiumId ?? null) : null,
    school_id: body.tier === 'school' ? (body.schoolId ?? null) : null,
  };
  try {
    return await db.transaction(async (tx) => {
      if (owner.consortium_id != null) {
        const c = await one<{ id: number }>(
          tx,
          sql`select id from consortia where id = ${owner.consortium_id} and region_id = ${actor.user.regionId}`,
        );
        if (!c) throw invalid('教联体不存在', { consortiumId: '教联体不存在' });
      }
      if (!(await canManageTeam(tx, actor.user, owner))) {
        throw forbidden('县级团队由县级管理员组建；教联体团队由该教联体管理员组建；学校团队由本校管理员组建');
      }
      const row = await one<{ id: number }>(
        tx,
        sql`insert into training_teams (region_id, tier, name, consortium_id, school_id, note, created_by)
            values (${actor.user.regionId}, ${owner.tier}, ${body.name}, ${owner.consortium_id}, ${owner.school_id},
                    ${body.note ?? null}, ${actor.user.id})
            returning id`,
      );
      await record(tx, actor, { action: 'team.create', entity: 'training_team', entityId: row!.id, after: body });
      return row!.id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate(body.name);
    throw e;
  }
}

async function lockManaged(exec: Exec, user: CurrentUser, id: number) {
  const t = await findTeam(exec, user, id, true);
  if (!t) throw notFound('培训团队');
  if (!(await canManageTeam(exec, user, t))) throw forbidden('只能管理本级（本校、本教联体）的培训团队');
  return t;
}

export async function updateTeam(db: Db, actor: Actor, id: number, body: TeamUpdateBody) {
  try {
    await db.transaction(async (tx) => {
      const t = await lockManaged(tx, actor.user, id);
      const d = diff({ name: t.name, note: t.note, active: t.active }, body);
      if (!d.changed) return;
      await tx.execute(
        sql`update training_teams set name = ${body.name ?? t.name}, note = ${body.note !== undefined ? body.note : t.note},
              active = ${body.active ?? t.active}, updated_at = now() where id = ${id}`,
      );
      await record(tx, actor, {
        action: 'team.update',
        entity: 'training_team',
        entityId: id,
        before: d.before,
        after: d.after,
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate(body.name ?? '');
    throw e;
  }
}

/** Sets the team's members (trainers of the county's pool; new ones must be active). */
export async function setTeamMembers(db: Db, actor: Actor, id: number, body: TeamMembersBody) {
  return db.transaction(async (tx) => {
    await lockManaged(tx, actor.user, id);
    const ids = body.members.map((m) => m.trainerId);
    if (new Set(ids).size !== ids.length) throw invalid('成员不能重复', { members: '成员不能重复' });
    const current = new Set((await membersOfTeams(tx, [id])).map((m) => m.trainer_id));
    const found = await rows<{ id: number; name: string; active: boolean }>(
      tx,
      sql`select tr.id, tr.name, tr.active from trainers tr where tr.id = any(${intArray(ids)}) and ${trainerScope(countyOf(actor.user), 'tr')}`,
    );
    const byId = new Map(found.map((f) => [f.id, f]));
    body.members.forEach((m, i) => {
      const tr = byId.get(m.trainerId);
      if (!tr) throw invalid(`第${i + 1}位成员不在本县培训者库中`, { [`members.${i}.trainerId`]: '培训者不存在' });
      if (!tr.active && !current.has(tr.id))
        throw invalid(`培训者“${tr.name}”已停用`, { [`members.${i}.trainerId`]: '培训者已停用' });
    });
    await tx.execute(sql`delete from training_team_members where team_id = ${id}`);
    if (body.members.length) {
      await tx.execute(
        sql`insert into training_team_members (region_id, team_id, trainer_id, role)
            select ${actor.user.regionId}, ${id}, m.trainer_id, m.role
            from unnest(${intArray(ids)}, ${sql`${`{${body.members.map((m) => `"${m.role}"`).join(',')}}`}::text[]`})
                 as m(trainer_id, role)`,
      );
    }
    await record(tx, actor, {
      action: 'team.members',
      entity: 'training_team',
      entityId: id,
      before: { trainerIds: [...current] },
      after: { members: body.members },
    });
    const [team] = await present(tx, actor.user, [(await findTeam(tx, actor.user, id))!]);
    return team!;
  });
}

// ---------- trainer records ----------

async function decorate(exec: Exec, who: CurrentUser, list: TrainerRecordRow[]): Promise<TrainerRecordItem[]> {
  const ids = list.map((r) => r.id);
  const [teams, sat] = await Promise.all([teamsOfTrainers(exec, who, ids), satisfactionOf(exec, who.regionId, ids)]);
  return list.map((r) => {
    const latest = sat.find((s) => s.trainer_id === r.id);
    return {
      id: r.id,
      name: r.name,
      kind: r.kind === 'external' ? 'external' : 'county',
      organisation: r.organisation,
      title: r.title,
      expertise: r.expertise,
      subjects: [...new Set(r.subjects ?? [])],
      stages: [...new Set(r.stages ?? [])],
      active: r.active,
      sessionsTaught: Number(r.sessions),
      hoursTaught: Number(r.hours),
      satisfaction: latest
        ? { year: Number(latest.year), score: Number(latest.score), responses: Number(latest.responses) }
        : null,
      teams: teams
        .filter((t) => t.trainer_id === r.id)
        .map((t) => ({ id: t.id, name: t.name, tier: t.tier as TeamTier, role: t.role })),
    };
  });
}

export async function listTrainerRecordPage(db: Db, user: CurrentUser, q: TrainerRecordQuery) {
  const page = await listTrainerRecords(db, user, q);
  return { items: await decorate(db, user, page.items), total: page.total };
}

export async function getTrainerRecord(db: Db, user: CurrentUser, id: number): Promise<TrainerRecordDetail> {
  const r = await findTrainerRecord(db, user, id);
  if (!r) throw notFound('培训者');
  const [item] = await decorate(db, user, [r]);
  const [teaching, sat] = await Promise.all([teachingOf(db, user, id), satisfactionOf(db, user.regionId, [id])]);
  const years = new Map<number, TrainerRecordDetail['years'][number]>();
  for (const p of teaching) {
    const y = years.get(Number(p.year)) ?? {
      year: Number(p.year),
      sessions: 0,
      hours: 0,
      projects: 0,
      satisfaction: null,
      responses: 0,
    };
    y.sessions += Number(p.sessions);
    y.hours = Math.round((y.hours + Number(p.hours)) * 10) / 10;
    y.projects += 1;
    years.set(y.year, y);
  }
  for (const s of sat) {
    const y = years.get(Number(s.year)) ?? {
      year: Number(s.year),
      sessions: 0,
      hours: 0,
      projects: 0,
      satisfaction: null,
      responses: 0,
    };
    y.satisfaction = Number(s.score);
    y.responses = Number(s.responses);
    years.set(y.year, y);
  }
  return {
    ...item!,
    years: [...years.values()].sort((a, b) => b.year - a.year),
    // Hours and sessions count every project taught; the list names only those the caller may see.
    projects: teaching
      .filter((p) => p.visible)
      .map((p) => ({
        id: p.project_id,
        name: p.name,
        year: Number(p.year),
        level: p.level,
        sessions: Number(p.sessions),
        hours: Number(p.hours),
      })),
  };
}

/** A trainer account's (or a county teacher in the pool's) own record. */
export async function getMyTrainerRecord(db: Db, user: CurrentUser) {
  const own = await trainerIdOfUser(db, user.regionId, user.id);
  if (!own) throw notFound('培训者档案');
  return getTrainerRecord(db, user, own.id);
}

export async function setSpecialities(
  db: Db,
  actor: Actor,
  id: number,
  body: { subjects: string[]; stages: string[] },
) {
  await db.transaction(async (tx) => {
    const r = await one<{ subjects: string[]; stages: string[] }>(
      tx,
      sql`select subjects, stages from trainers tr where tr.id = ${id} and ${trainerScope(actor.user, 'tr')} for update`,
    );
    if (!r) throw notFound('培训者');
    const next = { subjects: [...new Set(body.subjects)], stages: [...new Set(body.stages)] };
    const d = diff({ subjects: r.subjects ?? [], stages: r.stages ?? [] }, next);
    if (!d.changed) return;
    const arr = (v: string[]) => sql`${`{${v.map((x) => `"${x.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`}::text[]`;
    await tx.execute(
      sql`update trainers set subjects = ${arr(next.subjects)}, stages = ${arr(next.stages)}, updated_at = now() where id = ${id}`,
    );
    await record(tx, actor, {
      action: 'trainer.specialities',
      entity: 'trainer',
      entityId: id,
      before: d.before,
      after: d.after,
    });
  });
}

/** GET /api/stats/trainers: trainers who taught in the year (projects in the caller's scope). */
export async function trainerStats(db: Db, user: CurrentUser, year: number): Promise<TrainerStats> {
  const r = await trainerCounts(db, user, year);
  const external = Number(r?.external ?? 0);
  const countyN = Number(r?.county ?? 0);
  return { year, external, county: countyN, total: external + countyN, sessions: Number(r?.sessions ?? 0) };
}

/**
 * For the surveys module: records (or replaces) a trainer's satisfaction score for a year from one
 * source (e.g. `survey:42`), 0–100 with the number of responses. Call inside the survey's
 * transaction; the trainer record shows the responses-weighted score per year.
 */
export async function recordTrainerSatisfaction(
  exec: Exec,
  regionId: number,
  v: { trainerId: number; year: number; source: string; score: number; responses: number },
) {
  if (!(v.score >= 0 && v.score <= 100)) throw invalid('满意度应在0至100之间', { score: '应在0至100之间' });
  await exec.execute(
    sql`insert into trainer_satisfaction (region_id, trainer_id, year, source, score, responses)
        select ${regionId}, tr.id, ${v.year}, ${v.source}, ${v.score}, ${v.responses}
        from trainers tr where tr.id = ${v.trainerId} and ${trainerScope(county(regionId), 'tr')}
        on conflict (trainer_id, year, source) do update set score = excluded.score, responses = excluded.responses,
          updated_at = now()`,
  );
}
