// i18next with three languages; each feature owns its strings in features/<domain>/locales.ts
// (one namespace per feature, listed in locales/index.ts). Only `common` is bundled here: the build
// (web/build/locale-imports.ts) adds a feature's strings to each module that names its namespace,
// which registers them with addStrings() as it loads, so a page brings just the strings it shows.
import { LANGUAGE_COOKIE } from '@shixun/common';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from '../locales/common';
import type { Strings } from '../locales/index';

export const LANGUAGES = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'en', label: 'English' },
  { code: 'zh-TW', label: '繁體中文' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'shixun.lang';

function initialLanguage(): Language {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return LANGUAGES.some((l) => l.code === saved) ? (saved as Language) : 'zh-CN';
}

/** The server answers in the language of this cookie (error messages, import row errors, audit names). */
function tellServer(lang: Language) {
  if (typeof document !== 'undefined') {
    // biome-ignore lint/suspicious/noDocumentCookie: one fixed value; the Cookie Store API is missing in browsers counties still use
    document.cookie = `${LANGUAGE_COOKIE}=${lang}; path=/; max-age=31536000; samesite=lax`;
  }
}

const resources: Record<Language, Record<string, object>> = { 'zh-CN': {}, en: {}, 'zh-TW': {} };
for (const lang of Object.keys(resources) as Language[]) resources[lang].common = common[lang];

const startLanguage = initialLanguage();
tellServer(startLanguage);

void i18n.use(initReactI18next).init({
  resources,
  // more namespaces arrive with the pages that use them (addStrings)
  partialBundledLanguages: true,
  lng: startLanguage,
  fallbackLng: 'zh-CN',
  ns: ['common'],
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Registers a namespace's strings in every language (idempotent); called by build-injected code. */
export function addStrings(ns: string, byLang: Strings) {
  if (i18n.hasResourceBundle('zh-CN', ns)) return;
  for (const lang of Object.keys(resources) as Language[]) i18n.addResourceBundle(lang, ns, byLang[lang]);
}

export function setLanguage(lang: Language) {
  localStorage.setItem(STORAGE_KEY, lang);
  tellServer(lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export default i18n;
