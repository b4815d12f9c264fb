import type { PageQuery } from '@shixun/common';

export const offsetOf = (q: PageQuery) => (q.page - 1) * q.pageSize;

/** Escapes % and _ for a LIKE pattern. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
