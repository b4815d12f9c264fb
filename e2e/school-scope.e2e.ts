// (b) A school admin sees only their own school: the list is filtered, and another school's teacher
// opened by URL shows the not-found state while the API answers 404.
import type { Browser } from 'playwright-core';
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

interface TeacherRow {
  id: number;
  name: string;
  schoolId: number;
}
interface Page<T> {
  items: T[];
  total: number;
}

test('school1 cannot see teachers of another school', async () => {
  const password = demoPassword('school1');
  const self = await apiAs('school1', password);
  const me = await getJson<{ schoolId: number; schoolName: string }>(self, '/api/auth/me');
  const own = await getJson<Page<TeacherRow>>(self, '/api/teachers?pageSize=200');
  expect(own.total).toBeGreaterThan(0);
  expect(own.items.every((t) => t.schoolId === me.schoolId)).toBe(true);

  const county = await apiAs('county', demoPassword('county'));
  const all = await getJson<Page<TeacherRow>>(county, '/api/teachers?pageSize=200');
  await county.dispose();
  expect(all.total).toBeGreaterThan(own.total);
  const other = all.items.find((t) => t.schoolId !== me.schoolId);
  expect(other).toBeDefined();

  await withPage(browser, 'b-school-scope', {}, async (page, shot) => {
    await login(page, 'school1', password);
    await settled(page);
    await page.goto('/teachers');
    await settled(page);
    // The list total is the school's, not the county's.
    await expect.poll(() => page.getByText(`共 ${own.total} 条`).first().isVisible()).toBe(true);
    const names = await page.getByRole('table').locator('a[href^="/teachers/"]').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    const ownNames = new Set(own.items.map((t) => t.name));
    expect(names.every((n) => ownNames.has(n))).toBe(true);
    await shot(page, 'own-list');

    await page.goto(`/teachers/${other!.id}`);
    await settled(page);
    await expect.poll(() => page.getByText('教师不存在或不在您的管理范围内').isVisible()).toBe(true);
    expect(await page.getByText(other!.name).count()).toBe(0);
    await shot(page, 'other-school-not-found');

    const res = await page.request.get(`/api/teachers/${other!.id}`);
    expect(res.status()).toBe(404);
  });
  await self.dispose();
});
