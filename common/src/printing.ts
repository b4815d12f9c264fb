// What gets printed for a county office: the yearly training plan table (年度培训计划表, level ×
// category × month), a project's sign-in sheet (签到表), and certificates in batch.
import { z } from 'zod';
import { dbId } from './primitives.js';
import { projectListQuery } from './projects.js';
import { idParam } from './schemas.js';
import { LEVELS, type PARTICIPATION_STATUSES, PROJECT_STATUSES } from './training.js';

// ---------- the yearly plan table ----------

export const planTableQuery = projectListQuery
  .pick({ level: true, category: true, mode: true, status: true, schoolId: true, organiserType: true })
  .extend({
    /** The plan's year (default: this year in China). */
    year: z.coerce.number().int().min(2000).max(2100).optional(),
  });
export type PlanTableQuery = z.infer<typeof planTableQuery>;

export const planProject = z.object({
  id: z.number(),
  code: z.string().nullable(),
  name: z.string(),
  level: z.enum(LEVELS),
  category: z.string(),
  mode: z.string(),
  status: z.enum(PROJECT_STATUSES),
  startDate: z.string(),
  endDate: z.string(),
  /** 1–12: the month the project starts in (January/December for one starting outside the year). */
  month: z.number(),
  hours: z.number(),
  /** Planned places: capacity, else the upper level's quota, else the places allocated; null if none. */
  planned: z.number().nullable(),
  organiser: z.string().nullable(),
  place: z.string().nullable(),
});
export type PlanProject = z.infer<typeof planProject>;

/** A cell of the printed plan lists at most this many projects; more are summed up in one line. */
export const PLAN_CELL_MAX = 3;

/** The first start and last end of a cell's projects, and their planned places. */
export function planCellSummary(cell: readonly { startDate: string; endDate: string; planned: number | null }[]) {
  let from = cell[0]?.startDate ?? '';
  let to = cell[0]?.endDate ?? '';
  let planned = 0;
  for (const p of cell) {
    if (p.startDate < from) from = p.startDate;
    if (p.endDate > to) to = p.endDate;
    planned += p.planned ?? 0;
  }
  return { count: cell.length, from, to, planned };
}

export const planRow = z.object({
  level: z.enum(LEVELS),
  category: z.string(),
  /** Twelve cells, January first: the projects starting that month, by start date. */
  months: z.array(z.array(planProject)),
  projects: z.number(),
  planned: z.number(),
  hours: z.number(),
});
export type PlanRow = z.infer<typeof planRow>;

export const planTable = z.object({
  year: z.number(),
  /** The county's name, for the table's title. */
  regionName: z.string(),
  /** Levels in 国培 → 校培 order, categories in the county's order within each. */
  rows: z.array(planRow),
  /** Projects starting in each month. */
  monthTotals: z.array(z.number()),
  totals: z.object({ projects: z.number(), planned: z.number(), hours: z.number() }),
});
export type PlanTable = z.infer<typeof planTable>;

// ---------- the sign-in sheet ----------

/** participants: those holding a place (录取、结业); nominated: nominations awaiting review. */
export const SIGN_IN_LISTS = ['participants', 'nominated'] as const;
export type SignInList = (typeof SIGN_IN_LISTS)[number];
export const SIGN_IN_STATUSES: Record<SignInList, readonly (typeof PARTICIPATION_STATUSES)[number][]> = {
  participants: ['enrolled', 'completed', 'failed'],
  nominated: ['nominated'],
};

export const signInSheetQuery = z.object({
  list: z.enum(SIGN_IN_LISTS).default('participants'),
  /** One signature column per session, or per day; default: sessions when there are at most 8. */
  by: z.enum(['session', 'day']).optional(),
  schoolId: dbId.optional(),
});
export type SignInSheetQuery = z.infer<typeof signInSheetQuery>;

export const signInSheet = z.object({
  project: z.object({
    id: z.number(),
    name: z.string(),
    level: z.enum(LEVELS),
    startDate: z.string(),
    endDate: z.string(),
    place: z.string().nullable(),
    hours: z.number(),
    organiser: z.string().nullable(),
  }),
  list: z.enum(SIGN_IN_LISTS),
  by: z.enum(['session', 'day']),
  /** The blank signature columns: a day, or a session (its day, Beijing times and topic). */
  columns: z.array(
    z.object({
      key: z.string(),
      date: z.string(),
      start: z.string().nullable(),
      end: z.string().nullable(),
      topic: z.string().nullable(),
    }),
  ),
  rows: z.array(
    z.object({
      no: z.number(),
      participationId: z.number(),
      teacherName: z.string(),
      gender: z.string().nullable(),
      schoolName: z.string(),
      stage: z.string(),
      subject: z.string(),
    }),
  ),
});
export type SignInSheet = z.infer<typeof signInSheet>;

// ---------- certificates in batch ----------

export const CERTIFICATE_BATCH_FORMATS = ['pdf', 'zip'] as const;
export type CertificateBatchFormat = (typeof CERTIFICATE_BATCH_FORMATS)[number];

export const certificateBatchBody = z.object({
  /** pdf: one file, a page per certificate; zip: one PDF per certificate. */
  format: z.enum(CERTIFICATE_BATCH_FORMATS),
  /** Revoked certificates too (marked 已撤销); default: valid ones only. */
  includeRevoked: z.boolean().optional(),
});
export type CertificateBatchBody = z.infer<typeof certificateBatchBody>;

export const certificateBatchStarted = z.object({
  /** Poll GET /api/jobs/:id for progress; download when done. */
  jobId: z.string(),
  count: z.number(),
});

export const certificateBatchParams = idParam.extend({ jobId: z.uuid() });
