// Spreadsheets are parsed on worker threads, off the event loop: a large roster takes seconds of
// CPU, and the server must keep answering meanwhile. At most `concurrency` files are parsed at
// once (the others wait), each worker's heap is capped, and a parse that runs too long is stopped;
// a worker that was stopped or ran out of memory is replaced. Rows come back in batches.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { AppError } from '../../http/errors.js';
import type { Cell } from './parse.js';
import type { SheetLimits } from './sheet-limits.js';

/** Worker → main. */
export type WorkerMessage =
  | { t: 'sheet'; name: string | null }
  | { t: 'rows'; rows: Array<[number, Cell[]]> }
  | { t: 'end' }
  | { t: 'reset' }
  | { t: 'done' }
  | { t: 'error'; code: 'FILE_INVALID' | 'FILE_TOO_LARGE' | 'INTERNAL'; message: string };

/** Main → worker, on the same port: skip the rest of sheet n (of reading round `epoch`), or stop. */
export type ControlMessage = { t: 'skip'; epoch: number; sheet: number } | { t: 'stop' };

export interface ParseRequest {
  port: MessagePort;
  buffer: Uint8Array;
  format: 'xlsx' | 'csv';
  limits: SheetLimits;
}

export interface Control {
  skipSheet(): void;
  stop(): void;
}

export interface RowHandlers {
  sheet(name: string | null): void;
  rows(batch: Array<[number, Cell[]]>, control: Control): void;
  endSheet(control: Control): void;
  reset(): void;
}

/** The bundled worker beside dist/main.js, or the TypeScript source through tsx (dev, tests). */
function spawn(limits: SheetLimits): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: limits.workerHeapMb };
  const bundled = new URL('./spreadsheet.worker.js', import.meta.url);
  if (fs.existsSync(fileURLToPath(bundled))) return new Worker(bundled, { resourceLimits });
  return new Worker(new URL('./spreadsheet.worker-boot.mjs', import.meta.url), {
    resourceLimits,
    workerData: { entry: new URL('./spreadsheet.worker.ts', import.meta.url).href },
  });
}

const IDLE_MS = 30_000;
interface Idle {
  worker: Worker;
  timer: NodeJS.Timeout;
  heapMb: number;
}
const idle: Idle[] = [];
const heapOf = new WeakMap<Worker, number>();
const waiting: Array<() => void> = [];
let running = 0;

async function acquire(limits: SheetLimits): Promise<Worker> {
  while (running >= limits.concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  const i = idle.findIndex((e) => e.heapMb === limits.workerHeapMb);
  if (i >= 0) {
    const [spare] = idle.splice(i, 1);
    clearTimeout(spare!.timer);
    spare!.worker.ref();
    return spare!.worker;
  }
  try {
    const worker = spawn(limits);
    heapOf.set(worker, limits.workerHeapMb);
    return worker;
  } catch (err) {
    running--;
    waiting.shift()?.();
    throw err;
  }
}

/** Back to the pool (a healthy worker), or gone (one that was stopped or failed). */
function release(worker: Worker, healthy: boolean) {
  running--;
  if (healthy) {
    worker.unref(); // an idle worker never keeps the process alive
    const entry: Idle = { worker, heapMb: heapOf.get(worker) ?? 0, timer: setTimeout(() => retire(entry), IDLE_MS) };
    entry.timer.unref();
    idle.push(entry);
  } else {
    void worker.terminate();
  }
  waiting.shift()?.();
}

function retire(entry: Idle) {
  const i = idle.indexOf(entry);
  if (i >= 0) idle.splice(i, 1);
  void entry.worker.terminate();
}

/** Parses `buffer` on a worker, handing its rows to `handlers`; rejects with an AppError. */
export async function parseInWorker(
  buffer: Buffer,
  format: 'xlsx' | 'csv',
  limits: SheetLimits,
  handlers: RowHandlers,
): Promise<void> {
  const worker = await acquire(limits);
  const { port1, port2 } = new MessageChannel();
  let epoch = 0;
  let sheet = -1;
  const control: Control = {
    skipSheet: () => port1.postMessage({ t: 'skip', epoch, sheet } satisfies ControlMessage),
    stop: () => port1.postMessage({ t: 'stop' } satisfies ControlMessage),
  };
  let healthy = true;
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (err: AppError, broken: boolean) => {
        if (broken) healthy = false;
        cleanup();
        reject(err);
      };
      const timer = setTimeout(
        () =>
          fail(
            new AppError(
              'FILE_TOO_LARGE',
              `文件解析超时（超过 ${Math.round(limits.timeoutMs / 1000)} 秒），请分成几个较小的文件导入`,
            ),
            true,
          ),
        limits.timeoutMs,
      );
      const onError = (err: Error & { code?: string }) =>
        fail(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new AppError(
                'FILE_TOO_LARGE',
                `文件内容过多或过于复杂，解析时超出了服务器的内存上限（${limits.workerHeapMb} MB），请分成几个较小的文件导入`,
              )
            : new AppError('INTERNAL', `解析文件时出错：${err.message}`),
          true,
        );
      const onExit = () => fail(new AppError('INTERNAL', '解析文件的工作线程意外退出'), true);
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('error', onError);
        worker.off('exit', onExit);
        port1.close();
      };
      worker.on('error', onError);
      worker.on('exit', onExit);
      port1.on('message', (m: WorkerMessage) => {
        try {
          switch (m.t) {
            case 'sheet':
              sheet++;
              handlers.sheet(m.name);
              break;
            case 'rows':
              handlers.rows(m.rows, control);
              break;
            case 'end':
              handlers.endSheet(control);
              break;
            case 'reset':
              epoch++;
              sheet = -1;
              handlers.reset();
              break;
            case 'done':
              cleanup();
              resolve();
              break;
            case 'error':
              fail(new AppError(m.code, m.message), m.code === 'INTERNAL');
              break;
          }
        } catch (err) {
          fail(err instanceof AppError ? err : new AppError('INTERNAL', String(err)), true);
        }
      });
      // The upload is copied, not transferred: callers read it again (the error report). A view
      // into a larger allocation is cut out first, or the whole allocation would be copied.
      const own = buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength;
      const request: ParseRequest = { port: port2, buffer: own ? buffer : buffer.slice(), format, limits };
      worker.postMessage(request, [port2]);
    });
  } finally {
    release(worker, healthy);
  }
}
