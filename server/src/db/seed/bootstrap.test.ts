// A real county's first start: one region and an `admin` whose password follows the policy.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { one } from '../client.js';
import { bootstrap } from './index.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('first start without the demo county', () => {
  it('refuses a common or demo admin password, then creates the region with a good one', async () => {
    for (const weak of ['Admin12345', 'Shixun2026', 'admin2024x']) {
      t.deps.config.adminPassword = weak;
      await expect(bootstrap(t.deps), weak).rejects.toThrow(/SHIXUN_ADMIN_PASSWORD/);
    }
    expect((await one<{ n: number }>(t.deps.db, sql`select count(*)::int as n from regions`))?.n).toBe(0);
    t.deps.config.adminPassword = 'Xq7-county-office';
    expect((await bootstrap(t.deps)).created).toBe(true);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'Xq7-county-office' },
    });
    expect(login.statusCode).toBe(200);
  });
});
