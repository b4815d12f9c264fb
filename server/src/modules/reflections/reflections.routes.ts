// HTTP for reflections (心得体会): the teacher's own, the reviewers' list, review, counts.
import {
  errorEnvelope,
  idParam,
  myReflectionList,
  pageQuery,
  reflection,
  reflectionCountQuery,
  reflectionCounts as reflectionCountsSchema,
  reflectionCreateBody,
  reflectionList,
  reflectionQuery,
  reflectionReviewBody,
  reflectionUpdateBody,
} from '@shixun/common';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import {
  createReflection,
  getReflection,
  listReflections,
  myReflections,
  reflectionCounts,
  reviewReflection,
  updateReflection,
} from './reflections.service.js';

const tags = ['reflections'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };

export async function reflectionsRoutes(app: App, deps: Deps) {
  const { db, read } = deps;

  app.get(
    '/api/reflections',
    {
      config: { permission: 'reflections.read' },
      schema: {
        tags,
        summary: '心得体会列表（教师看本人；授课专家看所授项目；管理员看所辖学校），待评阅在前',
        querystring: reflectionQuery,
        response: { 200: reflectionList, ...errors },
      },
    },
    async (req) => listReflections(db, userOf(req), req.query),
  );

  app.get(
    '/api/reflections/mine',
    {
      config: { permission: 'reflections.write' },
      schema: {
        tags,
        summary: '我可以撰写心得体会的项目（已结束），及已写的心得',
        querystring: pageQuery,
        response: { 200: myReflectionList, ...errors },
      },
    },
    async (req) => myReflections(db, userOf(req), req.query),
  );

  app.get(
    '/api/reflections/counts',
    {
      config: { permission: 'reflections.stats' },
      schema: {
        tags,
        summary: '心得体会数量：按学校或按项目（总数、已评阅、优秀）；年度按项目开始日期',
        querystring: reflectionCountQuery,
        response: { 200: reflectionCountsSchema, ...errors },
      },
    },
    async (req) => reflectionCounts(read, userOf(req), req.query),
  );

  app.get(
    '/api/reflections/:id',
    {
      config: { permission: 'reflections.read' },
      schema: { tags, summary: '心得体会全文', params: idParam, response: { 200: reflection, ...errors } },
    },
    async (req) => getReflection(db, userOf(req), req.params.id),
  );

  app.post(
    '/api/reflections',
    {
      config: { permission: 'reflections.write' },
      schema: {
        tags,
        summary: '撰写心得体会（每个参加过的项目一篇，项目结束后）',
        body: reflectionCreateBody,
        response: { 201: reflection, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createReflection(db, actorOf(req), req.body)),
  );

  app.put(
    '/api/reflections/:id',
    {
      config: { permission: 'reflections.write' },
      schema: {
        tags,
        summary: '修改心得体会（评阅前）',
        params: idParam,
        body: reflectionUpdateBody,
        response: { 200: reflection, ...errors },
      },
    },
    async (req) => updateReflection(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/reflections/:id/review',
    {
      config: { permission: 'reflections.review' },
      schema: {
        tags,
        summary: '评阅心得体会，可评为优秀（授课专家、县级/学区/学校管理员）',
        params: idParam,
        body: reflectionReviewBody,
        response: { 200: reflection, ...errors },
      },
    },
    async (req) => reviewReflection(db, actorOf(req), req.params.id, req.body),
  );
}
