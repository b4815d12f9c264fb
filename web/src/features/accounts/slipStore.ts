// The last batch of account slips, held in this tab's memory only: the codes are shown once (the
// server keeps only their hashes), never written to storage or the URL, and gone on reload.
import type { SlipBatch } from '@shixun/common';

let current: SlipBatch | null = null;

export function keepSlips(batch: SlipBatch | null | undefined) {
  current = batch ?? null;
}

export function currentSlips(): SlipBatch | null {
  return current;
}

export function forgetSlips() {
  current = null;
}
