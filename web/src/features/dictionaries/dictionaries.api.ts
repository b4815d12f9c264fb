// React Query hooks of the dictionaries (数据字典): the county's vocabularies every form and import
// reads (one request, cached), the 字典管理 list of one kind, and the county admin's writes.
import type {
  Dictionaries,
  DictionaryAdminEntry,
  DictionaryAdminList,
  DictionaryEntryBody,
  DictionaryEntryUpdateBody,
  DictionaryKind,
} from '@shixun/common';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { http } from '../../lib/http';

export const dictionaryKeys = {
  all: ['dictionaries'] as const,
  kind: (kind: DictionaryKind) => ['dictionaries', 'kind', kind] as const,
};

/** GET /api/dictionaries: every kind's active entries, in the county's order. */
export function useDictionaries(enabled = true) {
  return useQuery({
    queryKey: dictionaryKeys.all,
    queryFn: () => http.get<Dictionaries>('/api/dictionaries'),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/**
 * Select options of one kind: the county's active values, plus `keep` (a record's current values
 * that have since been retired, so editing it does not lose them).
 */
export function useDictionaryOptions(kind: DictionaryKind, keep: ReadonlyArray<string | null | undefined> = []) {
  const d = useDictionaries();
  const keepKey = keep.filter(Boolean).join('\u0001');
  return useMemo(() => {
    const values = (d.data?.[kind] ?? []).map((e) => e.value);
    for (const k of keepKey ? keepKey.split('\u0001') : []) if (!values.includes(k)) values.push(k);
    return { options: values.map((v) => ({ value: v, label: v })), loading: d.isLoading };
  }, [d.data, d.isLoading, kind, keepKey]);
}

/** GET /api/dictionaries/:kind/entries (字典管理: every entry with its use). */
export function useDictionaryKind(kind: DictionaryKind) {
  return useQuery({
    queryKey: dictionaryKeys.kind(kind),
    queryFn: () => http.get<DictionaryAdminList>(`/api/dictionaries/${kind}/entries`),
  });
}

/** A dictionary change reaches forms, lists and statistics that group by it. */
function useInvalidate() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: dictionaryKeys.all }),
      qc.invalidateQueries({ queryKey: ['teachers'] }),
      qc.invalidateQueries({ queryKey: ['org'] }),
      qc.invalidateQueries({ queryKey: ['stats'] }),
      qc.invalidateQueries({ queryKey: ['projects'] }),
    ]);
}

/** POST /api/dictionaries/:kind */
export function useAddEntry(kind: DictionaryKind) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: DictionaryEntryBody) => http.post<DictionaryAdminEntry>(`/api/dictionaries/${kind}`, body),
    onSuccess: invalidate,
  });
}

/** PATCH /api/dictionaries/:kind/:id */
export function useUpdateEntry(kind: DictionaryKind) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: DictionaryEntryUpdateBody }) =>
      http.patch<{ ok: true }>(`/api/dictionaries/${kind}/${id}`, body),
    onSuccess: invalidate,
  });
}

/** POST /api/dictionaries/:kind/:id/merge */
export function useMergeEntry(kind: DictionaryKind) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, into }: { id: number; into: number }) =>
      http.post<{ ok: true }>(`/api/dictionaries/${kind}/${id}/merge`, { into }),
    onSuccess: invalidate,
  });
}
