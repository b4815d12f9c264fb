// The access table: every permission a route may require, and which roles hold it. The server's
// access hook checks it before any handler runs (every API route declares one permission, or is
// public); the web hides controls by the same table. Record-dependent rules (a school's own 校培
// project, a trainer's own project, a teacher's own record) are not here: they are SQL scope.
import type { Role } from './enums.js';

export const ROLE_LABELS: Record<Role, string> = {
  county_admin: '县级管理员',
  leader: '局领导',
  area_admin: '学区/教联体管理员',
  school_admin: '学校管理员',
  teacher: '教师',
  trainer: '培训专家',
};

/** Every permission, `<module>.<verb>`, with what it allows in words (refusal messages use them). */
export const PERMISSIONS = {
  'auth.self': '使用本人账号（当前用户、修改密码）',
  'jobs.read': '查看本人发起的后台任务',
  'notifications.self': '查看本人站内消息',
  'attachments.read': '下载附件',
  'attachments.upload': '上传附件',

  'org.read': '查看学校、学区和教联体',
  'org.write': '修改学校联系信息',
  'org.manage': '管理学区、教联体和学校（新建、删除、导入）',
  'teachers.read': '查看和导出花名册',
  'teachers.detail': '查看教师档案',
  'teachers.write': '维护花名册（新增、修改、调动、调出退休）',
  'teachers.import': '导入教师',
  'teachers.reveal': '查看完整身份证号（记入审计日志）',
  'accounts.manage': '管理账号',
  'audit.read': '查看操作日志',
  'stats.read': '查看统计',
  'weekly.read': '查看工作周报',

  'notices.read': '接收和阅读通知',
  'notices.publish': '发布通知',
  'notices.track': '查看已发通知和阅读回执',

  'projects.read': '查看培训项目',
  'projects.manage': '管理培训项目、课次和授课安排',
  'projects.configure': '维护培训类别',
  'trainers.read': '查看培训者库',
  'trainers.self': '查看本人培训者档案',
  'trainers.write': '维护培训者库',
  'enrolment.quotas': '查看名额分配',
  'enrolment.allocate': '分配名额、登记选派教师',
  'enrolment.nominate': '推荐教师',
  'enrolment.review': '审核推荐、移出参训教师',
  'enrolment.participants': '查看参训名单',
  'enrolment.self': '自主报名、退出和查看本人培训',
  'attendance.read': '查看考勤',
  'attendance.manage': '管理考勤（签到码、补录、结束签到、审批请假）',
  'attendance.self': '扫码签到、请假和查看本人考勤',
  'assessment.read': '查看考核',
  'assessment.manage': '录入考核、办理结业',
  'certificates.read': '查看结业证书',
  'certificates.issue': '颁发结业证书',
  'certificates.revoke': '撤销结业证书',
  'certificates.self': '查看本人结业证书',
  'results.import': '导入上级培训结果',

  'credits.read': '查看学时台账、进度和学时证明',
  'credits.progress': '查看学时进度名单',
  'credits.rules': '查看学分规则',
  'credits.configure': '修改学分规则',
  'credits.adjust': '调整、冲销学时',
  'credits.issue': '开具学时证明',
  'credits.revoke': '撤销学时证明',
  'credits.import': '导入历史学时',
  'credit-applications.read': '查看学时申报',
  'credit-applications.submit': '申报学时',
  'credit-applications.review': '审核学时申报（学校）',
  'credit-applications.decide': '认定学时申报（县级）',
  'credit-audit.read': '查看学时审核表',
  'credit-audit.submit': '生成、提交本校学时审核表',
  'credit-audit.review': '审核学时审核表',
  'ethics.read': '查看师德档案',
  'ethics.write': '记录师德档案',
  'ethics.delete': '删除师德档案记录',
  'archive.read': '查看成长档案',

  'report-backs.read': '查看成果汇报',
  'report-backs.rules': '查看成果汇报规则',
  'report-backs.configure': '修改成果汇报规则',
  'report-backs.stats': '查看各校成果汇报统计',
  'report-backs.submit': '填写成果汇报',
  'report-backs.review': '审核成果汇报',
  'reflections.read': '查看心得体会',
  'reflections.stats': '查看心得体会统计',
  'reflections.write': '撰写心得体会',
  'reflections.review': '评阅心得体会',
  'budgets.read': '查看经费预算和支出',
  'budgets.rules': '查看经费设置',
  'budgets.configure': '修改经费设置、设置预算',
  'budgets.write': '登记、删除培训支出',
  'claims.read': '查看报销单',
  'claims.submit': '填报报销单',
  'claims.approve': '审批、退回报销单',
  'claims.pay': '登记报销支付',
} as const satisfies Record<string, string>;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** Every signed-in user: their own account, inbox and files, and what is scoped record by record. */
const EVERYONE = [
  'auth.self',
  'jobs.read',
  'notifications.self',
  'attachments.read',
  'notices.read',
  'projects.read',
  'attendance.read',
  'certificates.read',
  'credits.rules',
  'report-backs.rules',
  'reflections.read',
  'budgets.rules',
] as const satisfies readonly Permission[];

/** The four administrative roles read their scope: the county (admin, leader), an area, a school. */
const SCOPE_READERS = [
  'org.read',
  'teachers.read',
  'teachers.detail',
  'stats.read',
  'weekly.read',
  'trainers.read',
  'enrolment.quotas',
  'enrolment.participants',
  'assessment.read',
  'credits.read',
  'credits.progress',
  'credit-applications.read',
  'credit-audit.read',
  'ethics.read',
  'archive.read',
  'report-backs.read',
  'report-backs.stats',
  'reflections.stats',
  'budgets.read',
  'claims.read',
] as const satisfies readonly Permission[];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  county_admin: [
    ...EVERYONE,
    ...SCOPE_READERS,
    'attachments.upload',
    'org.write',
    'org.manage',
    'teachers.write',
    'teachers.import',
    'teachers.reveal',
    'accounts.manage',
    'audit.read',
    'notices.publish',
    'notices.track',
    'projects.manage',
    'projects.configure',
    'trainers.write',
    'enrolment.allocate',
    'enrolment.nominate',
    'enrolment.review',
    'attendance.manage',
    'assessment.manage',
    'certificates.issue',
    'certificates.revoke',
    'results.import',
    'credits.configure',
    'credits.adjust',
    'credits.issue',
    'credits.revoke',
    'credits.import',
    'credit-applications.review',
    'credit-applications.decide',
    'credit-audit.review',
    'ethics.write',
    'ethics.delete',
    'report-backs.configure',
    'report-backs.review',
    'reflections.review',
    'budgets.configure',
    'budgets.write',
    'claims.approve',
    'claims.pay',
  ],
  // Reads everything of the county and writes nothing.
  leader: [...EVERYONE, ...SCOPE_READERS, 'notices.track'],
  area_admin: [
    ...EVERYONE,
    ...SCOPE_READERS,
    'attachments.upload',
    'org.write',
    'teachers.write',
    'teachers.import',
    'credits.issue',
    'credits.import',
    'reflections.review',
  ],
  school_admin: [
    ...EVERYONE,
    ...SCOPE_READERS,
    'attachments.upload',
    'org.write',
    'teachers.write',
    'teachers.import',
    'notices.publish',
    'notices.track',
    'projects.manage',
    'enrolment.nominate',
    'enrolment.review',
    'attendance.manage',
    'assessment.manage',
    'certificates.issue',
    'certificates.revoke',
    'credits.issue',
    'credits.import',
    'credit-applications.review',
    'credit-audit.submit',
    'ethics.write',
    'report-backs.review',
    'reflections.review',
    'budgets.write',
    'claims.submit',
    'claims.approve',
  ],
  teacher: [
    ...EVERYONE,
    'attachments.upload',
    'teachers.detail',
    'trainers.self',
    'enrolment.self',
    'attendance.self',
    'certificates.self',
    'credits.read',
    'credits.issue',
    'credit-applications.read',
    'credit-applications.submit',
    'ethics.read',
    'archive.read',
    'report-backs.read',
    'report-backs.submit',
    'reflections.write',
    'claims.read',
    'claims.submit',
  ],
  trainer: [
    ...EVERYONE,
    'attachments.upload',
    'trainers.self',
    'enrolment.participants',
    'attendance.manage',
    'assessment.read',
    'assessment.manage',
    'certificates.issue',
    'reflections.stats',
    'reflections.review',
  ],
};

const GRANTED = new Map<Role, ReadonlySet<Permission>>(
  (Object.keys(ROLE_PERMISSIONS) as Role[]).map((r) => [r, new Set(ROLE_PERMISSIONS[r])]),
);

/** Does the role hold the permission? (No role: nothing.) */
export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role != null && (GRANTED.get(role)?.has(permission) ?? false);
}

/** The roles holding a permission, in the order of ROLES. */
export function rolesWith(permission: Permission): Role[] {
  return (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) => can(r, permission));
}

export const LEADER_READ_ONLY = '局领导账号为只读，不能修改数据';

/** The one refusal message: a leader trying to change something, or a role lacking the permission. */
export function refusalMessage(role: Role, permission: Permission, changesData: boolean): string {
  if (role === 'leader' && changesData) return LEADER_READ_ONLY;
  return `${ROLE_LABELS[role]}账号没有权限${PERMISSIONS[permission]}`;
}
