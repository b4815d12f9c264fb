// Closed vocabularies of the domain. Stored values are the Chinese terms users see and type,
// so spreadsheets, exports and SQL read the same; translations live in the web's i18n files.

export const ROLES = [
  'county_admin',
  'leader',
  'area_admin',
  'school_admin',
  'teacher',
  'trainer',
  // A training provider (承训机构) the county commissions projects from: sees only those projects.
  'provider',
] as const;
export type Role = (typeof ROLES)[number];

export const SCHOOL_TYPES = [
  '幼儿园',
  '镇乡小学',
  '直属小学',
  '初中',
  '九年一贯制',
  '高中',
  '职业高中',
  '特殊教育',
] as const;
export type SchoolType = (typeof SCHOOL_TYPES)[number];

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

export const TEACHER_STATUSES = ['在职', '调出', '退休'] as const;
export type TeacherStatus = (typeof TEACHER_STATUSES)[number];

/** Which stages a school of a given type usually teaches (used by the seed and as a hint in forms). */
export const STAGES_BY_SCHOOL_TYPE: Record<SchoolType, readonly Stage[]> = {
  幼儿园: ['幼儿园'],
  镇乡小学: ['小学'],
  直属小学: ['小学'],
  初中: ['初中'],
  九年一贯制: ['小学', '初中'],
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
