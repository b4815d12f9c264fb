// A project's certificates as .xlsx columns (GET /api/projects/:id/certificates/export).
import type { Certificate } from '@shixun/common';
import type { XlsxColumn } from '../../lib/xlsx-export.js';
import { chinaDate } from '../../lib/xlsx-export.js';

export const CERTIFICATE_EXPORT_COLUMNS: XlsxColumn<Certificate>[] = [
  { header: '证书编号', key: 'number', width: 20 },
  { header: '姓名', key: 'teacherName', width: 10 },
  { header: '学校', key: 'schoolName', width: 24 },
  { header: '项目名称', key: 'projectName', width: 32 },
  { header: '级别', key: 'level', width: 8 },
  { header: '学时', key: 'hours', width: 8 },
  { header: '开始日期', key: 'startDate', width: 12 },
  { header: '结束日期', key: 'endDate', width: 12 },
  { header: '颁发单位', key: 'issuer', width: 20 },
  { header: '颁发日期', key: 'issuedAt', width: 12, value: (c) => chinaDate(c.issuedAt) },
  { header: '状态', key: 'revoked', width: 8, value: (c) => (c.revoked ? '已撤销' : '有效') },
  { header: '撤销日期', key: 'revokedAt', width: 12, value: (c) => chinaDate(c.revokedAt) },
  { header: '撤销原因', key: 'revokeReason', width: 24 },
];
