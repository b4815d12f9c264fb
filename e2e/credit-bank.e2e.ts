// (f) The credit bank through the real pages (issue 4, "Done means"): teacher1 applies for credit on
// a 375-px phone (an open lesson, with a PDF as evidence) → school1 passes it to the county (school2
// does not see it) → the county grants 6 学时 → teacher1 sees it approved, 我的学分 counts the hours,
// teacher1 issues and prints an hours statement → a visitor verifies it on the public page; the
// county then imports a sheet of historical credits through the import wizard, twice (idempotent).
//
// Reads through the API (setup and checks, never a shortcut for a step): who teacher1 is, and the
// teacher's ledger total before and after.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apiAs, getJson } from './lib/api';
import { launchBrowser, settled } from './lib/browser';
import { demoPassword } from './lib/demo';
import { Cast, chooseOption } from './lib/training';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Me {
  displayName: string;
  teacherId: number | null;
  schoolId: number | null;
}
interface EntryList {
  totalHours: number;
}
interface Progress {
  counted: number;
}

const DESKTOP = { width: 1366, height: 800 };
const PHONE = { width: 375, height: 800, mobile: true };
const LIMIT_MS = 300_000;

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`, 'utf8');

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
}

test(
  'teacher applies → school passes → county grants hours → progress updates → statement prints and verifies; import is idempotent',
  async () => {
    const run = Date.now().toString(36).slice(-5).toUpperCase();
    const title = `县级语文示范课《秋天》（测试${run}）`;
    const pw = {
      county: demoPassword('county'),
      school1: demoPassword('school1'),
      teacher1: demoPassword('teacher1'),
    };
    const teacherApi = await apiAs('teacher1', pw.teacher1);
    const me = await getJson<Me>(teacherApi, '/api/auth/me');
    const ledgerUrl = `/api/teachers/${me.teacherId}/credit-entries?pageSize=1`;
    const before = (await getJson<EntryList>(teacherApi, ledgerUrl)).totalHours;
    const countedBefore = (await getJson<Progress>(teacherApi, `/api/teachers/${me.teacherId}/credits`)).counted;

    const cast = new Cast(browser, 'credit-bank');
    const { shot } = cast;
    await cast.run(async () => {
      // ── 1. teacher1 applies on a phone.
      const teacher = await cast.open('teacher1', { username: 'teacher1', password: pw.teacher1 }, PHONE);
      await teacher.goto('/my/credit-applications');
      await settled(teacher);
      await expect.poll(() => teacher.getByRole('heading', { name: '学时申报' }).isVisible()).toBe(true);
      await shot(teacher, 'teacher-list');
      await teacher.getByTestId('apply').click();
      const drawer = teacher.locator('.ant-drawer-section');
      await drawer.waitFor();
      await chooseOption(teacher, drawer.getByLabel('申报类别'), '公开课/示范课');
      await expect
        .poll(() =>
          drawer
            .getByText(/按本县规则|审核人员根据材料认定/)
            .first()
            .isVisible(),
        )
        .toBe(true);
      await drawer.getByTestId('application-title').fill(title);
      await drawer.getByLabel('日期').click();
      await teacher
        .locator('.ant-picker-dropdown:visible .ant-picker-now-btn, .ant-picker-dropdown:visible .ant-picker-today-btn')
        .first()
        .click();
      await drawer.getByTestId('application-quantity').fill('2');
      await drawer.getByTestId('application-hours').fill('12');
      await drawer.getByLabel('说明').fill('在县教研活动中执教示范课两节');
      await drawer.locator('input[type=file]').setInputFiles({
        name: '示范课证明.pdf',
        mimeType: 'application/pdf',
        buffer: pdf(run),
      });
      await expect.poll(() => drawer.getByText('示范课证明.pdf').first().isVisible()).toBe(true);
      // The file is listed as soon as it is chosen; submit only once its upload has finished.
      await expect.poll(() => drawer.locator('.ant-upload-list-item-done').count()).toBe(1);
      await noSidewaysScroll(teacher);
      await shot(teacher, 'teacher-form');
      await teacher.getByTestId('application-submit').click();
      await drawer.waitFor({ state: 'hidden' });
      const card = teacher.locator('[data-testid^="application-"]', { hasText: title }).first();
      await expect.poll(() => card.getByText('待学校审核').first().isVisible()).toBe(true);
      await noSidewaysScroll(teacher);
      await shot(teacher, 'teacher-submitted');

      // ── 2. school1 passes it to the county.
      const school = await cast.open('school1', { username: 'school1', password: pw.school1 }, DESKTOP);
      await school.goto('/credit/applications');
      await settled(school);
      const row = school.locator('.ant-table-row', { hasText: title });
      await row.waitFor();
      await shot(school, 'school-queue');
      await row.getByText(title).click();
      const detail = school.locator('.ant-drawer-section');
      await expect.poll(() => detail.getByText('示范课证明.pdf').first().isVisible()).toBe(true);
      await shot(school, 'school-detail');
      await school.getByTestId('application-pass').click();
      await expect.poll(() => detail.getByText('待县级审批').first().isVisible()).toBe(true);

      // another school's admin does not see it (scope), and gets the empty state
      const school2 = await cast.open('school2', { username: 'school2', password: demoPassword('school2') }, DESKTOP);
      await school2.goto('/credit/applications?status=all');
      await settled(school2);
      await expect.poll(() => school2.getByText('没有符合条件的学时申报').first().isVisible()).toBe(true);
      expect(await school2.getByText(title).count()).toBe(0);
      await shot(school2, 'school2-empty');

      // ── 3. the county grants 6 hours (one lesson counted).
      const county = await cast.open('county', { username: 'county', password: pw.county }, DESKTOP);
      await county.goto('/credit/applications');
      await settled(county);
      const cRow = county.locator('.ant-table-row', { hasText: title });
      await cRow.waitFor();
      await cRow.getByText(title).click();
      await county.getByTestId('application-approve').click();
      const modal = county.locator('.ant-modal-container');
      await modal.getByTestId('granted-hours').fill('6');
      await modal.getByLabel(/备注/).fill('另一节为校级公开课，不计入');
      await shot(county, 'county-approve');
      await county.getByTestId('modal-ok').click();
      await expect.poll(() => county.locator('.ant-drawer-section').getByText('已认定').first().isVisible()).toBe(true);
      await shot(county, 'county-approved');
      await county.keyboard.press('Escape');
      await county.getByTestId('tab-approved').click();
      await county.locator('.ant-table-row', { hasText: title }).waitFor();
      await shot(county, 'county-approved-tab');

      // ── 4. teacher1 sees it approved; the ledger has 6 more hours.
      await teacher.reload();
      await settled(teacher);
      const done = teacher.locator('[data-testid^="application-"]', { hasText: title }).first();
      await expect.poll(() => done.getByText('认定 6 学时').first().isVisible()).toBe(true);
      await shot(teacher, 'teacher-approved');
      const after = (await getJson<EntryList>(teacherApi, ledgerUrl)).totalHours;
      expect(after).toBeCloseTo(before + 6, 5);

      // ── 5. progress updates: 我的学分 counts the 6 hours; the teacher issues an hours statement,
      // prints it, and anyone can verify it on the public page.
      const progress = await getJson<Progress>(teacherApi, `/api/teachers/${me.teacherId}/credits`);
      expect(progress.counted).toBeCloseTo(countedBefore + 6, 5);
      await teacher.goto('/my/credits');
      await settled(teacher);
      await expect
        .poll(async () =>
          Number(((await teacher.getByTestId('progress-counted').first().textContent()) ?? '').replace(/[^\d.]/g, '')),
        )
        .toBeCloseTo(progress.counted, 5);
      await expect.poll(() => teacher.getByText(title).first().isVisible()).toBe(true);
      await noSidewaysScroll(teacher);
      await shot(teacher, 'teacher-progress');
      await teacher.getByTestId('statement-issue').click();
      await teacher.getByTestId('statement-issue-ok').click();
      await teacher.waitForURL(/\/credit\/statements\/[^/]+\/print/);
      await teacher.getByTestId('statement-sheet').waitFor();
      await settled(teacher);
      await shot(teacher, 'statement-print');
      const number = decodeURIComponent(/\/credit\/statements\/([^/]+)\/print/.exec(teacher.url())![1]!);
      const visitor = await cast.open('visitor', null, PHONE);
      await visitor.goto(`/verify/statement/${encodeURIComponent(number)}`);
      await settled(visitor);
      await visitor.getByTestId('verify-valid').waitFor();
      await expect.poll(() => visitor.getByText(number).first().isVisible()).toBe(true);
      await noSidewaysScroll(visitor);
      await shot(visitor, 'statement-verified');

      // ── 6. the county imports historical credits (preview → commit), then the same file again.
      const countyApi = await apiAs('county', pw.county);
      const { idNumber } = await getJson<{ idNumber: string }>(countyApi, `/api/teachers/${me.teacherId}?reveal=true`);
      await countyApi.dispose();
      {
        const csv = `身份证号,姓名,学年/日期,类别,学时,来源\r\n${idNumber},${me.displayName},2023-2024学年,骨干教师,24,国家智慧教育平台（${run}）\r\n`;
        const runImport = async (step: string) => {
          await county.goto('/credit/import');
          await settled(county);
          if (step === 'import-first') await shot(county, 'import-upload');
          await county.locator('input[type=file]').setInputFiles({
            name: `历史学时${run}.csv`,
            mimeType: 'text/csv',
            buffer: Buffer.from(csv, 'utf8'),
          });
          await county.getByTestId('import-next').waitFor();
          await shot(county, `${step}-preview`);
          await county.getByTestId('import-next').click();
          await shot(county, `${step}-commit`);
          await county
            .getByTestId('import-commit')
            .click()
            .catch(() => {});
        };
        await runImport('import-first');
        await expect.poll(() => county.getByText('导入完成').first().isVisible()).toBe(true);
        await shot(county, 'import-done');
        const imported = (await getJson<EntryList>(teacherApi, ledgerUrl)).totalHours;
        expect(imported).toBeCloseTo(after + 24, 5);
        await runImport('import-again');
        await expect.poll(() => county.getByText('没有需要新增或更新的行').first().isVisible()).toBe(true);
        expect((await getJson<EntryList>(teacherApi, ledgerUrl)).totalHours).toBeCloseTo(imported, 5);
      }
    }, LIMIT_MS);
    await teacherApi.dispose();
  },
  LIMIT_MS + 30_000,
);
