// The 结业证书 as a PDF: A4 landscape, Noto Serif SC (from the npm package @fontsource/noto-serif-sc,
// so a fresh install needs nothing else), only the glyphs used embedded, and a vector QR code
// linking to the public verification page.
//
// Fonts: fontsource ships the face as WOFF files split by unicode range. The "chinese-simplified"
// file covers the ~8,000 common characters plus ASCII and CJK punctuation; a rarer character falls
// back to the numbered range file that holds it (unicode.json). WOFF is unpacked to a plain
// TrueType font once per process with node's zlib (fontkit's own inflater is pure JS and slow).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { type CertificateDetail, chineseDate } from '@shixun/common';
import { type PDFDocument as Doc, PDFDocument, type PDFFont, type PDFPage, PDFString, rgb } from 'pdf-lib';
import QRCode from 'qrcode';

const FAMILY = 'noto-serif-sc';
const require = createRequire(import.meta.url);
const fontDir = () => path.join(path.dirname(require.resolve(`@fontsource/${FAMILY}/package.json`)), 'files');

const tagOf = (t: string) => [...t].reduce((n, c) => n * 256 + c.charCodeAt(0), 0);

/** The OpenType table checksum: the sum of the table's big-endian uint32 words. */
function tableChecksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 4) {
    sum = (sum + (((b[i] ?? 0) << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0))) >>> 0;
  }
  return sum;
}

interface Table {
  tag: number;
  checksum: number;
  data: Buffer;
}

/**
 * Pads every glyph to 4 bytes (long loca). fontsource's files pack glyphs unpadded, and fontkit's
 * subsetter writes a short loca (offsets / 2) whenever it can, which garbles every glyph after the
 * first odd-length one.
 */
function padGlyphs(tables: Table[]) {
  const get = (t: string) => tables.find((x) => x.tag === tagOf(t));
  const head = get('head');
  const loca = get('loca');
  const glyf = get('glyf');
  const maxp = get('maxp');
  if (!head || !loca || !glyf || !maxp) return;
  const long = head.data.readInt16BE(50) === 1;
  const n = maxp.data.readUInt16BE(4);
  const offset = (i: number) => (long ? loca.data.readUInt32BE(i * 4) : loca.data.readUInt16BE(i * 2) * 2);
  const parts: Buffer[] = [];
  const newLoca = Buffer.alloc((n + 1) * 4);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const g = glyf.data.subarray(offset(i), offset(i + 1));
    const padded = (g.length + 3) & ~3;
    parts.push(g);
    if (padded > g.length) parts.push(Buffer.alloc(padded - g.length));
    at += padded;
    newLoca.writeUInt32BE(at, (i + 1) * 4);
  }
  glyf.data = Buffer.concat(parts);
  glyf.checksum = tableChecksum(glyf.data);
  loca.data = newLoca;
  loca.checksum = tableChecksum(newLoca);
  const h = Buffer.from(head.data);
  h.writeInt16BE(1, 50); // indexToLocFormat: long
  head.data = h;
  head.checksum = tableChecksum(h);
}

/** WOFF 1.0 → the SFNT (TrueType/OpenType) it wraps: each table inflated, glyphs padded, the directory rebuilt. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF file');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: Table[] = [];
  for (let i = 0; i < numTables; i++) {
    const o = 44 + i * 20;
    const offset = woff.readUInt32BE(o + 4);
    const compLength = woff.readUInt32BE(o + 8);
    const origLength = woff.readUInt32BE(o + 12);
    const raw = woff.subarray(offset, offset + compLength);
    tables.push({
      tag: woff.readUInt32BE(o),
      checksum: woff.readUInt32BE(o + 16),
      data: compLength < origLength ? zlib.inflateSync(raw) : raw,
    });
  }
  padGlyphs(tables);
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= numTables) entrySelector++;
  const searchRange = 2 ** entrySelector * 16;
  const headerLength = 12 + 16 * numTables;
  const size = tables.reduce((n, t) => n + ((t.data.length + 3) & ~3), headerLength);
  const out = Buffer.alloc(size);
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let at = headerLength;
  tables.forEach((t, i) => {
    const e = 12 + i * 16;
    out.writeUInt32BE(t.tag, e);
    out.writeUInt32BE(t.checksum, e + 4);
    out.writeUInt32BE(at, e + 8);
    out.writeUInt32BE(t.data.length, e + 12);
    t.data.copy(out, at);
    at += (t.data.length + 3) & ~3;
  });
  return out;
}

export type Weight = 400 | 700;

/**
 * fontkit with `create` remembered per font file: pdf-lib parses the whole face (~40 ms for the CJK
 * file) for every document it embeds it in, which a batch of hundreds of certificates repeats. The
 * parsed face is only read afterwards (layout, subsetting make their own objects), so sharing is safe.
 */
const parsedFaces = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();
const sharedFontkit: typeof fontkit = {
  ...fontkit,
  create(bytes: Uint8Array, postscriptName?: string) {
    if (postscriptName) return fontkit.create(bytes, postscriptName);
    let face = parsedFaces.get(bytes);
    if (!face) {
      face = fontkit.create(bytes);
      parsedFaces.set(bytes, face);
    }
    return face;
  },
};

interface LoadedFont {
  bytes: Buffer;
  has(codePoint: number): boolean;
}

const loaded = new Map<string, LoadedFont>();

function loadFont(subset: string, weight: Weight): LoadedFont {
  const key = `${subset}-${weight}`;
  let f = loaded.get(key);
  if (!f) {
    const bytes = woffToSfnt(fs.readFileSync(path.join(fontDir(), `${FAMILY}-${subset}-${weight}-normal.woff`)));
    const face = fontkit.create(bytes);
    f = { bytes, has: (cp) => face.hasGlyphForCodePoint(cp) };
    loaded.set(key, f);
  }
  return f;
}

let ranges: Array<{ subset: string; from: number; to: number }> | undefined;

/** The numbered range file that holds a character, from the package's unicode.json. */
function rangeSubsetOf(cp: number): string | null {
  if (!ranges) {
    const json = JSON.parse(fs.readFileSync(path.join(fontDir(), '..', 'unicode.json'), 'utf8')) as Record<
      string,
      string
    >;
    ranges = [];
    for (const [name, spec] of Object.entries(json)) {
      const m = /^\[(\d+)\]$/.exec(name);
      if (!m) continue;
      for (const part of spec.split(',')) {
        const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
        const from = Number.parseInt(a!, 16);
        ranges.push({ subset: m[1]!, from, to: b ? Number.parseInt(b, 16) : from });
      }
    }
  }
  return ranges.find((r) => cp >= r.from && cp <= r.to)?.subset ?? null;
}

/** The fonts of one document: the main file, and range files embedded only when a character needs one. */
export class Fonts {
  private embedded = new Map<string, PDFFont>();
  constructor(private doc: Doc) {}

  private async embed(subset: string, weight: Weight): Promise<PDFFont> {
    const key = `${subset}-${weight}`;
    let f = this.embedded.get(key);
    if (!f) {
      f = await this.doc.embedFont(loadFont(subset, weight).bytes, { subset: true });
      this.embedded.set(key, f);
    }
    return f;
  }

  /** Splits text into runs, each drawn with a font that has its characters. */
  async runs(text: string, weight: Weight): Promise<Array<{ text: string; font: PDFFont }>> {
    const main = loadFont('chinese-simplified', weight);
    const out: Array<{ text: string; font: PDFFont; key: string }> = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let subset = 'chinese-simplified';
      if (!main.has(cp)) {
        const alt = rangeSubsetOf(cp);
        if (alt && loadFont(alt, weight).has(cp)) subset = alt;
      }
      const last = out[out.length - 1];
      if (last && last.key === subset) last.text += ch;
      else out.push({ text: ch, font: await this.embed(subset, weight), key: subset });
    }
    return out;
  }
}

interface TextStyle {
  size: number;
  weight?: Weight;
  color?: ReturnType<typeof rgb>;
  /** Extra space after each character (titles). */
  spacing?: number;
  opacity?: number;
}

/** Advance widths at size 1, per font and character: laying out text costs more than drawing it. */
const advances = new WeakMap<PDFFont, Map<string, number>>();
function advance(font: PDFFont, ch: string): number {
  let m = advances.get(font);
  if (!m) {
    m = new Map();
    advances.set(font, m);
  }
  let w = m.get(ch);
  if (w === undefined) {
    w = font.widthOfTextAtSize(ch, 1);
    m.set(ch, w);
  }
  return w;
}

/** The text's width: the sum of its characters' advances (Chinese text has no kerning to lose). */
async function measure(fonts: Fonts, text: string, s: TextStyle) {
  let w = 0;
  for (const r of await fonts.runs(text, s.weight ?? 400)) {
    for (const ch of r.text) w += advance(r.font, ch) * s.size + (s.spacing ?? 0);
  }
  return w - (s.spacing ?? 0);
}

async function draw(page: PDFPage, fonts: Fonts, text: string, x: number, y: number, s: TextStyle) {
  let at = x;
  const color = s.color ?? INK;
  for (const r of await fonts.runs(text, s.weight ?? 400)) {
    if (!s.spacing) {
      page.drawText(r.text, { x: at, y, size: s.size, font: r.font, color, opacity: s.opacity });
      at += r.font.widthOfTextAtSize(r.text, s.size);
      continue;
    }
    for (const ch of r.text) {
      page.drawText(ch, { x: at, y, size: s.size, font: r.font, color, opacity: s.opacity });
      at += r.font.widthOfTextAtSize(ch, s.size) + s.spacing;
    }
  }
  return at;
}

async function drawCentered(page: PDFPage, fonts: Fonts, text: string, cx: number, y: number, s: TextStyle) {
  await draw(page, fonts, text, cx - (await measure(fonts, text, s)) / 2, y, s);
}

/** Characters that may not begin a line (Chinese line-breaking convention). */
const NO_LINE_START = new Set([...'，。、；：？！）》」』”’…—%,.;:?!)']);

/** Breaks CJK text into lines no wider than `width` (any character boundary, punctuation kept attached). */
async function wrap(fonts: Fonts, text: string, width: number, s: TextStyle, firstIndent = 0) {
  const lines: string[] = [];
  let line = '';
  let limit = width - firstIndent;
  for (const ch of text) {
    const next = line + ch;
    if (line && (await measure(fonts, next, s)) > limit && !NO_LINE_START.has(ch)) {
      lines.push(line);
      line = ch;
      limit = width;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

const INK = rgb(0.13, 0.13, 0.13);
const RED = rgb(0.66, 0.09, 0.09);
const GOLD = rgb(0.72, 0.55, 0.2);

function drawQr(page: PDFPage, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / n;
  for (let r = 0; r < n; r++) {
    // One rectangle per run of dark modules in a row: a third of the drawing operations.
    for (let c = 0; c < n; ) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      let end = c + 1;
      while (end < n && qr.modules.get(r, end)) end++;
      // A hair of overlap so anti-aliasing leaves no seams between modules.
      page.drawRectangle({
        x: x + c * cell,
        y: y + size - (r + 1) * cell,
        width: (end - c) * cell + 0.05,
        height: cell + 0.05,
        color: rgb(0, 0, 0),
      });
      c = end;
    }
  }
}

/** The issue date in China time, as printed (2026年10月12日). */
function issueDate(iso: string) {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return chineseDate(d);
}

async function newDocument(title: string, author: string, subject: string) {
  const doc = await PDFDocument.create();
  doc.registerFontkit(sharedFontkit);
  doc.setTitle(title);
  doc.setAuthor(author);
  doc.setSubject(subject);
  doc.setCreator('师训 Shixun');
  return { doc, fonts: new Fonts(doc) };
}

/** One certificate, one page. */
export async function renderCertificatePdf(c: CertificateDetail): Promise<Uint8Array> {
  const { doc, fonts } = await newDocument(`结业证书 ${c.number}`, c.issuer, `${c.teacherName}《${c.projectName}》`);
  await drawCertificate(doc, fonts, c);
  // Plain objects (no object streams): the link, and so the number, stay greppable in the file.
  return doc.save({ useObjectStreams: false });
}

/**
 * Many certificates as one document, a page each, the fonts embedded once (so 500 pages cost
 * little more than their drawing). `each` runs after every page: report progress, yield the loop.
 */
export async function renderCertificatesPdf(
  list: CertificateDetail[],
  title: string,
  each: (done: number) => Promise<void> = async () => {},
): Promise<Uint8Array> {
  const first = list[0];
  const { doc, fonts } = await newDocument(title, first?.issuer ?? '', title);
  for (const [i, c] of list.entries()) {
    await drawCertificate(doc, fonts, c);
    await each(i + 1);
  }
  return doc.save({ useObjectStreams: false });
}

async function drawCertificate(doc: Doc, fonts: Fonts, c: CertificateDetail) {
  const W = 841.89;
  const H = 595.28;
  const page = doc.addPage([W, H]);

  // Frame: a gold outer rule and a thin inner one.
  page.drawRectangle({ x: 24, y: 24, width: W - 48, height: H - 48, borderColor: GOLD, borderWidth: 6 });
  page.drawRectangle({ x: 38, y: 38, width: W - 76, height: H - 76, borderColor: GOLD, borderWidth: 1.2 });

  await drawCentered(page, fonts, '结业证书', W / 2, H - 130, { size: 44, weight: 700, color: RED, spacing: 18 });

  const left = 120;
  const textWidth = W - 2 * left;
  const body: TextStyle = { size: 20 };
  await draw(page, fonts, `${c.teacherName} 同志：`, left, H - 210, { size: 22, weight: 700 });
  const indent = body.size * 2;
  const lines = await wrap(fonts, c.text, textWidth, body, indent);
  let y = H - 258;
  for (const [i, line] of lines.entries()) {
    await draw(page, fonts, line, left + (i === 0 ? indent : 0), y, body);
    y -= 36;
  }

  // Issuer and date, bottom right.
  const issuerStyle: TextStyle = { size: 18 };
  const right = W - left;
  const issuerWidth = await measure(fonts, c.issuer, issuerStyle);
  const dateText = issueDate(c.issuedAt);
  const dateWidth = await measure(fonts, dateText, issuerStyle);
  const blockWidth = Math.max(issuerWidth, dateWidth);
  await draw(page, fonts, c.issuer, right - (blockWidth + issuerWidth) / 2, 150, issuerStyle);
  await draw(page, fonts, dateText, right - (blockWidth + dateWidth) / 2, 120, issuerStyle);

  // QR code and number, bottom left.
  const qrSize = 84;
  drawQr(page, c.verifyUrl, left, 88, qrSize);
  // On screen the code is also a link to the same page.
  const link = doc.context.obj({
    Type: 'Annot',
    Subtype: 'Link',
    Rect: [left, 88, left + qrSize, 88 + qrSize],
    Border: [0, 0, 0],
    A: { Type: 'Action', S: 'URI', URI: PDFString.of(c.verifyUrl) },
  });
  page.node.addAnnot(doc.context.register(link));
  await draw(page, fonts, '扫码验证真伪', left + qrSize + 12, 150, { size: 11, color: rgb(0.35, 0.35, 0.35) });
  await draw(page, fonts, `证书编号：${c.number}`, left + qrSize + 12, 128, { size: 12 });
  await draw(page, fonts, c.verifyUrl, left + qrSize + 12, 108, { size: 9, color: rgb(0.45, 0.45, 0.45) });

  if (c.revoked) {
    // A revoked certificate still prints (for the record), marked across the page.
    const stamp = { weight: 700 as const, color: rgb(0.85, 0.2, 0.2), opacity: 0.35 };
    await drawCentered(page, fonts, '已撤销', W / 2, H / 2 - 40, { size: 96, spacing: 24, ...stamp });
    await drawCentered(page, fonts, `撤销原因：${c.revokeReason ?? ''}`, W / 2, H / 2 - 80, { size: 16, color: RED });
  }
}
