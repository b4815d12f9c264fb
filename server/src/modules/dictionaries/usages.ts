// Where rows store each kind's values: the 字典管理 page counts them, and renaming or merging an
// entry rewrites them in the same transaction (the audit row keeps what changed). A module that
// stores a dictionary value adds its column here.
import type { DictionaryKind } from '@shixun/common';

export interface Usage {
  /** A table with a scope builder (dictionaries.repo.ts reads and rewrites the county's rows through it). */
  table: 'teachers' | 'schools' | 'projects';
  column: string;
  /** text: one value; array: text[] of values; eligibility: a list inside projects.eligibility. */
  shape: 'text' | 'array' | 'eligibility';
  /** For shape eligibility: the jsonb key (stages, subjects, tags, posts). */
  key?: string;
}

export const USAGES: Partial<Record<DictionaryKind, readonly Usage[]>> = {
  school_type: [{ table: 'schools', column: 'type', shape: 'text' }],
  school_affiliation: [{ table: 'schools', column: 'affiliation', shape: 'text' }],
  stage: [
    { table: 'teachers', column: 'stage', shape: 'text' },
    { table: 'projects', column: 'eligibility', shape: 'eligibility', key: 'stages' },
  ],
  subject: [
    { table: 'teachers', column: 'subject', shape: 'text' },
    { table: 'projects', column: 'eligibility', shape: 'eligibility', key: 'subjects' },
  ],
  title: [{ table: 'teachers', column: 'title', shape: 'text' }],
  degree: [{ table: 'teachers', column: 'degree', shape: 'text' }],
  post: [
    { table: 'teachers', column: 'posts', shape: 'array' },
    { table: 'projects', column: 'eligibility', shape: 'eligibility', key: 'posts' },
  ],
  honour: [
    { table: 'teachers', column: 'tags', shape: 'array' },
    { table: 'projects', column: 'eligibility', shape: 'eligibility', key: 'tags' },
  ],
  // The credit ledger keeps the category a posting was made under (it is append-only).
  training_category: [{ table: 'projects', column: 'category', shape: 'text' }],
};
