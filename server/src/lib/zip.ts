// A small .zip writer for files already in memory (batch PDFs): entries are stored, not deflated
// (PDFs are compressed inside), names are UTF-8, and each entry is written out as soon as it is
// added, so only the central directory (a few dozen bytes an entry) is held until the end.
// Up to 65,535 entries and 4 GiB, no ZIP64: far beyond a project's certificates.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';

const MAX_ENTRIES = 0xffff;
const MAX_BYTES = 0xffffffff;

/** MS-DOS date and time (local fields; we write China time, as Windows users there see it). */
function dosTime(d: Date): { time: number; date: number } {
  const t = new Date(d.getTime() + 8 * 3600_000);
  return {
    time: (t.getUTCHours() << 11) | (t.getUTCMinutes() << 5) | Math.floor(t.getUTCSeconds() / 2),
    date: ((t.getUTCFullYear() - 1980) << 9) | ((t.getUTCMonth() + 1) << 5) | t.getUTCDate(),
  };
}

interface Entry {
  name: Buffer;
  crc: number;
  size: number;
  offset: number;
  time: number;
  date: number;
}

export class ZipWriter {
  private entries: Entry[] = [];
  private offset = 0;
  private names = new Set<string>();

  constructor(
    private out: Writable,
    private now = new Date(),
  ) {}

  private async write(b: Buffer | Uint8Array) {
    this.offset += b.length;
    if (!this.out.write(b)) await once(this.out, 'drain');
  }

  /** Adds a file; a name used twice gets ` (2)` before its extension. */
  async add(name: string, data: Uint8Array): Promise<void> {
    if (this.entries.length >= MAX_ENTRIES) throw new Error('zip: too many entries');
    if (this.offset + data.length + 1024 > MAX_BYTES) throw new Error('zip: archive too large');
    let unique = name;
    for (let n = 2; this.names.has(unique); n++) unique = name.replace(/(\.[^.]*)?$/, ` (${n})$1`);
    this.names.add(unique);
    const nameBytes = Buffer.from(unique, 'utf8');
    const crc = zlib.crc32(data) >>> 0;
    const { time, date } = dosTime(this.now);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(0, 8); // stored
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(0, 28);
    this.entries.push({ name: nameBytes, crc, size: data.length, offset: this.offset, time, date });
    await this.write(header);
    await this.write(nameBytes);
    await this.write(data);
  }

  /** Writes the central directory and ends the stream. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(0x031e, 4); // made by: Unix, 3.0
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0800, 8);
      h.writeUInt16LE(0, 10);
      h.writeUInt16LE(e.time, 12);
      h.writeUInt16LE(e.date, 14);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(e.size, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt16LE(0, 30); // extra
      h.writeUInt16LE(0, 32); // comment
      h.writeUInt16LE(0, 34); // disk
      h.writeUInt16LE(0, 36); // internal attributes
      h.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
      h.writeUInt32LE(e.offset, 42);
      await this.write(h);
      await this.write(e.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
    this.out.end();
    await once(this.out, 'finish');
  }
}

/** Reads a stored zip's entries back (tests, and a check of what was written). */
export function readStoredZip(buf: Buffer): Array<{ name: string; data: Buffer; crc: number }> {
  const endAt = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error('zip: no end of central directory');
  const count = buf.readUInt16LE(endAt + 10);
  let at = buf.readUInt32LE(endAt + 16);
  const out: Array<{ name: string; data: Buffer; crc: number }> = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('zip: bad central directory');
    const crc = buf.readUInt32LE(at + 16);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const offset = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const localName = buf.readUInt16LE(offset + 26);
    const localExtra = buf.readUInt16LE(offset + 28);
    const dataAt = offset + 30 + localName + localExtra;
    out.push({ name, data: buf.subarray(dataAt, dataAt + size), crc });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
