// Four small pictures for the demo county's evidence (a meeting in a classroom: a board, a presenter,
// rows of colleagues), drawn pixel by pixel and encoded as PNG, stored once and shared by the rows.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Deps } from '../../deps.js';
import { createStorage } from '../../lib/storage.js';

export interface StoredPhoto {
  key: string;
  size: number;
  sha256: string;
}

/** Stores the four demo photos once (the same bytes for every run) and returns their keys. */
export async function storePhotos(deps: Pick<Deps, 'config'>): Promise<StoredPhoto[]> {
  const storage = createStorage({ dataDir: deps.config.dataDir, s3: deps.config.s3 ?? undefined });
  await fs.promises.mkdir(storage.tmpDir, { recursive: true });
  const out: StoredPhoto[] = [];
  for (let v = 0; v < 4; v++) {
    const bytes = demoPhoto(v);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = `demo/research-photo-${v + 1}-${sha256.slice(0, 12)}.png`;
    const tmp = path.join(storage.tmpDir, `demo-${process.pid}-${v}.png`);
    await fs.promises.writeFile(tmp, bytes);
    await storage.putFile(key, tmp, { size: bytes.length, sha256, mime: 'image/png' });
    out.push({ key, size: bytes.length, sha256 });
  }
  return out;
}

const PALETTES: Array<{ wall: number[]; board: number[]; desk: number[]; shirt: number[][] }> = [
  {
    wall: [236, 230, 214],
    board: [38, 84, 62],
    desk: [168, 118, 72],
    shirt: [
      [52, 98, 160],
      [190, 70, 60],
      [90, 140, 90],
    ],
  },
  {
    wall: [222, 232, 240],
    board: [40, 60, 80],
    desk: [150, 110, 80],
    shirt: [
      [200, 160, 60],
      [70, 90, 150],
      [160, 80, 120],
    ],
  },
  {
    wall: [240, 228, 220],
    board: [30, 90, 70],
    desk: [180, 140, 100],
    shirt: [
      [80, 80, 80],
      [60, 130, 170],
      [200, 110, 70],
    ],
  },
  {
    wall: [230, 236, 226],
    board: [50, 70, 60],
    desk: [140, 100, 70],
    shirt: [
      [120, 60, 140],
      [50, 120, 110],
      [210, 150, 90],
    ],
  },
];

/**
 * A small picture of a meeting in a classroom (a board, a presenter, rows of colleagues at desks),
 * drawn pixel by pixel and encoded as a PNG (truecolour, no interlace), so the demo's evidence opens.
 */
export function demoPhoto(variant: number, w = 480, h = 320): Buffer {
  const p = PALETTES[variant % PALETTES.length]!;
  const px = Buffer.alloc(w * h * 3);
  const set = (x: number, y: number, c: number[]) => {
    if (x < 0 || y < 0 || x >= w || y >= h) return;
    const o = (y * w + x) * 3;
    px[o] = c[0]!;
    px[o + 1] = c[1]!;
    px[o + 2] = c[2]!;
  };
  const rect = (x0: number, y0: number, x1: number, y1: number, c: number[]) => {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) set(x, y, c);
  };
  const disc = (cx: number, cy: number, r: number, c: number[]) => {
    for (let y = cy - r; y <= cy + r; y++)
      for (let x = cx - r; x <= cx + r; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) set(x, y, c);
  };
  rect(0, 0, w, h, p.wall);
  rect(0, Math.round(h * 0.62), w, h, [196, 184, 166]);
  rect(90 + variant * 8, 30, 390 - variant * 8, 130, p.board);
  rect(84 + variant * 8, 126, 396 - variant * 8, 134, [120, 90, 60]);
  for (let k = 0; k < 5; k++) rect(120 + k * 50, 60 + (k % 2) * 20, 150 + k * 50, 64 + (k % 2) * 20, [220, 230, 220]);
  // The presenter beside the board.
  disc(60, 120, 12, [236, 200, 170]);
  rect(46, 132, 74, 190, p.shirt[0]!);
  // Colleagues at three rows of desks, seen from behind.
  for (let row = 0; row < 3; row++) {
    const y = 190 + row * 42;
    const size = 9 + row * 2;
    for (let k = 0; k < 6; k++) {
      const x = 40 + k * 80 + (row % 2) * 20;
      disc(x, y, size, [40, 32, 28]);
      rect(x - size - 2, y + size - 2, x + size + 2, y + size + 16, p.shirt[(k + row) % 3]!);
    }
    rect(10, y + size + 14, w - 10, y + size + 22, p.desk);
  }
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) px.copy(raw, y * (w * 3 + 1) + 1, y * w * 3, (y + 1) * w * 3);
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let crcTable: Uint32Array | null = null;
function crc32(buf: Buffer): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
