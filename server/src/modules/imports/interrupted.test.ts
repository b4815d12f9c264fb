// kill -9 in the middle of an import: after a restart the job is failed with a message, not
// "running" forever, and nothing of the import was written.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../test/harness.js';
import {
  adminQuery,
  httpLogin,
  type ServerDatabase,
  serverDatabase,
  startServer,
} from '../../../test/server-process.js';
import { INTERRUPTED_MESSAGE, STALE_AFTER_SECONDS } from './jobs.js';

let db: ServerDatabase;
beforeAll(async () => {
  db = await serverDatabase();
});
afterAll(() => db?.dispose());

/** A roster large enough that reading and checking it takes a while. */
function roster(rows: number): string {
  const lines = ['姓名,性别,身份证号,学校,学段,学科,手机号'];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `教师${i},男,${makeIdNumber(i, '19860101', '510681')},第${i % 40}小学,小学,语文,139${String(i).padStart(8, '0')}`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('an import killed with kill -9', () => {
  it('is failed at the next start-up and shown as failed', async () => {
    const first = await startServer(db.env);
    const cookie = await httpLogin(first.url);
    const jobId = randomUUID();
    const form = new FormData();
    form.append('file', new Blob([roster(60_000)], { type: 'text/csv' }), '花名册.csv');
    const upload = fetch(`${first.url}/api/teachers/import?jobId=${jobId}`, {
      method: 'POST',
      headers: { cookie },
      body: form,
    }).catch((err: Error) => err);
    // Kill as soon as the job is running.
    let seen = false;
    for (let i = 0; i < 600 && !seen; i++) {
      const res = await fetch(`${first.url}/api/jobs/${jobId}`, { headers: { cookie } });
      seen = res.status === 200 && ((await res.json()) as { status: string }).status === 'running';
      if (!seen) await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toBe(true);
    await first.kill9();
    expect(await upload).toBeInstanceOf(Error); // the connection died with the process

    if (db.kind === 'postgres') {
      // Another instance's import is only taken for an orphan once its heartbeat is overdue:
      // let that time pass.
      await adminQuery(
        db.databaseUrl!,
        `update jobs set updated_at = now() - interval '${STALE_AFTER_SECONDS + 10} seconds' where id = '${jobId}'`,
      );
    }
    const second = await startServer(db.env);
    try {
      expect(second.output()).toContain('已启动');
      expect(second.output()).toContain('个中断的导入任务标记为失败');
      const cookie2 = await httpLogin(second.url);
      const job = await (await fetch(`${second.url}/api/jobs/${jobId}`, { headers: { cookie: cookie2 } })).json();
      expect(job).toMatchObject({ id: jobId, status: 'failed', message: INTERRUPTED_MESSAGE });
      const list = (await (
        await fetch(`${second.url}/api/jobs?kind=teachers.import`, { headers: { cookie: cookie2 } })
      ).json()) as { items: unknown[] };
      expect(list.items[0]).toMatchObject({ id: jobId, status: 'failed' });
      const teachers = (await (await fetch(`${second.url}/api/teachers`, { headers: { cookie: cookie2 } })).json()) as {
        total: number;
      };
      expect(teachers.total).toBe(0);
    } finally {
      await second.stop();
    }
  }, 240_000);
});
