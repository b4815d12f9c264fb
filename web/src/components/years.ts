// The year and day in Beijing, and the year choices of the year filters.

/** The current year in Beijing. */
export const thisYear = () =>
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 4));

/** Today in Beijing, YYYY-MM-DD. */
export const todayIso = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** Year choices for filters: next year back to five years ago (labels from common:yearLabel). */
export function yearOptions(t: (k: string, o?: Record<string, unknown>) => string) {
  const y = thisYear();
  return Array.from({ length: 6 }, (_, i) => y + 1 - i).map((v) => ({
    value: v,
    label: t('common:yearLabel', { year: v }),
  }));
}
