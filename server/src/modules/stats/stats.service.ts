// The county at a glance: teachers by school type, stage, title and age, and the degree
// attainment table of seed 002 (share with 专科+ / 本科+ / 研究生 per stage). Active teachers only.
import { type Overview, STAGES } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { schoolScope } from '../../access/scope.js';
import { type Db, one, rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { notFound } from '../../http/errors.js';

export interface OverviewFilter {
  areaId?: number;
  consortiumId?: number;
  schoolId?: number;
}

/** Share as a fraction rounded to 4 places (0.8561 → shown as 85.6%). */
const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 10000 : 0);

export async function overview(read: Db, user: CurrentUser, f: OverviewFilter, today = new Date()): Promise<Overview> {
  const conds: SQL[] = [schoolScope(user, 's')];
  if (f.areaId) conds.push(sql`s.area_id = ${f.areaId}`);
  if (f.consortiumId) conds.push(sql`s.consortium_id = ${f.consortiumId}`);
  if (f.schoolId) conds.push(sql`s.id = ${f.schoolId}`);
  const where = sql.join(conds, sql` and `);

  if (f.schoolId || f.areaId || f.consortiumId) {
    const visible = await one<{ n: number }>(read, sql`select count(*)::int as n from schools s where ${where}`);
    if (!visible?.n) throw notFound('所选范围');
  }

  const orgCounts = await one<{ schools: number; areas: number; consortia: number; rural_schools: number }>(
    read,
    sql`select count(*)::int as schools, count(distinct s.area_id)::int as areas,
               count(distinct s.consortium_id)::int as consortia,
               count(*) filter (where s.urban_rural = '乡村')::int as rural_schools
        from schools s where ${where}`,
  );

  const byType = await rows<{ type: string; schools: number; teachers: number }>(
    read,
    sql`select s.type, count(distinct s.id)::int as schools, count(t.id)::int as teachers
        from schools s left join teachers t on t.school_id = s.id and t.status = '在职'
        where ${where} group by s.type`,
  );

  const thisYear = Number(today.toISOString().slice(0, 4));
  // One pass over the active teachers in scope, grouped by stage, title, degree, age band, urban/rural.
  const grouped = await rows<{
    stage: string;
    title: string | null;
    degree: string | null;
    band: string;
    rural: boolean;
    n: number;
  }>(
    read,
    sql`select t.stage, t.title, t.degree,
               -- Age reached this year: only the birth year is stored outside the encrypted ID number.
               case when t.birth_year is null then '未知'
                    when t.birth_year > ${thisYear} - 30 then '30岁以下'
                    when t.birth_year > ${thisYear} - 40 then '30-39岁'
                    when t.birth_year > ${thisYear} - 50 then '40-49岁'
                    else '50岁及以上' end as band,
               (s.urban_rural = '乡村') as rural,
               count(*)::int as n
        from teachers t join schools s on s.id = t.school_id
        where ${where} and t.status = '在职'
        group by 1, 2, 3, 4, 5`,
  );

  const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  const stage = new Map<string, number>();
  const title = new Map<string, number>();
  const band = new Map<string, number>();
  const attain = new Map<string, { n: number; jc: number; ba: number; pg: number }>();
  let teachers = 0;
  let rural = 0;
  for (const g of grouped) {
    teachers += g.n;
    if (g.rural) rural += g.n;
    add(stage, g.stage, g.n);
    add(title, g.title ?? '未填写', g.n);
    add(band, g.band, g.n);
    const a = attain.get(g.stage) ?? { n: 0, jc: 0, ba: 0, pg: 0 };
    a.n += g.n;
    if (g.degree === '专科' || g.degree === '本科' || g.degree === '研究生') a.jc += g.n;
    if (g.degree === '本科' || g.degree === '研究生') a.ba += g.n;
    if (g.degree === '研究生') a.pg += g.n;
    attain.set(g.stage, a);
  }
  const stageOrder = (s: string) => {
    const i = (STAGES as readonly string[]).indexOf(s);
    return i < 0 ? 99 : i;
  };
  const stages = [...stage.keys()].sort((a, b) => stageOrder(a) - stageOrder(b));
  const TITLE_ORDER = ['正高级教师', '高级教师', '一级教师', '二级教师', '三级教师', '未定级', '未填写'];
  const BANDS = ['30岁以下', '30-39岁', '40-49岁', '50岁及以上', '未知'];

  return {
    schoolCount: orgCounts?.schools ?? 0,
    teacherCount: teachers,
    areaCount: orgCounts?.areas ?? 0,
    consortiumCount: orgCounts?.consortia ?? 0,
    bySchoolType: byType.sort((a, b) => b.teachers - a.teachers),
    byStage: stages.map((s) => ({ stage: s, teachers: stage.get(s) ?? 0 })),
    degreeAttainment: stages.map((s) => {
      const a = attain.get(s)!;
      return {
        stage: s,
        teachers: a.n,
        juniorCollegePlus: a.jc,
        bachelorPlus: a.ba,
        postgraduate: a.pg,
        juniorCollegePlusRate: share(a.jc, a.n),
        bachelorPlusRate: share(a.ba, a.n),
        postgraduateRate: share(a.pg, a.n),
      };
    }),
    byTitle: [...title.entries()]
      .sort((a, b) => TITLE_ORDER.indexOf(a[0]) - TITLE_ORDER.indexOf(b[0]))
      .map(([t, n]) => ({ title: t, teachers: n })),
    byAgeBand: BANDS.filter((b) => band.has(b)).map((b) => ({ band: b, teachers: band.get(b) ?? 0 })),
    ruralShare: share(rural, teachers),
  };
}
