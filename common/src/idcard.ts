// Mainland resident ID numbers (GB 11643-1999): 6-digit region, 8-digit birth date,
// 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check character.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK[sum % 11] as string;
}

/** Upper-cases, trims and strips inner spaces; does not validate. */
export function normaliseIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export type IdCheck =
  | { ok: true; value: string; birthDate: string; gender: '男' | '女' }
  | { ok: false; message: string };

/** Validates an ID number and returns a Chinese message saying what is wrong. */
export function checkIdNumber(raw: string, today: Date = new Date()): IdCheck {
  const value = normaliseIdNumber(raw);
  if (value.length !== 18) return { ok: false, message: `身份证号应为18位，实际为${value.length}位` };
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, message: '身份证号前17位须为数字，末位为数字或X' };
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (
    y < 1900 ||
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== m - 1 ||
    date.getUTCDate() !== d ||
    date.getTime() > today.getTime()
  ) {
    return { ok: false, message: `身份证号中的出生日期 ${value.slice(6, 14)} 无效` };
  }
  const expected = idCheckChar(value.slice(0, 17));
  if (value[17] !== expected) return { ok: false, message: `身份证号校验位错误（应为 ${expected}）` };
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  const gender = Number(value[16]) % 2 === 1 ? '男' : '女';
  return { ok: true, value, birthDate, gender };
}

/**
 * 330102198001011234 → **************1234: the last four characters only. The first four (the
 * province and city) with a birth date shown beside them left two unknown digits of eighteen.
 */
export function maskIdNumber(value: string): string {
  if (value.length < 8) return '*'.repeat(value.length);
  return `${'*'.repeat(value.length - 4)}${value.slice(-4)}`;
}

/** The year of birth read from a valid ID number (null otherwise). */
export function birthYearOfId(value: string): number | null {
  const r = checkIdNumber(value);
  return r.ok ? Number(r.birthDate.slice(0, 4)) : null;
}

/** 13812345678 → 138****5678 */
export function maskPhone(value: string | null | undefined): string | null {
  if (!value) return null;
  if (value.length < 7) return value;
  return `${value.slice(0, 3)}****${value.slice(-4)}`;
}
