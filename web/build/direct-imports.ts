// A Vite plugin that points imports from two barrels at the modules that define the names:
//   import { Button, Card } from 'antd'           → antd/es/button, antd/es/card
//   import { LEVELS } from '@shixun/common'        → common/src/training.ts
// Rolldown places a module in a chunk by who can reach it, and through a barrel every page reaches
// everything behind it: /login downloaded the admin pages' tables and forms, and every page zod.
// Sources keep importing from the barrels. common's index also sets zod's Chinese messages; that
// moves to web/src/lib/zod-zh.ts, which each common module that builds schemas now imports.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';

/** antd's named exports → the folder of each (`Button` → `button`), read from its ES index. */
export function antdExports(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('antd/package.json')), 'es');
  const out = new Map<string, string>();
  const index = fs.readFileSync(path.join(dir, 'index.js'), 'utf8');
  for (const m of index.matchAll(/^export \{ default as (\w+) \} from '\.\/([\w-]+)';$/gm)) {
    out.set(m[1]!, path.posix.join('antd/es', m[2]!));
  }
  if (!out.has('Button')) throw new Error(`direct-imports: no components found in ${dir}/index.js`);
  return out;
}

/**
 * @shixun/common's runtime exports → the absolute path of the module defining each, following the
 * `export * from './x.js'` lines of its index (types need no entry: TypeScript removed them).
 */
export function commonExports(commonSrc: string): Map<string, string> {
  const out = new Map<string, string>();
  const index = fs.readFileSync(path.join(commonSrc, 'index.ts'), 'utf8');
  for (const m of index.matchAll(/^export \* from '\.\/([\w-]+)\.js';$/gm)) {
    const file = path.join(commonSrc, `${m[1]}.ts`);
    const src = fs.readFileSync(file, 'utf8');
    for (const d of src.matchAll(/^export (?:async )?(?:const|let|var|function\*?|class|enum) (\w+)/gm))
      out.set(d[1]!, file);
    for (const d of src.matchAll(/^export \{([^}]*)\};?$/gm)) {
      for (const spec of d[1]!.split(',')) {
        const name = spec
          .trim()
          .split(/\s+as\s+/)
          .at(-1);
        if (name && !name.startsWith('type ')) out.set(name, file);
      }
    }
  }
  if (out.size === 0) throw new Error(`direct-imports: no exports found behind ${commonSrc}/index.ts`);
  return out;
}

// Runs after TypeScript is stripped, so type-only names are gone from these lists.
const importFrom = (pkg: string) =>
  new RegExp(`import\\s*\\{([^{}]*)\\}\\s*from\\s*["']${pkg.replace('/', '\\/')}["'];?`, 'g');

function specifiers(list: string) {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [imported, local = imported] = s.split(/\s+as\s+/).map((x) => x.trim()) as [string, string?];
      return { imported, local };
    });
}

/** antd: one default import per component. Anything not a component keeps the original import. */
export function rewriteAntd(code: string, exports: Map<string, string>): string {
  return code.replace(importFrom('antd'), (whole, list: string) => {
    const specs = specifiers(list);
    if (specs.some((s) => !exports.has(s.imported))) return whole;
    return specs.map((s) => `import ${s.local} from ${JSON.stringify(exports.get(s.imported))};`).join('\n');
  });
}

/** @shixun/common: one named import per defining module. Unknown names keep the original import. */
export function rewriteCommon(code: string, exports: Map<string, string>): string {
  return code.replace(importFrom('@shixun/common'), (whole, list: string) => {
    const specs = specifiers(list);
    if (specs.some((s) => !exports.has(s.imported))) return whole;
    const byFile = new Map<string, string[]>();
    for (const s of specs) {
      const file = exports.get(s.imported)!;
      byFile.set(file, [...(byFile.get(file) ?? []), s.imported === s.local ? s.local : `${s.imported} as ${s.local}`]);
    }
    return [...byFile]
      .map(([file, names]) => `import { ${names.join(', ')} } from ${JSON.stringify(file)};`)
      .join('\n');
  });
}

export function directImports({ commonSrc, zodZh }: { commonSrc: string; zodZh: string }): Plugin {
  const antd = antdExports();
  const common = commonExports(commonSrc);
  const inCommon = (id: string) => id.startsWith(commonSrc + path.sep) && !id.endsWith(`${path.sep}index.ts`);
  return {
    name: 'shixun:direct-imports',
    transform(code, rawId) {
      const id = rawId.split('?')[0] ?? rawId;
      if (id.includes('node_modules') || !/\.[jt]sx?$/.test(id)) return null;
      let out = code;
      if (inCommon(id) && /from\s*["']zod["']/.test(code)) out = `import ${JSON.stringify(zodZh)};\n${out}`;
      if (out.includes('antd')) out = rewriteAntd(out, antd);
      if (out.includes('@shixun/common')) out = rewriteCommon(out, common);
      return out === code ? null : { code: out, map: null };
    },
  };
}
