// The reading programme (读书活动, "读教育名著、做智慧教师"): the county's yearly reading list,
// teachers' books and reading notes (on a phone), reviews of the notes, and the county's selection
// of outstanding readers (先进个人) and schools (先进集体). zod schemas of the API.
import { z } from 'zod';
import { calendarDate, dbId } from './primitives.js';
import { AWARD_KINDS, NOTE_MIN_CHARS, NOTE_RATINGS } from './reading-rules.js';
import { pageQuery } from './schemas.js';

const id = dbId;
const year = z.coerce.number().int().min(2000, '年份应在2000至2100之间').max(2100, '年份应在2000至2100之间');
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `最多${max}个字`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();
const isoDate = calendarDate();

// ---------- the list ----------

export const bookBody = z.object({
  year,
  title: z.string().trim().min(1, '请填写书名').max(80, '书名最多80字'),
  author: text(60),
  note: text(300),
});
export type BookBody = z.infer<typeof bookBody>;
export const bookUpdateBody = bookBody.omit({ year: true }).partial();

export const book = z.object({
  id: z.number(),
  year: z.number(),
  title: z.string(),
  author: z.string().nullable(),
  note: z.string().nullable(),
  /** Teachers of the caller's scope reading it (the county: all). */
  readers: z.number(),
});
export type Book = z.infer<typeof book>;
export const bookList = z.object({ year: z.number(), items: z.array(book) });
export type BookList = z.infer<typeof bookList>;
export const readingYearQuery = z.object({ year: year.optional() });

// ---------- a teacher's reading ----------

export const logBody = z
  .object({
    bookId: id.nullable().optional(),
    title: text(80),
    author: text(60),
  })
  .refine((b) => b.bookId != null || !!b.title, { message: '请选择书目或填写书名', path: ['title'] });
export type LogBody = z.infer<typeof logBody>;

export const logUpdateBody = z.object({ finishedOn: isoDate.nullable() });

export const noteBody = z.object({
  body: z.string().trim().min(NOTE_MIN_CHARS, `读书笔记至少${NOTE_MIN_CHARS}字`).max(5000, '读书笔记最多5000字'),
});

export const readingNote = z.object({
  id: z.number(),
  body: z.string(),
  createdAt: z.string(),
  rating: z.enum(NOTE_RATINGS).nullable(),
  reviewComment: z.string().nullable(),
});
export const readingLog = z.object({
  id: z.number(),
  year: z.number(),
  bookId: z.number().nullable(),
  title: z.string(),
  author: z.string().nullable(),
  finishedOn: z.string().nullable(),
  notes: z.array(readingNote),
  createdAt: z.string(),
});
export type ReadingLog = z.infer<typeof readingLog>;
export const myReading = z.object({
  year: z.number(),
  logs: z.array(readingLog),
  finished: z.number(),
  notes: z.number(),
  awards: z.array(z.object({ kind: z.enum(AWARD_KINDS), citation: z.string().nullable() })),
});
export type MyReading = z.infer<typeof myReading>;

// ---------- reviews ----------

export const notesQuery = pageQuery.extend({
  year: year.optional(),
  schoolId: id.optional(),
  reviewed: z.enum(['yes', 'no']).optional(),
});
export const reviewNote = z.object({
  id: z.number(),
  teacherId: z.number(),
  teacherName: z.string(),
  schoolName: z.string(),
  bookTitle: z.string(),
  body: z.string(),
  createdAt: z.string(),
  rating: z.enum(NOTE_RATINGS).nullable(),
  reviewComment: z.string().nullable(),
  reviewedBy: z.string().nullable(),
});
export type ReviewNote = z.infer<typeof reviewNote>;
export const reviewNoteList = z.object({ items: z.array(reviewNote), total: z.number() });
export const noteReviewBody = z.object({
  rating: z.enum(NOTE_RATINGS, { message: '请选择评价等次' }),
  comment: text(300),
});

// ---------- selection ----------

export const readingCandidatesQuery = z.object({
  year: year.optional(),
  kind: z.enum(AWARD_KINDS).default('reader'),
});
export const readerCandidate = z.object({
  teacherId: z.number(),
  teacherName: z.string(),
  schoolId: z.number(),
  schoolName: z.string(),
  books: z.number(),
  finished: z.number(),
  notes: z.number(),
  excellentNotes: z.number(),
  salons: z.number(),
  awarded: z.boolean(),
});
export const schoolCandidate = z.object({
  schoolId: z.number(),
  schoolName: z.string(),
  teacherCount: z.number(),
  readers: z.number(),
  /** Teachers with at least one book ÷ active teachers. */
  readerRate: z.number(),
  notes: z.number(),
  excellentNotes: z.number(),
  salons: z.number(),
  awarded: z.boolean(),
});
export const readingCandidates = z.object({
  year: z.number(),
  kind: z.enum(AWARD_KINDS),
  readers: z.array(readerCandidate),
  schools: z.array(schoolCandidate),
});
export type ReadingCandidates = z.infer<typeof readingCandidates>;

export const awardBody = z
  .object({
    year,
    kind: z.enum(AWARD_KINDS),
    teacherId: id.nullable().optional(),
    schoolId: id.nullable().optional(),
    citation: text(200),
  })
  .refine((b) => (b.kind === 'reader' ? b.teacherId != null : b.schoolId != null), {
    message: '请选择评选对象',
    path: ['teacherId'],
  });
export type AwardBody = z.infer<typeof awardBody>;
export const award = z.object({
  id: z.number(),
  year: z.number(),
  kind: z.enum(AWARD_KINDS),
  teacherId: z.number().nullable(),
  teacherName: z.string().nullable(),
  schoolId: z.number(),
  schoolName: z.string(),
  citation: z.string().nullable(),
  createdAt: z.string(),
});
export type Award = z.infer<typeof award>;
export const awardList = z.object({ year: z.number(), items: z.array(award) });
