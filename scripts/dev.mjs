// `npm run dev`: the API with reload on change (tsx watch, port 3000) and the Vite dev server
// (port 5173, proxies /api to 3000). Ctrl-C stops both.
import { assertNodeVersion } from './lib/node-version.mjs';

assertNodeVersion();

const path = await import('node:path');
const { ensureInstalled } = await import('./lib/install.mjs');
const { children, log, ROOT, run } = await import('./lib/util.mjs');

await ensureInstalled();

const bin = (p) => path.join(ROOT, 'node_modules', p);
const env = { ...process.env, PORT: process.env.PORT ?? '3000' };
log(`API: http://localhost:${env.PORT}   web: http://localhost:5173`);

const stopAll = () => {
  for (const c of children) c.kill('SIGTERM');
};
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, stopAll);

const codes = await Promise.all([
  run(process.execPath, [bin('tsx/dist/cli.mjs'), 'watch', '--clear-screen=false', 'server/src/main.ts'], { env }).then(
    (c) => {
      stopAll();
      return c;
    },
  ),
  run(process.execPath, [bin('vite/bin/vite.js')], { cwd: path.join(ROOT, 'web'), env }).then((c) => {
    stopAll();
    return c;
  }),
]);
process.exit(codes.find((c) => c !== 0) ?? 0);
