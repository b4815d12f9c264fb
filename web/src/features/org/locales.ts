// Strings of the org feature (namespace 'org').
export const org = {
  'zh-CN': {},
  en: {},
  'zh-TW': {},
};
