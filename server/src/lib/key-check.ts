// Start-up check of SHIXUN_SECRET against the database: an HMAC of a constant under a key derived
// from the secret is stored on first start and compared on every later one. A server started with
// another secret (a new data directory's secret.key beside a restored database, a typo in
// SHIXUN_SECRET on a second instance) refuses to start instead of answering 500 on every ID.
// Databases from before the check: the secret is tried on one encrypted ID number first.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Db, one } from '../db/client.js';
import { createIdCipher } from './crypto.js';

export const KEY_CHECK_NAME = 'shixun-secret';
const CHECK_CONSTANT = 'shixun key check v1';

/** The check value of a secret: reveals nothing about the secret, changes with it. */
export function keyCheckValue(secret: string): string {
  const key = Buffer.from(hkdfSync('sha256', secret, 'shixun', 'key-check', 32));
  return createHmac('sha256', key).update(CHECK_CONSTANT).digest('base64url');
}

export class KeyMismatchError extends Error {
  constructor() {
    super(
      [
        '加密密钥不匹配，服务器拒绝启动：SHIXUN_SECRET（或数据目录中的 secret.key）不是这个数据库所用的密钥，',
        '用它无法解密已保存的身份证号。请使用创建该数据库时的密钥（从备份中找回 secret.key 或原来的 SHIXUN_SECRET）。',
        'Encryption key mismatch, refusing to start: SHIXUN_SECRET (or secret.key in the data directory) is not the key',
        'this database was encrypted with. Start with the original key (restore secret.key or the original SHIXUN_SECRET).',
      ].join('\n'),
    );
    this.name = 'KeyMismatchError';
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Verifies the secret, storing its check value on first start. Throws KeyMismatchError when the
 * secret is not the database's. Safe when several instances start at once (first insert wins).
 */
export async function verifySecret(db: Db, secret: string): Promise<'stored' | 'verified'> {
  const expected = keyCheckValue(secret);
  const row = await one<{ check_value: string }>(
    db,
    sql`select check_value from key_checks where name = ${KEY_CHECK_NAME}`,
  );
  if (row) {
    if (!same(row.check_value, expected)) throw new KeyMismatchError();
    return 'verified';
  }
  // No check value yet: a new database, or one from before the check. Try the secret on data.
  const sample = await one<{ id_enc: string }>(db, sql`select id_enc from teachers order by id limit 1`);
  if (sample) {
    try {
      createIdCipher(secret).decrypt(sample.id_enc);
    } catch {
      throw new KeyMismatchError();
    }
  }
  await db.execute(
    sql`insert into key_checks (name, check_value) values (${KEY_CHECK_NAME}, ${expected}) on conflict (name) do nothing`,
  );
  // Another instance may have stored its value first: compare against what is there now.
  const stored = await one<{ check_value: string }>(
    db,
    sql`select check_value from key_checks where name = ${KEY_CHECK_NAME}`,
  );
  if (!stored || !same(stored.check_value, expected)) throw new KeyMismatchError();
  return 'stored';
}
