// The demo county written to the database on first run (SHIXUN_DEMO, default): the data comes
// from generateDemoCounty() (pure, deterministic); this file only stores it, in one transaction,
// with plain SQL (multi-row VALUES for the small tables, unnest of column arrays for teachers):
// about 7,500 rows in ~3 s on PGlite.
import { maskIdNumber } from '@shixun/common';
import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { record } from '../../http/audit.js';
import { hashPassword } from '../../lib/password.js';
import { one, rows } from '../client.js';
import { type AfterSummary, storeAfterTraining } from './after.js';
import { type DemoCounty, generateDemoCounty, storedSchoolType } from './county.js';
import { beijingToday, generateHistory } from './history.js';
import { type HistorySummary, storeHistory } from './history-store.js';
import { type PeopleSummary, seedPeople } from './people.js';
import { seedSchoolResearch } from './school-research.js';

export const DEMO_PASSWORD = 'Shixun2026';

export interface DemoLogin {
  role: string;
  username: string;
  password: string;
  note?: string;
}

/** The demo accounts, with the scope each one sees (school names follow the region's name). */
export function demoLogins(regionName = '示范县'): DemoLogin[] {
  const r = regionName;
  const p = DEMO_PASSWORD;
  return [
    { role: '县级管理员', username: 'county', password: p, note: '全县（县教师发展中心）' },
    { role: '局领导', username: 'leader', password: p, note: '全县，只读' },
    { role: '学区管理员', username: 'area1', password: p, note: '城区学区' },
    { role: '教联体管理员', username: 'lianti1', password: p, note: `实验小学教联体（核心校 ${r}实验小学）` },
    { role: '学校管理员', username: 'school1', password: p, note: `${r}实验小学（城镇）` },
    { role: '学校管理员', username: 'school2', password: p, note: '遵道镇小学（乡村）' },
    { role: '培训专家', username: 'trainer1', password: p, note: '授课专家' },
    { role: '承训机构', username: 'provider1', password: p, note: '川西师范学院继续教育学院（只看受托的县级项目）' },
    {
      role: '教师',
      username: 'teacher1',
      password: p,
      note: `${r}实验小学 语文教师、班主任；其余教师的账号由学校在“账号开通单”中打印开通码，凭开通码首次登录并设置密码`,
    },
  ];
}

export const DEMO_LOGINS = demoLogins();

/** `{a,b}` literal for a text[] value (our values hold no commas, quotes or braces). */
const textArray = (items: readonly string[]) => `{${items.join(',')}}`;

export interface SeedSummary {
  regionId: number;
  schools: number;
  teachers: number;
  users: number;
  /** The training history (absent when seeded without one). */
  history?: HistorySummary;
  /** Report-back tasks and reflections (when those tables exist). */
  after?: AfterSummary;
  /** 青蓝 pairs, studios, honours, plans, a training provider (people development). */
  people?: PeopleSummary;
}

export interface SeedOptions {
  regionName: string;
  /** "Today" for this year's plan (YYYY-MM-DD, Beijing); defaults to the real date. */
  today?: string;
  /** Seed the training history (default true). */
  history?: boolean;
}

export async function seedDemo(deps: Deps, opts: SeedOptions): Promise<SeedSummary> {
  const county: DemoCounty = generateDemoCounty({ regionName: opts.regionName });
  const history = opts.history === false ? null : generateHistory(county, { today: opts.today ?? beijingToday() });
  // One argon2 hash for every demo account: hashing per account would dominate the seed time.
  const hash = await hashPassword(DEMO_PASSWORD);
  const { cipher } = deps;

  return deps.db.transaction(async (tx) => {
    const region = await one<{ id: number }>(
      tx,
      sql`insert into regions (name, code) values (${county.regionName}, ${county.regionCode}) returning id`,
    );
    const regionId = region!.id;

    const areaRows = await rows<{ id: number; name: string }>(
      tx,
      sql`insert into areas (region_id, name, code)
          values ${sql.join(
            county.areas.map((a) => sql`(${regionId}, ${a.name}, ${a.code})`),
            sql`, `,
          )}
          returning id, name`,
    );
    const areaIds = county.areas.map((a) => areaRows.find((x) => x.name === a.name)!.id);

    const consRows = await rows<{ id: number; name: string }>(
      tx,
      sql`insert into consortia (region_id, name)
          values ${sql.join(
            county.consortia.map((c) => sql`(${regionId}, ${c.name})`),
            sql`, `,
          )}
          returning id, name`,
    );
    const consIds = county.consortia.map((c) => consRows.find((x) => x.name === c.name)!.id);

    const schoolRows = await rows<{ id: number; name: string }>(
      tx,
      sql`insert into schools (region_id, area_id, consortium_id, name, code, type, affiliation, urban_rural, address,
            principal, phone)
          values ${sql.join(
            county.schools.map((s) => {
              const t = storedSchoolType(s.type);
              return sql`(${regionId}, ${areaIds[s.area]!}, ${s.consortium == null ? null : consIds[s.consortium]!},
                     ${s.name}, ${s.code}, ${t.type}, ${t.affiliation}, ${s.urbanRural}, ${s.address}, ${s.principal},
                     ${s.phone})`;
            }),
            sql`, `,
          )}
          returning id, name`,
    );
    const schoolIdByName = new Map(schoolRows.map((x) => [x.name, x.id]));
    const schoolIds = county.schools.map((s) => schoolIdByName.get(s.name)!);

    await tx.execute(
      sql`update consortia c set core_school_id = v.school_id
          from (values ${sql.join(
            county.consortia.map((c, i) => sql`(${consIds[i]!}::int, ${schoolIds[c.core]!}::int)`),
            sql`, `,
          )}) as v(id, school_id)
          where c.id = v.id`,
    );

    // One statement with one array per column: PGlite binds thousands of scalar parameters
    // slowly (~0.25 s per 500-row VALUES batch), while unnest of 18 arrays takes a fraction of that.
    const ts = county.teachers;
    const col = <T>(f: (t: (typeof ts)[number]) => T) => sql.param(ts.map(f));
    await tx.execute(
      sql`insert into teachers (region_id, school_id, name, gender, id_enc, id_hash, id_masked, birth_year, phone,
                                stage, subject, title, degree, hire_date, posts, tags, status, status_date)
          select ${regionId}, u.school_id, u.name, u.gender, u.id_enc, u.id_hash, u.id_masked, u.birth_year::smallint,
                 u.phone, u.stage, u.subject, u.title, u.degree, u.hire_date::date, u.posts::text[], u.tags::text[],
                 u.status, u.status_date::date
          from unnest(${col((t) => schoolIds[t.school]!)}::int[], ${col((t) => t.name)}::text[],
                      ${col((t) => t.gender)}::text[], ${col((t) => cipher.encrypt(t.idNumber))}::text[],
                      ${col((t) => cipher.hash(t.idNumber))}::text[], ${col((t) => maskIdNumber(t.idNumber))}::text[],
                      ${col((t) => t.birthDate.slice(0, 4))}::text[], ${col((t) => t.phone)}::text[], ${col((t) => t.stage)}::text[],
                      ${col((t) => t.subject)}::text[], ${col((t) => t.title)}::text[], ${col((t) => t.degree)}::text[],
                      ${col((t) => t.hireDate)}::text[], ${col((t) => textArray(t.posts))}::text[],
                      ${col((t) => textArray(t.tags))}::text[], ${col((t) => t.status)}::text[],
                      ${col((t) => t.statusDate)}::text[]) with ordinality
               as u(school_id, name, gender, id_enc, id_hash, id_masked, birth_year, phone, stage, subject, title,
                    degree, hire_date, posts, tags, status, status_date, ord)
          order by u.ord`,
    );

    // Staff accounts, one per role.
    const staff = (
      username: string,
      displayName: string,
      role: string,
      scope: { schoolId?: number; areaId?: number; consortiumId?: number } = {},
    ) =>
      sql`(${regionId}, ${username}, ${displayName}, ${hash}, ${role}, ${scope.schoolId ?? null}::int,
           ${scope.areaId ?? null}::int, ${scope.consortiumId ?? null}::int)`;
    const s1 = county.schools[county.school1]!;
    const s2 = county.schools[county.school2]!;
    await tx.execute(
      sql`insert into users (region_id, username, display_name, password_hash, role, school_id, area_id, consortium_id)
          values ${sql.join(
            [
              staff('county', '县教师发展中心', 'county_admin'),
              staff('leader', '教育局领导', 'leader'),
              staff('area1', `${county.areas[0]!.name}管理员`, 'area_admin', { areaId: areaIds[0]! }),
              staff('lianti1', `${county.consortia[0]!.name}管理员`, 'area_admin', { consortiumId: consIds[0]! }),
              staff('school1', `${s1.name}管理员`, 'school_admin', { schoolId: schoolIds[county.school1]! }),
              staff('school2', `${s2.name}管理员`, 'school_admin', { schoolId: schoolIds[county.school2]! }),
              staff('trainer1', '培训专家', 'trainer'),
            ],
            sql`, `,
          )}`,
    );

    // Every teacher gets an account without a password, as a new county's would: the school prints
    // account slips (one-time activation codes) and the first sign-in sets the teacher's own password.
    // Teachers who left or retired keep their account, disabled.
    await tx.execute(
      sql`insert into users (region_id, username, display_name, role, school_id, teacher_id, must_change_password, disabled)
          select region_id, 't' || id, name, 'teacher', school_id, id, false, status <> '在职'
          from teachers where region_id = ${regionId} order by id`,
    );
    // The demo teacher signs in with the demo password instead.
    const demoTeacher = county.teachers[county.demoTeacher]!;
    await tx.execute(
      sql`update users set username = 'teacher1', password_hash = ${hash}, must_change_password = false
          where teacher_id = (select id from teachers
                              where region_id = ${regionId} and id_hash = ${cipher.hash(demoTeacher.idNumber)})`,
    );

    const users = await one<{ n: number }>(tx, sql`select count(*)::int as n from users where region_id = ${regionId}`);
    const summary: SeedSummary = {
      regionId,
      schools: county.schools.length,
      teachers: county.teachers.length,
      users: users!.n,
    };
    if (history) {
      // Teachers were inserted in county.teachers order (one statement ordered by ordinality).
      const teacherIds = (
        await rows<{ id: number }>(tx, sql`select id from teachers where region_id = ${regionId} order by id`)
      ).map((r) => r.id);
      const accounts = new Map(
        (
          await rows<{ id: number; username: string }>(
            tx,
            sql`select id, username from users
                where region_id = ${regionId} and username in ('county', 'school1', 'school2', 'trainer1')`,
          )
        ).map((u) => [u.username, u.id]),
      );
      summary.history = await storeHistory(tx, county, history, {
        regionId,
        schoolIds,
        teacherIds,
        countyUserId: accounts.get('county')!,
        schoolAdmins: new Map([
          [county.school1, accounts.get('school1')!],
          [county.school2, accounts.get('school2')!],
        ]),
        trainerUserId: accounts.get('trainer1') ?? null,
      });
      const after = await storeAfterTraining(tx, {
        regionId,
        countyUserId: accounts.get('county')!,
        today: history.today,
        reviewSchoolIds: [schoolIds[county.school1]!, schoolIds[county.school2]!],
      });
      if (after) summary.after = after;
      await seedSchoolResearch(deps, tx, county, { regionId, schoolIds, teacherIds, today: history.today });
      summary.people = await seedPeople(tx, {
        regionId,
        regionName: county.regionName,
        today: history.today,
        passwordHash: hash,
      });
    }
    await record(tx, null, {
      action: 'system.seed',
      entity: 'region',
      entityId: regionId,
      regionId,
      after: {
        demo: true,
        regionName: county.regionName,
        areas: county.areas.length,
        consortia: county.consortia.length,
        ...summary,
      },
    });
    return summary;
  });
}
