// ID numbers at rest: AES-256-GCM for the value, HMAC-SHA256 for lookup and uniqueness.
// Two keys derived from SHIXUN_SECRET with HKDF so neither use weakens the other.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { normaliseIdNumber } from '@shixun/common';

export interface IdCipher {
  encrypt(idNumber: string): string;
  decrypt(blob: string): string;
  hash(idNumber: string): string;
}

export function createIdCipher(secret: string): IdCipher {
  const encKey = Buffer.from(hkdfSync('sha256', secret, 'shixun', 'id-number-encryption', 32));
  const macKey = Buffer.from(hkdfSync('sha256', secret, 'shixun', 'id-number-lookup', 32));
  return {
    encrypt(idNumber) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const ct = Buffer.concat([cipher.update(normaliseIdNumber(idNumber), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
    },
    decrypt(blob) {
      const buf = Buffer.from(blob, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', encKey, buf.subarray(0, 12));
      decipher.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
    },
    hash(idNumber) {
      return createHmac('sha256', macKey).update(normaliseIdNumber(idNumber)).digest('base64url');
    },
  };
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');
export const randomToken = () => randomBytes(32).toString('base64url');
