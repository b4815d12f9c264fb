// HTTP for the weekly report (工作周报): weeks listed newest first, one week's figures per school, .xlsx.
import {
  errorEnvelope,
  WEEKLY_FIGURE_KEYS,
  WEEKLY_FIGURE_LABELS,
  type WeeklySchoolRow,
  weeklyList,
  weeklyListQuery,
  weeklyReport,
  weeklyReportQuery,
  weekParam,
} from '@shixun/common';
import type { App, Deps } from '../../deps.js';
import { userOf } from '../../http/auth.js';
import { sendXlsx } from '../../lib/xlsx-export.js';
import { listWeeks, weeklyReportFor } from './weekly.service.js';

const tags = ['weekly'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope };

export async function weeklyRoutes(app: App, deps: Deps) {
  const { read } = deps;

  app.get(
    '/api/weekly-reports',
    {
      config: { permission: 'weekly.read' },
      schema: {
        tags,
        summary: '工作周报列表（本周实时计算，往周为每周一凌晨保存的快照），按范围汇总',
        querystring: weeklyListQuery,
        response: { 200: weeklyList, ...errors },
      },
    },
    async (req) => listWeeks(read, userOf(req), req.query.page, req.query.pageSize),
  );

  app.get(
    '/api/weekly-reports/:weekStart',
    {
      config: { permission: 'weekly.read' },
      schema: {
        tags,
        summary:
          '某周周报（周一至周日，北京时间）：各校新推荐、报名确认、结业、成果汇报到期/通过/逾期、心得体会、经费支出',
        params: weekParam,
        querystring: weeklyReportQuery,
        response: { 200: weeklyReport, ...errors },
      },
    },
    async (req) => weeklyReportFor(deps.db, userOf(req), req.params.weekStart, req.query.schoolId),
  );

  app.get(
    '/api/weekly-reports/:weekStart/export',
    {
      config: { permission: 'weekly.read' },
      schema: {
        tags,
        summary: '导出某周周报（.xlsx：每校一行，末行合计）',
        params: weekParam,
        querystring: weeklyReportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => {
      const r = await weeklyReportFor(deps.db, userOf(req), req.params.weekStart, req.query.schoolId);
      type Row = Pick<WeeklySchoolRow, 'areaName' | 'schoolName'> & Record<string, string | number>;
      const total: Row = { areaName: '', schoolName: '合计', ...r.totals };
      const county: Row[] =
        r.countySpending != null && req.query.schoolId === undefined
          ? [
              {
                areaName: '',
                schoolName: '县级（教育局）',
                ...Object.fromEntries(WEEKLY_FIGURE_KEYS.map((k) => [k, 0])),
                spending: r.countySpending,
              },
            ]
          : [];
      return sendXlsx(reply, `工作周报-${r.weekStart}至${r.weekEnd}.xlsx`, {
        sheetName: `周报 ${r.weekStart}`,
        columns: [
          { header: '学区', key: 'areaName', width: 14 },
          { header: '学校', key: 'schoolName', width: 26 },
          ...WEEKLY_FIGURE_KEYS.map((k) => ({ header: WEEKLY_FIGURE_LABELS[k], key: k, width: 12 })),
        ],
        rows: [...(r.schools as Row[]), ...county, total],
      });
    },
  );
}
