// All SQL of training teams and trainer records: teams with their members (teamScope), trainers'
// teaching (sessions and their hours), satisfaction (written by the surveys module), the yearly
// count of trainers by kind.
import type { TrainerRecordQuery } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { county, projectScope, satisfactionScope, teamScope, trainerScope, type Who } from '../../access/scope.js';
import { type Exec, intArray, one, rows } from '../../db/client.js';
import { likeEscape } from '../../http/pagination.js';

// ---------- teams ----------

export interface TeamRow {
  id: number;
  tier: string;
  name: string;
  consortium_id: number | null;
  school_id: number | null;
  owner_name: string | null;
  note: string | null;
  active: boolean;
}

const TEAM_COLUMNS = sql`tt.id, tt.tier, tt.name, tt.consortium_id, tt.school_id, coalesce(ts.name, tc.name) as owner_name,
  tt.note, tt.active`;
const TEAM_FROM = sql`from training_teams tt left join schools ts on ts.id = tt.school_id
  left join consortia tc on tc.id = tt.consortium_id`;

export async function listTeams(exec: Exec, who: Who, tier?: string) {
  return rows<TeamRow>(
    exec,
    sql`select ${TEAM_COLUMNS} ${TEAM_FROM} where ${teamScope(who, 'tt')} ${tier ? sql`and tt.tier = ${tier}` : sql``}
        order by array_position(array['county','consortium','school'], tt.tier), tt.active desc, tt.name, tt.id`,
  );
}

export async function findTeam(exec: Exec, who: Who, id: number, lock = false) {
  return one<TeamRow>(
    exec,
    sql`select ${TEAM_COLUMNS} ${TEAM_FROM} where tt.id = ${id} and ${teamScope(who, 'tt')} ${lock ? sql`for update of tt` : sql``}`,
  );
}

export async function membersOfTeams(exec: Exec, teamIds: number[]) {
  if (!teamIds.length) return [];
  return rows<{
    team_id: number;
    trainer_id: number;
    name: string;
    kind: string;
    organisation: string | null;
    role: string;
  }>(
    exec,
    sql`select m.team_id, m.trainer_id, tr.name, tr.kind, tr.organisation, m.role
        from training_team_members m join trainers tr on tr.id = m.trainer_id
        where m.team_id = any(${intArray(teamIds)})
        order by (m.role <> '负责人'), tr.name, m.id`,
  );
}

// ---------- trainer records ----------

export interface TrainerRecordRow {
  id: number;
  name: string;
  kind: string;
  organisation: string | null;
  title: string | null;
  expertise: string | null;
  subjects: string[];
  stages: string[];
  active: boolean;
  sessions: number;
  hours: number;
}

/** A trainer's subjects and stages, a county teacher's own included. */
const SUBJECTS = sql`(tr.subjects || case when t.subject is null then '{}'::text[] else array[t.subject] end)`;
const STAGES = sql`(tr.stages || case when t.stage is null then '{}'::text[] else array[t.stage] end)`;
const RECORD_COLUMNS = sql`tr.id, tr.name, tr.kind, tr.organisation, coalesce(tr.title, t.title) as title, tr.expertise,
  ${SUBJECTS} as subjects, ${STAGES} as stages, tr.active,
  coalesce(ss.n, 0) as sessions, coalesce(ss.hours, 0) as hours`;
const RECORD_FROM = sql`from trainers tr left join teachers t on t.id = tr.teacher_id
  left join lateral (select count(*)::int as n,
                            round(sum(extract(epoch from (ps.ends_at - ps.starts_at)) / 3600)::numeric, 1)::float8 as hours
                     from project_sessions ps where ps.trainer_id = tr.id) ss on true`;

function recordFilters(who: Who, q: Omit<TrainerRecordQuery, 'page' | 'pageSize'>): SQL {
  const c: SQL[] = [trainerScope(who, 'tr')];
  if (q.subject) c.push(sql`${q.subject} = any(${SUBJECTS})`);
  if (q.stage) c.push(sql`${q.stage} = any(${STAGES})`);
  if (q.kind) c.push(sql`tr.kind = ${q.kind}`);
  if (q.teamId) {
    c.push(sql`exists (select 1 from training_team_members m join training_teams tt on tt.id = m.team_id
                       where m.trainer_id = tr.id and m.team_id = ${q.teamId} and ${teamScope(who, 'tt')})`);
  }
  if (q.q) {
    const like = `%${likeEscape(q.q)}%`;
    c.push(sql`(tr.name ilike ${like} or tr.organisation ilike ${like} or tr.expertise ilike ${like})`);
  }
  return sql.join(c, sql` and `);
}

export async function listTrainerRecords(exec: Exec, who: Who, q: TrainerRecordQuery) {
  const where = recordFilters(who, q);
  const [items, total] = await Promise.all([
    rows<TrainerRecordRow>(
      exec,
      sql`select ${RECORD_COLUMNS} ${RECORD_FROM} where ${where}
          order by tr.active desc, coalesce(ss.n, 0) desc, tr.name, tr.id
          limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
    ),
    one<{ n: number }>(
      exec,
      sql`select count(*)::int as n from trainers tr left join teachers t on t.id = tr.teacher_id where ${where}`,
    ),
  ]);
  return { items, total: Number(total?.n ?? 0) };
}

export async function findTrainerRecord(exec: Exec, who: Who, id: number) {
  return one<TrainerRecordRow>(
    exec,
    sql`select ${RECORD_COLUMNS} ${RECORD_FROM} where tr.id = ${id} and ${trainerScope(who, 'tr')}`,
  );
}

export async function trainerIdOfUser(exec: Exec, regionId: number, userId: number) {
  return one<{ id: number }>(
    exec,
    sql`select tr.id from trainers tr left join users u on u.teacher_id = tr.teacher_id
        where ${trainerScope(county(regionId), 'tr')} and (tr.user_id = ${userId} or u.id = ${userId})
        order by tr.id limit 1`,
  );
}

/** The active teams (within the caller's scope) the trainers belong to. */
export async function teamsOfTrainers(exec: Exec, who: Who, trainerIds: number[]) {
  if (!trainerIds.length) return [];
  return rows<{ trainer_id: number; id: number; name: string; tier: string; role: string }>(
    exec,
    sql`select m.trainer_id, tt.id, tt.name, tt.tier, m.role from training_team_members m
        join training_teams tt on tt.id = m.team_id
        where m.trainer_id = any(${intArray(trainerIds)}) and tt.active and ${teamScope(who, 'tt')}
        order by tt.tier, tt.name`,
  );
}

/** Satisfaction per trainer and year (responses-weighted over sources). */
export async function satisfactionOf(exec: Exec, regionId: number, trainerIds: number[]) {
  if (!trainerIds.length) return [];
  return rows<{ trainer_id: number; year: number; score: number; responses: number }>(
    exec,
    sql`select ts.trainer_id, ts.year,
               round((sum(ts.score * greatest(ts.responses, 1)) / sum(greatest(ts.responses, 1)))::numeric, 1)::float8 as score,
               sum(ts.responses)::int as responses
        from trainer_satisfaction ts
        where ${satisfactionScope(county(regionId), 'ts')} and ts.trainer_id = any(${intArray(trainerIds)})
        group by ts.trainer_id, ts.year order by ts.year desc`,
  );
}

/** One trainer's teaching per year and per project; `visible`: the project is in the caller's scope. */
export async function teachingOf(exec: Exec, who: Who, trainerId: number) {
  return rows<{
    project_id: number;
    name: string;
    year: number;
    level: string;
    sessions: number;
    hours: number;
    visible: boolean;
  }>(
    exec,
    sql`select p.id as project_id, p.name, p.year, p.level, count(*)::int as sessions,
               bool_and(${projectScope(who, 'p')}) as visible,
               round(sum(extract(epoch from (ps.ends_at - ps.starts_at)) / 3600)::numeric, 1)::float8 as hours
        from project_sessions ps join projects p on p.id = ps.project_id
        where ps.trainer_id = ${trainerId}
        group by p.id, p.name, p.year, p.level order by p.year desc, p.id desc`,
  );
}

/** Distinct trainers who taught a session of `year` in projects the caller may see, by kind. */
export async function trainerCounts(exec: Exec, who: Who, year: number) {
  return one<{ external: number; county: number; sessions: number }>(
    exec,
    sql`select count(distinct tr.id) filter (where tr.kind = 'external')::int as external,
               count(distinct tr.id) filter (where tr.kind <> 'external')::int as county,
               count(ps.id)::int as sessions
        from project_sessions ps join projects p on p.id = ps.project_id join trainers tr on tr.id = ps.trainer_id
        where ${projectScope(who, 'p')} and ps.starts_at >= ${`${year}-01-01T00:00:00+08:00`}::timestamptz
          and ps.starts_at < ${`${year + 1}-01-01T00:00:00+08:00`}::timestamptz`,
  );
}
