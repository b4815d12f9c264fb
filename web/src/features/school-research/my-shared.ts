// Beijing-time formats for the teacher's phone pages of school-based development (check-in, my
// activities, reading). Kept apart from the admin pages' helpers so a phone loads no antd table code.
const LOCALES: Record<string, string> = { 'zh-CN': 'zh-CN', en: 'en-US', 'zh-TW': 'zh-TW' };
const ZONE = 'Asia/Shanghai';
const cache = new Map<string, Intl.DateTimeFormat>();

function fmt(lang: string, kind: 'day' | 'time' | 'dayTime' | 'date'): Intl.DateTimeFormat {
  const key = `${lang}:${kind}`;
  let f = cache.get(key);
  if (!f) {
    const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    const opts: Record<typeof kind, Intl.DateTimeFormatOptions> = {
      day: { month: 'short', day: 'numeric', weekday: 'short' },
      time,
      dayTime: { month: 'short', day: 'numeric', ...time },
      date: { year: 'numeric', month: 'short', day: 'numeric' },
    };
    f = new Intl.DateTimeFormat(LOCALES[lang] ?? 'zh-CN', { timeZone: ZONE, ...opts[kind] });
    cache.set(key, f);
  }
  return f;
}

/** "10月10日周五 14:00–16:00" */
export function bjSpan(startsAt: string, endsAt: string, lang: string): string {
  const s = new Date(startsAt);
  const e = new Date(endsAt);
  const sameDay = fmt(lang, 'day').format(s) === fmt(lang, 'day').format(e);
  return sameDay
    ? `${fmt(lang, 'day').format(s)} ${fmt(lang, 'time').format(s)}–${fmt(lang, 'time').format(e)}`
    : `${fmt(lang, 'dayTime').format(s)} – ${fmt(lang, 'dayTime').format(e)}`;
}

/** "10月10日 09:02" */
export const bjDayTime = (iso: string, lang: string) => fmt(lang, 'dayTime').format(new Date(iso));

/** "2026年10月10日" */
export const bjDate = (iso: string, lang: string) => fmt(lang, 'date').format(new Date(iso));

/** Today in Beijing as YYYY-MM-DD. */
export const bjToday = (now = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(now);

/** This calendar year in Beijing. */
export const bjYear = (now = new Date()) => Number(bjToday(now).slice(0, 4));

/** Hours as "2" or "1.5". */
export const fmtHours = (h: number) => (Number.isInteger(h) ? String(h) : h.toFixed(1));
