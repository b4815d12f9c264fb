// Browser tests: one server (built bundle, fresh PGlite data dir, demo county) for the whole run,
// one Chromium per file, files one after another (they share the server and its data).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 90_000,
    hookTimeout: 240_000,
    // expect.poll waits for the page like a person would (vitest's default is 1 s).
    expect: { poll: { timeout: 20_000, interval: 100 } },
    // A flaky browser step gets one more chance; a real failure fails twice.
    retry: process.env.CI ? 1 : 0,
  },
});
