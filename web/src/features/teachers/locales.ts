// Strings of the teachers feature (namespace 'teachers').
export const teachers = {
  'zh-CN': {},
  en: {},
  'zh-TW': {},
};
