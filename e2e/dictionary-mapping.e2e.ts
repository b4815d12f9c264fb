// A county admin imports a roster whose 骨干类别 and 学科 the county's dictionary lacks: the preview
// groups them, the admin maps them (two added to the dictionary, one to an existing subject),
// previews again and commits; 字典管理 shows the new entries and the overview counts teachers by
// them. At 1440 px and on a 375-px phone.
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

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function idNumber(birth: string): string {
  const first17 = `510683${birth}${String(randomInt(100, 999))}`;
  return first17 + idCheckChar(first17);
}

/** A county's own values, random so a reused server never knows them already. */
function values() {
  const k = String(randomInt(1000, 9999));
  return { newcomer: `教坛新秀${k}`, counsellor: `优秀辅导员${k}`, calligraphy: `书法${k}` };
}

async function roster(school: string, v: ReturnType<typeof values>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['姓 名', '身份证号', '单位', '学段', '学科', '职称', '学历', '参加工作时间', '骨干类别']);
  ws.addRow(['柯思远', idNumber('19900512'), school, '小学', '语文', '小学高级', '大学本科', '2015/9/1', v.newcomer]);
  ws.addRow([
    '裴若溪',
    idNumber('19910203'),
    school,
    '小学',
    v.calligraphy,
    '小学一级',
    '中师',
    '20160901',
    v.counsellor,
  ]);
  ws.addRow([
    '萧安然',
    idNumber('19920304'),
    school,
    '小学',
    '数学',
    '二级',
    '本科',
    '2017年09月',
    `${v.newcomer}、县级骨干`,
  ]);
  ws.getColumn(2).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Picks an option of a searchable antd Select by its visible text (typed first: the list is virtual). */
async function choose(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(option);
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
}

for (const [width, height, mobile, tag] of [
  [1440, 900, false, 'desktop'],
  [375, 800, true, 'phone'],
] as const) {
  test(`map unknown values in the preview, commit, find them in 字典管理 and the overview (${tag})`, async () => {
    const password = demoPassword('county');
    const api = await apiAs('county', password);
    const schools = await getJson<Array<{ id: number; name: string }>>(api, '/api/schools/options');
    const school = schools[0]!;
    const v = values();

    await withPage(browser, `dictionary-mapping-${tag}`, { width, height, mobile }, async (page, shot) => {
      await login(page, 'county', password, '/import/teachers');
      await settled(page);
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: '花名册.xlsx', mimeType: XLSX, buffer: await roster(school.name, v) });

      // The preview groups what the dictionary lacks; nothing can be committed yet.
      const mapping = page.getByTestId('value-mapping');
      await mapping.waitFor({ state: 'visible', timeout: 60_000 });
      expect(await page.getByTestId('unknown-honour').textContent()).toMatch(
        /骨干类别\/荣誉称号：2 个未识别的值，涉及 3 行/,
      );
      expect(await page.getByTestId('unknown-subject').textContent()).toContain(v.calligraphy);
      expect(await page.getByTestId('import-next').isDisabled()).toBe(true);
      await shot(page, 'unknown-values');

      // Two honours added to the dictionary, the subject mapped to an existing one.
      await choose(page, `map-honour-${v.newcomer}`, `新增为字典条目“${v.newcomer}”`);
      await choose(page, `map-honour-${v.counsellor}`, `新增为字典条目“${v.counsellor}”`);
      await choose(page, `map-subject-${v.calligraphy}`, '美术');
      await page.getByTestId('mapping-apply').click();
      await mapping.waitFor({ state: 'detached', timeout: 60_000 });
      // What will be added, and what the dictionary read (小学高级 → 一级教师), are shown.
      expect(await page.getByTestId('mapping-added').textContent()).toContain(v.newcomer);
      await page
        .getByTestId('mapped-values')
        .getByText(/已按字典识别的写法/)
        .click();
      expect(await page.getByTestId('mapped-values').textContent()).toMatch(/小学高级.*一级教师/);
      await shot(page, 'mapped');

      await page.getByTestId('import-next').click();
      await page.getByTestId('import-commit').click();
      await page.getByText('导入完成', { exact: true }).waitFor({ state: 'visible', timeout: 60_000 });
      await shot(page, 'committed');

      // 字典管理 lists the new entries as the county's own.
      await page.goto('/dictionaries?kind=honour');
      await settled(page);
      const entries = page.getByTestId('dictionary-entries');
      await entries.getByText(v.newcomer, { exact: true }).waitFor({ state: 'visible' });
      expect(await entries.getByText(v.counsellor, { exact: true }).isVisible()).toBe(true);
      const row = entries.getByRole('row').filter({ hasText: v.newcomer });
      expect(await row.textContent()).toContain('本县');
      await shot(page, 'dictionary');

      // The overview groups teachers by them, for the school and the county alike.
      await page.goto(`/?schoolId=${school.id}`);
      await settled(page);
      const honours = page.getByTestId('chart-honour');
      await honours.getByText(v.newcomer, { exact: true }).waitFor({ state: 'visible' });
      const line = honours.getByRole('row').filter({ hasText: v.newcomer });
      expect((await line.textContent())?.trim().endsWith('2')).toBe(true);
      await shot(page, 'overview');
    });

    const overview = await getJson<{ byHonour: Array<{ value: string; teachers: number }> }>(
      api,
      '/api/stats/overview',
    );
    expect(overview.byHonour.find((h) => h.value === v.counsellor)?.teachers).toBe(1);
    await api.dispose();
  });
}
