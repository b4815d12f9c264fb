// Keyed hashes for values a database dump must not give away: activation codes, login back-off
// keys (people type passwords into the name box), device cookies. One HKDF-derived key per use,
// from SHIXUN_SECRET, so none of them weakens the ID-number keys in crypto.ts.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export interface Keys {
  /** HMAC of a normalised activation code (what activation_codes.code_hash stores). */
  code(value: string): string;
  /** HMAC of a login name or an address (login_backoff keys). */
  backoff(value: string): string;
  /** HMAC signing a device cookie entry. */
  device(value: string): string;
}

const cache = new Map<string, Keys>();

function macWith(secret: string, info: string) {
  const key = Buffer.from(hkdfSync('sha256', secret, 'shixun', info, 32));
  return (value: string) => createHmac('sha256', key).update(value).digest('base64url');
}

/** The keys of this secret (derived once per process). */
export function keysOf(secret: string): Keys {
  let keys = cache.get(secret);
  if (!keys) {
    keys = {
      code: macWith(secret, 'activation-code'),
      backoff: macWith(secret, 'login-backoff'),
      device: macWith(secret, 'device-cookie'),
    };
    cache.set(secret, keys);
  }
  return keys;
}

/** Constant-time comparison of two base64url digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
