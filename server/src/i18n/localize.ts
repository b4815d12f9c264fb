// One place where answers leave in the reader's language: the error envelope (message and field
// messages) and the row errors of import results, whichever route or handler wrote them.
import type { Language } from '@shixun/common';
import type { FastifyInstance } from 'fastify';
import { requestLanguage } from './language.js';
import { translate } from './translate.js';

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The payload with its server-written text in `lang` (a copy; zh-CN returns it as it is). */
export function localizePayload<T>(payload: T, lang: Language): T {
  if (lang === 'zh-CN' || !isObject(payload)) return payload;
  let out: Loose = payload;
  const error = payload.error;
  if (isObject(error) && typeof error.message === 'string') {
    const fields = isObject(error.fields)
      ? Object.fromEntries(
          Object.entries(error.fields).map(([k, v]) => [k, typeof v === 'string' ? translate(v, lang) : v]),
        )
      : error.fields;
    out = { ...out, error: { ...error, message: translate(error.message, lang), fields } };
  }
  // Import results (a dry run's preview, a refused commit): each row error's message.
  if (Array.isArray(payload.errors) && payload.errors.some((e) => isObject(e) && typeof e.message === 'string')) {
    out = {
      ...out,
      errors: payload.errors.map((e) =>
        isObject(e) && typeof e.message === 'string' ? { ...e, message: translate(e.message, lang) } : e,
      ),
    };
  }
  return out as T;
}

export function registerLocalize(app: FastifyInstance) {
  app.addHook('preSerialization', async (req, _reply, payload) => localizePayload(payload, requestLanguage(req)));
}
