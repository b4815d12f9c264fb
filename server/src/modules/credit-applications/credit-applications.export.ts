// 学时申报 as .xlsx columns (GET /api/credit-applications/export).
import { APPLICATION_STATUS_LABELS, type CreditApplication } from '@shixun/common';
import type { XlsxColumn } from '../../lib/xlsx-export.js';
import { chinaDate, chinaDateTime } from '../../lib/xlsx-export.js';
import { activityLabel } from './rules.js';

export const APPLICATION_EXPORT_COLUMNS: XlsxColumn<CreditApplication>[] = [
  { header: '教师', key: 'teacherName', width: 10 },
  { header: '学校', key: 'schoolName', width: 24 },
  { header: '申报类别', key: 'kind', width: 14, value: (a) => activityLabel(a.kind) },
  { header: '名称', key: 'title', width: 32 },
  { header: '日期', key: 'occurredOn', width: 12 },
  { header: '级别', key: 'level', width: 8 },
  { header: '申报学时', key: 'claimedHours', width: 10 },
  { header: '认定学时', key: 'grantedHours', width: 10 },
  { header: '状态', key: 'status', width: 10, value: (a) => APPLICATION_STATUS_LABELS[a.status] },
  { header: '学校审核人', key: 'schoolReviewerName', width: 12 },
  { header: '学校审核时间', key: 'schoolReviewedAt', width: 17, value: (a) => chinaDateTime(a.schoolReviewedAt) },
  { header: '县级认定人', key: 'deciderName', width: 12 },
  { header: '县级认定时间', key: 'decidedAt', width: 17, value: (a) => chinaDateTime(a.decidedAt) },
  { header: '退回原因', key: 'returnReason', width: 24 },
  { header: '提交日期', key: 'submittedAt', width: 12, value: (a) => chinaDate(a.submittedAt) },
  { header: '证明材料', key: 'attachments', width: 10, value: (a) => a.attachments.length },
];
