// Rows → API shapes. Only the masked ID number (last four) and the birth year ever leave through
// here, unless the service passes what it decrypted for someone who may see it: the full ID number
// on a reveal, the birth date to those who may see the full ID (it is eight of its eighteen digits).
import type { Teacher, TeacherDetail } from '@shixun/common';
import type { XlsxColumn } from '../../lib/xlsx-export.js';
import type { HistoryRow, TeacherDetailRow, TeacherRow, TeacherWriteRow } from './teachers.repo.js';

export function presentTeacher(r: TeacherRow, birthDate: string | null = null): Teacher {
  return {
    id: r.id,
    name: r.name,
    gender: (r.gender as Teacher['gender']) ?? null,
    idNumberMasked: r.id_masked,
    birthDate,
    birthYear: r.birth_year == null ? null : Number(r.birth_year),
    phone: r.phone,
    schoolId: r.school_id,
    schoolName: r.school_name,
    stage: r.stage,
    subject: r.subject,
    title: r.title,
    degree: r.degree,
    hireDate: r.hire_date,
    posts: r.posts ?? [],
    tags: r.tags ?? [],
    status: r.status as Teacher['status'],
    hasAccount: !!r.has_account,
    accountState: r.account_state ?? null,
  };
}

export function presentTeacherDetail(
  r: TeacherDetailRow,
  history: HistoryRow[],
  shown: { idNumber?: string; birthDate: string | null },
): TeacherDetail {
  const { idNumber } = shown;
  return {
    ...presentTeacher(r, shown.birthDate),
    ...(idNumber ? { idNumber } : {}),
    areaName: r.area_name,
    consortiumName: r.consortium_name,
    statusDate: r.status_date,
    username: r.username,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    history: history.map((h) => ({ at: h.at, action: h.action, userName: h.user_name, summary: summarise(h) })),
  };
}

/** The fields the audit log records for a teacher (never the full ID number). */
export function auditedFields(r: TeacherWriteRow) {
  return {
    name: r.name,
    gender: r.gender,
    idNumber: r.id_masked,
    birthYear: r.birth_year == null ? null : Number(r.birth_year),
    phone: r.phone,
    stage: r.stage,
    subject: r.subject,
    title: r.title,
    degree: r.degree,
    hireDate: r.hire_date,
    posts: r.posts ?? [],
    tags: r.tags ?? [],
  };
}

// ---------- history summaries ----------

export const FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  gender: '性别',
  idNumber: '身份证号',
  birthDate: '出生日期',
  birthYear: '出生年份',
  phone: '手机号',
  schoolName: '学校',
  stage: '学段',
  subject: '学科',
  title: '职称',
  degree: '学历',
  hireDate: '参加工作时间',
  posts: '岗位',
  tags: '骨干类别',
  status: '状态',
  statusDate: '状态日期',
};

const ACTION_LABELS: Record<string, string> = {
  'teacher.create': '新增',
  'teacher.update': '修改',
  'teacher.transfer': '调动',
  'teacher.status': '状态变更',
  'teacher.reveal_id': '查看完整身份证号',
  'teacher.export': '导出',
  'teacher.import': '导入',
  'teacher.import_create': '导入新增',
  'teacher.import_update': '导入更新',
  'teacher.delete': '删除',
};

const show = (v: unknown): string => {
  if (v == null || v === '') return '空';
  if (Array.isArray(v)) return v.length ? v.join('、') : '无';
  return String(v);
};

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** "调动：A校 → B校", "修改：职称 一级教师 → 高级教师" … */
export function summarise(h: Pick<HistoryRow, 'action' | 'before' | 'after'>): string {
  const before = obj(h.before);
  const after = obj(h.after);
  const label = ACTION_LABELS[h.action] ?? h.action;
  const reason = after.reason ? `（原因：${show(after.reason)}）` : '';
  switch (h.action) {
    case 'teacher.create':
    case 'teacher.import_create':
      return `${label}：${show(after.name)}${after.schoolName ? `，${show(after.schoolName)}` : ''}`;
    case 'teacher.transfer':
      return `${label}：${show(before.schoolName)} → ${show(after.schoolName)}${reason}`;
    case 'teacher.status': {
      const date = after.statusDate ? `，${show(after.statusDate)}` : '';
      return `${label}：${show(before.status)} → ${show(after.status)}${date}${reason}`;
    }
    case 'teacher.reveal_id':
      return after.self ? `${label}（本人）` : label;
    default: {
      const changes = Object.keys(after)
        .filter((k) => k !== 'reason' && k in before)
        .map((k) => `${FIELD_LABELS[k] ?? k} ${show(before[k])} → ${show(after[k])}`);
      return changes.length ? `${label}：${changes.join('；')}` : label;
    }
  }
}

// ---------- export ----------

const TEACHER_EXPORT_REST: XlsxColumn<Teacher>[] = [
  { header: '手机号', key: 'phone', width: 14 },
  { header: '学校', key: 'schoolName', width: 24 },
  { header: '学段', key: 'stage', width: 8 },
  { header: '学科', key: 'subject', width: 10 },
  { header: '职称', key: 'title', width: 12 },
  { header: '学历', key: 'degree', width: 8 },
  { header: '参加工作时间', key: 'hireDate', width: 13 },
  { header: '岗位', key: 'posts', width: 16 },
  { header: '骨干类别', key: 'tags', width: 16 },
  { header: '状态', key: 'status', width: 6 },
  // The roster import matches a row by it when the ID column holds the mask (export → edit → import).
  { header: '系统编号', key: 'id', width: 9 },
];

/**
 * Columns of 教师名单.xlsx; the ID column is the mask, always. The birth date only for those who may
 * see the full ID number; everyone else gets the year.
 */
export function teacherExportColumns(withBirthDate: boolean): XlsxColumn<Teacher>[] {
  return [
    { header: '姓名', key: 'name', width: 10 },
    { header: '性别', key: 'gender', width: 6 },
    { header: '身份证号(脱敏)', key: 'idNumberMasked', width: 22 },
    withBirthDate
      ? { header: '出生日期', key: 'birthDate', width: 12 }
      : { header: '出生年份', key: 'birthYear', width: 10 },
    ...TEACHER_EXPORT_REST,
  ];
}
