// Runs vitest with its normal console output plus a JSON report, and counts the results.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, run } from './util.mjs';

const vitestBin = () => path.join(ROOT, 'node_modules/vitest/vitest.mjs');

/**
 * Returns { passed, failed, skipped, code }. A file that failed to load (no test results) or a run
 * that crashed without a report counts as one failure, so it can never pass silently.
 */
export async function runVitest({ label, args = [], env = {} }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-vitest-'));
  const report = path.join(dir, 'report.json');
  const code = await run(
    process.execPath,
    [vitestBin(), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
    { env: { ...process.env, ...env } },
  );
  const result = { label, passed: 0, failed: 0, skipped: 0, code };
  try {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    result.passed = json.numPassedTests ?? 0;
    result.failed = json.numFailedTests ?? 0;
    result.skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
    for (const file of json.testResults ?? []) {
      const failedInside = (file.assertionResults ?? []).some((a) => a.status === 'failed');
      if (file.status === 'failed' && !failedInside) result.failed += 1;
    }
  } catch {
    // no report: vitest crashed before writing one
  }
  if (code !== 0 && result.failed === 0) result.failed = 1;
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}
