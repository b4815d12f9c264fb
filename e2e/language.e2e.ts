// (d) Switching the language to English and to 繁體中文 changes the menu.
import type { Browser, Page } from 'playwright-core';
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

async function switchTo(page: Page, label: string) {
  await page.getByRole('button', { name: /语言|Language|語言/ }).click();
  await page.getByRole('menuitem', { name: label }).click();
}

// Matched on the item's text: its accessible name also carries the icon's label ("team 教师").
const menuItem = (page: Page, name: string) => page.getByRole('menuitem').filter({ hasText: new RegExp(`^${name}$`) });

test('the menu follows the chosen language', async () => {
  await withPage(browser, 'd-language', {}, async (page, shot) => {
    await login(page, 'county', demoPassword('county'));
    await settled(page);
    await expect.poll(() => menuItem(page, '教师').isVisible()).toBe(true);
    await expect.poll(() => menuItem(page, '操作日志').isVisible()).toBe(true);
    await shot(page, 'zh-CN');

    await switchTo(page, 'English');
    await expect.poll(() => menuItem(page, 'Teachers').isVisible()).toBe(true);
    await expect.poll(() => menuItem(page, 'Audit log').isVisible()).toBe(true);
    expect(await menuItem(page, '教师').count()).toBe(0);
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await shot(page, 'en');

    await switchTo(page, '繁體中文');
    await expect.poll(() => menuItem(page, '教師').isVisible()).toBe(true);
    await expect.poll(() => menuItem(page, '操作日誌').isVisible()).toBe(true);
    expect(await menuItem(page, 'Teachers').count()).toBe(0);
    await shot(page, 'zh-TW');

    // The choice survives a reload (kept in localStorage).
    await page.reload();
    await settled(page);
    await expect.poll(() => menuItem(page, '教師').isVisible()).toBe(true);

    await switchTo(page, '简体中文');
    await expect.poll(() => menuItem(page, '教师').isVisible()).toBe(true);
  });
});
