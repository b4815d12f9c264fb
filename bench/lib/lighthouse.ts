// Lighthouse 12 for the phone-page bench, installed on first use into .cache/lighthouse (not a
// dependency of the project: `npm ci` stays fast). Lighthouse 13 needs Node 22; 12 runs on Node 20.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const LIGHTHOUSE_VERSION = '12.8.2';
const CHROME = process.env.SHIXUN_CHROMIUM ?? '/usr/bin/chromium';

export function ensureLighthouse(root: string): string {
  const prefix = path.join(root, '.cache/lighthouse');
  const cli = path.join(prefix, 'node_modules/lighthouse/cli/index.js');
  const pkg = path.join(prefix, 'node_modules/lighthouse/package.json');
  const installed = fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).version === LIGHTHOUSE_VERSION;
  if (!installed) {
    console.log(`installing lighthouse@${LIGHTHOUSE_VERSION} into .cache/lighthouse …`);
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `lighthouse@${LIGHTHOUSE_VERSION}`,
      ],
      { stdio: 'inherit' },
    );
  }
  return cli;
}

export const chromiumAvailable = () => fs.existsSync(CHROME);

export interface LighthouseRun {
  performance: number;
  accessibility: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  speedIndexMs: number;
  /** audits of the accessibility category that failed */
  a11yFailures: string[];
}

/** One Lighthouse run (mobile preset, simulated slow 4G and 4× CPU slowdown: the defaults). */
export async function lighthouse(
  cli: string,
  url: string,
  headers: Record<string, string> = {},
): Promise<LighthouseRun> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-lh-')), 'report.json');
  const args = [
    cli,
    url,
    '--quiet',
    '--only-categories=performance,accessibility',
    '--output=json',
    `--output-path=${out}`,
    '--chrome-flags=--headless --no-sandbox --disable-gpu --disable-dev-shm-usage',
  ];
  if (Object.keys(headers).length) args.push(`--extra-headers=${JSON.stringify(headers)}`);
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, CHROME_PATH: CHROME },
    });
    child.on('error', reject);
    child.on('exit', (c) => resolve(c ?? 1));
  });
  if (code !== 0 || !fs.existsSync(out)) throw new Error(`lighthouse failed on ${url} (exit ${code})`);
  const r = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  const audit = (id: string) => r.audits[id]?.numericValue ?? Number.NaN;
  const a11yIds: string[] = r.categories.accessibility.auditRefs.map((a: { id: string }) => a.id);
  return {
    performance: Math.round(r.categories.performance.score * 100),
    accessibility: Math.round(r.categories.accessibility.score * 100),
    fcpMs: audit('first-contentful-paint'),
    lcpMs: audit('largest-contentful-paint'),
    tbtMs: audit('total-blocking-time'),
    cls: audit('cumulative-layout-shift'),
    speedIndexMs: audit('speed-index'),
    a11yFailures: a11yIds.filter((id) => r.audits[id]?.score !== null && r.audits[id]?.score < 1),
  };
}
