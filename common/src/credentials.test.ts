import { describe, expect, it } from 'vitest';
import {
  formatActivationCode,
  isCommonPassword,
  looksLikeActivationCode,
  normaliseActivationCode,
  passwordProblem,
} from './credential-rules.js';
import { newPasswordSchema } from './credentials.js';

describe('password policy', () => {
  it('refuses the common Chinese patterns and the worldwide favourites', () => {
    for (const p of [
      'a123456',
      'a1234567',
      'a12345678',
      'woaini1314',
      'qq123456',
      'qq5201314',
      'abc123456',
      'Aa123456',
      '123456qq',
      '1qaz2wsx',
      'Passw0rd',
      'P@ssw0rd',
      'password1',
      'admin888',
      'zhang123456',
      'laoshi2024',
      'aaaa1111',
      'qwer1234',
      'woaini520',
    ]) {
      expect(isCommonPassword(p), p).toBe(true);
      expect(passwordProblem(p), p).not.toBeNull();
    }
  });

  it('refuses the demo passwords whatever their case', () => {
    expect(passwordProblem('Shixun2026')).toMatch(/演示/);
    expect(passwordProblem('shixun2026')).toMatch(/演示/);
    expect(passwordProblem('Passw0rd!')).toMatch(/演示/);
  });

  it('refuses what is taken from the username, phone or ID number', () => {
    expect(passwordProblem('xyz-t1234-q9', { username: 't1234' })).toMatch(/用户名/);
    expect(passwordProblem('Qm139001pz', { phone: '13812345678' })).toBeNull();
    expect(passwordProblem('Qm345678pz', { phone: '13812345678' })).toMatch(/手机号/);
    const id = '51068319850315001X';
    expect(passwordProblem('Kp15001xz', { idNumber: id })).toMatch(/身份证号/);
    expect(passwordProblem('Kp850315z', { idNumber: id })).toMatch(/身份证号/);
    expect(passwordProblem('Kp7waf93nz', { idNumber: id })).toBeNull();
  });

  it('keeps the basic shape rule and accepts an ordinary strong password', () => {
    expect(passwordProblem('short1')).toMatch(/至少8位/);
    expect(passwordProblem('onlyletters')).toMatch(/数字/);
    expect(passwordProblem('12345678901')).toMatch(/字母/);
    expect(passwordProblem('Mlh7!river')).toBeNull();
    expect(passwordProblem('zhangwei1985q')).toBeNull();
    expect(newPasswordSchema.safeParse('woaini1314').success).toBe(false);
    expect(newPasswordSchema.safeParse('Mlh7!river').success).toBe(true);
  });
});

describe('activation codes', () => {
  it('reads what people type: dashes, spaces, lower case', () => {
    expect(normaliseActivationCode(' abcde-fghjk ')).toBe('ABCDEFGHJK');
    expect(formatActivationCode('abcdefghjk')).toBe('ABCDE-FGHJK');
    expect(looksLikeActivationCode('abcde fghjk')).toBe(true);
    // 0, O, 1, I and L are not in the alphabet
    expect(looksLikeActivationCode('ABCDE-FGHJ0')).toBe(false);
    expect(looksLikeActivationCode('ABCDE-FGHJI')).toBe(false);
    expect(looksLikeActivationCode('ABCDE')).toBe(false);
  });
});
