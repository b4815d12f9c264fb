// One region's dictionaries in memory, loaded in one query (dictionaries.service.ts): resolves a raw
// value (the value itself, a synonym, or a kind's own fallback such as 初中数学 → 数学) and checks
// values written through forms. Pure: no I/O here.
import { DICTIONARY_KIND_LABELS, type DictionaryKind, dictionaryKey, RANKED_KINDS } from '@shixun/common';
import { AppError } from '../../http/errors.js';

export interface EntryRow {
  /** null while the region still uses the national list of this kind (not yet materialised). */
  id: number | null;
  kind: DictionaryKind;
  value: string;
  synonyms: string[];
  level: string | null;
  sort: number;
  national: boolean;
  retired: boolean;
  mergedInto: number | null;
}

interface KindRule {
  /** A second key to try when the first matches nothing. */
  fallback?: (key: string) => string;
  /** Words that mean "none" in a cell of this kind (the cell counts as blank). */
  none?: readonly string[];
  /** Cells may hold several values (骨干教师、学科带头人). */
  multi?: boolean;
}

const NONE = ['无', '否', '暂无', '没有', '-', '—', '/', '\\', '空'];
const STAGE_PREFIX = /^(幼儿园|学前|小学|初中|高中|中学|中职|职高|小教|中教)/;

export const KIND_RULES: Partial<Record<DictionaryKind, KindRule>> = {
  subject: { fallback: (k) => k.replace(STAGE_PREFIX, '') },
  // 中学一级教师 → 一级 → 一级教师; the primary series is listed value by value (national.ts).
  title: { fallback: (k) => k.replace(/^(中学|中教|中职|职高)/, '').replace(/教师$/, '') },
  honour: { multi: true, none: NONE },
  post: { multi: true, none: [...NONE, '教师', '专任教师', '任课教师', '普通教师'] },
};

export type Resolved = { entry: EntryRow; via: 'value' | 'synonym' };

export class Dictionary {
  private readonly byKind = new Map<DictionaryKind, EntryRow[]>();
  /** dictionaryKey → active entry, per kind (values and synonyms). */
  private readonly keys = new Map<DictionaryKind, Map<string, EntryRow>>();
  private readonly noneKeys = new Map<DictionaryKind, Set<string>>();
  /** kind + raw text → result: a roster repeats the same few values thousands of times. */
  private readonly cache = new Map<string, Resolved | undefined>();

  constructor(
    readonly regionId: number,
    rows: readonly EntryRow[],
  ) {
    for (const r of rows) {
      const list = this.byKind.get(r.kind);
      if (list) list.push(r);
      else this.byKind.set(r.kind, [r]);
    }
    for (const [kind, list] of this.byKind) {
      list.sort((a, b) => a.sort - b.sort || a.value.localeCompare(b.value, 'zh-CN'));
      const map = new Map<string, EntryRow>();
      // Values first, so a synonym never shadows another entry's own value.
      for (const e of list) if (!e.retired) map.set(dictionaryKey(e.value), e);
      for (const e of list) {
        if (e.retired) continue;
        for (const s of e.synonyms) {
          const k = dictionaryKey(s);
          if (!map.has(k)) map.set(k, e);
        }
      }
      this.keys.set(kind, map);
    }
    for (const [kind, rule] of Object.entries(KIND_RULES) as [DictionaryKind, KindRule][]) {
      if (rule.none) this.noneKeys.set(kind, new Set(rule.none.map(dictionaryKey)));
    }
  }

  /** Entries of a kind in the county's order; retired ones only with `all`. */
  entries(kind: DictionaryKind, all = false): EntryRow[] {
    const list = this.byKind.get(kind) ?? [];
    return all ? list : list.filter((e) => !e.retired);
  }

  /** Active values in order. */
  values(kind: DictionaryKind): string[] {
    return this.entries(kind).map((e) => e.value);
  }

  entry(kind: DictionaryKind, value: string): EntryRow | undefined {
    return this.byKind.get(kind)?.find((e) => e.value === value);
  }

  isMulti(kind: DictionaryKind): boolean {
    return KIND_RULES[kind]?.multi === true;
  }

  /** Whether the text means "none" for this kind (无, 暂无, 教师 for posts …). */
  isNone(kind: DictionaryKind, raw: string): boolean {
    return this.noneKeys.get(kind)?.has(dictionaryKey(raw)) ?? false;
  }

  /** The active entry a raw value names (value, synonym or the kind's fallback), or undefined. */
  resolve(kind: DictionaryKind, raw: string): Resolved | undefined {
    const ck = `${kind}\u0000${raw}`;
    if (this.cache.has(ck)) return this.cache.get(ck);
    const hit = this.lookup(kind, raw);
    if (this.cache.size < 20_000) this.cache.set(ck, hit);
    return hit;
  }

  private lookup(kind: DictionaryKind, raw: string): Resolved | undefined {
    const map = this.keys.get(kind);
    if (!map) return undefined;
    const key = dictionaryKey(raw);
    if (!key) return undefined;
    let entry = map.get(key);
    const fallback = KIND_RULES[kind]?.fallback;
    if (!entry && fallback) {
      const k2 = fallback(key);
      if (k2 && k2 !== key) entry = map.get(k2);
    }
    if (!entry) return undefined;
    return { entry, via: dictionaryKey(entry.value) === key ? 'value' : 'synonym' };
  }

  /**
   * An entry a value not in the dictionary probably means: one whose value or synonym contains it
   * or is contained in it (the longest such), for the import preview's hint.
   */
  suggest(kind: DictionaryKind, raw: string): string | null {
    const key = dictionaryKey(raw);
    if (key.length < 2) return null;
    let best: { value: string; len: number } | null = null;
    let tie = false;
    for (const e of this.entries(kind)) {
      for (const s of [e.value, ...e.synonyms]) {
        const k = dictionaryKey(s);
        if (k.length < 2 || !(key.includes(k) || k.includes(key))) continue;
        if (!best || k.length > best.len) {
          tie = false;
          best = { value: e.value, len: k.length };
        } else if (k.length === best.len && best.value !== e.value) tie = true;
      }
    }
    return best && !tie ? best.value : null;
  }

  /**
   * A school type written with its affiliation in front (镇乡小学, 县直小学, 民办幼儿园): the type and
   * the affiliation it names, or undefined when the text is not such a pair.
   */
  typeWithAffiliation(raw: string): { type: string; affiliation: string } | undefined {
    const key = dictionaryKey(raw);
    const prefixes = this.entries('school_affiliation')
      .flatMap((e) => [e.value, ...e.synonyms].map((p) => ({ p: dictionaryKey(p), value: e.value })))
      .sort((a, b) => b.p.length - a.p.length);
    for (const { p, value } of prefixes) {
      if (!p || !key.startsWith(p) || key.length === p.length) continue;
      const rest = this.resolve('school_type', key.slice(p.length));
      if (rest) return { type: rest.entry.value, affiliation: value };
    }
    return undefined;
  }

  /** 0-based position among the kind's entries (retired included): the rank of titles and degrees. */
  rank(kind: DictionaryKind, value: string | null): number | null {
    if (value == null || !RANKED_KINDS.includes(kind)) return null;
    const i = this.entries(kind, true).findIndex((e) => e.value === value);
    return i < 0 ? null : i;
  }

  /**
   * The stored form of a value written through a form or the API: the entry's own value (a synonym
   * is accepted and replaced), or a 400 naming the field. `keep` are the record's current values,
   * accepted even when retired since (saving a record must not fail on what it already holds).
   */
  check(kind: DictionaryKind, raw: string, field: string, keep: readonly (string | null)[] = []): string {
    if (keep.includes(raw)) return raw;
    const hit = this.resolve(kind, raw);
    if (hit) return hit.entry.value;
    const label = DICTIONARY_KIND_LABELS[kind];
    const options = this.values(kind);
    const shown = options.length > 20 ? `${options.slice(0, 20).join('、')} 等` : options.join('、');
    throw new AppError('VALIDATION_FAILED', `${label}“${raw}”不在本县的字典中`, {
      [field]: `${label}“${raw}”不在本县的字典中（可选：${shown}）；如需新增，请县级管理员在字典管理中添加`,
    });
  }

  /** check() for a list: duplicates dropped, the dictionary's order kept. */
  checkAll(kind: DictionaryKind, raw: readonly string[], field: string, keep: readonly string[] = []): string[] {
    const found = new Set(raw.map((r) => this.check(kind, r, field, keep)));
    const order = this.entries(kind, true).map((e) => e.value);
    return [...found].sort((a, b) => {
      const i = order.indexOf(a);
      const j = order.indexOf(b);
      return (i < 0 ? 1e9 : i) - (j < 0 ? 1e9 : j);
    });
  }
}
