// The phone pages' byte budget, checked on the build the browser tests run (global-setup.ts builds
// it): the JavaScript each teacher route loads before its page shows — entry, shell and page chunks,
// from Vite's manifest, in gzip bytes as served — stays within bench/lib/web-budget.ts, and ECharts
// stays on the chart pages. Bytes, never time: `npx tsx bench/web-pages.ts` prints the full table.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { TEACHER_BUDGETS } from '../bench/lib/web-budget';
import { readManifest, readRoutes, routeScripts, totalBytes } from '../bench/lib/web-bundle';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'web/dist');
const manifest = readManifest(DIST);
const routes = readRoutes(path.join(ROOT, 'web'));
const scriptsOf = (pattern: string) => {
  const route = routes.find((r) => r.path === pattern);
  if (!route) throw new Error(`route ${pattern} not found in web/src/router.tsx or App.tsx`);
  return routeScripts(manifest, route);
};
// a string only ECharts' code contains (it names the DOM attribute it marks its charts with)
const ECHARTS = '_echarts_instance_';
const hasECharts = (files: string[]) =>
  files.some((f) => fs.readFileSync(path.join(DIST, f), 'utf8').includes(ECHARTS));

describe('JavaScript a teacher route loads (gzip)', () => {
  test.each(Object.entries(TEACHER_BUDGETS))('%s within %i bytes', (pattern, budget) => {
    const gzip = totalBytes(DIST, scriptsOf(pattern)).gzip;
    expect(gzip, `${pattern}: ${gzip} bytes of JavaScript (gzip); budget ${budget}`).toBeLessThanOrEqual(budget);
  });
});

test('ECharts loads only on the chart pages', () => {
  expect(hasECharts(scriptsOf('/stats')), 'the marker still finds ECharts on /stats').toBe(true);
  for (const pattern of [...Object.keys(TEACHER_BUDGETS), '/teachers', '/projects']) {
    expect(hasECharts(scriptsOf(pattern)), pattern).toBe(false);
  }
});
