// Which language a request is answered in: the language the user chose in the web (its cookie),
// else the browser's Accept-Language, else Simplified Chinese.

import type { IncomingHttpHeaders } from 'node:http';
import { LANGUAGE_CODES, LANGUAGE_COOKIE, type Language } from '@shixun/common';

const isLanguage = (v: unknown): v is Language =>
  typeof v === 'string' && (LANGUAGE_CODES as readonly string[]).includes(v);

/** One Accept-Language tag → a language the server writes, if any. */
function fromTag(tag: string): Language | null {
  const t = tag.trim().toLowerCase();
  if (t === 'zh-tw' || t === 'zh-hk' || t === 'zh-mo' || t.startsWith('zh-hant')) return 'zh-TW';
  if (t === 'zh' || t.startsWith('zh-')) return 'zh-CN';
  if (t === 'en' || t.startsWith('en-')) return 'en';
  return null;
}

/** The best language of an Accept-Language header (by q value, then order). */
export function acceptedLanguage(header: string | undefined): Language | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return { lang: fromTag(tag), q: q ? Number(q[1]) : 1, i };
    })
    .filter((x) => x.lang !== null && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.lang ?? null;
}

/** The request's language (`cookies` parsed by @fastify/cookie, absent before it runs). */
export function requestLanguage(req: {
  headers: IncomingHttpHeaders;
  cookies?: Record<string, string | undefined>;
}): Language {
  const chosen = req.cookies?.[LANGUAGE_COOKIE];
  if (isLanguage(chosen)) return chosen;
  const header = req.headers['accept-language'];
  return acceptedLanguage(Array.isArray(header) ? header[0] : header) ?? 'zh-CN';
}
