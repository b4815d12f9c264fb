import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { directImports } from './build/direct-imports';
import { localeImports } from './build/locale-imports';
import { precompress } from './build/precompress';

/**
 * Packages whose modules only define things, but that do not say so in their package.json
 * (`sideEffects`): without this, importing one export of `@rc-component/form` (as antd's
 * ConfigProvider does) pulls in the whole package. `@shixun/common`'s modules are definitions
 * too, except its index, which sets zod's Chinese messages. Left out on purpose:
 * `@rc-component/picker`, whose dayjs adapter extends dayjs when it loads.
 */
const PURE = [
  /[\\/]node_modules[\\/]@rc-component[\\/](?!picker[\\/])/,
  /[\\/]node_modules[\\/]@ant-design[\\/](cssinjs|cssinjs-utils|fast-color|colors)[\\/]/,
  /[\\/]node_modules[\\/]@babel[\\/]runtime[\\/]/,
  /[\\/]common[\\/]src[\\/](?!index\.ts$)[^\\/]+\.ts$/,
];

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
    rolldownOptions: {
      treeshake: { moduleSideEffects: (id: string) => !PURE.some((re) => re.test(id)) },
      output: {
        // Rolldown splits by which pages import what, so each page loads only the antd components,
        // icons and ECharts modules it uses. Two groups keep the request count down: everything the
        // first paint needs in one chunk, and small shared pieces merged instead of one file each.
      },
    },
  },
});
