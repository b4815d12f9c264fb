// Notices (通知公告): the county publishes a notice with a PDF attachment to school1's school (its
// admin and teachers) → school1 sees it unread, opens it, opens the attachment → teacher1 reads it on
// a phone → the county sees who has read it and who has not. school2 never sees it. Then the
// weekly report (工作周报) of the current week.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apiAs, getJson } from './lib/api';
import { launchBrowser, settled } from './lib/browser';
import { demoPassword } from './lib/demo';
import { Cast } from './lib/training';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const user = (username: string) => ({ username, password: demoPassword(username) });

test('the county publishes a notice to a school; the school reads it; the county sees the receipts', async () => {
  const run = Date.now().toString(36).slice(-5);
  const title = `关于报送暑期培训名单的通知（${run}）`;
  const schoolApi = await apiAs('school1', demoPassword('school1'));
  const { schoolName } = await getJson<{ schoolName: string }>(schoolApi, '/api/auth/me');

  const cast = new Cast(browser, 'notices');
  await cast.run(async () => {
    // ── 1. the county writes and publishes it, with an attachment.
    const county = await cast.open('county', user('county'));
    await county.goto('/notices');
    await settled(county);
    await county.getByTestId('notice-new').click();
    const drawer = county.locator('.ant-drawer-open');
    // Publishing empty says what is missing.
    await county.getByTestId('notice-submit').click();
    await expect.poll(() => drawer.getByText('请填写标题').isVisible()).toBe(true);
    await drawer.getByLabel('标题').fill(title);
    await drawer
      .getByLabel('正文')
      .fill('各校：\n请于本周五前通过平台报送参加暑期全员培训的教师名单，附件为报送说明。');
    await drawer.getByText('指定学校').click();
    await drawer.getByLabel('学校', { exact: true }).fill(schoolName);
    await county.locator('.ant-select-item-option', { hasText: schoolName }).first().click();
    await county.keyboard.press('Escape'); // close the multiple select's dropdown
    await expect.poll(() => drawer.locator('.ant-select-selection-item', { hasText: schoolName }).count()).toBe(1);
    await drawer.getByLabel('教师', { exact: true }).check();
    await drawer.locator('input[type=file]').setInputFiles({
      name: '报送说明.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% notice attachment\n%%EOF\n', 'utf8'),
    });
    await expect.poll(() => drawer.getByText('报送说明.pdf').isVisible()).toBe(true);
    await expect.poll(() => drawer.locator('.ant-upload-list-item-uploading').count()).toBe(0);
    await cast.shot(county, 'county-compose');
    await county.getByTestId('notice-submit').click();
    await county
      .locator('.ant-modal')
      .getByRole('button', { name: /发\s*布/ })
      .click();
    await expect.poll(() => county.getByText(/已发布，共 \d+ 名接收人/).isVisible()).toBe(true);
    const row = county.locator('.ant-table-row', { hasText: title });
    await row.waitFor();
    await expect.poll(() => row.getByText(/已读 0 \/ \d+/).isVisible()).toBe(true);
    await cast.shot(county, 'county-sent');

    // ── 2. school2 cannot see it or its file.
    const inbox = await getJson<{ items: { id: number; title: string }[] }>(schoolApi, '/api/notices');
    const notice = inbox.items.find((i) => i.title === title)!;
    expect(notice).toBeTruthy();
    const school2Api = await apiAs('school2', demoPassword('school2'));
    expect((await school2Api.get(`/api/notices/${notice.id}`)).status()).toBe(404);
    const countyApi = await apiAs('county', demoPassword('county'));
    const detail = await getJson<{ attachments: { id: number }[] }>(countyApi, `/api/notices/${notice.id}`);
    await countyApi.dispose();
    expect((await school2Api.get(`/api/attachments/${detail.attachments[0]!.id}`)).status()).toBe(404);
    await school2Api.dispose();

    // ── 3. school1 sees it unread, opens it and its attachment.
    const school = await cast.open('school', user('school1'));
    await school.goto('/notices');
    await settled(school);
    const item = school.getByTestId(`notice-${notice.id}`);
    await expect.poll(() => item.getByText('未读').isVisible()).toBe(true);
    await cast.shot(school, 'school-inbox');
    await item.click();
    await expect.poll(() => school.getByTestId('notice-title').textContent()).toBe(title);
    const link = school.getByRole('link', { name: '报送说明.pdf', exact: true });
    await link.waitFor();
    const href = await link.getAttribute('href');
    const file = await school.request.get(href!);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('application/pdf');
    await cast.shot(school, 'school-detail');

    // ── 4. teacher1 (school1) reads it on a phone.
    const teacher = await cast.open('teacher', user('teacher1'), { width: 375, height: 800, mobile: true });
    await teacher.goto('/notices');
    await settled(teacher);
    await teacher.getByTestId(`notice-${notice.id}`).waitFor();
    expect(await teacher.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await cast.shot(teacher, 'teacher-inbox-phone');
    await teacher.getByTestId(`notice-${notice.id}`).click();
    await teacher.getByTestId('notice-title').waitFor();
    expect(await teacher.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await cast.shot(teacher, 'teacher-detail-phone');

    // ── 5. the county sees who has read it and who has not.
    await county.goto(`/notices/${notice.id}`);
    await settled(county);
    await expect
      .poll(() =>
        county
          .getByTestId('receipts-progress')
          .getByText(/已读 2 \/ \d+/)
          .isVisible(),
      )
      .toBe(true);
    await cast.shot(county, 'county-receipts-schools');
    await county.getByRole('tab', { name: '逐人' }).click();
    await county.getByTestId('receipts-status').click();
    await county.locator('.ant-select-item-option', { hasText: '未读' }).click();
    await settled(county);
    await cast.shot(county, 'county-receipts-unread');
    const download = county.waitForEvent('download');
    await county.getByTestId('receipts-export').click();
    expect((await download).suggestedFilename()).toMatch(/^阅读回执-.*\.xlsx$/);
  }, 85_000);
  await schoolApi.dispose();
}, 90_000);

test('the weekly report lists the current week and opens it per school', async () => {
  const cast = new Cast(browser, 'weekly');
  await cast.run(async () => {
    const county = await cast.open('county', user('county'));
    await county.goto('/weekly-reports');
    await settled(county);
    await county.getByText('本周（实时）').first().waitFor();
    await cast.shot(county, 'county-weeks');
    await county.getByRole('button', { name: '查看' }).first().click();
    await county.getByTestId('weekly-export').waitFor();
    await settled(county);
    await cast.shot(county, 'county-week');
    const school = await cast.open('school', user('school1'));
    await school.goto('/weekly-reports');
    await settled(school);
    await school.getByRole('button', { name: '查看' }).first().click();
    await school.getByTestId('weekly-export').waitFor();
    await settled(school);
    expect(await school.locator('.ant-table-tbody .ant-table-row').count()).toBe(1);
    await cast.shot(school, 'school-week');
  }, 85_000);
}, 90_000);
