// The trainer pool's .xlsx columns (GET /api/trainers/export).
import { TRAINER_KIND_LABELS, type Trainer } from '@shixun/common';
import type { XlsxColumn } from '../../lib/xlsx-export.js';

export const TRAINER_EXPORT_COLUMNS: XlsxColumn<Trainer>[] = [
  { header: '姓名', key: 'name', width: 12 },
  { header: '类型', key: 'kind', width: 10, value: (r) => TRAINER_KIND_LABELS[r.kind] },
  { header: '单位', key: 'organisation', width: 26, value: (r) => r.organisation ?? r.schoolName ?? '' },
  { header: '职称/职务', key: 'title', width: 14 },
  { header: '专长', key: 'expertise', width: 30 },
  { header: '手机号', key: 'phone', width: 14 },
  { header: '账号', key: 'username', width: 14 },
  { header: '授课项目数', key: 'projectCount', width: 10 },
  { header: '状态', key: 'active', width: 8, value: (r) => (r.active ? '在库' : '已停用') },
];
