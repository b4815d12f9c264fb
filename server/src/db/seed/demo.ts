// Placeholder replaced by the demo-county generator (see db/seed/README in ARCHITECTURE.md).
import type { Deps } from '../../deps.js';
import { hashPassword } from '../../lib/password.js';
import { regions, users } from '../schema.js';

export const DEMO_LOGINS = [{ role: '县级管理员', username: 'county', password: 'Shixun2026' }];

export async function seedDemo(deps: Deps, opts: { regionName: string }) {
  const [region] = await deps.db.insert(regions).values({ name: opts.regionName }).returning();
  await deps.db.insert(users).values({
    regionId: region!.id,
    username: 'county',
    displayName: '县教师发展中心',
    role: 'county_admin',
    passwordHash: await hashPassword('Shixun2026'),
  });
}
