// Small helpers shared by the npm scripts. Plain Node, no dependencies: they run before `npm install`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const isCI = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const isWin = process.platform === 'win32';

export const log = (msg) => console.log(`\x1b[36m[shixun]\x1b[0m ${msg}`);
export const warn = (msg) => console.warn(`\x1b[33m[shixun]\x1b[0m ${msg}`);

/** Children still running, so a ctrl-C can stop them before the cleanup runs. */
export const children = new Set();

/** Runs a command with inherited stdio; resolves with its exit code (signals map to 128+n style 1). */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', shell: isWin && cmd === 'npm', ...opts });
    children.add(child);
    child.on('error', (err) => {
      children.delete(child);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** Runs a command and throws when it fails. */
export async function runOrThrow(cmd, args, opts = {}) {
  const code = await run(cmd, args, opts);
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${code}`);
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export const exists = (p) => fs.existsSync(path.resolve(ROOT, p));

export function formatSeconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}
