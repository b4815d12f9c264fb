// Server-written text in the reader's language. The server writes Chinese (zh-CN) everywhere;
// what the web shows of it — error messages, import row errors, audit action names — is put into
// the request's language on the way out: zh-TW by OpenCC's Simplified → Taiwan conversion (with the
// web's words for account, file, sign-in …), English from the catalogue in en.ts (whole sentences as templates, and the
// words they are built from). Text the catalogue does not know stays as written.
import { type Language, PERMISSIONS, type Permission, ROLE_LABELS, type Role } from '@shixun/common';
import * as OpenCC from 'opencc-js/cn2t';
import { EN_AUDIT_ACTIONS, EN_PERMISSIONS, EN_TEMPLATES, EN_TERMS } from './en.js';

const CJK = /[\u3400-\u9fff]/;

const EN_ROLES: Record<Role, string> = {
  county_admin: 'county admin',
  leader: 'leader',
  area_admin: 'area admin',
  school_admin: 'school admin',
  teacher: 'teacher',
  trainer: 'trainer',
};

/** Exact sentences and words. */
const exact = new Map<string, string>([
  ...EN_TEMPLATES.filter(([zh]) => !zh.includes('{}')),
  ...Object.entries(EN_TERMS),
  ...(Object.keys(PERMISSIONS) as Permission[]).map((p) => [PERMISSIONS[p], EN_PERMISSIONS[p]] as const),
  ...(Object.keys(ROLE_LABELS) as Role[]).map((r) => [ROLE_LABELS[r], EN_ROLES[r]] as const),
]);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Templates as anchored patterns, the most specific (most fixed text) first. */
const templates = EN_TEMPLATES.filter(([zh]) => zh.includes('{}'))
  .map(([zh, en]) => ({
    re: new RegExp(`^${zh.split('{}').map(escapeRegExp).join('([\\s\\S]+?)')}$`),
    en,
    fixed: zh.replaceAll('{}', '').length,
  }))
  .sort((a, b) => b.fixed - a.fixed);

/** English for a Chinese sentence or word, or null when the catalogue does not know it. */
export function toEnglish(text: string, depth = 0): string | null {
  const hit = exact.get(text);
  if (hit !== undefined) return hit;
  if (depth > 4) return null;
  for (const t of templates) {
    const m = t.re.exec(text);
    if (!m) continue;
    const out = t.en.replace(/\{(\d)\}/g, (_, n: string) => {
      const part = m[Number(n)] ?? '';
      return CJK.test(part) ? (toEnglish(part, depth + 1) ?? part) : part;
    });
    return depth === 0 ? out.charAt(0).toUpperCase() + out.slice(1) : out;
  }
  return null;
}

/**
 * The words the web's zh-TW strings use where Taiwan differs from a character-by-character
 * conversion (OpenCC's full Taiwan phrase table would also turn 项目 into 專案 and 审核 into 稽核,
 * which the web does not say).
 */
const TAIWAN_WORDS: Array<[string, string]> = [
  ['賬號', '帳號'],
  ['賬戶', '帳戶'],
  ['登錄', '登入'],
  ['用戶名', '使用者名稱'],
  ['用戶', '使用者'],
  ['默認', '預設'],
  ['數據', '資料'],
  ['信息', '資訊'],
  ['軟件', '軟體'],
  ['設置', '設定'],
  ['文件', '檔案'],
];

let converter: ((s: string) => string) | undefined;
/** Simplified Chinese → Traditional Chinese in Taiwan's characters and the web's words. */
export function toTraditional(text: string): string {
  if (!converter) {
    const chars = OpenCC.Converter({ from: 'cn', to: 'tw' });
    const words = OpenCC.CustomConverter(TAIWAN_WORDS);
    converter = (s) => words(chars(s));
  }
  return converter(text);
}

/** A server-written text in the language; zh-CN as it is. */
export function translate(text: string, lang: Language): string {
  if (lang === 'zh-CN' || !CJK.test(text)) return text;
  if (lang === 'zh-TW') return toTraditional(text);
  return toEnglish(text) ?? text;
}

/** An audit action's name in the language (Chinese name given, as the audit module keeps them). */
export function auditActionName(action: string, chinese: string, lang: Language): string {
  if (lang === 'en') return EN_AUDIT_ACTIONS[action] ?? chinese;
  return translate(chinese, lang);
}
