// The audit log as .xlsx columns (GET /api/audit/export): what changed, as JSON, cut to what a cell holds.
import type { AuditEntry } from '@shixun/common';
import type { XlsxColumn } from '../../lib/xlsx-export.js';
import { chinaDateTime } from '../../lib/xlsx-export.js';
import { actionLabel } from './audit.service.js';

/** Excel keeps at most 32,767 characters in a cell. */
const CELL_MAX = 32_000;
const json = (v: unknown) => {
  if (v == null) return '';
  const s = JSON.stringify(v);
  return s.length > CELL_MAX ? `${s.slice(0, CELL_MAX)}…` : s;
};

export const AUDIT_EXPORT_COLUMNS: XlsxColumn<AuditEntry>[] = [
  { header: '时间', key: 'at', width: 17, value: (e) => chinaDateTime(e.at) },
  { header: '操作人', key: 'userName', width: 20, value: (e) => e.userName ?? '系统' },
  { header: '操作', key: 'action', width: 20, value: (e) => actionLabel(e.action) },
  { header: '操作代码', key: 'actionCode', width: 20, value: (e) => e.action },
  { header: '对象', key: 'entity', width: 14 },
  { header: '对象名称', key: 'target', width: 26 },
  { header: '对象编号', key: 'entityId', width: 10 },
  { header: 'IP', key: 'ip', width: 15 },
  { header: '变更前', key: 'before', width: 40, value: (e) => json(e.before) },
  { header: '变更后', key: 'after', width: 40, value: (e) => json(e.after) },
];
