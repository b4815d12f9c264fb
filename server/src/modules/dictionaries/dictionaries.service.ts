// The platform's one dictionary service. Other modules read a region's entries with
// loadDictionary() (one query; hold the result for the request) and resolve or check values with
// it; the county admin adds, edits, renames, retires and merges entries here. Every write is
// audited, and a rename or merge rewrites the rows that store the value in the same transaction.
import {
  can,
  DICTIONARY_KIND_LABELS,
  DICTIONARY_KINDS,
  type Dictionaries,
  type DictionaryAdminEntry,
  type DictionaryAdminList,
  type DictionaryEntryBody,
  type DictionaryEntryUpdateBody,
  type DictionaryKind,
  dictionaryKey,
  LEVELLED_KINDS,
  levelOfHonour,
  RANKED_KINDS,
  refusalMessage,
} from '@shixun/common';
import type { Db, Exec, Tx } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, conflict, forbidden, isUniqueViolation, notFound } from '../../http/errors.js';
import {
  addSynonyms,
  insertEntry,
  loadEntries,
  lockEntry,
  materialise,
  nextSort,
  rewriteUsages,
  updateEntryRow,
  usageCounts,
} from './dictionaries.repo.js';
import { Dictionary, type EntryRow } from './dictionary.js';

export { Dictionary } from './dictionary.js';

/**
 * A region's dictionaries (all kinds, or those named) in one query. Load once per request or
 * operation and pass it on; it is a snapshot, cheap to build (a county has a few hundred entries).
 */
export async function loadDictionary(
  exec: Exec,
  regionId: number,
  kinds?: readonly DictionaryKind[],
): Promise<Dictionary> {
  return new Dictionary(regionId, await loadEntries(exec, regionId, kinds));
}

/** GET /api/dictionaries: every kind's active entries, in order. */
export async function readDictionaries(exec: Exec, user: CurrentUser): Promise<Required<Dictionaries>> {
  const dict = await loadDictionary(exec, user.regionId);
  const entries = (kind: DictionaryKind) =>
    dict.entries(kind).map((e) => ({ value: e.value, synonyms: e.synonyms, ...(e.level ? { level: e.level } : {}) }));
  return Object.fromEntries(DICTIONARY_KINDS.map((k) => [k, entries(k)])) as Required<Dictionaries>;
}

/** The route's permission, checked again where the service is called from elsewhere (imports). */
export function assertDictionaryWriter(user: CurrentUser) {
  if (!can(user.role, 'dictionaries.write')) throw forbidden(refusalMessage(user.role, 'dictionaries.write', true));
}

function present(e: EntryRow, usage: Map<string, number>, byId: Map<number, EntryRow>): DictionaryAdminEntry {
  return {
    id: e.id!,
    kind: e.kind,
    value: e.value,
    synonyms: e.synonyms,
    level: e.level,
    sort: e.sort,
    national: e.national,
    retired: e.retired,
    mergedInto: e.mergedInto == null ? null : (byId.get(e.mergedInto)?.value ?? null),
    usage: usage.get(e.value) ?? 0,
  };
}

/** The 字典管理 list of one kind: every entry (retired and merged too) with how many rows use it. */
export async function listKind(db: Db, user: CurrentUser, kind: DictionaryKind): Promise<DictionaryAdminList> {
  // Entries get ids (and so can be edited) once the region has its own copy of the kind.
  await materialise(db, user.regionId, kind);
  const [entries, usage] = await Promise.all([
    loadEntries(db, user.regionId, [kind]),
    usageCounts(db, user.regionId, kind),
  ]);
  const dict = new Dictionary(user.regionId, entries);
  const all = dict.entries(kind, true);
  const byId = new Map(all.map((e) => [e.id!, e]));
  return {
    kind,
    label: DICTIONARY_KIND_LABELS[kind],
    levels: LEVELLED_KINDS.includes(kind),
    ranked: RANKED_KINDS.includes(kind),
    items: all.map((e) => present(e, usage, byId)),
  };
}

/** Which entry of the kind already answers to `key` (value or synonym), ignoring `except`. */
function owner(entries: readonly EntryRow[], key: string, except?: number | null): EntryRow | undefined {
  return entries.find(
    (e) =>
      e.id !== except &&
      !e.mergedInto &&
      (dictionaryKey(e.value) === key || e.synonyms.some((s) => dictionaryKey(s) === key)),
  );
}

/** Synonyms cleaned: trimmed, unique by key, none equal to the value, none held by another entry. */
function checkSynonyms(
  entries: readonly EntryRow[],
  value: string,
  synonyms: readonly string[],
  self: number | null,
): string[] {
  const out: string[] = [];
  const seen = new Set([dictionaryKey(value)]);
  for (const raw of synonyms) {
    const s = raw.trim();
    const k = dictionaryKey(s);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    const other = owner(entries, k, self);
    if (other) {
      throw new AppError('DUPLICATE', `同义词“${s}”已属于“${other.value}”`, {
        synonyms: `“${s}”已是“${other.value}”的${dictionaryKey(other.value) === k ? '名称' : '同义词'}`,
      });
    }
    out.push(s);
  }
  return out;
}

/** The level of a levelled kind's entry: the one given (checked against honour_level) or the value's prefix. */
function levelFor(dict: Dictionary, kind: DictionaryKind, value: string, given: string | null | undefined) {
  if (!LEVELLED_KINDS.includes(kind)) {
    if (given) throw new AppError('VALIDATION_FAILED', '该字典没有级别', { level: '该字典没有级别' });
    return null;
  }
  if (given === null) return null;
  const raw = given ?? levelOfHonour(value);
  if (!raw) return null;
  return dict.check('honour_level', raw, 'level');
}

async function kindEntries(tx: Tx, regionId: number, kind: DictionaryKind) {
  await materialise(tx, regionId, kind);
  const dict = new Dictionary(regionId, await loadEntries(tx, regionId, [kind, 'honour_level']));
  return { dict, entries: dict.entries(kind, true) };
}

/** POST /api/dictionaries/:kind — a new entry at the end of the list. */
export async function addEntry(
  db: Db,
  actor: Actor,
  kind: DictionaryKind,
  body: DictionaryEntryBody,
): Promise<DictionaryAdminEntry> {
  assertDictionaryWriter(actor.user);
  const regionId = actor.user.regionId;
  return db.transaction(async (tx) => {
    const { dict, entries } = await kindEntries(tx, regionId, kind);
    const value = body.value.trim();
    const key = dictionaryKey(value);
    const taken = owner(entries, key);
    if (taken) {
      const what = dictionaryKey(taken.value) === key ? '已存在' : `已是“${taken.value}”的同义词`;
      const hint = taken.retired ? '（已停用，可在列表中恢复）' : '';
      throw new AppError('DUPLICATE', `${DICTIONARY_KIND_LABELS[kind]}“${value}”${what}${hint}`, {
        value: `“${value}”${what}${hint}`,
      });
    }
    const synonyms = checkSynonyms(entries, value, body.synonyms ?? [], null);
    const level = levelFor(dict, kind, value, body.level);
    const sort = await nextSort(tx, regionId, kind);
    let id: number;
    try {
      id = await insertEntry(tx, regionId, { kind, value, synonyms, level, sort });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`${DICTIONARY_KIND_LABELS[kind]}“${value}”已存在`);
      throw e;
    }
    await record(tx, actor, {
      action: 'dictionary.add',
      entity: 'dictionary_entry',
      entityId: id,
      after: { kind, value, synonyms, level },
    });
    return {
      id,
      kind,
      value,
      synonyms,
      level,
      sort,
      national: false,
      retired: false,
      mergedInto: null,
      usage: 0,
    };
  });
}

/**
 * PATCH /api/dictionaries/:kind/:id: synonyms, level, order, retire/restore, or a new value — the
 * rows storing the old value follow, and the old value stays a synonym so old sheets still read.
 */
export async function updateEntry(
  db: Db,
  actor: Actor,
  kind: DictionaryKind,
  id: number,
  body: DictionaryEntryUpdateBody,
): Promise<void> {
  assertDictionaryWriter(actor.user);
  const regionId = actor.user.regionId;
  await db.transaction(async (tx) => {
    const { dict, entries } = await kindEntries(tx, regionId, kind);
    const before = await lockEntry(tx, regionId, kind, id);
    if (!before) throw notFound('字典条目');
    if (before.mergedInto != null && (body.value !== undefined || body.retired === false)) {
      throw conflict(`“${before.value}”已合并到其他条目，不能再修改或恢复`);
    }
    let value = before.value;
    let rewritten: Record<string, number> = {};
    let synonyms = body.synonyms ?? before.synonyms;
    if (body.value !== undefined && body.value.trim() !== before.value) {
      value = body.value.trim();
      const taken = owner(entries, dictionaryKey(value), id);
      if (taken) {
        const what =
          dictionaryKey(taken.value) === dictionaryKey(value)
            ? '已存在，如需合并请使用“合并到”'
            : `已是“${taken.value}”的同义词`;
        throw new AppError('DUPLICATE', `“${value}”${what}`, { value: `“${value}”${what}` });
      }
      // The entry's own synonym may become its value; the old value becomes a synonym.
      synonyms = [before.value, ...synonyms.filter((s) => dictionaryKey(s) !== dictionaryKey(value))];
    }
    synonyms = checkSynonyms(entries, value, synonyms, id);
    const level =
      body.level !== undefined
        ? levelFor(dict, kind, value, body.level)
        : value !== before.value && LEVELLED_KINDS.includes(kind) && levelOfHonour(value)
          ? levelFor(dict, kind, value, undefined)
          : before.level;
    const after = {
      value,
      synonyms,
      level,
      sort: body.sort ?? before.sort,
      retired: body.retired ?? before.retired,
    };
    try {
      await updateEntryRow(tx, id, { ...after, mergedInto: before.mergedInto });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`“${value}”已存在`);
      throw e;
    }
    if (value !== before.value) rewritten = await rewriteUsages(tx, regionId, kind, before.value, value);
    const b: Record<string, unknown> = {};
    const a: Record<string, unknown> = {};
    for (const k of Object.keys(after) as (keyof typeof after)[]) {
      if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
        b[k] = before[k];
        a[k] = after[k];
      }
    }
    if (Object.keys(a).length === 0) return;
    await record(tx, actor, {
      action:
        after.retired !== before.retired
          ? after.retired
            ? 'dictionary.retire'
            : 'dictionary.restore'
          : 'dictionary.update',
      entity: 'dictionary_entry',
      entityId: id,
      before: { kind, ...b },
      after: { kind, ...a, ...(Object.keys(rewritten).length ? { rowsRenamed: rewritten } : {}) },
    });
  });
}

/**
 * POST /api/dictionaries/:kind/:id/merge: the entry's rows now store `into`'s value, its value and
 * synonyms become `into`'s synonyms; it stays (retired, pointing at `into`) so history reads.
 */
export async function mergeEntry(db: Db, actor: Actor, kind: DictionaryKind, id: number, into: number) {
  assertDictionaryWriter(actor.user);
  const regionId = actor.user.regionId;
  if (id === into) {
    // Another county's entry is not found, whatever the body says.
    if (!(await lockEntry(db, regionId, kind, id))) throw notFound('字典条目');
    throw new AppError('VALIDATION_FAILED', '不能合并到自身', { into: '请选择另一个条目' });
  }
  await db.transaction(async (tx) => {
    await materialise(tx, regionId, kind);
    // Locked in id order: two merges of the same pair in opposite directions cannot deadlock.
    const [first, second] = id < into ? [id, into] : [into, id];
    const a = await lockEntry(tx, regionId, kind, first);
    const b = await lockEntry(tx, regionId, kind, second);
    const from = id < into ? a : b;
    const target = id < into ? b : a;
    if (!from) throw notFound('字典条目');
    if (!target) throw new AppError('VALIDATION_FAILED', '要合并到的条目不存在', { into: '条目不存在' });
    if (from.mergedInto != null) throw conflict(`“${from.value}”已合并过`);
    if (target.retired) throw conflict(`“${target.value}”已停用，请先恢复再合并`);
    const moved = [from.value, ...from.synonyms];
    const synonyms = [...target.synonyms];
    for (const s of moved) if (!synonyms.some((x) => dictionaryKey(x) === dictionaryKey(s))) synonyms.push(s);
    await updateEntryRow(tx, from.id!, {
      value: from.value,
      synonyms: [],
      level: from.level,
      sort: from.sort,
      retired: true,
      mergedInto: target.id,
    });
    await updateEntryRow(tx, target.id!, {
      value: target.value,
      synonyms,
      level: target.level,
      sort: target.sort,
      retired: false,
    });
    const rewritten = await rewriteUsages(tx, regionId, kind, from.value, target.value);
    await record(tx, actor, {
      action: 'dictionary.merge',
      entity: 'dictionary_entry',
      entityId: from.id,
      before: { kind, value: from.value, synonyms: from.synonyms, into: target.value, intoSynonyms: target.synonyms },
      after: { kind, mergedInto: target.value, intoSynonyms: synonyms, rowsRenamed: rewritten },
    });
  });
}

// ---------- what imports write ----------

export interface TermWrites {
  /** New entries: value, the sheet's spellings of it, and the kind. */
  add: Array<{ kind: DictionaryKind; value: string; synonyms: string[] }>;
  /** Spellings to remember as synonyms of existing entries. */
  remember: Array<{ kind: DictionaryKind; value: string; synonym: string }>;
}

/**
 * Writes an import's dictionary additions and remembered spellings inside the import's own
 * transaction (county admins only; see ImportTerms), with one audit row.
 */
export async function applyTermWrites(tx: Tx, actor: Actor, writes: TermWrites, file: string): Promise<void> {
  if (writes.add.length === 0 && writes.remember.length === 0) return;
  assertDictionaryWriter(actor.user);
  const regionId = actor.user.regionId;
  const kinds = new Set<DictionaryKind>([...writes.add.map((a) => a.kind), ...writes.remember.map((r) => r.kind)]);
  for (const kind of kinds) await materialise(tx, regionId, kind);
  const levels = await loadDictionary(tx, regionId, ['honour_level']);
  for (const a of writes.add) {
    const sort = await nextSort(tx, regionId, a.kind);
    const level = LEVELLED_KINDS.includes(a.kind) ? levelFor(levels, a.kind, a.value, undefined) : null;
    await insertEntry(tx, regionId, { kind: a.kind, value: a.value, synonyms: a.synonyms, level, sort });
  }
  const byEntry = new Map<string, { kind: DictionaryKind; value: string; synonyms: string[] }>();
  for (const r of writes.remember) {
    const k = `${r.kind}\u0000${r.value}`;
    const e = byEntry.get(k) ?? { kind: r.kind, value: r.value, synonyms: [] };
    e.synonyms.push(r.synonym);
    byEntry.set(k, e);
  }
  for (const e of byEntry.values()) await addSynonyms(tx, regionId, e.kind, e.value, e.synonyms);
  const added: Record<string, string[]> = {};
  for (const a of writes.add) added[a.kind] = [...(added[a.kind] ?? []), a.value];
  await record(tx, actor, {
    action: 'dictionary.import',
    entity: 'dictionary_entry',
    entityId: null,
    after: { file, added, remembered: writes.remember },
  });
}
