// School-based development through the real pages (issue "School-based development", Done means):
// (1) school1 writes its research summary from the template and submits it, the county accepts it;
//     school1 records a themed activity, puts its rotating QR code on screen, two teachers check in
//     on 375-px phones, a third is marked by hand with a reason, evidence is uploaded (stamped), and
//     once it has ended the host closes it: the hours show on the teachers' phones;
// (2) the county plans a 送教下乡 from a core school to school2 and runs it through the five stages
//     (scheduled, people marked — the teachers sent as trainers — closed), school2 confirms each;
// (3) the county's compliance page shows the result (the core school no longer behind, school1's
//     person-times up by three) and exports it.
//
// Reads through the API (setup, never a shortcut for a step): who school1, teacher1 and their
// colleagues are, an activation code for a colleague's account (the school would print a slip), the
// check-in link behind the QR code, and the compliance figures before the scenarios.
import { type Browser, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apiAs, getJson } from './lib/api';
import { baseURL, launchBrowser, settled } from './lib/browser';
import { demoPassword } from './lib/demo';
import {
  addDays,
  beijingNow,
  Cast,
  chooseOption,
  fillRange,
  hhmm,
  modulesOfPath,
  modulesOfValue,
} from './lib/training';

let browser: Browser;
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 375, height: 812, mobile: true };
const user = (username: string) => ({ username, password: demoPassword(username) });
const run = Date.now().toString(36).slice(-5).toUpperCase();
const year = Number(beijingNow().date.slice(0, 4));

interface Me {
  displayName: string;
  schoolId: number | null;
  schoolName: string | null;
  teacherId: number | null;
}
interface TeacherRow {
  id: number;
  name: string;
  hasAccount: boolean;
  accountState: string | null;
}
interface SchoolOption {
  id: number;
  name: string;
}
interface ComplianceBody {
  schools: Array<{ schoolId: number; personTimes: number }>;
  coreSchools: Array<{ schoolId: number; schoolName: string; done: number; behind: boolean }>;
}

/** A colleague on a phone: an account opened with an activation code (the school's printed slip). */
interface Colleague {
  id: number;
  name: string;
  username: string;
  password: string;
}

let school1: Me;
let teacher1: Me;
let colleague: Colleague;
let marked: TeacherRow;
let zhiyan: SchoolOption;
let trainers: TeacherRow[];
let before: ComplianceBody;
/** What the scenarios added (a retried scenario adds again): school1's person-times, 送教下乡 done. */
let addedPersonTimes = 0;
let outreachDone = false;

beforeAll(async () => {
  browser = await launchBrowser();
  const schoolApi = await apiAs('school1', demoPassword('school1'));
  school1 = await getJson<Me>(schoolApi, '/api/auth/me');
  const teacherApi = await apiAs('teacher1', demoPassword('teacher1'));
  teacher1 = await getJson<Me>(teacherApi, '/api/auth/me');
  await teacherApi.dispose();
  // teacher1's subject group at school1: a colleague who scans, another the host marks by hand.
  const group = await getJson<{ items: TeacherRow[] }>(
    schoolApi,
    `/api/teachers?schoolId=${school1.schoolId}&subject=${encodeURIComponent('语文')}&status=${encodeURIComponent('在职')}&pageSize=50`,
  );
  await schoolApi.dispose();
  const others = group.items.filter((t) => t.id !== teacher1.teacherId && t.accountState !== 'active');
  expect(others.length, 'school1 has 语文 colleagues of teacher1').toBeGreaterThan(2);
  const county = await apiAs('county', demoPassword('county'));
  const slip = await county.post('/api/accounts/slips', { data: { teacherIds: [others[0]!.id], reissue: true } });
  expect(slip.ok(), await slip.text()).toBe(true);
  const { username, code } = ((await slip.json()) as { slips: Array<{ username: string; code: string }> }).slips[0]!;
  const password = `Yanxiu-${run}-42`;
  const anon = await request.newContext({ baseURL: baseURL() });
  const activated = await anon.post('/api/auth/activate', { data: { username, code, newPassword: password } });
  expect(activated.ok(), await activated.text()).toBe(true);
  await anon.dispose();
  colleague = { id: others[0]!.id, name: others[0]!.name, username, password };
  marked = others[1]!;
  // The core school that sends: 紫岩小学 (its consortium takes in school2), and two of its 语文 teachers.
  const options = await getJson<SchoolOption[] | { items: SchoolOption[] }>(county, '/api/schools/options');
  zhiyan = (Array.isArray(options) ? options : options.items).find((s) => s.name.endsWith('紫岩小学'))!;
  trainers = (
    await getJson<{ items: TeacherRow[] }>(
      county,
      `/api/teachers?schoolId=${zhiyan.id}&subject=${encodeURIComponent('语文')}&status=${encodeURIComponent('在职')}&pageSize=5`,
    )
  ).items.slice(0, 2);
  before = await getJson<ComplianceBody>(county, `/api/school-research/compliance?year=${year}`);
  await county.dispose();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

/** Clicks the OK button of the open confirm dialog with that title. */
async function confirmDialog(page: Page, title: string | RegExp, ok: string | RegExp) {
  const dialog = page.getByRole('dialog').filter({ hasText: title });
  await dialog.getByRole('button', { name: ok }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** The check-in link the QR screen shows now: the server's current link, and the SVG encodes exactly it. */
async function checkinLinkOnScreen(qrPage: Page, activityId: number) {
  const svg = qrPage.getByTestId('qr-code').getByRole('img', { name: '签到二维码' });
  await svg.waitFor();
  let url = '';
  await expect
    .poll(
      async () => {
        const res = await qrPage.request.get(`/api/school-research/activities/${activityId}/qr`);
        if (!res.ok()) return `GET qr → ${res.status()}`;
        url = ((await res.json()) as { url: string }).url;
        const d = (await svg.locator('path').getAttribute('d')) ?? '';
        return modulesOfPath(d).join(' ') === modulesOfValue(`${baseURL()}${url}`).join(' ') ? 'same' : 'rotated';
      },
      { timeout: 40_000 },
    )
    .toBe('same');
  expect(url).toMatch(new RegExp(`^/research/checkin/${activityId}\\?t=[\\w-]+$`));
  return url;
}

/** A teacher's phone opens the link signed out, signs in and lands on the answer. */
async function scanOnPhone(cast: Cast, label: string, who: { username: string; password: string }, link: string) {
  const phone = await cast.open(label, null, PHONE);
  await phone.goto(link);
  await phone.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === link);
  await phone.getByLabel('用户名').fill(who.username);
  await phone.getByLabel('密码', { exact: true }).fill(who.password);
  await phone.getByRole('button', { name: /登\s*录/ }).click();
  await phone.waitForURL((u) => `${u.pathname}${u.search}` === link);
  const outcome = phone.getByTestId('checkin-result');
  await outcome.waitFor();
  expect(await outcome.getAttribute('data-code')).toBe('OK');
  const overflow = await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow, 'the check-in answer does not scroll sideways on a phone').toBeLessThanOrEqual(0);
  return phone;
}

const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

test('school1 writes its summary and holds an activity: phones check in, the host closes it, hours appear', async () => {
  const cast = new Cast(browser, 'research');
  const { shot } = cast;
  await cast.run(async () => {
    const school = await cast.open('school1', user('school1'), DESKTOP);

    // ── 1. The year's summary, from the template; submitted; the county accepts it.
    await school.goto('/school-research/plans');
    await settled(school);
    await school.getByTestId('own-plan').waitFor();
    const start = school.getByTestId('plan-start-summary');
    if (await start.isVisible()) {
      await start.click();
      await school.waitForURL(/\/school-research\/plans\/\d+$/);
      await settled(school);
      const theme = school.getByTestId('plan-theme');
      expect(await theme.inputValue()).toContain('校本研修工作总结');
      await theme.fill(`${school1.schoolName}本学年校本研修工作总结（${run}）`);
      await shot(school, 'summary-editor');
      await school.getByTestId('plan-submit').click();
      await confirmDialog(school, '提交给县教师发展中心审核？', /确\s*定|OK/);
      await school.getByText('待审核', { exact: true }).first().waitFor();
      const planPath = new URL(school.url()).pathname;
      await school.goto(`${planPath}/print`);
      await school.getByTestId('plan-document').waitFor();
      expect(await school.getByTestId('plan-document').textContent()).toContain(run);
      await shot(school, 'summary-print');

      const county = await cast.open('county', user('county'), DESKTOP);
      await county.goto('/school-research/plans');
      await settled(county);
      await county.getByTestId(`plan-summary-${school1.schoolId}`).click();
      await county.getByTestId('plan-review').waitFor();
      await county.getByLabel('通过', { exact: true }).check();
      await county.getByTestId('plan-review-save').click();
      await county
        .getByText(/审核通过/)
        .first()
        .waitFor();
      await shot(county, 'summary-accepted');
    }

    // ── 2. The activity: 语文 group's 集体备课, started 5 minutes ago, ending in 3.
    let now = beijingNow();
    if (now.minutes < 10 || now.minutes > 23 * 60 + 50) {
      // Keep the activity within one day: wait for a few minutes past midnight.
      await school.waitForTimeout(((24 * 60 + 10 - now.minutes) % (24 * 60)) * 60_000);
      now = beijingNow();
    }
    const title = `语文“整本书阅读”集体备课（${run}）`;
    await school.goto('/school-research/activities');
    await settled(school);
    await school.getByTestId('activity-new').click();
    const drawer = school.getByRole('dialog');
    await drawer.getByLabel('活动主题', { exact: true }).fill(title);
    await chooseOption(school, drawer.getByLabel('活动类型', { exact: true }), '集体备课');
    await fillRange(drawer.locator('.ant-picker-range'), hhmm(now.minutes - 5), hhmm(now.minutes + 3));
    await drawer.getByLabel(/^地点/).fill('三楼会议室');
    await chooseOption(school, drawer.getByLabel(/^学科/), '语文', '语文');
    await shot(school, 'activity-form');
    await school.getByTestId('activity-save').click();
    await school.waitForURL(/\/school-research\/activities\/\d+$/);
    const activityPath = new URL(school.url()).pathname;
    const activityId = Number(activityPath.split('/').pop());
    await settled(school);
    expect(await school.getByTestId('activity-title').textContent()).toBe(title);

    // ── 3. The QR code on the projector; teacher1 and a colleague scan it on their phones.
    const [qrPage] = await Promise.all([
      school.context().waitForEvent('page'),
      school.getByTestId('activity-qr').click(),
    ]);
    await qrPage.waitForLoadState();
    await qrPage.setViewportSize(DESKTOP);
    await expect.poll(() => qrPage.getByTestId('qr-counter').textContent()).toMatch(/^0\s*\/\s*\d+$/);
    const link1 = await checkinLinkOnScreen(qrPage, activityId);
    await shot(qrPage, 'qr-screen');
    const phone1 = await scanOnPhone(cast, 'teacher1-phone', user('teacher1'), link1);
    expect(await phone1.getByTestId('checkin-result').textContent()).toContain(title);
    await shot(phone1, 'checkin-phone');
    const link2 = await checkinLinkOnScreen(qrPage, activityId);
    await scanOnPhone(cast, 'colleague-phone', colleague, link2);
    await expect.poll(() => qrPage.getByTestId('qr-counter').textContent()).toMatch(/^2\s*\/\s*\d+$/);
    await shot(qrPage, 'qr-screen-counted');
    await qrPage.close();

    // ── 4. The host marks a teacher who could not scan, with the reason.
    await school.reload();
    await settled(school);
    await expect.poll(() => school.getByTestId('participants-count').textContent()).toMatch(/^参与教师 2 人/);
    await school.getByTestId('participants-mark').click();
    const mark = school.getByRole('dialog').filter({ hasText: '补录参与教师' });
    await mark.getByPlaceholder('搜索姓名').fill(marked.name);
    await mark.getByPlaceholder('搜索姓名').press('Enter');
    await mark.getByRole('row').filter({ hasText: marked.name }).getByRole('checkbox').check();
    await mark.getByTestId('mark-reason').fill('手机没电，以现场纸质签到表为证');
    await shot(school, 'mark-by-hand');
    await mark.getByTestId('mark-ok').click();
    await mark.waitFor({ state: 'hidden' });
    await expect.poll(() => school.getByTestId('participants-count').textContent()).toMatch(/^参与教师 3 人/);
    const markedRow = school.getByRole('row').filter({ hasText: marked.name });
    expect(await markedRow.textContent()).toContain('手机没电');

    // ── 5. Evidence: a photo, stamped with who uploaded it and when.
    await school
      .getByTestId('attachments-research_activity')
      .locator('input[type=file]')
      .setInputFiles({ name: '集体备课现场.png', mimeType: 'image/png', buffer: PNG_1PX });
    await expect.poll(() => school.getByTestId('evidence-save').isEnabled(), { timeout: 30_000 }).toBe(true);
    await school.getByTestId('evidence-save').click();
    await expect.poll(() => school.getByTestId('evidence-stamp').first().textContent()).toContain('上传于');
    expect(await school.getByTestId('evidence-card').textContent()).toContain('集体备课现场.png');
    await shot(school, 'participants-and-evidence');

    // ── 6. Once it has ended, the host closes it: three teachers get 2 hours each.
    await expect
      .poll(
        async () => {
          await school.reload();
          await settled(school);
          return school.getByTestId('activity-close').isEnabled();
        },
        { timeout: 300_000, interval: 15_000 },
      )
      .toBe(true);
    await school.getByTestId('activity-close').click();
    await confirmDialog(school, '结束活动并记入学时？', '结束并记学时');
    await school.getByText('已结束：3 位教师各记 2 学时，计入校培人次', { exact: true }).waitFor();
    addedPersonTimes += 3;
    expect(await school.getByTestId('activity-status').first().textContent()).toContain('已结束');
    await shot(school, 'closed');

    // ── 7. The hours on teacher1's phone: 我的校本研修 and 我的学分.
    await phone1.goto('/my/research');
    await settled(phone1);
    const card = phone1.getByTestId(`my-research-${activityId}`);
    await expect.poll(() => card.textContent()).toContain('已记 2 学时');
    await shot(phone1, 'my-research-phone');
    await phone1.goto('/my/credits');
    await settled(phone1);
    await phone1.getByText(title, { exact: false }).first().waitFor();
    await shot(phone1, 'my-credits-phone');
  }, 560_000);
}, 600_000);

test('a 送教下乡 runs through the five stages, each confirmed by the receiving school', async () => {
  const cast = new Cast(browser, 'research-outreach');
  const { shot } = cast;
  await cast.run(async () => {
    const county = await cast.open('county', user('county'), DESKTOP);
    const theme = `语文阅读教学送教（${run}）`;
    const school2Name = (await (async () => {
      const api = await apiAs('school2', demoPassword('school2'));
      const me = await getJson<Me>(api, '/api/auth/me');
      await api.dispose();
      return me.schoolName;
    })())!;

    // ── 1. The county plans it for 紫岩小学 (the core school) to school2.
    await county.goto('/school-research/outreach');
    await settled(county);
    await county.getByTestId('outreach-new').click();
    const drawer = county.getByRole('dialog');
    await chooseOption(county, drawer.getByLabel('送教学校', { exact: true }), zhiyan.name, '紫岩');
    await chooseOption(county, drawer.getByLabel('受援学校', { exact: true }), school2Name, school2Name.slice(0, 3));
    await drawer.getByTestId('outreach-title').fill(theme);
    await chooseOption(county, drawer.getByLabel(/^学科/), '语文', '语文');
    await shot(county, 'outreach-form');
    await county.getByTestId('outreach-save').click();
    await county.waitForURL(/\/school-research\/outreach\/\d+$/);
    const outreachPath = new URL(county.url()).pathname;
    await settled(county);
    expect(await county.getByTestId('outreach-title').textContent()).toBe(theme);

    // ── 2. Each stage on one of the last five days: scheduled, people marked, closed.
    const today = beijingNow().date;
    const stagePaths: string[] = [];
    for (let n = 1; n <= 5; n++) {
      await county.goto(outreachPath);
      await settled(county);
      await county.getByTestId(`stage-schedule-${n}`).click();
      const modal = county.getByRole('dialog').filter({ hasText: `安排第${n}段` });
      const date = modal.getByLabel('日期', { exact: true });
      await date.click();
      await date.fill(addDays(today, n - 6));
      await date.press('Enter');
      await fillRange(modal.locator('.ant-picker-range'), '09:00', '11:30');
      if (n === 1) await shot(county, 'stage-schedule');
      await county.getByTestId('stage-schedule-ok').click();
      await modal.waitFor({ state: 'hidden' });
      await expect.poll(() => county.getByTestId(`stage-${n}`).getAttribute('data-state')).toBe('scheduled');
      await county.getByTestId(`stage-open-${n}`).click();
      await county.waitForURL(/\/school-research\/activities\/\d+$/);
      stagePaths.push(new URL(county.url()).pathname);
      await settled(county);

      // The receiving school's teachers (a page of them), and in the first stage the teachers sent.
      await county.getByTestId('participants-mark').click();
      const mark = county.getByRole('dialog').filter({ hasText: '补录参与教师' });
      await mark.locator('.ant-table-row').first().waitFor();
      await mark.locator('.ant-table-thead .ant-checkbox-input').check();
      await mark.getByTestId('mark-reason').fill('送教现场纸质签到表');
      await mark.getByTestId('mark-ok').click();
      await mark.waitFor({ state: 'hidden' });
      if (n === 1) {
        await county.getByTestId('participants-mark').click();
        const sent = county.getByRole('dialog').filter({ hasText: '补录参与教师' });
        await sent.getByText('送教教师', { exact: true }).click();
        for (const t of trainers) {
          await sent.getByPlaceholder('搜索姓名').fill(t.name);
          await sent.getByPlaceholder('搜索姓名').press('Enter');
          await sent.getByRole('row').filter({ hasText: t.name }).first().getByRole('checkbox').check();
        }
        await sent.getByTestId('mark-reason').fill('送教教师');
        await shot(county, 'mark-trainers');
        await sent.getByTestId('mark-ok').click();
        await sent.waitFor({ state: 'hidden' });
        await expect.poll(() => county.getByText('授课（送教）教师').count()).toBe(trainers.length);
      }
      await county.getByTestId('activity-close').click();
      await confirmDialog(county, '结束活动并记入学时？', '结束并记学时');
      await county.getByText(/^已结束：\d+ 位教师各记 \d+ 学时，计入校培人次$/).waitFor();
      if (n === 1) await shot(county, 'stage-closed');
    }

    // ── 3. school2 confirms each stage took place.
    const receiving = await cast.open('school2', user('school2'), DESKTOP);
    for (const [i, p] of stagePaths.entries()) {
      await receiving.goto(p);
      await settled(receiving);
      await receiving.getByTestId('activity-confirm').click();
      const dialog = receiving.getByRole('dialog').filter({ hasText: '确认送教阶段已开展' });
      await dialog.getByRole('textbox').fill(`第${i + 1}段已在本校开展`);
      await dialog.getByRole('button', { name: '确认已开展' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await receiving.getByTestId('activity-confirmed').waitFor();
      if (i === 0) await shot(receiving, 'stage-confirmed');
    }

    // ── 4. The stage runner: every stage done, the 送教下乡 done.
    await county.goto(outreachPath);
    await settled(county);
    for (let n = 1; n <= 5; n++) {
      await expect.poll(() => county.getByTestId(`stage-${n}`).getAttribute('data-state')).toBe('done');
    }
    await county.getByText('5/5', { exact: true }).waitFor();
    outreachDone = true;
    await shot(county, 'outreach-done');
  }, 560_000);
}, 600_000);

test('the county compliance page shows the result and exports it', async () => {
  const cast = new Cast(browser, 'research-compliance');
  const { shot } = cast;
  await cast.run(async () => {
    const county = await cast.open('county', user('county'), DESKTOP);
    await county.goto(`/school-research/compliance?year=${year}`);
    await settled(county);
    await county.getByTestId('compliance-totals').waitFor();

    expect(addedPersonTimes, 'the activity scenario closed its activity').toBeGreaterThan(0);
    expect(outreachDone, 'the 送教下乡 scenario ran through its stages').toBe(true);
    // school1: three more 校培 person-times than before the activity.
    const beforeSchool1 = before.schools.find((s) => s.schoolId === school1.schoolId)!.personTimes;
    const row = county.getByTestId('compliance-schools').getByRole('row').filter({ hasText: school1.schoolName! });
    const cells = async () => {
      const heads = await county.getByTestId('compliance-schools').getByRole('columnheader').allTextContents();
      const values = await row.first().getByRole('cell').allTextContents();
      return Number(values[heads.findIndex((h) => h.startsWith('校培人次'))]!.replaceAll(',', ''));
    };
    await expect.poll(cells).toBe(beforeSchool1 + addedPersonTimes);
    await shot(county, 'compliance-schools');

    // The core school that ran the 送教下乡 is no longer behind.
    const was = before.coreSchools.find((c) => c.schoolId === zhiyan.id)!;
    expect(was.behind, 'the core school was behind before the scenario').toBe(true);
    await county.getByRole('tab', { name: /核心校送教下乡/ }).click();
    const core = county.getByTestId('compliance-core').getByRole('row').filter({ hasText: zhiyan.name });
    await expect.poll(() => core.first().textContent()).toContain('已达标');
    await shot(county, 'compliance-core');

    // The workbook carries the same figures.
    const [download] = await Promise.all([
      county.waitForEvent('download'),
      county.getByTestId('compliance-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    const fs = await import('node:fs');
    expect(fs.readFileSync(file!).subarray(0, 2).toString()).toBe('PK');
  }, 170_000);
}, 180_000);
