// A list's state in the URL's search params (filters, tab, page, page size, sort), so a list can be
// shared as a link and Back returns to the previous filters. A list inside another page (a tab of a
// project) gives a prefix so its params do not collide with the page's or another list's.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export type UrlPatch = Record<string, string | number | boolean | null | undefined>;

export interface ListUrl {
  /** The raw value of a param (without the prefix), or undefined. */
  get(name: string): string | undefined;
  /** Changes params; any change but page/pageSize goes back to the first page. */
  set(patch: UrlPatch): void;
  /** Removes the given params (and paging and sort). */
  clear(names: readonly string[]): void;
  params: URLSearchParams;
}

export function useListUrl(prefix = ''): ListUrl {
  const [params, setParams] = useSearchParams();
  const get = useCallback((name: string) => params.get(prefix + name) ?? undefined, [params, prefix]);
  const set = useCallback(
    (patch: UrlPatch) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v === undefined || v === null || v === '') next.delete(prefix + k);
          else next.set(prefix + k, String(v));
        }
        if (!('page' in patch)) next.delete(`${prefix}page`);
        return next;
      }),
    [setParams, prefix],
  );
  const clear = useCallback(
    (names: readonly string[]) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const k of [...names, 'page', 'sort', 'order']) next.delete(prefix + k);
        return next;
      }),
    [setParams, prefix],
  );
  return useMemo(() => ({ get, set, clear, params }), [get, set, clear, params]);
}
