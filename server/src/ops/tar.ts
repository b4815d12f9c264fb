// A small streaming tar.gz writer and extractor (POSIX ustar: regular files and directories), so
// backups need nothing but Node — no tar on the server, files streamed rather than held in memory.
import fs from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

export interface TarFile {
  /** Path inside the archive, with forward slashes. */
  name: string;
  /** A file on disk, bytes, or a directory (kept even when empty). */
  source: { file: string } | { data: Buffer } | { dir: true };
}

const BLOCK = 512;

function header(name: string, size: number, mtime: Date, type: '0' | '5'): Buffer {
  const h = Buffer.alloc(BLOCK);
  let base = name;
  let prefix = '';
  if (Buffer.byteLength(base) > 100) {
    // ustar: the path may be split at a slash into a prefix (155 bytes) and a name (100 bytes).
    const cut = name.lastIndexOf('/', name.length - 1);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
    if (cut < 0 || Buffer.byteLength(base) > 100 || Buffer.byteLength(prefix) > 155) {
      throw new Error(`path too long for the archive: ${name}`);
    }
  }
  h.write(base, 0, 100, 'utf8');
  h.write(type === '5' ? '0000755\0' : '0000600\0', 100, 8, 'ascii');
  h.write('0000000\0', 108, 8, 'ascii');
  h.write('0000000\0', 116, 8, 'ascii');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 12, 'ascii');
  h.write(
    `${Math.floor(mtime.getTime() / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
    12,
    'ascii',
  );
  h.write('        ', 148, 8, 'ascii');
  h.write(type, 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** Writes the files, in order, as a gzip-compressed tar archive at `out`. */
export async function writeTarGz(out: string, files: AsyncIterable<TarFile> | Iterable<TarFile>): Promise<void> {
  const tar = new PassThrough();
  const done = pipeline(tar, zlib.createGzip({ level: 6 }), fs.createWriteStream(out, { mode: 0o600 }));
  const write = async (b: Buffer) => {
    if (!tar.write(b)) await new Promise((r) => tar.once('drain', r));
  };
  try {
    for await (const f of files) {
      if ('dir' in f.source) {
        await write(header(`${f.name}/`, 0, new Date(), '5'));
        continue;
      }
      if ('data' in f.source) {
        await write(header(f.name, f.source.data.length, new Date(), '0'));
        await write(f.source.data);
        await write(padding(f.source.data.length));
        continue;
      }
      const st = await fs.promises.stat(f.source.file);
      await write(header(f.name, st.size, st.mtime, '0'));
      let written = 0;
      for await (const chunk of fs.createReadStream(f.source.file)) {
        // A file that grows while it is copied is cut at its size when the copy began.
        const part = (chunk as Buffer).subarray(0, Math.max(0, st.size - written));
        written += part.length;
        if (part.length) await write(part);
      }
      if (written < st.size) await write(Buffer.alloc(st.size - written));
      await write(padding(st.size));
    }
    await write(Buffer.alloc(BLOCK * 2)); // end of archive
  } finally {
    tar.end();
  }
  await done;
}

const field = (h: Buffer, at: number, len: number) => {
  const s = h.subarray(at, at + len);
  const nul = s.indexOf(0);
  return (nul < 0 ? s : s.subarray(0, nul)).toString('utf8');
};

/** A safe relative path inside the archive (no absolute paths, no `..`), or null. */
function safeName(name: string): string | null {
  const n = name.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!n || n.startsWith('/') || n.split('/').some((p) => p === '..')) return null;
  return n.replace(/\/$/, '');
}

/**
 * Reads the archive, handing each regular file to `onFile(name, stream)`, which must consume the
 * stream (or call `stream.resume()`), and each directory to `onDir`. Unsafe paths are refused.
 */
export async function readTarGz(
  file: string,
  onFile: (name: string, stream: Readable, size: number) => Promise<void>,
  onDir?: (name: string) => Promise<void>,
): Promise<void> {
  let buf: Buffer = Buffer.alloc(0);
  let current: { stream: PassThrough; left: number; pad: number; done: Promise<void> } | null = null;
  let skip = 0;
  let ended = false;
  const source = fs.createReadStream(file).pipe(zlib.createGunzip());
  for await (const chunk of source) {
    buf = buf.length ? Buffer.concat([buf, chunk as Buffer]) : (chunk as Buffer);
    for (;;) {
      if (ended) break;
      if (skip) {
        const n = Math.min(skip, buf.length);
        skip -= n;
        buf = buf.subarray(n);
        if (skip) break;
      }
      if (current) {
        const n = Math.min(current.left, buf.length);
        if (n) {
          const part = buf.subarray(0, n);
          buf = buf.subarray(n);
          current.left -= n;
          if (!current.stream.write(Buffer.from(part))) await new Promise((r) => current!.stream.once('drain', r));
        }
        if (current.left > 0) break;
        current.stream.end();
        await current.done;
        skip = current.pad;
        current = null;
        continue;
      }
      if (buf.length < BLOCK) break;
      const h = buf.subarray(0, BLOCK);
      buf = buf.subarray(BLOCK);
      if (h.every((b) => b === 0)) {
        ended = true;
        break;
      }
      const size = Number.parseInt(field(h, 124, 12).trim() || '0', 8);
      const type = field(h, 156, 1) || '0';
      const prefix = field(h, 345, 155);
      const raw = prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
      if (type === '0') {
        const name = safeName(raw);
        if (!name) throw new Error(`unsafe path in archive: ${raw}`);
        const stream = new PassThrough();
        // A handler that fails stops reading its stream: keep draining it, report at the end.
        const done = onFile(name, stream, size).catch((err) => {
          stream.resume();
          throw err;
        });
        done.catch(() => {});
        current = { stream, left: size, pad: padding(size).length, done };
        if (size === 0) continue;
      } else {
        if (type === '5' && onDir) {
          const name = safeName(raw);
          if (!name) throw new Error(`unsafe path in archive: ${raw}`);
          await onDir(name);
        }
        skip = size + padding(size).length; // anything else: nothing to extract
      }
    }
  }
  if (current) throw new Error('archive ends in the middle of a file');
}
