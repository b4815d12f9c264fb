// A Vite plugin that writes a brotli (.br) and a gzip (.gz) copy beside every text asset of the build,
// so the server sends compressed bytes without compressing on each request (server/src/http/static.ts).
// A copy is kept only when it is smaller than the file; tiny files are left alone.
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Worth compressing: scripts, styles, markup, SVG, JSON (fonts and images already are). */
export const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|webmanifest)$/;
const MIN_BYTES = 1024;

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(abs)));
    else out.push(abs);
  }
  return out;
}

export async function precompressDir(dir: string): Promise<{ files: number; raw: number; brotli: number }> {
  const files = (await listFiles(dir)).filter(
    (f) => COMPRESSIBLE.test(f) && !f.includes(`${path.sep}.vite${path.sep}`),
  );
  let raw = 0;
  let br = 0;
  // zlib runs on libuv's thread pool: all files at once keep its four threads busy.
  await Promise.all(
    files.map(async (file) => {
      const body = await fs.readFile(file);
      if (body.length < MIN_BYTES) return;
      const [b, g] = await Promise.all([
        brotli(body, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        }),
        gzip(body, { level: zlib.constants.Z_BEST_COMPRESSION }),
      ]);
      raw += body.length;
      if (b.length < body.length) {
        await fs.writeFile(`${file}.br`, b);
        br += b.length;
      }
      if (g.length < body.length) await fs.writeFile(`${file}.gz`, g);
    }),
  );
  return { files: files.length, raw, brotli: br };
}

export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'shixun:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      await precompressDir(outDir);
    },
  };
}
