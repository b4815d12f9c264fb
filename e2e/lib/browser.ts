// Playwright helpers: the system Chromium (never a downloaded one), a context per test, login via
// the real login page, and numbered screenshots in e2e/screenshots/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** This worker's server: each test worker has its own (see global-setup.ts). */
export const baseURL = () => {
  const urls = inject('baseURLs');
  return urls[(Number(process.env.VITEST_POOL_ID ?? '1') - 1) % urls.length]!;
};

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.SHIXUN_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

export async function newContext(
  browser: Browser,
  opts: { width?: number; height?: number; mobile?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseURL(),
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    isMobile: opts.mobile ?? false,
    hasTouch: opts.mobile ?? false,
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(20_000);
  return context;
}

/** Saves `<prefix>-NN-<step>.png`; the counter keeps the steps in order within a file. */
export function screenshotter(prefix: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  let n = 0;
  return async (page: Page, step: string) => {
    n += 1;
    const file = path.join(SCREENSHOTS, `${prefix}-${String(n).padStart(2, '0')}-${step}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
}

/** Signs in through the login page and waits until the app left it. */
export async function login(page: Page, username: string, password: string, next?: string) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Waits until no antd spinner is visible (lazy routes and queries settled). */
export async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'hidden', timeout: 15_000 })
    .catch(() => {});
}

/**
 * Runs one scenario in a fresh context; on failure saves `<prefix>-failure.png` of the page as it
 * was, which is usually all one needs to see why.
 */
export async function withPage(
  browser: Browser,
  prefix: string,
  opts: Parameters<typeof newContext>[1],
  fn: (page: Page, shot: ReturnType<typeof screenshotter>) => Promise<void>,
) {
  const context = await newContext(browser, opts);
  const page = await context.newPage();
  const shot = screenshotter(prefix);
  // Uncaught errors in the page usually explain a blank screen: keep them for the failure message.
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() === 'error' && !text.startsWith('Warning:') && !text.startsWith('Failed to load resource')) {
      consoleErrors.push(`console: ${text}`);
    }
  });
  page.on('response', (r) => {
    if (r.status() >= 400) consoleErrors.push(`http ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  try {
    await fn(page, shot);
  } catch (err) {
    await page.screenshot({ path: path.join(SCREENSHOTS, `${prefix}-failure.png`), fullPage: true }).catch(() => {});
    const seen = [...pageErrors, ...consoleErrors].slice(0, 10);
    if (seen.length && err instanceof Error) err.message += `\n\nbrowser errors (${page.url()}):\n${seen.join('\n')}`;
    throw err;
  } finally {
    await context.close();
  }
}
