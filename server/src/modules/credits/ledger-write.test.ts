// writeLedger is the only way to write ledger rows: no other file of the server inserts into,
// updates, deletes from or copies into credit_ledger (the credit totals would silently go wrong).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SERVER_SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WRITE = /\b(insert\s+into|update|delete\s+from|copy)\s+"?credit_ledger"?[\s(]/i;

const BULK = /\binsert\w*\(\s*\w+,\s*['"`]credit_ledger['"`]/i;

function* sources(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.(ts|mts|js|mjs)$/.test(e.name)) yield p;
  }
}

describe('the ledger has one writer', () => {
  it('no file but credits/ledger-write.ts writes credit_ledger rows', () => {
    const offenders: string[] = [];
    for (const file of sources(SERVER_SRC)) {
      if (file.endsWith(path.join('credits', 'ledger-write.ts')) || file === fileURLToPath(import.meta.url)) continue;
      const text = fs.readFileSync(file, 'utf8');
      text.split('\n').forEach((line, i) => {
        if (WRITE.test(line)) offenders.push(`${path.relative(SERVER_SRC, file)}:${i + 1}: ${line.trim()}`);
      });
      // A bulk-insert helper given the table's name (the seeds' insertMany) writes it just the same.
      if (BULK.test(text)) offenders.push(`${path.relative(SERVER_SRC, file)}: a bulk insert into credit_ledger`);
    }
    expect(offenders, 'post hours with writeLedger (modules/credits/ledger-write.ts) instead').toEqual([]);
  });
});
