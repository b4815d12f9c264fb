// The plan list's .xlsx columns (GET /api/projects/export): one row per project, as filtered.
import { ENROL_MODE_LABELS, PLACE_HOLDING_STATUSES, PROJECT_STATUS_LABELS, type ProjectListItem } from '@shixun/common';
import type { XlsxColumn } from '../../lib/xlsx-export.js';

const held = (p: ProjectListItem) => PLACE_HOLDING_STATUSES.reduce((n, s) => n + (p.participants[s] ?? 0), 0);

export const PROJECT_EXPORT_COLUMNS: XlsxColumn<ProjectListItem>[] = [
  { header: '项目编号', key: 'code', width: 14 },
  { header: '项目名称', key: 'name', width: 36 },
  { header: '年度', key: 'year', width: 8 },
  { header: '级别', key: 'level', width: 8 },
  { header: '类别', key: 'category', width: 16 },
  { header: '形式', key: 'mode', width: 10 },
  { header: '主办单位', key: 'organiser', width: 20, value: (p) => p.schoolName ?? p.organiser ?? '' },
  { header: '开始日期', key: 'startDate', width: 12 },
  { header: '结束日期', key: 'endDate', width: 12 },
  { header: '地点', key: 'place', width: 18 },
  { header: '学时', key: 'hours', width: 8 },
  { header: '计划人数', key: 'capacity', width: 10, value: (p) => p.capacity ?? p.upperQuota ?? null },
  { header: '报名方式', key: 'enrolMode', width: 10, value: (p) => ENROL_MODE_LABELS[p.enrolMode] },
  { header: '状态', key: 'status', width: 8, value: (p) => PROJECT_STATUS_LABELS[p.status] },
  { header: '课次', key: 'sessionCount', width: 8 },
  { header: '参训人数', key: 'held', width: 10, value: held },
  { header: '待审核推荐', key: 'nominated', width: 10, value: (p) => p.participants.nominated ?? 0 },
];
