// Factories for training tests: projects, sessions, participations, teachers in bulk.
import { randomBytes } from 'node:crypto';
import { maskIdNumber } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { one, rows } from '../src/db/client.js';
import type { Deps } from '../src/deps.js';
import { makeIdNumber, type World } from './harness.js';

export interface ProjectInput {
  name?: string;
  year?: number;
  level?: string;
  category?: string;
  mode?: string;
  organiserType?: 'county' | 'school' | 'upper';
  schoolId?: number | null;
  startDate?: string;
  endDate?: string;
  hours?: number;
  capacity?: number | null;
  enrolMode?: 'nomination' | 'open';
  enrolDeadline?: string | null;
  eligibility?: object;
  completionRule?: object;
  status?: string;
  code?: string | null;
}

export async function createProject(deps: Deps, w: Pick<World, 'regionId'>, p: ProjectInput = {}): Promise<number> {
  const row = await one<{ id: number }>(
    deps.db,
    sql`insert into projects (region_id, code, name, year, level, category, mode, organiser_type, organiser, school_id,
                              start_date, end_date, hours, capacity, enrol_mode, enrol_deadline, eligibility,
                              completion_rule, status)
        values (${w.regionId}, ${p.code ?? null}, ${p.name ?? '测试项目'}, ${p.year ?? 2026}, ${p.level ?? '县培'},
                ${p.category ?? '学科/新课标'}, ${p.mode ?? '集中面授'}, ${p.organiserType ?? 'county'}, '县教师发展中心',
                ${p.schoolId ?? null}, ${p.startDate ?? '2026-10-10'}, ${p.endDate ?? '2026-10-12'}, ${p.hours ?? 24},
                ${p.capacity === undefined ? 30 : p.capacity}, ${p.enrolMode ?? 'nomination'}, ${p.enrolDeadline ?? null},
                ${JSON.stringify(p.eligibility ?? {})}::jsonb,
                ${JSON.stringify(p.completionRule ?? { minAttendanceRate: 0.8, requirePass: true })}::jsonb,
                ${p.status ?? 'draft'})
        returning id`,
  );
  return row!.id;
}

/** A session from `startsAt` lasting `minutes`. */
export async function createSession(
  deps: Deps,
  w: Pick<World, 'regionId'>,
  projectId: number,
  startsAt: Date,
  minutes = 90,
  topic = '专题讲座',
): Promise<number> {
  const endsAt = new Date(startsAt.getTime() + minutes * 60_000);
  const row = await one<{ id: number }>(
    deps.db,
    sql`insert into project_sessions (region_id, project_id, starts_at, ends_at, topic, qr_secret)
        values (${w.regionId}, ${projectId}, ${startsAt.toISOString()}, ${endsAt.toISOString()}, ${topic},
                ${randomBytes(32).toString('base64url')})
        returning id`,
  );
  return row!.id;
}

export async function addParticipation(
  deps: Deps,
  w: Pick<World, 'regionId'>,
  projectId: number,
  teacherId: number,
  status = 'enrolled',
  source = 'nomination',
): Promise<number> {
  const row = await one<{ id: number }>(
    deps.db,
    sql`insert into participations (region_id, project_id, teacher_id, school_id, source, status)
        select ${w.regionId}, ${projectId}, t.id, t.school_id, ${source}, ${status} from teachers t where t.id = ${teacherId}
        returning id`,
  );
  return row!.id;
}

let bulkSeq = 0;

/**
 * N active teachers at a school, each with a teacher account (initial password = last six of the
 * ID number; must change it). Returns their ids and ID numbers.
 */
export async function createTeachers(
  deps: Deps,
  w: Pick<World, 'regionId'>,
  schoolId: number,
  n: number,
  over: { stage?: string; subject?: string; tags?: string[]; hireDate?: string } = {},
): Promise<Array<{ id: number; idNumber: string; userId: number }>> {
  const batch = ++bulkSeq;
  const out: Array<{ id: number; idNumber: string; userId: number }> = [];
  for (let i = 0; i < n; i++) {
    const idNumber = makeIdNumber(
      i,
      `19${70 + (batch % 25)}0${1 + (i % 9)}1${i % 10}`,
      `5106${String(batch % 100).padStart(2, '0')}`,
    );
    const t = await one<{ id: number }>(
      deps.db,
      sql`insert into teachers (region_id, school_id, name, gender, id_enc, id_hash, id_masked, stage, subject, tags, hire_date)
          values (${w.regionId}, ${schoolId}, ${`教师${batch}-${i}`}, '女', ${deps.cipher.encrypt(idNumber)},
                  ${deps.cipher.hash(idNumber)}, ${maskIdNumber(idNumber)}, ${over.stage ?? '小学'}, ${over.subject ?? '语文'},
                  ${`{${(over.tags ?? []).join(',')}}`}::text[], ${over.hireDate ?? '2015-09-01'})
          returning id`,
    );
    const u = await one<{ id: number }>(
      deps.db,
      sql`insert into users (region_id, username, display_name, role, school_id, teacher_id, must_change_password)
          values (${w.regionId}, ${`t${t!.id}`}, ${`教师${batch}-${i}`}, 'teacher', ${schoolId}, ${t!.id}, false)
          returning id`,
    );
    out.push({ id: t!.id, idNumber, userId: u!.id });
  }
  return out;
}

/** Gives accounts a known password (Passw0rd!) so tests can log in as them. */
export async function setPasswords(deps: Deps, userIds: number[], hash: string) {
  if (!userIds.length) return;
  await deps.db.execute(
    sql`update users set password_hash = ${hash}, must_change_password = false
        where id = any(${`{${userIds.join(',')}}`}::int[])`,
  );
}

export async function participationsOf(deps: Deps, projectId: number) {
  return rows<{ id: number; teacher_id: number; status: string }>(
    deps.db,
    sql`select id, teacher_id, status from participations where project_id = ${projectId} order by id`,
  );
}
