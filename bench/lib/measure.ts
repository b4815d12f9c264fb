// Timing and memory for one phase: wall time, peak RSS sampled every 20 ms during the phase, and the
// process's max RSS so far (getrusage; never decreases, so it bounds every earlier phase too).

export interface PhaseResult {
  phase: string;
  ms: number;
  rows?: number;
  /** RSS when the phase began (after a GC when --expose-gc is on), so the phase's own growth shows. */
  startRssMb: number;
  peakRssMb: number;
  maxRssMb: number;
  note?: string;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export async function measure<T>(
  phase: string,
  fn: () => Promise<T>,
  rows?: number | ((r: T) => number),
): Promise<{ result: T; stats: PhaseResult }> {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  try {
    const result = await fn();
    const ms = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      result,
      stats: {
        phase,
        ms,
        rows: typeof rows === 'function' ? rows(result) : rows,
        startRssMb: mb(start),
        peakRssMb: mb(peak),
        maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      },
    };
  } finally {
    clearInterval(timer);
  }
}

/** Runs fn `n` times (after one warm-up) and returns the median and worst time in ms. */
export async function repeat(n: number, fn: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, max: times[times.length - 1]! };
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => pad(c, widths[i]!, i > 0)).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => line(r.map(String)))].join(
    '\n',
  );
}

/** Display width: CJK characters take two columns in a terminal. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]/.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, w: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}

export const fmt = {
  ms: (ms: number) =>
    ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`,
  rate: (rows: number | undefined, ms: number) =>
    rows ? `${Math.round(rows / (ms / 1000)).toLocaleString('en')}` : '',
};
