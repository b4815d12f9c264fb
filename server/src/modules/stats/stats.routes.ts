import {
  dbId,
  errorEnvelope,
  overview as overviewSchema,
  statsBreakdown,
  statsBreakdownQuery,
  statsSummary,
  statsSummaryQuery,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { userOf } from '../../http/auth.js';
import { datedFilename, sendXlsx, XLSX_MIME } from '../../lib/xlsx-export.js';
import { overview } from './stats.service.js';
import { statsBreakdown as breakdown, breakdownSheet, statsSummary as summary } from './summary.service.js';

const id = dbId.optional();

export async function statsRoutes(app: App, deps: Deps) {
  app.get(
    '/api/stats/overview',
    {
      config: { permission: 'stats.read' },
      schema: {
        tags: ['stats'],
        summary: '概览：教师按学校类型、学段、职称、年龄分布，及各学段学历达标率（专科+/本科+/研究生）',
        querystring: z.object({ areaId: id, consortiumId: id, schoolId: id }),
        response: { 200: overviewSchema, 403: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req) => overview(deps.read, userOf(req), req.query),
  );

  // Training statistics (formulas: docs/metrics.md).
  app.get(
    '/api/stats/summary',
    {
      config: { permission: 'stats.read' },
      schema: {
        tags: ['stats'],
        summary: '培训统计：某年各级培训人次、网络研修人次、覆盖率、参训率、结业率、合格率、优秀率（按权限范围）',
        querystring: statsSummaryQuery,
        response: { 200: statsSummary, 403: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req) => summary(deps.read, userOf(req), req.query),
  );
  app.get(
    '/api/stats/breakdown',
    {
      config: { permission: 'stats.read' },
      schema: {
        tags: ['stats'],
        summary: '培训统计分组：按学校或学区列出同样的指标（一页全部返回），附合计',
        querystring: statsBreakdownQuery,
        response: { 200: statsBreakdown, 403: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req) => breakdown(deps.read, userOf(req), req.query),
  );
  app.get(
    '/api/stats/breakdown/export',
    {
      config: { permission: 'stats.read' },
      schema: {
        tags: ['stats'],
        summary: '导出培训统计分组表（.xlsx）',
        querystring: statsBreakdownQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => {
      const b = await breakdown(deps.read, userOf(req), req.query);
      const sheet = breakdownSheet(b);
      return sendXlsx(reply, datedFilename(sheet.sheetName), sheet);
    },
  );
}
