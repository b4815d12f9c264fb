// Vocabularies of the domain. Stored values are the Chinese terms users see and type, so
// spreadsheets, exports and SQL read the same; translations live in the web's i18n files.
// Roles, genders, 城乡 and teacher statuses are closed (rules depend on them). The others are the
// national lists each county's dictionary starts from (dictionaries.ts): a county adds, merges and
// retires its own entries, so code must not assume a value is one of these.

export const ROLES = ['county_admin', 'leader', 'area_admin', 'school_admin', 'teacher', 'trainer'] as const;
export type Role = (typeof ROLES)[number];

/** 直属/镇乡 is the school's affiliation (SCHOOL_AFFILIATIONS), not part of its type. */
export const SCHOOL_TYPES = [
  '幼儿园',
  '小学',
  '教学点',
  '初中',
  '九年一贯制',
  '十二年一贯制',
  '完全中学',
  '高中',
  '职业高中',
  '特殊教育',
] as const;
export type SchoolType = (typeof SCHOOL_TYPES)[number];

/** 办学性质/隶属. */
export const SCHOOL_AFFILIATIONS = ['直属', '镇乡', '民办'] as const;

export const URBAN_RURAL = ['城镇', '乡村'] as const;
export type UrbanRural = (typeof URBAN_RURAL)[number];

export const STAGES = ['幼儿园', '小学', '初中', '高中', '中职', '特殊教育'] as const;
export type Stage = (typeof STAGES)[number];

export const GENDERS = ['男', '女'] as const;
export type Gender = (typeof GENDERS)[number];

export const DEGREES = ['高中及以下', '中专', '专科', '本科', '研究生'] as const;
export type Degree = (typeof DEGREES)[number];

export const TITLES = ['未定级', '三级教师', '二级教师', '一级教师', '高级教师', '正高级教师'] as const;
export type Title = (typeof TITLES)[number];

export const SUBJECTS = [
  '语文',
  '数学',
  '英语',
  '物理',
  '化学',
  '生物',
  '政治',
  '道德与法治',
  '历史',
  '地理',
  '科学',
  '信息技术',
  '音乐',
  '体育',
  '美术',
  '心理健康',
  '综合实践',
  '劳动',
  '学前教育',
  '特殊教育',
  '专业课',
  '其他',
] as const;
export type Subject = (typeof SUBJECTS)[number];

export const HONOUR_TAGS = ['骨干教师', '学科带头人', '名师', '特级教师', '正高级'] as const;
export type HonourTag = (typeof HONOUR_TAGS)[number];

export const POSTS = ['班主任', '中层干部', '校长', '副校长', '园长', '副园长', '教研组长'] as const;
export type Post = (typeof POSTS)[number];

/** Levels of honours (荣誉、骨干 …), highest first. */
export const HONOUR_LEVELS = ['国家级', '省级', '州市级', '县级', '校级'] as const;

/** School-based research (校本研修) activity types. */
export const RESEARCH_ACTIVITY_TYPES = [
  '集体备课',
  '观课议课',
  '专题讲座',
  '读书沙龙',
  '课题研究',
  '业务论坛',
  '教研组活动',
] as const;

export const TEACHER_STATUSES = ['在职', '调出', '退休'] as const;
export type TeacherStatus = (typeof TEACHER_STATUSES)[number];

/**
 * Which stages a school of a national type usually teaches (a hint in forms; the roster import
 * fills a missing 学段 from it when there is exactly one). A county's own types have no hint.
 */
export const STAGES_BY_SCHOOL_TYPE: Readonly<Record<string, readonly Stage[]>> = {
  幼儿园: ['幼儿园'],
  小学: ['小学'],
  教学点: ['小学'],
  初中: ['初中'],
  九年一贯制: ['小学', '初中'],
  十二年一贯制: ['小学', '初中', '高中'],
  完全中学: ['初中', '高中'],
  高中: ['高中'],
  职业高中: ['中职'],
  特殊教育: ['特殊教育'],
};

/** Degree rank, for "专科及以上" style attainment shares. */
export const DEGREE_RANK: Record<Degree, number> = {
  高中及以下: 0,
  中专: 1,
  专科: 2,
  本科: 3,
  研究生: 4,
};
