// The building blocks every request schema shares: ids that fit PostgreSQL's `int` and dates that
// exist on a calendar. Out-of-range ids (2147483648) and impossible dates (2026-13-01, 0000-01-01)
// are refused here, as 400 with a field message, instead of reaching the database.
import { z } from 'zod';

/** PostgreSQL `int` (serial ids, years, counts): 2³¹ − 1. */
export const MAX_DB_INT = 2_147_483_647;

/** Dates a county office means: from its oldest records to far beyond any plan. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

const ID_RANGE = '编号应为 1 至 2147483647 之间的整数';

/** An id in a path or query string ("12" → 12). */
export const dbId = z.coerce.number().int(ID_RANGE).positive(ID_RANGE).max(MAX_DB_INT, ID_RANGE);
/** An id in a JSON body (a number, not a numeric string). */
export const bodyDbId = z.number().int(ID_RANGE).positive(ID_RANGE).max(MAX_DB_INT, ID_RANGE);

/** True for YYYY-MM-DD naming a real day between MIN_YEAR and MAX_YEAR. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

const DATE_FORMAT = '日期格式应为 YYYY-MM-DD';
const DATE_INVALID = `日期无效（应为 ${MIN_YEAR} 至 ${MAX_YEAR} 年间真实存在的日期）`;

/** A calendar date, YYYY-MM-DD. `format` overrides the message for a malformed value. */
export const calendarDate = (format = DATE_FORMAT) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, format)
    .refine(isCalendarDate, DATE_INVALID);

/** A month, YYYY-MM. */
export const calendarMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
  .refine((s) => {
    const y = Number(s.slice(0, 4));
    return y >= MIN_YEAR && y <= MAX_YEAR;
  }, `月份无效（年份应在 ${MIN_YEAR} 至 ${MAX_YEAR} 之间）`);

/** An ISO-8601 instant with an offset, on a real day between MIN_YEAR and MAX_YEAR. */
export const calendarDateTime = (message: string) =>
  z.iso.datetime({ offset: true, message }).refine((s) => isCalendarDate(s.slice(0, 10)), DATE_INVALID);
