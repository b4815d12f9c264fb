// The five-level training system: vocabularies, the project lifecycle, completion rules. Pure.
import { honourTagsCovering } from './dictionary-rules.js';
import { TITLES } from './enums.js';

export const LEVELS = ['国培', '省培', '市州培', '县培', '校培'] as const;
export type Level = (typeof LEVELS)[number];
/** Keys used by the statistics contract, in LEVELS order. */
export const LEVEL_KEYS: Record<Level, 'national' | 'provincial' | 'prefectural' | 'county' | 'school'> = {
  国培: 'national',
  省培: 'provincial',
  市州培: 'prefectural',
  县培: 'county',
  校培: 'school',
};
/** Upper levels are run elsewhere: the county records quotas, the teachers sent, and results. */
export const UPPER_LEVELS: readonly Level[] = ['国培', '省培', '市州培'];
/** What spreadsheets from other platforms write for a level. */
export const LEVEL_SYNONYMS: Record<string, Level> = {
  国培: '国培',
  国家级: '国培',
  国培计划: '国培',
  省培: '省培',
  省级: '省培',
  市培: '市州培',
  州培: '市州培',
  市州培: '市州培',
  市级: '市州培',
  州级: '市州培',
  市州级: '市州培',
  县培: '县培',
  县级: '县培',
  区培: '县培',
  校培: '校培',
  校级: '校培',
  校本: '校培',
};

export const MODES = ['集中面授', '网络远程', '混合式', '跟岗影子', '送教下乡', '外出交流'] as const;
export type Mode = (typeof MODES)[number];
export const MODE_SYNONYMS: Record<string, Mode> = {
  集中面授: '集中面授',
  面授: '集中面授',
  线下: '集中面授',
  集中培训: '集中面授',
  网络远程: '网络远程',
  网络研修: '网络远程',
  远程: '网络远程',
  线上: '网络远程',
  网络: '网络远程',
  混合式: '混合式',
  混合: '混合式',
  线上线下: '混合式',
  跟岗影子: '跟岗影子',
  跟岗: '跟岗影子',
  影子培训: '跟岗影子',
  跟岗研修: '跟岗影子',
  送教下乡: '送教下乡',
  送教: '送教下乡',
  外出交流: '外出交流',
  外出学习: '外出交流',
  考察学习: '外出交流',
};
/** Modes counted as online person-times in statistics. */
export const ONLINE_MODES: readonly Mode[] = ['网络远程'];

/** 培训类别 (seed list; a county may add its own). */
export const DEFAULT_CATEGORIES = [
  '骨干教师',
  '班主任',
  '新教师岗前',
  '新教师结业/规范化',
  '幼儿园教师',
  '校长任职资格/提高',
  '园长',
  '中层干部',
  '后备干部',
  '培训者培训',
  '远程培训管理员',
  '信息技术能力',
  '心理健康',
  '师德',
  '学科/新课标',
  '送教下乡',
  '校本研修',
  '学历提升',
  '读书活动',
  '资格考前',
  '其他',
] as const;

export const PROJECT_STATUSES = ['draft', 'published', 'enrolling', 'running', 'assessing', 'closed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  draft: '草稿',
  published: '已发布',
  enrolling: '报名中',
  running: '实施中',
  assessing: '考核中',
  closed: '已结束',
};

/** Allowed moves of the lifecycle; anything else is refused with the reason. */
export const PROJECT_TRANSITIONS: Record<ProjectStatus, readonly ProjectStatus[]> = {
  draft: ['published'],
  published: ['draft', 'enrolling'],
  enrolling: ['published', 'running'],
  running: ['assessing'],
  assessing: ['running', 'closed'],
  closed: ['assessing'],
};

export function canTransition(from: ProjectStatus, to: ProjectStatus): boolean {
  return PROJECT_TRANSITIONS[from].includes(to);
}

export function transitionError(from: ProjectStatus, to: ProjectStatus): string | null {
  if (canTransition(from, to)) return null;
  const allowed = PROJECT_TRANSITIONS[from].map((s) => PROJECT_STATUS_LABELS[s]).join('、');
  return `项目当前为“${PROJECT_STATUS_LABELS[from]}”，不能改为“${PROJECT_STATUS_LABELS[to]}”（可改为：${allowed || '无'}）`;
}

export const PARTICIPATION_STATUSES = [
  'nominated',
  'rejected',
  'enrolled',
  'waitlisted',
  'withdrawn',
  'completed',
  'failed',
] as const;
export type ParticipationStatus = (typeof PARTICIPATION_STATUSES)[number];
export const PARTICIPATION_STATUS_LABELS: Record<ParticipationStatus, string> = {
  nominated: '已推荐待审核',
  rejected: '未通过',
  enrolled: '已报名',
  waitlisted: '候补',
  withdrawn: '已退出',
  completed: '已结业',
  failed: '未结业',
};

export const RESULTS = ['优秀', '合格', '不合格'] as const;
export type Result = (typeof RESULTS)[number];

export const ATTENDANCE_STATUSES = ['present', 'late', 'absent', 'leave'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
  present: '出勤',
  late: '迟到',
  absent: '缺勤',
  leave: '请假',
};

// Kept here, in a module without schemas, so that pages showing them need not load zod.
export const LEAVE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type LeaveStatus = (typeof LEAVE_STATUSES)[number];
export const LEAVE_STATUS_LABELS: Record<LeaveStatus, string> = {
  pending: '待审批',
  approved: '已批准',
  rejected: '未批准',
};

/** Times of day (sessions) are wall-clock times in this zone; China has had no DST since 1991. */
export const PLAN_TIME_ZONE = 'Asia/Shanghai';
export const PLAN_UTC_OFFSET = '+08:00';

export interface CompletionRule {
  /** Share of sessions attended (present or late), 0..1; sessions on approved leave count as neither. */
  minAttendanceRate: number;
  /** Result must be 合格 or 优秀. */
  requirePass: boolean;
  /** The project's pass line (score ≥ it → 合格); null or absent = the county's default. */
  passScore?: number | null;
  /** The project's excellent line (score ≥ it → 优秀); null or absent = the county's default. */
  excellentScore?: number | null;
}
export const DEFAULT_COMPLETION_RULE: CompletionRule = { minAttendanceRate: 0.8, requirePass: true };

/** The lines a score is judged by. */
export interface ScoreLines {
  passScore: number;
  excellentScore: number;
}
/** Used until a county sets its own (a 100-point scale: 60 passes, 85 is excellent). */
export const DEFAULT_SCORE_LINES: ScoreLines = { passScore: 60, excellentScore: 85 };

/** The result a score gives: ≥ excellent line 优秀, ≥ pass line 合格, else 不合格. */
export function resultFromScore(score: number, lines: ScoreLines): Result {
  if (score + 1e-9 >= lines.excellentScore) return '优秀';
  if (score + 1e-9 >= lines.passScore) return '合格';
  return '不合格';
}

/** The project's lines where it sets them, else the county's. */
export function scoreLinesOf(rule: Pick<CompletionRule, 'passScore' | 'excellentScore'>, county: ScoreLines) {
  return {
    passScore: rule.passScore ?? county.passScore,
    excellentScore: rule.excellentScore ?? county.excellentScore,
    fromProject: rule.passScore != null || rule.excellentScore != null,
  };
}

/**
 * Attendance rate = sessions attended (present/late) / sessions held, excluding approved leave
 * from the denominator. A project without sessions has rate 1 (nothing to attend).
 */
export function attendanceRate(held: number, attended: number, onLeave = 0): number {
  const denominator = held - onLeave;
  if (denominator <= 0) return 1;
  return Math.min(1, attended / denominator);
}

export function meetsCompletion(
  rule: CompletionRule,
  input: { attendanceRate: number; result: Result | null },
): { completed: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (input.attendanceRate + 1e-9 < rule.minAttendanceRate) {
    reasons.push(
      `出勤率 ${(input.attendanceRate * 100).toFixed(1)}% 低于要求的 ${(rule.minAttendanceRate * 100).toFixed(0)}%`,
    );
  }
  if (rule.requirePass) {
    if (!input.result) reasons.push('尚未录入考核结果');
    else if (input.result === '不合格') reasons.push('考核结果为不合格');
  }
  return { completed: reasons.length === 0, reasons };
}

export interface Eligibility {
  stages?: string[];
  subjects?: string[];
  /** Any of these honour tags (a tag without a level also admits its levelled forms: 骨干教师 → 县级骨干教师). */
  tags?: string[];
  minYears?: number;
  maxYears?: number;
  /** Hired within the last 3 years. */
  newTeachersOnly?: boolean;
  /** Holds any of these posts (班主任, 中层干部, 校长 …): for 班主任, 中层干部 and 校长 projects. */
  posts?: string[];
  /** This professional title or above (TITLES order: 一级教师 → 一级、高级、正高级). */
  minTitle?: string;
}

/** 1-based rank of a title in TITLES (未定级 lowest); 0 when unknown or empty. */
export function titleRank(title: string | null | undefined): number {
  return title ? (TITLES as readonly string[]).indexOf(title) + 1 : 0;
}

/** Years of service at `on` (whole years since hire date). */
export function yearsOfService(hireDate: string | null, on: string): number | null {
  if (!hireDate) return null;
  const [hy, hm, hd] = hireDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  let years = y - hy;
  if (m < hm || (m === hm && d < hd)) years -= 1;
  return years;
}

/** Why a teacher may not join a project (empty = eligible). */
export function eligibilityProblems(
  e: Eligibility,
  t: {
    stage: string;
    subject: string;
    tags: string[];
    hireDate: string | null;
    status: string;
    posts?: readonly string[];
    title?: string | null;
  },
  on: string,
): string[] {
  const out: string[] = [];
  if (t.status !== '在职') out.push(`教师状态为“${t.status}”`);
  if (e.stages?.length && !e.stages.includes(t.stage)) out.push(`学段“${t.stage}”不在要求的 ${e.stages.join('、')} 内`);
  if (e.subjects?.length && !e.subjects.includes(t.subject)) {
    out.push(`学科“${t.subject}”不在要求的 ${e.subjects.join('、')} 内`);
  }
  if (e.tags?.length) {
    const covering = honourTagsCovering(e.tags);
    if (!covering.some((x) => t.tags.includes(x))) out.push(`不是${e.tags.join('或')}`);
  }
  const years = yearsOfService(t.hireDate, on);
  if (e.minYears != null && (years === null || years < e.minYears)) {
    out.push(`教龄${years === null ? '未知' : `${years}年`}，要求不少于${e.minYears}年`);
  }
  if (e.maxYears != null && years !== null && years > e.maxYears) out.push(`教龄${years}年，要求不超过${e.maxYears}年`);
  if (e.newTeachersOnly && (years === null || years >= 3)) out.push('仅限新教师（教龄不满3年）');
  if (e.posts?.length && !e.posts.some((p) => (t.posts ?? []).includes(p))) {
    out.push(`岗位不符：要求${e.posts.join('或')}`);
  }
  if (e.minTitle && titleRank(t.title) < titleRank(e.minTitle)) {
    out.push(`职称“${t.title || '未填写'}”，要求${e.minTitle}及以上`);
  }
  return out;
}
