import { describe, expect, it } from 'vitest';
import { currentToken, slotOf, TOKEN_LENGTH, tokenFor, verifyToken } from './qr.js';

const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ';
// A fixed instant, 29 s into a 30-second slot: the clock is injected, never read.
const SLOT_START = 1_790_000_010 * 1000 - ((1_790_000_010 * 1000) % 30_000);
const T0 = SLOT_START + 29_000;

describe('rotating QR tokens', () => {
  it('is 16 base64url characters, stable within a slot, different in the next', () => {
    const a = currentToken(SECRET, 7, SLOT_START);
    const b = currentToken(SECRET, 7, T0);
    expect(a.token).toHaveLength(TOKEN_LENGTH);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(b.token).toBe(a.token);
    expect(currentToken(SECRET, 7, SLOT_START + 30_000).token).not.toBe(a.token);
    expect(a.slot).toBe(slotOf(T0));
  });

  it('tells the screen when to redraw', () => {
    expect(currentToken(SECRET, 7, T0).expiresInMs).toBe(1000);
    expect(currentToken(SECRET, 7, SLOT_START).expiresInMs).toBe(30_000);
  });

  it('accepts the token now', () => {
    const { token } = currentToken(SECRET, 7, T0);
    expect(verifyToken(SECRET, 7, token, T0)).toBe(true);
  });

  it('accepts a token one slot back (scanned at :29, submitted at :31)', () => {
    const { token } = currentToken(SECRET, 7, T0);
    expect(verifyToken(SECRET, 7, token, T0 + 2_000)).toBe(true);
    expect(verifyToken(SECRET, 7, token, SLOT_START + 59_999)).toBe(true);
  });

  it('refuses a token two slots back (after rotation)', () => {
    const { token } = currentToken(SECRET, 7, T0);
    expect(verifyToken(SECRET, 7, token, SLOT_START + 60_000)).toBe(false);
    expect(verifyToken(SECRET, 7, tokenFor(SECRET, 7, slotOf(T0) - 2), T0)).toBe(false);
  });

  it('refuses a token from the future (clock of the screen cannot run ahead)', () => {
    expect(verifyToken(SECRET, 7, tokenFor(SECRET, 7, slotOf(T0) + 1), T0)).toBe(false);
  });

  it('refuses a token for another session or under another secret', () => {
    const { token } = currentToken(SECRET, 7, T0);
    expect(verifyToken(SECRET, 8, token, T0)).toBe(false);
    expect(verifyToken(`${SECRET}x`, 7, token, T0)).toBe(false);
  });

  it('refuses a tampered, truncated, padded or empty token', () => {
    const { token } = currentToken(SECRET, 7, T0);
    const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect(verifyToken(SECRET, 7, flipped, T0)).toBe(false);
    expect(verifyToken(SECRET, 7, token.slice(0, -1), T0)).toBe(false);
    expect(verifyToken(SECRET, 7, `${token}=`, T0)).toBe(false);
    expect(verifyToken(SECRET, 7, '', T0)).toBe(false);
    expect(verifyToken(SECRET, 7, '签到'.repeat(8), T0)).toBe(false);
  });
});

describe('rotating QR tokens for other subjects', () => {
  it('a session id keeps its tokens; `kind:id` subjects get their own', () => {
    const slot = slotOf(T0);
    expect(tokenFor(SECRET, 7, slot)).toBe(tokenFor(SECRET, '7', slot));
    const activity = currentToken(SECRET, 'research:7', T0).token;
    expect(activity).not.toBe(tokenFor(SECRET, 7, slot));
    expect(verifyToken(SECRET, 'research:7', activity, T0 + 2_000)).toBe(true);
    expect(verifyToken(SECRET, 7, activity, T0)).toBe(false);
    expect(verifyToken(SECRET, 'research:8', activity, T0)).toBe(false);
  });
});
