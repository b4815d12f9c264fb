import { createHash } from 'node:crypto';
import { checkIdNumber, DEGREE_RANK, type Degree, SCHOOL_TYPES } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type TestContext } from '../../../test/harness.js';
import { rows } from '../client.js';
import { DEMO_TEACHER_TOTAL, type DemoCounty, generateDemoCounty, SEED_002_ATTAINMENT } from './county.js';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from './demo.js';
import { addDays, CYCLE_REQUIRED, generateHistory, UPCOMING_GAP_DAYS } from './history.js';

/** "Today" pinned for the tests (the seed itself uses the real date). */
const TODAY = '2026-11-25';

const EXPECTED_MIX: Record<string, number> = {
  幼儿园: 35,
  镇乡小学: 18,
  直属小学: 5,
  初中: 7,
  九年一贯制: 4,
  高中: 2,
  职业高中: 1,
  特殊教育: 1,
};

const digest = (c: DemoCounty) => createHash('sha256').update(JSON.stringify(c)).digest('hex');

/** Share (0–1) of teachers at or above a degree. */
function share(degrees: Array<string | null>, atLeast: Degree): number {
  return degrees.filter((d) => d != null && DEGREE_RANK[d as Degree] >= DEGREE_RANK[atLeast]).length / degrees.length;
}

describe('generateDemoCounty (pure)', () => {
  const a = generateDemoCounty();

  it('is deterministic: two runs give the same county', () => {
    expect(digest(generateDemoCounty())).toBe(digest(a));
    expect(digest(generateDemoCounty({ seed: 'another' }))).not.toBe(digest(a));
  });

  it('follows the region name', () => {
    const c = generateDemoCounty({ regionName: '绵竹市' });
    expect(c.schools[c.school1]!.name).toBe('绵竹市实验小学');
    expect(c.teachers.map((t) => t.idNumber)).toEqual(a.teachers.map((t) => t.idNumber));
  });

  it('has the shape seed 002 describes', () => {
    const mix: Record<string, number> = {};
    for (const s of a.schools) mix[s.type] = (mix[s.type] ?? 0) + 1;
    expect(mix).toEqual(EXPECTED_MIX);
    expect(a.teachers).toHaveLength(DEMO_TEACHER_TOTAL);
    // Every school has teachers and a head whose name is on the school record.
    a.schools.forEach((s, i) => {
      const staff = a.teachers.filter((t) => t.school === i);
      expect(staff.length).toBeGreaterThanOrEqual(8);
      const heads = staff.filter((t) => t.posts.includes('校长') || t.posts.includes('园长'));
      expect(heads).toHaveLength(1);
      expect(s.principal).toBe(heads[0]!.name);
    });
  });

  it('gives teachers consistent, unique identities', () => {
    const today = new Date('2026-09-01T00:00:00Z');
    for (const t of a.teachers) {
      const id = checkIdNumber(t.idNumber, today);
      expect(id.ok && id.birthDate === t.birthDate && id.gender === t.gender, t.idNumber).toBe(true);
      expect(t.hireDate > t.birthDate && t.hireDate <= '2026-09-01').toBe(true);
      expect(t.phone).toMatch(/^1[358]\d{9}$/);
      if (t.status === '在职') {
        const age = 2026 - Number(t.birthDate.slice(0, 4));
        expect(age).toBeGreaterThanOrEqual(22);
        expect(age).toBeLessThanOrEqual(61);
      } else {
        expect(t.statusDate).not.toBeNull();
      }
    }
    expect(new Set(a.teachers.map((t) => t.idNumber)).size).toBe(a.teachers.length);
    expect(new Set(a.teachers.map((t) => t.phone)).size).toBe(a.teachers.length);
  });

  it('has plausible posts, honours and statuses', () => {
    const n = a.teachers.length;
    const count = (f: (t: DemoCounty['teachers'][number]) => boolean) => a.teachers.filter(f).length / n;
    expect(count((t) => t.posts.includes('班主任'))).toBeCloseTo(0.35, 1);
    expect(count((t) => t.tags.includes('骨干教师'))).toBeCloseTo(0.12, 2);
    expect(count((t) => t.tags.includes('学科带头人'))).toBeCloseTo(0.03, 2);
    expect(count((t) => t.tags.includes('名师'))).toBeCloseTo(0.01, 2);
    expect(count((t) => t.status === '退休')).toBeCloseTo(0.03, 2);
    expect(count((t) => t.status === '调出')).toBeCloseTo(0.01, 2);
    expect(count((t) => t.hireDate >= '2024-01-01')).toBeGreaterThan(0.03);
    // Stage follows the school type.
    for (const t of a.teachers) {
      const type = a.schools[t.school]!.type;
      if (type === '幼儿园') expect([t.stage, t.subject]).toEqual(['幼儿园', '学前教育']);
      if (type === '职业高中') expect(t.stage).toBe('中职');
      if (type === '九年一贯制') expect(['小学', '初中']).toContain(t.stage);
    }
  });
});

describe('generateHistory (pure)', () => {
  const county = generateDemoCounty();
  const h = generateHistory(county, { today: TODAY });

  it('is deterministic and names every project once', () => {
    expect(JSON.stringify(generateHistory(county, { today: TODAY }))).toBe(JSON.stringify(h));
    const names = h.projects.map((p) => `${p.name}|${p.school}`);
    expect(new Set(names).size).toBe(names.length);
    const codes = h.projects.flatMap((p) => (p.code ? [p.code] : []));
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('keeps school1 and teacher1 out of projects that are not closed, and upcoming projects away from today', () => {
    for (const p of h.participations) {
      const project = h.projects[p.project]!;
      if (project.status === 'closed') continue;
      expect(county.teachers[p.teacher]!.school, project.name).not.toBe(county.school1);
      expect(p.teacher).not.toBe(county.demoTeacher);
    }
    for (const p of h.projects) {
      if (['enrolling', 'published', 'draft'].includes(p.status)) {
        expect(p.startDate >= addDays(TODAY, UPCOMING_GAP_DAYS), p.name).toBe(true);
        if (p.enrolDeadline) expect(p.enrolDeadline.slice(0, 10) > addDays(TODAY, 10), p.name).toBe(true);
      }
      if (p.status === 'closed' || p.status === 'assessing') expect(p.endDate < addDays(TODAY, -10), p.name).toBe(true);
    }
    expect(new Set(h.projects.map((p) => p.status))).toEqual(
      new Set(['closed', 'assessing', 'running', 'enrolling', 'published', 'draft']),
    );
  });

  it('has sessions this week and next for the running project, all held for the assessing one', () => {
    const running = h.projects.findIndex((p) => p.status === 'running');
    const days = h.sessions.filter((s) => s.project === running).map((s) => s.startsAt.slice(0, 10));
    expect(days.some((d) => d < TODAY)).toBe(true);
    expect(days.some((d) => d > TODAY && d <= addDays(TODAY, 7))).toBe(true);
    expect(days.some((d) => d > addDays(TODAY, 7))).toBe(true);
    const assessing = h.projects.findIndex((p) => p.status === 'assessing');
    expect(h.sessions.filter((s) => s.project === assessing).every((s) => s.startsAt.slice(0, 10) < TODAY)).toBe(true);
  });

  it('brings most teachers to 360 学时 in 2021–2025 and leaves a minority behind', () => {
    const hours = new Map<number, number>();
    for (const p of h.participations) {
      const project = h.projects[p.project]!;
      if (p.status !== 'completed' || project.endDate > '2025-12-31' || project.startDate < '2021-01-01') continue;
      hours.set(p.teacher, (hours.get(p.teacher) ?? 0) + project.hours);
    }
    const whole = county.teachers.filter((t) => t.status === '在职' && t.hireDate <= '2021-01-01');
    const met = whole.filter((t) => (hours.get(county.teachers.indexOf(t)) ?? 0) >= CYCLE_REQUIRED).length;
    const share = met / whole.length;
    expect(share).toBeGreaterThan(0.8);
    expect(share).toBeLessThan(0.92);
  });
});

describe('seedDemo (database)', () => {
  let t: TestContext;
  let regionId: number;
  beforeAll(async () => {
    t = await createTestApp();
    const started = performance.now();
    ({ regionId } = await seedDemo(t.deps, { regionName: '示范县', today: TODAY }));
    // Reported, never asserted (no wall-clock assertions in tests).
    console.info(`seedDemo on ${t.deps.database.kind}: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  });
  afterAll(() => t.close());

  it('stores one region with the exact school mix', async () => {
    const [region] = await rows<{ name: string; settings: unknown }>(
      t.deps.db,
      sql`select name, settings from regions where id = ${regionId}`,
    );
    expect(region).toEqual({ name: '示范县', settings: {} });
    // 镇乡小学 and 直属小学 are the type 小学 with their affiliation.
    const mix = await rows<{ type: string; affiliation: string | null; n: number }>(
      t.deps.db,
      sql`select type, affiliation, count(*)::int as n from schools where region_id = ${regionId} group by 1, 2`,
    );
    const label = (m: { type: string; affiliation: string | null }) =>
      m.type === '小学' ? `${m.affiliation}小学` : m.type;
    expect(Object.fromEntries(mix.map((m) => [label(m), m.n]))).toEqual(EXPECTED_MIX);
    expect(mix.every((m) => (SCHOOL_TYPES as readonly string[]).includes(m.type))).toBe(true);
  });

  it('puts every school in one area and at most one consortium with a member core school', async () => {
    const orphans = await rows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from schools s left join areas a on a.id = s.area_id and a.region_id = s.region_id
          where s.region_id = ${regionId} and a.id is null`,
    );
    expect(orphans[0]!.n).toBe(0);
    const areas = await rows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from areas where region_id = ${regionId}`,
    );
    expect(areas[0]!.n).toBeGreaterThanOrEqual(5);
    const cons = await rows<{ id: number; core_in: boolean; members: number }>(
      t.deps.db,
      sql`select c.id, (cs.consortium_id = c.id) as core_in,
                 (select count(*)::int from schools m where m.consortium_id = c.id) as members
          from consortia c left join schools cs on cs.id = c.core_school_id
          where c.region_id = ${regionId}`,
    );
    expect(cons.length).toBeGreaterThanOrEqual(6);
    for (const c of cons) {
      expect(c.core_in).toBe(true);
      expect(c.members).toBeGreaterThanOrEqual(4); // core + 3–8 members
      expect(c.members).toBeLessThanOrEqual(9);
    }
    const outside = await rows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from schools where region_id = ${regionId} and consortium_id is null`,
    );
    expect(outside[0]!.n).toBeGreaterThan(0);
  });

  it('stores about 3,700 teachers with valid, unique, encrypted ID numbers', async () => {
    const list = await rows<{ id_enc: string; id_hash: string; id_masked: string; birth_year: number; gender: string }>(
      t.deps.db,
      sql`select id_enc, id_hash, id_masked, birth_year, gender from teachers where region_id = ${regionId}`,
    );
    expect(list.length).toBeGreaterThanOrEqual(3600);
    expect(list.length).toBeLessThanOrEqual(3800);
    for (const r of list) {
      const value = t.deps.cipher.decrypt(r.id_enc);
      const id = checkIdNumber(value);
      expect(id.ok && Number(id.birthDate.slice(0, 4)) === Number(r.birth_year) && id.gender === r.gender, value).toBe(
        true,
      );
      expect(r.id_hash).toBe(t.deps.cipher.hash(value));
      expect(r.id_masked).toBe(`**************${value.slice(-4)}`);
    }
    expect(new Set(list.map((r) => r.id_hash)).size).toBe(list.length);
  });

  it("matches seed 002's degree attainment within 3 points", async () => {
    const list = await rows<{ stage: string; degree: string | null }>(
      t.deps.db,
      sql`select stage, degree from teachers where region_id = ${regionId} and status = '在职'`,
    );
    const of = (stage: string) => list.filter((r) => r.stage === stage).map((r) => r.degree);
    expect(Math.abs(share(of('小学'), '专科') - SEED_002_ATTAINMENT.小学.juniorCollegePlus)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(share(of('初中'), '本科') - SEED_002_ATTAINMENT.初中.bachelorPlus)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(share(of('高中'), '本科') - SEED_002_ATTAINMENT.高中.bachelorPlus)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(share(of('高中'), '研究生') - SEED_002_ATTAINMENT.高中.postgraduate)).toBeLessThanOrEqual(0.03);
    // Kindergartens are lower than primary schools.
    expect(share(of('幼儿园'), '专科')).toBeLessThan(share(of('小学'), '专科'));
  });

  it('gives every teacher an account and writes one audit row', async () => {
    const [acc] = await rows<{ teachers: number; accounts: number; pending: number; hashed: number }>(
      t.deps.db,
      sql`select (select count(*)::int from teachers where region_id = ${regionId}) as teachers,
                 count(*)::int as accounts,
                 count(*) filter (where not u.must_change_password and u.password_hash is null
                                  and not u.legacy_id_password and u.username = 't' || u.teacher_id)::int as pending,
                 count(*) filter (where u.password_hash is not null)::int as hashed
          from users u where u.region_id = ${regionId} and u.role = 'teacher'`,
    );
    expect(acc!.accounts).toBe(acc!.teachers);
    expect(acc!.pending).toBe(acc!.teachers - 1);
    expect(acc!.hashed).toBe(1);
    const audit = await rows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from audit_log where action = 'system.seed' and entity_id = ${String(regionId)}`,
    );
    expect(audit[0]!.n).toBe(1);
  });

  it('stores the training history the way the modules write it', async () => {
    const [c] = await rows<Record<string, number>>(
      t.deps.db,
      sql`select
            (select count(*)::int from projects where region_id = ${regionId}) as projects,
            (select count(distinct status)::int from projects where region_id = ${regionId}) as statuses,
            (select count(*)::int from participations where region_id = ${regionId} and status = 'completed') as completed,
            (select count(*)::int from credit_ledger where region_id = ${regionId} and source = 'project') as postings,
            (select count(*)::int from credit_ledger l join participations pa on l.source_ref = 'participation:' || pa.id
               and pa.teacher_id = l.teacher_id and pa.status = 'completed') as matched,
            (select count(*)::int from certificates c join participations pa on pa.id = c.participation_id
               join projects pr on pr.id = pa.project_id
               where c.region_id = ${regionId} and pr.organiser_type = 'county' and pr.mode <> '网络远程') as certificates,
            (select count(*)::int from participations pa join projects pr on pr.id = pa.project_id
               where pa.region_id = ${regionId} and pa.status = 'completed' and pr.organiser_type = 'county'
                 and pr.mode <> '网络远程') as run_here,
            (select count(*)::int from certificates where region_id = ${regionId}) as all_certificates,
            (select count(*)::int from participations where region_id = ${regionId} and source = 'import') as imported,
            (select count(*)::int from attendance where region_id = ${regionId}) as attendance,
            (select count(*)::int from participations where region_id = ${regionId} and status = 'nominated') as nominated,
            (select count(*)::int from notifications where region_id = ${regionId}) as notifications,
            (select count(distinct status)::int from credit_applications where region_id = ${regionId}) as app_statuses,
            (select count(*)::int from credit_applications a join credit_ledger l on l.id = a.ledger_id
               and l.source_ref = 'application:' || a.id where a.status = 'approved') as approved_posted`,
    );
    expect(c!.statuses).toBe(6);
    expect(c!.postings).toBe(c!.completed);
    expect(c!.matched).toBe(c!.completed);
    expect(c!.certificates).toBe(c!.run_here);
    expect(c!.all_certificates).toBe(c!.certificates);
    const numbers = await rows<{ number: string }>(
      t.deps.db,
      sql`select number from certificates where region_id = ${regionId}`,
    );
    const format = new RegExp(`^SX-\\d{4}-${regionId}-[0-9A-Z]{6}$`);
    expect(numbers.filter((n) => !format.test(n.number))).toEqual([]);
    expect(c!.imported).toBeGreaterThan(1000);
    expect(c!.attendance).toBeGreaterThan(1000);
    expect(c!.nominated).toBeGreaterThan(0);
    expect(c!.notifications).toBe(0);
    expect(c!.app_statuses).toBe(5);
    expect(c!.approved_posted).toBe(2);
    // No school1 teacher in a project that is not closed (the browser tests start from here).
    const [busy] = await rows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from participations pa join projects pr on pr.id = pa.project_id
          join users u on u.username = 'school1' and u.school_id = pa.school_id
          where pa.region_id = ${regionId} and pr.status <> 'closed'`,
    );
    expect(busy!.n).toBe(0);
  });

  it('adds report-back tasks and reflections, with some waiting for school1 and school2 to review', async () => {
    const [a] = await rows<{
      tasks: number;
      statuses: number;
      overdue: number;
      mine: number;
      reflections: number;
      featured: number;
    }>(
      t.deps.db,
      sql`select (select count(*)::int from report_backs where region_id = ${regionId}) as tasks,
                 (select count(distinct status)::int from report_backs where region_id = ${regionId}) as statuses,
                 (select count(*)::int from report_backs where region_id = ${regionId}
                    and first_submitted_at is null and due_on < ${TODAY}::date) as overdue,
                 (select count(*)::int from report_backs rb join users u on u.school_id = rb.school_id
                    where u.username in ('school1', 'school2')) +
                 (select count(*)::int from reflections rf join users u on u.school_id = rf.school_id
                    where u.username in ('school1', 'school2')) as mine,
                 (select count(*)::int from reflections where region_id = ${regionId}) as reflections,
                 (select count(*)::int from reflections where region_id = ${regionId} and featured) as featured`,
    );
    expect(a!.tasks).toBeGreaterThan(100);
    expect(a!.statuses).toBe(4);
    expect(a!.overdue).toBeGreaterThan(0);
    expect(a!.mine).toBeGreaterThan(0);
    expect(a!.reflections).toBeGreaterThan(20);
    expect(a!.featured).toBeGreaterThan(0);
    // Each demo school admin has report-backs and reflections waiting for review when signing in.
    const waiting = await rows<{ username: string; report_backs: number; reflections: number }>(
      t.deps.db,
      sql`select u.username,
                 (select count(*)::int from report_backs rb where rb.school_id = u.school_id and rb.status = 'submitted')
                   as report_backs,
                 (select count(*)::int from reflections rf where rf.school_id = u.school_id and rf.status = 'submitted')
                   as reflections
          from users u where u.region_id = ${regionId} and u.username in ('school1', 'school2') order by u.username`,
    );
    expect(waiting).toHaveLength(2);
    for (const w of waiting) {
      expect(w.report_backs, w.username).toBeGreaterThan(0);
      expect(w.reflections, w.username).toBeGreaterThan(0);
    }
    // Submitted report-backs were submitted on or before the seed's today, and carry their first submission.
    const [s] = await rows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from report_backs where region_id = ${regionId} and status <> 'pending'
            and (first_submitted_at is null or first_submitted_at > ${`${TODAY}T23:59:59+08:00`}::timestamptz)`,
    );
    expect(s!.n).toBe(0);
  });

  it('adds a year of school-based development up to yesterday: activities, ledger, showcases, 送教下乡, plans, reading', async () => {
    const end = `${TODAY}T00:00:00+08:00`;
    const [r] = await rows<{
      activities: number;
      future: number;
      open: number;
      withdrawn: number;
      participants: number;
      posted: number;
      reversed: number;
      evidence: number;
      photos_ok: number;
      checks: number;
      pending: number;
      plans_waiting: number;
      notes: number;
    }>(
      t.deps.db,
      sql`select (select count(*)::int from research_activities where region_id = ${regionId}) as activities,
                 (select count(*)::int from research_activities where region_id = ${regionId}
                    and (ends_at > ${end}::timestamptz or created_at > ${end}::timestamptz
                         or closed_at > ${end}::timestamptz or confirmed_at > ${end}::timestamptz
                         or starts_at < ${end}::timestamptz - interval '366 days')) as future,
                 (select count(*)::int from research_activities where region_id = ${regionId} and status = 'open') as open,
                 (select count(*)::int from research_activities where region_id = ${regionId} and status = 'withdrawn') as withdrawn,
                 (select count(*)::int from research_participants where region_id = ${regionId}) as participants,
                 (select count(*)::int from credit_ledger where region_id = ${regionId} and source = 'school_activity'
                    and source_ref like 'research-activity:%' and reverses_id is null) as posted,
                 (select count(*)::int from credit_ledger where region_id = ${regionId} and source = 'school_activity'
                    and source_ref like 'research-activity:%' and reverses_id is not null) as reversed,
                 (select count(*)::int from attachments where region_id = ${regionId} and owner_kind = 'research_activity'
                    and created_at <= ${end}::timestamptz) as evidence,
                 (select count(distinct storage_key)::int from attachments where region_id = ${regionId}
                    and owner_kind = 'research_activity') as photos_ok,
                 (select count(*)::int from research_spot_checks where region_id = ${regionId}) as checks,
                 (select count(*)::int from research_spot_checks where region_id = ${regionId} and verdict = 'pending') as pending,
                 (select count(*)::int from research_plans rp join users u on u.school_id = rp.school_id
                    where u.username = 'school1' and rp.status = 'submitted') as plans_waiting,
                 (select count(*)::int from reading_notes where region_id = ${regionId}
                    and (created_at > ${end}::timestamptz or reviewed_at > ${end}::timestamptz)) as notes`,
    );
    expect(r!.activities).toBeGreaterThan(400);
    expect(r!.future).toBe(0);
    expect(r!.open).toBe(0);
    expect(r!.withdrawn).toBe(2);
    // Closing posted one entry per participant; each failed check reversed its activity's entries.
    expect(r!.posted).toBe(r!.participants);
    expect(r!.reversed).toBeGreaterThan(0);
    expect(r!.evidence).toBeGreaterThan(r!.activities);
    expect(r!.photos_ok).toBe(4);
    expect(r!.checks).toBeGreaterThan(20);
    expect(r!.pending).toBe(3);
    expect(r!.plans_waiting).toBe(1);
    expect(r!.notes).toBe(0);
    // The compliance page: one consortium without a showcase, core schools done, under way and not started.
    const year = Number(TODAY.slice(0, 4));
    const county = await loginAs(t.app, 'county', DEMO_PASSWORD);
    const c = await t.app.inject({
      method: 'GET',
      url: `/api/school-research/compliance?year=${year}`,
      headers: { cookie: county },
    });
    expect(c.statusCode).toBe(200);
    const body = c.json() as {
      consortia: Array<{ behind: boolean }>;
      coreSchools: Array<{ done: number; inProgress: number }>;
      totals: { personTimes: number; activities: number };
    };
    expect(body.consortia.filter((x) => x.behind)).toHaveLength(1);
    expect(body.coreSchools.filter((x) => x.done > 0).length).toBeGreaterThanOrEqual(5);
    expect(body.coreSchools.filter((x) => x.done === 0 && x.inProgress > 0)).toHaveLength(2);
    expect(body.coreSchools.filter((x) => x.done === 0 && x.inProgress === 0)).toHaveLength(1);
    expect(body.totals.personTimes).toBeGreaterThan(3000);
    console.info(
      `school research: ${r!.activities} activities, ${r!.participants} participants, ${body.totals.personTimes} person-times in ${year}`,
    );
  });

  it('dates nothing after today: projects, sessions, nominations and reviews were made before it', async () => {
    const end = `${TODAY}T23:59:59+08:00`;
    const [f] = await rows<{
      projects: number;
      sessions: number;
      participations: number;
      reflections: number;
      report_backs: number;
    }>(
      t.deps.db,
      sql`select (select count(*)::int from projects where region_id = ${regionId}
                    and (created_at > ${end}::timestamptz or updated_at > ${end}::timestamptz)) as projects,
                 (select count(*)::int from project_sessions where region_id = ${regionId}
                    and created_at > ${end}::timestamptz) as sessions,
                 (select count(*)::int from participations where region_id = ${regionId}
                    and (created_at > ${end}::timestamptz or updated_at > ${end}::timestamptz
                         or reviewed_at > ${end}::timestamptz)) as participations,
                 (select count(*)::int from reflections where region_id = ${regionId}
                    and (created_at > ${end}::timestamptz or reviewed_at > ${end}::timestamptz)) as reflections,
                 (select count(*)::int from report_backs where region_id = ${regionId}
                    and (created_at > ${end}::timestamptz or updated_at > ${end}::timestamptz
                         or submitted_at > ${end}::timestamptz or verified_at > ${end}::timestamptz
                         or verified_at < submitted_at)) as report_backs`,
    );
    expect(f).toEqual({ projects: 0, sessions: 0, participations: 0, reflections: 0, report_backs: 0 });
    // Nominations waiting for the county exist, all made before today.
    const [n] = await rows<{ n: number; latest: string }>(
      t.deps.db,
      sql`select count(*)::int as n, max(created_at)::text as latest from participations
          where region_id = ${regionId} and status = 'nominated'`,
    );
    expect(n!.n).toBeGreaterThan(0);
  });

  it('gives the county 青蓝 pairs, studios, honours, plans and a provider, nothing dated after today', async () => {
    const end = `${TODAY}T23:59:59+08:00`;
    const [f] = await rows<Record<string, number>>(
      t.deps.db,
      sql`select (select count(*)::int from mentoring_pairs where region_id = ${regionId}) as pairs,
                 (select count(*)::int from mentoring_pairs where region_id = ${regionId} and excellent_year is not null) as excellent,
                 (select count(*)::int from mentoring_logs where region_id = ${regionId}) as logs,
                 (select count(*)::int from mentoring_choices where region_id = ${regionId} and status = 'pending') as waiting,
                 (select count(*)::int from studios where region_id = ${regionId}) as studios,
                 (select count(distinct t.school_id)::int from studio_members m join teachers t on t.id = m.teacher_id
                    where m.region_id = ${regionId}) as member_schools,
                 (select count(*)::int from honours where region_id = ${regionId} and status = 'verified') as honours,
                 (select count(*)::int from honours where region_id = ${regionId} and status = 'pending') as pending_honours,
                 (select count(*)::int from development_plans where region_id = ${regionId} and status = 'submitted') as plans_waiting,
                 (select count(*)::int from projects where region_id = ${regionId} and provider_id is not null) as commissioned,
                 (select count(*)::int from credit_ledger where region_id = ${regionId} and source = 'school_activity') as postings,
                 (select count(*)::int from mentoring_logs where region_id = ${regionId} and occurred_on > ${TODAY}::date)
                   + (select count(*)::int from studio_activities where region_id = ${regionId} and held_on > ${TODAY}::date)
                   + (select count(*)::int from honours where region_id = ${regionId}
                        and (awarded_on > ${TODAY}::date or verified_at > ${end}::timestamptz or created_at > ${end}::timestamptz))
                   + (select count(*)::int from development_plans where region_id = ${regionId}
                        and (submitted_at > ${end}::timestamptz or decided_at > ${end}::timestamptz
                             or summary_at > ${end}::timestamptz or created_at > ${end}::timestamptz))
                   + (select count(*)::int from mentoring_reviews where region_id = ${regionId} and created_at > ${end}::timestamptz)
                   + (select count(*)::int from credit_ledger where region_id = ${regionId} and occurred_on > ${TODAY}::date)
                   as future`,
    );
    expect(f!.pairs).toBeGreaterThan(200);
    expect(f!.excellent).toBeGreaterThan(0);
    expect(f!.logs).toBeGreaterThan(1000);
    expect(f!.waiting).toBe(1);
    expect(f!.studios).toBe(3);
    expect(f!.member_schools).toBeGreaterThan(6);
    expect(f!.honours).toBeGreaterThan(500);
    expect(f!.pending_honours).toBeGreaterThan(0);
    expect(f!.plans_waiting).toBeGreaterThan(0);
    expect(f!.commissioned).toBe(2);
    expect(f!.postings).toBeGreaterThan(100);
    expect(f!.future).toBe(0);
  });

  it('shows both complete and behind teachers on the credit progress of 2021–2025', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'county', password: DEMO_PASSWORD },
    });
    const cookie = login.headers['set-cookie'];
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/stats/overview?year=2024',
      headers: { cookie: Array.isArray(cookie) ? cookie.join('; ') : (cookie ?? '') },
    });
    expect(res.statusCode).toBeLessThan(500);
    const [p] = await rows<{ met: number; total: number }>(
      t.deps.db,
      sql`select count(*) filter (where h >= ${CYCLE_REQUIRED})::int as met, count(*)::int as total
          from (select t.id, coalesce(sum(l.hours), 0) as h from teachers t
                left join credit_ledger l on l.teacher_id = t.id and l.occurred_on between '2021-01-01' and '2025-12-31'
                where t.region_id = ${regionId} and t.status = '在职' and t.hire_date <= '2021-01-01'
                group by t.id) x`,
    );
    expect(p!.met / p!.total).toBeGreaterThan(0.8);
    expect(p!.met / p!.total).toBeLessThan(0.92);
  });

  it('lets every demo login sign in with its scope', async () => {
    const login = (username: string, password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    const staff = DEMO_LOGINS.filter((l) => l.password === DEMO_PASSWORD);
    expect(staff.map((l) => l.username)).toEqual([
      'county',
      'leader',
      'area1',
      'lianti1',
      'school1',
      'school2',
      'trainer1',
      'provider1',
      'teacher1',
    ]);
    const me: Record<string, Record<string, unknown>> = {};
    for (const l of staff) {
      const res = await login(l.username, DEMO_PASSWORD);
      expect(res.statusCode, l.username).toBe(200);
      me[l.username] = res.json().user;
    }
    expect(me.county).toMatchObject({ role: 'county_admin', regionName: '示范县', mustChangePassword: false });
    expect(me.area1).toMatchObject({ role: 'area_admin', areaName: '城区学区' });
    expect(me.lianti1).toMatchObject({ role: 'area_admin', consortiumName: '实验小学教联体' });
    expect(me.school1).toMatchObject({ role: 'school_admin', schoolName: '示范县实验小学' });
    expect(me.school2).toMatchObject({ role: 'school_admin', schoolName: '遵道镇小学' });
    expect(me.teacher1).toMatchObject({ role: 'teacher', schoolName: '示范县实验小学', mustChangePassword: false });
    expect(me.teacher1!.teacherId).toEqual(expect.any(Number));
    expect(me.provider1).toMatchObject({ role: 'provider', providerName: '川西师范学院继续教育学院' });
  });

  it('signs an ordinary teacher in only through an account slip, never with the ID number', async () => {
    const [teacher] = await rows<{ id_enc: string; teacher_id: number; school_id: number }>(
      t.deps.db,
      sql`select t.id_enc, t.id as teacher_id, t.school_id from teachers t join users u on u.teacher_id = t.id
          where t.region_id = ${regionId} and t.status = '在职' and u.username <> 'teacher1'
          order by t.id offset 1234 limit 1`,
    );
    const idNumber = t.deps.cipher.decrypt(teacher!.id_enc);
    const bySuffix = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: idNumber, password: idNumber.slice(-6) },
    });
    expect(bySuffix.statusCode).toBe(401);
    // The county prints the teacher's slip; the teacher activates with it and signs in.
    const county = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'county', password: DEMO_PASSWORD },
    });
    const cookie = county.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const slips = await t.app.inject({
      method: 'POST',
      url: '/api/accounts/slips',
      headers: { cookie },
      payload: { teacherIds: [teacher!.teacher_id] },
    });
    expect(slips.statusCode).toBe(200);
    const code = slips.json().slips[0].code as string;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/activate',
      payload: { username: idNumber, code, newPassword: 'Qy7-lantern-42' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ role: 'teacher', mustChangePassword: false });
  });
});
