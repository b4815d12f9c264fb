// What each route of the built web app downloads: the routes are read from web/src/router.tsx and
// App.tsx, the chunks from Vite's manifest (web/dist/.vite/manifest.json). A route loads the entry's
// static imports, the signed-in shell's (for pages inside the layout) and its page's static imports;
// chunks it imports later (a drawer opened on click, a chart) are not counted, nor the CSS.
// Used by the bundle bench (bench/web-bytes.ts) and by the budget check in the browser tests.
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

export interface WebRoute {
  path: string;
  /** manifest key of the page module, e.g. `src/features/teachers/MyRecordPage.tsx` */
  page: string;
  /** rendered inside the signed-in shell (side menu, header) */
  layout: boolean;
}

/** Manifest keys of the signed-in shell when it is split from the entry (App.tsx loads it lazily). */
const SHELL = ['src/components/AppLayout.tsx'];

export function readManifest(dist: string): Manifest {
  const file = path.join(dist, '.vite/manifest.json');
  if (!fs.existsSync(file)) throw new Error(`no Vite manifest at ${file}: build the web app first (npm run build)`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
}

const pageKey = (spec: string) => {
  const rel = path.posix.join('src', spec.replace(/^\.\//, ''));
  return /\.[jt]sx?$/.test(rel) ? rel : `${rel}.tsx`;
};

/** Every route of router.tsx (path → lazily imported page) and the public pages App.tsx mounts. */
export function readRoutes(webRoot: string): WebRoute[] {
  const router = fs.readFileSync(path.join(webRoot, 'src/router.tsx'), 'utf8');
  const app = fs.readFileSync(path.join(webRoot, 'src/App.tsx'), 'utf8');
  const out: WebRoute[] = [];
  // One route object: `path: '…'` … `bare: true`? … `page: lazy(() => import('…'))`.
  const objects = router.split(/\n\s*\{\n/).slice(1);
  for (const obj of objects) {
    const p = /\bpath: '([^']+)'/.exec(obj);
    const page = /page: lazy(?:Page)?\(\(\) => import\('([^']+)'\)\)/.exec(obj);
    if (!p || !page) continue;
    out.push({ path: p[1]!, page: pageKey(page[1]!), layout: !/\bbare: true\b/.test(obj) });
  }
  const publicPages = new Map<string, string>();
  for (const m of router.matchAll(/^\s+(\w+): lazy(?:Page)?\(\(\) => import\('([^']+)'\)\),?$/gm))
    publicPages.set(m[1]!, m[2]!);
  for (const m of app.matchAll(/path="([^"]+)" element=\{<publicRoutes\.(\w+) \/>\}/g)) {
    const spec = publicPages.get(m[2]!);
    if (spec) out.push({ path: m[1]!, page: pageKey(spec), layout: false });
  }
  return out;
}

function closure(manifest: Manifest, keys: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the Vite manifest`);
    seen.add(key);
    for (const k of chunk.imports ?? []) visit(k);
  };
  for (const k of keys) visit(k);
  return seen;
}

/** The JavaScript files (relative to dist) a route loads before its page shows. */
export function routeScripts(manifest: Manifest, route: WebRoute): string[] {
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entry) throw new Error('the Vite manifest has no entry');
  const keys = [entry, route.page];
  if (route.layout) keys.push(...SHELL.filter((k) => manifest[k]));
  return [...closure(manifest, keys)].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
}

export interface Bytes {
  raw: number;
  gzip: number;
  brotli: number;
}
export const addBytes = (a: Bytes, b: Bytes): Bytes => ({
  raw: a.raw + b.raw,
  gzip: a.gzip + b.gzip,
  brotli: a.brotli + b.brotli,
});
const ZERO: Bytes = { raw: 0, gzip: 0, brotli: 0 };

const cache = new Map<string, Bytes>();
/** Sizes of one built file; the .gz/.br written beside it by the build when present (what is served). */
export function fileBytes(dist: string, file: string): Bytes {
  const abs = path.join(dist, file);
  const hit = cache.get(abs);
  if (hit) return hit;
  const body = fs.readFileSync(abs);
  const sized = (ext: string, make: () => Buffer) =>
    fs.existsSync(abs + ext) ? fs.statSync(abs + ext).size : make().length;
  const bytes = {
    raw: body.length,
    gzip: sized('.gz', () => gzipSync(body, { level: 9 })),
    brotli: sized('.br', () => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })),
  };
  cache.set(abs, bytes);
  return bytes;
}

export function totalBytes(dist: string, files: string[]): Bytes {
  return files.reduce((sum, f) => addBytes(sum, fileBytes(dist, f)), ZERO);
}
