// The embedded database belongs to one process: a second server on the same data directory (or a
// backup copying it while a server writes) would corrupt it. The server writes its PID into the
// data directory while it runs; the start-up check and the backup script read it.
import fs from 'node:fs';
import path from 'node:path';

export const PID_FILE = 'server.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A PID from before a reboot may since belong to another program: only a Node process counts.
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true; // no /proc (macOS): trust the signal check
  }
}

/** The PID of another live server using this data directory, or null. */
export function serverUsing(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, PID_FILE), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** Records this process as the data directory's user; returns the release. */
export function claimDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, PID_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file);
    } catch {
      // already gone
    }
  };
}
