// Lists, printing and the results import through the real pages (issue 12 items 7–10):
// (a) the county imports an upper-level results sheet from the import centre (preview, commit), then
//     one more teacher's result from that project's participants tab;
// (b) the yearly plan table (年度培训计划表) at 1440 and 375 px, exported as .xlsx and opened for print;
// (c) a closed project's certificates as one PDF, made by a job with progress, downloaded;
// (d) the shared list page at 1440 and 375 px: filters in the URL, column settings, export;
// (e) the accounts list's export (no codes, no ID numbers) and the audit log naming records, in English too.
//
// Reads through the API (setup, never a shortcut for a step): three teachers' full ID numbers for
// the results sheet, a closed project with certificates.

import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
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
const PHONE = { width: 375, height: 800, mobile: true };
const DESKTOP = { width: 1440, height: 900 };

interface TeacherRow {
  id: number;
  name: string;
}

async function sheet(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('成绩');
  for (const r of rows) ws.addRow(r);
  ws.getColumn(1).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(page: Page, name: string, buffer: Buffer) {
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: XLSX, buffer });
}

/** Goes through preview → commit → done of the import wizard on the page. */
async function previewAndCommit(page: Page, rows: number) {
  await page.getByTestId('import-next').waitFor({ state: 'visible', timeout: 60_000 });
  expect(await page.getByRole('tab', { name: /错误明细（0）/ }).isVisible()).toBe(true);
  await page.getByTestId('import-next').click();
  await page.getByTestId('import-commit').click();
  await page.getByText('导入完成', { exact: true }).waitFor({ state: 'visible', timeout: 60_000 });
  expect(
    await page
      .getByText(new RegExp(`新增 ${rows} 条`))
      .first()
      .isVisible(),
  ).toBe(true);
}

test('import upper-level results from the import centre, then into one project from its page', async () => {
  const password = demoPassword('county');
  const api = await apiAs('county', password);
  const teachers = await getJson<{ items: TeacherRow[] }>(api, '/api/teachers?pageSize=50&status=在职');
  // Three teachers far down the roster (not the demo accounts others tests use).
  const picked = teachers.items.slice(30, 33);
  const ids: string[] = [];
  for (const t of picked) {
    ids.push((await getJson<{ idNumber: string }>(api, `/api/teachers/${t.id}?reveal=true`)).idNumber);
  }
  const projectName = `省级乡村教师访名校研修（E2E ${randomInt(100_000, 999_999)}）`;
  const platform = await sheet([
    [
      '学员姓名',
      '证件号码',
      '培训项目名称',
      '培训级别',
      '培训形式',
      '培训学时',
      '开始时间',
      '结束时间',
      '考核等级',
      '成绩',
    ],
    [picked[0]!.name, ids[0]!, projectName, '省级', '集中面授', '40', '2026-07-06', '2026-07-12', '优秀', 92],
    [picked[1]!.name, ids[1]!, projectName, '省级', '集中面授', '40', '2026-07-06', '2026-07-12', '通过', 80],
  ]);

  await withPage(browser, 'l-results', DESKTOP, async (page, shot) => {
    await login(page, 'county', password);
    await settled(page);
    await page
      .getByRole('menuitem')
      .filter({ hasText: /^导入中心$/ })
      .click();
    await page.waitForURL('**/imports');
    await settled(page);
    await shot(page, 'import-centre');
    await page.getByTestId('import-results').click();
    await page.waitForURL('**/import/results');
    await settled(page);
    expect(await page.getByText('导入上级培训结果').first().isVisible()).toBe(true);
    await upload(page, '省培成绩.xlsx', platform);
    await page.getByTestId('import-preview').waitFor({ state: 'visible', timeout: 60_000 });
    await page.getByRole('tab', { name: /数据预览/ }).click();
    expect(await page.getByTestId('import-preview').getByText(projectName).first().isVisible()).toBe(true);
    await shot(page, 'preview');
    await previewAndCommit(page, 2);
    await shot(page, 'done');
  });

  // The project exists now (closed, 省培) with both results; open it and import a third teacher.
  const found = await getJson<{ items: Array<{ id: number; level: string; status: string }> }>(
    api,
    `/api/projects?q=${encodeURIComponent(projectName)}`,
  );
  expect(found.items).toHaveLength(1);
  expect(found.items[0]).toMatchObject({ level: '省培', status: 'closed' });
  const projectId = found.items[0]!.id;
  const one = await sheet([
    ['身份证号', '姓名', '考核结果'],
    [ids[2]!, picked[2]!.name, '合格'],
  ]);

  await withPage(browser, 'l-results-project', DESKTOP, async (page, shot) => {
    await login(page, 'county', password, `/projects/${projectId}?tab=participants`);
    await settled(page);
    await page.getByTestId('import-results').click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('点击选择文件，或把文件拖到这里').waitFor();
    // Only who and how they did: the project columns are not asked for.
    expect(await drawer.getByText('项目名称', { exact: true }).count()).toBe(0);
    await upload(page, '补充成绩.xlsx', one);
    await previewAndCommit(page, 1);
    await shot(page, 'done-in-project');
    await page.getByTestId('import-close').click();
    await expect.poll(async () => (await page.getByTestId('list-participants').getByRole('row').count()) - 1).toBe(3);
    await shot(page, 'participants');
  });

  const participants = await getJson<{ items: Array<{ teacherName: string; result: string | null }> }>(
    api,
    `/api/projects/${projectId}/participants?pageSize=50`,
  );
  expect(participants.items.map((p) => p.result).sort()).toEqual(['优秀', '合格', '合格']);
  await api.dispose();
});

test('the yearly plan table: look at it on a desktop and a phone, export it, open it for print', async () => {
  const password = demoPassword('county');
  await withPage(browser, 'l-plan', DESKTOP, async (page, shot) => {
    await login(page, 'county', password);
    await settled(page);
    // 年度计划表 sits in the collapsed 培训项目 group of the side menu.
    const planItem = page.getByRole('menuitem').filter({ hasText: /^年度计划表$/ });
    if (!(await planItem.isVisible())) {
      await page
        .getByRole('menuitem')
        .filter({ hasText: /^培训项目$/ })
        .click();
    }
    await planItem.click();
    await page.waitForURL('**/projects/plan');
    await settled(page);
    await page.getByTestId('plan-matrix').waitFor();
    await shot(page, 'plan-1440');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-export').click()]);
    expect(download.suggestedFilename()).toMatch(/年度教师培训计划表-\d{8}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync((await download.path())!) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['计划表', '项目明细']);
    expect(wb.worksheets[0]!.pageSetup.orientation).toBe('landscape');

    const [print] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('plan-print').click()]);
    await print.waitForLoadState('networkidle');
    await print.getByTestId('plan-sheet').waitFor();
    expect(await print.getByRole('heading', { name: /年度教师培训计划表/ }).isVisible()).toBe(true);
    await shot(print, 'plan-print');
    await print.close();
  });
  await withPage(browser, 'l-plan-phone', PHONE, async (page, shot) => {
    await login(page, 'county', password, '/projects/plan');
    await settled(page);
    await page.getByTestId('plan-months').waitFor();
    await shot(page, 'plan-375');
  });
});

test('a closed project’s certificates as one PDF, made by a job with progress', async () => {
  const password = demoPassword('county');
  const api = await apiAs('county', password);
  const closed = await getJson<{ items: Array<{ id: number; name: string }> }>(
    api,
    '/api/projects?status=closed&level=县培&pageSize=50',
  );
  let project: { id: number; name: string } | null = null;
  let valid = 0;
  for (const p of closed.items) {
    const list = await getJson<{ total: number }>(api, `/api/projects/${p.id}/certificates?revoked=false&pageSize=1`);
    if (list.total > 0 && list.total <= 400) {
      project = p;
      valid = list.total;
      break;
    }
  }
  await api.dispose();
  expect(project).not.toBeNull();

  await withPage(browser, 'l-certs', DESKTOP, async (page, shot) => {
    await login(page, 'county', password, `/projects/${project!.id}?tab=certificates`);
    await settled(page);
    await page.getByTestId('cert-batch').click();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByRole('menuitem', { name: /合并为一个 PDF/ }).click(),
    ]);
    await page.getByTestId('cert-batch-progress').waitFor();
    expect(download.suggestedFilename()).toBe(`结业证书-${project!.name}.pdf`);
    const bytes = fs.readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(valid);
    expect(await page.getByText(new RegExp(`已生成 ${valid} 份证书`)).isVisible()).toBe(true);
    await shot(page, 'batch-done');
  });
});

test('the list page: filters in the URL, column settings remembered, export with the same filters', async () => {
  const password = demoPassword('county');
  await withPage(browser, 'l-list', DESKTOP, async (page, shot) => {
    await login(page, 'county', password, '/trainers');
    await settled(page);
    const list = page.getByTestId('list-trainers');
    await list.getByRole('combobox', { name: '类型' }).click();
    await page.getByTitle('外聘专家').click();
    await page.waitForURL(/kind=external/);
    await settled(page);
    const rows = async () => (await list.locator('tbody tr.ant-table-row').count()) || 0;
    await expect.poll(() => list.getByText('县内教师', { exact: true }).count()).toBe(0);
    const external = await rows();
    expect(external).toBeGreaterThan(0);

    // Hide the phone column; it stays hidden after a reload.
    expect(await list.getByRole('columnheader', { name: '电话' }).count()).toBe(1);
    await page.getByTestId('trainers-column-settings').click();
    await page.getByTestId('trainers-columns').getByText('电话', { exact: true }).click();
    await expect.poll(() => list.getByRole('columnheader', { name: '电话' }).count()).toBe(0);
    await page.reload();
    await settled(page);
    expect(await list.getByRole('columnheader', { name: '电话' }).count()).toBe(0);
    // Back returns to the unfiltered list.
    await page.goBack();
    await settled(page);
    expect(page.url()).not.toMatch(/kind=external/);
    await page.goForward();
    await settled(page);
    await shot(page, 'list-1440');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('trainers-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^培训者库-\d{8}\.xlsx$/);
    expect(download.url()).toContain('kind=external');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync((await download.path())!) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets[0]!.rowCount - 1).toBe(external);
  });
  await withPage(browser, 'l-list-phone', PHONE, async (page, shot) => {
    await login(page, 'county', password, '/projects?year=2026');
    await settled(page);
    await page.getByTestId('list-projects').waitFor();
    await shot(page, 'list-375');
  });
});

test('the accounts list exports what it shows, without codes or ID numbers; the audit log names records, in English too', async () => {
  const password = demoPassword('county');
  const api = await apiAs('county', password);
  const { total } = await getJson<{ total: number }>(api, '/api/accounts?role=school_admin&pageSize=20');
  await api.dispose();
  expect(total).toBeGreaterThan(0);
  await withPage(browser, 'l-accounts', DESKTOP, async (page, shot) => {
    await login(page, 'county', password, '/accounts?role=school_admin');
    await settled(page);
    await page.getByTestId('list-accounts').waitFor();
    await shot(page, 'accounts-1440');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('accounts-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^账号列表-\d{8}\.xlsx$/);
    expect(download.url()).toContain('role=school_admin');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync((await download.path())!) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount - 1).toBe(total);
    const cells: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value ?? ''))));
    expect(cells.filter((v) => /\d{17}[\dX]/.test(v))).toEqual([]);
    expect(cells).toContain('学校管理员');

    // The audit log: the export just made, and records by name; then the same page in English.
    await page.goto('/audit');
    await settled(page);
    const log = page.getByTestId('list-audit');
    await log.getByText('导出账号列表').first().waitFor();
    expect(await log.getByTestId('audit-target').count()).toBeGreaterThan(0);
    expect(
      await log
        .getByTestId('audit-target')
        .filter({ hasText: /^#\d+$/ })
        .count(),
    ).toBe(0);
    await shot(page, 'audit-1440');
    await page.evaluate("localStorage.setItem('shixun.lang', 'en')");
    await page.reload();
    await settled(page);
    await log.getByText('Exported accounts').first().waitFor();
    await shot(page, 'audit-en-1440');
    await page.evaluate("localStorage.setItem('shixun.lang', 'zh-CN')");
  });
  await withPage(browser, 'l-accounts-phone', PHONE, async (page, shot) => {
    await login(page, 'county', password, '/audit');
    await settled(page);
    await page.getByTestId('list-audit').waitFor();
    await shot(page, 'audit-375');
    await page.goto('/accounts');
    await settled(page);
    await page.getByTestId('list-accounts').waitFor();
    await shot(page, 'accounts-375');
  });
});
