// Query plans that must not depend on statistics (issue 16): the per-request login check is two
// primary-key look-ups whatever the planner would prefer, name search can use the trigram index,
// and the PostgreSQL pools run without JIT. Plans are read with EXPLAIN; nothing is timed.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dbKind, seedWorld, type TestContext } from '../../test/harness.js';
import { sessionUserSql } from '../http/auth.js';
import { one, rows } from './client.js';

let t: TestContext;

beforeAll(async () => {
  t = await createTestApp();
  await seedWorld(t.deps);
});
afterAll(() => t?.close());

type PlanNode = { 'Node Type': string; 'Index Name'?: string; 'Relation Name'?: string; Plans?: PlanNode[] };
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

/** The plan of `query`, with the given planner settings for this transaction only. */
async function plan(query: ReturnType<typeof sql>, settings: string[] = []) {
  return t.deps.db.transaction(async (tx) => {
    for (const s of settings) await tx.execute(sql.raw(`set local ${s}`));
    const r = await rows<{ 'QUERY PLAN': unknown }>(tx, sql`explain (format json) ${query}`);
    const json = r[0]!['QUERY PLAN'];
    const doc = (typeof json === 'string' ? JSON.parse(json) : json) as Array<{ Plan: PlanNode }>;
    return nodes(doc[0]!.Plan);
  });
}

describe('plans', () => {
  it('the login check looks up the session and its user by primary key, even when joins look cheaper', async () => {
    // With nested loops priced out (as stale statistics can make them), a plain join of sessions
    // and users becomes a hash or merge join over every user; the lateral look-up cannot.
    const list = await plan(sessionUserSql('x'.repeat(64)), ['enable_nestloop = off']);
    const scans = list.filter(
      (n) => n['Node Type'].endsWith('Scan') && (n['Relation Name'] === 'users' || n['Relation Name'] === 'sessions'),
    );
    expect(scans.filter((n) => n['Relation Name'] === 'users').map((n) => n['Index Name'])).toEqual(['users_pkey']);
    expect(
      scans.every((n) => n['Index Name']?.endsWith('_pkey')),
      JSON.stringify(scans),
    ).toBe(true);
    expect(list.some((n) => n['Node Type'] === 'Hash Join' || n['Node Type'] === 'Merge Join')).toBe(false);
  });

  it('name search can use the trigram index', async () => {
    const list = await plan(sql`select id from teachers t where t.name ilike ${'%张伟明%'}`, ['enable_seqscan = off']);
    expect(list.map((n) => n['Index Name']).filter(Boolean)).toContain('teachers_name_trgm_idx');
  });

  it.runIf(dbKind() === 'postgres')('the PostgreSQL pool runs without JIT', async () => {
    const r = await one<{ jit: string }>(t.deps.db, sql`select current_setting('jit') as jit`);
    expect(r!.jit).toBe('off');
  });
});
