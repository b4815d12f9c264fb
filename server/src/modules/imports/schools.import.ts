// School list import (county admins): match on the school name within the region; missing 学区
// and 教联体 are created by name; 是否核心校 sets (or clears) the consortium's core school.
import type { ImportResult } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { areaScope, consortiumScope, county, schoolScope } from '../../access/scope.js';
import { rows, type Tx } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { compileSpecs, SCHOOL_FIELDS, type SchoolField } from './headers.js';
import { type JobReporter, yieldToLoop } from './jobs.js';
import { parseAnyPhone, parseTerm, parseYesNo } from './parse.js';
import {
  chunks,
  type ImportDeps,
  type Importer,
  type ImportOptions,
  labelsOf,
  looseName,
  type Plan,
  type PlannedRow,
  RowCtx,
  runImport,
  YIELD_EVERY,
} from './run.js';
import type { ReadSheet } from './spreadsheet.js';
import { SCHOOL_TYPE, URBAN } from './vocab.js';

interface SchoolValues {
  name: string;
  code: string | null;
  type: string;
  urbanRural: string;
  area: string;
  consortium: string | null;
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
  urban_rural: string;
  area_id: number;
  consortium_id: number | null;
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
  urbanRural: '城乡',
  area: '学区',
  consortium: '教联体',
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

export async function planSchools(
  deps: ImportDeps,
  user: CurrentUser,
  sheet: ReadSheet<SchoolField>,
  job: JobReporter,
): Promise<SchoolPlan> {
  const regionId = user.regionId;
  const [schools, areas, consortia] = await Promise.all([
    rows<ExistingSchool>(
      deps.db,
      sql`select id, name, code, type, urban_rural, area_id, consortium_id, address, principal, phone
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
  const findSchool = finder(schools);
  const findArea = finder(areas);
  const findConsortium = finder(consortia);
  const areaName = new Map(areas.map((a) => [a.id, a.name]));
  const consortiumById = new Map(consortia.map((c) => [c.id, c]));

  const plan: SchoolPlan = {
    rows: [],
    errors: [],
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
  const show = (v: unknown) => (v == null || v === '' ? '空' : String(v));

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
    const found = name ? findSchool(name) : undefined;

    if (r.has('type')) {
      const raw = r.text('type');
      if (raw === '小学') r.err('type', `${r.column('type')}“小学”不明确，请填写“镇乡小学”或“直属小学”`);
      else {
        const v = r.take('type', parseTerm(r.cell('type'), r.column('type'), SCHOOL_TYPE));
        if (v) p.type = v;
      }
    }
    if (r.has('urbanRural')) {
      const v = r.take('urbanRural', parseTerm(r.cell('urbanRural'), r.column('urbanRural'), URBAN));
      if (v) p.urbanRural = v;
    }
    if (r.has('area')) {
      const v = textField(r, 'area', 50);
      if (v) p.area = findArea(v)?.name ?? v;
    }
    if (r.has('consortium')) {
      const raw = r.text('consortium');
      if (['无', '否', '-', '/', '—'].includes(raw)) p.consortium = null;
      else {
        const v = textField(r, 'consortium', 50);
        if (v) p.consortium = findConsortium(v)?.name ?? v;
      }
    }
    if (r.has('code')) p.code = textField(r, 'code', 30);
    if (r.has('address')) p.address = textField(r, 'address', 200);
    if (r.has('principal')) p.principal = textField(r, 'principal', 30);
    if (r.has('phone')) {
      const v = r.take('phone', parseAnyPhone(r.cell('phone'), r.column('phone')));
      if (v) p.phone = v;
    }
    let isCore: boolean | undefined;
    if (r.has('isCore'))
      isCore = r.take('isCore', parseYesNo(r.cell('isCore'), r.column('isCore'), ['核心校'], ['成员校']));

    const before: SchoolValues | undefined = found && {
      name: found.name,
      code: found.code,
      type: found.type,
      urbanRural: found.urban_rural,
      area: areaName.get(found.area_id) ?? '',
      consortium: found.consortium_id == null ? null : (consortiumById.get(found.consortium_id)?.name ?? null),
      address: found.address,
      principal: found.principal,
      phone: found.phone,
    };
    if (!found) {
      if (!p.type && !r.has('type')) r.err('type', '学校类型不能为空（新增学校时必填）');
      if (!p.area && !r.has('area')) r.err('area', '学区不能为空（新增学校时必填）');
      if (!p.urbanRural && !r.has('urbanRural')) r.err('urbanRural', '城乡不能为空（新增学校时必填）');
    }
    const values = {
      ...(before ?? { code: null, consortium: null, address: null, principal: null, phone: null }),
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
            const old = c?.core_school_id != null ? schools.find((s) => s.id === c.core_school_id) : undefined;
            coreNotes.push(`设为教联体“${values.consortium}”核心校${old ? `（原核心校：${old.name}）` : ''}`);
          }
        }
      }
    }
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
      if (!findArea(v.area) && !newAreas.has(v.area)) {
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
        planned = {
          row: r.row.row,
          action: 'create',
          label: `${v.name}：新增，${v.type}，${v.area}${v.consortium ? `，${v.consortium}` : ''}${notes}`,
        };
      } else {
        const changed = (Object.keys(p) as Key[]).filter((k) => (before[k] ?? null) !== (v[k] ?? null));
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
          const what = changed.map((k) => `${FIELD_NAMES[k]} ${show(before[k])}→${show(v[k])}`).join('；');
          planned = { row: r.row.row, action: 'update', label: `${v.name}：${what || '核心校变更'}${notes}` };
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
  const cid = (name: string | null) => (name == null ? null : (consortiumId.get(name) ?? null));
  let done = 0;

  for (const batch of chunks(plan.creates, INSERT_BATCH)) {
    const list = batch.map(
      ({ values: v }) =>
        sql`(${regionId}, ${areaId.get(v.area)!}, ${cid(v.consortium)}, ${v.name}, ${v.code}, ${v.type}, ${v.urbanRural},
          ${v.address}, ${v.principal}, ${v.phone})`,
    );
    await tx.execute(
      sql`insert into schools (region_id, area_id, consortium_id, name, code, type, urban_rural, address, principal, phone)
          values ${values(list)}`,
    );
    done += batch.length;
    job.progress(done);
  }
  for (const batch of chunks(plan.updates, INSERT_BATCH)) {
    const list = batch.map(
      ({ id, values: v }) =>
        sql`(${id}::int, ${areaId.get(v.area)!}::int, ${cid(v.consortium)}::int, ${v.code}::text, ${v.type}::text,
          ${v.urbanRural}::text, ${v.address}::text, ${v.principal}::text, ${v.phone}::text)`,
    );
    await tx.execute(
      sql`update schools s set area_id = v.area_id, consortium_id = v.consortium_id, code = v.code, type = v.type,
            urban_rural = v.urban_rural, address = v.address, principal = v.principal, phone = v.phone, updated_at = now()
          from (values ${values(list)}) as v(id, area_id, consortium_id, code, type, urban_rural, address, principal, phone)
          where s.id = v.id and ${schoolScope(county(regionId), 's')}`,
    );
    done += batch.length;
    job.progress(done);
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
