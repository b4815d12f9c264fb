// Strings of the dashboard feature (namespace 'dashboard').
export const dashboard = {
  'zh-CN': {},
  en: {},
  'zh-TW': {},
};
