// Local calendar time for scheduling and reporting: Asia/Shanghai (UTC+8 all year, no DST).
export const TIME_ZONE = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3600_000;

/** The Asia/Shanghai calendar date of an instant, 'YYYY-MM-DD'. */
export function shanghaiDay(at = new Date()): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Minutes since local midnight in Asia/Shanghai. */
export function shanghaiMinutes(at = new Date()): number {
  const d = new Date(at.getTime() + OFFSET_MS);
  return d.getUTCHours() * 60 + d.getUTCMinutes();
}
