// `npm start`: from a fresh clone to a running server with one command. Installs dependencies when
// needed, builds the web app and the server when their sources changed, then runs the server
// (which migrates, seeds the demo county on first run and prints the logins).
// Plain Node with no dependencies: it runs before `npm install`.
import { assertNodeVersion } from './lib/node-version.mjs';

assertNodeVersion();

const { spawn } = await import('node:child_process');
const path = await import('node:path');
const { ensureInstalled } = await import('./lib/install.mjs');
const { ensureBuilt } = await import('./lib/build.mjs');
const { log, ROOT } = await import('./lib/util.mjs');

const force = process.argv.includes('--rebuild');

try {
  await ensureInstalled();
  await ensureBuilt({ force });
} catch (err) {
  console.error(`\n启动失败 (start failed): ${err.message}`);
  process.exit(1);
}

log('启动服务 (starting the server)…');
// The environment passes through unchanged: PORT, HOST, DATABASE_URL, SHIXUN_* …
const server = spawn(process.execPath, ['--enable-source-maps', path.join(ROOT, 'server/dist/main.js')], {
  cwd: ROOT,
  stdio: 'inherit',
  env: process.env,
});
// Forward stop signals so the server closes its database cleanly; exit with its code.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (server.exitCode === null) server.kill(sig);
  });
}
server.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 0 : 1));
});
