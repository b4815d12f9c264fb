// The county at a glance: teachers by school type, stage, title, age, subject and honour, and the
// degree attainment table of the county's yearly report (share with 专科+ / 本科+ / 研究生 per
// stage). Active teachers only. Groups follow the county's own dictionaries: their order, their
// categories (a county's own 骨干类别 shows up as itself), degree ranks by the dictionary's order.
// A school chosen as the scope counts its 村小/教学点 too (they are also counted as themselves).
import type { DictionaryKind, Overview } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { schoolScope } from '../../access/scope.js';
import { type Db, one, rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { type Dictionary, loadDictionary } from '../dictionaries/dictionaries.service.js';

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
  if (f.schoolId) conds.push(sql`(s.id = ${f.schoolId} or s.parent_school_id = ${f.schoolId})`);
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

  const dict = await loadDictionary(read, user.regionId, [
    'school_type',
    'stage',
    'subject',
    'title',
    'degree',
    'honour',
  ]);
  const [byHonour, bySubject] = await Promise.all([
    rows<{ value: string; n: number }>(
      read,
      sql`select x as value, count(*)::int as n from teachers t join schools s on s.id = t.school_id,
                 unnest(t.tags) x
          where ${where} and t.status = '在职' group by 1`,
    ),
    rows<{ subject: string; n: number }>(
      read,
      sql`select t.subject, count(*)::int as n from teachers t join schools s on s.id = t.school_id
          where ${where} and t.status = '在职' group by 1`,
    ),
  ]);

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
  // 专科及以上 … by the county's order of degrees (lowest first), from the entries 专科/本科/研究生 stand for.
  const degreeRank = (d: string | null) => dict.rank('degree', d) ?? -1;
  const threshold = (v: string) => {
    const hit = dict.resolve('degree', v);
    return hit ? (dict.rank('degree', hit.entry.value) ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
  };
  const [jcFrom, baFrom, pgFrom] = [threshold('专科'), threshold('本科'), threshold('研究生')];
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
    const rank = degreeRank(g.degree);
    if (rank >= jcFrom) a.jc += g.n;
    if (rank >= baFrom) a.ba += g.n;
    if (rank >= pgFrom) a.pg += g.n;
    attain.set(g.stage, a);
  }
  const stages = [...stage.keys()].sort(byDictionary(dict, 'stage'));
  const BANDS = ['30岁以下', '30-39岁', '40-49岁', '50岁及以上', '未知'];
  // Titles highest first (the dictionary lists them lowest first); 未填写 last.
  const titleOrder = byDictionary(dict, 'title');
  const titles = [...title.entries()].sort((a, b) =>
    a[0] === '未填写' ? 1 : b[0] === '未填写' ? -1 : titleOrder(b[0], a[0]),
  );

  return {
    schoolCount: orgCounts?.schools ?? 0,
    teacherCount: teachers,
    areaCount: orgCounts?.areas ?? 0,
    consortiumCount: orgCounts?.consortia ?? 0,
    bySchoolType: byType.sort((a, b) => byDictionary(dict, 'school_type')(a.type, b.type)),
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
    byTitle: titles.map(([t, n]) => ({ title: t, teachers: n })),
    byAgeBand: BANDS.filter((b) => band.has(b)).map((b) => ({ band: b, teachers: band.get(b) ?? 0 })),
    byHonour: byHonour
      .sort((a, b) => byDictionary(dict, 'honour')(a.value, b.value))
      .map((h) => ({ value: h.value, level: dict.entry('honour', h.value)?.level ?? null, teachers: Number(h.n) })),
    bySubject: bySubject
      .sort((a, b) => byDictionary(dict, 'subject')(a.subject, b.subject))
      .map((x) => ({ subject: x.subject, teachers: Number(x.n) })),
    ruralShare: share(rural, teachers),
  };
}

/** Compares two stored values by the county's order of the kind; values it lacks go last, by name. */
function byDictionary(dict: Dictionary, kind: DictionaryKind) {
  const order = new Map(dict.entries(kind, true).map((e, i) => [e.value, i]));
  return (a: string, b: string) => {
    const i = order.get(a) ?? Number.MAX_SAFE_INTEGER;
    const j = order.get(b) ?? Number.MAX_SAFE_INTEGER;
    return i - j || a.localeCompare(b, 'zh-CN');
  };
}
