// Development and tests: the spreadsheet worker runs from its TypeScript source through tsx
// (the built server bundles it as dist/spreadsheet.worker.js instead).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
