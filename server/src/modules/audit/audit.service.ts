// Browsing the audit log: county admins only, their region only, newest first; each entry with the
// record it concerns in words (audit.targets.ts) and action names in the reader's language.
import type { AuditActionOption, AuditEntry, auditListQuery, Language } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { auditLogScope } from '../../access/scope.js';
import { type Db, one, rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { likeEscape, offsetOf } from '../../http/pagination.js';
import { auditActionName } from '../../i18n/translate.js';
import { withTargets } from './audit.targets.js';

type AuditListQuery = z.infer<typeof auditListQuery>;

/** Chinese names of the actions modules record; an action missing here is shown as itself. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.logout': '退出登录',
  'auth.password_change': '修改密码',
  'access.refused': '越权操作被拒绝',
  'teacher.create': '新增教师',
  'teacher.update': '修改教师信息',
  'teacher.transfer': '教师调动',
  'teacher.status': '教师状态变更',
  'teacher.reveal_id': '查看完整身份证号',
  'teacher.import': '导入教师',
  'teacher.export': '导出教师',
  'school.create': '新增学校',
  'school.update': '修改学校',
  'school.delete': '删除学校',
  'school.import': '导入学校',
  'training.results_import': '导入上级培训结果',
  'training.results_import_update': '导入培训结果（更新已有记录）',
  'school.export': '导出学校',
  'area.create': '新增学区',
  'area.update': '修改学区',
  'area.delete': '删除学区',
  'consortium.create': '新增教联体',
  'consortium.update': '修改教联体',
  'consortium.delete': '删除教联体',
  'account.create': '新建账号',
  'account.update': '修改账号',
  'account.reset_password': '重置密码',
  'account.disable': '停用账号',
  'account.enable': '启用账号',
  'account.unlock': '解除锁定',
  // credentials: account slips, activation, bulk accounts, exports of personal data
  'auth.activate': '开通账号（开通码首次登录）',
  'auth.activate_failed': '开通账号失败',
  'account.issue_codes': '发放账号开通码',
  'account.import': '导入账号',
  'account.bulk_school_admins': '批量创建学校管理员账号',
  'account.export': '导出账号列表',
  'credit_progress.export': '导出学时进度',
  'credit_audit.export': '导出学时审核表',
  'notice.receipts_export': '导出阅读回执',
  'category.seed': '写入默认培训类别',
  'category.create': '新增培训类别',
  'category.update': '修改培训类别',
  'trainer.create': '新增培训者',
  'trainer.update': '修改培训者',
  'trainer.deactivate': '停用培训者',
  'trainer.activate': '启用培训者',
  'project.create': '新建培训项目',
  'project.update': '修改培训项目',
  'project.delete': '删除培训项目',
  'project.status': '培训项目状态变更',
  'project.trainers': '设置项目培训者',
  'session.create': '新增课次',
  'session.update': '修改课次',
  'session.delete': '删除课次',
  'attendance.checkin': '扫码签到',
  'attendance.mark': '修改考勤',
  'attendance.close': '结束签到（未签到记缺勤）',
  'attendance.export': '导出出勤统计',
  'leave.request': '申请请假',
  'leave.review': '审批请假',
  'project.quotas': '分配名额',
  'participation.nominate': '推荐参训',
  'participation.unnominate': '撤回推荐',
  'participation.approve': '推荐审核通过',
  'participation.reject': '推荐审核不通过',
  'participation.send': '选派参加上级培训',
  'participation.enrol': '自主报名',
  'participation.withdraw': '退出培训',
  'participation.promote': '候补转正',
  'assessment.update': '录入考核结果',
  'assessment.import': '导入考核成绩',
  'project.complete': '办理结业',
  'participation.complete': '学员结业',
  'participation.fail': '学员未结业',
  'credit.post': '记入学时',
  'credit.reverse': '冲销学时',
  'certificate.issue': '颁发结业证书',
  'certificate.revoke': '撤销结业证书',
  'certificate.reinstate': '恢复结业证书',
  // credit bank (issue 4)
  'credit.adjust': '调整学时',
  'credit.import': '导入历史学分',
  'credit_rules.update': '修改学分规则',
  'credit_statement.issue': '开具学时证明',
  'credit_statement.revoke': '作废学时证明',
  'credit_application.submit': '提交学时申报',
  'credit_application.update': '修改学时申报',
  'credit_application.resubmit': '重新提交学时申报',
  'credit_application.withdraw': '撤回学时申报',
  'credit_application.school_pass': '学校审核通过学时申报',
  'credit_application.school_return': '学校退回学时申报',
  'credit_application.approve': '认定学时申报',
  'credit_application.county_return': '县级退回学时申报',
  'credit_audit.generate': '生成学时审核表',
  'credit_audit.submit': '提交学时审核表',
  'credit_audit.sign_off': '审核通过学时审核表',
  'credit_audit.return': '退回学时审核表',
  'ethics.create': '记录师德档案',
  'ethics.delete': '删除师德记录',
  // after training and money (issue 5)
  'report_back.create': '生成成果汇报任务',
  'report_back.submit': '提交成果汇报',
  'report_back.update': '修改成果汇报',
  'report_back.verify': '审核通过成果汇报',
  'report_back.return': '退回成果汇报',
  'report_back.withdraw': '撤销成果汇报任务',
  'report_back.remind': '提醒逾期成果汇报',
  'report_back.settings': '修改成果汇报规则',
  'reflection.create': '提交心得体会',
  'reflection.update': '修改心得体会',
  'reflection.review': '评阅心得体会',
  'money.settings': '修改经费设置',
  'budget.set': '设置培训经费预算',
  'budget.import': '导入公用经费预算',
  'dictionary.add': '新增字典条目',
  'dictionary.merge': '合并字典条目',
  'dictionary.import': '导入时新增字典条目',
  'expense.create': '登记经费支出',
  'expense.delete': '删除经费支出',
  'claim.submit': '提交报销申请',
  'claim.school_approve': '学校审核报销',
  'claim.approve': '县级审批报销',
  'claim.pay': '报销已支付',
  'claim.reject': '驳回报销',
  'attachment.upload': '上传附件',
  'attachment.link': '关联附件',
  'attachment.unlink': '移除附件',
  'notice.publish': '发布通知公告',
  // list exports and batch printing
  'project.export': '导出培训项目',
  'project.plan_export': '导出年度培训计划表',
  'trainer.export': '导出培训者库',
  'participation.export': '导出参训名单',
  'participation.sign_in_sheet': '导出签到表',
  'certificate.export': '导出结业证书名单',
  'certificate.batch': '批量生成结业证书',
  'credit_application.export': '导出学时申报',
  'claim.export': '导出报销单',
  'expense.export': '导出培训支出',
  'audit.export': '导出操作日志',
  // found unlabelled (audit.test.ts now checks every recorded action has a label)
  'assessment.settings': '修改县默认考核分数线',
  'claim.waive_report_back': '豁免报销单的成果汇报要求',
  'notice.update': '修改通知公告',
  'notice.withdraw': '撤回通知公告',
  'school.import_update': '导入学校（更新已有记录）',
  'teacher.import_update': '导入教师（更新已有记录）',
  'system.seed': '生成演示数据',
  // school-based development (校本研修, 送教下乡, 教联体展示) and the reading programme
  'research_activity.create': '登记校本研修活动',
  'research_activity.update': '修改校本研修活动',
  'research_activity.delete': '删除校本研修活动',
  'research_activity.checkin': '校本研修扫码签到',
  'research_activity.mark': '补录校本研修参与教师',
  'research_activity.unmark': '移出校本研修参与教师',
  'research_activity.confirm': '受援学校确认送教阶段',
  'research_activity.close': '结束校本研修活动并记学时',
  'research_activity.export': '导出校本研修活动',
  'research_spot_check.sample': '抽取校本研修抽查',
  'research_spot_check.decide': '记录校本研修抽查结论',
  'research_plan.create': '填写校本研修计划或总结',
  'research_plan.update': '修改校本研修计划或总结',
  'research_plan.submit': '提交校本研修计划或总结',
  'research_plan.accept': '通过校本研修计划或总结',
  'research_plan.return': '退回校本研修计划或总结',
  'research_outreach.create': '安排送教下乡',
  'research_settings.update': '修改校本研修设置',
  'research_compliance.export': '导出校本研修达标情况',
  'reading_book.create': '新增推荐书目',
  'reading_book.update': '修改推荐书目',
  'reading_book.delete': '删除推荐书目',
  'reading_log.create': '登记读书',
  'reading_log.update': '修改读书记录',
  'reading_note.create': '写读书笔记',
  'reading_note.review': '评阅读书笔记',
  'reading_award.create': '评选读书先进',
  'reading_award.delete': '撤销读书先进',
  // people development: honours, 青蓝 mentoring, studios, training teams, plans, providers
  'honour.create': '登记教师荣誉',
  'honour.update': '修改教师荣誉',
  'honour.delete': '删除教师荣誉',
  'honour.verify': '认定教师荣誉',
  'honour.reject': '不予认定教师荣誉',
  'honour.import': '导入教师荣誉',
  'honour.export': '导出教师荣誉',
  'mentoring.settings': '修改青蓝工程结对规则',
  'mentoring.pair': '师徒结对',
  'mentoring.update': '修改师徒结对',
  'mentoring.review': '师徒月度检查或考核',
  'mentoring.excellent': '评为优秀师徒',
  'mentoring.excellent_revoke': '撤销优秀师徒',
  'mentoring.log': '填写师徒活动记录',
  'mentoring.log_delete': '删除师徒活动记录',
  'mentoring.round': '开放师徒双选',
  'mentoring.round_close': '结束师徒双选',
  'mentoring.offer': '报名担任师傅',
  'mentoring.offer_withdraw': '撤回师傅报名',
  'mentoring.choose': '选择师傅',
  'mentoring.choice_withdraw': '撤回选择师傅',
  'mentoring.confirm': '确认师徒双选',
  'mentoring.decline': '不同意师徒双选',
  'mentoring.export': '导出师徒结对',
  'studio.create': '设立名师工作室',
  'studio.update': '修改名师工作室',
  'studio.members_add': '工作室增加成员',
  'studio.member_remove': '工作室成员退出',
  'studio.activity': '记录工作室活动',
  'studio.activity_delete': '删除工作室活动',
  'studio.output': '登记工作室成果',
  'studio.output_delete': '删除工作室成果',
  'studio.review': '工作室年度考核',
  'studio.export': '导出名师工作室',
  'team.create': '组建培训团队',
  'team.update': '修改培训团队',
  'team.members': '设置培训团队成员',
  'trainer.specialities': '设置培训者学科学段',
  'trainer_record.export': '导出培训者档案',
  'plan.create': '填写专业发展规划',
  'plan.update': '修改专业发展规划',
  'plan.submit': '提交专业发展规划',
  'plan.approve': '审批通过专业发展规划',
  'plan.return': '退回专业发展规划',
  'plan.summary': '填写年度总结',
  'plan.export': '导出专业发展规划',
  'provider.create': '登记承训机构',
  'provider.update': '修改承训机构',
  'provider.commission': '委托承训机构实施项目',
  'provider.withdraw': '撤回委托项目',
  'provider.export': '导出承训机构',
};

/** An action's name (Chinese, or `lang`); an action without a name is shown as itself. */
export const actionLabel = (action: string, lang: Language = 'zh-CN') =>
  auditActionName(action, AUDIT_ACTION_LABELS[action] ?? action, lang);

type AuditRow = {
  id: number | string;
  created_at: string | Date;
  user_id: number | null;
  user_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  user_agent: string | null;
};

function present(r: AuditRow): Omit<AuditEntry, 'target'> {
  return {
    id: Number(r.id),
    at: new Date(r.created_at).toISOString(),
    userId: r.user_id,
    userName: r.user_name,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before ?? null,
    after: r.after ?? null,
    ip: r.ip,
    userAgent: r.user_agent,
  };
}

/** Start of a calendar day in China (UTC+8 all year, no daylight saving), as a timestamptz literal. */
const dayStart = (isoDate: string) => `${isoDate}T00:00:00+08:00`;
const nextDay = (isoDate: string) => {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

export async function listAudit(db: Db, user: CurrentUser, q: AuditListQuery) {
  // Region equality plus a created_at range and ORDER BY created_at desc: an index range scan
  // on audit_region_time_idx (region_id, created_at), whatever the other filters.
  const where: SQL[] = [auditLogScope(user, 'a')];
  if (q.from) where.push(sql`a.created_at >= ${dayStart(q.from)}::timestamptz`);
  if (q.to) where.push(sql`a.created_at < ${dayStart(nextDay(q.to))}::timestamptz`);
  if (q.userId) where.push(sql`a.user_id = ${q.userId}`);
  if (q.q) where.push(sql`a.user_name ilike ${`%${likeEscape(q.q)}%`}`);
  if (q.action) where.push(sql`a.action = ${q.action}`);
  if (q.entity) where.push(sql`a.entity = ${q.entity}`);
  if (q.entityId) where.push(sql`a.entity_id = ${q.entityId}`);
  const cond = sql.join(where, sql` and `);
  const [items, total] = await Promise.all([
    rows<AuditRow>(
      db,
      sql`select a.id, a.created_at, a.user_id, a.user_name, a.action, a.entity, a.entity_id, a.before, a.after,
                 a.ip, a.user_agent
          from audit_log a where ${cond}
          order by a.created_at desc, a.id desc
          limit ${q.pageSize} offset ${offsetOf(q)}`,
    ),
    one<{ n: number }>(db, sql`select count(*)::int as n from audit_log a where ${cond}`),
  ]);
  return { items: await withTargets(db, user, items.map(present)), total: total?.n ?? 0 };
}

/** The actions present in the region's log, labelled, for the filter dropdown. */
export async function listAuditActions(
  db: Db,
  user: CurrentUser,
  lang: Language = 'zh-CN',
): Promise<AuditActionOption[]> {
  const found = await rows<{ action: string }>(
    db,
    sql`select distinct action from audit_log where ${auditLogScope(user, 'audit_log')} order by action`,
  );
  return found.map((r) => ({ action: r.action, label: actionLabel(r.action, lang) }));
}
