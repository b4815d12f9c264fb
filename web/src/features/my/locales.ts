// Strings of the my feature (namespace 'my').
export const my = {
  'zh-CN': {},
  en: {},
  'zh-TW': {},
};
