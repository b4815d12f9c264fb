// Strings of the run feature (namespace 'run').
export const run = {
  'zh-CN': {},
  en: {},
  'zh-TW': {},
};
