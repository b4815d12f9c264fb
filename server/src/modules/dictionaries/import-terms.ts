// Sheet values through the county's dictionaries, for every spreadsheet import: a value or synonym
// is read as its entry (and reported when it was a synonym: 小学高级 → 一级教师 is shown, never
// silent); a value the dictionary lacks is grouped for the preview ("骨干类别: 6 unknown values in
// 684 rows") and mapped once per file — to an existing entry, or added — by the request's mapping
// or with autoAdd. A commit with values still unmapped writes nothing (they are row errors then).
import {
  cleanDictionaryValue,
  DICTIONARY_KIND_LABELS,
  type DictionaryKind,
  dictionaryKey,
  type ImportMapped,
  type ImportMapping,
  type ImportUnknownGroup,
} from '@shixun/common';
import { splitMulti } from '../imports/parse.js';
import type { RowCtx } from '../imports/run.js';
import type { TermWrites } from './dictionaries.service.js';
import type { Dictionary } from './dictionary.js';

export interface ImportTermsOptions {
  mapping?: ImportMapping;
  /** Values not in the dictionary are added to it. */
  autoAdd?: boolean;
  /** A commit (not a dry run): unmapped values are row errors. */
  commit: boolean;
  /** May the caller change the dictionary (county admin): adding entries, remembering mappings. */
  canWrite: boolean;
}

interface UnknownValue {
  value: string;
  rows: Set<number>;
  suggestion: string | null;
}
interface UnknownGroup {
  kind: string;
  label: string;
  column: string;
  values: Map<string, UnknownValue>;
}

const SAMPLE_ROWS = 5;
const MAX_ENTRY = 40;

/** Why a sheet value cannot become a dictionary entry as it is, or null. */
function entryProblem(value: string): string | null {
  if (value.length > MAX_ENTRY) return `过长（最多${MAX_ENTRY}个字），不能作为字典条目`;
  if (/[,，;；、]/.test(value)) return '含逗号、分号或顿号，不能作为一个字典条目（多个值请分开填写或对应到已有条目）';
  return null;
}

function getOrSet<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

export class ImportTerms {
  private readonly mapping = new Map<string, Map<string, string>>();
  private readonly unknown = new Map<string, UnknownGroup>();
  private readonly mappedList = new Map<string, ImportMapped>();
  /** kind → key → the entry this file adds (value and the sheet's spellings). */
  private readonly adds = new Map<DictionaryKind, Map<string, { value: string; synonyms: Set<string> }>>();
  private readonly remembers = new Map<string, { kind: DictionaryKind; value: string; synonym: string }>();

  constructor(
    readonly dict: Dictionary,
    readonly opts: ImportTermsOptions,
  ) {
    for (const [kind, pairs] of Object.entries(opts.mapping ?? {})) {
      const m = new Map<string, string>();
      for (const [raw, target] of Object.entries(pairs)) if (target.trim()) m.set(dictionaryKey(raw), target.trim());
      this.mapping.set(kind, m);
    }
  }

  /** The target the request maps a raw value of `kind` to (school names included). */
  mappedTo(kind: string, raw: string): string | undefined {
    return this.mapping.get(kind)?.get(dictionaryKey(raw));
  }

  /** One value of `kind` in the row's cell `f`: the stored value, null for "none", undefined when unusable. */
  one<F extends string>(r: RowCtx<F>, f: F, kind: DictionaryKind): string | null | undefined {
    const raw = r.text(f);
    if (!raw) return null;
    if (this.dict.isNone(kind, raw)) return null;
    return this.resolve(r, f, kind, raw);
  }

  /** Several values in one cell (骨干教师、县级教学能手), in the dictionary's order; undefined when one is unusable. */
  many<F extends string>(r: RowCtx<F>, f: F, kind: DictionaryKind): string[] | undefined {
    const raw = r.text(f);
    if (!raw || this.dict.isNone(kind, raw)) return [];
    // The whole cell first: a value may itself contain a space (“骨干 教师”).
    const whole = this.dict.resolve(kind, raw);
    const parts = whole ? [raw] : splitMulti(raw);
    const found = new Set<string>();
    let bad = false;
    for (const part of parts) {
      if (this.dict.isNone(kind, part)) continue;
      const v = this.resolve(r, f, kind, part);
      if (v === undefined) bad = true;
      else found.add(v);
    }
    if (bad) return undefined;
    const order = this.dict.entries(kind, true).map((e) => e.value);
    const rank = (v: string) => {
      const i = order.indexOf(v);
      return i < 0 ? 1e9 : i;
    };
    return [...found].sort((a, b) => rank(a) - rank(b));
  }

  private resolve<F extends string>(r: RowCtx<F>, f: F, kind: DictionaryKind, raw: string): string | undefined {
    const label = DICTIONARY_KIND_LABELS[kind];
    const key = dictionaryKey(raw);
    const row = r.row.row;
    const hit = this.dict.resolve(kind, raw);
    if (hit) {
      if (hit.via === 'synonym') this.noteMapped(kind, raw, hit.entry.value, 'synonym', row);
      return hit.entry.value;
    }
    const added = this.adds.get(kind)?.get(key);
    if (added) {
      this.noteMapped(kind, raw, added.value, 'added', row);
      return added.value;
    }
    const target = this.mappedTo(kind, raw);
    if (target !== undefined) {
      const t = this.dict.resolve(kind, target) ?? this.addedByValue(kind, target);
      if (t) {
        const value = 'entry' in t ? t.entry.value : t.value;
        this.noteMapped(kind, raw, value, 'mapping', row);
        if (this.opts.canWrite && dictionaryKey(value) !== key) {
          if ('entry' in t)
            this.remembers.set(`${kind}\u0000${key}`, { kind, value, synonym: cleanDictionaryValue(raw) });
          else t.synonyms.add(cleanDictionaryValue(raw));
        }
        return value;
      }
      if (this.opts.canWrite) {
        const value = cleanDictionaryValue(target);
        const problem = entryProblem(value);
        if (problem) {
          r.err(f, `${r.column(f)}对应的“${value}”${problem}`);
          return undefined;
        }
        this.add(kind, value, raw);
        this.noteMapped(kind, raw, value, 'added', row);
        return value;
      }
      r.err(f, `${r.column(f)}“${raw}”对应的“${target}”不在本县的${label}字典中；新增字典条目需县级管理员`);
      return undefined;
    }
    const problem = entryProblem(cleanDictionaryValue(raw));
    if (this.opts.autoAdd && this.opts.canWrite && !problem) {
      const value = cleanDictionaryValue(raw);
      this.add(kind, value, raw);
      if (value !== raw) this.noteMapped(kind, raw, value, 'added', row);
      return value;
    }
    this.noteUnknown(kind, label, r.column(f), cleanDictionaryValue(raw), row, this.dict.suggest(kind, raw));
    if (this.opts.commit) {
      r.err(
        f,
        `${r.column(f)}“${raw}”不在本县的${label}字典中：请在导入预检中把它对应到已有条目${this.opts.canWrite ? '或新增为字典条目' : ''}后再导入`,
      );
      return undefined;
    }
    // Dry run: the row is planned as if the value were added, so the preview shows what would happen.
    return cleanDictionaryValue(raw);
  }

  private addedByValue(kind: DictionaryKind, value: string) {
    return this.adds.get(kind)?.get(dictionaryKey(value));
  }

  private add(kind: DictionaryKind, value: string, raw: string) {
    const m = getOrSet(this.adds, kind, () => new Map());
    const key = dictionaryKey(value);
    const a = getOrSet(m, key, () => ({ value, synonyms: new Set<string>() }));
    const rawKey = dictionaryKey(raw);
    if (rawKey !== key) {
      a.synonyms.add(cleanDictionaryValue(raw));
      m.set(rawKey, a);
    }
  }

  private noteMapped(kind: DictionaryKind, from: string, to: string, how: ImportMapped['how'], _row: number) {
    this.note(kind, DICTIONARY_KIND_LABELS[kind], from, to, how);
  }

  /** Reports a value read as another (also used for school names, kind `school`). */
  note(kind: string, label: string, from: string, to: string, how: ImportMapped['how']) {
    const k = `${kind}\u0000${from}\u0000${to}`;
    const m = this.mappedList.get(k);
    if (m) m.rows++;
    else this.mappedList.set(k, { kind, label, from, to, rows: 1, how });
  }

  /**
   * Records a value that matches nothing (also used for school names, kind `school`): grouped per
   * kind for the preview, with the first rows holding it and a likely meaning.
   */
  noteUnknown(kind: string, label: string, column: string, value: string, row: number, suggestion: string | null) {
    const g = getOrSet(this.unknown, kind, () => ({ kind, label, column, values: new Map<string, UnknownValue>() }));
    getOrSet(g.values, dictionaryKey(value), () => ({ value, rows: new Set<number>(), suggestion })).rows.add(row);
  }

  /** Unknown values by kind, the most frequent first. */
  unknownGroups(): ImportUnknownGroup[] {
    return [...this.unknown.values()].map((g) => {
      const rows = new Set<number>();
      for (const v of g.values.values()) for (const r of v.rows) rows.add(r);
      return {
        kind: g.kind,
        label: g.label,
        column: g.column,
        rows: rows.size,
        values: [...g.values.values()]
          .sort((a, b) => b.rows.size - a.rows.size || a.value.localeCompare(b.value, 'zh-CN'))
          .map((v) => ({
            value: v.value,
            rows: v.rows.size,
            sampleRows: [...v.rows].sort((a, b) => a - b).slice(0, SAMPLE_ROWS),
            suggestion: v.suggestion,
          })),
      };
    });
  }

  mapped(): ImportMapped[] {
    return [...this.mappedList.values()].sort((a, b) => a.kind.localeCompare(b.kind) || b.rows - a.rows);
  }

  /** `{ "<kind>": [values] }` this import adds to the dictionary. */
  added(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [kind, m] of this.adds) {
      const values = [...new Set([...m.values()].map((a) => a.value))];
      if (values.length) out[kind] = values;
    }
    return out;
  }

  /** What the commit writes into the dictionary, in the import's transaction. */
  writes(): TermWrites {
    const add: TermWrites['add'] = [];
    for (const [kind, m] of this.adds) {
      const seen = new Set<string>();
      for (const a of m.values()) {
        if (seen.has(a.value)) continue;
        seen.add(a.value);
        add.push({ kind, value: a.value, synonyms: [...a.synonyms] });
      }
    }
    return { add, remember: [...this.remembers.values()] };
  }
}
