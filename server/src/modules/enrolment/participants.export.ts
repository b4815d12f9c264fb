// A project's participant list as .xlsx columns (GET /api/projects/:id/participants/export):
// masked ID numbers only, whoever asks.
import { PARTICIPATION_STATUS_LABELS, type ParticipantItem } from '@shixun/common';
import type { XlsxColumn } from '../../lib/xlsx-export.js';
import { chinaDate } from '../../lib/xlsx-export.js';

const SOURCE_LABELS: Record<string, string> = {
  nomination: '学校推荐',
  self: '自主报名',
  upper: '上级选派',
  import: '结果导入',
};

export const PARTICIPANT_EXPORT_COLUMNS: XlsxColumn<ParticipantItem>[] = [
  { header: '姓名', key: 'teacherName', width: 10 },
  { header: '身份证号', key: 'idNumberMasked', width: 20 },
  { header: '学校', key: 'schoolName', width: 24 },
  { header: '学段', key: 'stage', width: 8 },
  { header: '学科', key: 'subject', width: 8 },
  { header: '职称', key: 'title', width: 10 },
  { header: '岗位', key: 'posts', width: 12 },
  { header: '状态', key: 'status', width: 8, value: (r) => PARTICIPATION_STATUS_LABELS[r.status] },
  { header: '来源', key: 'source', width: 10, value: (r) => SOURCE_LABELS[r.source] ?? r.source },
  { header: '推荐人', key: 'nominatedByName', width: 12 },
  { header: '审核意见', key: 'reviewReason', width: 20 },
  { header: '审核日期', key: 'reviewedAt', width: 12, value: (r) => chinaDate(r.reviewedAt) },
  { header: '本周期学时', key: 'hoursThisCycle', width: 10 },
  { header: '本年参训次数', key: 'trainingsThisYear', width: 10 },
  {
    header: '资格与冲突',
    key: 'check',
    width: 30,
    value: (r) =>
      [
        ...(r.eligible === false ? r.reasons : []),
        ...r.clashes.map((c) => `与《${c.projectName}》（${c.startDate}至${c.endDate}）时间冲突`),
      ].join('；'),
  },
  { header: '成绩', key: 'score', width: 8 },
  { header: '考核结果', key: 'result', width: 8 },
  { header: '证书编号', key: 'externalCertificateNo', width: 18 },
  { header: '登记日期', key: 'createdAt', width: 12, value: (r) => chinaDate(r.createdAt) },
];
