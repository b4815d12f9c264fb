// A request schema's refusal in the reader's language. zod writes its own messages in zh-CN (the
// locale common/ configures); those are written again from the issue in English or Traditional
// Chinese with zod's own locales. Messages a schema spells out itself (请输入姓名) stay as written
// here and go through the catalogue with everything else (localize.ts).
import type { Language } from '@shixun/common';
import { z } from 'zod';

interface ValidationItem {
  keyword: string;
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

type LocaleError = (issue: never) => string | { message: string } | undefined | null;
const text = (r: ReturnType<LocaleError>) => (typeof r === 'string' ? r : (r?.message ?? undefined));

let locales: Record<Language, LocaleError> | undefined;
const localesOf = () =>
  (locales ??= {
    'zh-CN': z.locales.zhCN().localeError as LocaleError,
    en: z.locales.en().localeError as LocaleError,
    'zh-TW': z.locales.zhTW().localeError as LocaleError,
  });

/** The item's message in `lang`: zod's own messages re-written from the issue, others as they are. */
export function zodMessage(v: ValidationItem, lang: Language): string {
  const message = v.message ?? '无效';
  if (lang === 'zh-CN') return message;
  const path = String(v.instancePath ?? '')
    .split('/')
    .filter(Boolean);
  const issue = { ...v.params, code: v.keyword, path, message } as never;
  const l = localesOf();
  try {
    if (text(l['zh-CN'](issue)) !== message) return message;
    return text(l[lang](issue)) ?? message;
  } catch {
    return message;
  }
}
