// 成长档案 (seed 003: "通过建立教师成长档案，跟踪培训成果转化率"): one teacher's profile, trainings,
// credits by school year, certificates, honours, ethics record and — where the after-training
// module is installed — reflections and report-backs, in one response for one printable page.
import type { GrowthArchive } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { teacherScope } from '../../access/scope.js';
import { type Exec, one, rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import type { IdCipher } from '../../lib/crypto.js';
import { hoursBySchoolYear, iso } from '../credit-audit/credit-audit.repo.js';
import { ethicsOf } from '../ethics/ethics.service.js';
import { birthDateOf, seesBirthDate } from '../teachers/teachers.service.js';

type ProfileRow = {
  id: number;
  name: string;
  gender: string | null;
  id_masked: string;
  id_enc: string;
  birth_year: number | null;
  school_name: string;
  area_name: string | null;
  stage: string;
  subject: string;
  title: string | null;
  degree: string | null;
  hire_date: string | null;
  posts: string[] | null;
  tags: string[] | null;
  status: string;
};

/** Whether a table exists yet (the after-training tables come from another module's migration). */
async function tableExists(exec: Exec, name: string) {
  const r = await one<{ ok: boolean }>(exec, sql`select to_regclass(${`public.${name}`}) is not null as ok`);
  return !!r?.ok;
}

export async function getGrowthArchive(
  exec: Exec,
  user: CurrentUser,
  teacherId: number,
  cipher: IdCipher,
): Promise<GrowthArchive> {
  const p = await one<ProfileRow>(
    exec,
    sql`select t.id, t.name, t.gender, t.id_masked, t.id_enc, t.birth_year, s.name as school_name,
               a.name as area_name, t.stage, t.subject, t.title, t.degree, t.hire_date::text as hire_date,
               t.posts, t.tags, t.status
        from teachers t join schools s on s.id = t.school_id left join areas a on a.id = s.area_id
        where t.id = ${teacherId} and ${teacherScope(user, 't', 's')}`,
  );
  if (!p) throw notFound('教师');

  const trainings = await rows<{
    participation_id: number;
    project_id: number;
    project_name: string;
    year: number;
    level: string;
    category: string;
    mode: string;
    start_date: string;
    end_date: string;
    hours: number | string;
    status: string;
    result: string | null;
    score: number | string | null;
  }>(
    exec,
    sql`select pa.id as participation_id, pr.id as project_id, pr.name as project_name, pr.year, pr.level,
               pr.category, pr.mode, pr.start_date::text as start_date, pr.end_date::text as end_date, pr.hours,
               pa.status, pa.result, pa.score
        from participations pa join projects pr on pr.id = pa.project_id
        where pa.teacher_id = ${teacherId} and pa.status not in ('rejected', 'withdrawn')
        order by pr.start_date desc, pa.id desc`,
  );

  const years = await hoursBySchoolYear(exec, teacherId);

  const certificates = await rows<{
    number: string;
    project_name: string;
    hours: number | string;
    issuer: string;
    issued_at: string;
    revoked: boolean;
  }>(
    exec,
    sql`select c.number, pr.name as project_name, c.hours, c.issuer, ${iso(sql`c.issued_at`)} as issued_at,
               c.revoked_at is not null as revoked
        from certificates c join projects pr on pr.id = c.project_id
        where c.teacher_id = ${teacherId}
        order by c.issued_at desc, c.id desc`,
  );

  const ethics = await ethicsOf(exec, teacherId);

  // Read as jsonb so optional columns of the after-training tables never break this query.
  let reflections: GrowthArchive['reflections'] = null;
  if (await tableExists(exec, 'reflections')) {
    const list = await rows<{ r: Record<string, unknown>; project_name: string | null; created: string }>(
      exec,
      sql`select to_jsonb(x) as r, pr.name as project_name, ${iso(sql`x.created_at`)} as created
          from reflections x left join projects pr on pr.id = x.project_id
          where x.teacher_id = ${teacherId}
          order by x.created_at desc, x.id desc`,
    );
    reflections = list.map(({ r, project_name, created }) => ({
      id: Number(r.id),
      projectName: project_name,
      title: typeof r.title === 'string' ? r.title : null,
      body: String(r.body ?? ''),
      status: String(r.status ?? ''),
      featured: r.featured === true,
      createdAt: created,
    }));
  }
  let reportBacks: GrowthArchive['reportBacks'] = null;
  if (await tableExists(exec, 'report_backs')) {
    const list = await rows<{ r: Record<string, unknown>; project_name: string | null }>(
      exec,
      sql`select to_jsonb(x) as r, pr.name as project_name
          from report_backs x left join projects pr on pr.id = x.project_id
          where x.teacher_id = ${teacherId}
          order by x.due_on desc, x.id desc`,
    );
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
    reportBacks = list.map(({ r, project_name }) => ({
      id: Number(r.id),
      projectName: project_name,
      dueOn: str(r.due_on),
      status: String(r.status ?? ''),
      form: str(r.form),
      heldOn: str(r.held_on),
      audience: r.audience == null ? null : Number(r.audience),
      summary: str(r.summary),
    }));
  }

  return {
    generatedAt: new Date().toISOString(),
    teacher: {
      id: p.id,
      name: p.name,
      gender: p.gender,
      idNumberMasked: p.id_masked,
      // The birth date only for those who may see the full ID number; the year for everyone.
      birthDate: seesBirthDate(user, p.id) ? birthDateOf(cipher, p.id_enc) : null,
      birthYear: p.birth_year == null ? null : Number(p.birth_year),
      schoolName: p.school_name,
      areaName: p.area_name,
      stage: p.stage,
      subject: p.subject,
      title: p.title,
      degree: p.degree,
      hireDate: p.hire_date,
      posts: p.posts ?? [],
      status: p.status,
    },
    honours: p.tags ?? [],
    trainings: trainings.map((r) => ({
      participationId: r.participation_id,
      projectId: r.project_id,
      projectName: r.project_name,
      year: r.year,
      level: r.level,
      category: r.category,
      mode: r.mode,
      startDate: r.start_date,
      endDate: r.end_date,
      hours: Number(r.hours),
      status: r.status,
      result: r.result,
      score: r.score == null ? null : Number(r.score),
    })),
    credits: {
      total: Math.round(years.reduce((a, y) => a + y.total, 0) * 10) / 10,
      years: years.map((y) => ({ schoolYear: y.schoolYear, total: y.total, byLevel: y.byLevel, bySource: y.bySource })),
    },
    certificates: certificates.map((c) => ({
      number: c.number,
      projectName: c.project_name,
      hours: Number(c.hours),
      issuer: c.issuer,
      issuedAt: c.issued_at,
      revoked: c.revoked,
    })),
    ethics,
    reflections,
    reportBacks,
  };
}
