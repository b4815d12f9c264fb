// Random initial passwords that satisfy the shared policy (≥ 8, letters and digits, nothing common)
// and are easy to read aloud or copy by hand: no 0/O, 1/l/I.
const LETTERS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';

function pick(set: string, n: number): string[] {
  const buf = new Uint32Array(n);
  crypto.getRandomValues(buf);
  return Array.from(buf, (x) => set[x % set.length] as string);
}

export function generatePassword(length = 10): string {
  const chars = [...pick(LETTERS, length - 3), ...pick(DIGITS, 3)];
  // shuffle so digits are not always at the end
  const order = new Uint32Array(chars.length);
  crypto.getRandomValues(order);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = (order[i] as number) % (i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
