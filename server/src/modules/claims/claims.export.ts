// Reimbursement claims as .xlsx columns (GET /api/claims/export).
import {
  CLAIM_STATUS_LABELS,
  type ClaimItem,
  EXPENSE_CATEGORY_LABELS,
  REPORT_BACK_STATUS_LABELS,
} from '@shixun/common';
import type { XlsxColumn } from '../../lib/xlsx-export.js';
import { chinaDate } from '../../lib/xlsx-export.js';

const reportBack = (c: ClaimItem) => {
  if (c.reportBackWaiver) return '已豁免';
  const s = c.reportBackStatus as keyof typeof REPORT_BACK_STATUS_LABELS | null;
  return s ? (REPORT_BACK_STATUS_LABELS[s] ?? s) : '无汇报任务';
};

export const CLAIM_EXPORT_COLUMNS: XlsxColumn<ClaimItem>[] = [
  { header: '报销单号', key: 'id', width: 10 },
  { header: '提交日期', key: 'createdAt', width: 12, value: (c) => chinaDate(c.createdAt) },
  { header: '教师', key: 'teacherName', width: 10 },
  { header: '学校', key: 'schoolName', width: 24 },
  { header: '培训项目', key: 'projectName', width: 32 },
  { header: '级别', key: 'level', width: 8 },
  { header: '开始日期', key: 'startDate', width: 12 },
  { header: '结束日期', key: 'endDate', width: 12 },
  {
    header: '费用明细',
    key: 'items',
    width: 30,
    value: (c) => c.items.map((i) => `${EXPENSE_CATEGORY_LABELS[i.category]} ${i.amount}`).join('；'),
  },
  { header: '金额（元）', key: 'total', width: 12, value: (c) => Number(c.total) },
  { header: '成果汇报', key: 'reportBackStatus', width: 10, value: reportBack },
  { header: '状态', key: 'status', width: 10, value: (c) => CLAIM_STATUS_LABELS[c.status] },
  { header: '学校审核日期', key: 'schoolApprovedAt', width: 12, value: (c) => chinaDate(c.schoolApprovedAt) },
  { header: '县级审批日期', key: 'approvedAt', width: 12, value: (c) => chinaDate(c.approvedAt) },
  { header: '支付日期', key: 'paidAt', width: 12, value: (c) => chinaDate(c.paidAt) },
  { header: '退回原因', key: 'rejectReason', width: 20 },
  { header: '备注', key: 'note', width: 20 },
];
