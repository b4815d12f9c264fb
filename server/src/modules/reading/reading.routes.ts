// HTTP of the reading programme: the county's reading list, a teacher's books and notes, reviews
// of notes, and the county's selection of outstanding readers and schools.
import {
  awardBody,
  awardList,
  bookBody,
  bookList,
  bookUpdateBody,
  readingCandidates as candidatesSchema,
  createdResult,
  errorEnvelope,
  idParam,
  logBody,
  logUpdateBody,
  myReading as myReadingSchema,
  noteBody,
  noteReviewBody,
  notesQuery,
  okResult,
  readingCandidatesQuery,
  readingYearQuery,
  reviewNoteList,
} from '@shixun/common';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { addAward, deleteAward, listAwards, readingCandidates } from './awards.service.js';
import {
  addBook,
  addLog,
  addNote,
  deleteBook,
  listBooks,
  listNotes,
  myReading,
  reviewNote,
  thisYear,
  updateBook,
  updateLog,
} from './reading.service.js';

const tags = ['reading'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };

export async function readingRoutes(app: App, deps: Deps) {
  const { db, read } = deps;

  app.get(
    '/api/reading/books',
    {
      config: { permission: 'reading.read' },
      schema: {
        tags,
        summary: '年度推荐书目（附范围内在读教师数）',
        querystring: readingYearQuery,
        response: { 200: bookList, ...errors },
      },
    },
    async (req) => listBooks(read, userOf(req), req.query.year ?? thisYear()),
  );
  app.post(
    '/api/reading/books',
    {
      config: { permission: 'reading.configure' },
      schema: { tags, summary: '发布推荐书目（县级）', body: bookBody, response: { 201: createdResult, ...errors } },
    },
    async (req, reply) => {
      const created = await addBook(db, actorOf(req), req.body);
      reply.code(201);
      return created;
    },
  );
  app.patch(
    '/api/reading/books/:id',
    {
      config: { permission: 'reading.configure' },
      schema: {
        tags,
        summary: '修改推荐书目',
        params: idParam,
        body: bookUpdateBody,
        response: { 200: createdResult, ...errors },
      },
    },
    async (req) => updateBook(db, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/reading/books/:id',
    {
      config: { permission: 'reading.configure' },
      schema: {
        tags,
        summary: '移出推荐书目（教师的读书记录保留书名）',
        params: idParam,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => deleteBook(db, actorOf(req), req.params.id),
  );

  app.get(
    '/api/me/reading',
    {
      config: { permission: 'reading.self' },
      schema: {
        tags,
        summary: '我的读书（某年的书单、读书笔记及评价、获评情况）',
        querystring: readingYearQuery,
        response: { 200: myReadingSchema, ...errors },
      },
    },
    async (req) => myReading(read, userOf(req), req.query.year ?? thisYear()),
  );
  app.post(
    '/api/me/reading/logs',
    {
      config: { permission: 'reading.self' },
      schema: {
        tags,
        summary: '把一本书加入我的书单（推荐书目或自选）',
        body: logBody,
        response: { 201: createdResult, ...errors },
      },
    },
    async (req, reply) => {
      const created = await addLog(db, actorOf(req), req.body);
      reply.code(201);
      return created;
    },
  );
  app.patch(
    '/api/me/reading/logs/:id',
    {
      config: { permission: 'reading.self' },
      schema: {
        tags,
        summary: '登记读完日期（或清除）',
        params: idParam,
        body: logUpdateBody,
        response: { 200: createdResult, ...errors },
      },
    },
    async (req) => updateLog(db, actorOf(req), req.params.id, req.body.finishedOn),
  );
  app.post(
    '/api/me/reading/logs/:id/notes',
    {
      config: { permission: 'reading.self' },
      schema: {
        tags,
        summary: '写一篇读书笔记',
        params: idParam,
        body: noteBody,
        response: { 201: createdResult, ...errors },
      },
    },
    async (req, reply) => {
      const created = await addNote(db, actorOf(req), req.params.id, req.body.body);
      reply.code(201);
      return created;
    },
  );

  app.get(
    '/api/reading/notes',
    {
      config: { permission: 'reading.review' },
      schema: {
        tags,
        summary: '范围内教师的读书笔记（未评价在前）',
        querystring: notesQuery,
        response: { 200: reviewNoteList, ...errors },
      },
    },
    async (req) => listNotes(read, userOf(req), req.query),
  );
  app.post(
    '/api/reading/notes/:id/review',
    {
      config: { permission: 'reading.review' },
      schema: {
        tags,
        summary: '评价读书笔记（优秀/良好/合格，可附评语）',
        params: idParam,
        body: noteReviewBody,
        response: { 200: createdResult, ...errors },
      },
    },
    async (req) => reviewNote(db, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/reading/candidates',
    {
      config: { permission: 'reading.review' },
      schema: {
        tags,
        summary: '读书先进候选：教师（书目、读完、笔记、优秀笔记、读书沙龙）与学校（参与率、笔记、沙龙）',
        querystring: readingCandidatesQuery,
        response: { 200: candidatesSchema, ...errors },
      },
    },
    async (req) => readingCandidates(read, userOf(req), req.query.year ?? thisYear(), req.query.kind),
  );
  app.get(
    '/api/reading/awards',
    {
      config: { permission: 'reading.read' },
      schema: {
        tags,
        summary: '读书先进个人与先进集体（范围内；教师看本人）',
        querystring: readingYearQuery,
        response: { 200: awardList, ...errors },
      },
    },
    async (req) => listAwards(read, userOf(req), req.query.year ?? thisYear()),
  );
  app.post(
    '/api/reading/awards',
    {
      config: { permission: 'reading.configure' },
      schema: {
        tags,
        summary: '评选读书先进个人或先进集体（县级）',
        body: awardBody,
        response: { 201: createdResult, ...errors },
      },
    },
    async (req, reply) => {
      const created = await addAward(db, actorOf(req), req.body);
      reply.code(201);
      return created;
    },
  );
  app.delete(
    '/api/reading/awards/:id',
    {
      config: { permission: 'reading.configure' },
      schema: { tags, summary: '撤销一项读书评选', params: idParam, response: { 200: okResult, ...errors } },
    },
    async (req) => deleteAward(db, actorOf(req), req.params.id),
  );
}
