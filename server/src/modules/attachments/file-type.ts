// Recognises an upload by its first bytes and its extension together: a renamed .exe is refused.
import { FILE_TYPES, type FileKind } from '@shixun/common';

const starts = (head: Buffer, bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const MAGIC: Record<string, (h: Buffer) => boolean> = {
  pdf: (h) => starts(h, ascii('%PDF-')),
  png: (h) => starts(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpg: (h) => starts(h, [0xff, 0xd8, 0xff]),
  jpeg: (h) => starts(h, [0xff, 0xd8, 0xff]),
  gif: (h) => starts(h, ascii('GIF87a')) || starts(h, ascii('GIF89a')),
  webp: (h) => starts(h, ascii('RIFF')) && starts(h, ascii('WEBP'), 8),
  docx: (h) => starts(h, ZIP),
  xlsx: (h) => starts(h, ZIP),
  pptx: (h) => starts(h, ZIP),
  doc: (h) => starts(h, OLE),
  xls: (h) => starts(h, OLE),
  ppt: (h) => starts(h, OLE),
  wps: (h) => starts(h, OLE) || starts(h, ZIP),
  et: (h) => starts(h, OLE) || starts(h, ZIP),
  dps: (h) => starts(h, OLE) || starts(h, ZIP),
};

/** Bytes needed from the start of a file to recognise it. */
export const HEAD_BYTES = 16;

export const extensionOf = (filename: string) => {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(filename);
  return m ? m[1]!.toLowerCase() : '';
};

export type Detected = { ok: true; ext: string; mime: string; kind: FileKind } | { ok: false; reason: string };

export function detectFileType(filename: string, head: Buffer): Detected {
  const ext = extensionOf(filename);
  const type = FILE_TYPES[ext];
  const check = MAGIC[ext];
  if (!type || !check) return { ok: false, reason: `不支持的文件类型${ext ? `（.${ext}）` : '（无扩展名）'}` };
  if (!check(head)) return { ok: false, reason: `文件内容与扩展名 .${ext} 不符，文件可能已损坏或被改名` };
  return { ok: true, ext, mime: type.mime, kind: type.kind };
}

/** A name safe to store and show: no directories, no control characters, at most 200 characters. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (cleaned.length <= 200) return cleaned || '未命名';
  const ext = extensionOf(cleaned);
  return `${cleaned.slice(0, 190)}${ext ? `.${ext}` : ''}`;
}

/** Content-Disposition with the Chinese name (RFC 5987 filename*) and an ASCII fallback. */
export function contentDisposition(filename: string, inline: boolean): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
