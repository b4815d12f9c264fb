// (g) Credit rules, progress and certified statements through the real pages (issue 4): the county
// switches the rule set to the 江苏 preset (each value with its source) and saves; adjusts
// teacher1's ledger (+20 学时, with a reason) and sees who is behind in 学时进度, exporting the
// list; teacher1 on a 375-px phone reads 我的学分, issues a cycle statement and prints it; anyone
// opens the statement's verification page without signing in. Finally the county reverses the
// adjustment and restores the rule set it found, so the files after this one see the same county.
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

const DESKTOP = { width: 1366, height: 800 };
const PHONE = { width: 375, height: 800, mobile: true };
const LIMIT_MS = 240_000;

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
}

interface Progress {
  counted: number;
  entries: { id: number; source: string; note: string | null; cancelled: string | null }[];
}

test('rules → adjustment → who is behind → my credits → statement → public verification', async () => {
  const pw = { county: demoPassword('county'), teacher1: demoPassword('teacher1') };
  const countyApi = await apiAs('county', pw.county);
  const teacherApi = await apiAs('teacher1', pw.teacher1);
  const me = await getJson<{ teacherId: number }>(teacherApi, '/api/auth/me');
  const original = await getJson<{ rules: unknown; saved: boolean }>(countyApi, '/api/credit-rules');
  const before = await getJson<Progress>(teacherApi, `/api/teachers/${me.teacherId}/credits`);
  const reason = `补录送教下乡学时（测试${Date.now().toString(36).slice(-4)}）`;

  const cast = new Cast(browser, 'credit-progress');
  const { shot } = cast;
  try {
    await cast.run(async () => {
      // ── 1. the county picks the 江苏 preset and saves.
      const county = await cast.open('county', { username: 'county', password: pw.county }, DESKTOP);
      await county.goto('/credit/rules');
      await settled(county);
      await expect.poll(() => county.getByRole('heading', { name: '学分规则' }).isVisible()).toBe(true);
      await shot(county, 'rules-before');
      await chooseOption(county, county.getByTestId('preset-select'), '江苏');
      await county.getByTestId('preset-apply').click();
      await county
        .locator('.ant-modal-confirm')
        .getByRole('button', { name: /确\s*定|OK/ })
        .click();
      await expect.poll(() => county.getByText('县级及以上培训').first().isVisible()).toBe(true);
      await county.getByTestId('rules-save').click();
      await expect.poll(() => county.getByText('规则已保存').isVisible()).toBe(true);
      await shot(county, 'rules-jiangsu-saved');

      // ── 2. the county adjusts teacher1's ledger on the teacher's credits page.
      await county.goto(`/credit/teachers/${me.teacherId}`);
      await settled(county);
      await county.getByTestId('adjust-open').click();
      const modal = county.locator('.ant-modal').filter({ hasText: '人工调整学时' });
      await modal.getByLabel('学时（可为负数）').fill('20');
      await modal.getByLabel('日期').click();
      await modal.getByLabel('日期').fill(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }));
      await modal.getByLabel('日期').press('Enter');
      await chooseOption(county, modal.getByLabel('级别'), '县培');
      await modal.getByLabel('原因').fill(reason);
      await modal.getByRole('button', { name: /确\s*定|OK/ }).click();
      await expect.poll(() => county.getByText('已记入台账').isVisible()).toBe(true);
      await expect.poll(() => county.getByText(reason).first().isVisible()).toBe(true);
      await shot(county, 'teacher-adjusted');
      const after = await getJson<Progress>(teacherApi, `/api/teachers/${me.teacherId}/credits`);
      expect(after.counted).toBe(before.counted + 20);

      // ── 3. who is behind: the list, a filter, the export.
      await county.goto('/credit/progress');
      await settled(county);
      await expect.poll(() => county.getByRole('heading', { name: '学时进度' }).isVisible()).toBe(true);
      await shot(county, 'progress-at-risk');
      await chooseOption(county, county.getByTestId('status-filter'), '全部');
      await settled(county);
      await expect.poll(() => county.locator('.ant-table-row').count()).toBeGreaterThan(0);
      await shot(county, 'progress-all');
      const [download] = await Promise.all([
        county.waitForEvent('download'),
        county.getByTestId('progress-export').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^学时进度-\d{4}-\d{4}-\d{8}\.xlsx$/);

      // ── 4. teacher1 on a phone: 我的学分, then a cycle statement, printed.
      const teacher = await cast.open('teacher1', { username: 'teacher1', password: pw.teacher1 }, PHONE);
      await teacher.goto('/my/credits');
      await settled(teacher);
      await expect.poll(() => teacher.getByTestId('progress-summary').isVisible()).toBe(true);
      await expect.poll(() => teacher.getByText(reason).first().isVisible()).toBe(true);
      await noSidewaysScroll(teacher);
      await shot(teacher, 'my-credits-phone');
      await teacher.getByTestId('statement-issue').click();
      await teacher.getByTestId('statement-issue-ok').click();
      await teacher.waitForURL(/\/credit\/statements\/XS-[^/]+\/print$/);
      await settled(teacher);
      await expect.poll(() => teacher.getByTestId('statement-text').textContent()).toContain('兹证明');
      const number = decodeURIComponent(new URL(teacher.url()).pathname.split('/')[3]!);
      await shot(teacher, 'statement-print-phone');
      const print = await cast.open('teacher1-print', { username: 'teacher1', password: pw.teacher1 }, DESKTOP);
      await print.goto(`/credit/statements/${encodeURIComponent(number)}/print`);
      await settled(print);
      await expect.poll(() => print.getByTestId('statement-sheet').isVisible()).toBe(true);
      await shot(print, 'statement-print-desktop');

      // ── 5. anyone verifies it, signed out, on a phone.
      const anon = await cast.open('anon', null, PHONE);
      await anon.goto(`/verify/statement/${encodeURIComponent(number)}`);
      await settled(anon);
      await expect.poll(() => anon.getByTestId('verify-valid').isVisible()).toBe(true);
      await expect.poll(() => anon.getByText(number).isVisible()).toBe(true);
      await noSidewaysScroll(anon);
      await shot(anon, 'verify-phone');

      // ── 6. the county reverses the adjustment on the teacher's page.
      await county.goto(`/credit/teachers/${me.teacherId}`);
      await settled(county);
      const p = await getJson<Progress>(countyApi, `/api/teachers/${me.teacherId}/credits`);
      const adj = p.entries.find((e) => e.source === 'adjustment' && e.note === reason && !e.cancelled)!;
      const row = county.getByTestId(`entry-${adj.id}`);
      await row.getByRole('button', { name: '冲销' }).click();
      await county.getByTestId('reverse-reason').fill('测试结束，冲销');
      await county
        .locator('.ant-modal-confirm')
        .getByRole('button', { name: /确\s*定|OK/ })
        .click();
      await expect.poll(() => row.getByText('已冲销').isVisible()).toBe(true);
      await shot(county, 'teacher-reversed');
      expect((await getJson<Progress>(teacherApi, `/api/teachers/${me.teacherId}/credits`)).counted).toBe(
        before.counted,
      );
    }, LIMIT_MS);
  } finally {
    // Leave the county as found: its rule set back (the national preset applies when none was saved).
    const body = original.saved
      ? original.rules
      : (await getJson<{ items: { id: string; rules: unknown }[] }>(countyApi, '/api/credit-rules/presets')).items[0]!
          .rules;
    await countyApi.put('/api/credit-rules', { data: body });
    await countyApi.dispose();
    await teacherApi.dispose();
  }
}, 300_000);
