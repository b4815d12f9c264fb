// (e) The training lifecycle through the real pages (issue 3, "Done means"): the county publishes a
// 县培 project with a session running now → school1 nominates teacher1 within its quota → the
// county approves and starts the project → trainer1 puts the rotating QR code on screen and teacher1
// checks in on a 375-px phone → trainer1 assesses (合格, 85) and runs the completion → the certificate
// is listed on the project and in 我的证书 → anyone can verify it at /verify/<number>.
//
// Reads through the API (setup, never a shortcut for a step): the demo names of teacher1 and school1,
// whether trainer1 is already linked to the trainer pool (E2E_BASE_URL may reuse a server), the
// check-in URL behind the QR code (the page draws it as an SVG and does not print it), and the
// masked name the verification page should show.
import type { Browser } from 'playwright-core';
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
  moveStatus,
  openTab,
} from './lib/training';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Me {
  displayName: string;
  schoolId: number | null;
  schoolName: string | null;
}
interface TrainerRow {
  id: number;
  name: string;
  username: string | null;
  active: boolean;
}
interface SessionQr {
  url: string;
}
interface Verification {
  name: string;
  project: string;
  revoked: boolean;
}

const DESKTOP = { width: 1366, height: 800 };
const PHONE = { width: 375, height: 800, mobile: true };
const TRAINER_NAME = '钟明远';
/** The scenario took 4–5 minutes on a 2-core machine under a load average of ~22; far less when idle. */
const LIMIT_MS = 360_000;
const CERT_NUMBER = /SX-\d{4}-\d+-[0-9A-Z]{6}/;

/**
 * The project's dates and its one session, in Beijing time: the session started at most 5 minutes
 * ago (so a scan a few minutes later is on time, not late) and ends 2 hours later, within the day.
 * Near midnight the session moves to 00:00 tomorrow (its check-in window opens 15 minutes before).
 */
function schedule() {
  const now = beijingNow();
  if (now.minutes >= 23 * 60 + 45) {
    const day = addDays(now.date, 1);
    return { start: day, end: addDays(day, 2), from: '00:00', to: '02:00' };
  }
  const from = Math.floor(now.minutes / 5) * 5;
  const to = Math.min(from + 120, 23 * 60 + 55);
  return { start: now.date, end: addDays(now.date, 2), from: hhmm(from), to: hhmm(to) };
}

test(
  'county publishes → school nominates → county approves → teacher checks in → trainer assesses → certificate verifies',
  async () => {
    const run = Date.now().toString(36).slice(-5).toUpperCase();
    const projectName = `县级骨干教师信息技术应用能力培训（测试${run}）`;
    const topic = `课堂中的信息技术融合（${run}）`;
    const pw = {
      county: demoPassword('county'),
      school1: demoPassword('school1'),
      teacher1: demoPassword('teacher1'),
      trainer1: demoPassword('trainer1'),
    };

    // Who teacher1 and school1 are in the demo county.
    const teacherApi = await apiAs('teacher1', pw.teacher1);
    const teacher = await getJson<Me>(teacherApi, '/api/auth/me');
    await teacherApi.dispose();
    const schoolApi = await apiAs('school1', pw.school1);
    const schoolAdmin = await getJson<Me>(schoolApi, '/api/auth/me');
    await schoolApi.dispose();
    expect(teacher.schoolId).toBe(schoolAdmin.schoolId);
    const teacherName = teacher.displayName;
    const schoolName = schoolAdmin.schoolName!;

    const countyApi = await apiAs('county', pw.county);
    const pool = await getJson<{ items: TrainerRow[] }>(countyApi, '/api/trainers?active=all&pageSize=200');
    await countyApi.dispose();
    const linked = pool.items.find((t) => t.username === 'trainer1');
    const when = schedule();

    const cast = new Cast(browser, 'training');
    const { shot } = cast;
    await cast.run(async () => {
      const county = await cast.open('county', { username: 'county', password: pw.county }, DESKTOP);

      // ── 0. trainer1 in the trainer pool (once per server): an external expert linked to the account.
      let trainerName = linked?.name ?? TRAINER_NAME;
      if (!linked) {
        await county.goto('/trainers');
        await settled(county);
        await county.getByTestId('trainer-create').click();
        const drawer = county.getByRole('dialog');
        await drawer.getByText('外聘专家', { exact: true }).click();
        await drawer.getByLabel('姓名', { exact: true }).fill(TRAINER_NAME);
        await drawer.getByLabel('单位', { exact: true }).fill('市教育科学研究所');
        await chooseOption(county, drawer.getByLabel('登录账号', { exact: true }), /（trainer1）/);
        await shot(county, 'trainer-pool-link');
        await county.getByTestId('trainer-save').click();
        await drawer.waitFor({ state: 'hidden' });
        await county.getByRole('cell', { name: TRAINER_NAME, exact: true }).first().waitFor();
        trainerName = TRAINER_NAME;
      } else {
        expect(linked.active, 'the trainer linked to trainer1 is active').toBe(true);
      }

      // ── 1. The county plans the project.
      await county.goto('/projects');
      await settled(county);
      await county.getByTestId('project-create').click();
      const form = county.getByRole('dialog');
      await form.getByLabel('项目名称', { exact: true }).fill(projectName);
      await chooseOption(county, form.getByLabel('类别', { exact: true }), null);
      // 级别 县培, 形式 集中面授 and 报名方式 推荐遴选 are the form's defaults: check them, don't set them.
      await expect.poll(() => form.getByText('县培', { exact: true }).first().isVisible()).toBe(true);
      expect(await form.getByRole('radio', { name: '推荐遴选' }).isChecked()).toBe(true);
      await fillRange(form.locator('.ant-picker-range'), when.start, when.end);
      await form.getByLabel('学时', { exact: true }).fill('12');
      await form.getByLabel('人数上限', { exact: true }).fill('10');
      await form.getByLabel('地点', { exact: true }).fill('县教师发展中心301教室');
      await shot(county, 'project-form');
      await county.getByTestId('project-save').click();
      await county.waitForURL(/\/projects\/\d+$/);
      const projectPath = new URL(county.url()).pathname;
      await settled(county);
      await county.getByRole('heading', { name: projectName }).waitFor();
      expect(await county.getByTestId('project-status').textContent()).toBe('草稿');

      // One session whose check-in window is open now, taught by trainer1.
      await openTab(county, '日程');
      await county.getByTestId('session-add').click();
      const modal = county.getByRole('dialog');
      await fillRange(modal.locator('.ant-picker-range'), when.from, when.to);
      await modal.getByLabel('主题', { exact: true }).fill(topic);
      await chooseOption(county, modal.getByLabel('培训者', { exact: true }), trainerName, trainerName);
      await modal.getByLabel('教室/地点', { exact: true }).fill('301教室');
      await shot(county, 'session-form');
      await county.getByTestId('session-save').click();
      await modal.waitFor({ state: 'hidden' });
      const sessionRow = county.getByRole('row').filter({ hasText: topic });
      await expect.poll(() => sessionRow.textContent()).toContain(`${when.from}–${when.to}`);
      expect(await sessionRow.textContent()).toContain(trainerName);

      await moveStatus(county, 'published', '已发布');

      // 名额: this school gets 2 of the 10 places.
      await openTab(county, '名额');
      const search = county.getByPlaceholder('搜索学校');
      await search.fill(schoolName);
      await search.press('Enter');
      await county.getByLabel(`${schoolName}的名额`).fill('2');
      await county.getByTestId('quota-save').click();
      await county.getByText(/已保存：1 所学校共 2 个名额/).waitFor();
      await shot(county, 'quota-saved');

      await moveStatus(county, 'enrolling', '报名中');
      await shot(county, 'published-enrolling');

      // ── 2. school1 nominates teacher1 (遴选推荐).
      const school = await cast.open('school1', { username: 'school1', password: pw.school1 }, DESKTOP);
      // 遴选推荐 sits in the collapsed 培训项目 group of the side menu.
      const nominationsItem = school.getByRole('menuitem').filter({ hasText: /^遴选推荐$/ });
      if (!(await nominationsItem.isVisible())) {
        await school
          .getByRole('menuitem')
          .filter({ hasText: /^培训项目$/ })
          .click();
      }
      await nominationsItem.click();
      await school.waitForURL('**/nominations**');
      await settled(school);
      // Pick it in the list on the left (on a wide screen the first one is open already).
      const projectId = Number(projectPath.split('/').pop());
      const listed = school.getByTestId(`nomination-project-${projectId}`);
      expect(await listed.textContent()).toContain(projectName);
      await listed.click();
      await expect.poll(() => listed.getAttribute('aria-pressed')).toBe('true');
      await settled(school);
      await expect.poll(() => school.getByTestId('nomination-counter').textContent()).toBe('已推荐 0 / 名额 2');
      // Every candidate shows the hours this cycle and the trainings this year.
      await school.getByRole('columnheader', { name: '本周期学时' }).waitFor();
      await school.getByRole('columnheader', { name: '本年培训次数' }).waitFor();
      const candidateSearch = school.getByPlaceholder('姓名或身份证号后四位');
      await candidateSearch.fill(teacherName);
      await candidateSearch.press('Enter');
      const candidate = school.getByRole('row').filter({ hasText: teacherName }).first();
      await candidate.waitFor();
      // Eligible and free to pick (a rerun on the same server may add a date-clash warning: still pickable).
      const pick = school.getByRole('checkbox', { name: teacherName });
      expect(await pick.isEnabled(), `candidate row: ${await candidate.textContent()}`).toBe(true);
      const [hours, trainings] = await Promise.all([
        school.getByRole('columnheader').allTextContents(),
        candidate.getByRole('cell').allTextContents(),
      ]).then(([heads, cells]) => [cells[heads.indexOf('本周期学时')], cells[heads.indexOf('本年培训次数')]]);
      // Hours may be fractional (a 1.5-hour school-based research activity).
      expect(hours).toMatch(/^\d+(\.\d+)?$/);
      expect(trainings).toMatch(/^\d+$/);
      await shot(school, 'candidates');
      await pick.check();
      await school.getByTestId('nominate-submit').click();
      await school.getByText('已推荐 1 人，等待县里审核').waitFor();
      await expect.poll(() => school.getByTestId('nomination-counter').textContent()).toBe('已推荐 1 / 名额 2');
      await shot(school, 'nominated');

      // ── 3. The county approves (参训人员 → 通过) and starts the project.
      await county.goto(`${projectPath}?tab=participants`);
      await settled(county);
      const nominee = county.getByRole('row').filter({ hasText: teacherName });
      await nominee.getByRole('checkbox').check();
      await county.getByTestId('review-approve').click();
      await county.getByText('已通过 1 人').waitFor();
      await shot(county, 'approved');
      await moveStatus(county, 'running', '实施中');

      // ── 4. trainer1 opens the check-in screen; teacher1 scans it on a phone.
      const trainer = await cast.open('trainer1', { username: 'trainer1', password: pw.trainer1 }, DESKTOP);
      await trainer.goto('/teaching');
      await settled(trainer);
      const upcoming = trainer.getByTestId('upcoming').locator('> div').filter({ hasText: topic });
      const [qrPage] = await Promise.all([
        trainer.context().waitForEvent('page'),
        upcoming.getByRole('link', { name: /打开签到屏/ }).click(),
      ]);
      await qrPage.waitForLoadState();
      await qrPage.setViewportSize(DESKTOP);
      const sessionId = Number(/\/sessions\/(\d+)\/qr/.exec(qrPage.url())?.[1]);
      expect(sessionId).toBeGreaterThan(0);
      const qrSvg = qrPage.getByTestId('qr-code').getByRole('img', { name: '签到二维码' });
      await qrSvg.waitFor();
      await expect.poll(() => qrPage.getByTestId('qr-counter').textContent()).toMatch(/^0\s*\/\s*1$/);
      // The check-in link is what the SVG encodes: ask the server for the current one (in the
      // trainer's session) and check that the code on screen is exactly that link.
      let checkinUrl = '';
      await expect
        .poll(
          async () => {
            const res = await qrPage.request.get(`/api/sessions/${sessionId}/qr`);
            if (!res.ok()) return `GET qr → ${res.status()}`;
            const qr = (await res.json()) as SessionQr;
            const d = (await qrSvg.locator('path').getAttribute('d')) ?? '';
            checkinUrl = qr.url;
            return modulesOfPath(d).join(' ') === modulesOfValue(`${baseURL()}${qr.url}`).join(' ')
              ? 'same'
              : 'different (rotated between the two reads)';
          },
          { timeout: 40_000 },
        )
        .toBe('same');
      expect(checkinUrl).toMatch(new RegExp(`^/checkin/${sessionId}\\?t=[\\w-]+$`));
      await shot(qrPage, 'qr-screen');

      // The phone's camera opens the link while signed out: the login page, then back to the link.
      const phone = await cast.open('teacher1-phone', null, PHONE);
      await phone.goto(checkinUrl);
      await phone.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === checkinUrl);
      await shot(phone, 'checkin-login-phone');
      await phone.getByLabel('用户名').fill('teacher1');
      await phone.getByLabel('密码', { exact: true }).fill(pw.teacher1);
      await phone.getByRole('button', { name: /登\s*录/ }).click();
      await phone.waitForURL((u) => `${u.pathname}${u.search}` === checkinUrl);
      const outcome = phone.getByTestId('checkin-result');
      await outcome.waitFor();
      expect(await outcome.getByRole('status').textContent()).toMatch(/^签到成功/);
      expect(await outcome.textContent()).toContain(projectName);
      expect(await outcome.textContent()).toContain(topic);
      const overflow = await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      expect(overflow, 'the check-in page does not scroll sideways on a phone').toBeLessThanOrEqual(0);
      await shot(phone, 'checkin-phone');
      // The screen on the wall counts the scan (it refreshes every 5 s).
      await expect.poll(() => qrPage.getByTestId('qr-counter').textContent()).toMatch(/^1\s*\/\s*1$/);
      await shot(qrPage, 'qr-screen-counted');
      await qrPage.close();

      // ── 5. The county moves the project to 考核; trainer1 enters the result and runs the completion.
      await county.reload();
      await settled(county);
      await moveStatus(county, 'assessing', '考核中');

      await trainer.goto(`${projectPath}?tab=assessment`);
      await settled(trainer);
      await trainer.getByTestId('assessment-tab').waitFor();
      // A score sets the result by the project's lines (the county's default: 60 passes, 85 excellent).
      await trainer.getByLabel(`${teacherName}的成绩`).fill('78');
      const resultBox = trainer.getByTestId('assessment-table').getByRole('row').filter({ hasText: teacherName });
      await expect.poll(() => resultBox.textContent()).toContain('合格（按成绩）');
      await shot(trainer, 'assessment-entered');
      await trainer.getByTestId('assess-save').click();
      await trainer.getByText('已保存 1 名学员的考核结果').waitFor();
      const assessed = trainer.getByTestId('assessment-table').getByRole('row').filter({ hasText: teacherName });
      await expect.poll(() => assessed.textContent()).toContain('满足');
      await trainer.getByTestId('assess-complete').click();
      const confirm = trainer.getByRole('dialog').filter({ hasText: '完成考核并办理结业？' });
      await confirm.getByRole('button', { name: '完成考核并发证' }).click();
      const done = trainer.getByRole('dialog').filter({ hasText: '已办理结业' });
      await done.waitFor();
      expect(await done.textContent()).toContain('新颁发证书 1 张');
      await shot(trainer, 'completion-done');
      await done.getByRole('button').last().click();
      await done.waitFor({ state: 'hidden' });

      // ── 6. The certificate: listed on the project, and in the teacher's 我的证书.
      await openTab(trainer, '证书');
      const certRow = trainer.getByTestId('certificates-table').getByRole('row').filter({ hasText: teacherName });
      await certRow.waitFor();
      const certNumber = CERT_NUMBER.exec((await certRow.textContent()) ?? '')?.[0];
      expect(certNumber, 'a certificate number on the 证书 tab').toBeTruthy();
      expect(await certRow.textContent()).toContain('有效');
      await shot(trainer, 'certificates-tab');

      await phone.goto('/my/certificates');
      await settled(phone);
      const card = phone.getByTestId(`certificate-${certNumber}`);
      await card.waitFor();
      expect(await card.textContent()).toContain(projectName);
      await shot(phone, 'my-certificates-phone');

      // ── 7. Anyone (not signed in) verifies it.
      const verification = (await (
        await fetch(`${baseURL()}/api/verify/${encodeURIComponent(certNumber!)}`)
      ).json()) as Verification;
      expect(verification.name).not.toBe(teacherName);
      expect(verification.name.startsWith(teacherName[0]!)).toBe(true);
      expect(verification.name).toContain('*');

      const stranger = await cast.open('public', null, PHONE);
      await stranger.goto(`/verify/${encodeURIComponent(certNumber!)}`);
      const valid = stranger.getByTestId('verify-valid');
      await valid.waitFor();
      expect(await valid.textContent()).toContain('证书有效');
      await stranger.getByText(verification.name, { exact: true }).waitFor();
      await stranger.getByText(projectName, { exact: true }).waitFor();
      expect(await stranger.getByText(teacherName, { exact: true }).count()).toBe(0);
      await shot(stranger, 'verify-public');
    }, LIMIT_MS - 15_000);
  },
  LIMIT_MS,
);
