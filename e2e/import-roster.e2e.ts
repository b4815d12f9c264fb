// (a) County admin imports a roster with a bad ID number, sees the error with its row number, fixes
// the file, commits, then finds the new teacher in the list and opens the record.
import { randomInt } from 'node:crypto';
import { idCheckChar } from '@shixun/common';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apiAs, getJson } from './lib/api';
import { launchBrowser, login, settled, withPage } from './lib/browser';
import { demoPassword } from './lib/demo';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const SURNAMES = '柯郝邬钮萧裴莘';
const GIVEN = '思远晓航若溪安然知秋星河';
const pick = (s: string) => s[randomInt(s.length)]!;
/** A name unlikely to exist in the demo county (random, since E2E_BASE_URL may reuse a server). */
const randomName = () => pick(SURNAMES) + pick(GIVEN) + pick(GIVEN);

function idNumber(birth: string): string {
  const first17 = `510683${birth}${String(randomInt(100, 999))}`;
  return first17 + idCheckChar(first17);
}

/** Flips the check character so the number has the right shape but a wrong checksum. */
function breakChecksum(id: string): string {
  const good = id.slice(-1);
  const wrong = good === '1' ? '2' : '1';
  return id.slice(0, 17) + wrong;
}

interface Row {
  name: string;
  id: string;
  phone: string;
}

async function roster(school: string, rows: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('教师');
  ws.addRow(['姓名', '身份证号', '学校', '学段', '学科', '手机号', '职称', '学历', '参加工作时间']);
  for (const r of rows) ws.addRow([r.name, r.id, school, '小学', '语文', r.phone, '二级教师', '本科', '2020-09-01']);
  ws.getColumn(2).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function upload(page: Page, name: string, buffer: Buffer) {
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: XLSX, buffer });
}

test('import a roster with an error, fix it, commit, and find the new teacher', async () => {
  const password = demoPassword('county');
  const api = await apiAs('county', password);
  const schools = await getJson<Array<{ id: number; name: string }>>(api, '/api/schools/options');
  await api.dispose();
  const school = schools[0]!.name;

  const good: Row = { name: randomName(), id: idNumber('19900512'), phone: `139${randomInt(10_000_000, 99_999_999)}` };
  const fixed: Row = { name: randomName(), id: idNumber('19920708'), phone: `137${randomInt(10_000_000, 99_999_999)}` };
  const broken: Row = { ...fixed, id: breakChecksum(fixed.id) };

  await withPage(browser, 'a-import', {}, async (page, shot) => {
    let downloads = 0;
    page.on('download', () => {
      downloads += 1;
    });
    await login(page, 'county', password);
    await settled(page);
    await page
      .getByRole('menuitem')
      .filter({ hasText: /^导入教师$/ })
      .click();
    await page.waitForURL('**/import/teachers');
    await settled(page);
    await shot(page, 'upload-step');

    // Row 1 is the header, so the bad teacher is on spreadsheet row 3.
    await upload(page, '教师名单.xlsx', await roster(school, [good, broken]));
    const errors = page.getByTestId('import-errors');
    await errors.waitFor({ state: 'visible', timeout: 60_000 });
    // Row 0 is the header row (the table's hidden measuring row has no role).
    const errorRow = errors.getByRole('row').nth(1);
    await expect.poll(() => errorRow.getByRole('cell').first().textContent()).toBe('3');
    expect(await errorRow.textContent()).toContain('身份证号');
    expect(
      await page
        .getByText(/有 1 行存在错误/)
        .first()
        .isVisible(),
    ).toBe(true);
    await shot(page, 'preview-with-error');

    // Re-upload the corrected file: no errors, then commit.
    await page
      .getByRole('button', { name: /重新上传/ })
      .first()
      .click();
    await upload(page, '教师名单-已修改.xlsx', await roster(school, [good, fixed]));
    await page.getByTestId('import-next').waitFor({ state: 'visible', timeout: 60_000 });
    // Without errors the preview tab opens; the errors tab says (0).
    expect(await page.getByRole('tab', { name: /错误明细（0）/ }).isVisible()).toBe(true);
    expect(await page.getByTestId('import-preview').getByText(fixed.name).isVisible()).toBe(true);
    await shot(page, 'preview-clean');
    await page.getByTestId('import-next').click();
    expect(await page.getByText(/将新增 2 条/).isVisible()).toBe(true);
    await shot(page, 'commit-step');
    await page.getByTestId('import-commit').click();
    await page.getByText('导入完成', { exact: true }).waitFor({ state: 'visible', timeout: 60_000 });
    expect(
      await page
        .getByText(/新增 2 条/)
        .first()
        .isVisible(),
    ).toBe(true);
    await shot(page, 'done');

    // Find the corrected teacher by name and open the record.
    await page.getByRole('button', { name: /查看教师名单/ }).click();
    await page.waitForURL('**/teachers');
    await settled(page);
    const search = page.getByPlaceholder('姓名 / 身份证后四位 / 手机号');
    await search.fill(fixed.name);
    await search.press('Enter');
    const link = page.getByRole('link', { name: fixed.name, exact: true });
    await link.waitFor({ state: 'visible' });
    await shot(page, 'search-result');
    await link.click();
    await page.waitForURL(/\/teachers\/\d+$/);
    // The record shows the ID masked (the last four characters only), the name and the school.
    const masked = `**************${fixed.id.slice(-4)}`;
    await page.getByText(masked).first().waitFor({ state: 'visible' });
    await settled(page);
    await expect.poll(() => page.getByText(fixed.name).first().isVisible()).toBe(true);
    await expect.poll(() => page.getByText(school).first().isVisible()).toBe(true);
    await shot(page, 'detail');

    expect(downloads).toBe(0);
  });
});
