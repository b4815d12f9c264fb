// Cell parsing: what counties actually type into Excel (dates as serials or "2015.9", ID numbers
// that Excel turned into floats, phone numbers with dashes, "大专" for 专科) → canonical values,
// or a Chinese message saying exactly what is wrong with the cell.
import { checkIdNumber } from '@shixun/common';

/** A cell as read from .xlsx (exceljs, already flattened) or .csv (always text). */
export type Cell = string | number | boolean | Date | null;

export type Parsed<T> = { value: T } | { error: string };

const SPACES = /[\s\u00a0\u3000\u200b\ufeff]+/g;

/** Flattens an exceljs cell value (rich text, formula result, hyperlink, error) to a plain Cell. */
export function flattenCell(v: unknown): Cell {
  if (v == null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text?: string }>).map((t) => t.text ?? '').join('');
    if ('result' in o) return flattenCell(o.result);
    if ('formula' in o || 'sharedFormula' in o) return null;
    if ('text' in o) return flattenCell(o.text);
    if (typeof o.error === 'string') return o.error;
  }
  return String(v);
}

const isSpace = (c: number) =>
  c <= 0x20 ||
  c === 0xa0 ||
  c === 0x3000 ||
  c === 0xfeff ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200b) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f;

/** Plain digits for a number, never exponent notation (1.23e+17 → "123000000000000000"). */
function numberText(n: number): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
  return String(n);
}

/** The cell as trimmed text ('' when blank). Dates become YYYY-MM-DD. */
export function cellText(cell: Cell): string {
  if (cell == null) return '';
  if (typeof cell === 'string') {
    // Fast path: most cells need no trimming, and this runs several times per cell.
    if (cell === '' || (!isSpace(cell.charCodeAt(0)) && !isSpace(cell.charCodeAt(cell.length - 1)))) return cell;
    return cell.replace(/^[\s\u00a0\u3000\ufeff\u200b]+|[\s\u00a0\u3000\ufeff\u200b]+$/g, '');
  }
  if (typeof cell === 'number') return numberText(cell);
  if (typeof cell === 'boolean') return cell ? '是' : '否';
  return isoFromDate(cell);
}

export const isBlank = (cell: Cell) => cellText(cell) === '';

/** For enum look-ups: NFKC (full-width → half-width), no spaces, no trailing "(…)", lower case. */
export function enumKey(s: string): string {
  return s
    .normalize('NFKC')
    .replace(SPACES, '')
    .replace(/\([^)]*\)$/, '')
    .toLowerCase();
}

/** Several values in one cell: 骨干教师、学科带头人 / 班主任;教研组长 / "名师 特级教师". */
export function splitMulti(s: string): string[] {
  return s
    .normalize('NFKC')
    .split(/[、,;/|\\\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

// ---------- dates ----------

const pad = (n: number) => String(n).padStart(2, '0');

function isoFromDate(d: Date): string {
  // exceljs hands out dates as UTC midnight; a minute of slack absorbs float noise in serials.
  const t = new Date(d.getTime() + 60_000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

function ymd(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Excel's day count (1900 system): serial 1 = 1900-01-01; 25569 = 1970-01-01. */
function fromSerial(serial: number): string {
  return isoFromDate(new Date(Math.round((serial - 25569) * 86400) * 1000));
}

const DATE_HINT = '，请填写如 2015-09-01 或 2015年9月';

/**
 * Dates as Excel holds them: real dates, serial numbers, and text in the common Chinese forms
 * (2015-09-01, 2015/9/1, 2015.9, 2015.09.01, 2015年9月, 2015年9月1日, 201509, 20150901).
 * Month-only values become the 1st of the month.
 */
export function parseDate(cell: Cell, label: string): Parsed<string> {
  if (cell instanceof Date) return { value: isoFromDate(cell) };
  if (typeof cell === 'number') {
    // 2015.1 typed into Excel was perhaps "2015.10": the number cannot tell January from October.
    if (!Number.isInteger(cell) && cell >= 1900 && cell < 2101) {
      const [y, frac = ''] = String(cell).split('.');
      if (frac === '1') {
        return {
          error: `${label}“${cell}”无法确定是${y}年1月还是10月（Excel 会把 ${y}.10 存成 ${y}.1），请改为 ${y}-10 或 ${y}-01`,
        };
      }
      return parseDateText(String(cell), label);
    }
    if (Number.isInteger(cell) && cell >= 1900 && cell <= 2100) return parseDateText(String(cell), label);
    if (Number.isInteger(cell) && cell >= 190001 && cell <= 21001231) return parseDateText(String(cell), label);
    if (cell >= 1 && cell < 73051) return { value: fromSerial(cell) }; // up to 2099-12-31
    return { error: `${label}“${cell}”不是有效日期${DATE_HINT}` };
  }
  return parseDateText(cellText(cell), label);
}

function parseDateText(raw: string, label: string): Parsed<string> {
  const s = raw.normalize('NFKC').replace(SPACES, '');
  const bad = { error: `${label}“${raw}”不是有效日期${DATE_HINT}` };
  let m = /^(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?(?:月)?(?:T?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})?$/.exec(s);
  if (m) {
    const v = ymd(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : 1);
    return v ? { value: v } : bad;
  }
  // A serial that travelled through CSV as text.
  if (/^\d{4,5}(\.\d+)?$/.test(s)) {
    const n = Number(s);
    if (n >= 1 && n < 73051 && !(n >= 1900 && n <= 2100)) return { value: fromSerial(n) };
  }
  if (/^\d{4}年?$/.test(s)) return { error: `${label}“${raw}”只有年份，请填写到月份，如 ${s.slice(0, 4)}-09` };
  return bad;
}

// ---------- ID numbers ----------

const LOST_PRECISION = '身份证号被 Excel 存为数字，后几位已丢失，请将该列设为文本后重新填写';

export function parseIdNumber(cell: Cell): Parsed<{ value: string; birthDate: string; gender: '男' | '女' }> {
  // An 18-digit number exceeds a double's 15–16 significant digits: the tail is already gone.
  if (typeof cell === 'number') {
    if (Math.abs(cell) >= 1e15) return { error: LOST_PRECISION };
    return check(numberText(cell));
  }
  let s = cellText(cell).normalize('NFKC');
  s = s.replace(/^'/, '').replace(/^="?|"$/g, '');
  if (/^\d(\.\d+)?e\+?\d+$/i.test(s.replace(SPACES, ''))) return { error: LOST_PRECISION };
  return check(s);

  function check(text: string): Parsed<{ value: string; birthDate: string; gender: '男' | '女' }> {
    const r = checkIdNumber(text);
    if (r.ok) return { value: { value: r.value, birthDate: r.birthDate, gender: r.gender } };
    // A 18-digit ID ending in 000 with a bad checksum: most likely stored as a number, then back to text.
    const digits = text.replace(SPACES, '');
    if (/^\d{15}000$/.test(digits) && r.message.includes('校验位')) return { error: `${r.message}；${LOST_PRECISION}` };
    return { error: r.message };
  }
}

// ---------- phones ----------

/** Mobile numbers: spaces, dashes, brackets and a +86 prefix are dropped. */
export function parseMobile(cell: Cell, label: string): Parsed<string> {
  const raw = cellText(cell);
  const s = raw
    .normalize('NFKC')
    .replace(/[\s\-()\u00a0]/g, '')
    .replace(/^(\+?86)(?=1\d{10}$)/, '');
  if (/^1\d{10}$/.test(s)) return { value: s };
  return { error: `${label}“${raw}”应为11位手机号，以1开头` };
}

/** Landlines keep their dashes (0838-1234567); mobiles are compacted. */
export function parseAnyPhone(cell: Cell, label: string): Parsed<string> {
  const raw = cellText(cell).normalize('NFKC');
  const compact = raw.replace(/[\s\-()]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  if (/^1\d{10}$/.test(compact)) return { value: compact };
  const s = raw.replace(/\s+/g, '');
  if (/^[\d\-+()（）转,，/]{5,30}$/.test(s)) return { value: s };
  return { error: `${label}“${raw}”不是有效的电话号码` };
}

// ---------- closed vocabularies ----------

export interface Vocabulary<T extends string> {
  allowed: readonly T[];
  /** Raw cell text → result: rosters repeat the same few values thousands of times. */
  cache: Map<string, T | null | undefined>;
  /** enumKey(synonym) → canonical value; null means "explicitly none" (无, 未评 …). */
  lookup: Map<string, T | null>;
  /** Applied to the key before a second look-up, e.g. dropping a stage prefix from 初中数学. */
  fallback?: (key: string) => string;
}

export function vocabulary<T extends string>(
  allowed: readonly T[],
  synonyms: Record<string, T | null> = {},
  fallback?: (key: string) => string,
): Vocabulary<T> {
  const lookup = new Map<string, T | null>();
  for (const v of allowed) lookup.set(enumKey(v), v);
  for (const [k, v] of Object.entries(synonyms)) lookup.set(enumKey(k), v);
  return { allowed, lookup, fallback, cache: new Map() };
}

/** Canonical value, null for an explicit "none", undefined when unknown. */
export function lookupTerm<T extends string>(vocab: Vocabulary<T>, raw: string): T | null | undefined {
  if (vocab.cache.has(raw)) return vocab.cache.get(raw);
  const key = enumKey(raw);
  let hit = vocab.lookup.get(key);
  if (hit === undefined && vocab.fallback) {
    const k2 = vocab.fallback(key);
    if (k2 !== key) hit = vocab.lookup.get(k2);
  }
  if (vocab.cache.size < 10_000) vocab.cache.set(raw, hit);
  return hit;
}

export function unknownTerm(label: string, raw: string, allowed: readonly string[]): string {
  return `${label}“${raw}”无效，可选：${allowed.join('、')}`;
}

export function parseTerm<T extends string>(cell: Cell, label: string, vocab: Vocabulary<T>): Parsed<T | null> {
  const raw = cellText(cell);
  const v = lookupTerm(vocab, raw);
  if (v === undefined) return { error: unknownTerm(label, raw, vocab.allowed) };
  return { value: v };
}

/** Several terms in one cell; duplicates dropped; the result follows the vocabulary's order. */
export function parseTerms<T extends string>(cell: Cell, label: string, vocab: Vocabulary<T>): Parsed<T[]> {
  const found = new Set<T>();
  const unknown: string[] = [];
  const whole = lookupTerm(vocab, cellText(cell));
  if (whole === null) return { value: [] };
  if (whole !== undefined) found.add(whole);
  else {
    for (const part of splitMulti(cellText(cell))) {
      const v = lookupTerm(vocab, part);
      if (v === undefined) unknown.push(part);
      else if (v !== null) found.add(v);
    }
  }
  if (unknown.length) {
    return { error: `${label}中的“${unknown.join('、')}”无效，可选：${vocab.allowed.join('、')}（多个用顿号分隔）` };
  }
  return { value: vocab.allowed.filter((v) => found.has(v)) };
}

/** Yes/no columns: 是/否, Y/N, √/×, 1/0, TRUE/FALSE. */
export function parseYesNo(
  cell: Cell,
  label: string,
  extraYes: string[] = [],
  extraNo: string[] = [],
): Parsed<boolean> {
  if (typeof cell === 'boolean') return { value: cell };
  const raw = cellText(cell);
  const k = enumKey(raw);
  if (['是', 'y', 'yes', '√', '✓', '1', 'true', '对', ...extraYes].includes(k)) return { value: true };
  if (['否', 'n', 'no', '×', '✗', '0', 'false', '不是', '无', ...extraNo].includes(k)) return { value: false };
  return { error: `${label}“${raw}”无效，请填写“是”或“否”` };
}
