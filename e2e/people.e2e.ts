// People development in the browser: (1) 青蓝工程 — a new teacher at school1 chooses a mentor from the
// open two-way choice on a phone, the school confirms it on a desktop, and mentee and mentor each
// log an activity on their phones; (2) school1 imports honours from a sheet (an error shown by row and
// column, the fixed sheet committed, the honours waiting for the county); (3) the training provider's
// account opens a commissioned project and marks a participant's attendance, and sees no other project.
import { randomInt } from 'node:crypto';
import ExcelJS from 'exceljs';
import { type Browser, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generateDemoCounty } from '../server/src/db/seed/county.js';
import { apiAs, getJson } from './lib/api';
import { baseURL, launchBrowser, settled } from './lib/browser';
import { demoPassword } from './lib/demo';
import { Cast } from './lib/training';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 375, height: 812, mobile: true };
const user = (username: string) => ({ username, password: demoPassword(username) });
const thisYear = () =>
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 4));
const overflow = (page: Page) =>
  page.evaluate('document.documentElement.scrollWidth - window.innerWidth') as Promise<number>;

interface Round {
  id: number;
  status: string;
  schoolId: number | null;
  offerList: Array<{ id: number; mentor: { id: number; name: string }; capacity: number; taken: number }>;
  choices: Array<{ id: number; mentee: { id: number }; offerId: number; status: string }>;
}

test('a new teacher chooses a mentor on a phone, the school confirms, and both log an activity', async () => {
  const year = thisYear();
  const school = await apiAs('school1', demoPassword('school1'));
  const me = await getJson<{ schoolId: number }>(school, '/api/auth/me');
  const rounds = await getJson<{ items: Array<{ id: number; status: string; schoolId: number | null }> }>(
    school,
    `/api/mentoring/rounds?year=${year}`,
  );
  const open = rounds.items.find((r) => r.status === 'open' && r.schoolId === me.schoolId);
  expect(open, 'the demo county has an open two-way choice at school1').toBeTruthy();
  const round = await getJson<Round>(school, `/api/mentoring/rounds/${open!.id}`);
  // The mentor: an offer nobody has chosen yet.
  const offer = round.offerList.find((o) => o.taken < o.capacity && !round.choices.some((c) => c.offerId === o.id))!;
  expect(offer).toBeTruthy();
  // The mentee: a teacher hired this year at school1, neither paired this year nor in the round.
  const staff = await getJson<{ items: Array<{ id: number; name: string; hireDate: string | null }> }>(
    school,
    `/api/teachers?schoolId=${me.schoolId}&status=在职&pageSize=200`,
  );
  const pairs = await getJson<{ items: Array<{ mentee: { id: number } }> }>(
    school,
    `/api/mentoring/pairs?year=${year}&pageSize=200`,
  );
  const busy = new Set([...pairs.items.map((p) => p.mentee.id), ...round.choices.map((c) => c.mentee.id)]);
  const mentee = staff.items.find((t) => t.hireDate?.startsWith(String(year)) && !busy.has(t.id))!;
  expect(mentee, 'a new teacher at school1 is still free to choose').toBeTruthy();
  // Both open their accounts with the slips the school prints.
  const slips = await school.post('/api/accounts/slips', { data: { teacherIds: [mentee.id, offer.mentor.id] } });
  expect(slips.ok()).toBe(true);
  const batch = (await slips.json()) as { slips: Array<{ username: string; code: string; displayName: string }> };
  const account = (name: string) => {
    const s = batch.slips.find((x) => x.displayName === name)!;
    return { username: s.username, code: s.code, password: `Qinglan-${randomInt(1000, 9999)}-ok` };
  };
  const menteeAcc = account(mentee.name);
  const mentorAcc = account(offer.mentor.name);
  // Activating signs the new account in: each on its own request context, not the school's.
  for (const a of [menteeAcc, mentorAcc]) {
    const anon = await request.newContext({ baseURL: baseURL() });
    const res = await anon.post('/api/auth/activate', {
      data: { username: a.username, code: a.code, newPassword: a.password },
    });
    expect(res.ok(), await res.text()).toBe(true);
    await anon.dispose();
  }

  const cast = new Cast(browser, 'people-mentoring');
  await cast.run(async () => {
    // ── the mentee chooses the mentor on a phone.
    const phone = await cast.open('mentee', { username: menteeAcc.username, password: menteeAcc.password }, PHONE);
    await phone.goto('/my/mentoring');
    await settled(phone);
    await phone.getByTestId(`choose-${offer.id}`).waitFor();
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await cast.shot(phone, 'mentee-round');
    await phone.getByTestId(`choose-${offer.id}`).click();
    await expect
      .poll(() => phone.locator('[data-testid^="my-choice-"]').textContent())
      .toContain(`已选择${offer.mentor.name}为师傅，等待学校确认`);
    await cast.shot(phone, 'mentee-chosen');

    // ── the school confirms it on a desktop.
    const after = await getJson<Round>(school, `/api/mentoring/rounds/${round.id}`);
    const choice = after.choices.find((c) => c.mentee.id === mentee.id && c.status === 'pending')!;
    const desk = await cast.open('school1', user('school1'), DESKTOP);
    await desk.goto(`/mentoring?tab=rounds&round=${round.id}`);
    await settled(desk);
    await desk.getByTestId(`choice-accept-${choice.id}`).click();
    await expect.poll(() => desk.getByText(`已确认，${mentee.name}的结对已建立`).isVisible()).toBe(true);
    await cast.shot(desk, 'school-confirmed');

    // ── the mentee logs an activity.
    const menteeApi = await apiAs(menteeAcc.username, menteeAcc.password);
    const mine = await getJson<{ pairs: Array<{ id: number; mentor: { id: number } }> }>(
      menteeApi,
      '/api/mentoring/me',
    );
    await menteeApi.dispose();
    const pair = mine.pairs.find((p) => p.mentor.id === offer.mentor.id)!;
    expect(pair).toBeTruthy();
    await phone.goto('/my/mentoring');
    await settled(phone);
    await phone.getByTestId(`my-pair-${pair.id}`).click();
    await phone.waitForURL(`**/my/mentoring/${pair.id}`);
    await settled(phone);
    await logActivity(phone, '听课', '听了师傅的一节阅读课，学到了用问题串推进课堂的方法。');
    await expect.poll(() => phone.getByTestId('log-list').textContent()).toContain('用问题串推进课堂');
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await cast.shot(phone, 'mentee-logged');

    // ── the mentor logs one too, on another phone.
    const mentorPhone = await cast.open(
      'mentor',
      { username: mentorAcc.username, password: mentorAcc.password },
      PHONE,
    );
    await mentorPhone.goto(`/my/mentoring`);
    await settled(mentorPhone);
    await mentorPhone.getByTestId(`my-pair-${pair.id}`).click();
    await mentorPhone.waitForURL(`**/my/mentoring/${pair.id}`);
    await settled(mentorPhone);
    await expect.poll(() => mentorPhone.getByTestId('log-list').textContent()).toContain('用问题串推进课堂');
    await logActivity(mentorPhone, '指导备课', '和徒弟一起备下一单元的第一课，修改了导入和板书设计。');
    await expect.poll(() => mentorPhone.getByTestId('log-list').textContent()).toContain('修改了导入和板书设计');
    expect(await overflow(mentorPhone)).toBeLessThanOrEqual(0);
    await cast.shot(mentorPhone, 'mentor-logged');

    // The school sees both entries on the pair, each by its author.
    const detail = await getJson<{ logs: Array<{ authorRole: string; kind: string }> }>(
      school,
      `/api/mentoring/pairs/${pair.id}`,
    );
    expect(detail.logs.map((l) => `${l.authorRole}:${l.kind}`).sort()).toEqual(['mentee:听课', 'mentor:指导备课']);
  }, 85_000);
  await school.dispose();
}, 90_000);

async function logActivity(page: Page, kind: string, content: string) {
  await page.getByTestId('log-open').click();
  const form = page.getByTestId('log-form');
  await form.getByLabel('活动类型').selectOption(kind);
  await form.getByLabel('时长（小时）').fill('1.5');
  // Too short first: the form says why before anything is sent.
  await form.getByLabel('活动内容').fill('听课');
  await page.getByTestId('log-submit').click();
  await expect.poll(() => form.getByText('请写几句活动内容（至少5个字）').isVisible()).toBe(true);
  await form.getByLabel('活动内容').fill(content);
  await page.getByTestId('log-submit').click();
  await page.getByTestId('log-form').waitFor({ state: 'detached' });
}

test('a school imports honours: an error by row and column, then the fixed sheet', async () => {
  const county = generateDemoCounty({ regionName: '示范县' });
  const staff = county.teachers.filter((t) => t.school === county.school1 && t.status === '在职').slice(5, 8);
  const run = randomInt(100, 999);
  const rows = staff.map((t, i) => [
    t.idNumber,
    t.name,
    `第${run}届县教学能手${i ? `（${['二', '三'][i - 1]}等）` : ''}`,
    '县级',
    '2026',
    '示范县教育局',
  ]);
  const sheet = async (data: string[][]) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('荣誉');
    ws.addRow(['身份证号', '姓名', '荣誉名称', '级别', '年度', '授予单位']);
    for (const r of data) ws.addRow(r);
    ws.getColumn(1).numFmt = '@';
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

  const cast = new Cast(browser, 'people-honours');
  await cast.run(async () => {
    const page = await cast.open('school1', user('school1'), DESKTOP);
    await page.goto('/honours');
    await settled(page);
    await page
      .getByRole('button', { name: /导\s*入/ })
      .first()
      .click();
    await page.waitForURL('**/honours/import');
    await settled(page);
    await cast.shot(page, 'upload-step');
    // Row 3 (the second teacher) has a level the county does not use.
    const broken = rows.map((r, i) => (i === 1 ? [...r.slice(0, 3), '乡级', ...r.slice(4)] : r));
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: '荣誉.xlsx', mimeType: XLSX, buffer: await sheet(broken) });
    const errors = page.getByTestId('import-errors');
    await errors.waitFor({ state: 'visible', timeout: 60_000 });
    const errorRow = errors.getByRole('row').nth(1);
    await expect.poll(() => errorRow.getByRole('cell').first().textContent()).toBe('3');
    expect(await errorRow.textContent()).toContain('级别');
    expect(await errorRow.textContent()).toContain('国家级、省级');
    await cast.shot(page, 'preview-with-error');

    await page
      .getByRole('button', { name: /重新上传/ })
      .first()
      .click();
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: '荣誉-已修改.xlsx', mimeType: XLSX, buffer: await sheet(rows) });
    await page.getByTestId('import-next').waitFor({ state: 'visible', timeout: 60_000 });
    expect(await page.getByTestId('import-preview').getByText(staff[0]!.name).isVisible()).toBe(true);
    await page.getByTestId('import-next').click();
    expect(await page.getByText(/将新增 3 条/).isVisible()).toBe(true);
    await page.getByTestId('import-commit').click();
    await page.getByText('导入完成', { exact: true }).waitFor({ state: 'visible', timeout: 60_000 });
    await cast.shot(page, 'done');

    // The honours wait for the county; the list finds them by title.
    await page.getByRole('button', { name: /查看教师荣誉/ }).click();
    await page.waitForURL('**/honours');
    await page.goto(`/honours?tab=pending&q=${encodeURIComponent(`第${run}届`)}`);
    await settled(page);
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(3);
    expect(await page.locator('.ant-table-row').first().textContent()).toContain('待认定');
    await cast.shot(page, 'pending-list');
  }, 85_000);

  // The same sheet again adds nothing.
  const api = await apiAs('school1', demoPassword('school1'));
  const again = await api.post('/api/honours/import?dryRun=true', {
    multipart: { file: { name: '荣誉.xlsx', mimeType: XLSX, buffer: await sheet(rows) } },
  });
  expect(await again.json()).toMatchObject({ total: 3, created: 0, updated: 0, skipped: 3, errors: [] });
  await api.dispose();
}, 90_000);

test('the training provider marks attendance on a commissioned project and sees no other', async () => {
  const provider = await apiAs('provider1', demoPassword('provider1'));
  const own = await getJson<{ projects: Array<{ id: number; name: string; status: string }> }>(
    provider,
    '/api/providers/me',
  );
  const project = own.projects.find((p) => p.status === 'running')!;
  expect(project, 'a running project is commissioned from the demo provider').toBeTruthy();
  const county = await apiAs('county', demoPassword('county'));
  const all = await getJson<{ items: Array<{ id: number }> }>(county, '/api/projects?pageSize=100');
  const other = all.items.find((p) => !own.projects.some((o) => o.id === p.id))!;
  expect((await provider.get(`/api/projects/${other.id}`)).status()).toBe(404);
  expect((await provider.get('/api/teachers')).status()).toBe(403);

  const cast = new Cast(browser, 'people-provider');
  await cast.run(async () => {
    const page = await cast.open('provider1', user('provider1'), DESKTOP);
    await page.waitForURL('**/provider');
    await settled(page);
    expect(await page.getByRole('menuitem').count()).toBeLessThanOrEqual(3);
    await cast.shot(page, 'home');
    await page.getByTestId(`provider-project-${project.id}`).click();
    await page.waitForURL(`**/projects/${project.id}`);
    await settled(page);
    await page.getByRole('tab', { name: '考勤' }).click();
    await page.getByTestId('session-roster').waitFor();
    await settled(page);
    const row = page.getByTestId('roster-table').locator('.ant-table-row').first();
    const name = ((await row.locator('td').nth(1).textContent()) ?? '').trim();
    await row.getByRole('button', { name: /修改/ }).click();
    const modal = page.locator('.ant-modal');
    await modal.getByText('请假', { exact: true }).click();
    await modal.getByLabel('原因').fill('承训机构核实：学校教研活动请假');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await expect
      .poll(() =>
        page
          .getByText(/已保存：修改 1 人/)
          .first()
          .isVisible(),
      )
      .toBe(true);
    await expect.poll(() => row.textContent()).toContain('请假');
    await cast.shot(page, 'attendance-marked');
    expect(name.length).toBeGreaterThan(1);
  }, 85_000);

  // The mark is audited as the provider's.
  const audit = await getJson<{ items: Array<{ action: string; userName: string | null }> }>(
    county,
    '/api/audit?action=attendance.mark&pageSize=5',
  );
  expect(audit.items[0]!.userName).toContain('川西师院培训部');
  await provider.dispose();
  await county.dispose();
}, 90_000);
