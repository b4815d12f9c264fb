// Strings of the accounts feature (namespace 'accounts').
export const accounts = {
  'zh-CN': {},
  en: {},
  'zh-TW': {},
};
