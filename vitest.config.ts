import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['common/src/**/*.test.ts', 'server/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Files in one worker share loaded modules and the harness's spare PGlite instance (emptied
    // between files): importing the app and creating PGlite cost more than most files' tests.
    isolate: false,
    // PGlite is single-threaded WASM; two workers keep both cores busy without thrashing.
    maxWorkers: 2,
  },
});
