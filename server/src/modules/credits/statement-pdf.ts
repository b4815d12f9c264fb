// The 继续教育学时证明 as a PDF: A4 portrait, Noto Serif SC through the certificates' Fonts (the
// fontsource WOFF unpacked, glyphs subset), totals by level and year, the counted entries and
// a vector QR code to the public verification page.

import fontkit from '@pdf-lib/fontkit';
import {
  CREDIT_SOURCE_LABELS,
  type CreditSource,
  type CreditStatementDetail,
  chineseDate,
  formatHours,
  statementPeriodLabel,
} from '@shixun/common';
import { PDFDocument, type PDFPage, PDFString, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { Fonts, type Weight } from '../certificates/pdf.js';

class Writer {
  private fonts: Fonts;
  constructor(
    doc: PDFDocument,
    public page: PDFPage,
  ) {
    this.fonts = new Fonts(doc);
  }

  private runs(text: string, weight: Weight) {
    return this.fonts.runs(text, weight);
  }

  async width(text: string, size: number, weight: Weight = 400) {
    let w = 0;
    for (const r of await this.runs(text, weight)) w += r.font.widthOfTextAtSize(r.text, size);
    return w;
  }

  async text(
    text: string,
    x: number,
    y: number,
    size: number,
    o: { weight?: Weight; color?: ReturnType<typeof rgb> } = {},
  ) {
    let at = x;
    for (const r of await this.runs(text, o.weight ?? 400)) {
      this.page.drawText(r.text, { x: at, y, size, font: r.font, color: o.color ?? INK });
      at += r.font.widthOfTextAtSize(r.text, size);
    }
  }

  async right(text: string, xRight: number, y: number, size: number, o: { weight?: Weight } = {}) {
    await this.text(text, xRight - (await this.width(text, size, o.weight)), y, size, o);
  }

  async centred(
    text: string,
    cx: number,
    y: number,
    size: number,
    o: { weight?: Weight; color?: ReturnType<typeof rgb> } = {},
  ) {
    await this.text(text, cx - (await this.width(text, size, o.weight)) / 2, y, size, o);
  }

  /** Wraps at any character; returns the lines. */
  async wrap(text: string, width: number, size: number) {
    const lines: string[] = [];
    let line = '';
    for (const ch of text) {
      if (line && (await this.width(line + ch, size)) > width && !'，。、；：）》”'.includes(ch)) {
        lines.push(line);
        line = ch;
      } else line += ch;
    }
    if (line) lines.push(line);
    return lines;
  }
}

const INK = rgb(0.13, 0.13, 0.13);
const GREY = rgb(0.45, 0.45, 0.45);
const RED = rgb(0.66, 0.09, 0.09);
const RULE = rgb(0.6, 0.6, 0.6);

function drawQr(page: PDFPage, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / n;
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.modules.get(r, c))
        page.drawRectangle({
          x: x + c * cell,
          y: y + size - (r + 1) * cell,
          width: cell + 0.05,
          height: cell + 0.05,
          color: rgb(0, 0, 0),
        });
}

const issueDate = (iso: string) => chineseDate(new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString());

/** The certifying sentence, shared with the print page's wording. */
export function statementSentence(s: CreditStatementDetail): string {
  const req =
    s.required == null
      ? ''
      : `（${s.period === 'cycle' ? '周期要求' : '年度最低要求'} ${formatHours(s.required)} ${s.unit}）`;
  return `兹证明 ${s.teacherName}（身份证号 ${s.idMasked}），${s.schoolName}教师，${statementPeriodLabel(s)}参加继续教育，经审核累计计入 ${formatHours(s.counted)} ${s.unit}${req}。`;
}

export async function renderStatementPdf(s: CreditStatementDetail): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(`继续教育学时证明 ${s.number}`);
  doc.setAuthor(s.issuer);
  doc.setCreator('师训 Shixun');
  const W = 595.28;
  const H = 841.89;
  const M = 64;
  let page = doc.addPage([W, H]);
  const w = new Writer(doc, page);
  let y = H - 90;
  await w.centred('继续教育学时证明', W / 2, y, 24, { weight: 700 });
  y -= 26;
  await w.centred(`编号：${s.number}`, W / 2, y, 10, { color: GREY });
  y -= 36;
  for (const line of await w.wrap(statementSentence(s), W - 2 * M, 13)) {
    await w.text(line, M, y, 13);
    y -= 22;
  }
  y -= 8;

  const table = async (title: string, rowsOf: Array<[string, string]>) => {
    await w.text(title, M, y, 12, { weight: 700 });
    y -= 8;
    page.drawLine({ start: { x: M, y }, end: { x: W - M, y }, thickness: 0.6, color: RULE });
    y -= 16;
    for (const [a, b] of rowsOf) {
      await w.text(a, M + 6, y, 11);
      await w.right(b, W - M - 6, y, 11);
      y -= 18;
    }
    y -= 8;
  };
  const u = s.unit;
  if (s.snapshot.byLevel.length)
    await table(
      '按培训级别',
      s.snapshot.byLevel.map((l) => [l.level, `${formatHours(l.counted)} ${u}`]),
    );
  if (s.period === 'cycle')
    await table(
      '按年度',
      s.snapshot.years.map((x) => [`${x.year} 年`, `${formatHours(x.counted)} ${u}`]),
    );
  if (s.snapshot.byCategory.length)
    await table(
      '分类要求',
      s.snapshot.byCategory.map((c) => [
        c.category,
        `${formatHours(c.counted)} ${u}${c.min != null ? `（最低 ${formatHours(c.min)}）` : ''}${c.cap != null ? `（上限 ${formatHours(c.cap)}）` : ''}`,
      ]),
    );

  // The entries: continue on further pages when long, leaving room for the footer on the last.
  await w.text('学时明细', M, y, 12, { weight: 700 });
  y -= 8;
  page.drawLine({ start: { x: M, y }, end: { x: W - M, y }, thickness: 0.6, color: RULE });
  y -= 16;
  const newPage = () => {
    page = doc.addPage([W, H]);
    w.page = page;
    y = H - 80;
  };
  for (const e of s.snapshot.entries) {
    if (y < 60) newPage();
    const src = CREDIT_SOURCE_LABELS[e.source as CreditSource] ?? e.source;
    const title = e.title.length > 26 ? `${e.title.slice(0, 25)}…` : e.title;
    await w.text(e.occurredOn, M + 6, y, 10, { color: GREY });
    await w.text(`${title}（${[e.level, src].filter(Boolean).join('·')}）`, M + 80, y, 10);
    await w.right(`${formatHours(e.counted)}`, W - M - 6, y, 10);
    y -= 16;
  }
  if (!s.snapshot.entries.length) {
    await w.text('（无）', M + 6, y, 10, { color: GREY });
    y -= 16;
  }

  // Footer on the last page (a page of its own when the entries reach its place): QR and issuer.
  if (y < 170) newPage();
  const qr = 78;
  drawQr(page, s.verifyUrl, M, 70, qr);
  const link = doc.context.obj({
    Type: 'Annot',
    Subtype: 'Link',
    Rect: [M, 70, M + qr, 70 + qr],
    Border: [0, 0, 0],
    A: { Type: 'Action', S: 'URI', URI: PDFString.of(s.verifyUrl) },
  });
  page.node.addAnnot(doc.context.register(link));
  await w.text('扫码验证真伪', M + qr + 10, 130, 10, { color: GREY });
  await w.text(s.verifyUrl, M + qr + 10, 112, 8, { color: GREY });
  await w.right(s.issuer, W - M, 130, 13);
  await w.right(issueDate(s.issuedAt), W - M, 108, 13);
  if (s.revoked) {
    await w.centred('已撤销', W / 2, H / 2, 80, { weight: 700, color: rgb(0.85, 0.2, 0.2) });
    await w.centred('本证明已撤销，不再有效', W / 2, H / 2 - 40, 14, { color: RED });
  }
  return doc.save({ useObjectStreams: false });
}
