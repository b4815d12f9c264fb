// The daily jobs. Each runs once a day at a local time (Asia/Shanghai), on one instance only:
// the scheduler claims (name, day) in job_runs before running. Add an entry to schedule a job.
import type { Db } from '../db/client.js';
import { remindOverdueReportBacks } from '../modules/report-backs/report-backs.tasks.js';
import { snapshotLastWeek } from '../modules/weekly/weekly.service.js';

export interface DailyJob {
  /** Unique, [a-z0-9_-]: also the pg-boss queue name (prefixed). */
  name: string;
  /** Local time of day, 'HH:MM', Asia/Shanghai. */
  at: string;
  /** day: the Asia/Shanghai date the run is for, 'YYYY-MM-DD'. */
  run: (db: Db, day: string) => Promise<void>;
}

export const dailyJobs: DailyJob[] = [
  // 周报: stores last week's figures (Monday–Sunday) once the week is over; idempotent.
  { name: 'weekly-report-snapshot', at: '01:10', run: snapshotLastWeek },
  // 成果汇报逾期提醒: each overdue task reminds its teacher and school admin once a day.
  {
    name: 'report-back-reminders',
    at: '08:00',
    run: async (db, day) => {
      await remindOverdueReportBacks(db, day);
    },
  },
];
