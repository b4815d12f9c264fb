// `npm run restore`: see server/src/ops/cli.ts. Runs the TypeScript source through tsx.
import { assertNodeVersion } from './lib/node-version.mjs';

assertNodeVersion();

const path = await import('node:path');
const { ensureInstalled } = await import('./lib/install.mjs');
const { ROOT, run } = await import('./lib/util.mjs');

await ensureInstalled();
const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const code = await run(process.execPath, [tsx, 'server/src/ops/cli.ts', 'restore', ...process.argv.slice(2)]);
process.exit(code);
