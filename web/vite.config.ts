import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { directImports } from './build/direct-imports';
import { localeImports } from './build/locale-imports';
import { precompress } from './build/precompress';
import { hasSideEffects } from './build/pure-modules';

// Web build: see docs/performance.md for what each plugin saves.
export default defineConfig({
  plugins: [
    react(),
    directImports({
      commonSrc: fileURLToPath(new URL('../common/src', import.meta.url)),
      zodZh: fileURLToPath(new URL('./src/lib/zod-zh.ts', import.meta.url)),
    }),
    localeImports({
      registry: fileURLToPath(new URL('./src/locales/index.ts', import.meta.url)),
      i18nModule: fileURLToPath(new URL('./src/lib/i18n.ts', import.meta.url)),
    }),
    precompress(),
  ],
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000' } },
  build: {
    // The bundle bench and the byte-budget check read which chunks each route loads from it.
    manifest: true,
    // The start chunk is ~770 kB before compression (~250 kB gzip); the byte budget
    // (e2e/bundle-budget.e2e.ts) is the real check.
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      treeshake: { moduleSideEffects: hasSideEffects },
      output: {
        // Rolldown splits by which pages import what, so each page loads only the antd components,
        // icons and ECharts modules it uses (build/direct-imports.ts explains why the barrels had
        // to go for this to work). One group: what the entry needs at start is one file, not twenty.
        codeSplitting: { groups: [{ name: 'start', tags: ['$initial'] }] },
      },
    },
  },
});
