// i18next with three languages; each feature owns its strings in features/<domain>/locales.ts
// (one namespace per feature), merged here.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { namespaces } from '../locales/index';

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

const resources: Record<Language, Record<string, object>> = { 'zh-CN': {}, en: {}, 'zh-TW': {} };
for (const [ns, byLang] of Object.entries(namespaces)) {
  for (const lang of Object.keys(resources) as Language[]) resources[lang][ns] = byLang[lang];
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'zh-CN',
  ns: Object.keys(namespaces),
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLanguage(lang: Language) {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export default i18n;
