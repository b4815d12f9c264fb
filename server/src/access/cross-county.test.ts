// The cross-county walk: every operation of /api/openapi.json, called with the sessions of a second
// county (every role) and of another school of the first county (its admin and a teacher), using
// the first county's real ids (one school's teacher, project, session, participation, report-back,
// claim, attachment, certificate number …). Every answer must be a refusal (403/404) or, for lists,
// nothing of the first county; no answer may carry its data (names, masked IDs, phones, numbers);
// the first county's rows must be exactly as they were, and nothing written in the second county may
// point at the first. A route added tomorrow is walked too (a new kind of `{id}` must be named in
// pathId below, or the walk fails and says so).
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeIdNumber, seedWorld, type TestContext, type World } from '../../test/harness.js';
import { fillPath, type Operation, operations } from '../../test/routes-walk.js';
import { addParticipation, createProject, createSession } from '../../test/training.js';
import { one, rows } from '../db/client.js';
import { SESSION_COOKIE } from '../http/auth.js';
import { randomToken, sha256 } from '../lib/crypto.js';
import { actorFor, multipartUpload, samplePdf } from '../modules/attachments/attachments.fixtures.js';
import { issueCertificates } from '../modules/certificates/certificates.service.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely.
type Body = any;

/** The first county's ids the walk sends (all of school A, its teacher A and their records). */
interface Ids {
  teacher: number;
  teacherIdNumber: string;
  school: number;
  area: number;
  consortium: number;
  project: number;
  upperProject: number;
  session: number;
  participation: number;
  upperParticipation: number;
  certificateId: number;
  certificateNumber: string;
  statementNumber: string;
  creditEntry: number;
  reportBack: number;
  claim: number;
  reflection: number;
  application: number;
  ethicsRecord: number;
  leaveRequest: number;
  notice: number;
  notification: number;
  expense: number;
  attachment: number;
  trainer: number;
  category: number;
  account: number;
  /** A new teacher of school A whose account waits for activation: their slip's live code. */
  slipTeacher: number;
  slipUser: number;
  job: string;
  /** School A's admin's batch of the 校培 project's certificates (a finished job, its file stored). */
  certificateBatch: string;
  auditYear: number;
  researchActivity: number;
  researchPlan: number;
  outreach: number;
  spotCheck: number;
  readingBook: number;
  readingLog: number;
  readingNote: number;
  readingAward: number;
  // People development: school A's 青蓝 pair, round, offer and choice, teacher A's honour and plan;
  // a county studio of school C's teachers, school A's training team, and a training provider with
  // a commissioned county project.
  pair: number;
  mentoringLog: number;
  round: number;
  offer: number;
  choice: number;
  mentee: number;
  honour: number;
  plan: number;
  studio: number;
  studioMember: number;
  studioActivity: number;
  studioOutput: number;
  team: number;
  provider: number;
  providerProject: number;
}

const cookieFor = async (t: TestContext, userId: number) => {
  const token = randomToken();
  await t.deps.db.execute(
    sql`insert into sessions (id, user_id, expires_at) values (${sha256(token)}, ${userId}, now() + interval '1 hour')`,
  );
  return `${SESSION_COOKIE}=${token}`;
};

const userId = async (t: TestContext, username: string) =>
  (await one<{ id: number }>(t.deps.db, sql`select id from users where username = ${username}`))!.id;

async function call(t: TestContext, cookie: string, method: string, url: string, payload?: unknown) {
  const res = await t.app.inject({
    method: method as 'GET',
    url,
    headers: { cookie },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json() as Body;
}

/**
 * The first county, 甲县: seedWorld's schools and accounts, with every kind of record made for
 * school A's teacher A, through the API where that is how records come to be.
 */
async function seedFirstCounty(t: TestContext, w: World): Promise<{ ids: Ids; foreign: Record<string, string> }> {
  const db = t.deps.db;
  // Names nothing in the second county can contain.
  await db.execute(sql`update teachers set name = '甲欧阳明', phone = '13912340001' where id = ${w.teacherA}`);
  await db.execute(sql`update teachers set name = '甲司马亮', phone = '13912340002' where id = ${w.teacherB}`);
  await db.execute(sql`update schools set name = '甲县甲一实验小学', phone = '0838-1234001' where id = ${w.schoolA}`);
  await db.execute(sql`update schools set name = '甲县甲二城关中学' where id = ${w.schoolB}`);
  await db.execute(sql`update schools set name = '甲县甲三乡村小学' where id = ${w.schoolC}`);
  await db.execute(sql`update areas set name = '甲县甲区学区' where id = ${w.areaA}`);
  await db.execute(sql`update consortia set name = '甲县甲联教联体' where id = ${w.consortium}`);
  const cookie = {
    county: await cookieFor(t, await userId(t, w.users.county)),
    schoolA: await cookieFor(t, await userId(t, w.users.schoolA)),
    teacherA: await cookieFor(t, await userId(t, w.users.teacherA)),
  };

  const trainerUser = await one<{ id: number }>(
    db,
    sql`insert into users (region_id, username, display_name, role) values (${w.regionId}, ${`trainer_w${w.regionId}`},
        '甲县王专家', 'trainer') returning id`,
  );
  const trainer = await one<{ id: number }>(
    db,
    sql`insert into trainers (region_id, kind, user_id, name, organisation) values (${w.regionId}, 'external',
        ${trainerUser!.id}, '甲县王专家', '甲县师范学院') returning id`,
  );
  // School A's own 校培 project (running, one past session), and a provincial trip of teacher A.
  const project = await createProject(t.deps, w, {
    name: '甲一小学校本研修专题',
    level: '校培',
    organiserType: 'school',
    schoolId: w.schoolA,
    status: 'assessing',
    startDate: '2026-03-02',
    endDate: '2026-03-04',
  });
  const session = await createSession(t.deps, w, project, new Date('2026-03-02T01:00:00Z'), 90, '甲县听评课');
  const participation = await addParticipation(t.deps, w, project, w.teacherA, 'completed');
  await db.execute(
    sql`update participations set score = 88, result = '合格', assessed_at = now() where id = ${participation}`,
  );
  await db.execute(
    sql`insert into attendance (region_id, session_id, participation_id, teacher_id, status, method)
        values (${w.regionId}, ${session}, ${participation}, ${w.teacherA}, 'present', 'manual')`,
  );
  const leaveRequest = await one<{ id: number }>(
    db,
    sql`insert into leave_requests (region_id, session_id, participation_id, reason, status)
        values (${w.regionId}, ${session}, ${participation}, '甲县请假事由', 'pending') returning id`,
  );
  const upperProject = await createProject(t.deps, w, {
    name: '甲县省级骨干研修',
    level: '省培',
    organiserType: 'upper',
    status: 'closed',
    startDate: '2026-03-09',
    endDate: '2026-03-13',
  });
  const upperParticipation = await addParticipation(t.deps, w, upperProject, w.teacherA, 'completed');

  const actor = await actorFor(t.deps, w.users.county);
  const [cert] = (await db.transaction((tx) => issueCertificates(tx, actor, [participation]))).issued;
  const entry = await call(t, cookie.county, 'POST', `/api/teachers/${w.teacherA}/credit-adjustments`, {
    hours: 6,
    category: '学科/新课标',
    reason: '甲县补登学时说明',
    occurredOn: '2026-03-04',
  });
  const statement = await call(t, cookie.county, 'POST', `/api/teachers/${w.teacherA}/credit-statements`, {
    period: 'year',
    year: 2026,
  });
  const ethics = await call(t, cookie.county, 'POST', `/api/teachers/${w.teacherA}/ethics`, {
    occurredOn: '2026-03-01',
    kind: 'commendation',
    note: '甲县师德表彰说明',
  });

  // Teacher A's own records, with an uploaded file linked to the report-back.
  const up = multipartUpload('甲县汇报课件.pdf', samplePdf('jia'), { purpose: 'report_back' }, 'application/pdf');
  const uploaded = await t.app.inject({
    method: 'POST',
    url: '/api/attachments',
    headers: { ...up.headers, cookie: cookie.teacherA },
    payload: up.payload,
  });
  if (uploaded.statusCode !== 200) throw new Error(`upload: ${uploaded.statusCode} ${uploaded.body}`);
  const attachment = uploaded.json().id as number;
  const reportBack = await one<{ id: number }>(
    db,
    sql`insert into report_backs (region_id, school_id, teacher_id, project_id, participation_id, due_on)
        values (${w.regionId}, ${w.schoolA}, ${w.teacherA}, ${upperProject}, ${upperParticipation}, current_date + 14)
        returning id`,
  );
  await call(t, cookie.teacherA, 'PUT', `/api/report-backs/${reportBack!.id}`, {
    form: '讲座',
    heldOn: '2026-03-20',
    audience: 30,
    summary: '甲县成果汇报摘要，省级骨干研修所得。',
    attachmentIds: [attachment],
  });
  const claim = await call(t, cookie.teacherA, 'POST', '/api/claims', {
    participationId: upperParticipation,
    items: [{ category: 'travel', amount: '321.50', note: '甲县高铁票' }],
    note: '甲县差旅报销说明',
  });
  const reflection = await call(t, cookie.teacherA, 'POST', '/api/reflections', {
    projectId: project,
    title: '甲县研修心得标题',
    body: '甲县研修心得正文。'.repeat(8),
  });
  const application = await call(t, cookie.teacherA, 'POST', '/api/credit-applications', {
    kind: 'paper',
    title: '甲县论文学时申报',
    occurredOn: '2026-02-01',
    claimedHours: 4,
  });
  const notice = await call(t, cookie.schoolA, 'POST', '/api/notices', {
    title: '甲一小学内部通知',
    body: '甲县通知正文',
    audience: { scope: 'schools', areaIds: [], schoolIds: [w.schoolA], roles: ['teacher'] },
  });
  const notification = await one<{ id: number }>(
    db,
    sql`select id from notifications where user_id = ${await userId(t, w.users.teacherA)} order by id limit 1`,
  );
  const expense = await call(t, cookie.schoolA, 'POST', '/api/expenses', {
    schoolId: w.schoolA,
    projectId: project,
    category: 'materials',
    amount: '1234.56',
    spentOn: '2026-03-03',
    note: '甲县研修资料费',
  });
  // A teacher new to school A, and the account slip (a live activation code) the school printed.
  const slipTeacher = await call(t, cookie.schoolA, 'POST', '/api/teachers', {
    name: '甲上官燕',
    idNumber: makeIdNumber(900 + w.regionId, '19900101'),
    schoolId: w.schoolA,
    stage: '小学',
    subject: '数学',
  });
  const slips = await call(t, cookie.schoolA, 'POST', '/api/accounts/slips', { teacherIds: [slipTeacher.id] });
  if (slips.slips.length !== 1) throw new Error(`slips: ${JSON.stringify(slips)}`);
  const categories = await call(t, cookie.county, 'GET', '/api/training/categories');
  await call(t, cookie.schoolA, 'POST', `/api/credit-audit/schools/${w.schoolA}/years/2025/generate`);
  const job = randomBytes(8).toString('hex');
  await db.execute(
    sql`insert into jobs (id, region_id, user_id, kind, status, message)
        values (${job}, ${w.regionId}, ${await userId(t, w.users.schoolA)}, 'teachers.import', 'done', '甲县导入完成')`,
  );
  // School A's school-based research: a closed activity teacher A took part in (drawn for a spot
  // check), its plan, and a 送教下乡 the county sends to it.
  const hour = 3_600_000;
  const activity = await call(t, cookie.schoolA, 'POST', '/api/school-research/activities', {
    schoolId: w.schoolA,
    title: '甲一小学集体备课研讨',
    type: '集体备课',
    startsAt: new Date(Date.now() - 3 * hour).toISOString(),
    endsAt: new Date(Date.now() - 2 * hour).toISOString(),
    hours: 2,
    place: '甲一小学会议室',
  });
  await call(t, cookie.schoolA, 'POST', `/api/school-research/activities/${activity.id}/attendance`, {
    teacherIds: [w.teacherA],
    reason: '甲县补录原因',
  });
  await call(t, cookie.schoolA, 'POST', `/api/school-research/activities/${activity.id}/close`);
  const drawn = await call(t, cookie.county, 'POST', '/api/school-research/spot-checks/sample', {
    year: Number(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(Date.now() - 2 * hour),
    ),
    count: 5,
  });
  const plan = await call(t, cookie.schoolA, 'POST', '/api/school-research/plans', {
    schoolId: w.schoolA,
    schoolYear: 2025,
    kind: 'plan',
    theme: '甲一小学研修计划主题',
  });
  const outreach = await call(t, cookie.county, 'POST', '/api/school-research/outreach', {
    organiserKind: 'county',
    targetSchoolId: w.schoolA,
    title: '甲县送教甲一小学',
    year: 2026,
  });
  // The reading programme: the county's list, teacher A's book and note, and their award.
  const book = await call(t, cookie.county, 'POST', '/api/reading/books', { year: 2026, title: '甲县推荐书目名' });
  const log = await call(t, cookie.teacherA, 'POST', '/api/me/reading/logs', { bookId: book.id });
  const readingNote = await call(t, cookie.teacherA, 'POST', `/api/me/reading/logs/${log.id}/notes`, {
    body: '甲县读书笔记正文，写下了联系课堂的体会与做法。',
  });
  const award = await call(t, cookie.county, 'POST', '/api/reading/awards', {
    year: 2026,
    kind: 'reader',
    teacherId: w.teacherA,
    citation: '甲县读书先进评语',
  });
  const certificateBatch = randomUUID();
  const schoolAdminA = await userId(t, w.users.schoolA);
  await db.execute(
    sql`insert into jobs (id, region_id, user_id, kind, status, message)
        values (${certificateBatch}, ${w.regionId}, ${schoolAdminA}, 'certificates.pdf', 'done', '甲县证书已生成')`,
  );
  await db.execute(
    sql`insert into certificate_batches (id, region_id, project_id, user_id, format, count, storage_key)
        values (${certificateBatch}, ${w.regionId}, ${project}, ${schoolAdminA}, 'pdf', 1,
                ${`certificate-batches/${w.regionId}/${project}/${certificateBatch}.pdf`})`,
  );
  const teacherIdNumber = w.idNumbers[0];
  const people = await seedPeople(t, w, cookie, { trainer: trainer!.id });

  const ids: Ids = {
    teacher: w.teacherA,
    teacherIdNumber,
    school: w.schoolA,
    area: w.areaA,
    consortium: w.consortium,
    project,
    upperProject,
    session,
    participation,
    upperParticipation,
    certificateId: cert!.id,
    certificateNumber: cert!.number,
    statementNumber: statement.number,
    creditEntry: entry.id,
    reportBack: reportBack!.id,
    claim: claim.id,
    reflection: reflection.id,
    application: application.id,
    ethicsRecord: ethics.id,
    leaveRequest: leaveRequest!.id,
    notice: notice.id,
    notification: notification!.id,
    expense: expense.id,
    attachment,
    trainer: trainer!.id,
    category: categories.items[0].id,
    account: await userId(t, w.users.schoolA),
    slipTeacher: slipTeacher.id,
    slipUser: slips.slips[0].userId,
    job,
    certificateBatch,
    auditYear: 2025,
    researchActivity: activity.id,
    researchPlan: plan.id,
    outreach: outreach.id,
    spotCheck: drawn.items[0].id,
    readingBook: book.id,
    readingLog: log.id,
    readingNote: readingNote.id,
    readingAward: award.id,
    ...people,
  };
  return { ids, foreign: cookie };
}

type PeopleIds = Pick<
  Ids,
  | 'pair'
  | 'mentoringLog'
  | 'round'
  | 'offer'
  | 'choice'
  | 'mentee'
  | 'honour'
  | 'plan'
  | 'studio'
  | 'studioMember'
  | 'studioActivity'
  | 'studioOutput'
  | 'team'
  | 'provider'
  | 'providerProject'
>;

/** The people-development records of the first county, made through the API. */
async function seedPeople(
  t: TestContext,
  w: World,
  cookie: Record<'county' | 'schoolA' | 'teacherA', string>,
  extra: { trainer: number },
): Promise<PeopleIds> {
  const db = t.deps.db;
  const teacher = async (name: string, schoolId: number, hireDate: string, birthYear: number, n: number) => {
    const idn = makeIdNumber(950 + n + w.regionId, `${birthYear}0101`);
    const row = await one<{ id: number }>(
      db,
      sql`insert into teachers (region_id, school_id, name, gender, id_enc, id_hash, id_masked, birth_year, stage, subject,
                                title, degree, hire_date)
          values (${w.regionId}, ${schoolId}, ${name}, '女', ${t.deps.cipher.encrypt(idn)}, ${t.deps.cipher.hash(idn)},
                  ${`**************${idn.slice(-4)}`}, ${birthYear}, '小学', '语文', '二级教师', '本科', ${hireDate})
          returning id`,
    );
    const user = await one<{ id: number }>(
      db,
      sql`insert into users (region_id, username, display_name, role, school_id, teacher_id)
          values (${w.regionId}, ${`jia_t${row!.id}`}, ${name}, 'teacher', ${schoolId}, ${row!.id}) returning id`,
    );
    return { id: row!.id, cookie: await cookieFor(t, user!.id) };
  };
  const mentee = await teacher('甲新秀', w.schoolA, '2025-09-01', 2001, 1);
  const chooser = await teacher('甲新苗', w.schoolA, '2025-09-01', 2002, 2);
  const host = await teacher('甲名师', w.schoolC, '2000-09-01', 1975, 3);
  // Studios are county records every school reads: its people come from school C.
  const member = await teacher('甲名徒', w.schoolC, '2015-09-01', 1990, 4);

  // 青蓝: teacher A mentors the new teacher (direct pairing), logs an activity, the school checks;
  // a round of school A where teacher A offers and another new teacher's choice waits.
  const pair = await call(t, cookie.schoolA, 'POST', '/api/mentoring/pairs', {
    mentorId: w.teacherA,
    menteeId: mentee.id,
    year: 2026,
    goals: '甲县青蓝结对目标',
  });
  const log = await call(t, cookie.teacherA, 'POST', `/api/mentoring/pairs/${pair.id}/logs`, {
    kind: '听课',
    occurredOn: '2026-03-05',
    hours: 1,
    content: '甲县师徒听课记录',
  });
  await call(t, cookie.schoolA, 'POST', `/api/mentoring/pairs/${pair.id}/reviews`, {
    kind: 'monthly',
    period: '2026-03',
    result: '正常',
    comment: '甲县月度检查意见',
  });
  const round = await call(t, cookie.schoolA, 'POST', '/api/mentoring/rounds', {
    year: 2026,
    schoolId: w.schoolA,
    title: '甲一小学青蓝双选',
    closesOn: '2099-12-31',
  });
  const offer = await call(t, cookie.teacherA, 'POST', `/api/mentoring/rounds/${round.id}/offers`, {
    capacity: 2,
    note: '甲县师傅说明',
  });
  const choice = await call(t, chooser.cookie, 'POST', `/api/mentoring/rounds/${round.id}/choices`, {
    offerId: offer.id,
    note: '甲县徒弟说明',
  });

  // Teacher A's honour (entered by the school) and plan.
  const honour = await call(t, cookie.schoolA, 'POST', '/api/honours', {
    teacherId: w.teacherA,
    level: '县级',
    title: '甲县优秀教师荣誉',
    year: 2025,
    awardingBody: '甲县教育局',
  });
  const plan = await call(t, cookie.teacherA, 'POST', '/api/me/plans', {
    kind: 'yearly',
    startYear: 2026,
    goals: '甲县个人发展目标，上好一节公开课。',
    submit: true,
  });

  // A county studio hosted at school C, with a member there.
  const studio = await call(t, cookie.county, 'POST', '/api/studios', {
    name: '甲县名师工作室',
    hostId: host.id,
    startYear: 2025,
    endYear: 2027,
    goals: '甲县工作室目标',
  });
  await call(t, cookie.county, 'POST', `/api/studios/${studio.id}/members`, {
    teacherIds: [member.id],
    joinedYear: 2026,
  });
  const activity = await call(t, host.cookie, 'POST', `/api/studios/${studio.id}/activities`, {
    kind: '送教下乡',
    title: '甲县送教活动',
    heldOn: '2026-03-10',
    hours: 3,
  });
  const output = await call(t, host.cookie, 'POST', `/api/studios/${studio.id}/outputs`, {
    kind: '论文',
    title: '甲县工作室论文',
    year: 2026,
  });

  // School A's training team from the county's trainer pool.
  const team = await call(t, cookie.schoolA, 'POST', '/api/training-teams', {
    tier: 'school',
    name: '甲一小学培训团队',
    schoolId: w.schoolA,
  });
  await call(t, cookie.schoolA, 'PUT', `/api/training-teams/${team.id}/members`, {
    members: [{ trainerId: extra.trainer, role: '负责人' }],
  });

  // A training provider with an account and a county project commissioned from it.
  const provider = await call(t, cookie.county, 'POST', '/api/providers', {
    name: '甲县承训学院',
    kind: '高等院校',
    contact: '甲县联系人',
  });
  await call(t, cookie.county, 'POST', `/api/providers/${provider.id}/accounts`, {
    username: `jia_provider${w.regionId}`,
    displayName: '甲县承训学院培训部',
  });
  const providerProject = await createProject(t.deps, w, {
    name: '甲县受托骨干研修',
    status: 'running',
    startDate: '2026-03-16',
    endDate: '2026-03-20',
  });
  await call(t, cookie.county, 'POST', `/api/providers/${provider.id}/projects`, { projectId: providerProject });

  return {
    pair: pair.id,
    mentoringLog: log.id,
    round: round.id,
    offer: offer.id,
    choice: choice.id,
    mentee: mentee.id,
    honour: honour.id,
    plan: plan.id,
    studio: studio.id,
    studioMember: member.id,
    studioActivity: activity.id,
    studioOutput: output.id,
    team: team.id,
    provider: provider.id,
    providerProject,
  };
}

/** Strings only the first county holds; school A's private ones are the subset a neighbour school must not see. */
async function secretsOf(t: TestContext, w: World, ids: Ids) {
  const db = t.deps.db;
  const masked = await rows<{ id_masked: string; id: number }>(
    db,
    sql`select id, id_masked from teachers where region_id = ${w.regionId}`,
  );
  const schoolA = [
    '甲欧阳明',
    '13912340001',
    masked.find((m) => m.id === ids.teacher)!.id_masked,
    '甲县甲一实验小学',
    '0838-1234001',
    '甲一小学校本研修专题',
    '甲县听评课',
    '甲县请假事由',
    ids.certificateNumber,
    ids.statementNumber,
    '甲县补登学时说明',
    '甲县师德表彰说明',
    '甲县汇报课件',
    '甲县成果汇报摘要',
    '甲县高铁票',
    '甲县差旅报销说明',
    '甲县研修心得',
    '甲县论文学时申报',
    '甲一小学内部通知',
    '甲县通知正文',
    '甲县研修资料费',
    '1234.56',
    '甲县导入完成',
    '甲县证书已生成',
    '甲上官燕',
    '甲一小学集体备课研讨',
    '甲一小学会议室',
    '甲县补录原因',
    '甲一小学研修计划主题',
    '甲县送教甲一小学',
    '甲县读书笔记正文',
    '甲县读书先进评语',
    '甲新秀',
    '甲新苗',
    '甲县青蓝结对目标',
    '甲县师徒听课记录',
    '甲县月度检查意见',
    '甲一小学青蓝双选',
    '甲县师傅说明',
    '甲县徒弟说明',
    '甲县优秀教师荣誉',
    '甲县个人发展目标',
  ];
  const county = [
    ...schoolA,
    '甲司马亮',
    '13912340002',
    ...masked.map((m) => m.id_masked),
    '甲县甲二城关中学',
    '甲县甲三乡村小学',
    '甲县甲区学区',
    '甲县甲联教联体',
    '甲县省级骨干研修',
    '甲县王专家',
    '甲县师范学院',
    '甲县推荐书目名',
    '甲名师',
    '甲名徒',
    '甲县名师工作室',
    '甲县工作室目标',
    '甲县送教活动',
    '甲县工作室论文',
    '甲一小学培训团队',
    '甲县承训学院',
    '甲县联系人',
    '甲县受托骨干研修',
    '甲县',
  ];
  return { schoolA, county };
}

/** Every row of the first county, per table with a region_id, as JSON text. */
async function snapshot(t: TestContext, regionId: number): Promise<Map<string, Set<string>>> {
  const tables = await rows<{ table_name: string }>(
    t.deps.db,
    sql`select table_name from information_schema.columns
        where table_schema = 'public' and column_name = 'region_id' order by table_name`,
  );
  const out = new Map<string, Set<string>>();
  for (const { table_name } of tables) {
    const list = await rows<{ j: string }>(
      t.deps.db,
      sql`select to_jsonb(x)::text as j from ${sql.identifier(table_name)} x where x.region_id = ${regionId}`,
    );
    out.set(table_name, new Set(list.map((r) => r.j)));
  }
  return out;
}

/**
 * What the walk did to the first county: rows changed or gone, and new rows other than those
 * school B's walking users legitimately leave for themselves (their uploads, jobs, applications,
 * audit entries, notifications): a new row may name only them, teacher B and school B.
 */
function changesOf(
  before: Map<string, Set<string>>,
  after: Map<string, Set<string>>,
  own: { users: number[]; teacher: number; school: number },
) {
  const allowed: Record<string, number[]> = {
    user_id: own.users,
    uploaded_by: own.users,
    created_by: own.users,
    teacher_id: [own.teacher],
    school_id: [own.school],
  };
  const out: string[] = [];
  for (const [table, rowsBefore] of before) {
    const rowsAfter = after.get(table) ?? new Set<string>();
    for (const r of rowsBefore) if (!rowsAfter.has(r)) out.push(`${table}: changed or removed ${r.slice(0, 160)}`);
    for (const r of rowsAfter) {
      if (rowsBefore.has(r)) continue;
      const row = JSON.parse(r) as Record<string, unknown>;
      const foreign = Object.entries(allowed).some(([k, ok]) => row[k] != null && !ok.includes(Number(row[k])));
      if (foreign || row.project_id != null || row.participation_id != null) {
        out.push(`${table}: new row ${r.slice(0, 160)}`);
      }
    }
  }
  return out;
}

/** Columns naming a record, and the table it lives in. */
const REFERENCES: Record<string, string> = {
  school_id: 'schools',
  core_school_id: 'schools',
  teacher_id: 'teachers',
  project_id: 'projects',
  participation_id: 'participations',
  session_id: 'project_sessions',
  area_id: 'areas',
  consortium_id: 'consortia',
  trainer_id: 'trainers',
  user_id: 'users',
  uploaded_by: 'users',
  created_by: 'users',
  mentor_id: 'teachers',
  mentee_id: 'teachers',
  host_id: 'teachers',
  provider_id: 'training_providers',
  studio_id: 'studios',
  pair_id: 'mentoring_pairs',
  round_id: 'mentoring_rounds',
  offer_id: 'mentoring_offers',
  team_id: 'training_teams',
};

/** New rows of the second county that point at a record of another county. */
async function crossReferences(t: TestContext, before: Map<string, Set<string>>, after: Map<string, Set<string>>) {
  const out: string[] = [];
  for (const [table, rowsAfter] of after) {
    const rowsBefore = before.get(table) ?? new Set<string>();
    for (const r of rowsAfter) {
      if (rowsBefore.has(r)) continue;
      const row = JSON.parse(r) as Record<string, unknown>;
      for (const [column, target] of Object.entries(REFERENCES)) {
        if (row[column] == null) continue;
        const ref = await one<{ region_id: number }>(
          t.deps.db,
          sql`select region_id from ${sql.identifier(target)} where id = ${Number(row[column])}`,
        );
        if (ref && ref.region_id !== row.region_id) out.push(`${table}.${column} → another county's ${target}: ${r}`);
      }
    }
  }
  return out;
}

// ---------- requests from the OpenAPI document ----------

type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  minItems?: number;
};

/** The `{id}` of each path: which of the first county's records it names. */
function pathId(path: string, ids: Ids): number | string {
  const table: Array<[RegExp, number | string]> = [
    [/^\/api\/teachers\/\{id\}/, ids.teacher],
    [/^\/api\/schools\/\{id\}/, ids.school],
    [/^\/api\/areas\/\{id\}/, ids.area],
    [/^\/api\/consortia\/\{id\}/, ids.consortium],
    [/^\/api\/projects\/\{id\}/, ids.project],
    [/^\/api\/sessions\/\{id\}/, ids.session],
    [/^\/api\/accounts\/\{id\}/, ids.account],
    [/^\/api\/attachments\/\{id\}/, ids.attachment],
    [/^\/api\/notices\/\{id\}/, ids.notice],
    [/^\/api\/training\/categories\/\{id\}/, ids.category],
    // Training categories are the dictionary kind training_category: the same entry.
    [/^\/api\/dictionaries\/\{kind\}\/\{id\}/, ids.category],
    [/^\/api\/trainers\/\{id\}/, ids.trainer],
    [/^\/api\/leave-requests\/\{id\}/, ids.leaveRequest],
    [/^\/api\/credit-entries\/\{id\}/, ids.creditEntry],
    [/^\/api\/credit-applications\/\{id\}/, ids.application],
    [/^\/api\/ethics-records\/\{id\}/, ids.ethicsRecord],
    [/^\/api\/report-backs\/\{id\}/, ids.reportBack],
    [/^\/api\/reflections\/\{id\}/, ids.reflection],
    [/^\/api\/expenses\/\{id\}/, ids.expense],
    [/^\/api\/claims\/\{id\}/, ids.claim],
    [/^\/api\/jobs\/\{id\}/, ids.job],
    [/^\/api\/school-research\/activities\/\{id\}/, ids.researchActivity],
    [/^\/api\/school-research\/plans\/\{id\}/, ids.researchPlan],
    [/^\/api\/school-research\/outreach\/\{id\}/, ids.outreach],
    [/^\/api\/school-research\/spot-checks\/\{id\}/, ids.spotCheck],
    [/^\/api\/reading\/books\/\{id\}/, ids.readingBook],
    [/^\/api\/me\/reading\/logs\/\{id\}/, ids.readingLog],
    [/^\/api\/reading\/notes\/\{id\}/, ids.readingNote],
    [/^\/api\/reading\/awards\/\{id\}/, ids.readingAward],
    [/^\/api\/mentoring\/pairs\/\{id\}/, ids.pair],
    [/^\/api\/mentoring\/logs\/\{id\}/, ids.mentoringLog],
    [/^\/api\/mentoring\/rounds\/\{id\}/, ids.round],
    [/^\/api\/mentoring\/offers\/\{id\}/, ids.offer],
    [/^\/api\/mentoring\/choices\/\{id\}/, ids.choice],
    [/^\/api\/honours\/\{id\}/, ids.honour],
    [/^\/api\/plans\/\{id\}/, ids.plan],
    [/^\/api\/studios\/\{id\}/, ids.studio],
    [/^\/api\/studio-activities\/\{id\}/, ids.studioActivity],
    [/^\/api\/studio-outputs\/\{id\}/, ids.studioOutput],
    [/^\/api\/training-teams\/\{id\}/, ids.team],
    [/^\/api\/trainer-records\/\{id\}/, ids.trainer],
    [/^\/api\/providers\/\{id\}/, ids.provider],
  ];
  const hit = table.find(([re]) => re.test(path));
  if (!hit) throw new Error(`the walk does not know which record {id} names in ${path}: add it to pathId()`);
  return hit[1];
}

function pathParam(op: Operation, name: string, ids: Ids): number | string {
  switch (name) {
    case 'id':
      return pathId(op.path, ids);
    case 'sessionId':
      return ids.session;
    case 'participationId':
      return ids.participation;
    case 'schoolId':
      return ids.school;
    case 'projectId':
      return ids.providerProject;
    case 'teacherId':
      return op.path.startsWith('/api/studios/') ? ids.studioMember : ids.teacher;
    case 'year':
      return ids.auditYear;
    case 'weekStart':
      return '2026-03-02';
    case 'kind':
      if (op.path.startsWith('/api/dictionaries/')) return 'training_category';
      throw new Error(`the walk does not know the path parameter {kind} of ${op.path}`);
    case 'number':
      return op.path.includes('statement') ? ids.statementNumber : ids.certificateNumber;
    case 'jobId':
      return ids.certificateBatch;
    default:
      throw new Error(`the walk does not know the path parameter {${name}} of ${op.path}`);
  }
}

/** The first county's id for a field or parameter named like one, if it names a record. */
function idValue(name: string, ids: Ids): number | number[] | undefined {
  const one: Record<string, number> = {
    schoolId: ids.school,
    coreSchoolId: ids.school,
    teacherId: ids.teacher,
    projectId: ids.project,
    participationId: ids.upperParticipation,
    sessionId: ids.session,
    trainerId: ids.trainer,
    areaId: ids.area,
    consortiumId: ids.consortium,
    userId: ids.account,
    mentorId: ids.teacher,
    menteeId: ids.mentee,
    hostId: ids.teacher,
    offerId: ids.offer,
    teamId: ids.team,
  };
  const many: Record<string, number[]> = {
    schoolIds: [ids.school],
    teacherIds: [ids.teacher],
    areaIds: [ids.area],
    participationIds: [ids.participation],
    certificateIds: [ids.certificateId],
    attachmentIds: [ids.attachment],
    userIds: [ids.account],
    ids: [ids.notification],
  };
  return one[name] ?? many[name];
}

const isIdName = (name: string) => /(^id|Id|Ids)$/.test(name) || name === 'ids';

/** A value the schema accepts, with the first county's ids wherever a field names a record. */
function sample(schema: JsonSchema | undefined, name: string, ids: Ids): unknown {
  if (!schema) return undefined;
  const id = idValue(name, ids);
  if (id !== undefined) return id;
  const alt = schema.oneOf ?? schema.anyOf;
  if (alt) return sample(alt.find((s) => s.type !== 'null') ?? alt[0], name, ids);
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  if (schema.enum) return schema.enum.find((v) => v !== null);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(schema.properties ?? {})) {
        const required = schema.required?.includes(k);
        // An optional file list is left out: a foreign file, refused first, would hide the other fields' checks.
        if (required || (isIdName(k) && k !== 'attachmentIds')) out[k] = sample(s, k, ids);
      }
      return out;
    }
    case 'array':
      return [sample(schema.items, name.replace(/s$/, ''), ids)];
    case 'integer':
    case 'number': {
      if (/year/i.test(name)) return 2026;
      const min = typeof schema.minimum === 'number' ? schema.minimum : 0;
      const max = typeof schema.maximum === 'number' ? schema.maximum : 1000;
      return Math.min(max, Math.max(min, 0) + 1);
    }
    case 'boolean':
      return false;
    case 'string':
      return sampleString(schema, name, ids);
    default:
      return {};
  }
}

function sampleString(s: JsonSchema, name: string, ids: Ids): string {
  const pattern = s.pattern ?? '';
  if (name === 'idNumber') return ids.teacherIdNumber;
  if (s.format === 'date-time') return name === 'endsAt' ? '2026-10-12T11:00:00+08:00' : '2026-10-12T09:00:00+08:00';
  if (pattern.includes('\\d{4}-\\d{2}-\\d{2}')) return '2026-10-12';
  if (pattern.includes('[0-5]\\d')) return name === 'end' ? '10:30' : '09:00';
  if (pattern.startsWith('^1\\d{10}')) return '13700000000';
  if (pattern.startsWith('^0(')) return '0.1';
  if (pattern.includes('A-Za-z0-9_.-')) return `walker${randomBytes(3).toString('hex')}`;
  if (name === 'month') return '2026-10';
  if (/^\^\\d|\\d\+/.test(pattern) || /amount|funds|money/i.test(name)) return '100';
  if (/password/i.test(name)) return 'Walker-2026-pass';
  const n = Math.max(s.minLength ?? 1, 2);
  return '走'.repeat(Math.min(n, s.maxLength ?? n));
}

/** A small sheet per upload, naming the first county's teacher by ID number only (never a name). */
const SHEETS: Record<string, string> = {
  '/api/teachers/import': '姓名,身份证号,学校,学段,学科\n走访,{id},走访学校,小学,语文',
  '/api/schools/import': '学校名称,学校类型,学区,城乡\n走访学校,初中,走访学区,城镇',
  '/api/credits/import': '身份证号,姓名,日期,类别,学时\n{id},走访,2026-03-01,学科/新课标,2',
  '/api/credits/import/report': '身份证号,姓名,日期,类别,学时\n{id},走访,2026-03-01,学科/新课标,2',
  // A school no county has: the answer may name it back without naming the first county's.
  '/api/budgets/import': '学校,公用经费\n走访学校,100',
  '/api/budgets/import/report': '学校,公用经费\n走访学校,100',
  '/api/trainings/results/import':
    '身份证号,姓名,项目名称,级别,形式,开始日期,结束日期,学时,考核结果\n{id},走访,走访项目,省培,集中面授,2026-03-09,2026-03-13,24,合格',
};

function upload(op: Operation, ids: Ids) {
  if (op.path === '/api/attachments') {
    return multipartUpload('走访.pdf', samplePdf('walk'), { purpose: 'report_back' }, 'application/pdf');
  }
  const sheet = SHEETS[op.path] ?? SHEETS['/api/credits/import']!;
  return multipartUpload(
    '走访.csv',
    `${sheet.replace('{id}', ids.teacherIdNumber)}\n`,
    { kind: 'teachers' },
    'text/csv',
  );
}

/** Bodies the schema alone does not make meaningful: what the probe is about. */
const BODY_PATCHES: Record<string, (body: Body, extra: Extra) => Body> = {
  // A 校培 project of the first county's school (only 校培 projects name a school).
  'POST /api/projects': (b) => ({ ...b, level: '校培', organiserType: 'school' }),
  // A school admin account for the first county's school.
  'POST /api/accounts': (b) => ({ ...b, role: 'school_admin' }),
  // A valid rule set (the national preset): the rules' own checks are not what is walked.
  'PUT /api/credit-rules': (_b, extra) => extra.ruleSet,
  // Slips for school A's teacher whose account waits: a slip issued across the line would revoke their live code.
  'POST /api/accounts/slips': (b, extra) => ({
    ...b,
    schoolIds: [extra.ids.school],
    teacherIds: [extra.ids.slipTeacher],
    userIds: [extra.ids.slipUser],
  }),
  // Valid decisions and a valid monthly check: the record is what the walk probes, not the body's rules.
  'POST /api/mentoring/pairs/{id}/reviews': () => ({ kind: 'monthly', period: '2026-03', result: '正常' }),
  'POST /api/mentoring/choices/{id}/decide': () => ({ accept: true }),
  'POST /api/plans/{id}/decide': () => ({ approve: true }),
  'POST /api/honours/verify': (_b, extra) => ({ ids: [extra.ids.honour], decision: 'verify' }),
};

interface Extra {
  ruleSet: unknown;
  ids: Ids;
}

function requestOf(op: Operation, ids: Ids, extra: Extra) {
  let url = fillPath(op.path, (name) => pathParam(op, name, ids));
  const query = new URLSearchParams();
  let filtersByForeignId = false;
  let filtersBySchoolA = false;
  for (const q of op.queryParams) {
    const id = idValue(q.name, ids);
    if (typeof id === 'number') {
      query.set(q.name, String(id));
      filtersByForeignId = true;
      // School B shares school A's area and consortium: filtering by those is not by school A.
      if (q.name !== 'areaId' && q.name !== 'consortiumId') filtersBySchoolA = true;
    } else if (q.required) query.set(q.name, String(sample(q.schema as JsonSchema, q.name, ids)));
    else if (q.name === 'reveal' || q.name === 'dryRun') query.set(q.name, 'true');
    else if (q.name === 'purpose') query.set(q.name, 'report_back');
  }
  if ([...query.keys()].length) url += `?${query}`;
  if (op.bodyTypes.includes('multipart/form-data')) {
    const u = upload(op, ids);
    return { url, headers: u.headers, payload: u.payload, filtersByForeignId, filtersBySchoolA };
  }
  const sampled = op.bodySchema ? sample(op.bodySchema as JsonSchema, 'body', ids) : undefined;
  const patch = BODY_PATCHES[`${op.method} ${op.path}`];
  const payload = patch ? patch(sampled, extra) : sampled;
  return { url, headers: {}, payload, filtersByForeignId, filtersBySchoolA };
}

/** The text a response shows: JSON or text as is; a workbook's cells; other binaries as latin1. */
async function textOf(res: { headers: Record<string, unknown>; rawPayload: Buffer; body: string }) {
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('spreadsheetml')) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => cells.push(JSON.stringify(row.values)));
    return cells.join('\n');
  }
  return type.includes('json') || type.startsWith('text') ? res.body : res.rawPayload.toString('latin1');
}

/** Record ids in the path (not a week or a school year): the first county's own records. */
const namesRecord = (op: Operation) =>
  op.pathParams.some((p) => p.name !== 'weekStart' && p.name !== 'year' && p.name !== 'kind');
/** Records every school of the first county may read (its trainer pool, categories, dictionaries, areas). */
const countyShared = (op: Operation) =>
  /^\/api\/(trainers|training\/categories|dictionaries\/\{kind\}|areas|consortia|trainer-records|studios)\/\{id\}/.test(
    op.path,
  );

describe('the cross-county walk', () => {
  let t: TestContext;
  let first: World;
  let second: World;
  let ids: Ids;
  let secrets: { schoolA: string[]; county: string[] };
  let extra: Extra;
  const sessions: Array<{ who: string; cookie: string; secrets: () => string[]; foreignCounty: boolean }> = [];
  /** The first county's own walking users (school B's admin and teacher). */
  const ownUsers: number[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    first = await seedWorld(t.deps, '甲县');
    second = await seedWorld(t.deps, '乙县');
    ({ ids } = await seedFirstCounty(t, first));
    secrets = await secretsOf(t, first, ids);
    const presets = await t.app.inject({
      method: 'GET',
      url: '/api/credit-rules/presets',
      headers: { cookie: await cookieFor(t, await userId(t, first.users.county)) },
    });
    extra = { ruleSet: presets.json().items[0].rules, ids };

    // The second county: every role (a trainer account added to seedWorld's).
    const trainer = await one<{ id: number }>(
      t.deps.db,
      sql`insert into users (region_id, username, display_name, role) values (${second.regionId},
          ${`trainer_y${second.regionId}`}, '乙县培训专家', 'trainer') returning id`,
    );
    await t.deps.db.execute(
      sql`insert into trainers (region_id, kind, user_id, name) values (${second.regionId}, 'external', ${trainer!.id}, '乙县专家')`,
    );
    for (const [who, username] of Object.entries(second.users)) {
      sessions.push({
        who: `乙县 ${who}`,
        cookie: await cookieFor(t, await userId(t, username)),
        secrets: () => secrets.county,
        foreignCounty: true,
      });
    }
    sessions.push({
      who: '乙县 trainer',
      cookie: await cookieFor(t, trainer!.id),
      secrets: () => secrets.county,
      foreignCounty: true,
    });
    // A training provider's account in the second county.
    const provider = async (w: World, name: string) => {
      const p = await one<{ id: number }>(
        t.deps.db,
        sql`insert into training_providers (region_id, name, kind) values (${w.regionId}, ${name}, '其他') returning id`,
      );
      return (await one<{ id: number }>(
        t.deps.db,
        sql`insert into users (region_id, username, display_name, role, provider_id)
            values (${w.regionId}, ${`provider_${w.regionId}_${p!.id}`}, ${`${name}账号`}, 'provider', ${p!.id})
            returning id`,
      ))!.id;
    };
    sessions.push({
      who: '乙县 provider',
      cookie: await cookieFor(t, await provider(second, '乙县培训机构')),
      secrets: () => secrets.county,
      foreignCounty: true,
    });
    // The first county's other school: its admin, and a teacher there.
    const teacherB = await one<{ id: number }>(
      t.deps.db,
      sql`insert into users (region_id, username, display_name, role, school_id, teacher_id)
          values (${first.regionId}, ${`teacherB_${first.regionId}`}, '甲司马亮', 'teacher', ${first.schoolB},
                  ${first.teacherB}) returning id`,
    );
    ownUsers.push(await userId(t, first.users.schoolB), teacherB!.id);
    sessions.push({
      who: '甲县 schoolB',
      cookie: await cookieFor(t, ownUsers[0]!),
      secrets: () => secrets.schoolA,
      foreignCounty: false,
    });
    sessions.push({
      who: '甲县 teacherB',
      cookie: await cookieFor(t, ownUsers[1]!),
      secrets: () => secrets.schoolA,
      foreignCounty: false,
    });
    // A provider of the first county from which nothing is commissioned: it sees no project, no
    // other provider and nothing of school A.
    ownUsers.push(await provider(first, '甲地第二学院'));
    sessions.push({
      who: '甲县 other provider',
      cookie: await cookieFor(t, ownUsers[2]!),
      secrets: () => [...secrets.schoolA, '甲县受托骨干研修', '甲县承训学院', '甲县联系人', '甲名师'],
      foreignCounty: false,
    });

    // Guard against a false alarm: no secret may occur in what the other sessions legitimately own.
    const own = async (where: ReturnType<typeof sql>) =>
      (await one<{ text: string }>(t.deps.db, sql`select string_agg(x, '|') as text from (${where}) d(x)`))!.text;
    const second2 = await own(
      sql`select name || coalesce(phone, '') || id_masked from teachers where region_id = ${second.regionId}
          union all select name from schools where region_id = ${second.regionId}`,
    );
    for (const s of secrets.county) expect(second2.includes(s), `secret ${s} in the second county`).toBe(false);
    const schoolB = await own(
      sql`select name || coalesce(phone, '') || id_masked from teachers where id = ${first.teacherB}
          union all select name from schools where id = ${first.schoolB}`,
    );
    for (const s of secrets.schoolA) expect(schoolB.includes(s), `secret ${s} in school B`).toBe(false);
  });
  afterAll(() => t.close());

  it('refuses every operation, leaks nothing and changes nothing of the first county', async () => {
    const ops = operations(t.app).filter((o) => !o.public);
    expect(ops.length).toBeGreaterThan(150);
    const before = await snapshot(t, first.regionId);
    const secondBefore = await snapshot(t, second.regionId);
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    for (const op of ops) {
      const req = requestOf(op, ids, extra);
      for (const s of sessions) {
        const res = await t.app.inject({
          method: op.method,
          url: req.url,
          headers: { ...req.headers, cookie: s.cookie },
          ...(req.payload === undefined ? {} : { payload: req.payload as object }),
        });
        const status = res.statusCode;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const where = `${s.who} ${op.method} ${req.url} → ${status}`;
        if (status >= 500 || status === 401) {
          problems.push(`${where}: ${res.body.slice(0, 200)}`);
          continue;
        }
        const text = await textOf(res);
        const leaked = s.secrets().find((secret) => text.includes(secret));
        if (leaked) problems.push(`${where}: the answer contains “${leaked}”`);
        const refused = status === 403 || status === 404;
        if (namesRecord(op) && !refused && (s.foreignCounty || !countyShared(op))) {
          problems.push(`${where}: a record of the first county was not refused (${res.body.slice(0, 160)})`);
        }
        const filtered = s.foreignCounty ? req.filtersByForeignId : req.filtersBySchoolA;
        if (status < 300 && filtered && res.headers['content-type']?.toString().includes('json')) {
          const body = res.json() as Body;
          const items = Array.isArray(body) ? body : Array.isArray(body?.items) ? body.items : null;
          if (items?.length) problems.push(`${where}: filtered by a first-county id, yet lists ${items.length} rows`);
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
    const changed = changesOf(before, await snapshot(t, first.regionId), {
      users: ownUsers,
      teacher: first.teacherB,
      school: first.schoolB,
    });
    expect(changed, changed.join('\n')).toEqual([]);
    const crossed = await crossReferences(t, secondBefore, await snapshot(t, second.regionId));
    expect(crossed, crossed.join('\n')).toEqual([]);
    // The walk reached the scope checks: most answers are refusals, none an error.
    expect((statuses.get(403) ?? 0) + (statuses.get(404) ?? 0)).toBeGreaterThan(ops.length * sessions.length * 0.6);
    // About 1,800 requests: ~12 s on an idle machine (PGlite), minutes when the cores are shared.
  }, 300_000);
});
