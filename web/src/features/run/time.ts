// Time helpers of the run feature: a ticking clock, countdowns, and session times in China time
// (sessions are planned in Beijing wall-clock time, whatever the browser's zone).
import { PLAN_TIME_ZONE } from '@shixun/common';
import { useEffect, useState } from 'react';

/** The current time, re-rendered every `ms`. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** 3725000 → "1:02:05", 65000 → "01:05" */
export function countdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(opts)}`;
  let f = fmtCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: PLAN_TIME_ZONE, ...opts });
    fmtCache.set(key, f);
  }
  return f;
}

/** "08:45" in China time. */
export function clock(iso: string): string {
  return fmt('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** "11月25日 周三" / "Wed, Nov 25" in China time. */
export function dayLabel(iso: string, lang: string): string {
  return fmt(lang, { month: 'short', day: 'numeric', weekday: 'short' }).format(new Date(iso));
}

/** "11月25日 周三 08:45–11:30": a session's (or window's) span; the day repeats only across midnight. */
export function span(fromIso: string, toIso: string, lang: string): string {
  const a = dayLabel(fromIso, lang);
  const b = dayLabel(toIso, lang);
  return a === b ? `${a} ${clock(fromIso)}–${clock(toIso)}` : `${a} ${clock(fromIso)} – ${b} ${clock(toIso)}`;
}

/** YYYY-MM of a date in China time, `offset` months on. */
export function chinaMonth(at: number, offset = 0): string {
  const d = new Date(at + 8 * 3600_000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + offset;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${String(mm + 1).padStart(2, '0')}`;
}

/** YYYY-MM-DD in China time. */
export function chinaDay(at: number | string): string {
  return new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
