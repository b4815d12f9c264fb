// zod's messages in Chinese in the browser, as common's index sets them on the server. The build
// (web/build/direct-imports.ts) imports this from each shared module that builds schemas, so the
// setting arrives with the first schema a page uses, and pages without forms never load zod.
// `jitless`: zod would otherwise probe `new Function` when it builds an object schema; the CSP
// (no 'unsafe-eval', server/src/http/security.ts) refuses it and the browser reports a violation
// on every page with a form. The interpreted path it falls back to is the one it then uses anyway.
import { config } from 'zod/v4/core';
import zhCN from 'zod/v4/locales/zh-CN.js';

config({ ...zhCN(), jitless: true });
