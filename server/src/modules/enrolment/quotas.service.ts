// 名额分配: the county splits a project's places among schools, by hand or by a proportional
// proposal (teachers per school, rural schools weighted), saved only when the county confirms.
import {
  PLACE_HOLDING_STATUSES,
  type ProjectQuotaList,
  type ProjectQuotaRow,
  type QuotaAllocateBody,
  type QuotaProposal,
  type QuotaPutBody,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import { countyOf, schoolScope } from '../../access/scope.js';
import { type Db, type Exec, intArray, rows } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, invalid } from '../../http/errors.js';
import {
  eligibleSql,
  isSchoolProject,
  loadProject,
  type ProjectRow,
  placeLimit,
  statusList,
  statusRefusal,
} from './enrolment.shared.js';

// ---------- the allocation rule (pure) ----------

export interface AllocationSchool {
  schoolId: number;
  /** Teachers who could go (eligible serving teachers): also the most places the school can use. */
  teachers: number;
  rural: boolean;
}

export interface Allocation {
  quotas: Map<number, number>;
  allocated: number;
  /** Places that could not be given because the schools have too few teachers. */
  shortfall: number;
}

/**
 * Splits `total` places proportionally to each school's teachers, rural schools' teachers
 * counting `ruralWeight` times, with the largest-remainder method so the sum is exactly `total`;
 * no school gets more places than it has teachers (the excess goes to the others). Integer
 * arithmetic throughout (weights in hundredths), so ties and rounding are exact and repeatable:
 * equal remainders go to the larger weight, then the lower school id.
 */
export function allocateQuotas(schools: AllocationSchool[], total: number, ruralWeight = 1): Allocation {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer: ${total}`);
  const rw = Math.round(ruralWeight * 100);
  const quotas = new Map<number, number>(schools.map((s) => [s.schoolId, 0]));
  const capacity = schools.reduce((n, s) => n + Math.max(0, s.teachers), 0);
  if (total >= capacity) {
    for (const s of schools) quotas.set(s.schoolId, Math.max(0, s.teachers));
    return { quotas, allocated: capacity, shortfall: total - capacity };
  }
  const weight = (s: AllocationSchool) => s.teachers * (s.rural ? rw : 100);
  let active = schools.filter((s) => s.teachers > 0);
  let remaining = total;
  // Schools whose proportional share reaches their teacher count are capped; the rest share again.
  for (;;) {
    const W = active.reduce((n, s) => n + weight(s), 0);
    const capped = active.filter((s) => remaining * weight(s) >= s.teachers * W);
    if (!capped.length) break;
    for (const s of capped) {
      quotas.set(s.schoolId, s.teachers);
      remaining -= s.teachers;
    }
    active = active.filter((s) => !capped.includes(s));
  }
  const W = active.reduce((n, s) => n + weight(s), 0);
  if (W > 0) {
    const shares = active.map((s) => {
      const num = remaining * weight(s);
      return { s, floor: Math.floor(num / W), rest: num % W };
    });
    let left = remaining - shares.reduce((n, x) => n + x.floor, 0);
    shares.sort((a, b) => b.rest - a.rest || weight(b.s) - weight(a.s) || a.s.schoolId - b.s.schoolId);
    for (const x of shares) {
      const extra = left > 0 ? 1 : 0;
      left -= extra;
      quotas.set(x.s.schoolId, x.floor + extra);
    }
  }
  return { quotas, allocated: total, shortfall: 0 };
}

// ---------- reads ----------

type QuotaDbRow = {
  school_id: number;
  school_name: string;
  area_id: number | null;
  area_name: string | null;
  urban_rural: string;
  quota: number | null;
  nominated: number;
  approved: number;
};

/**
 * Quotas per school with nominations and places taken. A school admin sees only its own row, an
 * area admin its schools'; `all` adds the schools in scope that have no quota (allocation screen).
 */
export async function listQuotas(db: Db, user: CurrentUser, projectId: number, all = false): Promise<ProjectQuotaList> {
  const p = await loadProject(db, user, projectId);
  const list = await rows<QuotaDbRow>(
    db,
    sql`select s.id as school_id, s.name as school_name, s.area_id, a.name as area_name, s.urban_rural,
               q.quota, coalesce(c.nominated, 0)::int as nominated, coalesce(c.approved, 0)::int as approved
        from schools s
        left join areas a on a.id = s.area_id
        left join project_quotas q on q.project_id = ${p.id} and q.school_id = s.id
        left join (select school_id,
                          count(*) filter (where status = 'nominated') as nominated,
                          count(*) filter (where status = any(${statusList(PLACE_HOLDING_STATUSES)})) as approved
                   from participations where project_id = ${p.id} group by school_id) c on c.school_id = s.id
        where ${schoolScope(user, 's')}
          ${all ? sql`` : sql`and (q.quota is not null or c.school_id is not null)`}
        order by a.name, s.name, s.id`,
  );
  const items: ProjectQuotaRow[] = list.map((r) => ({
    schoolId: r.school_id,
    schoolName: r.school_name,
    areaId: r.area_id,
    areaName: r.area_name,
    urbanRural: r.urban_rural,
    quota: r.quota,
    nominated: Number(r.nominated),
    approved: Number(r.approved),
  }));
  const sum = (f: (x: ProjectQuotaRow) => number) => items.reduce((n, x) => n + f(x), 0);
  return {
    items,
    total: items.length,
    limit: placeLimit(p),
    allocated: sum((x) => x.quota ?? 0),
    nominated: sum((x) => x.nominated),
    approved: sum((x) => x.approved),
  };
}

function assertQuotasEditable(p: ProjectRow) {
  if (isSchoolProject(p)) throw conflict('校培项目由学校自行组织，不分配名额');
  if (p.status !== 'published' && p.status !== 'enrolling')
    statusRefusal(p, '只有“已发布”或“报名中”的项目可以分配名额');
}

// ---------- writes ----------

/**
 * Replaces the project's quotas with the given list (schools left out lose their quota), in one
 * transaction. The sum may not exceed the project's places; no school may drop below the
 * nominations and places it already has.
 */
export async function saveQuotas(db: Db, actor: Actor, projectId: number, body: QuotaPutBody): Promise<void> {
  const user = actor.user;
  await db.transaction(async (tx) => {
    const p = await loadProject(tx, user, projectId, true);
    assertQuotasEditable(p);
    const seen = new Set<number>();
    for (const [i, r] of body.entries()) {
      if (seen.has(r.schoolId)) throw invalid(`第 ${i + 1} 行：学校重复`, { [`${i}.schoolId`]: '学校重复' });
      seen.add(r.schoolId);
    }
    const ids = [...seen];
    const known = await rows<{ id: number; name: string }>(
      tx,
      sql`select id, name from schools where ${schoolScope(countyOf(user), 'schools')} and id = any(${intArray(ids)})`,
    );
    const names = new Map(known.map((s) => [s.id, s.name]));
    for (const [i, r] of body.entries()) {
      if (!names.has(r.schoolId)) {
        throw invalid(`第 ${i + 1} 行：学校不存在或不属于本县`, { [`${i}.schoolId`]: '学校不存在或不属于本县' });
      }
    }
    const limit = placeLimit(p);
    const sum = body.reduce((n, r) => n + r.quota, 0);
    if (limit != null && sum > limit) {
      const what = p.upper_quota != null && limit === p.upper_quota ? '上级下达名额' : '项目容量';
      throw invalid(`名额合计 ${sum} 人，超过${what} ${limit} 人`, { _: `名额合计不能超过 ${limit}` });
    }
    // Nominations and places already taken per school: a quota may not fall below them.
    const used = await rows<{ school_id: number; school_name: string; n: number }>(
      tx,
      sql`select pa.school_id, s.name as school_name, count(*)::int as n
          from participations pa join schools s on s.id = pa.school_id
          where pa.project_id = ${p.id} and pa.status = any(${statusList(['nominated', ...PLACE_HOLDING_STATUSES])})
          group by pa.school_id, s.name`,
    );
    const wanted = new Map(body.map((r) => [r.schoolId, r.quota]));
    for (const u of used) {
      const q = wanted.get(u.school_id) ?? 0;
      if (q < Number(u.n)) {
        throw conflict(`${u.school_name}已推荐或录取 ${u.n} 人，名额不能少于 ${u.n} 人`, {
          [String(u.school_id)]: `名额不能少于 ${u.n} 人`,
        });
      }
    }
    const before = await rows<{ school_id: number; quota: number }>(
      tx,
      sql`select school_id, quota from project_quotas where project_id = ${p.id} order by school_id`,
    );
    await tx.execute(sql`delete from project_quotas where project_id = ${p.id}`);
    if (body.length) {
      await tx.execute(
        sql`insert into project_quotas (project_id, school_id, region_id, quota)
            select ${p.id}, x.school_id, ${p.region_id}, x.quota
            from unnest(${intArray(body.map((r) => r.schoolId))}, ${intArray(body.map((r) => r.quota))})
              as x(school_id, quota)`,
      );
    }
    const asMap = (list: Array<{ school_id: number; quota: number }>) =>
      Object.fromEntries(list.map((r) => [names.get(r.school_id) ?? String(r.school_id), r.quota]));
    await record(tx, actor, {
      action: 'project.quotas',
      entity: 'project',
      entityId: p.id,
      before: { quotas: asMap(before) },
      after: { quotas: asMap(body.map((r) => ({ school_id: r.schoolId, quota: r.quota }))), total: sum },
    });
  });
}

/** A proportional proposal (nothing is saved: the county adjusts it and saves with PUT). */
export async function proposeQuotas(
  db: Db,
  user: CurrentUser,
  projectId: number,
  body: QuotaAllocateBody,
): Promise<QuotaProposal> {
  const p = await loadProject(db, user, projectId);
  assertQuotasEditable(p);
  const total = body.total ?? placeLimit(p);
  if (total == null) throw invalid('项目未设定容量，请填写要分配的名额总数', { total: '请填写名额总数' });
  const counts = await teacherCounts(db, user, p, body);
  const alloc = allocateQuotas(
    counts.map((c) => ({ schoolId: c.school_id, teachers: Number(c.n), rural: c.urban_rural === '乡村' })),
    total,
    body.ruralWeight,
  );
  return {
    items: counts.map((c) => ({
      schoolId: c.school_id,
      schoolName: c.school_name,
      urbanRural: c.urban_rural,
      teachers: Number(c.n),
      weight: c.urban_rural === '乡村' ? body.ruralWeight : 1,
      quota: alloc.quotas.get(c.school_id) ?? 0,
    })),
    total,
    allocated: alloc.allocated,
    shortfall: alloc.shortfall,
  };
}

/** Serving (and, by default, eligible) teachers per school of the region, in one query. */
async function teacherCounts(exec: Exec, user: CurrentUser, p: ProjectRow, body: QuotaAllocateBody) {
  const list = await rows<{ school_id: number; school_name: string; urban_rural: string; n: number }>(
    exec,
    sql`select s.id as school_id, s.name as school_name, s.urban_rural,
               count(t.id) filter (where ${body.eligibleOnly ? eligibleSql(p.eligibility, p.start_date) : sql`t.status = '在职'`})::int as n
        from schools s left join teachers t on t.school_id = s.id
        where ${schoolScope(countyOf(user), 's')}
          ${body.schoolIds ? sql`and s.id = any(${intArray(body.schoolIds)})` : sql``}
        group by s.id, s.name, s.urban_rural
        order by s.id`,
  );
  if (body.schoolIds) {
    const found = new Set(list.map((r) => r.school_id));
    const missing = body.schoolIds.filter((id) => !found.has(id));
    if (missing.length) {
      throw invalid(`学校不存在或不属于本县：${missing.join('、')}`, { schoolIds: '包含不存在的学校' });
    }
  }
  return list;
}
