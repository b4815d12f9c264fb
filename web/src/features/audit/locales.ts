// Strings of the audit feature (namespace 'audit').
export const audit = {
  'zh-CN': {},
  en: {},
  'zh-TW': {},
};
