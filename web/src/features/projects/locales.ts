// Strings of the projects feature (namespace 'projects').
export const projects = {
  'zh-CN': {},
  en: {},
  'zh-TW': {},
};
