import { errorEnvelope, overview as overviewSchema } from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { userOf } from '../../http/auth.js';
import { overview } from './stats.service.js';

const id = z.coerce.number().int().positive().optional();

export async function statsRoutes(app: App, deps: Deps) {
  app.get(
    '/api/stats/overview',
    {
      schema: {
        tags: ['stats'],
        summary: '概览：教师按学校类型、学段、职称、年龄分布，及各学段学历达标率（专科+/本科+/研究生）',
        querystring: z.object({ areaId: id, consortiumId: id, schoolId: id }),
        response: { 200: overviewSchema, 403: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req) => overview(deps.read, userOf(req), req.query),
  );
}
