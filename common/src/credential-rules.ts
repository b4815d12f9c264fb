// Credential rules shared by server and web, without schemas: one-time activation codes
// (账号开通单) and the password policy. Kept apart from credentials.ts (the schemas) so that the
// pages using them — change password, activation, the login's hints — need not load zod.

// ---------- activation codes ----------

/** No 0/O, 1/I/L: a code copied by hand from paper is not misread. */
export const ACTIVATION_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 10 characters of 31: about 49 bits, far beyond what the login back-off lets anyone try. */
export const ACTIVATION_CODE_LENGTH = 10;
export const ACTIVATION_DEFAULT_DAYS = 30;
export const ACTIVATION_MAX_DAYS = 90;

/** ABCDEFGHJK → ABCDE-FGHJK (as printed on the slip). */
export function formatActivationCode(code: string): string {
  const c = normaliseActivationCode(code);
  return c.length === ACTIVATION_CODE_LENGTH ? `${c.slice(0, 5)}-${c.slice(5)}` : c;
}

/** What a person typed → the stored form: upper case, without spaces or dashes. */
export function normaliseActivationCode(raw: string): string {
  return raw.replace(/[\s\-－—_]+/g, '').toUpperCase();
}

/** The code has the right shape (it may still be wrong, used or expired). */
export function looksLikeActivationCode(raw: string): boolean {
  const c = normaliseActivationCode(raw);
  if (c.length !== ACTIVATION_CODE_LENGTH) return false;
  for (const ch of c) if (!ACTIVATION_ALPHABET.includes(ch)) return false;
  return true;
}

// ---------- password policy ----------

/**
 * The most used passwords (worldwide and in Chinese leaks), the demo and test passwords, and the
 * keyboard walks people think are clever. Compared after lower-casing and stripping leading and
 * trailing punctuation, so "Passw0rd!" and "passw0rd" are the same entry.
 */
const COMMON_PASSWORDS = new Set(
  `123456 123456789 12345678 1234567 1234567890 111111 11111111 000000 00000000 123123 123321 654321 666666
  66666666 888888 88888888 112233 11223344 147258 147258369 159357 741852963 987654321 12341234 5201314
  5211314 1314520 520520 5201314520 a123456 a123456789 a12345678 a1234567 aa123456 aa12345678 aa123123
  abc123 abc12345 abc123456 abc123456789 abcd1234 123456a 123456aa 123456abc 123456789a 1234qwer
  123qwe 123abc qwe123 qwe123456 asd123 asd123456 zxc123 zxc123456 qaz123 qq123456 qq1234567 qq12345678
  qq5201314 woaini woaini1314 woaini520 woaini521 woaini123 woaini123456 aini1314 love1314 iloveyou
  iloveyou1 iloveyou520 5201314a a5201314 z123456 s123456 w123456 l123456 x123456 q123456 wang123456
  li123456 zhang123456 liu123456 chen123456 yang123456 huang123456 zhao123456 wu123456 zhou123456
  1qaz2wsx 1qazxsw2 1q2w3e4r 1q2w3e4r5t q1w2e3r4 q1w2e3r4t5 qwer1234 asdf1234 zxcv1234 qazwsx qazwsx123
  qwerty qwerty123 qwertyuiop zxcvbnm zxcvbnm123 asdfghjkl a1b2c3d4 1a2b3c4d password password1
  password123 passw0rd p@ssw0rd p@ssword welcome1 welcome123 sunshine1 princess1 football1 monkey123
  dragon123 admin admin123 admin1234 admin12345 admin888 admin666 root123 test1234 test123456 guest123
  changeme1 11111111a 1111aaaa aaaa1111 a11111111 wodemima mima123 mima1234 mima123456 nihao123
  nihao123456 laoshi123 laoshi123456 jiaoshi123 teacher1 teacher123 student1 school123 xuexiao123
  shixun shixun123 shixun2026 shixun2025 shixun2027 passw0rd!`.split(/\s+/),
);

/** Passwords printed in the README and the tests: anyone may know them. */
export const DEMO_PASSWORDS = ['Shixun2026', 'Passw0rd!', 'Admin12345'] as const;

/** Letter runs that make a password guessable when all the rest is a trivial number. */
const WEAK_WORDS = new Set(
  `a aa aaa abc abcd q qq w z s x l wo ai aini woaini love iloveyou qwe qwer qwert qwerty asd asdf zxc zxcv
  zxcvbnm qaz qazwsx pass password passw admin root test user guest mima wodemima nihao laoshi jiaoshi
  teacher student school xuexiao shixun wang li zhang liu chen yang huang zhao wu zhou`.split(/\s+/),
);

/** 123, 4321, 111, 1212, 520, 1314, 19xx/20xx and their like. */
function isWeakNumber(d: string): boolean {
  if (d.length === 0) return true;
  if (/^(\d)\1+$/.test(d)) return true; // 111, 8888
  if (/^(\d\d)\1+$/.test(d) || /^(\d\d\d)\1+$/.test(d)) return true; // 1212, 123123
  if (/^(\d)\1(\d)\2(\d)\3?$/.test(d)) return true; // 112233
  const up = '01234567890123456789';
  const down = '98765432109876543210';
  if (d.length >= 3 && (up.includes(d) || down.includes(d))) return true;
  if (/^(520|521|1314|5201314|5211314|1314520|520520|666|888|999)+$/.test(d)) return true;
  if (/^(19|20)\d\d$/.test(d)) return true; // a year
  return false;
}

const normaliseForList = (password: string) =>
  password
    .toLowerCase()
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .trim();

/** The password is on the list of common ones, or a weak word and a trivial number. */
export function isCommonPassword(password: string): boolean {
  const p = normaliseForList(password);
  if (COMMON_PASSWORDS.has(p) || COMMON_PASSWORDS.has(password.toLowerCase())) return true;
  if (DEMO_PASSWORDS.some((d) => d.toLowerCase() === password.toLowerCase())) return true;
  const m = /^([a-z]*)(\d*)([a-z]*)$/.exec(p);
  if (m) {
    const [, before = '', digits = '', after = ''] = m;
    // one word and one number, in either order: a123456, woaini1314, 123456qq, qq5201314 …
    if (before && after) return false;
    const word = before || after;
    if (WEAK_WORDS.has(word) && isWeakNumber(digits)) return true;
    if (/^([a-z])\1*$/.test(word) && isWeakNumber(digits)) return true; // aaaa1111
  }
  return false;
}

/** What the server knows about an account, to refuse passwords derived from it. */
export interface PasswordContext {
  username?: string | null;
  phone?: string | null;
  /** The full ID number (server only: the web never has it). */
  idNumber?: string | null;
}

const hasWindow = (haystack: string, source: string, size: number) => {
  for (let i = 0; i + size <= source.length; i++) if (haystack.includes(source.slice(i, i + size))) return true;
  return false;
};

/**
 * The shared password policy: at least 8 characters with letters and digits, not a common or demo
 * password, and nothing taken from the username, phone or ID number. Returns the Chinese reason,
 * or null when the password is acceptable.
 */
export function passwordProblem(password: string, ctx: PasswordContext = {}): string | null {
  if (password.length < 8) return '新密码至少8位';
  if (password.length > 128) return '新密码最多128位';
  if (!/[A-Za-z]/.test(password)) return '新密码须包含字母';
  if (!/\d/.test(password)) return '新密码须包含数字';
  if (DEMO_PASSWORDS.some((d) => d.toLowerCase() === password.toLowerCase())) {
    return '不能使用演示或示例中公开的密码';
  }
  if (isCommonPassword(password)) return '密码过于常见，容易被猜中，请换一个（避免 a123456、woaini1314 这类组合）';
  const lower = password.toLowerCase();
  const username = ctx.username?.trim().toLowerCase();
  if (username && username.length >= 3 && lower.includes(username)) return '密码不能包含用户名';
  const phone = ctx.phone?.replace(/\D/g, '');
  if (phone && phone.length >= 6 && hasWindow(lower, phone, 6)) return '密码不能包含手机号中的连续6位数字';
  const id = ctx.idNumber?.replace(/\s/g, '').toLowerCase();
  if (id && id.length >= 6 && hasWindow(lower, id, 6)) {
    return '密码不能包含身份证号中的连续6位（如后六位、出生日期）';
  }
  return null;
}
