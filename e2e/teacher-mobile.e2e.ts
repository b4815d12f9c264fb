// (c) A teacher signs in on a phone-sized screen and lands on 我的培训 (what to do today first), with
// their own record (/me) one tap away. The Content-Security-Policy refuses nothing on the way: the
// loading shell has no inline script, and zod (on 我的培训) does not probe eval.
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

test('teacher1 signs in on a 375×800 screen, lands on 我的培训 and opens /me', async () => {
  await withPage(browser, 'c-teacher-mobile', { width: 375, height: 800, mobile: true }, async (page, shot) => {
    await page.addInitScript(
      `window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`,
    );
    const cspViolations = () => page.evaluate('window.__csp');
    await page.goto('/login');
    await settled(page);
    expect(await cspViolations()).toEqual([]);
    await shot(page, 'login');
    await login(page, 'teacher1', demoPassword('teacher1'));
    await page.waitForURL('**/my/trainings');
    await settled(page);

    const me = await (await page.request.get('/api/auth/me')).json();
    expect(me.role).toBe('teacher');
    // What to do today comes first: the to-do card, or the line saying there is nothing to do.
    const todo = await (await page.request.get('/api/me/todo')).json();
    const expected = todo.sessions.length || todo.reportBacks.length ? 'todo-card' : 'todo-none';
    await expect.poll(() => page.getByTestId(expected).isVisible()).toBe(true);
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await cspViolations()).toEqual([]);
    await shot(page, 'my-trainings');

    // The record page names the teacher; the phone layout must not scroll sideways there either.
    await page.goto('/me');
    await settled(page);
    await expect.poll(() => page.getByText(me.displayName).first().isVisible()).toBe(true);
    expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    expect(await cspViolations()).toEqual([]);
    await shot(page, 'me');

    // The side menu is hidden on a phone and opens from the header button.
    await page.getByRole('button', { name: 'menu' }).click();
    await expect.poll(() => page.getByRole('menuitem', { name: /我的档案/ }).isVisible()).toBe(true);
    await shot(page, 'menu-open');
  });
});
