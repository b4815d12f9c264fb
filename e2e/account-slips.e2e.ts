// Account slips (账号开通单): a school admin prints the slips of the whole school; a teacher types the
// slip's code at the login page on a phone, is taken to the activation page, is refused a common
// password, sets their own and lands on their record; the code works once. Then the county creates a
// school-admin account for every school at once and prints their slips; one of them activates.
import { randomInt } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { request } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
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

/** Clicks the OK button of the open Popconfirm. */
async function confirmPop(page: Page) {
  const pop = page.locator('.ant-popover:not(.ant-popover-hidden)').last();
  await pop.getByRole('button', { name: /确\s*定/ }).click();
}

async function readSlip(page: Page, n: number) {
  const slip = page.getByTestId('slip').nth(n);
  const code = ((await slip.getByTestId('slip-code').textContent()) ?? '').trim();
  const username = ((await slip.locator('strong').first().textContent()) ?? '').trim();
  return { code, username };
}

test('a school prints its account slips; a teacher activates with one on a phone', async () => {
  const cast = new Cast(browser, 'k-slips');
  await cast.run(async () => {
    const school = await cast.open('school2', user('school2'), DESKTOP);
    await school.goto('/accounts/slips');
    await settled(school);
    await school.locator('[data-testid^="slips-school-"]').first().waitFor();
    await cast.shot(school, 'school-overview');
    await school.locator('[data-testid^="slips-school-"]').first().click();
    await confirmPop(school);
    await school.waitForURL('**/accounts/slips/print');
    await school.getByTestId('slip').first().waitFor();
    const slips = await school.getByTestId('slip').count();
    expect(slips).toBeGreaterThan(8);
    expect(await school.getByText(/共 \d+ 张，\d+ 页/).textContent()).toContain(`共 ${slips} 张`);
    await cast.shot(school, 'print-view');
    // The print view as the printer sees it: A4 sheets of eight, no toolbar.
    const pdf = await school.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { code, username } = await readSlip(school, 1);
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    expect(username).toMatch(/^t\d+$/);

    // The teacher types the code where the password goes: the activation page takes over.
    const phone = await cast.open('teacher-phone', null, PHONE);
    await phone.goto('/login');
    await phone.getByLabel('用户名').fill(username);
    await phone.getByLabel('密码', { exact: true }).fill(code.toLowerCase());
    await phone.getByRole('button', { name: /登\s*录/ }).click();
    await phone.waitForURL('**/activate');
    await settled(phone);
    expect(await phone.getByLabel('开通码').inputValue()).toBe(code);
    // A password everyone guesses is refused before anything is sent.
    await phone.getByLabel('新密码', { exact: true }).fill('woaini1314');
    await phone.getByLabel('确认新密码').fill('woaini1314');
    await phone.getByRole('button', { name: /开通并登录/ }).click();
    await phone
      .getByText(/密码过于常见/)
      .first()
      .waitFor();
    await cast.shot(phone, 'activate-weak-password');
    const password = `Lk${randomInt(100, 999)}-pine-harbor`;
    await phone.getByLabel('新密码', { exact: true }).fill(password);
    await phone.getByLabel('确认新密码').fill(password);
    await phone.getByRole('button', { name: /开通并登录/ }).click();
    await phone.waitForURL('**/me');
    await phone.getByText(/老师，您好/).waitFor();
    await settled(phone);
    const overflow = await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow, 'the record page does not scroll sideways on a phone').toBeLessThanOrEqual(0);
    await cast.shot(phone, 'activated-record');

    // The code is spent; the new password works.
    const api = await request.newContext({ baseURL: baseURL() });
    const again = await api.post('/api/auth/activate', { data: { username, code, newPassword: 'Other-pass-77' } });
    expect(again.status()).toBe(401);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/使用过/);
    const signIn = await api.post('/api/auth/login', { data: { username, password } });
    expect(signIn.status()).toBe(200);
    await api.dispose();
  }, 170_000);
}, 180_000);

test('the county creates a school-admin account for every school at once and prints their slips', async () => {
  const cast = new Cast(browser, 'k-school-admins');
  await cast.run(async () => {
    const county = await cast.open('county', user('county'), DESKTOP);
    await county.goto('/accounts');
    await settled(county);
    await county.getByTestId('bulk-school-admins').click();
    const modal = county.getByRole('dialog');
    await modal.getByTestId('bulk-preview').waitFor();
    // A pattern of this run's own, for every school (a server reused between runs keeps the old ones).
    const prefix = `k${Date.now().toString(36).slice(-4)}`;
    // The option first, then the pattern: the preview that shows this run's prefix is then the one
    // that also counts the schools which already have an admin (not an answer to an earlier request).
    await modal.getByText('已有学校管理员的学校也再建一个').click();
    const pattern = modal.getByLabel('用户名规则');
    await pattern.fill(`${prefix}{schoolId}`);
    // Out of the pattern box, so its suggestions close.
    await modal.getByText(/为每所学校创建一个学校管理员账号/).click();
    await expect.poll(() => modal.getByTestId('bulk-preview').textContent()).toContain(prefix);
    const willCreate = Number(/将新建 (\d+) 个/.exec((await modal.textContent()) ?? '')?.[1] ?? 0);
    expect(willCreate).toBeGreaterThan(50);
    await cast.shot(county, 'bulk-preview');
    await county.locator('#bulk-create').click();
    await county.waitForURL('**/accounts/slips/print');
    await county.getByTestId('slip').first().waitFor();
    expect(await county.getByTestId('slip').count()).toBe(willCreate);
    await cast.shot(county, 'bulk-slips');

    // A new school admin activates through the API and is a school admin of one school.
    const { code, username } = await readSlip(county, 0);
    expect(username.startsWith(prefix)).toBe(true);
    const api = await request.newContext({ baseURL: baseURL() });
    const res = await api.post('/api/auth/activate', {
      data: { username, code, newPassword: `Qz${randomInt(100, 999)}-valley-river` },
    });
    expect(res.status()).toBe(200);
    const me = ((await res.json()) as { user: { role: string; schoolId: number | null } }).user;
    expect(me.role).toBe('school_admin');
    expect(me.schoolId).toEqual(expect.any(Number));
    await api.dispose();
  }, 170_000);
}, 180_000);
