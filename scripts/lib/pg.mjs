// A throwaway PostgreSQL cluster for tests and benchmarks: temp dirs, random port, fsync off.
// Postgres refuses to run as root, so as root the cluster runs as the `postgres` user.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, log, warn } from './util.mjs';

/** The directory holding initdb/pg_ctl, or null when PostgreSQL's server binaries are not installed. */
export function findPgBin() {
  // As root the cluster runs as `postgres`; without that user the binaries are of no use.
  if (isRoot() && spawnSync('id', ['-u', 'postgres'], { stdio: 'ignore' }).status !== 0) return null;
  const base = '/usr/lib/postgresql';
  if (fs.existsSync(base)) {
    const versions = fs
      .readdirSync(base)
      .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) return path.join(base, versions[0], 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, 'pg_ctl');
    if (dir && fs.existsSync(p)) {
      // /usr/local/bin/pg_ctl is often a symlink into the real bin directory that has initdb too.
      const real = path.dirname(fs.realpathSync(p));
      if (fs.existsSync(path.join(real, 'initdb'))) return real;
      if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
    }
  }
  return null;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const shq = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

function asPostgres(bin, args, opts = {}) {
  if (!isRoot()) return spawnSync(path.join(bin, args[0]), args.slice(1), { encoding: 'utf8', ...opts });
  const cmd = [path.join(bin, args[0]), ...args.slice(1)].map(shq).join(' ');
  return spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', cmd], { encoding: 'utf8', ...opts });
}

/**
 * Starts a fresh cluster and returns its URL and a synchronous stop() (safe to call twice, and from
 * an exit handler), plus serverStop()/serverStart() that restart PostgreSQL on the same data and port.
 */
export async function startCluster({ bin = findPgBin(), quiet = false } = {}) {
  if (!bin) throw new Error('PostgreSQL server binaries not found');
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-pg-'));
  const data = path.join(base, 'data');
  const sock = path.join(base, 'sock');
  const logFile = path.join(base, 'postgres.log');
  fs.mkdirSync(data, { mode: 0o700 });
  fs.mkdirSync(sock);
  fs.writeFileSync(logFile, '');
  if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', base]);

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (fs.existsSync(path.join(data, 'postmaster.pid'))) {
      asPostgres(bin, ['pg_ctl', '-D', data, '-m', 'immediate', '-w', 'stop'], { stdio: 'ignore' });
    }
    fs.rmSync(base, { recursive: true, force: true });
  };

  try {
    const init = asPostgres(bin, [
      'initdb',
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
    if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`);
    // The port is picked free just before start; retry in the rare case someone grabs it first.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const opts = `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
      const start = asPostgres(bin, ['pg_ctl', '-D', data, '-l', logFile, '-w', '-t', '60', '-o', opts, 'start']);
      if (start.status === 0) {
        const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
        if (!quiet) log(`PostgreSQL (${path.basename(path.dirname(bin))}) 临时集群已启动 (throwaway cluster): ${url}`);
        // Stopping and starting the server while keeping its data: what a PostgreSQL restart
        // (an upgrade, a failover, a reboot) looks like to clients.
        const serverStop = () => {
          const r = asPostgres(bin, ['pg_ctl', '-D', data, '-m', 'fast', '-w', 'stop']);
          if (r.status !== 0) throw new Error(`pg_ctl stop failed:\n${r.stdout}\n${r.stderr}`);
        };
        const serverStart = () => {
          const r = asPostgres(bin, ['pg_ctl', '-D', data, '-l', logFile, '-w', '-t', '60', '-o', opts, 'start']);
          if (r.status !== 0) throw new Error(`pg_ctl start failed:\n${r.stdout}\n${r.stderr}`);
        };
        return { url, port, dir: base, bin, stop, serverStop, serverStart };
      }
      if (attempt >= 3) {
        const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
        throw new Error(`pg_ctl start failed:\n${start.stdout}\n${start.stderr}\n${tail}`);
      }
      warn(`pg_ctl start failed on port ${port}, retrying`);
    }
  } catch (err) {
    stop();
    throw err;
  }
}
