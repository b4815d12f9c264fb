// The dictionaries' pure rules, shared by server and web without zod (phone pages load them): the
// kinds and their labels, how a raw value is normalised, which level an honour carries and which
// tags satisfy an honour requirement. The API's schemas are in dictionaries.ts.

/**
 * Every kind. Adding one: a line here, its label, its national list (server
 * modules/dictionaries/national.ts) and, when rows store it, its columns (usages.ts).
 */
export const DICTIONARY_KINDS = [
  'school_type',
  'school_affiliation',
  'stage',
  'subject',
  'title',
  'degree',
  'post',
  'honour',
  'honour_level',
  'training_category',
  'research_activity_type',
] as const;
export type DictionaryKind = (typeof DICTIONARY_KINDS)[number];

export const DICTIONARY_KIND_LABELS: Record<DictionaryKind, string> = {
  school_type: '学校类型',
  school_affiliation: '办学性质/隶属',
  stage: '学段',
  subject: '学科',
  title: '职称',
  degree: '学历',
  post: '岗位',
  honour: '骨干类别/荣誉称号',
  honour_level: '荣誉级别',
  training_category: '培训类别',
  research_activity_type: '教研活动类型',
};

/** Kinds whose entries carry a level (a value of honour_level). */
export const LEVELLED_KINDS: readonly DictionaryKind[] = ['honour'];
/** Kinds whose order is a rank ("专科及以上", "一级教师及以上"): the dictionary's order, lowest first. */
export const RANKED_KINDS: readonly DictionaryKind[] = ['title', 'degree'];

export const isDictionaryKind = (k: string): k is DictionaryKind => (DICTIONARY_KINDS as readonly string[]).includes(k);

/**
 * The key two spellings of one term share: NFKC (full-width → half-width), no spaces of any width,
 * no trailing note in brackets (“本科（函授）”), lower case. Values and synonyms are unique by it.
 */
export function dictionaryKey(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, '')
    .replace(/\([^)]*\)$/, '')
    .toLowerCase();
}

/** A value as it is stored when added from a sheet: NFKC, trimmed, no spaces inside Chinese text. */
export function cleanDictionaryValue(s: string): string {
  const t = s.normalize('NFKC').trim();
  return /^[\p{Script=Han}\s·•/、（）()]+$/u.test(t) ? t.replace(/\s+/g, '') : t.replace(/\s+/g, ' ');
}

/** What sheets write before an honour for its level, longest first. */
const LEVEL_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['国家级', '国家级'],
  ['州市级', '州市级'],
  ['市州级', '州市级'],
  ['地市级', '州市级'],
  ['省级', '省级'],
  ['市级', '州市级'],
  ['州级', '州市级'],
  ['县级', '县级'],
  ['区级', '县级'],
  ['县区级', '县级'],
  ['校级', '校级'],
];

/** The level an honour's name starts with (县级骨干教师 → 县级, 市级名师 → 州市级), or null. */
export function levelOfHonour(value: string): string | null {
  const v = value.normalize('NFKC').trim();
  for (const [prefix, level] of LEVEL_PREFIXES) if (v.startsWith(prefix)) return level;
  return null;
}

/**
 * The honour tags that satisfy a requirement of `required`: each tag itself and its levelled forms
 * (骨干教师 → 县级骨干教师, 市级骨干教师 …), so a project for 骨干教师 admits backbone teachers of
 * every level while one for 省级骨干教师 admits only those.
 */
export function honourTagsCovering(required: readonly string[]): string[] {
  const out = new Set<string>();
  for (const r of required) {
    out.add(r);
    if (levelOfHonour(r)) continue;
    for (const [prefix] of LEVEL_PREFIXES) out.add(prefix + r);
  }
  return [...out];
}
