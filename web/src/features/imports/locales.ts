// Strings of the imports feature (namespace 'imports').
export const imports = {
  'zh-CN': {},
  en: {},
  'zh-TW': {},
};
