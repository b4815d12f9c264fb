// HTTP for the credit ledger (minimal): a teacher's entries, scoped like the teacher detail.
import { creditEntryList, creditEntryQuery, errorEnvelope, idParam } from '@shixun/common';
import type { App, Deps } from '../../deps.js';
import { userOf } from '../../http/auth.js';
import { listCreditEntries } from './credits.service.js';

export async function creditsRoutes(app: App, deps: Deps) {
  app.get(
    '/api/teachers/:id/credit-entries',
    {
      schema: {
        tags: ['credits'],
        summary: '教师学时台账（按年份筛选；冲销记录为负数；范围同教师详情）',
        params: idParam,
        querystring: creditEntryQuery,
        response: { 200: creditEntryList, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req) => listCreditEntries(deps.db, userOf(req), req.params.id, req.query),
  );
}
