// A Vite plugin that ships each feature's strings with the code that shows them. A module that says
// `useTranslation('my')`, `t('archive:open')` or `ns="run"` gets, at build time,
//   import { my } from '…/features/my/locales.ts';  addStrings('my', my);
// so the strings load in the same round trip as the page (no waterfall, no flash of keys), and a
// page loads only its own namespaces instead of every feature's strings in three languages.
// Which file holds which namespace comes from the registry, web/src/locales/index.ts; `common` is
// bundled with the app shell by web/src/lib/i18n.ts.
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/** Namespace → absolute path of the module exporting it, read from the registry's import lines. */
export function readRegistry(registry: string): Map<string, string> {
  const out = new Map<string, string>();
  const src = fs.readFileSync(registry, 'utf8');
  for (const m of src.matchAll(/^import \{ (\w+) \} from '(\.{1,2}\/[^']+)';$/gm)) {
    if (m[1] === 'common') continue;
    out.set(m[1]!, path.resolve(path.dirname(registry), `${m[2]}.ts`));
  }
  if (out.size === 0) throw new Error(`locale-imports: no namespaces found in ${registry}`);
  return out;
}

/** The namespaces a module's (already compiled) code names as string literals. */
export function namespacesUsed(code: string, known: Map<string, string>): string[] {
  const found = new Set<string>();
  const add = (ns: string) => known.has(ns) && found.add(ns);
  for (const m of code.matchAll(/useTranslation\(\s*(\[[^\]]*\]|["'][\w-]+["'])/g)) {
    for (const q of m[1]!.matchAll(/["']([\w-]+)["']/g)) add(q[1]!);
  }
  // `t('archive:open')`, t(`my:level.${l}`)
  for (const m of code.matchAll(/["'`](\w+):[\w$.{]/g)) add(m[1]!);
  // `ns: "run"` (a prop such as <VerifyShell ns="run">, or t's options)
  for (const m of code.matchAll(/\bns:\s*["']([\w-]+)["']/g)) add(m[1]!);
  return [...found].sort();
}

export function localeImports({ registry, i18nModule }: { registry: string; i18nModule: string }): Plugin {
  let known = readRegistry(registry);
  const srcDir = path.dirname(path.dirname(registry));
  const commonStrings = path.join(path.dirname(registry), 'common.ts');
  const isLocaleFile = (id: string) => id === registry || id === commonStrings || [...known.values()].includes(id);
  return {
    name: 'shixun:locale-imports',
    buildStart() {
      known = readRegistry(registry);
      this.addWatchFile(registry);
    },
    transform(code, rawId) {
      const id = rawId.split('?')[0] ?? rawId;
      if (!id.startsWith(srcDir + path.sep) || !/\.[jt]sx?$/.test(id)) return null;
      if (id === i18nModule || isLocaleFile(id)) return null;
      const used = namespacesUsed(code, known);
      if (used.length === 0) return null;
      const lines = [`import { addStrings as __addStrings } from ${JSON.stringify(i18nModule)};`];
      for (const ns of used) lines.push(`import { ${ns} as __ns_${ns} } from ${JSON.stringify(known.get(ns))};`);
      for (const ns of used) lines.push(`__addStrings(${JSON.stringify(ns)}, __ns_${ns});`);
      return { code: `${lines.join('\n')}\n${code}`, map: null };
    },
  };
}
