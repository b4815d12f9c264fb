// Builds the web app (vite) and the server bundle (esbuild) only when their inputs changed since the
// last build. A content hash of the inputs is stored beside the output, so clocks and copies that
// keep or reset mtimes (git clone, rsync) never cause a stale or needless build.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { log, ROOT, runOrThrow } from './util.mjs';

const TARGETS = {
  web: {
    inputs: [
      'web/src',
      'web/public',
      'web/index.html',
      'web/vite.config.ts',
      'web/build',
      'web/package.json',
      'common/src',
      'package-lock.json',
    ],
    output: 'web/dist/index.html',
    stamp: 'web/dist/.build-stamp',
  },
  server: {
    inputs: ['server/src', 'server/build.mjs', 'server/package.json', 'common/src', 'package-lock.json'],
    output: 'server/dist/main.js',
    stamp: 'server/dist/.build-stamp',
  },
};

const isTest = (f) => /\.test\.tsx?$/.test(f);

function listFiles(abs, out) {
  let st;
  try {
    st = fs.statSync(abs);
  } catch {
    return;
  }
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(abs).sort()) {
      if (name === 'node_modules' || name === 'dist') continue;
      listFiles(path.join(abs, name), out);
    }
  } else if (st.isFile() && !isTest(abs)) {
    out.push(abs);
  }
}

export function inputHash(target) {
  const files = [];
  for (const rel of TARGETS[target].inputs) listFiles(path.join(ROOT, rel), files);
  const h = createHash('sha256');
  h.update(process.versions.node.split('.')[0]); // a different Node major may bundle differently
  for (const f of files) {
    h.update(path.relative(ROOT, f));
    h.update('\0');
    h.update(fs.readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex');
}

/** True when the target has no output or its inputs changed since it was built. */
export function isStale(target) {
  const t = TARGETS[target];
  const stamp = path.join(ROOT, t.stamp);
  if (!fs.existsSync(path.join(ROOT, t.output)) || !fs.existsSync(stamp)) return true;
  return fs.readFileSync(stamp, 'utf8').trim() !== inputHash(target);
}

function viteBin() {
  for (const p of ['node_modules/vite/bin/vite.js', 'web/node_modules/vite/bin/vite.js']) {
    if (fs.existsSync(path.join(ROOT, p))) return path.join(ROOT, p);
  }
  throw new Error('vite 未安装 (vite not installed): run npm install');
}

async function build(target) {
  const started = Date.now();
  const hash = inputHash(target);
  if (target === 'web') {
    // NODE_ENV is forced: under vitest (e2e set-up) it is 'test', and React/antd would ship dev builds.
    await runOrThrow(process.execPath, [viteBin(), 'build', '--logLevel', 'warn'], {
      cwd: path.join(ROOT, 'web'),
      env: { ...process.env, NODE_ENV: 'production' },
    });
  } else {
    await runOrThrow(process.execPath, [path.join(ROOT, 'server/build.mjs')], { cwd: path.join(ROOT, 'server') });
  }
  fs.writeFileSync(path.join(ROOT, TARGETS[target].stamp), `${hash}\n`);
  log(`${target} 构建完成 (built) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Builds whatever is stale; `force` rebuilds everything. Returns the targets it built. */
export async function ensureBuilt({ force = false, targets = ['web', 'server'] } = {}) {
  const todo = targets.filter((t) => force || isStale(t));
  if (todo.length === 0) return [];
  log(`构建 (building): ${todo.join(' + ')}`);
  // vite and esbuild in parallel: esbuild takes a second, vite most of the time.
  await Promise.all(todo.map(build));
  return todo;
}
