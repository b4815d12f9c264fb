// Display formats shared by pages: numbers with separators, percents, dates per language.
import dayjs from 'dayjs';
import localizedFormat from 'dayjs/plugin/localizedFormat';

dayjs.extend(localizedFormat);

const nf = new Intl.NumberFormat('en-US');

/** 3707 → "3,707"; null/undefined → "—" */
export function fmtInt(n: number | null | undefined): string {
  return n == null || Number.isNaN(n) ? '—' : nf.format(n);
}

/** part/whole as a percent with one decimal: (317, 370) → "85.7%"; whole 0 → "—" */
export function fmtShare(part: number, whole: number): string {
  if (!whole) return '—';
  return `${((part / whole) * 100).toFixed(1)}%`;
}

/** a ratio 0..1 (or already a percent > 1) → "12.3%" */
export function fmtRate(r: number | null | undefined): string {
  if (r == null || Number.isNaN(r)) return '—';
  return `${(r <= 1 ? r * 100 : r).toFixed(1)}%`;
}

/** ISO date/time → "2026年9月1日" in Chinese, "September 1, 2026" in English (dayjs locale follows the UI). */
export function fmtDate(d: string | null | undefined): string {
  if (!d) return '—';
  const v = dayjs(d);
  return v.isValid() ? v.format('LL') : d;
}

/** ISO time → "2026-09-01 08:30:05" (logs and audit, where precision matters more than prose). */
export function fmtDateTime(d: string | null | undefined): string {
  if (!d) return '—';
  const v = dayjs(d);
  return v.isValid() ? v.format('YYYY-MM-DD HH:mm:ss') : d;
}
