// Training expenses as .xlsx columns (GET /api/expenses/export).
import { EXPENSE_CATEGORY_LABELS, type ExpenseItem } from '@shixun/common';
import type { XlsxColumn } from '../../lib/xlsx-export.js';

export const EXPENSE_EXPORT_COLUMNS: XlsxColumn<ExpenseItem>[] = [
  { header: '日期', key: 'spentOn', width: 12 },
  { header: '经费单位', key: 'schoolName', width: 24, value: (e) => e.schoolName ?? '县级' },
  { header: '类别', key: 'category', width: 10, value: (e) => EXPENSE_CATEGORY_LABELS[e.category] },
  { header: '金额（元）', key: 'amount', width: 12, value: (e) => Number(e.amount) },
  { header: '培训项目', key: 'projectName', width: 32 },
  { header: '教师', key: 'teacherName', width: 10 },
  { header: '说明', key: 'note', width: 24 },
  { header: '票据', key: 'attachments', width: 8, value: (e) => e.attachments.length },
  { header: '来源', key: 'claimId', width: 12, value: (e) => (e.claimId ? `报销单 ${e.claimId}` : '手工登记') },
];
