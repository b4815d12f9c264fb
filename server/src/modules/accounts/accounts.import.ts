// Admin accounts from a sheet (用户名, 姓名, 角色, 学校/学区/教联体, 手机号): validated as a whole
// into a preview, then committed whole or not at all. New accounts get activation codes; the commit
// returns their slips. Existing usernames are errors (this creates accounts; it edits none).
import { type AccountImportResult, ROLES, type Role } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { areaScope, consortiumScope, schoolScope } from '../../access/scope.js';
import { type Db, rows, textArray } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, conflict, isUniqueViolation } from '../../http/errors.js';
import type { Keys } from '../../lib/keys.js';
import { compileSpecs, type FieldSpec } from '../imports/headers.js';
import type { JobReporter } from '../imports/jobs.js';
import { type Parsed, parseMobile } from '../imports/parse.js';
import { reportFor } from '../imports/report.js';
import {
  analyse,
  type ImportDeps,
  type Importer,
  labelsOf,
  looseName,
  type Plan,
  type PlannedRow,
  RowCtx,
  summarise,
} from '../imports/run.js';
import type { ReadSheet } from '../imports/spreadsheet.js';
import { buildTemplate, COMMON_NOTES, type ColumnDoc } from '../imports/templates.js';
import { issueCodes, targetsByIds } from './slips.js';

export type AccountField = 'username' | 'displayName' | 'role' | 'school' | 'area' | 'consortium' | 'phone';

export const ACCOUNT_FIELDS: readonly FieldSpec<AccountField>[] = [
  { field: 'username', label: '用户名', synonyms: ['用户名', '账号', '帐号', '登录名', '登录账号'] },
  { field: 'displayName', label: '姓名', synonyms: ['姓名', '名称', '显示名', '使用人'] },
  { field: 'role', label: '角色', synonyms: ['角色', '账号类型', '帐号类型', '类型'] },
  { field: 'school', label: '学校', synonyms: ['学校', '所属学校', '学校名称', '单位'] },
  { field: 'area', label: '学区', synonyms: ['学区', '所属学区'] },
  { field: 'consortium', label: '教联体', synonyms: ['教联体', '所属教联体'] },
  { field: 'phone', label: '手机号', synonyms: ['手机号', '手机', '手机号码', '联系电话', '电话'] },
];

const ROLE_WORDS: Record<string, Role | 'teacher!'> = {
  县级管理员: 'county_admin',
  县管理员: 'county_admin',
  县教师发展中心: 'county_admin',
  县继教中心: 'county_admin',
  局领导: 'leader',
  领导: 'leader',
  学区管理员: 'area_admin',
  教联体管理员: 'area_admin',
  学区教联体管理员: 'area_admin',
  学校管理员: 'school_admin',
  学校培训管理员: 'school_admin',
  登记员: 'school_admin',
  校长: 'school_admin',
  培训专家: 'trainer',
  专家: 'trainer',
  授课教师: 'trainer',
  教师: 'teacher!',
  county_admin: 'county_admin',
  leader: 'leader',
  area_admin: 'area_admin',
  school_admin: 'school_admin',
  trainer: 'trainer',
  teacher: 'teacher!',
};
const ROLE_CHOICES = '县级管理员、局领导、学区管理员、教联体管理员、学校管理员、培训专家';

function parseRole(raw: string): Parsed<Role> {
  const hit = ROLE_WORDS[raw.replace(/[\s/／]+/g, '')];
  if (hit === 'teacher!') return { error: '教师账号随教师档案创建，请用“导入教师”，不能在此导入' };
  if (!hit || !(ROLES as readonly string[]).includes(hit)) return { error: `角色“${raw}”无效，可选：${ROLE_CHOICES}` };
  return { value: hit };
}

function parseUsername(raw: string): Parsed<string> {
  const u = raw.normalize('NFKC').trim();
  if (u.length < 3 || u.length > 32) return { error: `用户名“${u}”应为3–32位` };
  if (!/^[A-Za-z0-9_.-]+$/.test(u)) return { error: `用户名“${u}”只能包含字母、数字、下划线、点和横线` };
  if (/^t\d+$/i.test(u)) return { error: `用户名“${u}”是教师账号的格式（t+数字），请换一个` };
  return { value: u };
}

interface NewAccount {
  row: number;
  username: string;
  displayName: string;
  role: Role;
  schoolId: number | null;
  areaId: number | null;
  consortiumId: number | null;
  phone: string | null;
}
export interface AccountPlan extends Plan {
  creates: NewAccount[];
}

interface Named {
  id: number;
  name: string;
}

function finder(list: Named[]) {
  const exact = new Map(list.map((x) => [x.name, x]));
  const loose = new Map<string, Named | null>();
  for (const x of list) {
    const k = looseName(x.name);
    loose.set(k, loose.has(k) ? null : x);
  }
  return (name: string) => exact.get(name) ?? loose.get(looseName(name)) ?? undefined;
}

const LABELS = labelsOf(ACCOUNT_FIELDS);

async function planAccounts(
  deps: ImportDeps,
  user: CurrentUser,
  sheet: ReadSheet<AccountField>,
  _job: JobReporter,
): Promise<AccountPlan> {
  const [schools, areas, consortia] = await Promise.all([
    rows<Named>(deps.db, sql`select s.id, s.name from schools s where ${schoolScope(user, 's')}`),
    rows<Named>(deps.db, sql`select a.id, a.name from areas a where ${areaScope(user, 'a')}`),
    rows<Named>(deps.db, sql`select c.id, c.name from consortia c where ${consortiumScope(user, 'c')}`),
  ]);
  const school = finder(schools);
  const area = finder(areas);
  const consortium = finder(consortia);

  const drafts: Array<{ ctx: RowCtx<AccountField>; acc: Partial<NewAccount> }> = [];
  for (const sr of sheet.rows) {
    const r = new RowCtx(sr, sheet.columns, LABELS);
    const acc: Partial<NewAccount> = { row: sr.row, schoolId: null, areaId: null, consortiumId: null, phone: null };
    if (r.has('username')) acc.username = r.take('username', parseUsername(r.text('username')));
    else r.err('username', '用户名不能为空');
    if (r.has('displayName')) {
      const name = r.text('displayName').normalize('NFKC').trim();
      if (name.length > 30) r.err('displayName', '姓名过长（最多30个字符）');
      else acc.displayName = name;
    } else r.err('displayName', '姓名不能为空');
    if (r.has('phone')) acc.phone = r.take('phone', parseMobile(r.cell('phone'), r.column('phone'))) ?? null;
    const role = r.has('role') ? r.take('role', parseRole(r.text('role'))) : undefined;
    if (!r.has('role')) r.err('role', `角色不能为空，可选：${ROLE_CHOICES}`);
    acc.role = role;
    if (role === 'school_admin') {
      if (!r.has('school')) r.err('school', '学校管理员须填写学校');
      else {
        const s = school(r.text('school'));
        if (!s) r.err('school', `学校“${r.text('school')}”不存在（须与系统中的学校名称一致）`);
        else acc.schoolId = s.id;
      }
    } else if (role === 'area_admin') {
      const hasArea = r.has('area');
      const hasCons = r.has('consortium');
      const roleText = r.text('role');
      const wantsCons = /教联体/.test(roleText) && !/学区/.test(roleText);
      if (hasArea === hasCons) {
        const message = hasArea
          ? '学区和教联体只能填一个（学区管理员填学区，教联体管理员填教联体）'
          : wantsCons
            ? '教联体管理员须填写教联体'
            : '学区管理员须填写学区（教联体管理员填写教联体）';
        r.err(hasArea || !wantsCons ? 'area' : 'consortium', message);
      } else if (hasArea) {
        const a = area(r.text('area'));
        if (!a) r.err('area', `学区“${r.text('area')}”不存在`);
        else acc.areaId = a.id;
      } else {
        const c = consortium(r.text('consortium'));
        if (!c) r.err('consortium', `教联体“${r.text('consortium')}”不存在`);
        else acc.consortiumId = c.id;
      }
    }
    drafts.push({ ctx: r, acc });
  }

  // Names taken in the deployment (usernames are unique across counties) or twice in the file.
  const wanted = drafts.map((d) => d.acc.username?.toLowerCase()).filter((u): u is string => !!u);
  const taken = new Set(
    (
      await rows<{ u: string }>(
        deps.db,
        sql`select lower(username) as u from users where lower(username) = any(${textArray(wanted)})`,
      )
    ).map((r) => r.u),
  );
  const firstRow = new Map<string, number>();
  const plan: AccountPlan = { rows: [], errors: [], writeCount: 0, creates: [] };
  for (const { ctx: r, acc } of drafts) {
    const key = acc.username?.toLowerCase();
    if (key) {
      const first = firstRow.get(key);
      if (first !== undefined) r.err('username', `用户名与第${first}行重复`);
      else {
        firstRow.set(key, r.row.row);
        if (taken.has(key)) r.err('username', `用户名“${acc.username}”已存在，请换一个`);
      }
    }
    let planned: PlannedRow;
    if (r.errors.length) {
      plan.errors.push(...r.errors);
      const who = acc.displayName ?? acc.username ?? `第${r.row.row}行`;
      planned = { row: r.row.row, action: 'error', label: `${who}：${r.errors.map((e) => e.message).join('；')}` };
    } else {
      const a = acc as NewAccount;
      plan.creates.push(a);
      const where =
        (a.schoolId && schools.find((s) => s.id === a.schoolId)?.name) ||
        (a.areaId && areas.find((x) => x.id === a.areaId)?.name) ||
        (a.consortiumId && consortia.find((x) => x.id === a.consortiumId)?.name) ||
        '全县';
      planned = {
        row: r.row.row,
        action: 'create',
        label: `${a.displayName}（${a.username}）：新增，${r.text('role')}，${where}`,
      };
    }
    plan.rows.push(planned);
  }
  plan.writeCount = plan.creates.length;
  return plan;
}

export const accountImporter: Importer<AccountField, AccountPlan> = {
  kind: 'accounts.import',
  entity: 'user',
  match: compileSpecs(ACCOUNT_FIELDS),
  specs: ACCOUNT_FIELDS,
  examples: '用户名、姓名、角色、学校',
  requiredColumns: ['username', 'displayName', 'role'],
  plan: planAccounts,
  // Writes go through importAccounts below: the commit also issues the accounts' codes.
  write: async () => {},
};

const silent: JobReporter = {
  phase() {},
  progress() {},
  flush: async () => {},
  done: async () => {},
  fail: async () => {},
};

export interface AccountImportDeps extends ImportDeps {
  db: Db;
  keys: Keys;
  slipsFor(): Promise<{ activateUrl: string; regionName: string }>;
}

/** Preview (dryRun) or commit the whole sheet; a sheet with any error commits nothing (422). */
export async function importAccounts(
  deps: AccountImportDeps,
  actor: Actor,
  buffer: Buffer,
  filename: string,
  dryRun: boolean,
): Promise<AccountImportResult> {
  const { plan } = await analyse(deps, actor.user, buffer, filename, accountImporter, silent);
  const result: AccountImportResult = { ...summarise(plan, {}), batch: null };
  if (dryRun) return result;
  const bad = plan.rows.filter((r) => r.action === 'error').length;
  if (bad > 0) {
    throw new AppError(
      'IMPORT_HAS_ERRORS',
      `文件中有 ${bad} 行存在错误，未创建任何账号。请修正后重新导入`,
      undefined,
      result,
    );
  }
  const where = await deps.slipsFor();
  try {
    const batch = await deps.db.transaction(async (tx) => {
      const values = plan.creates.map(
        (a) => sql`(${actor.user.regionId}, ${a.username}, ${a.displayName}, ${a.phone}, ${a.role}, ${a.schoolId}::int,
          ${a.areaId}::int, ${a.consortiumId}::int)`,
      );
      const created = await rows<{ id: number }>(
        tx,
        sql`insert into users (region_id, username, display_name, phone, role, school_id, area_id, consortium_id)
            values ${sql.join(values, sql`, `)} returning id`,
      );
      const ids = created.map((c) => Number(c.id));
      await record(tx, actor, {
        action: 'account.import',
        entity: 'user',
        entityId: null,
        after: {
          file: filename,
          created: ids.length,
          accounts: plan.creates.map((a) => ({ username: a.username, role: a.role, schoolId: a.schoolId })),
        },
      });
      const issued = await issueCodes(tx, deps.keys, actor, await targetsByIds(tx, ids), {
        audit: { reason: 'account.import', file: filename },
      });
      return {
        issuedAt: new Date().toISOString(),
        expiresAt: issued.expiresAt,
        ...where,
        slips: issued.slips,
        skipped: [],
      };
    });
    return { ...result, committed: true, batch };
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('导入期间有同名账号被创建，未写入任何账号，请重新导入');
    throw err;
  }
}

export function accountsImportReport(deps: ImportDeps, actor: Actor, buffer: Buffer, filename: string) {
  return reportFor(deps, actor, buffer, filename, accountImporter);
}

const ACCOUNT_DOCS: Record<AccountField, ColumnDoc> = {
  username: {
    required: '必填',
    note: '3–32位字母、数字、下划线、点或横线；全平台唯一',
    example: '示例sa101',
    width: 16,
  },
  displayName: { required: '必填', note: '使用人姓名或岗位名称', example: '实验小学管理员', width: 18 },
  role: {
    required: '必填',
    note: '教师账号随教师档案创建，不在此导入',
    allowed: ['县级管理员', '局领导', '学区管理员', '教联体管理员', '学校管理员', '培训专家'],
    example: '学校管理员',
    width: 14,
  },
  school: { required: '学校管理员必填', note: '须与系统中的学校名称一致', example: '示范县实验小学', width: 22 },
  area: { required: '学区管理员必填', note: '须与系统中的学区名称一致', example: '', width: 14 },
  consortium: { required: '教联体管理员必填', note: '须与系统中的教联体名称一致', example: '', width: 16 },
  phone: { required: '选填', note: '11位手机号，可用于登录', text: true, example: '', width: 14 },
};

export function accountTemplate(): Promise<Buffer> {
  return buildTemplate('账号', ACCOUNT_FIELDS, ACCOUNT_DOCS, [
    ...COMMON_NOTES,
    '5. 每个新账号生成一次性开通码；导入完成后请打印“账号开通单”交给使用人，凭开通码首次登录并设置自己的密码。',
    '6. 只新增账号：用户名已存在的行会报错，不修改已有账号。整张表没有错误才会导入。',
  ]);
}
