// Rotating QR tokens: HMAC of (subject, 30-second slot) under the subject's own secret. The subject
// is what one checks in to: a project session (its id, as ever) or another kind's `kind:id` (a
// school-based research activity). Pure: the clock is an argument, so tests can stand at any instant.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { QR_ROTATE_SECONDS } from '@shixun/common';

/** Characters kept from the base64url HMAC: 96 bits, short enough to keep the QR code sparse. */
export const TOKEN_LENGTH = 16;

const SLOT_MS = QR_ROTATE_SECONDS * 1000;

export const slotOf = (epochMs: number): number => Math.floor(epochMs / SLOT_MS);

/** What a code is for: a session id, or `<kind>:<id>` for other kinds (never a bare number). */
export type QrSubject = number | string;

export function tokenFor(secret: string, subject: QrSubject, slot: number): string {
  return createHmac('sha256', secret).update(`${subject}:${slot}`).digest('base64url').slice(0, TOKEN_LENGTH);
}

/** The token to show now, and how long until the screen must redraw it. */
export function currentToken(secret: string, subject: QrSubject, epochMs: number) {
  const slot = slotOf(epochMs);
  return { token: tokenFor(secret, subject, slot), slot, expiresInMs: (slot + 1) * SLOT_MS - epochMs };
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  // Length is not secret (every token has TOKEN_LENGTH characters); the content comparison is constant-time.
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Accepts the current slot and the one before it (a code scanned at :29 still works at :31);
 * anything older, for another subject, or altered is refused.
 */
export function verifyToken(secret: string, subject: QrSubject, token: string, epochMs: number): boolean {
  const slot = slotOf(epochMs);
  // Both comparisons always run, so timing does not reveal which slot matched.
  const now = sameString(tokenFor(secret, subject, slot), token);
  const previous = sameString(tokenFor(secret, subject, slot - 1), token);
  return now || previous;
}
