// First-run set-up: the demo county (SHIXUN_DEMO, default) or one region with an `admin` account.
// Idempotent: does nothing once a region exists.
import { passwordProblem } from '@shixun/common';
import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { hashPassword } from '../../lib/password.js';
import { one } from '../client.js';
import { regions, users } from '../schema.js';

export interface Bootstrapped {
  created: boolean;
  logins: Array<{ role: string; username: string; password: string; note?: string }>;
}

export async function bootstrap(deps: Deps): Promise<Bootstrapped> {
  const existing = await one<{ n: number }>(deps.db, sql`select count(*)::int as n from regions`);
  if (existing && existing.n > 0) {
    return {
      created: false,
      logins: deps.config.demo ? (await import('./demo.js')).demoLogins(deps.config.regionName) : [],
    };
  }
  if (deps.config.demo) {
    const { seedDemo, demoLogins } = await import('./demo.js');
    await seedDemo(deps, { regionName: deps.config.regionName });
    return { created: true, logins: demoLogins(deps.config.regionName) };
  }
  const password = deps.config.adminPassword!;
  // The first account of a real county follows the same password policy as every other.
  const problem = passwordProblem(password, { username: 'admin' });
  if (problem) {
    throw new Error(
      `SHIXUN_ADMIN_PASSWORD 不符合密码规则：${problem} (SHIXUN_ADMIN_PASSWORD breaks the password policy)`,
    );
  }
  await deps.db.transaction(async (tx) => {
    const [region] = await tx.insert(regions).values({ name: deps.config.regionName }).returning();
    await tx.insert(users).values({
      regionId: region!.id,
      username: 'admin',
      displayName: '县级管理员',
      role: 'county_admin',
      passwordHash: await hashPassword(password),
    });
  });
  return { created: true, logins: [{ role: '县级管理员', username: 'admin', password: '(SHIXUN_ADMIN_PASSWORD)' }] };
}
