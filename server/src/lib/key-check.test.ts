import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorld, TEST_SECRET, type TestContext } from '../../test/harness.js';
import { serverDatabase, startServer } from '../../test/server-process.js';
import { KeyMismatchError, keyCheckValue, verifySecret } from './key-check.js';

const OTHER_SECRET = 'another-secret-another-secret-another-0123456789';

describe('the secret is verified against the database', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('stores a check value on first start, verifies it later, refuses another secret', async () => {
    expect(await verifySecret(t.deps.db, TEST_SECRET)).toBe('stored');
    expect(await verifySecret(t.deps.db, TEST_SECRET)).toBe('verified');
    await expect(verifySecret(t.deps.db, OTHER_SECRET)).rejects.toBeInstanceOf(KeyMismatchError);
    // The check value says nothing about the secret itself.
    expect(keyCheckValue(TEST_SECRET)).not.toContain(TEST_SECRET.slice(0, 8));
    expect(keyCheckValue(TEST_SECRET)).not.toBe(keyCheckValue(OTHER_SECRET));
  });

  it('a database from before the check: the secret is tried on an encrypted ID number', async () => {
    await t.deps.db.execute('delete from key_checks' as never);
    await seedWorld(t.deps); // teachers encrypted with TEST_SECRET
    await expect(verifySecret(t.deps.db, OTHER_SECRET)).rejects.toBeInstanceOf(KeyMismatchError);
    expect(await verifySecret(t.deps.db, TEST_SECRET)).toBe('stored');
  });
});

describe('the server refuses to start with the wrong secret', () => {
  it('starts with its own secret, then refuses another one with a clear message', async () => {
    const db = await serverDatabase();
    try {
      const first = await startServer(db.env);
      expect(first.output()).toContain('已启动');
      expect(await first.stop()).toBe(0);
      if (db.kind === 'pglite') {
        // The generated secret.key is what it used; a different one must be refused.
        expect(fs.existsSync(path.join(db.dataDir, 'secret.key'))).toBe(true);
      }
      const wrong = await startServer({ ...db.env, SHIXUN_SECRET: OTHER_SECRET });
      const started = wrong.output().includes('已启动');
      if (started) await wrong.stop();
      expect(started).toBe(false);
      expect(await wrong.exited).toBe(1);
      expect(wrong.output()).toContain('加密密钥不匹配');
      expect(wrong.output()).toContain('Encryption key mismatch');
    } finally {
      await db.dispose();
    }
  }, 180_000);
});
