// The teacher list's filters live in the URL (reload, back and deep links like /teachers?schoolId=12 keep
// them); these helpers read them defensively, since anyone can type a URL.
import { TEACHER_STATUSES } from '@shixun/common';
import type { TeacherFilters } from './teachers.api';

const SORTS = ['name', 'school', 'hireDate', 'birthDate', 'updatedAt'] as const;

function oneOf<T extends string>(values: readonly T[], v: string | null): T | undefined {
  return v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** A value of the county's dictionaries (checked by the server): any short text. */
function term(v: string | null): string | undefined {
  const s = v?.trim();
  return s && s.length <= 30 ? s : undefined;
}

function positiveInt(v: string | null): number | undefined {
  if (v === null || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n > 0 ? n : undefined;
}

export function readFilters(p: URLSearchParams): TeacherFilters {
  const pageSize = positiveInt(p.get('pageSize'));
  return {
    q: p.get('q')?.trim() || undefined,
    schoolId: positiveInt(p.get('schoolId')),
    areaId: positiveInt(p.get('areaId')),
    consortiumId: positiveInt(p.get('consortiumId')),
    stage: term(p.get('stage')),
    subject: term(p.get('subject')),
    title: term(p.get('title')),
    degree: term(p.get('degree')),
    tag: term(p.get('tag')),
    status: oneOf(TEACHER_STATUSES, p.get('status')),
    sort: oneOf(SORTS, p.get('sort')),
    order: oneOf(['asc', 'desc'] as const, p.get('order')),
    page: positiveInt(p.get('page')) ?? 1,
    pageSize: pageSize && pageSize <= 200 ? pageSize : 20,
  };
}

export function writeFilters(f: TeacherFilters): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === null || v === '') continue;
    // Defaults stay out of the URL so shared links are short.
    if ((k === 'page' && v === 1) || (k === 'pageSize' && v === 20)) continue;
    p.set(k, String(v));
  }
  return p;
}

/** Filters that narrow the list (not paging or sorting): decides which empty state to show. */
export function hasNarrowing(f: TeacherFilters): boolean {
  return Boolean(
    f.q || f.schoolId || f.areaId || f.consortiumId || f.stage || f.subject || f.title || f.degree || f.tag || f.status,
  );
}
