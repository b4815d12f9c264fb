// Helpers for the training-flow browser test: several people signed in at once (one context each),
// antd widgets driven like a user, Beijing wall-clock times, and the check-in QR code read back
// from the page's SVG.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { login, newContext, screenshotter, settled } from './browser';

const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../screenshots');

interface Actor {
  label: string;
  context: BrowserContext;
  page: Page;
}

/**
 * The people of one scenario, each in their own browser context; one screenshot counter for all
 * of them, so the files sort in the order the story happened. On failure every open page is saved
 * as `<prefix>-failure-<label>.png` and the browser errors seen are added to the message.
 */
export class Cast {
  private readonly actors: Actor[] = [];
  private readonly errors: string[] = [];
  /** Screenshots taken so far with the seconds since the start: a failure says how far it got. */
  private readonly steps: string[] = [];
  private readonly started = Date.now();
  private readonly screenshot: (page: Page, step: string) => Promise<string>;

  constructor(
    private readonly browser: Browser,
    private readonly prefix: string,
  ) {
    this.screenshot = screenshotter(prefix);
  }

  /** Saves `<prefix>-NN-<step>.png` of the page and remembers when the step was reached. */
  readonly shot = async (page: Page, step: string) => {
    this.steps.push(`${step} ${((Date.now() - this.started) / 1000).toFixed(0)} s`);
    return this.screenshot(page, step);
  };

  /** A new context (signed in as `user` through the login page unless null) and its first page. */
  async open(
    label: string,
    user: { username: string; password: string; next?: string } | null,
    opts: Parameters<typeof newContext>[1] = {},
  ): Promise<Page> {
    const context = await newContext(this.browser, opts);
    const page = await context.newPage();
    this.watch(label, page);
    context.on('page', (p) => this.watch(`${label}-popup`, p));
    this.actors.push({ label, context, page });
    if (user) {
      await login(page, user.username, user.password, user.next);
      await settled(page);
    }
    return page;
  }

  private watch(label: string, page: Page) {
    page.on('pageerror', (e) => this.errors.push(`[${label}] pageerror: ${e.message}`));
    page.on('console', (m) => {
      const text = m.text();
      if (m.type() === 'error' && !text.startsWith('Warning:') && !text.startsWith('Failed to load resource')) {
        this.errors.push(`[${label}] console: ${text}`);
      }
    });
    page.on('response', (r) => {
      // A signed-out page asks who is signed in (401) before the login form: not an error.
      if (r.status() === 401 && r.url().endsWith('/api/auth/me')) return;
      if (r.status() >= 400) this.errors.push(`[${label}] http ${r.status()}: ${r.request().method()} ${r.url()}`);
    });
  }

  /**
   * Runs the scenario; always closes the contexts. `limitMs` (set it a little under the test's
   * timeout) fails the scenario itself, so a slow run still leaves its failure screenshots.
   */
  async run(fn: () => Promise<void>, limitMs: number) {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the scenario did not finish within ${Math.round(limitMs / 1000)} s`)),
        limitMs,
      );
    });
    try {
      await Promise.race([fn(), limit]);
    } catch (err) {
      if (err instanceof Error) err.message += `\n\nsteps reached: ${this.steps.join(', ') || 'none'}`;
      for (const a of this.actors) {
        for (const [i, p] of a.context.pages().entries()) {
          const file = path.join(SCREENSHOTS, `${this.prefix}-failure-${a.label}${i ? `-${i}` : ''}.png`);
          await p.screenshot({ path: file, fullPage: true }).catch(() => {});
        }
      }
      const seen = this.errors.slice(-15);
      if (seen.length && err instanceof Error) err.message += `\n\nbrowser errors:\n${seen.join('\n')}`;
      throw err;
    } finally {
      clearTimeout(timer);
      for (const a of this.actors) await a.context.close().catch(() => {});
    }
  }
}

/** The open antd Select/Picker popup (antd keeps closed ones in the DOM, hidden). */
export const openDropdown = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');

/** Opens an antd Select, optionally types to search, and clicks the option (first one when null). */
export async function chooseOption(page: Page, select: Locator, option: string | RegExp | null, search?: string) {
  // The select's own box (the input is inside it): it shows the chosen option's text.
  const box = select.locator(
    'xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]',
  );
  for (let attempt = 1; ; attempt++) {
    await select.click();
    if (search) await select.fill(search);
    const items = openDropdown(page).locator('.ant-select-item-option');
    const item = option === null ? items.first() : items.filter({ hasText: option }).first();
    const text = ((await item.textContent()) ?? '').trim();
    await item.click();
    await openDropdown(page)
      .waitFor({ state: 'hidden', timeout: 5_000 })
      .catch(() => {});
    // Under load a click on an option still sliding in can be lost: look, and choose again.
    if (attempt === 3 || ((await box.textContent()) ?? '').includes(text)) return;
  }
}

/**
 * Types both ends into an antd RangePicker (date or time): the first input, Enter, the second,
 * Enter — how a keyboard user fills it.
 */
export async function fillRange(picker: Locator, from: string, to: string) {
  const inputs = picker.locator('input');
  await inputs.nth(0).click();
  await inputs.nth(0).fill(from);
  await inputs.nth(0).press('Enter');
  await inputs.nth(1).click();
  await inputs.nth(1).fill(to);
  await inputs.nth(1).press('Enter');
}

/** Clicks a status move on the project page, confirms it, and waits for the new status tag. */
export async function moveStatus(page: Page, to: string, label: string) {
  await page.getByTestId(`status-${to}`).click();
  const dialog = page.getByRole('dialog');
  const confirm = page.getByTestId('status-confirm');
  // antd zooms the dialog in; a click during the animation can be lost. A click that was taken
  // either closes the dialog or puts the button into its loading state: otherwise click again.
  for (let attempt = 1; attempt <= 3; attempt++) {
    await confirm.click();
    const taken = await Promise.any([
      dialog.waitFor({ state: 'hidden', timeout: 3_000 }),
      page.locator('[data-testid="status-confirm"].ant-btn-loading').waitFor({ timeout: 3_000 }),
    ]).then(
      () => true,
      () => false,
    );
    if (taken) break;
  }
  await dialog.waitFor({ state: 'hidden' });
  await page.getByTestId('project-status').filter({ hasText: label }).waitFor({ state: 'visible' });
}

/** Opens a tab of the project page by its label. */
export async function openTab(page: Page, label: string) {
  await page.getByRole('tab', { name: label, exact: true }).click();
  await settled(page);
}

// ---------- Beijing time ----------

export interface BeijingNow {
  /** YYYY-MM-DD */
  date: string;
  /** minutes since midnight */
  minutes: number;
}

export function beijingNow(at = new Date()): BeijingNow {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

// ---------- the QR code on the check-in screen ----------

/** The dark modules of a QR code as drawn by web/src/features/run/QrCode.tsx (one `M x y…` per module). */
export function modulesOfPath(d: string): string[] {
  return [...d.matchAll(/M(\d+) (\d+)/g)].map((m) => `${m[1]},${m[2]}`).sort();
}

/** The dark modules the same component would draw for `value` (margin 2, error correction M). */
export function modulesOfValue(value: string, margin = 2): string[] {
  const qr = QRCode.create(value, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const out: string[] = [];
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) out.push(`${c + margin},${r + margin}`);
  return out.sort();
}
