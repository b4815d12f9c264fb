// Bundles the server into dist/main.js and its spreadsheet worker into dist/spreadsheet.worker.js:
// our code and @shixun/common (TypeScript sources) inlined, every other dependency left external
// and loaded from node_modules at run time.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const pkg = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));

const bundled = new Set(['@shixun/common']);
const external = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies })
  .filter((name) => !bundled.has(name))
  .flatMap((name) => [name, `${name}/*`]);

fs.rmSync(dist, { recursive: true, force: true });

await build({
  // The spreadsheet worker is its own entry: sheet-workers.ts starts dist/spreadsheet.worker.js.
  entryPoints: {
    main: path.join(here, 'src/main.ts'),
    'spreadsheet.worker': path.join(here, 'src/modules/imports/spreadsheet.worker.ts'),
  },
  outdir: dist,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
  // Some external deps are CommonJS and call require(); ESM output has none, so provide one.
  banner: {
    js: [
      "import { createRequire as __shixunCreateRequire } from 'node:module';",
      'const require = __shixunCreateRequire(import.meta.url);',
    ].join('\n'),
  },
});

// db/client.ts looks for migrations beside the bundle (dist/migrations).
fs.cpSync(path.join(here, 'src/db/migrations'), path.join(dist, 'migrations'), { recursive: true });
