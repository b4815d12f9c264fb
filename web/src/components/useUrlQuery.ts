// Filters, page and sort kept in the URL's search params, so reload and Back keep them.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

type Patch = Record<string, string | number | boolean | null | undefined>;

export function useUrlQuery() {
  const [params, setParams] = useSearchParams();

  const str = useCallback((k: string) => params.get(k) ?? undefined, [params]);
  const num = useCallback(
    (k: string, fallback?: number) => {
      const v = Number(params.get(k));
      return params.get(k) !== null && Number.isFinite(v) && v > 0 ? v : fallback;
    },
    [params],
  );

  /** Changes some params; any change other than page/pageSize goes back to page 1. */
  const set = useCallback(
    (patch: Patch) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v === undefined || v === null || v === '') next.delete(k);
          else next.set(k, String(v));
        }
        if (!('page' in patch)) next.delete('page');
        return next;
      });
    },
    [setParams],
  );

  const reset = useCallback(() => setParams(new URLSearchParams()), [setParams]);

  return { params, str, num, set, reset };
}

/** Standard paging read from the URL: 20 rows by default. */
export function usePaging(q: ReturnType<typeof useUrlQuery>) {
  return { page: q.num('page', 1) ?? 1, pageSize: q.num('pageSize', 20) ?? 20 };
}
