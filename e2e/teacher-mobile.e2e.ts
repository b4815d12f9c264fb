// (c) A teacher signs in on a phone-sized screen and lands on their own record (/me).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, login, settled, withPage } from './lib/browser';
import { demoPassword } from './lib/demo';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test('teacher1 signs in on a 375×800 screen and sees /me', async () => {
  await withPage(browser, 'c-teacher-mobile', { width: 375, height: 800, mobile: true }, async (page, shot) => {
    await page.goto('/login');
    await settled(page);
    await shot(page, 'login');
    await login(page, 'teacher1', demoPassword('teacher1'));
    await page.waitForURL('**/me');
    await settled(page);

    const me = await (await page.request.get('/api/auth/me')).json();
    expect(me.role).toBe('teacher');
    // The record page names the teacher; the phone layout must not scroll sideways.
    await expect.poll(() => page.getByText(me.displayName).first().isVisible()).toBe(true);
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'me');

    // The side menu is hidden on a phone and opens from the header button.
    await page.getByRole('button', { name: 'menu' }).click();
    await expect.poll(() => page.getByRole('menuitem', { name: /我的档案/ }).isVisible()).toBe(true);
    await shot(page, 'menu-open');
  });
});
