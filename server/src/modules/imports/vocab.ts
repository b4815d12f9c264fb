// Vocabularies for parse.ts's closed-list readers: the closed ones (gender, 城乡), and the national
// lists of the dictionary kinds for code without a county at hand. Imports read dictionary kinds
// through the county's own dictionaries (ImportTerms), not these.
import { type DictionaryKind, GENDERS, URBAN_RURAL } from '@shixun/common';
import { KIND_RULES } from '../dictionaries/dictionary.js';
import { NATIONAL } from '../dictionaries/national.js';
import { vocabulary } from './parse.js';

export const GENDER = vocabulary(GENDERS, { 男性: '男', 女性: '女', m: '男', f: '女', male: '男', female: '女' });

export const URBAN = vocabulary(URBAN_RURAL, {
  城区: '城镇',
  城市: '城镇',
  县城: '城镇',
  镇区: '城镇',
  城: '城镇',
  农村: '乡村',
  乡镇: '乡村',
  乡: '乡村',
  村: '乡村',
});

/** A kind's national list as a closed vocabulary (values, synonyms, the kind's fallback and "none" words). */
function national(kind: DictionaryKind) {
  const list = NATIONAL[kind];
  const synonyms: Record<string, string | null> = {};
  for (const e of list) for (const s of e.synonyms) synonyms[s] = e.value;
  for (const w of KIND_RULES[kind]?.none ?? []) if (!(w in synonyms)) synonyms[w] = null;
  return vocabulary(
    list.map((e) => e.value),
    synonyms,
    KIND_RULES[kind]?.fallback,
  );
}

export const STAGE = national('stage');
export const SUBJECT = national('subject');
export const TITLE = national('title');
export const DEGREE = national('degree');
export const HONOUR = national('honour');
export const POST = national('post');
export const SCHOOL_TYPE = national('school_type');
