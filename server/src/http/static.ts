// Serves the built web app (web/dist): every file is read once at start-up, with the brotli and
// gzip copies the build wrote beside it (web/build/precompress.ts), and sent from memory.
// - Content negotiation on Accept-Encoding (br, then gzip, then the file itself; q=0 refuses one),
//   with `Vary: Accept-Encoding` on everything that has a compressed copy.
// - Hashed files under /assets/ are cached for a year (`immutable`); index.html, the favicon and any
//   other unhashed file are revalidated on every use (`no-cache`) with a strong ETag (304).
// - Paths that are not files get the app shell (client-side routes such as /teachers/12), except
//   /assets/…, where a missing file is a real 404 (a stale tab asking for an old chunk must not
//   receive HTML it would try to run as JavaScript). /api and /api/… never reach this route: the
//   API's own catch-all (http/request-guards.ts, registerApiNotFound) is more specific and answers
//   every unknown API path, whatever the method, with 404 NOT_FOUND in the envelope.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../deps.js';

type Encoding = 'br' | 'gzip';

interface Variant {
  body: Buffer;
  etag: string;
}

export interface StaticFile {
  type: string;
  cacheControl: string;
  identity: Variant;
  br?: Variant;
  gzip?: Variant;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.pdf': 'application/pdf',
};

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

const etagOf = (body: Buffer, suffix = '') =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}${suffix}"`;

function listFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) listFiles(abs, out);
    else if (entry.isFile()) out.push(abs);
  }
  return out;
}

/** URL path (`/assets/x.js`) → file, for every servable file of the build. */
export function loadWebDist(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const abs of listFiles(root)) {
    const rel = path.relative(root, abs).split(path.sep).join('/');
    // build bookkeeping (Vite's manifest, the build stamp) and the compressed copies themselves
    if (rel.startsWith('.') || rel.includes('/.') || /\.(br|gz)$/.test(rel)) continue;
    const body = fs.readFileSync(abs);
    const variant = (ext: string, enc: Encoding): Variant | undefined => {
      if (!fs.existsSync(abs + ext)) return undefined;
      const compressed = fs.readFileSync(abs + ext);
      return { body: compressed, etag: etagOf(body, `-${enc}`) };
    };
    files.set(`/${rel}`, {
      type: TYPES[path.extname(rel).toLowerCase()] ?? 'application/octet-stream',
      cacheControl: rel.startsWith('assets/') ? IMMUTABLE : REVALIDATE,
      identity: { body, etag: etagOf(body) },
      br: variant('.br', 'br'),
      gzip: variant('.gz', 'gzip'),
    });
  }
  return files;
}

/**
 * The encodings the client accepts, best first among those we have: `br` before `gzip` at equal
 * quality; `*` stands for any encoding not named; q=0 refuses. Identity is always acceptable here
 * (we never answer 406), so it is not listed.
 */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  if (!header) return [];
  const q = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const quality = (enc: Encoding) => q.get(enc) ?? (enc === 'gzip' ? q.get('x-gzip') : undefined) ?? q.get('*') ?? 0;
  return (['br', 'gzip'] as const).filter((enc) => quality(enc) > 0).sort((a, b) => quality(b) - quality(a));
}

function send(req: FastifyRequest, reply: FastifyReply, file: StaticFile) {
  const compressible = Boolean(file.br || file.gzip);
  const encoding = acceptedEncodings(req.headers['accept-encoding']).find((enc) => file[enc]);
  const variant = encoding ? file[encoding]! : file.identity;
  reply.header('content-type', file.type).header('cache-control', file.cacheControl).header('etag', variant.etag);
  if (compressible) reply.header('vary', 'Accept-Encoding');
  if (encoding) reply.header('content-encoding', encoding);
  const match = req.headers['if-none-match'];
  if (match?.split(',').some((t) => t.trim().replace(/^W\//, '') === variant.etag)) {
    return reply.code(304).send();
  }
  reply.header('content-length', variant.body.length);
  return reply.send(req.method === 'HEAD' ? undefined : variant.body);
}

/** Registers GET/HEAD `/*`: the files of the build, and the app shell for client-side routes. */
export function registerWebApp(app: App, root: string) {
  const files = loadWebDist(root);
  const shell = files.get('/index.html');
  if (!shell) throw new Error(`no index.html in ${root}`);
  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    schema: { hide: true },
    config: { public: true },
    handler: async (req, reply) => {
      let pathname: string;
      try {
        pathname = decodeURIComponent(req.url.split('?')[0] ?? '/');
      } catch {
        return reply.callNotFound();
      }
      const file = files.get(pathname);
      if (file) return send(req, reply, file);
      if (pathname.startsWith('/assets/')) return reply.callNotFound();
      return send(req, reply, shell);
    },
  });
}
