// Benchmark: how long a failed sign-in takes for a name that does not exist, an existing account
// with a wrong password, a teacher account not yet activated, and a wrong activation code, on the
// demo county — the answers should not let anyone tell the cases apart by time (each makes one
// argon2 verification). Every request comes from its own address and the back-off counters are
// cleared after each, so the back-off never answers in the password check's place.
//   npx tsx bench/login-timing.ts --db=pglite|postgres
// `npm run bench -- --only=login-timing` runs it for both kinds.
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { one } from '../server/src/db/client.js';
import { fmt, repeat, table } from './lib/measure.js';
import { benchApp, type DbKind, openBench } from './lib/setup.js';

const arg = (name: string, def: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def;
const kind = arg('db', 'pglite') as DbKind;
const N = 40;

export async function main() {
  const b = await openBench(kind);
  const app = await benchApp(b.deps);
  const pending = await one<{ id_enc: string }>(
    b.deps.db,
    sql`select t.id_enc from teachers t join users u on u.teacher_id = t.id
        where u.password_hash is null and not u.disabled order by t.id limit 1`,
  );
  const pendingId = b.deps.cipher.decrypt(pending!.id_enc);
  const unknownId = '110101198001010029'; // valid, and not in the demo county
  let ip = 0;
  const attempt = (path: string, payload: object) => async () => {
    ip++;
    const res = await app.inject({
      method: 'POST',
      url: path,
      remoteAddress: `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`,
      payload,
    });
    if (res.statusCode !== 401) throw new Error(`${path}: expected 401, got ${res.statusCode} ${res.body}`);
    // The same clean-up after every case, so the per-name back-off never answers instead.
    await b.deps.db.execute(sql`delete from login_backoff`);
  };
  const cases: Array<[string, () => Promise<void>]> = [
    ['unknown name', attempt('/api/auth/login', { username: 'no-such-person', password: 'Wrong-pass-1' })],
    ['known name, wrong password', attempt('/api/auth/login', { username: 'school1', password: 'Wrong-pass-1' })],
    ['unknown ID number', attempt('/api/auth/login', { username: unknownId, password: 'Wrong-pass-1' })],
    ['not yet activated (ID number)', attempt('/api/auth/login', { username: pendingId, password: 'Wrong-pass-1' })],
    [
      'activation, wrong code',
      attempt('/api/auth/activate', { username: pendingId, code: 'ABCDE-FGHJK', newPassword: 'Qx7-river-88' }),
    ],
    [
      'activation, unknown name',
      attempt('/api/auth/activate', { username: 'nobody', code: 'ABCDE-FGHJK', newPassword: 'Qx7-river-88' }),
    ],
  ];
  const rows: string[][] = [];
  for (const [name, fn] of cases) {
    const t = await repeat(N, fn);
    rows.push([name, fmt.ms(t.median), fmt.ms(t.max)]);
  }
  console.log(`\nFailed sign-ins on ${kind} (${N} each, ms):`);
  console.log(table(['case', 'median', 'max'], rows));
  await app.close();
  await b.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
