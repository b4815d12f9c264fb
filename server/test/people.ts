// Factories for the people-development tests (mentoring, studios, teams, honours, plans, providers):
// seedWorld's county with one session per role, a second county, teachers made to measure
// (new or senior, any school), provider accounts, and a request wrapper.
import { maskIdNumber } from '@shixun/common';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { one } from '../src/db/client.js';
import type { Deps } from '../src/deps.js';
import { SESSION_COOKIE } from '../src/http/auth.js';
import { randomToken, sha256 } from '../src/lib/crypto.js';
import { multipartUpload } from '../src/modules/attachments/attachments.fixtures.js';
import { createTestApp, makeIdNumber, seedWorld, type TestContext, type World } from './harness.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely.
export type Body = any;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface PeopleContext {
  t: TestContext;
  w: World;
  other: World;
  /** A session cookie per user id (made on first use). */
  cookie(userId: number): Promise<string>;
  /** seedWorld's accounts by their key, and the second county's county admin as `otherCounty`. */
  userIds: Record<keyof World['users'] | 'otherCounty' | 'otherSchool', number>;
  call(who: number | keyof PeopleContext['userIds'], method: Method, url: string, payload?: unknown): Promise<Res>;
  /** An .xlsx export's rows (header first) as arrays of cell values, or the status when not 200. */
  xlsx(who: number | keyof PeopleContext['userIds'], url: string): Promise<{ status: number; rows: unknown[][] }>;
  /** A multipart upload of one file (field `file`), e.g. a sheet to import. */
  upload(
    who: number | keyof PeopleContext['userIds'],
    url: string,
    filename: string,
    content: string | Buffer,
    fields?: Record<string, string>,
  ): Promise<Res>;
}

export interface Res {
  status: number;
  body: Body;
}

let serial = 500;

async function idOf(deps: Deps, username: string) {
  return (await one<{ id: number }>(deps.db, sql`select id from users where username = ${username}`))!.id;
}

export async function peopleContext(): Promise<PeopleContext> {
  const t = await createTestApp();
  const w = await seedWorld(t.deps, '甲县');
  const other = await seedWorld(t.deps, '乙县');
  const userIds = {} as PeopleContext['userIds'];
  for (const [k, u] of Object.entries(w.users)) userIds[k as keyof World['users']] = await idOf(t.deps, u);
  userIds.otherCounty = await idOf(t.deps, other.users.county);
  userIds.otherSchool = await idOf(t.deps, other.users.schoolA);
  const cookies = new Map<number, string>();
  const cookie = async (uid: number) => {
    let c = cookies.get(uid);
    if (!c) {
      const token = randomToken();
      await t.deps.db.execute(
        sql`insert into sessions (id, user_id, expires_at) values (${sha256(token)}, ${uid}, now() + interval '1 hour')`,
      );
      c = `${SESSION_COOKIE}=${token}`;
      cookies.set(uid, c);
    }
    return c;
  };
  return {
    t,
    w,
    other,
    cookie,
    userIds,
    async call(who, method, url, payload) {
      const uid = typeof who === 'number' ? who : userIds[who];
      const res = await t.app.inject({
        method,
        url,
        headers: { cookie: await cookie(uid) },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      const type = String(res.headers['content-type'] ?? '');
      return { status: res.statusCode, body: type.includes('json') && res.body ? JSON.parse(res.body) : res.body };
    },
    async xlsx(who, url) {
      const uid = typeof who === 'number' ? who : userIds[who];
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie: await cookie(uid) } });
      if (res.statusCode !== 200) return { status: res.statusCode, rows: [] };
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const out: unknown[][] = [];
      wb.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
      return { status: 200, rows: out };
    },
    async upload(who, url, filename, content, fields = {}) {
      const uid = typeof who === 'number' ? who : userIds[who];
      const type = filename.endsWith('.pdf')
        ? 'application/pdf'
        : filename.endsWith('.csv')
          ? 'text/csv'
          : 'application/octet-stream';
      const body = multipartUpload(filename, content, fields, type);
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...body.headers, cookie: await cookie(uid) },
        payload: body.payload,
      });
      const ct = String(res.headers['content-type'] ?? '');
      return { status: res.statusCode, body: ct.includes('json') && res.body ? JSON.parse(res.body) : res.rawPayload };
    },
  };
}

export interface TeacherInput {
  name?: string;
  schoolId: number;
  hireDate?: string | null;
  birthYear?: number;
  subject?: string;
  stage?: string;
  status?: string;
  /** Also give the teacher an account (returned as userId). */
  account?: boolean;
}

/** A teacher of the county (and their account when asked): new teachers by a recent hire date. */
export async function addTeacher(deps: Deps, w: Pick<World, 'regionId'>, input: TeacherInput) {
  const n = ++serial;
  const idn = makeIdNumber(n, `${input.birthYear ?? 1985}0315`);
  const row = await one<{ id: number }>(
    deps.db,
    sql`insert into teachers (region_id, school_id, name, gender, id_enc, id_hash, id_masked, birth_year, stage, subject,
                              title, degree, hire_date, status)
        values (${w.regionId}, ${input.schoolId}, ${input.name ?? `教师${n}`}, '女', ${deps.cipher.encrypt(idn)},
                ${deps.cipher.hash(idn)}, ${maskIdNumber(idn)}, ${input.birthYear ?? 1985}, ${input.stage ?? '小学'},
                ${input.subject ?? '语文'}, '二级教师', '本科', ${input.hireDate === undefined ? '2010-09-01' : input.hireDate},
                ${input.status ?? '在职'})
        returning id`,
  );
  const id = row!.id;
  let userId: number | null = null;
  if (input.account) {
    const u = await one<{ id: number }>(
      deps.db,
      sql`insert into users (region_id, username, display_name, role, school_id, teacher_id)
          values (${w.regionId}, ${`t${id}`}, ${input.name ?? `教师${n}`}, 'teacher', ${input.schoolId}, ${id})
          returning id`,
    );
    userId = u!.id;
  }
  return { id, idNumber: idn, userId };
}

/** A training provider and one account of it (role provider). */
export async function addProvider(deps: Deps, w: Pick<World, 'regionId'>, name: string) {
  const p = await one<{ id: number }>(
    deps.db,
    sql`insert into training_providers (region_id, name, kind) values (${w.regionId}, ${name}, '高等院校') returning id`,
  );
  const n = ++serial;
  const u = await one<{ id: number }>(
    deps.db,
    sql`insert into users (region_id, username, display_name, role, provider_id)
        values (${w.regionId}, ${`provider${n}`}, ${`${name}账号`}, 'provider', ${p!.id}) returning id`,
  );
  return { providerId: p!.id, userId: u!.id };
}

/** The current year in Beijing. */
export const thisYear = () => Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));

/** Today in Beijing, YYYY-MM-DD. */
export const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
