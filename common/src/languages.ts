// The languages the web offers and the server answers in, and the cookie that carries the user's
// choice (set by the web, read by the server for every request, downloads included).
export const LANGUAGE_CODES = ['zh-CN', 'en', 'zh-TW'] as const;
export type Language = (typeof LANGUAGE_CODES)[number];
export const LANGUAGE_COOKIE = 'shixun.lang';
