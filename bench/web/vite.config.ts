// Builds the baseline page (index.html) with the app's own build plugins, into bench/results/.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { directImports } from '../../web/build/direct-imports';
import { precompress } from '../../web/build/precompress';
import { hasSideEffects } from '../../web/build/pure-modules';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  plugins: [
    react(),
    directImports({
      commonSrc: fileURLToPath(new URL('../../common/src', import.meta.url)),
      zodZh: fileURLToPath(new URL('../../web/src/lib/zod-zh.ts', import.meta.url)),
    }),
    precompress(),
  ],
  build: {
    outDir: fileURLToPath(new URL('../results/web-baseline', import.meta.url)),
    emptyOutDir: true,
    manifest: true,
    rolldownOptions: {
      input: fileURLToPath(new URL('./index.html', import.meta.url)),
      treeshake: { moduleSideEffects: hasSideEffects },
    },
  },
});
