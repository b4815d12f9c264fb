// Selecting outstanding readers (读书先进个人) and schools (读书先进集体) from the year's records:
// books logged and finished, notes and how they were reviewed, reading salons taken part in or held.
// The county records its selection with a citation; teachers see their own on their reading page.
import { type Award, type AwardBody, type AwardKind, READING_SALON_TYPE, type ReadingCandidates } from '@shixun/common';
import { sql } from 'drizzle-orm';
import {
  readingScope,
  researchActivityScope,
  researchParticipantScope,
  schoolScope,
  teacherScope,
} from '../../access/scope.js';
import { type Db, type Exec, one, rows } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, isUniqueViolation, notFound } from '../../http/errors.js';
import { inBeijingYear } from '../school-research/activities.repo.js';

const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 10000 : 0);

export async function readingCandidates(
  exec: Exec,
  user: CurrentUser,
  year: number,
  kind: AwardKind,
): Promise<ReadingCandidates> {
  const salonsHeld = sql`select ra.id, ra.school_id from research_activities ra
    where ${researchActivityScope(user, 'ra')} and ra.type = ${READING_SALON_TYPE} and ra.status = 'closed'
      and ${inBeijingYear(sql`ra.ends_at`, year)}`;
  const readers = await rows<{
    teacher_id: number;
    teacher_name: string;
    school_id: number;
    school_name: string;
    books: number;
    finished: number;
    notes: number;
    excellent: number;
    salons: number;
    awarded: boolean;
  }>(
    exec,
    sql`with l as (
          select rl.teacher_id, count(*)::int as books, count(rl.finished_on)::int as finished
          from reading_logs rl where ${readingScope(user, 'rl')} and rl.year = ${year} group by rl.teacher_id
        ),
        n as (
          select rn.teacher_id, count(*)::int as notes, count(*) filter (where rn.rating = '优秀')::int as excellent
          from reading_notes rn join reading_logs rl on rl.id = rn.log_id
          where ${readingScope(user, 'rn')} and rl.year = ${year} group by rn.teacher_id
        ),
        sal as (
          select rp.teacher_id, count(*)::int as salons from research_participants rp
          join research_activities ra on ra.id = rp.activity_id
          where ${researchParticipantScope(user, 'rp')} and ra.type = ${READING_SALON_TYPE} and ra.status = 'closed'
            and ${inBeijingYear(sql`ra.ends_at`, year)}
          group by rp.teacher_id
        )
        select t.id as teacher_id, t.name as teacher_name, s.id as school_id, s.name as school_name,
               l.books, l.finished, coalesce(n.notes, 0) as notes, coalesce(n.excellent, 0) as excellent,
               coalesce(sal.salons, 0) as salons,
               exists (select 1 from reading_awards aw where ${readingScope(user, 'aw')} and aw.year = ${year}
                         and aw.kind = 'reader' and aw.teacher_id = t.id) as awarded
        from l join teachers t on t.id = l.teacher_id join schools s on s.id = t.school_id
        left join n on n.teacher_id = l.teacher_id
        left join sal on sal.teacher_id = l.teacher_id
        where ${teacherScope(user, 't', 's')}
        order by excellent desc, notes desc, finished desc, salons desc, t.name, t.id
        limit 200`,
  );
  const schools = await rows<{
    school_id: number;
    school_name: string;
    teacher_count: number;
    readers: number;
    notes: number;
    excellent: number;
    salons: number;
    awarded: boolean;
  }>(
    exec,
    sql`with tc as (
          select t.school_id, count(*)::int as n from teachers t join schools s on s.id = t.school_id
          where ${teacherScope(user, 't', 's')} and t.status = '在职' group by t.school_id
        ),
        rd as (
          select rl.school_id, count(distinct rl.teacher_id)::int as readers from reading_logs rl
          where ${readingScope(user, 'rl')} and rl.year = ${year} group by rl.school_id
        ),
        n as (
          select rn.school_id, count(*)::int as notes, count(*) filter (where rn.rating = '优秀')::int as excellent
          from reading_notes rn join reading_logs rl on rl.id = rn.log_id
          where ${readingScope(user, 'rn')} and rl.year = ${year} group by rn.school_id
        ),
        sal as (select h.school_id, count(*)::int as salons from (${salonsHeld}) h group by h.school_id)
        select s.id as school_id, s.name as school_name, coalesce(tc.n, 0) as teacher_count,
               coalesce(rd.readers, 0) as readers, coalesce(n.notes, 0) as notes, coalesce(n.excellent, 0) as excellent,
               coalesce(sal.salons, 0) as salons,
               exists (select 1 from reading_awards aw where ${readingScope(user, 'aw')} and aw.year = ${year}
                         and aw.kind = 'school' and aw.school_id = s.id) as awarded
        from schools s
        left join tc on tc.school_id = s.id
        left join rd on rd.school_id = s.id
        left join n on n.school_id = s.id
        left join sal on sal.school_id = s.id
        where ${schoolScope(user, 's')}`,
  );
  return {
    year,
    kind,
    readers: readers.map((r) => ({
      teacherId: r.teacher_id,
      teacherName: r.teacher_name,
      schoolId: r.school_id,
      schoolName: r.school_name,
      books: r.books,
      finished: r.finished,
      notes: r.notes,
      excellentNotes: r.excellent,
      salons: r.salons,
      awarded: r.awarded,
    })),
    schools: schools
      .map((s) => ({
        schoolId: s.school_id,
        schoolName: s.school_name,
        teacherCount: s.teacher_count,
        readers: s.readers,
        readerRate: rate(s.readers, s.teacher_count),
        notes: s.notes,
        excellentNotes: s.excellent,
        salons: s.salons,
        awarded: s.awarded,
      }))
      .sort((a, b) => b.readerRate - a.readerRate || b.excellentNotes - a.excellentNotes || b.salons - a.salons),
  };
}

type AwardRow = {
  id: number;
  year: number;
  kind: AwardKind;
  teacher_id: number | null;
  teacher_name: string | null;
  school_id: number;
  school_name: string;
  citation: string | null;
  created_at: string | Date;
};

export async function listAwards(
  exec: Exec,
  user: CurrentUser,
  year: number,
): Promise<{ year: number; items: Award[] }> {
  const list = await rows<AwardRow>(
    exec,
    sql`select aw.id, aw.year, aw.kind, aw.teacher_id, t.name as teacher_name, aw.school_id, s.name as school_name,
               aw.citation, aw.created_at
        from reading_awards aw join schools s on s.id = aw.school_id left join teachers t on t.id = aw.teacher_id
        where ${readingScope(user, 'aw')} and aw.year = ${year}
        order by aw.kind, s.name, t.name, aw.id`,
  );
  return {
    year,
    items: list.map((r) => ({
      id: r.id,
      year: r.year,
      kind: r.kind,
      teacherId: r.teacher_id,
      teacherName: r.teacher_name,
      schoolId: r.school_id,
      schoolName: r.school_name,
      citation: r.citation,
      createdAt: new Date(r.created_at).toISOString(),
    })),
  };
}

export async function addAward(db: Db, actor: Actor, body: AwardBody): Promise<{ id: number }> {
  const user = actor.user;
  const target =
    body.kind === 'reader'
      ? await one<{ teacher_id: number; school_id: number }>(
          db,
          sql`select t.id as teacher_id, t.school_id from teachers t join schools s on s.id = t.school_id
              where t.id = ${body.teacherId!} and ${teacherScope(user, 't', 's')}`,
        )
      : await one<{ teacher_id: null; school_id: number }>(
          db,
          sql`select null::int as teacher_id, s.id as school_id from schools s
              where s.id = ${body.schoolId!} and ${schoolScope(user, 's')}`,
        );
  if (!target) throw notFound(body.kind === 'reader' ? '教师' : '学校');
  try {
    return await db.transaction(async (tx) => {
      const row = await one<{ id: number }>(
        tx,
        sql`insert into reading_awards (region_id, year, kind, teacher_id, school_id, citation, created_by)
            values (${user.regionId}, ${body.year}, ${body.kind}, ${target.teacher_id}, ${target.school_id},
                    ${body.citation ?? null}, ${user.id})
            returning id`,
      );
      await record(tx, actor, {
        action: 'reading_award.create',
        entity: 'reading_award',
        entityId: row!.id,
        after: { ...body, teacherId: target.teacher_id, schoolId: target.school_id },
      });
      return { id: row!.id };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`已评为${body.year}年读书先进`);
    throw err;
  }
}

export async function deleteAward(db: Db, actor: Actor, id: number) {
  return db.transaction(async (tx) => {
    const r = await one<{ kind: string; teacher_id: number | null; school_id: number; year: number }>(
      tx,
      sql`delete from reading_awards aw where aw.id = ${id} and ${readingScope(actor.user, 'aw')}
          returning aw.kind, aw.teacher_id, aw.school_id, aw.year`,
    );
    if (!r) throw notFound('评选记录');
    await record(tx, actor, { action: 'reading_award.delete', entity: 'reading_award', entityId: id, before: r });
    return { ok: true as const };
  });
}
