// The reading programme (读书活动): the county's reading list of a year, a teacher's books and
// reading notes (written on a phone), and the school's or county's review of the notes. All SQL of
// the list, the logs and the notes is here; the selection of outstanding readers is in awards.service.ts.
import {
  type Book,
  type BookBody,
  type BookList,
  type LogBody,
  type MyReading,
  type NoteRating,
  PLAN_TIME_ZONE,
  type ReviewNote,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { readingBookScope, readingScope, teacherScope } from '../../access/scope.js';
import { type Db, type Exec, one, rows } from '../../db/client.js';
import { diff, record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, forbidden, isUniqueViolation, notFound } from '../../http/errors.js';
import { offsetOf } from '../../http/pagination.js';

export const thisYear = () =>
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: PLAN_TIME_ZONE, year: 'numeric' }).format(new Date()));
const iso = (v: string | Date) => new Date(v).toISOString();

// ---------- the list ----------

export async function listBooks(exec: Exec, user: CurrentUser, year: number): Promise<BookList> {
  const list = await rows<Book>(
    exec,
    sql`select b.id, b.year, b.title, b.author, b.note,
               (select count(distinct rl.teacher_id) from reading_logs rl
                 where rl.book_id = b.id and ${readingScope(user, 'rl')})::int as readers
        from reading_books b
        where ${readingBookScope(user, 'b')} and b.year = ${year}
        order by b.sort, b.id`,
  );
  return { year, items: list };
}

const duplicateTitle = (title: string) => conflict(`该年度推荐书目中已有《${title}》`);

export async function addBook(db: Db, actor: Actor, body: BookBody): Promise<{ id: number }> {
  try {
    return await db.transaction(async (tx) => {
      const row = await one<{ id: number }>(
        tx,
        sql`insert into reading_books (region_id, year, title, author, note, sort, created_by)
            values (${actor.user.regionId}, ${body.year}, ${body.title}, ${body.author ?? null}, ${body.note ?? null},
                    (select coalesce(max(b.sort), 0) + 1 from reading_books b
                      where ${readingBookScope(actor.user, 'b')} and b.year = ${body.year}),
                    ${actor.user.id})
            returning id`,
      );
      await record(tx, actor, {
        action: 'reading_book.create',
        entity: 'reading_book',
        entityId: row!.id,
        after: body,
      });
      return { id: row!.id };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'reading_books_region_year_title_uq')) throw duplicateTitle(body.title);
    throw err;
  }
}

export async function updateBook(
  db: Db,
  actor: Actor,
  id: number,
  body: { title?: string; author?: string | null; note?: string | null },
) {
  try {
    return await db.transaction(async (tx) => {
      const b = await one<{ year: number; title: string; author: string | null; note: string | null }>(
        tx,
        sql`select b.year, b.title, b.author, b.note from reading_books b
            where b.id = ${id} and ${readingBookScope(actor.user, 'b')} for update`,
      );
      if (!b) throw notFound('书目');
      const next = {
        title: body.title ?? b.title,
        author: body.author === undefined ? b.author : body.author,
        note: body.note === undefined ? b.note : body.note,
      };
      const d = diff({ title: b.title, author: b.author, note: b.note }, next);
      if (d.changed) {
        await tx.execute(
          sql`update reading_books set title = ${next.title}, author = ${next.author}, note = ${next.note} where id = ${id}`,
        );
        await record(tx, actor, { action: 'reading_book.update', entity: 'reading_book', entityId: id, ...d });
      }
      return { id };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'reading_books_region_year_title_uq')) throw duplicateTitle(body.title ?? '');
    throw err;
  }
}

/** Removes a book from the list; teachers' logs keep its title. */
export async function deleteBook(db: Db, actor: Actor, id: number) {
  return db.transaction(async (tx) => {
    const b = await one<{ title: string; year: number }>(
      tx,
      sql`delete from reading_books b where b.id = ${id} and ${readingBookScope(actor.user, 'b')} returning b.title, b.year`,
    );
    if (!b) throw notFound('书目');
    await record(tx, actor, { action: 'reading_book.delete', entity: 'reading_book', entityId: id, before: b });
    return { ok: true as const };
  });
}

// ---------- a teacher's reading ----------

function ownTeacher(user: CurrentUser): number {
  if (user.teacherId == null) throw forbidden('只有教师账号可以登记读书');
  return user.teacherId;
}

export async function myReading(exec: Exec, user: CurrentUser, year: number): Promise<MyReading> {
  const teacherId = ownTeacher(user);
  const logs = await rows<{
    id: number;
    year: number;
    book_id: number | null;
    title: string;
    author: string | null;
    finished_on: string | null;
    created_at: string | Date;
  }>(
    exec,
    sql`select rl.id, rl.year, rl.book_id, rl.title, rl.author, rl.finished_on::text as finished_on, rl.created_at
        from reading_logs rl where ${readingScope(user, 'rl')} and rl.year = ${year}
        order by rl.created_at desc, rl.id desc`,
  );
  const notes = await rows<{
    id: number;
    log_id: number;
    body: string;
    created_at: string | Date;
    rating: NoteRating | null;
    review_comment: string | null;
  }>(
    exec,
    sql`select rn.id, rn.log_id, rn.body, rn.created_at, rn.rating, rn.review_comment
        from reading_notes rn join reading_logs rl on rl.id = rn.log_id
        where ${readingScope(user, 'rn')} and rl.year = ${year}
        order by rn.created_at desc, rn.id desc`,
  );
  const awards = await rows<{ kind: 'reader' | 'school'; citation: string | null }>(
    exec,
    sql`select aw.kind, aw.citation from reading_awards aw
        where ${readingScope(user, 'aw')} and aw.year = ${year} and aw.teacher_id = ${teacherId}`,
  );
  return {
    year,
    logs: logs.map((l) => ({
      id: l.id,
      year: l.year,
      bookId: l.book_id,
      title: l.title,
      author: l.author,
      finishedOn: l.finished_on,
      createdAt: iso(l.created_at),
      notes: notes
        .filter((n) => n.log_id === l.id)
        .map((n) => ({
          id: n.id,
          body: n.body,
          createdAt: iso(n.created_at),
          rating: n.rating,
          reviewComment: n.review_comment,
        })),
    })),
    finished: logs.filter((l) => l.finished_on != null).length,
    notes: notes.length,
    awards,
  };
}

export async function addLog(db: Db, actor: Actor, body: LogBody): Promise<{ id: number }> {
  const user = actor.user;
  const teacherId = ownTeacher(user);
  let book: { id: number; year: number; title: string; author: string | null } | undefined;
  if (body.bookId != null) {
    book = await one(
      db,
      sql`select b.id, b.year, b.title, b.author from reading_books b where b.id = ${body.bookId} and ${readingBookScope(user, 'b')}`,
    );
    if (!book) throw notFound('书目');
  }
  const year = book?.year ?? thisYear();
  const title = book?.title ?? body.title!;
  return db.transaction(async (tx) => {
    const dup = await one<{ id: number }>(
      tx,
      sql`select rl.id from reading_logs rl
          where ${readingScope(user, 'rl')} and rl.year = ${year} and rl.title = ${title}`,
    );
    if (dup) throw conflict(`《${title}》已在你${year}年的书单中`);
    const row = await one<{ id: number }>(
      tx,
      sql`insert into reading_logs (region_id, teacher_id, school_id, year, book_id, title, author)
          select t.region_id, t.id, t.school_id, ${year}, ${book?.id ?? null}, ${title}, ${book?.author ?? body.author ?? null}
          from teachers t where t.id = ${teacherId} and ${teacherScope(user, 't')}
          returning id`,
    );
    if (!row) throw notFound('教师');
    await record(tx, actor, {
      action: 'reading_log.create',
      entity: 'reading_log',
      entityId: row.id,
      after: { year, bookId: book?.id ?? null, title },
    });
    return { id: row.id };
  });
}

async function ownLog(exec: Exec, user: CurrentUser, id: number) {
  ownTeacher(user);
  const l = await one<{
    id: number;
    region_id: number;
    teacher_id: number;
    school_id: number;
    finished_on: string | null;
  }>(
    exec,
    sql`select rl.id, rl.region_id, rl.teacher_id, rl.school_id, rl.finished_on::text as finished_on
        from reading_logs rl where rl.id = ${id} and ${readingScope(user, 'rl')} for update`,
  );
  if (!l) throw notFound('读书记录');
  return l;
}

export async function updateLog(db: Db, actor: Actor, id: number, finishedOn: string | null) {
  return db.transaction(async (tx) => {
    const l = await ownLog(tx, actor.user, id);
    if (l.finished_on !== finishedOn) {
      await tx.execute(sql`update reading_logs set finished_on = ${finishedOn}, updated_at = now() where id = ${id}`);
      await record(tx, actor, {
        action: 'reading_log.update',
        entity: 'reading_log',
        entityId: id,
        before: { finishedOn: l.finished_on },
        after: { finishedOn },
      });
    }
    return { id };
  });
}

export async function addNote(db: Db, actor: Actor, logId: number, body: string): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const l = await ownLog(tx, actor.user, logId);
    const row = await one<{ id: number }>(
      tx,
      sql`insert into reading_notes (region_id, log_id, teacher_id, school_id, body)
          values (${l.region_id}, ${l.id}, ${l.teacher_id}, ${l.school_id}, ${body}) returning id`,
    );
    await record(tx, actor, {
      action: 'reading_note.create',
      entity: 'reading_note',
      entityId: row!.id,
      after: { logId, chars: body.length },
    });
    return { id: row!.id };
  });
}

// ---------- reviews ----------

export async function listNotes(
  exec: Exec,
  user: CurrentUser,
  q: { year?: number; schoolId?: number; reviewed?: 'yes' | 'no'; page: number; pageSize: number },
) {
  const conds: SQL[] = [readingScope(user, 'rn'), sql`rl.year = ${q.year ?? thisYear()}`];
  if (q.schoolId) conds.push(sql`rn.school_id = ${q.schoolId}`);
  if (q.reviewed === 'yes') conds.push(sql`rn.rating is not null`);
  if (q.reviewed === 'no') conds.push(sql`rn.rating is null`);
  const list = await rows<{
    id: number;
    teacher_id: number;
    teacher_name: string;
    school_name: string;
    book_title: string;
    body: string;
    created_at: string | Date;
    rating: NoteRating | null;
    review_comment: string | null;
    reviewed_by: string | null;
    total: number;
  }>(
    exec,
    sql`select rn.id, rn.teacher_id, t.name as teacher_name, s.name as school_name, rl.title as book_title, rn.body,
               rn.created_at, rn.rating, rn.review_comment, u.display_name as reviewed_by, count(*) over ()::int as total
        from reading_notes rn
        join reading_logs rl on rl.id = rn.log_id
        join teachers t on t.id = rn.teacher_id
        join schools s on s.id = rn.school_id
        left join users u on u.id = rn.reviewed_by
        where ${sql.join(conds, sql` and `)}
        order by (rn.rating is null) desc, rn.created_at desc, rn.id desc
        limit ${q.pageSize} offset ${offsetOf(q)}`,
  );
  const items: ReviewNote[] = list.map((r) => ({
    id: r.id,
    teacherId: r.teacher_id,
    teacherName: r.teacher_name,
    schoolName: r.school_name,
    bookTitle: r.book_title,
    body: r.body,
    createdAt: iso(r.created_at),
    rating: r.rating,
    reviewComment: r.review_comment,
    reviewedBy: r.reviewed_by,
  }));
  return { items, total: list[0]?.total ?? 0 };
}

export async function reviewNote(
  db: Db,
  actor: Actor,
  id: number,
  body: { rating: NoteRating; comment?: string | null },
) {
  return db.transaction(async (tx) => {
    const n = await one<{ rating: string | null; review_comment: string | null }>(
      tx,
      sql`select rn.rating, rn.review_comment from reading_notes rn
          where rn.id = ${id} and ${readingScope(actor.user, 'rn')} for update`,
    );
    if (!n) throw notFound('读书笔记');
    await tx.execute(
      sql`update reading_notes set rating = ${body.rating}, review_comment = ${body.comment ?? null},
            reviewed_by = ${actor.user.id}, reviewed_at = now()
          where id = ${id}`,
    );
    await record(tx, actor, {
      action: 'reading_note.review',
      entity: 'reading_note',
      entityId: id,
      before: { rating: n.rating, comment: n.review_comment },
      after: { rating: body.rating, comment: body.comment ?? null },
    });
    return { id };
  });
}
