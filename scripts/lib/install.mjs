// Installs dependencies when they are missing or older than the lockfile.
import fs from 'node:fs';
import path from 'node:path';
import { log, ROOT, runOrThrow } from './util.mjs';

const lockfile = path.join(ROOT, 'package-lock.json');
const installedLock = path.join(ROOT, 'node_modules', '.package-lock.json');

function mtime(p) {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}

/** Why an install is needed, or null when node_modules is up to date. */
export function installReason() {
  if (!fs.existsSync(path.join(ROOT, 'node_modules'))) return 'node_modules 不存在 (node_modules missing)';
  if (!fs.existsSync(installedLock)) return 'node_modules 不完整 (node_modules incomplete)';
  if (fs.existsSync(lockfile) && mtime(lockfile) > mtime(installedLock))
    return 'package-lock.json 已更新 (package-lock.json changed)';
  return null;
}

export async function ensureInstalled() {
  const reason = installReason();
  if (!reason) return false;
  // `npm ci` is exact and fast on a fresh clone; with an existing tree `npm install` keeps it.
  const fresh = !fs.existsSync(path.join(ROOT, 'node_modules'));
  const args = fresh && fs.existsSync(lockfile) ? ['ci'] : ['install'];
  log(`安装依赖 (installing dependencies): ${reason} → npm ${args[0]}`);
  const started = Date.now();
  await runOrThrow('npm', [...args, '--no-audit', '--no-fund']);
  // npm may leave the lockfile untouched-but-newer; mark the install as current so we don't loop.
  if (fs.existsSync(installedLock)) {
    const now = new Date();
    fs.utimesSync(installedLock, now, now);
  }
  log(`依赖已安装 (installed) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
