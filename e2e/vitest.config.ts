// Browser tests: two servers (built bundle, fresh PGlite data dir, demo county each), one per test
// worker; one Chromium per file; the files of a worker run one after another on its server.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    // Two workers, each with its own server and demo county (global-setup.ts); files of one
    // worker run one after another.
    fileParallelism: true,
    maxWorkers: Number(process.env.SHIXUN_E2E_SERVERS ?? 2),
    pool: 'forks',
    testTimeout: 90_000,
    hookTimeout: 240_000,
    // expect.poll waits for the page like a person would (vitest's default is 1 s).
    expect: { poll: { timeout: 20_000, interval: 100 } },
    // A flaky browser step gets one more chance; a real failure fails twice.
    retry: process.env.CI ? 1 : 0,
  },
});
