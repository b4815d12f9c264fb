// Rules of the organisation: how areas, consortia and schools change (who may: the route's permission).
import { can, type SchoolBody } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { areaScope, consortiumScope, county, schoolScope } from '../../access/scope.js';
import { type Db, type Exec, one, textArray } from '../../db/client.js';
import { diff, record } from '../../http/audit.js';
import type { Actor } from '../../http/context.js';
import { AppError, conflict, forbidden, invalid, isUniqueViolation, notFound } from '../../http/errors.js';
import { loadDictionary } from '../dictionaries/dictionaries.service.js';
import { looseName } from '../imports/run.js';
import { getSchool, type SchoolRow } from './org.repo.js';

// ---------- areas ----------

export async function createArea(db: Db, actor: Actor, input: { name: string; code?: string | null }) {
  return db.transaction(async (tx) => {
    try {
      const row = await one<{ id: number }>(
        tx,
        sql`insert into areas (region_id, name, code) values (${actor.user.regionId}, ${input.name}, ${input.code ?? null})
            returning id`,
      );
      await record(tx, actor, { action: 'area.create', entity: 'area', entityId: row!.id, after: input });
      return row!.id;
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('DUPLICATE', `学区“${input.name}”已存在`, { name: '名称已存在' });
      throw e;
    }
  });
}

export async function updateArea(db: Db, actor: Actor, id: number, input: { name?: string; code?: string | null }) {
  return db.transaction(async (tx) => {
    const before = await one<{ name: string; code: string | null }>(
      tx,
      sql`select name, code from areas where id = ${id} and ${areaScope(actor.user, 'areas')} for update`,
    );
    if (!before) throw notFound('学区');
    const d = diff(before, input);
    if (!d.changed) return;
    try {
      await tx.execute(
        sql`update areas set name = ${input.name ?? before.name}, code = ${input.code === undefined ? before.code : input.code},
            updated_at = now() where id = ${id}`,
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('DUPLICATE', `学区“${input.name}”已存在`, { name: '名称已存在' });
      throw e;
    }
    await record(tx, actor, { action: 'area.update', entity: 'area', entityId: id, before: d.before, after: d.after });
  });
}

export async function deleteArea(db: Db, actor: Actor, id: number) {
  await db.transaction(async (tx) => {
    const row = await one<{ name: string; schools: number; users: number }>(
      tx,
      sql`select a.name,
                 (select count(*)::int from schools s where s.area_id = a.id) as schools,
                 (select count(*)::int from users u where u.area_id = a.id) as users
          from areas a where a.id = ${id} and ${areaScope(actor.user, 'a')} for update`,
    );
    if (!row) throw notFound('学区');
    if (row.schools > 0) throw conflict(`学区“${row.name}”下还有 ${row.schools} 所学校，请先将学校移到其他学区`);
    if (row.users > 0) throw conflict(`学区“${row.name}”还有 ${row.users} 个管理员账号，请先调整这些账号`);
    await tx.execute(sql`delete from areas where id = ${id}`);
    await record(tx, actor, { action: 'area.delete', entity: 'area', entityId: id, before: { name: row.name } });
  });
}

// ---------- consortia ----------

async function assertSchoolInRegion(exec: Exec, regionId: number, schoolId: number, label = '学校') {
  const s = await one<{ id: number }>(
    exec,
    sql`select id from schools where id = ${schoolId} and ${schoolScope(county(regionId), 'schools')}`,
  );
  if (!s) throw invalid(`${label}不存在`, { coreSchoolId: `${label}不存在` });
}

export async function createConsortium(db: Db, actor: Actor, input: { name: string; coreSchoolId?: number | null }) {
  return db.transaction(async (tx) => {
    if (input.coreSchoolId) await assertSchoolInRegion(tx, actor.user.regionId, input.coreSchoolId, '核心校');
    let id: number;
    try {
      const row = await one<{ id: number }>(
        tx,
        sql`insert into consortia (region_id, name, core_school_id)
            values (${actor.user.regionId}, ${input.name}, ${input.coreSchoolId ?? null}) returning id`,
      );
      id = row!.id;
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('DUPLICATE', `教联体“${input.name}”已存在`, { name: '名称已存在' });
      throw e;
    }
    // The core school is a member of its consortium (a school belongs to at most one).
    if (input.coreSchoolId)
      await tx.execute(
        sql`update schools set consortium_id = ${id}, updated_at = now() where id = ${input.coreSchoolId}`,
      );
    await record(tx, actor, { action: 'consortium.create', entity: 'consortium', entityId: id, after: input });
    return id;
  });
}

export async function updateConsortium(
  db: Db,
  actor: Actor,
  id: number,
  input: { name?: string; coreSchoolId?: number | null },
) {
  await db.transaction(async (tx) => {
    const before = await one<{ name: string; coreSchoolId: number | null }>(
      tx,
      sql`select name, core_school_id as "coreSchoolId" from consortia
          where id = ${id} and ${consortiumScope(actor.user, 'consortia')} for update`,
    );
    if (!before) throw notFound('教联体');
    const d = diff(before, input);
    if (!d.changed) return;
    if (input.coreSchoolId) await assertSchoolInRegion(tx, actor.user.regionId, input.coreSchoolId, '核心校');
    try {
      await tx.execute(
        sql`update consortia set name = ${input.name ?? before.name},
              core_school_id = ${input.coreSchoolId === undefined ? before.coreSchoolId : input.coreSchoolId},
              updated_at = now() where id = ${id}`,
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('DUPLICATE', `教联体“${input.name}”已存在`, { name: '名称已存在' });
      throw e;
    }
    if (input.coreSchoolId) {
      await tx.execute(
        sql`update schools set consortium_id = ${id}, updated_at = now() where id = ${input.coreSchoolId}`,
      );
    }
    await record(tx, actor, {
      action: 'consortium.update',
      entity: 'consortium',
      entityId: id,
      before: d.before,
      after: d.after,
    });
  });
}

export async function deleteConsortium(db: Db, actor: Actor, id: number) {
  await db.transaction(async (tx) => {
    const row = await one<{ name: string; users: number }>(
      tx,
      sql`select c.name, (select count(*)::int from users u where u.consortium_id = c.id) as users
          from consortia c where c.id = ${id} and ${consortiumScope(actor.user, 'c')} for update`,
    );
    if (!row) throw notFound('教联体');
    if (row.users > 0) throw conflict(`教联体“${row.name}”还有 ${row.users} 个管理员账号，请先调整这些账号`);
    // Member schools simply leave the consortium; they stay in their area.
    await tx.execute(sql`update schools set consortium_id = null, updated_at = now() where consortium_id = ${id}`);
    await tx.execute(sql`delete from consortia where id = ${id}`);
    await record(tx, actor, {
      action: 'consortium.delete',
      entity: 'consortium',
      entityId: id,
      before: { name: row.name },
    });
  });
}

// ---------- schools ----------

async function assertOrgRefs(
  exec: Exec,
  regionId: number,
  refs: { areaId?: number | null; consortiumId?: number | null; parentSchoolId?: number | null; self?: number },
) {
  if (refs.areaId) {
    const a = await one<{ id: number }>(
      exec,
      sql`select id from areas where id = ${refs.areaId} and ${areaScope(county(regionId), 'areas')}`,
    );
    if (!a) throw invalid('所选学区不存在', { areaId: '学区不存在' });
  }
  if (refs.consortiumId) {
    const c = await one<{ id: number }>(
      exec,
      sql`select id from consortia where id = ${refs.consortiumId} and ${consortiumScope(county(regionId), 'consortia')}`,
    );
    if (!c) throw invalid('所选教联体不存在', { consortiumId: '教联体不存在' });
  }
  if (refs.parentSchoolId) {
    if (refs.parentSchoolId === refs.self) {
      throw invalid('学校不能属于自己', { parentSchoolId: '请选择另一所学校作为中心校' });
    }
    // One level: a 中心校 has 村小/教学点; those have none of their own.
    const p = await one<{ id: number; parent_school_id: number | null }>(
      exec,
      sql`select id, parent_school_id from schools where id = ${refs.parentSchoolId} and ${schoolScope(county(regionId), 'schools')}`,
    );
    if (!p) throw invalid('所选中心校不存在', { parentSchoolId: '中心校不存在' });
    if (p.parent_school_id != null) {
      throw invalid('所选学校本身隶属于其他中心校，不能作为中心校', { parentSchoolId: '请选择中心校本身' });
    }
    if (refs.self != null) {
      const kids = await one<{ n: number }>(
        exec,
        sql`select count(*)::int as n from schools where parent_school_id = ${refs.self}`,
      );
      if (kids?.n) {
        throw invalid('该校下有村小/教学点，不能再隶属于其他中心校', { parentSchoolId: '中心校不能再隶属于其他学校' });
      }
    }
  }
}

/** Type and affiliation as the county's dictionaries store them (a synonym becomes the entry). */
async function checkTerms(
  exec: Exec,
  regionId: number,
  input: { type?: string; affiliation?: string | null },
  keep: {
    type?: string;
    affiliation?: string | null;
  },
) {
  const dict = await loadDictionary(exec, regionId, ['school_type', 'school_affiliation']);
  const out: { type?: string; affiliation?: string | null } = {};
  // 镇乡小学 and the like: the type 小学 with its affiliation, as the import reads them.
  const pair =
    input.type !== undefined && !dict.resolve('school_type', input.type) && dict.typeWithAffiliation(input.type);
  if (pair) {
    out.type = pair.type;
    if (input.affiliation == null) out.affiliation = pair.affiliation;
  } else if (input.type !== undefined) out.type = dict.check('school_type', input.type, 'type', [keep.type ?? null]);
  if (input.affiliation != null) {
    out.affiliation = dict.check('school_affiliation', input.affiliation, 'affiliation', [keep.affiliation ?? null]);
  } else if (input.affiliation === null && !pair) out.affiliation = null;
  return out;
}

const cleanAliases = (list: readonly string[] | undefined, name: string) =>
  list === undefined
    ? undefined
    : [...new Set(list.map((a) => a.trim()).filter((a) => a && looseName(a) !== looseName(name)))];

const schoolSnapshot = (r: SchoolRow) => ({
  name: r.name,
  code: r.code,
  type: r.type,
  affiliation: r.affiliation,
  urbanRural: r.urban_rural,
  areaId: r.area_id,
  consortiumId: r.consortium_id,
  parentSchoolId: r.parent_school_id,
  aliases: r.aliases ?? [],
  address: r.address,
  principal: r.principal,
  phone: r.phone,
});

export async function createSchool(db: Db, actor: Actor, body: SchoolBody) {
  return db.transaction(async (tx) => {
    const regionId = actor.user.regionId;
    await assertOrgRefs(tx, regionId, body);
    const input = {
      ...body,
      ...(await checkTerms(tx, regionId, body, {})),
      aliases: cleanAliases(body.aliases, body.name),
    };
    try {
      const row = await one<{ id: number }>(
        tx,
        sql`insert into schools (region_id, area_id, consortium_id, parent_school_id, name, code, type, affiliation,
              urban_rural, aliases, address, principal, phone)
            values (${regionId}, ${input.areaId ?? null}, ${input.consortiumId ?? null}, ${input.parentSchoolId ?? null},
                    ${input.name}, ${input.code ?? null}, ${input.type}, ${input.affiliation ?? null}, ${input.urbanRural},
                    ${textArray(input.aliases ?? [])}, ${input.address ?? null}, ${input.principal ?? null}, ${input.phone ?? null})
            returning id`,
      );
      await record(tx, actor, { action: 'school.create', entity: 'school', entityId: row!.id, after: input });
      return row!.id;
    } catch (e) {
      if (isUniqueViolation(e))
        throw new AppError('DUPLICATE', `学校“${input.name}”已存在`, { name: '学校名称已存在' });
      throw e;
    }
  });
}

/** Fields an area or school admin may correct on their own schools; the rest is the county's. */
const CONTACT_FIELDS = ['address', 'principal', 'phone'] as const;

export async function updateSchool(db: Db, actor: Actor, id: number, input: Partial<SchoolBody>) {
  await db.transaction(async (tx) => {
    const current = await getSchool(tx, actor.user, id);
    if (!current) throw notFound('学校');
    if (!can(actor.user.role, 'org.manage')) {
      const extra = Object.keys(input).filter(
        (k) => input[k as keyof SchoolBody] !== undefined && !CONTACT_FIELDS.includes(k as never),
      );
      if (extra.length) throw forbidden('只有县级管理员可以修改学校名称、类型、隶属、学区、教联体和中心校');
    }
    const before = schoolSnapshot(current);
    const regionId = actor.user.regionId;
    const checked = {
      ...input,
      ...(await checkTerms(tx, regionId, input, before)),
      aliases: cleanAliases(input.aliases, input.name ?? before.name),
    };
    const d = diff(before, checked);
    if (!d.changed) return;
    const next = { ...before, ...Object.fromEntries(Object.entries(checked).filter(([, v]) => v !== undefined)) };
    await assertOrgRefs(tx, regionId, {
      areaId: next.areaId,
      consortiumId: next.consortiumId,
      parentSchoolId: 'parentSchoolId' in d.after ? next.parentSchoolId : null,
      self: id,
    });
    try {
      await tx.execute(
        sql`update schools set name = ${next.name}, code = ${next.code ?? null}, type = ${next.type},
              affiliation = ${next.affiliation ?? null}, urban_rural = ${next.urbanRural}, area_id = ${next.areaId ?? null},
              consortium_id = ${next.consortiumId ?? null}, parent_school_id = ${next.parentSchoolId ?? null},
              aliases = ${textArray(next.aliases ?? [])}, address = ${next.address ?? null},
              principal = ${next.principal ?? null}, phone = ${next.phone ?? null}, updated_at = now()
            where id = ${id}`,
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('DUPLICATE', `学校“${next.name}”已存在`, { name: '学校名称已存在' });
      throw e;
    }
    // A school that leaves a consortium cannot remain its core school.
    if (current.is_core && next.consortiumId !== current.consortium_id) {
      await tx.execute(sql`update consortia set core_school_id = null where core_school_id = ${id}`);
    }
    await record(tx, actor, {
      action: 'school.update',
      entity: 'school',
      entityId: id,
      before: d.before,
      after: d.after,
    });
  });
}

export async function deleteSchool(db: Db, actor: Actor, id: number) {
  await db.transaction(async (tx) => {
    const row = await one<{ name: string; teachers: number; users: number; children: number }>(
      tx,
      sql`select s.name,
                 (select count(*)::int from teachers t where t.school_id = s.id) as teachers,
                 (select count(*)::int from schools k where k.parent_school_id = s.id) as children,
                 (select count(*)::int from users u where u.school_id = s.id and u.role <> 'teacher') as users
          from schools s where s.id = ${id} and ${schoolScope(actor.user, 's')} for update`,
    );
    if (!row) throw notFound('学校');
    if (row.teachers > 0) throw conflict(`学校“${row.name}”还有 ${row.teachers} 名教师（含退休、调出），不能删除`);
    if (row.users > 0) throw conflict(`学校“${row.name}”还有 ${row.users} 个管理员账号，请先调整这些账号`);
    if (row.children > 0)
      throw conflict(`学校“${row.name}”下还有 ${row.children} 所村小/教学点，请先调整它们的所属中心校`);
    await tx.execute(sql`update consortia set core_school_id = null where core_school_id = ${id}`);
    await tx.execute(sql`delete from schools where id = ${id}`);
    await record(tx, actor, { action: 'school.delete', entity: 'school', entityId: id, before: { name: row.name } });
  });
}
