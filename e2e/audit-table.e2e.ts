// (g) The school's yearly audit table and the growth archive through the real pages (issue 4,
// items 5 and 6): school1 previews, generates and submits this school year's table and downloads
// the .xlsx → the county finds it in the list (filtered by area) and signs it off → the county
// records an ethics pledge for teacher1, opens the teacher's growth archive and its print view →
// teacher1 opens their own archive on a 375-px phone.
//
// Setup through the API (not a step under test): 24 学时 of 县培 for teacher1 this school year, so
// the table has hours to show.
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
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
  schoolName: string | null;
}

const DESKTOP = { width: 1366, height: 800 };
const PHONE = { width: 375, height: 800, mobile: true };
const LIMIT_MS = 300_000;

/** The school year (by its first year) of today in Beijing. */
function schoolYearNow(): { year: number; today: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const y = Number(today.slice(0, 4));
  return { year: Number(today.slice(5, 7)) >= 9 ? y : y - 1, today };
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
}

const statusTag = (page: Page) => page.getByTestId('audit-status').first();

/** The visible part only (a school's table runs to thousands of pixels): `audit-table-top-<step>.png`. */
async function top(page: Page, step: string) {
  await page.screenshot({ path: fileURLToPath(new URL(`./screenshots/audit-table-top-${step}.png`, import.meta.url)) });
}

test(
  'school1 generates and submits its audit table → the county signs it off; archive and print view',
  async () => {
    const { year, today } = schoolYearNow();
    const label = `${year}—${year + 1}学年`;
    const pw = {
      county: demoPassword('county'),
      school1: demoPassword('school1'),
      teacher1: demoPassword('teacher1'),
    };
    const teacherApi = await apiAs('teacher1', pw.teacher1);
    const me = await getJson<Me>(teacherApi, '/api/auth/me');
    await teacherApi.dispose();
    const schoolApi = await apiAs('school1', pw.school1);
    const school = await getJson<Me>(schoolApi, '/api/auth/me');
    const { areaName } = await getJson<{ areaName: string }>(schoolApi, `/api/schools/${school.schoolId}`);
    await schoolApi.dispose();
    expect(me.schoolId).toBe(school.schoolId);

    const countyApi = await apiAs('county', pw.county);
    const posted = await countyApi.post(`/api/teachers/${me.teacherId}/credit-adjustments`, {
      data: { hours: 24, occurredOn: today, category: '学科/新课标', level: '县培', reason: '补录县级学科培训学时' },
    });
    expect(posted.status(), await posted.text()).toBe(200);
    await countyApi.dispose();

    const cast = new Cast(browser, 'audit-table');
    const { shot } = cast;
    await cast.run(async () => {
      // ── 1. school1: the menu entry leads to this year's table of their own school (a preview).
      const s = await cast.open('school1', { username: 'school1', password: pw.school1 }, DESKTOP);
      await s.goto('/credit/audit-tables');
      await settled(s);
      await s.waitForURL(new RegExp(`/credit/audit-tables/${school.schoolId}/${year}$`));
      await expect.poll(() => statusTag(s).textContent()).toBe('未生成');
      await expect.poll(() => s.getByText('尚未生成').first().isVisible()).toBe(true);
      const row = s.locator('.ant-table-row', { hasText: me.displayName }).first();
      await row.waitFor();
      await shot(s, 'school-preview');
      await top(s, 'school-preview');

      await s.getByTestId('audit-generate').click();
      await expect.poll(() => statusTag(s).textContent()).toBe('草稿');
      await s.getByTestId('audit-submit').click();
      await s
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /确\s*定/ })
        .click();
      await expect.poll(() => statusTag(s).textContent()).toBe('待审核');
      await expect.poll(() => s.getByText('本表为提交时保存的快照').first().isVisible()).toBe(true);
      await shot(s, 'school-submitted');
      await top(s, 'school-submitted');

      // The .xlsx: title with the school and year, the teacher's row, signature lines.
      const [download] = await Promise.all([
        s.waitForEvent('download'),
        s.getByRole('button', { name: /导出 Excel/ }).click(),
      ]);
      const file = await download.path();
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const ws = wb.worksheets[0]!;
      expect(String(ws.getCell(1, 1).value)).toBe(`${school.schoolName}${label}度教师继续教育学时审核表`);
      const cells: string[] = [];
      ws.eachRow((r) => {
        r.eachCell((c) => {
          cells.push(String(c.value));
        });
      });
      expect(cells).toContain(me.displayName);
      expect(cells.join('\n')).toContain('县级审核人（签字）');

      // ── 2. the county: the list for the year, filtered by school1's area; sign off.
      const c = await cast.open('county', { username: 'county', password: pw.county }, DESKTOP);
      await c.goto(`/credit/audit-tables?year=${year}`);
      await settled(c);
      await expect.poll(() => c.getByRole('heading', { name: '学时审核表' }).isVisible()).toBe(true);
      await chooseOption(c, c.getByTestId('audit-area'), areaName);
      const listed = c.locator('.ant-table-row', { hasText: school.schoolName! }).first();
      await listed.waitFor();
      await expect.poll(() => listed.getByText('待审核').isVisible()).toBe(true);
      await shot(c, 'county-list');
      await listed.getByRole('link', { name: '查看' }).click();
      await settled(c);
      await expect.poll(() => statusTag(c).textContent()).toBe('待审核');
      await c.getByTestId('audit-signoff').click();
      await c
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /确\s*定/ })
        .click();
      await expect.poll(() => statusTag(c).textContent()).toBe('已审核');
      await shot(c, 'county-signed-off');
      await top(c, 'county-signed-off');

      // school1 sees the sign-off.
      await s.reload();
      await settled(s);
      await expect.poll(() => statusTag(s).textContent()).toBe('已审核');

      // ── 3. the county records an ethics pledge for teacher1 and opens the growth archive.
      await c.goto(`/teachers/${me.teacherId}`);
      await settled(c);
      await c.getByTestId('ethics-add').click();
      const modal = c.getByRole('dialog');
      await c.getByTestId('ethics-note').fill(`签订${label}师德师风承诺书`);
      await shot(c, 'county-ethics-form');
      await modal.getByRole('button', { name: /保\s*存/ }).click();
      await modal.waitFor({ state: 'hidden' });
      const card = c.getByTestId('ethics-card');
      await expect.poll(() => card.getByText(`签订${label}师德师风承诺书`).isVisible()).toBe(true);
      await shot(c, 'county-ethics');
      await c.getByTestId('ethics-card').scrollIntoViewIfNeeded();
      await top(c, 'county-ethics');

      await c.getByTestId('teacher-archive').click();
      await settled(c);
      const doc = c.getByTestId('archive-doc');
      await doc.waitFor();
      await expect.poll(() => doc.getByText('教师成长档案').first().isVisible()).toBe(true);
      await expect.poll(() => c.getByTestId('arch-ethics').getByText('师德承诺').first().isVisible()).toBe(true);
      await expect.poll(() => c.getByTestId('arch-credits').getByText(label).first().isVisible()).toBe(true);
      await shot(c, 'county-archive');

      await c.getByTestId('archive-print-view').click();
      await settled(c);
      await c.getByTestId('archive-print').waitFor();
      await shot(c, 'print-view');
      await c.emulateMedia({ media: 'print' });
      await shot(c, 'print-media');
      await c.emulateMedia({ media: 'screen' });

      // ── 4. teacher1's own archive on a phone.
      const t = await cast.open('teacher1', { username: 'teacher1', password: pw.teacher1 }, PHONE);
      await t.goto('/my/archive');
      await settled(t);
      await t.getByTestId('archive-doc').waitFor();
      await expect.poll(() => t.getByText('我的成长档案').first().isVisible()).toBe(true);
      await expect.poll(() => t.getByTestId('arch-ethics').getByText('师德承诺').first().isVisible()).toBe(true);
      await noSidewaysScroll(t);
      await shot(t, 'teacher-archive-phone');
    }, LIMIT_MS);
  },
  LIMIT_MS + 30_000,
);
