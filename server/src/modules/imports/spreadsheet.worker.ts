// The worker thread that parses uploaded spreadsheets (see sheet-workers.ts): reads the rows within
// the bounds and posts them back in batches; control messages (skip a sheet, stop) are polled
// between batches, so a sheet without a header is not read to its end.
import { type MessagePort, parentPort, receiveMessageOnPort } from 'node:worker_threads';
import type { Cell } from './parse.js';
import { SheetLimitError } from './sheet-limits.js';
import type { ControlMessage, ParseRequest, WorkerMessage } from './sheet-workers.js';
import { type RowSink, readCsvRows, readXlsxRows } from './spreadsheet.js';

/** Small first batches (the header is found at once), then larger ones. */
const batchSize = (sent: number) => (sent < 20 ? 20 : 1000);

function sinkFor(port: MessagePort): RowSink {
  const send = (m: WorkerMessage) => port.postMessage(m);
  let epoch = 0;
  let sheet = -1;
  let skip = false;
  let stopped = false;
  let batch: Array<[number, Cell[]]> = [];
  let sent = 0;
  const poll = () => {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const c = m.message as ControlMessage;
      if (c.t === 'stop') stopped = true;
      else if (c.epoch === epoch && c.sheet === sheet) skip = true;
    }
  };
  const flush = () => {
    if (batch.length) send({ t: 'rows', rows: batch });
    sent += batch.length;
    batch = [];
    poll();
  };
  return {
    sheet(name) {
      sheet++;
      skip = false;
      sent = 0;
      send({ t: 'sheet', name });
    },
    row(n, cells) {
      if (skip || stopped) return false;
      batch.push([n, cells]);
      if (batch.length >= batchSize(sent)) flush();
      return !(skip || stopped);
    },
    endSheet() {
      flush();
      send({ t: 'end' });
      poll();
      return !stopped;
    },
    reset() {
      batch = [];
      epoch++;
      sheet = -1;
      send({ t: 'reset' });
    },
  };
}

parentPort!.on('message', async (req: ParseRequest) => {
  const { port } = req;
  const buffer = Buffer.from(req.buffer.buffer, req.buffer.byteOffset, req.buffer.byteLength);
  try {
    const sink = sinkFor(port);
    if (req.format === 'xlsx') await readXlsxRows(buffer, sink, req.limits);
    else readCsvRows(buffer, sink, req.limits);
    port.postMessage({ t: 'done' } satisfies WorkerMessage);
  } catch (err) {
    const message: WorkerMessage =
      err instanceof SheetLimitError
        ? { t: 'error', code: err.code, message: err.message }
        : { t: 'error', code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
    port.postMessage(message);
  }
  // The main thread closes the channel once it has the last message.
});
