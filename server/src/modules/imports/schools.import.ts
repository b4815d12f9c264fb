// School list import (county admins): match on the school name within the region; 学区 and 教联体
// are optional, missing ones created by name; 是否核心校 sets (or clears) the consortium's core
// school; 所属中心校 puts a 村小/教学点 under a school; 简称 are the names teachers' sheets may use.
// Types and affiliations go through the county's dictionaries: 镇乡小学 reads as type 小学 with
// affiliation 镇乡.
import { dictionaryKey, type ImportChange, type ImportResult } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { areaScope, consortiumScope, county, schoolScope } from '../../access/scope.js';
import { rows, type Tx } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import type { ImportTerms } from '../dictionaries/import-terms.js';
import { compileSpecs, SCHOOL_FIELDS, type SchoolField } from './headers.js';
import { type JobReporter, yieldToLoop } from './jobs.js';
import { parseAnyPhone, parseTerm, parseYesNo, splitMulti } from './parse.js';
import {
  chunks,
  type ImportDeps,
  type Importer,
  type ImportOptions,
  labelsOf,
  looseName,
  type Plan,
  type PlannedRow,
  pgTextArray,
  RowCtx,
  runImport,
  YIELD_EVERY,
} from './run.js';
import { findSchool } from './school-names.js';
import type { ReadSheet } from './spreadsheet.js';
import { URBAN } from './vocab.js';

interface SchoolValues {
  name: string;
  code: string | null;
  type: string;
  affiliation: string | null;
  urbanRural: string;
  area: string | null;
  consortium: string | null;
  /** Name of the 中心校 it belongs to. */
  parent: string | null;
  aliases: string[];
  address: string | null;
  principal: string | null;
  phone: string | null;
}
type Key = keyof SchoolValues;

interface ExistingSchool {
  id: number;
  name: string;
  code: string | null;
  type: string;
  affiliation: string | null;
  urban_rural: string;
  area_id: number | null;
  consortium_id: number | null;
  parent_school_id: number | null;
  aliases: string[] | null;
  address: string | null;
  principal: string | null;
  phone: string | null;
}

export interface SchoolPlan extends Plan {
  newAreas: string[];
  newConsortia: string[];
  creates: Array<{ row: number; values: SchoolValues }>;
  updates: Array<{
    row: number;
    id: number;
    values: SchoolValues;
    before: Partial<SchoolValues>;
    after: Partial<SchoolValues>;
  }>;
  /** Consortium (by name) → school (by name) to become its core school. */
  setCore: Array<{ consortium: string; school: string }>;
  /** Consortia whose core school (by id) stops being core. */
  clearCore: Array<{ consortiumId: number; schoolId: number }>;
}

const LABELS = labelsOf(SCHOOL_FIELDS);
const FIELD_NAMES: Record<Key, string> = {
  name: '学校名称',
  code: '学校代码',
  type: '学校类型',
  affiliation: '办学性质/隶属',
  urbanRural: '城乡',
  area: '学区',
  consortium: '教联体',
  parent: '所属中心校',
  aliases: '简称',
  address: '地址',
  principal: '校长',
  phone: '联系电话',
};
const INSERT_BATCH = 1000;
const AUDIT_BATCH = 500;

function textField(r: RowCtx<SchoolField>, f: SchoolField, max: number): string | undefined {
  const s = r.text(f).replace(/\s+/g, ' ');
  if (s.length > max) {
    r.err(f, `${r.column(f)}过长（最多${max}个字符）`);
    return undefined;
  }
  return s;
}

const NONE = new Set(['无', '否', '-', '/', '—', '暂无'].map(dictionaryKey));
/** 镇乡 → 乡村, 直属 → 城镇: what a school's affiliation says about 城乡 when the sheet does not. */
const URBAN_BY_AFFILIATION: Record<string, string> = { 镇乡: '乡村', 直属: '城镇' };

/**
 * The type cell: a type of the dictionary, or an affiliation before one (镇乡小学, 县直小学, 民办幼儿园)
 * read as both; anything else goes to the import's unknown values.
 */
function typeAndAffiliation(
  r: RowCtx<SchoolField>,
  terms: ImportTerms,
): { type?: string; affiliation?: string } | undefined {
  const raw = r.text('type');
  const dict = terms.dict;
  if (dict.resolve('school_type', raw) || terms.mappedTo('school_type', raw) !== undefined) {
    const type = terms.one(r, 'type', 'school_type');
    return type == null ? undefined : { type };
  }
  const pair = dict.typeWithAffiliation(raw);
  if (pair) {
    terms.note('school_type', '学校类型', raw, `${pair.type}（${pair.affiliation}）`, 'synonym');
    return pair;
  }
  const type = terms.one(r, 'type', 'school_type');
  return type == null ? undefined : { type };
}

export async function planSchools(
  deps: ImportDeps,
  user: CurrentUser,
  sheet: ReadSheet<SchoolField>,
  job: JobReporter,
  terms: ImportTerms,
): Promise<SchoolPlan> {
  const regionId = user.regionId;
  const [schools, areas, consortia] = await Promise.all([
    rows<ExistingSchool>(
      deps.db,
      sql`select id, name, code, type, affiliation, urban_rural, area_id, consortium_id, parent_school_id, aliases,
                 address, principal, phone
          from schools where ${schoolScope(county(regionId), 'schools')}`,
    ),
    rows<{ id: number; name: string }>(
      deps.db,
      sql`select id, name from areas where ${areaScope(county(regionId), 'areas')}`,
    ),
    rows<{ id: number; name: string; core_school_id: number | null }>(
      deps.db,
      sql`select id, name, core_school_id from consortia where ${consortiumScope(county(regionId), 'consortia')}`,
    ),
  ]);
  const finder = <T extends { name: string }>(list: T[]) => {
    const exact = new Map(list.map((x) => [x.name, x]));
    const loose = new Map<string, T | null>();
    for (const x of list) {
      const k = looseName(x.name);
      loose.set(k, loose.has(k) ? null : x);
    }
    return (name: string) => exact.get(name) ?? loose.get(looseName(name)) ?? undefined;
  };
  const findSchoolRow = finder(schools);
  const schoolNames = findSchool(schools.map((x) => ({ ...x, aliases: x.aliases ?? [] })));
  const findArea = finder(areas);
  const findConsortium = finder(consortia);
  const areaName = new Map(areas.map((a) => [a.id, a.name]));
  const consortiumById = new Map(consortia.map((c) => [c.id, c]));
  const schoolById = new Map(schools.map((x) => [x.id, x]));

  const plan: SchoolPlan = {
    rows: [],
    errors: [],
    warnings: [],
    writeCount: 0,
    newAreas: [],
    newConsortia: [],
    creates: [],
    updates: [],
    setCore: [],
    clearCore: [],
  };
  const firstRow = new Map<string, number>();
  const coreClaimedAt = new Map<string, number>();
  const newAreas = new Set<string>();
  const newConsortia = new Set<string>();
  const show = (v: unknown) => (v == null || v === '' ? '空' : Array.isArray(v) ? v.join('、') || '空' : String(v));
  // The file's own schools, so a 村小 may name a 中心校 listed in the same sheet.
  const inFile = new Map<string, { row: number; hasParent: boolean }>();
  for (const row of sheet.rows) {
    const c = sheet.columns.name;
    const name = c ? String(row.cells[c.index] ?? '').trim() : '';
    const pc = sheet.columns.parent;
    const parent = pc ? String(row.cells[pc.index] ?? '').trim() : '';
    if (name)
      inFile.set(looseName(name), { row: row.row, hasParent: parent !== '' && !NONE.has(dictionaryKey(parent)) });
  }

  for (let i = 0; i < sheet.rows.length; i++) {
    const r = new RowCtx(sheet.rows[i]!, sheet.columns, LABELS);
    const p: Partial<SchoolValues> = {};
    let name: string | undefined;
    if (r.has('name')) name = textField(r, 'name', 80);
    else r.err('name', '学校名称不能为空');
    if (name) {
      const first = firstRow.get(looseName(name));
      if (first !== undefined) r.err('name', `学校名称与第${first}行重复`);
      else firstRow.set(looseName(name), r.row.row);
    }
    const found = name ? findSchoolRow(name) : undefined;

    if (r.has('type')) {
      const t = typeAndAffiliation(r, terms);
      if (t?.type) p.type = t.type;
      if (t?.affiliation) p.affiliation = t.affiliation;
    }
    if (r.has('affiliation')) {
      const v = terms.one(r, 'affiliation', 'school_affiliation');
      if (v !== undefined) {
        if (p.affiliation && v && v !== p.affiliation) {
          r.warn('affiliation', `学校类型写的是“${p.affiliation}”，办学性质/隶属列是“${v}”，按隶属列记为${v}`);
        }
        p.affiliation = v;
      }
    }
    if (r.has('urbanRural')) {
      const v = r.take('urbanRural', parseTerm(r.cell('urbanRural'), r.column('urbanRural'), URBAN));
      if (v) p.urbanRural = v;
    }
    if (r.has('area')) {
      const raw = r.text('area');
      if (NONE.has(dictionaryKey(raw))) p.area = null;
      else {
        const v = textField(r, 'area', 50);
        if (v) p.area = findArea(v)?.name ?? v;
      }
    }
    if (r.has('consortium')) {
      const raw = r.text('consortium');
      if (NONE.has(dictionaryKey(raw))) p.consortium = null;
      else {
        const v = textField(r, 'consortium', 50);
        if (v) p.consortium = findConsortium(v)?.name ?? v;
      }
    }
    if (r.has('parent')) {
      const raw = r.text('parent');
      if (NONE.has(dictionaryKey(raw))) p.parent = null;
      else if (name && looseName(raw) === looseName(name)) r.err('parent', '所属中心校不能是学校自己');
      else {
        const existing = schoolNames.find(raw)?.school;
        const own = inFile.get(looseName(raw));
        if (existing) {
          if (existing.parent_school_id != null && !own) {
            r.err('parent', `“${existing.name}”本身隶属于其他中心校，不能作为中心校`);
          } else if (own?.hasParent)
            r.err('parent', `“${raw}”在第${own.row}行也填了所属中心校，中心校不能再隶属于其他学校`);
          else p.parent = existing.name;
        } else if (own) {
          if (own.hasParent) r.err('parent', `“${raw}”在第${own.row}行也填了所属中心校，中心校不能再隶属于其他学校`);
          else p.parent = raw;
        } else {
          const guess = schoolNames.suggest(raw);
          r.err(
            'parent',
            `所属中心校“${raw}”不存在${guess ? `，是否为“${guess.name}”？` : ''}（须为已有学校或本表中的学校）`,
          );
        }
      }
    }
    if (r.has('aliases')) {
      const list = splitMulti(r.text('aliases')).filter((a) => !NONE.has(dictionaryKey(a)));
      const long = list.find((a) => a.length > 40);
      if (long) r.err('aliases', `简称“${long}”过长（最多40个字符）`);
      else p.aliases = [...new Set(list)];
    }
    if (r.has('code')) p.code = textField(r, 'code', 30);
    if (r.has('address')) p.address = textField(r, 'address', 200);
    if (r.has('principal')) p.principal = textField(r, 'principal', 30);
    if (r.has('phone')) {
      const v = parseAnyPhone(r.cell('phone'), r.column('phone'));
      if ('error' in v) r.warn('phone', `${v.error}；该电话未导入`);
      else p.phone = v.value;
    }
    let isCore: boolean | undefined;
    if (r.has('isCore'))
      isCore = r.take('isCore', parseYesNo(r.cell('isCore'), r.column('isCore'), ['核心校'], ['成员校']));

    const parentName = (id: number | null) => (id == null ? null : (schoolById.get(id)?.name ?? null));
    const before: SchoolValues | undefined = found && {
      name: found.name,
      code: found.code,
      type: found.type,
      affiliation: found.affiliation,
      urbanRural: found.urban_rural,
      area: found.area_id == null ? null : (areaName.get(found.area_id) ?? null),
      consortium: found.consortium_id == null ? null : (consortiumById.get(found.consortium_id)?.name ?? null),
      parent: parentName(found.parent_school_id),
      aliases: found.aliases ?? [],
      address: found.address,
      principal: found.principal,
      phone: found.phone,
    };
    if (!found) {
      if (!p.type && !r.has('type')) r.err('type', '学校类型不能为空（新增学校时必填）');
      if (!p.urbanRural && !r.has('urbanRural')) {
        const guess = p.affiliation ? URBAN_BY_AFFILIATION[p.affiliation] : undefined;
        if (guess) {
          p.urbanRural = guess;
          r.warn('urbanRural', `城乡为空，按隶属“${p.affiliation}”记为${guess}`);
        } else r.err('urbanRural', '城乡不能为空（新增学校时必填；也可填写隶属“镇乡”或“直属”）');
      }
    }
    const values = {
      ...(before ?? {
        code: null,
        affiliation: null,
        area: null,
        consortium: null,
        parent: null,
        aliases: [],
        address: null,
        principal: null,
        phone: null,
      }),
      ...p,
    };
    if (name) values.name = found ? found.name : name;

    // Core school: one per consortium; the school must belong to it.
    const currentCoreOf =
      found?.consortium_id != null && consortiumById.get(found.consortium_id)?.core_school_id === found.id
        ? consortiumById.get(found.consortium_id)
        : undefined;
    const coreNotes: string[] = [];
    let coreChange = false;
    if (isCore === true) {
      if (!values.consortium) r.err('isCore', '设为核心校须同时填写所属教联体');
      else {
        const claimed = coreClaimedAt.get(values.consortium);
        if (claimed !== undefined) r.err('isCore', `教联体“${values.consortium}”已在第${claimed}行指定了核心校`);
        else if (r.errors.length === 0) {
          const c = findConsortium(values.consortium);
          if (!c || !found || c.core_school_id !== found.id) {
            coreChange = true;
            const old = c?.core_school_id != null ? schoolById.get(c.core_school_id) : undefined;
            coreNotes.push(`设为教联体“${values.consortium}”核心校${old ? `（原核心校：${old.name}）` : ''}`);
          }
        }
      }
    }
    plan.warnings!.push(...r.warnings);
    if (r.errors.length) {
      plan.errors.push(...r.errors);
      plan.rows.push({
        row: r.row.row,
        action: 'error',
        label: `${name ?? `第${r.row.row}行`}：${r.errors.map((e) => e.message).join('；')}`,
      });
    } else {
      const v = values as SchoolValues;
      if (isCore === true && v.consortium) coreClaimedAt.set(v.consortium, r.row.row);
      if (isCore === true && coreChange) plan.setCore.push({ consortium: v.consortium!, school: v.name });
      // Leaving a consortium, or an explicit 否, ends being its core school.
      if (currentCoreOf && found && (isCore === false || v.consortium !== currentCoreOf.name)) {
        plan.clearCore.push({ consortiumId: currentCoreOf.id, schoolId: found.id });
        coreChange = true;
        coreNotes.push(`不再是教联体“${currentCoreOf.name}”核心校`);
      }
      if (v.area && !findArea(v.area) && !newAreas.has(v.area)) {
        newAreas.add(v.area);
        coreNotes.push(`将新建学区“${v.area}”`);
      }
      if (v.consortium && !findConsortium(v.consortium) && !newConsortia.has(v.consortium)) {
        newConsortia.add(v.consortium);
        coreNotes.push(`将新建教联体“${v.consortium}”`);
      }
      const notes = coreNotes.length ? `；${coreNotes.join('；')}` : '';
      let planned: PlannedRow;
      if (!found || !before) {
        plan.creates.push({ row: r.row.row, values: v });
        const where = [v.affiliation, v.area, v.consortium, v.parent && `属${v.parent}`].filter(Boolean).join('，');
        planned = {
          row: r.row.row,
          action: 'create',
          label: `${v.name}：新增，${v.type}${where ? `，${where}` : ''}${notes}`,
        };
      } else {
        const same = (a: unknown, b: unknown) =>
          Array.isArray(a) || Array.isArray(b)
            ? [...((a as string[]) ?? [])].sort().join('\u0001') === [...((b as string[]) ?? [])].sort().join('\u0001')
            : (a ?? null) === (b ?? null);
        const changed = (Object.keys(p) as Key[]).filter((k) => !same(before[k], v[k]));
        if (changed.length === 0 && !coreChange) {
          planned = { row: r.row.row, action: 'skip', label: `${v.name}：无变化` };
        } else {
          const b: Partial<SchoolValues> = {};
          const a: Partial<SchoolValues> = {};
          for (const k of changed) {
            (b as Record<string, unknown>)[k] = before[k];
            (a as Record<string, unknown>)[k] = v[k];
          }
          plan.updates.push({ row: r.row.row, id: found.id, values: v, before: b, after: a });
          const changes: ImportChange[] = changed.map((k) => ({
            field: FIELD_NAMES[k],
            before: show(before[k]),
            after: show(v[k]),
          }));
          const what = changes.map((c) => `${c.field} ${c.before}→${c.after}`).join('；');
          planned = {
            row: r.row.row,
            action: 'update',
            label: `${v.name}：${what || '核心校变更'}${notes}`,
            changes,
          };
        }
      }
      plan.rows.push(planned);
    }
    if (i % YIELD_EVERY === YIELD_EVERY - 1) {
      job.progress(i + 1);
      await yieldToLoop();
    }
  }
  plan.newAreas = [...newAreas];
  plan.newConsortia = [...newConsortia];
  plan.writeCount = plan.creates.length + plan.updates.length;
  return plan;
}

const values = (list: SQL[]) => sql.join(list, sql`, `);

async function writeSchools(
  tx: Tx,
  _deps: ImportDeps,
  actor: Actor,
  plan: SchoolPlan,
  job: JobReporter,
  summary: Record<string, unknown>,
) {
  const regionId = actor.user.regionId;
  const scopeOf = { areas: areaScope, consortia: consortiumScope };
  const idsOf = async (table: 'areas' | 'consortia') =>
    new Map(
      (
        await rows<{ id: number; name: string }>(
          tx,
          sql`select id, name from ${sql.raw(table)} where ${scopeOf[table](county(regionId), table)}`,
        )
      ).map((x) => [x.name, x.id]),
    );
  if (plan.newAreas.length) {
    await tx.execute(
      sql`insert into areas (region_id, name) values ${values(plan.newAreas.map((n) => sql`(${regionId}, ${n})`))}`,
    );
  }
  if (plan.newConsortia.length) {
    await tx.execute(
      sql`insert into consortia (region_id, name) values ${values(plan.newConsortia.map((n) => sql`(${regionId}, ${n})`))}`,
    );
  }
  const areaId = await idsOf('areas');
  const consortiumId = await idsOf('consortia');
  const aid = (name: string | null) => (name == null ? null : (areaId.get(name) ?? null));
  const cid = (name: string | null) => (name == null ? null : (consortiumId.get(name) ?? null));
  let done = 0;

  for (const batch of chunks(plan.creates, INSERT_BATCH)) {
    const list = batch.map(
      ({ values: v }) =>
        sql`(${regionId}, ${aid(v.area)}::int, ${cid(v.consortium)}::int, ${v.name}, ${v.code}, ${v.type},
          ${v.affiliation}, ${v.urbanRural}, ${pgTextArray(v.aliases)}::text[], ${v.address}, ${v.principal}, ${v.phone})`,
    );
    await tx.execute(
      sql`insert into schools (region_id, area_id, consortium_id, name, code, type, affiliation, urban_rural, aliases,
            address, principal, phone)
          values ${values(list)}`,
    );
    done += batch.length;
    job.progress(done);
  }
  for (const batch of chunks(plan.updates, INSERT_BATCH)) {
    const list = batch.map(
      ({ id, values: v }) =>
        sql`(${id}::int, ${aid(v.area)}::int, ${cid(v.consortium)}::int, ${v.code}::text, ${v.type}::text,
          ${v.affiliation}::text, ${v.urbanRural}::text, ${pgTextArray(v.aliases)}::text[], ${v.address}::text,
          ${v.principal}::text, ${v.phone}::text)`,
    );
    await tx.execute(
      sql`update schools s set area_id = v.area_id, consortium_id = v.consortium_id, code = v.code, type = v.type,
            affiliation = v.affiliation, urban_rural = v.urban_rural, aliases = v.aliases, address = v.address,
            principal = v.principal, phone = v.phone, updated_at = now()
          from (values ${values(list)})
            as v(id, area_id, consortium_id, code, type, affiliation, urban_rural, aliases, address, principal, phone)
          where s.id = v.id and ${schoolScope(county(regionId), 's')}`,
    );
    done += batch.length;
    job.progress(done);
  }
  // 所属中心校 by name, once every school of the file exists.
  const parents = [...plan.creates, ...plan.updates].map(({ values: v }) => sql`(${v.name}::text, ${v.parent}::text)`);
  for (const batch of chunks(parents, INSERT_BATCH)) {
    await tx.execute(
      sql`update schools s set parent_school_id = p.id
          from (values ${values(batch)}) as v(name, parent)
          left join schools p on p.name = v.parent and ${schoolScope(county(regionId), 'p')}
          where s.name = v.name and ${schoolScope(county(regionId), 's')}
            and s.parent_school_id is distinct from p.id`,
    );
  }
  if (plan.clearCore.length) {
    const list = plan.clearCore.map((c) => sql`(${c.consortiumId}::int, ${c.schoolId}::int)`);
    await tx.execute(
      sql`update consortia c set core_school_id = null, updated_at = now()
          from (values ${values(list)}) as v(id, school_id)
          where c.id = v.id and c.core_school_id = v.school_id and ${consortiumScope(county(regionId), 'c')}`,
    );
  }
  if (plan.setCore.length) {
    const list = plan.setCore.map((c) => sql`(${c.consortium}::text, ${c.school}::text)`);
    await tx.execute(
      sql`update consortia c set core_school_id = s.id, updated_at = now()
          from (values ${values(list)}) as v(consortium, school)
          join schools s on s.name = v.school and ${schoolScope(county(regionId), 's')}
          where c.name = v.consortium and ${consortiumScope(county(regionId), 'c')}`,
    );
  }
  await record(tx, actor, [
    {
      action: 'school.import',
      entity: 'school',
      entityId: null,
      after: { ...summary, newAreas: plan.newAreas, newConsortia: plan.newConsortia, coreSchools: plan.setCore },
    },
    ...chunks(plan.updates, AUDIT_BATCH).map((batch) => ({
      action: 'school.import_update',
      entity: 'school',
      entityId: null,
      before: { schools: batch.map((u) => ({ id: u.id, ...u.before })) },
      after: { schools: batch.map((u) => ({ id: u.id, ...u.after })) },
    })),
  ]);
}

export const schoolImporter: Importer<SchoolField, SchoolPlan> = {
  kind: 'schools.import',
  entity: 'school',
  match: compileSpecs(SCHOOL_FIELDS),
  specs: SCHOOL_FIELDS,
  examples: '学校名称、学校类型、学区、城乡',
  requiredColumns: ['name'],
  plan: planSchools,
  write: writeSchools,
};

/** Imports the school list (the route requires org.manage); same contract as importTeachers. */
export function importSchools(
  deps: ImportDeps,
  actor: Actor,
  buffer: Buffer,
  filename: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  return runImport(deps, actor, buffer, filename, opts, schoolImporter);
}
